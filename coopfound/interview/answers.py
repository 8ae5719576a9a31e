"""Answers to the interview: checking each one, filling defaults, and building the spec.

Every answer, typed at the terminal or given in a file, passes through `accept`: it is
parsed, checked against the spec field's own type and limits, and then against the same
legal checks that `coopfound check` runs, so the interview can never accept what the
checker would reject.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from enum import Enum
from typing import Any

from pydantic import BaseModel, ValidationError

from coopfound.checks.base import Finding, Severity
from coopfound.checks.legal import SPEC_CHECKS
from coopfound.interview.questions import (
    SOMEONE_ELSE,
    SPEC_DEFAULT,
    Answers,
    Choice,
    Group,
    Item,
    Question,
    Section,
    all_items,
)
from coopfound.spec.dates import EXAMPLE as DATE_EXAMPLE
from coopfound.spec.dates import parse_date
from coopfound.spec.fields import PathKey, field_adapter, plain_message, spec_default, unwrap_model
from coopfound.spec.model import CURRENT_SPEC_VERSION, Spec

#: Answers-file keys for spec fields the interview does not ask (voting.system has one
#: possible value today) are kept under this prefix and written to the spec as given.
PASSTHROUGH = "_spec."
OPTIONAL_KINDS = frozenset({"optional_text", "optional_int", "optional_decimal",
                            "optional_date"})
_TRUE = {"y", "yes", "true", "on", "1"}
_FALSE = {"n", "no", "false", "off", "0"}


class AnswerError(ValueError):
    """An answer that cannot be accepted, with the reason in plain words."""


def spec_path(key: str) -> PathKey:
    return tuple(key.split("."))


def is_helper(key: str) -> bool:
    return key.startswith("_")


def applicable(answers: Answers) -> Iterator[tuple[Section, Item]]:
    """The items that apply, deciding each condition on the answers before it."""
    known = complete(answers, placeholders=True)
    for section, item in all_items():
        if item.when(known):
            yield section, item


def default_value(question: Question, answers: Answers, path: PathKey | None = None) -> Any:
    # A default that depends on other answers may still fall back on the spec's own.
    value = SPEC_DEFAULT if question.default is SPEC_DEFAULT else question.default_for(answers)
    if value is SPEC_DEFAULT:
        return spec_default(path or spec_path(question.key))
    return value


def complete(answers: Answers, *, placeholders: bool) -> Answers:
    """`answers` with a default for every applicable question not yet answered.

    With `placeholders`, questions that have no real default (a name, an address) get an
    obvious placeholder; without, they are left unanswered.
    """
    result = dict(answers)
    for _, item in all_items():
        if item.key in result or not item.when(result):
            continue
        if isinstance(item, Group):
            if placeholders or not item.default_is_placeholder:
                result[item.key] = item.default(result)
            continue
        value = default_value(item, result)
        if value is None and item.kind not in OPTIONAL_KINDS:
            if not placeholders:
                continue
            value = item.placeholder_for(result)
            if value is None:
                continue
        result[item.key] = value
    return result


def missing(answers: Answers) -> list[Item]:
    """Applicable questions with no answer; optional ones are never missing."""
    return [item for _, item in applicable(answers) if item.key not in answers
            and not (isinstance(item, Question) and item.kind in OPTIONAL_KINDS)]


# --- checking one answer ----------------------------------------------------------------

def parse(question: Question, raw: Any, answers: Answers) -> Any:
    """Turn typed text, or a value from an answers file, into the answer's value."""
    text = raw.strip() if isinstance(raw, str) else raw
    kind = question.kind
    if kind in OPTIONAL_KINDS and (text is None or text == ""):
        return None
    if text is None or text == "":
        raise AnswerError("please give an answer")
    if kind == "bool":
        if isinstance(text, bool):
            return text
        if str(text).lower() in _TRUE | _FALSE:
            return str(text).lower() in _TRUE
        raise AnswerError("answer yes or no")
    if kind == "select":
        assert question.choices is not None
        return _choose(text, question.choices(answers))
    if kind == "multi":
        assert question.choices is not None
        choices = question.choices(answers)
        items = text if isinstance(text, list) else str(text).split(",")
        return [_choose(str(i).strip(), choices) for i in items if str(i).strip()]
    if kind in {"int", "optional_int", "decimal", "optional_decimal"} and isinstance(text, str):
        # "£1,000" and "10%" are what people type; the number is what they mean.
        return text.replace("£", "").replace("%", "").replace(",", "").strip()
    if kind == "optional_date" and not isinstance(text, date):
        found = parse_date(str(text))
        if found is None:
            raise AnswerError(f"write a date, such as {DATE_EXAMPLE}")
        return found
    if kind == "lines":
        items = text if isinstance(text, list) else str(text).split(",")
        return [str(i).strip() for i in items if str(i).strip()]
    if kind == "list":
        items = text if isinstance(text, list) else str(text).split(";")
        return [str(i).strip() for i in items if str(i).strip()]
    return text


def _choose(text: Any, choices: tuple[Choice, ...]) -> Any:
    for choice in choices:
        if text == choice.value or str(text) == str(choice.value):
            return choice.value
    raise AnswerError("choose from: " + ", ".join(str(c.value) for c in choices))


def check_value(path: PathKey, value: Any) -> Any:
    """The value as the spec field at `path` takes it, or AnswerError in plain words."""
    try:
        return field_adapter(path).validate_python(value)
    except ValidationError as error:
        first = error.errors(include_url=False)[0]
        raise AnswerError(plain_message(first["type"], str(first["msg"]),
                                        first.get("ctx"))) from None


def accept(question: Question, raw: Any, answers: Answers,
           path: PathKey | None = None) -> Any:
    """Parse and check one answer; raise AnswerError explaining why it cannot be taken."""
    value = parse(question, raw, answers)
    if is_helper(question.key) or value is None:
        return value
    if question.extra_check is not None:
        reason = question.extra_check(value, answers)
        if reason:
            raise AnswerError(reason)
    path = path or spec_path(question.key)
    checked = check_value(path, value)
    if isinstance(checked, BaseModel):
        checked = value  # '31 March' stays as the founder wrote it, not as a parsed model
    if len(path) > 1 and isinstance(path[1], int):
        return checked  # a field inside a group: the group is checked as a whole
    problem = legal_problem(answers | {question.key: checked}, path)
    if problem:
        raise AnswerError(problem)
    return checked


def legal_problem(answers: Answers, path: PathKey) -> str | None:
    """The first error `coopfound check` would report at `path`, given these answers."""
    data = build_spec_data(complete(answers, placeholders=True))
    try:
        spec = Spec.model_validate(data)
    except ValidationError:
        return None  # another answer is not valid yet; this one is judged when it is
    for finding in _errors_at(spec, path):
        # Founders get the words; the check code is for `coopfound check`'s readers.
        return f"{finding.message}: {finding.fix}"
    return None


def _errors_at(spec: Spec, path: PathKey) -> Iterator[Finding]:
    for check in SPEC_CHECKS:
        for finding in check(spec):
            if finding.severity is Severity.error and finding.path[: len(path)] == path:
                yield finding


# --- groups ----------------------------------------------------------------------------

def class_id(name: str, taken: set[str]) -> str:
    """A spec id for a class named by a founder: 'Care workers' -> 'care_workers'."""
    base = re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")
    base = base if re.match(r"^[a-z][a-z0-9_]", base or "") else f"class_{base}".rstrip("_")
    base = base[:36]
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}_{number}", number + 1
    return candidate


def item_context(answers: Answers, item: dict[str, Any]) -> Answers:
    """The answers as a group field sees them: with the item being built under `_item`."""
    return answers | {"_item": item}


def get_dotted(item: dict[str, Any], key: str) -> Any:
    node: Any = item
    for part in key.split("."):
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node


def set_dotted(item: dict[str, Any], key: str, value: Any) -> None:
    parts = key.split(".")
    for part in parts[:-1]:
        item = item.setdefault(part, {})
    item[parts[-1]] = value


def accept_group_item(group: Group, raw: dict[str, Any], answers: Answers,
                      index: int, taken_ids: set[str]) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise AnswerError(f"each {group.item} is a set of keys: "
                          + ", ".join(q.key for q in group.fields))
    known = {q.key.split(".")[0] for q in group.fields} | {"id"}
    unknown = set(raw) - known
    if unknown:
        raise AnswerError(f"unknown key '{sorted(unknown)[0]}' in a {group.item}")
    item: dict[str, Any] = {}
    for question in group.fields:
        context = item_context(answers, item)
        if not question.when(context):
            continue
        path: PathKey = (group.key, index, *question.key.split("."))
        value = get_dotted(raw, question.key)
        if value is None:
            # Left out of an item given in a file: the spec's own default, as in coop.yaml.
            try:
                value = spec_default(path)
            except KeyError:
                value = default_value(question, context, path)
        if value is None and question.kind not in OPTIONAL_KINDS:
            raise AnswerError(f"'{question.key}' is missing from {group.item} {index + 1}")
        try:
            set_dotted(item, question.key, accept(question, value, context, path))
        except AnswerError as error:
            raise AnswerError(f"{group.item} {index + 1}, {question.key}: {error}") from None
    if group.key == "member_classes":
        # A file that says whether a class is a user class means it, whatever the role.
        given_user = raw.get("user_class")
        item.setdefault("user_class", given_user if isinstance(given_user, bool)
                        else item.get("role") not in {"supporters", "investors"})
        given = raw.get("id")
        item["id"] = given if isinstance(given, str) and given not in taken_ids \
            else class_id(str(item["name"]), taken_ids)
        taken_ids.add(item["id"])
    return item


def group_problem(group: Group, items: list[dict[str, Any]], answers: Answers) -> str | None:
    found = group_problem_at(group, items, answers)
    return found[0] if found else None


def group_problem_at(group: Group, items: list[dict[str, Any]],
                     answers: Answers) -> tuple[str, int | None] | None:
    """The first problem with the list, and the index of the item at fault if one is."""
    if len(items) < group.minimum:
        return f"at least {group.minimum} {group.item}s are needed", None
    data = build_spec_data(complete(answers | {group.key: items}, placeholders=True))
    try:
        spec = Spec.model_validate(data)
    except ValidationError:
        return None
    for finding in _errors_at(spec, (group.key,)):
        index = finding.path[1] if len(finding.path) > 1 and isinstance(
            finding.path[1], int) else None
        return f"{finding.message}: {finding.fix}", index
    return None


# --- building the spec -------------------------------------------------------------------

def build_spec_data(answers: Answers) -> dict[str, Any]:
    """The spec as plain data (ready for YAML), from answers that apply."""
    data: dict[str, Any] = {"spec_version": CURRENT_SPEC_VERSION}
    for _, item in all_items():
        if is_helper(item.key) or item.key not in answers or not item.when(answers):
            continue
        value = answers[item.key]
        if value is None:
            continue
        _set(data, spec_path(item.key), plain_data(value))
    for key, value in answers.items():
        if key.startswith(PASSTHROUGH):
            _set(data, spec_path(key.removeprefix(PASSTHROUGH)), plain_data(value))
    if answers.get("_council") is True and "council" in data and "seats" not in data["council"]:
        data["council"]["seats"] = suggested_council_seats(answers.get("member_classes") or [])
    choice = answers.get("_secretary")
    founders = answers.get("founding_members") or []
    if isinstance(choice, int) and 0 <= choice < len(founders):
        founder = founders[choice]
        data["secretary"] = {"name": founder["name"], "address": founder["address"]}
    ordered: dict[str, Any] = _in_spec_order(data, Spec)
    return ordered


def suggested_council_seats(classes: list[dict[str, Any]]) -> dict[str, int]:
    """Two councillors for each class, and for the classes of people receiving care as
    many together as all the others, so that they hold half of the council."""
    receiving = [c["id"] for c in classes if c.get("role") == "people_receiving_care"]
    others = [c["id"] for c in classes if c.get("role") != "people_receiving_care"]
    seats = dict.fromkeys(others, 2)
    if receiving:
        share, extra = divmod(max(2 * len(others), 2), len(receiving))
        seats.update({cid: share + (n < extra) for n, cid in enumerate(receiving)})
    return {c["id"]: seats[c["id"]] for c in classes}


def _in_spec_order(data: Any, model: type[BaseModel]) -> Any:
    """Keys in the order the spec declares them, so the file reads like the examples."""
    if isinstance(data, list):
        return [_in_spec_order(item, model) for item in data]
    if not isinstance(data, dict):
        return data
    ordered: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        if name in data:
            inner = unwrap_model(info.annotation)
            ordered[name] = _in_spec_order(data[name], inner) if inner else data[name]
    ordered.update({k: v for k, v in data.items() if k not in ordered})
    return ordered


def _set(data: dict[str, Any], path: PathKey, value: Any) -> None:
    target = data
    for part in path[:-1]:
        target = target.setdefault(str(part), {})
    target[str(path[-1])] = value


def plain_data(value: Any) -> Any:
    """YAML-friendly values: Decimal becomes int or float; containers recurse."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, BaseModel):  # a passed-through section, checked as the spec reads it
        return plain_data(value.model_dump())
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, list | tuple):
        return [plain_data(v) for v in value]
    if isinstance(value, dict):
        return {str(k): plain_data(v) for k, v in value.items()}
    return value


# --- answers given up front (--answers, --set) ----------------------------------------

def given_answers(data: dict[str, Any]) -> tuple[Answers, list[str]]:
    """Flatten a spec-shaped answers file into question keys; list keys that fit nothing."""
    keys = {item.key: item for _, item in all_items()}
    flat: Answers = {}
    unknown: list[str] = []

    def walk(node: Any, prefix: str) -> None:
        for key, value in node.items():
            name = f"{prefix}{key}"
            if name in keys or (is_helper(name) and name in keys):
                flat[name] = value
            elif name == "secretary" and isinstance(value, dict):
                flat.update({f"secretary.{k}": v for k, v in value.items()})
            elif name == "spec_version":
                continue
            elif isinstance(value, dict) and any(k.startswith(name + ".") for k in keys):
                walk(value, name + ".")
            elif _is_spec_field(spec_path(name)):
                flat[PASSTHROUGH + name] = value  # a spec field the interview never asks
            else:
                unknown.append(name)

    walk(data, "")
    _derive_helpers(flat)
    # A file shaped like coop.yaml means what coop.yaml means: within a section it gives,
    # a field it leaves out takes the spec's default, exactly as `coopfound check` reads it.
    for key, item in keys.items():
        if (key not in flat and isinstance(item, Question) and key.split(".")[0] in data
                and (item.default is SPEC_DEFAULT or callable(item.default))):
            try:
                flat[key] = spec_default(spec_path(key))
            except KeyError:  # no default in the spec: the interview's own applies
                continue
    return flat, unknown


def _derive_helpers(flat: Answers) -> None:
    """Helper answers a spec-shaped file does not hold, worked out from what it does."""
    if "_investors" not in flat and ("member_classes" in flat
                                     or any(k.startswith("shares.") for k in flat)):
        # The helper only shapes defaults and whether interest is asked about; a file
        # that gives the classes and shares has answered both.
        flat["_investors"] = flat.get("shares.interest.paid") is True
    name = flat.get("society.name")
    in_wales = flat.get("society.registered_office.nation") == "wales"
    if "_name_ending" not in flat and in_wales and isinstance(name, str) and name.split():
        last = name.split()[-1]
        if last in {"Limited", "Cyfyngedig"}:
            flat["_name_ending"] = last
    if "_council" not in flat and any(k.startswith(("council.", PASSTHROUGH + "council"))
                                      for k in flat):
        flat["_council"] = True
    elif "_council" not in flat and any(k.startswith("board.") for k in flat):
        # A file that gives the board but no council means what coop.yaml would: none.
        flat["_council"] = False
    if "_secretary" not in flat and "secretary.name" in flat:
        founders = flat.get("founding_members")
        names = [f.get("name") for f in founders if isinstance(f, dict)] if isinstance(
            founders, list) else []
        if flat["secretary.name"] in names:
            flat["_secretary"] = names.index(flat["secretary.name"])
            flat.pop("secretary.name")
            flat.pop("secretary.address", None)
        else:
            flat["_secretary"] = SOMEONE_ELSE


def _is_spec_field(path: PathKey) -> bool:
    try:
        field_adapter(path)
    except KeyError:
        return False
    return True


def is_question_key(key: str) -> bool:
    return any(item.key == key for _, item in all_items())


def suggest_key(key: str) -> str | None:
    keys = [item.key for _, item in all_items()]
    close = difflib.get_close_matches(key, keys, n=1, cutoff=0.6)
    return close[0] if close else None


def accept_given(given: Answers, answers: Answers,
                 explicit: frozenset[str] = frozenset()) -> tuple[Answers, list[tuple[str, str]]]:
    """Check answers given up front, in interview order. Returns the accepted answers and
    (key, reason) for each that could not be accepted.

    A question that does not apply to the other answers is refused when it was asked for
    explicitly (`explicit`, from --set); from a spec-shaped file it is kept as the file
    gives it, as `coopfound check` would read it.
    """
    result = dict(answers)
    problems: list[tuple[str, str]] = []
    for key, raw in given.items():
        if key.startswith(PASSTHROUGH):
            try:
                result[key] = check_value(spec_path(key.removeprefix(PASSTHROUGH)), raw)
            except AnswerError as error:
                problems.append((key.removeprefix(PASSTHROUGH), str(error)))
    for _, item in all_items():
        if item.key not in given:
            continue
        if not item.when(complete(result, placeholders=True)):
            if item.key in explicit:
                problems.append((item.key, "this question does not apply to the other"
                                           " answers (for example to a community benefit"
                                           " society)"))
            elif isinstance(item, Question) and not is_helper(item.key):
                try:
                    result[PASSTHROUGH + item.key] = check_value(spec_path(item.key),
                                                                 given[item.key])
                except AnswerError as error:
                    problems.append((item.key, str(error)))
            continue
        raw = given[item.key]
        try:
            if isinstance(item, Group):
                if not isinstance(raw, list):
                    raise AnswerError(f"give a list of {item.item}s")
                taken: set[str] = set()
                items = [accept_group_item(item, entry, result, i, taken)
                         for i, entry in enumerate(raw)]
                problem = group_problem(item, items, result)
                if problem:
                    raise AnswerError(problem)
                result[item.key] = items
            else:
                result[item.key] = accept(item, raw, result)
        except AnswerError as error:
            problems.append((item.key, str(error)))
    return result, problems
