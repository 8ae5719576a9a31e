"""The interview's draft file: every answer is written to it as soon as it is given.

The draft sits beside the spec it will become (`coop.yaml` -> `coop.draft.yaml`), is
replaced atomically on each save, and is removed only once the spec has been written.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from coopfound.errors import Problem, SpecError
from coopfound.interview.answers import plain_data
from coopfound.output.atomic import write_atomically

DRAFT_FORMAT = 1


def draft_path(spec_path: Path) -> Path:
    return spec_path.with_name(f"{spec_path.stem}.draft.yaml")


def save_draft(path: Path, answers: dict[str, Any]) -> None:
    text = yaml.safe_dump({"coopfound_draft": DRAFT_FORMAT, "answers": plain_data(answers)},
                          allow_unicode=True, sort_keys=False)
    write_atomically(path, "# coopfound init: answers so far. Run `coopfound init` to carry"
                           " on.\n" + text)


def load_draft(path: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        answers = data["answers"]
        if data.get("coopfound_draft") != DRAFT_FORMAT or not isinstance(answers, dict):
            raise ValueError("not a draft")
    except (OSError, ValueError, KeyError, TypeError, yaml.YAMLError) as error:
        raise SpecError(Problem(f"the draft cannot be read ({error})", file=path,
                                hint="delete it to start again, or pass --answers")) from None
    return answers
