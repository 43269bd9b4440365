"""The leadership ledger: who has held which role, and how evenly leading is shared.

Leadership distribution = 1 - Gini coefficient over the number of role-holdings of each
person who attended (people who attended and held nothing count as zero):

    G = sum_i sum_j |x_i - x_j| / (2 * n^2 * mean(x)),   distribution = 1 - G

1.0 means perfectly shared (everyone held the same number of roles); values near 0 mean
one person held nearly everything. With nobody holding anything the figure is undefined
(None): there was no leading to share.

``load(database, team_id)`` builds the team's ledger: participants x roles (how often and
when last), who has led, and the figure per session and for the team; only holdings that
really happened count (see ``rotation.counted`` and docs/rotation.md).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from facilitator.clock import parse_iso
from facilitator.model import (
    Attendance,
    AttendanceStatus,
    Participant,
    Role,
    RoleAssignment,
    Team,
)
from facilitator.rota_record import load_team
from facilitator.rotation import PastSession, counted, session_day, unrun_phase_ids
from facilitator.store.database import Database


def leadership_distribution(counts: Iterable[int]) -> float | None:
    """1 - Gini over role-holding counts; None when the counts are empty or all zero."""
    values = [max(0, int(c)) for c in counts]
    n = len(values)
    total = sum(values)
    if n == 0 or total == 0:
        return None
    # Sorted form of the Gini coefficient: O(n log n) instead of O(n^2).
    values.sort()
    weighted = sum((2 * (i + 1) - n - 1) * x for i, x in enumerate(values))
    gini = weighted / (n * total)
    return round(1.0 - gini, 4)


def holdings(assignments: Iterable[RoleAssignment]) -> Counter[str]:
    """Role-holdings per participant id (each assignment counts once; shadows do not)."""
    return Counter(a.participant_id for a in assignments if not a.shadow_of)


def session_distribution(
    assignments: Iterable[RoleAssignment], attendee_ids: Iterable[str]
) -> float | None:
    """The figure for one session, over the people who attended it."""
    held = holdings(assignments)
    return leadership_distribution(held.get(pid, 0) for pid in set(attendee_ids))


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
        unrun = unrun_phase_ids(session, entry.phases)
        day = session_day(session)
        real = [a for a in entry.assignments if counted(a, session, unrun)]
        shadows = [
            a
            for a in entry.assignments
            if a.shadow_of
            and (not a.ended_at or parse_iso(a.ended_at) > parse_iso(session.started_at))
        ]
        here = {
            a.participant_id
            for a in attendance.get(session.id, [])
            if a.status in (AttendanceStatus.PRESENT, AttendanceStatus.LEFT_EARLY)
        }
        here |= {a.participant_id for a in real}
        for pid in here:
            attended[pid] += 1
        seen_people |= here
        for a in real:
            old = cells.get((a.participant_id, a.role_id), Cell())
            cells[(a.participant_id, a.role_id)] = Cell(
                old.count + 1, max(old.last_on, day), old.shadowed
            )
            totals[a.participant_id] += 1
        for a in shadows:
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
                session_distribution(real, here),
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
    shown.sort(key=lambda p: (not p.active, p.name.casefold(), p.id))
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
