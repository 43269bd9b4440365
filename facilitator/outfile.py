"""Write an output file all at once: a temporary file in the target folder, then a rename.

A report or export that fails halfway (disk full, a crash, a bug) leaves no half-written
file behind, and an existing file of the same name stays as it was until the new one is
complete.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from facilitator.errors import FacilitatorError


class OutputError(FacilitatorError):
    """The output file cannot be written where the user asked (missing folder, read-only)."""


def check_target(path: Path) -> Path:
    """Refuse early, with a clear message, a target that cannot be written."""
    path = Path(path).expanduser()
    folder = path.parent if str(path.parent) else Path(".")
    if path.is_dir():
        raise OutputError(f"{path} is a folder; give a file name for the output.")
    if not folder.exists():
        raise OutputError(f"The folder {folder} does not exist; nothing was written.")
    if not folder.is_dir():
        raise OutputError(f"{folder} is not a folder; nothing was written.")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise OutputError(f"The folder {folder} is read-only; nothing was written. "
                          "Choose another folder.")
    if path.exists() and not os.access(path, os.W_OK):
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


def write_atomically(path: Path, write: Callable[[BinaryIO], None]) -> Path:
    """Call ``write`` with a binary file in the target folder; rename it into place on success.

    Any exception removes the temporary file and leaves ``path`` untouched.
    """
    path = check_target(Path(path))
    folder = path.parent if str(path.parent) else Path(".")
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=folder)
    except OSError as exc:
        raise _explain(exc, path) from exc
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            write(handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o666 & ~_UMASK)
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


def _read_umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


# Read once at import (umask is process-wide; reading it later from a worker thread could
# race with another thread creating a file).
_UMASK = _read_umask()
