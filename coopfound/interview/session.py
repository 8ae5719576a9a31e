"""Walk the interview with a person: ask what is unanswered, then let them review it.

The asking itself is injected (`Asker`): the terminal one lives in `prompts.py`, tests
use a scripted one. After every accepted answer `save` is called, so an interrupted
interview loses nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Protocol

from coopfound.interview.answers import (
    AnswerError,
    accept,
    accept_group_item,
    applicable,
    default_value,
    get_dotted,
    group_problem,
    item_context,
    set_dotted,
)
from coopfound.interview.questions import Answers, Choice, Group, Item, Question, Section
from coopfound.spec.fields import PathKey

WRITE, CHANGE, BACK = "write", "change", "back"


class Asker(Protocol):
    def say(self, text: str, style: str | None = None) -> None: ...

    def text(self, prompt: str, default: str, check: Callable[[str], str | None]) -> str: ...

    def select(self, prompt: str, choices: Sequence[Choice], default: Any) -> Any: ...

    def confirm(self, prompt: str, default: bool) -> bool: ...

    def checkbox(self, prompt: str, choices: Sequence[Choice],
                 default: Sequence[str]) -> list[Any]: ...


def partial_key(group: Group) -> str:
    """Where a group's items are saved while the founder is still adding them."""
    return f"_partial.{group.key}"


def item_key(group: Group) -> str:
    """Where the fields of the item being entered are saved, one by one."""
    return f"_partial_item.{group.key}"


class Interview:
    def __init__(self, answers: Answers, asker: Asker, save: Callable[[Answers], None]):
        self.answers = answers
        self.asker = asker
        self.save = save

    def run(self) -> Answers:
        self.ask_missing()
        self.review()
        return self.answers

    def ask_missing(self) -> None:
        while True:
            pending = [(s, i) for s, i in applicable(self.answers) if i.key not in self.answers]
            if not pending:
                return
            section, item = pending[0]
            self._show_progress(section, item)
            self.ask_item(item)

    def _show_progress(self, section: Section, item: Item) -> None:
        items = [i for s, i in applicable(self.answers) if s is section]
        number = items.index(item) + 1
        if number == 1 or not any(i.key in self.answers for i in items):
            self.asker.say(f"\n{section.title}", style="bold")
            self.asker.say(section.intro, style="dim")
        self.asker.say(f"{section.title} · question {number} of {len(items)}", style="cyan")

    def ask_item(self, item: Item) -> None:
        if isinstance(item, Group):
            self.answers[item.key] = self._ask_group(item)
            self.answers.pop(partial_key(item), None)
        else:
            self.answers[item.key] = self._ask_question(item, self.answers)
        self.save(self.answers)

    def _ask_question(self, question: Question, answers: Answers,
                      path: PathKey | None = None, current: Any = None) -> Any:
        help_text = question.help_for(answers)
        if help_text:
            self.asker.say(help_text, style="dim")
        if current is None and question.key in answers and path is None:
            current = answers[question.key]
        default = current if current is not None else default_value(question, answers, path)
        while True:
            try:
                if question.kind == "bool":
                    raw: Any = self.asker.confirm(question.prompt, bool(default))
                elif question.kind == "multi":
                    assert question.choices is not None
                    raw = self.asker.checkbox(question.prompt, question.choices(answers),
                                              [str(v) for v in default or []])
                elif question.kind == "select":
                    assert question.choices is not None
                    choices = question.choices(answers)
                    values = [c.value for c in choices]
                    raw = self.asker.select(question.prompt, choices,
                                            default if default in values else values[0])
                else:
                    def check(text: str) -> str | None:
                        try:
                            accept(question, text, answers, path)
                        except AnswerError as error:
                            return str(error)
                        return None

                    raw = self.asker.text(question.prompt, as_text(default, question.kind),
                                          check)
                return accept(question, raw, answers, path)
            except AnswerError as error:
                self.asker.say(f"That answer cannot be used: {error}", style="red")

    def _ask_group(self, group: Group) -> list[dict[str, Any]]:
        if group.help:
            self.asker.say(group.help, style="dim")
        items: list[dict[str, Any]] = list(self.answers.get(partial_key(group), []))
        if items:
            self.asker.say(f"{group.items.capitalize()} so far: " + "; ".join(
                str(i.get("name")) for i in items))
        elif not group.default_is_placeholder and not self.answers.get(item_key(group)):
            suggested = group.default(self.answers)
            names = ", ".join(str(i["name"]) for i in suggested)
            self.asker.say(f"Suggested {group.items}: {names}.")
            if self.asker.confirm(f"Start with these {len(suggested)} {group.items}?", True):
                items = suggested
                self._save_partial(group, items)
        while True:
            problem = group_problem(group, items, self.answers) if items else None
            if self.answers.get(item_key(group)):
                pass  # an item was being entered when the interview stopped: finish it
            elif len(items) >= group.minimum and not problem:
                if not self.asker.confirm(group.prompt, False):
                    return items
            elif problem and len(items) >= group.minimum:
                self.asker.say(f"Not yet: {problem}", style="red")
            needed = (f" (at least {group.minimum} are needed)"
                      if len(items) < group.minimum else "")
            self.asker.say(f"{group.item.capitalize()} {len(items) + 1}{needed}", style="cyan")
            items.append(self._ask_group_item(group, items))
            self.answers.pop(item_key(group), None)
            self._save_partial(group, items)

    def _ask_group_item(self, group: Group, items: list[dict[str, Any]]) -> dict[str, Any]:
        index = len(items)
        # Every field is saved as it is answered, so Ctrl-C half-way through a founder
        # keeps what was typed for them.
        raw: dict[str, Any] = self.answers.setdefault(item_key(group), {})
        for question in group.fields:
            context = item_context(self.answers, raw)
            if get_dotted(raw, question.key) is not None or not question.when(context):
                continue
            path: PathKey = (group.key, index, *question.key.split("."))
            set_dotted(raw, question.key, self._ask_question(question, context, path))
            self.save(self.answers)
        taken = {str(i.get("id")) for i in items}
        return accept_group_item(group, raw, self.answers, index, taken)

    def _save_partial(self, group: Group, items: list[dict[str, Any]]) -> None:
        self.answers[partial_key(group)] = list(items)
        self.save(self.answers)

    def review(self) -> None:
        while True:
            self.asker.say(summary(self.answers))
            action = self.asker.select(
                "Is everything right?",
                [Choice(WRITE, "Yes: write the spec"), Choice(CHANGE, "Change an answer")],
                WRITE)
            if action == WRITE:
                return
            items = [i for _, i in applicable(self.answers)]
            choices = [Choice(i.key, label(i) + ": " + show(i, self.answers.get(i.key),
                                                             self.answers)) for i in items]
            key = self.asker.select("Which answer would you like to change?",
                                    [Choice(BACK, "(go back)"), *choices], BACK)
            if key == BACK:
                continue
            item = next(i for i in items if i.key == key)
            if isinstance(item, Group):
                if self.asker.confirm(f"Start the list of {item.items} again?", False):
                    self.answers.pop(item.key, None)
                else:
                    self.answers[partial_key(item)] = self.answers.pop(item.key, [])
            else:
                self.answers[item.key] = self._ask_question(item, self.answers)
            self.save(self.answers)
            self._drop_answers_that_no_longer_fit()
            self.ask_missing()

    def _drop_answers_that_no_longer_fit(self) -> None:
        """A changed answer can make a later one wrong (an asset lock that does not fit the
        new legal form): forget those, so that they are asked again."""
        for _, item in applicable(self.answers):
            if isinstance(item, Group) or item.key not in self.answers:
                continue
            value = self.answers[item.key]
            if value is None:
                continue
            try:
                accept(item, value, {k: v for k, v in self.answers.items() if k != item.key})
            except AnswerError as error:
                self.asker.say(f"Your answer to '{item.prompt}' no longer fits: {error}",
                               style="yellow")
                del self.answers[item.key]


def as_text(value: Any, kind: str = "text") -> str:
    """An answer as the founder would type it (a list of services uses semicolons)."""
    if value is None:
        return ""
    if isinstance(value, list):
        return ("; " if kind == "list" else ", ").join(str(v) for v in value)
    return str(value)


def label(item: Item) -> str:
    return item.items.capitalize() if isinstance(item, Group) else item.prompt.rstrip("?")


def show(item: Item, value: Any, answers: Answers) -> str:
    if value is None:
        return "(none)"
    if isinstance(item, Group):
        return "; ".join(_describe(item, v) for v in value)
    if item.kind == "bool":
        return "yes" if value else "no"
    if item.kind == "select" and item.choices is not None:
        labels = {c.value: c.label for c in item.choices(answers)}
        return labels.get(value, str(value))
    if item.kind == "multi":
        return ", ".join(str(v) for v in value) or "(none)"
    return as_text(value, item.kind)


def _describe(group: Group, entry: dict[str, Any]) -> str:
    """One list item, with the details a founder would want to see and correct."""
    if group.key == "member_classes":
        kind = "user class" if entry.get("user_class") else "not a user class"
        seats = entry.get("board_seats") or {}
        details = [kind, f"from age {entry.get('minimum_age')}",
                   f"{entry.get('minimum_shares')} share(s)"]
        if entry.get("qualifying_weeks"):
            details.append(f"joins after {entry['qualifying_weeks']} weeks")
        if seats.get("min"):
            details.append(f"at least {seats['min']} board seats")
        if entry.get("vote_weight_pct") is not None:
            details.append(f"{entry['vote_weight_pct']}% of the vote")
        return f"{entry.get('name')} ({', '.join(details)})"
    if group.key == "founding_members":
        return f"{entry.get('name')}, {entry.get('address')} ({entry.get('member_class')})"
    return str(entry.get("name"))


def summary(answers: Answers) -> str:
    lines = ["", "Your answers:"]
    current: Section | None = None
    for section, item in applicable(answers):
        if section is not current:
            lines.append(f"\n{section.title}")
            current = section
        lines.append(f"  {label(item)}: {show(item, answers.get(item.key), answers)}")
    return "\n".join(lines) + "\n"
