"""Dot votes per round and each round's budget (dots per participant).

A round is a phase of the session, or the session as a whole (``phase_id`` None). Votes on
soft-deleted contributions are kept, so an undone delete brings its dots back, but they do
not count while the contribution is deleted.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from facilitator.model import Vote, new_id
from facilitator.store.database import Database
from facilitator.store.rows import from_row, to_row


def get_budget(database: Database, session_id: str, phase_id: str | None) -> int | None:
    rows = database.query(
        "select budget from vote_budgets where session_id = ? and phase_id is ?",
        [session_id, phase_id],
    )
    return int(rows[0]["budget"]) if rows else None


def set_budget(
    database: Database, session_id: str, phase_id: str | None, budget: int, at: str
) -> None:
    with database.write() as db:
        db.execute(
            "delete from vote_budgets where session_id = ? and phase_id is ?",
            [session_id, phase_id],
        )
        db.table("vote_budgets").insert(
            {
                "id": new_id(),
                "session_id": session_id,
                "phase_id": phase_id,
                "budget": budget,
                "updated_at": at,
            }
        )


def round_votes(database: Database, session_id: str, phase_id: str | None) -> list[Vote]:
    """The live votes of one round."""
    return [
        from_row(Vote, r)
        for r in database.query(
            "select v.* from votes v join contributions c on c.id = v.contribution_id "
            "where c.session_id = ? and c.deleted_at is null and v.phase_id is ? and v.count > 0",
            [session_id, phase_id],
        )
    ]


def rounds_with_votes(database: Database, session_id: str) -> list[str | None]:
    """Phase ids (None for the whole session) that hold votes or a budget."""
    rows = database.query(
        "select v.phase_id as phase_id from votes v join contributions c "
        "on c.id = v.contribution_id where c.session_id = ? "
        "union select phase_id from vote_budgets where session_id = ?",
        [session_id, session_id],
    )
    return [r["phase_id"] for r in rows]


def put_vote(database: Database, vote: Vote, session_id: str, check: Callable[[int], None]) -> None:
    """Set one person's dots on one contribution in one round.

    ``check`` is given the dots the person has already given to the round's other ideas, and
    refuses by raising; the check and the write share one transaction, so two quick entries
    cannot both slip under the budget.
    """
    with database.write() as db:
        used = next(
            iter(
                db.query(
                    "select coalesce(sum(v.count), 0) as n from votes v join contributions c "
                    "on c.id = v.contribution_id where c.session_id = ? and c.deleted_at is null "
                    "and v.participant_id = ? and v.phase_id is ? and v.contribution_id != ?",
                    [session_id, vote.participant_id, vote.phase_id, vote.contribution_id],
                )
            )
        )["n"]
        check(int(used))
        db.execute(
            "delete from votes where contribution_id = ? and participant_id = ? and phase_id is ?",
            [vote.contribution_id, vote.participant_id, vote.phase_id],
        )
        if vote.count:
            db.table("votes").insert(to_row(vote))


def max_used(database: Database, session_id: str, phase_id: str | None) -> dict[str, Any]:
    """The most dots anyone has given in the round, and who (for refusing a lower budget)."""
    rows = database.query(
        "select v.participant_id as pid, sum(v.count) as n from votes v join contributions c "
        "on c.id = v.contribution_id where c.session_id = ? and c.deleted_at is null "
        "and v.phase_id is ? group by v.participant_id order by n desc limit 1",
        [session_id, phase_id],
    )
    return (
        {"participant_id": rows[0]["pid"], "used": int(rows[0]["n"])}
        if rows
        else {"participant_id": None, "used": 0}
    )
