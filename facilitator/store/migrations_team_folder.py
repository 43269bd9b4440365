"""The team folder's migrations: what a laptop needs to share a team through a folder.

The change-tracking triggers (every captured item, roster and plan change stamped with when
and where it was made), the record of what was published and taken in, and the conflicts
found. They register with ``migrations`` in order after the main schema's; never edit a
shipped one: add a new one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from facilitator.store.migrations import INT, TEXT, create_table, migration

if TYPE_CHECKING:
    from sqlite_utils import Database

# The rows a team folder carries, with the key that names one row and the session or team
# it belongs to (what file it travels in), as SQL over ``r`` (the row).
SYNCED_TABLES: dict[str, tuple[str, str]] = {
    "teams": ("r.id", "r.id"),
    "participants": ("r.id", "r.team_id"),
    "roles": ("r.id", "r.team_id"),
    "role_optouts": (
        "r.id",
        "(select p.team_id from participants p where p.id = r.participant_id)",
    ),
    "sessions": ("r.id", "r.id"),
    "attendance": ("r.session_id || '/' || r.participant_id", "r.session_id"),
    "phases": ("r.id", "r.session_id"),
    "timer_events": ("r.id", "r.session_id"),
    "speaking_turns": (
        "r.id",
        "(select ph.session_id from phases ph where ph.id = r.phase_id)",
    ),
    "role_assignments": ("r.id", "r.session_id"),
    "contributions": ("r.id", "r.session_id"),
    "decisions": ("r.id", "r.session_id"),
    "actions": ("r.id", "r.session_id"),
    "experiments": ("r.id", "r.session_id"),
    "learnings": ("r.id", "r.session_id"),
    "votes": (
        "r.id",
        "(select c.session_id from contributions c where c.id = r.contribution_id)",
    ),
    "reviews": ("r.id", "r.session_id"),
}
_M070_TABLES = tuple(SYNCED_TABLES)  # the tables m070 gave change triggers
# Added by m071: the team's rotation rules (one row per team) and its agenda templates.
_M071_TABLES: dict[str, tuple[str, str]] = {
    "rotation_rules": ("r.team_id", "r.team_id"),
    "agenda_templates": ("r.id", "r.team_id"),
}
SYNCED_TABLES.update(_M071_TABLES)
_NOW_SQL = "strftime('%Y-%m-%dT%H:%M:%f', 'now') || '+00:00'"
_CAPTURE_TABLES = ("contributions", "decisions", "actions", "experiments", "learnings")


def _change_triggers(table: str, key: str, scope: str, *, counted: bool = False) -> list[str]:
    """Triggers that note when each row was last written here and when one was deleted;
    ``counted`` (m073 on), each write also counts one in ``team_folder_writes``.

    A capture's change time is the newest of its own stamps (created, edited, deleted), which
    the core sets from its clock; any other row's is the time of the write."""

    def on(row: str, sql: str) -> str:
        return sql.replace("r.", f"{row}.")

    when = _NOW_SQL
    if table in _CAPTURE_TABLES:  # the core stamps captures with its (injected) clock
        when = (
            "coalesce(nullif(max(coalesce(new.updated_at, ''), coalesce(new.deleted_at, ''), "
            f"coalesce(new.created_at, '')), ''), {_NOW_SQL})"
        )
    written = (
        f"insert into item_changes (tbl, item_id, changed_at) "
        f"values ('{table}', {on('new', key)}, {when}) "
        "on conflict (tbl, item_id) do update set changed_at = excluded.changed_at;\n"
        f"  delete from item_deletions where tbl = '{table}' and item_id = {on('new', key)};"
    )
    deleted = (
        f"insert into item_deletions (tbl, item_id, scope_id, deleted_at) "
        f"values ('{table}', {on('old', key)}, {on('old', scope)}, {_NOW_SQL}) "
        "on conflict (tbl, item_id) do update set deleted_at = excluded.deleted_at, "
        "scope_id = excluded.scope_id;\n"
        f"  delete from item_changes where tbl = '{table}' and item_id = {on('old', key)};"
    )
    if counted:  # one more write to a shared row: an unchanged re-sync sees none
        count = "\n  update team_folder_writes set n = n + 1;"
        written += count
        deleted += count
    return [
        f"create trigger {table}_changed_insert after insert on {table} begin\n  {written}\nend",
        f"create trigger {table}_changed_update after update on {table} begin\n  {written}\nend",
        f"create trigger {table}_changed_delete after delete on {table} begin\n  {deleted}\nend",
    ]


@migration
def m070_team_folder(db: Database) -> None:
    """A team shared through a folder (facilitator.team_folder): this laptop's id, when each
    row was last written here and which rows were deleted (kept by triggers, so no write
    path can forget), the folder linked to a team, what was last exchanged with each other
    laptop, and the changes a merge did not keep (shown to the facilitator).

    Rows older than this migration have no change time: they count as older than any row
    written since.
    """
    db.execute(
        "insert or ignore into settings (key, value) values ('laptop_id', "
        "lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-' || hex(randomblob(2)) "
        "|| '-' || hex(randomblob(2)) || '-' || hex(randomblob(6))))"
    )
    create_table(
        db,
        "item_changes",
        {"tbl": TEXT, "item_id": TEXT, "changed_at": TEXT},
        pk=("tbl", "item_id"),
        not_null={"changed_at"},
    )
    create_table(
        db,
        "item_deletions",
        {"tbl": TEXT, "item_id": TEXT, "scope_id": TEXT, "deleted_at": TEXT},
        pk=("tbl", "item_id"),
        not_null={"deleted_at"},
    )
    db.table("item_deletions").create_index(["scope_id"])
    create_table(
        db,
        "team_folders",
        {"team_id": TEXT, "path": TEXT, "linked_at": TEXT, "last_sync_at": TEXT},
        pk="team_id",
        fks=[("team_id", "teams", "id")],
        not_null={"path", "linked_at"},
    )
    create_table(
        db,
        "sync_items",
        {
            "team_id": TEXT,
            "laptop_id": TEXT,
            "tbl": TEXT,
            "item_id": TEXT,
            "remote_hash": TEXT,
            "local_hash": TEXT,
        },
        pk=("team_id", "laptop_id", "tbl", "item_id"),
        not_null={"remote_hash", "local_hash"},
    )
    create_table(
        db,
        "sync_conflicts",
        {
            "id": TEXT,
            "team_id": TEXT,
            "session_id": TEXT,
            "tbl": TEXT,
            "item_id": TEXT,
            "kept": TEXT,
            "kept_from": TEXT,
            "kept_changed_at": TEXT,
            "other": TEXT,
            "other_from": TEXT,
            "other_changed_at": TEXT,
            "found_at": TEXT,
            "dismissed_at": TEXT,
        },
        fks=[("team_id", "teams", "id")],
        not_null={"team_id", "tbl", "item_id", "kept", "other", "found_at"},
    )
    db.table("sync_conflicts").create_index(["team_id"])
    for table in _M070_TABLES:
        for statement in _change_triggers(table, *SYNCED_TABLES[table]):
            db.execute(statement)


@migration
def m071_team_folder_plans(db: Database) -> None:
    """The team's rotation rules and agenda templates travel through the team folder too:
    the same change times and deletions as for the roster. Rows older than this migration
    have no change time (older than any change since)."""
    for table, (key, scope) in _M071_TABLES.items():
        for statement in _change_triggers(table, key, scope):
            db.execute(statement)


@migration
def m073_team_folder_published(db: Database) -> None:
    """What this laptop last wrote to its team folder, per session (and the team): a
    fingerprint of the rows, so a sync rebuilds only the files of what changed since; and
    a count of the writes to shared rows, kept by the change triggers (made again here
    with it), so an unchanged re-sync of a long history reads no rows at all."""
    create_table(
        db,
        "team_folder_published",
        {"team_id": TEXT, "scope_id": TEXT, "folder": TEXT, "fingerprint": TEXT},
        pk=("team_id", "scope_id"),
        not_null={"folder", "fingerprint"},
    )
    create_table(db, "team_folder_writes", {"n": INT}, not_null={"n"})
    db.execute("insert into team_folder_writes (n) values (0)")
    for table, (key, scope) in SYNCED_TABLES.items():
        for kind in ("insert", "update", "delete"):
            db.execute(f"drop trigger if exists {table}_changed_{kind}")
        for statement in _change_triggers(table, key, scope, counted=True):
            db.execute(statement)
