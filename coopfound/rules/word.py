"""The rules as a Word document, styled by the docxtpl shell `templates/rules/rules.docx`.

docxtpl is imported here only, inside the function, so that commands which never write
Word files start quickly.
"""

from __future__ import annotations

from typing import Any

from coopfound.output.provenance import Provenance
from coopfound.output.word import open_shell, render_shell, stamped_bytes
from coopfound.rules.markdown import SIGNATURES_INTRO
from coopfound.rules.rulebook import Rulebook
from coopfound.templating.packs import TemplatePack


def rulebook_blocks(rulebook: Rulebook, secretary: str | None = None) -> list[dict[str, Any]]:
    """The rules flattened into the paragraph kinds the Word shell knows how to style."""
    blocks: list[dict[str, Any]] = []
    for part in rulebook.parts:
        blocks.append({"kind": "part", "text": f"Part {part.number}: {part.title}"})
        for clause in part.clauses:
            blocks.append({"kind": "rule", "number": clause.number, "text": clause.title})
            for paragraph in clause.paragraphs:
                if paragraph.number:
                    blocks.append({"kind": "para", "number": paragraph.number,
                                   "text": paragraph.text})
                else:
                    blocks.append({"kind": "text", "text": paragraph.text})
                blocks.extend({"kind": "item", "letter": item.letter, "text": item.text}
                              for item in paragraph.items)
                # Every rules shell styles 'text', so quoted lines can never be dropped.
                blocks.extend({"kind": "text", "text": line}
                              for line in paragraph.quote if line)
    if secretary is not None:
        blocks.append({"kind": "part", "text": "Signatures"})
        blocks.append({"kind": "text", "text": SIGNATURES_INTRO})
        blocks.extend({"kind": "text", "text": line}
                      for line in rulebook.signature_lines(secretary))
    return blocks


#: The names the rules' Word shell is given (`coopfound templates lint` holds shells to them).
SHELL_NAMES = frozenset({"title", "subtitle", "society_name", "blocks"})


def rules_docx(rulebook: Rulebook, provenance: Provenance, society_name: str,
               subtitle: str, pack: TemplatePack, secretary: str | None = None,
               category: str = "Society rules") -> bytes:
    shell = pack.find("rules/rules.docx")
    document = open_shell(shell)
    context = {"title": rulebook.title, "subtitle": subtitle, "society_name": society_name,
               "blocks": rulebook_blocks(rulebook, secretary)}
    assert context.keys() == SHELL_NAMES
    # autoescape: docxtpl inserts text into XML; without it '&' or '<' in a name would
    # corrupt the document or silently lose text.
    render_shell(document, context, pack.environment("rules", xml=True), shell)
    return stamped_bytes(document.docx, rulebook.title, subtitle, provenance,
                         category=category)
