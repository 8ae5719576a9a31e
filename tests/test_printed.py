"""Every document looks right on paper: what LibreOffice prints from the Word files, and
what the founders read in the Markdown.

Each example is rendered once and all its Word files go through one LibreOffice run (the
`office` tests; skipped where LibreOffice is not installed, failed under CI, as in
test_office.py). The checks without LibreOffice read the files coopfound wrote.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import docx
import pytest
import yaml
from conftest import EXAMPLES, WALES, edited, run_cli
from pypdf import PdfReader
from test_office import to_pdfs

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
REGISTERS = ("registers/register-of-members.docx", "registers/register-of-officers.docx")


@pytest.fixture(scope="module", params=EXAMPLES, ids=lambda p: p.stem)
def out(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("printed") / "out"
    result = run_cli("render", request.param, "-o", folder)
    assert result.exit_code == 0, result.stderr
    return folder



@pytest.fixture(scope="module")
def pdfs(out: Path, soffice: str, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every Word file of the example as PDF, by its path in the output folder."""
    work = tmp_path_factory.mktemp("pdf")
    flat = work / "flat"
    flat.mkdir()
    copies = {}
    for document in sorted(out.rglob("*.docx")):
        name = document.relative_to(out).as_posix()
        # Several folders hold files of the same name stem: give each a unique copy.
        copy = flat / name.replace("/", "__")
        copy.write_bytes(document.read_bytes())
        copies[name] = copy
    converted = to_pdfs(soffice, list(copies.values()), work)
    return dict(zip(copies, converted, strict=True))


# --- Reading Word's styles ----------------------------------------------------------------

@dataclass(frozen=True)
class Styles:
    """A document's styles, to find what a run or paragraph really gets: its own setting,
    else its paragraph style's (following basedOn), else the document defaults."""

    element: Any

    def _style(self, style_id: str) -> Any:
        return next((s for s in self.element.iter(f"{W}style")
                     if s.get(f"{W}styleId") == style_id), None)

    def _default_paragraph_style(self) -> str:
        for style in self.element.iter(f"{W}style"):
            if style.get(f"{W}type") == "paragraph" and style.get(f"{W}default") in ("1",
                                                                                    "true"):
                return str(style.get(f"{W}styleId"))
        return "Normal"

    def _chain(self, paragraph: Any) -> Iterator[Any]:
        style_ref = paragraph.find(f"{W}pPr/{W}pStyle")
        style_id = (style_ref.get(f"{W}val") if style_ref is not None
                    else self._default_paragraph_style())
        while style_id:
            style = self._style(style_id)
            if style is None:
                return
            yield style
            based_on = style.find(f"{W}basedOn")
            style_id = based_on.get(f"{W}val") if based_on is not None else None

    def run_value(self, run: Any, paragraph: Any, path: str, attribute: str = "val") -> Any:
        """A run property (`path` under rPr, like 'sz' or 'rFonts'), resolved."""
        places = [run.find(f"{W}rPr")]
        places += [style.find(f"{W}rPr") for style in self._chain(paragraph)]
        places.append(self.element.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr"))
        for properties in places:
            found = properties.find(f"{W}{path}") if properties is not None else None
            if found is not None and found.get(f"{W}{attribute}") is not None:
                return found.get(f"{W}{attribute}")
        return None

    def paragraph_value(self, paragraph: Any, path: str, attribute: str = "val") -> Any:
        """A paragraph property (`path` under pPr, like 'jc' or 'spacing'), resolved."""
        places = [paragraph.find(f"{W}pPr")]
        places += [style.find(f"{W}pPr") for style in self._chain(paragraph)]
        places.append(self.element.find(f"{W}docDefaults/{W}pPrDefault/{W}pPr"))
        for properties in places:
            found = properties.find(f"{W}{path}") if properties is not None else None
            if found is not None and found.get(f"{W}{attribute}") is not None:
                return found.get(f"{W}{attribute}")
        return None



def text_runs(element: Any) -> Iterator[tuple[Any, Any, str]]:
    """(run, its paragraph, its text) for every run inside `element` (a document's body,
    a table) that prints something."""
    for paragraph in element.iter(f"{W}p"):
        for run in paragraph.iter(f"{W}r"):
            text = "".join(t.text or "" for t in run.iter(f"{W}t"))
            if text.strip():
                yield run, paragraph, text


def is_bold(run: Any) -> bool:
    bold = run.find(f"{W}rPr/{W}b")
    return bold is not None and bold.get(f"{W}val") not in ("0", "false", "off")


def body_font(document: Any) -> tuple[str, float]:
    """The font and size (points) of a document's body text: its plain paragraphs."""
    styles = Styles(document.styles.element)
    fonts = {(styles.run_value(run, paragraph, "rFonts", "ascii"),
              int(styles.run_value(run, paragraph, "sz")) / 2)
             for run, paragraph, _ in text_runs(document.element.body)
             if paragraph.find(f"{W}pPr/{W}pStyle") is None}
    assert len(fonts) == 1, fonts
    return fonts.pop()


# --- On paper -----------------------------------------------------------------------------

@pytest.mark.office
def test_the_share_certificate_prints_on_one_page(pdfs: dict[str, Path]) -> None:
    pages = PdfReader(str(pdfs["membership/share-certificate.docx"])).pages
    assert len(pages) == 1, "the certificate runs over to a second page"
    text = " ".join(pages[0].extract_text().split())
    assert "Signature of a second director or the secretary" in text


@pytest.mark.office
def test_registers_print_landscape_in_the_documents_font_with_title_and_page_numbers(
        out: Path, pdfs: dict[str, Path]) -> None:
    letter_font = body_font(docx.Document(str(out / "letters" / "welcome-letter.docx")))
    for name in REGISTERS:
        for number, page in enumerate(PdfReader(str(pdfs[name])).pages, start=1):
            assert page.mediabox.width > page.mediabox.height, f"{name} page {number}"
        document = docx.Document(str(out / name))
        styles = Styles(document.styles.element)
        table_fonts = {(styles.run_value(run, paragraph, "rFonts", "ascii"),
                        int(styles.run_value(run, paragraph, "sz")) / 2)
                       for table in document.element.body.iter(f"{W}tbl")
                       for run, paragraph, _ in text_runs(table)}
        assert table_fonts == {letter_font}, (name, table_fonts, letter_font)
        # Like the other documents: the society's name at the head of every page, and
        # "<title>: page X of Y" at the foot.
        title = document.paragraphs[0].text
        section = document.sections[0]
        header = section.header.paragraphs[0].text
        assert header and title.endswith(f" of {header}"), (header, title)
        footer = section.footer.paragraphs[0]
        fields = [f.get(f"{W}instr") for f in footer._p.iter(f"{W}fldSimple")]
        assert footer.text.startswith(f"{title}: page") and fields == ["PAGE", "NUMPAGES"]


@pytest.mark.office
def test_no_word_in_a_table_is_broken_across_lines(out: Path, pdfs: dict[str, Path]) -> None:
    """A column narrower than its longest word breaks the word ("Shirehampto" / "n,").

    Judged on the printed page rather than estimated from the column widths in the XML:
    every word LibreOffice prints must be a whole word of the document's text. A word cut
    in two prints as two pieces that are not words of the text. Outside tables (the title,
    the notes) a line may end after a hyphen, as "Co-" / "operative" in a long title: those
    pieces are allowed; inside a table, where place names such as Betws-y-Coed are kept
    whole, they are not. Page numbers are the only words the text itself does not hold.
    """
    for name, pdf in pdfs.items():
        document = docx.Document(str(out / name))
        if not document.tables:
            continue
        cells = [cell.text for table in document.tables for row in table.rows
                 for cell in row.cells]
        prose = [p.text for p in document.paragraphs]
        for section in document.sections:
            prose += [p.text for p in section.header.paragraphs + section.footer.paragraphs]
        words = {word for text in cells + prose for word in text.split()}
        words |= {piece for text in prose for word in text.split()
                  for piece in re.findall(r"[^-]+-?", word)}
        # Word's non-breaking hyphen may come out of the PDF as U+2011.
        printed = " ".join(page.extract_text() for page in PdfReader(str(pdf)).pages)
        pieces = [w for w in printed.replace("\u2011", "-").split()
                  if w not in words and not w.isdigit()]
        assert not pieces, f"{name}: words broken across lines: {pieces}"


def test_registers_repeat_their_headings_and_never_split_a_row(out: Path) -> None:
    for name in REGISTERS:
        document = docx.Document(str(out / name))
        (table,) = document.tables
        rows = table._tbl.findall(f"{W}tr")
        assert rows[0].find(f"{W}trPr/{W}tblHeader") is not None, name
        assert all(row.find(f"{W}trPr/{W}cantSplit") is not None for row in rows), name


@pytest.mark.office
def test_a_long_register_prints_its_headings_on_every_page_and_each_row_whole(
        tmp_path: Path, soffice: str) -> None:
    """Thirty more founding members: the register of members runs over several pages."""
    extra = "".join(f'  - name: "Aelod Newydd {n}"\n'
                    f'    address: "{n} Heol y Dderwen, Llanrwst LL26 0AA"\n'
                    "    member_class: people_receiving_care\n" for n in range(1, 31))
    spec = edited(WALES, tmp_path, ("founding_members:\n", "founding_members:\n" + extra))
    result = run_cli("register", spec, "-o", tmp_path / "out")
    assert result.exit_code == 0, result.stderr
    register = tmp_path / "out" / "registers" / "register-of-members.docx"
    (pdf,) = to_pdfs(soffice, [register], tmp_path)
    pages = [" ".join(page.extract_text().split()) for page in PdfReader(str(pdf)).pages]
    assert len(pages) >= 3
    document = docx.Document(str(register))
    header = document.sections[0].header.paragraphs[0].text
    headings = " ".join(cell.text for cell in document.tables[0].rows[0].cells)
    for number, text in enumerate(pages[1:], start=2):
        assert text.startswith(f"{header} {headings}"), f"page {number}: {text[:100]}"
    # A row split over two pages leaves its name on one page and the end of its address
    # (the postcode's second half, 0AA) on the next.
    for number, text in enumerate(pages, start=1):
        assert len(re.findall(r"Aelod Newydd \d+", text)) == text.count("0AA"), number
    assert sum(text.count("0AA") for text in pages) == 30


def test_easy_read_documents_are_large_spaced_left_aligned_and_bold_where_it_matters(
        out: Path) -> None:
    """Easy read, as UK guidance asks: 14 pt or more, 1.5 line spacing and space between
    paragraphs, left-aligned (never justified), and the key words in bold."""
    forms = sorted(out.glob("membership/*-easy-read.docx"))
    assert forms
    for path in forms:
        document = docx.Document(str(path))
        styles = Styles(document.styles.element)
        sizes = {text: int(styles.run_value(run, paragraph, "sz")) / 2
                 for run, paragraph, text in text_runs(document.element.body)}
        small = {text: size for text, size in sizes.items() if size < 14}
        assert not small, f"{path.name}: text under 14 pt: {list(small.items())[:3]}"
        paragraphs = list(document.element.body.iter(f"{W}p"))
        justified = [p for p in paragraphs
                     if styles.paragraph_value(p, "jc") in ("both", "distribute")]
        assert not justified, path.name
        normal = document.styles["Normal"].paragraph_format
        assert normal.line_spacing is not None and normal.line_spacing >= 1.5, path.name
        assert normal.space_after is not None and normal.space_after.pt >= 12, path.name
        # Key words are bold runs in plain paragraphs (headings are bold throughout).
        bold = [run for run, p, _ in text_runs(document.element.body)
                if p.find(f"{W}pPr/{W}pStyle") is None and is_bold(run)]
        assert bold, f"{path.name}: no key word is in bold"


# --- What the founders read ---------------------------------------------------------------

def test_the_timeline_starts_with_its_provenance(out: Path) -> None:
    text = (out / "registration" / "timeline.md").read_text(encoding="utf-8")
    match = re.match(r"---\n(.*?)\n---\n\n# ", text, re.DOTALL)
    assert match, "timeline.md has no front matter"
    front = yaml.safe_load(match.group(1))
    provenance = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["provenance"]
    assert front["title"].startswith("Founding timeline: ")
    assert {k: str(v) for k, v in front.items() if k != "title"} == provenance


#: Documents for the adviser, which say what coopfound could not confirm, and documents
#: whose note about the statutory asset lock is deliberate (its words must be inserted).
FOR_THE_ADVISER = frozenset({"registration/checklist.md", "rules.md"})
ASSET_LOCK_NOTES = frozenset({"meetings/founding-meeting-agenda.md",
                              "meetings/founding-meeting-minutes.md",
                              "letters/fca-covering-letter.md"})
DRAFTING_NOTE = re.compile(r"not confirmed|could not confirm|coopfound's sources",
                           re.IGNORECASE)


def test_founders_documents_hold_no_drafting_notes(out: Path) -> None:
    """What coopfound could not confirm is said once, in the registration checklist."""
    texts = {p.relative_to(out).as_posix(): p.read_text(encoding="utf-8")
             for p in out.rglob("*.md")}
    # The registers are printed from Word only: read what they print.
    for name in REGISTERS:
        document = docx.Document(str(out / name))
        texts[name] = "\n".join([p.text for p in document.paragraphs]
                                + [c.text for t in document.tables for r in t.rows
                                   for c in r.cells])
    notes = []
    for name, text in sorted(texts.items()):
        if name in FOR_THE_ADVISER:
            continue
        for line in text.splitlines():
            if DRAFTING_NOTE.search(line) and not (
                    name in ASSET_LOCK_NOTES and re.search(r"Schedule 1|asset lock", line)):
                notes.append(f"{name}: {line[:120]}")
    assert not notes, "\n".join(notes)
    checklist = texts["registration/checklist.md"]
    assert checklist.count("section 30(3)") == 1
