"""The amendment pack as documents.

What changes, the notice, the resolutions, class ballots, minutes, the FCA application,
the redline and the rules as amended.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from coopfound.amend.compare import Change, Kind, amended_rules
from coopfound.amend.procedure import Procedure
from coopfound.checks.base import Finding
from coopfound.facts import load_facts
from coopfound.founding.blocks import front_matter
from coopfound.output.document import Document
from coopfound.output.provenance import Provenance
from coopfound.rules.rulebook import Rulebook
from coopfound.spec.model import Spec

_MATTERS = {"purpose": "changing the purpose", "class_rights": "changing a class's own rights",
            "asset_lock": "changing the asset lock or the indivisible reserve",
            "this_rule": "weakening the rule on class consent"}


@dataclass(frozen=True)
class Amendment:
    old: Spec
    new: Spec
    old_rules: Rulebook
    new_rules: Rulebook
    changes: list[Change]
    procedure: Procedure
    findings: list[Finding]

    @property
    def substantive(self) -> list[Change]:
        return [c for c in self.changes if c.substantive]

    @property
    def counted(self) -> list[str]:
        return amended_rules(self.changes, self.old_rules, self.new_rules)

    def band(self) -> dict[str, Any] | None:
        number = len(self.counted)
        for band in load_facts()["fca_amendments"]["bands"]:
            if number >= band["from"] and (band["to"] is None or number <= band["to"]):
                return dict(band)
        return None

    def class_names(self, ids: tuple[str, ...]) -> str:
        names = {c.id: c.name for c in self.old.member_classes}
        return _and([names.get(i, i) for i in ids])


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _day(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def _quoted(text: str) -> list[str]:
    return [f"> {line}" if line else ">" for line in text.split("\n")]


def changes_markdown(a: Amendment, provenance: Provenance) -> str:
    society = a.old.society.name
    lines = [front_matter(f"Changes to the rules of {society}", provenance),
             f"# Changes to the rules of {society}", ""]
    counts = {kind: sum(1 for c in a.changes if c.kind is kind) for kind in Kind}
    lines += [f"{len(a.counted)} rules change in substance"
              f" ({counts[Kind.changed]} paragraphs changed, {counts[Kind.added]} added,"
              f" {counts[Kind.removed]} removed); {counts[Kind.renumbered]} other paragraphs"
              f" are only renumbered, and {counts[Kind.references]} only have their"
              " cross-references updated.", ""]
    lines += ["## What the changes mean for members", ""]
    lines += [f"- {line}" for line in plain_summary(a)] + [""]
    for change in a.substantive:
        old, new = change.old, change.new
        if change.kind is Kind.added and new is not None:
            lines += [f"## New: rule {new.number} ({new.title})", "", *_quoted(new.text), ""]
        elif change.kind is Kind.removed and old is not None:
            lines += [f"## Removed: rule {old.number} ({old.title})", "", *_quoted(old.text),
                      ""]
        elif old is not None and new is not None:
            moved = "" if old.number == new.number else f", now rule {new.number}"
            lines += [f"## Changed: rule {old.number} ({new.title}){moved}", "",
                      "Now:", "", *_quoted(old.text), "", "Proposed:", "",
                      *_quoted(new.text), ""]
    renumbered = [c for c in a.changes if c.kind is Kind.renumbered and c.old and c.new
                  and c.old.number != c.new.number]
    if renumbered:
        lines += ["## Renumbered only", ""]
        lines += [f"- rule {c.old.number} becomes rule {c.new.number}"  # type: ignore[union-attr]
                  for c in renumbered] + [""]
    return "\n".join(lines)


def plain_summary(a: Amendment) -> list[str]:
    """What changes, in a sentence each, from the specs themselves."""
    old, new = a.old, a.new
    said: list[str] = []
    if old.society.name != new.society.name:
        said.append(f"The name changes to {new.society.name} once the FCA approves it.")
    if old.council is None and new.council is not None:
        said.append("A members' council is set up, elected by the classes.")
    elif old.council is not None and new.council is None:
        said.append("The members' council is ended.")
    elif old.council != new.council:
        said.append("The members' council's seats or powers change.")
    if old.shares.maximum_holding != new.shares.maximum_holding:
        said.append(f"The most a member may hold in shares changes from"
                    f" £{old.shares.maximum_holding:,} to £{new.shares.maximum_holding:,}.")
    if old.shares.withdrawable != new.shares.withdrawable:
        said.append("Shares become withdrawable." if new.shares.withdrawable
                    else "Shares stop being withdrawable.")
    before = {c.id: c for c in old.member_classes}
    for member_class in new.member_classes:
        was = before.get(member_class.id)
        if was is None:
            said.append(f"A new member class, {member_class.name}, is created.")
        elif was.board_seats != member_class.board_seats:
            said.append(f"The board seats of {member_class.name} change.")
        elif was.eligibility != member_class.eligibility:
            said.append(f"Who may join {member_class.name} changes.")
    for gone in set(before) - {c.id for c in new.member_classes}:
        said.append(f"The member class {before[gone].name} is ended.")
    if old.purpose != new.purpose:
        said.append("The purpose, in the founders' words, changes.")
    if old.voting != new.voting:
        said.append("How members vote changes.")
    if old.board != new.board:
        said.append("The board's size, terms or make-up change.")
    if old.general_meetings != new.general_meetings:
        said.append("How general meetings are called or run changes.")
    if not said:
        said.append("The wording of the rules changes; see each rule below.")
    return said


def resolution_text(a: Amendment) -> list[str]:
    p = a.procedure
    kind = p.decision.name
    return [f"That the rules of {a.old.society.name} be amended as set out in the schedule of"
            f" changes (rules {', '.join(r.removeprefix('rule ') for r in a.counted)}),"
            f" as an {kind} passed by at least {p.decision.threshold_pct:f}% of the votes"
            " cast" + (" at each of two general meetings" if p.is_entrenched else "") + "."]


def notice_markdown(a: Amendment, provenance: Provenance) -> str:
    p, society = a.procedure, a.old.society.name
    lines = [front_matter(f"Notice of a general meeting of {society}", provenance),
             f"# Notice of a general meeting of {society}", "",
             f"Notice given on {_day(p.notice_date)}.", "",
             "The board calls a general meeting of the members on ______ (date), at ______"
             " (time), at ______ (place, and how to join by video or phone).", "",
             f"The meeting may be held on or after {_day(p.earliest_meeting)}: the rules in"
             f" force need {p.notice_clear_days} clear days' notice, and a notice sent by"
             " post is treated as received two days after posting.", "",
             "## Business", "", f"To consider and, if thought fit, pass as an"
             f" {p.decision.name} the following resolution:", ""]
    lines += [f"> {line}" for line in resolution_text(a)] + [""]
    lines += ["The full text of every change is in the schedule of changes sent with this"
              " notice, with a plain-words summary of what each means for members.", ""]
    if p.is_entrenched and p.second_meeting:
        first, last = p.second_meeting
        lines += ["## A second meeting", "",
                  f"The changes include entrenched rules ({', '.join(p.entrenched_changes)}),"
                  " so the resolution must be passed again at a second general meeting held"
                  f" between {_day(first)} and {_day(last)} (28 days to six months after this"
                  " one, if it is held on the earliest date).", ""]
    if p.consents:
        lines += ["## Class consents", ""]
        for consent in p.consents:
            lines.append(f"- {_MATTERS.get(consent.matter, consent.matter)}: the consent of"
                         f" {a.class_names(consent.classes)}, each by its own majority in a"
                         f" confidential ballot, because {consent.why}.")
        lines.append("")
    lines += [f"Quorum: {p.quorum_members} members, or more as the rules on quorum require.",
              "", "Members may appoint a proxy, and may ask for these papers in easy read,"
              " large print or another format.", "", "______________________________",
              "Secretary"]
    return "\n".join(lines)


def class_notices_markdown(a: Amendment, provenance: Provenance) -> str | None:
    if not a.procedure.consents:
        return None
    society = a.old.society.name
    lines = [front_matter(f"Class ballots on the changes to the rules of {society}",
                          provenance), f"# Class ballots on the changes to the rules of"
             f" {society}", ""]
    names = {c.id: c.name for c in a.old.member_classes}
    for consent in a.procedure.consents:
        for class_id in consent.classes:
            lines += [f"## To the members of the class {names.get(class_id, class_id)}", "",
                      f"The changes include {_MATTERS.get(consent.matter, consent.matter)}"
                      f" ({consent.why}). Under the rules in force they need your class's"
                      " consent, by more than half of the votes your class's members cast,"
                      " in a confidential ballot.", "",
                      f"Ballot closes: ______ (at least {a.procedure.notice_clear_days} clear"
                      " days after this notice).", ""]
    return "\n".join(lines)


def minutes_markdown(a: Amendment, provenance: Provenance) -> str:
    society = a.old.society.name
    lines = [front_matter(f"Minutes of the general meeting of {society}", provenance),
             f"# Minutes of the general meeting of {society}", "",
             "Held on ______ at ______. Present: ______ members (the quorum was met).", "",
             "## Changes to the rules", ""]
    lines += [f"> {line}" for line in resolution_text(a)] + [
        "", "For: ______   Against: ______   Abstaining: ______", "",
        f"The resolution was passed / not passed as an {a.procedure.decision.name}"
        f" (at least {a.procedure.decision.threshold_pct:f}% of the votes cast needed).", ""]
    for consent in a.procedure.consents:
        lines.append(f"Consent of {a.class_names(consent.classes)} ({consent.matter}):"
                     " given / not given on ______.")
    lines += ["", "Signed as a true record: ______________________________ (chair)"]
    return "\n".join(lines)


def fca_markdown(a: Amendment, provenance: Provenance) -> str:
    facts = load_facts()["fca_amendments"]
    society, band = a.old.society.name, a.band()
    lines = [front_matter(f"Application to register amendments: {society}", provenance),
             f"# Application to register amendments: {society}", "",
             f"{facts['effect'][0].upper()}{facts['effect'][1:]}.", "",
             "## The amendments, as the FCA counts them", "",
             f"{len(a.counted)} amended rules: {', '.join(a.counted) or 'none'}."
             f" ({facts['counting'].capitalize()}.)", ""]
    if band is not None:
        confirm = "" if facts["bands_verified"] else (
            " This band, and the fee for it, could not be confirmed from coopfound's"
            " sources: confirm both with the FCA.")
        lines += [f"Fee band: {band['amendments']} amendments.{confirm}", "",
                  f"Fee: {facts['fee_note']}.", ""]
    lines += ["## What the FCA asks for", ""]
    lines += [f"- {item}" for item in facts["data_asked_for"]] + [""]
    lines += [f"Signed by {facts['signatories']}"
              + ("" if facts["signatories_verified"] else " (confirm with the FCA's form)")
              + ".", "", "## Documents to attach", ""]
    lines += [f"- {item}" for item in facts["documents"]] + [""]
    warnings = [f for f in a.findings if f.severity.value == "warning"]
    if warnings:
        lines += ["## Points to settle first", ""]
        lines += [f"- {f.message}: {f.fix} ({f.code})" for f in warnings] + [""]
    lines.append(f"Source: {facts['source']}, checked {facts['checked']}.")
    return "\n".join(lines)


def history_lines(a: Amendment) -> list[str]:
    p = a.procedure
    return ["## Amendment history", "",
            f"- Amendments to rules {', '.join(r.removeprefix('rule ') for r in a.counted)}:"
            f" {p.decision.name} passed on ______"
            + (" and confirmed on ______" if p.is_entrenched else "")
            + "; registered by the FCA on ______.", ""]


def generated_at() -> datetime:
    """One fixed instant for the revisions, so that reruns give the same redline."""
    return datetime(2000, 1, 1, tzinfo=UTC)


def documents(a: Amendment, provenance: Provenance, as_amended_md: str,
              as_amended_docx: bytes, redline: bytes) -> list[Document]:
    found = [Document("changes.md", changes_markdown(a, provenance).encode()),
             Document("notice-of-general-meeting.md", notice_markdown(a, provenance).encode()),
             Document("minutes.md", minutes_markdown(a, provenance).encode()),
             Document("fca-application.md", fca_markdown(a, provenance).encode()),
             Document("rules-as-amended.md", as_amended_md.encode()),
             Document("rules-as-amended.docx", as_amended_docx),
             Document("rules-redline.docx", redline)]
    class_notices = class_notices_markdown(a, provenance)
    if class_notices is not None:
        found.append(Document("class-ballots.md", class_notices.encode()))
    return found
