"""The countdown over a session's phases: a state machine that stores deadlines, not ticks.

A running round keeps a deadline on the injected clock's monotonic scale and computes
``remaining = deadline - now``; nothing is decremented, so a stalled screen or a slow
repaint never makes the timer late. Every transition is stored as a ``TimerEvent`` with
its UTC time, the UTC deadline and the time left, so ``Timer.resume`` rebuilds the state
after the app was closed or killed (monotonic clocks restart with the machine; UTC does
not). A gap between two looks at the clock (a laptop asleep) is reported by ``check_gap``
and the facilitator chooses: pause at the moment it slept, or go on. The same question is
asked when the app restarts on a running round and the stored times show that the wall
clock moved while it was closed (``facilitator.time_away``): set back, or far ahead.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import StrEnum

from facilitator.clock import Clock, iso, parse_iso
from facilitator.durations import format_spoken
from facilitator.errors import ValidationError
from facilitator.model import (
    MAX_PHASE_S,
    Phase,
    SessionStatus,
    TimerEvent,
    TimerEventKind,
)
from facilitator.store import runs, sessions
from facilitator.store.database import Database
from facilitator.time_away import CLOCK_JUMP_S, LATE_MARGIN_S, Gap, GapKind, time_away


class TimerState(StrEnum):
    NOT_STARTED = "not_started"
    RUNNING = "running"
    PAUSED = "paused"
    OVERRUN = "overrun"
    FINISHED = "finished"


class CueKind(StrEnum):
    WARNING = "warning"
    TIME_UP = "time_up"
    BREAK_DUE = "break_due"
    SLOT_UP = "slot_up"  # a round-robin speaker's equal slot ran out


@dataclass(frozen=True, slots=True)
class Cue:
    """Something the room should notice now; reported once by ``due_cues``."""

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


def _check_amount(seconds: object, verb: str) -> float:
    if (
        isinstance(seconds, bool)
        or not isinstance(seconds, int | float)
        or not math.isfinite(seconds)
    ):
        raise ValidationError(f"{verb} by a number of seconds.")
    if seconds < 0:
        other = "Shorten" if verb == "Extend" else "Extend"
        raise ValidationError(
            f"{verb} by a positive amount of time; to go the other way, use {other}."
        )
    if seconds == 0:
        raise ValidationError(f"{verb} by more than zero seconds.")
    if seconds > MAX_PHASE_S:
        raise ValidationError(f"{verb} by at most 8 hours at a time.")
    return float(seconds)


class Timer:
    """The countdown of one session's agenda. Every transition is committed before it shows.

    Construct with ``Timer.resume(database, session_id, clock)``: a fresh session starts
    "not started" on its first phase; a session that ran before picks up where it was.
    """

    def __init__(
        self,
        database: Database,
        session_id: str,
        clock: Clock,
        settings: TimerSettings | None = None,
    ) -> None:
        self.database = database
        self.session_id = session_id
        self.clock = clock
        self.settings = settings or TimerSettings()
        self.phases: list[Phase] = sessions.list_phases(database, session_id)
        if not self.phases:
            raise ValidationError(
                "This session has no phases yet. Plan its agenda before running it."
            )
        now = clock.monotonic()
        self.index = 0
        self._state = TimerState.NOT_STARTED
        self._deadline: float | None = None  # monotonic, while running
        self._remaining = float(self.phases[0].planned_s)  # while not running
        self._allotted = float(self.phases[0].planned_s)
        self._left: dict[str, tuple[float, float]] = {}  # phase id -> (remaining, allotted)
        self._session_start: float | None = None  # monotonic
        self._last_seen = now
        self._fired: set[float] = set()  # thresholds reported in this visit
        self._break_anchor: float | None = None  # start of the stretch without a break
        self._breaks_fired = 0
        self._paused_at: float | None = None
        self._ended: float | None = None  # monotonic, once finished
        self._gap: Gap | None = None
        self._seq = runs.next_seq(database, session_id)
        self.resume_note = ""  # what a restart had to assume

    # -------------------------------------------------------------- building
    @classmethod
    def resume(
        cls,
        database: Database,
        session_id: str,
        clock: Clock,
        settings: TimerSettings | None = None,
    ) -> Timer:
        """The session's timer rebuilt from its stored events (fresh when there are none)."""
        timer = cls(database, session_id, clock, settings)
        timer._replay(runs.timer_events(database, session_id))
        return timer

    def _replay(self, events: list[TimerEvent]) -> None:
        session = sessions.get_session(self.database, self.session_id)
        if not events:
            if session.status is SessionStatus.FINISHED:
                self._state = TimerState.FINISHED
            return
        index_of = {p.id: i for i, p in enumerate(self.phases)}
        current = 0
        running = False
        finished = False
        deadline_utc: datetime | None = None
        remaining = float(self.phases[0].planned_s)
        allotted: dict[int, float] = {}
        left: dict[str, tuple[float, float]] = {}
        anchor_utc: datetime | None = None
        paused_utc: datetime | None = None
        for event in events:
            if event.phase_id not in index_of:
                continue  # a phase removed after it ran
            i = index_of[event.phase_id]
            at = parse_iso(event.at_utc)
            kind = event.kind
            if kind in (TimerEventKind.START, TimerEventKind.RESUME):
                if anchor_utc is None:
                    anchor_utc = at
                if (
                    paused_utc is not None
                    and (at - paused_utc).total_seconds() >= self.settings.pause_is_break_s
                ):
                    anchor_utc = at
                paused_utc = None
                if i not in allotted:
                    allotted[i] = float(event.remaining_s or self.phases[i].planned_s)
                current, running = i, True
                deadline_utc = parse_iso(event.deadline_utc) if event.deadline_utc else None
                remaining = float(event.remaining_s or 0.0)
            elif kind in (TimerEventKind.PAUSE, TimerEventKind.SLEEP):
                if i not in allotted:
                    allotted[i] = float(event.remaining_s or self.phases[i].planned_s)
                if running or paused_utc is None:
                    paused_utc = at
                current, running, deadline_utc = i, False, None
                remaining = float(event.remaining_s or 0.0)
            elif kind in (TimerEventKind.EXTEND, TimerEventKind.SHORTEN):
                sign = 1.0 if kind is TimerEventKind.EXTEND else -1.0
                allotted[i] = allotted.get(i, float(self.phases[i].planned_s)) + sign * float(
                    event.amount_s or 0.0
                )
                current = i
                remaining = float(event.remaining_s or 0.0)
                if running and event.deadline_utc:
                    deadline_utc = parse_iso(event.deadline_utc)
            elif kind in (TimerEventKind.SKIP, TimerEventKind.BACK, TimerEventKind.END):
                left[event.phase_id] = (
                    float(event.remaining_s or 0.0),
                    allotted.get(i, float(self.phases[i].planned_s)),
                )
                if self.phases[i].is_break:
                    anchor_utc = at
                if kind is TimerEventKind.END:
                    finished = True
                    current = i
        last_at = parse_iso(events[-1].at_utc)
        now_utc = self.clock.now()
        now = self.clock.monotonic()
        if running:
            left_then = (
                (deadline_utc - last_at).total_seconds() if deadline_utc is not None else remaining
            )
        else:
            left_then = remaining
        # A session still running this long after its last record is not plausible.
        plan_left = max(left_then, 0.0) + sum(p.planned_s for p in self.phases[current + 1 :])
        away = time_away(
            last_at,
            events[-1].at_monotonic,
            now_utc,
            now,
            plausible_s=min(CLOCK_JUMP_S, plan_left + LATE_MARGIN_S),
        )
        moved = (
            away.kind is not None
            and running
            and not finished
            and session.status is not SessionStatus.FINISHED
        )
        if moved:
            elapsed = away.measured_s  # a moved clock invents no time while we ask
        elif away.kind is GapKind.CLOCK_BACK or away.clock_moved_s is not None:
            # Nothing counts down in a paused or finished round; its session times count
            # only what was measured.
            elapsed = away.measured_s
            self.resume_note = (
                "The computer's clock was changed while Facilitator was "
                "closed; the session's times count only what could be "
                "measured."
            )
        else:
            elapsed = away.seconds  # a paused round may well wait overnight

        def to_mono(moment: datetime) -> float:
            return now - elapsed - (last_at - moment).total_seconds()

        self._left = left
        self.index = current
        phase = self.phases[current]
        self._allotted = allotted.get(current, float(phase.planned_s))
        started = session.started_at
        self._session_start = to_mono(parse_iso(started)) if started else to_mono(last_at)
        self._break_anchor = to_mono(anchor_utc) if anchor_utc else self._session_start
        if finished or session.status is SessionStatus.FINISHED:
            self._state = TimerState.FINISHED
            self._ended = (
                to_mono(parse_iso(session.ended_at)) if session.ended_at else to_mono(last_at)
            )
            self._remaining = left.get(phase.id, (remaining, 0.0))[0]
            return
        if running:
            self._remaining = left_then - elapsed
            self._deadline = now + self._remaining
            self._state = TimerState.RUNNING
            if moved and away.kind is not None:
                # Not applied silently: the facilitator is asked, as after a sleep.
                self._gap = Gap(
                    slept_at=now - away.seconds,
                    seconds=away.seconds,
                    remaining_at_sleep=left_then,
                    kind=away.kind,
                    clock_moved_s=away.clock_moved_s,
                    clock_says_s=away.clock_says_s,
                    counted_s=elapsed,
                )
        else:
            self._remaining = remaining
            self._state = TimerState.PAUSED
            self._paused_at = to_mono(paused_utc) if paused_utc else now
        self._last_seen = now
        self._arm_warnings(self._remaining)
        self._skip_passed_breaks(now)

    # -------------------------------------------------------------- reading
    @property
    def phase(self) -> Phase:
        return self.phases[self.index]

    def _now(self, now: float | None) -> float:
        return self.clock.monotonic() if now is None else now

    def remaining_at(self, now: float | None = None) -> float:
        """Seconds left in the current phase; negative when over time."""
        if self._deadline is not None:
            return self._deadline - self._now(now)
        return self._remaining

    def state_at(self, now: float | None = None) -> TimerState:
        if self._state is TimerState.RUNNING and self.remaining_at(now) < 0:
            return TimerState.OVERRUN
        return self._state

    @property
    def state(self) -> TimerState:
        return self.state_at()

    @property
    def is_running(self) -> bool:
        return self._state is TimerState.RUNNING

    def behind_plan_at(self, now: float | None = None) -> float | None:
        """Seconds the session will finish later than planned (negative: earlier)."""
        if self._session_start is None:
            return None
        now = self._now(now)
        planned_total = sum(p.planned_s for p in self.phases)
        if self._state is TimerState.FINISHED:
            end = self._ended if self._ended is not None else now
            return (end - self._session_start) - planned_total
        later = sum(p.planned_s for p in self.phases[self.index + 1 :])
        projected = (now - self._session_start) + max(self.remaining_at(now), 0.0) + later
        return projected - planned_total

    def view(self, now: float | None = None) -> TimerView:
        now = self._now(now)
        return TimerView(
            state=self.state_at(now),
            index=self.index,
            phase=self.phase,
            phases=tuple(self.phases),
            remaining_s=self.remaining_at(now),
            allotted_s=self._allotted,
            behind_s=self.behind_plan_at(now),
            elapsed_s=((self._ended if self._ended is not None else now) - self._session_start)
            if self._session_start is not None
            else 0.0,
            gap_pending=self._gap is not None,
        )

    # -------------------------------------------------------------- cues and gaps
    def rearm(self) -> None:
        """After the settings changed: thresholds already passed are not announced."""
        now = self.clock.monotonic()
        self._arm_warnings(self.remaining_at(now))
        self._skip_passed_breaks(now)

    def _arm_warnings(self, remaining: float) -> None:
        """Thresholds already passed at this moment are not announced again."""
        self._fired = {t for t in self.settings.warnings_s if remaining <= t}
        if remaining <= 0:
            self._fired.add(0.0)

    def _skip_passed_breaks(self, now: float) -> None:
        if self._break_anchor is not None:
            self._breaks_fired = int((now - self._break_anchor) // self.settings.break_after_s)

    def due_cues(self, now: float | None = None) -> list[Cue]:
        """Cues that became due since the last call, each reported once."""
        now = self._now(now)
        if self._state is not TimerState.RUNNING or self._gap is not None:
            return []
        cues: list[Cue] = []
        remaining = self.remaining_at(now)
        phase = self.phase
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
                        f"{format_spoken(threshold)} left in {phase.title}.",
                        threshold,
                    )
                )
        if self._break_anchor is not None and not phase.is_break:
            stretch = now - self._break_anchor
            if stretch >= self.settings.break_after_s * (self._breaks_fired + 1):
                self._breaks_fired = int(stretch // self.settings.break_after_s)
                cues.append(
                    Cue(
                        CueKind.BREAK_DUE,
                        phase.id,
                        f"The group has worked {format_spoken(stretch)} without a break. "
                        "Time for a short one?",
                        stretch,
                    )
                )
        return cues

    def check_gap(self, now: float | None = None) -> Gap | None:
        """Call on every repaint: a gap longer than ``settings.gap_s`` while running is held
        until the facilitator answers with ``pause_at_gap`` or ``continue_after_gap``."""
        now = self._now(now)
        if self._gap is not None:
            return self._gap
        before = self._last_seen
        self._last_seen = max(self._last_seen, now)
        if self._state is TimerState.RUNNING and now - before > self.settings.gap_s:
            self._gap = Gap(
                slept_at=before, seconds=now - before, remaining_at_sleep=self.remaining_at(before)
            )
            return self._gap
        return None

    @property
    def pending_gap(self) -> Gap | None:
        return self._gap

    def pause_at_gap(self) -> None:
        """Pause the round as it was when the gap began (stored as a SLEEP event).

        After a restart with a moved clock: as it was at the last record, stored now (the
        moment the gap began is only known on the clock that moved)."""
        gap = self._gap
        if gap is None:
            return
        now = self.clock.monotonic()
        at_utc = self.clock.now()
        if not gap.after_restart:
            at_utc -= timedelta(seconds=max(0.0, now - gap.slept_at))
        self._commit(
            [self._event(TimerEventKind.SLEEP, at_utc=at_utc, remaining=gap.remaining_at_sleep)]
        )
        self._gap = None
        self._deadline = None
        self._remaining = gap.remaining_at_sleep
        self._state = TimerState.PAUSED
        self._paused_at = gap.slept_at
        self._last_seen = now

    def continue_after_gap(self) -> None:
        """The round really went on while the screen was still: keep the deadline.

        After a restart with a moved clock the round counts the whole gap it was asked
        about, and this is stored (a RESUME event) so that the next restart measures from
        the clock as it is.
        """
        gap = self._gap
        now = self.clock.monotonic()
        if gap is not None and gap.after_restart and self._state is TimerState.RUNNING:
            now_utc = self.clock.now()
            remaining = gap.remaining_at_sleep - (now - gap.slept_at)
            self._commit(
                [
                    self._event(
                        TimerEventKind.RESUME,
                        at_utc=now_utc,
                        remaining=remaining,
                        deadline_utc=now_utc + timedelta(seconds=remaining),
                    )
                ]
            )
            more = gap.seconds - (gap.counted_s if gap.counted_s is not None else gap.seconds)
            self._deadline = now + remaining
            if self._session_start is not None:
                self._session_start -= more
            if self._break_anchor is not None:
                self._break_anchor -= more
            self._arm_warnings(remaining)  # as at any resume: passed is passed
            self._skip_passed_breaks(now)
        self._gap = None
        self._last_seen = max(self._last_seen, now)

    # -------------------------------------------------------------- transitions
    def toggle(self) -> TimerState:
        """Space: start, pause or resume, whichever fits."""
        if self._state is TimerState.NOT_STARTED:
            self.start()
        elif self._state is TimerState.RUNNING:
            self.pause()
        elif self._state is TimerState.PAUSED:
            self.resume_round()
        else:
            raise ValidationError("The session has ended.")
        return self.state

    def start(self) -> None:
        """Start the session on its current phase."""
        if self._state is not TimerState.NOT_STARTED:
            raise ValidationError("The session has already started.")
        if not sessions.present_ids(self.database, self.session_id):
            raise ValidationError(
                "Nobody is marked present. Mark who is here before starting the session."
            )
        now = self.clock.monotonic()
        now_utc = self.clock.now()
        session = sessions.get_session(self.database, self.session_id)
        session_changes: dict[str, str | None] = {"status": SessionStatus.RUNNING.value}
        if not session.started_at:
            session_changes["started_at"] = iso(now_utc)
        self._enter_running(now, now_utc, session_changes=session_changes)
        self._session_start = now
        self._break_anchor = now
        self._breaks_fired = 0

    def pause(self) -> None:
        self._require_running("pause")
        now = self.clock.monotonic()
        remaining = self.remaining_at(now)
        self._commit([self._event(TimerEventKind.PAUSE, remaining=remaining)])
        self._deadline = None
        self._remaining = remaining
        self._state = TimerState.PAUSED
        self._paused_at = now
        self._last_seen = now

    def resume_round(self) -> None:
        """Continue a paused round from the time it had left."""
        if self._state is not TimerState.PAUSED:
            raise ValidationError("The round is not paused.")
        now = self.clock.monotonic()
        if self._paused_at is not None and now - self._paused_at >= self.settings.pause_is_break_s:
            self._break_anchor = now
            self._breaks_fired = 0
        self._enter_running(now, self.clock.now())

    def extend(self, seconds: float = 60.0) -> None:
        """Give the current phase more time (+1 minute by default)."""
        amount = _check_amount(seconds, "Extend")
        self._require_not_finished()
        if self._allotted + amount > MAX_PHASE_S:
            raise ValidationError("A phase can last at most 8 hours.")
        self._change_time(TimerEventKind.EXTEND, amount)
        now = self.clock.monotonic()
        self._fired = {t for t in self._fired if t >= self.remaining_at(now)}

    def shorten(self, seconds: float = 60.0) -> None:
        """Take time off the current phase; it never goes below zero seconds left."""
        amount = _check_amount(seconds, "Shorten")
        self._require_not_finished()
        remaining = self.remaining_at()
        if remaining <= 0:
            raise ValidationError("This phase is already over time; move on with Next.")
        self._change_time(TimerEventKind.SHORTEN, min(amount, remaining))

    def check_move(self, *, forward: bool) -> None:
        """Raise the reason a move to the next (or previous) phase is refused, if any."""
        self._require_not_finished()
        if forward and self.index + 1 >= len(self.phases):
            raise ValidationError("This is the last phase. End the session to finish.")
        if not forward and self.index == 0:
            raise ValidationError("This is the first phase; there is nothing before it.")

    def next_phase(self) -> None:
        """Leave this phase for the next one (running on if the round was running)."""
        self.check_move(forward=True)
        self._move(self.index + 1, TimerEventKind.SKIP)

    def back(self) -> None:
        """Return to the previous phase with the time it had left when it was left."""
        self.check_move(forward=False)
        self._move(self.index - 1, TimerEventKind.BACK)

    def end_session(self) -> None:
        """Finish the session: the phase ends now and the session is marked finished."""
        if self._state is TimerState.FINISHED:
            raise ValidationError("The session has already ended.")
        if self._state is TimerState.NOT_STARTED:
            raise ValidationError("The session has not started yet.")
        now = self.clock.monotonic()
        now_utc = self.clock.now()
        remaining = self.remaining_at(now)
        phase_changes: dict[str, dict[str, str | None]] = {
            self.phase.id: {"ended_at": self._ended_at(now_utc)}
        }
        self._commit(
            [self._event(TimerEventKind.END, at_utc=now_utc, remaining=remaining)],
            phases=phase_changes,
            session={"status": SessionStatus.FINISHED.value, "ended_at": iso(now_utc)},
        )
        self.phases[self.index] = replace(
            self.phase, ended_at=phase_changes[self.phase.id]["ended_at"]
        )
        self._deadline = None
        self._remaining = remaining
        self._state = TimerState.FINISHED
        self._ended = now
        self._gap = None
        self._last_seen = now

    # -------------------------------------------------------------- internals
    def _require_running(self, verb: str) -> None:
        if self._state is not TimerState.RUNNING:
            raise ValidationError(f"There is no running round to {verb}.")

    def _require_not_finished(self) -> None:
        if self._state is TimerState.FINISHED:
            raise ValidationError("The session has ended.")

    def _ended_at(self, now_utc: datetime) -> str:
        """The phase's end, never before its start even if the system clock was set back."""
        started = self.phase.started_at
        if started and parse_iso(started) > now_utc:
            return started
        return iso(now_utc)

    def _event(
        self,
        kind: TimerEventKind,
        *,
        at_utc: datetime | None = None,
        remaining: float,
        deadline_utc: datetime | None = None,
        amount: float | None = None,
        phase: Phase | None = None,
    ) -> TimerEvent:
        now_utc = self.clock.now()
        at = at_utc or now_utc
        event = TimerEvent(
            session_id=self.session_id,
            phase_id=(phase or self.phase).id,
            seq=self._seq,
            kind=kind,
            at_utc=iso(at),
            # The same moment on both clocks, so that a restart can compare them.
            at_monotonic=self.clock.monotonic() - (now_utc - at).total_seconds(),
            deadline_utc=iso(deadline_utc) if deadline_utc else None,
            remaining_s=round(remaining, 3),
            amount_s=amount,
        )
        self._seq += 1
        return event

    def _commit(
        self,
        events: list[TimerEvent],
        *,
        phases: dict[str, dict[str, str | None]] | None = None,
        session: dict[str, str | None] | None = None,
    ) -> None:
        first = self._seq - len(events)
        try:
            runs.record_transition(
                self.database, events, phases=phases, session=session, session_id=self.session_id
            )
        except Exception:
            self._seq = first  # nothing was stored; the numbers are free again
            raise

    def _enter_running(
        self, now: float, now_utc: datetime, *, session_changes: dict[str, str | None] | None = None
    ) -> None:
        """Run the current phase from its remaining time: START the first time, else RESUME."""
        phase = self.phase
        remaining = self._remaining
        first_time = not phase.started_at
        kind = TimerEventKind.START if first_time else TimerEventKind.RESUME
        phase_changes: dict[str, dict[str, str | None]] = {}
        if first_time:
            phase_changes[phase.id] = {"started_at": iso(now_utc), "ended_at": None}
        self._commit(
            [
                self._event(
                    kind,
                    at_utc=now_utc,
                    remaining=remaining,
                    deadline_utc=now_utc + timedelta(seconds=remaining),
                )
            ],
            phases=phase_changes,
            session=session_changes,
        )
        if first_time:
            self.phases[self.index] = replace(phase, started_at=iso(now_utc), ended_at=None)
        self._deadline = now + remaining
        self._state = TimerState.RUNNING
        self._paused_at = None
        self._last_seen = now

    def _change_time(self, kind: TimerEventKind, amount: float) -> None:
        now = self.clock.monotonic()
        now_utc = self.clock.now()
        sign = 1.0 if kind is TimerEventKind.EXTEND else -1.0
        remaining = self.remaining_at(now) + sign * amount
        running = self._state is TimerState.RUNNING
        deadline_utc = now_utc + timedelta(seconds=remaining) if running else None
        if self._state is TimerState.NOT_STARTED:
            # Before the start nothing is recorded; the first START carries the new time.
            pass
        else:
            self._commit(
                [
                    self._event(
                        kind,
                        at_utc=now_utc,
                        remaining=remaining,
                        deadline_utc=deadline_utc,
                        amount=amount,
                    )
                ]
            )
        self._allotted += sign * amount
        if running:
            self._deadline = now + remaining
        else:
            self._remaining = remaining
        self._last_seen = now

    def _move(self, target: int, kind: TimerEventKind) -> None:
        now = self.clock.monotonic()
        if self._state is TimerState.NOT_STARTED:
            # Choosing where to begin: nothing has happened yet, so nothing is stored.
            self._left[self.phase.id] = (self.remaining_at(now), self._allotted)
            self.index = target
            self._load_target(self.phases[target])
            return
        now_utc = self.clock.now()
        leaving = self.phase
        was_running = self._state is TimerState.RUNNING
        left_remaining = self.remaining_at(now)
        target_phase = self.phases[target]
        target_remaining, target_allotted = self._left.get(
            target_phase.id, (float(target_phase.planned_s), float(target_phase.planned_s))
        )
        events = [self._event(kind, at_utc=now_utc, remaining=left_remaining)]
        phase_changes: dict[str, dict[str, str | None]] = {}
        if leaving.started_at:
            phase_changes[leaving.id] = {"ended_at": self._ended_at(now_utc)}
        first_time = not target_phase.started_at
        if was_running:
            enter = TimerEventKind.START if first_time else TimerEventKind.RESUME
            events.append(
                self._event(
                    enter,
                    at_utc=now_utc,
                    remaining=target_remaining,
                    phase=target_phase,
                    deadline_utc=now_utc + timedelta(seconds=target_remaining),
                )
            )
            if first_time:
                phase_changes[target_phase.id] = {"started_at": iso(now_utc), "ended_at": None}
            else:
                phase_changes[target_phase.id] = {"ended_at": None}
        else:
            events.append(
                self._event(
                    TimerEventKind.PAUSE,
                    at_utc=now_utc,
                    remaining=target_remaining,
                    phase=target_phase,
                )
            )
            if target_phase.started_at:
                phase_changes[target_phase.id] = {"ended_at": None}
        self._commit(events, phases=phase_changes)
        # The store has it; now the screen may show it.
        if leaving.id in phase_changes:
            self.phases[self.index] = replace(
                leaving, ended_at=phase_changes[leaving.id]["ended_at"]
            )
        self._left[leaving.id] = (left_remaining, self._allotted)
        if leaving.is_break:
            self._break_anchor = now
            self._breaks_fired = 0
        self.index = target
        changes = phase_changes.get(target_phase.id, {})
        self.phases[target] = replace(target_phase, **changes)  # type: ignore[arg-type]
        self._allotted = target_allotted
        if was_running:
            self._deadline = now + target_remaining
            self._state = TimerState.RUNNING
        else:
            self._deadline = None
            self._remaining = target_remaining
            self._state = TimerState.PAUSED
            if self._paused_at is None:
                self._paused_at = now
        self._arm_warnings(target_remaining)
        self._last_seen = now

    def _load_target(self, phase: Phase) -> None:
        remaining, allotted = self._left.get(
            phase.id, (float(phase.planned_s), float(phase.planned_s))
        )
        self._remaining = remaining
        self._allotted = allotted
        self._arm_warnings(remaining)
