"""`coopfound amend`: each example changed three ways, what cannot be done by amendment,
and a redline that a real office suite keeps as tracked changes."""

from __future__ import annotations

import copy
import json
import os
import shutil
import subprocess
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import EXAMPLES, ROOT, SCOTLAND, WALES, required_tool, run_cli

from coopfound.amend.compare import Kind
from coopfound.amend.documents import Amendment
from coopfound.amend.run import prepare
from coopfound.errors import SpecError
from coopfound.spec.model import Spec
from coopfound.templating.packs import builtin_pack

NOTICE = date(2027, 3, 1)
CHARITABLE = ROOT / "examples" / "england-charitable-community.yaml"
ENGLAND = ROOT / "examples" / "england-homecare-platform.yaml"


def data_of(path: Path) -> dict[str, Any]:
    return copy.deepcopy(yaml.safe_load(path.read_text(encoding="utf-8")))


def amend(old: Path, change: dict[str, Any] | None, tmp_path: Path,
          edit: Any = None) -> Amendment | None:
    data = data_of(old)
    if edit is not None:
        edit(data)
    new = tmp_path / "new.yaml"
    new.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    amendment, _ = prepare(old, new, builtin_pack(), NOTICE)
    return amendment


def toggle_withdrawable(data: dict[str, Any]) -> None:
    shares = data["shares"]
    if shares["withdrawable"]:
        shares["withdrawable"] = False
        shares.pop("withdrawal_notice_days", None)
    else:
        shares.update(withdrawable=True, withdrawal_notice_days=90, maximum_holding=500)


def new_mission(data: dict[str, Any]) -> None:
    data.setdefault("purpose", {})["mission"] = "Care that lasts, owned by those who share it."


def more_seats_for_the_first_class(data: dict[str, Any]) -> None:
    seats = data["member_classes"][0].setdefault("board_seats", {})
    seats["min"] = seats.get("min", 0) + 1
    data["board"]["min_directors"] = max(data["board"]["min_directors"], 9)
    data["board"]["max_directors"] = max(data["board"]["max_directors"], 12)


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_a_renumbering_change_is_reported_as_one(example: Path, tmp_path: Path) -> None:
    amendment = amend(example, None, tmp_path, toggle_withdrawable)
    assert amendment is not None
    kinds = {c.kind for c in amendment.changes}
    assert Kind.renumbered in kinds
    moved = [c for c in amendment.changes if c.kind is Kind.renumbered and c.old and c.new
             and c.old.number != c.new.number]
    assert moved, "rules after the new or removed one are renumbered, not changed"
    # A paragraph that keeps its number and only has a reference updated says so.
    assert all(c.old.number != c.new.number for c in amendment.changes  # type: ignore[union-attr]
               if c.kind is Kind.renumbered)
    # The withdrawal rule is added or removed whole, and counted once.
    assert any(r.startswith("new rule") or r.startswith("rule") for r in amendment.counted)
    assert len(amendment.counted) < 12
    assert amendment.procedure.decision.name == "extraordinary resolution"
    assert amendment.procedure.decision.threshold_pct == Spec.model_validate(
        data_of(example)).voting.extraordinary_resolution_pct
    band = amendment.band()
    assert band is not None and band["from"] <= len(amendment.counted)


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_changing_the_entrenched_purpose_needs_the_entrenched_procedure(
        example: Path, tmp_path: Path) -> None:
    amendment = amend(example, None, tmp_path, new_mission)
    assert amendment is not None
    procedure = amendment.procedure
    assert procedure.decision.name == "entrenched-rule resolution"
    assert procedure.decision.threshold_pct >= 90
    assert procedure.second_meeting is not None
    first, last = procedure.second_meeting
    assert (first - procedure.earliest_meeting).days == 28 and last > first
    users = tuple(c["id"] for c in data_of(example)["member_classes"] if c["user_class"])
    assert [(c.matter, c.classes) for c in procedure.consents] == [("purpose", users)]
    assert amendment.counted == ["rule 4"]
    assert amendment.band() == {"amendments": "1 to 6", "from": 1, "to": 6}


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_a_class_rights_change_needs_that_class_alone(example: Path, tmp_path: Path) -> None:
    amendment = amend(example, None, tmp_path, more_seats_for_the_first_class)
    assert amendment is not None
    first = data_of(example)["member_classes"][0]["id"]
    assert [(c.matter, c.classes) for c in amendment.procedure.consents] == [
        ("class_rights", (first,))]
    assert amendment.procedure.decision.name == "extraordinary resolution"
    assert any(c.where == "board.seats" and c.kind is Kind.changed
               for c in amendment.changes)


def test_the_earliest_meeting_counts_clear_days_and_postal_delivery(tmp_path: Path) -> None:
    amendment = amend(WALES, None, tmp_path, more_seats_for_the_first_class)
    assert amendment is not None
    # 14 clear days, after a notice posted on 1 March is treated as received on 3 March.
    assert amendment.procedure.earliest_meeting == date(2027, 3, 18)


def test_nothing_to_amend(tmp_path: Path) -> None:
    assert amend(WALES, None, tmp_path) is None


@pytest.mark.parametrize(("example", "edit", "code"), [
    (WALES, lambda d: d["society"].update(legal_form="community_benefit_society"), "CF401"),
    (SCOTLAND, lambda d: d["dissolution"].update(asset_lock="common_ownership"), "CF402"),
    (WALES, lambda d: d["society"]["registered_office"].update(nation="england"), "CF404"),
    (CHARITABLE, lambda d: d["society"].update(charitable=False), "CF407"),
    (WALES, lambda d: d["board"].update(min_directors=20), "CF406"),
], ids=["legal-form", "statutory-lock", "cyfyngedig-out-of-wales", "charity", "fails-check"])
def test_what_cannot_be_done_by_amendment(example: Path, edit: Any, code: str,
                                          tmp_path: Path) -> None:
    with pytest.raises(SpecError) as raised:
        amend(example, None, tmp_path, edit)
    assert any(f"({code})" in p.message for p in raised.value.problems)
    assert all(p.file is not None for p in raised.value.problems)


@pytest.mark.parametrize(("edit", "code"), [
    (lambda d: d["society"].update(name="Gofal Newydd Cyfyngedig"), "CF403"),
    (lambda d: d["voting"].update(extraordinary_resolution_pct=70), "CF405"),
])
def test_what_an_amendment_may_do_only_with_more(edit: Any, code: str,
                                                 tmp_path: Path) -> None:
    amendment = amend(WALES, None, tmp_path, edit)
    assert amendment is not None
    assert code in {f.code for f in amendment.findings}
    if code == "CF405":
        assert amendment.procedure.decision.name == "entrenched-rule resolution"


def test_the_example_pair_renders_the_whole_pack(tmp_path: Path) -> None:
    new = ROOT / "examples" / "amendments" / "wales-council.yaml"
    out = tmp_path / "amend"
    result = run_cli("amend", WALES, new, "-o", out, "--notice-date", "2027-03-01")
    assert result.exit_code == 0, result.stderr
    names = sorted(p.name for p in out.iterdir())
    assert {"changes.md", "notice-of-general-meeting.md", "minutes.md", "fca-application.md",
            "rules-as-amended.md", "rules-as-amended.docx", "rules-redline.docx",
            "manifest.json"} <= set(names)
    changes = (out / "changes.md").read_text(encoding="utf-8")
    assert "A members' council is set up" in changes and "£1 to £250" in changes
    assert "## Amendment history" in (out / "rules-as-amended.md").read_text(encoding="utf-8")
    fca = (out / "fca-application.md").read_text(encoding="utf-8")
    assert "could not be confirmed" in fca and "Fee band: 7 to 10 amendments" in fca
    data = json.loads(run_cli("amend", WALES, new, "-o", tmp_path / "again", "--format",
                              "json", "--notice-date", "2027-03-01").stdout)
    assert data["resolution"] == "extraordinary resolution"
    assert data["fee_band"] == "7 to 10" and "new rule 37" in data["amended_rules"]


def test_cli_exit_codes(tmp_path: Path) -> None:
    assert run_cli("amend", WALES, WALES, "-o", tmp_path / "same").exit_code == 0
    assert not (tmp_path / "same").exists()
    broken = tmp_path / "broken.yaml"
    data = data_of(WALES)
    data["society"]["legal_form"] = "community_benefit_society"
    broken.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = run_cli("amend", WALES, broken, "-o", tmp_path / "out")
    assert result.exit_code == 3 and "(CF401)" in result.stderr
    assert "Traceback" not in result.stderr and not (tmp_path / "out").exists()
    assert run_cli("amend", WALES, tmp_path / "missing.yaml", "-o",
                   tmp_path / "x").exit_code == 2


def test_from_git_takes_the_old_spec_from_a_revision(tmp_path: Path) -> None:
    required_tool("git")
    repo = tmp_path / "repo"
    repo.mkdir()
    spec = repo / "coop.yaml"
    shutil.copy(WALES, spec)
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    for args in (["init", "-q"], ["add", "coop.yaml"], ["commit", "-qm", "rules in force"]):
        subprocess.run(["git", "-C", str(repo), *args], check=True, env=env)
    data = data_of(WALES)
    new_mission(data)
    spec.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = run_cli("amend", "--from-git", "HEAD", spec, "-o", tmp_path / "out",
                     "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["resolution"] == "entrenched-rule resolution"
    bad = run_cli("amend", "--from-git", "no-such-rev", spec, "-o", tmp_path / "bad")
    assert bad.exit_code == 2 and "no-such-rev" in bad.stderr


@pytest.mark.office
def test_the_redline_keeps_its_tracked_changes_in_libreoffice(tmp_path: Path,
                                                             soffice: str) -> None:
    new = ROOT / "examples" / "amendments" / "wales-council.yaml"
    out = tmp_path / "amend"
    assert run_cli("amend", WALES, new, "-o", out).exit_code == 0
    subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path / 'profile'}",
                    "--headless", "--convert-to", "fodt", "--outdir", str(tmp_path),
                    str(out / "rules-redline.docx")], capture_output=True, timeout=300,
                   check=True)
    flat = (tmp_path / "rules-redline.fodt").read_text(encoding="utf-8")
    assert flat.count("<text:insertion") > 5 and flat.count("<text:deletion") > 5
    # The new council rule is there as an insertion, and the old share cap as a deletion.
    assert "members&apos; council" in flat or "members' council" in flat


def test_from_git_outside_a_repository_is_one_line(tmp_path: Path) -> None:
    spec = tmp_path / "coop.yaml"
    shutil.copy(WALES, spec)
    result = run_cli("amend", "--from-git", "HEAD", spec, "-o", tmp_path / "out")
    assert result.exit_code == 2 and "Traceback" not in result.stderr
    assert "git could not give coop.yaml at HEAD" in result.stderr
