"""Bad input in the planner and the roster: each gets a clear inline message, the typed text
stays, nothing is half-stored, nothing crashes."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QLineEdit

from facilitator import agenda, formats
from facilitator import planning as planning_actions
from facilitator.store import planning, sessions, teams
from ui import file_dialogs, ops
from ui.models.agenda_model import COL_DURATION, COL_PER, COL_TITLE
from ui.models.participants_model import COL_NAME
from ui.screens.planner import PlannerScreen
from ui.screens.roster import RosterScreen


@pytest.fixture
def planned(fresh_db):
    team = teams.create_team(fresh_db, "Ops")
    for name in ("Ann", "Bo", "Cy"):
        teams.add_participant(fresh_db, team.id, name)
    session = planning.create_session(
        fresh_db,
        team.id,
        "Weekly",
        planned_date="2026-03-02",
        planned_start="09:00",
        available_min=60,
    )
    phases: list = []
    for key in ("check-in", "one-two-four-all"):
        phases = agenda.insert_format(phases, formats.get_format(key), session.id, 3)
    planning.save_agenda(fresh_db, session.id, phases)
    return fresh_db, team, session


@pytest.fixture
def planner(qtbot, planned):
    database, _team, session = planned
    screen = PlannerScreen(database)
    qtbot.addWidget(screen)
    screen.resize(1366, 768)
    screen.show()
    screen.load(session.id)
    return screen


def _cell(planner, block: int, step: int, column: int):
    model = planner.agenda.model
    return model.index(step, column, model.index(block, 0))


@pytest.mark.parametrize("title", ["", "   ", "\t"])
def test_empty_session_title_is_refused_and_kept(planner, planned, title) -> None:
    database, _team, session = planned
    planner.details.title_edit.setText(title)
    planner.details.title_edit.editingFinished.emit()
    assert planner.details.title_error.text() == "Session title cannot be empty."
    assert planner.details.title_edit.text() == title
    assert sessions.get_session(database, session.id).title == "Weekly"


def test_a_refused_title_stays_when_another_screen_changes_the_session(planner, planned):
    """The planner reloads when the record changes elsewhere; what the user typed and was
    refused stays, with its reason, while the rest shows the change."""
    database, _team, session = planned
    planner.details.title_edit.setText("  ")
    planner.details.title_edit.editingFinished.emit()
    ids = planning_actions.present_ids(database, session.id)
    done = planning_actions.set_present(database, session.id, ids[:2])  # as the Roles dialog would
    ops.broadcast(done.changes)
    assert planner.details.title_edit.text() == "  "
    assert planner.details.title_error.text() == "Session title cannot be empty."
    assert "2 people present" in planner.agenda.summary_label.text()


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("0", "more than zero"),
        ("-5", "more than zero"),
        ("481", "over 8 hours"),
        ("9h", "over 8 hours"),
        ("soon", "not a duration"),
        ("", "cannot be empty"),
    ],
)
def test_bad_durations_in_the_agenda_keep_the_typed_text(
    qtbot, planner, planned, typed, message
) -> None:
    database, _team, session = planned
    before = sessions.list_phases(database, session.id)
    index = _cell(planner, 1, 3, COL_DURATION)
    assert not planner.agenda.model.setData(index, typed)
    assert message in planner.agenda.error.text()
    assert planner.agenda.error.isVisible()
    # The editor opens again on the same cell with what the user typed.
    qtbot.waitUntil(lambda: planner.tree.state() == QAbstractItemView.State.EditingState)
    editor = planner.tree.findChild(QLineEdit)
    assert editor is not None and editor.text() == typed
    assert sessions.list_phases(database, session.id) == before


def test_round_robin_length_follows_the_time_per_speaker(planner, planned) -> None:
    database, _team, session = planned
    check_in = _cell(planner, 0, 1, COL_DURATION)
    assert not planner.agenda.model.flags(check_in) & Qt.ItemFlag.ItemIsEditable
    assert not planner.agenda.model.setData(_cell(planner, 0, 1, COL_PER), "0")
    assert "Time per speaker must be more than zero" in planner.agenda.error.text()
    assert planner.agenda.model.setData(_cell(planner, 0, 1, COL_PER), "1:30")
    phase = sessions.list_phases(database, session.id)[1]
    assert (phase.per_speaker_s, phase.planned_s) == (90, 270)


@pytest.mark.parametrize("title", ["", "   ", "x" * 201])
def test_bad_phase_titles_are_refused(planner, planned, title) -> None:
    database, _team, session = planned
    assert not planner.agenda.model.setData(_cell(planner, 1, 0, COL_TITLE), title)
    assert "Phase title" in planner.agenda.error.text()
    assert sessions.list_phases(database, session.id)[2].title == "Alone"


@pytest.mark.parametrize(
    ("title", "duration", "message"),
    [
        ("", "10", "Phase title cannot be empty"),
        ("  ", "10", "Phase title cannot be empty"),
        ("Break", "0", "more than zero"),
        ("Break", "-3", "more than zero"),
        ("Break", "600", "over 8 hours"),
        ("Break", "", "cannot be empty"),
    ],
)
def test_custom_phase_bad_input(planner, planned, title, duration, message) -> None:
    database, _team, session = planned
    count = len(sessions.list_phases(database, session.id))
    planner.library.custom_title.setText(title)
    planner.library.custom_duration.setText(duration)
    planner.library.add_custom_phase()
    assert message in planner.library.custom_error.text()
    library = planner.library
    assert (library.custom_title.text(), library.custom_duration.text()) == (title, duration)
    assert len(sessions.list_phases(database, session.id)) == count


def test_custom_round_robin_phase_is_timed_per_speaker(planner, planned) -> None:
    database, _team, session = planned
    planner.library.custom_title.setText("Quick round")
    planner.library.custom_mode.setCurrentIndex(planner.library.custom_mode.findData("round_robin"))
    assert planner.library.custom_duration.text() == "1"
    planner.library.add_custom_phase()
    phase = sessions.list_phases(database, session.id)[-1]
    assert (phase.title, phase.per_speaker_s, phase.planned_s) == ("Quick round", 60, 180)
    assert planner.library.custom_title.text() == ""


def test_a_write_error_is_shown_and_the_text_stays(planner, planned) -> None:
    database, _team, session = planned
    database.read_only = True
    planner.details.title_edit.setText("Renamed")
    planner.details.title_edit.editingFinished.emit()
    assert "read-only" in planner.details.title_error.text()
    assert planner.details.title_edit.text() == "Renamed"
    planner.details.dilemma_edit.setPlainText("A dilemma typed while the disk refuses")
    planner.details.dilemma_edit.finish()
    assert "read-only" in planner.details.dilemma_error.text()
    assert planner.details.dilemma_edit.toPlainText() == "A dilemma typed while the disk refuses"
    count = planner.agenda.model.rowCount()
    planner.tree.setCurrentIndex(planner.agenda.model.index(0, 0))
    planner.agenda.remove_selected()
    assert "read-only" in planner.agenda.error.text()
    assert planner.agenda.model.rowCount() == count
    planner.attendance_list.item(0).setCheckState(Qt.CheckState.Unchecked)
    assert "read-only" in planner.attendance.error.text()
    assert planner.attendance_list.item(0).checkState() == Qt.CheckState.Checked
    database.read_only = False
    assert sessions.get_session(database, session.id).title == "Weekly"
    assert len(sessions.present_ids(database, session.id)) == 3


def test_library_search_and_purpose_filter(planner) -> None:
    planner.search_edit.setText("troika")
    keys = [
        planner.format_list.item(i).data(Qt.ItemDataRole.UserRole)
        for i in range(planner.format_list.count())
    ]
    assert keys == ["troika-consulting"]
    planner.search_edit.setText("nothing like this")
    assert planner.format_list.count() == 0
    assert not planner.library.add_format_button.isEnabled()
    assert "No format matches" in planner.library.format_details.text()
    planner.search_edit.clear()
    planner.library.purpose_combo.setCurrentIndex(planner.library.purpose_combo.findData("close"))
    keys = {
        planner.format_list.item(i).data(Qt.ItemDataRole.UserRole)
        for i in range(planner.format_list.count())
    }
    assert "check-out" in keys and all("close" in formats.get_format(k).purposes for k in keys)


def test_undo_restores_an_edit_and_a_removed_step(planner, planned) -> None:
    database, _team, session = planned
    before = sessions.list_phases(database, session.id)
    assert planner.agenda.model.setData(_cell(planner, 1, 3, COL_DURATION), "7")
    planner.tree.setCurrentIndex(_cell(planner, 1, 1, 0))
    planner.agenda.remove_selected()
    assert len(sessions.list_phases(database, session.id)) == len(before) - 1
    planner.agenda.undo()
    planner.agenda.undo()
    assert sessions.list_phases(database, session.id) == before
    planner.agenda.undo()
    assert planner.agenda.info_label.text() == "Nothing to undo."


# ---------------------------------------------------------------- roster


@pytest.fixture
def roster(qtbot, planned):
    database, team, _session = planned
    screen = RosterScreen(database)
    qtbot.addWidget(screen)
    screen.resize(1366, 768)
    screen.show()
    screen.load(team.id)
    return screen


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("", "Participant name cannot be empty."),
        ("   ", "Participant name cannot be empty."),
        ("ann", "ann is already in this team."),
        ("x" * 121, "too long"),
    ],
)
def test_bad_names_in_the_add_form(roster, planned, name, message) -> None:
    database, team, _session = planned
    roster.add_name.setText(name)
    roster.add_area.setText("Finance")
    roster.add_person()
    assert message in roster.add_error.text()
    assert roster.add_name.text() == name and roster.add_area.text() == "Finance"
    assert len(teams.list_participants(database, team.id)) == 3


def test_renaming_someone_to_a_duplicate_keeps_the_typed_text(qtbot, roster, planned) -> None:
    database, team, _session = planned
    index = roster.people_model.index(1, COL_NAME)  # Bo
    assert not roster.people_model.setData(index, "ANN")
    assert roster.people_error.text() == "ANN is already in this team."
    qtbot.waitUntil(lambda: roster.people_table.state() == QAbstractItemView.State.EditingState)
    assert roster.people_table.findChild(QLineEdit).text() == "ANN"
    assert {p.name for p in teams.list_participants(database, team.id)} == {"Ann", "Bo", "Cy"}


def test_deactivate_and_reactivate(roster, planned) -> None:
    database, team, _session = planned
    roster.people_table.selectRow(0)
    roster.toggle_active()
    assert [p.name for p in teams.list_participants(database, team.id)] == ["Bo", "Cy"]
    roster.show_inactive.setChecked(True)
    row = roster.people_model.row_of(
        next(
            p.id
            for p in teams.list_participants(database, team.id, include_inactive=True)
            if p.name == "Ann"
        )
    )
    roster.people_table.selectRow(row)
    assert roster.toggle_button.text() == "Reacti&vate"
    roster.toggle_active()
    assert len(teams.list_participants(database, team.id)) == 3


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"email,phone\na@b.c,1\n", "no 'name' column"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "This is a PDF document"),
        (b"name,area\n" + b"".join(b"P%d,A\n" % i for i in range(10_000)), "more than 500 rows"),
        (b"", "empty"),
    ],
)
def test_bad_csv_files_get_a_clear_message(
    roster, planned, tmp_path, monkeypatch, content, message
) -> None:
    database, team, _session = planned
    path = tmp_path / "people.csv"
    path.write_bytes(content)
    monkeypatch.setattr(file_dialogs, "get_open_file_name", lambda *a, **k: (str(path), ""))
    roster.choose_import_file()
    assert message in roster.people_error.text()
    assert "Nobody was added" in roster.people_error.text()
    assert roster.dialog is None
    assert len(teams.list_participants(database, team.id)) == 3


def test_csv_import_preview_then_confirm(qtbot, roster, planned, tmp_path: Path) -> None:
    database, team, _session = planned
    path = tmp_path / "people.csv"
    path.write_text(
        "\ufeffname,area\nDi,Finance\nann,IT\n ,X\nEd,Transport\nDi,IT\n", encoding="utf-8"
    )
    roster.preview_import(path)
    dialog = roster.dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.summary.text().startswith("2 people to add, 3 rows refused.")
    results = [dialog.table.item(r, 3).text() for r in range(dialog.table.rowCount())]
    assert results == [
        "Will be added",
        "Already in the team.",
        "The name is empty.",
        "Will be added",
        "Duplicate of Di on line 2.",
    ]
    assert len(teams.list_participants(database, team.id)) == 3  # nothing yet
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    names = [p.name for p in teams.list_participants(database, team.id)]
    assert names == ["Ann", "Bo", "Cy", "Di", "Ed"]
    assert "2 people imported" in roster.people_count.text()


def test_role_edits_and_bad_role_names(roster, planned) -> None:
    database, team, _session = planned
    roster.tabs.setCurrentIndex(1)
    roster.roles_tab.new_role_name.setText("  ")
    roster.roles_tab.add_role()
    assert "Role name cannot be empty" in roster.roles_tab.role_add_error.text()
    roster.roles_tab.new_role_name.setText("scribe")
    roster.roles_tab.add_role()
    assert "already has a role called 'scribe'" in roster.roles_tab.role_add_error.text()
    roster.roles_tab.role_list.setCurrentRow(0)
    roster.roles_tab.role_name.setText("Timekeeper")
    roster.roles_tab.role_name.editingFinished.emit()
    assert "already has a role" in roster.roles_tab.role_error.text()
    assert roster.roles_tab.role_name.text() == "Timekeeper"
    roster.roles_tab.role_behaviours.setPlainText("Reads the prompt aloud\n\n  Checks the time  \n")
    roster.roles_tab.role_behaviours.finish()
    roster.roles_tab.role_opening.setPlainText("I'm guiding us today.")
    roster.roles_tab.role_opening.finish()
    roster.roles_tab.role_rotates.setChecked(False)
    role = teams.list_roles(database, team.id)[0]
    assert role.name == "Facilitator"
    assert role.behaviours == ("Reads the prompt aloud", "Checks the time")
    assert role.opening_line == "I'm guiding us today." and not role.rotates
    assert roster.roles_tab.role_list.item(0).checkState() == Qt.CheckState.Unchecked


def test_team_names(roster, planned) -> None:
    database, team, _session = planned
    teams.create_team(database, "Other")
    roster.team_name.setText("other")
    roster.team_name.editingFinished.emit()
    assert "already a team called 'other'" in roster.team_error.text()
    roster.team_name.setText("  Ops   North ")
    roster.team_name.editingFinished.emit()
    assert teams.get_team(database, team.id).name == "Ops North"
    roster.show_new_team()
    roster.new_team_name.setText("")
    roster.create_team()
    assert "Team name cannot be empty" in roster.new_team_error.text()


def test_typing_a_search_selects_its_best_match_whatever_was_selected(planner) -> None:
    """A format chosen in the list, then a search it also matches (in its description):
    the best match is selected, so Enter adds what was searched for."""
    rows = planner.format_list
    checkin = next(
        i for i in range(rows.count()) if rows.item(i).data(Qt.ItemDataRole.UserRole) == "check-in"
    )
    rows.setCurrentRow(checkin)
    found = formats.search("dilemma")
    assert len(found) > 1 and found[0].key != "check-in"
    assert any(f.key == "check-in" for f in found)
    planner.search_edit.setText("dilemma")
    assert rows.currentRow() == 0
    assert planner.library.chosen().key == found[0].key
    # Present changed, the list refilled: the selection stays where the user put it.
    rows.setCurrentRow(1)
    planner.library.set_present(4)
    assert rows.currentRow() == 1
