"""Replace one file in a single step, so that no reader ever sees half of it."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from coopfound.output.disk import disk_error


def write_atomically(path: Path, text: str) -> None:
    """Write `text` to `path` through a synced temporary file and one rename; a refusal
    of the disk (full, read-only) is a one-line UsageError and leaves `path` as it was."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    except OSError as error:
        raise disk_error(error, path) from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        # mkstemp makes the file private; a spec is the founders' shared document.
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(temporary, 0o666 & ~mask)
        os.replace(temporary, path)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise disk_error(error, path) from None
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
