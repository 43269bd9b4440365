"""Full-text queries over the capture index (``capture_fts``, made and kept by m040)."""

from __future__ import annotations

from typing import Any

from facilitator.store.database import Database

MARK_START, MARK_END = "\x02", "\x03"


def match(database: Database, fts_query: str, *, team_id: str | None = None,
          limit: int = 200) -> list[dict[str, Any]]:
    """The best ``limit`` live captures for an FTS5 query, best first.

    The main text counts four times as much as the details (rationale, limits, signals).
    """
    sql = ("select f.kind, f.item_id, f.session_id, substr(f.title, 1, 400) as title, "
           f"snippet(capture_fts, -1, '{MARK_START}', '{MARK_END}', '…', 16) as snippet, "
           "bm25(capture_fts, 4.0, 1.0) as score from capture_fts f "
           "where capture_fts match ?")
    params: list[Any] = [fts_query]
    if team_id:
        sql += " and f.session_id in (select id from sessions where team_id = ?)"
        params.append(team_id)
    sql += " order by score limit ?"
    params.append(limit)
    return database.query(sql, params)


def sessions_info(database: Database, session_ids: list[str]) -> dict[str, dict[str, Any]]:
    """Title, day, status and team name of each session, for grouping results."""
    if not session_ids:
        return {}
    marks = ", ".join("?" for _ in session_ids)
    rows = database.query(
        "select s.id, s.title, s.status, t.name as team, "
        "coalesce(nullif(s.planned_date, ''), substr(s.started_at, 1, 10), "
        "substr(s.created_at, 1, 10)) as day, s.created_at "
        f"from sessions s join teams t on t.id = s.team_id where s.id in ({marks})",
        session_ids)
    return {r["id"]: r for r in rows}
