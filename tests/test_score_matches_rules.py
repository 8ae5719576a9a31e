"""`score` and its simulation never claim a protection the rules do not give: for every
subset of the reserved matters, the classes the score calls protected are exactly the
classes the rendered class-consent rule names."""

from __future__ import annotations

import itertools
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import ENGLAND, ROOT, run_cli
from test_rules_findings import data_of, rules_of

MATTERS = ["purpose", "class_rights", "asset_lock", "dissolution", "closing_a_service",
           "charging_policy"]
SUBSETS = [list(s) for n in range(len(MATTERS) + 1) for s in itertools.combinations(MATTERS, n)]


def named_classes(rule_item: str, data: dict[str, Any]) -> set[str]:
    """The class ids a class-consent item names, read from its words as a member would."""
    classes = data["member_classes"]
    who = rule_item.rsplit(": ", 1)[1]
    if who.startswith("each class whose rights"):
        return {c["id"] for c in classes}
    if who.startswith("each user class"):
        return {c["id"] for c in classes if c["user_class"]}
    if who.startswith("every member class"):
        return {c["id"] for c in classes}
    return {c["id"] for c in classes if c["name"] in who}


def protected_in_score(spec: Path) -> dict[str, set[str]]:
    result = run_cli("score", spec, "--format", "json")
    assert result.exit_code == 0, result.stderr
    found: dict[str, set[str]] = {m: set() for m in MATTERS}
    for entry in json.loads(result.stdout)["simulation"]["reserved_matters"]:
        if entry["protected_by_rules"]:
            found[entry["matter"]].add(entry["class"])
    return found


@pytest.mark.parametrize("example", [ENGLAND, ROOT / "examples" / "england-members-council.yaml"],
                         ids=lambda p: p.stem)
def test_every_subset_of_reserved_matters_scores_as_the_rules_read(
        example: Path, tmp_path: Path) -> None:
    for subset in SUBSETS:
        data = data_of(example)
        data["voting"]["class_consent"] = subset
        spec = tmp_path / "coop.yaml"
        spec.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        rules = rules_of(data)
        from_rules = {m: named_classes(rules[f"class_consent.decisions.{m}"], data)
                      if f"class_consent.decisions.{m}" in rules else set() for m in MATTERS}
        assert protected_in_score(spec) == from_rules, subset
