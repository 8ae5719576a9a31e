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
from decimal import Decimal
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
#: The largest template file (the longest built-in one is about 20 KB).
MAX_TEMPLATE_BYTES = 1024 * 1024
#: How long one template may run (COOPFOUND_TEMPLATE_SECONDS changes it).
RENDER_SECONDS = 20
#: The address space a process rendering an untrusted pack may use, in MB
#: (COOPFOUND_MEMORY_MB changes it).
MEMORY_MB = 4096


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
#: How deeply a value kept in a `namespace` may nest. A value nested a million deep
#: crashes the interpreter when it is hashed (the hash recurses in C, unguarded), and a
#: namespace is the only place a template can build one, a level per loop.
MAX_NESTING = 100
_NESTING_BUDGET = 10_000


class BoundedNamespace(Namespace):
    """Jinja's `namespace`, refusing values nested deeper than MAX_NESTING."""

    def __setitem__(self, name: str, value: Any) -> None:
        if _nesting(value) > MAX_NESTING:
            raise _refuse(f"a value nested more than {MAX_NESTING} levels deep")
        super().__setitem__(name, value)


def _nesting(value: Any) -> int:
    """How deeply `value` nests (lists, tuples, mappings), looked at depth first and
    stopping once past MAX_NESTING or after a bounded number of values."""
    deepest, budget = 0, _NESTING_BUDGET
    pending: list[tuple[Any, int]] = [(value, 0)]
    while pending and budget > 0 and deepest <= MAX_NESTING:
        current, depth = pending.pop()
        budget -= 1
        deepest = max(deepest, depth)
        if isinstance(current, list | tuple | set | frozenset):
            pending += [(item, depth + 1) for item in current]
        elif isinstance(current, Mapping):
            pending += [(item, depth + 1) for item in current.values()]
    return deepest


#: Callables a template may call whole: its macros and blocks, coopfound's helpers, and
#: Jinja's own `joiner()` objects.
SAFE_CALLABLE_TYPES = (TemplateHelper, Macro, BlockReference, Joiner)
#: Jinja's global functions that stay: `lipsum` goes, as it writes as much text as asked.
SAFE_GLOBALS = {"range": safe_range, "dict": dict, "cycler": Cycler, "joiner": Joiner,
                "namespace": BoundedNamespace}


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
        self.filters["sum"] = _numbers_only(self.filters["sum"])

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        """str.format and format_map: refuse huge widths, as `%` and `format` do."""
        wrapped = super().wrap_str_format(value)
        if wrapped is None:
            return None
        _check_brace_widths(value.__self__)
        return TemplateHelper(_result_capped(wrapped), value.__name__)

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
            _check_star_widths(left, right if isinstance(right, tuple) else (right,))
        return _checked_size(super().call_binop(context, operator, left, right))


#: A %-conversion: mapping key, flags, width (or *), precision (or *).
_PERCENT = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\*|\d+)?(?:\.(\*|\d+))?")
#: A format spec: [[fill]align][sign][z][#][0][width][grouping][.precision][type].
_FORMAT_SPEC = re.compile(r"(?:.?[<>=^])?[-+ ]?z?#?0?(\d*)[,_]?(?:\.(\d+))?")


def _check_widths(text: str) -> None:
    """Widths and precisions written in a %-format: each at most MAX_SIZE."""
    for width, precision in _PERCENT.findall(text):
        if any(number.isdigit() and int(number) > MAX_SIZE for number in (width, precision)):
            raise _refuse("a format width or precision this large")


def _check_star_widths(text: str, values: tuple[Any, ...]) -> None:
    """'%*d' % (width, value): widths given as arguments."""
    if "*" in text and any(isinstance(v, int) and abs(v) > MAX_SIZE for v in values):
        raise _refuse("a format width this large")


def _check_brace_widths(text: str) -> None:
    """Widths and precisions in '{:x>100}' fields; a width given by a nested field
    ('{:>{}}') cannot be checked before formatting, so it is refused."""
    try:
        fields = list(string.Formatter().parse(text))
    except ValueError:  # not a valid format string: str.format will say so
        return
    for _, _, spec, _ in fields:
        if not spec:
            continue
        if "{" in spec:
            raise _refuse("a format width given by another field")
        match = _FORMAT_SPEC.match(spec)
        numbers = match.groups() if match else ()
        if any(number and int(number) > MAX_SIZE for number in numbers):
            raise _refuse("a format width or precision this large")


def _checked_size(result: Any) -> Any:
    """The last check on text a template built: whatever got past the others."""
    if isinstance(result, str) and len(result) > MAX_SIZE:
        raise _refuse(f"a text of {len(result):,} characters")
    return result


def _result_capped(original: Callable[..., Any]) -> Callable[..., Any]:
    def capped(*args: Any, **kwargs: Any) -> Any:
        return _checked_size(original(*args, **kwargs))

    return capped


def _numbers_only(original: Callable[..., Any]) -> Callable[..., Any]:
    """`sum` adds numbers; summing lists or texts (start=[]) is quadratic, in C, where
    the time limit cannot reach."""
    def summed(environment: Any, iterable: Any, attribute: Any = None, start: Any = 0) -> Any:
        if not isinstance(start, int | float | Decimal) or isinstance(start, bool):
            raise _refuse("summing anything but numbers")
        return original(environment, iterable, attribute, start)

    return jinja2.pass_environment(summed)  # as Jinja's own sum is


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
            _check_star_widths(value, args)
        return _checked_size(original(value, *args, **kwargs))

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
                if candidate.stat().st_size > MAX_TEMPLATE_BYTES:
                    raise jinja2.TemplateNotFound(
                        template, f"{template} is larger than a template may be"
                                  f" ({MAX_TEMPLATE_BYTES:,} bytes)")
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
        seconds = render_seconds()
        raise SecurityError(f"the template ran for more than {seconds:g}"
                            f" second{'' if seconds == 1 else 's'}")

    seconds = render_seconds()
    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    _deadline_active.on = True
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        _deadline_active.on = False


def render_seconds() -> float:
    """How long one template may run: COOPFOUND_TEMPLATE_SECONDS, or RENDER_SECONDS."""
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
