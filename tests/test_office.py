"""A real office suite must open every Word file we write: LibreOffice converts it to PDF.

Skipped where LibreOffice is not installed, except under CI (CI=true), where a missing
office suite is a failure: CI installs it, so its absence means the check did not run.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from conftest import EXAMPLES, run_cli
from pypdf import PdfReader

from coopfound.spec.loader import load_spec

pytestmark = pytest.mark.office



def to_pdfs(soffice: str, documents: list[Path], workdir: Path) -> list[Path]:
    """Convert in one LibreOffice run: starting it costs seconds, converting does not."""
    profile = workdir / "lo-profile"
    outdir = workdir / "pdf"
    done = subprocess.run(
        [soffice, f"-env:UserInstallation=file://{profile}", "--headless",
         "--convert-to", "pdf", "--outdir", str(outdir), *map(str, documents)],
        capture_output=True, text=True, timeout=600, check=False)
    pdfs = [outdir / (d.stem + ".pdf") for d in documents]
    missing = [p.name for p in pdfs if not p.exists()]
    assert done.returncode == 0 and not missing, (missing, done.stdout + done.stderr)
    return pdfs


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_every_word_file_opens_in_libreoffice(example: Path, tmp_path: Path,
                                              soffice: str) -> None:
    out = tmp_path / "out"
    assert run_cli("render", example, "-o", out).exit_code == 0
    documents = sorted(out.rglob("*.docx"))
    # Several folders hold files of the same name stem: give each a unique copy.
    flat = tmp_path / "flat"
    flat.mkdir()
    copies = []
    for document in documents:
        copy = flat / (document.relative_to(out).as_posix().replace("/", "__"))
        copy.write_bytes(document.read_bytes())
        copies.append(copy)
    pdfs = dict(zip(copies, to_pdfs(soffice, copies, tmp_path), strict=True))
    for copy, pdf in pdfs.items():
        reader = PdfReader(str(pdf))
        assert len(reader.pages) >= 1, copy.name
        text = "".join(page.extract_text() for page in reader.pages)
        assert "{{" not in text and "{%" not in text, copy.name
    rules = PdfReader(str(pdfs[flat / "rules.docx"]))
    assert len(rules.pages) >= 3, "the rules should run to several pages"
    first_page = rules.pages[0].extract_text()
    last_word = load_spec(example).spec.society.name.split()[-1]
    assert "Rules of" in first_page and last_word in first_page
    orders_text = " ".join(" ".join(page.extract_text() for page in
                                    PdfReader(str(pdfs[flat / "standing-orders.docx"])).pages)
                           .split())
    assert "Standing orders of" in orders_text
    assert "the rules or the Act prevail" in orders_text
    rules_text = " ".join(" ".join(page.extract_text() for page in rules.pages).split())
    if load_spec(example).spec.dissolution.asset_lock.value == "statutory":
        assert "must be inserted here word for word" in rules_text
