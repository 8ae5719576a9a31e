"""Table columns sized to what they hold, so that no word is broken across two lines.

A Word table with equal columns breaks long words in narrow columns ("Nominati-on",
"Shirehampto-n") and wastes width on short ones. Word and LibreOffice can fit columns to
their text themselves, but they do not agree on how, and LibreOffice keeps the widths
the file gives. So coopfound sizes the columns itself, the way a browser lays out an
automatic table: each column is at least as wide as its longest word and, where the page
allows, as wide as its longest line.

Text is measured with the advance widths of Liberation Sans, the documents' font, which
is metric-compatible with Arial (what Word uses in its place): a width measured here is
the width printed by either.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

TWIPS_PER_POINT = 20

#: Advance widths of Liberation Sans for the printable ASCII characters, space (32) to
#: tilde (126), in thousandths of an em: regular, then bold.
_ASCII_REGULAR = (
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278,
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556,
    1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778,
    667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556,
    333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556,
    556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584)
_ASCII_BOLD = (
    278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278,
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 333, 333, 584, 584, 584, 611,
    975, 722, 722, 722, 722, 667, 611, 778, 722, 278, 556, 722, 611, 833, 722, 778,
    667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 333, 278, 333, 584, 556,
    333, 556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556, 278, 889, 611, 611,
    611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389, 280, 389, 584)
#: Characters outside ASCII that documents use, (regular, bold). Accented letters (the
#: Welsh ŵ and ŷ, â, é, ...) are as wide as their base letter, and are measured as it.
_OTHERS = {"£": (556, 556), "\u2018": (222, 278), "\u2019": (222, 278),
           "\u201c": (333, 500), "\u201d": (333, 500), "\u2013": (556, 556),
           "\u2014": (1000, 1000), "\u2026": (1000, 1000), "\u00a0": (278, 278)}
#: Anything else is taken as a full em: too wide is a little waste, too narrow a broken word.
_UNKNOWN = 1000


def _char_width(char: str, bold: bool) -> int:
    code = ord(char)
    if 32 <= code <= 126:
        return (_ASCII_BOLD if bold else _ASCII_REGULAR)[code - 32]
    if char in _OTHERS:
        return _OTHERS[char][bold]
    base = unicodedata.normalize("NFKD", char)[:1]
    if base and base != char and 32 <= ord(base) <= 126:
        return _char_width(base, bold)
    return _UNKNOWN


def text_width(text: str, size_pt: float, *, bold: bool = False) -> float:
    """How wide `text` prints on one line, in points."""
    return sum(_char_width(char, bold) for char in text) * size_pt / 1000


@dataclass(frozen=True)
class Cell:
    text: str
    bold: bool = False


#: Besides its text and its cells' padding, a column needs its share of the borders and a
#: point to spare for a renderer that rounds differently.
_BORDERS_AND_SLACK_TWIPS = 10 + 20


@dataclass(frozen=True)
class ColumnNeeds:
    """A column's narrowest acceptable width (its longest word) and its natural width (its
    longest line, unbroken), in twips."""

    narrowest: int
    natural: int


def column_needs(cells: Sequence[Cell], size_pt: float, padding_twips: int) -> ColumnNeeds:
    """What one column's cells need, set at `size_pt` with `padding_twips` of padding on
    each side of the text."""
    words = [(word, cell.bold) for cell in cells for word in cell.text.split()]
    longest_word = max((text_width(w, size_pt, bold=b) for w, b in words), default=0.0)
    longest_line = max((text_width(" ".join(c.text.split()), size_pt, bold=c.bold)
                        for c in cells), default=0.0)
    extra = 2 * padding_twips + _BORDERS_AND_SLACK_TWIPS
    return ColumnNeeds(narrowest=_twips(longest_word) + extra,
                       natural=_twips(longest_line) + extra)


def _twips(points: float) -> int:
    return int(points * TWIPS_PER_POINT + 0.999)


def fit_columns(needs: Sequence[ColumnNeeds], available: int) -> list[int] | None:
    """Widths in twips that fill `available`, each at least its column's narrowest, or
    None when the longest words alone are wider than the page.

    When every line fits unbroken, the spare width goes to each column in proportion to
    its natural width, so the table spans the page and blank columns keep room to write
    in. Otherwise each column gets its narrowest, and the rest is shared out in proportion
    to how much more each would take to hold its lines unbroken.
    """
    narrowest = sum(n.narrowest for n in needs)
    if not needs or narrowest > available:
        return None
    natural = sum(n.natural for n in needs)
    if natural <= available:
        shares = [n.natural / natural * available for n in needs]
    else:
        wanted = [n.natural - n.narrowest for n in needs]
        spare = available - narrowest
        shares = [n.narrowest + spare * more / sum(wanted)
                  for n, more in zip(needs, wanted, strict=True)]
    widths = [int(share) for share in shares]
    # Rounding down leaves a few twips over (fewer than there are columns): give them to
    # the widest columns, so that the table is exactly as wide as the text.
    left_over = available - sum(widths)
    for index in sorted(range(len(widths)), key=lambda i: -widths[i])[:left_over]:
        widths[index] += 1
    return widths
