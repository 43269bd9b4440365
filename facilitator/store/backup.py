"""Copies of a database made with SQLite's backup API: consistent, checked, owner-only.

Never a file copy: the backup API reads a consistent snapshot through SQLite, so a copy
taken while the app writes is still whole. Every new copy passes ``integrity_check`` before
it gets its final name; a copy that fails is deleted and the failure reported.

Nothing here opens a database file except SQLite: POSIX advisory locks belong to the
process, and any ``close()`` of any descriptor on a database drops them all. What a file
is, is found by ``stat`` (which opens nothing) and by SQLite's own verdict. Only a new
copy not yet renamed into place (a ``.partial``) is opened by hand, to ``fsync`` it.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import stat
from dataclasses import dataclass, field
from pathlib import Path

from facilitator.errors import BackupError, DatabaseReadOnlyError, FacilitatorError
from facilitator.store.database import Database, _read_only_connection, verify
from facilitator.store.migrations import MIGRATION_SET, known_names
from facilitator.store.sqlite_errors import write_error as _write_error

FOLDER_MODE = 0o700
FILE_MODE = 0o600
NOT_A_DATABASE = "not a database file"
NEWER = "made by a newer version of Facilitator"
NEWER_HEALTH = f"{NEWER}; update Facilitator to restore it"


@dataclass(frozen=True)
class SessionSummary:
    """One session as a backup's listing shows it."""

    title: str
    date: str
    status: str
    team: str


@dataclass(frozen=True)
class Contents:
    """What a database file holds and whether it is whole."""

    health: str  # "ok", or what is wrong
    schema: list[str] = field(default_factory=list)
    sessions: list[SessionSummary] = field(default_factory=list)

    @property
    def healthy(self) -> bool:
        return self.health == "ok"

    @property
    def newer(self) -> bool:
        """Whole, but made by a newer version of Facilitator: this one cannot restore it."""
        return self.health == NEWER_HEALTH


def read_connection(path: Path, *, immutable: bool = False) -> sqlite3.Connection:
    """A read-only connection that never writes to ``path`` (nor creates side files where
    it cannot).

    ``immutable`` is for backups, which nobody writes. For a live database in a read-only
    folder, committed work in its ``-wal`` must be seen: SQLite reads it whenever the
    ``-shm`` is there; only when it is not (and cannot be made) is the file read as it is.
    """
    uri = path.resolve().as_uri() + "?mode=ro"
    if immutable:
        return sqlite3.connect(uri + "&immutable=1", uri=True, check_same_thread=False)
    conn = sqlite3.connect(uri, uri=True, check_same_thread=False)
    if os.access(path.parent, os.W_OK):
        return conn
    try:
        conn.execute("PRAGMA schema_version").fetchone()
        return conn
    except sqlite3.OperationalError:
        conn.close()
        return sqlite3.connect(uri + "&immutable=1", uri=True, check_same_thread=False)


def _fsync_folder(folder: Path) -> None:
    """Make a rename durable (POSIX); Windows has no folder handles to sync."""
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _fsync_file(path: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _is_link(st: os.stat_result) -> bool:
    """A symbolic link, or (on Windows) a junction or any other reparse point."""
    attributes = getattr(st, "st_file_attributes", 0)
    return stat.S_ISLNK(st.st_mode) or bool(attributes & stat.FILE_ATTRIBUTE_REPARSE_POINT)


def _linked_folder(folder: Path) -> BackupError:
    return BackupError(
        f"The backup folder {folder} is a link; Facilitator keeps backups only "
        "in a real folder beside the database. Nothing was changed."
    )


def is_linked(folder: Path) -> bool:
    """Whether ``folder`` itself is a link (by ``lstat``; a missing folder is not)."""
    try:
        return _is_link(os.lstat(folder))
    except OSError:
        return False


def ensure_private_folder(folder: Path) -> None:
    """Create ``folder`` readable by its owner only (or make it so).

    A ``folder`` that is a link is refused, never followed: its mode is changed through a
    descriptor opened with ``O_NOFOLLOW``, so a link put in its place meanwhile is refused
    too.
    """
    if is_linked(folder):
        raise _linked_folder(folder)
    try:
        folder.mkdir(mode=FOLDER_MODE, parents=True, exist_ok=True)
        if os.name != "posix":
            return
        flags = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_NOFOLLOW", 0)
        try:
            fd = os.open(folder, flags)
        except OSError:
            if is_linked(folder):
                raise _linked_folder(folder) from None
            raise
        try:
            if stat.S_IMODE(os.fstat(fd).st_mode) != FOLDER_MODE:
                os.fchmod(fd, FOLDER_MODE)
        finally:
            os.close(fd)
    except OSError as exc:
        raise BackupError(f"Cannot use the backup folder {folder}: {exc.strerror or exc}.") from exc


def _new_private_file(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        path.unlink()
    fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, FILE_MODE)
    os.close(fd)


def _why(exc: BaseException) -> str:
    if isinstance(exc, sqlite3.Error):
        return str(_write_error(exc)).removeprefix("Could not save: ").split(". Nothing")[0]
    if isinstance(exc, OSError):
        return exc.strerror or str(exc)
    return str(exc)


def integrity_of(conn: sqlite3.Connection) -> str:
    """``PRAGMA integrity_check`` as one line: ``ok`` or the problems found."""
    return "; ".join(str(r[0]) for r in conn.execute("PRAGMA integrity_check").fetchall())


def _copy(source: sqlite3.Connection, dest: Path, *, journal: str) -> None:
    """Back ``source`` up into the new file ``dest`` (through a temporary name), checked."""
    partial = dest.with_name(dest.name + ".partial")
    try:
        _new_private_file(partial)
        target = sqlite3.connect(partial)
        try:
            source.backup(target)
            target.execute(f"PRAGMA journal_mode={journal}")
            result = integrity_of(target)
            if journal == "WAL":
                target.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            target.close()
        if result != "ok":
            raise BackupError(
                f"The copy failed its integrity check ({result[:200]}); it was deleted."
            )
        for side in ("-wal", "-shm"):
            with contextlib.suppress(FileNotFoundError):
                Path(str(partial) + side).unlink()
        _fsync_file(partial)
        os.replace(partial, dest)
        _fsync_folder(dest.parent)
    except BaseException as exc:
        for leftover in (partial, Path(str(partial) + "-wal"), Path(str(partial) + "-shm")):
            with contextlib.suppress(OSError):
                leftover.unlink()
        if isinstance(exc, FacilitatorError):
            raise
        if isinstance(exc, (sqlite3.Error, OSError)):
            raise BackupError(f"Could not make the backup {dest.name}: {_why(exc)}.") from exc
        raise


def copy_database(source: Path, dest: Path) -> None:
    """A checked, owner-only backup of the database file ``source`` at ``dest`` (new)."""
    if dest.exists():
        raise BackupError(f"{dest} already exists; choose another name.")
    try:
        # In a read-only folder this reads the -wal too, through a private snapshot.
        conn, snapshot = _read_only_connection(source)
    except (sqlite3.Error, OSError) as exc:
        raise BackupError(f"Cannot read {source}: {exc}.") from exc
    try:
        _copy(conn, dest, journal="DELETE")
    finally:
        conn.close()
        if snapshot is not None:
            with contextlib.suppress(OSError):
                snapshot.unlink()


def copy_to_new_database(backup: Path, dest: Path) -> None:
    """Restore ``backup`` as the new database file ``dest`` (which must not exist)."""
    if dest.exists():
        raise BackupError(f"{dest} already exists; it was left untouched.")
    try:
        conn = read_connection(backup, immutable=True)
    except sqlite3.Error as exc:
        raise BackupError(f"Cannot read the backup {backup}: {exc}.") from exc
    try:
        _copy(conn, dest, journal="WAL")
    finally:
        conn.close()


def restore_into(database: Database, backup: Path) -> None:
    """Replace an open database's content with ``backup``, in one transaction.

    The backup API writes through the open connection, so every screen keeps a working
    handle; the open-time checks then run again (and migrate an older backup).
    """
    if database.read_only:
        raise DatabaseReadOnlyError(
            "This database is open read-only"
            + (f" ({database.read_only_reason})" if database.read_only_reason else "")
            + "; it cannot be restored over."
        )
    try:
        conn = read_connection(backup, immutable=True)
    except sqlite3.Error as exc:
        raise BackupError(f"Cannot read the backup {backup}: {exc}.") from exc
    try:
        conn.backup(database.db.conn)
    except sqlite3.Error as exc:
        raise _write_error(exc) from exc
    finally:
        conn.close()
    database.db.execute("PRAGMA journal_mode=WAL")
    verify(database, migrate=True, backup_first=False)


def _not_a_database(exc: sqlite3.Error) -> bool:
    name = str(getattr(exc, "sqlite_errorname", "") or "")
    return name == "SQLITE_NOTADB" or "file is not a database" in str(exc).lower()


def inspect(path: Path, *, thorough: bool = False) -> Contents:
    """Health (``quick_check``, or ``integrity_check`` when thorough), schema and sessions.

    Only SQLite opens ``path``, read-only: immutable for a backup, through its ``-wal``
    for a database in use (else what is only in the ``-wal`` would be missed). ``stat``
    tells an empty file or a folder; SQLite's "file is not a database" any other file.
    """
    try:
        st = os.stat(path)
    except OSError as exc:
        return Contents(health=f"cannot be read ({exc.strerror or exc})")
    if not stat.S_ISREG(st.st_mode) or st.st_size == 0:
        return Contents(health=NOT_A_DATABASE)
    if not os.access(path, os.R_OK):
        return Contents(health="cannot be read (Permission denied)")
    try:
        conn = read_connection(path, immutable=not os.path.exists(f"{path}-wal"))
    except sqlite3.Error as exc:
        return Contents(health=f"cannot be opened ({exc})")
    try:
        try:
            conn.execute("select count(*) from sqlite_master").fetchone()
        except sqlite3.DatabaseError as exc:
            if _not_a_database(exc):
                return Contents(health=NOT_A_DATABASE)
            if not isinstance(exc, sqlite3.OperationalError):
                raise
            conn.close()  # its -wal cannot be read here: the file on its own
            conn = read_connection(path, immutable=True)
            conn.execute("select count(*) from sqlite_master").fetchone()
        pragma = "integrity_check" if thorough else "quick_check"
        rows = conn.execute(f"PRAGMA {pragma}").fetchall()
        health = "; ".join(str(r[0]) for r in rows)
        if health != "ok":
            return Contents(health=f"damaged ({health[:200]})")
        tables = {r[0] for r in conn.execute("select name from sqlite_master where type='table'")}
        if "_sqlite_migrations" not in tables or "sessions" not in tables:
            return Contents(health="not a Facilitator database")
        schema = [
            r[0]
            for r in conn.execute(
                "select name from _sqlite_migrations where migration_set = ? order by rowid",
                [MIGRATION_SET],
            )
        ]
        if set(schema) - known_names():
            return Contents(health=NEWER_HEALTH, schema=schema)
        sessions = [
            SessionSummary(
                title=str(r[0]), date=str(r[1] or "")[:10], status=str(r[2]), team=str(r[3] or "")
            )
            for r in conn.execute(
                "select s.title, coalesce(s.started_at, nullif(s.planned_date, ''), "
                "s.created_at), s.status, t.name from sessions s "
                "left join teams t on t.id = s.team_id "
                "order by coalesce(s.started_at, nullif(s.planned_date, ''), "
                "s.created_at) desc"
            )
        ]
        return Contents(health="ok", schema=schema, sessions=sessions)
    except sqlite3.DatabaseError as exc:
        return Contents(health=f"damaged ({exc})")
    finally:
        conn.close()
