"""Opening a Facilitator database: the one way the app and the command line open one.

The command line checks the whole file before it does anything: ``open_database(path)``.
The app opens with ``defer_check=True`` so that its window paints first: the file is read
at once, and ``check_integrity`` (on a worker thread, once the window has painted) gives
the verdict; until then writes wait for it, and a damaged file refuses them. The damage
found is the same ``DatabaseCorruptError`` that opening would have raised.
"""

from __future__ import annotations

from facilitator.errors import DatabaseCorruptError
from facilitator.store.database import Database, open_database
from facilitator.store.integrity import Integrity

__all__ = ["Database", "Integrity", "check_integrity", "open_database"]


def check_integrity(database: Database) -> DatabaseCorruptError | None:
    """The integrity check an open with ``defer_check=True`` left for later: the damage
    found, or None when the file is healthy (writes then go ahead).

    Safe on a worker thread: it reads through a connection of its own. Raises another
    ``StoreError`` when the check could not run at all (an input/output error).
    """
    return database.check_integrity()
