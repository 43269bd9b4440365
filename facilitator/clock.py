"""Where time comes from: a monotonic clock for durations and a UTC clock for records.

Engines take a ``Clock`` so tests can pass a ``FakeClock`` and never sleep.
"""

from __future__ import annotations

import sys
import time
from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    def monotonic(self) -> float:
        """Seconds from an arbitrary start; never goes backwards, keeps counting in sleep."""

    def now(self) -> datetime:
        """The current time, timezone-aware UTC."""


# A monotonic clock that keeps counting while the laptop sleeps, so a round left running
# through a closed lid is seen as a gap (the facilitator then chooses) instead of silently
# freezing: CLOCK_BOOTTIME on Linux, CLOCK_MONOTONIC on macOS (Python's own monotonic stops
# in sleep on both); Windows' monotonic already counts sleep.
_SLEEP_AWARE = getattr(time, "CLOCK_BOOTTIME", None)
if _SLEEP_AWARE is None and sys.platform == "darwin":
    _SLEEP_AWARE = getattr(time, "CLOCK_MONOTONIC", None)


def _sleep_aware_monotonic() -> float:
    if _SLEEP_AWARE is not None:
        return time.clock_gettime(_SLEEP_AWARE)
    return time.monotonic()


class SystemClock:
    """The real clocks of the machine."""

    def monotonic(self) -> float:
        return _sleep_aware_monotonic()

    def now(self) -> datetime:
        return datetime.now(UTC)


class FakeClock:
    """A clock that moves only when told to; for tests and simulations."""

    def __init__(self, start: datetime | None = None, monotonic_start: float = 1000.0) -> None:
        self._mono = monotonic_start
        self._now = start or datetime(2026, 3, 2, 9, 0, tzinfo=UTC)

    def monotonic(self) -> float:
        return self._mono

    def now(self) -> datetime:
        return self._now

    def advance(self, seconds: float) -> None:
        """Move both clocks forward together."""
        self._mono += seconds
        self._now += timedelta(seconds=seconds)

    def jump_wall_clock(self, seconds: float) -> None:
        """Change only the wall clock, as when the user changes the system time."""
        self._now += timedelta(seconds=seconds)


def utc_now_iso(clock: Clock | None = None) -> str:
    """UTC now as ISO-8601 text with a timezone, the form every stored timestamp takes."""
    return iso((clock or SystemClock()).now())


def iso(moment: datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError("timestamps must be timezone-aware")
    return moment.astimezone(UTC).isoformat(timespec="milliseconds")


def parse_iso(text: str) -> datetime:
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment
