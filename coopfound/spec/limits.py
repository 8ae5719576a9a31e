"""How large a spec and its values may be: generous for any real co-op, and checked first.

A spec is a short text file that founders write. Bounding it before anything is built
means a damaged or hostile file (a 50 MB paste, YAML aliases that expand a thousandfold, a
number of thousands of digits) ends at once with a located error instead of using all the
memory. These are coopfound's limits, not the law's: the FCA's own limits are looser or
unstated, and a real spec stays far inside every one of them.
"""

from __future__ import annotations

#: The largest spec file. The examples are under 10 KB.
MAX_FILE_BYTES = 1024 * 1024
#: Values in a spec once YAML aliases (`*name`) are expanded. The examples have about 300.
MAX_NODES = 20_000
#: How deeply a spec's values may nest. The spec's own shape is five levels deep.
MAX_DEPTH = 20
#: The longest number, in characters: money has at most 12 digits.
MAX_NUMBER_CHARS = 30
#: The longest single value of any kind, a backstop for keys and unknown fields.
MAX_SCALAR_CHARS = 10_000

#: The longest name: of the society, of a member class, of a person. It has to fit on a
#: share certificate and a register line.
NAME_MAX = 160
#: The longest line: one line of an address, a service, the area served.
LINE_MAX = 300
#: The longest free text: an eligibility rule, the mission, who benefits.
TEXT_MAX = 2_000
#: The most items in a list of lines (address lines, services).
LINES_MAX = 20
#: The most member classes and founding members.
CLASSES_MAX = 12
FOUNDERS_MAX = 1_000


def shortened(text: str, limit: int = 60) -> str:
    """A value short enough to quote in an error message."""
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"
