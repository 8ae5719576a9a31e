"""The lint report for people: one located line per finding, then a summary."""

from __future__ import annotations

from coopfound.console import say
from coopfound.lint.findings import LintReport


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def show_lint_report(report: LintReport) -> None:
    for finding in report.findings:
        say(f"Error: {finding.problem.one_line()} [{finding.kind}]", style="red")
        if finding.problem.hint:
            say(f"Hint: {finding.problem.hint}")
    checked = (f"{_count(report.templates, 'template')}, {_count(report.shells, 'Word shell')}"
               f" and {_count(report.examples, 'example')}")
    if report.ok:
        say(f"{report.pack}: no problems ({checked} checked).", style="bold green")
    else:
        count = len(report.findings)
        say(f"{report.pack}: {count} problem{'s' if count > 1 else ''} ({checked} checked).",
            style="bold red")
