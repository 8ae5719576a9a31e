"""What a pack says about itself: s.14 coverage, declared matters, references, unused files."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

import jinja2
from jinja2 import nodes

from coopfound.errors import Problem
from coopfound.lint.findings import LintReport
from coopfound.lint.sources import Sources
from coopfound.rules.rulebook import ClauseTemplate, RulebookTemplate
from coopfound.spec.matters import MATTERS
from coopfound.templating.packs import TemplatePack


def lint_coverage(report: LintReport, book: RulebookTemplate, rulebook_path: Path) -> None:
    """Every s.14 matter is declared by some rule template in the rule book."""
    declared = {matter for clause in book.clauses() for matter in clause.matters}
    for matter in MATTERS:
        if matter.id not in declared:
            report.add("coverage", Problem(
                f"no rule template covers {matter.id} ({matter.title}): {matter.requirement}",
                file=rulebook_path, hint="list a clause that covers it, and declare the"
                                         " matter in pack.yaml under `rules:`"))


def lint_declared_matters(report: LintReport, pack: TemplatePack,
                          book: RulebookTemplate) -> None:
    """A custom pack says, in its manifest, which matters each of its rule templates covers."""
    if pack.custom_root is None:
        return
    declared = pack.manifest.rules
    for clause in book.clauses():
        if not pack.provides(f"rules/{clause.template_name}"):
            continue
        setting = declared.get(clause.id)
        if setting is None:
            report.add("matters", Problem(
                f"pack.yaml does not say which s.14 matters '{clause.id}' covers",
                file=clause.path, line=1,
                hint=f"add to pack.yaml: rules: {{{clause.id}: {{matters:"
                     f" [{', '.join(clause.header_matters or ())}]}}}}"))
        elif (clause.header_matters is not None
              and set(clause.header_matters) != set(setting.matters)):
            report.add("matters", Problem(
                f"the header says {list(clause.header_matters)} but pack.yaml says"
                f" {list(setting.matters)}", file=clause.path, line=1,
                hint="make them agree (pack.yaml is the one coopfound uses)"))
    listed = {clause.id for clause in book.clauses()}
    for clause_id in sorted(set(declared) - listed):
        report.add("matters", Problem(
            f"pack.yaml declares matters for '{clause_id}', which the rule book does not list",
            file=pack.manifest_path, field=f"rules.{clause_id}",
            hint="check the clause id against rules/rulebook.yaml"))


def _calls(source: str, env: jinja2.Environment,
           functions: frozenset[str]) -> Iterable[tuple[str, str, int]]:
    """(function, first argument, line) of each call like ref("board.term") in a source."""
    try:
        tree = env.parse(source)
    except (jinja2.TemplateSyntaxError, RecursionError):
        return  # reported by the syntax check
    for call in tree.find_all(nodes.Call):
        if (isinstance(call.node, nodes.Name) and call.node.name in functions and call.args
                and isinstance(call.args[0], nodes.Const)
                and isinstance(call.args[0].value, str)):
            yield call.node.name, call.args[0].value, call.lineno


def lint_references(report: LintReport, pack: TemplatePack, book: RulebookTemplate,
                    document_templates: Iterable[Path], sources: Sources,
                    orders: RulebookTemplate | None = None) -> None:
    """ref("clause.label") in rules and standing orders, rule("clause.label") in standing
    orders and rule("clause") in documents name real places."""
    clauses: dict[str, ClauseTemplate] = {c.id: c for c in book.clauses()}
    env = pack.environment("rules")
    checks = [(clauses.values(), "ref", clauses, "the rule book")]
    if orders is not None:
        order_clauses = {c.id: c for c in orders.clauses()}
        checks += [(order_clauses.values(), "ref", order_clauses, "the standing orders"),
                   (order_clauses.values(), "rule", clauses, "the rule book")]
    for citing, function, targets, book_name in checks:
        for clause in citing:
            for _, target, line in _calls(sources.text(clause.path) or "", env,
                                          frozenset({function})):
                problem = _reference_problem(target, targets, sources, function, book_name)
                if problem:
                    report.add("reference", Problem(problem, file=clause.path, line=line,
                                                    hint="see rules/README.md on references"))
    letters_env = pack.environment("letters")
    for path in document_templates:
        for function, target, line in _calls(sources.text(path) or "", letters_env,
                                             frozenset({"rule", "has_rule"})):
            if target not in clauses:
                report.add("reference", Problem(
                    f"{function}('{target}') names a clause the rule book does not list",
                    file=path, line=line, hint="use a clause id from rules/rulebook.yaml"))


def _reference_problem(target: str, clauses: dict[str, ClauseTemplate], sources: Sources,
                       function: str = "ref", book_name: str = "the rule book") -> str | None:
    clause_id, _, label = target.partition(".")
    if clause_id not in clauses:
        return f"{function}('{target}') names a clause {book_name} does not list"
    if label:
        source = sources.text(clauses[clause_id].path) or ""
        if not re.search(rf"@{re.escape(label)}\b", source):
            return (f"{function}('{target}'): clause '{clause_id}' has no paragraph"
                    f" labelled @{label}")
    return None
