"""The filters every template may use: money, percentages, numbers in words, lists."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any

import jinja2


class EmptyValueError(jinja2.TemplateRuntimeError):
    """A template printed None or an empty string where a value belongs."""


_WORDS = (
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen", "twenty",
)


def money(amount: Decimal | int | float) -> str:
    """£1, £0.50, £100,000: pence only when there are any."""
    value = Decimal(str(amount))
    if value == value.to_integral_value():
        return f"£{int(value):,}"
    return f"£{value:,.2f}"


def pct(amount: Decimal | int | float) -> str:
    value = Decimal(str(amount)).normalize()
    text = f"{value:f}"
    return f"{text}%"


def words(number: int) -> str:
    return _WORDS[number] if 0 <= number < len(_WORDS) else str(number)


def _join(items: Iterable[Any], conjunction: str) -> str:
    texts = [str(item) for item in items]
    if not texts:
        raise EmptyValueError(f"an empty list was joined with '{conjunction}'")
    if len(texts) == 1:
        return texts[0]
    return ", ".join(texts[:-1]) + f" {conjunction} " + texts[-1]


def and_list(items: Iterable[Any]) -> str:
    return _join(items, "and")


def or_list(items: Iterable[Any]) -> str:
    return _join(items, "or")


def lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


FILTERS: dict[str, Callable[..., str]] = {
    "money": money,
    "pct": pct,
    "words": words,
    "and_list": and_list,
    "or_list": or_list,
    "lower_first": lower_first,
}
