"""Backups: where they go, what they are called, which are kept, and how one comes back.

Backups live in a ``backups`` folder beside the database (owner-only, a real folder: a
``backups`` that is a link is refused, never followed), one file each, named
``<database file name>.<UTC time>_<why>.db``. The whole file name comes first, so
``ops.sqlite.2026-03-02_09-15-00-000000_manual.db`` belongs to ``ops.sqlite`` and to no
other file: databases sharing a folder (``ops.db``, ``ops.sqlite``, ``ops.db2``, ``ops``)
never list, restore or thin each other's backups.

Earlier versions named them ``<stem>_<UTC time>_<why>.db`` (an underscore before the
time), which cannot tell ``ops.db`` from ``ops.sqlite``. Such a file belongs to
``<stem>.db`` (the default ``facilitator.db`` among them) and to nothing else: it is listed,
restored and thinned with that database's backups. The two forms never overlap (a dot or an
underscore before the time), so no name is claimed by two databases.

They are taken when a session ends, every few minutes while one runs, by hand, and before
an import, a restore or a schema upgrade. After each new one the folder is thinned: the
last 10, then one a day for two weeks, then one a week. A backup stamped more than
``FUTURE_TOLERANCE`` after now (the clock was ahead when it was taken) is kept, listed
after the others and never counts towards those 10, days or weeks, nor is it chosen as the
latest ahead of one whose time has come. Leftovers of a copy that never finished (its
``.partial`` and that file's ``-journal``, ``-wal`` and ``-shm``) go after an hour.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from facilitator.clock import Clock, SystemClock
from facilitator.errors import BackupError, DatabaseCorruptError, StoreError
from facilitator.store import backup as store_backup
from facilitator.store.backup import Contents
from facilitator.store.database import Database

FOLDER = "backups"
KEEP_LAST = 10
DAILY_FOR = timedelta(days=14)
FUTURE_TOLERANCE = timedelta(minutes=5)
PARTIAL_MAX_AGE = timedelta(hours=1)
PARTIAL_SUFFIXES = (".partial", ".partial-journal", ".partial-wal", ".partial-shm")
STAMP = "%Y-%m-%d_%H-%M-%S-%f"
REASONS: dict[str, str] = {
    "manual": "By hand",
    "scheduled": "During a session",
    "session-end": "Session ended",
    "before-import": "Before an import",
    "before-restore": "Before a restore",
    "before-upgrade": "Before an upgrade",
}
# ``.`` before the time: this version's names; ``_``: earlier versions' (see above).
_NAME = re.compile(
    r"(?P<sep>[._])(?P<stamp>\d{4}-\d{2}-\d{2}_\d{2}-\d{2}-\d{2}-\d{6})"
    r"_(?P<reason>[a-z-]+)\.db\Z"
)


@dataclass(frozen=True)
class BackupInfo:
    """One backup file; ``contents`` is filled in when the listing inspected it."""

    path: Path
    taken_at: datetime  # UTC
    reason: str
    size: int
    contents: Contents | None = None
    future: bool = False  # stamped after the time it was listed (clock ahead)

    @property
    def why(self) -> str:
        return REASONS.get(self.reason, self.reason.replace("-", " ").capitalize())

    @property
    def healthy(self) -> bool:
        return self.contents is not None and self.contents.healthy

    @property
    def newer(self) -> bool:
        """Made by a newer version of Facilitator: whole, but this one cannot restore it."""
        return self.contents is not None and self.contents.newer

    def describe(self) -> str:
        """``2026-03-02 10:15 (Session ended, 5 sessions)`` in local time."""
        text = f"{self.taken_at.astimezone():%Y-%m-%d %H:%M} ({self.why}"
        if self.contents is not None and self.contents.healthy:
            n = len(self.contents.sessions)
            text += f", {n} session{'s' if n != 1 else ''}"
        if self.future:
            text += ", dated in the future"
        return text + ")"


# ------------------------------------------------------------------ names and places


def backups_dir(db_path: str | os.PathLike[str]) -> Path:
    """The folder holding a database's backups: ``backups`` beside it."""
    return Path(db_path).parent / FOLDER


def backup_path(db_path: str | os.PathLike[str], at: datetime, reason: str) -> Path:
    """A free file name for a backup of ``db_path`` taken at ``at`` for ``reason``."""
    db_path = Path(db_path)
    if not re.fullmatch(r"[a-z-]+", reason):
        raise ValueError(f"bad backup reason {reason!r}")
    moment = at.astimezone(UTC)
    while True:
        path = backups_dir(db_path) / f"{db_path.name}.{moment.strftime(STAMP)}_{reason}.db"
        if not path.exists() and not Path(str(path) + ".partial").exists():
            return path
        moment += timedelta(microseconds=1)


def parse_backup_name(db_path: str | os.PathLike[str], name: str) -> tuple[datetime, str] | None:
    """(time taken, reason) when ``name`` is a backup of ``db_path``; else None.

    ``<name>.<time>_<why>.db`` for the database file ``<name>``, or an earlier version's
    ``<stem>_<time>_<why>.db`` when the database is ``<stem>.db``.
    """
    db_path = Path(db_path)
    match = _NAME.search(name)
    if match is None:
        return None
    owner = name[: match.start()]
    if match["sep"] == ".":
        ours = owner == db_path.name
    else:
        ours = db_path.suffix == ".db" and owner == db_path.stem
    if not ours or not owner:
        return None
    try:
        taken = datetime.strptime(match["stamp"], STAMP).replace(tzinfo=UTC)
    except ValueError:  # 2026-13-45: looks like one, is not a time
        return None
    return taken, match["reason"]


def _partial_of(db_path: Path, name: str) -> bool:
    """Whether ``name`` is a leftover of an unfinished backup of ``db_path``."""
    for suffix in PARTIAL_SUFFIXES:
        if name.endswith(suffix):
            return parse_backup_name(db_path, name[: -len(suffix)]) is not None
    return False


def is_future(taken_at: datetime, now: datetime) -> bool:
    """Stamped after ``now`` by more than ``FUTURE_TOLERANCE``: the clock was ahead."""
    return taken_at - now > FUTURE_TOLERANCE


# ------------------------------------------------------------------ taking and listing


def take_backup(
    source: Database | str | os.PathLike[str],
    reason: str = "manual",
    *,
    clock: Clock | None = None,
    out: str | os.PathLike[str] | None = None,
    prune: bool = True,
) -> Path:
    """Back the database up (into its backups folder, or to ``out``); the new file's path.

    Works from a path too, so a background thread can use its own connection.
    """
    db_path = source.path if isinstance(source, Database) else Path(source)
    if db_path is None:
        raise StoreError("An in-memory database has no file to back up.")
    db_path = Path(db_path)
    now = (clock or SystemClock()).now()
    if out is not None:
        dest = Path(out).expanduser()
        if dest.resolve() == db_path.resolve():
            raise BackupError("A backup cannot replace the database itself.")
        if not dest.parent.is_dir():
            raise BackupError(f"The folder {dest.parent} does not exist.")
    else:
        store_backup.ensure_private_folder(backups_dir(db_path))
        dest = backup_path(db_path, now, reason)
    store_backup.copy_database(db_path, dest)
    if out is None and prune:
        prune_backups(db_path, now)
    return dest


def _entries(folder: Path) -> list[os.DirEntry[str]]:
    """The folder's entries; none when it is missing, unreadable or a link (not ours)."""
    if store_backup.is_linked(folder):
        return []
    try:
        with os.scandir(folder) as scan:
            return list(scan)
    except OSError:
        return []


def list_backups(
    db_path: str | os.PathLike[str],
    *,
    inspect: bool = False,
    thorough: bool = False,
    clock: Clock | None = None,
) -> list[BackupInfo]:
    """A database's backups, newest first; with ``inspect``, their health and sessions.

    Backups stamped in the future (``future``) come after all the others. Links in the
    folder, and a backups folder that is itself a link, are not backups.
    """
    return _listed(Path(db_path), (clock or SystemClock()).now(), inspect, thorough)


def _listed(db_path: Path, now: datetime, inspect: bool, thorough: bool) -> list[BackupInfo]:
    found: list[BackupInfo] = []
    for entry in _entries(backups_dir(db_path)):
        parsed = parse_backup_name(db_path, entry.name)
        if parsed is None:
            continue
        try:
            st = entry.stat(follow_symlinks=False)
        except OSError:
            continue
        if not stat.S_ISREG(st.st_mode):
            continue
        path = Path(entry.path)
        contents = store_backup.inspect(path, thorough=thorough) if inspect else None
        found.append(
            BackupInfo(
                path, parsed[0], parsed[1], st.st_size, contents, future=is_future(parsed[0], now)
            )
        )
    found.sort(key=lambda b: (not b.future, b.taken_at), reverse=True)
    return found


def inspect_backup(info: BackupInfo, *, thorough: bool = False) -> BackupInfo:
    """The same backup with its contents read (and its health checked)."""
    return replace(info, contents=store_backup.inspect(info.path, thorough=thorough))


def newest_good_backup(
    db_path: str | os.PathLike[str], *, clock: Clock | None = None
) -> BackupInfo | None:
    """The newest backup that passes ``integrity_check`` and is a Facilitator database
    this version can restore; one stamped in the future only when no other is good."""
    for info in list_backups(db_path, clock=clock):
        checked = inspect_backup(info, thorough=True)
        if checked.healthy:
            return checked
    return None


# ------------------------------------------------------------------ thinning


def thin(
    stamps: Iterable[datetime],
    now: datetime,
    *,
    keep_last: int = KEEP_LAST,
    daily_for: timedelta = DAILY_FOR,
) -> set[datetime]:
    """Which backups to keep: the newest ``keep_last``, then the newest of each day for
    ``daily_for``, then the newest of each week. Pure; times are compared in UTC.

    Stamps in the future (``is_future``) are all kept and take no place among the others.
    """
    unique = set(stamps)
    keep = {stamp for stamp in unique if is_future(stamp, now)}
    ordered = sorted(unique - keep, reverse=True)
    days: set[object] = set()
    weeks: set[object] = set()
    for index, stamp in enumerate(ordered):
        utc = stamp.astimezone(UTC)
        day = utc.date()
        week = day.isocalendar()[:2]
        if index < keep_last:
            wanted = True
        elif now - stamp <= daily_for:
            wanted = day not in days
        else:
            wanted = week not in weeks
        if wanted:
            keep.add(stamp)
            days.add(day)
            weeks.add(week)
    return keep


def prune_backups(db_path: str | os.PathLike[str], now: datetime) -> list[Path]:
    """Delete the backups ``thin`` does not keep, and what copies left half-made over an
    hour ago left behind (``PARTIAL_SUFFIXES``), of this database only; the removed."""
    db_path = Path(db_path)
    backups = _listed(db_path, now, False, False)
    keep = thin([b.taken_at for b in backups], now)
    removed: list[Path] = []
    for info in backups:
        if info.taken_at not in keep:
            try:
                info.path.unlink()
                removed.append(info.path)
            except OSError:
                continue
    for entry in _entries(backups_dir(db_path)):
        if not _partial_of(db_path, entry.name):
            continue
        try:
            st = entry.stat(follow_symlinks=False)
            if (
                stat.S_ISREG(st.st_mode)
                and now.timestamp() - st.st_mtime > PARTIAL_MAX_AGE.total_seconds()
            ):
                os.unlink(entry.path)
                removed.append(Path(entry.path))
        except OSError:
            continue
    return removed


# ------------------------------------------------------------------ restoring


def check_backup(backup: str | os.PathLike[str]) -> Contents:
    """A backup's full health; raises ``DatabaseCorruptError`` when it cannot be restored,
    ``BackupError`` when a newer version of Facilitator made it."""
    contents = store_backup.inspect(Path(backup), thorough=True)
    if contents.newer:
        raise BackupError(
            f"The backup {Path(backup).name} was {store_backup.NEWER}; "
            "update Facilitator to restore it."
        )
    if not contents.healthy:
        raise DatabaseCorruptError(
            f"The backup {Path(backup).name} cannot be restored: it is {contents.health}."
        )
    return contents


def restore_backup(
    database: Database, backup: str | os.PathLike[str], *, clock: Clock | None = None
) -> Path:
    """Put a backup's content into the open database, after backing the current one up.

    Returns the path of that safety backup. The open ``Database`` stays usable.
    """
    backup = Path(backup)
    check_backup(backup)
    if database.path is None:
        raise StoreError("An in-memory database cannot be restored over.")
    safety = take_backup(database, "before-restore", clock=clock, prune=False)
    store_backup.restore_into(database, backup)
    prune_backups(database.path, (clock or SystemClock()).now())
    return safety


def restore_to_new_file(backup: str | os.PathLike[str], dest: str | os.PathLike[str]) -> Path:
    """Restore a backup as a new database file ``dest`` (which must not exist)."""
    backup, dest = Path(backup), Path(dest)
    check_backup(backup)
    store_backup.copy_to_new_database(backup, dest)
    return dest


def _free_name(db_path: Path, base: str, suffix: str) -> Path:
    """``base + suffix`` beside the database, or ``base-2 + suffix``, ... if that is taken."""
    candidate, n = db_path.with_name(base + suffix), 2
    while candidate.exists():
        candidate, n = db_path.with_name(f"{base}-{n}{suffix}"), n + 1
    return candidate


def restored_path(db_path: str | os.PathLike[str], clock: Clock | None = None) -> Path:
    """A free name beside the database for a restored copy."""
    db_path = Path(db_path)
    stamp = (clock or SystemClock()).now().astimezone().strftime("%Y-%m-%d_%H-%M")
    return _free_name(db_path, f"{db_path.stem}-restored-{stamp}", db_path.suffix)


def new_database_path(db_path: str | os.PathLike[str]) -> Path:
    """A free name beside the database for a fresh, empty one."""
    db_path = Path(db_path)
    return _free_name(db_path, f"{db_path.stem}-new", db_path.suffix)


def move_aside(db_path: str | os.PathLike[str], clock: Clock | None = None) -> Path:
    """Rename a damaged database (and its side files) out of the way; never delete it."""
    db_path = Path(db_path)
    stamp = (clock or SystemClock()).now().astimezone().strftime("%Y-%m-%d_%H-%M-%S")
    aside = _free_name(db_path, f"{db_path.name}.damaged-{stamp}", "")
    try:
        os.replace(db_path, aside)
        for side in ("-wal", "-shm"):
            extra = Path(str(db_path) + side)
            if extra.exists():
                os.replace(extra, Path(str(aside) + side))
    except OSError as exc:
        raise BackupError(
            f"Could not move {db_path.name} aside: {exc.strerror or exc}. Nothing was changed."
        ) from exc
    return aside


def replace_damaged(
    db_path: str | os.PathLike[str], backup: str | os.PathLike[str], *, clock: Clock | None = None
) -> Path:
    """Restore a backup in place of a damaged database, which is kept under a new name.

    Returns where the damaged file went.
    """
    db_path = Path(db_path)
    check_backup(backup)
    aside = move_aside(db_path, clock)
    try:
        store_backup.copy_to_new_database(Path(backup), db_path)
    except BaseException:
        if not db_path.exists():
            os.replace(aside, db_path)  # put the original back as it was
            for side in ("-wal", "-shm"):
                moved = Path(str(aside) + side)
                if moved.exists():
                    os.replace(moved, Path(str(db_path) + side))
        raise
    return aside
