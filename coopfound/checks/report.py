"""How a check report is shown: as lines and a table for people, or as JSON for scripts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from coopfound import __version__
from coopfound.checks.run import CheckReport
from coopfound.errors import CoopfoundError, TemplateError, UsageError
from coopfound.spec.matters import MATTERS

REPORT_FORMAT_VERSION = 1


def _line(report: CheckReport, path: tuple[str | int, ...]) -> int | None:
    return report.loaded.positions.line_for(path) if path else None


def check_report_json(report: CheckReport) -> dict[str, Any]:
    covered = report.rulebook.matters_covered()
    return {
        "format_version": REPORT_FORMAT_VERSION,
        "coopfound": __version__,
        "spec": str(report.loaded.path),
        "spec_sha256": report.loaded.fingerprint,
        "ok": report.ok,
        "errors": len(report.errors),
        "warnings": len(report.warnings),
        "findings": [
            {"code": f.code, "severity": f.severity.value, "field": f.field or None,
             "line": _line(report, f.path), "message": f.message, "fix": f.fix}
            for f in report.findings
        ],
        "matters": [
            {"id": m.id, "title": m.title, "fca_items": list(m.fca_items),
             "rules": covered[m.id]}
            for m in MATTERS
        ],
    }


def spec_error_json(path: Path, error: CoopfoundError) -> dict[str, Any]:
    """The report for a spec that could not be checked at all: missing, unreadable, not a
    valid spec, or a template pack at fault. Each problem is a finding whose code says
    which (USAGE, SPEC or TEMPLATE), so a script reads every failure the same way."""
    code = ("USAGE" if isinstance(error, UsageError)
            else "TEMPLATE" if isinstance(error, TemplateError) else "SPEC")
    return {
        "format_version": REPORT_FORMAT_VERSION,
        "coopfound": __version__,
        "spec": str(path),
        "ok": False,
        "errors": len(error.problems),
        "warnings": 0,
        "findings": [
            {"code": code, "severity": "error", "field": p.field, "line": p.line,
             "message": p.message, "fix": p.hint,
             "file": str(p.file) if p.file else None}
            for p in error.problems
        ],
        "matters": [],
    }


def show_check_report(report: CheckReport) -> None:
    from coopfound.console import say, table

    path = report.loaded.path
    for f in report.findings:
        line = _line(report, f.path)
        where = f"{path}:{line}" if line else str(path)
        location = f"{where}: {f.field}" if f.field else where
        # The same two-line shape as every other coopfound error: `Error: where: what`,
        # then `Hint: fix`; the code comes last so the line reads as a sentence.
        say(f"{f.severity.value.capitalize()}: {location}: {f.message} ({f.code})",
            style="red" if f.severity.value == "error" else "yellow")
        say(f"Hint: {f.fix}")
    covered = report.rulebook.matters_covered()
    rows = [(m.id, m.title, ", ".join(f"rule {n}" for n in covered[m.id]) or "NOT COVERED")
            for m in MATTERS]
    count = sum(1 for m in MATTERS if covered[m.id])
    table(f"Section 14 matters: {count} of {len(MATTERS)} covered",
          ("Matter", "Subject", "Covered by"), rows)
    errors, warnings = len(report.errors), len(report.warnings)
    verdict = "passes the checks" if report.ok else "does not pass the checks"
    say(f"{path}: {verdict} ({errors} error{'s' * (errors != 1)},"
        f" {warnings} warning{'s' * (warnings != 1)})",
        style="bold green" if report.ok else "bold red")


def show_next_steps(report: CheckReport) -> None:
    from coopfound.console import say

    path = report.loaded.path
    say("\nNext steps:", style="bold")
    # Each command on a line of its own, so that a narrow terminal never splits one.
    if not report.ok:
        say(f"  - Fix the errors above in {path} (or run `coopfound init` again).", wrap=True)
    say("  - Check the spec after any edit:")
    say(f"      coopfound check {path}")
    say("  - Write the rules and the founding pack:")
    say(f"      coopfound render {path} -o out/")
    placeholders = [f for f in report.findings if f.code == "CF302"]
    if placeholders:
        count = len(placeholders)
        say(f"  - Replace the {count} {'placeholder' if count == 1 else 'placeholders'} in"
            " [brackets] before you share the rules.", wrap=True)
