"""The countdown over a session's phases: a state machine that keeps deadlines, not ticks.

A running round keeps a deadline on the injected clock's monotonic scale and computes
``remaining = deadline - now``; nothing is decremented, so a stalled screen or a slow
repaint never makes the timer late. Every transition is handed as data (a ``Transition``
of ``TimerEvent``s with their UTC times, deadlines and time left) to the timer's store,
and shows only once it is stored; ``Timer.resume`` rebuilds the state from those events
after the app was closed or killed (``facilitator.timer_replay``). A gap between two looks
at the clock (a laptop asleep) is reported by ``check_gap`` and the facilitator chooses:
pause at the moment it slept, or go on. The same question is asked when the app restarts
on a running round and the stored times show that the wall clock moved while it was
closed (``facilitator.time_away``). The cues the room hears are ``facilitator.timer_cues``;
what is read and written is ``facilitator.timer_store``.
"""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Protocol

from facilitator import timer_store
from facilitator.clock import Clock, iso, parse_iso
from facilitator.errors import ValidationError
from facilitator.model import MAX_PHASE_S, Phase, SessionStatus, TimerEvent, TimerEventKind
from facilitator.session_time import local_zone_name
from facilitator.store.database import Database
from facilitator.time_away import Gap
from facilitator.timer_cues import Cue, CueKind, Cues, TimerSettings
from facilitator.timer_replay import replay
from facilitator.timer_store import Columns, StoredRun, Transition
from facilitator.timer_view import TimerState, TimerView

__all__ = [
    "Cue",
    "CueKind",
    "Timer",
    "TimerLog",
    "TimerSettings",
    "TimerState",
    "TimerView",
]


class TimerLog(Protocol):
    """Where a timer's transitions go (``timer_store.TimerStore`` keeps them in the
    database); a test may keep them in a list."""

    def anyone_present(self) -> bool: ...

    def commit(self, transition: Transition) -> None: ...


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
    """The countdown of one session's agenda. Every transition is stored before it shows.

    Construct with ``Timer.resume(database, session_id, clock)``: a fresh session starts
    "not started" on its first phase; a session that ran before picks up where it was.
    ``Timer.restore`` does the same from a ``StoredRun`` and any ``TimerLog``.
    """

    def __init__(
        self,
        session_id: str,
        phases: list[Phase],
        clock: Clock,
        settings: TimerSettings | None = None,
        *,
        log: TimerLog,
        next_seq: int = 1,
        started_at: str | None = None,
    ) -> None:
        self.session_id = session_id
        self.clock = clock
        self._cues = Cues(settings or TimerSettings())
        self._log = log
        self.phases = list(phases)
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
        self._started_at = started_at  # the session's start as stored (UTC)
        self._last_seen = now
        self._paused_at: float | None = None
        self._ended: float | None = None  # monotonic, once finished
        self._gap: Gap | None = None
        self._seq = next_seq
        self.resume_note = ""  # what a restart had to assume
        # A first phase shorter than a warning starts past it: no "1 minute left" with 45 s.
        self._cues.arm(self._remaining)

    # -------------------------------------------------------------- building
    @classmethod
    def resume(
        cls,
        database: Database,
        session_id: str,
        clock: Clock,
        settings: TimerSettings | None = None,
    ) -> Timer:
        """The session's timer rebuilt from its stored events (fresh when there are none),
        storing its transitions in ``database``."""
        stored = timer_store.load(database, session_id)
        return cls.restore(stored, clock, settings, timer_store.TimerStore(database, session_id))

    @classmethod
    def restore(
        cls,
        stored: StoredRun,
        clock: Clock,
        settings: TimerSettings | None,
        log: TimerLog,
    ) -> Timer:
        """The timer as the stored run leaves it, handing its transitions to ``log``."""
        session = stored.session
        timer = cls(
            session.id,
            stored.phases,
            clock,
            settings,
            log=log,
            next_seq=stored.next_seq,
            started_at=session.started_at,
        )
        if stored.events:
            timer._pick_up(stored)
        elif session.status is SessionStatus.FINISHED:
            timer._state = TimerState.FINISHED
        return timer

    def _pick_up(self, stored: StoredRun) -> None:
        now = self.clock.monotonic()
        was = replay(
            self.phases,
            stored.session,
            stored.events,
            now=now,
            now_utc=self.clock.now(),
            pause_is_break_s=self.settings.pause_is_break_s,
        )
        self._left = was.left
        self.index = was.index
        self._allotted = was.allotted
        self._session_start = was.session_start
        self._cues.break_anchor = was.break_anchor
        self._remaining = was.remaining
        self.resume_note = was.note
        if was.finished:
            self._state = TimerState.FINISHED
            self._ended = was.ended
            return
        if was.running:
            self._deadline = now + was.remaining
            self._state = TimerState.RUNNING
            self._gap = was.gap
        else:
            self._state = TimerState.PAUSED
            self._paused_at = was.paused_at
        self._last_seen = now
        self.rearm(now)

    @property
    def settings(self) -> TimerSettings:
        return self._cues.settings

    @settings.setter
    def settings(self, settings: TimerSettings) -> None:
        """New settings apply from now on; call ``rearm`` so passed cues stay quiet."""
        self._cues.settings = settings

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
    def rearm(self, now: float | None = None) -> None:
        """After the settings changed (or a restart): cues already passed stay quiet."""
        now = self._now(now)
        self._cues.arm(self.remaining_at(now))
        self._cues.skip_passed_breaks(now)

    def due_cues(self, now: float | None = None) -> list[Cue]:
        """Cues that became due since the last call, each reported once."""
        now = self._now(now)
        if self._state is not TimerState.RUNNING or self._gap is not None:
            return []
        return self._cues.due(self.phase, self.remaining_at(now), now)

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
                        TimerEventKind.RESUME, at_utc=now_utc, remaining=remaining, running=True
                    )
                ]
            )
            more = gap.seconds - (gap.counted_s if gap.counted_s is not None else gap.seconds)
            self._deadline = now + remaining
            if self._session_start is not None:
                self._session_start -= more
            if self._cues.break_anchor is not None:
                self._cues.break_anchor -= more
            self.rearm(now)  # as at any resume: passed is passed
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
        if not self._log.anyone_present():
            raise ValidationError(
                "Nobody is marked present. Mark who is here before starting the session."
            )
        now = self.clock.monotonic()
        now_utc = self.clock.now()
        session_changes: Columns = {"status": SessionStatus.RUNNING.value}
        if not self._started_at:
            session_changes["started_at"] = iso(now_utc)
            session_changes["time_zone"] = local_zone_name()  # the room's zone, for its record
        self._enter_running(now, now_utc, session_changes=session_changes)
        self._started_at = self._started_at or iso(now_utc)
        self._session_start = now
        self._cues.stretch_starts(now)

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
            self._cues.stretch_starts(now)
        self._enter_running(now, self.clock.now())

    def extend(self, seconds: float = 60.0) -> None:
        """Give the current phase more time (+1 minute by default)."""
        amount = _check_amount(seconds, "Extend")
        self._require_not_finished()
        if self._allotted + amount > MAX_PHASE_S:
            raise ValidationError("A phase can last at most 8 hours.")
        self._change_time(TimerEventKind.EXTEND, amount)
        self._cues.more_time(self.remaining_at())

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
        phase_changes: dict[str, Columns] = {self.phase.id: {"ended_at": self._ended_at(now_utc)}}
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
        running: bool = False,
        amount: float | None = None,
        phase: Phase | None = None,
    ) -> TimerEvent:
        """The next event; a running round's carries its deadline (``remaining`` from
        ``at_utc``), on the wall clock, for a restart to count from."""
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
            deadline_utc=iso(at + timedelta(seconds=remaining)) if running else None,
            remaining_s=round(remaining, 3),
            amount_s=amount,
        )
        self._seq += 1
        return event

    def _commit(
        self,
        events: list[TimerEvent],
        *,
        phases: dict[str, Columns] | None = None,
        session: Columns | None = None,
    ) -> None:
        """Hand the transition to the log; if it is refused, its event numbers are free."""
        first = self._seq - len(events)
        try:
            self._log.commit(Transition(tuple(events), phases or {}, session or {}))
        except Exception:
            self._seq = first  # nothing was stored; the numbers are free again
            raise

    def _enter_running(
        self, now: float, now_utc: datetime, *, session_changes: Columns | None = None
    ) -> None:
        """Run the current phase from its remaining time: START the first time, else RESUME."""
        phase = self.phase
        remaining = self._remaining
        first_time = not phase.started_at
        kind = TimerEventKind.START if first_time else TimerEventKind.RESUME
        phase_changes: dict[str, Columns] = {}
        if first_time:
            phase_changes[phase.id] = {"started_at": iso(now_utc), "ended_at": None}
        self._commit(
            [self._event(kind, at_utc=now_utc, remaining=remaining, running=True)],
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
        # Before the start nothing is recorded; the first START carries the new time.
        if self._state is not TimerState.NOT_STARTED:
            self._commit(
                [
                    self._event(
                        kind, at_utc=now_utc, remaining=remaining, running=running, amount=amount
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
        phase_changes: dict[str, Columns] = {}
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
                    running=True,
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
            self._cues.stretch_starts(now)
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
        self._cues.arm(target_remaining)
        self._last_seen = now

    def _load_target(self, phase: Phase) -> None:
        remaining, allotted = self._left.get(
            phase.id, (float(phase.planned_s), float(phase.planned_s))
        )
        self._remaining = remaining
        self._allotted = allotted
        self._cues.arm(remaining)
