"""How a duration reads: the room's clock, what is left, the plan difference, spoken words."""

from __future__ import annotations

import math


def format_clock(seconds: float) -> str:
    """Remaining time as the room reads it: ``12:34``, ``1:02:03``, overrun as ``+0:07``.

    A countdown rounds up (it shows 0:00 only when time is up); overrun counts whole
    seconds past the deadline.
    """
    if not math.isfinite(seconds):
        return "--:--"
    over = seconds < 0
    whole = math.floor(-seconds + 1e-9) if over else math.ceil(seconds - 1e-9)
    hours, rest = divmod(int(whole), 3600)
    minutes, secs = divmod(rest, 60)
    text = f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
    return f"+{text}" if over else text


def format_left(seconds: float) -> str:
    """``9:00 left`` or ``1:51:00 over time``."""
    if seconds < 0:
        return f"{format_clock(seconds)[1:]} over time"
    return f"{format_clock(seconds)} left"


def format_minutes(seconds: float) -> str:
    """A plan difference in whole minutes: "on plan", "3 min behind plan", "2 min ahead"."""
    minutes = round(seconds / 60)
    if minutes == 0:
        return "On plan"
    return f"{abs(minutes)} min {'behind' if minutes > 0 else 'ahead of'} plan"


def spoken_duration(seconds: float) -> str:
    """A duration as words: "1 minute", "90 seconds", "1 hour 30 minutes"."""
    seconds = round(seconds)
    if seconds < 60 or seconds % 60 and seconds < 300:
        return f"{seconds} seconds" if seconds != 1 else "1 second"
    minutes = round(seconds / 60)
    hours, minutes = divmod(minutes, 60)
    parts = []
    if hours:
        parts.append(f"{hours} hour{'s' if hours != 1 else ''}")
    if minutes:
        parts.append(f"{minutes} minute{'s' if minutes != 1 else ''}")
    return " ".join(parts)
