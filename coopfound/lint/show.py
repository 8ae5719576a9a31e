"""The lint report for people: one located line per finding, then a summary."""

from __future__ import annotations

from coopfound.console import say
from coopfound.lint.findings import LintReport


def show_lint_report(report: LintReport) -> None:
    for finding in report.findings:
        say(f"Error: {finding.problem.one_line()} [{finding.kind}]", style="red")
        if finding.problem.hint:
            say(f"Hint: {finding.problem.hint}")
    checked = (f"{report.templates} templates, {report.shells} Word shells and"
               f" {report.examples} examples")
    if report.ok:
        say(f"{report.pack}: no problems ({checked} checked).", style="bold green")
    else:
        count = len(report.findings)
        say(f"{report.pack}: {count} problem{'s' if count > 1 else ''} ({checked} checked).",
            style="bold red")
