"""Where a session's round stands, read back from its stored timer events.

Monotonic clocks restart with the machine, UTC does not: ``replay`` walks the events (with
their UTC times, deadlines and time left), measures the time away since the last one
(``facilitator.time_away``) and places every moment the timer needs on the monotonic
clock as it is now. A running round whose wall clock moved while the app was closed is
not applied silently: it comes back with a ``Gap`` the facilitator is asked about.
Data in, data out: nothing here reads a clock or a database.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from facilitator.clock import parse_iso
from facilitator.model import Phase, Session, SessionStatus, TimerEvent, TimerEventKind
from facilitator.time_away import CLOCK_JUMP_S, LATE_MARGIN_S, Gap, GapKind, time_away

CLOCK_CHANGED_NOTE = (
    "The computer's clock was changed while Facilitator was closed; the session's times "
    "count only what could be measured."
)


@dataclass(frozen=True, slots=True)
class Resumed:
    """The round as the events leave it, its moments on the monotonic clock of ``now``."""

    index: int  # the current phase
    finished: bool
    running: bool  # else paused (when not finished)
    remaining: float  # of the current phase, now
    allotted: float  # the current phase's time including extensions
    left: dict[str, tuple[float, float]]  # phases left: id -> (remaining, allotted)
    session_start: float
    break_anchor: float  # the start of the stretch without a break
    ended: float | None  # when finished
    paused_at: float | None  # when paused
    gap: Gap | None  # a moved clock to ask about before the round counts on
    note: str  # what the restart had to assume ("" when nothing)


@dataclass
class _Walk:
    """What the events say, in UTC, as they are read one by one."""

    current: int = 0
    running: bool = False
    finished: bool = False
    deadline_utc: datetime | None = None
    remaining: float = 0.0
    anchor_utc: datetime | None = None
    paused_utc: datetime | None = None


def _walk(
    phases: list[Phase], events: list[TimerEvent], pause_is_break_s: float
) -> tuple[_Walk, dict[int, float], dict[str, tuple[float, float]]]:
    """The events read in order: where the round was, each phase's allotted time (by
    index) and what the phases that were left had left."""
    index_of = {p.id: i for i, p in enumerate(phases)}
    walk = _Walk(remaining=float(phases[0].planned_s))
    allotted: dict[int, float] = {}
    left: dict[str, tuple[float, float]] = {}
    for event in events:
        if event.phase_id not in index_of:
            continue  # a phase removed after it ran
        i = index_of[event.phase_id]
        at = parse_iso(event.at_utc)
        kind = event.kind
        if kind in (TimerEventKind.START, TimerEventKind.RESUME):
            if walk.anchor_utc is None:
                walk.anchor_utc = at
            if (
                walk.paused_utc is not None
                and (at - walk.paused_utc).total_seconds() >= pause_is_break_s
            ):
                walk.anchor_utc = at
            walk.paused_utc = None
            if i not in allotted:
                allotted[i] = float(event.remaining_s or phases[i].planned_s)
            walk.current, walk.running = i, True
            walk.deadline_utc = parse_iso(event.deadline_utc) if event.deadline_utc else None
            walk.remaining = float(event.remaining_s or 0.0)
        elif kind in (TimerEventKind.PAUSE, TimerEventKind.SLEEP):
            if i not in allotted:
                allotted[i] = float(event.remaining_s or phases[i].planned_s)
            if walk.running or walk.paused_utc is None:
                walk.paused_utc = at
            walk.current, walk.running, walk.deadline_utc = i, False, None
            walk.remaining = float(event.remaining_s or 0.0)
        elif kind in (TimerEventKind.EXTEND, TimerEventKind.SHORTEN):
            sign = 1.0 if kind is TimerEventKind.EXTEND else -1.0
            allotted[i] = allotted.get(i, float(phases[i].planned_s)) + sign * float(
                event.amount_s or 0.0
            )
            walk.current = i
            walk.remaining = float(event.remaining_s or 0.0)
            if walk.running and event.deadline_utc:
                walk.deadline_utc = parse_iso(event.deadline_utc)
        elif kind in (TimerEventKind.SKIP, TimerEventKind.BACK, TimerEventKind.END):
            left[event.phase_id] = (
                float(event.remaining_s or 0.0),
                allotted.get(i, float(phases[i].planned_s)),
            )
            if phases[i].is_break:
                walk.anchor_utc = at
            if kind is TimerEventKind.END:
                walk.finished = True
                walk.current = i
    return walk, allotted, left


def replay(
    phases: list[Phase],
    session: Session,
    events: list[TimerEvent],
    *,
    now: float,
    now_utc: datetime,
    pause_is_break_s: float,
) -> Resumed:
    """The round rebuilt from its (non-empty) events, ``now`` on both clocks."""
    walk, allotted, left = _walk(phases, events, pause_is_break_s)
    current = walk.current
    last_at = parse_iso(events[-1].at_utc)
    if walk.running and walk.deadline_utc is not None:
        left_then = (walk.deadline_utc - last_at).total_seconds()
    else:
        left_then = walk.remaining
    # A session still running this long after its last record is not plausible.
    plan_left = max(left_then, 0.0) + sum(p.planned_s for p in phases[current + 1 :])
    away = time_away(
        last_at,
        events[-1].at_monotonic,
        now_utc,
        now,
        plausible_s=min(CLOCK_JUMP_S, plan_left + LATE_MARGIN_S),
    )
    session_finished = walk.finished or session.status is SessionStatus.FINISHED
    moved = away.kind is not None and walk.running and not session_finished
    note = ""
    if moved:
        elapsed = away.measured_s  # a moved clock invents no time while we ask
    elif away.kind is GapKind.CLOCK_BACK or away.clock_moved_s is not None:
        # Nothing counts down in a paused or finished round; its session times count
        # only what was measured.
        elapsed = away.measured_s
        note = CLOCK_CHANGED_NOTE
    else:
        elapsed = away.seconds  # a paused round may well wait overnight

    def to_mono(moment: datetime) -> float:
        return now - elapsed - (last_at - moment).total_seconds()

    phase = phases[current]
    started = session.started_at
    session_start = to_mono(parse_iso(started)) if started else to_mono(last_at)
    remaining, ended, paused_at, gap = walk.remaining, None, None, None
    if session_finished:
        remaining = left.get(phase.id, (walk.remaining, 0.0))[0]
        ended = to_mono(parse_iso(session.ended_at)) if session.ended_at else to_mono(last_at)
    elif walk.running:
        remaining = left_then - elapsed
        if moved and away.kind is not None:
            # Not applied silently: the facilitator is asked, as after a sleep.
            gap = Gap(
                slept_at=now - away.seconds,
                seconds=away.seconds,
                remaining_at_sleep=left_then,
                kind=away.kind,
                clock_moved_s=away.clock_moved_s,
                clock_says_s=away.clock_says_s,
                counted_s=elapsed,
            )
    else:
        paused_at = to_mono(walk.paused_utc) if walk.paused_utc else now
    return Resumed(
        index=current,
        finished=session_finished,
        running=walk.running and not session_finished,
        remaining=remaining,
        allotted=allotted.get(current, float(phase.planned_s)),
        left=left,
        session_start=session_start,
        break_anchor=to_mono(walk.anchor_utc) if walk.anchor_utc else session_start,
        ended=ended,
        paused_at=paused_at,
        gap=gap,
        note=note,
    )


def left_running(phases: list[Phase], events: list[TimerEvent]) -> bool:
    """Whether the round was counting down at its last record (not paused, not ended)."""
    if not phases or not events:
        return False
    walk, _allotted, _left = _walk(phases, events, float("inf"))
    return walk.running and not walk.finished
