"""The terminal side of the interview: the only module that imports questionary.

`unsafe_ask` is used throughout so that Ctrl-C reaches `coopfound init`, which says where
the answers were saved, instead of questionary printing "Cancelled" and returning None.

Everything shown is fitted to the terminal's width by us, at spaces: a terminal left to
wrap a long prompt or choice cuts it mid-word, and questionary's one-line error bar is cut
off altogether on a narrow screen.
"""

from __future__ import annotations

import shutil
import sys
import textwrap
import time
from collections.abc import Callable, Sequence
from typing import Any

import questionary

from coopfound.console import say, show_table
from coopfound.interview.questions import Choice

#: Room kept beside a prompt for questionary's own marks: "? " before, "(y/n)" after.
_PROMPT_MARGIN = 10
#: Room kept beside a choice for the pointer and a checkbox.
_CHOICE_MARGIN = 8


def _columns() -> int:
    return max(30, shutil.get_terminal_size((100, 30)).columns)


def fitted(text: str, margin: int) -> str:
    """`text` folded at spaces so that no line, with `margin` beside it, is cut. An
    indented line (an answer in the review) keeps its continuation lines indented."""
    indent = " " * (len(text) - len(text.lstrip(" ")))
    return "\n".join(textwrap.wrap(text, width=_columns() - margin, break_long_words=True,
                                   break_on_hyphens=False, initial_indent="",
                                   subsequent_indent=indent + "  " if indent else "")) or text


def _own_line(prompt: str) -> str:
    """The prompt, folded, with the answer (typed, chosen or y/n) on a line of its own
    below it: together they would run past the edge of a narrow screen."""
    return fitted(prompt, _PROMPT_MARGIN) + "\n "


def _one_line(text: str, room: int) -> str:
    return text if len(text) <= room else text[: room - 1].rstrip() + "…"


def _discard_typeahead() -> None:
    """Keys typed after a single-key answer ("yes" after y) must not fall into the next
    question. Wait a moment for them to arrive, then drop them."""
    try:
        import termios

        time.sleep(0.15)
        termios.tcflush(sys.stdin.fileno(), termios.TCIFLUSH)
    except (ImportError, OSError, ValueError):
        pass  # not a POSIX terminal: nothing to flush


class TerminalAsker:
    def say(self, text: str, style: str | None = None) -> None:
        # Folded one column short of the edge: a line that reaches the last column is
        # then always one the terminal broke, which the screen test can see.
        say("\n".join(fitted(line, 1) if line else "" for line in text.split("\n")),
            style=style)

    def height(self) -> int:
        return shutil.get_terminal_size((100, 30)).lines

    def width(self) -> int:
        return _columns()

    def table(self, title: str, headers: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
        show_table(title, headers, rows, width=_columns() - 1)

    def text(self, prompt: str, default: str, check: Callable[[str], str | None]) -> str:
        # The suggestion is shown on a line of its own, not pre-typed (typing "100" over a
        # pre-typed "1" made "1100") and not after the prompt (it stayed there, beside the
        # answer, after answering). A problem is said in full, wrapped, and asked again.
        if default:
            self.say(f"Press Enter for: {default}", style="dim")
        while True:
            # The answer is typed on a line of its own, so that prompt and answer together
            # never run past the edge of the screen.
            answer = str(questionary.text(_own_line(prompt)).unsafe_ask())
            value = answer.strip() or default
            problem = check(value)
            if problem is None:
                return value
            self.say(f"Not that: {problem}", style="red")

    def _titles(self, choices: Sequence[Choice]) -> list[str]:
        """Each choice's title, on one line: where a label is too long for the screen, the
        labels are said in full above the list and the list shows their short names (a
        title folded over lines is printed garbled as the answer)."""
        room = _columns() - _CHOICE_MARGIN
        if all(len(c.label) <= room for c in choices):
            return [c.label for c in choices]
        for choice in choices:
            if ":" in choice.label:
                self.say("• " + choice.label, style="dim")
        return [_one_line(c.label.split(":", 1)[0], room) for c in choices]

    def select(self, prompt: str, choices: Sequence[Choice], default: Any) -> Any:
        options = [questionary.Choice(title=title, value=c.value)
                   for title, c in zip(self._titles(choices), choices, strict=True)]
        chosen = next((o for o in options if o.value == default), options[0])
        return questionary.select(_own_line(prompt), choices=options, default=chosen,
                                  instruction=" ").unsafe_ask()

    def confirm(self, prompt: str, default: bool) -> bool:
        # One key answers: y or n (Enter takes the default shown in capitals).
        answer = bool(questionary.confirm(_own_line(prompt), default=default,
                                          auto_enter=True).unsafe_ask())
        _discard_typeahead()
        return answer

    def checkbox(self, prompt: str, choices: Sequence[Choice],
                 default: Sequence[str]) -> list[Any]:
        options = [questionary.Choice(title=title, value=c.value,
                                      checked=str(c.value) in default)
                   for title, c in zip(self._titles(choices), choices, strict=True)]
        self.say("Space ticks or unticks; Enter when done.", style="dim")
        return list(questionary.checkbox(_own_line(prompt), choices=options,
                                         instruction=" ").unsafe_ask())
