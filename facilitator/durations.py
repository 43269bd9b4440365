"""Every duration as the workshop reads it, one function per purpose; nothing else in the
app turns seconds into text.

One rounding rule per purpose:

* the room's countdown (``countdown``, ``countdown_left``) rounds *up* while time is
  left, so it shows ``0:00`` only when time is up, and counts *whole* seconds past the
  deadline (``+0:07``);
* a length that was planned or measured (``clock_mm_ss``, ``signed_clock``,
  ``length_text``, ``short_length``, ``spoken_duration``) rounds to the *nearest* second;
* summaries in minutes (``minutes_text``, ``plan_difference``) round to the *nearest*
  minute (half to even); half a minute or less off the plan is "on plan", also for the
  drift a report's agenda table shows as a clock (``drift_clock``).

Negative lengths (time over, behind or ahead) keep their sign in ``clock_mm_ss`` (a
minus sign, ``−``) and ``signed_clock``; the others read the sign out in words.
"""

from __future__ import annotations

import math

UNKNOWN = "—"  # a length that is not known (a phase not run)
MINUS = "−"  # the typographic minus, as a report prints it


def _h_mm_ss(whole: int) -> str:
    """``12:34`` or, past an hour, ``1:02:03``."""
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def countdown(seconds: float) -> str:
    """The room's clock: ``12:34``, ``1:02:03``; over time as ``+0:07``; ``--:--`` when
    there is no number. Rounds up while time is left, whole seconds once it is over."""
    if not math.isfinite(seconds):
        return "--:--"
    if seconds < 0:
        return "+" + _h_mm_ss(math.floor(-seconds + 1e-9))
    return _h_mm_ss(math.ceil(seconds - 1e-9))


def countdown_left(seconds: float) -> str:
    """The countdown in words: ``9:00 left`` or ``1:51:00 over time``."""
    if seconds < 0:
        return f"{countdown(seconds)[1:]} over time"
    return f"{countdown(seconds)} left"


def stopwatch(seconds: float) -> str:
    """A count going up, as a stopwatch reads it (time spoken so far): the whole seconds
    gone, ``0:04`` from 4.0 to 4.99. Beside the countdown of the same slot, which rounds up,
    the two always add up to the slot."""
    return _h_mm_ss(max(0, math.floor(seconds + 1e-9)))


def clock_mm_ss(seconds: float | None) -> str:
    """A planned or measured length as a clock reads: ``12:05``, ``1:02:05``, negative as
    ``−0:30``, ``—`` when unknown. Nearest second."""
    if seconds is None:
        return UNKNOWN
    whole = round(abs(seconds))
    return (MINUS if seconds < 0 and whole else "") + _h_mm_ss(whole)


def signed_clock(seconds: float | None) -> str:
    """A difference from the plan: ``+1:15``, ``−0:30``, ``±0:00``; ``—`` when unknown."""
    if seconds is None:
        return UNKNOWN
    if round(seconds) == 0:
        return "±0:00"
    return ("+" if seconds > 0 else MINUS) + clock_mm_ss(abs(seconds))


def length_text(seconds: float) -> str:
    """A planned length in words: ``45 s``, ``12 min``, ``1 min 30 s``, ``1 h 05 min``
    (``1 h 05 min 10 s`` when it has seconds). Nearest second."""
    hours, rest = divmod(round(abs(seconds)), 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        text = f"{hours} h {minutes:02d} min"
        return f"{text} {secs:02d} s" if secs else text
    if minutes and secs:
        return f"{minutes} min {secs} s"
    if minutes:
        return f"{minutes} min"
    return f"{secs} s"


def short_length(seconds: float) -> str:
    """A planned length where room is short (a phase in a list, a speaker's slot):
    ``5 min`` for whole minutes, ``45 s`` under a minute, else ``1:30``. Nearest second."""
    whole = round(abs(seconds))
    if whole % 60 == 0:
        return f"{whole // 60} min"
    if whole < 60:
        return f"{whole} s"
    return _h_mm_ss(whole)


def minutes_text(seconds: float) -> str:
    """A length in whole minutes for summaries: ``52 min``, ``1 h``, ``1 h 34 min``.
    Nearest minute; the sign is the caller's to say."""
    hours, minutes = divmod(round(abs(seconds) / 60), 60)
    if hours:
        return f"{hours} h {minutes} min" if minutes else f"{hours} h"
    return f"{minutes} min"


def _on_plan(seconds: float) -> bool:
    """Off the plan by less than a minute, rounded: half a minute or less."""
    return round(abs(seconds) / 60) == 0


def plan_difference(seconds: float) -> str:
    """Where a session stands against its plan (positive: behind): ``on plan`` within
    half a minute, else ``3 min behind plan`` / ``1 h 5 min ahead of plan``."""
    if _on_plan(seconds):
        return "on plan"
    return f"{minutes_text(seconds)} {'behind' if seconds > 0 else 'ahead of'} plan"


def drift_clock(seconds: float | None) -> str:
    """How far a running agenda has drifted (positive: behind), where a table has room
    for a clock only: ``on plan`` within half a minute, else ``1:15 behind`` / ``0:45
    ahead``; ``—`` when unknown. Nearest second."""
    if seconds is None:
        return UNKNOWN
    if _on_plan(seconds):
        return "on plan"
    return f"{clock_mm_ss(abs(seconds))} {'behind' if seconds > 0 else 'ahead'}"


def spoken_duration(seconds: float) -> str:
    """A length as words for a cue read out: ``90 seconds``, ``1 minute``, ``1 hour 30
    minutes``. Nearest second; a length of five minutes or more, nearest minute."""
    seconds = round(seconds)
    if seconds < 60 or seconds % 60 and seconds < 300:
        return f"{seconds} seconds" if seconds != 1 else "1 second"
    hours, minutes = divmod(round(seconds / 60), 60)
    parts = []
    if hours:
        parts.append(f"{hours} hour{'s' if hours != 1 else ''}")
    if minutes:
        parts.append(f"{minutes} minute{'s' if minutes != 1 else ''}")
    return " ".join(parts)
