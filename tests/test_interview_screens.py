"""A whole interview in a real pseudo-terminal 60 columns wide, read screen by screen the
way a founder sees it (a terminal emulator, pyte, draws what coopfound prints).

Nothing may be cut: a line that fills the width and runs on into the next one mid-word is
text the terminal broke, not coopfound. Nonsense answers are refused in plain words.
"""

from __future__ import annotations

import itertools
import os
import re
import sys
from pathlib import Path

import pexpect
import pyte
import pytest

from coopfound.spec.loader import load_spec

pytestmark = pytest.mark.slow

COLUMNS, ROWS = 60, 30
ENTER = "\r"

#: What the founder types, by words of the question; several answers are used in turn.
TYPED: dict[str, list[str]] = {
    "full name?": ["Valley Care Co-operative Limited"],
    "registered office address?": ["?", "Unit 2, Mill Road, Hebden Bridge"],
    "its postcode?": ["HX7 8AD"],
    "area will it serve?": ["Calderdale & Kirklees"],
    "value of one share": ["0", "1"],
    "Founding member's full name?": ["Ann Jones", "Bilal Shah", "Carys Evans"],
    "postal address, on one line?": ["1 Mill Lane, Hebden Bridge HX7 6AA",
                                     "2 Mill Lane, Hebden Bridge HX7 6AA",
                                     "3 Mill Lane, Hebden Bridge HX7 6AA"],
    "founding meeting be?": ["15 March 2027"],
}


class Terminal:
    """The child's output drawn on a 60-column screen; every screen shown is kept."""

    def __init__(self, tmp_path: Path) -> None:
        env = {**os.environ, "PROMPT_TOOLKIT_NO_CPR": "1", "TERM": "xterm",
               "NO_COLOR": "1", "COLUMNS": str(COLUMNS), "LINES": str(ROWS)}
        self.child = pexpect.spawn(sys.executable, ["-m", "coopfound", "init", "--out",
                                                    "coop.yaml"], cwd=str(tmp_path), env=env,
                                   encoding="utf-8", timeout=30, dimensions=(ROWS, COLUMNS))
        self.screen = pyte.Screen(COLUMNS, ROWS)
        self.stream = pyte.Stream(self.screen)
        self.screens: list[list[str]] = []
        self.transcript = ""

    def settle(self) -> bool:
        """Read until the program waits for input; False once it has ended."""
        alive = True
        while True:
            try:
                data = self.child.read_nonblocking(65536, timeout=0.6)
            except pexpect.TIMEOUT:
                break
            except pexpect.EOF:
                alive = False
                break
            self.transcript += data
            self.stream.feed(data)
        self.screens.append(list(self.screen.display))
        return alive

    def prompt(self) -> str:
        """The question being asked: from the last line starting '? ' to the screen's end."""
        lines = [line.rstrip() for line in self.screen.display]
        starts = [i for i, line in enumerate(lines) if line.startswith("? ")]
        return " ".join(lines[starts[-1]:]) if starts else ""


def cut_lines(screen: list[str]) -> list[str]:
    """Lines the terminal broke mid-word: full to the last column, a letter there, and a
    letter straight after on the next line (tables' box lines excepted)."""
    found = []
    for line, following in itertools.pairwise(screen):
        if (len(line.rstrip()) == COLUMNS and line[-1].isalpha() and following[:1].isalpha()
                and not re.search("[│┃]", line)):
            found.append(f"{line!r} / {following!r}")
    return found


def test_a_whole_interview_at_60_columns_cuts_nothing_and_refuses_nonsense(
        tmp_path: Path) -> None:
    terminal = Terminal(tmp_path)
    typed = {key: list(values) for key, values in TYPED.items()}
    for _ in range(400):
        if not terminal.settle():
            break
        question = terminal.prompt()
        key = next((k for k in typed if k in question and typed[k]), None)
        terminal.child.send((typed[key].pop(0) if key else "") + ENTER)
    else:
        pytest.fail("the interview did not finish in 400 answers")
    terminal.child.close()
    assert terminal.child.exitstatus == 0, terminal.transcript[-2000:]

    cut = [line for screen in terminal.screens for line in cut_lines(screen)]
    assert not cut, cut[:5]
    transcript = " ".join(terminal.transcript.split())
    assert "'?' does not look like an address" in transcript
    assert "it must be more than 0" in transcript
    # No check codes for founders in the interview (the check report after it keeps them).
    assert "(CF" not in transcript.split("Wrote coop.yaml")[0]
    assert not any(t for t in typed.values()), typed  # every typed answer was asked for

    spec = load_spec(tmp_path / "coop.yaml").spec
    assert spec.society.registered_office.address == ["Unit 2", "Mill Road", "Hebden Bridge"]
    assert spec.shares.value == 1 and str(spec.founding_meeting_date) == "2027-03-15"
    assert spec.objects.area == "Calderdale & Kirklees"
