"""How templates that did not ship with coopfound are kept to the data they are given.

A development body's pack may come from anywhere. Its templates are given plain data
(`templating.data`) and render in Jinja's immutable sandbox, narrowed further: a template
may call coopfound's helpers, its own macros, Jinja's loop helpers and a short list of
methods that read text, dates and mappings (`SAFE_METHODS`), and nothing else. It loads
only files inside the pack's folders, and is stopped if it builds enormous values or runs
too long. The sandbox keeps a template away from files and code; it cannot make a hostile
pack cheap to run, which is why the process is also capped (see `limit_memory`).
"""

from __future__ import annotations

import math
import os
import re
import signal
import string
import threading
import types
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

import jinja2
import jinja2.runtime
from jinja2.exceptions import SecurityError
from jinja2.loaders import split_template_path
from jinja2.runtime import BlockReference, LoopContext, Macro
from jinja2.sandbox import ImmutableSandboxedEnvironment, safe_range
from jinja2.utils import Cycler, Joiner, Namespace

from coopfound.templating.compiled import CompiledSourceCache
from coopfound.templating.data import TemplateHelper

#: The largest text or list a template may build in one step.
MAX_SIZE = 1_000_000
#: How long one template may run (COOPFOUND_TEMPLATE_SECONDS changes it).
RENDER_SECONDS = 20
#: The address space a process rendering an untrusted pack may use, in MB
#: (COOPFOUND_MEMORY_MB changes it).
MEMORY_MB = 4096
_WIDTH = re.compile(r"%[-#0 +]*(\d+)")
#: [[fill]align][sign][#][0][width] at the start of a format spec.
_SPEC_WIDTH = re.compile(r"(?:.?[<>=^])?[-+ ]?#?0?(\d*)")


#: The methods a template from a pack may call, by the type of the object they belong to:
#: each reads text, a date or a mapping, changes nothing and builds nothing large. Methods
#: that pad text to a width (center, ljust, zfill, ...) are left out: a width is a size.
SAFE_METHODS: dict[type, frozenset[str]] = {
    str: frozenset({
        "capitalize", "casefold", "count", "endswith", "find", "format", "format_map",
        "isalnum", "isalpha", "isdecimal", "isdigit", "islower", "isnumeric", "isspace",
        "istitle", "isupper", "join", "lower", "lstrip", "partition", "removeprefix",
        "removesuffix", "replace", "rfind", "rpartition", "rsplit", "rstrip", "split",
        "splitlines", "startswith", "strip", "swapcase", "title", "upper"}),
    Mapping: frozenset({"get", "items", "keys", "values"}),
    date: frozenset({"isoformat", "isoweekday", "strftime", "weekday"}),
    LoopContext: frozenset({"changed", "cycle"}),
    Cycler: frozenset({"next", "reset"}),
}
#: Callables a template may call whole: its macros and blocks, coopfound's helpers, and
#: Jinja's own `joiner()` objects.
SAFE_CALLABLE_TYPES = (TemplateHelper, Macro, BlockReference, Joiner)
#: Jinja's global functions that stay: `lipsum` goes, as it writes as much text as asked.
SAFE_GLOBALS = {"range": safe_range, "dict": dict, "cycler": Cycler, "joiner": Joiner,
                "namespace": Namespace}


def is_allowed_call(target: Any) -> bool:
    """Whether a template from a pack may call `target` (see SAFE_METHODS)."""
    if isinstance(target, SAFE_CALLABLE_TYPES):
        return True
    if any(target is allowed for allowed in SAFE_GLOBALS.values()):
        return True
    if not isinstance(target, types.MethodType | types.BuiltinMethodType):
        return False
    owner, name = target.__self__, target.__name__
    if isinstance(owner, type | types.ModuleType):  # class methods, builtin functions
        return False
    return any(isinstance(owner, kind) and name in names
               for kind, names in SAFE_METHODS.items())


def describe_call(target: Any) -> str:
    name = getattr(target, "__qualname__", None) or getattr(target, "__name__", None)
    return f"{name}()" if isinstance(name, str) else f"a {type(target).__name__}"


def _size(value: Any) -> int:
    if isinstance(value, str | bytes):
        return len(value)
    if isinstance(value, list | tuple):
        return len(value) + sum(len(v) for v in value if isinstance(v, str | bytes))
    return 0


def _refuse(what: str) -> SecurityError:
    return SecurityError(f"{what} is not allowed in a template pack")


class SandboxedStrictEnvironment(CompiledSourceCache, ImmutableSandboxedEnvironment):
    """The environment of templates that did not ship with coopfound."""

    intercepted_binops = frozenset({"*", "**", "%"})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.globals.pop("lipsum", None)
        self.globals.update(SAFE_GLOBALS)
        for name in ("center", "indent"):
            self.filters[name] = _width_capped(self.filters[name])
        self.filters["format"] = _format_capped(self.filters["format"])

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        """str.format and format_map: refuse huge widths, as `%` and `format` do."""
        wrapped = super().wrap_str_format(value)
        if wrapped is None:
            return None
        _check_brace_widths(value.__self__)
        return TemplateHelper(wrapped, value.__name__)

    def is_safe_callable(self, obj: Any) -> bool:
        return super().is_safe_callable(obj) and is_allowed_call(obj)

    def call(__self, __context: jinja2.runtime.Context, __obj: Any,
             *args: Any, **kwargs: Any) -> Any:
        """Call what the template may call; name anything else in the error."""
        if not __self.is_safe_callable(__obj):
            raise SecurityError(f"a template from a pack may not call {describe_call(__obj)}")
        return __context.call(__obj, *args, **kwargs)

    def call_binop(self, context: jinja2.runtime.Context, operator: str, left: Any,
                   right: Any) -> Any:
        if (operator == "**" and isinstance(left, int | float) and isinstance(right, int | float)
                and abs(left) > 1 and right * math.log10(abs(left)) > 1000):
            raise _refuse("a power this large")
        if operator == "*":
            count = next((v for v in (left, right) if isinstance(v, int)), 0)
            size = max(_size(left), _size(right))
            if size and count * size > MAX_SIZE:
                raise _refuse("a repeated text or list this long")
        if operator == "%" and isinstance(left, str):
            _check_widths(left)
            if "*" in left:  # '%0*d' % (width, value): the width is an argument
                values = right if isinstance(right, tuple) else (right,)
                if any(isinstance(v, int) and v > MAX_SIZE for v in values):
                    raise _refuse("a format width this large")
        return super().call_binop(context, operator, left, right)


def _check_widths(text: str) -> None:
    if any(int(width) > MAX_SIZE for width in _WIDTH.findall(text)):
        raise _refuse("a format width this large")


def _check_brace_widths(text: str) -> None:
    """Widths in '{:x>100000000}' style fields, nested fields included."""
    pending = [text]
    while pending:
        try:
            fields = list(string.Formatter().parse(pending.pop()))
        except ValueError:  # not a valid format string: str.format will say so
            return
        for _, _, spec, _ in fields:
            if not spec:
                continue
            match = _SPEC_WIDTH.match(spec)
            if match and match.group(1) and int(match.group(1)) > MAX_SIZE:
                raise _refuse("a format width this large")
            pending.append(spec)


def _width_capped(original: Callable[..., Any]) -> Callable[..., Any]:
    def capped(value: Any, width: Any = 80, *args: Any, **kwargs: Any) -> Any:
        if isinstance(width, int) and width > MAX_SIZE:
            raise _refuse("a width this large")
        return original(value, width, *args, **kwargs)

    return capped


def _format_capped(original: Callable[..., Any]) -> Callable[..., Any]:
    def capped(value: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(value, str):
            _check_widths(value)
        return original(value, *args, **kwargs)

    return capped


class ConfinedLoader(jinja2.FileSystemLoader):
    """Load templates from the given folders only, never through a link out of the pack.

    The check is made before the file is read, against the pack's own folder (the parent
    of `rules/` or `letters/`), so a linked `letters/` folder cannot widen it.
    """

    def get_source(self, environment: jinja2.Environment,
                   template: str) -> tuple[str, str, Callable[[], bool]]:
        pieces = split_template_path(template)
        for folder in self.searchpath:
            candidate = Path(folder, *pieces)
            if candidate.is_file():
                pack_root = Path(folder).parent.resolve()
                if not candidate.resolve().is_relative_to(pack_root):
                    raise jinja2.TemplateNotFound(
                        template, f"{template} links to a file outside the template pack")
                break
        return super().get_source(environment, template)


_deadline_active = threading.local()


@contextmanager
def time_limited(env: jinja2.Environment) -> Iterator[None]:
    """Stop a sandboxed render that runs longer than RENDER_SECONDS (a loop that never
    ends). Only the main thread can take the alarm; elsewhere this does nothing."""
    usable = (getattr(env, "sandboxed", False) and hasattr(signal, "setitimer")
              and threading.current_thread() is threading.main_thread()
              and not getattr(_deadline_active, "on", False))
    if not usable:
        yield
        return

    def expire(signum: int, frame: Any) -> None:
        seconds = _render_seconds()
        raise SecurityError(f"the template ran for more than {seconds:g}"
                            f" second{'' if seconds == 1 else 's'}")

    seconds = _render_seconds()
    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    _deadline_active.on = True
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        _deadline_active.on = False


def _render_seconds() -> float:
    try:
        return max(0.1, float(os.environ.get("COOPFOUND_TEMPLATE_SECONDS", RENDER_SECONDS)))
    except ValueError:
        return RENDER_SECONDS


def limit_memory() -> None:
    """Cap this process's address space before rendering an untrusted pack, so that a
    template building an enormous value fails with MemoryError (a located error) instead
    of exhausting the machine. Only ever lowers the limit; does nothing where unsupported."""
    try:
        import resource
    except ImportError:  # not on Unix
        return
    if os.environ.get("COOPFOUND_NO_MEMORY_LIMIT"):
        return
    try:
        limit = int(os.environ.get("COOPFOUND_MEMORY_MB", MEMORY_MB)) * 1024**2
    except ValueError:
        limit = MEMORY_MB * 1024**2
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    wanted = limit if hard == resource.RLIM_INFINITY else min(limit, hard)
    if soft == resource.RLIM_INFINITY or soft > wanted:
        resource.setrlimit(resource.RLIMIT_AS, (wanted, hard))
