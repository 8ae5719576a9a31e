"""What the linter found, as located problems that people and scripts can read."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from coopfound import __version__
from coopfound.errors import Problem

#: Every kind of finding, with what it means (shown in `--format json` and the README).
KINDS = {
    "manifest": "pack.yaml, rulebook.yaml or letters/pack.yaml cannot be read or is wrong",
    "file": "a file links out of the pack, is too large, or is not UTF-8 text",
    "syntax": "a template is not valid Jinja",
    "variable": "a template uses a name or attribute that its context does not provide",
    "coverage": "no rule template covers a matter that s.14 of the Act requires",
    "matters": "a rule template's s.14 matters are undeclared or disagree",
    "reference": "a cross-reference names a rule or label that does not exist",
    "unused": "a file in the pack replaces nothing and nothing uses it",
    "example": "an example spec fails to check or render with the pack",
}


@dataclass(frozen=True)
class LintFinding:
    kind: str
    problem: Problem

    def as_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "message": self.problem.message,
                "file": str(self.problem.file) if self.problem.file else None,
                "line": self.problem.line, "hint": self.problem.hint}


@dataclass
class LintReport:
    pack: str
    folder: Path
    findings: list[LintFinding] = field(default_factory=list)
    templates: int = 0
    shells: int = 0
    examples: int = 0

    @property
    def ok(self) -> bool:
        return not self.findings

    def add(self, kind: str, problems: list[Problem] | Problem) -> None:
        assert kind in KINDS, kind
        for problem in problems if isinstance(problems, list) else [problems]:
            self.findings.append(LintFinding(kind, problem))

    def as_dict(self) -> dict[str, Any]:
        return {
            "format_version": 1, "coopfound": __version__, "ok": self.ok, "pack": self.pack,
            "folder": str(self.folder),
            "checked": {"templates": self.templates, "word_shells": self.shells,
                        "examples": self.examples},
            "findings": [finding.as_dict() for finding in self.findings],
        }
