"""The community model: checks with codes, explain, the scorecard and the vote simulation."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import ENGLAND, EXAMPLES, ROOT, SCOTLAND, WALES, run_cli

from coopfound.checks.base import CHECKS
from coopfound.control.governance import coalitions, protections, vote_shares
from coopfound.spec.loader import load_spec
from coopfound.spec.model import ConsentMatter

INVESTOR_DOMINATED = ROOT / "tests" / "specs" / "investor-dominated.yaml"


def codes(spec: Path) -> list[str]:
    return [f["code"] for f in json.loads(run_cli("check", spec, "--format", "json").stdout)[
        "findings"]]


def score_of(spec: Path, *extra: str) -> dict[str, Any]:
    result = run_cli("score", spec, "--format", "json", *extra)
    data: dict[str, Any] = json.loads(result.stdout)
    data["exit_code"] = result.exit_code
    return data


def variant(tmp_path: Path, source: Path, change: dict[str, Any]) -> Path:
    """A copy of `source` with nested keys set, e.g. {"voting": {"non_user_cap_pct": 30}}."""
    data = yaml.safe_load(source.read_text(encoding="utf-8"))

    def merge(target: dict[str, Any], update: dict[str, Any]) -> None:
        for key, value in update.items():
            if isinstance(value, dict) and isinstance(target.get(key), dict):
                merge(target[key], value)
            else:
                target[key] = value

    merge(data, change)
    path = tmp_path / "coop.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_examples_score_as_member_controlled(example: Path) -> None:
    card = score_of(example)
    assert card["exit_code"] == 0
    assert card["band"] in {"strongly member-controlled", "adequate"}
    assert card["total"] >= 85, card["indicators"]
    assert sum(i["points"] for i in card["indicators"]) == 100


def test_investor_dominated_co_op_fails_with_the_right_codes_and_scores_low() -> None:
    found = codes(INVESTOR_DOMINATED)
    assert {"CF142", "CF143"} <= set(found)  # investors control votes and board
    assert {"CF161", "CF162", "CF170", "CF124", "CF169"} <= set(found)
    assert run_cli("check", INVESTOR_DOMINATED).exit_code == 3
    card = score_of(INVESTOR_DOMINATED)
    assert card["exit_code"] == 3
    assert card["band"] == "not acceptable" and card["total"] < 40
    user_control = card["indicators"][0]
    assert user_control["score"] == 0 and "40%" in user_control["found"]


def test_a_good_score_is_not_acceptable_while_the_spec_has_errors(tmp_path: Path) -> None:
    spec = variant(tmp_path, WALES, {"society": {"name": "Gofal Cwm Conwy"}})
    card = score_of(spec)
    assert card["total"] >= 85 and card["has_errors"] is True
    assert card["band"] == "not acceptable" and card["exit_code"] == 3


def test_user_control_cap_applies_when_users_have_no_control(tmp_path: Path) -> None:
    classes = yaml.safe_load(ENGLAND.read_text(encoding="utf-8"))["member_classes"]
    for member_class in classes:
        member_class["vote_weight_pct"] = {"investors": 80}.get(member_class["id"], 10)
        member_class["board_seats"] = {"min": 0, "max": 1}
    spec = variant(tmp_path, ENGLAND, {"member_classes": classes,
                                       "voting": {"non_user_cap_pct": None,
                                                  "class_consent": []}})
    card = score_of(spec)
    assert [i["score"] for i in card["indicators"][:3]] == [0, 0, 0]
    assert card["capped_for_user_control"] is True and card["total"] == 50


def _england_classes(**changes: dict[str, Any]) -> list[dict[str, Any]]:
    classes = yaml.safe_load(ENGLAND.read_text(encoding="utf-8"))["member_classes"]
    for member_class in classes:
        member_class.update(changes.get(member_class["id"], {}))
    return classes


@pytest.mark.parametrize("classes", [
    # no class is a user class at all
    _england_classes(people_receiving_care={"user_class": False},
                     care_workers={"user_class": False}),
    # user classes exist but count for nothing: weights 0/0/100
    _england_classes(people_receiving_care={"vote_weight_pct": 0},
                     care_workers={"vote_weight_pct": 0}, investors={"vote_weight_pct": 100}),
], ids=["all-non-user", "weights-0-0-100"])
def test_cap_of_50_when_user_classes_cannot_pass_an_ordinary_resolution_alone(
        tmp_path: Path, classes: list[dict[str, Any]]) -> None:
    spec = variant(tmp_path, ENGLAND, {"member_classes": classes,
                                       "voting": {"non_user_cap_pct": None}})
    card = score_of(spec)
    assert card["capped_for_user_control"] is True and card["total"] == 50
    assert card["indicators"][0]["score"] == 0


def test_no_cap_while_user_classes_keep_a_majority() -> None:
    for example in sorted((ROOT / "examples").glob("*.yaml")):
        assert score_of(example)["capped_for_user_control"] is False, example.name


def test_simulated_numbers_that_break_the_membership_rule_are_refused(tmp_path: Path) -> None:
    """One member one vote with no cap: indicator 1 relies on the rule that users are always
    a majority of members, so the simulation refuses numbers that break it rather than show
    a table that contradicts the indicator."""
    classes = _england_classes()
    for member_class in classes:
        member_class.pop("vote_weight_pct")
    spec = variant(tmp_path, ENGLAND, {"member_classes": classes, "voting": {
        "system": "one_member_one_vote", "non_user_cap_pct": None}})
    assert "users hold more than half of the votes" in score_of(spec)["indicators"][0]["found"]
    for numbers in (["investors=1000"],
                    ["investors=5", "people_receiving_care=0", "care_workers=0"]):
        card = score_of(spec, *(a for n in numbers for a in ("--members", n)))
        assert card["exit_code"] == 2
        assert "more than half of all members" in card["problems"][0]["message"]


def test_service_user_voice_is_judged_against_the_largest_board_and_council_scores() -> None:
    council = score_of(ROOT / "examples" / "england-members-council.yaml")
    voice = council["indicators"][1]
    assert "(a third is 4)" in voice["found"]  # a board of up to 11
    assert council["indicators"][15]["score"] == 3
    assert "6 of 12 seats" in council["indicators"][15]["found"]
    assert score_of(WALES)["indicators"][15]["score"] == 0


@pytest.mark.parametrize(("change", "code"), [
    ({"voting": {"non_user_cap_pct": 30}}, "CF142"),
    ({"voting": {"non_user_cap_pct": 20}}, "CF165"),
    ({"voting": {"class_consent": ["purpose"]}}, "CF162"),
    ({"participation": {"advocate_route": False}}, "CF161"),
    ({"board": {"max_coopted": 3}}, "CF164"),
    ({"general_meetings": {"notice_clear_days": 10}}, "CF166"),
    ({"general_meetings": {"extra_meetings_per_year": 0}}, "CF167"),
    ({"board": {"max_consecutive_terms": None}}, "CF168"),
    ({"stewardship": {"social_account": False}}, "CF169"),
])
def test_each_weakness_is_named_by_its_code(tmp_path: Path, change: dict[str, Any],
                                            code: str) -> None:
    assert code not in codes(WALES)
    assert code in codes(variant(tmp_path, WALES, change))


def test_people_receiving_care_checks(tmp_path: Path) -> None:
    classes = yaml.safe_load(WALES.read_text(encoding="utf-8"))["member_classes"]
    classes[0].update(qualifying_weeks=26, share_waived=False, minimum_shares=5)
    found = codes(variant(tmp_path, WALES, {"member_classes": classes}))
    assert {"CF163", "CF171"} <= set(found)


def test_weights_must_cover_every_class_and_add_up(tmp_path: Path) -> None:
    classes = yaml.safe_load(ENGLAND.read_text(encoding="utf-8"))["member_classes"]
    classes[0]["vote_weight_pct"] = 50
    assert "CF141" in codes(variant(tmp_path, ENGLAND, {"member_classes": classes}))


def test_explain_every_code() -> None:
    for code, info in CHECKS.items():
        result = run_cli("explain", code.lower())
        assert result.exit_code == 0
        assert result.stdout.startswith(f"{code} ({info.severity.value}): {info.summary}")
        assert f"Source: {info.source}" in result.stdout
    assert run_cli("explain", "CF999").exit_code == 2


def test_every_code_the_checks_use_is_in_the_catalogue_and_the_other_way_round() -> None:
    source = "".join(p.read_text(encoding="utf-8")
                     for p in (ROOT / "coopfound").rglob("*.py"))
    used = set(re.findall(r'"(CF\d{3})"', source))
    assert used == set(CHECKS)


def test_simulation_with_weights() -> None:
    spec = load_spec(ENGLAND).spec
    shares = vote_shares(spec)
    assert {k: float(v) for k, v in shares.shares.items()} == {
        "people_receiving_care": 45.0, "care_workers": 45.0, "investors": 10.0}
    winning = {c.classes: (c.passes_ordinary, c.passes_extraordinary)
               for c in coalitions(spec, shares)}
    assert winning[("people_receiving_care", "care_workers")] == (True, True)
    assert ("investors",) not in winning


def test_simulation_counts_expected_members_and_applies_the_cap() -> None:
    spec = load_spec(SCOTLAND).spec
    shares = vote_shares(spec, {"day_service_users": 10, "family_carers": 10, "staff": 10,
                                "community_members": 70})
    assert float(round(shares.shares["community_members"], 6)) == 10.0  # the 10% cap
    result = run_cli("score", SCOTLAND, "--members", "community_members=70")
    assert ("the members given, and 10 in each class not named (day_service_users,"
            " family_carers, staff)") in " ".join(result.stdout.split())
    assert run_cli("score", SCOTLAND, "--members", "nobody=3").exit_code == 2


def test_a_class_without_consent_can_be_outvoted_on_its_rights() -> None:
    spec = load_spec(WALES).spec
    without = spec.model_copy(update={"voting": spec.voting.model_copy(
        update={"class_consent": [ConsentMatter.purpose], "non_user_cap_pct": None})})
    exposed = {(p.class_id, p.matter) for p in protections(without, vote_shares(without))
               if p.outvoted}
    assert ("people_receiving_care", ConsentMatter.class_rights) in exposed
    assert not [p for p in protections(spec, vote_shares(spec)) if p.outvoted
                and p.matter == ConsentMatter.class_rights]
