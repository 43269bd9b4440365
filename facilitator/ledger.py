"""The leadership ledger: who really held which role, and how evenly leading is shared.

This module is the one place that says which role assignments were really held (``held``)
and how evenly they were shared (``leadership_distribution``); the in-app ledger, the
session and team reports and the Markdown export all read them from here.

Leadership distribution: over the role-holdings ``x`` of the N people counted (who attended
and held nothing counts as zero), with G the Gini coefficient

    G(x) = sum_i sum_j |x_i - x_j| / (2 * N^2 * mean(x))
    distribution = (G(one person held all) - G(x)) / (G(one person held all) - G(most even))

where "most even" spreads the same number of holdings as evenly as the N people allow (each
holds the total // N or one more). 1.0 means as evenly shared as this room allows (5 roles
among 6 or among 13 people, each held by someone else, is 1.0); 0 means one person held
everything. When only one spread is possible (one person, or one holding) the figure is 1.0;
with nobody holding anything it is undefined (None): there was no leading to share.

``load(database, team_id)`` builds the team's ledger: participants x roles (how often and
when last), who has led, and the figure per session and for the team (docs/rotation.md).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from facilitator import collation
from facilitator.clock import parse_iso
from facilitator.model import (
    Attendance,
    AttendanceStatus,
    Participant,
    Phase,
    Role,
    RoleAssignment,
    Session,
    Team,
)
from facilitator.rota_record import in_force, load_team
from facilitator.rotation import PastSession, counted, session_day, unrun_phase_ids
from facilitator.store.database import Database


def _gini(values: Sequence[int]) -> float:
    """The Gini coefficient of sorted non-negative counts with a positive total."""
    n, total = len(values), sum(values)
    # Sorted form: O(n log n) instead of O(n^2).
    return sum((2 * (i + 1) - n - 1) * x for i, x in enumerate(values)) / (n * total)


def leadership_distribution(counts: Iterable[int]) -> float | None:
    """How evenly role-holdings are shared among the people counted, from 0 (one person
    held everything) to 1.0 (as evenly as that many people allow); None when nobody held
    anything."""
    values = sorted(max(0, int(c)) for c in counts)
    n, total = len(values), sum(values)
    if n == 0 or total == 0:
        return None
    base, extra = divmod(total, n)
    most_even = _gini([base] * (n - extra) + [base + 1] * extra)
    all_in_one = (n - 1) / n
    if all_in_one - most_even < 1e-12:  # only one spread is possible
        return 1.0
    value = (all_in_one - _gini(values)) / (all_in_one - most_even)
    return round(min(1.0, max(0.0, value)), 4)


def holdings(assignments: Iterable[RoleAssignment]) -> Counter[str]:
    """Role-holdings per participant id (each assignment counts once; shadows do not)."""
    return Counter(a.participant_id for a in assignments if not a.shadow_of)


def session_distribution(
    assignments: Iterable[RoleAssignment], attendee_ids: Iterable[str]
) -> float | None:
    """The figure for one session's holdings, over the people who attended it."""
    held_by = holdings(assignments)
    return leadership_distribution(held_by.get(pid, 0) for pid in set(attendee_ids))


# ---------------------------------------------------------------- one session's roles


def held(
    session: Session, assignments: Iterable[RoleAssignment], phases: Sequence[Phase] = ()
) -> list[RoleAssignment]:
    """The role-holdings that really happened in a session, in the order given.

    A role is held from its confirmation (or the session's start) to its end: nothing is
    held in a session that has not begun, a suggestion replaced before the start was never
    held, shadows watch rather than hold, and an agenda item that was skipped was not held
    (``rotation.counted``).
    """
    if not session.started_at:
        return []
    unrun = unrun_phase_ids(session, phases)
    return [a for a in assignments if counted(a, session, unrun)]


def shadowed(session: Session, assignments: Iterable[RoleAssignment]) -> list[RoleAssignment]:
    """The shadows who really watched a holder (the session began before they ended)."""
    if not session.started_at:
        return []
    start = parse_iso(session.started_at)
    return [
        a for a in assignments if a.shadow_of and (not a.ended_at or parse_iso(a.ended_at) > start)
    ]


def listed(
    session: Session, assignments: Sequence[RoleAssignment], phases: Sequence[Phase] = ()
) -> list[RoleAssignment]:
    """The roles a record lists, shadows included, in the order given: those really held
    (or watched) once the session has begun; before that, the plan in force. A suggestion
    replaced before the start is never listed."""
    if not session.started_at:
        return in_force(assignments)
    kept = {a.id for a in held(session, assignments, phases)}
    kept |= {a.id for a in shadowed(session, assignments)}
    return [a for a in assignments if a.id in kept]


def attendee_ids(
    attendance: Iterable[Attendance], held_roles: Iterable[RoleAssignment]
) -> set[str]:
    """Who counts as having been there: present or left early, and anyone who held a role."""
    here = {
        a.participant_id
        for a in attendance
        if a.status in (AttendanceStatus.PRESENT, AttendanceStatus.LEFT_EARLY)
    }
    return here | {a.participant_id for a in held_roles}


@dataclass(frozen=True)
class SessionRoles:
    """One session's real role-holdings, who was there, and how evenly leading was shared."""

    held: list[RoleAssignment]
    attendees: frozenset[str]

    @property
    def distribution(self) -> float | None:
        return session_distribution(self.held, self.attendees)


def session_roles(
    session: Session,
    assignments: Sequence[RoleAssignment],
    phases: Sequence[Phase],
    attendance: Iterable[Attendance],
) -> SessionRoles:
    """The one computation of a session's holdings and figure that every reader uses."""
    real = held(session, assignments, phases)
    return SessionRoles(real, frozenset(attendee_ids(attendance, real)))


# ---------------------------------------------------------------- the team's ledger


@dataclass(frozen=True, slots=True)
class Cell:
    """One person and one role: how often they held it, when last, how often shadowed."""

    count: int = 0
    last_on: str = ""  # YYYY-MM-DD of the latest session in which they held it
    shadowed: int = 0


@dataclass(frozen=True, slots=True)
class SessionFigure:
    """One session's share of leading."""

    session_id: str
    title: str
    on: str
    attendees: int
    holdings: int
    holders: int
    distribution: float | None


@dataclass(frozen=True)
class TeamLedger:
    """Participants x roles over the sessions that took place, and the sharing figures."""

    team: Team
    people: list[Participant]  # active members first, then former members
    roles: list[Role]
    cells: dict[tuple[str, str], Cell]
    totals: dict[str, int]  # role-holdings per person
    attended: dict[str, int]  # sessions attended per person
    sessions: list[SessionFigure]  # oldest first
    distribution: float | None  # the team figure over everyone who attended

    def cell(self, participant_id: str, role_id: str) -> Cell:
        return self.cells.get((participant_id, role_id), Cell())

    def has_led(self, participant_id: str) -> bool:
        return self.totals.get(participant_id, 0) > 0

    def everyone_has_led(self) -> tuple[int, int]:
        """(active members who have held a role, active members)."""
        active = [p for p in self.people if p.active]
        return sum(1 for p in active if self.has_led(p.id)), len(active)

    def not_yet_led(self) -> list[Participant]:
        return [p for p in self.people if p.active and not self.has_led(p.id)]


def build_ledger(
    team: Team,
    people: Sequence[Participant],
    roles: Sequence[Role],
    past: Sequence[PastSession],
    attendance: Mapping[str, Sequence[Attendance]],
) -> TeamLedger:
    """The ledger from sessions in order; only sessions that began count (plans do not)."""
    cells: dict[tuple[str, str], Cell] = {}
    totals: Counter[str] = Counter()
    attended: Counter[str] = Counter()
    figures: list[SessionFigure] = []
    seen_people: set[str] = set()
    for entry in past:
        session = entry.session
        if not session.started_at:
            continue
        day = session_day(session)
        share = session_roles(
            session, entry.assignments, entry.phases, attendance.get(session.id, [])
        )
        real, here = share.held, share.attendees
        for pid in here:
            attended[pid] += 1
        seen_people |= here
        for a in real:
            old = cells.get((a.participant_id, a.role_id), Cell())
            cells[(a.participant_id, a.role_id)] = Cell(
                old.count + 1, max(old.last_on, day), old.shadowed
            )
            totals[a.participant_id] += 1
        for a in shadowed(session, entry.assignments):
            old = cells.get((a.participant_id, a.role_id), Cell())
            cells[(a.participant_id, a.role_id)] = Cell(old.count, old.last_on, old.shadowed + 1)
        figures.append(
            SessionFigure(
                session.id,
                session.title,
                day,
                len(here),
                len(real),
                len({a.participant_id for a in real}),
                share.distribution,
            )
        )

    roster = {p.id: p for p in people}
    for pid in seen_people | {pid for pid, _ in cells}:
        if pid not in roster:  # history outlives a removed person
            roster[pid] = Participant(team.id, "(removed participant)", active=False, id=pid)
    shown = [
        p
        for p in roster.values()
        if p.active or p.id in seen_people or any(k[0] == p.id for k in cells)
    ]
    shown.sort(key=lambda p: (not p.active, collation.key(p.name), p.id))
    held_roles = {rid for _, rid in cells}
    shown_roles = [r for r in roles if r.rotates or r.id in held_roles]
    team_figure = leadership_distribution(totals.get(pid, 0) for pid in attended)
    return TeamLedger(
        team, shown, shown_roles, cells, dict(totals), dict(attended), figures, team_figure
    )


def load(database: Database, team_id: str) -> TeamLedger:
    """The ledger of a team, from the store."""
    data = load_team(database, team_id)
    past = [
        PastSession(s, data.assignments.get(s.id, []), data.phases.get(s.id, []))
        for s in data.sessions
    ]
    return build_ledger(data.team, data.people, data.roles, past, data.attendance)
