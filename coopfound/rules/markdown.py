"""The rules as Markdown, with the provenance in YAML front matter."""

from __future__ import annotations

import yaml

from coopfound.output.provenance import Provenance
from coopfound.rules.rulebook import Rulebook

SIGNATURES_INTRO = ("Signed by the secretary and three members, for the application to"
                    " register the society.")


def rules_markdown(rulebook: Rulebook, provenance: Provenance, subtitle: str,
                   secretary: str | None = None) -> str:
    front = yaml.safe_dump({"title": rulebook.title, **provenance.as_dict()},
                           allow_unicode=True, sort_keys=False, width=1000)
    lines = ["---", front.rstrip("\n"), "---", "", f"# {rulebook.title}", "", f"*{subtitle}*", ""]
    for part in rulebook.parts:
        lines += [f"## Part {part.number}: {part.title}", ""]
        for clause in part.clauses:
            lines += [f"### {clause.number}. {clause.title}", ""]
            for paragraph in clause.paragraphs:
                prefix = f"**{paragraph.number}** " if paragraph.number else ""
                lines += [prefix + paragraph.text, ""]
                if paragraph.items:
                    lines += [f"- ({item.letter}) {item.text}" for item in paragraph.items]
                    lines.append("")
                if paragraph.quote:
                    lines += [f"> {line}" if line else ">" for line in paragraph.quote]
                    lines.append("")
    if secretary is not None:
        lines += ["## Signatures", "", SIGNATURES_INTRO, ""]
        for line in rulebook.signature_lines(secretary):
            lines += [line, ""]
    return "\n".join(lines)
