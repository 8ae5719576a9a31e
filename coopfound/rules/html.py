"""The rules (or the standing orders) as HTML, every rule anchored, every citation linked.

Every rule, paragraph and lettered item has an anchor, taken from the rule book's own
numbering, never read back out of text, so the anchors cannot disagree with the Markdown
or Word files. A citation in any text ("rule 12.3(b)", "standing order 4.1") becomes a
link only when the page has an anchor with exactly that number: a number that exists
nowhere is left as text, never linked to the wrong place.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping

from coopfound.output.html import Linker, Section, no_links, text_html
from coopfound.rules.markdown import SIGNATURES_INTRO
from coopfound.rules.rulebook import BookKind, Rulebook


def anchor_id(kind: BookKind, number: str, letter: str | None = None) -> str:
    """"rule-12-3-b" for rule 12.3(b): letters, digits and hyphens only, so that the id
    needs no escaping in a link or a style sheet."""
    word = kind.word.replace(" ", "-")
    return f"{word}-{number.replace('.', '-')}" + (f"-{letter}" if letter else "")


def anchors(rulebook: Rulebook, kind: BookKind) -> dict[str, str]:
    """Every citation of this book, as the rules write it, with the id of its anchor."""
    found: dict[str, str] = {}
    for clause in rulebook.clauses():
        found[f"{kind.word} {clause.number}"] = anchor_id(kind, str(clause.number))
        for paragraph in clause.paragraphs:
            where = paragraph.number or str(clause.number)
            found[f"{kind.word} {where}"] = anchor_id(kind, where)
            for item in paragraph.items:
                found[f"{kind.word} {where}({item.letter})"] = anchor_id(kind, where,
                                                                          item.letter)
    return found


class Citations:
    """A `Linker` for the books on a page: splits text at each citation that has an anchor."""

    def __init__(self, targets: Mapping[str, str]) -> None:
        self.targets = dict(targets)
        words = sorted({citation.rsplit(" ", 1)[0] for citation in targets}, key=len,
                       reverse=True)
        # "Rule 4" at the start of a sentence cites rule 4 too; a citation is whole, so
        # "rule 12.3" is not read in "rule 12.34" nor "rule 1" in "subrule 1".
        alternatives = "|".join(_word_pattern(word) for word in words)
        self.pattern = re.compile(
            rf"(?<![\w-])(?:{alternatives})\s+\d+(?:\.\d+)?(?:\([a-z]\))?(?!\w)"
            if words else r"(?!)")

    def __call__(self, text: str) -> Iterable[tuple[str, str | None]]:
        pieces: list[tuple[str, str | None]] = []
        last = 0
        for match in self.pattern.finditer(text):
            citation = " ".join(match.group(0).split())
            anchor = self.targets.get(citation[:1].lower() + citation[1:])
            if anchor is None:
                continue
            if match.start() > last:
                pieces.append((text[last:match.start()], None))
            pieces.append((match.group(0), anchor))
            last = match.end()
        if last < len(text):
            pieces.append((text[last:], None))
        return pieces


def _word_pattern(word: str) -> str:
    """"standing order" as a pattern: either case of its first letter, any spaces."""
    first, rest = word[0], word[1:]
    return f"[{first.upper()}{first}]" + r"\s+".join(re.escape(p) for p in rest.split(" "))


def rulebook_section(rulebook: Rulebook, kind: BookKind, section_id: str, subtitle: str,
                     secretary: str | None = None, link: Linker = no_links) -> Section:
    """The book as a section of the page: the same text as its Markdown and Word files,
    as plain text (as in Word: nothing in it is read as markup)."""
    lines = [f"<h1>{html.escape(rulebook.title)}</h1>",
             f'<p class="subtitle">{text_html(subtitle, link)}</p>']
    for part in rulebook.parts:
        lines.append(f'<h2 id="{section_id}--part-{part.number}">Part {part.number}:'
                     f" {html.escape(part.title)}</h2>")
        for clause in part.clauses:
            lines += [f'<section class="rule" id="{anchor_id(kind, str(clause.number))}">',
                      f"<h3>{clause.number}. {html.escape(clause.title)}</h3>"]
            for paragraph in clause.paragraphs:
                where = paragraph.number or str(clause.number)
                if paragraph.number:
                    lines.append(f'<p id="{anchor_id(kind, where)}"><span class="number">'
                                 f"{where}</span> {text_html(paragraph.text, link)}</p>")
                else:
                    lines.append(f"<p>{text_html(paragraph.text, link)}</p>")
                if paragraph.items:
                    lines.append('<ol class="items">')
                    lines += [f'<li id="{anchor_id(kind, where, item.letter)}">'
                              f'<span class="number">({item.letter})</span>'
                              f" {text_html(item.text, link)}</li>" for item in paragraph.items]
                    lines.append("</ol>")
                if paragraph.quote:
                    # Words the law prescribes: quoted as they are, never linked.
                    lines.append('<blockquote class="quoted">')
                    lines += [f"<p>{html.escape(line)}</p>" for line in paragraph.quote if line]
                    lines.append("</blockquote>")
            lines.append("</section>")
    if secretary is not None:
        lines += ["<h2>Signatures</h2>", f"<p>{html.escape(SIGNATURES_INTRO)}</p>"]
        lines += [f"<p>{html.escape(line)}</p>" for line in rulebook.signature_lines(secretary)]
    return Section(section_id, rulebook.title, "\n".join(lines) + "\n")
