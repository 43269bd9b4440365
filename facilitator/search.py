"""Search every session's captures; results grouped by session, newest session first.

A person's name finds their items too: the actions and experiments they own, what they
said, the decisions they were consulted on.

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
DEFAULT_LIMIT = 100
SNIPPET_CHARS = 160


@dataclass(frozen=True, slots=True)
class Hit:
    """One matching item: enough to show it and to open its session at it."""

    kind: str
    item_id: str
    session_id: str
    title: str  # the item's main text (first 2,000 characters)
    snippet: tuple[tuple[str, bool], ...]  # (text, is_match) pieces around the match
    seq: int  # index order: higher was entered later


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
    count: int  # hits shown
    more: bool  # there were more hits than the limit (the newest are shown)
    hint: str = ""  # why nothing could be searched, when that is the case


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


# ------------------------------------------------------------------ excerpts
# Cut in Python rather than by FTS5's snippet(), which costs some 50 us a row: over a
# hundred hits that alone would take half of the 10 ms a search may use.

# Letters that Unicode does not decompose but the index folds all the same.
_FOLD_EXTRA = {
    "ł": "l",
    "Ł": "l",
    "ø": "o",
    "Ø": "o",
    "đ": "d",
    "Đ": "d",
    "ħ": "h",
    "Ħ": "h",
    "ı": "i",
    "ŀ": "l",
    "Ŀ": "l",
    "ß": "s",
    "æ": "a",
    "Æ": "a",
    "œ": "o",
    "Œ": "o",
    "þ": "t",
    "Þ": "t",
}
_TOKEN = re.compile(r"[^\W_]+|[^\w\s]")


def _fold_char(ch: str) -> str:
    base = _FOLD_EXTRA.get(ch) or unicodedata.normalize("NFD", ch)[:1] or ch
    low = base.lower()
    return low if len(low) == 1 else base


class _FoldTable(dict[int, str]):
    """str.translate's table, filled on first sight of each character (C-speed after)."""

    def __missing__(self, code: int) -> str:
        folded = self[code] = _fold_char(chr(code))
        return folded


_FOLD_TABLE = _FoldTable()


def fold(text: str) -> str:
    """Lower case without accents, one character for one, so positions still match."""
    if text.isascii():
        return text.lower()
    return text.translate(_FOLD_TABLE)


def matcher(text: str) -> re.Pattern[str] | None:
    """A pattern for the words typed, in folded text, marking the whole word they start.

    The pattern does not insist on a word start (a look-behind makes it several times
    slower); ``_spans`` drops matches that begin inside a word.
    """
    tokens: set[str] = set()
    for chunk in text.split():
        for token in _TOKEN.findall(fold(chunk)):
            if token[0].isalnum() or _searchable(token):
                tokens.add(token)
    if not tokens:
        return None
    words = sorted(tokens, key=len, reverse=True)
    return re.compile(
        "|".join(re.escape(t) + (r"[^\W_]*" if t[0].isalnum() else "") for t in words)
    )


def _inside_word(folded: str, at: int) -> bool:
    return at > 0 and folded[at].isalnum() and folded[at - 1].isalnum()


def _spans(folded: str, pattern: re.Pattern[str], start: int, end: int) -> list[tuple[int, int]]:
    return [
        m.span()
        for m in pattern.finditer(folded, start, end)
        if not _inside_word(folded, m.start())
    ]


def _flat(text: str) -> str:
    """Line breaks and tabs read as spaces in a one-line result (str.replace is fast)."""
    for ch in "\n\r\t\v\f\u2028\u2029":
        if ch in text:
            text = text.replace(ch, " ")
    return text


def _excerpt(
    text: str, pattern: re.Pattern[str] | None, width: int = SNIPPET_CHARS
) -> tuple[tuple[str, bool], ...] | None:
    """About ``width`` characters around the first match, the matched words marked."""
    if pattern is None:
        return None
    head = text[:20_000]
    folded = fold(head)
    first = next(
        (m.start() for m in pattern.finditer(folded) if not _inside_word(folded, m.start())), None
    )
    if first is None:
        return None
    start = max(0, first - width // 4)
    if start:
        space = head.rfind(" ", 0, start)
        start = space + 1 if space >= 0 and start - space < 20 else start
    end = min(len(head), start + width)
    pieces: list[tuple[str, bool]] = [("…", False)] if start else []
    at = start
    for a, b in _spans(folded, pattern, first, end):
        if a > at:
            pieces.append((_flat(head[at:a]), False))
        pieces.append((_flat(head[a:b]), True))
        at = b
    if at < end:
        pieces.append((_flat(head[at:end]), False))
    if end < len(text):
        pieces.append(("…", False))
    return tuple(pieces)


def snippet(
    title: str, detail: str, pattern: re.Pattern[str] | None
) -> tuple[tuple[str, bool], ...]:
    """What a result shows: the main text around the match, else the detail that matched."""
    found = _excerpt(title, pattern)
    if found is not None:
        return found
    half = SNIPPET_CHARS // 2
    short = _flat(title[:half]) + ("…" if len(title) > half else "")
    in_detail = _excerpt(detail, pattern, half)
    if in_detail is not None:
        return ((short, False), (" — ", False), *in_detail)
    return ((_flat(title[:SNIPPET_CHARS]) + ("…" if len(title) > SNIPPET_CHARS else ""), False),)


# ------------------------------------------------------------------ searching

# How a person found by name is tied to an item, as its result says it ("Owner: Ann Lee").
TIES = {"owner": "Owner", "by": "Said by", "consulted": "Consulted"}


def _words(text: str) -> list[str]:
    return [t for t in _TOKEN.findall(fold(text)) if t[0].isalnum()]


def people_named(database: Database, text: str, team_id: str | None = None) -> dict[str, str]:
    """The people whose name holds every word typed as a word start (folded as the index
    folds: "benoit" finds Benoît Lefèvre, "tom" Tom Becker), by id, with their names."""
    typed = _words(text)
    if not typed:
        return {}
    found = {}
    for row in store.participants(database, team_id):
        words = _words(row["name"] or "")
        if all(any(w.startswith(t) for w in words) for t in typed):
            found[row["id"]] = row["name"]
    return found


def search(
    database: Database, text: str, *, team_id: str | None = None, limit: int = DEFAULT_LIMIT
) -> SearchResult:
    """Live captures matching every word typed, grouped by session, newest session first.

    At most ``limit`` hits are shown, the newest entered; within a session they come in
    the order they were entered.
    """
    query = fts_query(text)
    if query is None:
        hint = (
            ""
            if not text.strip()
            else "Type a word to search for; punctuation on its own is not searched."
        )
        return SearchResult(text, [], 0, False, hint)
    rows = store.match(database, query, team_id=team_id, limit=limit + 1)
    people = people_named(database, text, team_id)
    if people:
        found = {r["item_id"] for r in rows}
        for row in store.items_of(database, list(people), team_id=team_id, limit=limit + 1):
            if row["item_id"] not in found:  # an item found by its text shows that match
                found.add(row["item_id"])
                row["detail"] = f"{TIES[row['tie']]}: {people[row['person']]}"
                rows.append(row)
        rows.sort(key=lambda r: int(r["seq"]), reverse=True)  # newest entered first
        rows = rows[: limit + 1]
    more = len(rows) > limit
    rows = rows[:limit]
    pattern = matcher(text)
    info = store.sessions_info(database, sorted({r["session_id"] for r in rows}))
    groups: dict[str, SessionHits] = {}
    for row in rows:
        sid = row["session_id"]
        meta = info.get(sid)
        if meta is None:
            continue
        group = groups.get(sid)
        if group is None:
            group = groups[sid] = SessionHits(
                sid, meta["title"], meta["day"] or "", meta["team"], meta["status"]
            )
        title = row["title"] or ""
        group.hits.append(
            Hit(
                row["kind"],
                row["item_id"],
                sid,
                title,
                snippet(title, row["detail"] or "", pattern),
                int(row["seq"]),
            )
        )
    for group in groups.values():
        group.hits.sort(key=lambda hit: hit.seq)  # as entered in the session
    ordered = sorted(
        groups.values(), key=lambda g: (g.day, info[g.session_id]["created_at"] or ""), reverse=True
    )
    return SearchResult(text, ordered, len(rows), more)
