"""An asker that answers from a script, as a founder would, and records what it was shown."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from coopfound.interview.questions import Choice


class Interrupt(KeyboardInterrupt):
    """Ctrl-C at a chosen question."""


class ScriptedAsker:
    """`script` maps a prompt (or the start of one) to its answers, in the order given.

    A prompt not in the script takes its default, as pressing Enter would. A text answer
    that fails its check is recorded in `rejected` and the next scripted answer is used,
    as questionary re-asks in place.
    """

    def __init__(self, script: dict[str, list[Any]] | None = None,
                 interrupt_at: str | None = None, occurrence: int = 1,
                 lines: int = 40) -> None:
        self.lines = lines
        self.script = {k: list(v) for k, v in (script or {}).items()}
        self.interrupt_at = interrupt_at
        self.occurrence = occurrence
        self.asked: list[str] = []
        self.said: list[str] = []
        self.rejected: list[tuple[str, str]] = []
        self.choices_seen: dict[str, list[Any]] = {}

    def _next(self, prompt: str) -> tuple[bool, Any]:
        self.asked.append(prompt)
        if self.interrupt_at and prompt.startswith(self.interrupt_at):
            seen = sum(1 for p in self.asked if p.startswith(self.interrupt_at))
            if seen == self.occurrence:
                raise Interrupt
        for key, answers in self.script.items():
            if prompt.startswith(key) and answers:
                return True, answers.pop(0)
        return False, None

    def say(self, text: str, style: str | None = None) -> None:
        self.said.append(text)

    def table(self, title: str, headers: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
        self.said.append("\n".join([title, " | ".join(headers),
                                    *(" | ".join(row) for row in rows)]))

    def height(self) -> int:
        return self.lines

    def width(self) -> int:
        return 100

    def text(self, prompt: str, default: str, check: Callable[[str], str | None]) -> str:
        while True:
            scripted, answer = self._next(prompt)
            answer = str(answer) if scripted else default
            problem = check(answer)
            if problem is None:
                return answer
            self.rejected.append((prompt, problem))
            if not scripted:
                raise AssertionError(f"no valid answer scripted for {prompt!r}: {problem}")

    def select(self, prompt: str, choices: Sequence[Choice], default: Any) -> Any:
        self.choices_seen[prompt] = [c.value for c in choices]
        scripted, answer = self._next(prompt)
        value = answer if scripted else default
        assert value in [c.value for c in choices], (prompt, value)
        return value

    def confirm(self, prompt: str, default: bool) -> bool:
        scripted, answer = self._next(prompt)
        return bool(answer) if scripted else default

    def checkbox(self, prompt: str, choices: Sequence[Choice],
                 default: Sequence[str]) -> list[Any]:
        self.choices_seen[prompt] = [c.value for c in choices]
        scripted, answer = self._next(prompt)
        chosen = list(answer) if scripted else [c.value for c in choices
                                                 if str(c.value) in default]
        assert all(v in [c.value for c in choices] for v in chosen), (prompt, chosen)
        return chosen


#: Answers a founder must type because they have no default.
FOUNDER_BASICS: dict[str, list[Any]] = {
    "What is the co-op's full name?": ["Valley Care Co-operative Limited"],
    "What is the registered office address?": ["Unit 2, Station Road, Hebden Bridge"],
    "And its postcode?": ["HX7 8AD"],
    "Which area will it serve?": ["Calderdale"],
    "Founding member's full name?": ["Ann Jones", "Bilal Shah", "Carys Evans"],
    "Their postal address, on one line?": ["1 Mill Lane, Hebden Bridge HX7 6AA",
                                           "2 Mill Lane, Hebden Bridge HX7 6AA",
                                           "3 Mill Lane, Hebden Bridge HX7 6AA"],
}


def script(extra: dict[str, list[Any]] | None = None) -> dict[str, list[Any]]:
    """FOUNDER_BASICS plus more answers, keyed by prompt."""
    merged = {k: list(v) for k, v in FOUNDER_BASICS.items()}
    merged.update(extra or {})
    return merged
