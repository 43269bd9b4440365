"""Time the timer did not see: a sleep while running, or a moved clock across a restart.

``time_away`` reads the stored wall-clock and monotonic times of the last record against
the clocks now and says how long the app was away and whether the wall clock moved (set
back, or far ahead). A ``Gap`` is what the timer then holds until the facilitator chooses:
pause at the moment it was last seen, or go on; its ``question`` is what to ask.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from facilitator.durations import clock_mm_ss, countdown, countdown_left


class GapKind(StrEnum):
    SLEEP = "sleep"  # the screen was still while the app ran (a laptop asleep)
    CLOCK_BACK = "clock_back"  # restart: the wall clock is earlier than it should be
    CLOCK_AHEAD = "clock_ahead"  # restart: the wall clock jumped, or implausibly far


@dataclass(frozen=True, slots=True)
class Gap:
    """A stretch the timer did not see: the laptop slept, the app was frozen, or (at a
    restart) the app was closed while the wall clock moved. The facilitator chooses:
    ``pause_at_gap`` (the round as it was when last seen) or ``continue_after_gap``."""

    slept_at: float  # monotonic time of the last look before the gap
    seconds: float  # how long the gap was (at a restart: what can be counted)
    remaining_at_sleep: float  # what was left of the round when it slept
    kind: GapKind = GapKind.SLEEP
    clock_moved_s: float | None = None  # restart: how far the wall clock moved, when known
    clock_says_s: float = 0.0  # restart: the time since the last record, by the wall clock
    counted_s: float | None = None  # restart: what the timer counts while it asks

    @property
    def after_restart(self) -> bool:
        return self.kind is not GapKind.SLEEP

    @property
    def question(self) -> str:
        """The question to put to the facilitator, one paragraph."""
        then = countdown(self.remaining_at_sleep)
        if self.kind is GapKind.SLEEP:
            return (
                f"The timer was not updated for {clock_mm_ss(self.seconds)} (was the "
                f"laptop asleep?). Pause the round with {then} left, as it was when it "
                "stopped, or go on as if it kept running?"
            )
        if self.kind is GapKind.CLOCK_BACK:
            moved = -(self.clock_moved_s if self.clock_moved_s is not None else self.clock_says_s)
            what = (
                f"The computer's clock was set back by {clock_mm_ss(moved)} while "
                "Facilitator was closed, so the time since this round was last recorded "
                "cannot be taken from it."
            )
        elif self.clock_moved_s is not None:
            what = (
                f"The computer's clock jumped {clock_mm_ss(self.clock_moved_s)} ahead "
                "while Facilitator was closed."
            )
        else:
            what = (
                f"The computer's clock says {clock_mm_ss(self.clock_says_s)} passed "
                "since this round was last recorded, longer than the session could still "
                "be running (was the clock changed?)."
            )
        return (
            f"{what} Pause the round with {then} left, as it was when last recorded "
            f"before the app closed, or go on counting "
            f"({countdown_left(self.remaining_at_sleep - self.seconds)} now)?"
        )


CLOCKS_AGREE_S = 60.0
"""Wall clock and monotonic clock within this of each other tell the same story."""

CLOCK_JUMP_S = 12 * 3600.0
"""The most the wall clock may say passed while the app was closed before we ask.

A workshop day is shorter than 12 hours, so a running round whose app was closed longer
than that (or longer than the session could still run, see ``LATE_MARGIN_S``) was more
likely never running that long: the clock jumped, or the laptop was put away overnight."""

LATE_MARGIN_S = 3600.0
"""How far past the end of its plan a session can plausibly still be running."""


@dataclass(frozen=True, slots=True)
class TimeAway:
    """What the stored clocks say about the time between the last record and now."""

    seconds: float  # the time to count on (for a moved clock: if told to)
    kind: GapKind | None = None  # None: the wall clock can be trusted
    clock_moved_s: float | None = None  # how far it moved, when the monotonic clock says
    clock_says_s: float = 0.0  # the wall clock's own figure

    @property
    def measured_s(self) -> float:
        """What was really measured: the monotonic gap, or nothing when the clock moved
        and the monotonic clock cannot say (a paused round then counts no time)."""
        if self.kind is None or self.clock_moved_s is not None:
            return self.seconds
        return 0.0


def time_away(
    last_utc: datetime,
    last_monotonic: float | None,
    now_utc: datetime,
    now_monotonic: float,
    plausible_s: float,
) -> TimeAway:
    """How long the app was away since its last record, and whether the wall clock moved.

    The monotonic clock (stored with each record) counts from the machine's start, sleep
    included. When the wall clock's gap fits within the machine's uptime, the machine cannot
    have restarted since (its uptime would then be shorter than the gap), so the monotonic
    gap is the real one and any difference is the wall clock moving. Otherwise (another
    boot, or a record without it) only the wall clock is left: earlier than the last record
    means it went back; more than ``plausible_s`` later means it probably jumped ahead.
    """
    wall = (now_utc - last_utc).total_seconds()
    mono = None
    if last_monotonic is not None and now_monotonic >= last_monotonic:
        mono = now_monotonic - last_monotonic
    if mono is not None and wall <= now_monotonic + CLOCKS_AGREE_S:
        if abs(wall - mono) <= CLOCKS_AGREE_S:
            return TimeAway(wall, clock_says_s=wall)
        kind = GapKind.CLOCK_BACK if wall < mono else GapKind.CLOCK_AHEAD
        return TimeAway(mono, kind, clock_moved_s=wall - mono, clock_says_s=wall)
    if wall < 0:
        return TimeAway(0.0, GapKind.CLOCK_BACK, clock_says_s=wall)
    if wall > plausible_s:
        return TimeAway(wall, GapKind.CLOCK_AHEAD, clock_says_s=wall)
    return TimeAway(wall, clock_says_s=wall)
