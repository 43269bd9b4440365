"""Capture changes that can be undone: each edit or delete keeps the row as it was.

The history is stored (table ``capture_undo``) so an app restarted during a session can
still undo. An entry is live while its session runs: entries made before the session ended
are no longer offered. Each change and its history entry commit in one transaction, and so
does each undo, which writes the whole earlier row back: the item returns exactly.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from facilitator.errors import NotFoundError
from facilitator.model import new_id
from facilitator.store.database import Database

TABLES = {
    "contribution": "contributions",
    "decision": "decisions",
    "action": "actions",
    "experiment": "experiments",
    "learning": "learnings",
}


@dataclass(frozen=True, slots=True)
class UndoEntry:
    """One change that can be taken back."""

    id: str
    session_id: str
    seq: int
    op: str  # "delete" or "edit"
    kind: str  # "contribution", "decision", ...
    item_id: str
    summary: str  # the item's text when it changed, for "Undo delete of ..."
    created_at: str


def _entry(row: dict[str, Any]) -> UndoEntry:
    return UndoEntry(
        id=row["id"],
        session_id=row["session_id"],
        seq=int(row["seq"]),
        op=row["op"],
        kind=row["kind"],
        item_id=row["item_id"],
        summary=row["summary"] or "",
        created_at=row["created_at"],
    )


_COLUMNS: dict[str, list[str]] = {}


def insert(database: Database, kind: str, row: dict[str, Any]) -> None:
    """Store a new item with one INSERT in its own committed transaction.

    A prepared statement, not ``table.insert()``: sqlite-utils looks the table up on every
    insert, which would double the time a scribe waits after pressing Enter.
    """
    table = TABLES[kind]
    columns = _COLUMNS.get(table)
    if columns is None:
        columns = _COLUMNS[table] = list(database.db.table(table).columns_dict)
    names = [c for c in columns if c in row]
    sql = f"insert into {table} ({', '.join(names)}) values ({', '.join('?' for _ in names)})"
    with database.write() as db:
        db.execute(sql, [row[c] for c in names])


def links(
    database: Database,
    session_id: str,
    people: list[str],
    phase_id: str | None,
    experiment_id: str | None,
) -> dict[str, Any]:
    """What a new or changed item points at, for checking: the session's team, which of
    ``people`` are in it, the phase's session and the linked experiment's team.

    One plain statement (no sqlite-utils query savepoints): it runs on every Enter.
    """
    wanted = [p for p in people if p]
    marks = ", ".join("?" for _ in wanted) or "null"
    row = database.db.execute(
        "select s.team_id, "
        f"(select group_concat(id, char(31)) from participants where team_id = s.team_id "
        f"and id in ({marks})), "
        "(select session_id from phases where id = ?), "
        "(select count(*) from phases where id = ?), "
        "(select s2.team_id from experiments e join sessions s2 on s2.id = e.session_id "
        "where e.id = ?), "
        "(select count(*) from experiments where id = ?) "
        "from sessions s where s.id = ?",
        [*wanted, phase_id, phase_id, experiment_id, experiment_id, session_id],
    ).fetchone()
    if row is None:
        raise NotFoundError("That session no longer exists.")
    if phase_id and not row[3]:
        raise NotFoundError("That phase no longer exists.")
    return {
        "team_id": row[0],
        "members": set(row[1].split("\x1f")) if row[1] else set(),
        "phase_session": row[2],
        "experiment_team": row[4],
        "experiment_exists": bool(row[5]),
    }


def change(
    database: Database,
    *,
    kind: str,
    item_id: str,
    op: str,
    values: dict[str, Any],
    summary: str,
    at: str,
) -> UndoEntry:
    """Apply ``values`` to the item and remember its previous row, in one transaction."""
    table = TABLES[kind]
    with database.write() as db:
        rows = list(db.query(f"select * from {table} where id = ?", [item_id]))
        if not rows:
            raise NotFoundError("That item no longer exists.")
        before = rows[0]
        session_id = str(before["session_id"])
        db.table(table).update(item_id, values)
        seq = next(
            iter(
                db.query(
                    "select coalesce(max(seq), 0) + 1 as n from capture_undo where session_id = ?",
                    [session_id],
                )
            )
        )["n"]
        row = {
            "id": new_id(),
            "session_id": session_id,
            "seq": seq,
            "op": op,
            "kind": kind,
            "item_id": item_id,
            "before": json.dumps(before, ensure_ascii=False),
            "summary": summary[:200],
            "created_at": at,
        }
        db.table("capture_undo").insert(row)
    return _entry(row)


_LIVE = (
    "select u.* from capture_undo u join sessions s on s.id = u.session_id "
    "where u.session_id = ? and u.created_at >= coalesce(s.ended_at, '') "
    "and u.created_at >= ? order by u.seq desc limit 1"
)


def latest(database: Database, session_id: str, since: str = "") -> UndoEntry | None:
    """The change an undo would take back now, if any."""
    rows = database.query(_LIVE, [session_id, since])
    return _entry(rows[0]) if rows else None


def undo(database: Database, session_id: str, since: str = "") -> UndoEntry | None:
    """Take back the newest live change (the item's row is written back whole)."""
    with database.write() as db:
        rows = list(db.query(_LIVE, [session_id, since]))
        if not rows:
            return None
        entry = _entry(rows[0])
        table = TABLES[entry.kind]
        before: dict[str, Any] = json.loads(rows[0]["before"])
        columns = set(db.table(table).columns_dict)
        values = {k: v for k, v in before.items() if k in columns and k != "id"}
        if db.execute(f"select 1 from {table} where id = ?", [entry.item_id]).fetchone():
            db.table(table).update(entry.item_id, values)
        else:
            db.table(table).insert({"id": entry.item_id, **values})
        db.execute("delete from capture_undo where id = ?", [entry.id])
    return entry


def forget(database: Database, session_id: str) -> None:
    """Drop a session's undo history (nothing left to take back)."""
    with database.write() as db:
        db.execute("delete from capture_undo where session_id = ?", [session_id])
