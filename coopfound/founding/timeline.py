"""From the founding meeting to the first annual return: a dated timeline and a calendar.

The dates follow the facts in coopfound/data/facts.yaml: the FCA's service standard
(15 working days) and the practical experience (about 8 weeks) for registration; the
AGM within the months the rules give after the year end; the annual return within 7
months of the year end. Estimates are labelled as such; how firm a fact is (whether
coopfound's sources confirm it) is for the registration checklist to say, once, not for
the timeline the founders pin on the wall.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from coopfound.founding.blocks import Block, blocks_markdown, front_matter
from coopfound.output.document import Document
from coopfound.output.provenance import Provenance
from coopfound.spec.dates import add_months
from coopfound.spec.model import Spec


@dataclass(frozen=True)
class Milestone:
    key: str
    when: date
    title: str
    detail: str
    estimate: bool = False


def add_working_days(day: date, count: int) -> date:
    while count:
        day += timedelta(days=1)
        if day.weekday() < 5:
            count -= 1
    return day


def first_year_end(spec: Spec, registered: date) -> date:
    """The first financial year end after registration (at least 6 months on, so the first
    year is not a few weeks long: a choice founders can change with the FCA)."""
    end = spec.society.financial_year_end
    candidate = date(registered.year, end.month, end.day)
    while candidate < add_months(registered, 6):
        candidate = date(candidate.year + 1, end.month, end.day)
    return candidate


def milestones(spec: Spec, meeting: date, facts: dict[str, Any]) -> list[Milestone]:
    regulator = facts["care_regulators"][spec.society.registered_office.nation.value]["name"]
    sent = meeting + timedelta(days=7)
    fast = add_working_days(sent, int(facts["timescale"]["fca_working_days"]))
    likely = sent + timedelta(weeks=int(facts["timescale"]["practical_weeks"]))
    year_end = first_year_end(spec, likely)
    agm = add_months(year_end, spec.general_meetings.agm_within_months)
    annual_return = add_months(year_end, int(facts["annual_return"]["months_after_year_end"]))
    return [
        Milestone("founding-meeting", meeting, "Founding meeting",
                  "Adopt the rules, admit the founding members, appoint the first board and"
                  " secretary, and authorise the application to the FCA."),
        Milestone("fca-application", sent, "Send the registration application to the FCA",
                  "Signed by the secretary and three founding members, with the signed rules"
                  f" and the fee of £{facts['fca_fees']['applies_to_coopfound_rules']}."),
        Milestone("fca-registration", fast, "Earliest registration by the FCA",
                  f"{facts['timescale']['fca_working_days']} working days after a complete"
                  " application arrives. The registration checklist says how long"
                  " registration takes.", estimate=True),
        Milestone("fca-registration-likely", likely, "Registration, in practice",
                  "About 8 weeks from application to registration is common.", estimate=True),
        Milestone("care-regulator", likely + timedelta(days=7),
                  f"Apply to register the care service with {regulator}",
                  "Once the society exists in law, it can apply as the provider.",
                  estimate=True),
        Milestone("first-year-end", year_end, "End of the first financial year",
                  f"The financial year ends on {spec.society.financial_year_end.display}."
                  " coopfound assumes the first year runs at least 6 months; confirm the"
                  " first year end with the FCA when you apply.", estimate=True),
        Milestone("first-agm", agm, "Latest date for the first AGM",
                  f"Within {spec.general_meetings.agm_within_months} months of the year end,"
                  " as the rules require.", estimate=True),
        Milestone("first-annual-return", annual_return, "First annual return (AR30) due",
                  "Within 7 months of the year end, with the accounts.", estimate=True),
    ]


def timeline_markdown(spec: Spec, items: list[Milestone], provenance: Provenance) -> str:
    """The timeline in the founding pack's Markdown, starting, as every document does,
    with its provenance in front matter."""
    title = f"Founding timeline: {spec.society.name}"
    blocks = [Block("title", title),
              Block("paragraph", "Dates marked 'about' are estimates from the FCA's service"
                                 " standard and common experience; replace them with the"
                                 " real dates as they happen.")]
    for item in items:
        when = f"{item.when.day} {item.when:%B %Y}"
        blocks += [Block("heading", f"{'about ' if item.estimate else ''}{when}: {item.title}"),
                   Block("paragraph", item.detail)]
    return front_matter(title, provenance) + blocks_markdown(blocks)


def _ics_text(value: str) -> str:
    """Escape text as RFC 5545 requires."""
    return (value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\n", "\\n"))


def _fold(line: str) -> list[str]:
    """Fold a content line at 75 octets, never inside a UTF-8 character."""
    parts: list[str] = []
    current = ""
    for char in line:
        limit = 75 if not parts else 74
        if len((current + char).encode("utf-8")) > limit:
            parts.append(current)
            current = char
        else:
            current += char
    parts.append(current)
    return [parts[0], *(" " + p for p in parts[1:])]


def timeline_ics(spec: Spec, items: list[Milestone], fingerprint: str) -> str:
    stamp = items[0].when.strftime("%Y%m%dT000000Z")  # fixed, so one spec gives one file
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//coopfound//founding timeline//EN",
             "CALSCALE:GREGORIAN", "METHOD:PUBLISH"]
    for item in items:
        uid = hashlib.sha256(f"{fingerprint}:{item.key}".encode()).hexdigest()[:32]
        summary = f"{'About: ' if item.estimate else ''}{item.title} ({spec.society.name})"
        lines += ["BEGIN:VEVENT", f"UID:{uid}@coopfound", f"DTSTAMP:{stamp}",
                  f"DTSTART;VALUE=DATE:{item.when:%Y%m%d}",
                  f"DTEND;VALUE=DATE:{item.when + timedelta(days=1):%Y%m%d}",
                  f"SUMMARY:{_ics_text(summary)}", f"DESCRIPTION:{_ics_text(item.detail)}",
                  "TRANSP:TRANSPARENT", "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return "".join(f"{folded}\r\n" for line in lines for folded in _fold(line))


def render_timeline(spec: Spec, meeting: date, facts: dict[str, Any],
                    provenance: Provenance) -> list[Document]:
    """The timeline (Markdown, stamped like every other document) and the calendar."""
    items = milestones(spec, meeting, facts)
    return [
        Document("registration/timeline.md", timeline_markdown(spec, items, provenance)
                 .encode("utf-8")),
        Document("registration/timeline.ics", timeline_ics(spec, items,
                                                           provenance.spec_sha256)
                 .encode("utf-8")),
    ]
