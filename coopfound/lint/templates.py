"""Syntax and variables: every template in the pack parses and uses only what it is given."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import jinja2

from coopfound.errors import Problem, TemplateError
from coopfound.lint.contexts import (
    document_shapes,
    interpretation_shapes,
    order_shapes,
    rule_shapes,
)
from coopfound.lint.findings import LintReport
from coopfound.lint.sources import Sources
from coopfound.lint.variables import unresolved
from coopfound.rules.rulebook import (
    INTERPRETATION_ID,
    ORDERS,
    RulebookTemplate,
    clause_template_name,
)
from coopfound.templating.pack_files import confined
from coopfound.templating.packs import TemplatePack

VARIABLE_HINT = ("use only names the spec provides: `coopfound schema` lists the spec's"
                 " fields; see 'Template packs' in the README for the other names")


def lint_source(report: LintReport, env: jinja2.Environment, source: str, file: Path,
                shapes: Mapping[str, Any], *, first_line: int = 1) -> None:
    """Report a syntax error, or each unresolved name, in one template source."""
    try:
        found = unresolved(env, source, shapes)
    except jinja2.TemplateSyntaxError as error:
        report.add("syntax", Problem(f"template syntax error: {error.message}", file=file,
                                     line=(error.lineno or 1) + first_line - 1,
                                     hint="fix the Jinja tag on this line"))
        return
    except RecursionError:
        report.add("syntax", Problem("this template nests too deeply to be read", file=file,
                                     hint="a template that nests hundreds of tags or"
                                          " brackets inside each other cannot be rendered"
                                          " either"))
        return
    for item in found:
        report.add("variable", Problem(item.message, file=file,
                                       line=item.line + first_line - 1, hint=VARIABLE_HINT))


def lint_rule_templates(report: LintReport, pack: TemplatePack, book: RulebookTemplate,
                        files: Iterable[Path], own_root: Path, sources: Sources,
                        orders: RulebookTemplate | None = None) -> None:
    """Rule clauses and standing orders, their `when:` conditions and, if the pack has
    them, the definitions."""
    env = pack.environment("rules")
    listed = {clause.path: clause for clause in book.clauses()}
    order_paths = {clause.path for clause in orders.clauses()} if orders else set()
    orders_folder = own_root / "rules" / ORDERS.folder
    interpretation = clause_template_name(INTERPRETATION_ID).rsplit("/", 1)[-1]
    for path in files:
        if path in order_paths or path.is_relative_to(orders_folder):
            shapes = order_shapes()
        elif path.name == interpretation:
            shapes = interpretation_shapes()
        else:
            shapes = rule_shapes()
        source = sources.text(path)
        if source is None:
            continue
        lint_source(report, env, source, path, shapes)
        clause = listed.get(path) or (
            next((c for c in orders.clauses() if c.path == path), None) if orders else None)
        if clause is not None and clause.when:
            lint_source(report, env, f"{{{{ {clause.when} }}}}", path, rule_shapes())
    definitions = book.definitions_path
    if definitions is not None and definitions.is_relative_to(own_root):
        for entry in book.definitions:
            lint_source(report, env, entry.meaning, definitions, rule_shapes())


def lint_document_templates(report: LintReport, pack: TemplatePack,
                            per_class: Mapping[str, bool], whens: Mapping[str, str],
                            files: Iterable[Path], folder: Path, sources: Sources) -> None:
    """Documents get the pack context; helpers (_common.j2) are given the fullest one."""
    env = pack.environment("letters")
    for path in files:
        name = path.relative_to(folder).as_posix()
        shapes = document_shapes(per_class=per_class.get(name, True))
        source = sources.text(path)
        if source is None:
            continue
        lint_source(report, env, source, path, shapes)
        if name in whens:
            lint_source(report, env, f"{{{{ {whens[name]} }}}}", path,
                        document_shapes(per_class=False))


def lint_shell(report: LintReport, pack: TemplatePack, folder: str, path: Path,
               names: frozenset[str]) -> None:
    """A Word shell may use only the names coopfound gives it."""
    from coopfound.output.word import open_shell

    env = pack.environment(folder, xml=True)
    try:
        confined(path, pack.roots[0])
        used = open_shell(path).get_undeclared_template_variables(env)
    except TemplateError as error:  # a link out of the pack, too large, or damaged
        report.add("file", error.problems)
        return
    except jinja2.TemplateSyntaxError as error:
        report.add("syntax", Problem(f"template syntax error in the Word text: {error.message}",
                                     file=path, hint="open the shell in Word and fix the tag"))
        return
    except Exception as error:  # not a Word file at all, or a damaged one
        report.add("manifest", Problem(f"cannot open this Word shell: {error}", file=path,
                                       hint="save it again from Word as a .docx file"))
        return
    for name in sorted(used - names - set(env.globals)):
        report.add("variable", Problem(
            f"'{name}' is not given to this Word shell (it is given:"
            f" {', '.join(sorted(names))})", file=path, hint=VARIABLE_HINT))
