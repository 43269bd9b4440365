"""Who held which role, when, and why; opt-outs live with the roster in ``teams``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from facilitator.clock import utc_now_iso
from facilitator.errors import NotFoundError
from facilitator.model import (
    Attendance,
    Learning,
    Phase,
    RoleAssignment,
    RotaReview,
)
from facilitator.store.database import Database
from facilitator.store.rows import from_row, to_row


def add_assignments(database: Database, assignments: list[RoleAssignment]) -> None:
    with database.write() as db:
        db.table("role_assignments").insert_all([to_row(a) for a in assignments])


def for_session(database: Database, session_id: str) -> list[RoleAssignment]:
    return [
        from_row(RoleAssignment, r)
        for r in database.query(
            "select a.* from role_assignments a left join phases p on p.id = a.phase_id "
            "where a.session_id = ? order by coalesce(p.position, -1), a.created_at",
            [session_id],
        )
    ]


# ------------------------------------------------------------------ rotation changes


def get_assignment(database: Database, assignment_id: str) -> RoleAssignment:
    rows = database.query("select * from role_assignments where id = ?", [assignment_id])
    if not rows:
        raise NotFoundError("That role assignment no longer exists.")
    return from_row(RoleAssignment, rows[0])


def apply_changes(
    database: Database,
    *,
    end: Sequence[tuple[str, str]] = (),
    add: Sequence[RoleAssignment] = (),
    attendance: Sequence[Attendance] = (),
) -> None:
    """One rota change as one transaction: end some assignments, add others, and record
    a change of attendance (someone left) when there is one."""
    with database.write() as db:
        for assignment_id, ended_at in end:
            db.execute(
                "update role_assignments set ended_at = ? where id = ? and ended_at is null",
                [ended_at, assignment_id],
            )
        if add:
            db.table("role_assignments").insert_all([to_row(a) for a in add])
        for mark in attendance:
            db.table("attendance").upsert(to_row(mark), pk=("session_id", "participant_id"))


def confirm(database: Database, assignment_ids: Sequence[str], at: str) -> None:
    """The holders confirmed their roles at handover (the first confirmation is kept)."""
    with database.write() as db:
        for assignment_id in assignment_ids:
            db.execute(
                "update role_assignments set confirmed_at = ? where id = ? "
                "and confirmed_at is null",
                [at, assignment_id],
            )


# ------------------------------------------------------------------ team-wide reads


def _assignment(row: dict[str, Any]) -> RoleAssignment:
    """A row as a RoleAssignment, directly: a team's whole history is read on every
    suggestion, and the generic mapping is the slow part of that."""
    return RoleAssignment(
        session_id=row["session_id"],
        role_id=row["role_id"],
        participant_id=row["participant_id"],
        phase_id=row["phase_id"],
        reason=row["reason"] or "",
        overridden=bool(row["overridden"]),
        shadow_of=row["shadow_of"],
        confirmed_at=row["confirmed_at"],
        ended_at=row["ended_at"],
        created_at=row["created_at"] or "",
        id=row["id"],
    )


def for_team(database: Database, team_id: str) -> list[RoleAssignment]:
    """Every assignment in the team's sessions (ended and shadow ones too)."""
    return [
        _assignment(r)
        for r in database.query(
            "select a.* from role_assignments a join sessions s on s.id = a.session_id "
            "where s.team_id = ? order by a.created_at, a.rowid",
            [team_id],
        )
    ]


def phases_for_team(database: Database, team_id: str) -> list[Phase]:
    return [
        from_row(Phase, r)
        for r in database.query(
            "select p.* from phases p join sessions s on s.id = p.session_id "
            "where s.team_id = ? order by p.session_id, p.position",
            [team_id],
        )
    ]


def attendance_for_team(database: Database, team_id: str) -> list[Attendance]:
    return [
        Attendance(r["session_id"], r["participant_id"], r["status"], r["left_at"])
        for r in database.query(
            "select a.* from attendance a join sessions s on s.id = a.session_id "
            "where s.team_id = ?",
            [team_id],
        )
    ]


# ------------------------------------------------------------------ rota retrospectives


def add_rota_review(
    database: Database, review: RotaReview, learning: Learning | None = None
) -> RotaReview:
    """Record that the team looked back at its rota (its words kept as a learning)."""
    now = utc_now_iso()
    with database.write() as db:
        if learning is not None:
            row = to_row(learning)
            row["created_at"] = row.get("created_at") or now
            row["updated_at"] = now
            db.table("learnings").insert(row)
        db.table("rota_reviews").insert(to_row(review))
    return review


def rota_reviews(database: Database, team_id: str) -> list[RotaReview]:
    return [
        from_row(RotaReview, r)
        for r in database.query(
            "select * from rota_reviews where team_id = ? order by cycle, created_at", [team_id]
        )
    ]
