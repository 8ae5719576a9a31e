"""Every example spec, checked and rendered in memory with the pack."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from coopfound.errors import CoopfoundError, Problem
from coopfound.lint.findings import LintReport
from coopfound.packs import TemplatePack


def lint_examples(report: LintReport, pack: TemplatePack, specs: Sequence[Path]) -> None:
    """Render each example; the same template fault met by several examples is one finding."""
    from coopfound.checks import run_checks
    from coopfound.loader import load_spec
    from coopfound.render import render_everything

    failures: dict[Problem, list[str]] = {}
    for spec in specs:
        report.examples += 1
        try:
            checked = run_checks(load_spec(spec), pack)
            for error in checked.errors:
                failures.setdefault(Problem(
                    f"{error.message} ({error.code})", file=spec,
                    line=checked.loaded.positions.line_for(error.path) if error.path else None,
                    hint=error.fix), []).append(spec.name)
            if not checked.errors:
                render_everything(checked, pack)
        except CoopfoundError as error:
            for problem in error.problems:
                failures.setdefault(Problem(problem.message, file=problem.file or spec,
                                            line=problem.line, hint=problem.hint),
                                    []).append(spec.name)
    for problem, names in failures.items():
        report.add("example", Problem(
            f"{problem.message} (rendering {', '.join(names)})", file=problem.file,
            line=problem.line, hint=problem.hint))


def example_specs(pack: TemplatePack) -> list[Path]:
    """coopfound's own examples, then the pack's (its manifest's `examples` globs)."""
    from coopfound.templating import examples_dir

    specs = sorted(examples_dir().glob("*.yaml"))
    root = pack.custom_root
    if root is not None:
        for pattern in pack.manifest.examples:
            specs += sorted(path for path in root.glob(pattern) if path.is_file())
    return specs
