"""What the timer is doing, and all a screen shows of it at one moment."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from facilitator.model import Phase


class TimerState(StrEnum):
    NOT_STARTED = "not_started"
    RUNNING = "running"
    PAUSED = "paused"
    OVERRUN = "overrun"
    FINISHED = "finished"


@dataclass(frozen=True, slots=True)
class TimerView:
    """Everything a screen shows about the timer at one moment."""

    state: TimerState
    index: int
    phase: Phase
    phases: tuple[Phase, ...]
    remaining_s: float
    allotted_s: float  # the phase's time including extensions
    behind_s: float | None  # >0 behind plan, <0 ahead; None before the start
    elapsed_s: float  # since the session started
    gap_pending: bool

    @property
    def next_phase(self) -> Phase | None:
        return self.phases[self.index + 1] if self.index + 1 < len(self.phases) else None

    @property
    def is_last(self) -> bool:
        return self.index == len(self.phases) - 1
