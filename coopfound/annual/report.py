"""The annual report as Markdown, Word and HTML, each with the same charts, and as data.

The Markdown is the source: Word and HTML are made from the same sections, so the three
always say the same.
"""

from __future__ import annotations

import base64
import html
import io
from dataclasses import dataclass
from typing import Any

from coopfound.annual.measure import (
    Measures,
    Shortfall,
    homecare_price,
    living_wage,
    reserve_share,
    turnout,
)
from coopfound.annual.practice import PracticeResult
from coopfound.spec.model import Spec


@dataclass(frozen=True)
class YearReport:
    measures: Measures
    practice: list[PracticeResult]
    practice_total: float
    shortfalls: list[Shortfall]


@dataclass(frozen=True)
class Chart:
    name: str  # charts/<name>.png
    title: str
    png: bytes


@dataclass(frozen=True)
class Section:
    heading: str
    lines: list[str]  # Markdown lines: "- item", "| table |", plain text
    chart: Chart | None = None


def _pct(value: float | None) -> str:
    return "not recorded" if value is None else f"{value:.1f}%"


def sections(spec: Spec, years: list[YearReport], constitution: float,
             charts: dict[str, Chart]) -> list[Section]:
    names = {c.id: c.name for c in spec.member_classes}
    found: list[Section] = []
    summary = ["| Year | Practice score | Constitution score | Shortfalls |",
               "| --- | --- | --- | --- |"]
    summary += [f"| {y.measures.year.label} | {y.practice_total:g} / 100 |"
                f" {constitution:g} / 100 | {len(y.shortfalls)} |" for y in years]
    found.append(Section("Summary", summary, charts.get("trends")))
    for report in years:
        m = report.measures
        label = m.year.label
        control = ["| Class | Members at year end | Joined | Left | Directors at year end |",
                   "| --- | --- | --- | --- | --- |"]
        control += [f"| {names[cid]} | {m.members_end.get(cid, 0)} | {m.joined.get(cid, 0)} |"
                    f" {m.left.get(cid, 0)} | {m.board_end.get(cid, 0)} |" for cid in names]
        control += ["", f"- Reserved board seat-days filled: {_pct(m.seats_filled_pct)}",
                    f"- AGM: {m.agm:%d %B %Y}" if m.agm else "- AGM: none held this year",
                    f"- General meetings quorate: {m.quorum_met} of {m.general_meetings}",
                    f"- Members' forums held: {m.forums}",
                    f"- People receiving care present at general meetings, on average:"
                    f" {_pct(m.care_turnout)}",
                    f"- Class consents sought when needed: {m.consents_sought} of"
                    f" {m.consents_needed}",
                    f"- People cared for who are members: {_pct(m.receiving_care_share)}"]
        if spec.council is not None:
            control.append(f"- Members' council meetings: {m.council_meetings}")
        meetings = ["", "| Meeting | " + " | ".join(names[c] for c in names) + " |",
                    "| --- |" + " --- |" * len(names)]
        meetings += [f"| {day:%d %b %Y} ({kind}) | "
                     + " | ".join(f"{shares.get(c, 0):.0f}%" for c in names) + " |"
                     for day, kind, shares in turnout(m.year, ("agm", "general", "forum"))]
        found.append(Section(f"{label}: control in practice", control + meetings,
                             charts.get(f"turnout-{label}")))
        figures = m.figures
        survey = figures.get("survey") or {}
        outcomes = [f"- {names.get(cid, cid)}: {entry.get('satisfied_pct')}% satisfied"
                    f" ({entry.get('responses')} responses)" for cid, entry in survey.items()]
        outcomes += [f"- Complaints resolved in time: "
                     f"{_pct(m.ratio('complaints', 'resolved_in_time', 'received'))}",
                     f"- Care hours delivered against plan: "
                     f"{_pct(m.ratio('care_hours', 'delivered', 'planned'))}",
                     f"- Care regulator's rating: {figures.get('regulator_rating', 'none')}"]
        found.append(Section(f"{label}: responsiveness and outcomes", outcomes))
        wage, verified, source = living_wage()
        pay = figures.get("care_worker_hourly_pay")
        value = [f"- Cost per care hour: £{m.cost_per_hour:.2f}" if m.cost_per_hour
                 else "- Cost per care hour: not recorded",
                 f"- Care workers' hourly pay: £{float(pay):.2f} (Real Living Wage £{wage};"
                 f" {source}{'' if verified else ', unconfirmed'})" if pay is not None
                 else "- Care workers' hourly pay: not recorded",
                 f"- Share of income paid to care workers: {_pct(m.pay_share_pct)}"]
        price, price_verified, price_source = homecare_price()
        if spec.society.registered_office.nation.value == "england":
            # The published minimum price is England's; no figure is recorded for the
            # other nations, and an English one would mislead there.
            value.append(f"- Reference: a minimum price for homecare of £{price} an hour"
                         f" ({price_source}{'' if price_verified else ', unconfirmed'})")
        rate = figures.get("hourly_rate") or {}
        if rate:
            value.append(f"- Hourly rate charged: £{float(rate.get('charged', 0)):.2f}; paid"
                         f" by commissioners: £{float(rate.get('paid_by_commissioners', 0)):.2f}")
        if figures.get("staff_turnover_pct") is not None:
            value.append(f"- Staff turnover (continuity of care): "
                         f"{figures['staff_turnover_pct']}%")
        found.append(Section(f"{label}: value for money and fair work", value))
        money = figures.get("money") or {}
        stewardship = [f"- Reserves: £{money.get('reserves', 0):,}; share of the year's"
                       f" surplus put into the reserve: {_pct(reserve_share(m))} (the rules:"
                       f" at least {spec.profits.reserve_min_pct:f}%)",
                       f"- Training hours per member: {m.training_per_member:.1f}"
                       if m.training_per_member is not None else "- Training: not recorded",
                       "- Social account published: "
                       + ("yes" if figures.get("social_account_published") else "no")]
        found.append(Section(f"{label}: stewardship", stewardship))
        score = ["| # | Indicator | Score | Found | Full marks when |",
                 "| --- | --- | --- | --- | --- |"]
        score += [f"| {r.indicator.number} | {r.indicator.name} | {r.score:g}/"
                  f"{r.indicator.points} | {r.found} | {r.indicator.full_marks_when} |"
                  for r in report.practice]
        score += ["", f"Practice score: {report.practice_total:g} out of 100."]
        found.append(Section(f"{label}: practice score", score))
        falls = [f"- {s.text}" for s in report.shortfalls] or [
            "- None: practice met the rules in every respect measured."]
        found.append(Section(f"{label}: where practice falls short of the rules", falls))
    return found


def markdown(title: str, front: str, parts: list[Section]) -> str:
    lines = [front, f"# {title}", ""]
    for part in parts:
        lines += [f"## {part.heading}", ""]
        if part.chart:
            lines += [f"![{part.chart.title}](charts/{part.chart.name}.png)", ""]
        lines += [*part.lines, ""]
    return "\n".join(lines)


def _cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def _blocks(lines: list[str]) -> list[list[list[str]] | str]:
    """The section's lines as blocks, in order: each run of table lines one table (its
    rows of cells, without the Markdown rule under the heading), each other line itself."""
    blocks: list[list[list[str]] | str] = []
    table: list[list[str]] = []
    for line in lines:
        if line.startswith("|"):
            if "---" not in line:
                table.append(_cells(line))
            continue
        if table:
            blocks.append(table)
            table = []
        if line:
            blocks.append(line)
    if table:
        blocks.append(table)
    return blocks


def docx(title: str, parts: list[Section]) -> bytes:
    from docx import Document
    from docx.shared import Cm

    document = Document()
    document.core_properties.title = title
    document.core_properties.author = "coopfound"
    document.add_heading(title, level=0)
    for part in parts:
        document.add_heading(part.heading, level=1)
        if part.chart:
            document.add_picture(io.BytesIO(part.chart.png), width=Cm(16))
        for block in _blocks(part.lines):
            if isinstance(block, list):
                table = document.add_table(rows=0, cols=len(block[0]))
                table.style = "Table Grid"
                for cells_text in block:
                    for cell, text in zip(table.add_row().cells, cells_text, strict=False):
                        cell.text = text
            elif block.startswith("- "):
                document.add_paragraph(block[2:], style="List Bullet")
            else:
                document.add_paragraph(block)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def page(title: str, parts: list[Section]) -> str:
    body = [f"<h1>{html.escape(title)}</h1>"]
    for part in parts:
        body.append(f"<h2>{html.escape(part.heading)}</h2>")
        if part.chart:
            data = base64.b64encode(part.chart.png).decode("ascii")
            body.append(f'<img alt="{html.escape(part.chart.title)}"'
                        f' src="data:image/png;base64,{data}">')
        items: list[str] = []
        for block in _blocks(part.lines):
            if isinstance(block, str) and block.startswith("- "):
                items.append(f"<li>{html.escape(block[2:])}</li>")
                continue
            if items:
                body.append("<ul>" + "".join(items) + "</ul>")
                items = []
            if isinstance(block, list):
                body.append("<table>" + "".join(
                    "<tr>" + "".join(f"<{'th' if n == 0 else 'td'}>{html.escape(c)}"
                                     f"</{'th' if n == 0 else 'td'}>" for c in row) + "</tr>"
                    for n, row in enumerate(block)) + "</table>")
            else:
                body.append(f"<p>{html.escape(block)}</p>")
        if items:
            body.append("<ul>" + "".join(items) + "</ul>")
    style = ("body{font-family:sans-serif;max-width:60em;margin:2em auto;line-height:1.5}"
             "table{border-collapse:collapse}td,th{border:1px solid #999;padding:.2em .5em}"
             "img{max-width:100%}@media print{h2{break-before:page}}")
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>'
            f"{html.escape(title)}</title><style>{style}</style></head><body>"
            + "\n".join(body) + "</body></html>\n")


def data(spec: Spec, years: list[YearReport], constitution: float) -> dict[str, Any]:
    return {"society": spec.society.name, "constitution_score": constitution, "years": [{
        "year": y.measures.year.label, "practice_score": y.practice_total,
        "indicators": [{"number": r.indicator.number, "name": r.indicator.name,
                        "score": r.score, "points": r.indicator.points, "found": r.found,
                        "full_marks_when": r.indicator.full_marks_when,
                        "why": r.indicator.why} for r in y.practice],
        "members_at_year_end": y.measures.members_end,
        "reserved_seat_days_filled_pct": y.measures.seats_filled_pct,
        "receiving_care_turnout_pct": y.measures.care_turnout,
        "receiving_care_members_pct": y.measures.receiving_care_share,
        "general_meetings": y.measures.general_meetings,
        "quorate": y.measures.quorum_met, "forums": y.measures.forums,
        "consents_needed": y.measures.consents_needed,
        "consents_sought": y.measures.consents_sought,
        "agm": y.measures.agm.isoformat() if y.measures.agm else None,
        "cost_per_care_hour": y.measures.cost_per_hour,
        "care_worker_pay_share_pct": y.measures.pay_share_pct,
        "training_hours_per_member": y.measures.training_per_member,
        "complaints_resolved_in_time_pct": y.measures.ratio(
            "complaints", "resolved_in_time", "received"),
        "care_hours_against_plan_pct": y.measures.ratio("care_hours", "delivered", "planned"),
        "shortfalls": [{"rule": s.rule, "text": s.text} for s in y.shortfalls],
    } for y in years]}
