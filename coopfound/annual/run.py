"""`coopfound annual SPEC RECORDS... -o DIR`: from a spec and years of records to a report.

Every records folder is read and checked before anything is measured; the report, its
charts and its data are written atomically into one folder.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from pathlib import Path

from coopfound.annual.measure import measure, rule_numbers, shortfalls
from coopfound.annual.practice import practice_score
from coopfound.annual.records import Year, read_year
from coopfound.annual.report import Chart, YearReport, data, docx, markdown, page, sections
from coopfound.checks.run import run_checks
from coopfound.control.governance import vote_shares
from coopfound.control.score import score
from coopfound.errors import CoopfoundError, Problem, SpecError, UsageError
from coopfound.founding.blocks import front_matter
from coopfound.output.document import Document
from coopfound.output.lock import output_lock
from coopfound.output.provenance import Provenance
from coopfound.output.vetting import check_output_folder, check_output_place
from coopfound.output.writers import write_documents
from coopfound.spec.loader import load_spec
from coopfound.spec.model import Spec
from coopfound.templating.packs import TemplatePack


@dataclass(frozen=True)
class Annual:
    reports: list[YearReport]
    constitution: float
    files: list[Path]
    json: dict[str, object]


def read_years(folders: list[Path], spec: Spec) -> list[Year]:
    years: list[Year] = []
    problems: list[Problem] = []
    for folder in folders:
        try:
            years.append(read_year(folder, spec))
        except SpecError as error:
            problems += error.problems
    if problems:
        raise SpecError(problems)
    years.sort(key=lambda y: y.start)
    for earlier, later in itertools.pairwise(years):
        if later.start <= earlier.end:
            raise UsageError(Problem(
                f"the years in {earlier.folder} and {later.folder} overlap",
                file=later.folder / "figures.yaml",
                hint="give each financial year once, in its own folder"))
    return years


def _charts(years: list[YearReport], spec_classes: dict[str, str]) -> dict[str, Chart]:
    from coopfound.annual.charts import trend_chart, turnout_chart
    from coopfound.annual.measure import turnout

    found: dict[str, Chart] = {}
    for report in years:
        label = report.measures.year.label
        rows = turnout(report.measures.year, ("agm", "general", "forum"))
        if rows:
            title = f"Members present by class, {label}"
            found[f"turnout-{label}"] = Chart(f"turnout-{label}", title, turnout_chart(
                title, [f"{day:%d %b}" for day, _, _ in rows], list(spec_classes.values()),
                [[shares.get(cid, 0.0) for cid in spec_classes] for _, _, shares in rows]))
    if len(years) > 1:
        title = "Trends"
        found["trends"] = Chart("trends", title, trend_chart(
            title, [y.measures.year.label for y in years], {
                "Practice score": [y.practice_total for y in years],
                "Reserved seats filled": [y.measures.seats_filled_pct for y in years],
                "People receiving care present": [y.measures.care_turnout for y in years]}))
    return found


def run_annual(spec_path: Path, folders: list[Path], output: Path, pack: TemplatePack, *,
               force: bool) -> Annual:
    keep = [spec_path, *folders]

    def vet() -> None:
        check_output_folder(output, force=force, keep=keep)

    check_output_place(output, keep=keep)
    report = run_checks(load_spec(spec_path), pack)
    if report.errors:
        raise CoopfoundError(Problem("the spec does not pass `coopfound check`",
                                     file=spec_path, hint="fix it first"))
    spec = report.loaded.spec
    years = read_years(folders, spec)
    numbers = rule_numbers(report.rulebook)
    reports = []
    for year in years:
        measures = measure(spec, year)
        practice, total = practice_score(spec, measures)
        reports.append(YearReport(measures, practice, total,
                                  shortfalls(spec, measures, numbers)))
    constitution = score(spec, vote_shares(spec), has_errors=False).total
    names = {c.id: c.name for c in spec.member_classes}
    charts = _charts(reports, names)
    parts = sections(spec, reports, constitution, charts)
    title = f"Member control in practice: {spec.society.name}"
    provenance = Provenance.of(report.loaded, pack)
    documents = [Document("annual-report.md", markdown(
                     title, front_matter(title, provenance), parts).encode("utf-8")),
                 Document("annual-report.docx", docx(title, parts)),
                 Document("annual-report.html", page(title, parts).encode("utf-8"))]
    documents += [Document(f"charts/{c.name}.png", c.png) for c in charts.values()]
    with output_lock(output):
        vet()
        written = write_documents(output, documents, provenance.as_dict(), vet=vet)
    return Annual(reports, constitution, written.files, data(spec, reports, constitution))
