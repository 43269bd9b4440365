"""Running a session from the main window: Ctrl+R, opening a running session, resume offer."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from facilitator.clock import FakeClock
from facilitator.model import SessionStatus
from facilitator.store import sessions
from tests.facilitator.run_fixtures import make_session
from tests.ui.windows import open_window
from ui.main_window import MainWindow


def test_ctrl_r_runs_the_selected_planned_session(qtbot, fresh_db) -> None:
    session_id, _ = make_session(fresh_db, [300, 300])
    window = open_window(qtbot, fresh_db)
    window.refresh_home()
    window.home.select_session(session_id)
    qtbot.keyClick(window.home.table, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    assert window.stack.currentWidget() is window.run_screen
    screen = window.run_screen
    qtbot.keyClick(screen, Qt.Key.Key_Space)
    assert sessions.get_session(fresh_db, session_id).status is SessionStatus.RUNNING
    # Back to the list; opening the running session returns to the same run screen.
    qtbot.mouseClick(screen.leave_button, Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is window.home
    window.open_session(session_id)
    assert window.stack.currentWidget() is screen


def test_f1_on_the_run_screen_shows_its_shortcuts(qtbot, fresh_db, _no_blocking_dialogs) -> None:
    session_id, _ = make_session(fresh_db, [300])
    window = open_window(qtbot, fresh_db)
    window.run_session(session_id)
    window.run_screen.setFocus()
    qtbot.keyClick(window.run_screen, Qt.Key.Key_F1)
    assert window.run_screen.help_overlay.isVisible()
    assert _no_blocking_dialogs == []


def test_a_session_without_phases_cannot_run(qtbot, fresh_db, _no_blocking_dialogs) -> None:
    session_id, _ = make_session(fresh_db, [])
    window = open_window(qtbot, fresh_db)
    assert window.run_session(session_id) is False
    assert window.stack.currentWidget() is window.home
    assert "no phases" in _no_blocking_dialogs[-1][1]


def test_a_finished_session_opens_its_captures(qtbot, demo_db, _no_blocking_dialogs) -> None:
    database, sample = demo_db
    window = open_window(qtbot, database)
    window.open_session(sample)
    assert window.stack.currentWidget() is window.capture_view
    # Its run screen opens ended, on what comes next: never a clock to start again.
    assert window.run_session(sample) is True
    assert window.run_screen.end_panel.isVisible()
    assert not window.run_screen.timer_panel.isVisible()
    assert window.focusWidget() is window.run_screen.end_panel.export_button  # Enter exports
    assert _no_blocking_dialogs == []


def test_a_session_left_running_is_offered_on_start(qtbot, file_db, monkeypatch) -> None:
    from facilitator.timer import Timer

    session_id, _ = make_session(file_db, [600])
    clock = FakeClock()
    Timer.resume(file_db, session_id, clock).start()
    asked = []

    def answer_yes(*args, **kwargs):
        asked.append(args[2])
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", staticmethod(answer_yes))
    window = MainWindow(file_db)
    window.run_clock = clock
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.run_screen is not None)
    assert "was still running" in asked[0]
    assert window.stack.currentWidget() is window.run_screen
    assert window.run_screen.run.timer.is_running


def test_ctrl_r_in_the_planner_runs_the_planned_session(qtbot, fresh_db) -> None:
    session_id, _ = make_session(fresh_db, [300])
    window = open_window(qtbot, fresh_db)
    window.open_session(session_id)
    assert window.stack.currentWidget() is window.planner
    window.run_action.trigger()
    assert window.stack.currentWidget() is window.run_screen
    assert window.run_screen.session_id == session_id
