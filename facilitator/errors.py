"""Typed errors that reach the user as one clear sentence.

Everything raised on purpose derives from ``FacilitatorError``; anything else is a bug.
"""

from __future__ import annotations

import sqlite3
from typing import Any


class FacilitatorError(Exception):
    """A problem the user can understand and act on; ``str()`` is the message to show."""


class ValidationError(FacilitatorError, ValueError):
    """User input that cannot be stored as given (empty name, negative duration, ...)."""


class NotFoundError(FacilitatorError, LookupError):
    """A team, session or item that does not exist (any more)."""


class StoreError(FacilitatorError):
    """The database file cannot be used as asked."""


class DatabaseCorruptError(StoreError):
    """The file is not a Facilitator database, or it is damaged."""


class DiskFullError(StoreError):
    """The disk (or the folder's quota) has no room for the database to work; not damage."""


class NewerVersionError(StoreError):
    """A file made by a newer version of the app: this one neither reads nor writes it."""


class UpgradeNeededError(StoreError):
    """A file made by an earlier version, opened read-only: it cannot be upgraded."""


class DatabaseReadOnlyError(StoreError):
    """A write was refused because the database is open read-only."""


class DatabaseLockedError(StoreError):
    """Another copy of the app holds the database; ``owner`` says which process and host."""

    def __init__(self, message: str, owner: Any = None) -> None:
        super().__init__(message)
        self.owner = owner


class WriteFailedError(StoreError):
    """A write was rolled back (disk full, I/O error, locked); nothing half-written."""


class BackupError(StoreError):
    """A backup could not be made, checked or restored; the original file is untouched."""


class ConflictError(WriteFailedError, sqlite3.IntegrityError):
    """A write refused by the schema (a missing referent, a duplicate); rolled back.

    Still an ``sqlite3.IntegrityError`` for code that catches that.
    """
