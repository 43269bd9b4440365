"""Handover in the run: at the start and when holders change, the run screen and the
projector show who now holds which role, with the role's brief; holders confirm."""

from __future__ import annotations

from PySide6.QtCore import Qt

from facilitator import rota
from facilitator.clock import FakeClock
from facilitator.model import PhaseMode
from facilitator.store import assignments
from tests.facilitator.run_fixtures import make_session
from ui.screens.run import RunScreen
from ui.sound import CuePlayer


def _screen(qtbot, database):
    session_id, people = make_session(
        database, [120, 120, 120], present=5, modes=[PhaseMode.OPEN] * 3
    )
    rota.accept(database, rota.suggest_for_session(database, session_id))
    screen = RunScreen(database, session_id, clock=FakeClock(), player=CuePlayer(enabled=False))
    qtbot.addWidget(screen)
    screen.resize(1366, 720)
    screen.show()
    return screen, session_id, people


def test_starting_the_session_hands_over_the_roles_on_screen_and_projector(qtbot, fresh_db) -> None:
    screen, session_id, _ = _screen(qtbot, fresh_db)
    screen.open_projector()
    screen.toggle()  # Space: the first phase starts
    dialog = screen.handover_dialog
    assert dialog is not None and dialog.isVisible()
    assert screen.presenter is not None and screen.presenter.showing_handover
    text = screen.presenter.handover.text()
    assert "Facilitator" in text and "Timekeeper" in text
    assert "Guides the group" in text  # the role's brief, for the room

    panel = dialog.panel
    for index in range(len(panel.rows)):
        panel.confirm(index)
    stored = assignments.for_session(fresh_db, session_id)
    assert stored and all(a.confirmed_at for a in stored if not a.ended_at)
    dialog.accept()
    assert screen.handover_dialog is None
    assert not screen.presenter.showing_handover  # back to the timer for the room


def test_a_new_holder_at_a_phase_change_is_handed_over_again(qtbot, fresh_db) -> None:
    screen, session_id, people = _screen(qtbot, fresh_db)
    screen.toggle()
    screen.handover_dialog.accept()
    hand = rota.handover(fresh_db, session_id)
    role = hand.items[0]
    newcomer = next(p for p in people if p != role.holder.id)
    rota.reassign(fresh_db, session_id, role.role.id, newcomer, "Amara had to step out")
    screen.next_phase()  # N
    assert screen.handover_dialog is not None and screen.handover_dialog.isVisible()
    screen.handover_dialog.accept()
    screen.next_phase()  # nobody changed: no handover
    assert screen.handover_dialog is None


def test_the_handover_does_not_stop_the_clock(qtbot, fresh_db) -> None:
    screen, _, _ = _screen(qtbot, fresh_db)
    screen.toggle()
    screen.clock.advance(30)
    screen.refresh()
    assert screen.time.text() == "1:30"
    qtbot.keyClick(screen.handover_dialog, Qt.Key.Key_Escape)
    assert screen.handover_dialog is None
