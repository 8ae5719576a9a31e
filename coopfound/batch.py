"""Many specs, one output folder each: every spec gets a result, and one failure stops none.

A development worker renders a folder of groups' specs at once. Each spec is published
exactly as `coopfound render` would publish it (checked, rendered, written atomically), in
worker processes so that the cores are used. A spec that fails is recorded with its first
error and the rest carry on; `fail_fast` stops handing out new specs after a failure.
"""

from __future__ import annotations

import glob
import os
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal

from coopfound.errors import CoopfoundError, Problem, UsageError

Status = Literal["ok", "failed", "skipped"]
SPEC_SUFFIXES = (".yaml", ".yml")
#: Files in a spec folder that are not specs: interview drafts and template manifests.
NOT_SPECS = (".draft.yaml", ".draft.yml")


@dataclass(frozen=True)
class Job:
    spec: Path
    output: Path


@dataclass(frozen=True)
class Outcome:
    """What happened to one spec: small and picklable, so it crosses process boundaries."""

    spec: str
    output: str
    status: Status
    error: dict[str, Any] | None = None
    warnings: tuple[str, ...] = ()
    files: int = 0
    seconds: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["warnings"] = list(self.warnings)
        data["seconds"] = round(self.seconds, 3)
        return data


@dataclass
class BatchResult:
    outcomes: list[Outcome] = field(default_factory=list)

    def count(self, status: Status) -> int:
        return sum(1 for outcome in self.outcomes if outcome.status == status)

    @property
    def ok(self) -> bool:
        return all(outcome.status == "ok" for outcome in self.outcomes)


def find_specs(arguments: Sequence[str]) -> tuple[list[Path], list[Outcome]]:
    """Specs named by files, folders (searched recursively) or globs, in a stable order.

    An argument that names nothing becomes a failed outcome rather than stopping the
    batch: one mistyped name should not cost the other groups their documents.
    """
    found: list[Path] = []
    missing: list[Outcome] = []
    for argument in arguments:
        path = Path(argument)
        if path.is_dir():
            found += sorted(p for p in path.rglob("*") if _looks_like_spec(p, path))
        elif path.is_file():
            found.append(path)
        elif glob.has_magic(argument) and (matches := sorted(glob.glob(argument,
                                                                       recursive=True))):
            found += [Path(m) for m in matches if _looks_like_spec(Path(m), None)]
        else:
            missing.append(Outcome(spec=argument, output="", status="failed", error=_problem_dict(
                Problem("no such file, folder or matching spec", file=path,
                        hint="check the name and the path"))))
    unique: dict[Path, Path] = {}
    for spec in found:
        unique.setdefault(spec.resolve(), spec)
    return list(unique.values()), missing


def _looks_like_spec(path: Path, root: Path | None) -> bool:
    if not path.is_file() or path.suffix not in SPEC_SUFFIXES or path.name.endswith(NOT_SPECS):
        return False
    parts = path.relative_to(root).parts if root else path.parts
    return not any(part.startswith(".") and part not in (".", "..") for part in parts)


def plan(specs: Sequence[Path], out_dir: Path) -> list[Job]:
    """One output folder per spec, named after the file, made unique where names clash.

    `valley.yaml` goes to OUT/valley. Two files called coop.yaml in different folders go
    to OUT/north-coop and OUT/south-coop: named by the folders that tell them apart.
    """
    names = {spec: spec.stem for spec in specs}
    stems: dict[str, list[Path]] = {}
    for spec in specs:
        stems.setdefault(spec.stem, []).append(spec)
    for clashing in (group for group in stems.values() if len(group) > 1):
        resolved = [spec.resolve() for spec in clashing]
        common = Path(os.path.commonpath([str(p.parent) for p in resolved]))
        for spec, full in zip(clashing, resolved, strict=True):
            relative = full.relative_to(common).with_suffix("")
            names[spec] = "-".join(relative.parts)
    return [Job(spec=spec, output=out_dir / names[spec]) for spec in specs]


def preflight(jobs: Iterable[Job], *, force: bool, keep: Sequence[Path]) -> None:
    """Refuse the whole batch, before any work, if an output folder may not be written."""
    from coopfound.writers import check_output_folder

    problems: list[Problem] = []
    for job in jobs:
        try:
            check_output_folder(job.output, force=force, keep=[job.spec, *keep])
        except UsageError as error:
            problems += error.problems
    if problems:
        raise UsageError(problems)


def publish_one(job: Job, templates: Path | None, force: bool) -> Outcome:
    """Publish one spec and say how it went. Never raises for a problem with the spec."""
    from coopfound.packs import template_pack
    from coopfound.publish import publish

    started = time.perf_counter()
    try:
        published = publish(job.spec, job.output, template_pack(templates), force=force)
    except CoopfoundError as error:
        return _failed(job, error.problems[0], started)
    except Exception as error:  # a bug of ours: record it and let the other specs go on
        return _failed(job, Problem(f"coopfound failed unexpectedly ({type(error).__name__}:"
                                    f" {error})", file=job.spec,
                                    hint="please report this with the spec"), started)
    return Outcome(spec=str(job.spec), output=str(job.output), status="ok",
                   warnings=tuple(f"{w.code} {w.field}".strip() for w in published.warnings),
                   files=len(published.files), seconds=time.perf_counter() - started)


def _failed(job: Job, problem: Problem, started: float) -> Outcome:
    return Outcome(spec=str(job.spec), output=str(job.output), status="failed",
                   error=_problem_dict(problem), seconds=time.perf_counter() - started)


def _problem_dict(problem: Problem) -> dict[str, Any]:
    return {"message": problem.message, "file": str(problem.file) if problem.file else None,
            "line": problem.line, "field": problem.field, "hint": problem.hint,
            "where": problem.one_line()}


def warm_up(templates: Path | None) -> None:
    """Import, read and compile everything a render needs once, before workers fork.

    Forked workers then share these pages and compiled templates, instead of each
    importing docxtpl, reading the pack and compiling every template again.
    """
    from coopfound.docx_package import open_shell, render_shell
    from coopfound.founding_pack import load_facts, pack_documents
    from coopfound.packs import template_pack
    from coopfound.rules import load_rulebook_template

    pack = template_pack(templates)
    load_rulebook_template(pack)
    pack_documents(pack)
    load_facts()
    for folder in ("rules", "letters"):
        env = pack.environment(folder)
        for name in env.list_templates(filter_func=lambda name: name.endswith(".j2")):
            env.get_template(name)
    # Each Word shell's XML is compiled on its first render: render each one empty.
    shells: tuple[tuple[str, str, dict[str, Any]], ...] = (
        ("rules", "rules/rules.docx", {"subtitle": "-"}),
        ("letters", "letters/document.docx", {}))
    for folder, relative, extra in shells:
        shell = pack.find(relative)
        render_shell(open_shell(shell), {"title": "-", "society_name": "-", "blocks": [],
                                         **extra}, pack.environment(folder, xml=True), shell)


def run_batch(jobs: Sequence[Job], *, templates: Path | None, force: bool, workers: int,
              fail_fast: bool, on_outcome: Callable[[Outcome], None]) -> BatchResult:
    """Publish every job, `workers` at a time, reporting each outcome as it arrives."""
    result = BatchResult()

    def record(outcome: Outcome) -> None:
        result.outcomes.append(outcome)
        on_outcome(outcome)

    if workers <= 1 or len(jobs) <= 1:
        for index, job in enumerate(jobs):
            outcome = publish_one(job, templates, force)
            record(outcome)
            if fail_fast and outcome.status == "failed":
                for skipped in jobs[index + 1:]:
                    record(_skipped(skipped))
                break
        return _in_order(result, jobs)

    warm_up(templates)
    with ProcessPoolExecutor(max_workers=workers, mp_context=_fork_context(),
                             initializer=_leave_interrupts_to_the_parent) as pool:
        futures: dict[Future[Outcome], Job] = {
            pool.submit(publish_one, job, templates, force): job for job in jobs}
        stopping = False
        try:
            for future in as_completed(futures):
                if future.cancelled():
                    continue
                outcome = future.result()
                record(outcome)
                if fail_fast and outcome.status == "failed" and not stopping:
                    stopping = True
                    for pending in futures:
                        pending.cancel()
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)
            raise
        for future, job in futures.items():
            if future.cancelled():
                record(_skipped(job))
    return _in_order(result, jobs)


def _leave_interrupts_to_the_parent() -> None:
    """Ctrl-C stops the batch in the parent, which starts no new spec; a worker finishes
    the spec it is writing (atomically) instead of dying mid-file with a traceback."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _skipped(job: Job) -> Outcome:
    return Outcome(spec=str(job.spec), output=str(job.output), status="skipped")


def _in_order(result: BatchResult, jobs: Sequence[Job]) -> BatchResult:
    order = {str(job.spec): index for index, job in enumerate(jobs)}
    result.outcomes.sort(key=lambda outcome: order.get(outcome.spec, -1))
    return result


def _fork_context() -> Any:
    """Fork where the system has it: workers start at once and share the warmed-up pages."""
    import multiprocessing

    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else None)


def default_workers() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def report_json(result: BatchResult, *, pack_label: str, workers: int,
                seconds: float) -> dict[str, Any]:
    from coopfound import __version__

    return {
        "report_version": 1,
        "generator": f"coopfound {__version__}",
        "templates": pack_label,
        "jobs": workers,
        "seconds": round(seconds, 3),
        "summary": {"total": len(result.outcomes), "ok": result.count("ok"),
                    "failed": result.count("failed"), "skipped": result.count("skipped")},
        "specs": [outcome.as_dict() for outcome in result.outcomes],
    }
