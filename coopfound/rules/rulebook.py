"""Clause assembly: which clauses a spec includes, their numbers, and their cross-references.

Numbers are never written in templates. A clause refers to another with `ref("id")` or
`ref("id.label")`, which renders a placeholder; once every included clause is rendered
and numbered, the placeholders are replaced with "rule 12" or "rule 12.3(b)". A
placeholder whose target is not in the rendered set is an error, so an optional clause
can never leave a dangling or wrong reference.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import Annotated, Any

import jinja2
import yaml
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from coopfound.control.counting import template_data as counting_data
from coopfound.control.protections import template_data as protection_data
from coopfound.errors import Problem, TemplateError
from coopfound.facts import load_facts, statutory_text
from coopfound.spec.loader import YamlKind
from coopfound.spec.matters import MATTER_IDS
from coopfound.spec.model import Spec
from coopfound.templating.data import Record, TemplateHelper, model_record, plain
from coopfound.templating.pack_files import validated
from coopfound.templating.packs import TemplatePack
from coopfound.templating.rendering import check_printable, render_string, render_template
from coopfound.templating.sandbox import time_limited
from coopfound.templating.whereabouts import rendering

INTERPRETATION_ID = "interpretation"


@dataclass(frozen=True)
class BookKind:
    """A book built clause by clause: the rules, or the standing orders made under them."""

    manifest: str  # the pack file that lists its parts and clauses
    folder: str  # where its clause templates are, under rules/
    word: str  # how a reference names one of its clauses: "rule 12", "standing order 3"
    title: str  # "Rules of", "Standing orders of"


RULES = BookKind("rules/rulebook.yaml", "clauses", "rule", "Rules of")
ORDERS = BookKind("rules/standing_orders.yaml", "orders", "standing order",
                  "Standing orders of")

_HEADER = re.compile(r"\A\{#-?\s*\n(?P<yaml>.*?)\n\s*-?#\}\n?", re.DOTALL)
_LABEL = re.compile(r"^@([a-z0-9_]+)\s+")
_REF_OPEN, _REF_CLOSE = "\ue000", "\ue001"
_REF = re.compile(f"{_REF_OPEN}([^{_REF_CLOSE}]*){_REF_CLOSE}")
_ITEM_LETTERS = "abcdefghijklmnopqrstuvwxyz"
#: The longest rule book, in characters: twenty times the longest coopfound writes. Longer
#: text is a pack's loop gone wrong, and every defined term is searched for in all of it.
MAX_RULES_CHARS = 2_000_000

HEADER_HINT = "see templates/rules/README.md for the format of a clause's header"


@dataclass(frozen=True)
class ClauseTemplate:
    """A clause file's declared header, read without rendering it."""

    id: str
    title: str
    matters: tuple[str, ...]
    when: str | None
    template_name: str
    path: Path
    #: The matters the clause's own header declares (a pack's manifest may differ).
    header_matters: tuple[str, ...] | None = None


@dataclass(frozen=True)
class PartTemplate:
    title: str
    clauses: tuple[ClauseTemplate, ...]


@dataclass(frozen=True)
class RulebookTemplate:
    kind: BookKind
    templates: str  # the pack's name and version, as documents cite it
    law_as_at: date
    parts: tuple[PartTemplate, ...]
    definitions: tuple[Definition, ...]
    definitions_path: Path | None
    pack: TemplatePack

    def clauses(self) -> Iterator[ClauseTemplate]:
        for part in self.parts:
            yield from part.clauses


@dataclass
class Item:
    letter: str
    label: str | None
    text: str


@dataclass
class Paragraph:
    number: str  # "12.3", or "" when the rule has one paragraph
    label: str | None
    text: str
    items: list[Item] = field(default_factory=list)
    #: Lines quoted word for word (statutory text), written as they are, never joined.
    quote: list[str] = field(default_factory=list)


@dataclass
class Clause:
    id: str
    number: int
    title: str
    matters: tuple[str, ...]
    paragraphs: list[Paragraph]


@dataclass
class Part:
    number: int
    title: str
    clauses: list[Clause]


@dataclass
class Rulebook:
    """The rules (or the standing orders) as rendered for one spec: numbered, references
    resolved, ready to write."""

    title: str
    parts: list[Part]
    templates: str
    law_as_at: date
    #: Cross-references whose target these rules leave out: `check` reports them,
    #: `render` refuses to write rules that contain them.
    broken_references: list[Problem] = field(default_factory=list)
    #: Every clause the rule book template has, included in these rules or not.
    known_clauses: frozenset[str] = frozenset()

    def clauses(self) -> Iterator[Clause]:
        for part in self.parts:
            yield from part.clauses

    def signature_lines(self, secretary: str) -> list[str]:
        """Where the secretary and three members sign the rules sent to the FCA (s.3)."""
        blank = "______________________"
        return [f"Secretary: {secretary}. Signature: {blank} Date: {blank}",
                *[f"Member: {blank} Signature: {blank} Date: {blank}" for _ in range(3)]]

    def matters_covered(self) -> dict[str, list[int]]:
        """Each s.14 matter id with the numbers of the rules that cover it."""
        covered: dict[str, list[int]] = {m: [] for m in sorted(MATTER_IDS, key=_matter_order)}
        for clause in self.clauses():
            for matter_id in clause.matters:
                covered[matter_id].append(clause.number)
        return covered


def _matter_order(matter_id: str) -> int:
    return int(matter_id[1:])


class _PackFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


ClauseId = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=60)]
Title = Annotated[str, StringConstraints(min_length=1, max_length=200)]


class PartEntry(_PackFile):
    title: Title
    clauses: list[ClauseId] = Field(max_length=100)


class RulebookFile(_PackFile):
    """rules/rulebook.yaml: the parts of the rule book and their clauses, in order."""

    parts: list[PartEntry] = Field(min_length=1, max_length=30)


class Definition(_PackFile):
    term: Annotated[str, StringConstraints(min_length=1, max_length=100)]
    meaning: Annotated[str, StringConstraints(min_length=1, max_length=2_000)]


class DefinitionsFile(_PackFile):
    """rules/definitions.yaml: words with a set meaning in the rules."""

    definitions: list[Definition] = Field(max_length=500)


RULEBOOK_FILE = YamlKind("rules/rulebook.yaml", "keys such as 'parts:'",
                         "coopfound's own templates/rules/rulebook.yaml")
DEFINITIONS_FILE = YamlKind("rules/definitions.yaml", "keys such as 'definitions:'",
                            "coopfound's own templates/rules/definitions.yaml")
_RULES_HINT = "see templates/rules/README.md for the format of the rule book's files"


@cache
def load_rulebook_template(pack: TemplatePack, kind: BookKind = RULES) -> RulebookTemplate:
    """Read the book's order and every clause header (once per process, pack and kind)."""
    manifest_path, data, positions = pack.read_yaml(kind.manifest, _file_kind(kind))
    manifest = validated(RulebookFile, data, manifest_path, positions, _RULES_HINT)
    parts = []
    for part in manifest.parts:
        clauses = tuple(_read_clause_header(pack, clause_id, manifest_path, kind)
                        for clause_id in part.clauses)
        parts.append(PartTemplate(title=part.title, clauses=clauses))
    definitions_path: Path | None = None
    definitions: tuple[Definition, ...] = ()
    if kind is RULES and any((root / "rules" / "definitions.yaml").is_file()
                             for root in pack.roots):
        definitions_path, data, positions = pack.read_yaml("rules/definitions.yaml",
                                                           DEFINITIONS_FILE)
        definitions = tuple(validated(DefinitionsFile, data, definitions_path, positions,
                                      _RULES_HINT).definitions)
    return RulebookTemplate(
        kind=kind, templates=pack.label, law_as_at=pack.law_as_at, parts=tuple(parts),
        definitions=definitions, definitions_path=definitions_path, pack=pack)


def _file_kind(kind: BookKind) -> YamlKind:
    return RULEBOOK_FILE if kind is RULES else YamlKind(
        kind.manifest, "keys such as 'parts:'", f"coopfound's own templates/{kind.manifest}")


def clause_template_name(clause_id: str, kind: BookKind = RULES) -> str:
    return f"{kind.folder}/{clause_id}.md.j2"


def _read_clause_header(pack: TemplatePack, clause_id: str, manifest_path: Path,
                        kind: BookKind) -> ClauseTemplate:
    name = clause_template_name(clause_id, kind)
    if not any((folder / name).is_file() for folder in pack.folders("rules")):
        raise TemplateError(Problem(f"the rule book lists clause '{clause_id}' but {name}"
                                    " does not exist", file=manifest_path,
                                    hint=f"add rules/{name} to the pack, or take"
                                         f" '{clause_id}' out of {manifest_path.name}"))
    path, text = pack.read_text(f"rules/{name}")
    match = _HEADER.match(text)
    if not match:
        raise TemplateError(Problem("a clause must open with a {#- ... -#} header",
                                    file=path, line=1, hint=HEADER_HINT))
    try:
        header = yaml.safe_load(match.group("yaml")) or {}
    except yaml.YAMLError as error:
        raise TemplateError(Problem(f"the clause header is not valid YAML: {error}",
                                    file=path, line=1, hint=HEADER_HINT)) from None
    if not isinstance(header, dict):
        raise TemplateError(Problem("the clause header must hold `title:` and `matters:`",
                                    file=path, line=1, hint=HEADER_HINT))
    declared = (pack.manifest.rules.get(clause_id)
                if kind is RULES and pack.provides(f"rules/{name}") else None)
    matters = declared.matters if declared else tuple(header.get("matters") or ())
    unknown = [m for m in matters if m not in MATTER_IDS]
    if "title" not in header or unknown:
        problem = (f"unknown matter {unknown[0]!r} (use M1..M14)" if unknown
                   else "the header has no title")
        raise TemplateError(Problem(problem, file=path, line=1, hint=HEADER_HINT))
    return ClauseTemplate(id=clause_id, title=str(header["title"]), matters=matters,
                          when=header.get("when"), template_name=name, path=path,
                          header_matters=(tuple(header["matters"] or ()) if "matters" in header
                                          else None))


def template_context(spec: Spec) -> dict[str, Any]:
    """What every template sees: the spec's sections plus a few derived names, all of it
    plain data (see `templating.data`), never the spec's models."""
    data = model_record(spec)
    lock = statutory_text("asset_lock")
    context: dict[str, Any] = {name: data[name] for name in Spec.model_fields}
    classes = data["member_classes"]
    context.update(
        spec=data,
        is_cbs=spec.is_cbs,
        is_coop=not spec.is_cbs,
        user_classes=tuple(c for c in classes if c["user_class"]),
        non_user_classes=tuple(c for c in classes if not c["user_class"]),
        nation=spec.society.registered_office.nation.display,
        legal_form=spec.society.legal_form.display,
        protections=plain(protection_data(spec)),
        care_regulator=care_regulator(spec),
        counting=plain(counting_data(spec)),
        statutory=plain({"asset_lock": {"heading": lock.heading, "lines": list(lock.quoted),
                                        "confirmed": lock.confirmed}}),
    )
    return context


def care_regulator(spec: Spec) -> str:
    """The care regulator of the registered office's nation, as the rules name it."""
    nation = spec.society.registered_office.nation.value
    return str(load_facts()["care_regulators"][nation]["in_rules"])


def ref(target: str) -> str:
    return f"{_REF_OPEN}{target}{_REF_CLOSE}"


def build_rulebook(spec: Spec, pack: TemplatePack, kind: BookKind = RULES,
                   rules: Rulebook | None = None) -> Rulebook:
    """Render, number and cross-reference the rules for one spec; or, with `kind=ORDERS`
    and the rules already built, the standing orders, which cite the rules by number."""
    book = load_rulebook_template(pack, kind)
    env = pack.environment("rules")
    context = template_context(spec) | {"ref": TemplateHelper(ref, "ref")}
    if rules is not None:
        context["rule"] = TemplateHelper(_rule_numbers(rules), "rule")
    included = [c for c in book.clauses() if _is_included(env, c, context)]

    bodies: dict[str, str] = {}
    for clause in included:
        if clause.id != INTERPRETATION_ID:
            bodies[clause.id] = render_template(env, clause.template_name, context)
    length = sum(len(body) for body in bodies.values())
    if length > MAX_RULES_CHARS:
        raise TemplateError(Problem(
            f"the rules would be {length:,} characters long; coopfound refuses rules longer"
            f" than {MAX_RULES_CHARS:,}", file=book.pack.find("rules/rulebook.yaml"),
            hint="look for a clause that repeats text in a loop"))
    if any(c.id == INTERPRETATION_ID for c in included):
        definitions = _used_definitions(env, book, context, " ".join(bodies.values()))
        bodies[INTERPRETATION_ID] = render_template(
            env, f"clauses/{INTERPRETATION_ID}.md.j2",
            context | {"definitions": definitions})

    parts: list[Part] = []
    number = 0
    for part in book.parts:
        clauses = []
        for clause in part.clauses:
            if clause.id not in bodies:
                continue
            number += 1
            clauses.append(Clause(id=clause.id, number=number, title=clause.title,
                                  matters=clause.matters,
                                  paragraphs=parse_body(bodies[clause.id], number, clause)))
        if clauses:
            parts.append(Part(number=len(parts) + 1, title=part.title, clauses=clauses))
    rulebook = Rulebook(title=f"{kind.title} {spec.society.name}", parts=parts,
                        templates=book.templates, law_as_at=book.law_as_at,
                        known_clauses=frozenset(c.id for c in book.clauses()))
    rulebook.broken_references = _resolve_references(
        rulebook, {c.id: c for c in book.clauses()}, kind)
    return rulebook


def _rule_numbers(rules: Rulebook) -> Any:
    """`rule("voting")` or `rule("voting.cap")` in a standing order: "rule 24", "rule 24.2"."""
    numbers = _reference_targets(rules, RULES)

    def rule(target: str) -> str:
        if target not in numbers:
            raise jinja2.TemplateRuntimeError(
                f"rule({target!r}): these rules have no such clause or @label")
        return numbers[target]

    return rule


def _is_included(env: jinja2.Environment, clause: ClauseTemplate,
                 context: dict[str, Any]) -> bool:
    if clause.when is None:
        return True
    try:
        with time_limited(env):
            return bool(env.compile_expression(clause.when)(**context))
    except Exception as error:  # a pack's condition may fail in any way Python can
        raise TemplateError(Problem(f"cannot evaluate `when: {clause.when}`: {error}",
                                    file=clause.path, line=1,
                                    hint="write `when:` as a test over the spec, such as"
                                         " `shares.withdrawable`")) from None


def _used_definitions(env: jinja2.Environment, book: RulebookTemplate,
                      context: dict[str, Any], text: str) -> tuple[Record, ...]:
    """The defined terms the rendered rules use, in the order definitions.yaml gives."""
    used = []
    with rendering(str(book.definitions_path)):
        for entry in book.definitions:
            # The rendered text is not yet joined into paragraphs: a term may wrap a line.
            pattern = r"\s+".join(re.escape(word) for word in entry.term.split())
            if re.search(rf"(?<![\w-]){pattern}(?![\w-])", text, re.IGNORECASE):
                meaning = render_string(env, entry.meaning, context,
                                        str(book.definitions_path))
                used.append(Record({"term": entry.term, "meaning": meaning.strip()}))
    return tuple(used)


@dataclass
class _Block:
    """A paragraph while its clause is being parsed."""

    label: str | None = None
    lines: list[str] = field(default_factory=list)
    items: list[tuple[str | None, list[str]]] = field(default_factory=list)
    quote: list[str] = field(default_factory=list)

    def empty(self) -> bool:
        return not (self.lines or self.items or self.quote)


def parse_body(body: str, number: int, clause: ClauseTemplate) -> list[Paragraph]:
    """Split a rendered clause into paragraphs, lettered items and quoted lines.

    The format is described in templates/rules/README.md.
    """
    check_printable(body, clause.path)
    blocks: list[_Block] = [_Block()]
    for raw_line in body.splitlines():
        line = raw_line.rstrip()
        current = blocks[-1]
        if not line.strip():
            if not current.empty():
                blocks.append(_Block())
        elif line.startswith("> ") or line == ">":
            # Quoted text (words the law prescribes) keeps its own lines and numbering.
            current.quote.append(line[2:])
        elif line.startswith("- "):
            label, text = _take_label(line[2:].strip())
            current.items.append((label, [text]))
        elif line.startswith("  ") and current.items:
            current.items[-1][1].append(line.strip())
        else:
            if current.items or current.quote:  # text after items starts a new paragraph
                current = _Block()
                blocks.append(current)
            if not current.lines:
                current.label, text = _take_label(line.strip())
                current.lines.append(text)
            else:
                current.lines.append(line.strip())
    blocks = [b for b in blocks if not b.empty()]
    if not blocks:
        raise TemplateError(Problem(
            "this clause is included but rendered no text", file=clause.path,
            hint="give it a `when:` condition, or text for every case"))
    paragraphs = []
    for index, block in enumerate(blocks, start=1):
        if len(block.items) > len(_ITEM_LETTERS):
            raise TemplateError(Problem(
                f"a paragraph of this clause lists {len(block.items)} items; a paragraph may"
                f" list at most {len(_ITEM_LETTERS)}, lettered (a) to (z)", file=clause.path,
                hint="split the list into two paragraphs, or into a clause of its own"))
        paragraphs.append(Paragraph(
            number=f"{number}.{index}" if len(blocks) > 1 else "",
            label=block.label,
            text=" ".join(block.lines),
            items=[Item(letter=_ITEM_LETTERS[i], label=item_label, text=" ".join(item_lines))
                   for i, (item_label, item_lines) in enumerate(block.items)],
            quote=block.quote,
        ))
    return paragraphs


def _take_label(text: str) -> tuple[str | None, str]:
    match = _LABEL.match(text)
    if match:
        return match.group(1), text[match.end():]
    return None, text


def _reference_targets(rulebook: Rulebook, kind: BookKind) -> dict[str, str]:
    """Every clause id and `clause.label` with the words that cite it: "rule 12.3(b)"."""
    targets: dict[str, str] = {}
    for clause in rulebook.clauses():
        targets[clause.id] = f"{kind.word} {clause.number}"
        for paragraph in clause.paragraphs:
            where = paragraph.number or str(clause.number)
            if paragraph.label:
                targets[f"{clause.id}.{paragraph.label}"] = f"{kind.word} {where}"
            for item in paragraph.items:
                if item.label:
                    targets[f"{clause.id}.{item.label}"] = f"{kind.word} {where}({item.letter})"
    return targets


def _resolve_references(rulebook: Rulebook, all_clauses: dict[str, ClauseTemplate],
                        kind: BookKind = RULES) -> list[Problem]:
    targets = _reference_targets(rulebook, kind)
    word = kind.word
    problems: list[Problem] = []

    def resolve(text: str, clause: Clause) -> str:
        def replace(match: re.Match[str]) -> str:
            target = match.group(1)
            if target in targets:
                return targets[target]
            clause_id = target.split(".")[0]
            if clause_id not in all_clauses:
                reason = f"refers to '{target}', which is no clause of the rule book"
            elif clause_id not in {c.id for c in rulebook.clauses()}:
                reason = f"refers to '{target}', which these rules leave out"
            else:
                reason = f"refers to '{target}', but that clause has no such @label"
            problems.append(Problem(f"{word} {clause.number} ({clause.id}) {reason}",
                                    file=all_clauses[clause.id].path,
                                    hint="guard the reference with the same condition as"
                                         " its target, or fix the id"))
            return match.group(0)

        return _REF.sub(replace, text)

    for clause in rulebook.clauses():
        for paragraph in clause.paragraphs:
            paragraph.text = resolve(paragraph.text, clause)
            for item in paragraph.items:
                item.text = resolve(item.text, clause)
    return problems
