"""The captures' storage: the rows of the five kinds (``facilitator.kinds``), their dot votes,
and the undo history of their edits and deletes; the session's reads and the team's.

Deleting sets ``deleted_at``, so an undo can bring the item back unchanged. Each edit or
delete keeps the row as it was (table ``capture_undo``) in the same transaction, so an app
restarted during a session can still undo. An entry is live while its session runs: entries
made before the session ended are no longer offered. Each undo writes the whole earlier row
back in one transaction: the item returns exactly.
"""

from __future__ import annotations

import dataclasses
import json
from typing import Any, TypeVar

from facilitator import kinds
from facilitator.clock import utc_now_iso
from facilitator.errors import NotFoundError
from facilitator.kinds import Capture
from facilitator.model import Action, Experiment, Learning, Vote, new_id
from facilitator.store.database import Database
from facilitator.store.rows import from_row, to_row

C = TypeVar("C", bound=Capture)

# ------------------------------------------------------------------ adding


_COLUMNS: dict[str, list[str]] = {}


def add(database: Database, item: C, *, at: str | None = None) -> C:
    """Store a new item with one INSERT in its own committed transaction; it as stored.

    ``at`` stamps it as last changed (and as created, when it has no ``created_at``);
    the wall clock when not given. A prepared statement, not ``table.insert()``:
    sqlite-utils looks the table up on every insert, which would double the time a scribe
    waits after pressing Enter.
    """
    stamp = at or utc_now_iso()
    if not item.created_at:
        item = dataclasses.replace(item, created_at=stamp)
    row = to_row(item)
    row["updated_at"] = stamp
    table = kinds.of(item).table
    columns = _COLUMNS.get(table)
    if columns is None:
        columns = _COLUMNS[table] = list(database.db.table(table).columns_dict)
    names = [c for c in columns if c in row]
    sql = f"insert into {table} ({', '.join(names)}) values ({', '.join('?' for _ in names)})"
    with database.write() as db:
        db.execute(sql, [row[c] for c in names])
    return item


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


# ------------------------------------------------------------------ a session's items


def get(database: Database, cls: type[C], item_id: str) -> C:
    """The item, deleted or not."""
    rows = database.query(f"select * from {kinds.of_class(cls).table} where id = ?", [item_id])
    if not rows:
        raise NotFoundError("That item no longer exists.")
    return from_row(cls, rows[0])


def list_for_session(database: Database, cls: type[C], session_id: str) -> list[C]:
    """The session's live items of one kind, in the order they were entered."""
    return [
        from_row(cls, r)
        for r in database.query(
            f"select * from {kinds.of_class(cls).table} where session_id = ? "
            "and deleted_at is null order by created_at, rowid",
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


# ------------------------------------------------------------------ votes


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
    """The votes on the session's live contributions."""
    return [
        from_row(Vote, r)
        for r in database.query(
            "select v.* from votes v join contributions c on c.id = v.contribution_id "
            "where c.session_id = ? and c.deleted_at is null",
            [session_id],
        )
    ]


# ------------------------------------------------------------------ the team's items

_SESSION_DAY = (
    "coalesce(substr(s.started_at, 1, 10), nullif(s.planned_date, ''), substr(s.created_at, 1, 10))"
)


def team_actions(database: Database, team_id: str, *, open_only: bool = False) -> list[Action]:
    """The team's live actions from every session, by session day."""
    sql = (
        "select a.* from actions a join sessions s on s.id = a.session_id "
        "where s.team_id = ? and a.deleted_at is null"
    )
    if open_only:
        sql += " and a.status = 'open'"
    sql += f" order by {_SESSION_DAY}, a.created_at"
    return [from_row(Action, r) for r in database.query(sql, [team_id])]


def team_experiments(database: Database, team_id: str) -> list[Experiment]:
    """The team's live experiments from every session, by session day."""
    return [
        from_row(Experiment, r)
        for r in database.query(
            "select e.* from experiments e join sessions s on s.id = e.session_id "
            f"where s.team_id = ? and e.deleted_at is null order by {_SESSION_DAY}, e.created_at",
            [team_id],
        )
    ]


def team_learnings(database: Database, team_id: str) -> list[Learning]:
    """The team's live learnings from every session, by session day."""
    return [
        from_row(Learning, r)
        for r in database.query(
            "select l.* from learnings l join sessions s on s.id = l.session_id "
            f"where s.team_id = ? and l.deleted_at is null order by {_SESSION_DAY}, l.created_at",
            [team_id],
        )
    ]


# ------------------------------------------------------------------ edits, deletes, undo


@dataclasses.dataclass(frozen=True, slots=True)
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
    table = kinds.get(kind).table
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


def _changed_since(read: Any, entry: UndoEntry) -> bool:
    """Whether the item was written again after the change ``entry`` would take back (a
    sync took in another laptop's later version): its newest stamp is no longer the
    change's own."""
    table = kinds.get(entry.kind).table
    rows = list(read(f"select updated_at, deleted_at from {table} where id = ?", [entry.item_id]))
    if not rows:
        return False
    newest = max(str(rows[0]["updated_at"] or ""), str(rows[0]["deleted_at"] or ""))
    return newest != entry.created_at


def latest_change(database: Database, session_id: str, since: str = "") -> UndoEntry | None:
    """The change an undo would take back now, if any (none when its item was changed
    again since, on another laptop)."""
    rows = database.query(_LIVE, [session_id, since])
    if not rows:
        return None
    entry = _entry(rows[0])
    return None if _changed_since(database.query, entry) else entry


def undo(database: Database, session_id: str, since: str = "") -> tuple[UndoEntry | None, bool]:
    """Take back the newest live change (the item's row is written back whole): the entry
    and True. When its item was changed again since (another laptop's later version taken
    in), the entry is dropped and nothing is written back: the entry and False."""
    with database.write() as db:
        rows = list(db.query(_LIVE, [session_id, since]))
        if not rows:
            return None, False
        entry = _entry(rows[0])
        if _changed_since(lambda sql, params: list(db.query(sql, params)), entry):
            db.execute("delete from capture_undo where id = ?", [entry.id])
            return entry, False
        table = kinds.get(entry.kind).table
        before: dict[str, Any] = json.loads(rows[0]["before"])
        columns = set(db.table(table).columns_dict)
        values = {k: v for k, v in before.items() if k in columns and k != "id"}
        if db.execute(f"select 1 from {table} where id = ?", [entry.item_id]).fetchone():
            db.table(table).update(entry.item_id, values)
        else:
            db.table(table).insert({"id": entry.item_id, **values})
        db.execute("delete from capture_undo where id = ?", [entry.id])
    return entry, True
