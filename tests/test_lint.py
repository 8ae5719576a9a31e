"""`coopfound templates lint`: a maintainer's CI catches a broken template before a founder."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import EXAMPLES, ROOT, WALES, edited, run_cli
from test_template_packs import make_pack

from coopfound.founding.letters import pack_context
from coopfound.lint.contexts import document_shapes, rule_shapes
from coopfound.rules.rulebook import build_rulebook, template_context
from coopfound.spec.loader import load_spec
from coopfound.templating.packs import builtin_pack

BUILTIN = builtin_pack().roots[0]


def lint(pack: Path | None) -> tuple[int, list[dict[str, Any]]]:
    result = run_cli("templates", "lint", "--format", "json", *([pack] if pack else []))
    return result.exit_code, json.loads(result.stdout)["findings"]


def lint_text(pack: Path | None) -> str:
    return run_cli("templates", "lint", *([pack] if pack else [])).stdout


def clause(name: str) -> str:
    return (BUILTIN / "rules" / "clauses" / f"{name}.md.j2").read_text(encoding="utf-8")


def test_the_built_in_pack_is_clean() -> None:
    code, findings = lint(None)
    assert (code, findings) == (0, [])


def test_a_typo_in_a_name_fails_with_file_and_line(tmp_path: Path) -> None:
    pack = make_pack(tmp_path / "pack", letters__welcome_letter_md_j2=(
        "# Welcome\n\nDear member of {{ socety.name }},\n"))
    code, findings = lint(pack)
    text = lint_text(pack)
    assert code == 3
    variable = next(f for f in findings if f["kind"] == "variable")
    assert variable["file"].endswith("letters/welcome_letter.md.j2")
    assert variable["line"] == 3
    assert "did you mean 'society'" in variable["message"]
    assert re.search(r"^Error: .*welcome_letter\.md\.j2:3: 'socety'", text, re.MULTILINE)
    # The examples' renders meet the same typo at the same place: it is reported once.
    assert not any(f["kind"] == "example" for f in findings)


def test_an_attribute_typo_on_a_branch_no_example_takes_is_found(tmp_path: Path) -> None:
    text = clause("seal").replace("{% if", "{% if society.legal_form == 'nothing' %}"
                                  "{{ board.term_yeras }}{% endif %}{% if", 1)
    assert "term_yeras" in text
    pack = make_pack(tmp_path / "pack", "rules:\n  seal: {matters: [M13]}\n",
                     rules__clauses__seal_md_j2=text)
    code, findings = lint(pack)
    assert code == 3
    (variable,) = [f for f in findings if f["kind"] == "variable"]
    assert "'term_yeras' is not a field of Board; did you mean 'term_years'?" in (
        variable["message"])
    assert not [f for f in findings if f["kind"] == "example"]


def test_templates_are_told_that_choices_are_text_and_models_have_no_methods(
        tmp_path: Path) -> None:
    """Templates get data, not objects: `.value` of a choice and a model's methods are
    mistakes the linter names before any example meets them."""
    pack = make_pack(tmp_path / "pack", letters__welcome_letter_md_j2=(
        "# Welcome\n\n{% if false %}{{ society.registered_office.nation.value }}"
        " {{ society.model_dump() }} {{ society.name.upper() }}{% endif %}\n"))
    _, findings = lint(pack)
    messages = [f["message"] for f in findings if f["kind"] == "variable"]
    assert any("'value': a Nation choice is plain text, such as 'england'" in m
               for m in messages), messages
    assert any("'model_dump' is not a field of Society" in m for m in messages), messages
    assert not any("upper" in m for m in messages)


def test_loop_variables_are_followed_to_their_model(tmp_path: Path) -> None:
    pack = make_pack(tmp_path / "pack", letters__welcome_letter_md_j2=(
        "# Welcome\n\n{% for c in member_classes | selectattr('user_class') %}\n"
        "- {{ c.name }} {{ c.eligibilty }}\n{% endfor %}\n"
        "{{ (member_classes | map(attribute='nmae') | list) | length }}\n"))
    _, findings = lint(pack)
    messages = [f["message"] for f in findings if f["kind"] == "variable"]
    assert any("'eligibilty' is not a field of MemberClass" in m for m in messages)
    assert any("'nmae' is not a field of MemberClass" in m for m in messages)


def test_a_syntax_error_names_file_and_line(tmp_path: Path) -> None:
    pack = make_pack(tmp_path / "pack", letters__welcome_letter_md_j2=(
        "# Welcome\n\nHello\n{% if society.name %}\nno end\n"))
    code, findings = lint(pack)
    assert code == 3
    syntax = next(f for f in findings if f["kind"] == "syntax")
    assert syntax["file"].endswith("welcome_letter.md.j2") and syntax["line"] == 5


def test_a_word_shell_may_use_only_what_it_is_given(tmp_path: Path) -> None:
    from docx import Document

    pack = make_pack(tmp_path / "pack")
    (pack / "letters").mkdir()
    shell = Document(str(BUILTIN / "letters" / "document.docx"))
    shell.add_paragraph("Registered office: {{ society.registered_office }}")
    shell.save(str(pack / "letters" / "document.docx"))
    code, findings = lint(pack)
    assert code == 3
    (variable,) = [f for f in findings if f["kind"] == "variable"]
    assert variable["file"].endswith("letters/document.docx")
    assert "'society' is not given to this Word shell" in variable["message"]


def test_coverage_matters_and_references(tmp_path: Path) -> None:
    seal = clause("seal").replace("matters: [M13]", "matters: []")
    board = clause("board") + "\nSee {{ ref('board.no_such_label') }}.\n"
    pack = make_pack(tmp_path / "pack", "rules:\n  seal: {matters: []}\n",
                     rules__clauses__seal_md_j2=seal, rules__clauses__board_md_j2=board,
                     rules__clauses__purpse_md_j2=clause("purpose"))
    code, findings = lint(pack)
    assert code == 3
    kinds = {f["kind"]: f for f in findings}
    assert "M13" in kinds["coverage"]["message"]
    assert kinds["matters"]["file"].endswith("board.md.j2")  # not declared in pack.yaml
    assert "no paragraph labelled @no_such_label" in kinds["reference"]["message"]
    assert kinds["reference"]["line"] == board.count("\n") - 0
    assert "rules/clauses/purpse.md.j2 replaces nothing" in kinds["unused"]["message"]
    assert kinds["unused"]["hint"] == "did you mean rules/clauses/purpose.md.j2?"


def test_a_pack_example_that_fails_is_reported(tmp_path: Path) -> None:
    pack = make_pack(tmp_path / "pack")
    (pack / "examples").mkdir()
    edited(WALES, pack / "examples", ("term_years: 3", "term_years: many"), name="ours.yaml")
    code, findings = lint(pack)
    text = lint_text(pack)
    assert code == 3
    (example,) = findings
    assert example["kind"] == "example" and example["file"].endswith("ours.yaml")
    assert f"{len(EXAMPLES) + 1} examples" in text


def test_the_contexts_the_linter_assumes_are_the_real_ones() -> None:
    loaded = load_spec(WALES)
    rules = template_context(loaded.spec) | {"ref": None}
    assert set(rule_shapes()) == set(rules)
    letters = pack_context(loaded, build_rulebook(loaded.spec, builtin_pack()))
    assert set(document_shapes(per_class=False)) == set(letters)


def test_pre_commit_hook_runs_the_linter() -> None:
    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    assert hook["entry"] == "coopfound templates lint"
    assert hook["pass_filenames"] is False
    assert run_cli(*hook["entry"].split()[1:], "--help").exit_code == 0


@pytest.mark.parametrize("manifest", ["name: [\n", "version: '1'\n"])
def test_a_broken_manifest_is_a_finding(tmp_path: Path, manifest: str) -> None:
    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "pack.yaml").write_text(manifest)
    code, findings = lint(pack)
    assert code == 3
    assert findings[0]["kind"] == "manifest" and findings[0]["file"].endswith("pack.yaml")
    assert findings[0]["line"] is not None


def test_lint_reads_the_files_as_they_are_now(tmp_path: Path) -> None:
    pack = make_pack(tmp_path / "pack", letters__welcome_letter_md_j2="# Hi {{ socety }}\n")
    assert lint(pack)[0] == 3
    shutil.copy(BUILTIN / "letters" / "welcome_letter.md.j2",
                pack / "letters" / "welcome_letter.md.j2")
    assert lint(pack) == (0, [])


def test_files_in_the_wrong_place_are_reported(tmp_path: Path) -> None:
    pack = make_pack(tmp_path / "pack", letter__welcome_letter_md_j2="# Hi\n")
    (pack / "letters").mkdir()
    (pack / "letters" / "welcome_letter.md").write_text("# Hi\n")
    (pack / "rules").mkdir()
    (pack / "rules" / "rulebok.yaml").write_text("parts: []\n")
    (pack / "README.md").write_text("Our pack.\n")
    _, findings = lint(pack)
    unused = {f["file"].split("pack/", 1)[1]: f["hint"] for f in findings
              if f["kind"] == "unused"}
    assert unused == {
        "letter/welcome_letter.md.j2": "did you mean letters/welcome_letter.md.j2?",
        "letters/welcome_letter.md": "did you mean letters/welcome_letter.md.j2?",
        "rules/rulebok.yaml": "did you mean rules/rulebook.yaml?",
    }


def test_leaving_out_a_document_that_does_not_exist_is_an_error(tmp_path: Path) -> None:
    pack = make_pack(tmp_path / "pack", "documents:\n  - {id: agm-notise, omit: true}\n")
    code, findings = lint(pack)
    assert code == 3
    (manifest,) = [f for f in findings if f["kind"] == "manifest"]
    assert "no document 'agm-notise'" in manifest["message"]
    assert manifest["hint"] == "did you mean 'agm-notice'?"
    assert not [f for f in findings if f["kind"] == "unused"]


def test_manifest_matters_must_agree_with_an_empty_header(tmp_path: Path) -> None:
    pack = make_pack(tmp_path / "pack", "rules:\n  seal: {matters: [M13, M1]}\n",
                     rules__clauses__seal_md_j2=clause("seal").replace(
                         "matters: [M13]", "matters: []"))
    _, findings = lint(pack)
    (matters,) = [f for f in findings if f["kind"] == "matters"]
    assert "the header says [] but pack.yaml says ['M13', 'M1']" in matters["message"]
