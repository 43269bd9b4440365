"""Where the database lives: ``--db``, then ``FACILITATOR_DB``, then (in the app, the
database opened last, ui/recent_databases.py) the user data folder."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import platformdirs

APP_NAME = "Facilitator"
ENV_DB = "FACILITATOR_DB"
PRIVATE_FOLDER_MODE = 0o700


def make_private_folder(folder: str | os.PathLike[str]) -> Path:
    """``mkdir -p`` where each folder it creates is owner-only (0700), whatever the umask.

    A folder that already exists (one the user chose, or made) keeps its mode. Raises
    ``FileExistsError`` when ``folder`` is a file, as ``Path.mkdir(exist_ok=True)`` does.
    """
    folder = Path(folder)
    missing: list[Path] = []
    step = folder
    while not step.exists() and not step.is_symlink() and step != step.parent:
        missing.append(step)
        step = step.parent
    for made in reversed(missing):
        try:
            made.mkdir(mode=PRIVATE_FOLDER_MODE)
        except FileExistsError:
            continue  # made meanwhile by someone else: not ours to change
        os.chmod(made, PRIVATE_FOLDER_MODE)  # the umask may have taken bits away
    if not folder.is_dir():
        raise FileExistsError(errno.EEXIST, "not a folder", str(folder))
    return folder


def data_dir() -> Path:
    """The per-user, local (not roaming) data folder."""
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False, roaming=False))


def log_dir() -> Path:
    return Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))


def cache_dir() -> Path:
    """The per-user cache folder (private snapshots of databases opened read-only)."""
    return Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))


def default_db_path() -> Path:
    return data_dir() / "facilitator.db"


def chosen_db_path(explicit: str | os.PathLike[str] | None = None) -> Path | None:
    """The database the user named for this run: ``--db``, then ``FACILITATOR_DB``; None
    when neither names one (the app then opens the database it had open last)."""
    if explicit:
        return Path(explicit).expanduser()
    env = os.environ.get(ENV_DB)
    if env:
        return Path(env).expanduser()
    return None


def resolve_db_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The database a command works on: the one named (``chosen_db_path``), else the
    default one in the user data folder."""
    return chosen_db_path(explicit) or default_db_path()
