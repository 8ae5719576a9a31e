"""Reading a template pack's own files: inside the pack, small, UTF-8, YAML bounded.

A pack may come from anywhere, so its files are read as carefully as a spec: never through
a link out of the pack, at most 1 MB each (a Word shell 5 MB), text as UTF-8, YAML with
its aliases counted before anything is built. Every failure is a located TemplateError:
the pack is at fault, not the spec.
"""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from coopfound.errors import Problem, SpecError, TemplateError
from coopfound.spec.fields import plain_message, unwrap_model
from coopfound.spec.limits import shortened
from coopfound.spec.loader import Positions, YamlKind, format_path, parse_yaml

M = TypeVar("M", bound=BaseModel)

#: The largest text file of a pack (a template, pack.yaml, rulebook.yaml, ...).
MAX_PACK_FILE_BYTES = 1024 * 1024
#: The largest Word shell, as stored (compressed).
MAX_SHELL_BYTES = 5 * 1024 * 1024


def confined(path: Path, root: Path) -> Path:
    """`path`, unless it resolves outside `root` (a symlink out of the pack)."""
    if not path.resolve().is_relative_to(root.resolve()):
        raise TemplateError(Problem(
            "this file links to a place outside the template pack; coopfound will not read"
            " it", file=path, hint="copy the file into the pack instead of linking to it"))
    return path


def pack_bytes(path: Path, root: Path, limit: int = MAX_PACK_FILE_BYTES) -> bytes:
    """A file of the pack rooted at `root`, checked before it is read."""
    confined(path, root)
    try:
        size = path.stat().st_size
        if size > limit:
            raise TemplateError(Problem(
                f"this file is {size:,} bytes; a template pack's file may be at most"
                f" {limit:,}", file=path,
                hint="a template or a list is a short file; check that this is the right"
                     " file"))
        with path.open("rb") as stream:
            data = stream.read(limit + 1)
    except OSError as error:
        raise TemplateError(Problem(f"cannot read this file ({error.strerror or error})",
                                    file=path, hint="check that it exists and that you may"
                                                    " read it")) from None
    if len(data) > limit:
        raise TemplateError(Problem(f"this file is larger than {limit:,} bytes", file=path,
                                    hint="check that this is the right file"))
    return data


def pack_text(path: Path, root: Path) -> str:
    data = pack_bytes(path, root)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise TemplateError(Problem(
            "this file is not UTF-8 text", file=path,
            line=data[: error.start].count(b"\n") + 1,
            hint="save it with the encoding 'UTF-8'")) from None


def validated(model: type[M], data: dict[str, Any], path: Path, positions: Positions,
              hint: str) -> M:
    """`data` as `model`, or a TemplateError with a located line for each problem."""
    try:
        return model.model_validate(data)
    except ValidationError as error:
        problems = [_located(item, model, path, positions, hint)
                    for item in error.errors(include_url=False)]
        raise TemplateError(sorted(problems, key=lambda p: p.line or 0)) from None


def _located(item: Any, model: type[BaseModel], path: Path, positions: Positions,
             hint: str) -> Problem:
    loc = tuple(item["loc"])
    kind = item["type"]
    if kind == "extra_forbidden":
        owner = model_of(model, loc[:-1])
        close = difflib.get_close_matches(str(loc[-1]), list(owner.model_fields), n=1)
        return Problem(f"unknown key '{shortened(str(loc[-1]))}'", file=path,
                       line=positions.line_for(loc, prefer_key=True), field=format_path(loc),
                       hint=f"did you mean '{close[0]}'?" if close else hint)
    if kind == "missing":
        return Problem(f"'{loc[-1]}' is missing", file=path,
                       line=positions.line_for(loc[:-1], prefer_key=True),
                       field=format_path(loc), hint=hint)
    message = plain_message(kind, str(item["msg"]).removeprefix("Value error, "),
                            item.get("ctx"))
    found = item.get("input")
    if found is not None and not isinstance(found, dict | list):
        message += f" (found {shortened(str(found))!r})"
    return Problem(message, file=path, line=positions.line_for(loc), field=format_path(loc),
                   hint=hint)


def model_of(model: type[BaseModel], loc: tuple[Any, ...]) -> type[BaseModel]:
    """The model that holds the field at `loc` inside `model`."""
    for part in loc:
        if isinstance(part, int):
            continue
        field = model.model_fields.get(str(part))
        inner = unwrap_model(field.annotation) if field else None
        if inner is None:
            break
        model = inner
    return model


def pack_yaml(path: Path, root: Path, kind: YamlKind) -> tuple[dict[str, Any], Positions]:
    """A YAML mapping of the pack, with the line of every key; bounded like a spec."""
    try:
        return parse_yaml(pack_text(path, root), path, kind)
    except SpecError as error:  # the parser speaks for specs; here the pack is at fault
        raise TemplateError(list(error.problems)) from None
