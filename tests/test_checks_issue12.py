"""Checks added with the rules review (issue 12): CBS names in every spelling, rule-change
thresholds, charities, combined seat limits and the members' council."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import ROOT, SCOTLAND, WALES, edited, line_of, run_cli

CHARITABLE = ROOT / "examples" / "england-charitable-community.yaml"
COUNCIL = ROOT / "examples" / "england-members-council.yaml"
SCOTLAND_NAME = 'name: "Howe of Fife Community Day Services Limited"'


def findings(spec: Path) -> dict[str, str]:
    result = run_cli("check", spec, "--format", "json")
    return {f["code"]: f["field"] for f in json.loads(result.stdout)["findings"]}


@pytest.mark.parametrize("name", [
    "Howe of Fife Co-op Limited", "Howe of Fife Coop Care Limited",
    "Howe of Fife Co op Care Limited", "Howe of Fife Co\u2011operative Limited",
    "Howe of Fife Co \u2013 operative Limited", "Howe of Fife CO-OPERATIVE Limited",
    "Gofal Cydweithredol Fife Limited", "Menter Gydweithredol Fife Limited",
    "Howe of Fife Co\u00a0op Limited",
])
def test_cbs_names_are_refused_in_every_spelling_of_co_operative(
        tmp_path: Path, name: str) -> None:
    spec = edited(SCOTLAND, tmp_path, (SCOTLAND_NAME, f'name: "{name}"'))
    assert findings(spec).get("CF103") == "society.name"
    result = run_cli("check", spec)
    assert result.exit_code == 3
    assert f"{spec}:{line_of(spec, 'name:')}: society.name:" in result.stdout


@pytest.mark.parametrize("name", ["Howe of Fife Cooper Lane Care Limited",
                                  "Howe of Fife Coopers Limited"])
def test_words_that_only_contain_coop_are_not_refused(tmp_path: Path, name: str) -> None:
    spec = edited(SCOTLAND, tmp_path, (SCOTLAND_NAME, f'name: "{name}"'))
    assert "CF103" not in findings(spec)


@pytest.mark.parametrize(("pct", "code"), [(60, "CF136"), (50.01, "CF136"), (66, "CF136"),
                                           (50, "CF134")])
def test_low_rule_change_thresholds(tmp_path: Path, pct: float, code: str) -> None:
    spec = edited(WALES, tmp_path, ("extraordinary_resolution_pct: 75",
                                    f"extraordinary_resolution_pct: {pct}"))
    assert findings(spec).get(code) == "voting.extraordinary_resolution_pct"
    assert run_cli("check", spec).exit_code == (3 if code == "CF134" else 0)


def test_two_thirds_is_enough(tmp_path: Path) -> None:
    spec = edited(WALES, tmp_path, ("extraordinary_resolution_pct: 75",
                                    "extraordinary_resolution_pct: 66.67"))
    assert {"CF134", "CF136"}.isdisjoint(findings(spec))


def test_the_charitable_example_passes_and_its_traps_are_caught(tmp_path: Path) -> None:
    assert run_cli("check", CHARITABLE).exit_code == 0
    co_op = edited(CHARITABLE, tmp_path, ("legal_form: community_benefit_society",
                                          "legal_form: co_operative_society"))
    assert findings(co_op).get("CF127") == "society.charitable"
    locked = edited(CHARITABLE, tmp_path, ("asset_lock: common_ownership",
                                           "asset_lock: statutory"))
    assert findings(locked).get("CF128") == "dissolution.asset_lock"
    paid = edited(CHARITABLE, tmp_path, ("directors_paid: false", "directors_paid: true"))
    assert findings(paid).get("CF129") == "board.directors_paid"
    staff = edited(CHARITABLE, tmp_path, ("staff_directors_max_pct: 0",
                                          "staff_directors_max_pct: 25"))
    assert findings(staff).get("CF129") == "board.staff_directors_max_pct"
    assert run_cli("check", staff).exit_code == 0  # a warning: take advice


def test_combined_seat_limits(tmp_path: Path) -> None:
    assert run_cli("check", COUNCIL).exit_code == 0
    unknown = edited(COUNCIL, tmp_path, ("- classes: [people_receiving_care, family_carers]",
                                         "- classes: [people_receiving_care, families]"))
    assert findings(unknown).get("CF172", "").startswith("board.combined_seat_limits[0]")
    below = edited(COUNCIL, tmp_path, ("      max: 5", "      max: 2"))
    assert findings(below).get("CF173") == "board.combined_seat_limits[0].max"


@pytest.mark.parametrize(("old", "new", "code", "exit_code"), [
    ("    family_carers: 2\n", "    families: 2\n", "CF174", 3),
    ("    people_receiving_care: 6\n", "    people_receiving_care: 3\n", "CF175", 0),
    ("  appoints_directors: 2", "  appoints_directors: 4", "CF176", 0),
])
def test_members_council_checks(tmp_path: Path, old: str, new: str, code: str,
                                exit_code: int) -> None:
    """An unknown class is an error; a council without people receiving care at its heart,
    or one that appoints most of the board, is a warning the founders may weigh."""
    spec = edited(COUNCIL, tmp_path, (old, new))
    assert code in findings(spec)
    assert run_cli("check", spec).exit_code == exit_code
