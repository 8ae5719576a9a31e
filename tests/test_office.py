"""A real office suite must open every Word file we write: LibreOffice converts it to PDF.

Skipped where LibreOffice is not installed, except under CI (CI=true), where a missing
office suite is a failure: CI installs it, so its absence means the check did not run.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import EXAMPLES, run_cli
from pypdf import PdfReader

from coopfound.loader import load_spec

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")

pytestmark = pytest.mark.office


@pytest.fixture(scope="module")
def soffice() -> str:
    if SOFFICE is None:
        if os.environ.get("CI") == "true":
            pytest.fail("LibreOffice (soffice) is missing under CI: .ci/run must install it")
        pytest.skip("LibreOffice (soffice) is not installed")
    return SOFFICE


def to_pdf(soffice: str, document: Path, workdir: Path) -> Path:
    profile = workdir / "lo-profile"
    done = subprocess.run(
        [soffice, f"-env:UserInstallation=file://{profile}", "--headless",
         "--convert-to", "pdf", "--outdir", str(workdir), str(document)],
        capture_output=True, text=True, timeout=240, check=False)
    pdf = workdir / (document.stem + ".pdf")
    assert done.returncode == 0 and pdf.exists(), done.stdout + done.stderr
    return pdf


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_word_rules_open_in_libreoffice(example: Path, tmp_path: Path, soffice: str) -> None:
    out = tmp_path / "out"
    assert run_cli("render", example, "-o", out).exit_code == 0
    pdf = PdfReader(str(to_pdf(soffice, out / "rules.docx", tmp_path)))
    assert len(pdf.pages) >= 3, "the rules should run to several pages"
    first_page = pdf.pages[0].extract_text()
    last_word = load_spec(example).spec.society.name.split()[-1]
    assert "Rules of" in first_page and last_word in first_page
    text = "".join(page.extract_text() for page in pdf.pages)
    assert "{{" not in text and "{%" not in text
