"""Taking in what other laptops wrote to the team folder, item by item, without loss.

What an item is: one row of a synced table (docs/json-format.md lists them), named by its
id (attendance by session and person). Each laptop's files hold, besides the rows, when
each row was last changed there and which rows were deleted there (tombstones).

The rules, for each item of each other laptop's files (``sync_items`` remembers, per other
laptop, the version of each item last taken in from it and ours right after):

- the other laptop's version is the one already taken in (the same content, changed at the
  same time there): nothing to do (so a second sync changes nothing); the same content
  changed again later (a version put back after a conflict) is a new change;
- it equals ours: nothing to do;
- we do not have the item: it is added (a deletion of an item we never had is noted only);
- ours has not changed since we last took that laptop's version in: theirs is applied
  (an edit, or a deletion: a capture is deleted softly, as the app deletes it);
- both changed (or we meet the item for the first time and the two differ): a conflict.
  The later change is kept (the change time of each side; equal times: the laptop with the
  greater id wins, so every laptop picks the same winner) and the other version goes to
  ``sync_conflicts`` to be shown to the facilitator: nothing is dropped silently.

A row that here belongs to another session or team is never moved (as for an import); an
item that cannot be written (it refers to something that is not here) is left out with a
note and tried again at the next sync. A session deleted on this laptop is not brought
back by another laptop's file (it stays in the folder and on the other laptops). Everything
of one sync is written in one transaction (the caller's), so a kill leaves the database as
it was before the sync or with all of it.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import sqlite3
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from facilitator.model import (
    Action,
    Attendance,
    Contribution,
    Decision,
    Experiment,
    Learning,
    Participant,
    Phase,
    Role,
    RoleAssignment,
    RoleOptOut,
    Session,
    SpeakingTurn,
    Team,
    TimerEvent,
    Vote,
)
from facilitator.session_format import Refuse, ReviewEntry, build
from facilitator.store import team_folder as store
from facilitator.store.database import Database
from facilitator.store.interchange import TABLES as COLLECTION_TABLES
from facilitator.store.rows import from_row, to_row
from facilitator.team_folder_plans import PLAN_TABLES, file_item, key_of, read_items, stored_row

DELETED = "deleted"  # the hash of an item that is deleted
TEAM_TABLES = ("teams", "participants", "roles", "role_optouts", *PLAN_TABLES)
SESSION_TABLES = (
    "sessions",
    "attendance",
    "phases",
    "timer_events",
    "speaking_turns",
    "role_assignments",
    "contributions",
    "decisions",
    "actions",
    "experiments",
    "learnings",
    "votes",
    "reviews",
)
CLASSES: dict[str, type[Any]] = {
    "teams": Team,
    "participants": Participant,
    "roles": Role,
    "role_optouts": RoleOptOut,
    "sessions": Session,
    "attendance": Attendance,
    "phases": Phase,
    "timer_events": TimerEvent,
    "speaking_turns": SpeakingTurn,
    "role_assignments": RoleAssignment,
    "contributions": Contribution,
    "decisions": Decision,
    "actions": Action,
    "experiments": Experiment,
    "learnings": Learning,
    "votes": Vote,
    "reviews": ReviewEntry,
}
# How an item is named in a conflict: (what it is, the field that says which one).
TOOK_ADDED, TOOK_UPDATED, TOOK_DELETED = range(3)  # how a team row came in (Tally.count_team)
_SHOWN = {
    "teams": ("the team", "name"),
    "participants": ("person", "name"),
    "roles": ("role", "name"),
    "role_optouts": ("role opt-out", "note"),
    "rotation_rules": ("the rotation rules", ""),
    "agenda_templates": ("agenda template", "name"),
    "sessions": ("session", "title"),
    "attendance": ("attendance", "status"),
    "phases": ("agenda step", "title"),
    "timer_events": ("timer event", "kind"),
    "speaking_turns": ("speaking turn", "started_at"),
    "role_assignments": ("role assignment", "reason"),
    "contributions": ("contribution", "text"),
    "decisions": ("decision", "text"),
    "actions": ("action", "text"),
    "experiments": ("experiment", "hypothesis"),
    "learnings": ("learning", "text"),
    "votes": ("vote", "count"),
    "reviews": ("review", "outcome"),
}


class Unreadable(Exception):
    """A file that cannot be taken in; the message is the note shown for it."""


@dataclass
class Item:
    """One item as another laptop has it: its row (None: deleted there) and change time."""

    row: dict[str, Any] | None
    changed: str
    before: dict[str, Any] | None = None  # reviews: the item as it was before the review


@dataclass
class Source:
    """One file of another laptop, read and checked: its items by table and key."""

    laptop_id: str
    laptop_name: str
    name: str  # the file, as shown in notes
    scope_id: str  # the session (or team) the file is about
    team_id: str
    items: dict[str, dict[str, Item]] = field(default_factory=dict)
    # People and roles a session file carries; added when missing, never updated from it.
    roster: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    title: str = ""
    file_hash: str = ""  # the file's bytes, hashed: an unchanged file is not read again
    shown: str = ""  # the file as notes name it (by the laptop's name), when not ``name``


@dataclass
class Tally:
    """What taking in changed, for the report and the broadcast."""

    added: list[str] = field(default_factory=list)  # session titles
    updated: list[str] = field(default_factory=list)
    kept: int = 0
    # Per table of the team (people, roles...): how many were added, updated, deleted.
    team_counts: dict[str, list[int]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    noted: set[str] = field(default_factory=set)  # names of the files a note is about
    conflicts: list[str] = field(default_factory=list)  # ids of the conflicts found
    touched: set[str] = field(default_factory=set)  # tables written

    def count_team(self, table: str, how: int) -> None:
        """One row of the team's taken in: ``how`` is TOOK_ADDED, _UPDATED or _DELETED."""
        self.team_counts.setdefault(table, [0, 0, 0])[how] += 1


def canonical(row: dict[str, Any]) -> dict[str, Any]:
    """A row with numbers in one form, so equal content always hashes the same."""
    out = {}
    for key, value in row.items():
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        out[key] = value
    return out


def file_digest(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()[:32]


def digest(row: dict[str, Any] | None) -> str:
    if row is None:
        return DELETED
    text = json.dumps(canonical(row), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def version_of(content: str, changed: str | None) -> str:
    """What is remembered of another laptop's version of an item: its content and when it
    was changed there, so the same content set again later (a version put back after a
    conflict) is a new change, not the one already taken in."""
    return f"{content}@{changed}" if changed else content


def row_of(table: str, obj: Any) -> dict[str, Any]:
    if table == "reviews":
        return canonical(dataclasses.asdict(obj))
    return canonical(to_row(obj))


def local_row(table: str, raw: dict[str, Any]) -> dict[str, Any] | None:
    """A stored row in the shape files carry; None for a softly deleted capture."""
    if table in PLAN_TABLES:
        return canonical(file_item(table, raw))
    if raw.get("deleted_at"):
        return None
    plain = {k: v for k, v in raw.items() if not k.startswith("_") and k != "before"}
    return row_of(table, from_row(CLASSES[table], plain))


# ------------------------------------------------------------------ reading the files


def _times(raw: Any, tables: tuple[str, ...], what: str) -> dict[str, dict[str, str]]:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise Unreadable(f"{what!r} should be an object")
    out: dict[str, dict[str, str]] = {}
    for table, items in raw.items():
        if table not in tables:
            continue  # a later version's table: not ours to write
        if not isinstance(items, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in items.items()
        ):
            raise Unreadable(f"{what!r}.{table} should map ids to times")
        out[table] = dict(items)
    return out


def session_source(laptop_id: str, laptop_name: str, name: str, raw: bytes) -> Source:
    """A session file of the folder, checked as an import checks it; ``Unreadable``."""
    from facilitator import interchange
    from facilitator.session_format import parse

    try:
        data = parse(raw)
        bundle = interchange.read_document(data)
    except Refuse as exc:
        text = str(exc)
        if "not a Facilitator session export" in text or "not a text file" in text:
            text = "not a Facilitator file"
        raise Unreadable(text) from None
    extra = data.get("team_folder", {})
    if not isinstance(extra, dict):
        raise Unreadable("'team_folder' should be an object")
    changed = _times(extra.get("changed"), SESSION_TABLES, "changed")
    deleted = _times(extra.get("deleted"), SESSION_TABLES, "deleted")
    source = Source(
        laptop_id, laptop_name, name, bundle.session.id, bundle.team.id, title=bundle.session.title
    )
    rows: dict[str, list[Any]] = {"sessions": [bundle.session]}
    for key, table in COLLECTION_TABLES.items():
        if key not in ("participants", "roles"):
            rows[table] = bundle.items[key]
    rows["reviews"] = [entry for entry, _ in bundle.reviews]
    befores = {entry.id: before for entry, before in bundle.reviews}
    for table in SESSION_TABLES:
        items: dict[str, Item] = {}
        times = changed.get(table, {})
        for obj in rows.get(table, []):
            key = _key(table, obj)
            before = befores.get(key) if table == "reviews" else None
            items[key] = Item(
                row_of(table, obj),
                times.get(key, ""),
                None if before is None else to_row(before),
            )
        for key, at in deleted.get(table, {}).items():
            items.setdefault(key, Item(None, at))
        source.items[table] = items
    source.roster = [("participants", to_row(p)) for p in bundle.items["participants"]] + [
        ("roles", to_row(r)) for r in bundle.items["roles"]
    ]
    return source


def _key(table: str, obj: Any) -> str:
    if table == "attendance":
        return f"{obj.session_id}/{obj.participant_id}"
    return str(obj.id)


def team_source(laptop_id: str, laptop_name: str, name: str, raw: bytes) -> Source:
    """A laptop's team file (``facilitator-team``): the team, roster, roles, opt-outs."""
    from facilitator.team_folder_files import TEAM_FORMAT, TEAM_VERSION

    data = _team_json(raw, TEAM_FORMAT, TEAM_VERSION)
    try:
        team = build(Team, data.get("team"), "the team")
        lists = {}
        for table, what in (
            ("participants", "participants"),
            ("roles", "roles"),
            ("role_optouts", "role_optouts"),
        ):
            value = data.get(what, [])
            if not isinstance(value, list):
                raise Refuse(f"{what!r} should be a list")
            lists[table] = [
                build(CLASSES[table], x, f"{what} item {i}") for i, x in enumerate(value, 1)
            ]
    except Refuse as exc:
        raise Unreadable(str(exc)) from None
    for table in ("participants", "roles"):
        if any(x.team_id != team.id for x in lists[table]):
            raise Unreadable(f"{table}: an item belongs to another team")
    try:
        plans = read_items(data, team.id)  # none in a file written before they travelled
    except ValueError as exc:
        raise Unreadable(str(exc)) from None
    changed = _times(data.get("changed"), TEAM_TABLES, "changed")
    deleted = _times(data.get("deleted"), TEAM_TABLES, "deleted")
    source = Source(laptop_id, laptop_name, name, team.id, team.id, title=team.name)
    rows: dict[str, list[Any]] = {"teams": [team], **lists}
    for table in TEAM_TABLES:
        times = changed.get(table, {})
        if table in PLAN_TABLES:
            found = [(key_of(table, x), canonical(x)) for x in plans[table]]
        else:
            found = [(str(obj.id), row_of(table, obj)) for obj in rows[table]]
        items = {key: Item(row, times.get(key, "")) for key, row in found}
        for key, at in deleted.get(table, {}).items():
            # A team is never deleted through the folder, nor its rotation rules.
            if table not in ("teams", "rotation_rules"):
                items.setdefault(key, Item(None, at))
        source.items[table] = items
    return source


def _team_json(raw: bytes, fmt: str, version: int) -> dict[str, Any]:
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise Unreadable("not a Facilitator file (damaged or not JSON)") from None
    if not isinstance(data, dict) or data.get("format") != fmt:
        raise Unreadable("not a Facilitator file")
    found = data.get("version")
    if isinstance(found, bool) or not isinstance(found, int) or not 1 <= found <= version:
        raise Unreadable(f"its format version {found!r} is unknown")
    return data


# ------------------------------------------------------------------ taking in


@dataclass
class _Pending:
    source: Source
    table: str
    key: str
    item: Item
    remote_hash: str


class Merger:
    """Takes in sources inside one write transaction (``db``) of ``database``."""

    def __init__(
        self,
        database: Database,
        db: Any,
        team_id: str,
        own: tuple[str, str],
        now: str,
        index: dict[str, set[str]] | None = None,
    ):
        self.database, self.db, self.team_id, self.now = database, db, team_id, now
        # The captures written, for the search index (store.search.indexed_at_end).
        self.index: dict[str, set[str]] = {} if index is None else index
        self.own_id, self.own_name = own
        self.tally = Tally()
        self._seen: dict[str, dict[tuple[str, str], tuple[str, str]]] = {}
        self._deletes: list[_Pending] = []
        # Items written in this sync, as their hash: a second laptop's same copy is met
        # without reading the row back (a laptop joining meets every item twice).
        self._written: dict[tuple[str, str], str] = {}
        self._gone: dict[str, str] = {}  # the table being taken in: keys deleted here

    @property
    def written(self) -> dict[tuple[str, str], str]:
        """The items written as the other laptop had them and still so (not deleted since),
        in the tables that store them as files have them: their hash."""
        return {k: h for k, h in self._written.items() if k[0] in SAME_AS_WRITTEN}

    def seen(self, laptop: str) -> dict[tuple[str, str], tuple[str, str]]:
        """What was last exchanged with ``laptop``, as far as ``prefetch`` has read it."""
        return self._seen.setdefault(laptop, {})

    def prefetch(self, laptop: str, table: str, keys: Iterable[str]) -> None:
        """Read what was exchanged with ``laptop`` about these items (a sync reads only
        the items its sources carry, not every item the laptops ever exchanged)."""
        self.seen(laptop).update(store.seen(self.database, self.team_id, laptop, table, keys))

    def remember(self, source: Source, table: str, key: str, remote: str, local: str) -> None:
        store.remember(self.db, self.team_id, source.laptop_id, table, key, remote, local)
        self.seen(source.laptop_id)[(table, key)] = (remote, local)

    def take(self, source: Source, tables: tuple[str, ...]) -> int:
        """Take in one source's items; how many were written."""
        written = 0
        for table in tables:
            items = source.items.get(table, {})
            if not items:
                continue
            here = store.rows_by_key(self.database, table, items)
            times = store.changed_at(self.database, table, items)
            self._gone = store.deleted_keys(
                self.database, table, [k for k in items if k not in here]
            )
            for laptop in dict.fromkeys((source.laptop_id, self.own_id)):
                self.prefetch(laptop, table, items)
            for key, item in items.items():
                written += self._one(source, table, key, item, here.get(key), times.get(key))
        return written

    def _one(
        self,
        source: Source,
        table: str,
        key: str,
        item: Item,
        raw: dict[str, Any] | None,
        local_time: str | None,
    ) -> int:
        remote_hash = digest(item.row)
        version = version_of(remote_hash, item.changed)
        prev = self.seen(source.laptop_id).get((table, key))
        if prev is not None and prev[0] == version:
            return 0
        if prev is None:  # first met from that laptop: our own last published version is
            prev = self.seen(self.own_id).get((table, key))  # the base, when there is one
        if raw is not None and raw.get("_scope") != source.scope_id:
            self._note(
                source,
                f"{_SHOWN[table][0]} {key} belongs to another "
                f"{'team' if table in TEAM_TABLES else 'session'} here; left out",
            )
            return 0
        written = self._written.get((table, key))
        if raw is None:
            deleted_at = self._gone.get(key)
            mine: dict[str, Any] | None = None
            present = deleted_at is not None
            local_time = deleted_at
            local_hash = ""
        elif written is not None:  # as this sync wrote it from another laptop's copy
            mine, present, local_hash = None, True, written
        else:
            mine = local_row(table, raw)
            present = True
            if mine is None:
                local_time = local_time or raw.get("deleted_at") or ""
            local_hash = digest(mine)
        if present and local_hash == remote_hash:
            self.remember(source, table, key, version, local_hash)
            return 0
        if not present:
            if item.row is None:
                self.remember(source, table, key, version, DELETED)
                return 0
            return self._apply(source, table, key, item, remote_hash, added=True)
        if prev is not None and remote_hash == prev[0]:  # theirs is our own older version:
            # what we agree on with that laptop is still that version
            self.remember(source, table, key, version, prev[1])
            return 0
        if prev is not None and local_hash == prev[1]:
            return self._apply(source, table, key, item, remote_hash, added=False)
        if written is not None and raw is not None:
            mine = local_row(table, raw)
        # Changed on both sides since the last exchange (or met for the first time, different).
        ours = (local_time or "", self.own_id)
        theirs = (item.changed or "", source.laptop_id)
        if prev is None and self._as_taken_in(source, table, key, local_hash):
            # Ours is a third laptop's version taken in as it was, never changed here (a
            # laptop joining meets two laptops' copies, one behind): no conflict of ours;
            # the later version stays, and those two laptops see any conflict themselves.
            if theirs > ours:
                return self._apply(source, table, key, item, remote_hash, added=False)
            self.remember(source, table, key, version, local_hash)
            return 0
        if theirs > ours:
            done = self._apply(source, table, key, item, remote_hash, added=False)
            if done or item.row is None:
                self._conflict(
                    source,
                    table,
                    key,
                    kept=(item.row, source.laptop_name, item.changed),
                    other=(mine, self.own_name, local_time or ""),
                )
            return done
        self._conflict(
            source,
            table,
            key,
            kept=(mine, self.own_name, local_time or ""),
            other=(item.row, source.laptop_name, item.changed),
        )
        self.remember(source, table, key, version, local_hash)
        return 0

    def _as_taken_in(self, source: Source, table: str, key: str, local_hash: str) -> bool:
        """Whether this laptop holds the item as it took it in from a third laptop (not
        ``source``), unchanged here since."""
        return store.taken_in_as(
            self.database, self.team_id, table, key, local_hash, (self.own_id, source.laptop_id)
        )

    def _apply(
        self, source: Source, table: str, key: str, item: Item, remote_hash: str, *, added: bool
    ) -> int:
        if item.row is None:
            self._deletes.append(_Pending(source, table, key, item, remote_hash))
            return 0
        row = stored_row(table, item.row) if table in PLAN_TABLES else dict(item.row)
        if table == "reviews":
            before = item.before
            if before is None:
                kind_table = "actions" if row["kind"] == "action" else "experiments"
                before = store.item_row(self.database, kind_table, row["item_id"]) or {}
            row["before"] = json.dumps(before, ensure_ascii=False)
        try:  # one statement writes the row: refused, it leaves nothing behind
            store.write_row(self.db, table, row, item.changed)
        except sqlite3.IntegrityError as exc:
            self._note(source, f"{_SHOWN[table][0]} {key} left out for now ({exc})")
            return 0
        if item.changed:
            store.set_changed_at(self.db, table, key, item.changed)
        self.remember(source, table, key, version_of(remote_hash, item.changed), remote_hash)
        self._written[(table, key)] = remote_hash
        if table in store.CAPTURE_TABLES:
            self.index.setdefault(table, set()).add(key)
        self.tally.touched.add(table)
        if table in TEAM_TABLES:
            self.tally.count_team(table, TOOK_ADDED if added else TOOK_UPDATED)
        return 1

    def finish_deletes(self) -> set[str]:
        """Apply the deletions taken in, items of a session before what they refer to; the
        sessions (or team) changed."""
        order = {t: i for i, t in enumerate((*TEAM_TABLES, *SESSION_TABLES))}
        done: set[str] = set()
        for p in sorted(self._deletes, key=lambda p: -order[p.table]):
            try:
                with self.db.atomic():
                    store.delete_row(self.db, p.table, p.key, p.item.changed or self.now)
                    if p.table in store.CAPTURE_TABLES:
                        store.set_changed_at(self.db, p.table, p.key, p.item.changed)
                        self.index.setdefault(p.table, set()).add(p.key)
                    else:
                        store.set_deleted_at(self.db, p.table, p.key, p.item.changed)
                self._written.pop((p.table, p.key), None)
            except sqlite3.IntegrityError:
                self._note(
                    p.source,
                    f"{_SHOWN[p.table][0]} {p.key} was deleted on {p.source.laptop_name} "
                    "but is still used here; kept",
                )
                continue
            version = version_of(p.remote_hash, p.item.changed)
            self.remember(p.source, p.table, p.key, version, DELETED)
            self.tally.touched.add(p.table)
            if p.table in TEAM_TABLES:
                self.tally.count_team(p.table, TOOK_DELETED)
            done.add(p.source.scope_id)
        self._deletes.clear()
        return done

    def _note(self, source: Source, text: str) -> None:
        self.tally.notes.append(f"{source.shown or source.name}: {text}")
        self.tally.noted.add(source.name)

    def add_roster(self, source: Source) -> None:
        """People and roles a session file refers to that are not here (nor deleted here)."""
        for table, row in source.roster:
            key = str(row["id"])
            if store.rows_by_key(self.database, table, [key]) or store.deleted_here(
                self.database, table, key
            ):
                continue
            if row.get("team_id") != self.team_id:
                continue
            try:
                with self.db.atomic():
                    store.write_row(self.db, table, row, "")
            except sqlite3.IntegrityError:
                continue
            self.tally.count_team(table, TOOK_ADDED)
            self.tally.touched.add(table)

    def _conflict(
        self,
        source: Source,
        table: str,
        key: str,
        *,
        kept: tuple[dict[str, Any] | None, str, str],
        other: tuple[dict[str, Any] | None, str, str],
    ) -> None:
        conflict_id = str(uuid.uuid4())
        store.add_conflict(
            self.db,
            {
                "id": conflict_id,
                "team_id": self.team_id,
                "session_id": None if table in TEAM_TABLES else source.scope_id,
                "tbl": table,
                "item_id": key,
                "kept": kept[0] if kept[0] is not None else DELETED,
                "kept_from": kept[1],
                "kept_changed_at": kept[2],
                "other": other[0] if other[0] is not None else DELETED,
                "other_from": other[1],
                "other_changed_at": other[2],
                "found_at": self.now,
                "dismissed_at": None,
            },
        )
        self.tally.conflicts.append(conflict_id)


def shown(table: str, row: dict[str, Any] | None) -> str:
    """An item as a conflict line names it: 'action "Call the supplier"'."""
    what, field_name = _SHOWN.get(table, (table, "id"))
    if row is None:
        return what
    value = str(row.get(field_name) or "").replace("\n", " ").strip()
    if len(value) > 60:
        value = value[:57] + "…"
    return f"{what} “{value}”" if value else what


# Tables whose rows are stored as another laptop's file has them, so that a row written
# by a sync hashes as the file's did (the plans are stored in another shape, a review
# with what it reviewed as it was here).
SAME_AS_WRITTEN = frozenset(t for t in SESSION_TABLES if t not in PLAN_TABLES and t != "reviews")


def published_versions(
    database: Database,
    team_id: str,
    scope_ids: list[str],
    written: dict[tuple[str, str], str] | None = None,
) -> dict[tuple[str, str], str]:
    """The hash of every item of these sessions (and the team) as this laptop has it now:
    what its files in the folder hold once written. ``written``: the items a sync has just
    written as another laptop had them, and their hash (not read and hashed again; a laptop
    joining a long history writes them all)."""
    known = written or {}
    out: dict[tuple[str, str], str] = {}
    sessions = [s for s in scope_ids if s != team_id]
    for tables, scopes in (
        (TEAM_TABLES, [team_id] if team_id in scope_ids else []),
        (SESSION_TABLES, sessions),
    ):
        if not scopes:
            continue
        for table in tables:  # one query a table, not one a scope and table
            if known and table in SAME_AS_WRITTEN:
                keys = store.keys_in_scopes(database, table, scopes)
                out.update({(table, k): known[(table, k)] for k in keys if (table, k) in known})
                rows = store.rows_by_key(
                    database, table, [k for k in keys if (table, k) not in out]
                )
            else:
                rows = store.rows_in_scopes(database, table, scopes)
            for key, raw in rows.items():
                out[(table, key)] = digest(local_row(table, raw))
        for scope in scopes:
            for table, deleted in store.deletions(database, scope).items():
                if table in tables:
                    for key in deleted:
                        out.setdefault((table, key), DELETED)
    return out
