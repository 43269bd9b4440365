"""Ctrl+Q while a session runs asks first (Quit / Keep running); otherwise it quits at once."""

from __future__ import annotations

from PySide6.QtCore import Qt

from facilitator.model import SessionStatus
from facilitator.store import sessions
from tests.facilitator.run_fixtures import make_session
from tests.ui.windows import open_window

CTRL = Qt.KeyboardModifier.ControlModifier


def _running(qtbot, database):  # noqa: ANN001, ANN202
    session_id, _ = make_session(database, [300])
    window = open_window(qtbot, database)
    window.run_session(session_id)
    screen = window.run_screen
    screen.setFocus()
    qtbot.keyClick(screen, Qt.Key.Key_Space)
    if screen.handover_dialog is not None:
        screen.handover_dialog.accept()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    assert sessions.get_session(database, session_id).status is SessionStatus.RUNNING
    return window, session_id


def test_ctrl_q_mid_session_asks_and_keep_running_keeps_it(qtbot, fresh_db, answer) -> None:  # noqa: ANN001
    replies, seen = answer
    window, session_id = _running(qtbot, fresh_db)
    replies.append("Keep running")
    qtbot.keyClick(window.run_screen, Qt.Key.Key_Q, CTRL)
    assert seen == [
        "A session is running. Quit anyway?\nThe clock keeps its time and you can resume."
    ]
    assert window.isVisible()
    assert sessions.get_session(fresh_db, session_id).status is SessionStatus.RUNNING
    replies.append("Quit")
    window.quit_action.trigger()
    assert len(seen) == 2 and not window.isVisible()
    assert sessions.get_session(fresh_db, session_id).status is SessionStatus.RUNNING


def test_ctrl_q_quits_at_once_when_no_session_runs(qtbot, fresh_db, answer) -> None:  # noqa: ANN001
    _replies, seen = answer  # an unexpected question fails the test
    window = open_window(qtbot, fresh_db)
    qtbot.keyClick(window.home, Qt.Key.Key_Q, CTRL)
    assert seen == [] and not window.isVisible()
