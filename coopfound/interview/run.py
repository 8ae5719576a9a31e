"""`coopfound init`: gather answers (draft, file, --set, defaults, a person) and write a spec.

Answers given without a person pass through exactly the same checks as typed ones. With
no terminal, nothing waits for input: whatever is missing is listed at once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from coopfound.errors import Problem, SpecError, UsageError
from coopfound.interview.answers import (
    accept_given,
    build_spec_data,
    complete,
    given_answers,
    is_question_key,
    missing,
    suggest_key,
)
from coopfound.interview.drafts import draft_path, load_draft, save_draft
from coopfound.interview.questions import Answers, Item
from coopfound.interview.session import Asker, Interview
from coopfound.output.atomic import write_atomically


@dataclass(frozen=True)
class InitOptions:
    out: Path
    answers_file: Path | None = None
    settings: tuple[str, ...] = ()
    use_defaults: bool = False
    resume: bool = False
    force: bool = False


@dataclass(frozen=True)
class InitResult:
    spec_path: Path
    resumed: bool


def run_init(options: InitOptions, asker_factory: Callable[[], Asker] | None) -> InitResult:
    """Write the spec. `asker_factory` is None when no person is at the keyboard."""
    out, draft = options.out, draft_path(options.out)
    asker = asker_factory() if asker_factory else None
    answers: Answers = {}
    resumed = False
    if draft.exists() and (options.resume or (asker is not None and asker.confirm(
            f"You have a draft in {draft} with {_count(load_draft(draft))} answers. Carry on"
            " where you stopped? (No starts again and replaces the draft)", True))):
        answers, resumed = load_draft(draft), True
        if asker is not None:
            asker.say(f"Carrying on with the {_count(answers)} answers saved in {draft}.")
    if out.exists() and not options.force and not answers.get(REPLACE_AGREED):
        if asker is None:
            raise UsageError(Problem(f"{out} already exists",
                                     hint="pass --force to replace it, or choose --out"))
        if not asker.confirm(f"{out} already exists. Replace it at the end of the"
                             " interview?", False):
            raise DeclinedToReplace(out)
        answers[REPLACE_AGREED] = True

    answers = _apply_given(answers, options)
    if options.use_defaults:
        answers = complete(answers, placeholders=True)

    if asker is None:
        still_missing = missing(answers)
        if still_missing:
            raise SpecError(Problem(
                f"no terminal to ask in, and {len(still_missing)}"
                f" {'answer is' if len(still_missing) == 1 else 'answers are'} missing: "
                + "; ".join(_name_of(item) for item in still_missing),
                hint="give them with --answers FILE or --set KEY=VALUE, or pass --defaults"))
    else:
        save_draft(draft, answers)
        Interview(answers, asker, lambda a: save_draft(draft, a)).run()

    write_spec(out, build_spec_data(answers))
    if resumed or asker is not None:  # a draft this run did not use is not ours to remove
        draft.unlink(missing_ok=True)
    return InitResult(spec_path=out, resumed=resumed)


REPLACE_AGREED = "_replace_agreed"


class DeclinedToReplace(Exception):
    """The founder chose to keep the existing spec: not an error, nothing was written."""

    def __init__(self, path: Path):
        super().__init__(str(path))
        self.path = path


def _count(answers: Answers) -> int:
    return sum(1 for key in answers if not key.startswith("_"))


def _name_of(item: Item) -> str:
    """A missing answer as the founder knows it, the question's own words, with the key to
    give it by after (a helper question has no spec path, only its key)."""
    return f"{item.prompt} ({item.key})"


def _apply_given(answers: Answers, options: InitOptions) -> Answers:
    given: Answers = {}
    problems: list[Problem] = []
    source = options.answers_file
    positions = None
    if source is not None:
        data, positions = _read_answers_file(source)
        flat, unknown = given_answers(data)
        given.update(flat)
        for key in unknown:
            guess = suggest_key(key)
            problems.append(Problem(
                f"'{key}' is not a question coopfound init asks", file=source,
                line=_line(positions, key, prefer_key=True), field=key,
                hint=f"did you mean '{guess}'?" if guess
                else "run `coopfound schema` to see the spec's keys"))
    for setting in options.settings:
        key, value = _parse_setting(setting)
        if not is_question_key(key):
            guess = suggest_key(key)
            raise UsageError(Problem(f"--set {key}: coopfound init asks no such question",
                                     hint=f"did you mean '{guess}'?" if guess else
                                     "keys are spec paths such as society.name"))
        given[key] = value
    accepted, rejected = accept_given(given, answers, frozenset(_set_keys(options)))
    for key, reason in rejected:
        from_file = key not in _set_keys(options)
        problems.append(Problem(reason, file=source if from_file else None,
                                line=_line(positions, key) if from_file else None,
                                field=key, hint="correct this answer and run init again"))
    if problems:
        raise SpecError(problems)
    return accepted


def _set_keys(options: InitOptions) -> set[str]:
    return {_parse_setting(s)[0] for s in options.settings}


def _read_answers_file(path: Path) -> tuple[dict[str, Any], Any]:
    from coopfound.spec.loader import load_spec_data_located

    return load_spec_data_located(path)


def _line(positions: Any, key: str, *, prefer_key: bool = False) -> int | None:
    """The line of an answer in the answers file (a helper key has none of its own)."""
    if positions is None or key.startswith("_"):
        return None
    from coopfound.interview.answers import spec_path

    line: int | None = positions.line_for(spec_path(key.removeprefix("_spec.")),
                                          prefer_key=prefer_key)
    return line


def _parse_setting(setting: str) -> tuple[str, Any]:
    if "=" not in setting:
        raise UsageError(Problem(f"--set {setting}: write it as KEY=VALUE",
                                 hint="for example --set society.name='Valley Care Limited'"))
    key, text = setting.split("=", 1)
    try:
        value = yaml.safe_load(text) if text.strip() else ""
    except yaml.YAMLError:
        value = text
    if isinstance(value, date | dict):
        value = text  # '31 March' stays text; a YAML date or mapping here is a misreading
    return key.strip(), value


def write_spec(path: Path, data: dict[str, Any]) -> None:
    header = (
        "# The constitution spec of a care co-operative, written by `coopfound init`.\n"
        f"# Check it with `coopfound check {path.name}`, then render the rules with\n"
        f"# `coopfound render {path.name} -o out/`. Edit it freely: it is yours.\n\n"
    )
    body = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=88)
    write_atomically(path, header + body)
