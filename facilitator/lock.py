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
import os
import platform
import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType

from facilitator.clock import Clock, SystemClock, iso, parse_iso
from facilitator.errors import DatabaseLockedError
from facilitator.paths import make_private_folder

LOCK_SUFFIX = ".lock"


def lock_path(db_path: str | os.PathLike[str]) -> Path:
    """The lock file of a database: its name plus ``.lock``, in the same folder."""
    path = Path(db_path)
    return path.with_name(path.name + LOCK_SUFFIX)


# ------------------------------------------------------------------ who we are

def host_name() -> str:
    """The host name as QLockFile writes it (no name resolution, no socket)."""
    if sys.platform == "win32":
        return os.environ.get("COMPUTERNAME", "")
    return platform.node()


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

            key = winreg.OpenKey(winreg.HKEY_LOCAL_MACHINE,
                                 r"SOFTWARE\Microsoft\Cryptography", 0,
                                 winreg.KEY_READ | winreg.KEY_WOW64_64KEY)
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
            return ""          # the process is gone
        except OSError:
            return None        # another user's process: we cannot tell
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
        return True            # it exists, it belongs to someone else
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

    def same_host(self) -> bool:
        ours = machine_id()
        if self.host_id and ours:
            return self.host_id == ours
        return not self.host or self.host == host_name()

    def is_stale(self) -> bool:
        """Left by a process that is gone: it was on this host and is no longer running."""
        if not self.same_host():
            return False       # we cannot look at another computer's processes
        ours = boot_id()
        if self.boot_id and ours and self.boot_id != ours:
            return True        # the machine restarted since
        if not process_running(self.pid):
            return True
        running = process_name(self.pid)
        if running == "":
            return True
        # A recycled process id now used by another program (QLockFile's test too).
        return bool(running and self.program and running != Path(self.program).name)

    def describe(self) -> str:
        """``process 4242 (facilitator) on host "laptop", since 2026-03-02 09:00``."""
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
    return LockOwner(pid=pid, program=line(1), host=line(2), host_id=line(3),
                     boot_id=line(4), started_at=started)


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
    return (f"{os.getpid()}\n{program}\n{host_name()}\n{machine_id()}\n{boot_id()}\n"
            + owner_line(clock))


def annotate(path: str | os.PathLike[str], clock: Clock | None = None) -> None:
    """Finish a lock file taken by QLockFile: add the start time, make it owner-only."""
    path = Path(path)
    with contextlib.suppress(OSError):
        os.chmod(path, 0o600)
    with contextlib.suppress(OSError), path.open("a", encoding="utf-8") as fh:
        fh.write(owner_line(clock))


# ------------------------------------------------------------------ native locks

def _try_flock(fd: int) -> bool:
    """An exclusive, non-blocking flock; True when we got it (or flock is not available)."""
    if sys.platform == "win32":
        return True            # Windows refuses to delete a file its holder keeps open
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    except OSError:
        return True            # a file system without flock: the pid check has to do
    return True


class DatabaseLock:
    """The lock for one database file; ``acquire()`` or use as a context manager."""

    def __init__(self, db_path: str | os.PathLike[str], clock: Clock | None = None) -> None:
        self.db_path = Path(db_path)
        self.path = lock_path(self.db_path)
        self.clock = clock or SystemClock()
        self._fd: int | None = None
        self._inode: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self) -> bool:
        """Take the lock. False when it cannot be created (read-only folder: open read-only).

        Raises ``DatabaseLockedError`` naming the process and host that holds it.
        """
        if self._fd is not None:
            return True
        with contextlib.suppress(OSError):
            make_private_folder(self.path.parent)     # folders we make: owner-only
        for _ in range(5):
            try:
                fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600)
            except FileExistsError:
                owner = read_owner(self.path)
                if owner is not None and not owner.is_stale():
                    raise self._locked_error(owner) from None
                self._remove_stale(owner)
                continue
            except FileNotFoundError:
                return False   # the folder does not exist (yet)
            except OSError as exc:
                if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
                    return False
                raise
            if not _try_flock(fd):
                os.close(fd)
                continue
            try:
                os.write(fd, contents(self.clock).encode("utf-8"))
                with contextlib.suppress(OSError):
                    os.fsync(fd)
            except OSError:
                os.close(fd)
                with contextlib.suppress(OSError):
                    os.unlink(self.path)
                return False   # a full disk: the database will say so when written
            self._fd = fd
            self._inode = os.fstat(fd).st_ino
            return True
        owner = read_owner(self.path)
        raise self._locked_error(owner or LockOwner(0, "", ""))

    def _locked_error(self, owner: LockOwner) -> DatabaseLockedError:
        who = owner.describe() if owner.pid else "one that is starting right now"
        text = (f"{self.db_path} is in use by another copy of Facilitator "
                f"({who}). Close it first, or open the database read-only.")
        if owner.pid and not owner.same_host():
            text += f" If that computer no longer runs Facilitator, delete {self.path}."
        return DatabaseLockedError(text, owner)

    def _remove_stale(self, owner: LockOwner | None) -> None:
        """Remove a lock left by a dead process, unless someone really holds it."""
        try:
            fd = os.open(self.path, os.O_RDWR)
        except FileNotFoundError:
            return
        except OSError:
            fd = -1
        try:
            if fd >= 0 and not _try_flock(fd):
                # A live holder keeps its flock; an unreadable or half-written lock that
                # somebody holds is theirs.
                raise self._locked_error(owner or LockOwner(0, "", ""))
            if fd >= 0 and sys.platform != "win32":
                # Only remove the file we looked at, not one a new holder just created.
                if os.fstat(fd).st_ino != os.stat(self.path).st_ino:
                    return
                again = parse_owner(os.pread(fd, 4096, 0).decode("utf-8", "replace"))
                if again is not None and not again.is_stale():
                    raise self._locked_error(again)
            if fd >= 0 and sys.platform == "win32":
                os.close(fd)
                fd = -1
            try:
                os.unlink(self.path)
            except FileNotFoundError:
                pass
            except PermissionError:
                raise self._locked_error(owner or LockOwner(0, "", "")) from None
        finally:
            if fd >= 0:
                os.close(fd)

    def release(self) -> None:
        """Give the lock up: remove our lock file and let go of it."""
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        if sys.platform == "win32":
            with contextlib.suppress(OSError):
                os.close(fd)   # Windows deletes only files nobody has open
        with contextlib.suppress(OSError):
            if sys.platform == "win32" or os.stat(self.path).st_ino == self._inode:
                os.unlink(self.path)
        if sys.platform != "win32":
            with contextlib.suppress(OSError):
                os.close(fd)   # after the unlink, so nobody removes a lock we still hold
        self._inode = None

    def __enter__(self) -> DatabaseLock:
        self.acquire()
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.release()

    def __del__(self) -> None:
        with contextlib.suppress(Exception):   # also at interpreter exit
            self.release()
