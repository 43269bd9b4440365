"""A team's rotation record, read in one go: its roles and people, its sessions in the order
they happen(ed) with their role assignments, agenda and attendance, and who opts out of what.

The rota (``facilitator.rota``), the handover and the ledger all read the team through
``load_team``; ``present_people`` is the one rule of who counts as here.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from facilitator.errors import NotFoundError
from facilitator.model import (
    Attendance,
    AttendanceStatus,
    Participant,
    Phase,
    Role,
    RoleAssignment,
    RoleOptOut,
    RotationRules,
    Session,
    Team,
)
from facilitator.rotation import PastSession, session_order_key
from facilitator.store import assignments as store
from facilitator.store import sessions as sessions_store
from facilitator.store import teams as teams_store
from facilitator.store.database import Database


@dataclass
class TeamData:
    """Everything about a team's rotation, read in a handful of queries."""

    team: Team
    rules: RotationRules
    roles: list[Role]
    people: list[Participant]  # the whole roster, inactive included
    sessions: list[Session]  # in the order they happen(ed)
    assignments: dict[str, list[RoleAssignment]]
    phases: dict[str, list[Phase]]
    attendance: dict[str, list[Attendance]]
    optouts: list[RoleOptOut]

    def session(self, session_id: str) -> Session:
        for s in self.sessions:
            if s.id == session_id:
                return s
        raise NotFoundError("That session no longer exists.")

    def index(self, session_id: str) -> int:
        return [s.id for s in self.sessions].index(session_id)

    def person(self, participant_id: str) -> Participant | None:
        return next((p for p in self.people if p.id == participant_id), None)

    def role(self, role_id: str) -> Role | None:
        return next((r for r in self.roles if r.id == role_id), None)

    def rotating(self) -> list[Role]:
        return [r for r in self.roles if r.rotates]

    def past(self, session_id: str) -> list[PastSession]:
        return [
            PastSession(s, self.assignments.get(s.id, []), self.phases.get(s.id, []))
            for s in self.sessions[: self.index(session_id)]
        ]


def load_team(
    database: Database, team_id: str, attendance_of: Sequence[str] | None = None
) -> TeamData:
    """The team's rotation data; attendance of every session, or only of ``attendance_of``
    (suggestions need only the session being planned, which keeps a long history fast)."""
    team = teams_store.get_team(database, team_id)
    by_session: dict[str, list[RoleAssignment]] = defaultdict(list)
    for a in store.for_team(database, team_id):
        by_session[a.session_id].append(a)
    phases: dict[str, list[Phase]] = defaultdict(list)
    for p in store.phases_for_team(database, team_id):
        phases[p.session_id].append(p)
    attendance: dict[str, list[Attendance]] = defaultdict(list)
    rows = (
        store.attendance_for_team(database, team_id)
        if attendance_of is None
        else [a for sid in attendance_of for a in sessions_store.attendance(database, sid)]
    )
    for row in rows:
        attendance[row.session_id].append(row)
    return TeamData(
        team=team,
        rules=teams_store.get_rotation_rules(database, team_id),
        roles=teams_store.list_roles(database, team_id),
        people=teams_store.list_participants(database, team_id, include_inactive=True),
        sessions=sorted(sessions_store.list_sessions(database, team_id), key=session_order_key),
        assignments=dict(by_session),
        phases=dict(phases),
        attendance=dict(attendance),
        optouts=teams_store.list_optouts(database, team_id),
    )


def load_for(database: Database, session_id: str) -> tuple[TeamData, Session]:
    """The team of ``session_id`` with that session's attendance, and the session."""
    session = sessions_store.get_session(database, session_id)
    data = load_team(database, session.team_id, attendance_of=[session_id])
    return data, data.session(session_id)


def present_people(data: TeamData, session: Session) -> tuple[list[Participant], bool]:
    """Active people marked present; with no attendance recorded yet, every active member
    (the second value says the attendance was assumed)."""
    rows = data.attendance.get(session.id, [])
    active = [p for p in data.people if p.active]
    if not rows:
        return active, True
    here = {a.participant_id for a in rows if a.status is AttendanceStatus.PRESENT}
    return [p for p in active if p.id in here], False


def in_force(assignments: Sequence[RoleAssignment]) -> list[RoleAssignment]:
    """The assignments that have not ended (an override or a departure ends one)."""
    return [a for a in assignments if not a.ended_at]
