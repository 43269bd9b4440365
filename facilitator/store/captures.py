"""Contributions, decisions, actions, experiments, learnings and votes.

Deleting sets ``deleted_at`` so an undo can bring the item back unchanged.
"""

from __future__ import annotations

from typing import Any, TypeVar

from facilitator.clock import utc_now_iso
from facilitator.errors import NotFoundError
from facilitator.model import Action, Contribution, Decision, Experiment, Learning, Vote
from facilitator.store.database import Database
from facilitator.store.rows import from_row, to_row

Capture = Contribution | Decision | Action | Experiment | Learning
C = TypeVar("C", Contribution, Decision, Action, Experiment, Learning)

TABLES: dict[type[Any], str] = {
    Contribution: "contributions",
    Decision: "decisions",
    Action: "actions",
    Experiment: "experiments",
    Learning: "learnings",
}
KINDS: dict[str, type[Any]] = {
    "contribution": Contribution,
    "decision": Decision,
    "action": Action,
    "experiment": Experiment,
    "learning": Learning,
}


def add(database: Database, item: C) -> C:
    """Store a new capture in its own committed transaction and return it as stored."""
    now = utc_now_iso()
    row = to_row(item)
    row["created_at"] = row.get("created_at") or now
    row["updated_at"] = now
    with database.write() as db:
        db.table(TABLES[type(item)]).insert(row)
    return from_row(type(item), row)


def update(database: Database, item: C) -> C:
    row = to_row(item)
    row["updated_at"] = utc_now_iso()
    with database.write() as db:
        db.table(TABLES[type(item)]).update(item.id, row)
    return item


def delete(database: Database, cls: type[C], item_id: str) -> None:
    with database.write() as db:
        db.table(TABLES[cls]).update(item_id, {"deleted_at": utc_now_iso()})


def restore(database: Database, cls: type[C], item_id: str) -> None:
    with database.write() as db:
        db.table(TABLES[cls]).update(item_id, {"deleted_at": None})


def get(database: Database, cls: type[C], item_id: str) -> C:
    rows = database.query(f"select * from {TABLES[cls]} where id = ?", [item_id])
    if not rows:
        raise NotFoundError("That item no longer exists.")
    return from_row(cls, rows[0])


def list_for_session(database: Database, cls: type[C], session_id: str) -> list[C]:
    return [
        from_row(cls, r)
        for r in database.query(
            f"select * from {TABLES[cls]} where session_id = ? and deleted_at is null "
            "order by created_at, rowid",
            [session_id],
        )
    ]


def set_votes(
    database: Database,
    contribution_id: str,
    participant_id: str,
    count: int,
    phase_id: str | None = None,
) -> Vote:
    """Record how many dots a person gave a contribution (replaces their earlier count)."""
    vote = Vote(contribution_id, participant_id, count, phase_id)
    with database.write() as db:
        db.execute(
            "delete from votes where contribution_id = ? and participant_id = ?",
            [contribution_id, participant_id],
        )
        if count:
            db.table("votes").insert(to_row(vote))
    return vote


def list_votes(database: Database, session_id: str) -> list[Vote]:
    return [
        from_row(Vote, r)
        for r in database.query(
            "select v.* from votes v join contributions c on c.id = v.contribution_id "
            "where c.session_id = ? and c.deleted_at is null",
            [session_id],
        )
    ]


def actions_closed_in(database: Database, session_id: str) -> list[Action]:
    """Actions (from any session) whose status was settled during this session."""
    return [
        from_row(Action, r)
        for r in database.query(
            "select * from actions where closed_in_session = ? and deleted_at is null "
            "order by created_at",
            [session_id],
        )
    ]
