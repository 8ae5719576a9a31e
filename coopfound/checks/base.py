"""What a finding is, and the catalogue of every check's code, severity and source."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

import yaml

from coopfound.spec.fields import PathKey
from coopfound.spec.loader import format_path


class Severity(StrEnum):
    error = "error"  # would stop registration, or breaks the law or co-operative principles
    warning = "warning"  # lawful, but weakens member control or invites trouble


@dataclass(frozen=True)
class CheckInfo:
    code: str
    severity: Severity
    summary: str
    explanation: str
    source: str


@dataclass(frozen=True)
class Finding:
    code: str
    severity: Severity
    path: PathKey
    message: str
    fix: str

    @property
    def field(self) -> str:
        return format_path(self.path)


def _load_catalogue() -> dict[str, CheckInfo]:
    """The catalogue of codes, kept as prose in catalogue.yaml beside this module."""
    text = (Path(__file__).with_name("catalogue.yaml")).read_text(encoding="utf-8")
    entries = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    return {code: CheckInfo(code=code, severity=Severity(entry["severity"]),
                            summary=entry["summary"], explanation=entry["explanation"],
                            source=entry["source"])
            for code, entry in entries.items()}


CHECKS: dict[str, CheckInfo] = _load_catalogue()


def finding(code: str, path: PathKey, message: str, fix: str) -> Finding:
    return Finding(code=code, severity=CHECKS[code].severity, path=path, message=message,
                   fix=fix)
