"""A time of day as people type it into a start-time field: ``14:30``, ``14.30``, ``1430``,
``930``, ``2pm``, ``2:30 pm``, ``9``, ``9h30``, ``noon``.

Digits alone are hours (``9``, ``14``) or hours and minutes (``930``, ``1430``); ``am`` and
``pm`` read the hour on a 12-hour clock. Anything else is refused with one sentence that
says what would do, so the field can show it while the facilitator types.
"""

from __future__ import annotations

import re
from datetime import time

from facilitator.errors import ValidationError

_WORDS = {"noon": time(12, 0), "midday": time(12, 0), "midnight": time(0, 0)}
_CLOCK = re.compile(
    r"(?P<hour>\d{1,2})(?:\s*[:.h]\s*(?P<minute>\d{2})?)?\s*(?P<half>[ap])?(?:\.?m\.?)?"
)
_DIGITS = re.compile(r"(?P<digits>\d{3,4})\s*(?P<half>[ap])?(?:\.?m\.?)?")
EXAMPLES = "14:30, 1430, 2pm or 9"


def parse_time_of_day(text: str) -> time:
    """The time of day ``text`` stands for; ValidationError when it is not one."""
    typed = " ".join((text or "").lower().split())
    if typed in _WORDS:
        return _WORDS[typed]
    hour, minute, half = _pieces(typed)
    if half:
        if not 1 <= hour <= 12:
            raise _refusal(text, "on a 12-hour clock the hour is 1 to 12")
        hour = hour % 12 + (12 if half == "p" else 0)
    if hour > 23 or minute > 59:
        raise _refusal(text)
    return time(hour, minute)


def time_text(moment: time) -> str:
    """``09:30``: a time of day as the app shows and stores it."""
    return f"{moment.hour:02d}:{moment.minute:02d}"


def _pieces(typed: str) -> tuple[int, int, str]:
    """(hour, minute, "a"/"p"/"") from what was typed, or the refusal."""
    digits = _DIGITS.fullmatch(typed)
    if digits:
        number = digits.group("digits")
        return int(number[:-2]), int(number[-2:]), digits.group("half") or ""
    clock = _CLOCK.fullmatch(typed)
    if not clock:
        raise _refusal(typed)
    return int(clock.group("hour")), int(clock.group("minute") or 0), clock.group("half") or ""


def _refusal(text: str, why: str = "") -> ValidationError:
    shown = text.strip() or "(nothing)"
    reason = f": {why}" if why else ""
    return ValidationError(f"{shown!r} is not a time of day{reason}; type {EXAMPLES}.")
