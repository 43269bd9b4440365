"""What each review round recorded: one row per reviewed item and reviewing session.

A review keeps the item's row from before the review (``before``), so the room can change
its mind within the session, or clear the review, and the item returns exactly as it was.
Saving a review changes the item, its learning and the review row in one transaction.
"""

from __future__ import annotations

import json
from typing import Any

from facilitator import kinds
from facilitator.store.database import Database


def for_session(database: Database, session_id: str) -> list[dict[str, Any]]:
    """The session's reviews, each with its learning's text (empty when none)."""
    return database.query(
        "select r.*, coalesce(l.text, '') as learning_text from reviews r "
        "left join learnings l on l.id = r.learning_id and l.deleted_at is null "
        "where r.session_id = ? order by r.created_at",
        [session_id],
    )


def for_items(database: Database, item_ids: list[str]) -> list[dict[str, Any]]:
    """Every review of these items, in any session, oldest first."""
    if not item_ids:
        return []
    marks = ", ".join("?" for _ in item_ids)
    return database.query(
        f"select * from reviews where item_id in ({marks}) order by created_at", item_ids
    )


def reviewed_items(database: Database, session_id: str, kind: str) -> list[dict[str, Any]]:
    """Live items of earlier sessions with a review row in this session, in review order."""
    return database.query(
        f"select i.* from reviews r join {kinds.get(kind).table} i on i.id = r.item_id "
        "where r.session_id = ? and r.kind = ? and i.deleted_at is null "
        "and i.session_id != ? order by r.created_at, r.rowid",
        [session_id, kind, session_id],
    )


def item_row(database: Database, kind: str, item_id: str) -> dict[str, Any] | None:
    rows = database.query(f"select * from {kinds.get(kind).table} where id = ?", [item_id])
    return rows[0] if rows else None


def save(
    database: Database,
    *,
    review: dict[str, Any],
    item_values: dict[str, Any],
    learning_insert: dict[str, Any] | None,
    learning_update: dict[str, Any] | None,
    learning_delete: str | None,
) -> None:
    """Store a review: the item's new state, its learning and the review row, atomically."""
    table = kinds.get(review["kind"]).table
    with database.write() as db:
        db.table(table).update(review["item_id"], item_values)
        if learning_insert is not None:
            db.table("learnings").insert(learning_insert)
        if learning_update is not None:
            db.table("learnings").update(learning_update["id"], learning_update)
        if learning_delete is not None:
            db.table("learnings").update(learning_delete, {"deleted_at": review["updated_at"]})
        # Not upsert(): sqlite-utils probes for ON CONFLICT support with a scratch table,
        # and when that probe hits a full disk it falls back to INSERT OR IGNORE + UPDATE,
        # which silently stores nothing for a table with NOT NULL columns.
        if db.execute("select 1 from reviews where id = ?", [review["id"]]).fetchone():
            db.table("reviews").update(review["id"], review)
        else:
            db.table("reviews").insert(review)


def clear(database: Database, review: dict[str, Any], at: str) -> None:
    """Undo a review: the item's earlier row comes back and its learning is removed."""
    table = kinds.get(review["kind"]).table
    before: dict[str, Any] = json.loads(review["before"])
    with database.write() as db:
        columns = set(db.table(table).columns_dict)
        db.table(table).update(
            review["item_id"], {k: v for k, v in before.items() if k in columns and k != "id"}
        )
        if review.get("learning_id"):
            db.table("learnings").update(review["learning_id"], {"deleted_at": at})
        db.execute("delete from reviews where id = ?", [review["id"]])
