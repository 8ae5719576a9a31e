"""Each example's output, compared with a reviewed copy in tests/golden/.

The rules text is compared word for word, so a change to the wording shows up as a diff
to review; every other file is compared by its SHA-256 (tests/golden/manifests/), so a
change that was meant to move code and not output (a refactoring) shows which files it
changed. When a change to the output is meant, regenerate with
`COOPFOUND_UPDATE_GOLDEN=1 pytest tests/test_golden.py` and commit the new golden files
with the change that caused them.
"""

from __future__ import annotations

import difflib
import json
import os
from pathlib import Path

import pytest
from conftest import EXAMPLES, ROOT

import coopfound.output.provenance
from coopfound.checks.run import run_checks
from coopfound.output.provenance import Provenance
from coopfound.publish.render import rules_subtitle
from coopfound.publish.run import publish
from coopfound.rules.markdown import rules_markdown
from coopfound.spec.loader import load_spec
from coopfound.templating.packs import builtin_pack

GOLDEN = ROOT / "tests" / "golden"
UPDATE = os.environ.get("COOPFOUND_UPDATE_GOLDEN") == "1"


def rendered_markdown(example: Path) -> str:
    report = run_checks(load_spec(example), builtin_pack())
    provenance = Provenance.of(report.loaded, builtin_pack())
    # The version stamp would change every golden file on each release; pin it here.
    provenance = Provenance("GOLDEN", provenance.spec_sha256, provenance.law_as_at,
                            provenance.templates)
    return rules_markdown(report.rulebook, provenance, rules_subtitle(report))


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_rules_match_the_reviewed_text(example: Path) -> None:
    golden = GOLDEN / f"{example.stem}.rules.md"
    text = rendered_markdown(example)
    if UPDATE:
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(text, encoding="utf-8")
    expected = golden.read_text(encoding="utf-8")
    diff = "".join(difflib.unified_diff(expected.splitlines(True), text.splitlines(True),
                                        str(golden), "rendered", n=1))
    assert text == expected, f"the rules text changed:\n{diff[:4000]}"


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_every_file_has_the_reviewed_bytes(example: Path, tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    # Every file carries the version that wrote it; pin it so a release changes nothing here.
    monkeypatch.setattr(coopfound.output.provenance, "__version__", "GOLDEN")
    publish(example, tmp_path / "out", builtin_pack(), force=False)
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text(encoding="utf-8"))
    hashes = {entry["name"]: entry["sha256"] for entry in manifest["files"]}
    golden = GOLDEN / "manifests" / f"{example.stem}.json"
    if UPDATE:
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(json.dumps(hashes, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    expected = json.loads(golden.read_text(encoding="utf-8"))
    changed = sorted(name for name in expected.keys() | hashes.keys()
                     if expected.get(name) != hashes.get(name))
    assert not changed, f"{len(changed)} of {len(expected)} files changed: {changed}"
