"""What a stopped run left beside an output folder, put right by the next run.

A render killed between its two renames leaves the earlier folder moved aside
(`.out.previous-*`) and no `out/`; one killed while writing leaves `.out.staging-*`. The
next run, holding the folder's lock (so no other coopfound is at work there), restores the
first and removes the second, and says so in one line each.
"""

from __future__ import annotations

import os
import re
import shutil
from contextlib import suppress
from pathlib import Path

from coopfound.output.disk import disk_error
from coopfound.output.vetting import files_not_from_coopfound
from coopfound.output.writers import sync_folder

#: mkdtemp's suffix: eight characters from this alphabet.
_SUFFIX = r"[a-z0-9_]{8}"


def put_right(out_dir: Path) -> list[str]:
    """Restore a folder a stopped run moved aside and remove stopped runs' staging
    folders. Call with the folder's lock held. Returns a notice for each thing done."""
    try:
        return _put_right(out_dir)
    except OSError as error:
        raise disk_error(error, out_dir) from None


def put_right_now(out_dir: Path) -> None:
    """After a writer was stopped from outside: take the lock (the kernel freed the
    stopped writer's) and put its leftovers right; quietly, as an error is on its way."""
    from coopfound.errors import CoopfoundError
    from coopfound.output.lock import output_lock

    with suppress(CoopfoundError), output_lock(out_dir):
        put_right(out_dir)


def _put_right(out_dir: Path) -> list[str]:
    target = out_dir.resolve()
    if not target.parent.is_dir():
        return []
    pattern = re.compile(rf"\.{re.escape(target.name)}\.(staging|previous)-{_SUFFIX}")
    found: dict[str, list[Path]] = {"staging": [], "previous": []}
    for entry in target.parent.iterdir():
        match = pattern.fullmatch(entry.name)
        if match and entry.is_dir() and not entry.is_symlink():
            found[match.group(1)].append(entry)
    notices: list[str] = []
    previous = sorted(found["previous"], key=lambda p: p.stat().st_mtime)
    if previous and not os.path.lexists(target):
        os.replace(previous.pop(), target)
        sync_folder(target.parent)
        notices.append(f"restored {out_dir}: a run that was stopped while replacing it had"
                       " moved it aside")
    for staging in found["staging"]:
        shutil.rmtree(staging)
        notices.append(f"removed {staging.name} beside {out_dir}: the unfinished output of a"
                       " run that was stopped")
    for earlier in previous:
        if files_not_from_coopfound(earlier):
            notices.append(f"{earlier} holds an earlier {out_dir} with files coopfound did not"
                           " write: look through it, then remove it yourself")
            continue
        shutil.rmtree(earlier)
        notices.append(f"removed {earlier.name} beside {out_dir}: an earlier copy a stopped"
                       " run had not yet removed")
    return notices
