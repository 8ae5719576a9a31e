"""The founding pack: every document agrees with the spec and with each other."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import docx
import pytest
from conftest import EXAMPLES, WALES, run_cli

from coopfound.facts import load_facts
from coopfound.founding.letters import pack_documents
from coopfound.spec.loader import load_spec
from coopfound.templating.packs import builtin_pack


@pytest.fixture(scope="module", params=EXAMPLES, ids=lambda p: p.stem)
def pack(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("pack") / "out"
    result = run_cli("render", request.param, "-o", out)
    assert result.exit_code == 0, result.stderr
    out_example = out / ".example"
    out_example.write_text(str(request.param), encoding="utf-8")
    return out


def example_of(pack: Path) -> Path:
    return Path((pack / ".example").read_text(encoding="utf-8"))


def word_text(path: Path) -> str:
    document = docx.Document(str(path))
    parts = [p.text for p in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    parts += [p.text for p in document.sections[0].header.paragraphs]
    return "\n".join(parts)


def test_every_listed_document_is_written_in_both_formats(pack: Path) -> None:
    spec = load_spec(example_of(pack)).spec
    for entry in pack_documents(builtin_pack()):
        outputs = ([entry.output.format(class_id=c.id) for c in spec.member_classes]
                   if entry.per_class else [entry.output])
        for output in outputs:
            assert (pack / f"{output}.md").is_file(), output
            assert (pack / f"{output}.docx").is_file(), output
    for name in ("register-of-members", "register-of-officers"):
        assert (pack / "registers" / f"{name}.csv").is_file()
        assert (pack / "registers" / f"{name}.docx").is_file()
    assert (pack / "registration" / "timeline.ics").is_file()


def test_name_and_office_agree_in_every_document(pack: Path) -> None:
    spec = load_spec(example_of(pack)).spec
    for path in sorted(pack.rglob("*.md")) + sorted(pack.rglob("*.docx")):
        text = path.read_text(encoding="utf-8") if path.suffix == ".md" else word_text(path)
        assert spec.society.name in text, path.name
        assert "{{" not in text and "{%" not in text, path.name


def test_each_class_form_names_its_class_and_share_value(pack: Path) -> None:
    spec = load_spec(example_of(pack)).spec
    value = f"£{spec.shares.value:,}".replace(".00", "")
    for member_class in spec.member_classes:
        for path in pack.glob(f"membership/{member_class.id}-*.md"):
            text = path.read_text(encoding="utf-8")
            assert member_class.name in text, path.name
            assert value in text, path.name
        assert word_text(pack / "membership" / f"{member_class.id}-application.docx")


def test_register_of_members_lists_the_founders_with_the_act_fields(pack: Path) -> None:
    spec = load_spec(example_of(pack)).spec
    raw = (pack / "registers" / "register-of-members.csv").read_bytes()
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0][:4] == ["Name", "Postal address", "Electronic address",
                           "Electronic address used for"]
    assert {"Shares held", "Amount paid on shares", "Date entered", "Date ceased"} <= set(rows[0])
    assert [r[0] for r in rows[1:]] == [f.name for f in spec.founding_members]
    classes = {c.name for c in spec.member_classes}
    assert all(r[4] in classes for r in rows[1:])
    officers = (pack / "registers" / "register-of-officers.docx")
    assert spec.secretary.name in word_text(officers)


def test_calendar_is_valid_icalendar(pack: Path) -> None:
    spec = load_spec(example_of(pack)).spec
    raw = (pack / "registration" / "timeline.ics").read_bytes()
    assert raw.startswith(b"BEGIN:VCALENDAR\r\n") and raw.endswith(b"END:VCALENDAR\r\n")
    lines = raw.split(b"\r\n")[:-1]
    assert all(len(line) <= 75 for line in lines)
    unfolded = raw.decode("utf-8").replace("\r\n ", "")
    assert unfolded.count("BEGIN:VEVENT") == unfolded.count("END:VEVENT") >= 6
    assert f"DTSTART;VALUE=DATE:{spec.founding_meeting_date:%Y%m%d}" in unfolded
    summaries = re.findall(r"^SUMMARY:(.*)$", unfolded, re.MULTILINE)
    assert all(spec.society.name.replace(",", "\\,") in s for s in summaries)
    assert "annual return" in unfolded.lower()


def test_first_annual_return_is_seven_months_after_the_first_year_end() -> None:
    from coopfound.founding.timeline import milestones

    spec = load_spec(WALES).spec
    assert spec.founding_meeting_date is not None
    items = {m.key: m.when for m in milestones(spec, spec.founding_meeting_date, load_facts())}
    year_end, annual_return = items["first-year-end"], items["first-annual-return"]
    assert (year_end.day, year_end.month) == (31, 3)
    assert (annual_return.year * 12 + annual_return.month) - (
        year_end.year * 12 + year_end.month) == 7
    assert items["founding-meeting"] < items["fca-application"] < items["first-year-end"]


def test_facts_carry_sources_and_check_dates() -> None:
    facts = load_facts()
    for key in ("fca_fees", "application", "timescale", "annual_return"):
        assert facts[key]["source"] and facts[key]["checked"], key
    for nation, regulator in facts["care_regulators"].items():
        assert regulator["source"] and regulator["checked"], nation
    assert facts["fca_fees"]["applies_to_coopfound_rules"] == 950


def test_register_writes_the_registration_pack_only(tmp_path: Path) -> None:
    out = tmp_path / "fca"
    result = run_cli("register", WALES, "-o", out)
    assert result.exit_code == 0, result.stderr
    folders = {p.name for p in out.iterdir()}
    assert {"rules.md", "rules.docx", "registration", "registers", "manifest.json"} <= folders
    assert "membership" not in folders
    written = {p.relative_to(out).as_posix() for p in out.rglob("*.md")}
    assert {"meetings/founding-meeting-agenda.md", "meetings/founding-member-consent.md",
            "letters/fca-covering-letter.md"} <= written
    # What registration does not need stays out: the welcome letter, the AGM notice.
    assert not {"letters/welcome-letter.md", "meetings/agm-notice.md",
                "letters/local-authority-letter.md"} & written
    checklist = (out / "registration" / "checklist.md").read_text(encoding="utf-8")
    assert "£950" in checklist and "Care Inspectorate Wales" in checklist


def test_registered_office_is_the_same_wherever_it_is_given(pack: Path) -> None:
    office = load_spec(example_of(pack)).spec.society.registered_office
    for path in sorted(pack.rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        if "registered office" in text.lower() and office.address[0] in text:
            assert office.postcode in text, path.name
    checklist = (pack / "registration" / "checklist.md").read_text(encoding="utf-8")
    assert ", ".join(office.address) in checklist and office.postcode in checklist


def test_month_end_dates_stay_at_the_month_end() -> None:
    from datetime import date

    from coopfound.spec.dates import add_months

    assert add_months(date(2028, 6, 30), 6) == date(2028, 12, 31)
    assert add_months(date(2028, 6, 30), 7) == date(2029, 1, 31)
    assert add_months(date(2028, 3, 31), 7) == date(2028, 10, 31)
    assert add_months(date(2028, 1, 15), 1) == date(2028, 2, 15)
