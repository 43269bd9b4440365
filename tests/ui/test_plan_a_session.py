"""Plan a whole session by keyboard and mouse: team, roster, roles, dilemma, three formats,
reorder, remove and undo, template save and reuse; then look in the database."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication, QStyle

from facilitator import agenda, durations, formats, planning
from facilitator.model import PhaseMode, SessionStatus
from facilitator.store import sessions, teams, templates
from tests.ui.windows import open_window
from ui.models.agenda_model import COL_DURATION


def _type(qtbot, widget, text: str, enter: bool = False) -> None:
    widget.setFocus()
    widget.selectAll()
    if text.isascii():
        qtbot.keyClicks(widget, text)
    else:  # QTest types ASCII only; paste the rest as an input method would
        widget.insert(text)
    if enter:
        qtbot.keyClick(widget, Qt.Key.Key_Return)


def _leave(qtbot, widget) -> None:
    """Move the focus on, as Tab does, so the field stores what was typed."""
    widget.setFocus()
    qtbot.keyClick(widget, Qt.Key.Key_Tab)


def _headers(planner) -> list[str]:
    model = planner.agenda.model
    return [model.index(r, 0).data() for r in range(model.rowCount())]


def test_plan_a_whole_session_by_keyboard_and_mouse(qtbot, file_db) -> None:
    database = file_db
    window = open_window(qtbot, database)

    # No team yet: Ctrl+N leads to creating one first.
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    roster = window.roster
    assert window.stack.currentWidget() is roster
    assert roster.new_team_box.isVisible()
    _type(qtbot, roster.new_team_name, "   ", enter=True)
    assert "cannot be empty" in roster.new_team_error.text()
    roster.new_team_name.clear()
    _type(qtbot, roster.new_team_name, "Northside operations", enter=True)
    team = teams.find_team(database, "Northside operations")
    assert roster.team == team

    # Roster: add people by keyboard (Enter in any field adds).
    for name, area in [
        ("Priya Nair", "Customer service"),
        ("Tomasz Kowalski", "Warehouse"),
        ("Zoë Marín", "Transport"),
        ("Jonas Berg", "IT systems"),
        ("Amara Okafor", "Finance"),
    ]:
        _type(qtbot, roster.add_name, name)
        qtbot.keyClick(roster.add_name, Qt.Key.Key_Tab)
        _type(qtbot, roster.add_area, area, enter=True)
        assert not roster.add_error.isVisible()
    # A duplicate is refused inline; the typed text stays.
    _type(qtbot, roster.add_name, " priya nair ", enter=True)
    assert "already in this team" in roster.add_error.text()
    assert roster.add_name.text() == " priya nair "
    roster.add_name.clear()
    assert len(teams.list_participants(database, team.id)) == 5

    # Roles: edit a brief, add an own role, choose which rotate (mouse on the tab).
    qtbot.mouseClick(
        roster.tabs.tabBar(),
        Qt.MouseButton.LeftButton,
        pos=roster.tabs.tabBar().tabRect(1).center(),
    )
    assert roster.tabs.currentIndex() == 1
    challenger = next(
        i
        for i in range(roster.roles_tab.role_list.count())
        if roster.roles_tab.role_list.item(i).text() == "Challenger"
    )
    roster.roles_tab.role_list.setCurrentRow(challenger)
    roster.roles_tab.role_brief.setFocus()
    roster.roles_tab.role_brief.selectAll()
    qtbot.keyClicks(roster.roles_tab.role_brief, "Tests our assumptions, kindly.")
    qtbot.keyClick(
        roster.roles_tab.role_brief, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier
    )
    _type(qtbot, roster.roles_tab.new_role_name, "Customer Voice", enter=True)
    observer = next(
        i
        for i in range(roster.roles_tab.role_list.count())
        if roster.roles_tab.role_list.item(i).text() == "Process Observer"
    )
    roster.roles_tab.role_list.item(observer).setCheckState(Qt.CheckState.Checked)
    roles = {r.name: r for r in teams.list_roles(database, team.id)}
    assert roles["Challenger"].brief == "Tests our assumptions, kindly."
    assert roles["Customer Voice"].rotates and roles["Process Observer"].rotates

    # New session (mouse on the roster's button), title typed in the dialog.
    qtbot.mouseClick(roster.plan_button, Qt.MouseButton.LeftButton)
    dialog = window.dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    assert "cannot be empty" in dialog.title_error.text()
    _type(qtbot, dialog.title, "Pause or push on: the Bristol rollout")
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    planner = window.planner
    assert window.stack.currentWidget() is planner
    session = planner.session
    assert session is not None and session.status is SessionStatus.PLANNED
    assert "Planned" in planner.status_label.text()
    assert len(sessions.present_ids(database, session.id)) == 5

    # Dilemma, start time and time available.
    planner.dilemma_edit.setFocus()
    qtbot.keyClicks(
        planner.dilemma_edit, "Do we pause the Bristol rollout until Leeds recovers, or push on?"
    )
    _leave(qtbot, planner.dilemma_edit)
    # The start is typed however it comes, wherever the cursor is: "930" replaces it.
    start = planner.details.start_edit
    qtbot.mouseClick(start.edit, Qt.MouseButton.LeftButton, pos=start.edit.rect().center())
    start.edit.setCursorPosition(2)  # between the hour and the minutes
    qtbot.keyClicks(start.edit, "930")
    assert start.hint.text() == "= 09:30"
    qtbot.keyClick(start.edit, Qt.Key.Key_Return)
    assert start.text() == "09:30"
    planner.details.available_spin.setValue(45)

    # Three formats: keyboard search + Enter, purpose filter + mouse, search + mouse.
    _type(qtbot, planner.search_edit, "check-in")
    planner.format_list.setFocus()
    qtbot.keyClick(planner.format_list, Qt.Key.Key_Return)
    planner.search_edit.clear()
    planner.library.purpose_combo.setCurrentIndex(planner.library.purpose_combo.findData("decide"))
    consent = next(
        i
        for i in range(planner.format_list.count())
        if planner.format_list.item(i).data(Qt.ItemDataRole.UserRole) == "consent-decision"
    )
    planner.format_list.setCurrentRow(consent)
    qtbot.mouseClick(planner.library.add_format_button, Qt.MouseButton.LeftButton)
    planner.library.purpose_combo.setCurrentIndex(0)
    _type(qtbot, planner.search_edit, "TRIZ")
    qtbot.mouseClick(planner.library.add_format_button, Qt.MouseButton.LeftButton)
    assert _headers(planner) == ["Check-in round", "Consent decision round", "TRIZ"]
    # Steps stay grouped under the format's name.
    triz_header = planner.agenda.model.index(2, 0)
    assert planner.agenda.model.rowCount(triz_header) == 4

    # Live total, end time and the overrun warning (45 minutes available).
    phases = sessions.list_phases(database, session.id)
    total = agenda.total_s(phases)
    assert durations.length_text(total) in planner.agenda.summary_label.text()
    assert "ends" in planner.agenda.summary_label.text()
    assert planner.agenda.warning_label.isVisible()
    assert "over the 45 min" in planner.agenda.warning_label.text()

    # Reorder by keyboard: TRIZ up one place with Ctrl+Up on its name.
    planner.tree.setFocus()
    planner.tree.setCurrentIndex(triz_header)
    qtbot.keyClick(planner.tree, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
    assert _headers(planner) == ["Check-in round", "TRIZ", "Consent decision round"]
    # A step moves inside its format only.
    first_step = planner.agenda.model.index(0, 0, planner.agenda.model.index(1, 0))
    planner.tree.setCurrentIndex(first_step)
    qtbot.keyClick(planner.tree, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    triz = [p.title for p in sessions.list_phases(database, session.id) if p.group_title == "TRIZ"]
    assert triz[:2] == ["Be honest", "Make it worse"]
    # Reorder by drag: drop the check-in block at the end.
    model = planner.agenda.model
    data = model.mimeData([model.index(0, 0)])
    assert model.canDropMimeData(data, Qt.DropAction.MoveAction, 3, 0, QModelIndex())
    model.dropMimeData(data, Qt.DropAction.MoveAction, 3, 0, QModelIndex())
    assert _headers(planner) == ["TRIZ", "Consent decision round", "Check-in round"]
    # A step cannot be dragged out of its format.
    step_data = model.mimeData([model.index(0, 0, model.index(0, 0))])
    assert not model.canDropMimeData(step_data, Qt.DropAction.MoveAction, 1, 0, model.index(1, 0))

    # Remove a whole format with Delete, then Ctrl+Z restores it exactly.
    before = sessions.list_phases(database, session.id)
    planner.tree.setFocus()
    planner.tree.setCurrentIndex(model.index(1, 0))
    qtbot.keyClick(planner.tree, Qt.Key.Key_Delete)
    assert _headers(planner) == ["TRIZ", "Check-in round"]
    assert "Ctrl+Z" in planner.agenda.info_label.text()
    qtbot.keyClick(planner.tree, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert sessions.list_phases(database, session.id) == before

    # Edit a duration inline (keyboard: F2 on the cell, type, Enter).
    share = model.index(3, 3, model.index(0, 0))
    planner.tree.setCurrentIndex(share)
    qtbot.keyClick(planner.tree, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    editor.selectAll()
    qtbot.keyClicks(editor, "8")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: planner.tree.state() != QAbstractItemView.State.EditingState)
    share_phase = sessions.get_phase(database, model.phase_at(share).id)
    assert share_phase.planned_s == 480

    # Someone cannot come: round-robins are re-timed for four.
    planner.attendance_list.item(0).setCheckState(Qt.CheckState.Unchecked)
    for phase in sessions.list_phases(database, session.id):
        if phase.mode is PhaseMode.ROUND_ROBIN:
            assert phase.planned_s == phase.per_speaker_s * 4
    assert "4 of 5" in planner.attendance.label.text()

    # Save as template (mouse), then plan the next session from it.
    qtbot.mouseClick(planner.save_template_button, Qt.MouseButton.LeftButton)
    save = planner.dialog
    save.name.clear()
    qtbot.keyClicks(save.name, "Our decision session")
    qtbot.mouseClick(save.save_button, Qt.MouseButton.LeftButton)
    saved = templates.list_templates(database, team.id)
    assert [t.name for t in saved] == ["Our decision session"]
    first_agenda = sessions.list_phases(database, session.id)

    qtbot.mouseClick(planner.from_template_button, Qt.MouseButton.LeftButton)
    new = planner.dialog
    assert new.template.currentData() == saved[0].id
    _type(qtbot, new.title, "Next week: the Bristol follow-up")
    qtbot.mouseClick(new.create_button, Qt.MouseButton.LeftButton)
    second = planner.session
    assert second.id != session.id and second.title == "Next week: the Bristol follow-up"
    second_agenda = sessions.list_phases(database, second.id)
    assert [(p.title, p.group_title, p.mode, p.prompt) for p in second_agenda] == [
        (p.title, p.group_title, p.mode, p.prompt) for p in first_agenda
    ]
    assert _headers(planner) == ["TRIZ", "Consent decision round", "Check-in round"]

    # Back home with Esc; both sessions are listed as planned and reopen in the planner.
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    planner.tree.setFocus()
    qtbot.keyClick(planner.tree, Qt.Key.Key_Escape)
    assert window.stack.currentWidget() is window.home
    stored = sessions.get_session(database, session.id)
    assert stored.dilemma.startswith("Do we pause the Bristol rollout")
    assert (stored.planned_start, stored.available_min) == ("09:30", 45)
    window.open_session(session.id)
    assert window.stack.currentWidget() is planner
    assert planner.session.id == session.id


def test_the_planner_follows_who_the_roles_dialog_marks_absent(
    qtbot, fresh_db, monkeypatch
) -> None:
    """Someone unticked in the Roles dialog is unticked in the planner behind it, and the
    round-robins there are timed for the smaller group, without leaving the planner."""
    from ui.screens.session_roles import SessionRolesDialog

    team = teams.create_team(fresh_db, "Ops")
    for name in ("Ann", "Bo", "Cy", "Di"):
        teams.add_participant(fresh_db, team.id, name)
    session = planning.create_session(fresh_db, team.id, "Weekly").value
    check_in = agenda.insert_format([], formats.get_format("check-in"), session.id, 4)
    planning.save_agenda(fresh_db, session.id, check_in)
    window = open_window(qtbot, fresh_db)
    window.open_session(session.id)
    planner = window.planner
    assert window.stack.currentWidget() is planner
    round_robin = next(p for p in check_in if p.mode is PhaseMode.ROUND_ROBIN)
    absent: list[str] = []

    def untick_the_first(dialog: SessionRolesDialog) -> int:
        item = dialog.roles.people.item(0)
        absent.append(item.data(Qt.ItemDataRole.UserRole))
        item.setCheckState(Qt.CheckState.Unchecked)
        return 1

    monkeypatch.setattr(SessionRolesDialog, "exec", untick_the_first)
    planner.tree.setFocus()
    qtbot.keyClick(
        planner.tree,
        Qt.Key.Key_R,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert absent and absent[0] not in sessions.present_ids(fresh_db, session.id)

    assert window.stack.currentWidget() is planner
    ticks = {
        planner.attendance_list.item(i).data(Qt.ItemDataRole.UserRole): (
            planner.attendance_list.item(i).checkState()
        )
        for i in range(planner.attendance_list.count())
    }
    assert ticks[absent[0]] == Qt.CheckState.Unchecked
    assert list(ticks.values()).count(Qt.CheckState.Checked) == 3
    assert "3 of 4" in planner.attendance.label.text()
    model = planner.agenda.model
    row = model.index_of(round_robin.id)
    shown = model.index(row.row(), COL_DURATION, row.parent()).data()
    assert shown == durations.clock_mm_ss(round_robin.per_speaker_s * 3)
    assert "3 people present" in planner.agenda.summary_label.text()


def test_ctrl_b_and_the_library_button_add_a_break_after_the_selected_step(qtbot, fresh_db) -> None:
    team = teams.create_team(fresh_db, "Ops")
    for name in ("Ann", "Bo", "Cy"):
        teams.add_participant(fresh_db, team.id, name)
    session = planning.create_session(fresh_db, team.id, "Weekly").value
    phases: list = []
    for key in ("check-in", "triz", "check-out"):
        phases = agenda.insert_format(phases, formats.get_format(key), session.id, 3)
    planning.save_agenda(fresh_db, session.id, phases)
    window = open_window(qtbot, fresh_db)
    window.open_session(session.id)
    planner = window.planner
    model = planner.agenda.model
    planner.tree.setCurrentIndex(model.index_of(phases[0].id))  # a step of the check-in
    planner.tree.setFocus()
    qtbot.keyClick(planner.tree, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    assert _headers(planner) == ["Check-in round", "Break", "TRIZ", "Check-out round"]
    stored = sessions.list_phases(fresh_db, session.id)
    pause = stored[len(formats.get_format("check-in").steps)]
    assert pause.is_break and pause.planned_s == 600
    assert planner.agenda.selected_phase_id() == pause.id
    assert "break" in planner.agenda.info_label.text().lower()

    # The break's length is edited like any step's; the button adds after the selection.
    row = model.index_of(pause.id)
    assert model.setData(
        model.index(row.row(), COL_DURATION, row.parent()), "15", Qt.ItemDataRole.EditRole
    )
    assert sessions.get_phase(fresh_db, pause.id).planned_s == 900
    planner.tree.setCurrentIndex(model.index(3, 0))  # the check-out, last
    qtbot.mouseClick(planner.library.add_break_button, Qt.MouseButton.LeftButton)
    assert _headers(planner)[-1] == "Break"
    qtbot.keyClick(planner.tree, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert _headers(planner) == ["Check-in round", "Break", "TRIZ", "Check-out round"]


TYPICAL_TITLE = "Go or no-go for Bristol in May"  # 30 characters
LONG_TITLE = "Bristol go-live retrospective and next steps for peak"


@pytest.mark.usefixtures("as_the_app_looks")  # the app's own font, as the user sees it
def test_at_1280_a_typical_title_shows_whole_and_a_long_one_ends_in_an_ellipsis(
    qtbot, demo_db
) -> None:
    """At 1280×720 (less a title and a task bar) the Title field shows a typical title
    whole, labels above the fields; a long title's heading ends in "…" before the status,
    the whole title in its tooltip and what a screen reader says."""
    database, _sample = demo_db
    planned = next(s for s in planning.list_sessions(database) if s.status is SessionStatus.PLANNED)
    planning.edit_session(database, planned.id, title=TYPICAL_TITLE)
    window = open_window(qtbot, database)
    window.resize(1280, 660)
    window.open_session(planned.id)
    QApplication.processEvents()
    planner = window.planner
    edit = planner.details.title_edit
    frame = edit.style().pixelMetric(QStyle.PixelMetric.PM_DefaultFrameWidth, None, edit)
    room = edit.width() - 2 * (frame + 2)  # QLineEdit keeps 2 px each side of its text
    assert edit.text() == TYPICAL_TITLE
    assert edit.fontMetrics().horizontalAdvance(TYPICAL_TITLE) <= room

    _type(qtbot, edit, LONG_TITLE)
    _leave(qtbot, edit)
    QApplication.processEvents()
    heading, status = planner.heading, planner.status_label
    assert heading.toolTip() == heading.accessibleName() == f"Plan: {LONG_TITLE}"
    assert heading.geometry().right() < status.geometry().left()
    assert heading.width() < heading.fontMetrics().horizontalAdvance(heading.text())
    window.close()
