"""What the disk refused, in plain words: a full disk, a read-only one, no permission.

Writing can fail for reasons that are nobody's bug. Each becomes one located line with
what to do (exit 2), never a traceback; the folder is left as it was by the writers.
"""

from __future__ import annotations

import errno
from pathlib import Path

from coopfound.errors import Problem, UsageError

_HINTS = {
    errno.ENOSPC: ("the disk is full", "free some space, or write to another disk with -o"),
    errno.EDQUOT: ("your disk quota is used up", "free some space, or write elsewhere with -o"),
    errno.EROFS: ("the disk is read-only", "write to a folder on another disk with -o"),
    errno.EACCES: ("you may not write there", "choose a folder of your own with -o"),
    errno.EPERM: ("you may not write there", "choose a folder of your own with -o"),
    errno.ENAMETOOLONG: ("a file name is too long", "choose a shorter output folder with -o"),
    errno.ENOTDIR: ("part of the path is a file, not a folder", "choose another folder with -o"),
}


def disk_error(error: OSError, path: Path) -> UsageError:
    """A one-line error for an OSError met while writing `path`."""
    reason, hint = _HINTS.get(error.errno or 0, (
        error.strerror or str(error), "check the output folder, or choose another with -o"))
    where = Path(error.filename) if isinstance(error.filename, str) else path
    return UsageError(Problem(f"cannot write {where}: {reason}", hint=hint))


def path_error(error: OSError) -> UsageError:
    """A one-line error for an OSError met anywhere a path is used (a name too long, a
    folder that may not be read), when no nearer code knew better."""
    path = error.filename if isinstance(error.filename, str) else None
    reason, hint = _HINTS.get(error.errno or 0, (
        error.strerror or str(error), "check the path, or choose another"))
    where = f" {path[:200]}" if path else ""
    return UsageError(Problem(f"cannot use{where}: {reason}", hint=hint))
