"""A facilitator's whole journey through the main window, from an empty database: team and
people, a planned session with roles, the run with its handover and captures, the PDF
report, and the next session's review round. Keyboard wherever a person would use it; the
database is checked after every step."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from facilitator.clock import FakeClock
from facilitator.model import Action, Decision, Experiment, SessionStatus
from facilitator.store import assignments, captures, runs, sessions, teams
from facilitator.timer import TimerState
from ui import export_flow, file_dialogs
from ui.main_window import MainWindow
from ui.screens.session_roles import SessionRolesDialog

CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier
PEOPLE = [
    ("Priya Nair", "Customer service"),
    ("Tomasz Kowalski", "Warehouse"),
    ("Zoe Marin", "Transport"),
    ("Jonas Berg", "IT systems"),
]
DECISION = "Pause the Bristol rollout for four weeks"
ACTION = "Fix the picking scanner firmware"
EXPERIMENT = "Night-shift picking halves the errors"


def _activate(qtbot, window) -> None:
    """Bring the window to the front, as the desktop does when a dialog closes."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)


def _focused():
    return QApplication.focusWidget()


def _type(qtbot, text: str) -> None:
    """Type where the keyboard focus is, as a person does."""
    qtbot.keyClicks(_focused(), text)


def _key(qtbot, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(_focused(), key, modifier)


def test_a_facilitators_journey_from_an_empty_database(
    qtbot, file_db, tmp_path: Path, monkeypatch, _no_blocking_dialogs
) -> None:
    database = file_db
    window = MainWindow(database)
    clock = window.run_clock = FakeClock()
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    _activate(qtbot, window)

    # ---------------------------------------------------------------- a team of four
    # The empty home offers the demo first; Tab moves to planning an own session.
    assert _focused() is window.home.demo_button
    _key(qtbot, Qt.Key.Key_Tab)
    assert _focused() is window.home.plan_button
    _key(qtbot, Qt.Key.Key_Space)
    roster = window.roster
    assert window.stack.currentWidget() is roster
    assert _focused() is roster.new_team_name
    _type(qtbot, "Northside operations")
    _key(qtbot, Qt.Key.Key_Return)
    team = teams.find_team(database, "Northside operations")
    assert team is not None and roster.team == team
    for name, area in PEOPLE:
        assert _focused() is roster.add_name
        _type(qtbot, name)
        _key(qtbot, Qt.Key.Key_Tab)
        _type(qtbot, area)
        _key(qtbot, Qt.Key.Key_Return)
    people = {p.name: p for p in teams.list_participants(database, team.id)}
    assert sorted(people) == sorted(name for name, _ in PEOPLE)
    assert people["Jonas Berg"].area == "IT systems"

    # ---------------------------------------------------------------- plan a session
    _key(qtbot, Qt.Key.Key_N, CTRL)
    dialog = window.dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.waitUntil(lambda: _focused() is dialog.title)
    _type(qtbot, "Pause or push on: the Bristol rollout")
    _key(qtbot, Qt.Key.Key_Return)
    planner = window.planner
    assert window.stack.currentWidget() is planner
    session = planner.session
    assert session is not None
    stored = sessions.get_session(database, session.id)
    assert stored.status is SessionStatus.PLANNED and stored.team_id == team.id
    assert len(sessions.present_ids(database, session.id)) == 4
    _activate(qtbot, window)

    # The dilemma (Alt+D), stored when the field is left.
    _key(qtbot, Qt.Key.Key_D, ALT)
    assert _focused() is planner.dilemma_edit
    _type(qtbot, "Do we pause the Bristol rollout until Leeds recovers, or push on?")
    _key(qtbot, Qt.Key.Key_Tab)
    assert sessions.get_session(database, session.id).dilemma.startswith("Do we pause")

    # Attendance (Alt+E): Space ticks someone off and on again.
    _key(qtbot, Qt.Key.Key_E, ALT)
    assert _focused() is planner.attendance_list
    planner.attendance_list.setCurrentRow(0)
    _key(qtbot, Qt.Key.Key_Space)
    assert len(sessions.present_ids(database, session.id)) == 3
    _key(qtbot, Qt.Key.Key_Space)
    assert len(sessions.present_ids(database, session.id)) == 4

    # Three formats from the library: Ctrl+F, type, Enter adds the highlighted match.
    for words in ("check-in", "1-2-4", "so what"):
        _key(qtbot, Qt.Key.Key_F, CTRL)
        assert _focused() is planner.search_edit
        _type(qtbot, words)
        _key(qtbot, Qt.Key.Key_Return)
    phases = sessions.list_phases(database, session.id)
    groups = list(dict.fromkeys(p.group_title for p in phases))
    assert groups == ["Check-in round", "1-2-4-All", "What / So What / Now What"]

    # Roles (Ctrl+Shift+R from the planner): Enter accepts the suggestions, Esc closes.
    shown_roles: list[str] = []

    def drive_roles(dialog: SessionRolesDialog) -> int:
        dialog.show()  # as exec() would, without its event loop
        _activate(qtbot, dialog)
        shown_roles.append(dialog.roles.session_id)
        assert _focused() is dialog.roles.table
        qtbot.keyClick(dialog.roles.table, Qt.Key.Key_Return)
        qtbot.keyClick(dialog.roles.table, Qt.Key.Key_Escape)
        return int(dialog.result())

    monkeypatch.setattr(SessionRolesDialog, "exec", drive_roles)
    planner.tree.setFocus()
    _key(qtbot, Qt.Key.Key_R, CTRL | Qt.KeyboardModifier.ShiftModifier)
    assert shown_roles == [session.id]  # the planner's session, not another
    held = [a for a in assignments.for_session(database, session.id) if not a.ended_at]
    assert held and {a.participant_id for a in held} <= {p.id for p in people.values()}
    assert not any(a.confirmed_at for a in held)
    assert window.stack.currentWidget() is planner

    # ---------------------------------------------------------------- run it
    _activate(qtbot, window)
    planner.tree.setFocus()
    _key(qtbot, Qt.Key.Key_R, CTRL)
    screen = window.run_screen
    assert screen is not None and window.stack.currentWidget() is screen
    screen.setFocus()
    _key(qtbot, Qt.Key.Key_Space)  # the roles are handed over first: the clock waits
    assert sessions.get_session(database, session.id).status is SessionStatus.PLANNED
    handover = screen.handover_dialog
    assert handover is not None and handover.isVisible()
    _activate(qtbot, handover)
    for number in range(1, len(handover.panel.rows) + 1):
        qtbot.keyClick(handover.panel, getattr(Qt.Key, f"Key_{number}"))
    held = [a for a in assignments.for_session(database, session.id) if not a.ended_at]
    assert all(a.confirmed_at for a in held)
    assert handover.close_button.text() == "Done — start the round  (Space)"
    qtbot.keyClick(handover.close_button, Qt.Key.Key_Return)
    assert screen.handover_dialog is None
    assert sessions.get_session(database, session.id).status is SessionStatus.RUNNING
    _activate(qtbot, window)
    screen.setFocus()

    def tick(seconds: int) -> None:
        for _ in range(seconds):  # repaint every second: no "asleep" gap
            clock.advance(1)
            screen.refresh()

    tick(5)
    _key(qtbot, Qt.Key.Key_N)  # next phase: the check-in round-robin
    assert screen.run.timer.index == 1
    assert screen.run.timer.state is TimerState.RUNNING
    tick(5)
    first = screen.run.view().speaker
    _key(qtbot, Qt.Key.Key_S)  # next speaker
    turns = runs.turns_for_session(database, session.id)
    assert turns and screen.run.view().speaker != first

    # Captures, beside the timer: Ctrl+2 decision, Ctrl+3 action, Ctrl+4 experiment.
    panel = screen.side_panel
    _key(qtbot, Qt.Key.Key_2, CTRL)
    assert window.stack.currentWidget() is screen  # not Ctrl+1's Workshops
    assert panel.kind == "decision" and _focused() is panel.entry
    _type(qtbot, DECISION)
    _key(qtbot, Qt.Key.Key_Return)
    decisions = captures.list_for_session(database, Decision, session.id)
    assert [d.text for d in decisions] == [DECISION]
    assert decisions[0].phase_id == screen.run.timer.phase.id

    screen.setFocus()
    _key(qtbot, Qt.Key.Key_3, CTRL)
    assert panel.kind == "action" and _focused() is panel.entry
    _type(qtbot, ACTION)
    _key(qtbot, Qt.Key.Key_Tab)
    assert _focused() is panel.owner
    _type(qtbot, "Jonas Berg")
    _key(qtbot, Qt.Key.Key_Tab)  # on to the due date; Enter saves from there
    _key(qtbot, Qt.Key.Key_Return)
    actions = captures.list_for_session(database, Action, session.id)
    assert [(a.text, a.owner_id) for a in actions] == [(ACTION, people["Jonas Berg"].id)]

    _key(qtbot, Qt.Key.Key_4, CTRL)
    assert panel.kind == "experiment" and _focused() is panel.entry
    _type(qtbot, EXPERIMENT)
    for text in (
        "Night picking in zone B",
        "two weeks",
        "no spend",
        "no late orders",
        "errors down by half",
        "late orders go up",
    ):
        _key(qtbot, Qt.Key.Key_Tab)
        _type(qtbot, text)
    _key(qtbot, Qt.Key.Key_Tab)
    assert _focused() is panel.exp_owner
    _type(qtbot, "Priya Nair")
    _key(qtbot, Qt.Key.Key_Tab)
    _key(qtbot, Qt.Key.Key_Return)
    experiments = captures.list_for_session(database, Experiment, session.id)
    assert [(e.hypothesis, e.limit_time, e.stop_signal, e.owner_id) for e in experiments] == [
        (EXPERIMENT, "two weeks", "late orders go up", people["Priya Nair"].id)
    ]

    # End the session: Ctrl+E asks, Enter confirms.
    screen.setFocus()
    assert not window.export_report_action.isEnabled()  # Ctrl+E ends the session here
    _key(qtbot, Qt.Key.Key_E, CTRL)
    assert screen.end_bar.isVisible() and _focused() is screen.end_confirm
    _key(qtbot, Qt.Key.Key_Return)
    finished = sessions.get_session(database, session.id)
    assert finished.status is SessionStatus.FINISHED and finished.ended_at
    assert window.export_report_action.isEnabled()  # ... and exports it from now on

    # ---------------------------------------------------------------- the report
    qtbot.mouseClick(screen.leave_button, Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is window.home
    window.home.select_session(session.id)
    _key(qtbot, Qt.Key.Key_Return)
    assert window.stack.currentWidget() is window.capture_view
    assert window.capture_view.session_id == session.id
    target = tmp_path / "bristol.pdf"
    monkeypatch.setattr(
        file_dialogs,
        "get_save_file_name",
        (lambda *args: (str(target), export_flow.PDF_FILTERS["a4"])),
    )
    _key(qtbot, Qt.Key.Key_E, CTRL)
    qtbot.waitUntil(lambda: not window.export_flow.busy(), timeout=30000)
    assert target.is_file()
    from pypdf import PdfReader

    text = " ".join(
        " ".join((page.extract_text() or "").split()) for page in PdfReader(target).pages
    )
    assert DECISION in text
    assert [title for title, _ in _no_blocking_dialogs] == ["The report is ready"]

    # ---------------------------------------------------------------- the next session
    _activate(qtbot, window)
    window.capture_view.setFocus()
    _key(qtbot, Qt.Key.Key_N, CTRL)
    dialog = window.dialog
    qtbot.waitUntil(lambda: _focused() is dialog.title)
    _type(qtbot, "Bristol: four weeks on")
    _key(qtbot, Qt.Key.Key_Return)
    second = planner.session
    assert second is not None and second.id != session.id
    assert window.stack.currentWidget() is planner
    assert sessions.get_session(database, second.id).status is SessionStatus.PLANNED
    _activate(qtbot, window)
    window.review_action.trigger()  # Go ▸ Review round… for the planned session
    review = window.review_screen
    assert window.stack.currentWidget() is review and review.session_id == second.id
    listed = [review.tree.topLevelItem(i).text(1) for i in range(review.tree.topLevelItemCount())]
    assert f"Action: {ACTION}" in listed
    assert f"Experiment: {EXPERIMENT}" in listed
    assert review.tree.currentItem() is not None and _focused() is review.tree
    _key(qtbot, Qt.Key.Key_Escape)  # back where we came from
    assert window.stack.currentWidget() is planner
