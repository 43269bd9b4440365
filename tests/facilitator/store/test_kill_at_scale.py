"""The kill test at scale: a scripted session killed with SIGKILL at 200 random moments.

A child process runs a session the way the app does (rounds with timer events, captures of
every kind, role changes, speaking turns, votes) and reports each item only after its
commit returned. It is killed at a random point; the file is reopened and checked: every
reported item is there, ``quick_check`` is ok, and the running round's deadline is stored,
so the next child resumes that round. Children are forked from a process that has already
imported the app, so 200 kills take seconds, not minutes; the parent never sleeps: it
kills after a random number of reports, which lands at a random point in the child's work.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from facilitator.model import Phase, PhaseMode, SessionStatus
from facilitator.store import open_database, runs, sessions, teams

KILLS = 200

CHILD = r"""
import os, random, sys
from dataclasses import replace
from datetime import timedelta
from facilitator.clock import FakeClock, iso, parse_iso
from facilitator.model import (Action, Contribution, Decision, Experiment, Learning, Phase,
                               PhaseMode, RoleAssignment, SpeakingTurn, TimerEvent)
from facilitator import kinds
from facilitator.store import assignments, captures, open_database, runs, sessions, teams

DB, SESSION = sys.argv[1], sys.argv[2]


def say(line):
    os.write(1, (line + "\n").encode())


def work(seed):
    rng = random.Random(seed)
    database = open_database(DB)
    session = sessions.get_session(database, SESSION)
    people = [p.id for p in teams.list_participants(database, session.team_id)]
    roles = [r.id for r in teams.list_roles(database, session.team_id, rotating_only=True)]
    events = runs.timer_events(database, SESSION)
    last = events[-1] if events else None
    clock = FakeClock(parse_iso(last.at_utc) + timedelta(seconds=1) if last else None)
    running = last is not None and last.kind.value != "end"
    paused = running and last.kind.value == "pause"
    phase_id = last.phase_id if running else None
    deadline = parse_iso(last.deadline_utc) if running and not paused else None
    remaining = last.remaining_s if paused else None
    state = "paused" if paused else (last.deadline_utc if running else "-")
    say(f"resumed {phase_id or '-'} {state}")
    turn = None
    contributions = [c.id for c in captures.list_for_session(database, Contribution, SESSION)]

    def event(kind, **fields):
        ev = TimerEvent(SESSION, phase_id, runs.next_seq(database, SESSION), kind,
                        iso(clock.now()), at_monotonic=clock.monotonic(), **fields)
        runs.add_timer_event(database, ev)
        say(f"timer {ev.id} {kind} {ev.deadline_utc or '-'}")

    while True:
        clock.advance(rng.uniform(0.2, 15))
        roll = rng.random()
        if phase_id is None:
            todo = [p for p in sessions.list_phases(database, SESSION) if not p.ended_at]
            if not todo:
                start = len(sessions.list_phases(database, SESSION))
                todo = sessions.add_phases(database, [
                    Phase(SESSION, start + i, f"Round {start + i + 1}", 60 * rng.randint(2, 9),
                          PhaseMode.ROUND_ROBIN) for i in range(4)])
                for p in todo:
                    say(f"row phases {p.id}")
            phase = todo[0]
            phase_id = phase.id
            deadline = clock.now() + timedelta(seconds=phase.planned_s)
            event("start", deadline_utc=iso(deadline))
            sessions.update_phase(database, replace(phase, started_at=iso(clock.now())))
        elif roll < 0.30:
            kind = rng.choice(["contribution", "decision", "action", "experiment", "learning"])
            text = f"{kind} {seed} " + "é✓ " * rng.randint(0, 300)
            who = rng.choice(people)
            item = {
                "contribution": lambda: Contribution(SESSION, text, who, phase_id),
                "decision": lambda: Decision(SESSION, text, consulted=(who,), phase_id=phase_id),
                "action": lambda: Action(SESSION, text, owner_id=who, phase_id=phase_id),
                "experiment": lambda: Experiment(SESSION, text, owner_id=who, phase_id=phase_id),
                "learning": lambda: Learning(SESSION, text, phase_id=phase_id),
            }[kind]()
            stored = captures.add(database, item)
            say(f"row {kinds.of(item).table} {stored.id}")
            if kind == "contribution":
                contributions.append(stored.id)
        elif roll < 0.40 and contributions:
            captures.set_votes(database, rng.choice(contributions), rng.choice(people),
                               rng.randint(0, 3), phase_id)
            say("vote")
        elif roll < 0.50:
            change = RoleAssignment(SESSION, rng.choice(roles), rng.choice(people), phase_id,
                                    reason="rotation", created_at=iso(clock.now()))
            assignments.add_assignments(database, [change])
            say(f"row role_assignments {change.id}")
        elif roll < 0.62:
            if turn is None:
                turn = runs.start_turn(database, SpeakingTurn(phase_id, rng.choice(people),
                                                               iso(clock.now())))
                say(f"row speaking_turns {turn.id}")
            else:
                runs.end_turn(database, turn.id, iso(clock.now()))
                say("turn-ended")
                turn = None
        elif roll < 0.72 and not paused:
            remaining = (deadline - clock.now()).total_seconds()
            paused, deadline = True, None
            event("pause", remaining_s=remaining)
        elif roll < 0.80 and paused:
            deadline = clock.now() + timedelta(seconds=remaining)
            paused = False
            event("resume", deadline_utc=iso(deadline))
        elif roll < 0.88 and not paused:
            deadline += timedelta(seconds=60)
            event("extend", deadline_utc=iso(deadline), amount_s=60.0)
        elif roll < 0.95:
            event("end")
            phase = sessions.get_phase(database, phase_id)
            sessions.update_phase(database, replace(phase, ended_at=iso(clock.now())))
            phase_id, deadline, paused, turn = None, None, False, None


say("ready")
while True:
    line = sys.stdin.readline().split()
    if not line or line[0] == "quit":
        break
    if line[0] == "run":
        pid = os.fork()
        if pid == 0:
            try:
                work(int(line[1]))
            finally:
                os._exit(0)
        say(f"pid {pid}")
    elif line[0] == "reap":
        os.waitpid(int(line[1]), 0)
        say(f"reaped {line[1]}")
"""

ROW_TABLES = (
    "contributions",
    "decisions",
    "actions",
    "experiments",
    "learnings",
    "role_assignments",
    "speaking_turns",
    "phases",
)


def _expected_round(events: list) -> tuple[str, str] | None:  # noqa: ANN001
    """(phase id, deadline or "paused") of the round a restart resumes, from stored events."""
    if not events or events[-1].kind.value == "end":
        return None
    last = events[-1]
    if last.kind.value == "pause":
        assert last.remaining_s is not None, f"paused round without its time left: {last}"
        return last.phase_id, "paused"
    assert last.deadline_utc, f"running round without a stored deadline: {last}"
    return last.phase_id, last.deadline_utc


@pytest.mark.skipif(
    not hasattr(os, "fork") or not hasattr(signal, "SIGKILL"), reason="needs fork and SIGKILL"
)
def test_two_hundred_kills_lose_nothing_committed(tmp_path: Path) -> None:
    path = tmp_path / "kill.db"
    database = open_database(path)
    team = teams.create_team(database, "Ops")
    for name in ("Priya", "Tomasz", "Amara", "Jonas", "Zoë"):
        teams.add_participant(database, team.id, name)
    session = sessions.create_session(database, team.id, "Kill test")
    sessions.add_phases(
        database,
        [Phase(session.id, i, f"Round {i + 1}", 300, PhaseMode.ROUND_ROBIN) for i in range(4)],
    )
    sessions.set_status(database, session.id, SessionStatus.RUNNING)
    database.close()

    zygote = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(path), session.id],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
    )
    assert zygote.stdin is not None and zygote.stdout is not None

    def send(line: str) -> None:
        zygote.stdin.write(line + "\n")
        zygote.stdin.flush()

    assert zygote.stdout.readline().strip() == "ready"
    rng = random.Random(20260302)
    reported: dict[str, set[str]] = {t: set() for t in ROW_TABLES}
    reported_events: list[tuple[str, str, str]] = []
    lost = failed_checks = resumed_running = previously_unreported = 0
    expected: tuple[str, str] | None = None
    try:
        for kill_no in range(KILLS):
            send(f"run {kill_no}")
            header = zygote.stdout.readline().split()
            assert header[0] == "pid", header
            child = int(header[1])
            lines: list[str] = []
            for _ in range(rng.randint(0, 12)):
                lines.append(zygote.stdout.readline().strip())
            os.kill(child, signal.SIGKILL)
            send(f"reap {child}")
            while (line := zygote.stdout.readline().strip()) != f"reaped {child}":
                lines.append(line)

            for line in lines:
                word, *rest = line.split()
                if word == "row":
                    reported[rest[0]].add(rest[1])
                elif word == "timer":
                    reported_events.append((rest[0], rest[1], rest[2]))
                elif word == "resumed":
                    # The child picked up exactly the round the last check found running.
                    assert (rest[0], rest[1]) == (expected or ("-", "-")), kill_no
                    resumed_running += rest[0] != "-"

            # Read-only, so checking does not tidy the file up for the next child: that
            # child's own open is the app's restart after the crash.
            check = open_database(path, read_only=True)
            stored_events = runs.timer_events(check, session.id)
            expected = _expected_round(stored_events)
            if check.quick_check() != "ok":
                failed_checks += 1
            for table, ids in reported.items():
                stored = {r["id"] for r in check.query(f"select id from {table}")}
                lost += len(ids - stored)
            stored_ids = [e.id for e in stored_events]
            lost += len({e[0] for e in reported_events} - set(stored_ids))
            # At most the one write in flight when killed committed without a report.
            unreported = len(stored_ids) - len(reported_events)
            assert unreported - previously_unreported in (0, 1), kill_no
            previously_unreported = unreported
            check.close()
    finally:
        send("quit")
        zygote.wait(timeout=60)

    assert lost == 0, f"{lost} committed items lost"
    assert failed_checks == 0, f"{failed_checks} failed quick_checks"
    assert sum(len(ids) for ids in reported.values()) > KILLS
    assert len(reported_events) > KILLS // 2
    assert resumed_running > KILLS // 4  # many kills hit a round that then resumed
