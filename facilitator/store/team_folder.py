"""The team folder's rows: this laptop's id and name, the folder linked to each team, what
was last exchanged with each other laptop, change times and deletions (kept by the
triggers of migration m070), rows read and written by key, and the conflicts a merge found.

The rules (what to take, what to keep) are ``facilitator.team_folder_merge``'s; this module
only reads and writes.
"""

from __future__ import annotations

import json
import uuid
import zlib
from collections.abc import Iterable
from typing import Any

from facilitator.store.database import Database
from facilitator.store.migrations_team_folder import SYNCED_TABLES

CAPTURE_TABLES = ("contributions", "decisions", "actions", "experiments", "learnings")
_CHUNK = 400


# ------------------------------------------------------------------ this laptop


def laptop_id(database: Database) -> str:
    rows = database.query("select value from settings where key = 'laptop_id'")
    if rows and rows[0]["value"]:
        return str(rows[0]["value"])
    new = str(uuid.uuid4())  # a file whose settings row was lost: make one, once
    with database.write() as db:
        db.execute("insert or replace into settings (key, value) values ('laptop_id', ?)", [new])
    return new


def laptop_name(database: Database) -> str:
    rows = database.query("select value from settings where key = 'laptop_name'")
    return str(rows[0]["value"]) if rows and rows[0]["value"] else ""


def set_laptop_name(database: Database, name: str) -> None:
    with database.write() as db:
        db.execute("insert or replace into settings (key, value) values ('laptop_name', ?)", [name])


# ------------------------------------------------------------------ the linked folder


def link(database: Database, team_id: str, path: str, now: str) -> None:
    with database.write() as db:
        db.execute(
            "insert into team_folders (team_id, path, linked_at) values (?, ?, ?) "
            "on conflict (team_id) do update set path = excluded.path, "
            "linked_at = excluded.linked_at",
            [team_id, path, now],
        )


def unlink(database: Database, team_id: str) -> bool:
    with database.write() as db:
        cursor = db.execute("delete from team_folders where team_id = ?", [team_id])
        return bool(cursor.rowcount)


def folder_row(database: Database, team_id: str) -> dict[str, Any] | None:
    rows = database.query("select * from team_folders where team_id = ?", [team_id])
    return rows[0] if rows else None


def teams_linked_to(database: Database, path: str) -> list[str]:
    return [
        r["team_id"]
        for r in database.query(
            "select team_id from team_folders where path = ? order by linked_at", [path]
        )
    ]


def set_last_sync(db: Any, team_id: str, now: str) -> None:
    db.execute("update team_folders set last_sync_at = ? where team_id = ?", [now, team_id])


# ------------------------------------------------------------------ exchange state


def seen(
    database: Database,
    team_id: str,
    laptop: str,
    table: str | None = None,
    keys: Iterable[str] | None = None,
) -> dict[tuple[str, str], tuple[str, str]]:
    """(table, key) -> (the other laptop's version last taken in, ours just after), hashed:
    every item's, or one ``table``'s (only these ``keys`` of it, when given)."""
    sql = (
        "select tbl, item_id, remote_hash, local_hash from sync_items "
        "where team_id = ? and laptop_id = ?"
    )
    params: list[Any] = [team_id, laptop]
    if table is not None:
        sql += " and tbl = ?"
        params.append(table)
    rows: list[dict[str, Any]] = []
    if keys is None:
        rows = database.query(sql, params)
    else:
        for part in _chunks(sorted(set(keys))):
            marks = ", ".join("?" for _ in part)
            rows += database.query(f"{sql} and item_id in ({marks})", [*params, *part])
    return {(r["tbl"], r["item_id"]): (r["remote_hash"], r["local_hash"]) for r in rows}


def taken_in_as(
    database: Database, team_id: str, table: str, key: str, local: str, besides: Iterable[str]
) -> bool:
    """Whether a laptop (not one of ``besides``) last left this item here as ``local``."""
    others = list(besides)
    marks = ", ".join("?" for _ in others)
    return bool(
        database.query(
            "select 1 from sync_items where team_id = ? and tbl = ? and item_id = ? "
            f"and local_hash = ? and laptop_id not in ({marks}) limit 1",
            [team_id, table, key, local, *others],
        )
    )


def remember(
    db: Any, team_id: str, laptop: str, table: str, key: str, remote: str, local: str
) -> None:
    db.execute(
        "insert into sync_items (team_id, laptop_id, tbl, item_id, remote_hash, local_hash) "
        "values (?, ?, ?, ?, ?, ?) on conflict (team_id, laptop_id, tbl, item_id) do update "
        "set remote_hash = excluded.remote_hash, local_hash = excluded.local_hash",
        [team_id, laptop, table, key, remote, local],
    )


# ------------------------------------------------------------------ change times, deletions


def _chunks(values: list[str]) -> Iterable[list[str]]:
    for start in range(0, len(values), _CHUNK):
        yield values[start : start + _CHUNK]


def changed_at(database: Database, table: str, keys: Iterable[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for part in _chunks(sorted(set(keys))):
        marks = ", ".join("?" for _ in part)
        for r in database.query(
            f"select item_id, changed_at from item_changes where tbl = ? and item_id in ({marks})",
            [table, *part],
        ):
            out[r["item_id"]] = r["changed_at"]
    return out


def set_changed_at(db: Any, table: str, key: str, at: str) -> None:
    db.execute(
        "update item_changes set changed_at = ? where tbl = ? and item_id = ?", [at, table, key]
    )


def deletions(database: Database, scope_id: str) -> dict[str, dict[str, str]]:
    """Rows of a session (or team) deleted here: table -> key -> when. Captures are deleted
    softly (``deleted_at``) and come from their tables."""
    out: dict[str, dict[str, str]] = {}
    for r in database.query(
        "select tbl, item_id, deleted_at from item_deletions where scope_id = ?", [scope_id]
    ):
        out.setdefault(r["tbl"], {})[r["item_id"]] = r["deleted_at"]
    for table in CAPTURE_TABLES:
        for r in database.query(
            f"select id, deleted_at from {table} where session_id = ? and deleted_at is not null",
            [scope_id],
        ):
            out.setdefault(table, {})[r["id"]] = r["deleted_at"]
    return out


def deleted_keys(database: Database, table: str, keys: Iterable[str]) -> dict[str, str]:
    """Which of these keys of ``table`` were deleted here, and when."""
    out: dict[str, str] = {}
    for part in _chunks(sorted(set(keys))):
        marks = ", ".join("?" for _ in part)
        for r in database.query(
            "select item_id, deleted_at from item_deletions where tbl = ? "
            f"and item_id in ({marks})",
            [table, *part],
        ):
            out[str(r["item_id"])] = str(r["deleted_at"])
    return out


def deleted_here(database: Database, table: str, key: str) -> str | None:
    rows = database.query(
        "select deleted_at from item_deletions where tbl = ? and item_id = ?", [table, key]
    )
    return str(rows[0]["deleted_at"]) if rows else None


def set_deleted_at(db: Any, table: str, key: str, at: str) -> None:
    db.execute(
        "update item_deletions set deleted_at = ? where tbl = ? and item_id = ?", [at, table, key]
    )


# ------------------------------------------------------------------ rows by key


def rows_by_key(database: Database, table: str, keys: Iterable[str]) -> dict[str, dict[str, Any]]:
    """The rows of ``table`` with these keys, each with ``_scope`` (its session or team)."""
    return _rows_where(database, table, SYNCED_TABLES[table][0], keys)


def _rows_where(
    database: Database, table: str, column_sql: str, values: Iterable[str]
) -> dict[str, dict[str, Any]]:
    """The rows of ``table`` whose ``column_sql`` (its key, or its scope) is one of
    ``values``, by key, each with ``_scope``; a chunk of values a query."""
    key_sql, scope_sql = SYNCED_TABLES[table]
    out: dict[str, dict[str, Any]] = {}
    for part in _chunks(sorted(set(values))):
        marks = ", ".join("?" for _ in part)
        for r in database.query(
            f"select r.*, {key_sql} as _key, {scope_sql} as _scope from {table} r "
            f"where {column_sql} in ({marks})",
            part,
        ):
            out[str(r.pop("_key"))] = r
    return out


_COLUMNS: dict[str, frozenset[str]] = {}  # each synced table's columns, read once


def _upsert(db: Any, table: str, row: dict[str, Any], pk: tuple[str, ...]) -> None:
    """Insert the row, or update the one with its key: one statement (a sync of a long
    history writes many rows), only the table's own columns, values stored as
    sqlite-utils stores them (lists and objects as JSON)."""
    if table not in _COLUMNS:
        _COLUMNS[table] = frozenset(str(r[1]) for r in db.execute(f"pragma table_info({table})"))
    names = [c for c in row if c in _COLUMNS[table]]
    quoted = ", ".join(f'"{c}"' for c in names)
    marks = ", ".join("?" for _ in names)
    updates = ", ".join(f'"{c}" = excluded."{c}"' for c in names if c not in pk)
    keys = ", ".join(f'"{c}"' for c in pk)
    action = f"update set {updates}" if updates else "nothing"
    values = [_stored(row[c]) for c in names]
    db.execute(
        f"insert into {table} ({quoted}) values ({marks}) on conflict ({keys}) do {action}",
        values,
    )


def _stored(value: Any) -> Any:
    if isinstance(value, list | dict | tuple):
        return json.dumps(value, ensure_ascii=False)
    return value


def write_row(db: Any, table: str, row: dict[str, Any], changed: str) -> None:
    """Insert or replace one row with the values another laptop has."""
    if table == "attendance":
        _upsert(db, table, row, ("session_id", "participant_id"))
    elif table in CAPTURE_TABLES:
        _upsert(db, table, {**row, "updated_at": changed or None, "deleted_at": None}, ("id",))
    elif table == "reviews":
        found = list(db.query("select 1 from reviews where id = ?", [row["id"]]))
        if found:
            db.table(table).update(row["id"], {k: v for k, v in row.items() if k != "before"})
        else:
            db.table(table).insert(row)
    elif table == "rotation_rules":
        _upsert(db, table, row, ("team_id",))
    elif table == "teams":  # never through upsert's replace: other tables refer to it
        found = list(db.query("select 1 from teams where id = ?", [row["id"]]))
        if found:
            db.table(table).update(row["id"], row)
        else:
            db.table(table).insert(row)
    else:
        _upsert(db, table, row, ("id",))


def delete_row(db: Any, table: str, key: str, at: str) -> None:
    """Delete one row as another laptop did (a capture softly, as the app deletes it)."""
    if table in CAPTURE_TABLES:
        db.execute(f"update {table} set deleted_at = ? where id = ?", [at, key])
    elif table == "attendance":
        session_id, participant_id = key.split("/", 1)
        db.execute(
            "delete from attendance where session_id = ? and participant_id = ?",
            [session_id, participant_id],
        )
    else:
        db.execute(f"delete from {table} where id = ?", [key])


def item_row(database: Database, table: str, item_id: str) -> dict[str, Any] | None:
    rows = database.query(f"select * from {table} where id = ?", [item_id])
    return rows[0] if rows else None


# ------------------------------------------------------------------ conflicts


def add_conflict(db: Any, conflict: dict[str, Any]) -> None:
    row = dict(conflict)
    for key in ("kept", "other"):
        if not isinstance(row[key], str):
            row[key] = json.dumps(row[key], ensure_ascii=False, sort_keys=True)
    db.table("sync_conflicts").insert(row)


def conflicts(database: Database, team_id: str, *, dismissed: bool = False) -> list[dict[str, Any]]:
    where = "" if dismissed else " and dismissed_at is null"
    return database.query(
        f"select * from sync_conflicts where team_id = ?{where} order by found_at, rowid",
        [team_id],
    )


def undismiss(database: Database, conflict_id: str) -> str | None:
    """List a dismissed conflict again; its team's id, or None when there is none."""
    rows = database.query("select team_id from sync_conflicts where id = ?", [conflict_id])
    if not rows:
        return None
    with database.write() as db:
        db.execute("update sync_conflicts set dismissed_at = null where id = ?", [conflict_id])
    return str(rows[0]["team_id"])


def dismiss(database: Database, conflict_id: str, now: str) -> str | None:
    """Mark a conflict as seen; its team's id, or None when there is no such conflict."""
    rows = database.query("select team_id from sync_conflicts where id = ?", [conflict_id])
    if not rows:
        return None
    with database.write() as db:
        db.execute(
            "update sync_conflicts set dismissed_at = coalesce(dismissed_at, ?) where id = ?",
            [now, conflict_id],
        )
    return str(rows[0]["team_id"])


# ------------------------------------------------------------------ what was last written


def _crc(text: str | None) -> int:
    return zlib.crc32((text or "").encode("utf-8", "surrogatepass"))


def fingerprints(
    database: Database, team_id: str, team_tables: Iterable[str], session_tables: Iterable[str]
) -> dict[str, str]:
    """Each of the team's sessions (and the team itself, under its id): a fingerprint of its
    rows, every column and change time, and of its deletions; one grouped query a table.
    Any write to a row, here or taken in, changes it, so a changed fingerprint means the
    scope's file needs writing again."""
    database.conn.create_function("facilitator_crc", 1, _crc, deterministic=True)
    parts: dict[str, list[str]] = {}
    in_team = "in (select id from sessions where team_id = ?)"
    for tables, where in ((team_tables, "= ?"), (session_tables, in_team)):
        for table in tables:
            key_sql, scope_sql = SYNCED_TABLES[table]
            columns = [str(r["name"]) for r in database.query(f"pragma table_info({table})")]
            # Every column quoted (a NULL apart from ''), joined in SQL: one call a row.
            row = " || ',' || ".join([*(f"quote(r.{c})" for c in columns), "quote(c.changed_at)"])
            for r in database.query(
                f"select {scope_sql} as s, count(*) as n, "
                f"total(facilitator_crc({row})) as t from {table} r "
                f"left join item_changes c on c.tbl = ? and c.item_id = {key_sql} "
                f"where {scope_sql} {where} group by s",
                [table, team_id],
            ):
                parts.setdefault(str(r["s"]), []).append(f"{table}:{r['n']}:{int(r['t'])}")
    for r in database.query(
        "select scope_id as s, count(*) as n, "
        "total(facilitator_crc(tbl || ',' || item_id || ',' || deleted_at)) "
        f"as t from item_deletions where scope_id = ? or scope_id {in_team} group by scope_id",
        [team_id, team_id],
    ):
        parts.setdefault(str(r["s"]), []).append(f"deleted:{r['n']}:{int(r['t'])}")
    return {scope: "|".join(sorted(found)) for scope, found in parts.items()}


def write_count(database: Database) -> int:
    """How many writes to shared rows this file has seen (m073's triggers count them)."""
    rows = database.query("select n from team_folder_writes")
    return int(rows[0]["n"]) if rows else 0


def published(database: Database, team_id: str) -> dict[str, tuple[str, str]]:
    """scope -> (the folder its file was last written to, the fingerprint it had then)."""
    return {
        str(r["scope_id"]): (str(r["folder"]), str(r["fingerprint"]))
        for r in database.query(
            "select scope_id, folder, fingerprint from team_folder_published where team_id = ?",
            [team_id],
        )
    }


def remember_published(db: Any, team_id: str, folder: str, prints: dict[str, str]) -> None:
    for scope, fingerprint in prints.items():
        db.execute(
            "insert into team_folder_published (team_id, scope_id, folder, fingerprint) "
            "values (?, ?, ?, ?) on conflict (team_id, scope_id) do update set "
            "folder = excluded.folder, fingerprint = excluded.fingerprint",
            [team_id, scope, folder, fingerprint],
        )


def changed_by_scope(
    database: Database, team_id: str, tables: Iterable[str], scopes: Iterable[str]
) -> dict[str, dict[str, dict[str, str]]]:
    """scope -> table -> key -> change time, for these scopes' rows: one query a table (a
    chunk of scopes at a time) rather than one a scope and table."""
    out: dict[str, dict[str, dict[str, str]]] = {}
    wanted = sorted(set(scopes))
    for table in tables:
        key_sql, scope_sql = SYNCED_TABLES[table]
        for part in _chunks(wanted):
            marks = ", ".join("?" for _ in part)
            for r in database.query(
                f"select {scope_sql} as s, {key_sql} as k, c.changed_at as at from {table} r "
                f"join item_changes c on c.tbl = ? and c.item_id = {key_sql} "
                f"where {scope_sql} in ({marks})",
                [table, *part],
            ):
                out.setdefault(str(r["s"]), {}).setdefault(table, {})[str(r["k"])] = r["at"]
    return out


def keys_in_scopes(database: Database, table: str, scopes: Iterable[str]) -> list[str]:
    """The keys of the rows of ``table`` in these scopes (no row read)."""
    key_sql, scope_sql = SYNCED_TABLES[table]
    out: list[str] = []
    for part in _chunks(sorted(set(scopes))):
        marks = ", ".join("?" for _ in part)
        out += [
            str(r["k"])
            for r in database.query(
                f"select {key_sql} as k from {table} r where {scope_sql} in ({marks})", part
            )
        ]
    return out


def rows_in_scopes(
    database: Database, table: str, scopes: Iterable[str]
) -> dict[str, dict[str, Any]]:
    """The rows of ``table`` in these scopes, by key, each with ``_scope``."""
    return _rows_where(database, table, SYNCED_TABLES[table][1], scopes)
