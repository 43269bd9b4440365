"""A stand-in for the app in the kill test: runs a session's timer with the real clock.

``python timer_child.py DB SESSION`` resumes (or starts) the session, and when it starts
fresh also pauses, extends and resumes once, like a facilitator would. It then prints one
line, ``ready <remaining seconds> <utc>``, and keeps repainting until it is killed.
"""

from __future__ import annotations

import sys
import time

from facilitator.clock import SystemClock
from facilitator.store import open_database
from facilitator.timer import Timer, TimerState


def main(db_path: str, session_id: str) -> None:
    database = open_database(db_path)
    clock = SystemClock()
    timer = Timer.resume(database, session_id, clock)
    if timer.state is TimerState.NOT_STARTED:
        timer.start()
        timer.pause()
        timer.extend(60)
        timer.resume_round()
    remaining = timer.remaining_at()
    print(f"ready {remaining:.3f} {clock.now().isoformat()}", flush=True)
    while True:  # the repaint loop of a real app
        time.sleep(0.05)
        if timer.check_gap() is not None:
            timer.continue_after_gap()
        timer.due_cues()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
