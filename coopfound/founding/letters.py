"""The founding pack: every document besides the rules, rendered from one spec.

templates/letters/pack.yaml lists the documents; each is a Jinja template in the
document subset of `blocks.py`, rendered once for the society or once per member
class. Each gives a Markdown and a Word file with the same text.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Annotated, Any, Literal

import jinja2
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

from coopfound.errors import Problem, TemplateError
from coopfound.facts import load_facts
from coopfound.founding.blocks import document_docx, document_markdown, parse_blocks
from coopfound.output.document import Document
from coopfound.output.provenance import Provenance
from coopfound.rules.rulebook import Rulebook, template_context
from coopfound.spec.loader import LoadedSpec, YamlKind
from coopfound.templating.data import TemplateHelper, plain
from coopfound.templating.pack_files import validated
from coopfound.templating.packs import (
    RULES_DOCUMENT,
    DocumentStyle,
    TemplatePack,
    fill_output,
    output_pattern,
)
from coopfound.templating.rendering import render_template
from coopfound.templating.sandbox import time_limited


@dataclass(frozen=True)
class PackEntry:
    id: str
    template: str
    output: str  # path without extension; {class_id} for per-class documents
    per_class: bool
    when: str | None
    formats: tuple[str, ...] = ("md", "docx")
    style: DocumentStyle = "standard"


class DocumentEntry(BaseModel):
    """One document of letters/pack.yaml."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9-]*$", max_length=60)]
    template: Annotated[str, StringConstraints(min_length=1, max_length=200)]
    output: Annotated[str, AfterValidator(output_pattern)]
    per: Literal["member_class"] | None = None
    when: Annotated[str, StringConstraints(max_length=1_000)] | None = None
    #: How the Word file is styled (blocks.STYLE_SHELLS): `easy-read` for easy-read
    #: documents, `certificate` for a one-page certificate.
    style: DocumentStyle = "standard"


class DocumentList(BaseModel):
    """letters/pack.yaml: the documents of the founding pack, in order."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    documents: list[DocumentEntry] = Field(max_length=200)


DOCUMENT_LIST_FILE = YamlKind("letters/pack.yaml", "keys such as 'documents:'",
                              "coopfound's own templates/letters/pack.yaml")


@cache
def pack_documents(pack: TemplatePack) -> tuple[PackEntry, ...]:
    """The documents of the founding pack: letters/pack.yaml, then the manifest's changes."""
    path, data, positions = pack.read_yaml("letters/pack.yaml", DOCUMENT_LIST_FILE)
    listed = validated(DocumentList, data, path, positions,
                       "each document needs an id, a template and an output")
    entries = {d.id: PackEntry(id=d.id, template=d.template, output=d.output,
                               per_class=d.per == "member_class", when=d.when,
                               formats=pack.formats_of(d.id), style=d.style)
               for d in listed.documents}
    for setting in pack.manifest.documents:
        if setting.id == RULES_DOCUMENT:
            continue
        if setting.omit:
            if entries.pop(setting.id, None) is None:
                close = difflib.get_close_matches(setting.id, list(entries), n=1)
                raise TemplateError(Problem(
                    f"there is no document '{setting.id}' to leave out",
                    file=pack.manifest_path, field="documents",
                    hint=f"did you mean '{close[0]}'?" if close else
                    f"the documents are: {', '.join(entries)}"))
            continue
        known = entries.get(setting.id)
        template = setting.template or (known.template if known else None)
        output = setting.output or (known.output if known else None)
        if template is None or output is None:
            raise TemplateError(Problem(
                f"document '{setting.id}' is new, so it needs a template and an output",
                file=pack.manifest_path, field="documents",
                hint="give it `template:` (a file in letters/) and `output:` (a path such as"
                     " letters/visit)"))
        entries[setting.id] = PackEntry(
            id=setting.id, template=template, output=output,
            per_class=(setting.per == "member_class") if setting.per or not known
            else known.per_class,
            when=setting.when if setting.when is not None else (known.when if known else None),
            formats=pack.formats_of(setting.id),
            style=setting.style or (known.style if known else "standard"))
    return tuple(entries.values())


def document_template(pack: TemplatePack, entry: PackEntry) -> Path:
    """The template file of a document, or a located error naming where it was asked for."""
    relative = f"letters/{entry.template}"
    if any((root / relative).is_file() for root in pack.roots):
        return pack.find(relative)  # refuses a link out of the pack
    available = sorted({p.relative_to(folder).as_posix() for folder in pack.folders("letters")
                        for p in folder.rglob("*.j2")})
    close = difflib.get_close_matches(entry.template, available, n=1)
    in_manifest = any(d.id == entry.id and d.template for d in pack.manifest.documents)
    raise TemplateError(Problem(
        f"document '{entry.id}' uses {relative}, which neither the pack nor coopfound has",
        file=pack.manifest_path if in_manifest else pack.find("letters/pack.yaml"),
        field="documents", hint=f"did you mean {close[0]}?" if close else
        "add the template to the pack's letters/ folder"))


def pack_context(loaded: LoadedSpec, rulebook: Rulebook) -> dict[str, Any]:
    """What letter templates see: the spec, the facts, and where things are in the rules."""
    spec = loaded.spec
    context = template_context(spec)
    rule_numbers = {c.id: c.number for c in rulebook.clauses()}
    known = set(rulebook.known_clauses) | set(rule_numbers)

    def rule(clause_id: str) -> str:
        if clause_id not in rule_numbers:
            raise jinja2.TemplateRuntimeError(_unknown_clause(clause_id, rule_numbers, known))
        return f"rule {rule_numbers[clause_id]}"

    def has_rule(clause_id: str) -> bool:
        if clause_id not in known:
            raise jinja2.TemplateRuntimeError(_unknown_clause(clause_id, rule_numbers, known))
        return clause_id in rule_numbers

    context.update(facts=plain(load_facts()), rule=TemplateHelper(rule, "rule"),
                   has_rule=TemplateHelper(has_rule, "has_rule"))
    return context


def _unknown_clause(clause_id: object, included: dict[str, int], known: set[str]) -> str:
    if clause_id in known:
        return (f"rule({clause_id!r}): this spec's rules leave that clause out; ask"
                f" has_rule({clause_id!r}) first")
    close = difflib.get_close_matches(str(clause_id), sorted(known), n=1)
    return (f"rule({clause_id!r}) names a clause the rule book does not have"
            + (f"; did you mean {close[0]!r}?" if close else ""))


def render_pack(loaded: LoadedSpec, rulebook: Rulebook, provenance: Provenance,
                pack: TemplatePack) -> list[Document]:
    env = pack.environment("letters")
    base = pack_context(loaded, rulebook)
    documents: list[Document] = []
    for entry in pack_documents(pack):
        if entry.when and not _is_wanted(env, entry, base, pack):
            continue
        targets: list[tuple[str, dict[str, Any]]]
        if entry.per_class:
            targets = [(fill_output(entry.output, class_id=c["id"]), base | {"member_class": c})
                       for c in base["member_classes"]]
        else:
            targets = [(entry.output, base)]
        document_template(pack, entry)
        for output, context in targets:
            text = render_template(env, entry.template, context)
            blocks = parse_blocks(text, str(pack.find(f"letters/{entry.template}")))
            if "md" in entry.formats:
                documents.append(Document(f"{output}.md", document_markdown(
                    blocks, provenance).encode("utf-8")))
            if "docx" in entry.formats:
                documents.append(Document(f"{output}.docx", document_docx(
                    blocks, provenance, loaded.spec.society.name, pack, entry.style)))
    return documents


def _is_wanted(env: jinja2.Environment, entry: PackEntry, context: dict[str, Any],
               pack: TemplatePack) -> bool:
    try:
        with time_limited(env):
            return bool(env.compile_expression(entry.when or "true")(**context))
    except Exception as error:  # a pack's condition may fail in any way Python can
        raise TemplateError(Problem(
            f"cannot evaluate `when: {entry.when}` of document '{entry.id}': {error}",
            file=pack.find("letters/pack.yaml"),
            hint="write `when:` as a test over the spec, such as `is_cbs`")) from None
