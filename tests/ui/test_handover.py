"""The handover panel: suggestions accepted, holders confirm, a retrospective after a full
rotation; big enough for a projector."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt

from facilitator import rota
from facilitator.clock import FakeClock, iso
from facilitator.demo import add_demo
from facilitator.errors import WriteFailedError
from facilitator.model import Learning, Phase, RotationRules
from facilitator.store import assignments, captures, sessions, teams
from ui.screens.handover import HandoverDialog, HandoverPanel


@pytest.fixture
def planned(fresh_db):
    """The demo team with a new planned session after its history."""
    sample = add_demo(fresh_db, today=date(2026, 3, 4))
    team_id = sessions.get_session(fresh_db, sample).team_id
    new = sessions.create_session(
        fresh_db, team_id, "Shadow mode, week one", planned_date="2026-03-09"
    )
    return fresh_db, new.id


def show(qtbot, panel: HandoverPanel) -> HandoverPanel:
    qtbot.addWidget(panel)
    panel.resize(1366, 768)
    panel.show()
    panel.activateWindow()
    qtbot.waitUntil(panel.isActiveWindow)  # shortcuts work in the active window only
    return panel


def test_suggestions_are_accepted_then_each_holder_confirms(qtbot, planned) -> None:
    database, sid = planned
    clock = FakeClock()
    panel = show(qtbot, HandoverPanel(database, sid, clock=clock))
    assert panel.accept_button.isVisible()
    assert all(not r.button.isEnabled() for r in panel.rows)
    with qtbot.waitSignal(panel.roles_did_change):
        qtbot.mouseClick(panel.accept_button, Qt.MouseButton.LeftButton)
    assert not panel.accept_button.isVisible()
    assert len(panel.rows) == 5 and all(r.button.isEnabled() for r in panel.rows)
    assert panel.progress.text() == "0 of 5 confirmed"

    qtbot.mouseClick(panel.rows[0].button, Qt.MouseButton.LeftButton)
    stored = [a for a in assignments.for_session(database, sid) if not a.ended_at]
    assert [a.confirmed_at for a in stored].count(iso(clock.now())) == 1
    assert panel.progress.text() == "1 of 5 confirmed"
    assert panel.current == 1  # on to the next holder
    # The number keys confirm too; the last confirmation ends the handover.
    for key in (Qt.Key.Key_2, Qt.Key.Key_3, Qt.Key.Key_4):
        qtbot.keyClick(panel, key)
    with qtbot.waitSignal(panel.handover_did_finish, timeout=1000):
        qtbot.keyClick(panel, Qt.Key.Key_5)
    assert panel.is_done() and panel.progress.text() == "Everyone has confirmed ✓"
    assert all(a.confirmed_at for a in assignments.for_session(database, sid) if not a.ended_at)
    assert panel.confirm(0) is False  # nothing left to confirm


def test_the_selected_role_shows_its_brief_behaviours_and_opening_line(qtbot, planned) -> None:
    database, sid = planned
    rota.accept(database, rota.suggest_for_session(database, sid))
    panel = show(qtbot, HandoverPanel(database, sid))
    roles = {
        r.name: r for r in teams.list_roles(database, sessions.get_session(database, sid).team_id)
    }
    panel.select(2)
    assert panel.detail.role_label.text() == "Scribe"
    assert panel.detail.brief.text() == roles["Scribe"].brief
    assert roles["Scribe"].behaviours[0] in panel.detail.behaviours.text()
    assert roles["Scribe"].opening_line in panel.detail.opening.text()
    assert panel.detail.why.text().startswith("Why ")
    assert "(suggested on " in panel.detail.why.text()  # still true after a sync
    panel.rows[2].button.setFocus()
    qtbot.keyClick(panel.rows[2].button, Qt.Key.Key_Down)
    assert panel.current == 3
    # Projector-sized type: holders' names are large.
    assert panel.rows[0].holder_label.font().pointSize() >= 20
    assert panel.detail.holder_label.font().pointSize() >= 26


def test_accessible_names_on_every_button(qtbot, planned) -> None:
    database, sid = planned
    rota.accept(database, rota.suggest_for_session(database, sid))
    panel = show(qtbot, HandoverPanel(database, sid))
    assert all(r.button.accessibleName().startswith("Confirm ") for r in panel.rows)


def test_a_full_rotation_prompts_a_retrospective_kept_as_a_learning(
    qtbot, planned, monkeypatch, _no_blocking_dialogs
) -> None:
    database, sid = planned
    rota.accept(database, rota.suggest_for_session(database, sid))
    panel = show(qtbot, HandoverPanel(database, sid))
    assert panel.retro.isVisible()
    assert "Everyone has now held a role since 9 Feb 2026" in panel.retro_label.text()
    assert "in the team." in panel.retro_label.text()  # the team's, not only who is here
    qtbot.mouseClick(panel.retro_open, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(panel.retro_text, "Rotate the scribe at half time")
    qtbot.keyClicks(panel.retro_text, " 2")  # a digit typed here confirms nobody
    assert not any(a.confirmed_at for a in assignments.for_session(database, sid))
    qtbot.keyClick(panel.retro_text, Qt.Key.Key_Backspace)
    qtbot.keyClick(panel.retro_text, Qt.Key.Key_Backspace)

    # A failed write keeps the words in the box and says so.
    def failing(*args, **kwargs):
        raise WriteFailedError("Could not save: the disk is full. Nothing was changed.")

    original = rota.record_review
    monkeypatch.setattr(rota, "record_review", failing)
    qtbot.mouseClick(panel.retro_save, Qt.MouseButton.LeftButton)
    monkeypatch.setattr(rota, "record_review", original)
    shown = [text for _title, text in _no_blocking_dialogs]
    assert shown and "disk is full" in shown[0]
    assert panel.retro_text.toPlainText() == "Rotate the scribe at half time"
    panel.retro_text.setFocus()
    with qtbot.waitSignal(panel.retrospective_did_finish, timeout=1000):
        qtbot.keyClick(panel.retro_text, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    texts = [lr.text for lr in captures.list_for_session(database, Learning, sid)]
    assert texts == ["Rota retrospective: Rotate the scribe at half time"]
    assert not panel.retro.isVisible() and panel.retro_done.isVisible()
    panel.refresh()
    assert not panel.retro.isVisible()


def test_skipping_the_retrospective_is_remembered(qtbot, planned) -> None:
    database, sid = planned
    rota.accept(database, rota.suggest_for_session(database, sid))
    panel = show(qtbot, HandoverPanel(database, sid))
    with qtbot.waitSignal(panel.retrospective_did_finish):
        qtbot.mouseClick(panel.retro_skip, Qt.MouseButton.LeftButton)
    assert rota.review_due(database, sid) is None
    assert captures.list_for_session(database, Learning, sid) == []


def test_per_phase_handover_shows_the_agenda_items_holders(qtbot, fresh_db) -> None:
    team = teams.create_team(fresh_db, "Ops")
    for name in ("Ann", "Bo", "Cy", "Dee", "Eve", "Flo"):
        teams.add_participant(fresh_db, team.id, name)
    teams.set_rotation_rules(fresh_db, team.id, RotationRules(per_phase=True))
    session = sessions.create_session(fresh_db, team.id, "Weekly", planned_date="2026-03-02")
    phases = sessions.add_phases(
        fresh_db,
        [
            Phase(session.id, 0, "Check-in", 300, group_id="a", group_title="Check-in"),
            Phase(session.id, 1, "Alone", 60, group_id="b", group_title="1-2-4-All"),
            Phase(session.id, 2, "Pairs", 120, group_id="b", group_title="1-2-4-All"),
        ],
    )
    rota.accept(fresh_db, rota.suggest_for_session(fresh_db, session.id))
    first = show(qtbot, HandoverPanel(fresh_db, session.id, phases[0].id))
    second = show(qtbot, HandoverPanel(fresh_db, session.id, phases[2].id))
    assert "Check-in" in first.title.text() and "1-2-4-All" in second.title.text()
    assert [r.item.holder.id for r in first.rows] != [r.item.holder.id for r in second.rows]


def test_dialog_offers_continue_when_done(qtbot, planned) -> None:
    database, sid = planned
    rota.accept(database, rota.suggest_for_session(database, sid))
    dialog = HandoverDialog(database, sid, clock=FakeClock())
    qtbot.addWidget(dialog)
    dialog.show()
    for i in range(5):
        dialog.panel.confirm(i)
    assert dialog.close_button.text() == "Done — continue"
    assert dialog.close_button.isDefault()
