"""What a screen reader hears on the run screen: its live facts as plain sentences.

The time left, the timer's state, the phase, who holds each role, what comes next and the
progress against the plan become accessible names, set only when they change: each change
sends Qt's NameChanged (or DescriptionChanged) event, which a screen reader may announce,
and the screen repaints five times a second. The time's name moves with the whole minute
(and with the state, the phase or an extension), not with every second on the display.
"""

from __future__ import annotations

import math

from PySide6.QtWidgets import QWidget

from facilitator.direction import isolate
from facilitator.durations import short_length
from facilitator.model import label
from facilitator.run import RunView
from facilitator.timer import TimerState, TimerView

STATE_WORDS = {
    TimerState.NOT_STARTED: "ready to start",
    TimerState.RUNNING: "running",
    TimerState.PAUSED: "paused",
    TimerState.OVERRUN: "running",
    TimerState.FINISHED: "finished",
}
BADGE_WORDS = {
    TimerState.NOT_STARTED: "Timer: ready to start",
    TimerState.RUNNING: "Timer: running",
    TimerState.PAUSED: "Timer: paused",
    TimerState.OVERRUN: "Timer: over time",
    TimerState.FINISHED: "Timer: session finished",
}


def say(widget: QWidget, name: str | None = None, description: str | None = None) -> None:
    """Give ``widget`` this accessible name and description, touching only what changed
    (every set is an event a screen reader may read out)."""
    if name is not None and widget.accessibleName() != name:
        widget.setAccessibleName(name)
    if description is not None and widget.accessibleDescription() != description:
        widget.setAccessibleDescription(description)


def spoken_length(seconds: int) -> str:
    """Whole seconds as words: ``4 minutes 12 seconds``, ``1 minute``, ``1 hour 5 minutes``."""
    hours, rest = divmod(max(0, seconds), 3600)
    minutes, secs = divmod(rest, 60)
    parts = [
        f"{n} {unit}{'s' if n != 1 else ''}"
        for n, unit in ((hours, "hour"), (minutes, "minute"), (secs, "second"))
        if n
    ]
    return " ".join(parts) or "0 seconds"


def _shown_seconds(timer: TimerView) -> tuple[int, bool]:
    """The seconds the big time shows, and whether they are over time (as ``countdown``:
    rounded up while time is left, whole seconds once over)."""
    if timer.remaining_s < 0:
        return math.floor(-timer.remaining_s + 1e-9), True
    return math.ceil(timer.remaining_s - 1e-9), False


def time_key(timer: TimerView) -> tuple[object, ...]:
    """What the time's name depends on: it is said anew when this changes. The minute
    turns as the display reaches it (4:00 left, 1:00 over), so the name says whole
    minutes while the clock runs."""
    shown, over = _shown_seconds(timer)
    minute = shown // 60 if over else math.ceil(shown / 60)
    return (timer.index, timer.state, round(timer.allotted_s), over, minute)


def time_name(timer: TimerView) -> str:
    """The big time for a screen reader: ``4 minutes 12 seconds left in Clarify, running``,
    ``1 minute over time in Clarify, paused``."""
    if timer.state is TimerState.FINISHED:
        return "The session has finished"
    shown, over = _shown_seconds(timer)
    where = f"in {timer.phase.heading}, {STATE_WORDS[timer.state]}"
    if over:
        return f"Time is up {where}" if shown == 0 else f"{spoken_length(shown)} over time {where}"
    return f"{spoken_length(shown)} left {where}"


def title_name(timer: TimerView) -> str:
    """``Phase 2 of 5: Clarify``; a step of a repeated block with its round, ``Phase 6 of
    14: Consult (round 2 of 3)``."""
    return f"Phase {timer.index + 1} of {len(timer.phases)}: {timer.phase.heading}"


def roles_name(view: RunView) -> str:
    """Who holds each role, plain: ``Facilitator: Aisha Khan; Timekeeper: Tom Becker``."""
    if not view.roles:
        return "No roles assigned for this session."
    return "; ".join(f"{isolate(h.role)}: {isolate(h.person)}" for h in view.roles)


def next_name(timer: TimerView) -> str:
    """What comes next, plain: ``Next: Debrief, 5 min, Open discussion``."""
    nxt = timer.next_phase
    if timer.state is TimerState.FINISHED:
        return "The session has finished. Everything is saved."
    if nxt is None:
        return "Next: this is the last phase."
    return f"Next: {nxt.heading}, {short_length(nxt.planned_s)}, {label(nxt.mode)}"
