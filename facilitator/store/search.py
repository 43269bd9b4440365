"""Full-text queries over the capture index (``capture_fts``, made and kept by m040)."""

from __future__ import annotations

from typing import Any

from facilitator.store.database import Database


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
