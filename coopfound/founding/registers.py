"""The registers the Act requires, pre-filled with the founding members and officers.

Section 30 of the 2014 Act: the register of members records each member's name and
postal address, any electronic address and what it is used for, the shares held and the
amount paid on them, other property in the society (loans, deposits), the date they were
entered and the date they ceased to be a member. The register of officers follows common
model-rule practice (name, address, office, dates); whether that is exactly the list of
s.30(3) is a fact coopfound's sources do not confirm, so the registration checklist, which
is for the founders' adviser, says so (facts.yaml: registers), not the register itself.

Written as CSV (for a spreadsheet) and as Word (to print), from the same rows.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, Twips

from coopfound.output.columns import Cell, column_needs, fit_columns
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
        " them.")


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
    page, the fonts, the header and the page numbers. Built with python-docx: a register
    is data, not prose."""
    document = open_word_shell(shell)
    section = document.sections[0]
    section.header.paragraphs[0].text = society_name
    _name_the_footer(section, register.title)
    document.add_paragraph(register.title, style="Title")
    cells = [[Cell(heading, bold=True) for heading in register.columns],
             *[[Cell(value) for value in row] for row in register.rows]]
    body_size = document.styles["Normal"].font.size.pt
    available = (section.page_width - section.left_margin - section.right_margin) // EMU_PER_TWIP
    size, widths = _table_layout(cells, body_size, available)

    table = document.add_table(rows=len(cells), cols=len(register.columns))
    table.style = "Table Grid"
    table.autofit = False  # a fixed layout: Word keeps the widths given, as LibreOffice does
    _set_width_and_padding(table._tbl.tblPr, sum(widths))
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Twips(width)
    for row, row_cells in zip(table.rows, cells, strict=True):
        for cell, content, width in zip(row.cells, row_cells, widths, strict=True):
            cell.width = Twips(width)
            run = cell.paragraphs[0].add_run()
            _add_unbroken_text(run, content.text)
            run.bold = content.bold or None
            if size != body_size:
                run.font.size = Pt(size)
    for index, row in enumerate(table.rows):
        properties = row._tr.get_or_add_trPr()
        # A row never breaks across pages, and the headings repeat on every page.
        properties.append(OxmlElement("w:cantSplit"))
        if index == 0:
            properties.append(OxmlElement("w:tblHeader"))
    # The note goes over the page with the last row, never alone on a page of its own.
    for cell in table.rows[-1].cells:
        cell.paragraphs[0].paragraph_format.keep_with_next = True
    note = document.add_paragraph(register.note)
    note.paragraph_format.space_before = Pt(6)  # clear of the table's last rule
    return stamped_bytes(document, register.title, "A register kept under s.30 of the Act",
                         provenance, category="Register")


EMU_PER_TWIP = 635
#: The padding left and right of the text in a cell: 0.13 cm, a little closer than Word's
#: 0.19 cm, so that a register's twelve columns keep room for their words at full size.
CELL_PADDING_TWIPS = 72
#: The sizes a register's table may be set in: the documents' body size first, then a
#: point or two smaller when a long word (an address, a class name) would not fit.
_SMALLER_BY = (0, 1, 2)


def _table_layout(cells: list[list[Cell]], body_size: float,
                  available: int) -> tuple[float, list[int]]:
    """The text size and the column widths (twips) of a register's table.

    The largest size at which every column holds its longest word; at the smallest size,
    if a word is still too long for any layout (a 60-letter place name), each column gets
    a share of the page in proportion to its longest word, and only those words break.
    """
    columns = list(zip(*cells, strict=True))
    for smaller in _SMALLER_BY:
        size = body_size - smaller
        needs = [column_needs(column, size, CELL_PADDING_TWIPS) for column in columns]
        widths = fit_columns(needs, available)
        if widths is not None:
            return size, widths
    total = sum(n.narrowest for n in needs)
    return size, [n.narrowest * available // total for n in needs]


def _add_unbroken_text(run: Any, text: str) -> None:
    """The text, with its hyphens as Word's non-breaking hyphens: a column is as wide as
    its longest word, and a place name such as Betws-y-Coed is one word, not three to
    spread over three lines. Word and python-docx read the hyphens back as '-'."""
    for index, part in enumerate(text.split("-")):
        if index:
            run._r.append(OxmlElement("w:noBreakHyphen"))
        if part:
            run._r.add_t(part)


def _set_width_and_padding(table_properties: Any, width: int) -> None:
    table_width = table_properties.find(qn("w:tblW"))
    table_width.set(qn("w:type"), "dxa")
    table_width.set(qn("w:w"), str(width))
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        margin = OxmlElement(f"w:{side}")
        margin.set(qn("w:w"), str(CELL_PADDING_TWIPS))
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    # The schema orders a table's properties: cell margins come just before tblLook.
    look = table_properties.find(qn("w:tblLook"))
    if look is not None:
        look.addprevious(margins)
    else:
        table_properties.append(margins)


def _name_the_footer(section: Any, title: str) -> None:
    """Lead the shell's "page X of Y" footer with the register's title, as the other
    documents' footers are led by theirs."""
    paragraphs = section.footer.paragraphs
    if paragraphs and paragraphs[0].runs:
        paragraphs[0].runs[0].text = f"{title}: page "


def render_registers(spec: Spec, provenance: Provenance, pack: TemplatePack) -> list[Document]:
    shell = pack.find("letters/register.docx")
    documents = []
    for register in (member_register(spec), officer_register(spec)):
        documents.append(Document(f"registers/{register.name}.csv", register_csv(register)))
        documents.append(Document(f"registers/{register.name}.docx", register_docx(
            register, provenance, spec.society.name, shell)))
    return documents
