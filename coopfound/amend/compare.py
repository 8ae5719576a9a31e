"""Compare the rules in force with the changed rules, paragraph by paragraph.

Paragraphs are matched by clause and label, never by number: a rule added early in the book
renumbers every rule after it, and that is a renumbering, not a change to each of them.
References to other rules ("rule 27.1(e)") are set aside when texts are compared, for the
same reason; a paragraph whose words are the same apart from them is renumbered only.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum

from coopfound.rules.rulebook import Clause, Paragraph, Rulebook

#: "rule 12", "rule 12.3", "rules 12.3(b)", "standing order 4.1": numbers that move with
#: renumbering and are not themselves a change of substance.
_REFERENCE = re.compile(r"\b(rules?|standing orders?) \d+(?:\.\d+)?(?:\([a-z]\))?")


class Kind(StrEnum):
    changed = "changed"
    added = "added"
    removed = "removed"
    renumbered = "renumbered"
    #: Same number, same words, only its references to other rules updated.
    references = "references updated"


@dataclass(frozen=True)
class Unit:
    """One paragraph of the rules, with its items and quoted lines, as a reader sees it."""

    clause: str
    key: str  # the paragraph's label, or "#n" for the n-th unlabelled paragraph
    number: str  # "12.3", or "12" for a rule of one paragraph
    title: str  # the clause's title
    text: str

    @property
    def where(self) -> str:
        return f"{self.clause}.{self.key}"


@dataclass(frozen=True)
class Change:
    kind: Kind
    old: Unit | None
    new: Unit | None

    @property
    def clause(self) -> str:
        unit = self.new or self.old
        assert unit is not None
        return unit.clause

    @property
    def where(self) -> str:
        unit = self.new or self.old
        assert unit is not None
        return unit.where

    @property
    def substantive(self) -> bool:
        """A change the members vote on (renumbering and updated references follow from
        the others)."""
        return self.kind not in (Kind.renumbered, Kind.references)


def paragraph_text(paragraph: Paragraph) -> str:
    lines = [paragraph.text]
    lines += [f"({item.letter}) {item.text}" for item in paragraph.items]
    lines += [f"> {line}" for line in paragraph.quote]
    return "\n".join(lines)


def units(book: Rulebook) -> dict[str, Unit]:
    found: dict[str, Unit] = {}
    for clause in book.clauses():
        for unit in _clause_units(clause):
            found[unit.where] = unit
    return found


def _clause_units(clause: Clause) -> Iterator[Unit]:
    unlabelled = 0
    for paragraph in clause.paragraphs:
        if paragraph.label:
            key = paragraph.label
        else:
            unlabelled += 1
            key = f"#{unlabelled}"
        yield Unit(clause.id, key, paragraph.number or str(clause.number), clause.title,
                   paragraph_text(paragraph))


def without_references(text: str) -> str:
    return _REFERENCE.sub(lambda m: m.group(1) + " N", text)


def compare(old: Rulebook, new: Rulebook) -> list[Change]:
    """Every paragraph that was added, removed, changed or only renumbered, in the order of
    the new rules (removed paragraphs where they stood in the old)."""
    before, after = units(old), units(new)
    changes: list[Change] = []
    for where, unit in after.items():
        previous = before.get(where)
        if previous is None:
            changes.append(Change(Kind.added, None, unit))
        elif without_references(previous.text) != without_references(unit.text):
            changes.append(Change(Kind.changed, previous, unit))
        elif previous.number != unit.number:
            changes.append(Change(Kind.renumbered, previous, unit))
        elif previous.text != unit.text:
            changes.append(Change(Kind.references, previous, unit))
    order = list(before)
    for where, unit in before.items():
        if where not in after:
            # Place a removed paragraph after the change nearest before it in the old book.
            position = _position_after(changes, order, order.index(where))
            changes.insert(position, Change(Kind.removed, unit, None))
    return changes


def _position_after(changes: list[Change], order: list[str], index: int) -> int:
    earlier = set(order[:index])
    last = 0
    for position, change in enumerate(changes):
        if change.old is not None and change.old.where in earlier:
            last = position + 1
    return last


def amended_rules(changes: list[Change], old: Rulebook, new: Rulebook) -> list[str]:
    """The rules that change in substance, one entry per rule however many of its words
    change (as the FCA counts amendments): by its number in the rules in force, or in the
    new rules for a rule that is new."""
    old_numbers = {c.id: c.number for c in old.clauses()}
    new_numbers = {c.id: c.number for c in new.clauses()}
    found: list[str] = []
    for change in changes:
        if not change.substantive:
            continue
        clause = change.clause
        label = (f"rule {old_numbers[clause]}" if clause in old_numbers
                 else f"new rule {new_numbers[clause]}")
        if label not in found:
            found.append(label)
    return found
