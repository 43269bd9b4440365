"""What the timer tells the room, and when: the facilitator's timer settings and the cues
of a running round (time nearly up, time up, a break due), each reported once.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum

from facilitator.durations import spoken_duration
from facilitator.errors import ValidationError
from facilitator.model import Phase


class CueKind(StrEnum):
    WARNING = "warning"
    TIME_UP = "time_up"
    BREAK_DUE = "break_due"
    SLOT_UP = "slot_up"  # a round-robin speaker's equal slot ran out


@dataclass(frozen=True, slots=True)
class Cue:
    """Something the room should notice now; reported once by ``Timer.due_cues``."""

    kind: CueKind
    phase_id: str
    message: str
    seconds: float = 0.0  # the threshold (warnings) or the stretch (break)


@dataclass(frozen=True, slots=True)
class TimerSettings:
    """What the facilitator may configure; the defaults suit most workshops."""

    warnings_s: tuple[float, ...] = (60.0,)  # "time is nearly up" at these seconds left
    gap_s: float = 5.0  # a longer gap between looks = laptop asleep
    break_after_s: float = 90 * 60.0  # remind about a break after this long
    pause_is_break_s: float = 5 * 60.0  # a pause this long counts as a break

    def __post_init__(self) -> None:
        for value in self.warnings_s:
            if not (isinstance(value, int | float) and math.isfinite(value) and value > 0):
                raise ValidationError("Warning times must be positive numbers of seconds.")
        if not self.gap_s > 0:
            raise ValidationError("The sleep gap must be more than zero seconds.")
        if not self.break_after_s > 0:
            raise ValidationError("The break reminder must be more than zero minutes.")
        object.__setattr__(
            self, "warnings_s", tuple(sorted({float(w) for w in self.warnings_s}, reverse=True))
        )


class Cues:
    """Which cues are due as a round runs: each warning threshold once per visit of a
    phase, time up once, and a break reminder every ``break_after_s`` of work without a
    break (a break phase left, or a long pause, starts a new stretch)."""

    def __init__(self, settings: TimerSettings) -> None:
        self.settings = settings
        self._fired: set[float] = set()  # thresholds reported in this visit
        self.break_anchor: float | None = None  # start of the stretch without a break
        self._breaks_fired = 0

    def arm(self, remaining: float) -> None:
        """Thresholds already passed at this moment are not announced again."""
        self._fired = {t for t in self.settings.warnings_s if remaining <= t}
        if remaining <= 0:
            self._fired.add(0.0)

    def skip_passed_breaks(self, now: float) -> None:
        """Break reminders already due at this moment are not announced again."""
        if self.break_anchor is not None:
            self._breaks_fired = int((now - self.break_anchor) // self.settings.break_after_s)

    def stretch_starts(self, now: float) -> None:
        """The group just had a break (or starts working): a new stretch begins now."""
        self.break_anchor = now
        self._breaks_fired = 0

    def more_time(self, remaining: float) -> None:
        """The phase got more time: warnings it is no longer past are due again."""
        self._fired = {t for t in self._fired if t >= remaining}

    def due(self, phase: Phase, remaining: float, now: float) -> list[Cue]:
        """The cues that became due since the last call, each reported once."""
        cues: list[Cue] = []
        if remaining <= 0 and 0.0 not in self._fired:
            self._fired.add(0.0)
            self._fired.update(self.settings.warnings_s)
            cues.append(Cue(CueKind.TIME_UP, phase.id, f"Time is up for {phase.title}."))
        else:
            due = [t for t in self.settings.warnings_s if remaining <= t and t not in self._fired]
            if due:
                self._fired.update(due)
                threshold = min(due)
                cues.append(
                    Cue(
                        CueKind.WARNING,
                        phase.id,
                        f"{spoken_duration(threshold)} left in {phase.title}.",
                        threshold,
                    )
                )
        if self.break_anchor is not None and not phase.is_break:
            stretch = now - self.break_anchor
            if stretch >= self.settings.break_after_s * (self._breaks_fired + 1):
                self._breaks_fired = int(stretch // self.settings.break_after_s)
                cues.append(
                    Cue(
                        CueKind.BREAK_DUE,
                        phase.id,
                        f"The group has worked {spoken_duration(stretch)} without a break. "
                        "Time for a short one?",
                        stretch,
                    )
                )
        return cues
