"""Every way a spec file can be wrong gets one located line, a hint and exit code 3."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import WALES, edited, line_of, run_cli

from coopfound.errors import SpecError
from coopfound.spec.loader import load_spec

ERROR_LINE = re.compile(r"^Error: (?P<file>[^:]+):(?P<line>\d+): (?P<rest>.*)$")


def only_error(stderr: str) -> re.Match[str]:
    """The single Error line, parsed; there must be exactly one, with a Hint after it."""
    lines = stderr.strip().splitlines()
    errors = [line for line in lines if line.startswith("Error: ")]
    assert len(errors) == 1, stderr
    assert any(line.startswith("Hint: ") for line in lines), stderr
    assert "Traceback" not in stderr
    match = ERROR_LINE.match(errors[0])
    assert match, errors[0]
    return match


def test_examples_load() -> None:
    loaded = load_spec(WALES)
    assert loaded.spec.society.name.endswith("Cyfyngedig")
    assert loaded.spec.society.financial_year_end.display == "31 March"


def test_yaml_syntax_error_names_file_and_line(tmp_path: Path) -> None:
    spec = edited(WALES, tmp_path, ('  legal_form: co_operative_society',
                                    '  legal_form: [co_operative_society'))
    result = run_cli("check", spec)
    assert result.exit_code == 3
    error = only_error(result.stderr)
    assert error["file"] == str(spec)
    assert "not valid YAML" in error["rest"]
    # The parser notices the unclosed bracket at or just after the line it opens on.
    assert int(error["line"]) >= line_of(spec, r"legal_form: \[")


def test_wrong_type_names_field_path_and_value_line(tmp_path: Path) -> None:
    spec = edited(WALES, tmp_path, ("term_years: 3", 'term_years: "three"'))
    result = run_cli("check", spec)
    assert result.exit_code == 3
    error = only_error(result.stderr)
    assert int(error["line"]) == line_of(spec, "term_years:")
    assert error["rest"].startswith("board.term_years: ")
    assert "'three'" in error["rest"]


def test_wrong_type_inside_a_list_names_the_index(tmp_path: Path) -> None:
    spec = edited(WALES, tmp_path, ("    user_class: true\n    minimum_age: 18",
                                    "    user_class: perhaps\n    minimum_age: 18"))
    result = run_cli("check", spec)
    error = only_error(result.stderr)
    assert error["rest"].startswith("member_classes[0].user_class: ")
    assert int(error["line"]) == line_of(spec, "user_class: perhaps")


def test_missing_field_names_it_at_its_parent(tmp_path: Path) -> None:
    spec = edited(WALES, tmp_path, ('    postcode: "LL26 0EH"\n', ""))
    result = run_cli("check", spec)
    assert result.exit_code == 3
    error = only_error(result.stderr)
    assert error["rest"].startswith("society.registered_office.postcode: 'postcode' is missing")
    assert int(error["line"]) == line_of(spec, "registered_office:")


def test_unknown_key_suggests_the_close_one(tmp_path: Path) -> None:
    spec = edited(WALES, tmp_path, ("  legal_form:", "  legal_from:"))
    result = run_cli("check", spec)
    assert result.exit_code == 3
    assert "did you mean 'legal_form'?" in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    unknown = next(e for e in errors if "unknown key 'legal_from'" in e)
    assert f":{line_of(spec, 'legal_from:')}: society.legal_from:" in unknown


def test_unknown_key_far_from_any_field_gets_the_schema_hint(tmp_path: Path) -> None:
    spec = edited(WALES, tmp_path, ("spec_version: 1", "spec_version: 1\nwibble: 2"))
    result = run_cli("check", spec)
    error = only_error(result.stderr)
    assert "unknown key 'wibble'" in error["rest"]
    assert "coopfound schema" in result.stderr


@pytest.mark.parametrize("content", ["", "\n\n", "# only a comment\n"])
def test_empty_file(tmp_path: Path, content: str) -> None:
    spec = tmp_path / "coop.yaml"
    spec.write_text(content, encoding="utf-8")
    result = run_cli("check", spec)
    assert result.exit_code == 3
    error = only_error(result.stderr)
    assert error["line"] == "1"
    assert "empty" in error["rest"]


def test_plain_text_is_not_a_spec(tmp_path: Path) -> None:
    spec = tmp_path / "notes.txt"
    spec.write_text("We agreed to form a co-op.\n", encoding="utf-8")
    result = run_cli("check", spec)
    assert result.exit_code == 3
    assert "holds plain text" in only_error(result.stderr)["rest"]


def test_other_yaml_is_not_a_spec(tmp_path: Path) -> None:
    spec = tmp_path / "notes.yaml"
    spec.write_text("Meeting notes: we agreed to form a co-op.\n", encoding="utf-8")
    result = run_cli("check", spec)
    assert result.exit_code == 3
    assert "does not look like a spec" in only_error(result.stderr)["rest"]


@pytest.mark.parametrize(("content", "kind"), [
    (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01", "a JPEG picture"),
    (b"PK\x03\x04\x14\x00\x06\x00", "a Word, OpenDocument or other zipped file"),
    (b"%PDF-1.7\n", "a PDF"),
])
def test_documents_and_pictures_are_named_for_what_they_are(tmp_path: Path, content: bytes,
                                                            kind: str) -> None:
    spec = tmp_path / "rules.docx"
    spec.write_bytes(content)
    result = run_cli("check", spec)
    assert result.exit_code == 3
    assert result.stderr.startswith(f"Error: {spec}: this looks like {kind}, not a spec\n")
    assert "Hint: " in result.stderr


def test_old_encoding_names_the_line(tmp_path: Path) -> None:
    text = WALES.read_text(encoding="utf-8").replace("ŵ", "w").replace("ŷ", "y")
    text = text.replace("â", "a").replace("£", "GBP").replace("area:", "area: # £\n  area:")
    spec = tmp_path / "coop.yaml"
    spec.write_bytes(text.encode("cp1252"))
    error = only_error(run_cli("check", spec).stderr)
    assert "not UTF-8" in error["rest"]
    assert int(error["line"]) == text.splitlines().index("  area: # £") + 1


def test_utf16_from_notepad_is_read(tmp_path: Path) -> None:
    spec = tmp_path / "coop.yaml"
    spec.write_bytes(WALES.read_text(encoding="utf-8").encode("utf-16"))
    assert run_cli("check", spec).exit_code == 0


def test_tab_indentation_is_explained(tmp_path: Path) -> None:
    spec = edited(WALES, tmp_path, ("  legal_form: co_operative_society",
                                    "\tlegal_form: co_operative_society"))
    error = only_error(run_cli("check", spec).stderr)
    assert "indented with a tab" in error["rest"]
    assert int(error["line"]) == line_of(spec, "\tlegal_form")


def test_number_written_with_pound_sign_gets_plain_words(tmp_path: Path) -> None:
    spec = edited(WALES, tmp_path, ("limit: 150000", 'limit: "£150,000"'))
    error = only_error(run_cli("check", spec).stderr)
    assert error["rest"] == ("borrowing.limit: write a number such as 300000 or 2.5, with no £,"
                             " commas or % (found '£150,000')")


def test_a_list_at_the_top_is_not_a_spec(tmp_path: Path) -> None:
    spec = tmp_path / "coop.yaml"
    spec.write_text("- name: Alice\n- name: Bob\n", encoding="utf-8")
    result = run_cli("check", spec)
    assert "holds a list" in only_error(result.stderr)["rest"]


def test_unknown_spec_version(tmp_path: Path) -> None:
    spec = edited(WALES, tmp_path, ("spec_version: 1", "spec_version: 99"))
    result = run_cli("check", spec)
    assert result.exit_code == 3
    error = only_error(result.stderr)
    assert int(error["line"]) == line_of(spec, "spec_version: 99")
    assert "99 is not a spec version" in error["rest"]
    assert "newer coopfound" in result.stderr


def test_missing_spec_version(tmp_path: Path) -> None:
    spec = edited(WALES, tmp_path, ("spec_version: 1\n", ""))
    result = run_cli("check", spec)
    assert result.exit_code == 3
    assert "spec_version is missing" in only_error(result.stderr)["rest"]


def test_duplicate_key_is_an_error_not_a_silent_overwrite(tmp_path: Path) -> None:
    spec = edited(WALES, tmp_path, ("  legal_form: co_operative_society",
                                    "  legal_form: co_operative_society\n"
                                    "  legal_form: community_benefit_society"))
    result = run_cli("check", spec)
    assert result.exit_code == 3
    error = only_error(result.stderr)
    assert "'legal_form' is given twice" in error["rest"]
    assert int(error["line"]) == line_of(spec, "legal_form: community_benefit_society")


def test_bad_year_end_is_explained(tmp_path: Path) -> None:
    spec = edited(WALES, tmp_path, ('financial_year_end: "31 March"',
                                    'financial_year_end: "31 Febuary"'))
    result = run_cli("check", spec)
    error = only_error(result.stderr)
    assert error["rest"].startswith("society.financial_year_end: 'Febuary' is not a month")


def test_several_mistakes_are_all_reported_in_file_order(tmp_path: Path) -> None:
    spec = edited(WALES, tmp_path, ("  legal_form:", "  legal_from:"),
                  ("term_years: 3", "term_years: x"))
    with pytest.raises(SpecError) as caught:
        load_spec(spec)
    problems = caught.value.problems
    assert [p.line for p in problems] == sorted(p.line or 0 for p in problems)
    # The misspelt key is one problem (not also "legal_form is missing"), plus the bad term.
    assert [p.field for p in problems] == ["society.legal_from", "board.term_years"]
    assert problems[0].hint == "did you mean 'legal_form'?"


def test_missing_file_is_a_usage_error(tmp_path: Path) -> None:
    result = run_cli("check", tmp_path / "nope.yaml")
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: ")
    assert "no such file" in result.stderr


def test_a_date_that_does_not_exist_is_located(tmp_path: Path) -> None:
    spec = edited(WALES, tmp_path, ("founding_meeting_date: 2027-01-20",
                                    "founding_meeting_date: 2027-02-30"))
    result = run_cli("check", spec)
    assert result.exit_code == 3
    assert f"{spec}:{line_of(spec, 'founding_meeting_date')}: 2027-02-30 is not a real date" in (
        result.stderr)
