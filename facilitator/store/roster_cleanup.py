"""Tidying a team list in the store: a person's history, deleting and merging people, each
import's batch and its undo, archived teams, the demo's sessions and deleting a team.

"History" is every row that names a person in what happened: attendance and roles held or
shadowed in a session that started, speaking turns, contributions, actions and experiments
owned, dot votes, being consulted on a decision. Opt-outs, import batches and a planned
session's attendance and rota are preferences, bookkeeping and plans, not history.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from facilitator.model import new_id
from facilitator.store.database import Database

# A decision's consulted people as JSON, an unreadable value read as nobody.
_CONSULTED = "case when json_valid(d.consulted) then d.consulted else '[]' end"
# Sessions that have started: what happens in them is history; a planned session's
# attendance and rota are plans, which go with a deleted person.
_RAN = "(select id from sessions where status != 'planned')"
# Each kind of history: (what the person did, in words; how to find it by person id).
HISTORY: tuple[tuple[str, str], ...] = (
    (
        "attendance",
        f"select 1 from attendance where participant_id = :p and session_id in {_RAN}",
    ),
    (
        "roles held",
        "select 1 from role_assignments where (participant_id = :p or shadow_of = :p) "
        f"and session_id in {_RAN}",
    ),
    ("speaking turns", "select 1 from speaking_turns where participant_id = :p"),
    ("contributions", "select 1 from contributions where participant_id = :p"),
    ("actions owned", "select 1 from actions where owner_id = :p"),
    ("experiments owned", "select 1 from experiments where owner_id = :p"),
    ("votes", "select 1 from votes where participant_id = :p"),
    (
        "decisions consulted on",
        "select 1 from decisions d, json_each(" + _CONSULTED + ") j where j.value = :p",
    ),
)
# What goes with a deleted person (and comes back with an undo): (table, rows that name
# them). Role assignments come before the opt-outs and after nothing that refers to them.
_BELONGINGS: tuple[tuple[str, str], ...] = (
    ("role_optouts", "participant_id = :p"),
    ("roster_import_people", "participant_id = :p"),
    ("attendance", "participant_id = :p"),
    ("role_assignments", "participant_id = :p or shadow_of = :p"),
)

Rows = tuple[tuple[str, tuple[dict[str, object], ...]], ...]


def history(database: Database, participant_id: str) -> list[str]:
    """The kinds of history a person has, in words (empty: nothing names them)."""
    return [
        kind for kind, sql in HISTORY if database.query(sql + " limit 1", {"p": participant_id})
    ]


def belongings(database: Database, participant_id: str) -> Rows:
    """The rows that go with a person who has no history: opt-outs, import batches, planned
    sessions' attendance and rota."""
    return tuple(
        (
            table,
            tuple(database.query(f"select * from {table} where {where}", {"p": participant_id})),
        )
        for table, where in _BELONGINGS
    )


def delete_participant(database: Database, participant_id: str) -> None:
    """Remove a person with no history, with their ``belongings``."""
    with database.write() as db:
        for table, where in _BELONGINGS:
            db.execute(f"delete from {table} where {where}", {"p": participant_id})
        db.execute("delete from participants where id = ?", [participant_id])


def restore_rows(database: Database, rows: Rows) -> None:
    """Put rows back as they were (undo of a delete); in the caller's transaction."""
    with database.write() as db:
        for table, found in rows:
            for row in found:
                db.execute(
                    f"insert or replace into {table} ({', '.join(row)}) "
                    f"values ({', '.join('?' for _ in row)})",
                    list(row.values()),
                )


# ------------------------------------------------------------------ merge

# Where a person is named as a plain column: (table, column).
_MOVED = (
    ("role_assignments", "participant_id"),
    ("role_assignments", "shadow_of"),
    ("speaking_turns", "participant_id"),
    ("contributions", "participant_id"),
    ("actions", "owner_id"),
    ("experiments", "owner_id"),
)
# JSON copies of rows (undo history, reviews' before-images, drafts) that may hold the id.
_COPIES = (("capture_undo", "before"), ("reviews", "before"), ("drafts", "text"))
# Attendance clashes: the one kept is the one that says the person was there the most.
_PRESENCE = "case status when 'present' then 0 when 'left_early' then 1 else 2 end"


def merge_participants(database: Database, keep_id: str, merge_id: str) -> None:
    """Move every reference to ``merge_id`` onto ``keep_id`` and remove ``merge_id``.

    Clashes resolve as one person's record would read: one attendance per session (the most
    present), one vote per item and round (the larger), no one shadowing themselves, one
    opt-out per role; the kept person keeps their fields and takes the other's area and note
    when theirs are empty, the earlier joining date, and stays active if either was.
    """
    ids = {"k": keep_id, "m": merge_id}
    with database.write() as db:
        _merge_attendance(database, ids)
        _merge_votes(database, ids)
        for table, column in _MOVED:
            db.execute(f"update {table} set {column} = :k where {column} = :m", ids)
        db.execute("delete from role_assignments where shadow_of = participant_id")
        _merge_consulted(database, ids)
        for table, column in _COPIES:
            db.execute(
                f"update {table} set {column} = replace({column}, :mq, :kq) "
                f"where instr({column}, :mq) > 0",
                {"mq": json.dumps(merge_id), "kq": json.dumps(keep_id)},
            )
        db.execute(
            "delete from role_optouts where participant_id = :m and role_id in "
            "(select role_id from role_optouts where participant_id = :k)",
            ids,
        )
        db.execute("update role_optouts set participant_id = :k where participant_id = :m", ids)
        db.execute("delete from roster_import_people where participant_id = :m", ids)
        _merge_fields(database, ids)
        db.execute("delete from participants where id = :m", ids)


def _merge_fields(database: Database, ids: dict[str, str]) -> None:
    kept, merged = (
        database.query("select * from participants where id = ?", [ids[k]])[0] for k in "km"
    )
    joined = sorted(d for d in (kept["joined_on"], merged["joined_on"]) if d)
    database.conn.execute(
        "update participants set area = ?, note = ?, joined_on = ?, active = ? where id = ?",
        [
            kept["area"] or merged["area"] or "",
            kept["note"] or merged["note"] or "",
            joined[0] if joined else "",
            int(bool(kept["active"]) or bool(merged["active"])),
            ids["k"],
        ],
    )


def _merge_attendance(database: Database, ids: dict[str, str]) -> None:
    for row in database.query(
        "select session_id from attendance where participant_id = :m and session_id in "
        "(select session_id from attendance where participant_id = :k)",
        ids,
    ):
        ranked = database.query(
            f"select participant_id from attendance where session_id = ? "
            f"and participant_id in (?, ?) order by {_PRESENCE}, participant_id = ? desc",
            [row["session_id"], ids["k"], ids["m"], ids["k"]],
        )
        loser = ranked[1]["participant_id"]
        database.conn.execute(
            "delete from attendance where session_id = ? and participant_id = ?",
            [row["session_id"], loser],
        )
    database.conn.execute(
        "update attendance set participant_id = :k where participant_id = :m", ids
    )


def _merge_votes(database: Database, ids: dict[str, str]) -> None:
    for mine in database.query("select * from votes where participant_id = :m", ids):
        theirs = database.query(
            "select id, count from votes where participant_id = ? and contribution_id = ? "
            "and coalesce(phase_id, '') = coalesce(?, '')",
            [ids["k"], mine["contribution_id"], mine["phase_id"]],
        )
        if theirs:
            database.conn.execute(
                "update votes set count = max(count, ?) where id = ?",
                [mine["count"], theirs[0]["id"]],
            )
            database.conn.execute("delete from votes where id = ?", [mine["id"]])
    database.conn.execute("update votes set participant_id = :k where participant_id = :m", ids)


def _merge_consulted(database: Database, ids: dict[str, str]) -> None:
    for row in database.query(
        "select distinct d.id, d.consulted from decisions d, json_each(" + _CONSULTED + ") j "
        "where j.value = :m",
        ids,
    ):
        named = [ids["k"] if pid == ids["m"] else pid for pid in json.loads(row["consulted"])]
        database.conn.execute(
            "update decisions set consulted = ? where id = ?",
            [json.dumps(list(dict.fromkeys(named)), ensure_ascii=False), row["id"]],
        )


# ------------------------------------------------------------------ import batches


@dataclass(frozen=True)
class ImportBatch:
    """One roster import: when, from what file, the people it added (ids), undone or not."""

    team_id: str
    source: str
    imported_at: str
    people: tuple[str, ...] = ()
    undone_at: str = ""
    id: str = field(default_factory=new_id)


def record_import(database: Database, batch: ImportBatch) -> None:
    """Keep an import's batch (in the import's own transaction, when called inside it)."""
    with database.write() as db:
        db.execute(
            "insert into roster_imports (id, team_id, source, imported_at) values (?, ?, ?, ?)",
            [batch.id, batch.team_id, batch.source, batch.imported_at],
        )
        for person_id in batch.people:
            db.execute(
                "insert into roster_import_people (import_id, participant_id) values (?, ?)",
                [batch.id, person_id],
            )


def list_imports(database: Database, team_id: str) -> list[ImportBatch]:
    """The team's imports, the latest first."""
    return [
        _batch(database, row)
        for row in database.query(
            "select * from roster_imports where team_id = ? order by imported_at desc, rowid desc",
            [team_id],
        )
    ]


def get_import(database: Database, import_id: str) -> ImportBatch | None:
    rows = database.query("select * from roster_imports where id = ?", [import_id])
    return _batch(database, rows[0]) if rows else None


def _batch(database: Database, row: dict[str, object]) -> ImportBatch:
    people = database.query(
        "select participant_id from roster_import_people where import_id = ? order by rowid",
        [row["id"]],
    )
    return ImportBatch(
        team_id=str(row["team_id"]),
        source=str(row["source"] or ""),
        imported_at=str(row["imported_at"]),
        people=tuple(str(p["participant_id"]) for p in people),
        undone_at=str(row["undone_at"] or ""),
        id=str(row["id"]),
    )


def close_import(
    database: Database, import_id: str, delete: list[str], deactivate: list[str], at: str
) -> None:
    """Undo an import in one step: delete some of its people, deactivate the others."""
    with database.write() as db:
        for person_id in delete:
            delete_participant(database, person_id)
        for person_id in deactivate:
            db.execute("update participants set active = 0 where id = ?", [person_id])
        db.execute("update roster_imports set undone_at = ? where id = ?", [at, import_id])


# ------------------------------------------------------------------ teams


def archived_team_ids(database: Database) -> set[str]:
    return {str(r["team_id"]) for r in database.query("select team_id from team_archive")}


def set_team_archived(database: Database, team_id: str, archived_at: str | None) -> None:
    """Archive the team (at ``archived_at``) or, with None, bring it back."""
    with database.write() as db:
        db.execute("delete from team_archive where team_id = ?", [team_id])
        if archived_at:
            db.execute(
                "insert into team_archive (team_id, archived_at) values (?, ?)",
                [team_id, archived_at],
            )


def mark_demo(database: Database, team_id: str) -> None:
    """Every session the team has now is a demo session (the demo just made them)."""
    with database.write() as db:
        db.execute(
            "insert or ignore into demo_sessions (session_id) "
            "select id from sessions where team_id = ?",
            [team_id],
        )


def session_counts(database: Database, team_id: str) -> tuple[int, int]:
    """How many sessions the team has, and how many of them are the demo's."""
    row = database.query(
        "select count(*) as n, count(d.session_id) as demo from sessions s "
        "left join demo_sessions d on d.session_id = s.id where s.team_id = ?",
        [team_id],
    )[0]
    return int(row["n"]), int(row["demo"])


def delete_team(database: Database, team_id: str) -> None:
    """Remove the team and everything that is only its: people, roles, templates, sessions
    and all they hold. The core decides when this is allowed."""
    with database.write() as db:
        db.execute(
            "update actions set closed_in_session = null where closed_in_session in "
            "(select id from sessions where team_id = ?) and session_id not in "
            "(select id from sessions where team_id = ?)",
            [team_id, team_id],
        )
        _delete_with_dependents(database, "teams", "id = ?", [team_id])


def _delete_with_dependents(
    database: Database, table: str, where: str, params: list[str], depth: int = 0
) -> None:
    """Delete the rows of ``table`` that match, after every row that refers to them (found by
    the schema's foreign keys, so a table a later version adds is covered too)."""
    if depth > 12:
        raise RuntimeError(f"Foreign keys of {table} nest too deep to delete safely.")
    for child, column, parent_column in _referrers(database, table):
        _delete_with_dependents(
            database,
            child,
            f"{column} in (select {parent_column} from {table} where {where})",
            params,
            depth + 1,
        )
    database.conn.execute(f"delete from {table} where {where}", params)


def _referrers(database: Database, table: str) -> list[tuple[str, str, str]]:
    """(table, column, referenced column) of every foreign key that points at ``table``."""
    found = []
    for (name,) in database.conn.execute(
        "select name from sqlite_master where type = 'table' and name not like 'sqlite_%'"
    ):
        for fk in database.conn.execute(f"pragma foreign_key_list('{name}')"):
            if fk[2] == table and name != table:
                found.append((str(name), str(fk[3]), str(fk[4] or "id")))
    return found
