"""The JSON Schema of coop.yaml, as editors want it."""

from __future__ import annotations

from typing import Any

from coopfound.spec.model import Spec

_YEAR_END_SCHEMA = {
    "type": "string",
    "pattern": r"^\s*\d{1,2}\s+[A-Za-z]+\s*$",
    "description": "The last day of the financial year, like '31 March'.",
    "examples": ["31 March", "31 December"],
}


def spec_json_schema() -> dict[str, Any]:
    """The spec's schema. The year end is written '31 March' in YAML, so say so."""
    schema = Spec.model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "coopfound constitution spec"
    society = schema["$defs"]["Society"]
    society["properties"]["financial_year_end"] = _YEAR_END_SCHEMA
    schema["$defs"].pop("YearEnd", None)
    return schema
