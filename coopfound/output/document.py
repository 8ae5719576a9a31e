"""A document in memory: the path it will have in the output folder, and its bytes."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Document:
    name: str  # path inside the output folder
    content: bytes
