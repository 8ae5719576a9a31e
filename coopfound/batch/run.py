"""Many specs, one output folder each: every spec gets a result, and one failure stops none.

A development worker renders a folder of groups' specs at once. Each spec is published
exactly as `coopfound render` would publish it (checked, rendered, written atomically), in
worker processes so that the cores are used. A spec that fails is recorded with its first
error and the rest carry on; `fail_fast` stops handing out new specs after a failure.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal

from coopfound.errors import CoopfoundError, Problem

Status = Literal["ok", "failed", "skipped"]
@dataclass(frozen=True)
class Job:
    spec: Path
    output: Path


@dataclass(frozen=True)
class Outcome:
    """What happened to one spec: small and picklable, so it crosses process boundaries."""

    spec: str
    output: str | None  # the folder written; None when nothing was
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


def publish_one(job: Job, templates: Path | None, force: bool) -> Outcome:
    """Publish one spec and say how it went. Never raises for a problem with the spec."""
    from coopfound.publish.run import publish
    from coopfound.templating.packs import template_pack

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
                   warnings=tuple(f"{w.field}: {w.message} ({w.code})" if w.field
                                  else f"{w.message} ({w.code})" for w in published.warnings),
                   files=len(published.files), seconds=time.perf_counter() - started)


def _failed(job: Job, problem: Problem, started: float) -> Outcome:
    return Outcome(spec=str(job.spec), output=None, status="failed",
                   error=problem_dict(problem), seconds=time.perf_counter() - started)


def problem_dict(problem: Problem) -> dict[str, Any]:
    return {"message": problem.message, "file": str(problem.file) if problem.file else None,
            "line": problem.line, "field": problem.field, "hint": problem.hint,
            "where": problem.one_line()}


def warm_up(templates: Path | None) -> None:
    """Import, read and compile what a render needs once, before workers fork.

    Forked workers then share these pages and compiled templates instead of each
    importing docxtpl and compiling every template again. Best effort: a template that
    does not compile is left for the spec that uses it to report, as `render` would.
    """
    import docxtpl  # noqa: F401

    from coopfound.facts import load_facts
    from coopfound.founding.letters import pack_documents
    from coopfound.rules.rulebook import load_rulebook_template
    from coopfound.templating.packs import template_pack

    try:
        pack = template_pack(templates)
        load_rulebook_template(pack)
        pack_documents(pack)
        load_facts()
    except CoopfoundError:
        return
    for folder in ("rules", "letters"):
        env = pack.environment(folder)
        for name in env.list_templates(filter_func=lambda name: name.endswith(".j2")):
            try:
                env.get_template(name)
            except Exception:  # reported, located, by the spec that needs it
                continue


class BatchRun:
    """Specs being published, `workers` at a time.

    `start()` forks the workers; call it before a progress display starts its thread, as
    forking a process that runs threads can leave a lock held in the child.
    """

    def __init__(self, jobs: Sequence[Job], *, templates: Path | None, force: bool,
                 workers: int) -> None:
        self.jobs, self.templates, self.force = jobs, templates, force
        self.parallel = workers > 1 and len(jobs) > 1
        self.workers = workers
        self.pool: ProcessPoolExecutor | None = None
        self.futures: dict[Future[Outcome], Job] = {}

    def start(self) -> None:
        if not self.parallel:
            return
        warm_up(self.templates)
        self.pool = ProcessPoolExecutor(max_workers=self.workers, mp_context=_fork_context(),
                                        initializer=_leave_interrupts_to_the_parent)
        for job in self.jobs:
            self.futures[self.pool.submit(publish_one, job, self.templates, self.force)] = job

    def collect(self, *, fail_fast: bool,
                on_outcome: Callable[[Outcome], None]) -> BatchResult:
        """Every spec's outcome, reported as it arrives; in the specs' order at the end."""
        result = BatchResult()

        def record(outcome: Outcome) -> None:
            result.outcomes.append(outcome)
            on_outcome(outcome)

        if self.pool is None:
            self._collect_serially(record, fail_fast)
        else:
            self._collect_in_parallel(self.pool, record, fail_fast)
        order = {str(job.spec): index for index, job in enumerate(self.jobs)}
        result.outcomes.sort(key=lambda outcome: order.get(outcome.spec, -1))
        return result

    def _collect_serially(self, record: Callable[[Outcome], None], fail_fast: bool) -> None:
        for index, job in enumerate(self.jobs):
            outcome = publish_one(job, self.templates, self.force)
            record(outcome)
            if fail_fast and outcome.status == "failed":
                for later in self.jobs[index + 1:]:
                    record(skipped(later))
                return

    def _collect_in_parallel(self, pool: ProcessPoolExecutor,
                             record: Callable[[Outcome], None], fail_fast: bool) -> None:
        """Collect outcomes; Ctrl-C only sets a flag, then no new spec starts.

        An exception raised by Ctrl-C at an arbitrary point could leave the executor's
        locks half-taken, and a second Ctrl-C during shutdown hung the batch. So the
        interrupt is turned into a flag, the queued specs are cancelled, the running ones
        are waited for (each writes atomically), and only then KeyboardInterrupt is raised.
        """
        stop = threading.Event()
        with _interrupts_set(stop):
            pending: set[Future[Outcome]] = set(self.futures)
            while pending:
                done, pending = wait(pending, timeout=0.2, return_when=FIRST_COMPLETED)
                for future in done:
                    if future.cancelled():
                        continue
                    outcome = self._outcome(future)
                    record(outcome)
                    if fail_fast and outcome.status == "failed":
                        _cancel(self.futures)
                if stop.is_set():
                    _cancel(self.futures)
            pool.shutdown(wait=True)
        if stop.is_set():
            raise KeyboardInterrupt
        for future, job in self.futures.items():
            if future.cancelled():
                record(skipped(job))

    def _outcome(self, future: Future[Outcome]) -> Outcome:
        """The spec's outcome, or a failure when its worker process died (killed for using
        too much memory, say): the other specs' results still stand."""
        try:
            return future.result()
        except BrokenProcessPool:
            job = self.futures[future]
            return _failed(job, Problem(
                "the process rendering this spec stopped unexpectedly (it may have run out"
                " of memory), and the batch could not go on with it", file=job.spec,
                hint=f"render it alone to see why: coopfound render {job.spec} -o out/"),
                time.perf_counter())


@contextmanager
def _interrupts_set(stop: threading.Event) -> Iterator[None]:
    """While collecting, Ctrl-C sets `stop` instead of raising (main thread only)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, lambda signum, frame: stop.set())
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def _cancel(futures: dict[Future[Outcome], Job]) -> None:
    for future in futures:
        future.cancel()


def _leave_interrupts_to_the_parent() -> None:
    """Ctrl-C stops the batch in the parent, which starts no new spec; a worker finishes
    the spec it is writing (atomically) instead of dying mid-file with a traceback."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def skipped(job: Job) -> Outcome:
    return Outcome(spec=str(job.spec), output=None, status="skipped")


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
