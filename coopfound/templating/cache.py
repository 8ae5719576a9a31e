"""Compiled templates kept on disk between runs, in a private folder of the user's own.

Compiling the rule book's ~60 templates and the Word shells was about half of a cold
`check` or `render`. Jinja's bytecode cache keeps each compiled template keyed by its
name and checked against its source, so a changed template is compiled afresh. The
folder is also per coopfound and Jinja version and per kind of environment (trusted or
sandboxed, Markdown or Word's XML), so code compiled for one never runs in another.

The cache holds code that is run, so it is used only when its folder is the user's own
and no one else may write to it; otherwise, and on any error reading or writing it,
templates are simply compiled as before. COOPFOUND_NO_CACHE=1 turns it off;
COOPFOUND_CACHE_DIR moves it.
"""

from __future__ import annotations

import marshal
import os
import stat
from contextlib import suppress
from functools import cache
from pathlib import Path

import jinja2
from jinja2.bccache import Bucket, BytecodeCache, FileSystemBytecodeCache

from coopfound import __version__

#: The largest compiled template kept: Jinja folds constant expressions when it compiles,
#: so a pack's template could otherwise store a huge value in the cache.
MAX_ENTRY_BYTES = 512 * 1024
#: The most one cache folder may hold; a folder found larger is emptied.
MAX_FOLDER_BYTES = 64 * 1024 * 1024


class QuietBytecodeCache(FileSystemBytecodeCache):
    """A bytecode cache whose failures (a full disk, a read-only home) only cost speed,
    and whose size is bounded."""

    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except (OSError, EOFError, ValueError, TypeError):
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        if bucket.code is None or len(marshal.dumps(bucket.code)) > MAX_ENTRY_BYTES:
            return
        with suppress(OSError):
            super().dump_bytecode(bucket)


def _bounded(folder: Path) -> None:
    """Empty a cache folder that has grown past MAX_FOLDER_BYTES (it only costs speed)."""
    with suppress(OSError):
        entries = list(os.scandir(folder))
        if sum(entry.stat().st_size for entry in entries) > MAX_FOLDER_BYTES:
            for entry in entries:
                with suppress(OSError):
                    os.unlink(entry.path)


def cache_root() -> Path | None:
    """The user's cache folder for coopfound, or None when caching is off."""
    if os.environ.get("COOPFOUND_NO_CACHE"):
        return None
    chosen = os.environ.get("COOPFOUND_CACHE_DIR")
    if chosen:
        return Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "coopfound"


@cache
def bytecode_cache(*, sandboxed: bool, xml: bool) -> BytecodeCache | None:
    """The bytecode cache for one kind of environment, or None when it cannot be trusted."""
    root = cache_root()
    if root is None:
        return None
    kind = f"{'sandboxed' if sandboxed else 'trusted'}-{'xml' if xml else 'md'}"
    folder = root / f"templates-{__version__}-jinja{jinja2.__version__}-{kind}"
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError:
        return None
    if not _private(folder) or not _private(root):
        return None
    _bounded(folder)
    return QuietBytecodeCache(str(folder))


def _private(folder: Path) -> bool:
    """A real folder (not a link), ours, that no one else may write to."""
    try:
        info = os.lstat(folder)
    except OSError:
        return False
    getuid = getattr(os, "getuid", None)
    owner_ok = getuid is None or info.st_uid == getuid()
    return (stat.S_ISDIR(info.st_mode) and owner_ok
            and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH))


def cached_compile(env: jinja2.Environment, source: str) -> jinja2.Template | None:
    """A template for a source given as a string (a Word shell), from the bytecode cache
    when it is there; None when the environment has no cache."""
    bcc = env.bytecode_cache
    if bcc is None:
        return None
    import hashlib

    name = "string-" + hashlib.sha256(source.encode("utf-8")).hexdigest()
    bucket = bcc.get_bucket(env, name, None, source)
    code = bucket.code
    if code is None:
        code = env.compile(source, name)
        bucket.code = code
        bcc.set_bucket(bucket)
    return env.template_class.from_code(env, code, env.make_globals(None), None)
