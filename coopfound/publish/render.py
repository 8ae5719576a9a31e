"""Turn a checked spec into its documents, in memory. Writing them is `output.writers`'s job."""

from __future__ import annotations

from coopfound.checks.run import CheckReport
from coopfound.errors import ChecksFailed, Problem, TemplateError
from coopfound.facts import load_facts
from coopfound.founding.letters import render_pack
from coopfound.founding.registers import render_registers
from coopfound.founding.timeline import render_timeline
from coopfound.output.document import Document
from coopfound.output.provenance import Provenance
from coopfound.rules.markdown import rules_markdown
from coopfound.rules.word import rules_docx
from coopfound.templating.packs import RULES_DOCUMENT, TemplatePack


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
    rulebook, orders = report.rulebook, report.orders
    if rulebook.broken_references or orders.broken_references:
        raise TemplateError(rulebook.broken_references + orders.broken_references)
    provenance = Provenance.of(report.loaded, pack)
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
    orders_subtitle = orders_subtitle_of(report)
    if "md" in formats:
        documents.append(Document(f"{ORDERS_NAME}.md", rules_markdown(
            orders, provenance, orders_subtitle).encode("utf-8")))
    if "docx" in formats:
        documents.append(Document(f"{ORDERS_NAME}.docx", rules_docx(
            orders, provenance, report.loaded.spec.society.name, orders_subtitle, pack,
            category="Standing orders")))
    return documents


#: The standing orders' file name, without extension.
ORDERS_NAME = "standing-orders"


def orders_subtitle_of(report: CheckReport) -> str:
    numbers = [c.number for c in report.rulebook.clauses() if c.id == "standing_orders"]
    made_under = f" under rule {numbers[0]} of its rules" if numbers else ""
    return (f"Made by the members of {report.loaded.spec.society.name}{made_under}. They"
            " set out procedure, can be changed by ordinary resolution, and cannot override"
            " the rules.")


#: What `coopfound register` writes: the rules, what the FCA and the care regulator need,
#: the registers, and the founding meeting's papers (the meeting adopts the rules and
#: names who signs). Names are files or folders of the output, without extension.
REGISTRATION_PACK = frozenset({
    "rules", ORDERS_NAME, "registration", "registers", "meetings/founding-meeting-invitation",
    "meetings/founding-member-consent", "meetings/founding-meeting-agenda",
    "meetings/founding-meeting-minutes", "letters/fca-covering-letter"})


def _selected(name: str, only: frozenset[str]) -> bool:
    stem = name.rsplit(".", 1)[0]
    return stem in only or any(name.startswith(f"{folder}/") for folder in only)


def render_everything(report: CheckReport, pack: TemplatePack,
                      only: frozenset[str] | None = None) -> list[Document]:
    """The rules and the founding pack. `only` keeps the documents it names (a file
    without its extension, or a folder)."""
    documents = render_rules(report, pack)
    provenance = Provenance.of(report.loaded, pack)
    spec = report.loaded.spec
    documents += render_pack(report.loaded, report.rulebook, provenance, pack)
    documents += render_registers(spec, provenance, pack)
    if spec.founding_meeting_date is not None:
        documents += render_timeline(spec, spec.founding_meeting_date, load_facts(),
                                     provenance)
    if only is not None:
        documents = [d for d in documents if _selected(d.name, only)]
    names = [d.name for d in documents]
    folders = {"/".join(name.split("/")[:depth]) for name in names
               for depth in range(1, name.count("/") + 1)}
    clashes = sorted({name for name in names if names.count(name) > 1 or name in folders})
    if clashes:
        raise TemplateError(Problem(
            f"two documents would both be written to {clashes[0]} (or one inside the other)",
            hint="give each document of the pack an output of its own (pack.yaml,"
                 " documents: output)"))
    return documents
