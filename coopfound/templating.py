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

from coopfound.errors import Problem, TemplateError

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


@cache
def environment(root: Path, *, xml: bool = False) -> jinja2.Environment:
    """The strict environment over one template folder (cached: building it is not free).

    `xml=True` gives a twin that escapes what it prints, for docxtpl, which writes into
    Word's XML. They are separate objects because docxtpl switches autoescape on in the
    environment it is given, and Markdown must not be escaped.
    """
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(root)),
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
    try:
        return env.get_template(name).render(context)
    except jinja2.TemplateSyntaxError as error:
        raise TemplateError(Problem(
            f"template syntax error: {error.message}",
            file=Path(error.filename or name), line=error.lineno,
            hint="fix the template; `coopfound` cannot render it")) from None
    except (jinja2.UndefinedError, EmptyValueError, jinja2.TemplateRuntimeError) as error:
        raise template_failure(error, name) from None


def render_string(env: jinja2.Environment, source: str, context: dict[str, Any],
                  origin: str) -> str:
    try:
        return env.from_string(source).render(context)
    except jinja2.TemplateSyntaxError as error:
        raise TemplateError(Problem(f"template syntax error: {error.message}",
                                    file=Path(origin), line=error.lineno)) from None
    except (jinja2.UndefinedError, EmptyValueError, jinja2.TemplateRuntimeError) as error:
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
    if isinstance(error, jinja2.UndefinedError):
        message = f"undefined variable: {message}"
    return TemplateError(Problem(
        message, file=file, line=line,
        hint="every value a template prints must exist in the spec and must not be empty"))
