"""The rules in force marked up with the changes as real Word tracked changes.

Insertions and deletions are written as WordprocessingML revisions (w:ins, w:del), so
Word and LibreOffice show them as changes that a reader can accept or reject, not as
coloured text. Words are compared, not characters, so a change reads as a lawyer's
redline: whole words struck through and whole words inserted.
"""

from __future__ import annotations

import difflib
import io
import re
from datetime import datetime
from itertools import count

from coopfound.amend.compare import Change, Kind, units
from coopfound.rules.rulebook import Rulebook

AUTHOR = "coopfound"
_TOKENS = re.compile(r"\s+|[^\s]+")


def redline_docx(old: Rulebook, new: Rulebook, changes: list[Change], title: str,
                 when: datetime) -> bytes:
    """A Word document of the new rules with every change from the old tracked."""
    from docx import Document
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    document = Document()
    document.core_properties.title = title
    document.core_properties.author = AUTHOR
    document.add_heading(title, level=0)
    ids = count(1)
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ")
    by_where = {c.where: c for c in changes}
    removed_after: dict[str | None, list[Change]] = {}
    previous: str | None = None
    for change in changes:
        if change.kind is Kind.removed:
            removed_after.setdefault(_anchor(change, changes), []).append(change)

    def run(paragraph: object, text: str, kind: str | None) -> None:
        element = OxmlElement("w:r")
        # An item of a rule starts a line of its own: a line break inside the run.
        for number, line in enumerate(text.split("\n")):
            if number:
                element.append(OxmlElement("w:br"))
            text_element = OxmlElement("w:delText" if kind == "del" else "w:t")
            text_element.set(qn("xml:space"), "preserve")
            text_element.text = line
            element.append(text_element)
        if kind is None:
            paragraph._p.append(element)  # type: ignore[attr-defined]
            return
        revision = OxmlElement(f"w:{kind}")
        revision.set(qn("w:id"), str(next(ids)))
        revision.set(qn("w:author"), AUTHOR)
        revision.set(qn("w:date"), stamp)
        revision.append(element)
        paragraph._p.append(revision)  # type: ignore[attr-defined]

    def write_unit(number_old: str | None, number_new: str | None, old_text: str | None,
                   new_text: str | None) -> None:
        paragraph = document.add_paragraph()
        if number_old == number_new or number_old is None or number_new is None:
            run(paragraph, f"{number_new or number_old} ",
                "ins" if number_old is None else "del" if number_new is None else None)
        else:
            run(paragraph, number_old, "del")
            run(paragraph, number_new, "ins")
            run(paragraph, " ", None)
        for text, kind in _word_diff(old_text or "", new_text or ""):
            run(paragraph, text, kind)

    clause_titles = {c.id: (c.number, c.title) for c in new.clauses()}
    shown_clause: str | None = None
    for where, unit in units(new).items():
        if unit.clause != shown_clause:
            number, heading = clause_titles[unit.clause]
            document.add_heading(f"{number}. {heading}", level=2)
            shown_clause = unit.clause
        for removed in removed_after.get(previous, []):
            assert removed.old is not None
            write_unit(removed.old.number, None, removed.old.text, None)
        found = by_where.get(where)
        if found is None:
            write_unit(unit.number, unit.number, unit.text, unit.text)
        elif found.kind is Kind.added:
            write_unit(None, unit.number, None, unit.text)
        else:
            assert found.old is not None
            write_unit(found.old.number, unit.number, found.old.text, unit.text)
        previous = where
    for removed in removed_after.get(previous, []):
        assert removed.old is not None
        write_unit(removed.old.number, None, removed.old.text, None)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _anchor(change: Change, changes: list[Change]) -> str | None:
    """The paragraph of the new rules after which a removed paragraph is shown."""
    position = changes.index(change)
    for earlier in reversed(changes[:position]):
        if earlier.new is not None:
            return earlier.new.where
    return None


def _word_diff(old: str, new: str) -> list[tuple[str, str | None]]:
    """The texts as runs: unchanged (None), deleted ("del") and inserted ("ins")."""
    before, after = _TOKENS.findall(old), _TOKENS.findall(new)
    runs: list[tuple[str, str | None]] = []
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            runs.append(("".join(before[i1:i2]), None))
            continue
        if i2 > i1:
            runs.append(("".join(before[i1:i2]), "del"))
        if j2 > j1:
            runs.append(("".join(after[j1:j2]), "ins"))
    return [(text, kind) for text, kind in runs if text]
