"""A session being run: the timer, the current phase's speaking turns and who holds which
role, behind one object whose methods are the facilitator's actions.

Each action is one transaction (timer events and speaking turns together) and returns what
it changed: the run, and the session's status when it starts or ends. If the store refuses
it, the in-memory state is rebuilt from the store, which stays the truth. The rule of when
to hand the roles over (at the start, and when the holders change) lives here too.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta, tzinfo

from facilitator import rota, session_time
from facilitator.changes import NOTHING, Changes, Topic
from facilitator.clock import Clock
from facilitator.direction import isolate, ours_first
from facilitator.durations import short_length
from facilitator.errors import FacilitatorError, StoreError, ValidationError
from facilitator.model import Phase, PhaseMode, RoleAssignment, TimerEventKind, label
from facilitator.rotation import item_phase_id
from facilitator.store import assignments, runs, sessions, teams
from facilitator.store.database import Database
from facilitator.time_away import Gap
from facilitator.timer import Cue, CueKind, Timer, TimerSettings, TimerState, TimerView
from facilitator.timer_replay import left_running
from facilitator.turns import Turns, held_at_pause, rotation_offset

HoldersKey = tuple[tuple[str, str], ...]  # (role id, holder id) of each rotating role


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


def holders_key(hand: rota.Handover) -> HoldersKey:
    """Who holds each rotating role in this handover, to tell whether the holders changed."""
    return tuple((i.role.id, i.holder.id if i.holder else "") for i in hand.items if i.role.rotates)


def handover_due(hand: rota.Handover, handed_over: HoldersKey | None, *, starting: bool) -> bool:
    """Whether to show this handover now.

    ``handed_over`` is who held the roles at the last handover (None: not known). At the
    start of the session it is shown while a holder has not yet confirmed; at a new phase
    only when the holders differ from the ones last handed over. Stored roles that nobody
    holds are never handed over; suggestions not yet accepted are, to be accepted.
    """
    if hand.stored and not any(i.holder for i in hand.items):
        return False
    if starting:
        return not hand.all_confirmed()
    return holders_key(hand) != handed_over


def hand_over_before_start(hand: rota.Handover) -> bool:
    """Whether a handover due at the start comes before the clock starts: when the roles
    were accepted and wait for their holders to confirm. Suggestions never accepted are
    only offered, the round starting at once (the team may not use the rota today)."""
    return hand.stored


def nudge(view: RunView, *, seen_by_the_room: bool = False) -> str | None:
    """What to say when the facilitator moves on while voices are unheard: in a round-robin
    or an open discussion where someone has been heard, the people here (not stepped out)
    who have not spoken yet. None when everyone has, when nobody has (the speakers were
    not being followed), or when speakers are not tracked.

    ``seen_by_the_room``: the words show where the room reads them (the room view on one
    mirrored screen), so they count the voices instead of naming anyone."""
    if not view.tracked or view.timer.state is TimerState.FINISHED:
        return None
    if not any(seconds > 0 for _, seconds in view.airtime):
        return None
    away = set(view.stepped_out)
    quiet = [p.name for p in view.not_heard if p.id not in away]
    if not quiet:
        return None
    if seen_by_the_room:
        voices = "1 voice" if len(quiet) == 1 else f"{len(quiet)} voices"
        return f"{voices} not heard yet. Press N again to move on."
    return f"Not heard yet: {', '.join(quiet)}. Press N again to move on."


OPEN_FLOOR_HINT = (
    "In open discussion, press the number on the speaker's name (0 for the tenth) or tap "
    "it; Left and Right pass the floor."
)


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
        self._sessions_before = sessions.sessions_before(database, session_id)
        self.turns = self._turns_for(self.timer.phase, held=self._speaker_at_pause())
        self._assignments = assignments.for_session(database, session_id)
        self._handed_over = self._holders_now()

    # -------------------------------------------------------------- building
    def _turns_for(
        self, phase: Phase, held: str | None = None, away: list[str] | None = None
    ) -> Turns:
        """The turns of ``phase`` for the people present; ``held`` and ``away`` carry a paused
        speaker and who is stepped out over a rebuild of the same phase."""
        return Turns(
            self.database,
            phase,
            self.present,
            self.clock,
            offset=rotation_offset(self.timer.phases, phase, self._sessions_before),
            held=held,
            away=away,
        )

    def _speaker_at_pause(self) -> str | None:
        """Opened on a paused round: whoever the pause stopped, to go on when it resumes."""
        if self.timer.state is not TimerState.PAUSED:
            return None
        phase_id = self.timer.phase.id
        events = runs.timer_events(self.database, self.session_id)
        pause = next(
            (
                e
                for e in reversed(events)
                if e.phase_id == phase_id
                and e.kind in (TimerEventKind.PAUSE, TimerEventKind.SLEEP)  # a sleep pauses
            ),
            None,
        )
        if pause is None:
            return None
        return held_at_pause(runs.turns_for_phase(self.database, phase_id), pause.at_utc)

    def _holders_now(self) -> HoldersKey | None:
        """Who holds the roles as the run opens; None when they cannot be read, so that the
        next phase hands them over."""
        try:
            return holders_key(rota.handover(self.database, self.session_id, self.timer.phase.id))
        except FacilitatorError:
            return None

    def _reload(self) -> None:
        """After a refused write: the store is the truth, so rebuild from it."""
        self.timer = Timer.resume(self.database, self.session_id, self.clock, self.settings)
        self.turns = self._turns_for(self.timer.phase, held=self._speaker_at_pause())

    def _act(self, action: Callable[[], object]) -> Changes:
        """Run one action in one transaction; what it changed: the run, and the session's
        status when the session started or ended."""
        before = self.timer.state
        try:
            with self.database.write():
                action()
        except StoreError:
            self._reload()
            raise
        after = self.timer.state
        started = before is TimerState.NOT_STARTED and after is not TimerState.NOT_STARTED
        ended = after is TimerState.FINISHED and before is not TimerState.FINISHED
        topics = (Topic.RUN, Topic.SESSIONS) if started or ended else (Topic.RUN,)
        return Changes.of(*topics, session_id=self.session_id, team_id=self.session.team_id)

    def reload_assignments(self) -> None:
        """Roles changed elsewhere (a handover): show the new holders."""
        self._assignments = assignments.for_session(self.database, self.session_id)

    def reload(self, changes: Changes) -> None:
        """Follow what others changed while this run is open: the session's details, the
        holders of the roles, who is present (the speaking order follows; a paused round
        keeps its speaker) and, before the session starts, its agenda. Once it has started,
        only the planned times of the phases still to come follow the agenda (a round-robin
        re-timed for who is here); a phase already run keeps the plan it ran with."""
        if changes.touches(Topic.SESSIONS):
            self.session = sessions.get_session(self.database, self.session_id)
        if changes.touches(Topic.ROLES, Topic.ATTENDANCE):
            self.reload_assignments()
        replan = changes.touches(Topic.AGENDA) and self.timer.state is TimerState.NOT_STARTED
        if replan:
            self.timer = Timer.resume(self.database, self.session_id, self.clock, self.settings)
        elif changes.touches(Topic.AGENDA):
            self._follow_times_to_come()
        present = self.present
        if changes.touches(Topic.ATTENDANCE):
            present = sessions.present_ids(self.database, self.session_id)
        if replan or present != self.present:
            self._turns_for_present(present)

    def _turns_for_present(self, present: list[str]) -> None:
        """The current phase's turns rebuilt for who is present now: someone who left while
        speaking ends their turn and the next person goes on; a paused round keeps its
        speaker and whoever stepped out stays so, when they are still here."""
        speaker = self.turns.current
        if speaker is not None and speaker not in present:
            self._act(lambda: self.turns.step_out(speaker))
        self.present = present
        held = self.turns.held if self.turns.held in present else None
        same_phase = self.turns.phase.id == self.timer.phase.id
        away = self.turns.stepped_out if same_phase else None
        self.turns = self._turns_for(self.timer.phase, held, away)

    def _follow_times_to_come(self) -> None:
        """The phases not yet started take their stored planned time."""
        stored = {p.id: p.planned_s for p in sessions.list_phases(self.database, self.session_id)}
        for i, phase in enumerate(self.timer.phases):
            planned = stored.get(phase.id, phase.planned_s)
            if not phase.started_at and planned != phase.planned_s:
                self.timer.phases[i] = replace(phase, planned_s=planned)

    def handover_due(self, *, starting: bool = False) -> rota.Handover | None:
        """The handover to show now for the current phase, or None (see ``handover_due``);
        remembers who was handed over, for the next phase. A finished session hands
        nothing over."""
        if self.timer.state is TimerState.FINISHED:
            return None
        hand = rota.handover(self.database, self.session_id, self.timer.phase.id)
        due = handover_due(hand, self._handed_over, starting=starting)
        self._handed_over = holders_key(hand)
        return hand if due else None

    # -------------------------------------------------------------- actions
    def toggle(self) -> Changes:
        """Space: start, pause or resume. A session does not start while another one is
        running: one clock in the room, and a session left running is ended, not forgotten."""
        running = self.timer.state in (TimerState.RUNNING, TimerState.OVERRUN)
        if self.timer.state is TimerState.NOT_STARTED:
            self._refuse_a_second_run()

        def act() -> None:
            if running:
                self.turns.pause()
                self.timer.toggle()
                return
            self.timer.toggle()
            if self.turns.held:
                self.turns.resume()
            else:
                self.turns.begin()

        return self._act(act)

    def pause(self) -> Changes:
        """Pause a running round (the handover does, so no time runs behind it); nothing
        to do when it is not running."""
        if self.timer.state not in (TimerState.RUNNING, TimerState.OVERRUN):
            return NOTHING
        return self.toggle()

    def resume(self) -> Changes:
        """Start the round, or resume it when paused (the handover closing); nothing to do
        when it runs or the session has ended."""
        if self.timer.state not in (TimerState.NOT_STARTED, TimerState.PAUSED):
            return NOTHING
        return self.toggle()

    def next_phase(self) -> Changes:
        return self._change_phase(forward=True)

    def back(self) -> Changes:
        return self._change_phase(forward=False)

    def _change_phase(self, *, forward: bool) -> Changes:
        def act() -> None:
            self.timer.check_move(forward=forward)  # refuse before touching the turns
            self.turns.stop()
            if forward:
                self.timer.next_phase()
            else:
                self.timer.back()
            self.turns = self._turns_for(self.timer.phase)
            if self.timer.is_running:
                self.turns.begin()

        return self._act(act)

    def extend(self, seconds: float = 60.0) -> Changes:
        return self._act(lambda: self.timer.extend(seconds))

    def shorten(self, seconds: float = 60.0) -> Changes:
        return self._act(lambda: self.timer.shorten(seconds))

    def end_session(self) -> Changes:
        def act() -> None:
            self.turns.stop()
            self.timer.end_session()

        return self._act(act)

    def next_speaker(self) -> Changes:
        """Round-robin: the next person in the queue speaks. Open discussion has no queue:
        refused with how to choose the speaker there."""
        if self.timer.phase.mode is PhaseMode.OPEN:
            raise ValidationError(OPEN_FLOOR_HINT)
        return self._act(self.turns.next_speaker)

    def _refuse_a_second_run(self) -> None:
        others = [sid for sid in runs.running_session_ids(self.database) if sid != self.session_id]
        if others:
            other = sessions.get_session(self.database, others[0])
            raise ValidationError(
                f"“{other.title}” is still running. End it first (open it from Workshops, "
                "Ctrl+E), then start this one."
            )

    def speak_by_number(self, place: int) -> Changes:
        """Open discussion by number key: the ``place``-th person here (1 for the first, as
        the speaker chips are numbered) speaks now; the same number again ends their turn."""
        self._check_open_floor()
        if not 1 <= place <= len(self.present):
            here = f"{len(self.present)} {'person is' if len(self.present) == 1 else 'people are'}"
            raise ValidationError(f"Nobody has number {place % 10}: {here} here.")
        return self.mark_speaking(self.present[place - 1])

    def speak_beside(self, step: int) -> Changes:
        """Open discussion by arrow key: the floor passes to the next person here (``step``
        1) or the one before (-1), round the circle, past whoever stepped out; when nobody
        speaks, to the first or the last."""
        self._check_open_floor()
        current = self.turns.current
        away = set(self.turns.stepped_out)
        circle = [p for p in self.present if p not in away or p == current]
        if not circle:
            raise ValidationError("Everyone here has stepped out.")
        if current not in circle:
            return self.mark_speaking(circle[0] if step > 0 else circle[-1])
        return self.mark_speaking(circle[(circle.index(current) + step) % len(circle)])

    def _check_open_floor(self) -> None:
        """The speaker is chosen by key in a running open discussion only."""
        if self.timer.phase.mode is not PhaseMode.OPEN:
            raise ValidationError(
                "Number and arrow keys choose the speaker in open discussion; in a "
                "round-robin, S passes to the next speaker."
            )
        state = self.timer.state
        if state is TimerState.PAUSED:
            raise ValidationError("The round is paused; resume it to choose who speaks.")
        if state not in (TimerState.RUNNING, TimerState.OVERRUN):
            raise ValidationError("The round has not started; start it to choose who speaks.")

    def mark_speaking(self, participant_id: str) -> Changes:
        """Tap a name: they speak now (tapping whoever speaks ends their turn)."""
        return self._act(lambda: self.turns.mark_speaking(participant_id))

    def step_out(self, participant_id: str) -> Changes:
        return self._act(lambda: self.turns.step_out(participant_id))

    def come_back(self, participant_id: str) -> Changes:
        """They rejoin the end of the queue; nothing is stored (a turn will be)."""
        self.turns.come_back(participant_id)
        return NOTHING

    def pause_at_gap(self) -> Changes:
        """Pause as the round was when the gap began: the timer's time left and the
        speaker's turn both stop there (after a restart, where that moment is only known on
        a clock that moved, they stop now)."""
        gap = self.timer.pending_gap

        def act() -> None:
            slept_at = gap.slept_at if gap is not None and not gap.after_restart else None
            self.turns.pause(at=slept_at)
            self.timer.pause_at_gap()

        return self._act(act)

    def continue_after_gap(self) -> Changes:
        """Go on counting. After a restart with a moved clock this is stored (one write)."""
        gap = self.timer.pending_gap
        if gap is not None and gap.after_restart:
            return self._act(self.timer.continue_after_gap)
        self.timer.continue_after_gap()
        return NOTHING

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
                        ours_first(f"{isolate(name)}'s time is up; pass to the next person."),
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
        away = set(turns.stepped_out)
        mode = timer.phase.mode
        mode_text = label(mode)
        if mode is PhaseMode.ROUND_ROBIN and turns.slot_s:
            mode_text += f" · {short_length(turns.slot_s)} each"
        if mode is PhaseMode.BREAK:
            zone = session_time.session_zone(self.session)
            mode_text = break_label(timer.remaining_s, self.clock.now(), zone)
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
            not_heard=tuple(  # of the people in the room: one who stepped out is not waiting
                p for p in (self._person(q) for q in turns.not_heard(now) if q not in away) if p
            ),
            airtime=tuple(
                (Person(pid, self.names.get(pid, "?")), seconds) for pid, seconds in airtime.items()
            ),
            present=tuple(Person(pid, self.names.get(pid, "?")) for pid in self.present),
            stepped_out=tuple(turns.stepped_out),
            roles=roles,
        )


def break_label(remaining_s: float, now: datetime, zone: tzinfo | None) -> str:
    """``Break — back at 10:40``: when the group is due back (now and the time left, to the
    nearest minute on the room's clock; ``zone`` None is this computer's), so the room
    reads a time rather than a countdown; once the time is up, ``Break — time to come
    back``."""
    if remaining_s <= 0:
        return "Break — time to come back"
    back = (now + timedelta(seconds=remaining_s + 30)).astimezone(zone)
    return f"Break — back at {back:%H:%M}"


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


def save_preferences(database: Database, settings: TimerSettings, muted: bool) -> Changes:
    """Store the timer settings and the mute toggle (one transaction). They belong to this
    computer's run screen, which no other screen shows: nothing to broadcast."""
    runs.save_timer_preferences(
        database,
        {
            "timer.warnings_s": ",".join(f"{w:g}" for w in settings.warnings_s),
            "timer.break_after_s": f"{settings.break_after_s:g}",
            "timer.gap_s": f"{settings.gap_s:g}",
            "timer.sound_muted": "1" if muted else "0",
        },
    )
    return NOTHING


def resume_question(database: Database, session_id: str) -> str:
    """The offer to resume a session left running (closed, or the laptop crashed), as its
    round was left: counting on while the app was closed, paused, or not yet started."""
    title = sessions.get_session(database, session_id).title
    events = runs.timer_events(database, session_id)
    if not events:
        how = "Its first round has not started."
    elif left_running(sessions.list_phases(database, session_id), events):
        how = "The round's time counted on while the app was closed."
    else:
        how = "The round was paused; it waits where it stopped."
    return f"“{title}” was still running when Facilitator closed. Resume it where it was? {how}"
