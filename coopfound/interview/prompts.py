"""The terminal side of the interview: the only module that imports questionary.

`unsafe_ask` is used throughout so that Ctrl-C reaches `coopfound init`, which says where
the answers were saved, instead of questionary printing "Cancelled" and returning None.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import questionary

from coopfound.console import say
from coopfound.interview.questions import Choice


class TerminalAsker:
    def say(self, text: str, style: str | None = None) -> None:
        say(text, style=style, wrap=True)

    def text(self, prompt: str, default: str, check: Callable[[str], str | None]) -> str:
        # The suggestion is shown, not pre-typed: pre-filled text made "100" typed over a
        # suggested "1" become "1100". An empty answer takes the suggestion.
        def validate(text: str) -> bool | str:
            problem = check(text.strip() or default)
            return True if problem is None else problem

        instruction = f"(Enter for: {default})" if default else None
        answer = questionary.text(prompt, validate=validate, instruction=instruction,
                                  validate_while_typing=False).unsafe_ask()
        return str(answer).strip() or default

    def select(self, prompt: str, choices: Sequence[Choice], default: Any) -> Any:
        options = [questionary.Choice(title=c.label, value=c.value) for c in choices]
        chosen = next((o for o in options if o.value == default), options[0])
        return questionary.select(prompt, choices=options, default=chosen).unsafe_ask()

    def confirm(self, prompt: str, default: bool) -> bool:
        # auto_enter=False: typing "yes" must not answer on the "y" and leave "es" to
        # fall into the next question.
        return bool(questionary.confirm(prompt, default=default, auto_enter=False).unsafe_ask())

    def checkbox(self, prompt: str, choices: Sequence[Choice],
                 default: Sequence[str]) -> list[Any]:
        options = [questionary.Choice(title=c.label, value=c.value,
                                      checked=str(c.value) in default) for c in choices]
        return list(questionary.checkbox(prompt, choices=options).unsafe_ask())
