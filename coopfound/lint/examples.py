"""Every example spec, checked and rendered in memory with the pack.

Rendering finds what reading cannot: a value that is empty for one co-op, a reference to a
clause these rules leave out. What the static checks have already located is not repeated.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from coopfound.errors import CoopfoundError, Problem, TemplateError
from coopfound.lint.findings import LintReport
from coopfound.templating.pack_files import confined
from coopfound.templating.packs import TemplatePack

#: Check codes whose findings the static checks report, located at the template.
_STATIC_CODES = frozenset({"CF201", "CF202"})


def _place(file: Path | None, line: int | None) -> tuple[Path | None, int | None]:
    return (file.resolve() if file else None, line)


def lint_examples(report: LintReport, pack: TemplatePack, specs: Sequence[Path]) -> None:
    """Render each example; the same fault met by several examples is one finding."""
    from coopfound.checks.run import run_checks
    from coopfound.publish.render import render_everything
    from coopfound.spec.loader import load_spec

    located = {_place(f.problem.file, f.problem.line) for f in report.findings}
    referenced = {_place(f.problem.file, None) for f in report.findings
                  if f.kind == "reference"}
    failures: dict[Problem, list[str]] = {}

    shells = {_place(f.problem.file, None) for f in report.findings
              if f.problem.file and f.problem.file.suffix == ".docx"}

    def fail(problem: Problem, spec: Path) -> None:
        if problem.file and problem.file.suffix == ".docx" and _place(problem.file,
                                                                     None) in shells:
            return  # a Word shell's fault, already reported without a line
        if _place(problem.file, problem.line) not in located:
            failures.setdefault(problem, []).append(spec.name)

    for spec in specs:
        root = pack.custom_root
        if root is not None and spec.is_relative_to(root):
            try:
                confined(spec, root)
            except TemplateError as link:  # never read, never quoted in a finding
                report.add("file", link.problems)
                continue
        report.examples += 1
        try:
            checked = run_checks(load_spec(spec), pack)
            for error in checked.errors:
                if error.code in _STATIC_CODES:
                    continue
                fail(Problem(f"{error.message} ({error.code})", file=spec,
                             line=checked.loaded.positions.line_for(error.path)
                             if error.path else None, hint=error.fix), spec)
            if (not any(f.kind == "coverage" for f in report.findings)
                    and any(e.code == "CF201" for e in checked.errors)):
                fail(Problem("the rules for this example leave a section 14 matter"
                             " uncovered (CF201)", file=spec,
                             hint="run `coopfound check` on it with --templates"), spec)
            for problem in checked.rulebook.broken_references:
                if _place(problem.file, None) not in referenced:
                    fail(problem, spec)
            if checked.ok:
                render_everything(checked, pack)
        except CoopfoundError as error:
            for problem in error.problems:
                fail(Problem(problem.message, file=problem.file or spec, line=problem.line,
                             hint=problem.hint), spec)
        except Exception as error:  # never a traceback from the linter
            fail(Problem(f"rendering failed: {type(error).__name__}: {error}", file=spec,
                         hint="render this example alone with --templates to see where;"
                              " if coopfound is at fault, please report it"),
                 spec)
    for problem, names in failures.items():
        report.add("example", Problem(
            f"{problem.message} (rendering {', '.join(names)})", file=problem.file,
            line=problem.line, hint=problem.hint))


def example_specs(pack: TemplatePack) -> list[Path]:
    """coopfound's own examples, then the pack's (its manifest's `examples` globs)."""
    from coopfound.templating.paths import examples_dir

    specs = sorted(examples_dir().glob("*.yaml"))
    root = pack.custom_root
    if root is not None:
        for pattern in pack.manifest.examples:
            specs += sorted(path for path in root.glob(pattern) if path.is_file())
    return specs
