"""What a year's records show, held against the rules.

Control in practice, outcomes, value for money, stewardship, and where practice falls
short of the rules.

Every number here is computed from the records alone, by one function each, so that a
test can compute the same number independently from the CSV files.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from coopfound.annual.records import Year
from coopfound.facts import load_facts
from coopfound.rules.rulebook import Rulebook
from coopfound.spec.dates import add_months
from coopfound.spec.model import ClassRole, Spec

GENERAL = ("agm", "general")


@dataclass(frozen=True)
class Vacancy:
    class_id: str
    seats: int  # how many of the class's reserved seats were empty
    start: date
    end: date | None  # None: still vacant at the year's end


@dataclass(frozen=True)
class Shortfall:
    rule: str  # "rule 29.3"
    text: str


def rule_numbers(book: Rulebook) -> dict[str, str]:
    """'clause' and 'clause.label' to the number a reader sees: '29' or '29.3'."""
    found: dict[str, str] = {}
    for clause in book.clauses():
        found[clause.id] = str(clause.number)
        for paragraph in clause.paragraphs:
            if paragraph.label:
                found[f"{clause.id}.{paragraph.label}"] = paragraph.number or str(clause.number)
    return found


def _day(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def days_of(year: Year) -> list[date]:
    return [year.start + timedelta(days=n) for n in range((year.end - year.start).days + 1)]


def members_at(year: Year, day: date) -> dict[str, int]:
    counts: dict[str, int] = {}
    for member in year.members:
        if member.member_on(day):
            counts[member.class_id] = counts.get(member.class_id, 0) + 1
    return counts


def joiners_and_leavers(year: Year) -> tuple[dict[str, int], dict[str, int]]:
    joined: dict[str, int] = {}
    left: dict[str, int] = {}
    for member in year.members:
        if year.start <= member.entered <= year.end:
            joined[member.class_id] = joined.get(member.class_id, 0) + 1
        if member.ceased and year.start <= member.ceased <= year.end:
            left[member.class_id] = left.get(member.class_id, 0) + 1
    return joined, left


def reserved_seats(spec: Spec) -> dict[str, int]:
    return {c.id: c.board_seats.min for c in spec.member_classes if c.board_seats.min}


def seat_days(spec: Spec, year: Year) -> tuple[int, int, list[Vacancy]]:
    """Reserved seat-days filled, reserved seat-days in all, and each vacancy."""
    filled = total = 0
    vacancies: list[Vacancy] = []
    for class_id, seats in reserved_seats(spec).items():
        open_since: date | None = None
        empty_now = 0
        for day in days_of(year):
            serving = sum(1 for d in year.board if d.class_id == class_id and d.serving_on(day))
            empty = max(0, seats - serving)
            filled += seats - empty
            total += seats
            if empty and open_since is None:
                open_since, empty_now = day, empty
            elif not empty and open_since is not None:
                vacancies.append(Vacancy(class_id, empty_now, open_since, day))
                open_since = None
        if open_since is not None:
            vacancies.append(Vacancy(class_id, empty_now, open_since, None))
    return filled, total, vacancies


def turnout(year: Year, kinds: tuple[str, ...] = GENERAL) -> list[tuple[date, str,
                                                                        dict[str, float]]]:
    """For each meeting of these kinds: its date, kind, and per cent of each class
    present out of the class's members that day."""
    found = []
    for meeting in year.meetings:
        if meeting.kind not in kinds:
            continue
        members = members_at(year, meeting.day)
        found.append((meeting.day, meeting.kind,
                      {cid: 100.0 * count / members[cid] if members.get(cid) else 0.0
                       for cid, count in meeting.present.items()}))
    return found


def receiving_care_ids(spec: Spec) -> list[str]:
    return [c.id for c in spec.member_classes if c.role is ClassRole.people_receiving_care]


def receiving_care_turnout(spec: Spec, year: Year) -> float | None:
    """The average share of people receiving care present at general meetings."""
    ids = receiving_care_ids(spec)
    found = []
    for meeting in year.meetings:
        if meeting.kind not in GENERAL:
            continue
        members = members_at(year, meeting.day)
        eligible = sum(members.get(cid, 0) for cid in ids)
        if eligible:
            found.append(100.0 * sum(meeting.present.get(cid, 0) for cid in ids) / eligible)
    return sum(found) / len(found) if found else None


def agm_deadline(spec: Spec, year: Year) -> date | None:
    """The last day for an AGM in this record year, or None if none falls due in it (the
    society did not exist for the whole of the financial year before)."""
    previous_end = year.start - timedelta(days=1)
    founded = spec.founding_meeting_date
    if founded is None or founded > year.start.replace(year=year.start.year - 1):
        return None
    return add_months(previous_end, spec.general_meetings.agm_within_months)


@dataclass(frozen=True)
class Measures:
    year: Year
    members_end: dict[str, int]
    joined: dict[str, int]
    left: dict[str, int]
    seat_days_filled: int
    seat_days_total: int
    vacancies: list[Vacancy]
    board_end: dict[str, int]
    agm: date | None
    agm_due: date | None
    general_meetings: int
    quorum_met: int
    forums: int
    council_meetings: int
    care_turnout: float | None
    consents_needed: int
    consents_sought: int
    receiving_care_share: float | None
    figures: dict[str, Any]

    @property
    def seats_filled_pct(self) -> float | None:
        return (100.0 * self.seat_days_filled / self.seat_days_total
                if self.seat_days_total else None)

    @property
    def agm_on_time(self) -> bool:
        return self.agm_due is None or (self.agm is not None and self.agm <= self.agm_due)

    def ratio(self, *keys: str) -> float | None:
        """figures[a][b] / figures[a][c], per cent, from a path such as
        ('complaints', 'resolved_in_time', 'received')."""
        section = self.figures.get(keys[0]) or {}
        top, bottom = section.get(keys[1]), section.get(keys[2])
        return 100.0 * float(top) / float(bottom) if top is not None and bottom else None

    @property
    def pay_share_pct(self) -> float | None:
        money = self.figures.get("money") or {}
        pay, income = money.get("care_worker_pay"), money.get("income")
        return 100.0 * float(pay) / float(income) if pay is not None and income else None

    @property
    def cost_per_hour(self) -> float | None:
        money = self.figures.get("money") or {}
        hours = (self.figures.get("care_hours") or {}).get("delivered")
        return float(money["costs"]) / float(hours) if money.get("costs") and hours else None

    @property
    def training_per_member(self) -> float | None:
        members = sum(self.members_end.values())
        hours = self.figures.get("training_hours")
        return float(hours) / members if hours is not None and members else None

    def satisfaction(self, class_id: str) -> float | None:
        entry = (self.figures.get("survey") or {}).get(class_id) or {}
        value = entry.get("satisfied_pct")
        return float(value) if value is not None else None


def measure(spec: Spec, year: Year) -> Measures:
    joined, left = joiners_and_leavers(year)
    filled, total, vacancies = seat_days(spec, year)
    board_end: dict[str, int] = {}
    for director in year.board:
        if director.serving_on(year.end):
            key = director.class_id or "co-opted"
            board_end[key] = board_end.get(key, 0) + 1
    general = [m for m in year.meetings if m.kind in GENERAL]
    agms = [m.day for m in year.meetings if m.kind == "agm"]
    ids = receiving_care_ids(spec)
    end_members = members_at(year, year.end)
    cared_for = year.figures.get("people_receiving_care")
    share = (100.0 * sum(end_members.get(cid, 0) for cid in ids) / float(cared_for)
             if cared_for else None)
    needed = [m for m in year.meetings if m.consent_needed]
    return Measures(
        year=year, members_end=end_members, joined=joined, left=left,
        seat_days_filled=filled, seat_days_total=total, vacancies=vacancies,
        board_end=board_end, agm=min(agms) if agms else None, agm_due=agm_deadline(spec, year),
        general_meetings=len(general), quorum_met=sum(1 for m in general if m.quorum_met),
        forums=sum(1 for m in year.meetings if m.kind == "forum"),
        council_meetings=sum(1 for m in year.meetings if m.kind == "council"),
        care_turnout=receiving_care_turnout(spec, year), consents_needed=len(needed),
        consents_sought=sum(1 for m in needed if m.consent_sought),
        receiving_care_share=share, figures=year.figures)


def living_wage() -> tuple[Decimal, bool, str]:
    """The reference hourly pay, whether our sources confirm it, and its source."""
    entry = load_facts()["reference_figures"]["real_living_wage"]
    return Decimal(str(entry["uk_hourly"])), bool(entry["verified"]), entry["source"]


def reserve_share(measures: Measures) -> float | None:
    """The per cent of the year's surplus put into the reserve; None without a surplus."""
    money = measures.figures.get("money") or {}
    surplus = float(money.get("income", 0)) - float(money.get("costs", 0))
    moved = money.get("surplus_to_reserve")
    if surplus <= 0 or moved is None:
        return None
    return 100.0 * float(moved) / surplus


def homecare_price() -> tuple[Decimal, bool, str]:
    entry = load_facts()["reference_figures"]["homecare_minimum_price"]
    return Decimal(str(entry["hourly"])), bool(entry["verified"]), entry["source"]


def shortfalls(spec: Spec, measures: Measures, numbers: dict[str, str]) -> list[Shortfall]:
    """Where practice falls short of the rules, each with the rule it falls short of."""
    found: list[Shortfall] = []
    names = {c.id: c.name for c in spec.member_classes}
    seats = numbers.get("board.seats", numbers.get("board", "?"))
    for vacancy in measures.vacancies:
        reserved = reserved_seats(spec)[vacancy.class_id]
        until = f"until {_day(vacancy.end)}" if vacancy.end else "and still is at the year's end"
        found.append(Shortfall(
            f"rule {seats}", f"rule {seats} reserves {reserved} seats for"
            f" {names[vacancy.class_id]}; {vacancy.seats} was vacant from"
            f" {_day(vacancy.start)} {until}"))
    if not measures.agm_on_time and measures.agm_due is not None:
        rule = numbers.get("general_meetings.agm", "?")
        held = f"it was held on {_day(measures.agm)}" if measures.agm else "none was held"
        found.append(Shortfall(f"rule {rule}", f"rule {rule} requires the AGM by"
                               f" {_day(measures.agm_due)}; {held}"))
    if measures.quorum_met < measures.general_meetings:
        rule = numbers.get("quorum.quorum", "?")
        short = measures.general_meetings - measures.quorum_met
        found.append(Shortfall(f"rule {rule}", f"rule {rule}: {short} general meetings"
                               " were not quorate"))
    if measures.consents_sought < measures.consents_needed:
        rule = numbers.get("class_consent.decisions", numbers.get("class_consent", "?"))
        days = [m.day for m in measures.year.meetings if m.consent_needed
                and not m.consent_sought]
        found.append(Shortfall(f"rule {rule}", f"rule {rule} needs a class's consent; it was"
                               " not sought for the meeting of "
                               + ", ".join(_day(d) for d in days)))
    forums_needed = spec.general_meetings.extra_meetings_per_year
    if measures.forums < forums_needed:
        rule = numbers.get("general_meetings.forums", "?")
        found.append(Shortfall(f"rule {rule}", f"rule {rule} asks for {forums_needed}"
                               f" members' forums a year; {measures.forums} were held"))
    reserve = reserve_share(measures)
    if reserve is not None and reserve < float(spec.profits.reserve_min_pct):
        rule = numbers.get("surplus.decision", "?")
        found.append(Shortfall(f"rule {rule}", f"rule {rule} puts at least"
                               f" {spec.profits.reserve_min_pct:f}% of any surplus into the"
                               f" reserve; {reserve:.0f}% went there"))
    if spec.stewardship.social_account and not measures.figures.get(
            "social_account_published"):
        rule = numbers.get("social_account", "?")
        found.append(Shortfall(f"rule {rule}", f"rule {rule} requires a social account each"
                               " year; none was published"))
    return found
