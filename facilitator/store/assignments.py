"""Who held which role, when, and why."""

from __future__ import annotations

from facilitator.model import RoleAssignment
from facilitator.store.database import Database
from facilitator.store.rows import from_row, to_row


def add_assignments(database: Database, assignments: list[RoleAssignment]) -> None:
    with database.write() as db:
        db.table("role_assignments").insert_all([to_row(a) for a in assignments])


def for_session(database: Database, session_id: str) -> list[RoleAssignment]:
    return [from_row(RoleAssignment, r) for r in database.query(
        "select a.* from role_assignments a left join phases p on p.id = a.phase_id "
        "where a.session_id = ? order by coalesce(p.position, -1), a.created_at",
        [session_id])]


def team_history(database: Database, team_id: str) -> list[tuple[str, RoleAssignment]]:
    """Every assignment in the team's sessions with its session date, oldest first."""
    rows = database.query(
        "select a.*, coalesce(s.started_at, s.planned_date, s.created_at) as session_at "
        "from role_assignments a join sessions s on s.id = a.session_id "
        "where s.team_id = ? order by session_at, a.created_at", [team_id])
    return [(str(r["session_at"]), from_row(RoleAssignment, r)) for r in rows]
