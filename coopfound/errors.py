"""One error tree. Every error a user can cause carries its exit code and a hint.

The CLI is the only place that turns these into output and exit codes; library code
raises them and never prints. Anything that is not a `CoopfoundError` is a bug in
coopfound and keeps its traceback.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum
from pathlib import Path


class ExitCode(IntEnum):
    OK = 0
    TOOL_ERROR = 1
    USAGE = 2
    INVALID = 3  # the spec is invalid, or the checks found errors
    SOME_FAILED = 4  # batch: at least one spec failed; the others were written


@dataclass(frozen=True)
class Problem:
    """One located problem: what went wrong, where, and what to do about it."""

    message: str
    file: Path | None = None
    line: int | None = None
    field: str | None = None
    hint: str | None = None

    def location(self) -> str:
        parts = []
        if self.file is not None:
            parts.append(str(self.file) + (f":{self.line}" if self.line else ""))
        if self.field:
            parts.append(self.field)
        return ": ".join(parts)

    def one_line(self) -> str:
        where = self.location()
        return f"{where}: {self.message}" if where else self.message


class CoopfoundError(Exception):
    """Base of all user-facing errors."""

    exit_code: ExitCode = ExitCode.TOOL_ERROR

    def __init__(self, problems: list[Problem] | Problem | str, hint: str | None = None):
        if isinstance(problems, str):
            problems = [Problem(problems, hint=hint)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems: list[Problem] = problems
        super().__init__("; ".join(p.one_line() for p in problems))

    @property
    def hint(self) -> str | None:
        return next((p.hint for p in self.problems if p.hint), None)


class UsageError(CoopfoundError):
    """The command was called wrongly: a missing file, an output folder in the way."""

    exit_code = ExitCode.USAGE


class SpecError(CoopfoundError):
    """The spec file cannot be read as a valid spec."""

    exit_code = ExitCode.INVALID


class ChecksFailed(CoopfoundError):
    """The spec is well formed but the checks found errors (see `coopfound check`)."""

    exit_code = ExitCode.INVALID


class TemplateError(CoopfoundError):
    """A rule or letter template is broken: a bug in the template pack, not in the spec."""

    exit_code = ExitCode.TOOL_ERROR
