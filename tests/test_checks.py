"""`coopfound check`: the Act's name rules, founders, legal form, and s.14 coverage."""

from __future__ import annotations

import dataclasses
import json
import re
import shutil
from pathlib import Path

import pytest
from conftest import ENGLAND, EXAMPLES, SCOTLAND, WALES, edited, line_of, run_cli

from coopfound.checks.run import run_checks
from coopfound.spec.loader import load_spec
from coopfound.spec.matters import MATTERS
from coopfound.templating.packs import builtin_pack, template_pack


def codes(spec: Path) -> list[str]:
    result = run_cli("check", spec, "--format", "json")
    return [f["code"] for f in json.loads(result.stdout)["findings"]]


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_examples_pass_and_cover_all_14_matters(example: Path) -> None:
    result = run_cli("check", example)
    assert result.exit_code == 0, result.stdout
    assert "Section 14 matters: 14 of 14 covered" in result.stdout
    assert "passes the checks" in result.stdout
    assert "NOT COVERED" not in result.stdout


def test_json_report_lists_each_matter_with_its_rules() -> None:
    result = run_cli("check", ENGLAND, "--format", "json")
    report = json.loads(result.stdout)
    assert report["ok"] is True and report["errors"] == 0
    assert [m["id"] for m in report["matters"]] == [m.id for m in MATTERS]
    assert all(m["rules"] for m in report["matters"])
    shares = next(m for m in report["matters"] if m["id"] == "M9")
    assert shares["fca_items"] == [9, 10]


def test_name_must_end_limited(tmp_path: Path) -> None:
    spec = edited(ENGLAND, tmp_path, ('name: "Kindred Care Co-operative Limited"',
                                      'name: "Kindred Care Co-operative"'))
    result = run_cli("check", spec)
    assert result.exit_code == 3
    line = line_of(spec, "name: \"Kindred Care Co-operative\"")
    assert re.search(rf"^Error: {re.escape(str(spec))}:{line}: society.name: .*\(CF101\)$",
                     result.stdout, re.MULTILINE)
    assert "\nHint: add 'Limited' as the last word of the name\n" in result.stdout


def test_cyfyngedig_only_in_wales(tmp_path: Path) -> None:
    spec = edited(ENGLAND, tmp_path, ('name: "Kindred Care Co-operative Limited"',
                                      'name: "Kindred Care Co-operative Cyfyngedig"'))
    assert "CF102" in codes(spec)


def test_limited_is_also_fine_in_wales(tmp_path: Path) -> None:
    spec = edited(WALES, tmp_path, ('Conwy Cyfyngedig"', 'Conwy Limited"'))
    assert run_cli("check", spec).exit_code == 0


def test_community_benefit_society_name_without_co_operative(tmp_path: Path) -> None:
    spec = edited(SCOTLAND, tmp_path, ('name: "Howe of Fife Community Day Services Limited"',
                                       'name: "Howe of Fife Co-operative Day Services Limited"'))
    assert "CF103" in codes(spec)
    spec = edited(SCOTLAND, tmp_path, ('name: "Howe of Fife Community Day Services Limited"',
                                       'name: "Howe of Fife Cooperative Day Services Limited"'))
    assert "CF103" in codes(spec)


def test_fewer_than_three_founders_is_an_error() -> None:
    loaded = load_spec(WALES)
    founders = loaded.spec.founding_members[:2]
    spec = loaded.spec.model_copy(update={"founding_members": founders})
    report = run_checks(dataclasses.replace(loaded, spec=spec), builtin_pack())
    assert [f.code for f in report.errors] == ["CF111"]


def test_statutory_asset_lock_is_for_community_benefit_societies(tmp_path: Path) -> None:
    spec = edited(WALES, tmp_path, ("asset_lock: common_ownership", "asset_lock: statutory"))
    assert "CF121" in codes(spec)


def test_withdrawable_cap(tmp_path: Path) -> None:
    spec = edited(ENGLAND, tmp_path, ("maximum_holding: 20000", "maximum_holding: 250000"))
    result = run_cli("check", spec)
    assert result.exit_code == 3
    assert "CF131" in result.stdout


def test_uncovered_matter_is_an_error(tmp_path: Path) -> None:
    # A pack replaces the seal clause and declares that it covers no s.14 matter.
    pack = tmp_path / "templates"
    (pack / "rules" / "clauses").mkdir(parents=True)
    (pack / "pack.yaml").write_text("name: No seal\nversion: '1'\nrules:\n"
                                    "  seal: {matters: []}\n", encoding="utf-8")
    builtin_seal = builtin_pack().find("rules/clauses/seal.md.j2")
    shutil.copy(builtin_seal, pack / "rules" / "clauses" / "seal.md.j2")
    report = run_checks(load_spec(WALES), template_pack(pack))
    assert [f.code for f in report.errors] == ["CF201"]
    assert "M13" in report.errors[0].message


def test_warnings_do_not_fail_the_check(tmp_path: Path) -> None:
    spec = edited(WALES, tmp_path, ("asset_lock: common_ownership", "asset_lock: co_ownership"))
    result = run_cli("check", spec)
    assert result.exit_code == 0
    assert re.search(r"^Warning: .*dissolution.asset_lock: .*\(CF124\)$", result.stdout,
                     re.MULTILINE)


def test_json_report_for_a_file_that_is_not_a_valid_spec(tmp_path: Path) -> None:
    spec = edited(WALES, tmp_path, ("term_years: 3", "term_years: many"))
    result = run_cli("check", spec, "--format", "json")
    assert result.exit_code == 3
    report = json.loads(result.stdout)
    assert report["ok"] is False
    (problem,) = report["findings"]
    assert problem["field"] == "board.term_years"
    assert problem["line"] == line_of(spec, "term_years: many")
    assert result.stderr.startswith("Error: ")


def test_statutory_lock_is_flagged_for_the_prescribed_words() -> None:
    result = run_cli("check", SCOTLAND)
    assert result.exit_code == 0
    assert "(CF126)" in result.stdout


def test_co_ownership_is_an_error_for_a_community_benefit_society(tmp_path: Path) -> None:
    spec = edited(SCOTLAND, tmp_path, ("asset_lock: statutory", "asset_lock: co_ownership"))
    assert "CF125" in codes(spec)


def test_a_left_out_section_is_named_with_the_defaults_it_takes(tmp_path: Path) -> None:
    text = WALES.read_text(encoding="utf-8")
    start = text.index("\nboard:\n")
    end = text.index("\n\n", start + 1)
    spec = tmp_path / "coop.yaml"
    spec.write_text(text[:start] + text[end:], encoding="utf-8")
    result = run_cli("check", spec)
    assert result.exit_code == 0
    (line,) = [ln for ln in result.stdout.splitlines() if "(CF301)" in ln]
    assert line.startswith("Warning: ") and "'board' is not in the spec" in line
    assert "min_directors: 3" in line and "max_directors: 12" in line
    assert "directors_paid: false" in line  # as the founder would write it in the spec


def test_curly_quotes_round_the_name_are_explained(tmp_path: Path) -> None:
    spec = edited(ENGLAND, tmp_path, ('name: "Kindred Care Co-operative Limited"',
                                      "name: \u201cKindred Care Co-operative Limited\u201d"))
    result = run_cli("check", spec)
    assert result.exit_code == 3
    assert "curly quote" in result.stdout
    assert "does not end" not in result.stdout


def test_postcode_must_look_like_a_uk_postcode(tmp_path: Path) -> None:
    spec = edited(WALES, tmp_path, ('postcode: "LL26 0EH"', 'postcode: "Llanrwst"'))
    result = run_cli("check", spec)
    assert result.exit_code == 3
    assert "'Llanrwst' is not a UK postcode" in result.stderr


def test_no_user_class_is_reported_not_crashed_on(tmp_path: Path) -> None:
    spec = tmp_path / "coop.yaml"
    spec.write_text(WALES.read_text(encoding="utf-8").replace("user_class: true",
                                                               "user_class: false"),
                    encoding="utf-8")
    result = run_cli("check", spec)
    assert result.exit_code == 3
    assert "(CF114)" in result.stdout
