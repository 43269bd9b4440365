"""Open a Facilitator database: durable settings, integrity check, migrations, write guard.

Every write goes through ``Database.write()``: one committed transaction per user action,
refused when read-only, and turned into a ``WriteFailedError`` (rolled back) when the disk
is full, the file is locked or an I/O error happens.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import sqlite3
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import sqlite_utils
from sqlite_utils.db import NotFoundError as RowNotFoundError

from facilitator.errors import (
    ConflictError,
    DatabaseCorruptError,
    DatabaseReadOnlyError,
    DiskFullError,
    FacilitatorError,
    NewerVersionError,
    NotFoundError,
    StoreError,
    UpgradeNeededError,
    ValidationError,
    WriteFailedError,
)
from facilitator.paths import make_private_folder
from facilitator.store.migrations import MIGRATION_SET, known_names, migrations

BUSY_TIMEOUT_MS = 5000
log = logging.getLogger(__name__)


class Database:
    """An open database file; ``db`` is the sqlite-utils handle for the repositories.

    The file is SQLite's alone: nothing else in this process opens it or its side files,
    because POSIX advisory locks belong to the process and any ``close()`` of any descriptor
    on the file drops them all (SQLite's "How To Corrupt An SQLite Database File", 2.2).
    As a safety net against what we cannot control (a ``-wal`` deleted by hand, another
    program that did drop our locks), ``guard()`` runs around every write: when the
    ``-wal`` on disk is no longer the one this connection writes to, everything is
    checkpointed into the database file at once and the connection reopened.
    """

    def __init__(
        self,
        db: sqlite_utils.Database,
        path: Path | None,
        read_only: bool,
        read_only_reason: str = "",
        *,
        snapshot: Path | None = None,
    ) -> None:
        self.db = db
        self.path = path
        self.read_only = read_only
        self.read_only_reason = read_only_reason
        self.wal_recoveries = 0  # how often guard() had to recover (tests, log)
        self._snapshot = snapshot  # a private read-only copy we must delete on close
        self._depth = 0
        self._closed = False
        self._wal_id: tuple[int, int] | None = None
        self._file_id = None if path is None else _file_id(path)
        self._remember_wal()

    # -------------------------------------------------------------- writing
    @contextlib.contextmanager
    def write(self) -> Iterator[sqlite_utils.Database]:
        """One transaction: committed when the block ends, rolled back on any error.

        When it returns, the change is in the database file or in the ``-wal`` beside it
        (never only in a ``-wal`` somebody deleted).
        """
        if self.read_only:
            raise DatabaseReadOnlyError(
                "This database is open read-only"
                + (f" ({self.read_only_reason})" if self.read_only_reason else "")
                + "; nothing was changed."
            )
        outermost = self._depth == 0
        if outermost:
            self.guard()
        self._depth += 1
        try:
            with self.db.atomic():
                yield self.db
        except FacilitatorError:
            raise
        except sqlite3.IntegrityError as exc:
            raise _conflict_error(exc) from exc
        except sqlite3.DatabaseError as exc:
            raise _write_error(exc) from exc
        except RowNotFoundError as exc:
            raise NotFoundError("That item no longer exists; nothing was changed.") from exc
        except UnicodeEncodeError as exc:
            raise _unstorable_text(exc) from exc
        finally:
            self._depth -= 1
        if outermost:
            self.guard()

    # -------------------------------------------------------------- the WAL safety net
    def _wal_path(self) -> Path | None:
        return None if self.path is None else Path(str(self.path) + "-wal")

    def _remember_wal(self) -> None:
        wal = self._wal_path()
        self._wal_id = None if self.read_only or wal is None else _file_id(wal)

    def guard(self) -> bool:
        """Recover at once when our ``-wal`` is no longer the file on disk; True if it did.

        Costs one ``stat``. Called around every write and, by the app, now and then while
        it is open, so that a ``-wal`` deleted from outside is noticed even between writes.
        """
        wal = self._wal_path()
        if self.read_only or wal is None or self._depth or self._closed:
            return False
        current = _file_id(wal)
        if current == self._wal_id:
            return False
        if self._wal_id is None:
            self._wal_id = current  # the first read made it: nothing was lost
            return False
        self._recover()
        return True

    def _recover(self) -> None:
        """Fold what our (now unlinked) ``-wal`` holds into the database file; reopen."""
        assert self.path is not None
        log.warning(
            "The write-ahead log of %s was removed from outside while it was "
            "open; saving its content into the database file and reopening.",
            self.path,
        )
        old = self.db.conn
        try:
            busy = old.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
        except sqlite3.DatabaseError as exc:
            raise _write_error(exc) from exc
        if busy:
            # Another connection of ours is reading: try again at the next write.
            log.warning("Checkpoint of %s was busy; will retry.", self.path)
            return
        if _file_id(self.path) != self._file_id:
            # The database file itself was moved or replaced: our connection keeps
            # writing to the file it opened (where the checkpoint just went); reopening
            # by name would open another file.
            self._wal_id = _file_id(self._wal_path() or self.path)
            return
        old.close()
        try:
            conn = _connect(str(self.path), uri=False)
            _use_wal(conn, self.path)
        except sqlite3.DatabaseError as exc:
            raise _write_error(exc) from exc
        self.db.conn = conn
        self._remember_wal()
        self.wal_recoveries += 1

    # -------------------------------------------------------------- reading
    def query(self, sql: str, params: Any = None) -> list[dict[str, Any]]:
        try:
            return list(self.db.query(sql, params or []))
        except UnicodeEncodeError as exc:
            raise _unstorable_text(exc) from exc

    def pragma(self, name: str) -> Any:
        return self.db.execute(f"PRAGMA {name}").fetchone()[0]

    def quick_check(self) -> str:
        rows = self.db.execute("PRAGMA quick_check").fetchall()
        return "; ".join(str(r[0]) for r in rows)

    def integrity_check(self) -> str:
        rows = self.db.execute("PRAGMA integrity_check").fetchall()
        return "; ".join(str(r[0]) for r in rows)

    def schema_version(self) -> list[str]:
        return [m.name for m in migrations.applied(self.db)]

    def close(self) -> None:
        if self._closed:
            return
        with contextlib.suppress(sqlite3.Error, FacilitatorError):
            if not self.read_only:
                self.guard()
                # Fold the WAL back so the file is complete on its own.
                self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        self.db.close()
        self._closed = True
        if self._snapshot is not None:
            with contextlib.suppress(OSError):
                self._snapshot.unlink()
            self._snapshot = None

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _file_id(path: Path) -> tuple[int, int] | None:
    """(device, inode) of ``path`` by ``stat`` (which opens nothing); None when missing."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_dev, st.st_ino


def _write_error(exc: sqlite3.Error) -> WriteFailedError:
    text = str(exc).lower()
    if "full" in text:
        why = "the disk is full"
    elif "locked" in text or "busy" in text:
        why = "the database is locked by another program"
    elif "readonly" in text or "read-only" in text:
        why = "the file cannot be written to"
    elif "i/o" in text:
        why = "the disk reported an input/output error"
    else:
        why = str(exc)
    return WriteFailedError(f"Could not save: {why}. Nothing was changed; your text is kept.")


def _unstorable_text(exc: UnicodeEncodeError) -> ValidationError:
    """Text with a broken character (an unpaired surrogate) that no file can hold."""
    return ValidationError(
        "The text contains a broken character that cannot be stored; "
        "retype or remove it. Nothing was changed."
    )


def _conflict_error(exc: sqlite3.IntegrityError) -> ConflictError:
    text = str(exc).lower()
    if "foreign key" in text:
        why = "it refers to something that no longer exists"
    elif "unique" in text or "primary key" in text:
        why = "an item like this already exists"
    elif "not null" in text:
        why = "a required field is empty"
    else:
        why = str(exc)
    return ConflictError(f"Could not save: {why}. Nothing was changed; your text is kept.")


def memory() -> Database:
    """A fresh in-memory database with the full schema (tests, previews)."""
    db = sqlite_utils.Database(memory=True, execute_plugins=False)
    _settle_upsert_support(db)
    db.execute("PRAGMA foreign_keys=ON")
    migrations.apply(db)
    return Database(db, None, read_only=False)


def _settle_upsert_support(db: sqlite_utils.Database) -> None:
    """Decide sqlite-utils' upsert flavour from the SQLite version, not by a trial write.

    sqlite-utils probes ``ON CONFLICT`` support on the first upsert by creating a scratch
    table; if that probe fails (disk full, read-only) it silently falls back to
    "insert or ignore" + update, which stores nothing for rows with required columns.
    SQLite has had ``ON CONFLICT DO UPDATE`` since 3.24.
    """
    db._supports_on_conflict = sqlite3.sqlite_version_info >= (3, 24, 0)


def _writable(path: Path) -> tuple[bool, str]:
    if path.exists() and not os.access(path, os.W_OK):
        return False, "the file is read-only"
    folder = path.parent
    if not os.access(folder, os.W_OK):
        return False, "its folder is read-only"
    for suffix in ("-wal", "-shm"):
        side = Path(str(path) + suffix)
        if side.exists() and not os.access(side, os.W_OK):
            return False, f"{side.name} is read-only"
    return True, ""


def _check_file(path: Path) -> None:
    """Refuse what cannot be a database, by ``stat`` alone (it opens nothing)."""
    st = path.stat()
    if stat.S_ISDIR(st.st_mode):
        raise StoreError(f"{path} is a folder, not a database file.")
    if not stat.S_ISREG(st.st_mode):
        raise StoreError(
            f"{path} is not a regular file (a pipe or a device?), not a "
            "database file. It was left untouched."
        )
    if st.st_size == 0:
        raise DatabaseCorruptError(
            f"{path} is an empty file, not a Facilitator database. "
            "It was left untouched; choose another file or restore a backup."
        )


def _connect(target: str, *, uri: bool) -> sqlite3.Connection:
    conn = sqlite3.connect(target, uri=uri, check_same_thread=False)
    conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    return conn


def _use_wal(conn: sqlite3.Connection, path: Path) -> None:
    """Write-ahead logging, a full sync on every commit, foreign keys enforced."""
    mode = conn.execute("PRAGMA journal_mode=WAL").fetchone()[0]
    if str(mode).lower() != "wal":
        raise StoreError(f"Could not switch {path} to write-ahead logging ({mode}).")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("PRAGMA foreign_keys=ON")


DISK_NEARLY_FULL = 8 * 1024 * 1024


def _open_error(path: Path | None, exc: sqlite3.Error) -> StoreError:
    """What an SQLite error met while opening means to the user.

    Only SQLite's own verdict makes a file "damaged": an I/O error while the ``-shm`` or
    the ``-wal`` cannot grow is a full disk, and says so (a full disk is not damage, and
    must never lead to a backup being restored over a healthy file).
    """
    name = str(getattr(exc, "sqlite_errorname", "") or "")
    text = str(exc).lower()
    if name == "SQLITE_NOTADB" or "file is not a database" in text:
        return DatabaseCorruptError(
            f"{path} is not a Facilitator database (it is not an SQLite file). "
            "It was left untouched; choose another file or restore a backup."
        )
    if name.startswith("SQLITE_CORRUPT") or "malformed" in text:
        return DatabaseCorruptError(
            f"{path} is damaged ({exc}). It was left untouched; "
            "restore a backup or choose another file."
        )
    if (
        name == "SQLITE_FULL"
        or "full" in text
        or ((name.startswith("SQLITE_IOERR") or "i/o" in text) and _disk_nearly_full(path))
    ):
        return DiskFullError(
            f"Cannot open {path}: the disk is full, so the database cannot work. "
            "The file is not damaged and nothing was changed; free some space and "
            "open it again."
        )
    if name.startswith("SQLITE_IOERR") or "i/o" in text:
        return StoreError(
            f"Cannot open {path}: the disk reported an input/output error. "
            "Nothing was changed; check the disk and try again."
        )
    if name.startswith("SQLITE_CANTOPEN") or "unable to open" in text:
        return StoreError(
            f"Cannot open {path}: the file or its folder cannot be read "
            "or written. Nothing was changed."
        )
    if name.startswith("SQLITE_BUSY") or "locked" in text:
        return StoreError(
            f"Cannot open {path}: another program is using it. "
            "Nothing was changed; try again in a moment."
        )
    return StoreError(f"Cannot open {path} ({exc}). Nothing was changed.")


def _disk_nearly_full(path: Path | None) -> bool:
    if path is None:
        return False
    try:
        return shutil.disk_usage(path.parent).free < DISK_NEARLY_FULL
    except OSError:
        return False


def _read_only_connection(path: Path) -> tuple[sqlite3.Connection, Path | None]:
    """A read-only connection that sees everything committed, ``-wal`` included.

    In a folder we cannot write, SQLite cannot make the ``-shm`` it needs to read the
    ``-wal``; opening with ``immutable=1`` would silently skip committed work. Instead the
    file is read through SQLite's backup API into a private snapshot, which we then open.
    """
    uri = path.resolve().as_uri() + "?mode=ro"
    if os.access(path.parent, os.W_OK):
        return _connect(uri, uri=True), None
    snapshot = _private_snapshot_path()
    scratch: Path | None = None
    try:
        try:
            source = _connect(uri, uri=True)
            source.execute("PRAGMA schema_version").fetchone()
        except sqlite3.OperationalError:
            source, scratch = _source_without_shm(path)
        try:
            target = sqlite3.connect(snapshot)
            try:
                source.backup(target)
                # The copy keeps the source's WAL flag; a private copy needs no -wal.
                target.execute("PRAGMA journal_mode=DELETE")
            finally:
                target.close()
        finally:
            source.close()
        conn = _connect(snapshot.as_uri() + "?mode=ro", uri=True)
    except BaseException:
        with contextlib.suppress(OSError):
            snapshot.unlink()
        raise
    finally:
        if scratch is not None:
            shutil.rmtree(scratch, ignore_errors=True)
    return conn, snapshot


def _source_without_shm(path: Path) -> tuple[sqlite3.Connection, Path | None]:
    """Read-only media holding a ``-wal`` but no ``-shm`` (copied without it): SQLite can
    read that ``-wal`` only where it may make a ``-shm``, so the two files are copied into
    a private folder first. Nothing of ours has the file open through SQLite here, and a
    read-only folder has no writer, so copying its bytes drops no lock of anyone's.
    """
    wal = Path(str(path) + "-wal")
    if not wal.is_file() or wal.stat().st_size == 0:
        return _connect(path.resolve().as_uri() + "?mode=ro&immutable=1", uri=True), None
    from facilitator.paths import cache_dir

    scratch = Path(tempfile.mkdtemp(prefix="wal-", dir=cache_dir()))
    copy = scratch / "copy.db"
    shutil.copyfile(path, copy)
    shutil.copyfile(wal, Path(str(copy) + "-wal"))
    return _connect(str(copy), uri=False), scratch


def _private_snapshot_path() -> Path:
    from facilitator.paths import cache_dir, make_private_folder

    folder = make_private_folder(cache_dir())
    fd, name = tempfile.mkstemp(prefix="read-only-", suffix=".db", dir=folder)
    os.close(fd)
    return Path(name)


def open_database(
    path: str | os.PathLike[str],
    *,
    read_only: bool = False,
    create: bool = True,
    migrate: bool = True,
) -> Database:
    """Open (or create) the database at ``path``.

    Raises ``DatabaseCorruptError`` for a file that is not a database or is damaged,
    ``DiskFullError`` when the disk has no room for it to work; opens read-only
    (``Database.read_only``) when the file or folder cannot be written.
    """
    path = Path(path).expanduser()
    exists = path.exists()
    if exists:
        _check_file(path)
    elif not create:
        raise StoreError(f"There is no database at {path}.")
    elif read_only:
        raise StoreError(f"There is no database at {path} to open read-only.")

    reason = ""
    if not read_only:
        if exists:
            ok, reason = _writable(path)
            read_only = not ok
        else:
            try:
                make_private_folder(path.parent)  # folders we make: owner-only
                # Owner-only from the first byte: the record of a team's work is private.
                fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
                os.close(fd)
            except PermissionError as exc:
                raise StoreError(f"Cannot create a database at {path}: permission denied.") from exc
            except OSError as exc:
                raise StoreError(f"Cannot create a database at {path}: {exc.strerror}.") from exc
    elif not reason:
        reason = "opened read-only on request"

    snapshot: Path | None = None
    try:
        if read_only:
            conn, snapshot = _read_only_connection(path)
        else:
            conn = _connect(str(path), uri=False)
        # SQLite reads the header here: a file that is not a database fails now, before
        # anything could be written to it.
        conn.execute("PRAGMA schema_version").fetchone()
    except sqlite3.Error as exc:
        raise _open_error(path, exc) from exc
    # No sqlite-utils plugins: the store behaves the same whatever else is installed,
    # and start-up skips scanning every installed package for them.
    db = sqlite_utils.Database(conn, execute_plugins=False)
    _settle_upsert_support(db)
    database = Database(db, path, read_only=read_only, read_only_reason=reason, snapshot=snapshot)
    try:
        verify(database, migrate=migrate, backup_first=True)
    except BaseException:
        database.close()
        raise
    return database


def verify(database: Database, *, migrate: bool = True, backup_first: bool = False) -> None:
    """The checks every open runs: quick_check, ours, settings, then pending migrations.

    Also run after a restore replaced the content of an open database. With
    ``backup_first``, an existing file is backed up before its schema is upgraded. Nothing
    is written (not even the switch to write-ahead logging) before the file is known to be
    a healthy Facilitator database.
    """
    path = database.path
    try:
        check = database.quick_check()
    except sqlite3.DatabaseError as exc:
        raise _open_error(path, exc) from exc
    if check != "ok":
        raise DatabaseCorruptError(
            f"{path} is damaged (integrity check: {check[:200]}). It was left untouched; "
            "restore a backup or choose another file."
        )
    _ensure_ours(database)
    if not database.read_only:
        try:
            _use_wal(database.db.conn, path or Path(":memory:"))
        except sqlite3.DatabaseError as exc:
            raise _open_error(path, exc) from exc
        database._remember_wal()
    _verify_settings(database)
    _refuse_newer(database)
    if not migrate:
        return
    pending = migrations.pending(database.db)
    if pending and database.read_only:
        if database.schema_version():
            raise UpgradeNeededError(f"{path} needs an upgrade but is read-only.")
    elif pending:
        if backup_first and path is not None and database.schema_version():
            _backup_before_upgrade(database)
        try:
            migrations.apply(database.db)
        except sqlite3.Error as exc:
            raise _write_error(exc) from exc


def _refuse_newer(database: Database) -> None:
    """A file a newer version has upgraded: this version must not write to it."""
    unknown = sorted(set(database.schema_version()) - known_names())
    if unknown:
        raise NewerVersionError(
            f"{database.path} was made by a newer version of Facilitator (it knows "
            f"{unknown[-1]}); update Facilitator to open it. Nothing was changed."
        )


def _backup_before_upgrade(database: Database) -> None:
    """A file made by an earlier version is copied aside before its schema changes."""
    from facilitator.backup import take_backup  # the backup policy builds on this module

    try:
        take_backup(database, "before-upgrade")
    except FacilitatorError as exc:
        raise StoreError(
            f"{database.path} needs an upgrade, but no backup could be made "
            f"first ({exc}). Nothing was changed."
        ) from exc


def _verify_settings(database: Database) -> None:
    if database.read_only:
        return
    journal = str(database.pragma("journal_mode")).lower()
    sync = int(database.pragma("synchronous"))
    fks = int(database.pragma("foreign_keys"))
    if journal != "wal" or sync != 2 or fks != 1:
        raise StoreError(
            f"Database settings were not applied (journal={journal}, synchronous={sync}, "
            f"foreign_keys={fks})."
        )


def _ensure_ours(database: Database) -> None:
    """Refuse an SQLite file that belongs to another program."""
    tables = set(database.db.table_names())
    if not tables:
        return
    marker = "_sqlite_migrations"
    if marker in tables and database.query(
        f"select 1 from {marker} where migration_set = ? limit 1", [MIGRATION_SET]
    ):
        return
    raise DatabaseCorruptError(
        f"{database.path} is an SQLite database of another program, not a Facilitator "
        "database. It was left untouched."
    )
