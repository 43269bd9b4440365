"""Backups: where they go, what they are called, which are kept, and how one comes back.

Backups live in a ``backups`` folder beside the database (owner-only), one file each,
named ``<database>_<UTC time>_<why>.db``. They are taken when a session ends, every few
minutes while one runs, by hand, and before an import, a restore or a schema upgrade.
After each new one the folder is thinned: the last 10, then one a day for two weeks, then
one a week.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
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
STAMP = "%Y-%m-%d_%H-%M-%S-%f"
REASONS: dict[str, str] = {
    "manual": "By hand",
    "scheduled": "During a session",
    "session-end": "Session ended",
    "before-import": "Before an import",
    "before-restore": "Before a restore",
    "before-upgrade": "Before an upgrade",
}
_NAME = re.compile(r"_(?P<stamp>\d{4}-\d{2}-\d{2}_\d{2}-\d{2}-\d{2}-\d{6})_(?P<reason>[a-z-]+)\.db")


@dataclass(frozen=True)
class BackupInfo:
    """One backup file; ``contents`` is filled in when the listing inspected it."""

    path: Path
    taken_at: datetime                  # UTC
    reason: str
    size: int
    contents: Contents | None = None

    @property
    def why(self) -> str:
        return REASONS.get(self.reason, self.reason.replace("-", " ").capitalize())

    @property
    def healthy(self) -> bool:
        return self.contents is not None and self.contents.healthy

    def describe(self) -> str:
        """``2026-03-02 10:15 (Session ended, 5 sessions)`` in local time."""
        text = f"{self.taken_at.astimezone():%Y-%m-%d %H:%M} ({self.why}"
        if self.contents is not None and self.contents.healthy:
            n = len(self.contents.sessions)
            text += f", {n} session{'s' if n != 1 else ''}"
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
        path = backups_dir(db_path) / f"{db_path.stem}_{moment.strftime(STAMP)}_{reason}.db"
        if not path.exists() and not Path(str(path) + ".partial").exists():
            return path
        moment += timedelta(microseconds=1)


def parse_backup_name(db_path: str | os.PathLike[str], name: str) -> tuple[datetime, str] | None:
    """(time taken, reason) when ``name`` is a backup of ``db_path``; else None."""
    stem = Path(db_path).stem
    if not name.startswith(stem):
        return None
    match = _NAME.fullmatch(name[len(stem):])
    if not match:
        return None
    taken = datetime.strptime(match["stamp"], STAMP).replace(tzinfo=UTC)
    return taken, match["reason"]


# ------------------------------------------------------------------ taking and listing

def take_backup(source: Database | str | os.PathLike[str], reason: str = "manual", *,
                clock: Clock | None = None, out: str | os.PathLike[str] | None = None,
                prune: bool = True) -> Path:
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


def list_backups(db_path: str | os.PathLike[str], *, inspect: bool = False,
                 thorough: bool = False) -> list[BackupInfo]:
    """A database's backups, newest first; with ``inspect``, their health and sessions."""
    folder = backups_dir(db_path)
    found: list[BackupInfo] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return []
    for entry in entries:
        parsed = parse_backup_name(db_path, entry.name)
        if parsed is None or not entry.is_file():
            continue
        try:
            size = entry.stat().st_size
        except OSError:
            continue
        path = Path(entry.path)
        contents = store_backup.inspect(path, thorough=thorough) if inspect else None
        found.append(BackupInfo(path, parsed[0], parsed[1], size, contents))
    found.sort(key=lambda b: b.taken_at, reverse=True)
    return found


def inspect_backup(info: BackupInfo, *, thorough: bool = False) -> BackupInfo:
    """The same backup with its contents read (and its health checked)."""
    return BackupInfo(info.path, info.taken_at, info.reason, info.size,
                      store_backup.inspect(info.path, thorough=thorough))


def newest_good_backup(db_path: str | os.PathLike[str]) -> BackupInfo | None:
    """The newest backup that passes ``integrity_check`` and is a Facilitator database."""
    for info in list_backups(db_path):
        checked = inspect_backup(info, thorough=True)
        if checked.healthy:
            return checked
    return None


def running_session_ids(database: Database) -> set[str]:
    """Sessions currently running: while there are some, backups are taken on a schedule."""
    from facilitator.store import runs

    return set(runs.running_session_ids(database))


# ------------------------------------------------------------------ thinning

def thin(stamps: Iterable[datetime], now: datetime, *, keep_last: int = KEEP_LAST,
         daily_for: timedelta = DAILY_FOR) -> set[datetime]:
    """Which backups to keep: the newest ``keep_last``, then the newest of each day for
    ``daily_for``, then the newest of each week. Pure; times are compared in UTC."""
    ordered = sorted(set(stamps), reverse=True)
    keep: set[datetime] = set()
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
    """Delete the backups ``thin`` does not keep (and copies left half-made); the removed."""
    backups = list_backups(db_path)
    keep = thin([b.taken_at for b in backups], now)
    removed: list[Path] = []
    for info in backups:
        if info.taken_at not in keep:
            try:
                info.path.unlink()
                removed.append(info.path)
            except OSError:
                continue
    folder = backups_dir(db_path)
    stem = Path(db_path).stem
    for leftover in folder.glob(f"{stem}_*.db.partial"):
        try:
            if now.timestamp() - leftover.stat().st_mtime > 3600:
                leftover.unlink()
                removed.append(leftover)
        except OSError:
            continue
    return removed


# ------------------------------------------------------------------ restoring

def check_backup(backup: str | os.PathLike[str]) -> Contents:
    """A backup's full health; raises ``DatabaseCorruptError`` when it cannot be restored."""
    contents = store_backup.inspect(Path(backup), thorough=True)
    if not contents.healthy:
        raise DatabaseCorruptError(f"The backup {Path(backup).name} cannot be restored: "
                                   f"it is {contents.health}.")
    return contents


def restore_backup(database: Database, backup: str | os.PathLike[str], *,
                   clock: Clock | None = None) -> Path:
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


def restore_to_new_file(backup: str | os.PathLike[str],
                        dest: str | os.PathLike[str]) -> Path:
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
        raise BackupError(f"Could not move {db_path.name} aside: "
                          f"{exc.strerror or exc}. Nothing was changed.") from exc
    return aside


def replace_damaged(db_path: str | os.PathLike[str], backup: str | os.PathLike[str], *,
                    clock: Clock | None = None) -> Path:
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
            os.replace(aside, db_path)          # put the original back as it was
            for side in ("-wal", "-shm"):
                moved = Path(str(aside) + side)
                if moved.exists():
                    os.replace(moved, Path(str(db_path) + side))
        raise
    return aside
