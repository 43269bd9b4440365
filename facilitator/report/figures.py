"""The numbers a report shows, computed from records without any drawing library.

Shared by the PDF reports and the Markdown summary so both tell the same story.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, tzinfo

from facilitator import ledger, session_time
from facilitator.clock import parse_iso
from facilitator.durations import minutes_text, plan_difference
from facilitator.model import Action, ActionStatus, Phase, RoleAssignment
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


def timing_summary(record: SessionRecord) -> str:
    planned = record.planned_s()
    ran = [(p, record.actual_s(p)) for p in record.phases]
    done = [(p, a) for p, a in ran if a is not None]
    if not record.phases:
        return "No agenda was planned."
    text = f"Planned {minutes_text(planned)} in {len(record.phases)} phases"
    if not done:
        return text + "; not run yet."
    actual = sum(a for _, a in done)
    planned_done = sum(p.planned_s for p, _ in done)
    text += f"; the {len(done)} phases run took {minutes_text(actual)}"
    text += f" ({plan_difference(actual - planned_done)})"
    if len(done) < len(record.phases):
        text += f"; {len(record.phases) - len(done)} not run"
    return text + "."


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


def participation(record: SessionRecord) -> list[Person]:
    """Everyone present (and anyone who spoke or held a role), by name."""
    airtime = record.airtime_s()
    total = sum(airtime.values())
    turns: dict[str, int] = {}
    for turn in record.turns:
        turns[turn.participant_id] = turns.get(turn.participant_id, 0) + 1
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
        for p in sorted(people, key=lambda x: x.name.lower())
    ]


def distribution(record: SessionRecord) -> float | None:
    """The leadership distribution figure (see ``facilitator.ledger``) for this session."""
    return roles(record).distribution


# How the figure reads: 1.0 is as evenly shared as the people present allow.
FIGURE_MEANING = (
    "1.00 means the roles were spread as evenly as the number of people present allows "
    "(with more people than roles: each role held by someone different); 0 means one "
    "person held every role."
)


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
