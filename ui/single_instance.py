"""One copy of the app per database: a QLockFile beside it (``facilitator.db.lock``).

Why QLockFile and not the core's ``DatabaseLock``: both write the same file in the same
layout (process id, program, host, machine id, boot id; ``facilitator/lock.py`` reads and
writes QLockFile's format and takes the same ``flock``), so the app and the command line
refuse each other, and either one sees through a lock left by a crashed process. QLockFile
is what Qt's own tools use for this, and it keeps working where ``flock`` is missing (it
falls back to the process check). Its stale-lock timer is off (``setStaleLockTime(0)``):
a workshop holds the database for hours. When QLockFile finds a lock file already there,
the core's ``settle_existing`` decides, exactly as for the command line: a live holder is
named, an empty or garbage file nobody holds an ``flock`` on is removed as stale. After
taking the lock we add the start time (a sixth line QLockFile ignores) and make the file
readable by its owner only. When no lock can be made at all (read-only folder, full disk,
a folder in the way) ``try_lock`` raises ``LockUnavailable``: the database then opens
read-only, since nothing would stop a second copy from writing.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QLockFile

from facilitator import lock as core_lock
from facilitator.lock import LockOwner, LockUnavailable
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
        """Take the lock for ``db_path``: None when we hold it, else the copy that does.

        Raises ``LockUnavailable`` (its ``read_only_reason`` is for the banner) when no
        lock file can be made: open the database read-only then.
        """
        db_path = Path(db_path)
        if self._lock is not None and self._db_path == db_path:
            return None
        self.release()
        path = core_lock.lock_path(db_path)
        try:
            make_private_folder(path.parent)  # folders we make: owner-only
        except OSError as exc:
            raise LockUnavailable(db_path, core_lock.why_no_lock(path, exc.errno)) from exc
        for _ in range(5):
            qlock = QLockFile(str(path))
            qlock.setStaleLockTime(0)
            if qlock.tryLock(0):
                core_lock.annotate(path)
                self._lock, self._db_path = qlock, db_path
                return None
            if qlock.error() != QLockFile.LockError.LockFailedError:
                # PermissionError or UnknownError (a failed write: a full disk); QLockFile
                # gives no errno, so the folder and the disk are looked at.
                raise LockUnavailable(db_path, core_lock.why_no_lock(path))
            owner = core_lock.settle_existing(db_path)  # the rule the command line uses
            if owner is not None:
                return owner
        return core_lock.read_owner(path) or core_lock.STARTING

    def release(self) -> None:
        if self._lock is not None:
            self._lock.unlock()
        self._lock, self._db_path = None, None
