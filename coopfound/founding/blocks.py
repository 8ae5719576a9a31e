"""Letters, forms and checklists: a small Markdown subset rendered to Markdown and Word.

A document template (templates/letters/*.md.j2) renders to lines of this subset:

    # Title                    the document title (once, first)
    ## Heading                 a heading
    plain text                 a paragraph (lines joined until a blank line)
    - item                     a bullet
    [ ] item                   a box to tick
    ___ Label                  a line to write on, labelled
    > text                     small print

The same blocks become the Markdown file (the text as rendered) and the Word file
(through the docxtpl shell templates/letters/document.docx), so the two always agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from coopfound.errors import Problem, TemplateError
from coopfound.output.provenance import Provenance
from coopfound.output.word import open_shell, render_shell, stamped_bytes
from coopfound.templating.packs import TemplatePack
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
    import yaml

    front = yaml.safe_dump({"title": blocks[0].text, **provenance.as_dict()},
                           allow_unicode=True, sort_keys=False, width=1000)
    lines = ["---", front.rstrip("\n"), "---", ""]
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


#: The names the documents' Word shell is given.
SHELL_NAMES = frozenset({"title", "society_name", "blocks"})


def document_docx(blocks: list[Block], provenance: Provenance, society_name: str,
                  pack: TemplatePack) -> bytes:
    shell = pack.find("letters/document.docx")
    document = open_shell(shell)
    context: dict[str, Any] = {
        "title": blocks[0].text, "society_name": society_name,
        "blocks": [{"kind": b.kind, "text": b.text} for b in blocks[1:]],
    }
    assert context.keys() == SHELL_NAMES
    render_shell(document, context, pack.environment("letters", xml=True), shell)
    return stamped_bytes(document.docx, blocks[0].text, society_name, provenance)
