"""Speaking turns in one phase: a fair round-robin queue, tap-to-mark in open discussion,
airtime per person and the voices not yet heard.

Every change is stored as ``SpeakingTurn`` rows the moment it happens (a turn begins with
its UTC start and ends with its UTC end), so a restarted app rebuilds the queue from them.
Someone who stepped out "passes": a turn of zero length, so the round moves past them and
they still count as not yet heard. Stepping out is for this phase only and is not leaving:
they stay present in the record, and when they are back they rejoin the end of the queue.
Someone who left is no longer among the present people the turns are built for.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from facilitator.clock import Clock, iso, parse_iso
from facilitator.errors import ValidationError
from facilitator.model import Phase, PhaseMode, SpeakingTurn
from facilitator.store import runs
from facilitator.store.database import Database

TRACKED_MODES = (PhaseMode.ROUND_ROBIN, PhaseMode.OPEN)
PAUSE_SLACK = timedelta(seconds=1)  # a turn ending this soon before a pause was ended by it


@dataclass(frozen=True, slots=True)
class SlotUp:
    """The current round-robin speaker has used their equal slot."""

    participant_id: str
    phase_id: str


def rotation_offset(phases: list[Phase], phase: Phase, sessions_before: int = 0) -> int:
    """How far the starting person moves for this phase: one place per earlier round-robin of
    the session, and one per earlier session of the team (``sessions_before``), so neither the
    rounds of one workshop nor the first round of each workshop always start with the same
    person."""
    count = sessions_before
    for other in phases:
        if other.id == phase.id:
            break
        if other.mode is PhaseMode.ROUND_ROBIN:
            count += 1
    return count


def rotated(people: list[str], offset: int) -> list[str]:
    """``people`` starting at ``offset`` (wrapping), so each round starts with someone new."""
    if not people:
        return []
    k = offset % len(people)
    return people[k:] + people[:k]


def held_at_pause(turns: Sequence[SpeakingTurn], paused_at: str) -> str | None:
    """Who was speaking when the round paused at ``paused_at``: the last turn of the phase, if
    the pause ended it (pausing ends the current turn, just before the pause is stored; a
    pause held back over a sleep ends it later). The store keeps no other trace of the paused
    speaker, so this is how a restarted app gives them the floor back on resume."""
    if any(t.ended_at is None for t in turns):
        return None  # someone speaks now: nothing is held
    spoken = [t for t in turns if t.ended_at and t.ended_at > t.started_at]  # passes are not
    if not spoken:
        return None
    last = max(spoken, key=lambda t: parse_iso(t.ended_at or t.started_at))
    assert last.ended_at is not None
    if parse_iso(last.ended_at) < parse_iso(paused_at) - PAUSE_SLACK:
        return None  # they had stopped before the pause
    return last.participant_id


class Turns:
    """Who speaks in one phase. Round-robin phases keep a queue with equal slots; open
    discussion lets the scribe tap whoever is speaking; other modes track no speaker."""

    def __init__(
        self,
        database: Database,
        phase: Phase,
        present: list[str],
        clock: Clock,
        *,
        offset: int = 0,
        held: str | None = None,
        away: Collection[str] | None = None,
    ) -> None:
        """``held`` and ``away`` are kept when the turns of this phase are rebuilt (someone
        arrived or left): the speaker of a paused round, and who is stepped out now (someone
        who came back is not, though their pass is stored)."""
        self.database = database
        self.phase = phase
        self.clock = clock
        self.present = list(dict.fromkeys(present))
        self.order = rotated(self.present, offset)
        self.tracked = phase.mode in TRACKED_MODES
        self.slot_s: float | None = None
        if phase.mode is PhaseMode.ROUND_ROBIN and self.present:
            self.slot_s = float(phase.per_speaker_s or phase.planned_s / len(self.present))
        # Spoken seconds of ended turns, and who has had (or passed) a turn.
        self._spoken: dict[str, float] = {}
        self._had_turn: set[str] = set()
        self._current: str | None = None
        self._turn_id: str | None = None
        self._turn_start: float | None = None  # monotonic
        self._turn_start_utc: datetime | None = None
        self._held = held  # the speaker while the round is paused
        self._stepped_out: set[str] = set()
        self._slot_announced: set[str] = set()
        self._load()
        if away is not None:
            self._keep_away(away)

    def _load(self) -> None:
        now = self.clock.monotonic()
        now_utc = self.clock.now()
        for turn in runs.turns_for_phase(self.database, self.phase.id):
            self._had_turn.add(turn.participant_id)
            start = parse_iso(turn.started_at)
            if turn.ended_at is None:
                # A turn left open by a closed or killed app goes on from its stored start.
                self._current = turn.participant_id
                self._turn_id = turn.id
                self._turn_start_utc = start
                self._turn_start = now - max(0.0, (now_utc - start).total_seconds())
                continue
            spoken = max(0.0, (parse_iso(turn.ended_at) - start).total_seconds())
            self._spoken[turn.participant_id] = self._spoken.get(turn.participant_id, 0.0) + spoken
            if spoken == 0.0:
                self._stepped_out.add(turn.participant_id)
        # A pass followed by a real turn means they came back.
        self._stepped_out -= {p for p, s in self._spoken.items() if s > 0}
        if self._current is not None:
            self._stepped_out.discard(self._current)
        if self.slot_s is not None:
            for pid, spoken in self._spoken.items():
                if spoken >= self.slot_s:
                    self._slot_announced.add(pid)

    def _keep_away(self, away: Collection[str]) -> None:
        """Who was stepped out before the rebuild stays so; whoever came back is back."""
        for pid in self.stepped_out:
            if pid not in away:
                self.come_back(pid)
        self._stepped_out |= {p for p in away if p in self.present and p != self._current}

    # -------------------------------------------------------------- reading
    @property
    def current(self) -> str | None:
        """Who is speaking now (None when nobody is, or the round is paused)."""
        return self._current

    @property
    def held(self) -> str | None:
        """Whoever was speaking when the round paused; they go on when it resumes."""
        return self._held

    @property
    def queue(self) -> list[str]:
        """Round-robin: who speaks next, in order (not yet had a turn, not stepped out)."""
        if self.phase.mode is not PhaseMode.ROUND_ROBIN:
            return []
        return [
            p
            for p in self.order
            if p not in self._had_turn
            and p != self._current
            and p != self._held
            and p not in self._stepped_out
        ]

    @property
    def stepped_out(self) -> list[str]:
        return [p for p in self.order if p in self._stepped_out]

    def airtime(self, now: float | None = None) -> dict[str, float]:
        """Seconds spoken in this phase per present participant, the current turn included."""
        now = self.clock.monotonic() if now is None else now
        totals = {p: self._spoken.get(p, 0.0) for p in self.order}
        for pid, spoken in self._spoken.items():
            totals.setdefault(pid, spoken)
        if self._current is not None and self._turn_start is not None:
            totals[self._current] = totals.get(self._current, 0.0) + max(
                0.0, now - self._turn_start
            )
        return totals

    def not_heard(self, now: float | None = None) -> list[str]:
        """Present people who have not spoken at all in this phase (the quiet voices)."""
        spoken = self.airtime(now)
        return [p for p in self.order if spoken.get(p, 0.0) <= 0.0 and p != self._current]

    def slot_remaining(self, now: float | None = None) -> float | None:
        """Round-robin: what is left of the current (or held) speaker's equal slot."""
        who = self._current or self._held
        if self.slot_s is None or who is None:
            return None
        return self.slot_s - self.airtime(now).get(who, 0.0)

    def due_cues(self, now: float | None = None) -> list[SlotUp]:
        """The current speaker's slot just ran out (reported once per speaker)."""
        left = self.slot_remaining(now)
        who = self._current
        if left is None or who is None or left > 0 or who in self._slot_announced:
            return []
        self._slot_announced.add(who)
        return [SlotUp(who, self.phase.id)]

    # -------------------------------------------------------------- changing
    def _require_tracked(self) -> None:
        if not self.tracked:
            raise ValidationError("Speakers are not tracked in this kind of phase.")

    def _start_turn(self, pid: str) -> SpeakingTurn:
        return SpeakingTurn(self.phase.id, pid, iso(self.clock.now()))

    def _end_current(self, now: float) -> tuple[str, str] | None:
        if self._turn_id is None or self._turn_start is None or self._turn_start_utc is None:
            return None
        # The end follows from the monotonic length, so a clock set back mid-turn cannot
        # make a turn end before it began.
        length = max(0.0, now - self._turn_start)
        return self._turn_id, iso(self._turn_start_utc + timedelta(seconds=length))

    def _apply_end(self, now: float) -> None:
        if self._current is not None and self._turn_start is not None:
            self._spoken[self._current] = self._spoken.get(self._current, 0.0) + max(
                0.0, now - self._turn_start
            )
            self._had_turn.add(self._current)
        self._current = None
        self._turn_id = None
        self._turn_start = None
        self._turn_start_utc = None

    def _switch(
        self, pid: str | None, extra: list[SpeakingTurn] | None = None, at: float | None = None
    ) -> None:
        """End the current turn and begin ``pid``'s, stored together; the turn ends ``at``
        (monotonic, no later than now) when given, else now."""
        now = self.clock.monotonic()
        if at is not None:
            now = min(now, at)
        end = self._end_current(now)
        start: list[SpeakingTurn] = list(extra or [])
        new_turn = self._start_turn(pid) if pid is not None else None
        if new_turn is not None:
            start.append(new_turn)
        if end is None and not start:
            return
        runs.change_turns(self.database, end=end, start=start)
        self._apply_end(now)
        for turn in extra or []:
            self._had_turn.add(turn.participant_id)
            self._stepped_out.add(turn.participant_id)
        if new_turn is not None and pid is not None:
            self._current = pid
            self._turn_id = new_turn.id
            self._turn_start = now
            self._turn_start_utc = parse_iso(new_turn.started_at)
            self._had_turn.add(pid)
            self._stepped_out.discard(pid)

    def begin(self) -> str | None:
        """Round-robin: the first person in the queue starts (when nobody speaks yet)."""
        if self.phase.mode is not PhaseMode.ROUND_ROBIN or self._current or self._held:
            return self._current
        queue = self.queue
        if queue:
            self._switch(queue[0])
        return self._current

    def next_speaker(self) -> str | None:
        """Round-robin: the current turn ends and the next person in the queue begins."""
        self._require_tracked()
        if self._held is not None:
            raise ValidationError("The round is paused; resume it to move to the next speaker.")
        if self.phase.mode is PhaseMode.OPEN:
            raise ValidationError("In open discussion, tap the name of whoever speaks.")
        queue = self.queue
        if not queue:
            if self._current is None:
                raise ValidationError("Everyone present has had their turn in this round.")
            self._switch(None)
            return None
        self._switch(queue[0])
        return self._current

    def mark_speaking(self, pid: str) -> str | None:
        """Tap a name: they speak now; tapping whoever is speaking stops their turn."""
        self._require_tracked()
        if pid not in self.present:
            raise ValidationError("Only people marked present can take a turn.")
        if self._held is not None:
            raise ValidationError("The round is paused; resume it to mark who speaks.")
        if pid == self._current:
            self._switch(None)
            return None
        self._switch(pid)
        return self._current

    def step_out(self, pid: str) -> None:
        """Someone stepped out: the round passes them (stored as a turn of zero length)."""
        self._require_tracked()
        if pid not in self.present:
            raise ValidationError("Only people marked present can step out.")
        if pid in self._stepped_out and pid != self._current:
            return
        now_utc = iso(self.clock.now())
        passed = SpeakingTurn(self.phase.id, pid, now_utc, now_utc)
        if pid == self._current:
            # They were speaking and left: their turn ends; the next person goes on.
            following = [p for p in self.queue if p != pid]
            nxt = following[0] if self.phase.mode is PhaseMode.ROUND_ROBIN and following else None
            self._switch(nxt)
            self._stepped_out.add(pid)
            return
        if pid == self._held:
            self._held = None
        runs.change_turns(self.database, start=[passed])
        self._had_turn.add(pid)
        self._stepped_out.add(pid)

    def come_back(self, pid: str) -> None:
        """Someone who stepped out is back: they join the end of the queue."""
        if pid not in self._stepped_out:
            return
        self._stepped_out.discard(pid)
        if self._spoken.get(pid, 0.0) <= 0.0:
            self._had_turn.discard(pid)
            self.order = [p for p in self.order if p != pid] + [pid]

    def pause(self, at: float | None = None) -> None:
        """The round paused: the current turn ends and is held to go on at resume. ``at``
        (monotonic) is when the round stopped, if that was before now: a laptop that slept
        paused when it fell asleep, and the sleep is nobody's speaking time."""
        if self._current is None:
            return
        who = self._current
        self._switch(None, at=at)
        self._held = who

    def resume(self) -> None:
        """The round resumed: whoever was speaking goes on with a new turn."""
        who, self._held = self._held, None
        if who is not None and self.tracked:
            self._switch(who)

    def stop(self) -> None:
        """The phase is left or the session ends: the open turn ends now."""
        self._held = None
        self._switch(None)
