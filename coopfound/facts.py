"""The facts of law and practice the documents state (fees, time limits), each with its source.

They live in data/facts.yaml, apart from the templates, so that a fact is written once and
every document, check and letter that states it reads the same value.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

_FACTS = Path(__file__).resolve().parent / "data" / "facts.yaml"


@cache
def load_facts() -> dict[str, Any]:
    facts: dict[str, Any] = yaml.safe_load(_FACTS.read_text(encoding="utf-8"))
    return facts


@dataclass(frozen=True)
class StatutoryText:
    """Words the law requires in the rules, quoted apart from coopfound's own drafting."""

    title: str
    source: str
    confirmed: bool
    version: str | None
    why_unconfirmed: str
    lines: tuple[str, ...]

    @property
    def heading(self) -> str:
        if self.confirmed:
            return (f"The following is statutory text, quoted word for word from {self.title}"
                    f" as in force on {self.version} ({self.source}):")
        return f"The following is statutory text, from {self.title} ({self.source}):"

    @property
    def quoted(self) -> tuple[str, ...]:
        """The lines the rules print: the words, or a plain instruction to insert them."""
        if self.confirmed:
            return self.lines
        return (f"[The words of {self.title}, as currently in force, must be inserted here"
                " word for word before these rules are signed or sent to the FCA. coopfound"
                f" could not confirm them: {self.why_unconfirmed}.]",)


def statutory_text(name: str) -> StatutoryText:
    entry = load_facts()["statutory_texts"][name]
    return StatutoryText(
        title=" ".join(entry["title"].split()), source=entry["source"],
        confirmed=bool(entry["confirmed"]) and bool(entry["lines"]),
        version=None if entry["version"] is None else str(entry["version"]),
        why_unconfirmed=" ".join(str(entry.get("why_unconfirmed") or "").split()),
        lines=tuple(entry["lines"]))
