"""Dates as people write them: "15 March 2027", "15/03/2027", "2027-03-15".

UK order only (day before month): "03/04/2027" is 3 April. A date that could not exist
("31 June 2027") is refused rather than guessed.
"""

from __future__ import annotations

import calendar
import re
from datetime import date

_MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): number for number, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_NUMERIC = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
_WORDS = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]+)\.?,?\s+(\d{4})$")
_MONTH_FIRST = re.compile(r"^([A-Za-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})$")

EXAMPLE = "15 March 2027 or 15/03/2027"


def parse_date(text: str) -> date | None:
    """The date `text` names, or None if it is not a date in any form we read."""
    text = " ".join(text.split())
    parts: tuple[int, int, int] | None = None
    if match := _ISO.match(text):
        parts = int(match[1]), int(match[2]), int(match[3])
    elif match := _NUMERIC.match(text):
        parts = int(match[3]), int(match[2]), int(match[1])
    elif (match := _WORDS.match(text)) and match[2].lower() in _MONTHS:
        parts = int(match[3]), _MONTHS[match[2].lower()], int(match[1])
    elif (match := _MONTH_FIRST.match(text)) and match[1].lower() in _MONTHS:
        parts = int(match[3]), _MONTHS[match[1].lower()], int(match[2])
    if parts is None:
        return None
    try:
        return date(*parts)
    except ValueError:
        return None


def add_months(day: date, months: int) -> date:
    """The same day `months` later; the last day of a month stays the last day (30 June
    plus 6 months is 31 December, not 30 December). The founding timeline, the AGM
    deadline in `annual` and the second meeting in `amend` all count months this way."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    last = calendar.monthrange(year, month)[1]
    month_end = day.day == calendar.monthrange(day.year, day.month)[1]
    return date(year, month, last if month_end else min(day.day, last))
