"""Killed mid-round with SIGKILL and restarted, the app resumes the round where it was."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from facilitator.store import open_database
from tests.facilitator.run_fixtures import make_session

ROOT = Path(__file__).resolve().parents[2]
CHILD = Path(__file__).with_name("timer_child.py")

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")


def _launch(db_path: Path, session_id: str) -> tuple[subprocess.Popen[str], float, float]:
    """Start the child; return it, the remaining time it reports and when we read it."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    child = subprocess.Popen(
        [sys.executable, str(CHILD), str(db_path), session_id],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert child.stdout is not None
    line = child.stdout.readline()  # blocks until the child is ready; no sleeping
    seen = time.monotonic()
    if not line.startswith("ready "):
        child.kill()
        errors = child.stderr.read() if child.stderr else ""
        raise AssertionError(f"child failed: {line!r} {errors}")
    return child, float(line.split()[1]), seen


def test_sigkill_mid_round_then_restart_resumes_within_a_second(db_path) -> None:
    database = open_database(db_path)
    session_id, _ = make_session(database, [600, 300])
    database.close()

    first, remaining, seen = _launch(db_path, session_id)
    assert remaining == pytest.approx(660, abs=1.0)  # 10 minutes, extended by one
    os.kill(first.pid, signal.SIGKILL)
    first.wait()
    assert first.returncode == -signal.SIGKILL

    second, resumed, seen_again = _launch(db_path, session_id)
    try:
        expected = remaining - (seen_again - seen)
        assert abs(resumed - expected) < 1.0, (resumed, expected)
    finally:
        second.kill()
        second.wait()
    check = open_database(db_path)
    try:
        assert check.quick_check() == "ok"
    finally:
        check.close()
