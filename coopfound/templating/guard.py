"""An untrusted template pack's work, run in a child process that the parent can stop.

The sandbox stops a template that runs too long with an alarm inside the process, but an
alarm cannot interrupt one long call into C (summing a million lists, a Word shell of a
million paragraphs), and a template can crash the interpreter (a value nested a million
deep). So `check`, `score`, `render`, `register` and `templates lint` run a pack's work in
a forked child. The parent watches which template the child is rendering
(`whereabouts`), stops it when one runs past its limit, and turns a crash or an overrun
into a located error naming that template. The child's result comes back over a pipe.
"""

from __future__ import annotations

import os
import signal
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from coopfound import errors
from coopfound.errors import CoopfoundError, Problem, TemplateError
from coopfound.templating.sandbox import render_seconds
from coopfound.templating.whereabouts import Whereabouts, watch_me

T = TypeVar("T")

#: Seconds past a template's own limit before the parent stops the child: the alarm in
#: the child gets the first chance to stop it with a precise error.
GRACE_SECONDS = 5.0
#: The most one guarded piece of work may take in all (COOPFOUND_PACK_SECONDS changes it).
PACK_SECONDS = 600.0
_POLL_SECONDS = 0.25


class GuardedBug(Exception):
    """coopfound itself failed in the child: the child's traceback, for a bug report."""


def pack_seconds() -> float:
    try:
        return max(1.0, float(os.environ.get("COOPFOUND_PACK_SECONDS", PACK_SECONDS)))
    except ValueError:
        return PACK_SECONDS


def run_guarded(work: Callable[..., T], *args: Any,
                cleanup: Callable[[], None] | None = None) -> T:
    """`work(*args)` in a forked child, stopped if a template overruns or it crashes.

    `cleanup` runs in the parent after the child was stopped (to put right output it
    left half-written). Where the system cannot fork, the work runs here, with only the
    in-process limits.
    """
    import multiprocessing
    import time

    if "fork" not in multiprocessing.get_all_start_methods():
        return work(*args)
    context = multiprocessing.get_context("fork")
    where = Whereabouts()
    ours, theirs = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(theirs, where, work, args), daemon=True)
    child.start()
    theirs.close()
    started = time.monotonic()
    limit = render_seconds() + GRACE_SECONDS
    try:
        while True:
            if ours.poll(_POLL_SECONDS):
                try:
                    message = ours.recv()
                except EOFError:  # died as it was about to answer
                    child.join()
                    raise crash_error(child.exitcode, where) from None
                child.join()
                return _unpack(message)  # type: ignore[no-any-return]
            if not child.is_alive():
                child.join()
                raise crash_error(child.exitcode, where)
            overrun = where.running_for() > limit
            if overrun or time.monotonic() - started > pack_seconds():
                child.kill()
                child.join()
                if cleanup is not None:
                    cleanup()
                raise overrun_error(where, overrun, limit - GRACE_SECONDS)
    except KeyboardInterrupt:
        child.kill()
        child.join()
        if cleanup is not None:
            cleanup()
        raise
    finally:
        ours.close()


def _child(connection: Any, where: Whereabouts, work: Callable[..., Any],
           args: tuple[Any, ...]) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides about Ctrl-C
    watch_me(where)
    try:
        result = work(*args)
    except CoopfoundError as error:
        connection.send(("error", type(error).__name__, error.problems))
    except MemoryError:
        connection.send(("error", "TemplateError", [_memory_problem(where)]))
    except OSError as error:  # a path the system refused: the parent says which, plainly
        connection.send(("oserror", error.errno, error.strerror, error.filename))
    except BaseException:
        connection.send(("bug", traceback.format_exc()))
    else:
        connection.send(("ok", result))
    connection.close()


def _unpack(message: tuple[Any, ...]) -> Any:
    kind = message[0]
    if kind == "ok":
        return message[1]
    if kind == "error":
        error_class = getattr(errors, message[1], CoopfoundError)
        raise error_class(list(message[2]))
    if kind == "oserror":
        raise OSError(message[1], message[2], message[3])
    raise GuardedBug(message[1])


def _where(where: Whereabouts) -> Path | None:
    name = where.current()
    return Path(name) if name else None


def crash_error(code: int | None, where: Whereabouts) -> TemplateError:
    if code is not None and code < 0:
        try:
            how = f"was stopped by {signal.Signals(-code).name}"
        except ValueError:
            how = f"was stopped by signal {-code}"
    else:
        how = f"ended with code {code}"
    return TemplateError(Problem(
        f"coopfound {how} while rendering this template with the pack",
        file=_where(where),
        hint="a template that builds a value nested very deeply, or a very large one, can"
             " do this; look for a loop that keeps wrapping a value in another"))


def overrun_error(where: Whereabouts, one_template: bool, seconds: float) -> TemplateError:
    if one_template:
        message = (f"the template ran for more than {seconds:g} seconds and was stopped"
                   " from outside (it was inside one long operation)")
    else:
        message = (f"the template pack's work took more than {pack_seconds():g} seconds"
                   " in all and was stopped")
    return TemplateError(Problem(
        message, file=_where(where),
        hint="look for a filter or a loop that works on a very large value, or a very large"
             " Word shell; COOPFOUND_TEMPLATE_SECONDS and COOPFOUND_PACK_SECONDS change the"
             " limits"))


def _memory_problem(where: Whereabouts) -> Problem:
    return Problem("the template pack tried to use more memory than coopfound allows",
                   file=_where(where),
                   hint="look for a loop or a filter that builds a very large value")
