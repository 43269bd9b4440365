"""Durability: a writer killed with SIGKILL at random moments never loses a committed capture."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from facilitator.model import Contribution
from facilitator.store import captures, open_database, sessions, teams

WRITER = r"""
import sys
from facilitator.model import Contribution
from facilitator.store import captures, open_database
database = open_database(sys.argv[1])
session_id = sys.argv[2]
print("ready", flush=True)
i = 0
while True:
    text = f"idea {sys.argv[3]}-{i} " + "x" * (i % 700)
    item = captures.add(database, Contribution(session_id, text))
    print(item.id, flush=True)   # reported only after the commit returned
    i += 1
"""


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_sigkill_at_random_moments_loses_nothing_committed(tmp_path: Path) -> None:
    path = tmp_path / "kill.db"
    database = open_database(path)
    team = teams.create_team(database, "Ops")
    session = sessions.create_session(database, team.id, "Kill test")
    database.close()
    rng = random.Random(20261128)
    reported: set[str] = set()
    for round_no in range(20):
        proc = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(path), session.id, str(round_no)],
            stdout=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "ready"
        deadline = time.monotonic() + rng.uniform(0.01, 0.25)
        while time.monotonic() < deadline:
            line = proc.stdout.readline().strip()
            if line:
                reported.add(line)
        proc.send_signal(signal.SIGKILL)
        rest, _ = proc.communicate()
        reported.update(line for line in rest.split() if line)
        proc.wait()

        check = open_database(path)
        assert check.quick_check() == "ok"
        stored = {c.id for c in captures.list_for_session(check, Contribution, session.id)}
        missing = reported - stored
        assert not missing, f"round {round_no}: {len(missing)} committed captures lost"
        check.close()
    assert len(reported) > 20
