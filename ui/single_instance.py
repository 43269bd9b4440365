"""One copy of the app per database: a QLockFile beside it (``facilitator.db.lock``).

Why QLockFile and not the core's ``DatabaseLock``: both write the same file in the same
layout (process id, program, host, machine id, boot id; ``facilitator/lock.py`` reads and
writes QLockFile's format and takes the same ``flock``), so the app and the command line
refuse each other, and either one sees through a lock left by a crashed process. QLockFile
is what Qt's own tools use for this, and it keeps working where ``flock`` is missing (it
falls back to the process check). Its stale-lock timer is off (``setStaleLockTime(0)``):
a workshop holds the database for hours. After taking the lock we add the start time (a
sixth line QLockFile ignores) and make the file readable by its owner only.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QLockFile

from facilitator import lock as core_lock
from facilitator.lock import LockOwner
from facilitator.paths import make_private_folder


class InstanceLock:
    """The app's hold on the database it has open (at most one at a time)."""

    def __init__(self) -> None:
        self._lock: QLockFile | None = None
        self._db_path: Path | None = None

    @property
    def db_path(self) -> Path | None:
        """The database whose lock we hold, if any."""
        return self._db_path if self._lock is not None else None

    def try_lock(self, db_path: Path) -> LockOwner | None:
        """Take the lock for ``db_path``; the owner when another live copy holds it.

        None means we hold it, or that no lock can be made (a read-only folder: the
        database then opens read-only anyway).
        """
        db_path = Path(db_path)
        if self._lock is not None and self._db_path == db_path:
            return None
        self.release()
        path = core_lock.lock_path(db_path)
        try:
            make_private_folder(path.parent)      # folders we make: owner-only
        except OSError:
            return None
        qlock = QLockFile(str(path))
        qlock.setStaleLockTime(0)
        if qlock.tryLock(0):
            core_lock.annotate(path)
            self._lock, self._db_path = qlock, db_path
            return None
        if qlock.error() != QLockFile.LockError.LockFailedError:
            return None                  # no permission to create it: read-only folder
        owner = core_lock.read_owner(path)
        if owner is None:
            info = tuple(qlock.getLockInfo() or ())   # (pid, host name, program) when known
            if len(info) >= 3 and isinstance(info[-3], int):
                owner = LockOwner(pid=int(info[-3]), program=str(info[-1]), host=str(info[-2]))
            else:
                owner = LockOwner(pid=0, program="", host="")
        return owner

    def release(self) -> None:
        if self._lock is not None:
            self._lock.unlock()
        self._lock, self._db_path = None, None
