"""The database among its neighbours: stray descriptors, the CLI beside the app, a deleted -wal.

POSIX advisory locks belong to the process, and any ``close()`` of any descriptor on the
database file drops them all. Another process then believes it is the last connection and
checkpoints and deletes the ``-wal`` our connection still writes to. These tests play that
out with real processes and SIGKILL: whatever was committed must be in the file.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from facilitator.model import Contribution
from facilitator.store import captures, open_database, sessions, teams

pytestmark = pytest.mark.skipif(
    not hasattr(signal, "SIGKILL") or os.name != "posix", reason="POSIX locks and SIGKILL"
)

# A child that writes, then follows the parent's orders, one line each: "peek" (open and
# close the database file the way a file dialog or a header check would), "cli ARGS..."
# (run a command on the same file from another process), "add TEXT" (a capture),
# "guard" (the app's periodic check), "wal?" (does our -wal exist). It answers each
# order with one line, written only after the order is done (a capture: committed).
CHILD = r"""
import os, subprocess, sys
from facilitator.model import Contribution
from facilitator.store import captures, open_database
path, session_id = sys.argv[1], sys.argv[2]
database = open_database(path)
print("ready", flush=True)
for line in sys.stdin:
    order, _, rest = line.strip().partition(" ")
    if order == "peek":
        with open(path, "rb") as fh:
            fh.read(16)
        print("peeked", flush=True)
    elif order == "cli":
        done = subprocess.run([sys.executable, "-m", "facilitator.cli", *rest.split(),
                               "--db", path], capture_output=True, text=True)
        print(f"cli {done.returncode}", flush=True)
    elif order == "add":
        item = captures.add(database, Contribution(session_id, rest))
        print(item.id, flush=True)
    elif order == "guard":
        print(f"guard {database.guard()}", flush=True)
    elif order == "wal?":
        print(f"wal {os.path.exists(path + '-wal')} {database.wal_recoveries}", flush=True)
"""


class Child:
    """The app's process, stood in for by a small script we drive line by line."""

    def __init__(self, path: Path, session_id: str) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-c", CHILD, str(path), session_id],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        assert self.ask_nothing() == "ready"

    def ask_nothing(self) -> str:
        assert self.proc.stdout is not None
        return self.proc.stdout.readline().strip()

    def ask(self, order: str) -> str:
        assert self.proc.stdin is not None
        self.proc.stdin.write(order + "\n")
        self.proc.stdin.flush()
        return self.ask_nothing()

    def kill(self) -> None:
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()


@pytest.fixture
def world(tmp_path: Path) -> tuple[Path, str]:
    path = tmp_path / "facilitator.db"
    database = open_database(path)
    team = teams.create_team(database, "Ops")
    session = sessions.create_session(database, team.id, "Neighbours")
    captures.add(database, Contribution(session.id, "from an earlier day"))
    database.close()
    return path, session.id


def texts_in(path: Path, session_id: str) -> set[str]:
    database = open_database(path)
    try:
        assert database.quick_check() == "ok"
        return {c.text for c in captures.list_for_session(database, Contribution, session_id)}
    finally:
        database.close()


def test_a_stray_close_then_the_cli_then_a_crash_loses_nothing(world: tuple[Path, str]) -> None:
    """The issue's repro: a descriptor opened and closed in our process, any CLI command from
    another process, an entry added, SIGKILL: every entry is in the file."""
    path, session_id = world
    child = Child(path, session_id)
    child.ask("add before the dialog")
    assert child.ask("peek") == "peeked"
    for command in ("sessions", "sessions --json", "check"):
        assert child.ask(f"cli {command}") == "cli 0"
    child.ask("add after the command")
    child.kill()
    assert {"before the dialog", "after the command"} <= texts_in(path, session_id)


def test_reading_commands_never_delete_the_apps_wal(
    world: tuple[Path, str], tmp_path: Path
) -> None:
    """Even when our locks were dropped, a reading command is not the "last connection"."""
    path, session_id = world
    child = Child(path, session_id)
    child.ask("add an idea")
    child.ask("peek")
    out = tmp_path / "out"
    out.mkdir()
    for command in (
        "sessions",
        "check",
        "backups",
        f"report latest --out {out / 'r.pdf'}",
        f"export latest --format json --out {out / 'e.json'}",
        f"export latest --format md --out {out / 'e.md'}",
    ):
        assert child.ask(f"cli {command}") == "cli 0", command
        assert child.ask("wal?") == "wal True 0", command
    child.kill()


def test_a_wal_deleted_while_the_app_writes_loses_nothing(world: tuple[Path, str]) -> None:
    path, session_id = world
    child = Child(path, session_id)
    child.ask("add saved before the -wal was deleted")
    os.unlink(f"{path}-wal")
    os.unlink(f"{path}-shm")
    child.ask("add saved after the -wal was deleted")
    child.ask("add and one more")
    assert child.ask("wal?") == "wal True 1"
    child.kill()
    assert {
        "saved before the -wal was deleted",
        "saved after the -wal was deleted",
        "and one more",
    } <= texts_in(path, session_id)


def test_a_wal_deleted_between_writes_is_noticed_by_the_periodic_check(
    world: tuple[Path, str],
) -> None:
    """No write follows the deletion: the app's periodic ``guard()`` saves what the -wal
    held before a crash can lose it."""
    path, session_id = world
    child = Child(path, session_id)
    child.ask("add only in the -wal so far")
    os.unlink(f"{path}-wal")
    assert child.ask("guard") == "guard True"
    assert child.ask("guard") == "guard False"
    child.kill()
    assert "only in the -wal so far" in texts_in(path, session_id)


def test_guard_is_quiet_while_nothing_happened(file_db: object) -> None:
    from facilitator.store import Database

    assert isinstance(file_db, Database)
    teams.create_team(file_db, "A")
    assert file_db.guard() is False
    assert file_db.wal_recoveries == 0


def test_a_moved_database_is_not_recreated_by_the_safety_net(tmp_path: Path) -> None:
    path = tmp_path / "facilitator.db"
    database = open_database(path)
    teams.create_team(database, "Kept")
    aside = tmp_path / "aside.db"
    os.replace(path, aside)
    os.replace(f"{path}-wal", f"{aside}-wal")
    database.guard()
    database.close()
    assert not path.exists()
    moved = open_database(aside)
    assert [t.name for t in teams.list_teams(moved)] == ["Kept"]
    moved.close()
