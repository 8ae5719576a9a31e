"""`coopfound templates lint`: check a template pack as strictly as `check` checks a spec."""

from coopfound.lint.findings import LintFinding, LintReport
from coopfound.lint.run import lint_pack

__all__ = ["LintFinding", "LintReport", "lint_pack"]
