"""PDFs beside the Word files (`--pdf`) and index.html, every document on one page.

The PDF tests need LibreOffice: skipped where it is not installed, except under CI
(CI=true), where its absence is a failure, as in tests/test_office.py. Each example is
rendered with --pdf once (one LibreOffice process each); the page tests share one plain
render per example.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import ENGLAND, EXAMPLES, WALES, edited, run_cli
from pypdf import PdfReader

from coopfound.output import office
from coopfound.spec.loader import load_spec

HINT = "sudo apt install libreoffice-writer"



def manifest_hashes(out: Path) -> dict[str, str]:
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    return {entry["name"]: entry["sha256"] for entry in manifest["files"]}


def assert_pdfs_beside_every_word_file(out: Path) -> None:
    hashes = manifest_hashes(out)
    words = sorted(out.rglob("*.docx"))
    assert words
    for word in words:
        pdf = word.with_suffix(".pdf")
        name = pdf.relative_to(out).as_posix()
        assert pdf.is_file(), name
        content = pdf.read_bytes()
        assert content.startswith(b"%PDF-"), name
        assert hashes[name] == hashlib.sha256(content).hexdigest(), name
        assert len(PdfReader(str(pdf)).pages) >= 1, name
    assert len(list(out.rglob("*.pdf"))) == len(words)


# --- PDF -------------------------------------------------------------------------------


@pytest.mark.office
@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_render_pdf_writes_a_pdf_beside_every_word_file(
        example: Path, tmp_path: Path, soffice: str, monkeypatch: pytest.MonkeyPatch) -> None:
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    out = tmp_path / "out"
    result = run_cli("render", example, "-o", out, "--pdf")
    assert result.exit_code == 0, result.stderr
    assert_pdfs_beside_every_word_file(out)
    assert list(scratch.iterdir()) == [], "the office's files and profile are removed"
    rules = PdfReader(str(out / "rules.pdf"))
    first_page = rules.pages[0].extract_text()
    assert "Rules of" in first_page
    assert load_spec(example).spec.society.name.split()[-1] in first_page
    # The same spec gives the same bytes: LibreOffice's time stamp and random id are fixed.
    pdf = (out / "rules.pdf").read_bytes()
    assert b"/CreationDate(D:19800101000000" in pdf
    assert office.reproducible(pdf) == pdf
    restamped = re.sub(rb"D:19800101000000", b"D:20261129150808", pdf)
    restamped = re.sub(rb"/ID \[ <[0-9A-F]+>", b"/ID [ <" + b"A" * 32 + b">", restamped)
    assert restamped != pdf and office.reproducible(restamped) == pdf


@pytest.mark.office
def test_batch_pdf_writes_pdfs_for_every_spec(tmp_path: Path, soffice: str) -> None:
    out = tmp_path / "out"
    result = run_cli("batch", WALES, ENGLAND, "-o", out, "--jobs", "2", "--pdf")
    assert result.exit_code == 0, result.stdout + result.stderr
    for example in (WALES, ENGLAND):
        assert_pdfs_beside_every_word_file(out / example.stem)
        assert (out / example.stem / "index.html").is_file()


@pytest.fixture
def no_office(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A machine without LibreOffice: nothing on PATH, nothing where installers put it."""
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    monkeypatch.setattr(office, "_USUAL_PLACES", ())


@pytest.mark.parametrize("command", ["render", "register", "batch"])
def test_pdf_without_libreoffice_says_how_to_install_it_and_writes_nothing(
        command: str, tmp_path: Path, no_office: None, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_rendering(*args: object, **kwargs: object) -> None:
        raise AssertionError("rendering started before LibreOffice was looked for")

    monkeypatch.setattr("coopfound.publish.run.render_everything", no_rendering)
    work = tmp_path / "work"
    work.mkdir()
    result = run_cli(command, WALES, "-o", work / "out", "--pdf")
    assert result.exit_code == 2, result.stdout + result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 2, result.stderr
    assert lines[0].startswith("Error: ") and "LibreOffice" in lines[0]
    assert lines[1].startswith("Hint: ") and HINT in lines[1]
    assert "Traceback" not in result.stderr
    assert list(work.iterdir()) == [], "nothing may be written, not even a lock"


def fake_office(folder: Path, script: str) -> Path:
    """A stand-in `soffice` on PATH, to make LibreOffice fail in a chosen way."""
    folder.mkdir()
    path = folder / "soffice"
    path.write_text("#!/bin/sh\n" + script, encoding="utf-8")
    path.chmod(0o755)
    return path


@pytest.mark.skipif(sys.platform == "win32", reason="a shell script stands in for soffice")
def test_an_office_that_runs_too_long_is_stopped_with_a_located_error(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pid_file = tmp_path / "office.pid"
    bin_dir = tmp_path / "bin"
    fake_office(bin_dir, f'echo $$ > "{pid_file}"\nexec sleep 60\n')
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("COOPFOUND_OFFICE_SECONDS", "1")
    out = tmp_path / "out"
    started = time.monotonic()
    result = run_cli("render", WALES, "-o", out, "--pdf")
    assert time.monotonic() - started < 30
    assert result.exit_code == 2, result.stdout + result.stderr
    error, hint = result.stderr.strip().splitlines()
    assert error.startswith(f"Error: {out}: LibreOffice did not finish"), error
    assert "within 1 second," in error and "COOPFOUND_OFFICE_SECONDS" in hint
    assert not out.exists()
    pid = int(pid_file.read_text())
    with pytest.raises(ProcessLookupError):  # stopped, not left running
        os.kill(pid, 0)


@pytest.mark.skipif(sys.platform == "win32", reason="a shell script stands in for soffice")
def test_a_word_file_the_office_cannot_convert_stops_the_render(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bin_dir = tmp_path / "bin"
    fake_office(bin_dir, "echo 'Error: source file could not be loaded'\nexit 0\n")
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    out = tmp_path / "out"
    result = run_cli("render", WALES, "-o", out, "--pdf")
    assert result.exit_code == 2, result.stdout + result.stderr
    error, hint = result.stderr.strip().splitlines()
    assert error.startswith(f"Error: {out / 'rules.docx'}: LibreOffice could not turn"), error
    assert HINT in hint
    assert not out.exists()


# --- index.html -------------------------------------------------------------------------


@dataclass
class Text:
    data: str
    section: str | None  # the id of the document's section
    link: str | None  # the href of the enclosing link
    quoted: bool  # inside a blockquote


@dataclass
class Page:
    """What a browser would see in index.html, read with the standard library's parser."""

    texts: list[Text] = field(default_factory=list)
    ids: list[str] = field(default_factory=list)
    links: list[tuple[str, str]] = field(default_factory=list)  # (href, text)
    urls: list[str] = field(default_factory=list)  # every src, href, action, data...
    tags: list[str] = field(default_factory=list)
    contents: list[str] = field(default_factory=list)  # hrefs of the contents list
    sections: list[str] = field(default_factory=list)
    style: str = ""
    unbalanced: list[str] = field(default_factory=list)

    def text(self, section: str | None = None) -> str:
        return "".join(t.data for t in self.texts if section is None or t.section == section)


VOID = {"meta", "input", "br", "hr", "img", "link", "wbr", "source", "col", "area", "base"}


class PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self.stack: list[tuple[str, dict[str, str | None]]] = []
        self.link_text: list[str] = []

    def _inside(self, tag: str, **attrs: str) -> dict[str, str | None] | None:
        for open_tag, open_attrs in reversed(self.stack):
            if open_tag == tag and all(open_attrs.get(k) == v for k, v in attrs.items()):
                return open_attrs
        return None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        self.page.tags.append(tag)
        if values.get("id"):
            self.page.ids.append(str(values["id"]))
        for name in ("src", "href", "action", "data", "poster", "srcset", "formaction"):
            if values.get(name):
                self.page.urls.append(str(values[name]))
        if tag == "section" and values.get("class") == "document":
            self.page.sections.append(str(values["id"]))
        if tag == "a" and self._inside("nav") is not None:
            self.page.contents.append(str(values.get("href")))
        if tag == "a":
            self.link_text = []
        if tag not in VOID:
            self.stack.append((tag, values))

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        if not self.stack or self.stack[-1][0] != tag:
            self.page.unbalanced.append(tag)
            return
        _, values = self.stack.pop()
        if tag == "a":
            self.page.links.append((str(values.get("href")), "".join(self.link_text)))

    def handle_data(self, data: str) -> None:
        if self._inside("style") is not None:
            self.page.style += data
            return
        document = self._inside("section", **{"class": "document"})
        link = self._inside("a")
        if link is not None:
            self.link_text.append(data)
        self.page.texts.append(Text(
            data, str(document["id"]) if document else None,
            str(link.get("href")) if link else None, self._inside("blockquote") is not None))


def read_page(path: Path) -> Page:
    parser = PageParser()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    assert not parser.stack, [tag for tag, _ in parser.stack]
    return parser.page


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Each example rendered once (no PDFs) for every page test."""
    folders = {}
    for example in EXAMPLES:
        out = tmp_path_factory.mktemp("pages") / example.stem
        result = run_cli("render", example, "-o", out)
        assert result.exit_code == 0, result.stderr
        folders[example.stem] = out
    return folders


@pytest.fixture(params=EXAMPLES, ids=lambda p: p.stem)
def example_page(request: pytest.FixtureRequest,
                 rendered: dict[str, Path]) -> Iterator[tuple[Path, Path, Page]]:
    example: Path = request.param
    out = rendered[example.stem]
    yield example, out, read_page(out / "index.html")


CITATION = re.compile(r"(?<![\w-])(rule|standing order)\s+(\d+(?:\.\d+)?(?:\([a-z]\))?)",
                      re.IGNORECASE)


def anchor_of(citation: str) -> str:
    """The anchor a citation must link to: "rule 12.3(b)" -> "rule-12-3-b"."""
    match = CITATION.fullmatch(citation.strip())
    assert match, citation
    word, number = match.group(1).lower().replace(" ", "-"), match.group(2)
    return f"{word}-" + re.sub(r"\(([a-z])\)", r"-\1", number).replace(".", "-")


def test_the_page_is_written_listed_and_well_formed(
        example_page: tuple[Path, Path, Page]) -> None:
    _, out, page = example_page
    assert "index.html" in manifest_hashes(out)
    assert page.unbalanced == []
    assert len(page.ids) == len(set(page.ids)), "every id is unique"
    assert page.tags[:1] == ["html"] and "main" in page.tags


def test_the_contents_list_links_every_document_in_order(
        example_page: tuple[Path, Path, Page]) -> None:
    _, out, page = example_page
    markdown = [d for d in json.loads((out / "manifest.json").read_text(encoding="utf-8"))
                ["files"] if d["name"].endswith(".md")]
    assert len(page.sections) == len(markdown) > 10
    assert page.contents == [f"#{section}" for section in page.sections]
    assert page.sections[:2] == ["doc-rules", "doc-standing-orders"]
    titles = {text.data for text in page.texts if text.link in page.contents}
    for document in markdown:
        heading = (out / document["name"]).read_text(encoding="utf-8").split("\n# ", 1)
        title = (heading[1] if len(heading) > 1 else heading[0].removeprefix("# "))
        assert title.splitlines()[0] in titles, document["name"]


def test_every_internal_link_has_its_anchor(example_page: tuple[Path, Path, Page]) -> None:
    _, _, page = example_page
    ids = set(page.ids)
    internal = [href for href, _ in page.links if href.startswith("#")]
    assert len(internal) > 50
    assert [href for href in internal if href[1:] not in ids] == []
    assert all(href.startswith("#") for href, _ in page.links), "links stay on the page"


def test_every_rule_and_paragraph_has_an_anchor(example_page: tuple[Path, Path, Page]) -> None:
    _, out, page = example_page
    ids = set(page.ids)
    for name, word in (("rules.md", "rule"), ("standing-orders.md", "standing-order")):
        text = (out / name).read_text(encoding="utf-8")
        rules = re.findall(r"^### (\d+)\. ", text, re.MULTILINE)
        paragraphs = re.findall(r"^\*\*(\d+)\.(\d+)\*\* ", text, re.MULTILINE)
        assert rules and paragraphs, name
        assert [r for r in rules if f"{word}-{r}" not in ids] == []
        assert [p for p in paragraphs if f"{word}-{p[0]}-{p[1]}" not in ids] == []


def test_every_citation_in_the_rules_and_orders_is_a_link_to_its_anchor(
        example_page: tuple[Path, Path, Page]) -> None:
    _, _, page = example_page
    for section in ("doc-rules", "doc-standing-orders"):
        texts = [t for t in page.texts if t.section == section]
        # Text outside links (words the law prescribes, quoted as they are, aside) may
        # not cite a rule: each citation must have been made a link.
        plain = " ".join(t.data for t in texts if t.link is None and not t.quoted)
        assert CITATION.findall(plain) == [], section
        links = [(t.link, t.data) for t in texts if t.link not in (None, "#contents")]
        assert len(links) > 5, section
        for href, data in links:
            assert href == f"#{anchor_of(data)}", (href, data)
    # The letters cite the rules too ("as rule 25 says"), and link to the right anchor.
    cited = [(href, text) for href, text in page.links if CITATION.fullmatch(text)]
    letters = [section for section in page.sections
               if section not in ("doc-rules", "doc-standing-orders")]
    assert any(t.link and t.section in letters for t in page.texts)
    assert [(href, text) for href, text in cited if href != f"#{anchor_of(text)}"] == []


def test_the_page_loads_nothing_from_elsewhere(example_page: tuple[Path, Path, Page]) -> None:
    _, out, page = example_page
    source = (out / "index.html").read_text(encoding="utf-8")
    outside = [u for u in page.urls
               if re.match(r"\s*(https?:|//|ftp:|data:|javascript:|file:)", u, re.IGNORECASE)]
    assert outside == []
    assert not {"script", "link", "img", "iframe", "object", "embed"} & set(page.tags)
    assert page.style.strip(), "styles are inline"
    assert not re.search(r"@import|url\(|@font-face", page.style)
    assert "http://" not in source.split("<body>")[0] and "https://" not in source.split(
        "<body>")[0]


def test_the_page_prints_one_document_a_page_without_navigation(
        example_page: tuple[Path, Path, Page]) -> None:
    _, _, page = example_page
    assert "@media print" in page.style
    printed = page.style.split("@media print", 1)[1]
    assert re.search(r"break-before:\s*page", printed)
    assert re.search(r"nav[^{]*\{\s*display:\s*none", printed)


def test_provenance_is_a_line_not_front_matter(example_page: tuple[Path, Path, Page]) -> None:
    _, _, page = example_page
    text = page.text()
    assert "spec_sha256:" not in text and "generator:" not in text
    assert "law_as_at:" not in text and "\n---" not in text
    assert text.count("Drafted by coopfound") == 1


def test_names_and_addresses_come_out_exactly_as_typed(
        example_page: tuple[Path, Path, Page]) -> None:
    example, out, page = example_page
    spec = load_spec(example).spec
    text = " ".join(page.text().split())
    assert spec.society.name in text
    for member in spec.founding_members:
        assert member.address in text, member.address
    source = (out / "index.html").read_text(encoding="utf-8")
    if example == WALES:
        assert "Bryn Dŵr" in text and "Tŷ'r Orsaf" in text
    if "&" in " ".join(m.address for m in spec.founding_members):
        assert "&amp;" in source and " & " in text


def test_markup_in_a_name_is_shown_never_obeyed(tmp_path: Path) -> None:
    name = 'Kindred <b>Care</b> & "Tŷ" *Dŵr* &amp; Co-operative Limited'
    spec = edited(ENGLAND, tmp_path,
                  ('name: "Kindred Care Co-operative Limited"',
                   'name: "Kindred <b>Care</b> & \\"Tŷ\\" *Dŵr* &amp; Co-operative Limited"'))
    out = tmp_path / "out"
    result = run_cli("render", spec, "-o", out)
    assert result.exit_code == 0, result.stderr
    page = read_page(out / "index.html")
    assert "b" not in page.tags and "em" not in page.tags
    text = page.text()
    assert text.count(name) > 20
    titles = [t.data for t in page.texts if t.link == "#doc-rules"]
    assert titles == [f"Rules of {name}"]


def test_register_writes_the_page_of_its_documents(tmp_path: Path) -> None:
    out = tmp_path / "fca"
    assert run_cli("register", WALES, "-o", out).exit_code == 0
    page = read_page(out / "index.html")
    assert len(page.sections) == len(list(out.rglob("*.md")))
    assert "doc-letters-welcome-letter" not in page.sections
    assert "doc-letters-fca-covering-letter" in page.sections
