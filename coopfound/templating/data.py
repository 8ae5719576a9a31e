"""Plain, immutable data for templates: what a template may see of a spec, and nothing more.

Templates are given mappings, tuples, text, numbers, dates and yes/no values, never the
spec's pydantic models or other live objects. A model carries methods a template from a
pack must never reach (pydantic's `parse_raw` unpickles, `parse_file` reads any file), and
a mapping of plain values has nothing to call but `get`, `items`, `keys` and `values`.
Turning everything into plain data at one door is simpler to trust than filtering what
each object offers.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from datetime import date
from decimal import Decimal
from enum import Enum
from typing import Any

from pydantic import BaseModel

#: A mapping's own methods: a key of one of these names would hide the data behind them
#: (`x.items` is the method, not the key), so no record may have such a key.
MAPPING_METHODS = frozenset({"get", "items", "keys", "values"})

#: The types of every value a template is given (besides the helpers).
PLAIN_TYPES: tuple[type, ...] = (str, int, float, Decimal, bool, type(None), date, tuple)


class Record(Mapping[str, Any]):
    """An immutable mapping whose keys a template reads as attributes (`society.name`).

    Jinja looks an attribute up as a key when the object has no attribute of that name,
    so a record reads like the model it came from, with nothing behind it to call.
    """

    __slots__ = ("_items",)

    def __init__(self, items: Mapping[str, Any]) -> None:
        clash = MAPPING_METHODS.intersection(items)
        if clash:
            raise ValueError(f"a template record may not have a key named {sorted(clash)[0]!r}")
        self._items = dict(items)

    def __getitem__(self, key: str) -> Any:
        return self._items[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __repr__(self) -> str:
        return f"Record({self._items!r})"


class TemplateHelper:
    """A function coopfound means templates to call (`ref`, `rule`, `has_rule`).

    The sandbox lets a template call these, and a short list of harmless methods of
    text, dates and mappings, and nothing else.
    """

    __slots__ = ("__name__", "_function")

    def __init__(self, function: Callable[..., Any], name: str) -> None:
        self._function = function
        self.__name__ = name

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return plain(self._function(*args, **kwargs))

    def __repr__(self) -> str:
        return f"<template helper {self.__name__}>"


def plain(value: Any) -> Any:
    """`value` as plain, immutable template data; anything else is refused (fail closed)."""
    if isinstance(value, Enum):
        return plain(value.value)
    if value is None or isinstance(value, bool | int | float | Decimal | date):
        return value
    if isinstance(value, str):
        return str(value)
    if isinstance(value, BaseModel):
        return model_record(value)
    if isinstance(value, Record):
        return value
    if isinstance(value, Mapping):
        return Record({str(key): plain(item) for key, item in value.items()})
    if isinstance(value, list | tuple):
        return tuple(plain(item) for item in value)
    if isinstance(value, set | frozenset):
        return tuple(sorted(plain(item) for item in value))
    if isinstance(value, TemplateHelper):
        return value
    raise TypeError(f"a {type(value).__name__} cannot be given to a template")


def model_record(model: BaseModel) -> Record:
    """A model's fields, and the properties its own classes define (a year end's
    `display`), as a record."""
    items = {name: plain(getattr(model, name)) for name in type(model).model_fields}
    for name in _properties(type(model)):
        items.setdefault(name, plain(getattr(model, name)))
    return Record(items)


def _properties(kind: type[BaseModel]) -> list[str]:
    names: list[str] = []
    for klass in kind.__mro__:
        if not issubclass(klass, BaseModel) or klass.__module__.startswith("pydantic"):
            continue
        names += [name for name, member in vars(klass).items()
                  if isinstance(member, property) and not name.startswith("_")]
    return names
