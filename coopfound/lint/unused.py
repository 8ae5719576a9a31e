"""Files in a pack that coopfound never reads: nearly always a misspelt override.

A pack replaces a built-in file by giving a file at the same path. `purpse.md.j2`,
`rules/rulebok.yaml` or `letter/welcome_letter.md.j2` replace nothing, silently; a
founder would get the built-in text while the pack's author believes otherwise.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from pathlib import Path

from coopfound.errors import Problem
from coopfound.lint.findings import LintReport
from coopfound.lint.sources import Sources
from coopfound.templating.packs import MANIFEST_NAME, TemplatePack

#: Files a pack may hold that coopfound does not read, and should not report.
_OURS_TO_IGNORE = re.compile(r"^(README|LICEN[CS]E|CHANGELOG|NOTICE)(\.\w+)?$", re.IGNORECASE)
#: Files coopfound reads by name, besides templates and examples.
_READ_BY_NAME = frozenset({MANIFEST_NAME, "rules/rulebook.yaml", "rules/definitions.yaml",
                           "rules/standing_orders.yaml",
                           "rules/rules.docx", "letters/pack.yaml", "letters/document.docx",
                           "letters/easy-read.docx", "letters/certificate.docx",
                           "letters/register.docx"})


def _templates_named_in(sources: Iterable[str]) -> set[str]:
    """Template names that `import`, `from`, `include` or `extends` tags mention."""
    names: set[str] = set()
    for source in sources:
        names.update(re.findall(r"""(?:import|from|include|extends)\s+["']([^"']+)["']""",
                                source))
    return names


def lint_unused(report: LintReport, pack: TemplatePack, own_root: Path,
                clause_templates: Iterable[str], document_templates: set[str] | None,
                sources: Sources) -> None:
    """Report each file of the pack that nothing will read.

    `document_templates` is None when the document list could not be read: then letters
    cannot be judged, and are not reported.
    """
    builtin_root = pack.roots[-1]
    builtin_files = sorted(p.relative_to(builtin_root).as_posix()
                           for p in builtin_root.rglob("*") if p.is_file())
    examples = {p.resolve() for pattern in pack.manifest.examples for p in own_root.glob(pattern)}
    texts = {folder: [sources.text(p) or "" for root in pack.roots
                      for p in sources.templates(root, folder)]
             for folder in ("rules", "letters")}
    clause_files = set(clause_templates)
    used = {"rules": clause_files | _templates_named_in(texts["rules"]),
            "letters": (document_templates or set()) | _templates_named_in(texts["letters"])}
    for path in sorted(own_root.rglob("*")):
        relative = path.relative_to(own_root)
        name = relative.as_posix()
        if (not path.is_file() or any(part.startswith(".") for part in relative.parts)
                or _OURS_TO_IGNORE.match(path.name) or name in _READ_BY_NAME
                or path.resolve() in examples):
            continue
        folder, _, inside = name.partition("/")
        if folder in used and path.suffix == ".j2":
            if inside in used[folder] or (folder == "letters" and document_templates is None):
                continue
            why = ("neither rules/rulebook.yaml nor rules/standing_orders.yaml lists it, and no"
                   " clause includes it"
                   if folder == "rules" else
                   "no document of the pack uses it and no template imports it")
        else:
            why = "coopfound never reads a file of this name or in this place"
        close = difflib.get_close_matches(name, builtin_files, n=1, cutoff=0.75)
        hint = (f"did you mean {close[0]}?" if close else
                "a file replaces the built-in file at the same path; see 'Template packs'"
                " in the README")
        report.add("unused", Problem(f"{name} replaces nothing: {why}", file=path, hint=hint))
