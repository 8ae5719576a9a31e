"""One writer per output folder: a second coopfound writing the same folder stops at once.

Without it, two renders into one folder both reported success and one's files were lost.
The lock is an advisory lock (flock) on a hidden file beside the folder, taken before the
folder is vetted and held until the new folder is in place. The kernel releases it when a
process dies, so a killed render never leaves a folder locked.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from coopfound.errors import Problem, UsageError
from coopfound.output.disk import disk_error


def lock_path(target: Path) -> Path:
    return target.parent / f".{target.name}.lock"


@contextmanager
def output_lock(out_dir: Path) -> Iterator[None]:
    """Hold the lock of `out_dir` (its parent is created if need be), or raise UsageError."""
    try:
        import fcntl
    except ImportError:  # not on Unix: no advisory locks; one writer at a time by habit
        yield
        return
    target = out_dir.resolve()
    path = lock_path(target)
    # Folders made here only to hold the lock are removed again if nothing was written
    # into them: a refused render must not leave an empty out/x/y behind.
    made = [p for p in (target.parent, *target.parent.parents) if not p.exists()]
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        while True:
            handle = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(handle)
                raise UsageError(Problem(
                    f"another coopfound is writing {out_dir}",
                    hint="wait for it to finish and run again, or write to another folder"
                         " with -o")) from None
            # The holder we raced may have removed the file as it let go: lock the file
            # that is there now, not one nobody else can see.
            try:
                if os.fstat(handle).st_ino == os.stat(path).st_ino:
                    break
            except FileNotFoundError:
                pass
            os.close(handle)
    except OSError as error:  # name the folder asked for, not our hidden lock file
        error.filename = None
        raise disk_error(error, out_dir) from None
    try:
        yield
    finally:
        path.unlink(missing_ok=True)  # while still held, so no one locks a removed file
        os.close(handle)
        for folder in made:  # deepest first; one that now holds the output stays
            try:
                folder.rmdir()
            except OSError:
                break
