"""Clause assembly on a small template pack: numbering, references, strictness.

A pack made here (not the built-in one) lets each test change one clause and see the
mechanism respond, independent of the rules' wording.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ENGLAND, WALES

from coopfound.errors import TemplateError
from coopfound.rules.rulebook import build_rulebook
from coopfound.spec.loader import load_spec
from coopfound.spec.model import Spec
from coopfound.templating.packs import TemplatePack, template_pack


def make_pack(root: Path, clauses: dict[str, str], order: list[str]) -> TemplatePack:
    rules = root / "rules"
    (rules / "clauses").mkdir(parents=True)
    (root / "pack.yaml").write_text("name: test pack\nversion: '1'\nlaw_as_at: 2026-01-31\n",
                                    encoding="utf-8")
    (rules / "rulebook.yaml").write_text(
        "parts:\n"
        f"  - title: One\n    clauses: [{', '.join(order[:2])}]\n"
        f"  - title: Two\n    clauses: [{', '.join(order[2:])}]\n", encoding="utf-8")
    for clause_id, text in clauses.items():
        (rules / "clauses" / f"{clause_id}.md.j2").write_text(text, encoding="utf-8")
    return template_pack(root)


def header(title: str, matters: str = "[]", when: str | None = None) -> str:
    when_line = f"when: {when}\n" if when else ""
    return f"{{#-\ntitle: {title}\nmatters: {matters}\n{when_line}-#}}\n"


@pytest.fixture
def wales() -> Spec:
    return load_spec(WALES).spec


@pytest.fixture
def england() -> Spec:
    return load_spec(ENGLAND).spec


def basic_pack(tmp_path: Path) -> TemplatePack:
    return make_pack(tmp_path, {
        "name": header("Name", "[M1]") + "The name is {{ society.name }}.\n",
        "withdrawal": header("Withdrawal", "[M9]", "shares.withdrawable")
        + "@notice Give notice.\n\n@second Then wait for:\n- @first one thing;\n- another.\n",
        "money": header("Money") + "See {{ ref('name') }} and {{ ref('final') }}.\n",
        "final": header("Final") + "{% if shares.withdrawable %}"
        "Under {{ ref('withdrawal.first') }} and {{ ref('withdrawal.second') }}."
        "{% else %}Nothing to withdraw.{% endif %}\n",
    }, ["name", "withdrawal", "money", "final"])


def test_optional_clause_leaves_no_gap(tmp_path: Path, wales: Spec, england: Spec) -> None:
    pack = basic_pack(tmp_path)
    assert not wales.shares.withdrawable and england.shares.withdrawable
    without = build_rulebook(wales, pack)
    with_it = build_rulebook(england, pack)
    assert [c.number for c in without.clauses()] == [1, 2, 3]
    assert [c.id for c in without.clauses()] == ["name", "money", "final"]
    assert [c.number for c in with_it.clauses()] == [1, 2, 3, 4]


def test_references_follow_the_numbering(tmp_path: Path, wales: Spec, england: Spec) -> None:
    pack = basic_pack(tmp_path)
    money = {c.id: c for c in build_rulebook(wales, pack).clauses()}["money"]
    assert money.paragraphs[0].text == "See rule 1 and rule 3."
    clauses = {c.id: c for c in build_rulebook(england, pack).clauses()}
    assert clauses["money"].paragraphs[0].text == "See rule 1 and rule 4."
    assert clauses["final"].paragraphs[0].text == "Under rule 2.2(a) and rule 2.2."


def test_paragraphs_and_items_are_numbered(tmp_path: Path, england: Spec) -> None:
    clause = {c.id: c for c in build_rulebook(england, basic_pack(tmp_path)).clauses()}[
        "withdrawal"]
    assert [p.number for p in clause.paragraphs] == ["2.1", "2.2"]
    assert [(i.letter, i.text) for i in clause.paragraphs[1].items] == [
        ("a", "one thing;"), ("b", "another.")]
    single = {c.id: c for c in build_rulebook(england, basic_pack(tmp_path / "b")).clauses()}
    assert single["name"].paragraphs[0].number == ""


def test_reference_to_a_left_out_clause_is_reported(tmp_path: Path, wales: Spec) -> None:
    pack = make_pack(tmp_path, {
        "name": header("Name", "[M1]") + "Name.\n",
        "withdrawal": header("Withdrawal", when="shares.withdrawable") + "Withdraw.\n",
        "money": header("Money") + "As {{ ref('withdrawal') }} says.\n",
    }, ["name", "withdrawal", "money"])
    rulebook = build_rulebook(wales, pack)
    assert len(rulebook.broken_references) == 1
    message = rulebook.broken_references[0].message
    assert "rule 2 (money)" in message and "'withdrawal'" in message
    assert "leave out" in message


def test_reference_to_an_unknown_label_is_reported(tmp_path: Path, wales: Spec) -> None:
    pack = make_pack(tmp_path, {
        "name": header("Name") + "Name.\n",
        "money": header("Money") + "As {{ ref('name.nowhere') }} says.\n",
    }, ["name", "money"])
    (problem,) = build_rulebook(wales, pack).broken_references
    assert "no such @label" in problem.message


def test_undefined_variable_names_template_line_and_variable(tmp_path: Path,
                                                             wales: Spec) -> None:
    pack = make_pack(tmp_path, {
        "name": header("Name") + "Line one.\n\nThe name is {{ society.nmae }}.\n",
    }, ["name"])
    with pytest.raises(TemplateError) as caught:
        build_rulebook(wales, pack)
    (problem,) = caught.value.problems
    assert problem.file is not None and problem.file.name == "name.md.j2"
    assert problem.line == 7
    assert "nmae" in problem.message


def test_printing_an_empty_value_is_an_error(tmp_path: Path, wales: Spec) -> None:
    assert wales.dissolution.recipient is not None
    pack = make_pack(tmp_path, {
        "name": header("Name") + "Name: {{ objects.community_benefit }}.\n",
    }, ["name"])
    assert wales.objects.community_benefit is None
    with pytest.raises(TemplateError) as caught:
        build_rulebook(wales, pack)
    assert "empty" in caught.value.problems[0].message
    assert caught.value.problems[0].line == 5


def test_a_clause_that_renders_nothing_is_an_error(tmp_path: Path, wales: Spec) -> None:
    pack = make_pack(tmp_path, {
        "name": header("Name") + "{% if false %}Never.{% endif %}\n",
    }, ["name"])
    with pytest.raises(TemplateError, match="rendered no text"):
        build_rulebook(wales, pack)


def test_a_clause_without_header_is_an_error(tmp_path: Path, wales: Spec) -> None:
    pack = make_pack(tmp_path, {"name": "Just text.\n"}, ["name"])
    with pytest.raises(TemplateError, match="header"):
        build_rulebook(wales, pack)


def test_unknown_matter_is_an_error(tmp_path: Path, wales: Spec) -> None:
    pack = make_pack(tmp_path, {"name": header("Name", "[M15]") + "Text.\n"}, ["name"])
    with pytest.raises(TemplateError, match="unknown matter 'M15'"):
        build_rulebook(wales, pack)


def test_template_syntax_error_names_file_and_line(tmp_path: Path, wales: Spec) -> None:
    pack = make_pack(tmp_path, {
        "name": header("Name") + "Fine.\n\n{% if society.name %}Unclosed.\n",
    }, ["name"])
    with pytest.raises(TemplateError) as caught:
        build_rulebook(wales, pack)
    problem = caught.value.problems[0]
    assert "syntax error" in problem.message
    assert problem.line is not None
