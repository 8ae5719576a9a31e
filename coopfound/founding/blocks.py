"""Letters, forms and checklists: a small Markdown subset rendered to Markdown and Word.

A document template (templates/letters/*.md.j2) renders to lines of this subset:

    # Title                    the document title (once, first)
    ## Heading                 a heading
    plain text                 a paragraph (lines joined until a blank line)
    - item                     a bullet
    [ ] item                   a box to tick
    ___ Label                  a line to write on, labelled
    > text                     small print

and, inside any line, **key words** in bold (easy-read documents use it).

The same blocks become the Markdown file (the text as rendered) and the Word file
(through a docxtpl shell: templates/letters/document.docx, or the shell of the document's
style), so the two always agree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, get_args

from coopfound.errors import Problem, TemplateError
from coopfound.output.provenance import Provenance
from coopfound.output.word import open_shell, render_shell, stamped_bytes
from coopfound.templating.packs import DocumentStyle, TemplatePack
from coopfound.templating.rendering import check_printable

LIST_KINDS = frozenset({"bullet", "checkbox"})
_PREFIXES = (("## ", "heading"), ("# ", "title"), ("- ", "bullet"), ("[ ] ", "checkbox"),
             ("___ ", "field"), ("> ", "note"))


@dataclass(frozen=True)
class Block:
    kind: str
    text: str


def parse_blocks(text: str, origin: str) -> list[Block]:
    check_printable(text, Path(origin))
    blocks: list[Block] = []
    paragraph: list[str] = []

    def flush() -> None:
        if paragraph:
            blocks.append(Block("paragraph", " ".join(paragraph)))
            paragraph.clear()

    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            flush()
            continue
        kind = next((k for prefix, k in _PREFIXES if line.startswith(prefix)), None)
        if kind is None:
            paragraph.append(line)
            continue
        flush()
        prefix = next(p for p, k in _PREFIXES if k == kind)
        blocks.append(Block(kind, line[len(prefix):].strip()))
    flush()
    if not blocks or blocks[0].kind != "title":
        raise TemplateError(Problem("a document must start with a '# Title' line",
                                    file=Path(origin),
                                    hint="make the first line the document's title, like"
                                         " '# Welcome to {{ society.name }}'"))
    return blocks


def document_markdown(blocks: list[Block], provenance: Provenance) -> str:
    return front_matter(plain_text(blocks[0].text), provenance) + blocks_markdown(blocks)


def front_matter(title: str, provenance: Provenance) -> str:
    """The YAML block every Markdown document starts with: its title and provenance."""
    import yaml

    front = yaml.safe_dump({"title": title, **provenance.as_dict()},
                           allow_unicode=True, sort_keys=False, width=1000)
    return "\n".join(["---", front.rstrip("\n"), "---", "", ""])


def blocks_markdown(blocks: list[Block]) -> str:
    lines: list[str] = []
    for index, block in enumerate(blocks):
        if block.kind not in LIST_KINDS and index and blocks[index - 1].kind in LIST_KINDS:
            lines.append("")  # a list ends before the next heading or paragraph
        lines += {
            "title": [f"# {block.text}", ""],
            "heading": [f"## {block.text}", ""],
            "paragraph": [block.text, ""],
            "bullet": [f"- {block.text}"],
            "checkbox": [f"- [ ] {block.text}"],
            "field": [f"{block.text}: ______________________________", ""],
            "note": [f"> {block.text}", ""],
        }[block.kind]
    return "\n".join(lines).rstrip("\n") + "\n"


#: The names the documents' Word shells are given. Each block is given as its `kind`, its
#: `text` and its `rich` text (the text with its key words in bold, for `{{r block.rich }}`).
SHELL_NAMES = frozenset({"title", "society_name", "blocks"})

#: The Word shell of each document style (pack.yaml, `style:`), in the pack's letters/.
STYLE_SHELLS: dict[DocumentStyle, str] = {
    "standard": "letters/document.docx",
    "easy-read": "letters/easy-read.docx",
    "certificate": "letters/certificate.docx",
}
assert set(STYLE_SHELLS) == set(get_args(DocumentStyle))

#: **words** to print in bold: the marks hug the words, as in Markdown, so a lone `**`
#: or `a ** b` stays as it is.
_BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")


def plain_text(text: str) -> str:
    """The text without its bold marks."""
    return _BOLD.sub(r"\1", text)


def rich_text(text: str) -> Any:
    """docxtpl rich text: the text in runs, bold where marked. It escapes the text itself,
    as autoescaping would."""
    from docxtpl import RichText

    rich = RichText()
    position = 0
    for match in _BOLD.finditer(text):
        if match.start() > position:
            rich.add(text[position:match.start()])
        rich.add(match.group(1), bold=True)
        position = match.end()
    if position < len(text) or not text:
        rich.add(text[position:])
    return rich


def document_docx(blocks: list[Block], provenance: Provenance, society_name: str,
                  pack: TemplatePack, style: DocumentStyle = "standard") -> bytes:
    shell = pack.find(STYLE_SHELLS[style])
    document = open_shell(shell)
    title = plain_text(blocks[0].text)
    context: dict[str, Any] = {
        "title": title, "society_name": society_name,
        "blocks": [{"kind": b.kind, "text": plain_text(b.text), "rich": rich_text(b.text)}
                   for b in blocks[1:]],
    }
    assert context.keys() == SHELL_NAMES
    render_shell(document, context, pack.environment("letters", xml=True), shell)
    return stamped_bytes(document.docx, title, society_name, provenance)
