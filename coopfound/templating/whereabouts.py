"""Which template this process is rendering, kept where a watching parent can read it.

A template from a pack can run long inside one C call (a huge sum, a huge Word shell),
where the in-process alarm cannot reach, or crash the interpreter outright. The parent
that forked this process (`templating.guard`, or a batch) watches this record, stops the
child when one template has run too long, and names that template in the error, even
after the child is gone.
"""

from __future__ import annotations

import ctypes
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

_NAME_BYTES = 1024


class Whereabouts:
    """A record in memory shared with child processes: a name and when it began.

    Made before forking; the child writes, the parent reads. No lock is needed: a torn
    read costs at most a misnamed template in one error message, never a wrong stop, as
    the parent only acts on a start time that stays unchanged for many seconds.
    """

    def __init__(self) -> None:
        import multiprocessing

        self._name: Any = multiprocessing.Array(ctypes.c_char, _NAME_BYTES, lock=False)
        self._started: Any = multiprocessing.Value(ctypes.c_double, 0.0, lock=False)

    def enter(self, name: str) -> None:
        self._name.value = name.encode("utf-8", "replace")[: _NAME_BYTES - 1]
        self._started.value = time.monotonic()

    def leave(self) -> None:
        self._started.value = 0.0

    def current(self) -> str:
        """The name last entered, even if it has been left."""
        return bytes(self._name.value).decode("utf-8", "replace")

    def running_for(self) -> float:
        """Seconds the current template has been running; 0 between templates."""
        started = float(self._started.value)
        return time.monotonic() - started if started else 0.0


_watched: Whereabouts | None = None


def watched() -> bool:
    """Whether a parent is watching this process's templates."""
    return _watched is not None


def watch_me(record: Whereabouts | None) -> None:
    """Report this process's templates in `record` (called in a forked child)."""
    global _watched
    _watched = record


@contextmanager
def rendering(name: str) -> Iterator[None]:
    """Mark `name` as the template being rendered, for a watching parent; nested marks
    keep the outermost one, which is the file a pack's author knows."""
    record = _watched
    if record is None or record.running_for():
        yield
        return
    record.enter(name)
    try:
        yield
    finally:
        record.leave()
