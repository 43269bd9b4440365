"""Write an output file all at once: a temporary file in the target folder, then a rename.

A report or export that fails halfway (disk full, a crash, a bug) leaves no half-written
file behind, and an existing file of the same name stays as it was until the new one is
complete. The temporary file is ``.<name>.<random>.part`` beside the target; one left by a
run that was killed is removed, once it is an hour old, when the same target is written
again.

Some targets are refused before anything is written (``RefusedTargetError``, bad input):
a folder, a pipe, a socket or a device (told apart with ``stat``, never opened), and, given
the database the output comes from, the database itself (by its name, through a symbolic
link or as a hard link), its ``-wal``, ``-shm`` and ``-journal``, its lock file, anything
in its backups folder and any file named like one of its backups.

Outputs are readable by their owner only (0600), whatever the umask: they quote the team's
words.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
import tempfile
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import BinaryIO

from facilitator.clock import Clock, SystemClock
from facilitator.errors import FacilitatorError, ValidationError

OUTPUT_MODE = 0o600
PART_SUFFIX = ".part"
PART_MAX_AGE = timedelta(hours=1)
SIDE_FILES = {
    "-wal": "the database's write-ahead log",
    "-shm": "the database's shared-memory file",
    "-journal": "the database's rollback journal",
}


class OutputError(FacilitatorError):
    """The output file cannot be written where the user asked (missing folder, read-only)."""


class RefusedTargetError(OutputError, ValidationError):
    """A path no output may replace: the database or one of its files, a folder, a device."""


UNSAFE_IN_NAMES = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]+')  # refused by some file system
NAME_STEM_MAX = 80


def safe_stem(text: str, fallback: str) -> str:
    """``text`` as a file name's stem on any system: characters some file system refuses
    become spaces, runs of spaces one, no leading or trailing dot, at most 80 characters;
    ``fallback`` when nothing is left."""
    safe = " ".join(UNSAFE_IN_NAMES.sub(" ", text).split()).strip(" .")
    return safe[:NAME_STEM_MAX].rstrip(" .") or fallback


def _stat(path: str | os.PathLike[str], *, follow: bool = True) -> os.stat_result | None:
    """``stat`` (never ``open``) of ``path``; None when there is nothing there to stat."""
    try:
        return os.stat(path, follow_symlinks=follow)
    except (OSError, ValueError):
        return None


def _special_kind(mode: int) -> str | None:
    """What a path that is not a regular file is, in words; None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def _refused(path: Path, what: str) -> RefusedTargetError:
    return RefusedTargetError(
        f"Cannot write to {path}: it is {what}; nothing was written. Choose another file name."
    )


def _database_files(db: Path) -> Iterator[tuple[Path, str]]:
    """The database and the files SQLite and Facilitator keep beside it, by every name."""
    from facilitator.lock import lock_path

    for base in dict.fromkeys((db.absolute(), Path(os.path.realpath(db)))):
        yield base, "the database"
        for suffix, what in SIDE_FILES.items():
            yield Path(str(base) + suffix), what
        yield lock_path(base), "the database's lock file"


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def _refuse_database_files(
    path: Path, found: os.stat_result | None, protected: str | os.PathLike[str]
) -> None:
    from facilitator.backup import backups_dir, parse_backup_name

    db = Path(protected).expanduser()
    given, real = path.absolute(), Path(os.path.realpath(path))
    same_file = (found.st_dev, found.st_ino) if found is not None else None
    for candidate, what in _database_files(db):
        if given == candidate or real == Path(os.path.realpath(candidate)):
            raise _refused(path, what)
        there = _stat(candidate)
        if (
            same_file is not None
            and there is not None
            and (there.st_dev, there.st_ino) == same_file
        ):
            raise _refused(path, f"{what} under another name (a link to it)")
    for owner in dict.fromkeys((db.absolute(), Path(os.path.realpath(db)))):
        folder = backups_dir(owner)
        if _inside(given, folder) or _inside(real, Path(os.path.realpath(folder))):
            raise _refused(path, "in the database's backups folder")
        if same_file is not None:
            with contextlib.suppress(OSError), os.scandir(folder) as entries:
                for entry in entries:
                    inode = entry.stat(follow_symlinks=False)
                    if (inode.st_dev, inode.st_ino) == same_file:
                        raise _refused(path, "one of the database's backups (a link to it)")
        for name in dict.fromkeys((given.name, real.name)):
            bare = re.sub(r"(\.partial)?(-journal|-wal|-shm)?$", "", name)
            if parse_backup_name(owner, bare) is not None:
                raise _refused(path, "named like one of the database's backups")


def check_target(
    path: str | os.PathLike[str], protected: str | os.PathLike[str] | None = None
) -> Path:
    """Refuse early, with one clear sentence, a target that cannot or must not be written.

    ``protected`` is the database the output comes from: its files are refused
    (``RefusedTargetError``), as are folders, pipes, sockets and devices. The target is
    only ever ``stat``-ed here, never opened.
    """
    path = Path(path).expanduser()
    folder = path.parent if str(path.parent) else Path(".")
    found = _stat(path)  # through a link: what a writer would reach
    if found is not None:
        kind = _special_kind(found.st_mode)
        if kind is not None:
            raise _refused(path, kind)
    if protected is not None:
        _refuse_database_files(path, found, protected)
    if not folder.exists():
        raise OutputError(f"The folder {folder} does not exist; nothing was written.")
    if not folder.is_dir():
        raise OutputError(f"{folder} is not a folder; nothing was written.")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise OutputError(
            f"The folder {folder} is read-only; nothing was written. Choose another folder."
        )
    if found is not None and not os.access(path, os.W_OK):
        raise OutputError(f"{path} is read-only; nothing was written.")
    return path


def _explain(exc: OSError, path: Path) -> OutputError:
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        why = f"the folder {path.parent} is read-only"
    elif exc.errno == errno.ENOSPC:
        why = "the disk is full"
    elif exc.errno == errno.ENOENT:
        why = f"the folder {path.parent} does not exist"
    else:
        why = exc.strerror or str(exc)
    return OutputError(f"Could not write {path}: {why}; nothing was written.")


def remove_orphans(path: Path, clock: Clock | None = None) -> list[Path]:
    """Remove ``.<name>.<random>.part`` files of ``path`` older than an hour; the removed.

    They are what a write of ``path`` that was killed leaves behind. Younger ones may
    belong to a write still under way and are kept.
    """
    folder = path.parent if str(path.parent) else Path(".")
    pattern = re.compile(re.escape(f".{path.name}.") + r"[A-Za-z0-9_]+" + re.escape(PART_SUFFIX))
    cutoff = ((clock or SystemClock()).now() - PART_MAX_AGE).timestamp()
    removed: list[Path] = []
    with contextlib.suppress(OSError), os.scandir(folder) as entries:
        for entry in entries:
            if not pattern.fullmatch(entry.name):
                continue
            with contextlib.suppress(OSError):
                info = entry.stat(follow_symlinks=False)
                if stat.S_ISREG(info.st_mode) and info.st_mtime < cutoff:
                    os.unlink(folder / entry.name)
                    removed.append(folder / entry.name)
    return removed


class Stopped(OutputError):
    """The process was asked to stop (SIGTERM) while the file was being made."""


def _not_stopped() -> bool:
    return False


# Asked before the rename: whether a stop came while writing (the command line sets it).
# A library that catches everything can swallow the exit a stop raises; the file is then
# still not put in place.
stop_requested: Callable[[], bool] = _not_stopped


def write_atomically(
    path: str | os.PathLike[str],
    write: Callable[[BinaryIO], None],
    *,
    protected: str | os.PathLike[str] | None = None,
    clock: Clock | None = None,
) -> Path:
    """Call ``write`` with a binary file in the target folder; rename it into place on success.

    The file is 0600 whatever the umask. Any exception removes the temporary file and
    leaves ``path`` untouched. ``protected``: as for ``check_target``.
    """
    path = check_target(Path(path), protected)
    folder = path.parent if str(path.parent) else Path(".")
    remove_orphans(path, clock)
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=PART_SUFFIX, dir=folder)
    except OSError as exc:
        raise _explain(exc, path) from exc
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            if hasattr(os, "fchmod"):
                os.fchmod(handle.fileno(), OUTPUT_MODE)  # mkstemp's mode, made certain
            write(handle)
            handle.flush()
            os.fsync(handle.fileno())
        check_target(path, protected)  # still a file (or nothing) there: never a device
        if stop_requested():
            raise Stopped(f"Stopped before {path.name} was complete; nothing was written.")
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise _explain(exc, path) from exc
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    return path
