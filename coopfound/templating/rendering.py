"""Render one template, turning any failure into a `TemplateError` with file and line."""

from __future__ import annotations

import re
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2
from jinja2.exceptions import SecurityError

from coopfound.errors import CoopfoundError, Problem, TemplateError
from coopfound.templating.sandbox import time_limited
from coopfound.templating.whereabouts import rendering, watched


def render_template(env: jinja2.Environment, name: str, context: dict[str, Any]) -> str:
    """Render one template, turning any Jinja failure into a located `TemplateError`."""
    with rendering(template_path(env, name) if watched() else name):
        return _render_located(env, name, lambda: env.get_template(name).render(context))


def template_path(env: jinja2.Environment, name: str) -> str:
    """The file a template name is loaded from, to name it in an error; else the name."""
    for folder in getattr(env.loader, "searchpath", ()):
        candidate = Path(folder, *name.split("/"))
        if candidate.is_file():
            return str(candidate)
    return name


def render_string(env: jinja2.Environment, source: str, context: dict[str, Any],
                  origin: str) -> str:
    with rendering(origin):
        return _render_located(env, origin, lambda: env.from_string(source).render(context))


def _render_located(env: jinja2.Environment, origin: str, render: Callable[[], str]) -> str:
    """Run a render under the sandbox's time limit; any failure becomes a TemplateError
    naming the template file and line (a pack's own mistake, e.g. {{ 1 + "a" }}, too)."""
    try:
        with time_limited(env):
            return render()
    except CoopfoundError:
        raise
    except jinja2.TemplateSyntaxError as error:
        raise TemplateError(Problem(
            f"template syntax error: {error.message}",
            file=Path(error.filename or origin), line=error.lineno,
            hint="fix the template; `coopfound` cannot render it")) from None
    except Exception as error:
        raise template_failure(error, origin) from None


def template_failure(error: Exception, name: str) -> TemplateError:
    """Name the template file and line where a render failed, from Jinja's rewritten frames."""
    file, line = Path(name), None
    for frame in reversed(traceback.extract_tb(error.__traceback__)):
        if frame.filename.endswith(".j2") or frame.filename.endswith(".docx"):
            file, line = Path(frame.filename), frame.lineno
            break
        if frame.filename == "<template>":
            line = frame.lineno
            break
    message = str(error)
    hint = "every value a template prints must exist in the spec and must not be empty"
    if isinstance(error, jinja2.TemplateSyntaxError):
        message = f"template syntax error: {error.message}"
        hint = "fix the Jinja tag on this line"
    elif isinstance(error, jinja2.TemplateNotFound):
        message = (message if " " in message
                   else f"template not found: {message} (a template includes only other"
                        " templates of the pack, by their names)")
        hint = "check the name in the import or include tag"
    elif isinstance(error, SecurityError):
        hint = ("a template from a pack may read only the data it is given, and may not run"
                " for long or build enormous values")
    elif isinstance(error, MemoryError):
        message = "the template tried to use more memory than coopfound allows"
        hint = "look for a loop or a filter that builds a very large value"
    elif not isinstance(error, jinja2.TemplateError):
        message = f"{type(error).__name__}: {message}"
    if isinstance(error, jinja2.UndefinedError):
        missing = _MISSING_IN_RECORD.search(message)
        if missing:  # Jinja names the type; the template's author knows the spec's fields
            message = f"the spec's data has no '{missing.group(1)}' here"
            hint = ("a template is given the spec as data, not as objects with methods;"
                    " `coopfound schema` lists every field")
        else:
            message = f"undefined variable: {message}"
    return TemplateError(Problem(message, file=file, line=line, hint=hint))


_MISSING_IN_RECORD = re.compile(r"'[\w.]*Record object' has no attribute '([^']*)'")


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def check_printable(text: str, origin: Path) -> None:
    """Refuse rendered text holding a control character: Word's XML cannot hold one, and
    it would print as nothing or a box (spec values are refused such characters, so
    only a template can put one here)."""
    found = _CONTROL.search(text)
    if found:
        raise TemplateError(Problem(
            f"the rendered text holds the control character {found.group()!r}",
            file=origin, line=text[: found.start()].count("\n") + 1,
            hint="remove it from the template"))
