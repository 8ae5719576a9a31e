"""Where coopfound's own templates and example specs are, in a checkout or a wheel."""

from __future__ import annotations

from pathlib import Path

from coopfound.errors import TemplateError

# The package root: a wheel carries templates/ and examples/ inside it (pyproject's
# force-include); a checkout has them beside it, at the repository root.
_PACKAGE_DIR = Path(__file__).resolve().parent.parent


def templates_dir() -> Path:
    """The built-in templates: inside the package in a wheel, at the repo root in a checkout."""
    for candidate in (_PACKAGE_DIR / "templates", _PACKAGE_DIR.parent / "templates"):
        if (candidate / "rules" / "rulebook.yaml").is_file():
            return candidate
    raise TemplateError(
        "coopfound's templates are missing from this installation",
        hint="reinstall coopfound (pip install --force-reinstall coopfound)",
    )


def examples_dir() -> Path:
    """coopfound's example specs: inside the package in a wheel, at the repo root otherwise."""
    for candidate in (_PACKAGE_DIR / "examples", _PACKAGE_DIR.parent / "examples"):
        if candidate.is_dir():
            return candidate
    raise TemplateError("coopfound's example specs are missing from this installation",
                        hint="reinstall coopfound (pip install --force-reinstall coopfound)")
