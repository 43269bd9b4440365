"""A team shared between laptops through a folder (OneDrive, Google Drive, Dropbox,
Nextcloud, Syncthing, a USB stick): no server, nothing lost when laptops were offline.

A team is linked to a folder (``link_folder``). ``sync_team`` then does, in this order:

1. read every other laptop's files in the folder (``team_folder_files``: no database, safe
   on a worker thread); a foreign, damaged or newer-version file is a note, never a stop;
2. take in what is new there, item by item (``team_folder_merge`` has the rules: the later
   change wins, the other one is kept as a conflict to show), all in ONE transaction;
3. write this laptop's own files: its manifest, the team (roster, roles, opt-outs,
   rotation rules and agenda templates: ``team_folder_plans``) and one
   file per session of the team, each whole (temporary file, fsync, rename), and only
   those whose content changed, so a second sync in a row changes nothing anywhere.

Each laptop writes only in its own folder, FOLDER/<laptop-id>/, so no file ever has two
writers and a sync client never has to merge one. Every laptop writes every session of the
team it has, its own and those it took in, so a laptop that joins later gets everything
even from one other laptop. A missing folder (a stick unplugged, a sync client not running)
is a calm state of the result (``SyncResult.missing``), never an exception.

Deletions: a deleted item of a session (a capture, an agenda step, a vote, a role
assignment...), of the roster or an agenda template travels as a tombstone and is applied
where the item was not changed since; a deleted session is not deleted elsewhere (it
stays in the folder and on the other laptops), and a team is never deleted through the
folder.

For the screens: ``read_folder`` (worker thread), then ``take_in`` and ``documents``
(main thread, database), then ``write_documents`` (worker thread) is ``sync_team`` in
pieces; ``list_conflicts`` / ``dismiss_conflict`` show and clear what a merge did not keep.
"""

from __future__ import annotations

import socket
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from facilitator import __version__
from facilitator import team_folder_same_names as same_names
from facilitator.changes import NOTHING, Changes, Done, Topic
from facilitator.clock import iso, utc_now_iso
from facilitator.errors import NotFoundError, ValidationError
from facilitator.phrases import and_list
from facilitator.store import search as search_index
from facilitator.store import team_folder as store
from facilitator.store.database import Database
from facilitator.team_folder_conflicts import Conflict as Conflict  # also said here
from facilitator.team_folder_conflicts import dismiss_conflict as dismiss_conflict
from facilitator.team_folder_conflicts import list_conflicts as list_conflicts
from facilitator.team_folder_conflicts import undismiss_conflict as undismiss_conflict
from facilitator.team_folder_files import (
    COPY_NOTE,
    FOLDER_FORMAT,
    FOLDER_VERSION,
    MANIFEST,
    SESSIONS,
    TEAM_FILE,
    TEAM_FORMAT,
    TEAM_VERSION,
    FolderContents,
    FolderMissing,
    is_folder,
    is_newer,
    remove_leftovers,
    write_if_changed,
)
from facilitator.team_folder_files import read_folder as _read_folder
from facilitator.team_folder_merge import (
    SESSION_TABLES,
    TEAM_TABLES,
    Merger,
    Unreadable,
    file_digest,
    session_source,
    team_source,
)
from facilitator.team_folder_plans import file_lists
from facilitator.team_folder_status import folder_for as folder_for  # also said here
from facilitator.team_folder_status import last_sync as last_sync

SESSION_TOPICS = (
    Topic.SESSIONS,
    Topic.AGENDA,
    Topic.ATTENDANCE,
    Topic.ROLES,
    Topic.RUN,
    Topic.CAPTURES,
    Topic.VOTES,
    Topic.REVIEWS,
)
TEAM_TOPICS = (Topic.TEAMS, Topic.PEOPLE, Topic.ROLE_CATALOGUE, Topic.TEMPLATES)
WRITES = "*writes"  # team_folder_published's row for the write count the files were built at
FILE_ROW = "file"  # sync_items' row for a whole session file of another laptop


@dataclass
class SyncResult:
    """What one sync did; ``missing``/``problem`` say calmly why it could not."""

    folder: str
    missing: bool = False
    problem: str = ""  # the folder could not be written (full, read-only): said calmly
    added: list[str] = field(default_factory=list)  # titles of sessions taken in
    updated: list[str] = field(default_factory=list)
    kept: int = 0  # sessions of the folder that brought nothing new
    # Of the team's rows taken in, per table: how many added, updated, deleted.
    team_counts: dict[str, list[int]] = field(default_factory=dict)
    published: int = 0  # this laptop's files written (new or changed)
    skipped: list[str] = field(default_factory=list)  # "<file>: <why>"
    newer: list[str] = field(default_factory=list)  # files left alone: update Facilitator
    conflicts: list[Conflict] = field(default_factory=list)  # found in this sync
    same_names: list[str] = field(default_factory=list)  # people alike in name, now met
    # The items taken in as another laptop had them, with their hash: what this laptop's
    # files will hold of them (``documents(written=...)`` need not read them again).
    written: dict[tuple[str, str], str] = field(default_factory=dict, repr=False)

    @property
    def team_added(self) -> int:
        """The team's rows taken in new: people, roles, opt-outs, plans."""
        return sum(n[0] for n in self.team_counts.values())

    @property
    def team_updated(self) -> int:
        """The team's rows changed or deleted by the sync."""
        return sum(n[1] + n[2] for n in self.team_counts.values())

    @property
    def ok(self) -> bool:
        return not self.missing and not self.problem

    def lines(self) -> list[str]:
        """The report, as the command line prints it and a screen may show it."""
        if self.missing:
            return [missing_message(self.folder)]
        out = [
            f"Added {_count(len(self.added), 'session')}, updated {len(self.updated)}, "
            f"unchanged {self.kept}."
        ]
        out += [f"Skipped {note}." for note in self.skipped]
        if self.team_added or self.team_updated:
            out.append(team_text(self.team_counts))
        out += self.same_names
        for name in self.newer:
            out.append(
                f"Left alone: {name} was written by a newer Facilitator; update Facilitator "
                "to read it."
            )
        out += [c.describe() for c in self.conflicts]
        if self.problem:
            out.append(self.problem)
        else:
            out.append(
                f"Wrote {_count(self.published, 'file')} to the team folder."
                if self.published
                else "This laptop's files in the team folder were already up to date."
            )
        return out


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


# How the report names the team's rows: one, several (None: said without a number).
_TEAM_WORDS = {
    "teams": ("the team's name and settings", None),
    "participants": ("person", "people"),
    "roles": ("role", "roles"),
    "role_optouts": ("role opt-out", "role opt-outs"),
    "rotation_rules": ("the rotation rules", None),
    "agenda_templates": ("agenda template", "agenda templates"),
}


def team_text(counts: dict[str, list[int]]) -> str:
    """ "The team: 6 people and 5 roles added; 1 person updated." from what a sync took in
    of the team, per table (added, updated, deleted)."""
    parts = []
    for how, verb in enumerate(("added", "updated", "deleted")):
        said = []
        for table, (one, many) in _TEAM_WORDS.items():
            n = counts.get(table, [0, 0, 0])[how]
            if n:
                said.append(one if many is None else f"{n} {one if n == 1 else many}")
        if said:
            parts.append(f"{and_list(said)} {verb}")
    return f"The team: {'; '.join(parts)}." if parts else "The team: nothing changed."


def missing_message(folder: str) -> str:
    return (
        f"The team folder {folder} is not there right now (a USB stick unplugged, the sync "
        "app not running, or the folder moved?); nothing was changed. Sync again when it is "
        "back, or link the team to the folder's new place."
    )


def _now(now: datetime | None) -> str:
    return iso(now) if now is not None else utc_now_iso()


# ------------------------------------------------------------------ this laptop, the link


def laptop_id(database: Database) -> str:
    """This laptop's stable id: the name of its folder inside every team folder."""
    return store.laptop_id(database)


def laptop_name(database: Database) -> str:
    """This laptop's name as other laptops see it (the computer's name unless set)."""
    return store.laptop_name(database) or socket.gethostname() or "this laptop"


def set_laptop_name(database: Database, name: str) -> Changes:
    name = " ".join(name.split())
    if not name or len(name) > 80:
        raise ValidationError("A laptop name is one line of 1 to 80 characters.")
    store.set_laptop_name(database, name)
    return Changes.of(Topic.TEAMS)


def _check_team(database: Database, team_id: str) -> None:
    if not database.query("select 1 from teams where id = ?", [team_id]):
        raise NotFoundError("That team no longer exists; nothing was changed.")


def link_folder(
    database: Database, team_id: str, path: Path | str, *, now: datetime | None = None
) -> Changes:
    """Share ``team_id`` through the folder ``path`` (it must exist: nothing is created)."""
    _check_team(database, team_id)
    folder = Path(path).expanduser()
    if not is_folder(folder):
        raise ValidationError(f"There is no folder {folder}; make it first (or plug it in).")
    holder = folder_team(folder)
    if holder is not None and holder[0] != team_id:
        raise ValidationError(
            f"The folder {folder} already carries another team ({holder[1]}); choose an "
            "empty folder or that team's."
        )
    store.link(database, team_id, str(folder.resolve()), _now(now))
    _name_apart(database, folder)
    return Changes.of(Topic.TEAMS, team_id=team_id)


def _name_apart(database: Database, folder: Path) -> None:
    """A laptop still known by its computer's name, linked to a folder where another laptop
    already goes by that name (two laptops of one make, or set up alike), takes the first
    free "name (2)", "name (3)"... so the team can tell them apart; a name chosen here
    stays, and can be changed any time."""
    if store.laptop_name(database):
        return
    try:
        contents = _read_folder(folder, laptop_id(database), team_files=False, session_files=False)
    except FolderMissing:
        return
    taken = {" ".join(x.name.split()).casefold() for x in contents.laptops}
    name = laptop_name(database)
    if name.casefold() not in taken:
        return
    n = 2
    while f"{name} ({n})".casefold() in taken:
        n += 1
    store.set_laptop_name(database, f"{name} ({n})"[:80])


def unlink_folder(database: Database, team_id: str) -> Changes:
    """Stop sharing the team; the folder and its files are left as they are."""
    return Changes.of(Topic.TEAMS, team_id=team_id) if store.unlink(database, team_id) else NOTHING


def team_linked_to(database: Database, path: Path | str) -> str | None:
    """The team of this database linked to ``path``, if any."""
    found = store.teams_linked_to(database, str(Path(path).expanduser().resolve()))
    return found[0] if found else None


def folder_team(path: Path | str) -> tuple[str, str] | None:
    """(team id, team name) a folder carries, from the newest manifest in it; None when
    the folder is empty (or holds no readable manifest)."""
    try:
        contents = _read_folder(Path(path), "", team_files=False, session_files=False)
    except FolderMissing:
        return None
    if not contents.laptops:
        return None
    newest = max(contents.laptops, key=lambda x: x.written_at)
    return newest.team_id, newest.team_name


def join_folder(database: Database, path: Path | str, *, now: datetime | None = None) -> Done[str]:
    """Take the team a folder carries onto this laptop (made here when it is not) and link
    it; the team's id. A sync then brings in its roster and sessions."""
    folder = Path(path).expanduser()
    if not is_folder(folder):
        raise ValidationError(missing_message(str(folder)))
    holder = folder_team(folder)
    if holder is None:
        raise ValidationError(f"The folder {folder} carries no team yet; nothing was changed.")
    team_id, name = holder
    if not database.query("select 1 from teams where id = ?", [team_id]):
        from facilitator.store.interchange import _free_name

        row = {"id": team_id, "name": name, "created_at": "", "rotate_per_phase": 0}
        for laptop in _read_folder(folder, "", session_files=False).laptops:
            if laptop.team_id == team_id and laptop.team is not None:
                try:
                    source = team_source(laptop.laptop_id, laptop.name, "", laptop.team)
                except Unreadable:
                    continue
                found = source.items["teams"].get(team_id)
                if found is not None and found.row is not None:
                    row = found.row  # as the folder has it: the first sync finds it equal
                    break
        with database.write() as db:
            db.table("teams").insert({**row, "name": _free_name(db, "teams", name, None, 120)})
            db.execute("delete from item_changes where tbl = 'teams' and item_id = ?", [team_id])
    changes = link_folder(database, team_id, folder, now=now)
    return Done(team_id, changes | Changes.of(*TEAM_TOPICS, team_id=team_id))


# ------------------------------------------------------------------ the sync, in pieces


def read_folder(database: Database, team_id: str) -> FolderContents:
    """What the team's folder holds from other laptops; ``FolderMissing``. Call it on the
    main thread for the path and id, or use ``team_folder_files.read_folder`` off it."""
    folder = folder_for(database, team_id)
    if folder is None:
        raise ValidationError("This team is not linked to a team folder.")
    return _read_folder(folder, laptop_id(database))


def take_in(
    database: Database, team_id: str, contents: FolderContents, *, now: datetime | None = None
) -> Done[SyncResult]:
    """Merge what other laptops wrote (``contents``) in one transaction."""
    _check_team(database, team_id)
    stamp = _now(now)
    folder = folder_for(database, team_id)
    result = SyncResult(
        str(folder or ""), skipped=list(contents.skipped), newer=list(contents.newer)
    )
    own = (laptop_id(database), laptop_name(database))
    sources = []
    teams = []
    unchanged: set[str] = set()  # sessions whose files did not change since the last sync
    for laptop in contents.laptops:
        if laptop.team_id != team_id:
            result.skipped.append(
                f"{laptop.laptop_id}: the files of {laptop.name} belong to another team "
                f"({laptop.team_name})"
            )
            continue
        if laptop.team is not None:
            name = f"{laptop.laptop_id}/{TEAM_FILE}"
            if is_newer(laptop.team, TEAM_FORMAT, TEAM_VERSION):
                result.newer.append(laptop.shown(name))
            else:
                try:
                    source = team_source(laptop.laptop_id, laptop.name, name, laptop.team)
                except Unreadable as exc:
                    result.skipped.append(f"{laptop.shown(name)}: {exc}")
                else:
                    source.shown = laptop.shown(name)
                    if source.team_id == team_id:
                        teams.append(source)
                    else:
                        result.skipped.append(f"{source.shown}: it belongs to another team")
        files_seen = store.seen(database, team_id, laptop.laptop_id, FILE_ROW)
        for name, raw in laptop.sessions:
            from facilitator.session_format import FORMAT, VERSION

            file_hash = file_digest(raw)
            known = files_seen.get((FILE_ROW, name))
            if known is not None and known[0] == file_hash:
                unchanged.add(known[1])  # taken in whole before: its session's id
                continue
            if is_newer(raw, FORMAT, VERSION):
                result.newer.append(laptop.shown(name))
                continue
            try:
                source = session_source(laptop.laptop_id, laptop.name, name, raw)
            except Unreadable as exc:
                result.skipped.append(f"{laptop.shown(name)}: {exc}")
                continue
            source.shown = laptop.shown(name)
            if source.team_id != team_id:
                result.skipped.append(f"{source.shown}: it belongs to another team")
                continue
            if Path(name).stem != source.scope_id:
                # A sync app's "conflicted copy": the laptop's own file is read under its
                # session's name; this one is left for whoever wants to compare them.
                result.skipped.append(
                    f"{source.shown}: a copy of a session file (its name is not the "
                    "session's), perhaps made by the sync app; left alone"
                )
                continue
            source.file_hash = file_hash
            sources.append(source)
    result.skipped += _own_extra_notes(database, team_id, contents.own_extra)
    sessions: dict[str, tuple[str, bool, bool]] = {}  # id -> (title, was here, changed)
    alike_before = same_names.groups(database, team_id)
    templates_before = same_names.groups(database, team_id, "agenda_templates")
    with database.write() as db, search_index.indexed_at_end(db) as index:
        merger = Merger(database, db, team_id, own, stamp, index)
        for source in teams:
            merger.take(source, TEAM_TABLES)
        for source in sources:
            merger.add_roster(source)
        live = []
        for source in sources:
            sid = source.scope_id
            here = bool(database.query("select 1 from sessions where id = ?", [sid]))
            if not here and store.deleted_here(database, "sessions", sid):
                title, was, changed = sessions.get(sid, (source.title, True, False))
                sessions[sid] = (title, was, changed)
                continue  # deleted on this laptop: not brought back
            title, was, changed = sessions.get(sid, (source.title, here, False))
            sessions[sid] = (title, was, changed)
            live.append(source)
        for table in SESSION_TABLES:
            for source in live:
                if merger.take(source, (table,)):
                    title, was, _ = sessions[source.scope_id]
                    sessions[source.scope_id] = (title, was, True)
        for sid in merger.finish_deletes():
            if sid in sessions:
                title, was, _ = sessions[sid]
                sessions[sid] = (title, was, True)
        for source in sources:  # all of a file taken in: not read again while unchanged
            if source.name not in merger.tally.noted:
                store.remember(
                    db,
                    team_id,
                    source.laptop_id,
                    FILE_ROW,
                    source.name,
                    source.file_hash,
                    source.scope_id,
                )
        store.set_last_sync(db, team_id, stamp)
    tally = merger.tally
    result.written = merger.written
    result.same_names = same_names.new_lines(alike_before, same_names.groups(database, team_id))
    result.same_names += same_names.new_lines(
        templates_before,
        same_names.groups(database, team_id, "agenda_templates"),
        "agenda_templates",
    )
    for title, was, changed in sessions.values():
        if changed and not was:
            result.added.append(title)
        elif changed:
            result.updated.append(title)
        else:
            result.kept += 1
    result.kept += len(unchanged - set(sessions))
    result.team_counts = {table: list(n) for table, n in tally.team_counts.items()}
    result.skipped += tally.notes
    result.conflicts = [c for c in list_conflicts(database, team_id) if c.id in tally.conflicts]
    changes = Changes(team_id=team_id)
    if tally.touched & set(SESSION_TABLES):
        changes = changes | Changes.of(*SESSION_TOPICS, team_id=team_id)
    if tally.touched & set(TEAM_TABLES) or tally.conflicts:
        changes = changes | Changes.of(*TEAM_TOPICS, team_id=team_id)
    return Done(result, changes)


def _own_extra_notes(database: Database, team_id: str, names: list[str]) -> list[str]:
    """A note for each file in this laptop's own folder that it did not write (a sync app's
    "conflicted copy" of one of its files, say): this laptop's facilitator is the one who
    can look at it; it is left alone."""
    from facilitator.store import sessions as session_store

    ours = {f"{SESSIONS}/{s.id}.json" for s in session_store.list_sessions(database, team_id)}
    own = laptop_id(database)
    notes = []
    for name in names:
        if name in ours:
            continue
        shown = f"{laptop_name(database)}'s file {own}/{name} (this laptop's)"
        stem = Path(name).stem
        if not name.endswith(".json"):
            notes.append(f"{shown}: not a Facilitator file")
        elif not name.startswith(f"{SESSIONS}/"):
            notes.append(f"{shown}: {COPY_NOTE}")
        elif not store.deleted_here(database, "sessions", stem):
            notes.append(
                f"{shown}: a copy of a session file (its name is not the session's), "
                "perhaps made by the sync app; left alone"
            )
    return notes


@dataclass
class Publication:
    """This laptop's files for a team that need writing, and what to remember once they
    are written: the fingerprint of each session (and the team) they were built from, and
    the version of every item they hold."""

    docs: list[tuple[str, dict[str, Any]]]
    folder: str
    prints: dict[str, str] = field(default_factory=dict)
    versions: dict[tuple[str, str], str] = field(default_factory=dict)


def documents(
    database: Database,
    team_id: str,
    *,
    now: datetime | None = None,
    written: dict[tuple[str, str], str] | None = None,
) -> Publication:
    """This laptop's files for the team (path inside its own folder, document): the team's
    and the manifest always, a session's only when its rows changed since its file was
    last written to this folder (or the file is not there): an unchanged re-sync of a long
    history builds no session file. ``written``: ``SyncResult.written`` of the sync's
    take-in, when there was one."""
    from facilitator.interchange import _plain, to_document
    from facilitator.record import load as load_record
    from facilitator.store import sessions as session_store
    from facilitator.store import teams as team_store
    from facilitator.team_folder_merge import published_versions

    stamp = _now(now)
    own = laptop_id(database)
    team = team_store.get_team(database, team_id)
    folder = folder_for(database, team_id)
    where = str(folder or "")
    before = store.published(database, team_id)
    writes = str(store.write_count(database))
    if before.get(WRITES) == (where, writes):  # no shared row written since: as they were
        prints = {
            scope: found.rsplit("@", 1)[0]
            for scope, (place, found) in before.items()
            if place == where
        }
    else:
        prints = {
            scope: f"{__version__}#{found}"
            for scope, found in store.fingerprints(
                database, team_id, TEAM_TABLES, SESSION_TABLES
            ).items()
        }
    prints[WRITES] = writes
    mine = Path(where) / own / SESSIONS if folder is not None else None
    # A file is built again when its session changed, or when the file is not as this
    # laptop left it (gone, cut short, replaced by a sync app): its size and time say so.
    dirty = [
        s.id
        for s in session_store.list_sessions(database, team_id)
        if mine is None
        or before.get(s.id) != (where, f"{prints.get(s.id, '')}@{_file_stamp(mine, s.id)}")
    ]
    changed = _changed(database, team_id, SESSION_TABLES, dirty)
    out: list[tuple[str, dict[str, Any]]] = []
    for session_id in dirty:
        doc = to_document(database, load_record(database, session_id, with_next=False))
        doc["exported_at"] = stamp
        doc["team_folder"] = {
            "laptop_id": own,
            "changed": changed.get(session_id, {}),
            "deleted": _deleted(database, session_id, SESSION_TABLES),
        }
        out.append((f"{SESSIONS}/{session_id}.json", doc))
    people = team_store.list_participants(database, team_id, include_inactive=True)
    team_doc = {
        "format": TEAM_FORMAT,
        "version": TEAM_VERSION,
        "written_at": stamp,
        "generator": f"Facilitator {__version__}",
        "team": _plain(team),
        "participants": [_plain(p) for p in people],
        "roles": [_plain(r) for r in team_store.list_roles(database, team_id)],
        "role_optouts": [_plain(o) for o in team_store.list_optouts(database, team_id)],
        **file_lists(database, team_id),
        "changed": _changed(database, team_id, TEAM_TABLES, [team_id]).get(team_id, {}),
        "deleted": {
            k: v for k, v in _deleted(database, team_id, TEAM_TABLES).items() if k != "teams"
        },
    }
    out.append((TEAM_FILE, team_doc))
    out.append(
        (
            MANIFEST,
            {
                "format": FOLDER_FORMAT,
                "version": FOLDER_VERSION,
                "laptop_id": own,
                "laptop_name": laptop_name(database),
                "team_id": team_id,
                "team_name": team.name,
                "written_at": stamp,
                "generator": f"Facilitator {__version__}",
            },
        )
    )
    scopes = [team_id, *dirty]
    return Publication(
        out,
        where,
        {scope: prints[scope] for scope in (WRITES, *scopes) if scope in prints},
        published_versions(database, team_id, scopes, written),
    )


def _changed(
    database: Database, team_id: str, tables: tuple[str, ...], scopes: list[str]
) -> dict[str, dict[str, dict[str, str]]]:
    """scope -> table -> key -> change time, keys in order, as a file lists them."""
    found = store.changed_by_scope(database, team_id, tables, scopes)
    return {
        scope: {table: dict(sorted(times.items())) for table, times in by_table.items()}
        for scope, by_table in found.items()
    }


def _deleted(database: Database, scope: str, tables: tuple[str, ...]) -> dict[str, dict[str, str]]:
    found = store.deletions(database, scope)
    return {t: dict(sorted(found[t].items())) for t in tables if found.get(t)}


# What a file may differ in without being written again.
_IGNORED = ("exported_at", "written_at", "generator")


def write_documents(folder: Path, own_id: str, docs: list[tuple[str, dict[str, Any]]]) -> int:
    """Write this laptop's files whose content changed (the manifest last); how many.
    ``OSError`` when the folder cannot be written; no database (safe off the main thread)."""
    own = Path(folder) / own_id
    (own / SESSIONS).mkdir(parents=True, exist_ok=True)
    remove_leftovers(own)
    written = 0
    for relative, doc in docs:
        written += write_if_changed(own / relative, doc, _IGNORED)
    return written


def mark_published(database: Database, team_id: str, publication: Publication) -> None:
    """Remember what this laptop's files now hold (once they are written): the versions of
    their items (when another laptop's file still holds one of them, that laptop is behind,
    not in conflict) and the fingerprints they were built from (unchanged, they are not
    built again)."""
    own = laptop_id(database)
    before: dict[tuple[str, str], tuple[str, str]] = {}
    by_table: dict[str, list[str]] = {}
    for table, key in publication.versions:
        by_table.setdefault(table, []).append(key)
    for table, keys in by_table.items():  # only the items these files hold
        before.update(store.seen(database, team_id, own, table, keys))
    fresh = {k: h for k, h in publication.versions.items() if before.get(k) != (h, h)}
    mine = Path(publication.folder) / own / SESSIONS
    prints = {
        scope: found if scope in (WRITES, team_id) else f"{found}@{_file_stamp(mine, scope)}"
        for scope, found in publication.prints.items()
    }
    with database.write() as db:
        for (table, key), value in fresh.items():
            store.remember(db, team_id, own, table, key, value, value)
        store.remember_published(db, team_id, publication.folder, prints)


def _file_stamp(sessions: Path, session_id: str) -> str:
    """A session file's size and modification time, "" when it is not there."""
    try:
        found = (sessions / f"{session_id}.json").stat()
    except OSError:
        return ""
    return f"{found.st_size}:{found.st_mtime_ns}"


def sync_team(database: Database, team_id: str, *, now: datetime | None = None) -> Done[SyncResult]:
    """The whole sync of a linked team: read the folder, take in, write our files.

    A missing folder gives ``SyncResult.missing`` (nothing changed); a folder that cannot
    be written gives ``SyncResult.problem`` after what was read was taken in."""
    folder = folder_for(database, team_id)
    if folder is None:
        raise ValidationError("This team is not linked to a team folder.")
    try:
        contents = _read_folder(folder, laptop_id(database))
    except FolderMissing:
        return Done(SyncResult(str(folder), missing=True), NOTHING)
    done = take_in(database, team_id, contents, now=now)
    result = done.value
    try:
        publication = documents(database, team_id, now=now, written=result.written)
        result.published = write_documents(folder, laptop_id(database), publication.docs)
        mark_published(database, team_id, publication)
    except OSError as exc:
        if not is_folder(folder):
            result.problem = missing_message(str(folder))
        else:
            result.problem = (
                f"This laptop's files could not be written to {folder} "
                f"({exc.strerror or exc}); they will be written at the next sync."
            )
    return done
