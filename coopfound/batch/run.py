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
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import asdict, dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, Literal

from coopfound.errors import CoopfoundError, Problem, TemplateError
from coopfound.templating.guard import GRACE_SECONDS, overrun_error, pack_seconds
from coopfound.templating.sandbox import render_seconds
from coopfound.templating.whereabouts import Whereabouts, watch_me

Status = Literal["ok", "failed", "skipped"]
#: Why specs were not started: --fail-fast after a failure, or Ctrl-C.
StopReason = Literal["fail-fast", "interrupted"]
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
    #: For a skipped spec: why it was not started.
    skipped_because: StopReason | None = None
    #: Things done that are not errors: a stopped run's folder restored, say.
    notices: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["warnings"] = list(self.warnings)
        data["notices"] = list(self.notices)
        data["seconds"] = round(self.seconds, 3)
        return data


@dataclass
class BatchResult:
    outcomes: list[Outcome] = field(default_factory=list)
    #: Why the batch stopped early, if it did.
    stopped: StopReason | None = None

    def count(self, status: Status) -> int:
        return sum(1 for outcome in self.outcomes if outcome.status == status)

    @property
    def ok(self) -> bool:
        return all(outcome.status == "ok" for outcome in self.outcomes)


def publish_one(job: Job, templates: Path | None, force: bool, pdf: bool = False) -> Outcome:
    """Publish one spec and say how it went. Never raises for a problem with the spec.

    With `pdf`, each spec's Word files go to one LibreOffice process of its own: the spec
    is written atomically by its worker as soon as it is done, as without PDFs."""
    from coopfound.publish.run import publish
    from coopfound.templating.packs import template_pack

    started = time.perf_counter()
    try:
        published = publish(job.spec, job.output, template_pack(templates), force=force,
                            pdf=pdf)
    except CoopfoundError as error:
        return _failed(job, error.problems[0], started)
    except Exception as error:  # a bug of ours: record it and let the other specs go on
        return _failed(job, Problem(f"coopfound failed unexpectedly ({type(error).__name__}:"
                                    f" {error})", file=job.spec,
                                    hint="please report this with the spec"), started)
    return Outcome(spec=str(job.spec), output=str(job.output), status="ok",
                   warnings=tuple(f"{w.field}: {w.message} ({w.code})" if w.field
                                  else f"{w.message} ({w.code})" for w in published.warnings),
                   files=len(published.files), seconds=time.perf_counter() - started,
                   notices=published.notices)


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
    from coopfound.output.html import warm_up as warm_up_page
    from coopfound.rules.rulebook import load_rulebook_template
    from coopfound.templating.packs import template_pack

    try:
        pack = template_pack(templates)
        load_rulebook_template(pack)
        pack_documents(pack)
        load_facts()
        warm_up_page()
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
    """Specs being published, `workers` at a time, each worker a forked process.

    `start()` warms up and forks the workers. The parent runs no other thread (the
    progress bar is redrawn from the collecting loop), so a worker that dies can be
    replaced by a fresh fork at any time without inheriting a lock held mid-way.
    """

    def __init__(self, jobs: Sequence[Job], *, templates: Path | None, force: bool,
                 workers: int, pdf: bool = False) -> None:
        self.jobs, self.templates, self.force, self.pdf = jobs, templates, force, pdf
        self.parallel = workers > 1 and len(jobs) > 1
        self.workers = workers
        self.pool: list[_Worker] = []

    def start(self) -> None:
        if not self.parallel:
            return
        warm_up(self.templates)
        self.pool = [self._fork() for _ in range(self.workers)]

    def _fork(self) -> _Worker:
        return _Worker.fork(self.templates, self.force, self.pdf)

    def collect(self, *, fail_fast: bool, on_outcome: Callable[[Outcome], None],
                stop: threading.Event | None = None) -> BatchResult:
        """Every spec's outcome, reported as it arrives; in the specs' order at the end.

        When `stop` is set (by Ctrl-C, see `interrupts_as_flag`), no new spec starts, the
        running ones finish (each writes atomically), the rest are skipped, and the result
        says it was interrupted.
        """
        result = BatchResult()
        stop = stop or threading.Event()

        def record(outcome: Outcome) -> None:
            result.outcomes.append(outcome)
            on_outcome(outcome)

        if self.parallel:
            result.stopped = self._collect_in_parallel(record, fail_fast, stop)
        else:
            result.stopped = self._collect_serially(record, fail_fast, stop)
        order = {str(job.spec): index for index, job in enumerate(self.jobs)}
        result.outcomes.sort(key=lambda outcome: order.get(outcome.spec, -1))
        return result

    def _collect_serially(self, record: Callable[[Outcome], None], fail_fast: bool,
                          stop: threading.Event) -> StopReason | None:
        for index, job in enumerate(self.jobs):
            if stop.is_set():
                return _skip_the_rest(self.jobs[index:], "interrupted", record)
            outcome = publish_one(job, self.templates, self.force, self.pdf)
            record(outcome)
            if fail_fast and outcome.status == "failed":
                return _skip_the_rest(self.jobs[index + 1:], "fail-fast", record)
        return "interrupted" if stop.is_set() else None

    def _collect_in_parallel(self, record: Callable[[Outcome], None], fail_fast: bool,
                             stop: threading.Event) -> StopReason | None:
        queue = deque(self.jobs)
        busy: dict[_Worker, Job] = {}
        reason: StopReason | None = None
        try:
            while True:
                if reason is None and stop.is_set():
                    reason = "interrupted"
                while reason is None and queue and len(busy) < len(self.pool):
                    worker = next(w for w in self.pool if w not in busy)
                    job = queue.popleft()
                    if worker.give(job):
                        busy[worker] = job
                    else:  # it died while idle: the job never started
                        queue.appendleft(job)
                        self._replace(worker)
                if not busy:
                    break
                finished: list[Outcome] = []
                for worker in _ready(busy):
                    job = busy.pop(worker)
                    outcome = worker.take()
                    if outcome is None:
                        outcome = _died(worker, job)
                        self._replace(worker)
                    finished.append(outcome)
                for worker, job in list(busy.items()):
                    overrun = worker.overran()
                    if overrun is not None:  # the alarm inside could not stop it
                        del busy[worker]
                        finished.append(self._stop(worker, job, overrun))
                for outcome in finished:
                    record(outcome)
                    if fail_fast and outcome.status == "failed" and reason is None:
                        reason = "fail-fast"
        finally:
            for worker in self.pool:
                worker.close()
        if reason is None and stop.is_set():
            reason = "interrupted"
        if queue:
            _skip_the_rest(list(queue), reason or "interrupted", record)
        return reason

    def _stop(self, worker: _Worker, job: Job, overrun: TemplateError) -> Outcome:
        """Stop a worker stuck past its limits, put its output right, and replace it."""
        from coopfound.output.leftovers import put_right_now

        worker.process.kill()
        worker.process.join()
        put_right_now(job.output)
        self._replace(worker)
        return _failed(job, overrun.problems[0], worker.given_at)

    def _replace(self, worker: _Worker) -> None:
        worker.close()
        self.pool[self.pool.index(worker)] = self._fork()


class _Worker:
    """One forked process that publishes the specs it is given, one at a time, and says
    which template it is rendering (`whereabouts`) so the parent can stop an overrun."""

    def __init__(self, process: Any, connection: Connection, where: Whereabouts) -> None:
        self.process, self.connection, self.where = process, connection, where
        self.given_at = 0.0

    @classmethod
    def fork(cls, templates: Path | None, force: bool, pdf: bool = False) -> _Worker:
        import multiprocessing

        where = Whereabouts()
        ours, theirs = multiprocessing.Pipe(duplex=True)
        process = _fork_context().Process(target=_serve,
                                          args=(theirs, templates, force, where, pdf),
                                          daemon=True)
        process.start()
        theirs.close()
        return cls(process, ours, where)

    def give(self, job: Job) -> bool:
        try:
            self.connection.send(job)
        except (BrokenPipeError, ConnectionResetError, OSError):
            return False
        self.given_at = time.perf_counter()
        return True

    def overran(self) -> TemplateError | None:
        """The error to fail its spec with, if a template or the whole spec ran too long."""
        one_template = self.where.running_for() > render_seconds() + GRACE_SECONDS
        if one_template or time.perf_counter() - self.given_at > pack_seconds():
            return overrun_error(self.where, one_template, render_seconds())
        return None

    def take(self) -> Outcome | None:
        """The outcome the worker sent, or None when it died without sending one."""
        try:
            if self.connection.poll():
                outcome: Outcome = self.connection.recv()
                return outcome
        except (EOFError, ConnectionResetError, OSError):
            pass
        return None

    def close(self) -> None:
        if self.process.is_alive():
            with suppress(OSError):
                self.connection.send(None)
            self.process.join(timeout=5)
            if self.process.is_alive():
                self.process.kill()
        self.process.join()
        self.connection.close()


def _ready(busy: dict[_Worker, Job]) -> list[_Worker]:
    """The busy workers that have sent an outcome or died, waiting at most 0.2 s."""
    from multiprocessing.connection import wait as wait_for

    handles: dict[Any, _Worker] = {}
    for worker in busy:
        handles[worker.connection] = worker
        handles[worker.process.sentinel] = worker
    ready = wait_for(list(handles), timeout=0.2)
    return list(dict.fromkeys(handles[handle] for handle in ready))


def _serve(connection: Connection, templates: Path | None, force: bool,
           where: Whereabouts, pdf: bool = False) -> None:
    """A worker's life: publish each job it is sent until it is sent None."""
    _leave_interrupts_to_the_parent()
    watch_me(where)
    while True:
        try:
            job = connection.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        connection.send(publish_one(job, templates, force, pdf))


def _died(worker: _Worker, job: Job) -> Outcome:
    """Fail the spec a dead worker had, and put right what it left half-written."""
    worker.process.join(timeout=5)
    reason = _exit_reason(worker.process.exitcode)
    from coopfound.output.leftovers import put_right_now

    put_right_now(job.output)
    template = worker.where.current()
    during = f" while rendering {template}" if template else ""
    return _failed(job, Problem(
        f"the process rendering this spec stopped unexpectedly ({reason}){during}; the"
        " other specs went on", file=job.spec,
        hint=f"render it alone, into a new folder, to see why: coopfound render {job.spec}"
             " -o NEW-FOLDER"),
        time.perf_counter())


def _exit_reason(code: int | None) -> str:
    if code is not None and code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = f"signal {-code}"
        killed = " perhaps by the system for using too much memory" if name == "SIGKILL" else ""
        return f"it was stopped by {name},{killed}" if killed else f"it was stopped by {name}"
    return f"it exited with code {code}"


@contextmanager
def interrupts_as_flag() -> Iterator[threading.Event]:
    """While a batch runs and reports, Ctrl-C sets a flag instead of raising.

    An exception raised by Ctrl-C at an arbitrary point could leave a pipe half-read, a
    spec half-handed out or the report unwritten; the flag is checked where it is safe to
    stop, and a second Ctrl-C changes nothing. Main thread only; elsewhere the flag is
    never set.
    """
    stop = threading.Event()
    if threading.current_thread() is not threading.main_thread():
        yield stop
        return
    previous = signal.signal(signal.SIGINT, lambda signum, frame: stop.set())
    try:
        yield stop
    finally:
        signal.signal(signal.SIGINT, previous)


def _leave_interrupts_to_the_parent() -> None:
    """Ctrl-C stops the batch in the parent, which starts no new spec; a worker finishes
    the spec it is writing (atomically) instead of dying mid-file with a traceback."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _skip_the_rest(jobs: Sequence[Job], reason: StopReason,
                   record: Callable[[Outcome], None]) -> StopReason:
    for job in jobs:
        record(skipped(job, reason))
    return reason


def skipped(job: Job, reason: StopReason) -> Outcome:
    return Outcome(spec=str(job.spec), output=None, status="skipped", skipped_because=reason)


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
