"""The terminal side of the interview: the only module that imports questionary.

`unsafe_ask` is used throughout so that Ctrl-C reaches `coopfound init`, which says where
the answers were saved, instead of questionary printing "Cancelled" and returning None.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import questionary

from coopfound.console import say
from coopfound.questions import Choice


class TerminalAsker:
    def say(self, text: str, style: str | None = None) -> None:
        say(text, style=style)

    def text(self, prompt: str, default: str, check: Callable[[str], str | None]) -> str:
        def validate(text: str) -> bool | str:
            problem = check(text)
            return True if problem is None else problem

        answer = questionary.text(prompt, default=default, validate=validate).unsafe_ask()
        return str(answer)

    def select(self, prompt: str, choices: Sequence[Choice], default: Any) -> Any:
        options = [questionary.Choice(title=c.label, value=c.value) for c in choices]
        chosen = next((o for o in options if o.value == default), options[0])
        return questionary.select(prompt, choices=options, default=chosen).unsafe_ask()

    def confirm(self, prompt: str, default: bool) -> bool:
        return bool(questionary.confirm(prompt, default=default).unsafe_ask())

    def checkbox(self, prompt: str, choices: Sequence[Choice],
                 default: Sequence[str]) -> list[Any]:
        options = [questionary.Choice(title=c.label, value=c.value,
                                      checked=str(c.value) in default) for c in choices]
        return list(questionary.checkbox(prompt, choices=options).unsafe_ask())
