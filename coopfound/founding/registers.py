"""The registers the Act requires, pre-filled with the founding members and officers.

Section 30 of the 2014 Act: the register of members records each member's name and
postal address, any electronic address and what it is used for, the shares held and the
amount paid on them, other property in the society (loans, deposits), the date they were
entered and the date they ceased to be a member. The officer particulars of s.30(3) are
not confirmed by coopfound's sources; the register of officers follows common model-rule
practice (name, address, office, dates) and says so.

Written as CSV (for a spreadsheet) and as Word (to print), from the same rows.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from coopfound.output.document import Document
from coopfound.output.provenance import Provenance
from coopfound.output.word import open_word_shell, stamped_bytes
from coopfound.spec.model import Spec
from coopfound.templating.packs import TemplatePack


@dataclass(frozen=True)
class Register:
    name: str  # file name without extension
    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    note: str


def member_register(spec: Spec) -> Register:
    classes = {c.id: c for c in spec.member_classes}
    rows = []
    for founder in spec.founding_members:
        member_class = classes.get(founder.member_class)
        shares = member_class.minimum_shares if member_class else 1
        rows.append((
            founder.name, founder.address, "", "",
            member_class.name if member_class else founder.member_class,
            str(shares), f"£{spec.shares.value * shares:,.2f}", "none", "none", "",
            "", "",
        ))
    return Register(
        "register-of-members", f"Register of members of {spec.society.name}",
        ("Name", "Postal address", "Electronic address", "Electronic address used for",
         "Member class", "Shares held", "Amount paid on shares", "Other property in the society",
         "Nomination recorded", "How notices are sent", "Date entered", "Date ceased"),
        tuple(rows),
        "Kept at the registered office (Co-operative and Community Benefit Societies Act"
        " 2014, s.30). Enter the date the society is registered as the founding members'"
        " date entered; fill in each member's electronic address and how they want notices"
        " from their founding member's consent or application form.")


def officer_register(spec: Spec) -> Register:
    return Register(
        "register-of-officers", f"Register of officers of {spec.society.name}",
        ("Name", "Postal address", "Office", "Date appointed", "Date ceased"),
        ((spec.secretary.name, spec.secretary.address, "Secretary", "", ""),),
        "Enter the date the society is registered as the secretary's date appointed. Add the"
        " first directors, the chair and the treasurer as the founding meeting appoints"
        " them. The particulars follow common model-rule practice; the exact list in s.30(3)"
        " of the Act was not confirmed by coopfound's sources.")


def register_csv(register: Register) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(register.columns)
    writer.writerows(register.rows)
    # A byte-order mark so that spreadsheet programs read Welsh letters correctly.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def register_docx(register: Register, provenance: Provenance, society_name: str,
                  shell: Path) -> bytes:
    """A landscape table on the register shell (letters/register.docx), which holds the
    page, the styles and the page numbers. Built with python-docx: a register is data,
    not prose."""
    from docx.oxml import OxmlElement

    document = open_word_shell(shell)
    section = document.sections[0]
    section.header.paragraphs[0].text = society_name
    document.add_paragraph(register.title, style="Title")
    table = document.add_table(rows=1, cols=len(register.columns))
    table.style = "Table Grid"
    for cell, heading in zip(table.rows[0].cells, register.columns, strict=True):
        cell.paragraphs[0].add_run(heading).bold = True
    for row in register.rows:
        for cell, value in zip(table.add_row().cells, row, strict=True):
            cell.text = value
    for index, row in enumerate(table.rows):
        properties = row._tr.get_or_add_trPr()
        # A row never breaks across pages, and the headings repeat on every page.
        properties.append(OxmlElement("w:cantSplit"))
        if index == 0:
            properties.append(OxmlElement("w:tblHeader"))
    document.add_paragraph(register.note)
    return stamped_bytes(document, register.title, "A register kept under s.30 of the Act",
                         provenance, category="Register")


def render_registers(spec: Spec, provenance: Provenance, pack: TemplatePack) -> list[Document]:
    shell = pack.find("letters/register.docx")
    documents = []
    for register in (member_register(spec), officer_register(spec)):
        documents.append(Document(f"registers/{register.name}.csv", register_csv(register)))
        documents.append(Document(f"registers/{register.name}.docx", register_docx(
            register, provenance, spec.society.name, shell)))
    return documents
