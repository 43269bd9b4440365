"""A session being run: the timer, the current phase's speaking turns and who holds which
role, behind one object whose methods are the facilitator's actions.

Each action is one transaction (timer events and speaking turns together); if the store
refuses it, the in-memory state is rebuilt from the store, which stays the truth.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from facilitator.clock import Clock
from facilitator.errors import StoreError, ValidationError
from facilitator.model import Phase, PhaseMode, RoleAssignment, label
from facilitator.rotation import item_phase_id
from facilitator.store import assignments, runs, sessions, teams
from facilitator.store.database import Database
from facilitator.time_away import Gap
from facilitator.timer import Cue, CueKind, Timer, TimerSettings, TimerState, TimerView
from facilitator.turns import Turns, rotation_offset

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Person:
    id: str
    name: str


@dataclass(frozen=True, slots=True)
class RoleHolder:
    role: str
    person: str
    brief: str = ""


@dataclass(frozen=True, slots=True)
class RunView:
    """What the run screen and the projector show at one moment."""

    session_title: str
    timer: TimerView
    mode_label: str
    tracked: bool  # speakers are tracked in this phase
    speaker: Person | None
    held: Person | None  # the speaker of a paused round
    queue: tuple[Person, ...]
    slot_s: float | None
    slot_remaining_s: float | None
    not_heard: tuple[Person, ...]
    airtime: tuple[tuple[Person, float], ...]
    present: tuple[Person, ...]
    stepped_out: tuple[str, ...]
    roles: tuple[RoleHolder, ...]

    @property
    def phase(self) -> Phase:
        return self.timer.phase


def roles_now(held: list[RoleAssignment], phase_id: str | None) -> list[RoleAssignment]:
    """Who holds each role in this phase: a phase's own holder beats the session-wide one;
    assignments that ended (the holder left, the role moved on) no longer count."""
    chosen: dict[str, RoleAssignment] = {}
    for a in held:
        if a.ended_at or a.shadow_of:
            continue
        if a.phase_id is None:
            chosen.setdefault(a.role_id, a)
    for a in held:
        if a.ended_at or a.shadow_of:
            continue
        if phase_id is not None and a.phase_id == phase_id:
            chosen[a.role_id] = a
    return list(chosen.values())


class SessionRun:
    """The facilitator's actions on a running session; ``view()`` is what screens paint."""

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
        self.session = sessions.get_session(database, session_id)
        roster = teams.list_participants(database, self.session.team_id, include_inactive=True)
        self.names = {p.id: p.name for p in roster}
        roles = teams.list_roles(database, self.session.team_id)
        self._roles = {r.id: r for r in roles}
        self._role_order = {r.id: i for i, r in enumerate(roles)}
        self.timer = Timer.resume(database, session_id, clock, self.settings)
        self.present = sessions.present_ids(database, session_id)
        self.turns = self._turns_for(self.timer.phase)
        self._assignments = assignments.for_session(database, session_id)

    # -------------------------------------------------------------- building
    def _turns_for(self, phase: Phase) -> Turns:
        return Turns(
            self.database,
            phase,
            self.present,
            self.clock,
            offset=rotation_offset(self.timer.phases, phase),
        )

    def _reload(self) -> None:
        """After a refused write: the store is the truth, so rebuild from it."""
        self.timer = Timer.resume(self.database, self.session_id, self.clock, self.settings)
        self.turns = self._turns_for(self.timer.phase)

    def _act(self, action: Callable[[], T]) -> T:
        try:
            with self.database.write():
                return action()
        except StoreError:
            self._reload()
            raise

    def reload_assignments(self) -> None:
        """Roles changed elsewhere (a handover): show the new holders."""
        self._assignments = assignments.for_session(self.database, self.session_id)

    # -------------------------------------------------------------- actions
    def toggle(self) -> TimerState:
        """Space: start, pause or resume."""
        before = self.timer.state

        def act() -> TimerState:
            if before in (TimerState.RUNNING, TimerState.OVERRUN):
                self.turns.pause()
                return self.timer.toggle()
            state = self.timer.toggle()
            if self.turns.held:
                self.turns.resume()
            else:
                self.turns.begin()
            return state

        return self._act(act)

    def next_phase(self) -> Phase:
        return self._change_phase(forward=True)

    def back(self) -> Phase:
        return self._change_phase(forward=False)

    def _change_phase(self, *, forward: bool) -> Phase:
        def act() -> Phase:
            self.timer.check_move(forward=forward)  # refuse before touching the turns
            self.turns.stop()
            if forward:
                self.timer.next_phase()
            else:
                self.timer.back()
            self.turns = self._turns_for(self.timer.phase)
            if self.timer.is_running:
                self.turns.begin()
            return self.timer.phase

        return self._act(act)

    def extend(self, seconds: float = 60.0) -> None:
        self._act(lambda: self.timer.extend(seconds))

    def shorten(self, seconds: float = 60.0) -> None:
        self._act(lambda: self.timer.shorten(seconds))

    def end_session(self) -> None:
        def act() -> None:
            self.turns.stop()
            self.timer.end_session()

        self._act(act)

    def next_speaker(self) -> str | None:
        return self._act(self.turns.next_speaker)

    def mark_speaking(self, participant_id: str) -> str | None:
        return self._act(lambda: self.turns.mark_speaking(participant_id))

    def step_out(self, participant_id: str) -> None:
        self._act(lambda: self.turns.step_out(participant_id))

    def come_back(self, participant_id: str) -> None:
        self.turns.come_back(participant_id)

    def pause_at_gap(self) -> None:
        def act() -> None:
            self.turns.pause()
            self.timer.pause_at_gap()

        self._act(act)

    def continue_after_gap(self) -> None:
        """Go on counting. After a restart with a moved clock this is stored (one write)."""
        gap = self.timer.pending_gap
        if gap is not None and gap.after_restart:
            self._act(self.timer.continue_after_gap)
        else:
            self.timer.continue_after_gap()

    def apply_settings(self, settings: TimerSettings) -> None:
        """New thresholds take effect at once; warnings already passed stay quiet."""
        self.settings = settings
        self.timer.settings = settings
        self.timer.rearm()

    # -------------------------------------------------------------- reading
    def check_gap(self, now: float | None = None) -> Gap | None:
        return self.timer.check_gap(now)

    def due_cues(self, now: float | None = None) -> list[Cue]:
        """Timer warnings, time up, break reminders and a speaker's slot running out."""
        cues = self.timer.due_cues(now)
        if self.timer.is_running and self.timer.pending_gap is None:
            for slot in self.turns.due_cues(now):
                name = self.names.get(slot.participant_id, "The speaker")
                cues.append(
                    Cue(
                        CueKind.SLOT_UP,
                        slot.phase_id,
                        f"{name}'s time is up; pass to the next person.",
                    )
                )
        return cues

    def _person(self, pid: str | None) -> Person | None:
        return Person(pid, self.names.get(pid, "(removed participant)")) if pid else None

    def view(self, now: float | None = None) -> RunView:
        now = self.clock.monotonic() if now is None else now
        timer = self.timer.view(now)
        turns = self.turns
        holders = sorted(
            roles_now(self._assignments, item_phase_id(self.timer.phases, timer.phase.id)),
            key=lambda a: self._role_order.get(a.role_id, 999),
        )
        roles = tuple(
            RoleHolder(
                self._roles[a.role_id].name if a.role_id in self._roles else "(removed role)",
                self.names.get(a.participant_id, "(removed participant)"),
                self._roles[a.role_id].brief if a.role_id in self._roles else "",
            )
            for a in holders
        )
        airtime = turns.airtime(now)
        mode = timer.phase.mode
        mode_text = label(mode)
        if mode is PhaseMode.ROUND_ROBIN and turns.slot_s:
            mode_text += f" · {_slot(turns.slot_s)} each"
        return RunView(
            session_title=self.session.title,
            timer=timer,
            mode_label=mode_text,
            tracked=turns.tracked,
            speaker=self._person(turns.current),
            held=self._person(turns.held),
            queue=tuple(p for p in (self._person(q) for q in turns.queue) if p),
            slot_s=turns.slot_s,
            slot_remaining_s=turns.slot_remaining(now),
            not_heard=tuple(p for p in (self._person(q) for q in turns.not_heard(now)) if p),
            airtime=tuple(
                (Person(pid, self.names.get(pid, "?")), seconds) for pid, seconds in airtime.items()
            ),
            present=tuple(Person(pid, self.names.get(pid, "?")) for pid in self.present),
            stepped_out=tuple(turns.stepped_out),
            roles=roles,
        )


def _slot(seconds: float) -> str:
    seconds = round(seconds)
    if seconds % 60 == 0:
        return f"{seconds // 60} min"
    return f"{seconds // 60}:{seconds % 60:02d}" if seconds >= 60 else f"{seconds} s"


# ------------------------------------------------------------------ preferences


def load_preferences(database: Database) -> tuple[TimerSettings, bool]:
    """The stored timer settings and whether sound is muted; defaults where unset or bad."""
    prefs = runs.timer_preferences(database)
    defaults = TimerSettings()
    try:
        warnings = (
            tuple(float(x) for x in prefs.get("timer.warnings_s", "").split(",") if x.strip())
            or defaults.warnings_s
        )
        settings = TimerSettings(
            warnings_s=warnings,
            break_after_s=float(prefs.get("timer.break_after_s", defaults.break_after_s)),
            gap_s=float(prefs.get("timer.gap_s", defaults.gap_s)),
        )
    except (ValueError, ValidationError):
        settings = defaults
    return settings, prefs.get("timer.sound_muted", "0") == "1"


def save_preferences(database: Database, settings: TimerSettings, muted: bool) -> None:
    """Store the timer settings and the mute toggle (one transaction)."""
    runs.save_timer_preferences(
        database,
        {
            "timer.warnings_s": ",".join(f"{w:g}" for w in settings.warnings_s),
            "timer.break_after_s": f"{settings.break_after_s:g}",
            "timer.gap_s": f"{settings.gap_s:g}",
            "timer.sound_muted": "1" if muted else "0",
        },
    )
