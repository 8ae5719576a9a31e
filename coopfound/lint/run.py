"""Run every lint check on one pack, collecting findings rather than stopping at the first."""

from __future__ import annotations

from pathlib import Path

from coopfound.errors import TemplateError
from coopfound.lint.examples import example_specs, lint_examples
from coopfound.lint.findings import LintReport
from coopfound.lint.sources import Sources
from coopfound.lint.structure import lint_coverage, lint_declared_matters, lint_references
from coopfound.lint.templates import lint_document_templates, lint_rule_templates, lint_shell
from coopfound.lint.unused import lint_unused
from coopfound.templating.packs import TemplatePack, builtin_pack, template_pack


def lint_pack(folder: Path | None) -> LintReport:
    """Lint the pack in `folder` (over the built-in one), or the built-in pack for None."""
    _forget_cached_packs()  # a linter reads the files as they are now
    try:
        pack = template_pack(folder)
    except TemplateError as error:  # the manifest itself is wrong
        report = LintReport(pack=str(folder), folder=folder or builtin_pack().roots[0])
        report.add("manifest", error.problems)
        return report
    own_root = pack.roots[0]
    report = LintReport(pack=pack.label, folder=own_root)
    _lint_contents(report, pack, own_root)
    lint_examples(report, pack, example_specs(pack))
    return report


def _lint_contents(report: LintReport, pack: TemplatePack, own_root: Path) -> None:
    from coopfound.founding import blocks
    from coopfound.founding.letters import document_template, pack_documents
    from coopfound.rules import word as rules_word
    from coopfound.rules.rulebook import ORDERS, load_rulebook_template

    sources = Sources(report, pack.roots)
    rule_files = sources.templates(own_root, "rules")
    letter_files = sources.templates(own_root, "letters")
    report.templates = len(rule_files) + len(letter_files)
    try:
        book = load_rulebook_template(pack)
    except TemplateError as error:
        report.add("manifest", error.problems)
        book = None
    try:
        orders = load_rulebook_template(pack, ORDERS)
    except TemplateError as error:
        report.add("manifest", error.problems)
        orders = None
    try:
        entries, documents_read = pack_documents(pack), True
    except TemplateError as error:
        report.add("manifest", error.problems)
        entries, documents_read = (), False
    document_paths = []
    for entry in entries:
        try:
            document_paths.append(document_template(pack, entry))
        except TemplateError as error:
            report.add("manifest", error.problems)
    if book is not None:
        lint_rule_templates(report, pack, book, rule_files, own_root, sources, orders)
    lint_document_templates(
        report, pack, {e.template: e.per_class for e in entries},
        {e.template: e.when for e in entries if e.when}, letter_files, own_root / "letters",
        sources)
    shells = [("rules", "rules/rules.docx", rules_word.SHELL_NAMES)]
    shells += [("letters", shell, blocks.SHELL_NAMES) for shell in blocks.STYLE_SHELLS.values()]
    for folder, relative, names in shells:
        if (own_root / relative).is_file():
            report.shells += 1
            lint_shell(report, pack, folder, own_root / relative, names)
    if book is not None:
        lint_coverage(report, book, pack.find("rules/rulebook.yaml"))
        lint_declared_matters(report, pack, book)
        lint_references(report, pack, book, document_paths, sources, orders)
        lint_unused(report, pack, own_root, [c.template_name for c in book.clauses()]
                    + ([c.template_name for c in orders.clauses()] if orders else []),
                    {e.template for e in entries} if documents_read else None, sources)


def _forget_cached_packs() -> None:
    from coopfound.founding.letters import pack_documents
    from coopfound.rules.rulebook import load_rulebook_template
    from coopfound.templating.environment import environment
    from coopfound.templating.packs import _custom_pack

    for cached in (_custom_pack, load_rulebook_template, pack_documents, environment):
        cached.cache_clear()
