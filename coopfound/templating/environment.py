"""The Jinja environment every coopfound template renders in.

One environment for every document and format, so a rule reads the same in Markdown and
in Word. It is strict in two ways: an undefined name is an error (`StrictUndefined`), and
so is printing `None` or an empty string (`finalize`), because a blank where a legal fact
belongs is worse than no document at all.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import jinja2

from coopfound.templating.cache import bytecode_cache
from coopfound.templating.compiled import CompiledSourceCache
from coopfound.templating.filters import FILTERS, EmptyValueError
from coopfound.templating.sandbox import ConfinedLoader, SandboxedStrictEnvironment


def _finalize(value: Any) -> Any:
    if value is None or (isinstance(value, str) and not value.strip()):
        raise EmptyValueError(f"a value printed here is empty ({value!r})")
    return value


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
    kind = SandboxedStrictEnvironment if sandboxed else StrictEnvironment
    env = kind(
        loader=ConfinedLoader([str(folder) for folder in folders]),
        undefined=jinja2.StrictUndefined,
        finalize=_finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=xml,
        bytecode_cache=bytecode_cache(sandboxed=sandboxed, xml=xml),
    )
    env.filters.update(FILTERS)
    return env
