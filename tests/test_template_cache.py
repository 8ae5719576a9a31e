"""Compiled templates are kept on disk between runs, safely: never stale, never shared."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import WALES
from test_template_packs import make_pack

from coopfound.templating.cache import bytecode_cache


def render(out: Path, cache: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "coopfound", "render", str(WALES), "-o", str(out), *extra],
        capture_output=True, text=True, timeout=120, check=False,
        env={**os.environ, "COOPFOUND_CACHE_DIR": str(cache)})


def cached_files(cache: Path) -> dict[str, int]:
    return {folder.name: len(list(folder.iterdir())) for folder in sorted(cache.iterdir())}


def test_a_second_run_renders_the_same_from_the_cache(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    assert render(tmp_path / "a", cache).returncode == 0
    kinds = cached_files(cache)
    assert any(name.endswith("trusted-md") for name in kinds)
    assert any(name.endswith("trusted-xml") for name in kinds)
    assert all(count > 0 for count in kinds.values())
    assert render(tmp_path / "b", cache).returncode == 0
    assert cached_files(cache) == kinds, "the second run compiled templates again"
    assert (tmp_path / "a" / "manifest.json").read_bytes() == (
        tmp_path / "b" / "manifest.json").read_bytes()


def test_a_changed_template_is_never_served_stale(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    pack = make_pack(tmp_path / "pack", letters__welcome_letter_md_j2="# Welcome\n\nFirst.\n")
    assert render(tmp_path / "a", cache, "--templates", str(pack)).returncode == 0
    assert any(name.endswith("sandboxed-md") for name in cached_files(cache))
    (pack / "letters" / "welcome_letter.md.j2").write_text("# Welcome\n\nSecond.\n")
    assert render(tmp_path / "b", cache, "--templates", str(pack)).returncode == 0
    assert "Second." in (tmp_path / "b" / "letters" / "welcome-letter.md").read_text()


def test_a_cache_others_may_write_to_is_not_used(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path / "cache"
    monkeypatch.setenv("COOPFOUND_CACHE_DIR", str(cache))
    bytecode_cache.cache_clear()
    try:
        assert bytecode_cache(sandboxed=False, xml=False) is not None
        cache.chmod(0o777)
        bytecode_cache.cache_clear()
        assert bytecode_cache(sandboxed=False, xml=False) is None
        monkeypatch.setenv("COOPFOUND_NO_CACHE", "1")
        cache.chmod(0o700)
        bytecode_cache.cache_clear()
        assert bytecode_cache(sandboxed=False, xml=False) is None
    finally:
        bytecode_cache.cache_clear()


def test_a_cache_that_cannot_be_written_only_costs_speed(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    cache.write_text("a file where the cache folder would be")
    done = render(tmp_path / "out", cache)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "out" / "rules.docx").is_file()
