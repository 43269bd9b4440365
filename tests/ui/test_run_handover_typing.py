"""Typing while the handover shows over the run screen: text meant for the capture box
never becomes a run action. Ctrl+1 … Ctrl+5 close the handover (the round waits) and put
the cursor in the capture box; letters typed into the handover itself hold back its Space
and number keys, so they neither start the round nor confirm a holder, and no key of that
text reaches the run screen's one-key shortcuts."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from facilitator import rota
from facilitator.model import PhaseMode
from facilitator.store import assignments, runs
from facilitator.timer import TimerState
from tests.facilitator.run_fixtures import make_session
from tests.ui.test_run_handover import _screen
from tests.ui.windows import open_window
from ui.screens.capture_panel import CapturePanel
from ui.screens.handover import TYPING_PAUSE, HandoverDialog


def _type(qtbot, window, text: str) -> None:  # noqa: ANN001
    """Each key to whatever has the keyboard then, as a person typing on would."""
    for letter in text:
        QTest.keyClicks(QApplication.focusWidget() or QApplication.activeWindow() or window, letter)


def _up(qtbot, dialog: HandoverDialog | None) -> HandoverDialog:  # noqa: ANN001
    """The handover as it opened: the active window, its keyboard where it put it."""
    assert dialog is not None and dialog.isVisible()
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def _confirmed(database, session_id: str) -> list[str]:  # noqa: ANN001
    return [a.id for a in assignments.for_session(database, session_id) if a.confirmed_at]


def test_ctrl_3_in_the_handover_captures_an_action_and_the_round_waits(qtbot, fresh_db) -> None:
    session_id, _ = make_session(fresh_db, [120] * 3, present=5, modes=[PhaseMode.OPEN] * 3)
    rota.accept(fresh_db, rota.suggest_for_session(fresh_db, session_id))
    window = open_window(qtbot, fresh_db)
    window.run_session(session_id)
    screen = window.run_screen
    screen.setFocus()
    qtbot.keyClick(screen, Qt.Key.Key_Space)  # roles due: the handover, before the clock
    dialog = _up(qtbot, screen.handover_dialog)
    QTest.keyClick(
        QApplication.focusWidget() or dialog, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier
    )
    assert screen.handover_dialog is None
    qtbot.waitUntil(window.isActiveWindow)
    panel = screen.findChild(CapturePanel)
    assert QApplication.focusWidget() is panel.entry
    assert panel.kind == "action"
    _type(qtbot, window, "Order new pallets")
    assert panel.entry.toPlainText() == "Order new pallets"
    assert runs.timer_events(fresh_db, session_id) == []  # no start, skip, pause nor turn
    assert screen.run.timer.state is TimerState.NOT_STARTED
    assert screen.run.timer.index == 0
    assert not screen.projector.room_on
    assert not screen.mini_timer.isVisible()


def test_typing_into_the_handover_neither_starts_the_round_nor_confirms(qtbot, fresh_db) -> None:
    screen, session_id, _ = _screen(qtbot, fresh_db)
    screen.toggle()
    dialog = _up(qtbot, screen.handover_dialog)
    _type(qtbot, dialog, "Order 3 new pallets")
    assert screen.handover_dialog is dialog and dialog.isVisible()
    assert screen.run.timer.state is TimerState.NOT_STARTED
    assert runs.timer_events(fresh_db, session_id) == []
    assert _confirmed(fresh_db, session_id) == []  # the 3 was typing, not holder 3
    assert "Ctrl+1 … Ctrl+5" in dialog.hint.text()  # where typing goes
    QTest.keyClick(QApplication.focusWidget() or dialog, Qt.Key.Key_Space)
    assert screen.run.timer.state is TimerState.NOT_STARTED
    assert "Space did not start the round: you were typing" in dialog.hint.text()
    QTest.keyClick(QApplication.focusWidget() or dialog, Qt.Key.Key_Space)  # again: meant
    assert screen.handover_dialog is None
    assert screen.run.timer.state is TimerState.RUNNING


def test_after_a_pause_in_typing_space_and_numbers_act_again(qtbot, fresh_db) -> None:
    screen, session_id, _ = _screen(qtbot, fresh_db)
    screen.toggle()
    dialog = _up(qtbot, screen.handover_dialog)
    _type(qtbot, dialog, "x")
    screen.clock.advance(TYPING_PAUSE)
    QTest.keyClick(QApplication.focusWidget() or dialog, Qt.Key.Key_1)
    assert len(_confirmed(fresh_db, session_id)) >= 1  # holder 1 is ready
    QTest.keyClick(QApplication.focusWidget() or dialog, Qt.Key.Key_Space)
    assert screen.handover_dialog is None
    assert screen.run.timer.state is TimerState.RUNNING
