"""Text typed where no text field takes it, on the run screen or the handover over it, never
becomes run actions. Ctrl+1 … Ctrl+5 close the handover (the round waits) and put the
cursor in the capture box; letters typed into the handover hold back its Space and number
keys, so they neither start the round nor confirm a holder; on the run screen they hold
back its one-key shortcuts (next phase, next speaker, the projector...). After a pause in
typing, or with a second Space, the keys act again."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from facilitator import rota
from facilitator.clock import FakeClock
from facilitator.model import PhaseMode
from facilitator.store import assignments, runs
from facilitator.timer import TimerState
from tests.facilitator.run_fixtures import make_session
from tests.ui.test_run_handover import _screen
from tests.ui.windows import open_window
from ui.screens.capture_panel import CapturePanel
from ui.screens.handover import HandoverDialog
from ui.screens.run import RunScreen
from ui.sound import CuePlayer
from ui.typing_guard import TYPING_PAUSE


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
    _type(qtbot, dialog, "q")
    screen.clock.advance(TYPING_PAUSE)
    QTest.keyClick(QApplication.focusWidget() or dialog, Qt.Key.Key_1)
    assert len(_confirmed(fresh_db, session_id)) >= 1  # holder 1 is ready
    QTest.keyClick(QApplication.focusWidget() or dialog, Qt.Key.Key_Space)
    assert screen.handover_dialog is None
    assert screen.run.timer.state is TimerState.RUNNING


def _run_screen(qtbot, database):  # noqa: ANN001, ANN202
    """A run screen with its roles handed over and the round running, keys on it."""
    screen, session_id, _ = _screen(qtbot, database)
    screen.toggle()
    screen.handover_dialog.accept()
    screen.activateWindow()
    qtbot.waitUntil(screen.isActiveWindow)
    screen.setFocus()
    assert screen.run.timer.state is TimerState.RUNNING
    return screen, session_id


def test_text_typed_on_the_run_screen_fires_none_of_its_keys(qtbot, fresh_db) -> None:
    screen, session_id = _run_screen(qtbot, fresh_db)
    events = len(runs.timer_events(fresh_db, session_id))
    _type(qtbot, screen, "Order 3 new pallets + spare parts")  # r, n, p, s, t, 3, +, Space
    assert len(runs.timer_events(fresh_db, session_id)) == events  # no pause, skip nor turn
    assert screen.run.timer.state is TimerState.RUNNING
    assert screen.run.timer.index == 0
    assert not screen.projector.room_on and not screen.mini_timer.isVisible()
    assert not screen.review_side.is_open()
    assert "Ctrl+1 … Ctrl+5" in screen.notice.text()  # where typing goes


def test_after_typing_a_pause_or_a_second_space_lets_the_keys_act(qtbot, fresh_db) -> None:
    screen, _ = _run_screen(qtbot, fresh_db)
    _type(qtbot, screen, "ok")
    QTest.keyClick(QApplication.focusWidget() or screen, Qt.Key.Key_Space)
    assert screen.run.timer.state is TimerState.RUNNING  # held: part of the typing
    assert "Press Space again" in screen.notice.text()
    QTest.keyClick(QApplication.focusWidget() or screen, Qt.Key.Key_Space)
    assert screen.run.timer.state is TimerState.PAUSED  # the second one is meant
    _type(qtbot, screen, "q")
    screen.clock.advance(TYPING_PAUSE)
    QTest.keyClick(QApplication.focusWidget() or screen, Qt.Key.Key_N)
    assert screen.run.timer.index == 1  # a pause in typing: N is the next phase again


def test_a_digit_out_of_open_discussion_is_not_taken_for_typing(qtbot, fresh_db) -> None:
    session_id, _ = make_session(fresh_db, [120, 120], present=4, modes=[PhaseMode.ROUND_ROBIN] * 2)
    screen = RunScreen(fresh_db, session_id, clock=FakeClock(), player=CuePlayer(enabled=False))
    qtbot.addWidget(screen)
    screen.show()
    screen.activateWindow()
    qtbot.waitUntil(screen.isActiveWindow)
    screen.setFocus()
    QTest.keyClick(screen, Qt.Key.Key_3)  # no speaker keys in a round-robin: nothing at all
    assert screen.notice.isHidden()
    QTest.keyClick(screen, Qt.Key.Key_N)
    assert screen.run.timer.index == 1  # and no typing held N back


def test_x_lists_who_is_here_to_mark_stepped_out(qtbot, fresh_db) -> None:
    from PySide6.QtCore import QTimer

    screen, _ = _run_screen(qtbot, fresh_db)  # open discussion: speakers are followed
    seen: list[str] = []

    def read_and_choose() -> None:
        menu = QApplication.activePopupWidget()
        assert menu is not None
        actions = menu.actions()
        seen.extend(a.text() for a in actions)
        actions[1].trigger()  # the second person stepped out
        menu.close()

    QTimer.singleShot(0, read_and_choose)
    QTest.keyClick(QApplication.focusWidget() or screen, Qt.Key.Key_X)
    assert len(seen) == 5 and all(text.endswith(" stepped out") for text in seen)
    names = {p.id: p.name for p in screen.run.view().present}
    assert [names[pid] for pid in screen.run.view().stepped_out] == [
        seen[1].removesuffix(" stepped out")
    ]


def test_x_where_nobody_is_followed_says_where_it_works(qtbot, fresh_db) -> None:
    session_id, _ = make_session(fresh_db, [120, 120], present=3, modes=[PhaseMode.SILENT] * 2)
    screen = RunScreen(fresh_db, session_id, clock=FakeClock(), player=CuePlayer(enabled=False))
    qtbot.addWidget(screen)
    screen.show()
    screen.setFocus()
    screen.stepped_out_key()
    assert screen.error_bar.isVisible()
    assert "round-robin and open discussion" in screen.error_bar.text.text()
