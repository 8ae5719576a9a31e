"""Build the Word shell that styles the rules: `templates/rules/rules.docx`.

The shell is a docxtpl template: real Word styles (Title, Heading 1 for parts, Heading 2
for rules, hanging-indent styles for numbered paragraphs and lettered items), a header
with the society's name and a footer with page numbers. The rule text itself comes from
the clause templates, so the shell holds no legal wording.

Run `python tools/make_docx_shells.py` after changing this script and commit both; the
committed .docx is what coopfound ships.
"""

from __future__ import annotations

import sys
from pathlib import Path

from docx import Document
from docx.document import Document as WordDocument
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.text.paragraph import Paragraph

from coopfound.output.word import (
    british_english,
    drop_template_leftovers,
    save_reproducibly,
    slim_styles,
)

ROOT = Path(__file__).resolve().parent.parent
RULES_SHELL = ROOT / "templates" / "rules" / "rules.docx"
DOCUMENT_SHELL = ROOT / "templates" / "letters" / "document.docx"
REGISTER_SHELL = ROOT / "templates" / "letters" / "register.docx"


def _field(paragraph: Paragraph, instruction: str) -> None:
    """Append a Word field (PAGE, NUMPAGES) that the office suite fills in."""
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _hanging_style(document: WordDocument, name: str, indent_cm: float, hang_cm: float) -> None:
    style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = document.styles["Normal"]
    fmt = style.paragraph_format
    fmt.left_indent = Cm(indent_cm)
    fmt.first_line_indent = Cm(-hang_cm)
    fmt.space_after = Pt(6)
    fmt.tab_stops.add_tab_stop(Cm(indent_cm))


def _tabbed(document: WordDocument, style: str, first: str, second: str) -> None:
    paragraph = document.add_paragraph(style=style)
    paragraph.add_run(first).add_tab()
    paragraph.add_run(second)


def _a4_with_header_and_page_numbers(document: WordDocument, *, landscape: bool = False,
                                     margin_cm: float = 2.5,
                                     header_text: str = "{{ society_name }}",
                                     footer_lead: str = "{{ title }}: page ") -> None:
    """A4 (python-docx starts from US Letter) with even margins, a right-aligned header
    (the society's name) and "...page X of Y" in the footer."""
    section = document.sections[0]
    width, height = (Cm(29.7), Cm(21.0)) if landscape else (Cm(21.0), Cm(29.7))
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = width, height
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(margin_cm))
    header = section.header.paragraphs[0]
    if header_text:
        header.text = header_text
    header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run(footer_lead)
    _field(footer, "PAGE")
    footer.add_run(" of ")
    _field(footer, "NUMPAGES")


def build_rules_shell(target: Path) -> None:
    document = Document()
    normal = document.styles["Normal"]
    normal.font.name = "Liberation Sans"
    normal.font.size = Pt(11)
    _hanging_style(document, "Rule Paragraph", 1.2, 1.2)
    _hanging_style(document, "Rule Item", 2.2, 1.0)
    text_style = document.styles.add_style("Rule Text", WD_STYLE_TYPE.PARAGRAPH)
    text_style.base_style = normal
    text_style.paragraph_format.left_indent = Cm(1.2)
    text_style.paragraph_format.space_after = Pt(6)
    document.styles["Heading 2"].paragraph_format.tab_stops.add_tab_stop(Cm(1.2))

    _a4_with_header_and_page_numbers(document)

    document.add_paragraph("{{ title }}", style="Title")
    document.add_paragraph("{{ subtitle }}", style="Subtitle")
    document.add_paragraph("{%p for block in blocks %}")
    document.add_paragraph("{%p if block.kind == 'part' %}")
    document.add_paragraph("{{ block.text }}", style="Heading 1")
    document.add_paragraph("{%p elif block.kind == 'rule' %}")
    _tabbed(document, "Heading 2", "{{ block.number }}.", "{{ block.text }}")
    document.add_paragraph("{%p elif block.kind == 'para' %}")
    _tabbed(document, "Rule Paragraph", "{{ block.number }}", "{{ block.text }}")
    document.add_paragraph("{%p elif block.kind == 'text' %}")
    document.add_paragraph("{{ block.text }}", style="Rule Text")
    document.add_paragraph("{%p elif block.kind == 'item' %}")
    _tabbed(document, "Rule Item", "({{ block.letter }})", "{{ block.text }}")
    document.add_paragraph("{%p endif %}")
    document.add_paragraph("{%p endfor %}")
    british_english(document)
    drop_template_leftovers(document)
    _save(document, target)


def _save(document: WordDocument, target: Path) -> None:
    """Save with fixed zip timestamps, so rebuilding an unchanged shell changes no bytes."""
    slim_styles(document)
    target.write_bytes(save_reproducibly(document))


def build_document_shell(target: Path) -> None:
    """Letters, forms and checklists: one shell, a paragraph style per block kind."""
    document = Document()
    normal = document.styles["Normal"]
    normal.font.name = "Liberation Sans"
    normal.font.size = Pt(11)
    normal.paragraph_format.space_after = Pt(6)
    box = document.styles.add_style("Tick Box", WD_STYLE_TYPE.PARAGRAPH)
    box.base_style = normal
    box.paragraph_format.left_indent = Cm(0.8)
    box.paragraph_format.first_line_indent = Cm(-0.8)
    box.paragraph_format.tab_stops.add_tab_stop(Cm(0.8))
    field_style = document.styles.add_style("Form Field", WD_STYLE_TYPE.PARAGRAPH)
    field_style.base_style = normal
    field_style.paragraph_format.space_before = Pt(12)
    note = document.styles.add_style("Small Print", WD_STYLE_TYPE.PARAGRAPH)
    note.base_style = normal
    note.font.size = Pt(9)
    note.font.italic = True

    _a4_with_header_and_page_numbers(document)

    document.add_paragraph("{{ title }}", style="Title")
    document.add_paragraph("{%p for block in blocks %}")
    document.add_paragraph("{%p if block.kind == 'heading' %}")
    document.add_paragraph("{{ block.text }}", style="Heading 2")
    document.add_paragraph("{%p elif block.kind == 'bullet' %}")
    document.add_paragraph("{{ block.text }}", style="List Bullet")
    document.add_paragraph("{%p elif block.kind == 'checkbox' %}")
    _tabbed(document, "Tick Box", "\u2610", "{{ block.text }}")
    document.add_paragraph("{%p elif block.kind == 'field' %}")
    document.add_paragraph("{{ block.text }}: ________________________________________",
                           style="Form Field")
    document.add_paragraph("{%p elif block.kind == 'note' %}")
    document.add_paragraph("{{ block.text }}", style="Small Print")
    document.add_paragraph("{%p else %}")
    document.add_paragraph("{{ block.text }}")
    document.add_paragraph("{%p endif %}")
    document.add_paragraph("{%p endfor %}")
    british_english(document)
    drop_template_leftovers(document)
    _save(document, target)


def build_register_shell(target: Path) -> None:
    """The registers: landscape A4, a header and page numbers, and the styles a register's
    table needs. coopfound fills in the title, the header and the table with python-docx
    (a register is data, not prose), so the shell's body is empty."""
    document = Document()
    normal = document.styles["Normal"]
    normal.font.name = "Liberation Sans"
    normal.font.size = Pt(9)
    # coopfound writes the society's name into the header when it fills the register.
    _a4_with_header_and_page_numbers(document, landscape=True, margin_cm=1.5, header_text="",
                                     footer_lead="Page ")
    # Use the styles once so that slimming keeps them, then empty the body.
    document.add_paragraph("title", style="Title")
    document.add_table(rows=1, cols=1).style = "Table Grid"
    british_english(document)
    drop_template_leftovers(document)
    slim_styles(document)
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    target.write_bytes(save_reproducibly(document))


def main() -> int:
    build_rules_shell(RULES_SHELL)
    build_document_shell(DOCUMENT_SHELL)
    build_register_shell(REGISTER_SHELL)
    for shell in (RULES_SHELL, DOCUMENT_SHELL, REGISTER_SHELL):
        print(f"wrote {shell.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
