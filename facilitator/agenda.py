"""Agenda arithmetic and editing: totals, round-robin expansion, rounds that follow the
group, planned times, overrun.

Everything here is pure: functions take phases and return new phases or figures. The
planner stores the result with one store call (``store.planning``), so every edit is one
committed transaction and an undo is simply the earlier list stored again.

A format's repeated block (``facilitator/rounds.py``) is, on the agenda, the phases of one
group id that have a ``repeat``: one run of its steps per round. ``recompute`` gives each
block the rounds its repeat asks for the people present. The edits keep a block whole:

- removing a step removes it from its round only; the only step left in a round cannot be
  removed (the rounds follow the group: remove the whole format instead);
- a step of a round moves only inside its round; a step of the format outside the rounds
  moves past the whole block, never into it;
- a changed step (title, mode, times, prompt) changes in its round only; rounds added later
  copy the last round, edits included.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from facilitator import rounds
from facilitator.durations import length_text
from facilitator.errors import ValidationError
from facilitator.formats import Format, expand
from facilitator.model import MAX_PHASE_S, Phase, PhaseMode, Session, check_duration, new_id

DEFAULT_PER_SPEAKER_S = 60


# ------------------------------------------------------------------ figures


def total_s(phases: Sequence[Phase]) -> int:
    """The planned length of the agenda in seconds."""
    return sum(p.planned_s for p in phases)


def round_robin_s(per_speaker_s: int, present: int) -> int:
    """A round-robin gives each present person the same slot; capped at the phase maximum."""
    return min(per_speaker_s * present, MAX_PHASE_S)


def with_present(phase: Phase, present: int) -> Phase:
    """The phase with its round-robin duration worked out for ``present`` people.

    Other modes, and round-robins with nobody marked present yet, keep their stored time.
    """
    if phase.mode is not PhaseMode.ROUND_ROBIN or not phase.per_speaker_s or present <= 0:
        return phase
    planned = round_robin_s(phase.per_speaker_s, present)
    return phase if planned == phase.planned_s else dataclasses.replace(phase, planned_s=planned)


def recompute(phases: Sequence[Phase], present: int) -> list[Phase]:
    """The agenda for the people present: each repeated block with the rounds its repeat
    asks for (``rounds.rounds_for``), every round-robin re-timed, positions renumbered.

    Rounds are added after the block's last phase as copies of its last round (fresh ids,
    no run times, the same group, titles, prompts, modes and edits); rounds dropped are
    the last ones. A phase already started is never dropped nor changed: the block keeps
    at least the rounds that have started, and a phase that has run keeps its plan.
    """
    resized = list(phases)
    for group in dict.fromkeys(p.group_id for p in phases if p.group_id and p.repeat):
        resized = _with_rounds(resized, group, present)
    return _renumber([p if p.started_at else with_present(p, present) for p in resized])


def _with_rounds(phases: list[Phase], group: str, present: int) -> list[Phase]:
    """The agenda with the repeated block of ``group`` given its rounds for ``present``."""
    block = [p for p in phases if p.group_id == group and p.repeat]
    repeat = block[0].repeat or ""
    have = max(p.round_no or 1 for p in block)
    begun = max((p.round_no or 1 for p in block if p.started_at), default=0)
    want = max(rounds.rounds_for(repeat, present), begun)
    last_round = [p for p in block if (p.round_no or 1) == have]
    added = [
        dataclasses.replace(p, id=new_id(), started_at=None, ended_at=None, round_no=n, rounds=want)
        for n in range(have + 1, want + 1)
        for p in last_round
    ]
    last = max(i for i, p in enumerate(phases) if p.group_id == group and p.repeat)
    result: list[Phase] = []
    for i, phase in enumerate(phases):
        if phase.group_id == group and phase.repeat and not phase.started_at:
            if (phase.round_no or 1) <= want:
                result.append(
                    phase if phase.rounds == want else dataclasses.replace(phase, rounds=want)
                )
        else:
            result.append(phase)
        if i == last:
            result += added
    return result


def _step_key(phase: Phase) -> tuple[object, ...]:
    return (phase.title, phase.prompt, phase.planned_s, phase.mode, phase.per_speaker_s)


def same_rounds(phases: Sequence[Phase]) -> list[range]:
    """The later rounds of each repeated block that are its first round again, as index
    ranges into ``phases``: a printed agenda says such a round in one line. A round edited
    to differ (a step longer, a prompt changed) is not one of them, nor a block out of order."""
    spans: list[range] = []
    first: dict[str | None, list[tuple[object, ...]]] = {}
    i = 0
    while i < len(phases):
        ph = phases[i]
        if ph.repeat is None:
            i += 1
            continue
        j = i
        while (
            j < len(phases)
            and phases[j].repeat is not None
            and phases[j].group_id == ph.group_id
            and phases[j].round_no == ph.round_no
        ):
            j += 1
        keys = [_step_key(p) for p in phases[i:j]]
        if (ph.round_no or 1) == 1 or ph.group_id not in first:
            first.setdefault(ph.group_id, keys)
        elif keys == first[ph.group_id]:
            spans.append(range(i, j))
        i = j
    return spans


def session_start(session: Session) -> datetime | None:
    """The local date and time the session is planned to begin, when both are known."""
    if not session.planned_date or not session.planned_start:
        return None
    try:
        return datetime.combine(
            date.fromisoformat(session.planned_date), parse_clock_time(session.planned_start)
        )
    except ValidationError:
        return None


@dataclass(frozen=True, slots=True)
class Slot:
    """Where a phase sits in the day: offset from the session's start, and clock times."""

    phase: Phase
    offset_s: int
    start: datetime | None
    end: datetime | None


def timeline(session: Session, phases: Sequence[Phase]) -> list[Slot]:
    """Each phase's planned start and end (local times when the session has a date and time)."""
    begin = session_start(session)
    slots = []
    offset = 0
    for phase in phases:
        start = begin + timedelta(seconds=offset) if begin else None
        end = begin + timedelta(seconds=offset + phase.planned_s) if begin else None
        slots.append(Slot(phase, offset, start, end))
        offset += phase.planned_s
    return slots


def planned_end(session: Session, phases: Sequence[Phase]) -> datetime | None:
    begin = session_start(session)
    return begin + timedelta(seconds=total_s(phases)) if begin else None


@dataclass(frozen=True, slots=True)
class Fit:
    """How the agenda compares with the time the team has."""

    total_s: int
    available_s: int | None
    end: datetime | None

    @property
    def overrun_s(self) -> int:
        """Seconds over the time available (0 when it fits or no limit is set)."""
        if self.available_s is None:
            return 0
        return max(0, self.total_s - self.available_s)

    @property
    def spare_s(self) -> int | None:
        if self.available_s is None:
            return None
        return max(0, self.available_s - self.total_s)

    def summary(self) -> str:
        """One line for the planner: total, end time and what is left."""
        parts = [f"Total {length_text(self.total_s)}"]
        if self.end is not None:
            parts.append(f"ends {self.end:%H:%M}")
        if self.available_s is not None:
            parts.append(f"{length_text(self.available_s)} available")
        return " · ".join(parts)

    def addition_text(self, length_s: int) -> str:
        """How something of ``length_s`` more would sit in the time left, for choosing a
        format: "fits the 18 min left", "8 min more than the 18 min left", "over the time:
        the agenda already fills the 2 h 00 min"; empty with no limit set."""
        if self.available_s is None:
            return ""
        left = self.available_s - self.total_s
        if left <= 0:
            return f"over the time: the agenda already fills the {length_text(self.available_s)}"
        if length_s <= left:
            return f"fits the {length_text(left)} left"
        return f"{length_text(length_s - left)} more than the {length_text(left)} left"

    def warning(self) -> str:
        """A clear warning when the agenda overruns; empty when it fits."""
        if not self.overrun_s or self.available_s is None:
            return ""
        return (
            f"The agenda runs {length_text(self.total_s)}, "
            f"{length_text(self.overrun_s)} over the "
            f"{length_text(self.available_s)} the team has. Shorten or remove a "
            "phase, or change the time available."
        )


def fit(session: Session, phases: Sequence[Phase]) -> Fit:
    available = session.available_min * 60 if session.available_min else None
    return Fit(total_s(phases), available, planned_end(session, phases))


# ------------------------------------------------------------------ text <-> time


_UNIT = re.compile(
    r"(\d+(?:[.,]\d+)?)\s*(h|hr|hrs|hours?|m|min|mins|minutes?|s|sec|secs|"
    r"seconds?)\b",
    re.IGNORECASE,
)


def parse_duration(text: str, what: str = "Duration") -> int:
    """Seconds from what a person types: "5" (minutes), "1:30", "90s", "1h 10m", "2.5 min".

    Refuses empty text, zero, negative numbers and anything over 8 hours with a message.
    """
    raw = text.strip()
    if not raw:
        raise ValidationError(f"{what} cannot be empty; type minutes, e.g. 5 or 2:30.")
    if raw.startswith("-"):
        raise ValidationError(f"{what} must be more than zero.")
    seconds: float
    if re.fullmatch(r"\d+(?:[.,]\d+)?", raw):
        seconds = float(raw.replace(",", ".")) * 60
    elif re.fullmatch(r"\d+:\d{1,2}(?::\d{1,2})?", raw):
        parts = [int(p) for p in raw.split(":")]
        if any(p >= 60 for p in parts[1:]):
            raise ValidationError(f"{what} {raw!r} is not a time like 2:30.")
        if len(parts) == 2:
            seconds = parts[0] * 60 + parts[1]
        else:
            seconds = parts[0] * 3600 + parts[1] * 60 + parts[2]
    else:
        matches = list(_UNIT.finditer(raw))
        leftover = _UNIT.sub("", raw).strip()
        if not matches or leftover:
            raise ValidationError(
                f"{what} {raw!r} is not a duration; type minutes, e.g. 5, 2:30 or 90s."
            )
        seconds = 0
        for m in matches:
            amount = float(m.group(1).replace(",", "."))
            unit = m.group(2).lower()
            seconds += amount * (
                3600 if unit.startswith("h") else 60 if unit.startswith("m") else 1
            )
    if seconds > MAX_PHASE_S:
        raise ValidationError(f"{what} is over 8 hours; split it into several phases.")
    return check_duration(round(seconds), what)


def parse_clock_time(text: str) -> time:
    """A start time like "9:30" or "14:05"."""
    m = re.fullmatch(r"\s*(\d{1,2})[:.](\d{2})\s*", text or "")
    if not m or int(m.group(1)) > 23 or int(m.group(2)) > 59:
        raise ValidationError(f"Start time {text!r} is not a time like 09:30.")
    return time(int(m.group(1)), int(m.group(2)))


# ------------------------------------------------------------------ agenda editing
# Consecutive phases with the same group id are the steps of one format; they move and are
# removed together, and a step can move only inside its group.


def blocks(phases: Sequence[Phase]) -> list[list[Phase]]:
    """The agenda as blocks: one per format (its steps) or per single custom phase."""
    result: list[list[Phase]] = []
    for phase in phases:
        if phase.group_id and result and result[-1][0].group_id == phase.group_id:
            result[-1].append(phase)
        else:
            result.append([phase])
    return result


def _renumber(phases: Sequence[Phase]) -> list[Phase]:
    return [
        p if p.position == i else dataclasses.replace(p, position=i) for i, p in enumerate(phases)
    ]


def _flatten(parts: Sequence[Sequence[Phase]]) -> list[Phase]:
    return _renumber([p for block in parts for p in block])


def block_index(phases: Sequence[Phase], phase_id: str) -> int:
    for i, block in enumerate(blocks(phases)):
        if any(p.id == phase_id for p in block):
            return i
    raise ValidationError("That phase is no longer on the agenda.")


def move_block(phases: Sequence[Phase], index: int, to: int) -> list[Phase]:
    """Move block ``index`` so that it ends up at block position ``to``."""
    parts = blocks(phases)
    if not 0 <= index < len(parts):
        raise ValidationError("That part of the agenda is no longer there.")
    to = max(0, min(to, len(parts) - 1))
    block = parts.pop(index)
    parts.insert(to, block)
    return _flatten(parts)


def move_step(phases: Sequence[Phase], phase_id: str, to: int) -> list[Phase]:
    """Move a step to position ``to`` inside its own format; a lone phase moves as a block.

    A step of a repeated block stays in its round (``to`` is held to the round's places);
    another step of the format moves past the repeated block, never into it: to just after
    it when moving down, to just before it when moving up.
    """
    parts = blocks(phases)
    b = block_index(phases, phase_id)
    block = parts[b]
    if len(block) == 1:
        return move_block(phases, b, to)
    at = next(i for i, p in enumerate(block) if p.id == phase_id)
    step = block.pop(at)
    to = max(0, min(to, len(block)))
    if step.repeat:
        places = [i for i, p in enumerate(block) if p.repeat and p.round_no == step.round_no]
        # held to its round's places; alone in its round, it stays where it is
        to = max(places[0], min(to, places[-1] + 1)) if places else at
    else:
        places = [i for i, p in enumerate(block) if p.repeat]
        if places and places[0] < to <= places[-1]:
            to = places[-1] + 1 if to >= at else places[0]
    block.insert(to, step)
    return _flatten(parts)


def nudge(
    phases: Sequence[Phase], phase_id: str, delta: int, *, whole_block: bool = False
) -> list[Phase]:
    """Move a phase one place up (-1) or down (+1): a step inside its format, else its block.

    Keyboard reordering (Ctrl+Up / Ctrl+Down) uses this; at either end nothing changes.
    """
    parts = blocks(phases)
    b = block_index(phases, phase_id)
    block = parts[b]
    if whole_block or len(block) == 1:
        return move_block(phases, b, b + delta)
    i = next(i for i, p in enumerate(block) if p.id == phase_id)
    return move_step(phases, phase_id, i + delta)


def remove_phase(phases: Sequence[Phase], phase_id: str) -> list[Phase]:
    """The agenda without one phase. A step of a repeated block goes from its round only;
    the only step of a round is refused, as the rounds follow the group."""
    phase = next((p for p in phases if p.id == phase_id), None)
    if phase is None:
        raise ValidationError("That phase is no longer on the agenda.")
    if phase.repeat and phase.group_id:
        same_round = [
            p
            for p in phases
            if p.group_id == phase.group_id and p.repeat and p.round_no == phase.round_no
        ]
        if len(same_round) == 1:
            name = phase.group_title or "its format"
            raise ValidationError(
                f"{phase.heading!r} is the only step of its round, and {name} has "
                f"{rounds.describe(phase.repeat)}: the rounds follow the people present. "
                "Remove the whole format, or shorten its steps."
            )
    return _renumber([p for p in phases if p.id != phase_id])


def remove_block(phases: Sequence[Phase], phase_id: str) -> list[Phase]:
    """Remove the whole format (all its steps) that holds this phase."""
    parts = blocks(phases)
    parts.pop(block_index(phases, phase_id))
    return _flatten(parts)


CHECK_OUT_KEY = "check-out"  # the library's Check-out round, which closes a session


def add_position(phases: Sequence[Phase], after_phase_id: str | None = None) -> int:
    """Where a format added to the agenda goes, as a block index for ``insert_format``:
    right after the format (or lone phase) that holds ``after_phase_id``, the one selected;
    with nothing selected (or it is gone), before the Check-out round that closes the
    agenda, when it ends with one; else at the end."""
    parts = blocks(phases)
    if after_phase_id and any(p.id == after_phase_id for p in phases):
        return block_index(phases, after_phase_id) + 1
    if parts and parts[-1][0].format_key == CHECK_OUT_KEY:
        return len(parts) - 1
    return len(parts)


def insert_format(
    phases: Sequence[Phase], fmt: Format, session_id: str, present: int, at_block: int | None = None
) -> list[Phase]:
    """Add a format's steps as one block, at the end or before block ``at_block``."""
    parts = blocks(phases)
    new = expand(fmt, session_id, 0, present)
    parts.insert(len(parts) if at_block is None else max(0, min(at_block, len(parts))), new)
    return _flatten(parts)


def custom_phase(
    session_id: str,
    title: str,
    duration_s: int,
    mode: PhaseMode = PhaseMode.OPEN,
    prompt: str = "",
    present: int = 0,
    per_speaker_s: int | None = None,
) -> Phase:
    """A single phase the facilitator writes; a round-robin is timed per speaker."""
    if mode is PhaseMode.ROUND_ROBIN:
        per = check_duration(per_speaker_s or DEFAULT_PER_SPEAKER_S, "Time per speaker")
        phase = Phase(
            session_id=session_id,
            position=0,
            title=title,
            planned_s=duration_s,
            mode=mode,
            prompt=prompt,
            per_speaker_s=per,
        )
        return with_present(phase, present)
    return Phase(
        session_id=session_id,
        position=0,
        title=title,
        planned_s=duration_s,
        mode=mode,
        prompt=prompt,
    )


def insert_phase(phases: Sequence[Phase], phase: Phase, at_block: int | None = None) -> list[Phase]:
    parts = blocks(phases)
    parts.insert(len(parts) if at_block is None else max(0, min(at_block, len(parts))), [phase])
    return _flatten(parts)


def replace_one(phases: Sequence[Phase], phase: Phase) -> list[Phase]:
    """The agenda with one phase changed (same id, same place)."""
    return [phase if p.id == phase.id else p for p in phases]


def change_mode(phase: Phase, mode: PhaseMode, present: int) -> Phase:
    """Switching to round-robin times the phase per speaker; switching away keeps its length."""
    if mode is phase.mode:
        return phase
    if mode is PhaseMode.ROUND_ROBIN:
        per = phase.per_speaker_s or DEFAULT_PER_SPEAKER_S
        return with_present(dataclasses.replace(phase, mode=mode, per_speaker_s=per), present)
    return dataclasses.replace(phase, mode=mode, per_speaker_s=None)


def change_duration(phase: Phase, seconds: int) -> Phase:
    """A new planned length for a phase that is not timed per speaker."""
    if phase.mode is PhaseMode.ROUND_ROBIN and phase.per_speaker_s:
        raise ValidationError(
            f"{phase.title!r} is a round-robin: its length follows the time per speaker "
            "and the number of people present. Change the time per speaker instead."
        )
    return dataclasses.replace(phase, planned_s=check_duration(seconds, "Duration"))


def change_per_speaker(phase: Phase, seconds: int, present: int) -> Phase:
    if phase.mode is not PhaseMode.ROUND_ROBIN:
        raise ValidationError(f"{phase.title!r} is not a round-robin; set its duration instead.")
    per = check_duration(seconds, "Time per speaker")
    return with_present(dataclasses.replace(phase, per_speaker_s=per), present)


def copy_for_session(phases: Sequence[Phase], session_id: str) -> list[Phase]:
    """Fresh phases (new ids, new group ids, no run times) for another session's agenda."""
    groups: dict[str, str] = {}
    result = []
    for i, p in enumerate(phases):
        group = None
        if p.group_id:
            group = groups.setdefault(p.group_id, new_id())
        result.append(
            dataclasses.replace(
                p,
                session_id=session_id,
                position=i,
                id=new_id(),
                group_id=group,
                started_at=None,
                ended_at=None,
            )
        )
    return result
