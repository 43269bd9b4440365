"""Open a Facilitator database: durable settings, integrity check, migrations, write guard.

Every write goes through ``Database.write()``: one committed transaction per user action,
refused when read-only, and turned into a ``WriteFailedError`` (rolled back) when the disk
is full, the file is locked or an I/O error happens.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import sqlite_utils
from sqlite_utils.db import NotFoundError as RowNotFoundError

from facilitator.errors import (
    ConflictError,
    DatabaseCorruptError,
    DatabaseReadOnlyError,
    FacilitatorError,
    NotFoundError,
    StoreError,
    ValidationError,
    WriteFailedError,
)
from facilitator.store.migrations import MIGRATION_SET, migrations

SQLITE_MAGIC = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 5000


class Database:
    """An open database file; ``db`` is the sqlite-utils handle for the repositories."""

    def __init__(self, db: sqlite_utils.Database, path: Path | None, read_only: bool,
                 read_only_reason: str = "") -> None:
        self.db = db
        self.path = path
        self.read_only = read_only
        self.read_only_reason = read_only_reason

    # -------------------------------------------------------------- writing
    @contextlib.contextmanager
    def write(self) -> Iterator[sqlite_utils.Database]:
        """One transaction: committed when the block ends, rolled back on any error."""
        if self.read_only:
            raise DatabaseReadOnlyError(
                "This database is open read-only" +
                (f" ({self.read_only_reason})" if self.read_only_reason else "") +
                "; nothing was changed.")
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
        with contextlib.suppress(sqlite3.Error):
            if not self.read_only:
                # Fold the WAL back so the file is complete on its own.
                self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        self.db.close()

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


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
    return ValidationError("The text contains a broken character that cannot be stored; "
                           "retype or remove it. Nothing was changed.")


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


def _check_header(path: Path) -> None:
    size = path.stat().st_size
    if size == 0:
        raise DatabaseCorruptError(
            f"{path} is an empty file, not a Facilitator database. "
            "It was left untouched; choose another file or restore a backup.")
    with path.open("rb") as fh:
        head = fh.read(len(SQLITE_MAGIC))
    if head != SQLITE_MAGIC:
        raise DatabaseCorruptError(
            f"{path} is not a Facilitator database (it is not an SQLite file). "
            "It was left untouched; choose another file or restore a backup.")


def open_database(path: str | os.PathLike[str], *, read_only: bool = False,
                  create: bool = True, migrate: bool = True) -> Database:
    """Open (or create) the database at ``path``.

    Raises ``DatabaseCorruptError`` for a file that is not a database or is damaged; opens
    read-only (``Database.read_only``) when the file or folder cannot be written.
    """
    path = Path(path).expanduser()
    exists = path.exists()
    if exists and path.is_dir():
        raise StoreError(f"{path} is a folder, not a database file.")
    if exists:
        _check_header(path)
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
                path.parent.mkdir(parents=True, exist_ok=True)
                # Owner-only from the first byte: the record of a team's work is private.
                fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
                os.close(fd)
            except PermissionError as exc:
                raise StoreError(f"Cannot create a database at {path}: permission denied.") \
                    from exc
            except OSError as exc:
                raise StoreError(f"Cannot create a database at {path}: {exc.strerror}.") \
                    from exc
    elif not reason:
        reason = "opened read-only on request"

    try:
        if read_only:
            uri = path.resolve().as_uri() + "?mode=ro"
            if not os.access(path.parent, os.W_OK):
                # WAL needs a writable folder for its side files; nobody else writes here.
                uri += "&immutable=1"
            conn = sqlite3.connect(uri, uri=True, check_same_thread=False)
        else:
            conn = sqlite3.connect(str(path), check_same_thread=False)
        # No sqlite-utils plugins: the store behaves the same whatever else is installed,
        # and start-up skips scanning every installed package for them.
        db = sqlite_utils.Database(conn, execute_plugins=False)
        _settle_upsert_support(db)
        db.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        if not read_only:
            mode = db.execute("PRAGMA journal_mode=WAL").fetchone()[0]
            if str(mode).lower() != "wal":
                raise StoreError(f"Could not switch {path} to write-ahead logging ({mode}).")
        db.execute("PRAGMA synchronous=FULL")
        db.execute("PRAGMA foreign_keys=ON")
        database = Database(db, path, read_only=read_only, read_only_reason=reason)
    except sqlite3.DatabaseError as exc:
        raise DatabaseCorruptError(
            f"{path} is damaged or not a database ({exc}). It was left untouched; "
            "restore a backup or choose another file.") from exc
    try:
        verify(database, migrate=migrate, backup_first=True)
    except BaseException:
        db.close()
        raise
    return database


def verify(database: Database, *, migrate: bool = True, backup_first: bool = False) -> None:
    """The checks every open runs: quick_check, settings, ours, then pending migrations.

    Also run after a restore replaced the content of an open database. With
    ``backup_first``, an existing file is backed up before its schema is upgraded.
    """
    path = database.path
    try:
        check = database.quick_check()
    except sqlite3.DatabaseError as exc:
        raise DatabaseCorruptError(
            f"{path} is damaged or not a database ({exc}). It was left untouched; "
            "restore a backup or choose another file.") from exc
    if check != "ok":
        raise DatabaseCorruptError(
            f"{path} is damaged (integrity check: {check[:200]}). It was left untouched; "
            "restore a backup or choose another file.")
    _verify_settings(database)
    _ensure_ours(database)
    if not migrate:
        return
    pending = migrations.pending(database.db)
    if pending and database.read_only:
        if database.schema_version():
            raise StoreError(f"{path} needs an upgrade but is read-only.")
    elif pending:
        if backup_first and path is not None and database.schema_version():
            _backup_before_upgrade(database)
        try:
            migrations.apply(database.db)
        except sqlite3.Error as exc:
            raise _write_error(exc) from exc


def _backup_before_upgrade(database: Database) -> None:
    """A file made by an earlier version is copied aside before its schema changes."""
    from facilitator.backup import take_backup  # the backup policy builds on this module

    try:
        take_backup(database, "before-upgrade")
    except FacilitatorError as exc:
        raise StoreError(f"{database.path} needs an upgrade, but no backup could be made "
                         f"first ({exc}). Nothing was changed.") from exc


def _verify_settings(database: Database) -> None:
    if database.read_only:
        return
    journal = str(database.pragma("journal_mode")).lower()
    sync = int(database.pragma("synchronous"))
    fks = int(database.pragma("foreign_keys"))
    if journal != "wal" or sync != 2 or fks != 1:
        raise StoreError(
            f"Database settings were not applied (journal={journal}, synchronous={sync}, "
            f"foreign_keys={fks}).")


def _ensure_ours(database: Database) -> None:
    """Refuse an SQLite file that belongs to another program."""
    tables = set(database.db.table_names())
    if not tables:
        return
    marker = "_sqlite_migrations"
    if marker in tables and database.query(
            f"select 1 from {marker} where migration_set = ? limit 1", [MIGRATION_SET]):
        return
    raise DatabaseCorruptError(
        f"{database.path} is an SQLite database of another program, not a Facilitator "
        "database. It was left untouched.")
