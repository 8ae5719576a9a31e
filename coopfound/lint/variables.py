"""Find names and attributes a template uses that its context does not provide.

Rendering the examples finds a misspelt name only on the branches those examples take; a
clause that only a Scottish CBS with investors includes would hide `society.nmae` until a
founder met it. This reads the template instead: every name must be in the context, and
every attribute of a spec object must be a field (or property) of its model, followed
through `for` loops, `set` and the list filters templates use.
"""

from __future__ import annotations

import difflib
import types
import typing
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Any

import jinja2
from jinja2 import meta, nodes
from pydantic import BaseModel

from coopfound.templating.data import MAPPING_METHODS
from coopfound.templating.sandbox import SAFE_METHODS


class Unknown:
    """A value whose shape the linter cannot tell: anything may be done with it."""


UNKNOWN = Unknown()


@dataclass(frozen=True)
class Sample:
    """A value known by example (the facts file): its keys are the ones it has."""

    value: Any


@dataclass(frozen=True)
class ListOf:
    item: Any


@dataclass(frozen=True)
class Unresolved:
    line: int
    message: str


#: Filters that keep a list's item type, and those that take one item out of it.
_SAME_LIST = frozenset({"list", "sort", "selectattr", "rejectattr", "reverse", "unique",
                        "batch", "slice"})
_ONE_ITEM = frozenset({"first", "last", "random", "min", "max"})
#: Filters and tests whose string argument (or `attribute=`) names an item's attribute.
_ATTRIBUTE_FILTERS = frozenset({"selectattr", "rejectattr", "map", "sort", "sum", "groupby",
                                "unique", "min", "max"})


def shape_of(annotation: Any) -> Any:
    """The linter's view of a type annotation."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return shape_of(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(annotation) if a is not type(None)]
        return shape_of(options[0]) if len(options) == 1 else UNKNOWN
    if origin in (list, tuple, frozenset, set):
        arguments = typing.get_args(annotation)
        return ListOf(shape_of(arguments[0]) if arguments else UNKNOWN)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel | Enum):
        return annotation
    return UNKNOWN


def _attribute(shape: Any, name: str) -> tuple[Any, str | None]:
    """The shape of `shape.name`, and a message when it has no such attribute."""
    if isinstance(shape, type) and issubclass(shape, BaseModel):
        if name in shape.model_fields:
            return shape_of(shape.model_fields[name].annotation), None
        member = getattr(shape, name, None)
        if isinstance(member, property):
            try:
                hints = typing.get_type_hints(member.fget)
            except Exception:  # annotations that cannot be resolved: no claim either way
                return UNKNOWN, None
            return shape_of(hints.get("return")), None
        fields = ", ".join(sorted(shape.model_fields))
        return UNKNOWN, (f"'{name}' is not a field of {shape.__name__}"
                         f"{_did_you_mean(name, shape.model_fields)} (it has: {fields})")
    if isinstance(shape, type) and issubclass(shape, Enum):
        # Templates get a choice as its text ('workers'), not as an enum member.
        if name in SAFE_METHODS[str]:
            return UNKNOWN, None
        example = next(iter(shape)).value
        return UNKNOWN, (f"'{name}': a {shape.__name__} choice is plain text, such as"
                         f" '{example}'; use the choice itself")
    if isinstance(shape, Sample) and isinstance(shape.value, Mapping):
        if name in shape.value:
            return Sample(shape.value[name]), None
        if name in MAPPING_METHODS:  # .items(), .get(), ...
            return UNKNOWN, None
        keys = ", ".join(sorted(map(str, shape.value)))
        return UNKNOWN, f"there is no '{name}' here (there is: {keys})"
    return UNKNOWN, None


class _ShapeWalker:
    """Walk one template's tree with the shapes of the names in scope."""

    def __init__(self, context: Mapping[str, Any]) -> None:
        self.scopes: list[dict[str, Any]] = [dict(context)]
        self.found: list[Unresolved] = []

    def lookup(self, name: str) -> Any:
        for scope in reversed(self.scopes):
            if name in scope:
                return scope[name]
        return UNKNOWN

    def shape(self, node: nodes.Node) -> Any:
        if isinstance(node, nodes.Name):
            return self.lookup(node.name)
        if isinstance(node, nodes.Getattr):
            return self._getattr(self.shape(node.node), node.attr, node.lineno)
        if isinstance(node, nodes.Getitem):
            base = self.shape(node.node)
            if isinstance(node.arg, nodes.Const) and isinstance(node.arg.value, str):
                return self._getattr(base, node.arg.value, node.lineno)
            self.visit(node.arg)
            return base.item if isinstance(base, ListOf) else UNKNOWN
        if isinstance(node, nodes.Filter):
            return self._filter(node)
        if isinstance(node, nodes.CondExpr):
            self.visit(node.test)
            shapes = [self.shape(node.expr1)]
            if node.expr2 is not None:
                shapes.append(self.shape(node.expr2))
            return shapes[0] if all(s == shapes[0] for s in shapes) else UNKNOWN
        self.visit(node)
        return UNKNOWN

    def _getattr(self, base: Any, name: str, line: int) -> Any:
        shape, problem = _attribute(base, name)
        if problem:
            self.found.append(Unresolved(line, problem))
        return shape

    def _filter(self, node: nodes.Filter) -> Any:
        base = self.shape(node.node) if node.node is not None else UNKNOWN
        for argument in [*node.args, *(k.value for k in node.kwargs)]:
            self.visit(argument)
        item = base.item if isinstance(base, ListOf) else UNKNOWN
        if node.name in _ATTRIBUTE_FILTERS and item is not UNKNOWN:
            named = [k.value for k in node.kwargs if k.key == "attribute"]
            # Filters whose first positional argument is an attribute name (for `map` it
            # is a filter's name, and for `sort` and `unique` a flag).
            if node.name in ("selectattr", "rejectattr", "groupby", "sum") and node.args \
                    and not named:
                named.append(node.args[0])
            for name_node in named:
                if isinstance(name_node, nodes.Const) and isinstance(name_node.value, str):
                    shape: Any = item
                    for part in name_node.value.split("."):
                        shape = self._getattr(shape, part, node.lineno)
        if node.name in _SAME_LIST:
            return base
        if node.name in _ONE_ITEM:
            return item
        if node.name == "map" and any(k.key == "attribute" for k in node.kwargs):
            return ListOf(UNKNOWN)
        return UNKNOWN

    def visit(self, node: nodes.Node) -> None:
        if isinstance(node, nodes.For):
            self.visit(node.iter)
            iterated = self.shape(node.iter)
            scope = self._bind(node.target, iterated.item if isinstance(iterated, ListOf)
                               else UNKNOWN)
            scope["loop"] = UNKNOWN
            self._within(scope, node.body)
            if node.test is not None:
                self._within(scope, [node.test])
            self._within({}, node.else_)
            return
        if isinstance(node, nodes.Assign):
            value = self.shape(node.node)
            for name, shape in self._bind(node.target, value).items():
                # Set twice to different things (in two branches, say): either may hold.
                earlier = self.scopes[-1].get(name, shape)
                self.scopes[-1][name] = shape if earlier == shape else UNKNOWN
            return
        if isinstance(node, nodes.Macro | nodes.CallBlock):
            for default in getattr(node, "defaults", []):
                self.visit(default)
            arguments = {a.name: UNKNOWN for a in getattr(node, "args", [])}
            arguments.update(caller=UNKNOWN, varargs=UNKNOWN, kwargs=UNKNOWN)
            self._within(arguments, node.body)
            return
        if isinstance(node, nodes.With):
            scope = {}
            for target, value in zip(node.targets, node.values, strict=False):
                scope.update(self._bind(target, self.shape(value)))
            self._within(scope, node.body)
            return
        if isinstance(node, nodes.Name | nodes.Getattr | nodes.Getitem | nodes.Filter):
            self.shape(node)
            return
        for child in node.iter_child_nodes():
            self.visit(child)

    def _bind(self, target: nodes.Node, shape: Any) -> dict[str, Any]:
        if isinstance(target, nodes.Name):
            return {target.name: shape}
        if isinstance(target, nodes.Tuple):
            return {item.name: UNKNOWN for item in target.items if isinstance(item, nodes.Name)}
        return {}

    def _within(self, scope: dict[str, Any], body: list[nodes.Node]) -> None:
        self.scopes.append(scope)
        try:
            for child in body:
                self.visit(child)
        finally:
            self.scopes.pop()


def unresolved(env: jinja2.Environment, source: str,
               context: Mapping[str, Any]) -> list[Unresolved]:
    """Every name the template uses that `context` lacks, and every attribute its shapes lack.

    Raises `jinja2.TemplateSyntaxError` for a template that does not parse.
    """
    tree = env.parse(source)
    # Jinja counts a name set only inside an `if` as undeclared; the author set it on the
    # branch that uses it, and the examples' renders test that. Only a name set nowhere is
    # certainly a mistake.
    stored = {node.name for node in tree.find_all(nodes.Name) if node.ctx in ("store", "param")}
    stored |= {node.name for node in tree.find_all(nodes.Macro)}
    missing = sorted(meta.find_undeclared_variables(tree) - set(context) - set(env.globals)
                     - stored)
    found = [Unresolved(_first_line(tree, name), f"'{name}' is not given to this template"
                        + _did_you_mean(name, context))
             for name in missing]
    walker = _ShapeWalker({**env.globals, **context})
    walker.visit(tree)
    seen: set[tuple[int, str]] = set()
    for item in [*found, *walker.found]:
        if (item.line, item.message) not in seen:
            seen.add((item.line, item.message))
    return sorted((Unresolved(line, message) for line, message in seen),
                  key=lambda u: (u.line, u.message))


def _did_you_mean(name: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(name, list(choices), n=1)
    return f"; did you mean '{close[0]}'?" if close else ""


def _first_line(tree: nodes.Template, name: str) -> int:
    lines = [node.lineno for node in _names(tree) if node.name == name]
    return min(lines) if lines else 1


def _names(tree: nodes.Node) -> Iterator[nodes.Name]:
    yield from tree.find_all(nodes.Name)
