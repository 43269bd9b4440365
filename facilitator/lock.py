"""One copy of Facilitator per database: a lock file beside it, ``facilitator.db.lock``.

The file uses QLockFile's layout so the desktop app (which takes the lock with QLockFile)
and the command line see each other's locks: process id, program name, host name, machine
id, boot id, one per line. We add a sixth line, the start time, which QLockFile ignores.
The holder also keeps an ``flock`` on the file (as QLockFile does on Unix), so nobody can
remove a live lock. A lock whose process is gone on this host is stale and does not block.
"""

from __future__ import annotations

import contextlib
import errno
import logging
import os
import shutil
import stat
import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType

from facilitator.clock import Clock, SystemClock, iso, parse_iso
from facilitator.errors import DatabaseLockedError, StoreError
from facilitator.paths import make_private_folder

LOCK_SUFFIX = ".lock"

log = logging.getLogger(__name__)


def lock_path(db_path: str | os.PathLike[str]) -> Path:
    """The lock file of a database: its name plus ``.lock``, in the same folder."""
    path = Path(db_path)
    return path.with_name(path.name + LOCK_SUFFIX)


# ------------------------------------------------------------------ who we are


def host_name() -> str:
    """The host name as QLockFile writes it (no name resolution, no socket)."""
    if sys.platform == "win32":
        return os.environ.get("COMPUTERNAME", "")
    return os.uname().nodename  # what platform.node() reads, without loading platform


def _read_id(*paths: str) -> str:
    for name in paths:
        with contextlib.suppress(OSError):
            text = Path(name).read_text(encoding="ascii", errors="replace").strip()
            if text:
                return text
    return ""


def machine_id() -> str:
    """The machine's unique id as Qt reads it (empty where we cannot read it)."""
    if sys.platform.startswith("linux"):
        return _read_id("/etc/machine-id", "/var/lib/dbus/machine-id")
    if sys.platform == "win32":
        try:
            import winreg

            key = winreg.OpenKey(
                winreg.HKEY_LOCAL_MACHINE,
                r"SOFTWARE\Microsoft\Cryptography",
                0,
                winreg.KEY_READ | winreg.KEY_WOW64_64KEY,
            )
            value, _ = winreg.QueryValueEx(key, "MachineGuid")
            return str(value)
        except OSError:
            return ""
    return ""


def boot_id() -> str:
    """This boot's unique id (Linux); a lock from an earlier boot is always stale."""
    if sys.platform.startswith("linux"):
        return _read_id("/proc/sys/kernel/random/boot_id")
    return ""


def process_name(pid: int) -> str | None:
    """The program running as ``pid`` (as QLockFile names it); None when unknown or gone."""
    if sys.platform.startswith("linux"):
        try:
            target = os.readlink(f"/proc/{pid}/exe")
        except FileNotFoundError:
            return ""  # the process is gone
        except OSError:
            return None  # another user's process: we cannot tell
        return Path(target.removesuffix(" (deleted)")).name
    if pid == os.getpid():
        return Path(sys.executable).name
    return None


def process_running(pid: int) -> bool:
    """Whether a process with this id exists on this machine."""
    if pid <= 0:
        return False
    if pid == os.getpid():
        return True
    if sys.platform == "win32":
        return _windows_process_running(pid)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # it exists, it belongs to someone else
    except OSError as exc:
        return exc.errno != errno.ESRCH
    return True


def _windows_process_running(pid: int) -> bool:
    """OpenProcess + GetExitCodeProcess; ``os.kill(pid, 0)`` would end the process there."""
    if sys.platform != "win32":
        return False
    import ctypes

    kernel32 = ctypes.windll.kernel32
    handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
    if not handle:
        return ctypes.get_last_error() == 5  # ACCESS_DENIED: it exists
    try:
        code = ctypes.c_ulong()
        if not kernel32.GetExitCodeProcess(handle, ctypes.byref(code)):
            return True
        return code.value == 259  # STILL_ACTIVE
    finally:
        kernel32.CloseHandle(handle)


# ------------------------------------------------------------------ the lock's owner


@dataclass(frozen=True)
class LockOwner:
    """Who holds a lock, read from the lock file."""

    pid: int
    program: str
    host: str
    host_id: str = ""
    boot_id: str = ""
    started_at: datetime | None = None
    unnamed: str = "one that is starting right now"
    """What ``describe()`` says of a holder whose lock file names no process (pid 0)."""

    def same_host(self) -> bool:
        ours = machine_id()
        if self.host_id and ours:
            return self.host_id == ours
        return not self.host or self.host == host_name()

    def is_stale(self) -> bool:
        """Left by a process that is gone: it was on this host and is no longer running."""
        if not self.same_host():
            return False  # we cannot look at another computer's processes
        ours = boot_id()
        if self.boot_id and ours and self.boot_id != ours:
            return True  # the machine restarted since
        if not process_running(self.pid):
            return True
        running = process_name(self.pid)
        if running == "":
            return True
        # A recycled process id now used by another program (QLockFile's test too).
        return bool(running and self.program and running != Path(self.program).name)

    @property
    def starting(self) -> bool:
        """A holder we cannot name yet: its lock file is still being written."""
        return self.pid <= 0

    def describe(self) -> str:
        """``process 4242 (facilitator) on host "laptop", since 2026-03-02 09:00``."""
        if self.starting:
            return self.unnamed
        text = f"process {self.pid}"
        if self.program:
            text += f" ({self.program})"
        text += f' on host "{self.host or "unknown"}"'
        if self.started_at:
            text += f", since {self.started_at.astimezone():%Y-%m-%d %H:%M}"
        return text


def parse_owner(text: str, fallback_started: datetime | None = None) -> LockOwner | None:
    """A lock file's contents as a ``LockOwner``; None when they are not a lock."""
    lines = text.split("\n")
    try:
        pid = int(lines[0])
    except (ValueError, IndexError):
        return None
    if pid <= 0:
        return None

    def line(n: int) -> str:
        return lines[n].strip() if len(lines) > n else ""

    started = fallback_started
    if line(5):
        with contextlib.suppress(ValueError):
            started = parse_iso(line(5))
    return LockOwner(
        pid=pid, program=line(1), host=line(2), host_id=line(3), boot_id=line(4), started_at=started
    )


def read_owner(path: str | os.PathLike[str]) -> LockOwner | None:
    """Who holds the lock file at ``path`` (None when there is none or it is unreadable)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
        mtime = datetime.fromtimestamp(path.stat().st_mtime, tz=UTC)
    except OSError:
        return None
    return parse_owner(text, fallback_started=mtime)


def owner_line(clock: Clock | None = None) -> str:
    """The start-time line this module appends (and the app appends after QLockFile)."""
    return iso((clock or SystemClock()).now()) + "\n"


def contents(clock: Clock | None = None) -> str:
    """What this process writes into a lock file it takes."""
    program = process_name(os.getpid()) or Path(sys.executable).name
    return f"{os.getpid()}\n{program}\n{host_name()}\n{machine_id()}\n{boot_id()}\n" + owner_line(
        clock
    )


def annotate(path: str | os.PathLike[str], clock: Clock | None = None) -> None:
    """Finish a lock file taken by QLockFile: add the start time, make it owner-only."""
    path = Path(path)
    with contextlib.suppress(OSError):
        os.chmod(path, 0o600)
    with contextlib.suppress(OSError), path.open("a", encoding="utf-8") as fh:
        fh.write(owner_line(clock))


# ------------------------------------------------------------------ native locks

STARTING = LockOwner(pid=0, program="", host="")
"""The holder of a lock file that is still being written (flocked, not readable yet)."""
UNREADABLE = LockOwner(
    pid=0, program="", host="", unnamed="one whose lock file this account may not read"
)
"""The holder of a lock file we may neither read nor open (another account's)."""


def _try_flock(fd: int) -> bool:
    """An exclusive, non-blocking flock; True when we got it (or flock is not available)."""
    if sys.platform == "win32":
        return True  # Windows refuses to delete a file its holder keeps open
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    except OSError:
        return True  # a file system without flock: the pid check has to do
    return True


class LockUnavailable(StoreError):
    """No lock file can be made beside the database; ``reason`` says why, in a few words.

    Whoever meets it opens the database read-only: without a lock, nothing stops a second
    copy from writing at the same time.
    """

    def __init__(self, db_path: str | os.PathLike[str], why: str) -> None:
        self.db_path = Path(db_path)
        self.why = why
        super().__init__(f"No lock file could be made beside {self.db_path} ({why}).")

    @property
    def read_only_reason(self) -> str:
        """The reason shown in the read-only banner."""
        return (
            f"no lock file could be made beside it ({self.why}); opened read-only "
            "so that no two copies write at once"
        )


NEARLY_FULL = 64 * 1024
"""Less free space than this and a lock file's hundred bytes may not fit."""


def _disk_full(folder: Path) -> bool:
    try:
        return shutil.disk_usage(folder).free < NEARLY_FULL
    except OSError:
        return False


def _read_only_disk(folder: Path) -> bool:
    if not hasattr(os, "statvfs"):
        return False
    try:
        return bool(os.statvfs(folder).f_flag & os.ST_RDONLY)
    except OSError:
        return False


def why_no_lock(path: str | os.PathLike[str], error: int | None = None) -> str:
    """Why the lock file at ``path`` cannot be made, in a few words.

    ``error`` is the errno of the failed call when known; without it (QLockFile does not
    say) the folder and disk are looked at.
    """
    path = Path(path)
    folder = path.parent
    if error in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return "the disk is full"
    if error == errno.EROFS:
        return "the disk is read-only"
    if error in (errno.EACCES, errno.EPERM):
        return "its folder may not be written"
    if error == errno.ENOENT:
        return "its folder does not exist"
    with contextlib.suppress(OSError):
        mode = path.lstat().st_mode
        if stat.S_ISDIR(mode):
            return f"a folder named {path.name} is in the way"
        if not stat.S_ISREG(mode):
            return f"something that is not a lock file is in the way at {path.name}"
    if error is None:
        if _read_only_disk(folder):
            return "the disk is read-only"
        if not os.access(folder, os.W_OK):
            return "its folder may not be written"
        if _disk_full(folder):
            return "the disk is full"
        return "the file system refused it"
    return os.strerror(error).lower()


def _what_was_left(owner: LockOwner | None, data: bytes) -> str:
    if owner is not None:
        return f"left by {owner.describe()}, which is no longer running"
    if not data.strip():
        return "empty, left by a lock write that never finished"
    return "unreadable, left by a lock write that never finished"


def settle_existing(db_path: str | os.PathLike[str]) -> LockOwner | None:
    """Decide about a lock file found where we wanted to create ours.

    The one rule the app (QLockFile) and the command line (``DatabaseLock``) share:

    * a lock whose process runs (or ran on another computer) is in use: its owner;
    * a lock somebody keeps an ``flock`` on is in use, even empty or unreadable: the live
      holder always keeps one, and an unreadable one is still being written (``STARTING``);
    * anything else (its process is gone, or it is empty or garbage and nobody holds it:
      an interrupted write, a power cut) is stale: removed (only the file we looked at),
      logged, and None is returned: try to create ours again. None also when it vanished.

    Raises ``LockUnavailable`` when what is there is not a lock file (a folder, say): it is
    never removed.
    """
    path = lock_path(db_path)
    try:
        mode = path.lstat().st_mode
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise LockUnavailable(db_path, why_no_lock(path, exc.errno)) from exc
    if not stat.S_ISREG(mode):
        raise LockUnavailable(db_path, why_no_lock(path))
    owner = read_owner(path)
    if owner is not None and not owner.is_stale():
        return owner
    try:
        fd = os.open(path, os.O_RDWR | getattr(os, "O_NOFOLLOW", 0))
    except FileNotFoundError:
        return None
    except OSError:
        if owner is None:
            return UNREADABLE  # another account's lock: we cannot tell it is stale
        fd = -1  # its process is gone; the unlink below decides
    data = b""
    try:
        if fd >= 0 and not _try_flock(fd):
            return owner or STARTING  # somebody holds it: a live or starting copy
        if fd >= 0 and sys.platform != "win32":
            # Only remove the file we looked at, not one a new holder just created.
            try:
                if os.fstat(fd).st_ino != os.stat(path).st_ino:
                    return None
            except FileNotFoundError:
                return None
            data = os.pread(fd, 4096, 0)
            again = parse_owner(data.decode("utf-8", "replace"))
            if again is not None and not again.is_stale():
                return again
            owner = again
        if fd >= 0 and sys.platform == "win32":
            os.close(fd)
            fd = -1
        try:
            os.unlink(path)
        except FileNotFoundError:
            return None
        except PermissionError:
            return owner or STARTING
        log.warning("Removed the stale lock file %s (%s).", path, _what_was_left(owner, data))
        return None
    finally:
        if fd >= 0:
            os.close(fd)


class DatabaseLock:
    """The lock for one database file; ``acquire()`` or use as a context manager."""

    def __init__(self, db_path: str | os.PathLike[str], clock: Clock | None = None) -> None:
        self.db_path = Path(db_path)
        self.path = lock_path(self.db_path)
        self.clock = clock or SystemClock()
        self._fd: int | None = None
        self._inode: int | None = None
        self.unavailable: LockUnavailable | None = None
        """Why the last ``acquire()`` could make no lock (it then returned False)."""

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self) -> bool:
        """Take the lock. False when it cannot be made (``unavailable`` says why).

        Raises ``DatabaseLockedError`` naming the process and host that holds it.
        """
        if self._fd is not None:
            return True
        self.unavailable = None
        with contextlib.suppress(OSError):
            make_private_folder(self.path.parent)  # folders we make: owner-only
        try:
            return self._acquire()
        except LockUnavailable as exc:
            self.unavailable = exc
            return False

    def _acquire(self) -> bool:
        for _ in range(5):
            try:
                fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600)
            except FileExistsError:
                owner = settle_existing(self.db_path)
                if owner is not None:
                    raise self._locked_error(owner) from None
                continue
            except OSError as exc:
                raise LockUnavailable(self.db_path, why_no_lock(self.path, exc.errno)) from exc
            if not _try_flock(fd) or not self._still_ours(fd):
                os.close(fd)  # taken, or removed as stale, before we could flock it
                continue
            try:
                os.write(fd, contents(self.clock).encode("utf-8"))
                with contextlib.suppress(OSError):
                    os.fsync(fd)
            except OSError as exc:
                os.close(fd)
                with contextlib.suppress(OSError):
                    os.unlink(self.path)
                raise LockUnavailable(self.db_path, why_no_lock(self.path, exc.errno)) from exc
            self._fd = fd
            self._inode = os.fstat(fd).st_ino
            return True
        raise self._locked_error(read_owner(self.path) or STARTING)

    def _still_ours(self, fd: int) -> bool:
        """The file we created is still the one at our path (nobody removed it as stale)."""
        if sys.platform == "win32":
            return True
        try:
            return os.fstat(fd).st_ino == os.stat(self.path).st_ino
        except OSError:
            return False

    def _locked_error(self, owner: LockOwner) -> DatabaseLockedError:
        text = (
            f"{self.db_path} is in use by another copy of Facilitator "
            f"({owner.describe()}). Close it first, or open the database read-only."
        )
        if not owner.starting and not owner.same_host():
            text += f" If that computer no longer runs Facilitator, delete {self.path}."
        return DatabaseLockedError(text, owner)

    def release(self) -> None:
        """Give the lock up: remove our lock file and let go of it."""
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        if sys.platform == "win32":
            with contextlib.suppress(OSError):
                os.close(fd)  # Windows deletes only files nobody has open
        with contextlib.suppress(OSError):
            if sys.platform == "win32" or os.stat(self.path).st_ino == self._inode:
                os.unlink(self.path)
        if sys.platform != "win32":
            with contextlib.suppress(OSError):
                os.close(fd)  # after the unlink, so nobody removes a lock we still hold
        self._inode = None

    def __enter__(self) -> DatabaseLock:
        self.acquire()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.release()

    def __del__(self) -> None:
        with contextlib.suppress(Exception):  # also at interpreter exit
            self.release()
