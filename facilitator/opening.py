"""Opening a Facilitator database: the one way the app and the command line open one.

The command line checks the whole file before it does anything: ``open_database(path)``.
The app opens with ``defer_check=True`` so that its window paints first: the file is read
at once, and ``check_integrity`` (on a worker thread, once the window has painted) gives
the verdict; until then writes wait for it, and a damaged file refuses them. The damage
found is the same ``DatabaseCorruptError`` that opening would have raised.

Moving the open app to another database (File → Open database…) opens it with
``open_to_work_in``: a file that would only open read-only is not opened then
(``ReadOnlyHere``), since the user asked for a database to work in; once they agree to only
look at it, ``open_read_only`` opens it as start-up opens such a file.
"""

from __future__ import annotations

from pathlib import Path

from facilitator.errors import DatabaseCorruptError, DatabaseReadOnlyError
from facilitator.store.database import Database, open_database
from facilitator.store.integrity import Integrity

__all__ = [
    "Database",
    "Integrity",
    "ReadOnlyHere",
    "check_integrity",
    "open_database",
    "open_read_only",
    "open_to_work_in",
]


class ReadOnlyHere(DatabaseReadOnlyError):
    """The file asked for to work in can only be read here; ``why`` says why, in a few
    words ("the file is read-only"), for the question whether to open it read-only."""

    def __init__(self, path: Path, why: str) -> None:
        self.why = why
        super().__init__(f"{path.name} can only be read here ({why}).")


def check_integrity(database: Database) -> DatabaseCorruptError | None:
    """The integrity check an open with ``defer_check=True`` left for later: the damage
    found, or None when the file is healthy (writes then go ahead).

    Safe on a worker thread: it reads through a connection of its own. Raises another
    ``StoreError`` when the check could not run at all (an input/output error).
    """
    return database.check_integrity()


def open_to_work_in(path: Path, *, create: bool = False, defer_check: bool = False) -> Database:
    """Open ``path`` to work in (``create``: a new database there when there is no file).

    Raises the ``StoreError`` that ``open_database`` raises for a file that is not a
    Facilitator database, is damaged or from a newer version, and ``ReadOnlyHere`` when
    the file or its folder cannot be written (it would open read-only); nothing is created
    or changed then.
    """
    database = open_database(path, create=create, defer_check=defer_check)
    if database.read_only:
        why = database.read_only_reason or "it cannot be written"
        database.close()
        raise ReadOnlyHere(Path(path), why)
    return database


def open_read_only(path: Path, *, reason: str, defer_check: bool = False) -> Database:
    """Open the existing database ``path`` only to look at, as start-up opens one it cannot
    write (the user agreed to); ``reason`` is why, for the read-only banner.

    Raises the ``StoreError`` that ``open_database`` raises (there is no file, it is not a
    Facilitator database, it is damaged or from a newer version); nothing is created.
    """
    database = open_database(path, read_only=True, defer_check=defer_check)
    database.read_only_reason = reason
    return database
