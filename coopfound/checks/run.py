"""Run every check on a loaded spec, including the checks that need the rendered rules."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from coopfound.checks.base import Finding, Severity, finding
from coopfound.checks.legal import SPEC_CHECKS
from coopfound.loader import LoadedSpec
from coopfound.matters import MATTERS
from coopfound.rules import Rulebook, build_rulebook


@dataclass(frozen=True)
class CheckReport:
    loaded: LoadedSpec
    findings: tuple[Finding, ...]
    rulebook: Rulebook

    @property
    def errors(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity is Severity.error)

    @property
    def warnings(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity is Severity.warning)

    @property
    def ok(self) -> bool:
        return not self.errors


def run_checks(loaded: LoadedSpec, templates_root: Path) -> CheckReport:
    findings = [f for check in SPEC_CHECKS for f in check(loaded.spec)]
    rulebook = build_rulebook(loaded.spec, templates_root)
    findings.extend(coverage_findings(rulebook))
    for problem in rulebook.broken_references:
        findings.append(finding("CF202", (), problem.message,
                                problem.hint or "fix the template's reference"))
    findings.sort(key=lambda f: (f.severity is not Severity.error, f.code))
    return CheckReport(loaded=loaded, findings=tuple(findings), rulebook=rulebook)


def coverage_findings(rulebook: Rulebook) -> list[Finding]:
    covered = rulebook.matters_covered()
    return [
        finding("CF201", (), f"no rule covers {m.id} ({m.title}): {m.requirement}",
                "include a clause that covers it; a template pack must declare `matters`")
        for m in MATTERS if not covered[m.id]
    ]
