"""Shared helpers: the examples, a CLI runner, and specs edited the way a founder would."""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from coopfound.cli import app

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
WALES = ROOT / "examples" / "wales-domiciliary.yaml"
ENGLAND = ROOT / "examples" / "england-homecare-platform.yaml"
SCOTLAND = ROOT / "examples" / "scotland-day-services.yaml"


@dataclass
class Result:
    exit_code: int
    stdout: str
    stderr: str


def run_cli(*args: str | Path) -> Result:
    runner = CliRunner()
    result = runner.invoke(app, [str(a) for a in args], catch_exceptions=False)
    return Result(result.exit_code, result.stdout, result.stderr)


@pytest.fixture
def cli() -> Callable[..., Result]:
    return run_cli


def required_tool(*names: str) -> str:
    """The path of a program some tests need. Missing on a developer's machine, those tests
    are skipped; missing under CI (`.ci/run` sets CI=true and installs them all), they
    fail, so a test can never pass in CI by not running."""
    for name in names:
        found = shutil.which(name)
        if found:
            return found
    if os.environ.get("CI") == "true":
        pytest.fail(f"{names[0]} is missing under CI: .ci/run must install it")
    pytest.skip(f"{names[0]} is not installed on this machine")


@pytest.fixture(scope="session")
def soffice() -> str:
    """LibreOffice, which opens every Word file coopfound writes."""
    return required_tool("soffice", "libreoffice")


def edited(source: Path, target_dir: Path, *replacements: tuple[str, str],
           name: str = "coop.yaml") -> Path:
    """A copy of `source` with each (old, new) text replaced exactly once: a founder's edit."""
    text = source.read_text(encoding="utf-8")
    for old, new in replacements:
        count = text.count(old)
        assert count >= 1, f"{old!r} is not in {source.name}"
        text = text.replace(old, new, 1)
    target = target_dir / name
    target.write_text(text, encoding="utf-8")
    return target


def line_of(path: Path, pattern: str) -> int:
    """The 1-based line number of the first line matching `pattern`."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if re.search(pattern, line):
            return number
    raise AssertionError(f"{pattern!r} not found in {path}")


# Compiled templates are cached per user (templating/cache.py): tests use a cache of their
# own, so they neither read a developer's cache nor leave one behind in ~/.cache.
os.environ.setdefault("COOPFOUND_CACHE_DIR", tempfile.mkdtemp(prefix="coopfound-test-cache-"))

# Tests run custom packs inside pytest's own process (through CliRunner); coopfound would
# cap that process's memory for them. The cap is tested in a subprocess of its own.
os.environ.setdefault("COOPFOUND_NO_MEMORY_LIMIT", "1")
