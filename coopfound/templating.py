"""The Jinja environment every coopfound template renders in, and where templates live.

One environment for every document and format, so a rule reads the same in Markdown and
in Word. It is strict in two ways: an undefined name is an error (`StrictUndefined`), and
so is printing `None` or an empty string (`finalize`), because a blank where a legal fact
belongs is worse than no document at all.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable, Iterable
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
import jinja2.nodes
import jinja2.runtime
from jinja2.exceptions import SecurityError

from coopfound.errors import CoopfoundError, Problem, TemplateError

_PACKAGE_DIR = Path(__file__).resolve().parent


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


class EmptyValueError(jinja2.TemplateRuntimeError):
    """A template printed None or an empty string where a value belongs."""


def _finalize(value: Any) -> Any:
    if value is None or (isinstance(value, str) and not value.strip()):
        raise EmptyValueError(f"a value printed here is empty ({value!r})")
    return value


_WORDS = (
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen", "twenty",
)


def money(amount: Decimal | int | float) -> str:
    """£1, £0.50, £100,000: pence only when there are any."""
    value = Decimal(str(amount))
    if value == value.to_integral_value():
        return f"£{int(value):,}"
    return f"£{value:,.2f}"


def pct(amount: Decimal | int | float) -> str:
    value = Decimal(str(amount)).normalize()
    text = f"{value:f}"
    return f"{text}%"


def words(number: int) -> str:
    return _WORDS[number] if 0 <= number < len(_WORDS) else str(number)


def _join(items: Iterable[Any], conjunction: str) -> str:
    texts = [str(item) for item in items]
    if not texts:
        raise EmptyValueError(f"an empty list was joined with '{conjunction}'")
    if len(texts) == 1:
        return texts[0]
    return ", ".join(texts[:-1]) + f" {conjunction} " + texts[-1]


def and_list(items: Iterable[Any]) -> str:
    return _join(items, "and")


def or_list(items: Iterable[Any]) -> str:
    return _join(items, "or")


def lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


FILTERS: dict[str, Callable[..., str]] = {
    "money": money,
    "pct": pct,
    "words": words,
    "and_list": and_list,
    "or_list": or_list,
    "lower_first": lower_first,
}


class FreshModuleTemplate(jinja2.Template):
    """A template whose imports are never shared between renders.

    Jinja keeps the module of a template imported without context for the life of the
    environment, and environments live for a whole batch: state a template keeps there (a
    `namespace`) would carry one co-op's data into the next co-op's documents.
    """

    def _get_default_module(self, ctx: Any = None) -> Any:
        self._module = None
        return super()._get_default_module(ctx)


class CompiledSourceCache(jinja2.Environment):
    """Compile each template source once per environment, not once per render.

    docxtpl hands the Word shell's whole XML to `from_string` on every render, and Jinja
    compiles a string afresh each time: with ~20 Word files per pack, compiling the same
    two shells took a third of a render. The sources are few (the shells' body, header,
    footer and properties), so the cache stays small.
    """

    template_class = FreshModuleTemplate
    _LIMIT = 256

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._compiled: dict[str, jinja2.Template] = {}

    def from_string(self, source: str | jinja2.nodes.Template,
                    globals: Any = None, template_class: Any = None) -> jinja2.Template:
        if globals is not None or template_class is not None or not isinstance(source, str):
            return super().from_string(source, globals, template_class)
        template = self._compiled.get(source)
        if template is None:
            if len(self._compiled) >= self._LIMIT:
                self._compiled.clear()
            template = self._compiled[source] = super().from_string(source)
        return template


class StrictEnvironment(CompiledSourceCache):
    """The environment of coopfound's own templates."""


@cache
def environment(folders: tuple[Path, ...], *, sandboxed: bool = False,
                xml: bool = False) -> jinja2.Environment:
    """The strict environment over template folders searched in order (cached per set).

    `xml=True` gives a twin that escapes what it prints, for docxtpl, which writes into
    Word's XML. They are separate objects because docxtpl switches autoescape on in the
    environment it is given, and Markdown must not be escaped.
    """
    from coopfound.sandbox import ConfinedLoader, SandboxedStrictEnvironment

    kind = SandboxedStrictEnvironment if sandboxed else StrictEnvironment
    env = kind(
        loader=ConfinedLoader([str(folder) for folder in folders]),
        undefined=jinja2.StrictUndefined,
        finalize=_finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=xml,
    )
    env.filters.update(FILTERS)
    return env


def render_template(env: jinja2.Environment, name: str, context: dict[str, Any]) -> str:
    """Render one template, turning any Jinja failure into a located `TemplateError`."""
    return _render_located(env, name, lambda: env.get_template(name).render(context))


def render_string(env: jinja2.Environment, source: str, context: dict[str, Any],
                  origin: str) -> str:
    return _render_located(env, origin, lambda: env.from_string(source).render(context))


def _render_located(env: jinja2.Environment, origin: str, render: Callable[[], str]) -> str:
    """Run a render under the sandbox's time limit; any failure becomes a TemplateError
    naming the template file and line (a pack's own mistake, e.g. {{ 1 + "a" }}, too)."""
    from coopfound.sandbox import time_limited

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
        message = f"undefined variable: {message}"
    return TemplateError(Problem(message, file=file, line=line, hint=hint))
