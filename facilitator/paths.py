"""Where the database lives: ``--db``, then ``FACILITATOR_DB``, then the user data folder."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "Facilitator"
ENV_DB = "FACILITATOR_DB"


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


def resolve_db_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    if explicit:
        return Path(explicit).expanduser()
    env = os.environ.get(ENV_DB)
    if env:
        return Path(env).expanduser()
    return default_db_path()
