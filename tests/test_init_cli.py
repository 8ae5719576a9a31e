"""`coopfound init` without a person at the keyboard: defaults, answers, --set, drafts."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import yaml
from conftest import ENGLAND, WALES, line_of, run_cli

from coopfound.interview.drafts import save_draft
from coopfound.spec.loader import load_spec


def test_defaults_write_a_spec_that_passes_check_with_no_terminal(tmp_path: Path) -> None:
    out = tmp_path / "coop.yaml"
    result = run_cli("init", "--defaults", "--out", out)
    assert result.exit_code == 0, result.stderr
    assert "passes the checks" in result.stdout
    assert "coopfound render" in result.stdout  # the next steps
    assert "(CF302)" in result.stdout  # the placeholders are pointed out
    assert not (tmp_path / "coop.draft.yaml").exists()
    assert run_cli("render", out, "-o", tmp_path / "out").exit_code == 0


def test_missing_answers_without_a_terminal_exit_at_once(tmp_path: Path) -> None:
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "coopfound", "init", "--out",
                           str(tmp_path / "coop.yaml")], stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, timeout=60, check=False)
    assert time.monotonic() - started < 30
    assert done.returncode == 3
    # Named as the founder knows them, the question's own words, with the key after.
    assert ("answers are missing: Which nation will the registered office be in?"
            " (society.registered_office.nation); What kind of society") in done.stderr
    assert "--defaults" in done.stderr
    assert not (tmp_path / "coop.yaml").exists()


def test_set_answers_pass_the_same_checks(tmp_path: Path) -> None:
    out = tmp_path / "coop.yaml"
    result = run_cli("init", "--defaults", "--out", out,
                     "--set", "society.name=Cwm Care Co-operative",
                     "--set", "board.term_years=three")
    assert result.exit_code == 3
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert any("society.name" in e and "does not end 'Limited'" in e for e in errors), errors
    assert not any("(CF" in e for e in errors)
    assert any("board.term_years" in e and "whole number" in e for e in errors), errors
    assert not out.exists()


def test_set_gives_exact_text_and_typed_values(tmp_path: Path) -> None:
    out = tmp_path / "coop.yaml"
    name = 'Gofal "Tŷ\'r Ŵyn" & <Cymru> Cyfyngedig'
    result = run_cli("init", "--defaults", "--out", out,
                     "--set", "society.registered_office.nation=wales",
                     "--set", f"society.name={name}", "--set", "board.term_years=2",
                     "--set", "seal.has_seal=yes")
    assert result.exit_code == 0, result.stderr
    spec = load_spec(out).spec
    assert spec.society.name == name
    assert spec.board.term_years == 2 and spec.seal.has_seal is True


def test_unknown_set_key_suggests_the_right_one(tmp_path: Path) -> None:
    result = run_cli("init", "--defaults", "--out", tmp_path / "coop.yaml",
                     "--set", "board.term_year=2")
    assert result.exit_code == 2  # a usage mistake: no such question
    assert "did you mean 'board.term_years'?" in result.stderr


def test_answers_file_errors_name_the_file_and_key(tmp_path: Path) -> None:
    answers = tmp_path / "answers.yaml"
    data = yaml.safe_load(WALES.read_text(encoding="utf-8"))
    data["board"]["max_directors"] = 2
    data["sociey"] = data.pop("society")
    answers.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = run_cli("init", "--answers", answers, "--out", tmp_path / "coop.yaml")
    assert result.exit_code == 3
    line = line_of(answers, "^sociey:")
    assert f"Error: {answers}:{line}: sociey: 'sociey' is not a question" in result.stderr
    assert f"{answers}:{line_of(answers, 'max_directors: 2')}: board.max_directors:" \
        in result.stderr
    assert "did you mean 'society" in result.stderr


def test_an_existing_spec_is_not_replaced_without_force(tmp_path: Path) -> None:
    out = tmp_path / "coop.yaml"
    out.write_text("mine", encoding="utf-8")
    result = run_cli("init", "--defaults", "--out", out)
    assert result.exit_code == 2
    assert "--force" in result.stderr
    assert out.read_text(encoding="utf-8") == "mine"
    assert run_cli("init", "--defaults", "--out", out, "--force").exit_code == 0
    assert load_spec(out).spec.spec_version == 1


def test_resume_from_a_draft_without_a_terminal(tmp_path: Path) -> None:
    out = tmp_path / "coop.yaml"
    save_draft(tmp_path / "coop.draft.yaml", {
        "society.registered_office.nation": "wales", "_name_ending": "Cyfyngedig",
        "society.name": "Gofal y Dyffryn Cyfyngedig"})
    result = run_cli("init", "--resume", "--defaults", "--out", out)
    assert result.exit_code == 0, result.stderr
    assert load_spec(out).spec.society.name == "Gofal y Dyffryn Cyfyngedig"
    assert not (tmp_path / "coop.draft.yaml").exists()


def test_without_resume_a_draft_is_left_alone(tmp_path: Path) -> None:
    draft = tmp_path / "coop.draft.yaml"
    save_draft(draft, {"society.name": "Kept Limited"})
    result = run_cli("init", "--answers", ENGLAND, "--out", tmp_path / "coop.yaml")
    assert result.exit_code == 0, result.stderr
    assert "Kept Limited" in draft.read_text(encoding="utf-8")


def test_set_for_a_question_that_does_not_apply_is_refused(tmp_path: Path) -> None:
    result = run_cli("init", "--defaults", "--out", tmp_path / "coop.yaml",
                     "--set", "society.legal_form=community_benefit_society",
                     "--set", "profits.patronage_return=true")
    assert result.exit_code == 3
    assert "profits.patronage_return: this question does not apply" in result.stderr


def test_numbers_are_read_as_people_write_them(tmp_path: Path) -> None:
    out = tmp_path / "coop.yaml"
    result = run_cli("init", "--defaults", "--out", out, "--set", "borrowing.limit=£250,000",
                     "--set", "profits.reserve_min_pct=40%",
                     "--set", "society.registered_office.postcode=hx7 8ad")
    assert result.exit_code == 0, result.stderr
    spec = load_spec(out).spec
    assert spec.borrowing.limit == 250000 and spec.profits.reserve_min_pct == 40
    assert spec.society.registered_office.postcode == "HX7 8AD"


def test_a_charity_with_a_members_council_from_the_interview(tmp_path: Path) -> None:
    """A charitable CBS gets charity law's lock and no staff on the board by default; a
    council gets seats with people receiving care holding half, and passes check."""
    out = tmp_path / "coop.yaml"
    result = run_cli("init", "--defaults", "--out", out,
                     "--set", "society.legal_form=community_benefit_society",
                     "--set", "society.charitable=yes", "--set", "_council=yes",
                     "--set", "council.appoints_directors=1")
    assert result.exit_code == 0, result.stderr
    data = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert data["society"]["charitable"] is True
    assert data["dissolution"]["asset_lock"] == "common_ownership"
    assert data["board"]["staff_directors_max_pct"] == 0
    seats = data["council"]["seats"]
    receiving = seats.pop("people_receiving_care")
    assert receiving == sum(seats.values()) and data["council"]["appoints_directors"] == 1
    assert run_cli("check", out).exit_code == 0


def test_answers_without_a_nation_take_it_from_the_postcode_or_the_name(
        tmp_path: Path) -> None:
    for postcode, name, nation in (("LL32 8AA", "Cwm Care Limited", "wales"),
                                   ("KY15 4BY", "Fife Care Limited", "scotland"),
                                   ("HX7 8AD", "Gofal Cwm Cyfyngedig", "wales"),
                                   ("HX7 8AD", "Valley Care Limited", "england")):
        out = tmp_path / f"{nation}-{postcode[:2]}.yaml"
        result = run_cli("init", "--defaults", "--out", out,
                         "--set", f"society.registered_office.postcode={postcode}",
                         "--set", f"society.name={name}")
        assert result.exit_code == 0, result.stderr
        data = yaml.safe_load(out.read_text(encoding="utf-8"))
        assert data["society"]["registered_office"]["nation"] == nation, (postcode, name)


def test_an_answers_file_problem_names_its_line(tmp_path: Path) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text('society:\n  name: "Valley Care Co-operative Limited"\n'
                       "shares:\n  value: 0\n", encoding="utf-8")
    result = run_cli("init", "--answers", answers, "--out", tmp_path / "coop.yaml",
                     "--defaults")
    assert result.exit_code == 3
    assert f"Error: {answers}:4: shares.value: it must be more than 0" in result.stderr
