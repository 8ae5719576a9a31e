"""The only code that writes an output folder: staged, synced, swapped in whole.

Documents are written into a staging folder beside the target, synced to the disk, and
moved into place with renames, so an interrupted or failed render leaves the previous
output or nothing, never a mix of old and new files. The caller holds the folder's lock
(`output.lock`) and has put right what an earlier stopped run left (`output.leftovers`).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from coopfound.errors import Problem, UsageError
from coopfound.output.disk import disk_error
from coopfound.output.document import Document
from coopfound.output.vetting import MANIFEST, files_not_from_coopfound


@dataclass(frozen=True)
class Written:
    files: list[Path]
    #: Things the person should know that are not errors (an earlier folder kept).
    notices: list[str] = field(default_factory=list)


def write_documents(out_dir: Path, documents: Sequence[Document], provenance: dict[str, str],
                    *, vet: Callable[[], None] | None = None) -> Written:
    """Write `documents` into `out_dir` atomically, with a manifest of what was written.

    `vet` is called once the new folder is complete, just before it replaces the old one:
    it may refuse (a file appeared in the folder meanwhile), and then nothing is replaced.
    """
    target = out_dir.resolve()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.staging-", dir=target.parent))
    except OSError as error:
        raise disk_error(error, out_dir) from None
    try:
        # mkdtemp makes the folder private (0700); the output is for sharing, so give it
        # the permissions any new folder would get under the user's umask.
        staging.chmod(0o777 & ~_umask())
        _write_into(staging, documents, provenance)
        if vet is not None:
            vet()
        notices = _swap_into_place(staging, target, out_dir)
    except OSError as error:
        shutil.rmtree(staging, ignore_errors=True)
        raise disk_error(error, out_dir) from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return Written([out_dir / d.name for d in documents] + [out_dir / MANIFEST], notices)


def _write_into(staging: Path, documents: Sequence[Document],
                provenance: dict[str, str]) -> None:
    files: list[dict[str, object]] = []
    folders = {staging}
    for document in documents:
        path = staging / document.name
        if not path.resolve().is_relative_to(staging.resolve()):  # defence in depth
            raise UsageError(Problem(f"refused to write {document.name}: it is outside"
                                     " the output folder",
                                     hint="give each document an output inside the output"
                                          " folder (pack.yaml, documents: output)"))
        path.parent.mkdir(parents=True, exist_ok=True)
        folders.update(p for p in path.parents if p.is_relative_to(staging))
        _write_synced(path, document.content)
        files.append({
            "name": document.name,
            "sha256": hashlib.sha256(document.content).hexdigest(),
            "bytes": len(document.content),
        })
    manifest = {"provenance": provenance, "files": files}
    _write_synced(staging / MANIFEST, (json.dumps(manifest, indent=2, ensure_ascii=False)
                                       + "\n").encode("utf-8"))
    # A file's own sync does not record its name in the folder: sync each folder too.
    for folder in sorted(folders, key=lambda p: len(p.parts), reverse=True):
        sync_folder(folder)


def _write_synced(path: Path, content: bytes) -> None:
    with path.open("wb") as stream:
        stream.write(content)
        stream.flush()
        os.fsync(stream.fileno())


def sync_folder(folder: Path) -> None:
    """Make a folder's entries (new names, renames) reach the disk; a no-op where a
    folder cannot be opened for it (Windows)."""
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError:
        pass
    finally:
        os.close(handle)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _swap_into_place(staging: Path, target: Path, shown: Path) -> list[str]:
    if not target.exists():
        os.replace(staging, target)
        sync_folder(target.parent)
        return []
    backup = Path(tempfile.mkdtemp(prefix=f".{target.name}.previous-", dir=target.parent))
    backup.rmdir()
    os.replace(target, backup)
    try:
        os.replace(staging, target)
    except BaseException:
        os.replace(backup, target)
        raise
    sync_folder(target.parent)
    # Vetted a moment ago; but a file saved in that moment must still not be deleted.
    if files_not_from_coopfound(backup):
        return [f"a file was saved into {shown} while coopfound replaced it; the earlier"
                f" folder, with that file, is kept at {backup}"]
    shutil.rmtree(backup, ignore_errors=True)
    return []
