"""Drafts: text being typed in a session's field, not yet saved where it belongs (m050).

One row per session and field key; saving a field again replaces its row. A draft counts as
stale once its session has ended after it was saved.
"""

from __future__ import annotations

from typing import Any

from facilitator.store.database import Database

_STALE = (
    "exists (select 1 from sessions s where s.id = drafts.session_id "
    "and coalesce(s.ended_at, '') != '' and drafts.saved_at < s.ended_at)"
)


def put(database: Database, session_id: str, field_key: str, text: str, saved_at: str) -> None:
    """Keep ``text`` as the field's draft, replacing the one before, in one transaction."""
    with database.write() as db:
        # Not upsert(): its feature probe writes a scratch table (see reviews.save).
        db.execute(
            "insert into drafts (session_id, field_key, text, saved_at) "
            "values (?, ?, ?, ?) on conflict (session_id, field_key) "
            "do update set text = excluded.text, saved_at = excluded.saved_at",
            [session_id, field_key, text, saved_at],
        )


def delete(database: Database, session_id: str, field_key: str) -> None:
    with database.write() as db:
        db.execute(
            "delete from drafts where session_id = ? and field_key = ?", [session_id, field_key]
        )


def live(database: Database, session_id: str) -> list[dict[str, Any]]:
    """The session's drafts that are not stale, by field key."""
    return database.query(
        f"select field_key, text, saved_at from drafts where session_id = ? "
        f"and not {_STALE} order by field_key",
        [session_id],
    )


def stale_count(database: Database) -> int:
    """How many drafts (of any session) were saved before their session ended."""
    rows = database.query(f"select count(*) as n from drafts where {_STALE}")
    return int(rows[0]["n"]) if rows else 0


def drop_stale(database: Database) -> None:
    with database.write() as db:
        db.execute(f"delete from drafts where {_STALE}")
