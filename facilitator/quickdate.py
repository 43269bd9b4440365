"""Dates as a scribe types them: "fri", "tomorrow", "+3d", "2w", "2026-12-01", "1 dec", "5".

``parse_date(text, today)`` turns such text into a ``date`` (or ``None`` for nothing typed)
and refuses anything else with a message that shows what works. Relative forms count from
``today``, which the caller passes in, so the same text means the same date in tests.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from facilitator.errors import ValidationError

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
EXAMPLES = "fri, tomorrow, +3d, 2w, 1 dec or 2026-12-01"

_OFFSET = re.compile(
    r"^(?:in\s+)?\+?\s*(\d{1,4})\s*(d|day|days|w|wk|week|weeks|m|mo|month|"
    r"months)?$"
)
_DAY_MONTH = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?[\s./-]*([a-z]{3,9})\.?(?:[\s,]+(\d{4}))?$")
_MONTH_DAY = re.compile(r"^([a-z]{3,9})\.?[\s./-]*(\d{1,2})(?:st|nd|rd|th)?(?:[\s,]+(\d{4}))?$")


def _weekday(word: str) -> int | None:
    if len(word) < 2:
        return None
    matches = [i for i, name in enumerate(WEEKDAYS) if name.startswith(word)]
    return matches[0] if len(matches) == 1 else None


def _month(word: str) -> int | None:
    if len(word) < 3:
        return None
    matches = [i + 1 for i, name in enumerate(MONTHS) if name.startswith(word)]
    return matches[0] if len(matches) == 1 else None


def _add_months(start: date, months: int) -> date:
    year, month = divmod(start.month - 1 + months, 12)
    year += start.year
    month += 1
    for day in (start.day, 30, 29, 28):
        try:
            return date(year, month, day)
        except ValueError:
            continue
    raise ValidationError("That date is out of range.")  # pragma: no cover - day 28 exists


def _day_in_month(day: int, month: int, year: int | None, today: date) -> date:
    """A day and month; without a year, the next such day from today on."""
    try:
        if year is not None:
            return date(year, month, day)
        candidate = date(today.year, month, day)
        if candidate < today:
            candidate = date(today.year + 1, month, day)
        return candidate
    except ValueError:
        raise ValidationError(
            f"There is no day {day} in {MONTHS[month - 1].capitalize()}."
        ) from None


def _day_of_month(day: int, today: date) -> date:
    """A bare "5": the next 5th of a month, from today on."""
    if not 1 <= day <= 31:
        raise ValidationError(f"There is no day {day} in a month; try {EXAMPLES}.")
    year, month = today.year, today.month
    for _ in range(13):
        try:
            candidate = date(year, month, day)
        except ValueError:
            candidate = None
        if candidate is not None and candidate >= today:
            return candidate
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    raise ValidationError(f"There is no day {day} in a month; try {EXAMPLES}.")


def parse_date(text: str | None, today: date) -> date | None:
    """The date meant by ``text``; ``None`` when it is empty. Raises ``ValidationError``."""
    if text is None:
        return None
    raw = " ".join(text.split())
    if not raw:
        return None
    word = raw.lower()
    try:
        return date.fromisoformat(raw)
    except ValueError:
        pass
    if word in ("today", "tod", "now"):
        return today
    if word in ("tomorrow", "tmrw", "tmr", "tom"):
        return today + timedelta(days=1)
    if word == "yesterday":
        return today - timedelta(days=1)
    if word.startswith("next "):
        weekday = _weekday(word[5:].strip())
        if weekday is not None:
            # "next fri": the Friday of next week, never this week's.
            monday_next = today + timedelta(days=7 - today.weekday())
            return monday_next + timedelta(days=weekday)
    weekday = _weekday(word)
    if weekday is not None:
        # "fri": the coming Friday; on a Friday that means a week from today.
        ahead = (weekday - today.weekday()) % 7 or 7
        return today + timedelta(days=ahead)
    if word.isdigit() and len(word) <= 2:
        return _day_of_month(int(word), today)
    offset = _OFFSET.match(word)
    if offset:
        amount = int(offset.group(1))
        unit = (offset.group(2) or "d")[0]
        if unit == "d":
            return today + timedelta(days=amount)
        if unit == "w":
            return today + timedelta(weeks=amount)
        return _add_months(today, amount)
    for pattern, day_group, month_group in ((_DAY_MONTH, 1, 2), (_MONTH_DAY, 2, 1)):
        found = pattern.match(word)
        if found:
            month = _month(found.group(month_group))
            if month is not None:
                year = int(found.group(3)) if found.group(3) else None
                return _day_in_month(int(found.group(day_group)), month, year, today)
    raise ValidationError(f"{raw!r} is not a date I understand; try {EXAMPLES}.")


def describe(day: date, today: date) -> str:
    """A short, friendly reading of a date: "Fri 6 Mar 2026 (in 4 days)"."""
    delta = (day - today).days
    if delta == 0:
        when = "today"
    elif delta == 1:
        when = "tomorrow"
    elif delta == -1:
        when = "yesterday"
    elif delta > 0:
        when = f"in {delta} days"
    else:
        when = f"{-delta} days ago"
    return f"{short_date(day)} ({when})"


def short_date(day: date) -> str:
    """ "Fri 6 Mar 2026" in English whatever the system locale (strftime follows it)."""
    return (
        f"{WEEKDAYS[day.weekday()][:3].capitalize()} {day.day} "
        f"{MONTHS[day.month - 1][:3].capitalize()} {day.year}"
    )
