"""Every test runs offscreen, on a temporary database and temporary settings."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import subprocess  # noqa: E402
import sys  # noqa: E402
from collections.abc import Iterator  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from facilitator.lock import lock_path  # noqa: E402
from facilitator.store import Database, memory, open_database  # noqa: E402


@pytest.fixture(autouse=True)
def _isolated_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test touches the user's real database, settings or logs."""
    monkeypatch.setenv("FACILITATOR_DB", str(tmp_path / "facilitator.db"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))


@pytest.fixture
def fresh_db() -> Iterator[Database]:
    """An in-memory database with the full schema."""
    database = memory()
    yield database
    database.close()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "facilitator.db"


@pytest.fixture
def file_db(db_path: Path) -> Iterator[Database]:
    """A real database file (WAL, synchronous=FULL) under tmp_path."""
    database = open_database(db_path)
    yield database
    database.close()


@pytest.fixture
def demo_db(fresh_db: Database) -> tuple[Database, str]:
    """An in-memory database holding the demo team; returns (database, sample session id)."""
    from facilitator.demo import add_demo

    return fresh_db, add_demo(fresh_db)


FLOCKER = r"""
import fcntl, sys
fh = open(sys.argv[1], "r+b")
fcntl.flock(fh, fcntl.LOCK_EX)
print("held", flush=True)
sys.stdin.readline()
"""


@pytest.fixture
def flocked_garbage(db_path: Path):  # noqa: ANN201
    """A garbage lock file another process keeps an flock on (a lock being written)."""
    lock_path(db_path).write_bytes(b"\x00\xff gar")
    proc = subprocess.Popen(
        [sys.executable, "-c", FLOCKER, str(lock_path(db_path))],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None and proc.stdout.readline().strip() == "held"
    yield proc
    assert proc.stdin is not None
    proc.stdin.write("\n")
    proc.stdin.flush()
    proc.wait(timeout=30)
