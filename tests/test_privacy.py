"""Privacy: no network at all, and every file we write is readable by its owner only."""

from __future__ import annotations

import os
import socket
import stat
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from PySide6.QtCore import Qt, QThreadPool
from PySide6.QtWidgets import QMessageBox

from facilitator import backup, planning, record
from facilitator.cli import cli
from facilitator.clock import FakeClock, iso
from facilitator.lock import DatabaseLock, lock_path
from facilitator.model import (
    Action,
    Contribution,
    Decision,
    Experiment,
    Learning,
    Phase,
    PhaseMode,
    RoleAssignment,
    SessionStatus,
    SpeakingTurn,
    TimerEvent,
)
from facilitator.store import assignments, captures, open_database, runs, sessions, teams


def _socket_fds() -> int:
    """Sockets this process holds, opened from Python or from C++ (Linux)."""
    count = 0
    for fd in os.listdir("/proc/self/fd"):
        try:
            if os.readlink(f"/proc/self/fd/{fd}").startswith("socket:"):
                count += 1
        except OSError:
            continue
    return count


@pytest.fixture
def no_network(monkeypatch):  # noqa: ANN201
    """Any attempt to open a socket fails the test."""
    attempts: list[str] = []

    class NoSocket(socket.socket):
        def __init__(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
            attempts.append(f"socket{args}")
            raise AssertionError("Facilitator must not open a socket")

    def refuse(name: str):  # noqa: ANN202
        def fail(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
            attempts.append(name)
            raise AssertionError(f"Facilitator must not call socket.{name}")

        return fail

    monkeypatch.setattr(socket, "socket", NoSocket)
    for name in (
        "create_connection",
        "getaddrinfo",
        "gethostbyname",
        "socketpair",
        "create_server",
        "fromfd",
    ):
        monkeypatch.setattr(socket, name, refuse(name))
    before = _socket_fds() if sys.platform.startswith("linux") else 0
    yield attempts
    assert attempts == []
    if sys.platform.startswith("linux"):
        assert _socket_fds() <= before


def _run_a_session_through_the_core(db_path: Path) -> str:
    clock = FakeClock()
    database = open_database(db_path)
    team = teams.create_team(database, "Ops")
    people = [
        teams.add_participant(database, team.id, n, "Operations")
        for n in ("Priya", "Tomasz", "Amara")
    ]
    roles = teams.list_roles(database, team.id, rotating_only=True)
    session = sessions.create_session(database, team.id, "Weekly", dilemma="Pause or push on?")
    planning.set_present(database, session.id, [p.id for p in people])
    phases = sessions.add_phases(
        database,
        [Phase(session.id, i, f"Round {i + 1}", 300, PhaseMode.ROUND_ROBIN) for i in range(3)],
    )
    sessions.set_status(database, session.id, SessionStatus.RUNNING)
    assignments.add_assignments(
        database, [RoleAssignment(session.id, roles[0].id, people[0].id, reason="Their turn")]
    )
    seq = 1
    for phase in phases:
        runs.add_timer_event(
            database,
            TimerEvent(
                session.id, phase.id, seq, "start", iso(clock.now()), deadline_utc=iso(clock.now())
            ),
        )
        turn = runs.start_turn(database, SpeakingTurn(phase.id, people[0].id, iso(clock.now())))
        clock.advance(60)
        runs.end_turn(database, turn.id, iso(clock.now()))
        idea = captures.add(database, Contribution(session.id, "An idea", people[1].id, phase.id))
        captures.set_votes(database, idea.id, people[2].id, 2, phase.id)
        runs.add_timer_event(
            database, TimerEvent(session.id, phase.id, seq + 1, "end", iso(clock.now()))
        )
        seq += 2
    captures.add(database, Decision(session.id, "Go on, in shadow mode"))
    captures.add(database, Action(session.id, "Tell customers", owner_id=people[0].id))
    experiment = captures.add(database, Experiment(session.id, "If we batch, we ship sooner"))
    captures.add(database, Learning(session.id, "Owners matter", experiment.id))
    sessions.set_status(database, session.id, SessionStatus.FINISHED)
    made = backup.take_backup(database, "session-end")
    backup.restore_backup(database, made)
    assert record.load(database, session.id).decisions
    database.close()
    return session.id


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="counts sockets in /proc")
def test_a_full_session_opens_no_socket(qtbot, tmp_path, no_network, monkeypatch) -> None:
    db_path = tmp_path / "private" / "facilitator.db"
    session_id = _run_a_session_through_the_core(db_path)

    runner = CliRunner()
    for args in (["demo"], ["sessions"], ["check"], ["backup"], ["backups"]):
        result = runner.invoke(cli, [*args, "--db", str(db_path)])
        assert result.exit_code == 0, result.stderr

    from ui.app import open_with_dialog
    from ui.main_window import MainWindow
    from ui.single_instance import InstanceLock

    instance = InstanceLock()
    database = open_with_dialog(db_path, instance=instance)
    assert database is not None
    window = MainWindow(database)
    qtbot.addWidget(window)
    window.show()
    window.open_session(session_id)
    window.show_home()
    qtbot.mouseClick(window.home.demo_button, Qt.MouseButton.LeftButton)
    window.show_backups()
    with qtbot.waitSignal(window.backup_scheduler.backup_done, timeout=10_000):
        qtbot.mouseClick(window.backups.backup_button, Qt.MouseButton.LeftButton)
    window.backups.show_backups(backup.list_backups(db_path, inspect=True))
    monkeypatch.setattr(
        QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Yes)
    )
    qtbot.mouseClick(window.backups.restore_button, Qt.MouseButton.LeftButton)
    QThreadPool.globalInstance().waitForDone()
    window.close()
    database.close()
    instance.release()


def _private(path: Path) -> bool:
    return stat.S_IMODE(path.stat().st_mode) & 0o077 == 0


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_everything_we_write_is_readable_by_its_owner_only(tmp_path) -> None:
    db_path = tmp_path / "facilitator.db"
    with DatabaseLock(db_path):
        assert _private(lock_path(db_path))
        database = open_database(db_path)
        teams.create_team(database, "Ops")
        made = backup.take_backup(database)
        for side in ("-wal", "-shm"):
            assert _private(Path(str(db_path) + side)), side
        database.close()
    assert _private(db_path)
    assert _private(made) and _private(made.parent)
    restored = backup.restore_to_new_file(made, tmp_path / "restored.db")
    assert _private(restored)
    out = backup.take_backup(db_path, out=tmp_path / "copy.db")
    assert _private(out)
