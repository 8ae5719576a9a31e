"""A year's records, read from the files a co-op keeps in a spreadsheet, and checked.

Every problem is one located line (file, row, column) with a hint; all of a year's
problems are reported together, and nothing is measured from records that have any.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from coopfound.errors import Problem, SpecError, UsageError
from coopfound.spec.dates import EXAMPLE as DATE_EXAMPLE
from coopfound.spec.dates import parse_date
from coopfound.spec.model import Spec

KINDS = ("agm", "general", "class", "council", "forum")
FILES = ("members.csv", "meetings.csv", "board.csv", "figures.yaml")


@dataclass(frozen=True)
class Member:
    name: str
    class_id: str
    entered: date
    ceased: date | None

    def member_on(self, day: date) -> bool:
        return self.entered <= day and (self.ceased is None or self.ceased > day)


@dataclass(frozen=True)
class Meeting:
    row: int
    day: date
    kind: str
    class_id: str | None
    present: dict[str, int]
    quorum_met: bool
    resolutions: int
    consent_needed: bool
    consent_sought: bool | None


@dataclass(frozen=True)
class Director:
    name: str
    class_id: str | None
    appointed: date
    left: date | None
    meetings_held: int
    meetings_attended: int

    def serving_on(self, day: date) -> bool:
        return self.appointed <= day and (self.left is None or self.left > day)


@dataclass
class Year:
    folder: Path
    start: date
    end: date
    members: list[Member]
    meetings: list[Meeting]
    board: list[Director]
    figures: dict[str, Any] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return f"{self.start.year}-{str(self.end.year)[-2:]}"


class _Reader:
    """Collects located problems while reading one folder's files."""

    def __init__(self, spec: Spec) -> None:
        self.problems: list[Problem] = []
        self.ids = {c.id for c in spec.member_classes}
        self.by_name = {c.name.casefold(): c.id for c in spec.member_classes}

    def fail(self, path: Path, row: int | None, column: str | None, message: str,
             hint: str) -> None:
        self.problems.append(Problem(message, file=path, line=row, field=column, hint=hint))

    def day(self, path: Path, row: int, column: str, text: str, *,
            optional: bool = False) -> date | None:
        text = (text or "").strip()
        if not text:
            if not optional:
                self.fail(path, row, column, "a date is needed here",
                          f"write a date such as {DATE_EXAMPLE}")
            return None
        found = parse_date(text)
        if found is None:
            self.fail(path, row, column, f"'{text}' is not a date",
                      f"write a date such as {DATE_EXAMPLE}")
        return found

    def class_of(self, path: Path, row: int, column: str, text: str, *,
                 optional: bool = False) -> str | None:
        text = (text or "").strip()
        if not text and optional:
            return None
        found = text if text in self.ids else self.by_name.get(text.casefold())
        if found is None:
            self.fail(path, row, column, f"'{text}' is not a member class of this co-op",
                      "use a class id or name from the spec: " + ", ".join(sorted(self.ids)))
        return found

    def number(self, path: Path, row: int, column: str, text: str) -> int:
        text = (text or "").strip() or "0"
        try:
            value = int(text)
        except ValueError:
            self.fail(path, row, column, f"'{text}' is not a whole number",
                      "write a count such as 12")
            return 0
        if value < 0:
            self.fail(path, row, column, "a count cannot be negative", "write 0 or more")
        return max(value, 0)

    def yes_no(self, path: Path, row: int, column: str, text: str) -> bool | None:
        text = (text or "").strip().lower()
        if not text:
            return None
        if text in {"yes", "y", "true"}:
            return True
        if text in {"no", "n", "false"}:
            return False
        self.fail(path, row, column, f"'{text}' is not yes or no", "write yes, no or leave empty")
        return None


Row = tuple[int, dict[str, str]]  # the row's line in the file, and its cells by column


def _rows(reader: _Reader, path: Path, needed: tuple[str, ...]) -> list[Row]:
    if not path.is_file():
        reader.fail(path, None, None, "this file is missing",
                    "each records folder holds " + ", ".join(FILES))
        return []
    text = path.read_text(encoding="utf-8-sig")
    table = csv.DictReader(io.StringIO(text))
    header = table.fieldnames or []
    missing = [c for c in needed if c not in header]
    if missing:
        reader.fail(path, 1, missing[0], f"the column '{missing[0]}' is missing",
                    "see examples/annual/README.md for the columns")
        return []
    return [(number, row) for number, row in enumerate(table, start=2)]


def read_year(folder: Path, spec: Spec) -> Year:
    if not folder.is_dir():
        raise UsageError(Problem("no such records folder", file=folder,
                                 hint="give folders that each hold one year's records"))
    reader = _Reader(spec)
    figures = _figures(reader, folder / "figures.yaml")
    start = figures.get("year_start")
    end = figures.get("year_end")
    members = _members(reader, folder / "members.csv")
    meetings = _meetings(reader, folder / "meetings.csv", spec)
    board = _board(reader, folder / "board.csv")
    if not reader.problems:
        assert isinstance(start, date) and isinstance(end, date)
        _consistent(reader, folder, members, meetings, start, end)
    if reader.problems:
        raise SpecError(reader.problems)
    assert isinstance(start, date) and isinstance(end, date)
    return Year(folder, start, end, members, meetings, board, figures)


def _figures(reader: _Reader, path: Path) -> dict[str, Any]:
    if not path.is_file():
        reader.fail(path, None, None, "this file is missing",
                    "each records folder holds " + ", ".join(FILES))
        return {}
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        reader.fail(path, mark.line + 1 if mark else None, None, "this is not valid YAML",
                    "compare it with examples/annual/README.md")
        return {}
    if not isinstance(data, dict):
        reader.fail(path, 1, None, "figures.yaml must be a set of keys",
                    "compare it with examples/annual/README.md")
        return {}
    for key in ("year_start", "year_end"):
        value = data.get(key)
        if not isinstance(value, date):
            reader.fail(path, None, key, f"{key} must be a date like 2027-04-01",
                        "give the first and last day of the financial year")
    return data


def _members(reader: _Reader, path: Path) -> list[Member]:
    found = []
    for row, record in _rows(reader, path, ("Name", "Member class", "Date entered",
                                            "Date ceased")):
        class_id = reader.class_of(path, row, "Member class", record["Member class"])
        entered = reader.day(path, row, "Date entered", record["Date entered"])
        ceased = reader.day(path, row, "Date ceased", record["Date ceased"], optional=True)
        if entered and ceased and ceased < entered:
            reader.fail(path, row, "Date ceased", "the member left before they joined",
                        "check the two dates")
        if class_id and entered:
            found.append(Member(record["Name"].strip(), class_id, entered, ceased))
    return found


def _meetings(reader: _Reader, path: Path, spec: Spec) -> list[Meeting]:
    present_columns = {c.id: f"Present {c.id}" for c in spec.member_classes}
    needed = ("Date", "Kind", "Class", *present_columns.values(), "Quorum met",
              "Resolutions", "Class consent needed", "Class consent sought")
    found = []
    for row, record in _rows(reader, path, needed):
        day = reader.day(path, row, "Date", record["Date"])
        kind = (record["Kind"] or "").strip().lower()
        if kind not in KINDS:
            reader.fail(path, row, "Kind", f"'{kind}' is not a kind of meeting",
                        "write one of: " + ", ".join(KINDS))
        class_id = reader.class_of(path, row, "Class", record["Class"], optional=True)
        present = {cid: reader.number(path, row, column, record[column])
                   for cid, column in present_columns.items()}
        quorum = reader.yes_no(path, row, "Quorum met", record["Quorum met"])
        needed_consent = reader.yes_no(path, row, "Class consent needed",
                                       record["Class consent needed"])
        sought = reader.yes_no(path, row, "Class consent sought",
                               record["Class consent sought"])
        if day is not None and kind in KINDS:
            found.append(Meeting(row, day, kind, class_id, present, quorum is not False,
                                 reader.number(path, row, "Resolutions",
                                               record["Resolutions"]),
                                 bool(needed_consent), sought))
    return found


def _board(reader: _Reader, path: Path) -> list[Director]:
    found = []
    for row, record in _rows(reader, path, ("Name", "Class", "Appointed", "Left",
                                            "Meetings held", "Meetings attended")):
        class_id = reader.class_of(path, row, "Class", record["Class"], optional=True)
        appointed = reader.day(path, row, "Appointed", record["Appointed"])
        left = reader.day(path, row, "Left", record["Left"], optional=True)
        held = reader.number(path, row, "Meetings held", record["Meetings held"])
        attended = reader.number(path, row, "Meetings attended", record["Meetings attended"])
        if appointed and left and left < appointed:
            reader.fail(path, row, "Left", "the director left before they were appointed",
                        "check the two dates")
        if attended > held:
            reader.fail(path, row, "Meetings attended",
                        f"{attended} meetings attended but only {held} held",
                        "attended cannot be more than held")
        if appointed:
            found.append(Director(record["Name"].strip(), class_id, appointed, left, held,
                                  attended))
    return found


def _consistent(reader: _Reader, folder: Path, members: list[Member],
                meetings: list[Meeting], start: date, end: date) -> None:
    """A meeting belongs to the year, and cannot have more members of a class present
    than the class had."""
    path = folder / "meetings.csv"
    for meeting in meetings:
        if not start <= meeting.day <= end:
            reader.fail(path, meeting.row, "Date",
                        f"{meeting.day.isoformat()} is outside this year"
                        f" ({start.isoformat()} to {end.isoformat()})",
                        "move the meeting to the folder of its own year")
        for class_id, count in meeting.present.items():
            had = sum(1 for m in members if m.class_id == class_id
                      and m.member_on(meeting.day))
            if count > had:
                reader.fail(path, meeting.row, f"Present {class_id}",
                            f"{count} present, but the class had {had} members on"
                            f" {meeting.day.isoformat()}",
                            "check the count, or the register of members")
