"""What an output folder may be: never a place that holds work coopfound did not write.

Vetting runs before any work, so a refusal costs nothing, and again just before the new
folder is swapped in, so a file a person saved into the folder meanwhile is never lost.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from pathlib import Path

from coopfound.errors import Problem, UsageError
from coopfound.output.disk import disk_error

MANIFEST = "manifest.json"


def check_output_folder(out_dir: Path, *, force: bool, keep: Iterable[Path] = ()) -> None:
    """Refuse an output folder that would destroy something: call before any work."""
    check_output_place(out_dir, keep=keep)
    try:
        _check_contents(out_dir, force=force)
    except OSError as error:  # a folder we may not read, say
        raise disk_error(error, out_dir) from None


def check_output_place(out_dir: Path, *, keep: Iterable[Path] = ()) -> None:
    """Refuse, without reading the folder, an output that is a file, runs through one, or
    holds the spec, the working folder or the home folder."""
    try:
        _check_place(out_dir, keep)
    except OSError as error:
        raise disk_error(error, out_dir) from None


def _check_place(out_dir: Path, keep: Iterable[Path]) -> None:
    target = out_dir.resolve()
    check_not_a_file(target, hint="choose another output folder with -o")
    protected = {Path.cwd().resolve(), Path.home().resolve(), Path(target.anchor)}
    for path in keep:
        resolved = path.resolve()
        protected.update(resolved.parents)
        protected.add(resolved)
    if target in protected or any(p.is_relative_to(target) for p in protected
                                  if p != Path(target.anchor)):
        raise UsageError(Problem(
            f"{out_dir} holds your spec or other work; coopfound will not replace it",
            hint="write to a new folder, e.g. -o out/"))


def _check_contents(out_dir: Path, *, force: bool) -> None:
    target = out_dir.resolve()
    if target.is_dir() and any(target.iterdir()):
        not_ours = files_not_from_coopfound(target)
        renders = [name for name in not_ours
                   if name.endswith("/") and (target / name / MANIFEST).is_file()]
        if renders and len(renders) == len(not_ours):
            raise UsageError(Problem(
                f"{out_dir} holds the output of other renders ({', '.join(renders[:3])});"
                " coopfound will not mix this spec's documents in with them",
                hint=f"give this spec a folder of its own, e.g. -o {out_dir / 'coop'}"))
        if not_ours:
            shown = ", ".join(not_ours[:3]) + (
                f" and {len(not_ours) - 3} more" if len(not_ours) > 3 else "")
            raise UsageError(Problem(
                f"{out_dir} holds files that coopfound did not write, or that were changed"
                f" since ({shown}); coopfound will not replace them, even with --force",
                hint="choose a new folder with -o, or move those files out first"))
        if not force:
            raise UsageError(Problem(
                f"{out_dir} already holds documents from an earlier render",
                hint="pass --force to replace them, or choose another folder with -o"))


def check_output_file(path: Path) -> None:
    """Refuse, before any work, a file path that cannot be written: a folder, a path
    through a file, or something that is not an ordinary file (a device such as
    /dev/null, a pipe), which writing atomically would replace with a file."""
    try:
        target = path.resolve()
        if target.is_dir():
            raise UsageError(Problem(f"{path} is a folder",
                                     hint="give a file name, e.g. out/report.json"))
        if target.exists() and not target.is_file():
            raise UsageError(Problem(f"{path} is not an ordinary file",
                                     hint="give the name of a new or ordinary file, e.g."
                                          " out/report.json"))
        check_not_a_file(target.parent, hint="give a file name in a folder")
    except OSError as error:
        raise disk_error(error, path) from None


def check_not_a_file(folder: Path, *, hint: str) -> None:
    """Refuse a folder path that is, or runs through, an existing file."""
    for place in (folder, *folder.parents):
        if place.exists() and not place.is_dir():
            raise UsageError(Problem(f"{place} exists and is not a folder", hint=hint))


def files_not_from_coopfound(folder: Path) -> list[str]:
    """Paths in `folder` that its manifest does not list with their current content.

    Only a folder that coopfound wrote, unchanged since, may be replaced: a founder's own
    notes or a hand-edited rules.docx must never be deleted by a re-render.
    """
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        listed = {entry["name"]: entry["sha256"] for entry in manifest["files"]}
    except (OSError, ValueError, KeyError, TypeError):
        listed = {}
    not_ours = []
    for path in sorted(folder.rglob("*")):
        name = path.relative_to(folder).as_posix()
        if path.is_dir() and not path.is_symlink():
            if not any(entry.startswith(name + "/") for entry in listed):
                not_ours.append(name + "/")
            continue
        if name == MANIFEST and listed:
            continue
        if listed.get(name) != _sha256(path):
            not_ours.append(name)
    return [n for n in not_ours if not any(n.startswith(d) for d in not_ours if d != n
                                           and d.endswith("/"))]


def _sha256(path: Path) -> str | None:
    if path.is_symlink() or not path.is_file():
        return None
    return hashlib.sha256(path.read_bytes()).hexdigest()
