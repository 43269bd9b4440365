"""Full-text queries over the capture index (``capture_fts``, made and kept by m040)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from facilitator.store.database import Database
from facilitator.store.migrations import SEARCH_SOURCES, search_detail_sql


def match(
    database: Database, fts_query: str, *, team_id: str | None = None, limit: int = 200
) -> list[dict[str, Any]]:
    """The newest ``limit`` live captures matching an FTS5 query, newest entered first.

    Newest first lets FTS5 stop after ``limit`` rows instead of ranking every match in a
    ten-year archive (bm25 over 100,000 rows costs more than the whole 10 ms budget), and
    the excerpts are cut in Python: FTS5's snippet() costs some 50 us a row.
    Index rows are added in the order items are entered or edited.
    """
    sql = (
        "select f.kind, f.item_id, f.session_id, substr(f.title, 1, 2000) as title, "
        "substr(f.detail, 1, 2000) as detail, f.rowid as seq from capture_fts f "
        "where capture_fts match ?"
    )
    params: list[Any] = [fts_query]
    if team_id:
        sql += " and f.session_id in (select id from sessions where team_id = ?)"
        params.append(team_id)
    sql += " order by f.rowid desc limit ?"
    params.append(limit)
    return database.query(sql, params)


def participants(database: Database, team_id: str | None = None) -> list[dict[str, Any]]:
    """Everyone's id and name (of one team), to find people by name."""
    sql, params = "select id, name from participants", []
    if team_id:
        sql, params = sql + " where team_id = ?", [team_id]
    return database.query(sql, params)


# Captures tied to a person: (kind, table, main text, the person's column, how they are tied).
_PEOPLE_SOURCES = (
    ("action", "actions", "text", "owner_id", "owner"),
    ("experiment", "experiments", "hypothesis", "owner_id", "owner"),
    ("contribution", "contributions", "text", "participant_id", "by"),
)


def items_of(
    database: Database, people: list[str], *, team_id: str | None = None, limit: int = 200
) -> list[dict[str, Any]]:
    """The newest ``limit`` live captures ``people`` own, said or were consulted on, in the
    rows ``match`` gives (``detail`` empty) with ``person`` and ``tie`` (owner, by,
    consulted), newest first by ``seq`` (the item's place in the search index, as there).

    Each kind is read newest row first and stops at ``limit``: no index on the people
    columns is needed for a ten-year archive (about 1 ms a kind)."""
    if not people:
        return []
    marks = ", ".join("?" for _ in people)
    team = " and x.session_id in (select id from sessions where team_id = ?)" if team_id else ""
    rows: list[dict[str, Any]] = []
    for kind, table, title, column, tie in _PEOPLE_SOURCES:
        rows += database.query(
            f"select '{kind}' as kind, x.id as item_id, x.session_id, "
            f"substr(x.{title}, 1, 2000) as title, '' as detail, x.{column} as person, "
            f"'{tie}' as tie, m.fts_rowid as seq from {table} x "
            f"join capture_fts_map m on m.item_id = x.id "
            f"where x.deleted_at is null and x.{column} in ({marks}){team} "
            "order by x.rowid desc limit ?",
            [*people, *([team_id] if team_id else []), limit],
        )
    rows += database.query(
        "select 'decision' as kind, x.id as item_id, x.session_id, substr(x.text, 1, 2000) "
        "as title, '' as detail, j.value as person, 'consulted' as tie, m.fts_rowid as seq "
        "from decisions x join capture_fts_map m on m.item_id = x.id, json_each(case when "
        "json_valid(x.consulted) then x.consulted else '[]' end) j "
        f"where x.deleted_at is null and x.consulted like '[\"%' and j.value in ({marks}){team} "
        "order by x.rowid desc limit ?",  # one row per person consulted: told apart below
        [*people, *([team_id] if team_id else []), limit],
    )
    once = {r["item_id"]: r for r in rows}  # each item once (rows of one item share its seq)
    return sorted(once.values(), key=lambda r: int(r["seq"]), reverse=True)[:limit]


def sessions_info(database: Database, session_ids: list[str]) -> dict[str, dict[str, Any]]:
    """Title, day, status and team name of each session, for grouping results."""
    if not session_ids:
        return {}
    marks = ", ".join("?" for _ in session_ids)
    rows = database.query(
        "select s.id, s.title, s.status, t.name as team, "
        "coalesce(substr(s.started_at, 1, 10), nullif(s.planned_date, ''), "
        "substr(s.created_at, 1, 10)) as day, s.created_at "
        f"from sessions s join teams t on t.id = s.team_id where s.id in ({marks})",
        session_ids,
    )
    return {r["id"]: r for r in rows}


# ------------------------------------------------------------------ many captures at once


@contextmanager
def indexed_at_end(db: Any) -> Iterator[dict[str, set[str]]]:
    """Inside a write transaction of ``db``: captures written in the block are indexed once
    at its end, not row by row. The block notes what it wrote (table -> ids) in the
    dictionary it is given; those items' index rows are made again from what they hold.

    An index row written by a trigger costs some 80 us, a written one some 10 us (FTS5
    writes out its pending terms at every statement's savepoint, and a trigger runs inside
    one): a sync of a long history writes a hundred thousand captures. The index triggers
    are set aside for the block (the schema change is part of the transaction, so a failed
    or killed block leaves them as they were) and put back as they are stored, word for
    word; an item deleted outright in the block still leaves the index by its trigger.
    """
    triggers = [
        (str(r[0]), str(r[1]))
        for r in db.execute(
            "select name, sql from sqlite_master where type = 'trigger' and ("
            + " or ".join("name in (?, ?)" for _ in SEARCH_SOURCES)
            + ")",
            [f"{t}_fts_{when}" for t, *_ in SEARCH_SOURCES for when in ("insert", "update")],
        ).fetchall()
    ]
    written: dict[str, set[str]] = {}
    for name, _sql in triggers:
        db.execute(f'drop trigger "{name}"')
    try:
        yield written
        for table, _kind, _title, _detail in SEARCH_SOURCES:
            if written.get(table):
                _reindex(db, table, sorted(written[table]))
    finally:
        for _name, sql in triggers:
            db.execute(sql)


_CHUNK = 500  # ids a statement: well under SQLite's limit of bound values


def _reindex(db: Any, table: str, ids: list[str]) -> None:
    """Make these items' index rows again from their rows (none for a deleted one)."""
    _table, kind, title, detail = next(s for s in SEARCH_SOURCES if s[0] == table)
    detail_sql = search_detail_sql(detail, "r")
    for start in range(0, len(ids), _CHUNK):
        part = ids[start : start + _CHUNK]
        marks = ", ".join("?" for _ in part)
        db.execute(
            "delete from capture_fts where rowid in "
            f"(select fts_rowid from capture_fts_map where item_id in ({marks}))",
            part,
        )
        db.execute(f"delete from capture_fts_map where item_id in ({marks})", part)
        rows = db.execute(
            f"select r.id, r.session_id, r.{title}, {detail_sql} from {table} r "
            f"where r.id in ({marks}) and r.deleted_at is null order by r.rowid",
            part,
        ).fetchall()
        for item_id, session_id, text, more in rows:
            cursor = db.execute(
                "insert into capture_fts(title, detail, kind, item_id, session_id) "
                "values (?, ?, ?, ?, ?)",
                [text, more, kind, item_id, session_id],
            )
            db.execute(
                "insert into capture_fts_map(item_id, fts_rowid) values (?, ?)",
                [item_id, cursor.lastrowid],
            )
