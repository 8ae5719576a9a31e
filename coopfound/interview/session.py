"""Walk the interview with a person: ask what is unanswered, then let them review it.

The asking itself is injected (`Asker`): the terminal one lives in `prompts.py`, tests
use a scripted one. After every accepted answer `save` is called, so an interrupted
interview loses nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any, Protocol

from coopfound.interview.answers import (
    AnswerError,
    accept,
    accept_group_item,
    applicable,
    default_value,
    get_dotted,
    group_problem_at,
    item_context,
    set_dotted,
)
from coopfound.interview.questions import (
    SECTIONS,
    Answers,
    Choice,
    Group,
    Item,
    Question,
    Section,
    reserved_seats,
)
from coopfound.spec.fields import PathKey

WRITE, CHANGE, BACK, NEXT = "write", "change", "back", "next"
ADD, DONE, FIX, REMOVE = "add", "done", "fix", "remove"


class Asker(Protocol):
    def say(self, text: str, style: str | None = None) -> None: ...

    def text(self, prompt: str, default: str, check: Callable[[str], str | None]) -> str: ...

    def select(self, prompt: str, choices: Sequence[Choice], default: Any) -> Any: ...

    def confirm(self, prompt: str, default: bool) -> bool: ...

    def checkbox(self, prompt: str, choices: Sequence[Choice],
                 default: Sequence[str]) -> list[Any]: ...

    def table(self, title: str, headers: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
        ...

    def height(self) -> int: ...

    def width(self) -> int: ...


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
        if items.index(item) == 0 or not any(i.key in self.answers for i in items):
            self.asker.say(f"\n{section.title}", style="bold")
            self.asker.say(section.intro, style="dim")
        part = SECTIONS.index(section) + 1
        done, total = question_counts(self.answers)
        self.asker.say(f"Part {part} of {len(SECTIONS)} · about {done + 1} of {total}"
                       " questions", style="cyan")

    def ask_item(self, item: Item) -> None:
        if isinstance(item, Group):
            self.answers[item.key] = self._ask_group(item)
            self.answers.pop(partial_key(item), None)
        else:
            self.answers[item.key] = self._ask_question(item, self.answers)
            self._warn_after(item)
        self.save(self.answers)

    def _warn_after(self, question: Question) -> None:
        """Warnings a founder should see at once, though the answer can stand."""
        if question.key == "board.min_directors":
            reserved = reserved_seats(self.answers)
            if reserved > int(self.answers[question.key]):
                self.asker.say(
                    f"Note: {reserved} board seats are reserved for member classes, so the"
                    f" board can never be as small as {self.answers[question.key]}. Consider"
                    f" a smallest board of {reserved}.", style="yellow")

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
            self._show_items(group, suggested, f"Suggested {group.items}")
            if self.asker.confirm(f"Start with these {len(suggested)} {group.items}?", True):
                items = suggested
                self._save_partial(group, items)
        last_shown = [dict(i) for i in items]
        while True:
            if self.answers.get(item_key(group)):
                self._add_item(group, items)  # an item was being entered when it stopped
                continue
            found = group_problem_at(group, items, self.answers) if items else None
            if len(items) < group.minimum:
                left = group.minimum - len(items)
                self.asker.say(f"{group.item.capitalize()} {len(items) + 1} ({left} more"
                               f" {'is' if left == 1 else 'are'} needed)", style="cyan")
                self._add_item(group, items)
                continue
            if found is not None:
                problem, index = found
                self.asker.say(f"Not yet: {problem}", style="red")
                if index is not None and index < len(items):
                    self._fix_or_remove(group, items, index)
                    continue
                self._add_item(group, items)
                continue
            if group.key == "member_classes" and items != last_shown:
                self._show_items(group, items, "Your member classes")
                last_shown = [dict(i) for i in items]
            action = self.asker.select(
                f"{group.items.capitalize()}: {len(items)}. What next?",
                [Choice(DONE, f"These are all the {group.items}"),
                 Choice(ADD, f"Add another {group.item}"),
                 Choice(FIX, f"Change or remove a {group.item}")], DONE)
            if action == DONE:
                return items
            if action == ADD:
                self.asker.say(f"{group.item.capitalize()} {len(items) + 1}", style="cyan")
                self._add_item(group, items)
            else:
                choices = [Choice(i, str(entry.get("name"))) for i, entry in enumerate(items)]
                index = self.asker.select(f"Which {group.item}?", choices, 0)
                self._fix_or_remove(group, items, index)

    def _add_item(self, group: Group, items: list[dict[str, Any]]) -> None:
        items.append(self._ask_group_item(group, items))
        self.answers.pop(item_key(group), None)
        self._save_partial(group, items)

    def _fix_or_remove(self, group: Group, items: list[dict[str, Any]], index: int) -> None:
        """Offer to change or remove the item at fault, rather than only adding more."""
        name = str(items[index].get("name"))
        action = self.asker.select(
            f"What would you like to do with {name}?",
            [Choice(FIX, f"Change {name}"), Choice(REMOVE, f"Remove {name}"),
             Choice(BACK, "Leave it for now")], FIX)
        if action == REMOVE:
            del items[index]
        elif action == FIX:
            items[index] = self._change_item(group, items, index)
        self._save_partial(group, items)

    def _change_item(self, group: Group, items: list[dict[str, Any]],
                     index: int) -> dict[str, Any]:
        """Ask each field of one item again, its current value offered as the default."""
        old = items[index]
        raw: dict[str, Any] = {}
        for question in group.fields:
            context = item_context(self.answers, raw)
            if not question.when(context):
                continue
            path: PathKey = (group.key, index, *question.key.split("."))
            set_dotted(raw, question.key, self._ask_question(
                question, context, path, current=get_dotted(old, question.key)))
        if "id" in old:
            raw["id"] = old["id"]
        others = {str(i.get("id")) for n, i in enumerate(items) if n != index}
        return accept_group_item(group, raw, self.answers, index, others)

    def _show_items(self, group: Group, items: list[dict[str, Any]], title: str) -> None:
        if group.key == "member_classes":
            self.asker.table(title, CLASS_HEADERS, [class_row(i) for i in items])
        else:
            self.asker.say(f"{title}: " + "; ".join(str(i.get("name")) for i in items) + ".")

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
        """Every answer, a line each, a part at a time so that it fits the screen; the
        founder writes the spec or picks the part, then the answer, to change."""
        page = 0
        while True:
            pages = review_pages(self.answers, max(8, self.asker.height() - 8),
                                 self.asker.width())
            page = min(page, len(pages) - 1)
            self.asker.say("\n".join(pages[page]))
            choices = [Choice(WRITE, "Yes: write the spec")]
            if page + 1 < len(pages):
                choices.append(Choice(NEXT, f"Show more answers (page {page + 2} of"
                                            f" {len(pages)})"))
            choices.append(Choice(CHANGE, "Change an answer"))
            action = self.asker.select("Is everything right?", choices,
                                       NEXT if page + 1 < len(pages) else WRITE)
            if action == WRITE:
                return
            if action == NEXT:
                page += 1
                continue
            self._change_from_review()
            page = 0

    def _change_from_review(self) -> None:
        parts = [s for s in SECTIONS if any(x is s for x, _ in applicable(self.answers))]
        section = self.asker.select(
            "Which part?", [Choice(BACK, "(go back)"),
                            *[Choice(s.title, s.title) for s in parts]], BACK)
        if section == BACK:
            return
        items = [i for s, i in applicable(self.answers) if s.title == section]
        key = self.asker.select(
            "Which answer would you like to change?",
            [Choice(BACK, "(go back)"),
             *[Choice(i.key, label(i)) for i in items]], BACK)
        if key == BACK:
            return
        item = next(i for i in items if i.key == key)
        if isinstance(item, Group):
            if self.asker.confirm(f"Start the list of {item.items} again?", False):
                self.answers.pop(item.key, None)
            else:
                self.answers[partial_key(item)] = self.answers.pop(item.key, [])
        else:
            self.answers[item.key] = self._ask_question(item, self.answers)
            self._warn_after(item)
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
    """An answer in plain words: labels, not internal ids."""
    if value is None:
        return "(none)"
    if isinstance(item, Group):
        return ", ".join(str(entry.get("name")) for entry in value) or "(none)"
    if item.kind == "bool":
        return "yes" if value else "no"
    if item.kind in {"select", "multi"} and item.choices is not None:
        labels = {c.value: c.label for c in item.choices(answers)}
        if item.kind == "select":
            return labels.get(value, str(value))
        return ", ".join(_short(labels.get(v, str(v))) for v in value) or "(none)"
    if isinstance(value, date):
        return f"{value.day} {value:%B %Y}"
    return as_text(value, item.kind)


def _short(text: str) -> str:
    """A choice's label up to its first colon: 'Changing the purpose: ...' -> its name."""
    return text.split(":", 1)[0]


def review_pages(answers: Answers, lines_per_page: int, width: int = 10**6) -> list[list[str]]:
    """The answers grouped by part, an entry each, split into pages that fit a screen of
    `lines_per_page` rows `width` columns wide (an entry folded over two rows counts two)."""
    pages: list[list[str]] = [["", "Your answers:"]]
    used = [2]

    def rows(text: str) -> int:
        return sum(max(1, -(-len(line) // max(width - 1, 1))) for line in text.split("\n"))

    def add(text: str, heading: str) -> None:
        if used[-1] + rows(text) > lines_per_page and used[-1] > 2:
            pages.append(["", heading])
            used.append(2)
        pages[-1].append(text)
        used[-1] += rows(text)

    current: Section | None = None
    for section, item in applicable(answers):
        if section is not current:
            if used[-1] + 3 > lines_per_page and used[-1] > 2:
                pages.append([""])
                used.append(1)
            add(f"\n{section.title}", section.title)
            current = section
        add(f"  {label(item)}: {show(item, answers.get(item.key), answers)}",
            f"{section.title} (continued)")
    return pages


def summary(answers: Answers) -> str:
    return "\n".join(line for page in review_pages(answers, 10**6) for line in page) + "\n"


def question_counts(answers: Answers) -> tuple[int, int]:
    """About how many questions are answered, and how many there are: a list counts its
    fields once for each item it has (or needs)."""
    done = total = 0
    for _, item in applicable(answers):
        if isinstance(item, Group) and not item.default_is_placeholder:
            size = 2  # suggestions the founder usually takes: shown, then confirmed
        elif isinstance(item, Group):
            entries = answers.get(item.key) or answers.get(partial_key(item)) or []
            size = len(item.fields) * max(item.minimum, len(entries), 1)
        else:
            size = 1
        total += size
        if item.key in answers:
            done += size
        elif isinstance(item, Group) and item.default_is_placeholder:
            done += len(item.fields) * len(answers.get(partial_key(item)) or [])
    return min(done, total), total


CLASS_HEADERS = ("Class", "Who joins", "Votes", "Board seats")


def class_row(entry: dict[str, Any]) -> list[str]:
    """One member class as the founder reads it: who, how they join, votes, seats."""
    kind = "user class" if entry.get("user_class") else "not a user class"
    shares = entry.get("minimum_shares") or 1
    joins = [f"from age {entry.get('minimum_age')}",
             f"{shares} {'share' if shares == 1 else 'shares'}"]
    if entry.get("qualifying_weeks"):
        joins.append(f"after {entry['qualifying_weeks']} weeks")
    if entry.get("share_waived"):
        joins.append("share can be paid for them")
    weight = entry.get("vote_weight_pct")
    votes = f"{weight}% of every vote" if weight is not None else "one member, one vote"
    seats = entry.get("board_seats") or {}
    low, high = seats.get("min") or 0, seats.get("max")
    seat_text = (f"{low} to {high}" if high is not None and low else
                 f"at most {high}" if high is not None else
                 f"at least {low}" if low else "none reserved")
    return [f"{entry.get('name')} ({kind})", "; ".join(joins), votes, seat_text]
