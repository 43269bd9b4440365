"""Writing a checked session file into the database, and the database's side of its
checks: whether the file's ids already belong to another session or team here.

The file itself is read and checked in ``facilitator.interchange`` and
``facilitator.session_format``; this module only reads and writes rows. Rows are matched by
id, so importing the same file again changes nothing; a name another team, person or role
holds here gets `` (imported)``.
"""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from facilitator import kinds
from facilitator.model import Action, Experiment
from facilitator.session_format import CAPTURES, Bundle, Refuse
from facilitator.store.database import Database
from facilitator.store.rows import to_row

# The table each collection of a file is written to.
TABLES = {
    "participants": "participants",
    "roles": "roles",
    "attendance": "attendance",
    "phases": "phases",
    "timer_events": "timer_events",
    "turns": "speaking_turns",
    "assignments": "role_assignments",
    "contributions": "contributions",
    "decisions": "decisions",
    "actions": "actions",
    "experiments": "experiments",
    "learnings": "learnings",
    "votes": "votes",
}


def _find(db: Any, table: str, row_id: str) -> dict[str, Any] | None:
    rows = list(db.query(f"select * from {table} where id = ?", [row_id]))
    return rows[0] if rows else None


def _free_name(db: Any, table: str, name: str, scope: tuple[str, str] | None, max_len: int) -> str:
    """``name``, or ``name (imported)`` / ``(imported 2)`` when another row holds it."""

    def taken(candidate: str) -> bool:
        sql = f"select 1 from {table} where lower(name) = lower(?)"
        params: list[Any] = [candidate]
        if scope:
            sql += f" and {scope[0]} = ?"
            params.append(scope[1])
        return bool(list(db.query(sql, params)))

    candidate, n = name, 1
    while taken(candidate):
        suffix = " (imported)" if n == 1 else f" (imported {n})"
        candidate = name[: max_len - len(suffix)] + suffix
        n += 1
    return candidate


def capture_row(item: Any) -> dict[str, Any]:
    row = to_row(item)
    row["updated_at"] = row.get("created_at") or None
    return row


# Whose a row of each collection is here: its session (turns through their phase, votes
# through their contribution); null for a row whose owner is gone.
_OWNER_SQL = {
    "turns": "select p.session_id as owner from speaking_turns t left join phases p "
    "on p.id = t.phase_id where t.id = ?",
    "votes": "select c.session_id as owner from votes v left join contributions c "
    "on c.id = v.contribution_id where v.id = ?",
}


def _owner(db: Any, key: str, row_id: str) -> tuple[bool, Any]:
    """(whether the row exists here, the session it belongs to)."""
    sql = _OWNER_SQL.get(key, f"select session_id as owner from {TABLES[key]} where id = ?")
    rows = list(db.query(sql, [row_id]))
    return (True, rows[0]["owner"]) if rows else (False, None)


def check_fits(db: Any, b: Bundle) -> None:
    """Refuse a file whose ids belong to another session or team here: writing it would
    move those rows (a speaking turn, a vote, a person) out of where they are. Only reads;
    run before the before-import backup and again inside the import's transaction."""
    sid, tid = b.session.id, b.team.id
    existing = _find(db, "sessions", sid)
    if existing is not None and existing["team_id"] != tid:
        raise Refuse("a session with the same id belongs to another team here")
    for key in ("participants", "roles"):
        for item in b.items[key]:
            found = _find(db, key, item.id)
            if found is not None and found["team_id"] != tid:
                raise Refuse(f"{key}: the id {item.id} belongs to another team here")
    for i, s in enumerate(b.earlier_sessions, 1):
        found = _find(db, "sessions", s.id)
        if found is not None and found["team_id"] != tid:
            raise Refuse(f"other session {i}: the id {s.id} belongs to another team here")
    reviewed: list[tuple[str, str, Action | Experiment]] = [
        *(("actions", f"reviewed action {i}", a) for i, a in enumerate(b.reviewed_actions, 1)),
        *(
            ("experiments", f"reviewed experiment {i}", x)
            for i, x in enumerate(b.reviewed_experiments, 1)
        ),
    ]
    for table, where, ref in reviewed:
        found = _find(db, table, ref.id)
        if found is not None and found["session_id"] != ref.session_id:
            raise Refuse(f"{where}: the id {ref.id} belongs to another session here")
    for key in ("phases", "timer_events", "turns", "assignments", *CAPTURES, "votes"):
        for item in b.items[key]:
            found_here, owner = _owner(db, key, item.id)
            if found_here and owner != sid:
                raise Refuse(f"{key}: the id {item.id} belongs to another session here")
    for entry, _ in b.reviews:
        found = _find(db, "reviews", entry.id)
        if found is not None and found["session_id"] != sid:
            raise Refuse(f"reviews: the id {entry.id} belongs to another session here")


def write_bundle(database: Database, b: Bundle) -> str:
    """Write a checked bundle in one transaction; return the session id."""
    with database.write() as db:
        check_fits(db, b)
        if _find(db, "teams", b.team.id) is None:
            team = dataclasses.replace(b.team, name=_free_name(db, "teams", b.team.name, None, 120))
            db.table("teams").insert(to_row(team))
        for p in b.items["participants"]:
            if _find(db, "participants", p.id) is None:
                p = dataclasses.replace(
                    p, name=_free_name(db, "participants", p.name, ("team_id", p.team_id), 120)
                )
                db.table("participants").insert(to_row(p))
        for r in b.items["roles"]:
            if _find(db, "roles", r.id) is None:
                r = dataclasses.replace(
                    r, name=_free_name(db, "roles", r.name, ("team_id", r.team_id), 60)
                )
                db.table("roles").insert(to_row(r))
        existing = _find(db, "sessions", b.session.id)
        session_row = to_row(b.session)
        if existing is None or any(existing.get(k) != v for k, v in session_row.items()):
            db.table("sessions").upsert(session_row, pk="id")
        for s in b.earlier_sessions:
            if _find(db, "sessions", s.id) is None:
                db.table("sessions").insert(to_row(s))
        reviewed: list[tuple[str, Action | Experiment]] = [
            *(("actions", a) for a in b.reviewed_actions),
            *(("experiments", x) for x in b.reviewed_experiments),
        ]
        for name, ref in reviewed:
            if _find(db, name, ref.id) is None:
                if ref.phase_id and _find(db, "phases", ref.phase_id) is None:
                    # The phase belongs to an earlier session that is not here.
                    ref = dataclasses.replace(ref, phase_id=None)
                db.table(name).insert(capture_row(ref))
        for key in (
            "attendance",
            "phases",
            "timer_events",
            "turns",
            "assignments",
            *CAPTURES,
            "votes",
        ):
            target = db.table(TABLES[key])
            for item in b.items[key]:
                if key == "attendance":
                    row = to_row(item)
                    same = list(
                        db.query(
                            "select * from attendance where session_id = ? and participant_id = ?",
                            [item.session_id, item.participant_id],
                        )
                    )
                    if not (same and all(same[0].get(k) == v for k, v in row.items())):
                        target.upsert(row, pk=("session_id", "participant_id"))
                    continue
                found = _find(db, TABLES[key], item.id)
                row = capture_row(item) if key in CAPTURES else to_row(item)
                if found is not None and all(found.get(k) == v for k, v in row.items()):
                    continue  # unchanged: leave the row (and its search index) alone
                target.upsert(row, pk="id")
        _write_reviews(db, b)
    return b.session.id


def _write_reviews(db: Any, b: Bundle) -> None:
    """Review rows, after the items and learnings they refer to. An existing row keeps
    its own ``before`` (this laptop's record of the item before the review)."""
    for i, (entry, before) in enumerate(b.reviews, 1):
        row = dataclasses.asdict(entry)
        found = _find(db, "reviews", entry.id)
        if found is not None:
            if any(found.get(k) != v for k, v in row.items()):
                db.table("reviews").update(entry.id, row)
            continue
        if list(
            db.query(
                "select 1 from reviews where session_id = ? and item_id = ?",
                [entry.session_id, entry.item_id],
            )
        ):
            raise Refuse(
                f"reviews item {i}: this session already holds another review of that item here"
            )
        if before is not None:
            if before.phase_id and _find(db, "phases", before.phase_id) is None:
                before = dataclasses.replace(before, phase_id=None)  # as for reviewed items
            earlier = to_row(before)
        else:  # not in the file: the item as it is now is the best record there is
            earlier = _find(db, kinds.get(entry.kind).table, entry.item_id) or {}
        db.table("reviews").insert({**row, "before": json.dumps(earlier, ensure_ascii=False)})
