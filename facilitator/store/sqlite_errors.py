"""What SQLite's errors mean to the user: damage, a full disk, a conflict, a failed save.

Each function turns one error (or an integrity check's verdict) into the ``FacilitatorError``
whose sentence the user sees. Only SQLite's own verdict makes a file "damaged".
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from facilitator.errors import (
    ConflictError,
    DatabaseCorruptError,
    DiskFullError,
    StoreError,
    ValidationError,
    WriteFailedError,
)


def write_error(exc: sqlite3.Error) -> WriteFailedError:
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


def unstorable_text(exc: UnicodeEncodeError) -> ValidationError:
    """Text with a broken character (an unpaired surrogate) that no file can hold."""
    return ValidationError(
        "The text contains a broken character that cannot be stored; "
        "retype or remove it. Nothing was changed."
    )


def conflict_error(exc: sqlite3.IntegrityError) -> ConflictError:
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


def is_damage(exc: sqlite3.DatabaseError) -> bool:
    """SQLite's own verdict that the file is not a database or is damaged."""
    name = str(getattr(exc, "sqlite_errorname", "") or "")
    text = str(exc).lower()
    return (
        name == "SQLITE_NOTADB"
        or name.startswith("SQLITE_CORRUPT")
        or "file is not a database" in text
        or "malformed" in text
    )


def damage_found(path: Path | None, check: str) -> DatabaseCorruptError | None:
    if check == "ok":
        return None
    return DatabaseCorruptError(
        f"{path} is damaged (integrity check: {check[:200]}). It was left untouched; "
        "restore a backup or choose another file."
    )


DISK_NEARLY_FULL = 8 * 1024 * 1024


def open_error(path: Path | None, exc: sqlite3.Error) -> StoreError:
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
        or ((name.startswith("SQLITE_IOERR") or "i/o" in text) and disk_nearly_full(path))
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


def disk_nearly_full(path: Path | None) -> bool:
    if path is None:
        return False
    try:
        return shutil.disk_usage(path.parent).free < DISK_NEARLY_FULL
    except OSError:
        return False
