"""Automatic backups during sessions, the backups screen, and restoring from it."""

from __future__ import annotations

from PySide6.QtCore import Qt, QThreadPool
from PySide6.QtWidgets import QMessageBox

from facilitator import backup
from facilitator.clock import FakeClock
from facilitator.model import Decision, SessionStatus
from facilitator.store import captures, sessions, teams
from ui.backup_scheduler import INTERVAL_MIN, BackupScheduler, back_up_after_session
from ui.main_window import MainWindow

WAIT = 10_000


def _running_session(database) -> str:  # noqa: ANN001
    team = teams.create_team(database, "Ops")
    session = sessions.create_session(database, team.id, "Weekly")
    sessions.set_status(database, session.id, SessionStatus.RUNNING)
    return session.id


def _reasons(db_path) -> list[str]:  # noqa: ANN001
    return sorted(b.reason for b in backup.list_backups(db_path))


# ------------------------------------------------------------------ the scheduler


def test_backups_every_interval_while_a_session_runs_and_when_it_ends(
    qtbot, file_db, db_path
) -> None:
    session_id = _running_session(file_db)
    clock = FakeClock()
    scheduler = BackupScheduler(file_db, clock=clock, interval_min=10)
    assert scheduler.automatic and scheduler.timer.isActive()

    clock.advance(9 * 60)
    scheduler._on_timer_timeout()
    assert not scheduler.busy  # not yet ten minutes
    clock.advance(60)
    with qtbot.waitSignal(scheduler.backup_done, timeout=WAIT):
        scheduler._on_timer_timeout()
    assert _reasons(db_path) == ["scheduled"]
    clock.advance(5 * 60)
    scheduler._on_timer_timeout()
    assert not scheduler.busy  # counted from the last backup
    clock.advance(5 * 60)
    with qtbot.waitSignal(scheduler.backup_done, timeout=WAIT):
        scheduler._on_timer_timeout()

    sessions.set_status(file_db, session_id, SessionStatus.FINISHED)
    with qtbot.waitSignal(scheduler.backup_done, timeout=WAIT):
        scheduler._on_timer_timeout()
    assert _reasons(db_path) == ["scheduled", "scheduled", "session-end"]
    clock.advance(60 * 60)
    scheduler._on_timer_timeout()
    assert not scheduler.busy  # nothing runs: no more backups
    scheduler.stop()


def test_the_run_screen_can_ask_for_the_session_end_backup(qtbot, file_db, db_path) -> None:
    session_id = _running_session(file_db)
    window = MainWindow(file_db)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.backup_scheduler.backup_done, timeout=WAIT):
        sessions.set_status(file_db, session_id, SessionStatus.FINISHED)
        assert back_up_after_session(window.home, session_id)
    window.backup_scheduler._on_timer_timeout()  # the timer sees it ended: no second one
    assert not window.backup_scheduler.busy
    assert _reasons(db_path) == ["session-end"]
    assert "Backup saved" in window.statusBar().currentMessage()


def test_a_screen_on_its_own_has_no_scheduler(qtbot) -> None:
    from PySide6.QtWidgets import QWidget

    alone = QWidget()
    qtbot.addWidget(alone)
    assert back_up_after_session(alone) is False


def test_a_failed_automatic_backup_is_reported(qtbot, file_db, db_path) -> None:
    _running_session(file_db)
    (db_path.parent / "backups").write_text("a file where the folder should be")
    window = MainWindow(file_db)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.backup_scheduler.backup_failed, timeout=WAIT) as failed:
        window.backup_scheduler.back_up_now("scheduled")
    assert "backup folder" in failed.args[0]
    assert "Backup failed" in window.statusBar().currentMessage()


def test_no_automatic_backups_of_a_read_only_or_memory_database(
    qtbot, fresh_db, file_db, db_path
) -> None:
    from facilitator.store import open_database

    assert not BackupScheduler(fresh_db).automatic
    reader = open_database(db_path, read_only=True)
    scheduler = BackupScheduler(reader)
    assert not scheduler.automatic and not scheduler.timer.isActive()
    reader.close()


def test_a_scheduler_whose_database_was_closed_stops_watching(qtbot, db_path) -> None:
    """A window's database closed under a scheduler still ticking (the window let go of it
    first): the next tick stops the timer, with no error and no backup."""
    from facilitator.store import open_database

    database = open_database(db_path)
    scheduler = BackupScheduler(database, clock=FakeClock())
    assert scheduler.timer.isActive()
    database.close()
    with qtbot.assertNotEmitted(scheduler.backup_started):
        scheduler._on_timer_timeout()
    assert not scheduler.timer.isActive()


def test_backups_requested_together_run_one_after_the_other(qtbot, file_db, db_path) -> None:
    scheduler = BackupScheduler(file_db, clock=FakeClock())
    done: list[str] = []
    scheduler.backup_done.connect(done.append)
    assert scheduler.back_up_now("manual") is True
    assert scheduler.back_up_now("session-end") is False  # queued behind the first
    qtbot.waitUntil(lambda: len(done) == 2, timeout=WAIT)
    assert _reasons(db_path) == ["manual", "session-end"]


# ------------------------------------------------------------------ the screen


def test_backups_screen_lists_and_restores(
    qtbot, file_db, db_path, monkeypatch, _no_blocking_dialogs
) -> None:
    team = teams.create_team(file_db, "Ops")
    session = sessions.create_session(file_db, team.id, "Weekly review")
    captures.add(file_db, Decision(session.id, "Keep this one"))
    window = MainWindow(file_db)
    qtbot.addWidget(window)
    window.show()
    window.backups_action.trigger()
    assert window.stack.currentWidget() is window.backups
    screen = window.backups
    assert "No backups yet" in screen.status.text()
    assert not screen.restore_button.isEnabled()

    with qtbot.waitSignal(window.backup_scheduler.backup_done, timeout=WAIT):
        qtbot.mouseClick(screen.backup_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: screen.model.rowCount() == 1 and screen.model.backup_at(0).contents is not None,
        timeout=WAIT,
    )
    model = screen.model
    assert model.index(0, 1).data() == "By hand"
    assert model.index(0, 3).data().startswith("1 session, newest: Weekly review")
    assert model.index(0, 4).data() == "Good"
    assert "Weekly review" in screen.details.text()
    assert screen.restore_button.isEnabled()

    captures.add(file_db, Decision(session.id, "Added after the backup"))
    monkeypatch.setattr(
        QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Yes)
    )
    restored = []
    window.database_restored.connect(lambda: restored.append(True))
    qtbot.mouseClick(screen.restore_button, Qt.MouseButton.LeftButton)
    assert restored == [True]
    assert [d.text for d in captures.list_for_session(file_db, Decision, session.id)] == [
        "Keep this one"
    ]
    assert window.stack.currentWidget() is window.home
    assert "Restored the backup" in window.statusBar().currentMessage()
    assert sorted(b.reason for b in backup.list_backups(db_path)) == ["before-restore", "manual"]
    QThreadPool.globalInstance().waitForDone()


def test_restore_can_be_cancelled(qtbot, file_db, db_path) -> None:
    team = teams.create_team(file_db, "Ops")
    backup.take_backup(file_db)
    teams.create_team(file_db, "Second")
    window = MainWindow(file_db)
    qtbot.addWidget(window)
    window.show_backups()
    # When they are taken, as the scheduler takes them.
    assert f"every {INTERVAL_MIN} minutes while one runs" in window.backups.where.text()
    window.backups.show_backups(backup.list_backups(db_path, inspect=True))
    qtbot.mouseClick(window.backups.restore_button, Qt.MouseButton.LeftButton)
    # The patched question answers Ok, which is not Yes: nothing changes.
    assert {t.name for t in teams.list_teams(file_db)} == {team.name, "Second"}
    QThreadPool.globalInstance().waitForDone()


def test_a_damaged_backup_cannot_be_restored(qtbot, file_db, db_path) -> None:
    teams.create_team(file_db, "Ops")
    made = backup.take_backup(file_db)
    data = bytearray(made.read_bytes())
    data[4096 * 2 :] = b"\xa5" * (len(data) - 4096 * 2)
    made.write_bytes(bytes(data))
    window = MainWindow(file_db)
    qtbot.addWidget(window)
    window.backups.show_backups(backup.list_backups(db_path, inspect=True))
    assert window.backups.model.index(0, 4).data().startswith("Damaged")
    assert not window.backups.restore_button.isEnabled()
    assert "damaged" in window.backups.restore_button.toolTip()


def test_keyboard_reaches_the_backups_screen_and_back(qtbot, file_db) -> None:
    window = MainWindow(file_db)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(
        window,
        Qt.Key.Key_B,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert window.stack.currentWidget() is window.backups
    qtbot.keyClick(window.backups.table, Qt.Key.Key_Escape)
    assert window.stack.currentWidget() is window.home
    QThreadPool.globalInstance().waitForDone()


def test_ending_a_session_on_the_run_screen_takes_a_backup(qtbot, file_db, db_path) -> None:
    from tests.facilitator.run_fixtures import make_session

    session_id, _ = make_session(file_db, [300])
    window = MainWindow(file_db)
    window.run_clock = FakeClock()
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    assert window.run_session(session_id)
    screen = window.run_screen
    qtbot.keyClick(screen, Qt.Key.Key_Space)  # start the round
    with qtbot.waitSignal(window.backup_scheduler.backup_done, timeout=WAIT):
        qtbot.keyClick(screen, Qt.Key.Key_N)  # the last phase: end?
        qtbot.keyClick(screen.end_confirm, Qt.Key.Key_Return)
    assert sessions.get_session(file_db, session_id).status is SessionStatus.FINISHED
    assert _reasons(db_path) == ["session-end"]
    made = backup.list_backups(db_path, inspect=True)[0]
    assert [s.status for s in made.contents.sessions] == ["finished"]


def test_a_read_only_database_cannot_start_sessions(qtbot, file_db, db_path) -> None:
    from facilitator.store import open_database

    reader = open_database(db_path, read_only=True)
    window = MainWindow(reader)
    qtbot.addWidget(window)
    assert not window.run_action.isEnabled() and not window.new_session_action.isEnabled()
    assert "read-only" in window.home_run_button.toolTip()
    from PySide6.QtWidgets import QPushButton

    new = [b for b in window.home.findChildren(QPushButton) if b.text() == "&New session…"]
    assert new and not new[0].isEnabled()
    reader.close()
