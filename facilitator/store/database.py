"""Open a Facilitator database: durable settings, integrity check, migrations, write guard.

Every write goes through ``Database.write()``: one committed transaction per user action,
refused when read-only, and turned into a ``WriteFailedError`` (rolled back) when the disk
is full, the file is locked or an I/O error happens.

Opening reads with the ``sqlite3`` module alone; sqlite-utils, which the repositories write
with, is loaded on the first write (``Database.db``). The app may open with the integrity
check deferred (``defer_check=True``) so that its window paints first: it then runs
``Database.check_integrity()`` on a worker thread, and writes wait until the file passed.
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
from typing import TYPE_CHECKING, Any

from facilitator.errors import (
    DatabaseCorruptError,
    DatabaseReadOnlyError,
    FacilitatorError,
    NewerVersionError,
    NotFoundError,
    StoreError,
    UpgradeNeededError,
    WriteFailedError,
)
from facilitator.paths import make_private_folder
from facilitator.store.integrity import Integrity, IntegrityGate
from facilitator.store.migrations import (
    MIGRATION_SET,
    MIGRATIONS_TABLE,
    applied_names,
    known_names,
    pending_names,
)
from facilitator.store.sqlite_errors import (
    conflict_error,
    damage_found,
    is_damage,
    open_error,
    unstorable_text,
    write_error,
)

if TYPE_CHECKING:
    import sqlite_utils

BUSY_TIMEOUT_MS = 5000
# How long a write waits for the deferred integrity check before it is refused: the check
# of a ten-year archive takes a fraction of a second; a slow disk gets this long.
HOLD_WRITES_S = 30.0
log = logging.getLogger(__name__)


class Database:
    """An open database file: ``conn`` for reads, ``db`` (sqlite-utils, made on first use)
    for the repositories' writes.

    The file is SQLite's alone: nothing else in this process opens it or its side files,
    because POSIX advisory locks belong to the process and any ``close()`` of any descriptor
    on the file drops them all (SQLite's "How To Corrupt An SQLite Database File", 2.2).
    A second SQLite connection, as the deferred integrity check opens, is safe: SQLite
    keeps the descriptors of one process's connections to a file together, and closes
    none while another holds a lock. As a safety net against what we cannot control (a
    ``-wal`` deleted by hand, another program that did drop our locks), ``guard()`` runs
    around every write: when the
    ``-wal`` on disk is no longer the one this connection writes to, everything is
    checkpointed into the database file at once and the connection reopened.

    ``integrity`` says whether the file passed its integrity check; while it is unchecked
    (the app defers the check until its window has painted) writes wait for the verdict,
    and a damaged file refuses them.
    """

    def __init__(
        self,
        conn: sqlite3.Connection,
        path: Path | None,
        read_only: bool,
        read_only_reason: str = "",
        *,
        snapshot: Path | None = None,
        integrity: Integrity = Integrity.OK,
    ) -> None:
        self._conn = conn
        self._db: sqlite_utils.Database | None = None
        self.path = path
        self.read_only = read_only
        self.read_only_reason = read_only_reason
        self.wal_recoveries = 0  # how often guard() had to recover (tests, log)
        self._snapshot = snapshot  # a private read-only copy we must delete on close
        self._depth = 0
        self._closed = False
        self._wal_id: tuple[int, int] | None = None
        self._file_id = None if path is None else _file_id(path)
        self.gate = IntegrityGate(integrity)
        self._remember_wal()

    @property
    def conn(self) -> sqlite3.Connection:
        """The ``sqlite3`` connection every read and write goes through."""
        return self._conn

    @property
    def db(self) -> sqlite_utils.Database:
        """The sqlite-utils handle on ``conn``, for the repositories; made on first use, so
        that opening and the first reads never load sqlite-utils."""
        if self._db is None:
            import sqlite_utils

            # No plugins: the store behaves the same whatever else is installed, and
            # nothing scans every installed package for them. sqlite-utils turns on
            # recursive triggers, as the connection already has them.
            db = sqlite_utils.Database(self._conn, execute_plugins=False)
            _settle_upsert_support(db)
            self._db = db
        return self._db

    @property
    def integrity(self) -> Integrity:
        return self.gate.state

    # -------------------------------------------------------------- integrity
    def check_integrity(self) -> DatabaseCorruptError | None:
        """The integrity check the open deferred, then its verdict settled: the damage
        found, or None. Runs on a read-only connection of its own, so a worker thread may
        run it while the app reads; writes wait for it (``HOLD_WRITES_S``).
        """
        damage: DatabaseCorruptError | None
        try:
            conn = self._checking_connection()
            try:
                damage = damage_found(self.path, _quick_check(conn))
            finally:
                conn.close()
        except sqlite3.DatabaseError as exc:
            error = open_error(self.path, exc)
            if not isinstance(error, DatabaseCorruptError):
                raise error from exc  # a full disk, an I/O error: not damage; unsettled
            damage = error
        if damage is not None:
            log.warning("Deferred integrity check: %s", damage)
        self.gate.settle(damage)
        return damage

    def _checking_connection(self) -> sqlite3.Connection:
        target = self._snapshot or self.path
        if target is None:
            raise StoreError("An in-memory database has no file to check.")
        return _connect(target.resolve().as_uri() + "?mode=ro", uri=True)

    def _await_integrity(self) -> None:
        """Hold a write until the file passed its check; refuse it if it did not."""
        state = self.gate.state
        if state is Integrity.UNCHECKED:
            state = self.gate.wait(HOLD_WRITES_S)
        if state is Integrity.UNCHECKED:
            raise WriteFailedError(
                "Could not save yet: the database is still being checked for damage. "
                "Nothing was changed; your text is kept, try again in a moment."
            )
        if state is Integrity.DAMAGED:
            raise DatabaseCorruptError(
                f"{self.path} is damaged, so nothing more is saved to it. Nothing was "
                "changed; restore a backup or choose another file."
            )

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
            self._await_integrity()
            self.guard()
        self._depth += 1
        try:
            with self.db.atomic():
                yield self.db
        except FacilitatorError:
            raise
        except sqlite3.IntegrityError as exc:
            raise conflict_error(exc) from exc
        except sqlite3.DatabaseError as exc:
            raise write_error(exc) from exc
        except UnicodeEncodeError as exc:
            raise unstorable_text(exc) from exc
        except Exception as exc:
            from sqlite_utils.db import NotFoundError as RowNotFoundError  # loaded by .db

            if isinstance(exc, RowNotFoundError):
                raise NotFoundError("That item no longer exists; nothing was changed.") from exc
            raise
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
        old = self._conn
        try:
            busy = old.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
        except sqlite3.DatabaseError as exc:
            raise write_error(exc) from exc
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
            raise write_error(exc) from exc
        self._conn = conn
        if self._db is not None:
            self._db.conn = conn
        self._remember_wal()
        self.wal_recoveries += 1

    # -------------------------------------------------------------- reading
    def query(self, sql: str, params: Any = None) -> list[dict[str, Any]]:
        """The rows of ``sql`` as dicts; a repeated column name gets ``_2``, ``_3``... (as
        sqlite-utils names them). A damaged page met here is a ``DatabaseCorruptError``."""
        try:
            cursor = self._conn.execute(sql, params or [])
            if cursor.description is None:
                return []
            keys = _unique_keys([d[0] for d in cursor.description])
            return [dict(zip(keys, row, strict=True)) for row in cursor]
        except UnicodeEncodeError as exc:
            raise unstorable_text(exc) from exc
        except sqlite3.DatabaseError as exc:
            if is_damage(exc):
                raise open_error(self.path, exc) from exc
            raise

    def pragma(self, name: str) -> Any:
        return self._conn.execute(f"PRAGMA {name}").fetchone()[0]

    def quick_check(self) -> str:
        return _quick_check(self._conn)

    def integrity_check(self) -> str:
        rows = self._conn.execute("PRAGMA integrity_check").fetchall()
        return "; ".join(str(r[0]) for r in rows)

    def schema_version(self) -> list[str]:
        return applied_names(self._conn)

    @property
    def closed(self) -> bool:
        """True once ``close()`` has run: nothing more can be read or written."""
        return self._closed

    def close(self) -> None:
        if self._closed:
            return
        with contextlib.suppress(sqlite3.Error, FacilitatorError):
            if not self.read_only and self.integrity is Integrity.OK:
                self.guard()
                # Fold the WAL back so the file is complete on its own.
                self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        self._conn.close()
        self._closed = True
        if self._snapshot is not None:
            with contextlib.suppress(OSError):
                self._snapshot.unlink()
            self._snapshot = None

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _unique_keys(keys: list[str]) -> list[str]:
    """Column names made unique as sqlite-utils does: the first keeps its name."""
    if len(set(keys)) == len(keys):
        return keys
    taken, seen, unique = set(keys), set[str](), []
    for key in keys:
        name, n = key, 2
        if key in seen:
            while name in seen or name in taken:
                name, n = f"{key}_{n}", n + 1
        seen.add(name)
        unique.append(name)
    return unique


def _quick_check(conn: sqlite3.Connection) -> str:
    rows = conn.execute("PRAGMA quick_check").fetchall()
    return "; ".join(str(r[0]) for r in rows)


def _file_id(path: Path) -> tuple[int, int] | None:
    """(device, inode) of ``path`` by ``stat`` (which opens nothing); None when missing."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_dev, st.st_ino


def memory() -> Database:
    """A fresh in-memory database with the full schema (tests, previews)."""
    from facilitator.store.migrations import migrations

    conn = sqlite3.connect(":memory:", check_same_thread=False)
    conn.execute("PRAGMA recursive_triggers=ON")
    conn.execute("PRAGMA foreign_keys=ON")
    database = Database(conn, None, read_only=False)
    migrations.apply(database.db)
    return database


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
    """A connection as every one of ours is: a busy timeout, and recursive triggers (the
    setting sqlite-utils gives its connections, which the schema's triggers were made with)."""
    conn = sqlite3.connect(target, uri=uri, check_same_thread=False)
    conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA recursive_triggers=ON")
    return conn


def _use_wal(conn: sqlite3.Connection, path: Path) -> None:
    """Write-ahead logging, a full sync on every commit, foreign keys enforced."""
    mode = conn.execute("PRAGMA journal_mode=WAL").fetchone()[0]
    if str(mode).lower() != "wal":
        raise StoreError(f"Could not switch {path} to write-ahead logging ({mode}).")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("PRAGMA foreign_keys=ON")


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
    defer_check: bool = False,
) -> Database:
    """Open (or create) the database at ``path``.

    Raises ``DatabaseCorruptError`` for a file that is not a database or is damaged,
    ``DiskFullError`` when the disk has no room for it to work; opens read-only
    (``Database.read_only``) when the file or folder cannot be written.

    With ``defer_check`` (the app, so that its window paints first) the integrity check
    of a file that opening leaves as it is is left for ``Database.check_integrity()``;
    writes wait for it. A file that must be switched to write-ahead logging or upgraded
    is checked now, before anything is written to it.
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
        raise open_error(path, exc) from exc
    database = Database(
        conn,
        path,
        read_only=read_only,
        read_only_reason=reason,
        snapshot=snapshot,
        integrity=Integrity.UNCHECKED,
    )
    try:
        verify(database, migrate=migrate, backup_first=True, defer_check=defer_check)
    except BaseException:
        database.close()
        raise
    return database


def verify(
    database: Database,
    *,
    migrate: bool = True,
    backup_first: bool = False,
    defer_check: bool = False,
) -> None:
    """The checks every open runs: quick_check, ours, settings, then pending migrations.

    Also run after a restore replaced the content of an open database. With
    ``backup_first``, an existing file is backed up before its schema is upgraded. Nothing
    is written (not even the switch to write-ahead logging) before the file is known to be
    a healthy Facilitator database. With ``defer_check``, the quick_check is left for
    later when nothing is to be written now (see ``open_database``).
    """
    path = database.path
    try:
        if not (defer_check and _writes_nothing(database, migrate=migrate)):
            _check_now(database)
        _ensure_ours(database)
        if not database.read_only:
            _use_wal(database.conn, path or Path(":memory:"))
            database._remember_wal()
    except sqlite3.DatabaseError as exc:
        raise open_error(path, exc) from exc
    _verify_settings(database)
    _refuse_newer(database)
    if not migrate:
        return
    pending = pending_names(database.conn)
    if pending and database.read_only:
        if database.schema_version():
            raise UpgradeNeededError(f"{path} needs an upgrade but is read-only.")
    elif pending:
        if backup_first and path is not None and database.schema_version():
            _backup_before_upgrade(database)
        from facilitator.store.migrations import migrations

        try:
            migrations.apply(database.db)
        except sqlite3.Error as exc:
            raise write_error(exc) from exc


def _check_now(database: Database) -> None:
    """The quick_check, at once; a damaged file is refused (and its gate says so)."""
    damage = damage_found(database.path, database.quick_check())
    database.gate.settle(damage)
    if damage is not None:
        raise damage


def _writes_nothing(database: Database, *, migrate: bool) -> bool:
    """Whether opening leaves the file as it is: already in write-ahead mode (or read-only)
    and nothing to upgrade. Reads only."""
    if not database.read_only and str(database.pragma("journal_mode")).lower() != "wal":
        return False
    return not (migrate and pending_names(database.conn))


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
    tables = {
        str(name)
        for (name,) in database.conn.execute("select name from sqlite_master where type = 'table'")
    }
    if not tables:
        return
    marker = MIGRATIONS_TABLE
    if marker in tables and database.query(
        f"select 1 from {marker} where migration_set = ? limit 1", [MIGRATION_SET]
    ):
        return
    raise DatabaseCorruptError(
        f"{database.path} is an SQLite database of another program, not a Facilitator "
        "database. It was left untouched."
    )
