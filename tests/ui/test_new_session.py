"""The New session dialog proposes what works: the next sensible start on the room's clock,
the team used last, a start typed however it comes, and a template's time available."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QDate, Qt

from facilitator import planning
from facilitator.clock import FakeClock
from facilitator.store import sessions, teams
from tests.ui.windows import open_window
from ui.screens.new_session import NewSessionDialog

LONDON = ZoneInfo("Europe/London")


@pytest.fixture(autouse=True)
def room_in_london(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """This computer's clock in Europe/London for the duration of a test."""
    monkeypatch.setenv("TZ", "Europe/London")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def _at(clock: str) -> FakeClock:
    return FakeClock(datetime.fromisoformat(clock).replace(tzinfo=LONDON))


def _dialog(qtbot, database, clock: FakeClock, team_id: str | None = None) -> NewSessionDialog:
    dialog = NewSessionDialog(database, team_id, clock=clock)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


@pytest.fixture
def two_teams(fresh_db):
    """Alpha (first by name) and Zeta, whose session was made last."""
    alpha = teams.create_team(fresh_db, "Alpha test team")
    zeta = teams.create_team(fresh_db, "Zeta operations")
    for team, made in ((alpha, "09:00"), (zeta, "10:00")):
        teams.add_participant(fresh_db, team.id, f"Someone in {team.name}")
        session = planning.create_session(fresh_db, team.id, f"{team.name} weekly").value
        stamp = f"2026-03-01T{made}:00.000+00:00"
        sessions.update_session(fresh_db, replace(session, created_at=stamp))
    return alpha, zeta


def test_late_in_the_day_the_session_is_proposed_for_tomorrow_morning(
    qtbot, fresh_db, two_teams
) -> None:
    dialog = _dialog(qtbot, fresh_db, _at("2026-03-02 17:45"))
    assert dialog.date_edit.date() == QDate(2026, 3, 3)
    assert dialog.start_edit.text() == "09:00"


def test_during_the_day_the_next_half_hour_with_time_to_set_up(qtbot, fresh_db, two_teams) -> None:
    dialog = _dialog(qtbot, fresh_db, _at("2026-03-02 10:20"))
    assert dialog.date_edit.date() == QDate(2026, 3, 2)
    assert dialog.start_edit.text() == "11:00"


def test_the_team_used_last_is_proposed_not_the_first_by_name(qtbot, fresh_db, two_teams) -> None:
    alpha, zeta = two_teams
    dialog = _dialog(qtbot, fresh_db, _at("2026-03-02 10:20"))
    assert dialog.team.currentData() == zeta.id
    assert _dialog(qtbot, fresh_db, _at("2026-03-02 10:20"), alpha.id).team.currentData() == (
        alpha.id
    )


def test_ctrl_n_from_every_team_proposes_the_team_used_last(qtbot, fresh_db, two_teams) -> None:
    _, zeta = two_teams
    window = open_window(qtbot, fresh_db)
    window.run_clock = _at("2026-03-02 10:20")
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = window.dialog
    assert isinstance(dialog, NewSessionDialog)
    assert dialog.team.currentData() == zeta.id
    assert dialog.start_edit.text() == "11:00"


def test_a_start_typed_however_it_comes_is_the_one_planned(qtbot, fresh_db, two_teams) -> None:
    _, zeta = two_teams
    dialog = _dialog(qtbot, fresh_db, _at("2026-03-02 10:20"))
    dialog.title.setText("Pause or push on")
    edit = dialog.start_edit.edit
    edit.setFocus()
    edit.setCursorPosition(5)  # at the end: the first key still replaces the time proposed
    qtbot.keyClicks(edit, "2pm")
    assert dialog.start_edit.hint.text() == "= 14:00"
    with qtbot.waitSignal(dialog.created) as created:
        dialog.create_button.click()
    made = sessions.get_session(fresh_db, created.args[0])
    assert (made.planned_date, made.planned_start) == ("2026-03-02", "14:00")
    assert made.team_id == zeta.id


def test_a_start_that_is_not_a_time_is_refused_and_kept(qtbot, fresh_db, two_teams) -> None:
    dialog = _dialog(qtbot, fresh_db, _at("2026-03-02 10:20"))
    dialog.title.setText("Pause or push on")
    before = len(planning.list_sessions(fresh_db))
    edit = dialog.start_edit.edit
    edit.setFocus()
    qtbot.keyClicks(edit, "25:00")
    assert dialog.start_edit.hint.text() == "not a time"
    dialog.create_button.click()
    assert "not a time of day" in dialog.when_error.text()
    assert edit.text() == "25:00" and dialog.isVisible()
    assert len(planning.list_sessions(fresh_db)) == before


def test_a_session_from_a_template_gets_its_time_available(qtbot, fresh_db, two_teams) -> None:
    _, zeta = two_teams
    source = planning.list_sessions(fresh_db, zeta.id)[0]
    planning.edit_session(fresh_db, source.id, available_min=75)
    planning.add_format(fresh_db, source.id, "check-in")
    phases = planning.list_phases(fresh_db, source.id)
    saved = planning.save_template(fresh_db, zeta.id, "Our weekly", phases).value
    dialog = _dialog(qtbot, fresh_db, _at("2026-03-02 10:20"), zeta.id)
    dialog.title.setText("Next week")
    dialog.template.setCurrentIndex(dialog.template.findData(saved.id))
    with qtbot.waitSignal(dialog.created) as created:
        dialog.create_button.click()
    assert sessions.get_session(fresh_db, created.args[0]).available_min == 75
