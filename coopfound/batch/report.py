"""How a batch's results are shown: a table for people, a JSON file for scripts."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from coopfound.batch.run import BatchResult, Outcome
from coopfound.console import say, table, warn


def _detail(outcome: Outcome) -> str:
    if outcome.status == "ok":
        count = len(outcome.warnings)
        warned = f", {count} warning{'s' if count > 1 else ''}" if count else ""
        return f"{outcome.files} files in {outcome.output}{warned}"
    if outcome.status == "skipped":
        return ("not started: --fail-fast stopped the batch at the first failure"
                if outcome.skipped_because == "fail-fast"
                else "not started: the batch was stopped with Ctrl-C")
    error = outcome.error or {}
    hint = f"\nHint: {error['hint']}" if error.get("hint") else ""
    return f"{error.get('where', '')}{hint}"


def show_batch_result(result: BatchResult, seconds: float) -> None:
    table("Batch results", ["Spec", "Result", "Output, or the first error"],
          [[outcome.spec, outcome.status, _detail(outcome)] for outcome in result.outcomes])
    for outcome in result.outcomes:
        for notice in outcome.notices:
            warn(f"Notice: {outcome.spec}: {notice}", style="yellow")
        if outcome.error:
            warn(f"Error: {outcome.error['where']}", style="bold red")
            if outcome.error.get("hint"):
                warn(f"Hint: {outcome.error['hint']}")
    counts = [f"{result.count('ok')} rendered", f"{result.count('failed')} failed"]
    if result.count("skipped"):
        counts.append(f"{result.count('skipped')} not started")
    say(f"{', '.join(counts)} in {seconds:.1f} s.",
        style="bold" if result.ok else "bold red")


def write_batch_report(path: Path, result: BatchResult, *, pack_label: str, workers: int,
                       seconds: float) -> None:
    """Write the JSON report atomically: a script never reads half a report."""
    from coopfound.output.atomic import write_atomically

    data = report_json(result, pack_label=pack_label, workers=workers, seconds=seconds)
    write_atomically(path, json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    say(f"Report: {path}")


def report_json(result: BatchResult, *, pack_label: str, workers: int,
                seconds: float) -> dict[str, Any]:
    from coopfound import __version__

    return {
        "format_version": 1,
        "coopfound": __version__,
        "ok": result.ok,
        "templates": pack_label,
        "jobs": workers,
        "seconds": round(seconds, 3),
        "summary": {"total": len(result.outcomes), "ok": result.count("ok"),
                    "failed": result.count("failed"), "skipped": result.count("skipped")},
        "specs": [outcome.as_dict() for outcome in result.outcomes],
    }
