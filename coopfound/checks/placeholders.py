"""Find the placeholders `coopfound init --defaults` writes where only founders can answer.

A placeholder is text in square brackets ("[Name of the society] Limited") or the
pseudo-postcode ZZ99 9ZZ. They keep a spec valid so that it can be checked and rendered
early, and this check keeps them from going unnoticed into rules that people sign.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from coopfound.checks.base import Finding, finding
from coopfound.spec.fields import PathKey
from coopfound.spec.model import Spec

PLACEHOLDER_POSTCODE = "ZZ99 9ZZ"
_BRACKETED = re.compile(r"\[[^\]]+\]")


def check_placeholders(spec: Spec) -> list[Finding]:
    return [
        finding("CF302", path, f"'{value}' is a placeholder, not a real answer",
                "replace it with the real value")
        for path, value in _strings(spec.model_dump(mode="json"), ())
        if _BRACKETED.search(value) or value.upper() == PLACEHOLDER_POSTCODE
    ]


def _strings(node: Any, path: PathKey) -> Iterator[tuple[PathKey, str]]:
    if isinstance(node, str):
        yield path, node
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from _strings(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _strings(value, (*path, index))
