"""The numbers a report shows, computed from records without any drawing library.

Shared by the PDF reports and the Markdown summary so both tell the same story.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, tzinfo

from facilitator import agenda as agenda_plan
from facilitator import collation, ledger, session_time
from facilitator.clock import parse_iso
from facilitator.durations import clock_mm_ss, minutes_text, plan_difference, signed_clock
from facilitator.model import (
    Action,
    ActionStatus,
    AttendanceStatus,
    Phase,
    RoleAssignment,
    TimerEventKind,
)
from facilitator.record import SessionRecord


def clock(text: str | None, tz: tzinfo | None) -> str:
    """``09:42`` in the report's time zone (the machine's by default)."""
    if not text:
        return ""
    moment = parse_iso(text)
    return (moment.astimezone(tz) if tz else moment.astimezone()).strftime("%H:%M")


def long_date(text: str | None) -> str:
    """``Monday 2 March 2026`` from ``2026-03-02`` (or an ISO timestamp)."""
    if not text:
        return ""
    try:
        day = date.fromisoformat(text[:10])
    except ValueError:
        return text
    return f"{day:%A} {day.day} {day:%B %Y}"


def short_date(text: str | None) -> str:
    """``2 Mar 2026``."""
    if not text:
        return ""
    try:
        day = date.fromisoformat(text[:10])
    except ValueError:
        return text
    return f"{day.day} {day:%b %Y}"


def session_day(record: SessionRecord) -> str:
    """The day the session ran (``session_time.session_day``), as ``YYYY-MM-DD``."""
    return session_time.session_day_text(record.session)


# ------------------------------------------------------------------ agenda


@dataclass(frozen=True)
class AgendaRow:
    phase: Phase
    actual_s: float | None
    diff_s: float | None  # actual - planned
    drift_s: float | None  # running total of differences up to this phase
    started: str  # clock time
    ended: str


def agenda(record: SessionRecord, tz: tzinfo | None = None) -> list[AgendaRow]:
    rows = []
    drift = 0.0
    any_run = False
    for phase in record.phases:
        actual = record.actual_s(phase)
        diff = None if actual is None else actual - phase.planned_s
        if diff is not None:
            drift += diff
            any_run = True
        rows.append(
            AgendaRow(
                phase,
                actual,
                diff,
                drift if any_run and diff is not None else None,
                clock(phase.started_at, tz),
                clock(phase.ended_at, tz),
            )
        )
    return rows


LONG_AGENDA = 20  # phases: a longer agenda table says a later round run as round 1 in one row


@dataclass(frozen=True)
class AgendaLine:
    """One row of an agenda table: a phase, or a later round of a repeated block that was
    its first round again (every step run or none, none extended or shortened), its steps
    together."""

    first: int  # the place of its first phase in the agenda, from 0
    rows: tuple[AgendaRow, ...]

    @property
    def is_round(self) -> bool:
        return len(self.rows) > 1

    @property
    def numbers(self) -> str:
        """``7``, or ``12–15`` for a round."""
        last = self.first + len(self.rows)
        return f"{self.first + 1}–{last}" if self.is_round else str(last)

    @property
    def planned_s(self) -> int:
        return sum(r.phase.planned_s for r in self.rows)

    @property
    def actual_s(self) -> float | None:
        actual = [r.actual_s for r in self.rows]
        return None if None in actual else sum(a or 0.0 for a in actual)

    @property
    def diff_s(self) -> float | None:
        diffs = [r.diff_s for r in self.rows]
        return None if None in diffs else sum(d or 0.0 for d in diffs)

    @property
    def drift_s(self) -> float | None:
        return self.rows[-1].drift_s


def agenda_lines(record: SessionRecord, rows: Sequence[AgendaRow]) -> list[AgendaLine]:
    """The agenda table's rows: a phase each; in an agenda longer than ``LONG_AGENDA``, a
    later round that is round 1 again (``agenda.same_rounds``) in one row, unless the
    timekeeper extended or shortened a step of it or only some of it ran (then each step
    says what happened to it). Moving on early is in the row's actual time."""
    timed = {c.phase_id for c in time_changes(record) if c.kind in ("extend", "shorten")}
    spans: dict[int, range] = {}
    if len(rows) > LONG_AGENDA:
        for span in agenda_plan.same_rounds([r.phase for r in rows]):
            steps = [rows[k] for k in span]
            ran = {r.actual_s is not None for r in steps}
            if len(ran) == 1 and not any(r.phase.id in timed for r in steps):
                spans[span.start] = span
    lines: list[AgendaLine] = []
    i = 0
    while i < len(rows):
        span = spans.get(i, range(i, i + 1))
        lines.append(AgendaLine(i, tuple(rows[k] for k in span)))
        i = span.stop
    return lines


def library_prompts(phases: Sequence[Phase]) -> dict[str, str]:
    """Phase id -> the prompt the format library gives that step, found by where the step
    stands in the session's own agenda: before the format's repeated block, its place in a
    round of the block, or after it (a title used in two places has each place's prompt).
    A step renamed keeps its place's prompt; one moved is found by its title in that part;
    a phase of no library format, or past the format's steps, is not in the result."""
    from facilitator import formats
    from facilitator.errors import FacilitatorError

    groups: dict[str, list[Phase]] = {}
    for phase in phases:
        if phase.format_key and phase.group_id:
            groups.setdefault(phase.group_id, []).append(phase)
    prompts: dict[str, str] = {}
    for members in groups.values():
        try:
            fmt = formats.get_format(members[0].format_key or "")
        except FacilitatorError:  # a format not in the library (one's own, or since removed)
            continue
        block = [s for s in fmt.steps if s.repeat]
        cut = fmt.steps.index(block[0]) if block else len(fmt.steps)
        before, after = list(fmt.steps[:cut]), list(fmt.steps[cut + len(block) :])
        seen_block = False
        at_before = at_after = 0
        in_round: dict[int | None, int] = {}
        for phase in members:
            if phase.repeat is not None:
                seen_block = True
                place = in_round.get(phase.round_no, 0)
                in_round[phase.round_no] = place + 1
                part, at = block, place
            elif not seen_block:
                part, at, at_before = before, at_before, at_before + 1
            else:
                part, at, at_after = after, at_after, at_after + 1
            step = part[at] if at < len(part) else None
            if step is None or (step.title != phase.title and step.prompt != phase.prompt):
                step = next((s for s in part if s.title == phase.title), step)  # moved
            if step is not None:
                prompts[phase.id] = step.prompt
    return prompts


def _clock_of_day(seconds: int) -> str:
    return f"{seconds // 3600 % 24:02d}:{seconds % 3600 // 60:02d}"


def planned_clocks(record: SessionRecord) -> list[str]:
    """The clock time each phase is planned to start at (``09:36``): the session's planned
    start plus the planned lengths before it; "" for every phase when no start is planned."""
    try:
        hours, minutes = (int(x) for x in record.session.planned_start.split(":"))
    except ValueError:
        return ["" for _ in record.phases]
    at = hours * 3600 + minutes * 60
    out = []
    for phase in record.phases:
        out.append(_clock_of_day(at))
        at += phase.planned_s
    return out


def planned_end(record: SessionRecord) -> str:
    """The clock time the agenda is planned to end at; "" without a planned start."""
    starts = planned_clocks(record)
    if not starts or not starts[0]:
        return ""
    hours, minutes = (int(x) for x in starts[0].split(":"))
    return _clock_of_day(hours * 3600 + minutes * 60 + record.planned_s())


def _phases(n: int) -> str:
    return f"{n} phase{'s' if n != 1 else ''}"


def available_text(record: SessionRecord) -> str:
    """The agenda's length against the time the session had: "" when no time was set."""
    available = record.session.available_min
    if not available or not record.phases:
        return ""
    over = record.planned_s() - available * 60
    have = f"the {minutes_text(available * 60)} available"
    if abs(over) < 60:
        return f"The agenda fills {have}."
    if over > 0:
        return f"The agenda was planned {minutes_text(over)} longer than {have}."
    return f"The agenda leaves {minutes_text(-over)} of {have} free."


def timing_summary(record: SessionRecord) -> str:
    """``Planned 1 h 45 min in 23 phases; all 23 ran in 1 h 50 min (5 min behind plan).``"""
    planned = record.planned_s()
    timed = [(p, record.actual_s(p)) for p in record.phases]
    done = [(p, a) for p, a in timed if a is not None]
    if not record.phases:
        return "No agenda was planned."
    text = f"Planned {minutes_text(planned)} in {_phases(len(record.phases))}"
    if end := planned_end(record):
        text += f" ({planned_clocks(record)[0]}–{end})"
    if not done:
        return text + "; not run yet."
    actual = sum(a for _, a in done)
    planned_done = sum(p.planned_s for p, _ in done)
    if len(done) == len(record.phases):
        ran = "it ran in" if len(done) == 1 else f"all {len(done)} ran in"
    else:
        ran = f"the {_phases(len(done))} that ran took"
    text += f"; {ran} {minutes_text(actual)}"
    text += f" ({plan_difference(actual - planned_done)})"
    if len(done) < len(record.phases):
        text += f"; {len(record.phases) - len(done)} not run"
    return text + "."


# Moving on with less than this left is moving on at the chime, the timekeeper's reaction
# time; with more, the phase ended early, and the report says by how much.
EARLY_S = 10.0


@dataclass(frozen=True)
class TimeChange:
    """One change the timekeeper made to a phase: more time, less, moving on before its
    time was up (``early``, ``amount_s`` the time left) or past it unrun (``skip``)."""

    phase_id: str
    phase: str  # its heading: the title, with its round in a repeated block
    kind: str  # "extend", "shorten", "early" or "skip"
    amount_s: float


def time_changes(record: SessionRecord) -> list[TimeChange]:
    """The timekeeper's extensions and shortenings, in the order they were made, then where
    the group moved on before a phase's time was up: early (with the time left when it was
    last left) or without running it at all. Moving on at or after the end of a phase's
    time is no change: its over-time shows in the agenda and the chart."""
    titles = {p.id: p.heading for p in record.phases}
    ran = {p.id for p in record.phases if p.started_at}
    events = sorted(record.timer_events, key=lambda e: e.seq)
    changes = [
        TimeChange(
            e.phase_id, titles.get(e.phase_id, "a removed phase"), e.kind.value, e.amount_s or 0.0
        )
        for e in events
        if e.kind in (TimerEventKind.EXTEND, TimerEventKind.SHORTEN)
    ]
    last_left: dict[str, float | None] = {}  # phase id -> time left when last moved on from
    for e in events:
        if e.kind is TimerEventKind.SKIP:
            last_left[e.phase_id] = e.remaining_s
    for phase_id, left in last_left.items():
        title = titles.get(phase_id, "a removed phase")
        if phase_id not in ran:
            changes.append(TimeChange(phase_id, title, "skip", 0.0))
        elif left is not None and left >= EARLY_S:
            changes.append(TimeChange(phase_id, title, "early", left))
    return changes


def _per_phase(changes: list[TimeChange]) -> str:
    totals: dict[str, float] = {}
    for c in changes:
        totals[c.phase] = totals.get(c.phase, 0.0) + c.amount_s
    return ", ".join(f"{phase} {signed_clock(s)}" for phase, s in totals.items())


def _early(left_s: float) -> str:
    return f"ended {clock_mm_ss(left_s)} early"


def phase_changes(record: SessionRecord) -> dict[str, str]:
    """Phase id -> what the timekeeper did to it: ``extended +1:00``, ``shortened −0:30``,
    ``ended 1:15 early``, ``skipped`` (joined by "; " when several)."""
    notes: dict[str, dict[str, float]] = {}
    for c in time_changes(record):
        sign = -1.0 if c.kind == "shorten" else 1.0
        kinds = notes.setdefault(c.phase_id, {})
        kinds[c.kind] = kinds.get(c.kind, 0.0) + sign * c.amount_s
    words = {"extend": "extended", "shorten": "shortened"}

    def note(kind: str, value: float) -> str:
        if kind == "skip":
            return "skipped"
        if kind == "early":
            return _early(value)
        return f"{words[kind]} {signed_clock(value)}"

    return {pid: "; ".join(note(k, v) for k, v in kinds.items()) for pid, kinds in notes.items()}


def extensions_text(record: SessionRecord) -> str:
    """``The timekeeper extended 4 times, 4 min in all (Report +1:00, ...).``, then the
    phases ended early and those skipped; "" if none."""
    changes = time_changes(record)
    parts = []
    more = [c for c in changes if c.kind == "extend"]
    if more:
        n = len(more)
        parts.append(
            f"extended {'once' if n == 1 else f'{n} times'}, "
            f"{minutes_text(sum(c.amount_s for c in more))} in all ({_per_phase(more)})"
        )
    less = [c for c in changes if c.kind == "shorten"]
    if less:
        cut = [TimeChange(c.phase_id, c.phase, c.kind, -c.amount_s) for c in less]
        n = len(less)
        parts.append(f"shortened {'once' if n == 1 else f'{n} times'} ({_per_phase(cut)})")
    early = [c for c in changes if c.kind == "early"]
    if early:
        parts.append(
            "moved on early from "
            + ", ".join(f"{c.phase} ({clock_mm_ss(c.amount_s)} left)" for c in early)
        )
    skipped = [c.phase for c in changes if c.kind == "skip"]
    if skipped:
        parts.append("skipped " + ", ".join(skipped))
    if not parts:
        return ""
    return "The timekeeper " + "; ".join(parts) + "."


# ------------------------------------------------------------------ participation


@dataclass(frozen=True)
class Person:
    id: str
    name: str
    area: str
    airtime_s: float
    share: float  # of all airtime, 0..1
    turns: int
    roles: list[str]  # role names held, in order


def roles(r: SessionRecord) -> ledger.SessionRoles:
    """The session's real role-holdings and its figure, as the ledger counts them."""
    return ledger.session_roles(r.session, r.assignments, r.phases, r.attendance)


def listed_roles(record: SessionRecord) -> list[RoleAssignment]:
    """The roles the report lists: those held and shadowed (before the start: the plan in
    force)."""
    return ledger.listed(record.session, record.assignments, record.phases)


def roles_by_person(record: SessionRecord) -> dict[str, list[str]]:
    """Participant id -> the names of the roles they held (or are to hold), in order, once."""
    held: dict[str, list[str]] = {}
    for a in listed_roles(record):
        if a.shadow_of:
            continue
        names = held.setdefault(a.participant_id, [])
        name = record.role_name(a.role_id)
        if name not in names:
            names.append(name)
    return held


def scribes(record: SessionRecord) -> list[str]:
    """Who took the minutes: the names of those who held the Scribe role, in order, once."""
    scribe_roles = {r.id for r in record.roles if r.builtin_key == "scribe"}
    names = [
        record.person(a.participant_id)
        for a in listed_roles(record)
        if a.role_id in scribe_roles and not a.shadow_of
    ]
    return list(dict.fromkeys(names))


def left_early(record: SessionRecord, tz: tzinfo | None) -> list[tuple[str, str]]:
    """(name, the clock time they left, or "") for everyone who left early."""
    return [
        (record.person(a.participant_id), clock(a.left_at, tz))
        for a in record.attendance
        if a.status is AttendanceStatus.LEFT_EARLY
    ]


def absent(record: SessionRecord) -> list[str]:
    """The names of those marked absent, in roster order."""
    away = {a.participant_id for a in record.attendance if a.status is AttendanceStatus.ABSENT}
    return [p.name for p in record.participants if p.id in away]


def participation(record: SessionRecord) -> list[Person]:
    """Everyone present (and anyone who spoke or held a role), by name."""
    airtime = record.airtime_s()
    total = sum(airtime.values())
    turns = record.turns_taken()
    held = roles_by_person(record)
    ids = {p.id for p in record.present()} | set(airtime) | set(held)
    people = [p for p in record.participants if p.id in ids]
    return [
        Person(
            p.id,
            p.name,
            p.area,
            airtime.get(p.id, 0.0),
            (airtime.get(p.id, 0.0) / total) if total else 0.0,
            turns.get(p.id, 0),
            held.get(p.id, []),
        )
        for p in sorted(people, key=lambda x: collation.key(x.name))
    ]


def quieter_voices(record: SessionRecord, people: list[Person]) -> list[str]:
    """The names of those who spoke under half an equal share, to invite first next time;
    not someone who left early, whose share of a shorter stay says nothing of their voice."""
    if len(people) < 2:
        return []
    left = {a.participant_id for a in record.attendance if a.status is AttendanceStatus.LEFT_EARLY}
    equal = 1 / len(people)
    return [p.name for p in people if p.share < equal / 2 and p.id not in left]


def distribution(record: SessionRecord) -> float | None:
    """The leadership distribution figure (see ``facilitator.ledger``) for this session."""
    return roles(record).distribution


# How the figure reads: 1.0 is as evenly shared as the people present allow.
FIGURE_MEANING = (
    "1.00 means the roles were spread as evenly as the number of people present allows "
    "(with more people than roles: each role held by someone different); 0 means one "
    "person held every role."
)


def leadership_text(record: SessionRecord) -> str:
    """The figure in words, or why there is none yet (a session that has not run)."""
    if not record.session.started_at:
        return "not yet: roles are counted once the session has run"
    return distribution_text(distribution(record))


def distribution_text(value: float | None) -> str:
    if value is None:
        return "not available: nobody held a role"
    if value >= 0.9:
        word = "evenly shared"
    elif value >= 0.7:
        word = "fairly shared"
    elif value >= 0.5:
        word = "unevenly shared"
    else:
        word = "concentrated in few hands"
    return f"{value:.2f} — {word}"


# ------------------------------------------------------------------ actions


def action_state(action: Action, today: date) -> str:
    """``done``, ``dropped``, ``overdue`` or ``open``."""
    if action.status is ActionStatus.OPEN and action.due:
        try:
            if date.fromisoformat(action.due) < today:
                return "overdue"
        except ValueError:
            pass
    return action.status.value


def follow_through(actions: list[Action], today: date) -> dict[str, int]:
    counts = {"done": 0, "open": 0, "overdue": 0, "dropped": 0}
    for action in actions:
        counts[action_state(action, today)] += 1
    return counts


def today_in(tz: tzinfo | None) -> date:
    return datetime.now(tz).date() if tz else datetime.now().astimezone().date()


# ------------------------------------------------------------------ review round

LEFT_OPEN = "left open; comes back next time"


def reviewed_as(kind: str, status: str) -> str:
    """What the review round decided about an item, in the report's words."""
    if status == "open":
        return LEFT_OPEN[0].upper() + LEFT_OPEN[1:]
    if kind == "experiment" and status in ("planned", "running"):
        return f"Still {status}; {LEFT_OPEN}"
    return status.capitalize()
