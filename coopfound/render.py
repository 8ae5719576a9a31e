"""Turn a checked spec into documents, in memory. Writing them is `writers.py`'s job."""

from __future__ import annotations

from dataclasses import dataclass

from coopfound.checks import CheckReport
from coopfound.errors import ChecksFailed, Problem, TemplateError
from coopfound.packs import RULES_DOCUMENT, TemplatePack
from coopfound.provenance import Provenance
from coopfound.rules_docx import rules_docx
from coopfound.rules_markdown import rules_markdown


@dataclass(frozen=True)
class Document:
    name: str  # path inside the output folder
    content: bytes


def rules_subtitle(report: CheckReport) -> str:
    legal_form = report.loaded.spec.society.legal_form.display
    return (f"Rules of a {legal_form} under the"
            " Co-operative and Community Benefit Societies Act 2014")


def render_rules(report: CheckReport, pack: TemplatePack) -> list[Document]:
    """The rules as Markdown and Word. Refuses a spec whose checks found errors."""
    if report.errors:
        path = report.loaded.path
        raise ChecksFailed([
            Problem(f"{f.message} ({f.code})", file=path,
                    line=report.loaded.positions.line_for(f.path) if f.path else None,
                    field=f.field or None, hint=f.fix)
            for f in report.errors
        ])
    rulebook = report.rulebook
    if rulebook.broken_references:
        raise TemplateError(rulebook.broken_references)
    provenance = Provenance.of(report.loaded, rulebook)
    subtitle = rules_subtitle(report)
    secretary = report.loaded.spec.secretary.name
    formats = pack.formats_of(RULES_DOCUMENT)
    documents = []
    if "md" in formats:
        documents.append(Document("rules.md", rules_markdown(
            rulebook, provenance, subtitle, secretary).encode("utf-8")))
    if "docx" in formats:
        documents.append(Document("rules.docx", rules_docx(
            rulebook, provenance, report.loaded.spec.society.name, subtitle, pack, secretary)))
    return documents


def render_everything(report: CheckReport, pack: TemplatePack,
                      only: frozenset[str] | None = None) -> list[Document]:
    """The rules and the founding pack. `only` keeps documents under those folders."""
    from coopfound.founding_pack import load_facts, render_pack
    from coopfound.registers import render_registers
    from coopfound.timeline import render_timeline

    documents = render_rules(report, pack)
    provenance = Provenance.of(report.loaded, report.rulebook)
    spec = report.loaded.spec
    documents += render_pack(report.loaded, report.rulebook, provenance, pack)
    documents += render_registers(spec, provenance)
    if spec.founding_meeting_date is not None:
        documents += render_timeline(spec, spec.founding_meeting_date, load_facts(),
                                     report.loaded.fingerprint)
    if only is not None:
        documents = [d for d in documents if d.name.split("/")[0] in only]
    names = [d.name for d in documents]
    clashes = sorted({name for name in names if names.count(name) > 1})
    if clashes:
        raise TemplateError(Problem(
            f"two documents would both be written to {clashes[0]}",
            hint="give each document of the pack an output of its own (pack.yaml,"
                 " documents: output)"))
    return documents
