"""The rules text of each example, compared with a reviewed copy in tests/golden/.

A change to the wording shows up here as a diff to review. When the change is meant,
regenerate with `COOPFOUND_UPDATE_GOLDEN=1 pytest tests/test_golden.py` and commit the
new golden files with the change that caused them.
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path

import pytest
from conftest import EXAMPLES, ROOT

from coopfound.checks import run_checks
from coopfound.loader import load_spec
from coopfound.packs import builtin_pack
from coopfound.provenance import Provenance
from coopfound.render import rules_subtitle
from coopfound.rules_markdown import rules_markdown

GOLDEN = ROOT / "tests" / "golden"


def rendered_markdown(example: Path) -> str:
    report = run_checks(load_spec(example), builtin_pack())
    provenance = Provenance.of(report.loaded, report.rulebook)
    # The version stamp would change every golden file on each release; pin it here.
    provenance = Provenance("GOLDEN", provenance.spec_sha256, provenance.law_as_at,
                            provenance.templates)
    return rules_markdown(report.rulebook, provenance, rules_subtitle(report))


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_rules_match_the_reviewed_text(example: Path) -> None:
    golden = GOLDEN / f"{example.stem}.rules.md"
    text = rendered_markdown(example)
    if os.environ.get("COOPFOUND_UPDATE_GOLDEN") == "1":
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(text, encoding="utf-8")
    expected = golden.read_text(encoding="utf-8")
    diff = "".join(difflib.unified_diff(expected.splitlines(True), text.splitlines(True),
                                        str(golden), "rendered", n=1))
    assert text == expected, f"the rules text changed:\n{diff[:4000]}"
