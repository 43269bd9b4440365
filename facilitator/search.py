"""Search every session's captures; results grouped by session, best matches first.

What the user types is never FTS5 syntax: each word is quoted (``"AND (`` becomes two
quoted words, ``*`` is just punctuation) and matches as a word start, so any text is a
valid query and typing "batch" finds "batching". Accents fold: "zoe" finds "Zoë".
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from facilitator.store import search as store
from facilitator.store.database import Database

MAX_WORDS = 16
_SPACES = re.compile(r"\s+")
DEFAULT_LIMIT = 200


@dataclass(frozen=True, slots=True)
class Hit:
    """One matching item: enough to show it and to open its session at it."""

    kind: str
    item_id: str
    session_id: str
    title: str                             # the item's main text (first 400 characters)
    snippet: tuple[tuple[str, bool], ...]  # (text, is_match) pieces around the match
    score: float

    @property
    def snippet_text(self) -> str:
        return "".join(text for text, _ in self.snippet)


@dataclass(frozen=True, slots=True)
class SessionHits:
    session_id: str
    title: str
    day: str
    team: str
    status: str
    hits: list[Hit] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class SearchResult:
    query: str
    groups: list[SessionHits]
    count: int            # hits shown
    more: bool            # there were more hits than the limit
    hint: str = ""        # why nothing could be searched, when that is the case


def _searchable(ch: str) -> bool:
    category = unicodedata.category(ch)
    return category[0] in "LN" or category in ("So", "Co")


def fts_query(text: str) -> str | None:
    """The FTS5 query for what the user typed: every word quoted and matched as a prefix.

    ``None`` when the text holds nothing searchable (only spaces or punctuation).
    """
    words = []
    for chunk in text.split():
        cleaned = "".join(ch if ch.isprintable() else " " for ch in chunk)
        if not any(_searchable(ch) for ch in cleaned):
            continue
        words.append('"' + cleaned.replace('"', '""') + '"*')
        if len(words) == MAX_WORDS:
            break
    return " ".join(words) if words else None


def _pieces(snippet: str) -> tuple[tuple[str, bool], ...]:
    pieces: list[tuple[str, bool]] = []
    rest = snippet
    while rest:
        start = rest.find(store.MARK_START)
        if start < 0:
            pieces.append((rest, False))
            break
        if start:
            pieces.append((rest[:start], False))
        end = rest.find(store.MARK_END, start + 1)
        if end < 0:
            end = len(rest)
        pieces.append((rest[start + 1:end], True))
        rest = rest[end + 1:]
    # Line breaks and runs of spaces read as one space in a one-line result.
    return tuple((_SPACES.sub(" ", t), hit) for t, hit in pieces if t)


def search(database: Database, text: str, *, team_id: str | None = None,
           limit: int = DEFAULT_LIMIT) -> SearchResult:
    """Live captures matching every word typed, grouped by session, newest session first."""
    query = fts_query(text)
    if query is None:
        hint = "" if not text.strip() else \
            "Type a word to search for; punctuation on its own is not searched."
        return SearchResult(text, [], 0, False, hint)
    rows = store.match(database, query, team_id=team_id, limit=limit + 1)
    more = len(rows) > limit
    rows = rows[:limit]
    info = store.sessions_info(database, sorted({r["session_id"] for r in rows}))
    groups: dict[str, SessionHits] = {}
    for row in rows:
        sid = row["session_id"]
        meta = info.get(sid)
        if meta is None:
            continue
        group = groups.get(sid)
        if group is None:
            group = groups[sid] = SessionHits(sid, meta["title"], meta["day"] or "",
                                              meta["team"], meta["status"])
        group.hits.append(Hit(row["kind"], row["item_id"], sid, row["title"] or "",
                              _pieces(row["snippet"] or ""), float(row["score"])))
    ordered = sorted(groups.values(),
                     key=lambda g: (g.day, info[g.session_id]["created_at"] or ""),
                     reverse=True)
    return SearchResult(text, ordered, len(rows), more)
