"""The facilitator's own formats (table own_formats, m062; its credit, m072): one row per
format.

A row's ``purposes`` and ``steps`` are JSON: the purpose keys, and the steps in the format
file's step shape (docs/formats.md). The rules (names, steps, limits) are the core's
(facilitator/own_formats.py); this module only reads and writes rows, each write one
transaction.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from facilitator.store.database import Database

COLUMNS = ("id", "name", "summary", "purposes", "min_people", "max_people", "steps", "credit")


def _encoded(row: dict[str, Any]) -> dict[str, Any]:
    encoded = dict(row)
    for column in ("purposes", "steps"):
        if column in encoded:
            encoded[column] = json.dumps(encoded[column], ensure_ascii=False)
    return encoded


def _decoded(row: dict[str, Any]) -> dict[str, Any]:
    decoded = dict(row)
    decoded["purposes"] = json.loads(row.get("purposes") or "[]")
    decoded["steps"] = json.loads(row["steps"])
    return decoded


def _insert(db: Any, row: dict[str, Any]) -> None:
    encoded = _encoded(row)
    names = (*COLUMNS, "created_at", "updated_at")
    db.execute(
        f"insert into own_formats ({', '.join(names)}) values ({', '.join('?' * len(names))})",
        [encoded[name] for name in names],
    )


def insert(database: Database, row: dict[str, Any]) -> None:
    """One new row: every column of ``COLUMNS`` and its two times."""
    insert_many(database, [row])


def insert_many(database: Database, rows: Sequence[dict[str, Any]]) -> None:
    """New rows in one transaction: all of them are stored, or none."""
    with database.write() as db:
        for row in rows:
            _insert(db, row)


def update(database: Database, format_id: str, fields: dict[str, Any]) -> None:
    """Change some columns of one row (``updated_at`` among them)."""
    encoded = _encoded(fields)
    assignments = ", ".join(f"{name} = ?" for name in encoded)
    with database.write() as db:
        db.execute(
            f"update own_formats set {assignments} where id = ?", [*encoded.values(), format_id]
        )


def delete(database: Database, format_id: str) -> None:
    with database.write() as db:
        db.execute("delete from own_formats where id = ?", [format_id])


def list_rows(database: Database) -> list[dict[str, Any]]:
    """Every row, by name (case aside)."""
    return [
        _decoded(r)
        for r in database.query("select * from own_formats order by name collate nocase, id")
    ]


def get_row(database: Database, format_id: str) -> dict[str, Any] | None:
    rows = database.query("select * from own_formats where id = ?", [format_id])
    return _decoded(rows[0]) if rows else None
