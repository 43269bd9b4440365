"""Captures across all of a team's sessions: what review rounds and follow-up read."""

from __future__ import annotations

from typing import Any

from facilitator.model import Action, Experiment, Learning
from facilitator.store.database import Database
from facilitator.store.rows import from_row

_SESSION_DAY = (
    "coalesce(nullif(s.planned_date, ''), substr(s.started_at, 1, 10), substr(s.created_at, 1, 10))"
)


def actions(database: Database, team_id: str, *, open_only: bool = False) -> list[Action]:
    sql = (
        "select a.* from actions a join sessions s on s.id = a.session_id "
        "where s.team_id = ? and a.deleted_at is null"
    )
    if open_only:
        sql += " and a.status = 'open'"
    sql += f" order by {_SESSION_DAY}, a.created_at"
    return [from_row(Action, r) for r in database.query(sql, [team_id])]


def experiments(database: Database, team_id: str) -> list[Experiment]:
    return [
        from_row(Experiment, r)
        for r in database.query(
            "select e.* from experiments e join sessions s on s.id = e.session_id "
            f"where s.team_id = ? and e.deleted_at is null order by {_SESSION_DAY}, e.created_at",
            [team_id],
        )
    ]


def learnings(database: Database, team_id: str) -> list[Learning]:
    return [
        from_row(Learning, r)
        for r in database.query(
            "select l.* from learnings l join sessions s on s.id = l.session_id "
            f"where s.team_id = ? and l.deleted_at is null order by {_SESSION_DAY}, l.created_at",
            [team_id],
        )
    ]


def session_days(database: Database, team_id: str) -> dict[str, dict[str, Any]]:
    """Each session of the team: its day (YYYY-MM-DD), title, status and creation time."""
    return {
        r["id"]: r
        for r in database.query(
            f"select s.id, s.title, s.status, s.created_at, {_SESSION_DAY} as day "
            "from sessions s where s.team_id = ?",
            [team_id],
        )
    }
