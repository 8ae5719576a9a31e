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
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.text.paragraph import Paragraph

ROOT = Path(__file__).resolve().parent.parent
RULES_SHELL = ROOT / "templates" / "rules" / "rules.docx"


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

    section = document.sections[0]
    # python-docx starts from a US Letter page; British rules are printed on A4.
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2.5))
    header = section.header.paragraphs[0]
    header.text = "{{ society_name }}"
    header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("{{ title }}: page ")
    _field(footer, "PAGE")
    footer.add_run(" of ")
    _field(footer, "NUMPAGES")

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
    _british_english(document)
    _drop_template_leftovers(document)
    document.save(str(target))


def _british_english(document: WordDocument) -> None:
    """Spell-check and hyphenate as British English (python-docx's default is en-US)."""
    defaults = document.styles.element.find(qn("w:docDefaults"))
    run_properties = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    language = run_properties.find(qn("w:lang"))
    if language is None:
        language = OxmlElement("w:lang")
        run_properties.append(language)
    language.set(qn("w:val"), "en-GB")
    language.set(qn("w:eastAsia"), "en-GB")


def _drop_template_leftovers(document: WordDocument) -> None:
    """Remove python-docx's sample thumbnail and its 2013 dates from the shell."""
    package = document.part.package
    for rel_id, rel in list(package.rels.items()):
        if rel.reltype.endswith("/thumbnail"):
            del package.rels[rel_id]
    properties = document.core_properties
    properties.author = "coopfound"
    properties.last_modified_by = "coopfound"
    properties.title = ""
    properties.comments = ""
    core = properties._element
    for tag in ("dcterms:created", "dcterms:modified"):
        for element in core.findall(qn(tag)):
            core.remove(element)


def main() -> int:
    build_rules_shell(RULES_SHELL)
    print(f"wrote {RULES_SHELL.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
