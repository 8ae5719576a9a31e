"""The founding pack: every document besides the rules, rendered from one spec.

templates/letters/pack.yaml lists the documents; each is a Jinja template in the
document subset of `documents.py`, rendered once for the society or once per member
class. Each gives a Markdown and a Word file with the same text.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from coopfound.documents import document_docx, document_markdown, parse_blocks
from coopfound.errors import Problem, TemplateError
from coopfound.loader import LoadedSpec
from coopfound.provenance import Provenance
from coopfound.render import Document
from coopfound.rules import Rulebook, template_context
from coopfound.templating import environment, render_template

_FACTS = Path(__file__).resolve().parent / "data" / "facts.yaml"


@dataclass(frozen=True)
class PackEntry:
    id: str
    template: str
    output: str  # path without extension; {class_id} for per-class documents
    per_class: bool
    when: str | None


@cache
def load_facts() -> dict[str, Any]:
    facts: dict[str, Any] = yaml.safe_load(_FACTS.read_text(encoding="utf-8"))
    return facts


@cache
def load_pack(templates_root: Path) -> tuple[PackEntry, ...]:
    path = templates_root / "letters" / "pack.yaml"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise TemplateError(Problem(f"cannot read the pack list: {error}", file=path)) from None
    return tuple(PackEntry(id=d["id"], template=d["template"], output=d["output"],
                           per_class=d.get("per") == "member_class", when=d.get("when"))
                 for d in data["documents"])


def pack_context(loaded: LoadedSpec, rulebook: Rulebook) -> dict[str, Any]:
    """What letter templates see: the spec, the facts, and where things are in the rules."""
    spec = loaded.spec
    context = template_context(spec)
    rule_numbers = {c.id: c.number for c in rulebook.clauses()}
    context.update(
        facts=load_facts(),
        rule=lambda clause_id: f"rule {rule_numbers[clause_id]}",
        has_rule=lambda clause_id: clause_id in rule_numbers,
    )
    return context


def render_pack(loaded: LoadedSpec, rulebook: Rulebook, provenance: Provenance,
                templates_root: Path) -> list[Document]:
    env = environment(templates_root / "letters")
    base = pack_context(loaded, rulebook)
    documents: list[Document] = []
    for entry in load_pack(templates_root):
        if entry.when and not env.compile_expression(entry.when)(**base):
            continue
        targets: list[tuple[str, dict[str, Any]]]
        if entry.per_class:
            targets = [(entry.output.format(class_id=c.id), base | {"member_class": c})
                       for c in loaded.spec.member_classes]
        else:
            targets = [(entry.output, base)]
        for output, context in targets:
            text = render_template(env, entry.template, context)
            blocks = parse_blocks(text, str(templates_root / "letters" / entry.template))
            documents.append(Document(f"{output}.md",
                                      document_markdown(blocks, provenance).encode("utf-8")))
            documents.append(Document(f"{output}.docx", document_docx(
                blocks, provenance, loaded.spec.society.name, templates_root)))
    return documents
