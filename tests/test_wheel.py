"""The installed wheel, not only the checkout, must carry and find the templates."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import EXAMPLES, ROOT, WALES

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    dist = tmp_path_factory.mktemp("dist")
    done = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
         "--quiet", "-w", str(dist), str(ROOT)],
        capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    (built,) = dist.glob("coopfound-*.whl")
    return built


def test_wheel_contains_the_templates(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "coopfound/templates/rules/rulebook.yaml" in names
    assert "coopfound/templates/rules/rules.docx" in names
    assert "coopfound/templates/letters/document.docx" in names
    assert "coopfound/templates/letters/pack.yaml" in names
    assert "coopfound/templates/pack.yaml" in names
    assert "coopfound/examples/wales-domiciliary.yaml" in names
    assert "coopfound/data/facts.yaml" in names
    assert "coopfound/checks/catalogue.yaml" in names
    clauses = {n for n in names if n.startswith("coopfound/templates/rules/clauses/")}
    expected = {f"coopfound/templates/rules/clauses/{p.name}"
                for p in (ROOT / "templates" / "rules" / "clauses").glob("*.md.j2")}
    assert clauses == expected


def test_installed_wheel_renders_from_its_own_templates(wheel: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    env = {**os.environ, "PYTHONPATH": str(site)}
    probe = subprocess.run(
        [sys.executable, "-c",
         "import coopfound.templating.paths as t; print(t.__file__); print(t.templates_dir())"],
        capture_output=True, text=True, cwd=tmp_path, env=env, check=False)
    module_file, templates = probe.stdout.split()
    assert Path(module_file).is_relative_to(site), "the checkout was imported, not the wheel"
    assert Path(templates) == site / "coopfound" / "templates"
    done = subprocess.run(
        [sys.executable, "-m", "coopfound", "render", str(WALES), "-o", str(tmp_path / "out")],
        capture_output=True, text=True, cwd=tmp_path, env=env, check=False)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "out" / "rules.docx").stat().st_size > 0
    assert (tmp_path / "out" / "registration" / "timeline.ics").is_file()
    # The linter renders coopfound's own examples, so they travel in the wheel too.
    linted = subprocess.run([sys.executable, "-m", "coopfound", "templates", "lint"],
                            capture_output=True, text=True, cwd=tmp_path, env=env, check=False)
    assert linted.returncode == 0, linted.stdout + linted.stderr
    assert f"{len(EXAMPLES)} examples" in linted.stdout
