"""index.html: every Markdown document of a render on one page, the rules cross-linked.

The rules and the standing orders are built from their rule books, so every rule,
paragraph and item has an anchor from the numbering itself; the other documents are
converted from their Markdown. A citation anywhere on the page ("as rule 25 says")
links to its anchor when the page holds that rule.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from pathlib import PurePosixPath

from coopfound.checks.run import CheckReport
from coopfound.errors import Problem, TemplateError
from coopfound.output.document import Document
from coopfound.output.html import PAGE_NAME, Section, markdown_section, page
from coopfound.output.provenance import Provenance
from coopfound.publish.render import ORDERS_NAME, orders_subtitle_of, rules_subtitle
from coopfound.rules.html import Citations, anchors, rulebook_section
from coopfound.rules.rulebook import ORDERS, RULES


def pack_page(report: CheckReport, documents: Sequence[Document],
              provenance: Provenance) -> Document:
    """The page of `documents`' Markdown files, in their order."""
    if any(d.name == PAGE_NAME or d.name.startswith(f"{PAGE_NAME}/") for d in documents):
        raise TemplateError(Problem(
            f"a document would be written to {PAGE_NAME}, where coopfound writes the page"
            " that holds every document", hint="give that document another output"
                                               " (pack.yaml, documents: output)"))
    markdown = [d for d in documents if d.name.endswith(".md")]
    spec = report.loaded.spec
    books = {
        "rules.md": (report.rulebook, RULES, rules_subtitle(report), spec.secretary.name),
        f"{ORDERS_NAME}.md": (report.orders, ORDERS, orders_subtitle_of(report), None),
    }
    # Only what is on the page may be linked: `register --templates` may leave a book out.
    targets: dict[str, str] = {}
    for document in markdown:
        if document.name in books:
            book, kind, _, _ = books[document.name]
            targets.update(anchors(book, kind))
    link = Citations(targets)
    sections: list[Section] = []
    taken: set[str] = set()
    for document in markdown:
        section_id = _section_id(document.name, taken)
        if document.name in books:
            book, kind, subtitle, secretary = books[document.name]
            section = rulebook_section(book, kind, section_id, subtitle, secretary, link)
        else:
            section = markdown_section(document.content.decode("utf-8"), section_id,
                                       PurePosixPath(document.name).stem, link)
        sections.append(replace(section, source=document.name))
    return Document(PAGE_NAME, page(f"{spec.society.name}: founding documents", sections,
                                    provenance.sentence()))


def _section_id(name: str, taken: set[str]) -> str:
    """"doc-letters-welcome-letter" for letters/welcome-letter.md: unique on the page, and
    never like a rule's anchor ("rule-12")."""
    stem = re.sub(r"[^a-z0-9]+", "-", name.removesuffix(".md").lower()).strip("-")
    candidate, number = f"doc-{stem or 'document'}", 1
    while candidate in taken:
        number += 1
        candidate = f"doc-{stem or 'document'}-{number}"
    taken.add(candidate)
    return candidate
