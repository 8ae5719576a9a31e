"""Each community-model option in the spec changes the rules a founder signs, or the
standing orders the founding meeting adopts with them."""

from __future__ import annotations

import copy
from typing import Any

import pytest
import yaml
from conftest import WALES

from coopfound.output.provenance import Provenance
from coopfound.rules.markdown import rules_markdown
from coopfound.rules.rulebook import ORDERS, build_rulebook
from coopfound.spec.model import Spec
from coopfound.templating.packs import builtin_pack

BASE = yaml.safe_load(WALES.read_text(encoding="utf-8"))
WEIGHTS = {"people_receiving_care": 40, "family_carers": 15, "care_workers": 35,
           "community_supporters": 10}


def text_of(data: dict[str, Any]) -> str:
    spec = Spec.model_validate(data)
    book = build_rulebook(spec, builtin_pack())
    orders = build_rulebook(spec, builtin_pack(), ORDERS, rules=book)
    assert not book.broken_references + orders.broken_references
    stamp = Provenance("test", "0" * 64, book.law_as_at, "test")
    return rules_markdown(book, stamp, "test") + rules_markdown(orders, stamp, "test")


def changed(path: str, value: Any) -> dict[str, Any]:
    data = copy.deepcopy(BASE)
    target: Any = data
    parts = path.split(".")
    for part in parts[:-1]:
        target = target[int(part)] if part.isdigit() else target.setdefault(part, {})
    target[parts[-1]] = value
    return data


def weighted() -> dict[str, Any]:
    data = changed("voting.system", "weighted_classes")
    for member_class in data["member_classes"]:
        member_class["vote_weight_pct"] = WEIGHTS[member_class["id"]]
    return data


OPTIONS: list[tuple[str, Any]] = [
    ("member_classes.0.role", "other"),
    ("member_classes.0.qualifying_weeks", 4),
    ("member_classes.0.ends_when_ineligible", False),
    ("member_classes.0.grace_weeks", 4),
    ("member_classes.0.share_waived", False),
    ("member_classes.0.board_seats", {"min": 3, "max": 4}),
    ("member_classes.0.may_requisition", False),
    ("voting.non_user_cap_pct", 20),
    ("voting.class_consent", ["purpose"]),
    ("general_meetings.quorum.min_per_user_class", 2),
    ("general_meetings.extra_meetings_per_year", 1),
    ("board.staff_directors_max_pct", 30),
    ("participation.advocate_route", False),
    ("participation.supported_decision_making", False),
    ("participation.easy_read", False),
    ("stewardship.entrenched_purpose", False),
    ("stewardship.board_duty", False),
    ("stewardship.social_account", False),
    ("stewardship.service_user_feedback", False),
    ("stewardship.care_quality_to_agm", False),
    ("stewardship.member_training", False),
    ("stewardship.director_induction", False),
]


@pytest.fixture(scope="module")
def base_text() -> str:
    return text_of(BASE)


@pytest.mark.parametrize(("path", "value"), OPTIONS, ids=[p for p, _ in OPTIONS])
def test_option_changes_the_rules(base_text: str, path: str, value: Any) -> None:
    assert text_of(changed(path, value)) != base_text


def test_weighted_voting_states_each_class_weight(base_text: str) -> None:
    text = text_of(weighted())
    assert text != base_text
    for member_class in BASE["member_classes"]:
        assert f"{member_class['name']}: {WEIGHTS[member_class['id']]}%" in text


def test_changing_a_weight_changes_the_rules() -> None:
    data = weighted()
    data["member_classes"][0]["vote_weight_pct"] = 45
    data["member_classes"][2]["vote_weight_pct"] = 30
    assert text_of(data) != text_of(weighted())
