"""Build the Word shells that style the rules, the letters and forms, and the registers.

Each shell is a docxtpl template: real Word styles (for the rules: Title, Heading 1 for
parts, Heading 2 for rules, hanging-indent styles for numbered paragraphs and lettered
items), a header with the society's name and a footer with page numbers. The text itself
comes from the templates, so a shell holds no legal wording. The letters and forms have
one shell per style (`Look`): standard, easy read and certificate. The registers' shell
holds only the page and the styles; coopfound builds their tables.

Run `python tools/make_docx_shells.py` after changing this script and commit both; the
committed .docx is what coopfound ships.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
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
EASY_READ_SHELL = ROOT / "templates" / "letters" / "easy-read.docx"
CERTIFICATE_SHELL = ROOT / "templates" / "letters" / "certificate.docx"
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


def _a4(document: WordDocument, *, landscape: bool = False, margin_cm: float = 2.5) -> None:
    """A4 (python-docx starts from US Letter) with even margins."""
    section = document.sections[0]
    width, height = (Cm(29.7), Cm(21.0)) if landscape else (Cm(21.0), Cm(29.7))
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = width, height
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(margin_cm))


def _a4_with_header_and_page_numbers(document: WordDocument, *, landscape: bool = False,
                                     margin_cm: float = 2.5,
                                     header_text: str = "{{ society_name }}",
                                     footer_lead: str = "{{ title }}: page ") -> None:
    """A4 with a right-aligned header (the society's name) and "...page X of Y" in the
    footer."""
    _a4(document, landscape=landscape, margin_cm=margin_cm)
    section = document.sections[0]
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


@dataclass(frozen=True)
class Look:
    """How one style of letters and forms prints (templates/letters/pack.yaml, `style:`).

    Every style renders the same blocks (blocks.py) through the same paragraph styles; a
    look only changes their sizes and spacing, and what the page carries around them.
    """

    body_pt: float = 11
    #: Line spacing as a multiple of single; None keeps python-docx's default (1.15).
    line_spacing: float | None = None
    #: Say "left-aligned" in the style itself, so that no reader's defaults justify it.
    left_aligned: bool = False
    space_after_pt: float = 6
    heading_pt: float | None = None  # None keeps Heading 2's 13 pt
    field_space_before_pt: float = 12
    field_line: int = 40  # underscores to write on
    note_pt: float = 9
    note_italic: bool = True
    box_pt: float | None = None  # the tick box's size; None: the body size
    box_indent_cm: float = 0.8
    #: Space between the items of a list, as between paragraphs (Word's lists run close).
    spaced_lists: bool = False
    header_and_page_numbers: bool = True
    #: The header and footer stay at the standard body size in every look: they are not
    #: read as the text is, and a long title at 14 pt would break the page numbers in two.
    furniture_pt: float = 11
    page_border: bool = False


STANDARD = Look()
#: Easy read, as UK guidance (Mencap; the Department of Health's "Making written
#: information easier to understand") asks: at least 14 pt in a plain sans-serif font,
#: 1.5 line spacing with clear space between lines and paragraphs, left-aligned and never
#: justified, no italics, and big boxes to tick. Bold for key words comes from the text
#: (**word** in a template).
EASY_READ = Look(body_pt=14, line_spacing=1.5, left_aligned=True, space_after_pt=12,
                 heading_pt=18, field_space_before_pt=18, note_pt=14, note_italic=False, box_pt=20,
                 box_indent_cm=1.2, spaced_lists=True)
#: A certificate is one page to keep: no running header or page numbers, a border round
#: the page, and its particulars set a little closer, on shorter lines, than on a form
#: filled in by hand.
CERTIFICATE = Look(field_space_before_pt=8, space_after_pt=4, field_line=30,
                   header_and_page_numbers=False, page_border=True)


def _page_border(document: WordDocument) -> None:
    """A double rule round the text of every page."""
    borders = OxmlElement("w:pgBorders")
    borders.set(qn("w:offsetFrom"), "text")
    for side in ("top", "left", "bottom", "right"):
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:val"), "double")
        edge.set(qn("w:sz"), "6")  # eighths of a point
        edge.set(qn("w:space"), "12")  # points between the rule and the text
        edge.set(qn("w:color"), "17365D")  # the titles' colour
        borders.append(edge)
    section = document.sections[0]._sectPr
    # pgBorders belongs straight after pgMar in a section's properties.
    section.find(qn("w:pgMar")).addnext(borders)


def build_document_shell(target: Path, look: Look = STANDARD) -> None:
    """Letters, forms and checklists: one shell per look, a paragraph style per block kind.

    Text is inserted as rich text (`{{r block.rich }}`), so that **key words** in a
    template print in bold; `block.text` holds the same text without the marks.
    """
    document = Document()
    normal = document.styles["Normal"]
    normal.font.name = "Liberation Sans"
    normal.font.size = Pt(look.body_pt)
    normal.paragraph_format.space_after = Pt(look.space_after_pt)
    if look.line_spacing is not None:
        normal.paragraph_format.line_spacing = look.line_spacing
    if look.left_aligned:
        normal.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
    if look.heading_pt is not None:
        heading = document.styles["Heading 2"]
        heading.font.size = Pt(look.heading_pt)
        heading.paragraph_format.space_before = Pt(look.heading_pt)
        heading.paragraph_format.space_after = Pt(look.space_after_pt / 2)
    if look.spaced_lists:
        bullet = document.styles["List Bullet"].element.pPr
        for contextual in bullet.findall(qn("w:contextualSpacing")):
            bullet.remove(contextual)
    box = document.styles.add_style("Tick Box", WD_STYLE_TYPE.PARAGRAPH)
    box.base_style = normal
    box.paragraph_format.left_indent = Cm(look.box_indent_cm)
    box.paragraph_format.first_line_indent = Cm(-look.box_indent_cm)
    box.paragraph_format.tab_stops.add_tab_stop(Cm(look.box_indent_cm))
    field_style = document.styles.add_style("Form Field", WD_STYLE_TYPE.PARAGRAPH)
    field_style.base_style = normal
    field_style.paragraph_format.space_before = Pt(look.field_space_before_pt)
    note = document.styles.add_style("Small Print", WD_STYLE_TYPE.PARAGRAPH)
    note.base_style = normal
    note.font.size = Pt(look.note_pt)
    note.font.italic = look.note_italic

    if look.header_and_page_numbers:
        _a4_with_header_and_page_numbers(document)
        if look.furniture_pt != look.body_pt:
            for furniture in ("Header", "Footer"):
                document.styles[furniture].font.size = Pt(look.furniture_pt)
    else:
        _a4(document)
    if look.page_border:
        _page_border(document)

    document.add_paragraph("{{ title }}", style="Title")
    document.add_paragraph("{%p for block in blocks %}")
    document.add_paragraph("{%p if block.kind == 'heading' %}")
    document.add_paragraph("{{r block.rich }}", style="Heading 2")
    document.add_paragraph("{%p elif block.kind == 'bullet' %}")
    document.add_paragraph("{{r block.rich }}", style="List Bullet")
    document.add_paragraph("{%p elif block.kind == 'checkbox' %}")
    ticked = document.add_paragraph(style="Tick Box")
    box_run = ticked.add_run("\u2610")
    box_run.add_tab()
    if look.box_pt is not None:
        box_run.font.size = Pt(look.box_pt)
    ticked.add_run("{{r block.rich }}")
    document.add_paragraph("{%p elif block.kind == 'field' %}")
    filled = document.add_paragraph(style="Form Field")
    filled.add_run("{{r block.rich }}")
    filled.add_run(": " + "_" * look.field_line)
    document.add_paragraph("{%p elif block.kind == 'note' %}")
    document.add_paragraph("{{r block.rich }}", style="Small Print")
    document.add_paragraph("{%p else %}")
    document.add_paragraph("{{r block.rich }}")
    document.add_paragraph("{%p endif %}")
    document.add_paragraph("{%p endfor %}")
    british_english(document)
    drop_template_leftovers(document)
    _save(document, target)


def build_register_shell(target: Path) -> None:
    """The registers: landscape A4, the documents' font and size, a header and page
    numbers, and the styles a register's table needs. coopfound fills in the title, the
    header, the footer's lead (the register's title) and the table with python-docx (a
    register is data, not prose), so the shell's body is empty."""
    document = Document()
    normal = document.styles["Normal"]
    normal.font.name = "Liberation Sans"
    normal.font.size = Pt(STANDARD.body_pt)
    _a4_with_header_and_page_numbers(document, landscape=True, margin_cm=1.5, header_text="",
                                     footer_lead="")
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
    build_document_shell(EASY_READ_SHELL, EASY_READ)
    build_document_shell(CERTIFICATE_SHELL, CERTIFICATE)
    build_register_shell(REGISTER_SHELL)
    for shell in (RULES_SHELL, DOCUMENT_SHELL, EASY_READ_SHELL, CERTIFICATE_SHELL,
                  REGISTER_SHELL):
        print(f"wrote {shell.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
