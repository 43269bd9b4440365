"""The schema, as ordered migrations. Never edit a shipped migration: add a new one.

Each migration runs in one transaction with its record (sqlite-utils ``Migrations``), so a
failing migration leaves the file as it was. Which migrations a file has is read with the
``sqlite3`` module alone (``applied_names``): opening an up-to-date file, the app's first
paint, never loads sqlite-utils. ``migrations``, the sqlite-utils set that applies them, is
made on first use.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database, Migrations
    from sqlite_utils.db import Table

MIGRATION_SET = "facilitator"
MIGRATIONS_TABLE = "_sqlite_migrations"  # sqlite-utils' record of what was applied

TEXT, INT, FLOAT = str, int, float

Migration = Callable[["Database"], None]
# Every migration, in order: (name, function). The next version's are appended here.
ORDER: list[tuple[str, Migration]] = []


def migration(step: Migration) -> Migration:
    """Register ``step`` as the next migration, named after its function."""
    ORDER.append((step.__name__, step))
    return step


def create_table(
    db: Database,
    name: str,
    columns: dict[str, type],
    *,
    pk: str | tuple[str, ...] = "id",
    fks: list[tuple[str, str, str]] | None = None,
    not_null: set[str] | None = None,
    defaults: dict[str, object] | None = None,
) -> Table:
    table = db.table(name)
    table.create(
        columns, pk=pk, foreign_keys=fks or [], not_null=not_null or set(), defaults=defaults or {}
    )
    return table


@migration
def m001_initial(db: Database) -> None:
    """Teams, roster, roles, sessions, agenda, runs, rotation and every capture kind."""
    create_table(
        db,
        "teams",
        {"id": TEXT, "name": TEXT, "created_at": TEXT, "rotate_per_phase": INT},
        not_null={"name"},
        defaults={"rotate_per_phase": 0},
    )
    create_table(
        db,
        "participants",
        {
            "id": TEXT,
            "team_id": TEXT,
            "name": TEXT,
            "area": TEXT,
            "note": TEXT,
            "active": INT,
            "joined_on": TEXT,
        },
        fks=[("team_id", "teams", "id")],
        not_null={"team_id", "name"},
        defaults={"active": 1, "area": "", "note": ""},
    )
    db.table("participants").create_index(["team_id"])
    create_table(
        db,
        "roles",
        {
            "id": TEXT,
            "team_id": TEXT,
            "name": TEXT,
            "brief": TEXT,
            "behaviours": TEXT,
            "opening_line": TEXT,
            "rotates": INT,
            "builtin_key": TEXT,
            "position": INT,
        },
        fks=[("team_id", "teams", "id")],
        not_null={"team_id", "name"},
        defaults={"rotates": 1, "position": 0},
    )
    db.table("roles").create_index(["team_id"])
    create_table(
        db,
        "role_optouts",
        {
            "id": TEXT,
            "participant_id": TEXT,
            "role_id": TEXT,
            "until": TEXT,
            "note": TEXT,
            "created_at": TEXT,
        },
        fks=[("participant_id", "participants", "id"), ("role_id", "roles", "id")],
        not_null={"participant_id", "role_id"},
    )
    create_table(
        db,
        "sessions",
        {
            "id": TEXT,
            "team_id": TEXT,
            "title": TEXT,
            "dilemma": TEXT,
            "place": TEXT,
            "planned_date": TEXT,
            "planned_start": TEXT,
            "available_min": INT,
            "status": TEXT,
            "started_at": TEXT,
            "ended_at": TEXT,
            "created_at": TEXT,
        },
        fks=[("team_id", "teams", "id")],
        not_null={"team_id", "title", "status"},
    )
    db.table("sessions").create_index(["team_id"])
    create_table(
        db,
        "attendance",
        {"session_id": TEXT, "participant_id": TEXT, "status": TEXT, "left_at": TEXT},
        pk=("session_id", "participant_id"),
        fks=[("session_id", "sessions", "id"), ("participant_id", "participants", "id")],
        not_null={"status"},
    )
    create_table(
        db,
        "phases",
        {
            "id": TEXT,
            "session_id": TEXT,
            "position": INT,
            "title": TEXT,
            "planned_s": INT,
            "mode": TEXT,
            "prompt": TEXT,
            "format_key": TEXT,
            "group_id": TEXT,
            "group_title": TEXT,
            "per_speaker_s": INT,
            "is_break": INT,
            "started_at": TEXT,
            "ended_at": TEXT,
        },
        fks=[("session_id", "sessions", "id")],
        not_null={"session_id", "position", "title", "planned_s", "mode"},
        defaults={"is_break": 0},
    )
    db.table("phases").create_index(["session_id", "position"])
    create_table(
        db,
        "agenda_templates",
        {"id": TEXT, "team_id": TEXT, "name": TEXT, "phases": TEXT, "created_at": TEXT},
        fks=[("team_id", "teams", "id")],
        not_null={"team_id", "name", "phases"},
    )
    create_table(
        db,
        "role_assignments",
        {
            "id": TEXT,
            "session_id": TEXT,
            "role_id": TEXT,
            "participant_id": TEXT,
            "phase_id": TEXT,
            "reason": TEXT,
            "overridden": INT,
            "shadow_of": TEXT,
            "confirmed_at": TEXT,
            "ended_at": TEXT,
            "created_at": TEXT,
        },
        fks=[
            ("session_id", "sessions", "id"),
            ("role_id", "roles", "id"),
            ("participant_id", "participants", "id"),
            ("phase_id", "phases", "id"),
        ],
        not_null={"session_id", "role_id", "participant_id"},
        defaults={"overridden": 0},
    )
    db.table("role_assignments").create_index(["session_id"])
    create_table(
        db,
        "timer_events",
        {
            "id": TEXT,
            "session_id": TEXT,
            "phase_id": TEXT,
            "seq": INT,
            "kind": TEXT,
            "at_utc": TEXT,
            "at_monotonic": FLOAT,
            "deadline_utc": TEXT,
            "remaining_s": FLOAT,
            "amount_s": FLOAT,
        },
        fks=[("session_id", "sessions", "id"), ("phase_id", "phases", "id")],
        not_null={"session_id", "phase_id", "seq", "kind", "at_utc"},
    )
    db.table("timer_events").create_index(["session_id", "seq"], unique=True)
    create_table(
        db,
        "speaking_turns",
        {
            "id": TEXT,
            "phase_id": TEXT,
            "participant_id": TEXT,
            "started_at": TEXT,
            "ended_at": TEXT,
        },
        fks=[("phase_id", "phases", "id"), ("participant_id", "participants", "id")],
        not_null={"phase_id", "participant_id", "started_at"},
    )
    db.table("speaking_turns").create_index(["phase_id"])

    capture_common = {"created_at": TEXT, "updated_at": TEXT, "deleted_at": TEXT}
    session_fks = [("session_id", "sessions", "id"), ("phase_id", "phases", "id")]
    create_table(
        db,
        "contributions",
        {
            "id": TEXT,
            "session_id": TEXT,
            "phase_id": TEXT,
            "text": TEXT,
            "participant_id": TEXT,
            **capture_common,
        },
        fks=[*session_fks, ("participant_id", "participants", "id")],
        not_null={"session_id", "text"},
    )
    create_table(
        db,
        "decisions",
        {
            "id": TEXT,
            "session_id": TEXT,
            "phase_id": TEXT,
            "text": TEXT,
            "method": TEXT,
            "rationale": TEXT,
            "consulted": TEXT,
            "objections": TEXT,
            **capture_common,
        },
        fks=session_fks,
        not_null={"session_id", "text", "method"},
    )
    create_table(
        db,
        "actions",
        {
            "id": TEXT,
            "session_id": TEXT,
            "phase_id": TEXT,
            "text": TEXT,
            "owner_id": TEXT,
            "due": TEXT,
            "status": TEXT,
            "closed_in_session": TEXT,
            **capture_common,
        },
        fks=[
            *session_fks,
            ("owner_id", "participants", "id"),
            ("closed_in_session", "sessions", "id"),
        ],
        not_null={"session_id", "text", "status"},
    )
    create_table(
        db,
        "experiments",
        {
            "id": TEXT,
            "session_id": TEXT,
            "phase_id": TEXT,
            "hypothesis": TEXT,
            "what_we_try": TEXT,
            "limit_time": TEXT,
            "limit_money": TEXT,
            "limit_risk": TEXT,
            "success_signal": TEXT,
            "stop_signal": TEXT,
            "owner_id": TEXT,
            "review_on": TEXT,
            "status": TEXT,
            "outcome": TEXT,
            "started_on": TEXT,
            **capture_common,
        },
        fks=[*session_fks, ("owner_id", "participants", "id")],
        not_null={"session_id", "hypothesis", "status"},
    )
    create_table(
        db,
        "learnings",
        {
            "id": TEXT,
            "session_id": TEXT,
            "phase_id": TEXT,
            "text": TEXT,
            "experiment_id": TEXT,
            **capture_common,
        },
        fks=[*session_fks, ("experiment_id", "experiments", "id")],
        not_null={"session_id", "text"},
    )
    create_table(
        db,
        "votes",
        {
            "id": TEXT,
            "contribution_id": TEXT,
            "participant_id": TEXT,
            "count": INT,
            "phase_id": TEXT,
        },
        fks=[
            ("contribution_id", "contributions", "id"),
            ("participant_id", "participants", "id"),
            ("phase_id", "phases", "id"),
        ],
        not_null={"contribution_id", "participant_id", "count"},
    )
    for table in ("contributions", "decisions", "actions", "experiments", "learnings"):
        db.table(table).create_index(["session_id"])
    db.table("votes").create_index(["contribution_id"])
    create_table(db, "settings", {"key": TEXT, "value": TEXT}, pk="key")


# Later migrations go below, in order. Reserved blocks keep parallel work from clashing:
# planning m010-m019, running m020-m029, rotation m030-m039, capture/search m040-m049,
# safety m050-m059, roster clean-up m060-m069.


@migration
def m030_rotation_rules(db: Database) -> None:
    """Rotation rules per team (newcomers shadow or not) and the rota retrospectives."""
    create_table(
        db,
        "rotation_rules",
        {"team_id": TEXT, "shadow_newcomers": INT},
        pk="team_id",
        fks=[("team_id", "teams", "id")],
        defaults={"shadow_newcomers": 1},
    )
    create_table(
        db,
        "rota_reviews",
        {
            "id": TEXT,
            "team_id": TEXT,
            "session_id": TEXT,
            "cycle": INT,
            "learning_id": TEXT,
            "created_at": TEXT,
        },
        fks=[
            ("team_id", "teams", "id"),
            ("session_id", "sessions", "id"),
            ("learning_id", "learnings", "id"),
        ],
        not_null={"team_id", "session_id", "cycle"},
    )
    db.table("rota_reviews").create_index(["team_id"])
    db.table("role_optouts").create_index(["participant_id"])
    db.table("role_assignments").create_index(["participant_id"])


# ---------------------------------------------------------------- capture and search (m040-m049)

# What each capture kind contributes to the search index: (table, kind, title, detail).
SEARCH_SOURCES: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    ("contributions", "contribution", "text", ()),
    ("decisions", "decision", "text", ("rationale", "objections")),
    ("actions", "action", "text", ()),
    (
        "experiments",
        "experiment",
        "hypothesis",
        (
            "what_we_try",
            "limit_time",
            "limit_money",
            "limit_risk",
            "success_signal",
            "stop_signal",
            "outcome",
        ),
    ),
    ("learnings", "learning", "text", ()),
)


def search_detail_sql(detail: tuple[str, ...], row: str) -> str:
    """The index's detail of a capture: its ``detail`` columns of ``row``, one a line."""
    return " || char(10) || ".join(f"coalesce({row}.{c}, '')" for c in detail) if detail else "''"


def _search_triggers(table: str, kind: str, title: str, detail: tuple[str, ...]) -> list[str]:
    """Triggers that keep ``capture_fts`` equal to the live (not soft-deleted) rows."""
    detail_sql = search_detail_sql(detail, "new")
    watched = ", ".join(dict.fromkeys(("id", "session_id", "deleted_at", title, *detail)))
    insert = (
        f"insert into capture_fts(title, detail, kind, item_id, session_id) "
        f"select new.{title}, {detail_sql}, '{kind}', new.id, new.session_id "
        f"where new.deleted_at is null;\n"
        f"  insert into capture_fts_map(item_id, fts_rowid) "
        f"select new.id, last_insert_rowid() where new.deleted_at is null;"
    )
    remove = (
        "delete from capture_fts where rowid = "
        "(select fts_rowid from capture_fts_map where item_id = old.id);\n"
        "  delete from capture_fts_map where item_id = old.id;"
    )
    return [
        f"create trigger {table}_fts_insert after insert on {table} begin\n  {insert}\nend",
        f"create trigger {table}_fts_update after update of {watched} on {table} begin\n"
        f"  {remove}\n  {insert}\nend",
        f"create trigger {table}_fts_delete after delete on {table} begin\n  {remove}\nend",
    ]


@migration
def m040_capture_search(db: Database) -> None:
    """A full-text index over every capture kind, kept current by triggers (soft-delete too).

    Diacritics fold ("Zoe" finds "Zoë") and symbols such as emoji are words, so any text a
    scribe typed can be found again. ``capture_fts_map`` remembers each item's index row so
    an edit or delete touches one row instead of scanning the index.
    """
    db.execute(
        "create virtual table capture_fts using fts5(title, detail, kind unindexed, "
        "item_id unindexed, session_id unindexed, "
        "tokenize = \"unicode61 remove_diacritics 2 categories 'L* N* Co So'\", "
        "prefix = '2 3')"
    )
    db.execute(
        "create table capture_fts_map (item_id text primary key, fts_rowid integer not null)"
    )
    for table, kind, title, detail in SEARCH_SOURCES:
        # One statement at a time: executescript() would commit halfway through the migration.
        for statement in _search_triggers(table, kind, title, detail):
            db.execute(statement)
        # Index what is already there (a database made before this migration).
        ids = [
            r[0]
            for r in db.execute(
                f"select id from {table} where deleted_at is null order by rowid"
            ).fetchall()
        ]
        for item_id in ids:
            db.execute(f"update {table} set id = id where id = ?", [item_id])


@migration
def m041_capture_undo(db: Database) -> None:
    """The undo history of each session's captures: the row as it was before each change."""
    create_table(
        db,
        "capture_undo",
        {
            "id": TEXT,
            "session_id": TEXT,
            "seq": INT,
            "op": TEXT,
            "kind": TEXT,
            "item_id": TEXT,
            "before": TEXT,
            "summary": TEXT,
            "created_at": TEXT,
        },
        fks=[("session_id", "sessions", "id")],
        not_null={"session_id", "seq", "op", "kind", "item_id", "before", "created_at"},
    )
    db.table("capture_undo").create_index(["session_id", "seq"], unique=True)


@migration
def m042_vote_budgets(db: Database) -> None:
    """How many dots each participant may give in a voting round (a phase, or the session)."""
    create_table(
        db,
        "vote_budgets",
        {"id": TEXT, "session_id": TEXT, "phase_id": TEXT, "budget": INT, "updated_at": TEXT},
        fks=[("session_id", "sessions", "id"), ("phase_id", "phases", "id")],
        not_null={"session_id", "budget"},
    )
    db.execute(
        "create unique index vote_budgets_round on vote_budgets "
        "(session_id, coalesce(phase_id, ''))"
    )
    db.table("votes").create_index(["participant_id"])


@migration
def m043_reviews(db: Database) -> None:
    """What a session's review round recorded for each earlier action or experiment."""
    create_table(
        db,
        "reviews",
        {
            "id": TEXT,
            "session_id": TEXT,
            "phase_id": TEXT,
            "kind": TEXT,
            "item_id": TEXT,
            "status": TEXT,
            "outcome": TEXT,
            "learning_id": TEXT,
            "before": TEXT,
            "created_at": TEXT,
            "updated_at": TEXT,
        },
        fks=[
            ("session_id", "sessions", "id"),
            ("phase_id", "phases", "id"),
            ("learning_id", "learnings", "id"),
        ],
        not_null={"session_id", "kind", "item_id", "status", "before"},
        defaults={"outcome": ""},
    )
    db.table("reviews").create_index(["session_id", "item_id"], unique=True)
    db.table("reviews").create_index(["item_id"])
    for table in ("actions", "experiments"):
        db.table(table).create_index(["status"])


# ---------------------------------------------------------------- safety (m050-m059)


@migration
def m050_drafts(db: Database) -> None:
    """What is being typed but not yet saved, one row per session and field (or form).

    A deleted session takes its drafts with it (``on delete cascade``).
    """
    db.execute(
        "create table drafts (session_id text not null "
        "references sessions(id) on delete cascade, field_key text not null, "
        "text text not null, saved_at text not null, "
        "primary key (session_id, field_key))"
    )


@migration
def m051_session_time_zone(db: Database) -> None:
    """The IANA time zone a session ran in, so its times read the same on any computer.

    Empty for sessions that have not started and for those recorded before it was kept.
    """
    db.execute("alter table sessions add column time_zone text")


# ---------------------------------------------------------------- roster clean-up (m060-m069)

# The demo's teams and session titles as the versions before m060 made them, so that a demo
# tried before this version can be deleted as a demo too.
_DEMO_TEAM = "Northside Fulfilment — operations team"
_DEMO_TITLES = (
    "Why are Leeds dispatches late?",
    "Picking errors after go-live",
    "What customers tell us",
    "Options for the Bristol timeline",
    "Pause or push on: the Bristol rollout",
    "Go or no-go for Bristol",
)


@migration
def m060_roster_cleanup(db: Database) -> None:
    """What tidying a team list needs: archived teams, each import's batch (so it can be
    undone) and which sessions are the demo's (so the demo can be deleted)."""
    create_table(
        db,
        "team_archive",
        {"team_id": TEXT, "archived_at": TEXT},
        pk="team_id",
        fks=[("team_id", "teams", "id")],
        not_null={"archived_at"},
    )
    create_table(
        db,
        "roster_imports",
        {"id": TEXT, "team_id": TEXT, "source": TEXT, "imported_at": TEXT, "undone_at": TEXT},
        fks=[("team_id", "teams", "id")],
        not_null={"team_id", "imported_at"},
        defaults={"source": ""},
    )
    db.table("roster_imports").create_index(["team_id"])
    create_table(
        db,
        "roster_import_people",
        {"import_id": TEXT, "participant_id": TEXT},
        pk=("import_id", "participant_id"),
        fks=[("import_id", "roster_imports", "id"), ("participant_id", "participants", "id")],
    )
    db.table("roster_import_people").create_index(["participant_id"])
    create_table(
        db,
        "demo_sessions",
        {"session_id": TEXT},
        pk="session_id",
        fks=[("session_id", "sessions", "id")],
    )
    marks = ", ".join("?" for _ in _DEMO_TITLES)
    db.execute(
        "insert into demo_sessions (session_id) select s.id from sessions s "
        "join teams t on t.id = s.team_id "
        f"where (t.name = ? or t.name like ? || ' (%)') and s.title in ({marks})",
        [_DEMO_TEAM, _DEMO_TEAM, *_DEMO_TITLES],
    )


# ---------------------------------------------------------------- the method library (m061-m069)


@migration
def m061_phase_rounds(db: Database) -> None:
    """Steps that repeat for the group: a phase of a repeated block says how it repeats
    (``repeat``: "person", "member:N" or "times:N"), which round it belongs to and how
    many rounds the block has. Empty for every other phase."""
    db.execute("alter table phases add column repeat text")
    db.execute("alter table phases add column round_no integer")
    db.execute("alter table phases add column rounds integer")


@migration
def m062_own_formats(db: Database) -> None:
    """The facilitator's own formats: a named sequence of steps kept in this file, beside
    the library's. ``steps`` is JSON in the format file's step shape (docs/formats.md)."""
    create_table(
        db,
        "own_formats",
        {
            "id": TEXT,
            "name": TEXT,
            "summary": TEXT,
            "purposes": TEXT,
            "min_people": INT,
            "max_people": INT,
            "steps": TEXT,
            "created_at": TEXT,
            "updated_at": TEXT,
        },
        not_null={"name", "steps", "created_at", "updated_at"},
        defaults={"summary": "", "purposes": "[]"},
    )


# The team folder's migrations (m070 on) live in their own module and register here, after
# the ones above, when it is imported.
from facilitator.store import migrations_team_folder  # noqa: E402, F401


@migration
def m072_own_format_credit(db: Database) -> None:
    """A format of your own keeps the credit of the formats it was made from ("Adapted
    from Troika Consulting." and the Liberating Structures credit) apart from its summary."""
    db.execute("alter table own_formats add column credit text not null default ''")


def known_names() -> frozenset[str]:
    """The name of every migration this version knows (all pending on an empty file)."""
    return frozenset(name for name, _ in ORDER)


def applied_names(conn: sqlite3.Connection) -> list[str]:
    """The migrations of our set the file has, in the order they were applied; reads only."""
    if not conn.execute(
        "select 1 from sqlite_master where type = 'table' and name = ?", [MIGRATIONS_TABLE]
    ).fetchone():
        return []
    rows = conn.execute(
        f"select name from {MIGRATIONS_TABLE} where migration_set = ? order by rowid",
        [MIGRATION_SET],
    )
    return [str(name) for (name,) in rows]


def pending_names(conn: sqlite3.Connection) -> list[str]:
    """The migrations this version would apply to the file, in order; reads only."""
    applied = set(applied_names(conn))
    return [name for name, _ in ORDER if name not in applied]


def __getattr__(name: str) -> Migrations:
    """``migrations``: the sqlite-utils set that applies ``ORDER``, made when asked for (so
    that only a file to upgrade, or a new one, loads sqlite-utils)."""
    if name == "migrations":
        from sqlite_utils import Migrations

        registry = Migrations(MIGRATION_SET)
        for step_name, step in ORDER:
            registry(name=step_name)(step)
        return registry
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
