"""Durable on entry: a capture whose commit returned survives a SIGKILL 100 ms later."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from facilitator import capture
from facilitator.store import open_database
from tests.facilitator.capture_world import make_world

CHILD = r"""
import sys, time
from facilitator import capture
from facilitator.store import open_database
database = open_database(sys.argv[1])
print("ready", flush=True)
text = sys.stdin.readline().rstrip("\n")          # the scribe presses Enter
item = capture.add(database, "decision", sys.argv[2], text, rationale="typed in the room").value
print(item.id, flush=True)                        # the commit has returned
time.sleep(60)                                    # busy with something else when killed
"""


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_decision_survives_sigkill_100ms_after_enter(tmp_path: Path) -> None:
    path = tmp_path / "room.db"
    database = open_database(path)
    world = make_world(database)
    database.close()
    text = "Bristol goes live in shadow mode — Zoë 🎉 שלום"
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(path), world.first.id],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    assert child.stdin is not None and child.stdout is not None
    assert child.stdout.readline().strip() == "ready"
    child.stdin.write(text + "\n")
    child.stdin.flush()
    item_id = child.stdout.readline().strip()
    # A real 100 ms wait: the child is killed while it is alive and holding the file.
    time.sleep(0.1)
    child.send_signal(signal.SIGKILL)
    child.wait()
    assert child.returncode == -signal.SIGKILL

    reopened = open_database(path)
    assert reopened.quick_check() == "ok"
    stored = capture.get(reopened, "decision", item_id)
    assert stored.text == text and stored.rationale == "typed in the room"
    reopened.close()
