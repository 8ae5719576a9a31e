"""`coopfound annual`: three years of the Welsh co-op's records, every number checked
against a calculation made here from the CSV files, the shortfalls against the rules, and
broken records refused with one located line each."""

from __future__ import annotations

import csv
import json
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import ROOT, WALES, run_cli

RECORDS = ROOT / "examples" / "annual" / "wales"
YEARS = ["2027-28", "2028-29", "2029-30"]
RECEIVING = "people_receiving_care"
CLASSES = ["people_receiving_care", "family_carers", "care_workers", "community_supporters"]


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def day(text: str) -> date | None:
    return date.fromisoformat(text) if text.strip() else None


def member_on(row: dict[str, str], when: date) -> bool:
    entered, ceased = day(row["Date entered"]), day(row["Date ceased"])
    return entered is not None and entered <= when and (ceased is None or ceased > when)


def report_of(tmp_path: Path, *folders: Path) -> dict[str, Any]:
    result = run_cli("annual", WALES, *folders, "-o", tmp_path / "out", "--format", "json")
    assert result.exit_code == 0, result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    return data


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return report_of(tmp_path_factory.mktemp("annual"), *(RECORDS / y for y in YEARS))


@pytest.mark.parametrize("index", range(3), ids=YEARS)
def test_members_by_class_match_the_register(report: dict[str, Any], index: int) -> None:
    folder = RECORDS / YEARS[index]
    end = yaml.safe_load((folder / "figures.yaml").read_text(encoding="utf-8"))["year_end"]
    expected: dict[str, int] = {}
    for row in rows(folder / "members.csv"):
        if member_on(row, end):
            expected[row["Member class"]] = expected.get(row["Member class"], 0) + 1
    assert report["years"][index]["members_at_year_end"] == expected


@pytest.mark.parametrize("index", range(3), ids=YEARS)
def test_turnout_of_people_receiving_care_is_computed_from_the_meetings(
        report: dict[str, Any], index: int) -> None:
    folder = RECORDS / YEARS[index]
    members = rows(folder / "members.csv")
    shares = []
    for meeting in rows(folder / "meetings.csv"):
        if meeting["Kind"] not in ("agm", "general"):
            continue
        when = date.fromisoformat(meeting["Date"])
        eligible = sum(1 for m in members if m["Member class"] == RECEIVING
                       and member_on(m, when))
        shares.append(100 * int(meeting[f"Present {RECEIVING}"]) / eligible)
    expected = sum(shares) / len(shares)
    assert report["years"][index]["receiving_care_turnout_pct"] == pytest.approx(expected)


@pytest.mark.parametrize("index", range(3), ids=YEARS)
def test_reserved_seat_days_are_counted_day_by_day(report: dict[str, Any], index: int) -> None:
    folder = RECORDS / YEARS[index]
    figures = yaml.safe_load((folder / "figures.yaml").read_text(encoding="utf-8"))
    start, end = figures["year_start"], figures["year_end"]
    reserved = {"people_receiving_care": 2, "family_carers": 1, "care_workers": 2}
    board = rows(folder / "board.csv")
    filled = total = 0
    for offset in range((end - start).days + 1):
        when = date.fromordinal(start.toordinal() + offset)
        for class_id, seats in reserved.items():
            serving = sum(1 for d in board if d["Class"] == class_id
                          and date.fromisoformat(d["Appointed"]) <= when
                          and (not d["Left"] or date.fromisoformat(d["Left"]) > when))
            filled += min(seats, serving)
            total += seats
    assert report["years"][index]["reserved_seat_days_filled_pct"] == pytest.approx(
        100 * filled / total)


def test_the_practice_score_adds_up_and_tells_the_story(report: dict[str, Any]) -> None:
    totals = []
    for year in report["years"]:
        indicators = year["indicators"]
        assert sum(i["points"] for i in indicators) == 100
        assert year["practice_score"] == pytest.approx(sum(i["score"] for i in indicators),
                                                       abs=0.15)
        totals.append(year["practice_score"])
    # Turnout of people receiving care fell in 2028-29, then recovered.
    assert totals[1] < totals[0] and totals[1] < totals[2]
    assert report["constitution_score"] > 85


def test_shortfalls_name_the_rule_and_match_the_records(report: dict[str, Any]) -> None:
    second = [s["text"] for s in report["years"][1]["shortfalls"]]
    assert any(t.startswith("rule 29.3 reserves 2 seats for People receiving care")
               and "from 30 June 2028" in t for t in second)
    assert any("not sought for the meeting of 24 January 2029" in t for t in second)
    third = [s["text"] for s in report["years"][2]["shortfalls"]]
    assert any("until 20 May 2029" in t for t in third)
    assert not any("consent" in t for t in third)


def test_editing_a_record_makes_a_finding_appear_and_go(tmp_path: Path) -> None:
    folder = tmp_path / "2028-29"
    shutil.copytree(RECORDS / "2028-29", folder)
    meetings = (folder / "meetings.csv").read_text(encoding="utf-8-sig")
    (folder / "meetings.csv").write_text(
        meetings.replace("2029-01-24,general,,2,4,8,3,yes,2,yes,no",
                         "2029-01-24,general,,2,4,8,3,yes,2,yes,yes"), encoding="utf-8")
    fixed = report_of(tmp_path / "a", folder)["years"][0]["shortfalls"]
    assert not any("consent" in s["text"] for s in fixed)
    first = tmp_path / "2027-28"
    shutil.copytree(RECORDS / "2027-28", first)
    board = (first / "board.csv").read_text(encoding="utf-8-sig").splitlines()
    board = [line.replace(",care_workers,2027-02-15,,", ",care_workers,2027-02-15,2027-09-30,",
                          1) if "Gwenllian" in line else line for line in board]
    (first / "board.csv").write_text("\n".join(board) + "\n", encoding="utf-8")
    found = report_of(tmp_path / "b", first)["years"][0]["shortfalls"]
    assert any("reserves 2 seats for Care workers" in s["text"]
               and "from 30 September 2027" in s["text"] for s in found)


@pytest.mark.parametrize(("file", "old", "new", "column", "message"), [
    ("members.csv", ",care_workers,", ",drivers,", "Member class", "not a member class"),
    ("members.csv", "2027-02-15", "15th of Febtember", "Date entered", "is not a date"),
    ("board.csv", "2027-02-15,2028-06-30", "2028-07-15,2028-06-30", "Left",
     "left before they were appointed"),
    ("meetings.csv", "2028-09-20,agm,,1,", "2028-09-20,agm,,90,", "Present"
     " people_receiving_care", "90 present, but the class had"),
])
def test_a_broken_record_is_one_located_error(tmp_path: Path, file: str, old: str, new: str,
                                              column: str, message: str) -> None:
    folder = tmp_path / "2028-29"
    shutil.copytree(RECORDS / "2028-29", folder)
    text = (folder / file).read_text(encoding="utf-8-sig")
    assert old in text
    (folder / file).write_text(text.replace(old, new, 1), encoding="utf-8")
    result = run_cli("annual", WALES, folder, "-o", tmp_path / "out")
    assert result.exit_code == 3
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1, errors
    assert f"{folder / file}:" in errors[0] and f": {column}: " in errors[0]
    assert message in errors[0] and "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


def test_the_report_in_three_formats_with_charts_the_same_on_every_run(
        tmp_path: Path) -> None:
    folders = [RECORDS / y for y in YEARS]
    for name in ("one", "two"):
        result = run_cli("annual", WALES, *folders, "-o", tmp_path / name)
        assert result.exit_code == 0, result.stderr
    out = tmp_path / "one"
    assert {p.name for p in (out / "charts").iterdir()} == {
        "trends.png", *(f"turnout-{y}.png" for y in YEARS)}
    markdown = (out / "annual-report.md").read_text(encoding="utf-8")
    assert markdown.startswith("---\ntitle: 'Member control in practice")
    assert "![Trends](charts/trends.png)" in markdown
    page = (out / "annual-report.html").read_text(encoding="utf-8")
    assert page.count("data:image/png;base64,") == 4 and "http" not in page
    # Each table stands alone: the summary, and per year the classes, the meetings and
    # the practice score.
    from docx import Document

    assert len(Document(str(out / "annual-report.docx")).tables) == 1 + 3 * len(YEARS)
    assert page.count("<table>") == 1 + 3 * len(YEARS)
    for chart in (out / "charts").iterdir():
        assert chart.read_bytes() == (tmp_path / "two" / "charts" / chart.name).read_bytes()


@pytest.mark.parametrize("index", range(3), ids=YEARS)
def test_figures_and_meetings_numbers_are_computed_from_the_records(
        report: dict[str, Any], index: int) -> None:
    folder = RECORDS / YEARS[index]
    figures = yaml.safe_load((folder / "figures.yaml").read_text(encoding="utf-8"))
    year = report["years"][index]
    money, hours = figures["money"], figures["care_hours"]
    assert year["cost_per_care_hour"] == pytest.approx(money["costs"] / hours["delivered"])
    assert year["care_worker_pay_share_pct"] == pytest.approx(
        100 * money["care_worker_pay"] / money["income"])
    assert year["care_hours_against_plan_pct"] == pytest.approx(
        100 * hours["delivered"] / hours["planned"])
    complaints = figures["complaints"]
    assert year["complaints_resolved_in_time_pct"] == pytest.approx(
        100 * complaints["resolved_in_time"] / complaints["received"])
    members = sum(year["members_at_year_end"].values())
    assert year["training_hours_per_member"] == pytest.approx(
        figures["training_hours"] / members)
    assert year["receiving_care_members_pct"] == pytest.approx(
        100 * year["members_at_year_end"][RECEIVING] / figures["people_receiving_care"])
    meetings = rows(folder / "meetings.csv")
    general = [m for m in meetings if m["Kind"] in ("agm", "general")]
    assert year["general_meetings"] == len(general)
    assert year["quorate"] == sum(1 for m in general if m["Quorum met"] == "yes")
    assert year["forums"] == sum(1 for m in meetings if m["Kind"] == "forum")
    needed = [m for m in meetings if m["Class consent needed"] == "yes"]
    assert (year["consents_needed"], year["consents_sought"]) == (
        len(needed), sum(1 for m in needed if m["Class consent sought"] == "yes"))
    agms = [m["Date"] for m in meetings if m["Kind"] == "agm"]
    assert year["agm"] == (agms[0] if agms else None)


def test_too_little_surplus_to_the_reserve_is_a_shortfall_of_the_surplus_rule(
        tmp_path: Path) -> None:
    folder = tmp_path / "2029-30"
    shutil.copytree(RECORDS / "2029-30", folder)
    figures = yaml.safe_load((folder / "figures.yaml").read_text(encoding="utf-8"))
    surplus = figures["money"]["income"] - figures["money"]["costs"]
    figures["money"]["surplus_to_reserve"] = surplus // 10
    (folder / "figures.yaml").write_text(yaml.safe_dump(figures), encoding="utf-8")
    found = [s["text"] for s in report_of(tmp_path, folder)["years"][0]["shortfalls"]]
    assert any(t.startswith("rule 18.1 puts at least 50% of any surplus into the reserve;"
                            " 10% went there") for t in found), found


def test_a_meeting_outside_its_year_and_a_year_given_twice_are_refused(
        tmp_path: Path) -> None:
    folder = tmp_path / "2028-29"
    shutil.copytree(RECORDS / "2028-29", folder)
    text = (folder / "meetings.csv").read_text(encoding="utf-8-sig")
    (folder / "meetings.csv").write_text(text.replace("2028-09-20,agm", "2031-09-20,agm"),
                                         encoding="utf-8")
    result = run_cli("annual", WALES, folder, "-o", tmp_path / "out")
    assert result.exit_code == 3 and ": Date: 2031-09-20 is outside this year" in result.stderr
    twice = run_cli("annual", WALES, RECORDS / "2028-29", RECORDS / "2028-29", "-o",
                    tmp_path / "twice")
    assert twice.exit_code == 2 and "overlap" in twice.stderr
    assert not (tmp_path / "out").exists() and not (tmp_path / "twice").exists()
