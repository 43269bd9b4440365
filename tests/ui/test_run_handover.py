"""Handover in the run, without surprises: at the start it comes before the clock; when the
holders change mid-session a bar offers it and the round pauses while it shows; it never
opens unasked nor takes the run's keys; the room's projector shows the roles meanwhile."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtTest import QTest

from facilitator import rota
from facilitator.clock import FakeClock
from facilitator.model import PhaseMode
from facilitator.store import assignments
from facilitator.timer import TimerState
from tests.facilitator.run_fixtures import make_session
from tests.ui.test_run_keys import press
from ui.screens.handover import HandoverDialog
from ui.screens.run import RunScreen
from ui.sound import CuePlayer


def _screen(qtbot, database, phases=3):
    session_id, people = make_session(
        database, [120] * phases, present=5, modes=[PhaseMode.OPEN] * phases
    )
    rota.accept(database, rota.suggest_for_session(database, session_id))
    screen = RunScreen(database, session_id, clock=FakeClock(), player=CuePlayer(enabled=False))
    qtbot.addWidget(screen)
    screen.resize(1366, 720)
    screen.show()
    _activate(qtbot, screen)
    return screen, session_id, people


def _activate(qtbot, widget) -> None:
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow)
    widget.setFocus()


def _started(qtbot, screen: RunScreen) -> None:
    """Space, and the handover it brings closed with "Start the round"."""
    screen.toggle()
    screen.handover_dialog.accept()
    _activate(qtbot, screen)
    assert screen.run.timer.state is TimerState.RUNNING


def test_space_hands_the_roles_over_before_the_clock_starts(qtbot, fresh_db) -> None:
    screen, session_id, _ = _screen(qtbot, fresh_db)
    screen.open_projector()
    _activate(qtbot, screen)
    press(screen, "Space")
    dialog = screen.handover_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.windowModality() is Qt.WindowModality.NonModal
    assert screen.run.timer.state is TimerState.NOT_STARTED
    screen.clock.advance(30)
    screen.refresh()
    assert screen.time.text() == "2:00"  # nothing runs behind the handover
    assert screen.presenter is not None and screen.presenter.showing_handover
    text = screen.presenter.handover.text()
    assert "Facilitator" in text and "Guides the group" in text  # the role's brief, for the room

    panel = dialog.panel
    assert dialog.close_button.text() == "Start the round  (Space)"
    for index in range(len(panel.rows)):
        panel.confirm(index)
    stored = assignments.for_session(fresh_db, session_id)
    assert stored and all(a.confirmed_at for a in stored if not a.ended_at)
    assert dialog.close_button.text() == "Done — start the round  (Space)"
    _activate(qtbot, dialog)
    QTest.keyClick(dialog, Qt.Key.Key_Space)
    assert screen.handover_dialog is None
    assert screen.run.timer.state is TimerState.RUNNING
    assert not screen.presenter.showing_handover  # back to the timer for the room


def test_esc_leaves_the_round_waiting_and_the_next_space_starts_it(qtbot, fresh_db) -> None:
    screen, _, _ = _screen(qtbot, fresh_db)
    press(screen, "Space")
    dialog = screen.handover_dialog
    _activate(qtbot, dialog)
    QTest.keyClick(dialog, Qt.Key.Key_Escape)
    assert screen.handover_dialog is None
    assert screen.run.timer.state is TimerState.NOT_STARTED
    _activate(qtbot, screen)
    press(screen, "Space")  # handed over already: the round starts
    assert screen.handover_dialog is None
    assert screen.run.timer.state is TimerState.RUNNING


def test_space_on_the_run_screen_while_the_handover_shows_goes_on(qtbot, fresh_db) -> None:
    screen, _, _ = _screen(qtbot, fresh_db)
    press(screen, "Space")
    assert screen.handover_dialog is not None
    _activate(qtbot, screen)  # the handover is not modal: the run screen still has its keys
    press(screen, "Space")
    assert screen.handover_dialog is None
    assert screen.run.timer.state is TimerState.RUNNING


def test_a_role_change_mid_session_never_pops_up_nor_swallows_n(qtbot, fresh_db) -> None:
    screen, session_id, people = _screen(qtbot, fresh_db, phases=8)
    _started(qtbot, screen)
    role = rota.handover(fresh_db, session_id).items[0]
    newcomer = next(p for p in people if p != role.holder.id)
    rota.reassign(fresh_db, session_id, role.role.id, newcomer, "Amara had to step out")
    for _ in range(6):
        press(screen.focusWidget() or screen, "N")
    assert screen.run.timer.index == 6  # six presses, six phases
    assert screen.handover_dialog is None
    assert screen.handover.bar.isVisible()
    assert "Roles changed" in screen.handover.bar.text.text()
    assert screen.run.timer.state is TimerState.RUNNING

    press(screen.focusWidget() or screen, "H")  # asked for: the round pauses while it shows
    dialog = screen.handover_dialog
    assert dialog is not None and dialog.isVisible()
    assert screen.run.timer.state is TimerState.PAUSED
    assert "Paused" in screen.state_badge.text()
    assert not screen.handover.bar.isVisible()
    assert dialog.close_button.text() == "Resume the round  (Space)"
    _activate(qtbot, dialog)
    QTest.keyClick(dialog, Qt.Key.Key_Space)
    assert screen.handover_dialog is None
    assert screen.run.timer.state is TimerState.RUNNING


def test_no_change_no_handover_and_closing_it_keeps_the_pause(qtbot, fresh_db) -> None:
    screen, _, _ = _screen(qtbot, fresh_db)
    _started(qtbot, screen)
    press(screen, "N")  # nobody changed
    assert screen.handover_dialog is None and not screen.handover.bar.isVisible()
    press(screen, "H")
    _activate(qtbot, screen.handover_dialog)
    QTest.keyClick(screen.handover_dialog, Qt.Key.Key_Escape)
    assert screen.handover_dialog is None
    assert screen.run.timer.state is TimerState.PAUSED  # Esc: the round waits for Space


@pytest.mark.parametrize("size", [(1366, 768), (1280, 720)])
def test_the_handover_fits_a_small_screen_close_button_and_all(qtbot, fresh_db, size) -> None:
    session_id, _ = make_session(fresh_db, [120], present=6)
    rota.accept(fresh_db, rota.suggest_for_session(fresh_db, session_id))
    dialog = HandoverDialog(fresh_db, session_id, clock=FakeClock(), go_on="start the round")
    qtbot.addWidget(dialog)
    screen = QRect(0, 0, *size)
    dialog.fit_within(screen, QSize(1366, 800))  # the size of the window it opens over
    dialog.show()
    qtbot.waitExposed(dialog)
    assert screen.contains(dialog.frameGeometry())
    for button in (dialog.close_button, dialog.back_button):
        corner = button.mapToGlobal(button.rect().bottomRight())
        assert button.isVisible() and screen.contains(corner), button.text()
    assert dialog.minimumSizeHint().height() <= size[1] - 48


def test_ctrl_h_hands_over_on_the_run_screen_as_in_the_roles_window(qtbot, fresh_db) -> None:
    screen, _, _ = _screen(qtbot, fresh_db)
    _started(qtbot, screen)
    QTest.keyClick(screen, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier)
    assert screen.handover_dialog is not None and screen.handover_dialog.isVisible()
    assert screen.run.timer.state is TimerState.PAUSED
