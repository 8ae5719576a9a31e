"""The facts of law and practice the documents state (fees, time limits), each with its source.

They live in data/facts.yaml, apart from the templates, so that a fact is written once and
every document, check and letter that states it reads the same value.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

_FACTS = Path(__file__).resolve().parent / "data" / "facts.yaml"


@cache
def load_facts() -> dict[str, Any]:
    facts: dict[str, Any] = yaml.safe_load(_FACTS.read_text(encoding="utf-8"))
    return facts
