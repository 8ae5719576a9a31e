"""One field of the spec at a time: its type, its description, and checking a value for it.

The loader uses this to explain an error at a path; the interview uses it to check an
answer the moment it is given, with exactly the types and limits of `Spec`.
"""

from __future__ import annotations

import types
import typing
from functools import cache
from typing import Annotated, Any

from pydantic import BaseModel, TypeAdapter

from coopfound.spec.model import Spec

PathKey = tuple[str | int, ...]

#: Plain words for the type errors founders make most, instead of pydantic's wording.
PLAIN_MESSAGES = {
    "int_parsing": "write a whole number, such as 5, with no words, commas or units",
    "int_from_float": "write a whole number, such as 5",
    "int_type": "write a whole number, such as 5",
    "decimal_parsing": "write a number such as 300000 or 2.5, with no £, commas or %",
    "decimal_type": "write a number such as 300000 or 2.5, with no £, commas or %",
    "bool_parsing": "write true or false",
    "date_parsing": "write a date like 2027-01-20",
    "date_from_datetime_parsing": "write a date like 2027-01-20",
    "date_type": "write a date like 2027-01-20",
    "bool_type": "write true or false",
    "string_type": "write text here (in quotes if it would otherwise read as a number,"
                   " yes/no or a date)",
    "list_type": "write a list here: one item per line, each starting with '- '",
    "model_type": "write a section here: keys indented under this one",
    "dict_type": "write a section here: keys indented under this one",
}


def plain_message(kind: str, message: str, context: dict[str, Any] | None = None) -> str:
    limit = (context or {})
    if kind == "greater_than" and limit:
        return f"it must be more than {limit['gt']}"
    if kind == "greater_than_equal" and limit:
        return f"the smallest allowed is {limit['ge']}"
    if kind in {"less_than_equal", "less_than"} and limit:
        return f"the largest allowed is {limit.get('le', limit.get('lt'))}"
    if kind == "string_too_long" and limit:
        return f"this is too long: at most {limit['max_length']:,} characters"
    if kind == "too_long" and limit:
        return f"this list is too long: at most {limit['max_length']:,} items"
    if kind == "too_short" and limit:
        count = limit["min_length"]
        return f"this list needs at least {count:,} item{'' if count == 1 else 's'}"
    return PLAIN_MESSAGES.get(kind, message.removeprefix("Value error, "))


def model_at(path: PathKey) -> type[BaseModel] | None:
    """The pydantic model that holds the last element of `path`."""
    model: type[BaseModel] = Spec
    for part in path[:-1]:
        if isinstance(part, int):
            continue
        info = model.model_fields.get(part)
        if info is None:
            return None
        inner = unwrap_model(info.annotation)
        if inner is None:
            return None
        model = inner
    return model


def unwrap_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    origin = typing.get_origin(annotation)
    if origin in (list, tuple, dict, typing.Union, types.UnionType):
        for arg in typing.get_args(annotation):
            found = unwrap_model(arg)
            if found is not None:
                return found
    return None


def field_description(path: PathKey) -> str | None:
    names = [p for p in path if isinstance(p, str)]
    model = model_at(path)
    info = model.model_fields.get(names[-1]) if model and names else None
    return info.description if info else None


@cache
def field_adapter(path: PathKey) -> TypeAdapter[Any]:
    model = model_at(path)
    name = path[-1]
    if model is None or not isinstance(name, str) or name not in model.model_fields:
        raise KeyError(f"no spec field at {path}")
    info = model.model_fields[name]
    annotation: Any = info.annotation
    if info.metadata:
        annotation = Annotated[annotation, *info.metadata]
    return TypeAdapter(annotation)


def spec_default(path: PathKey) -> Any:
    """The default the spec model gives the field at `path` (KeyError if it has none)."""
    model = model_at(path)
    name = path[-1]
    if model is None or not isinstance(name, str) or name not in model.model_fields:
        raise KeyError(f"no spec field at {path}")
    info = model.model_fields[name]
    if info.is_required():
        raise KeyError(f"the spec field {path} has no default")
    return info.get_default(call_default_factory=True)
