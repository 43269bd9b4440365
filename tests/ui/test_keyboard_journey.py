"""A whole session by keyboard alone, on the screens people have (1366×768 and 1280×720, the
window fitted to the free area): a team and its people from an empty database, a session
planned from the library, roles accepted, the run (Space, N, S, +, −, the nudge, an open
discussion by number keys), an idea, a decision and an action captured, the end (Ctrl+E,
Enter) and its next steps (the report exported, the next session planned: this one's agenda
offered), then that session's review round beside the timer, the action reported done.

Every key goes to the widget that has the focus, as a person's would; no slot is called
except the operating system's file dialog, stood in for. What the user would see is checked
at each step, and what the database holds."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QApplication

from facilitator import planning
from facilitator.clock import FakeClock
from facilitator.model import (
    Action,
    ActionStatus,
    Contribution,
    Decision,
    PhaseMode,
    SessionStatus,
)
from facilitator.store import assignments, captures, runs, sessions, teams
from facilitator.timer import TimerState
from ui import export_flow, file_dialogs
from ui.main_window import MainWindow
from ui.screens.session_roles import SessionRolesDialog
from ui.window_geometry import clamped

CTRL = Qt.KeyboardModifier.ControlModifier
TASK_BAR = 40  # the desktop's panel takes this much of the screen's height
PEOPLE = ["Priya Nair", "Tomasz Kowalski", "Zoe Marin", "Jonas Berg"]
IDEA = "Pilot Bristol with the night shift first"
DECISION = "Go ahead in May, with a pilot"
ACTION = "Book the Bristol night shift for the pilot"


def _focused():
    return QApplication.focusWidget()


def _key(qtbot, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    """One key pressed where the keyboard focus is."""
    qtbot.keyClick(_focused(), key, modifier)


def _type(qtbot, text: str) -> None:
    qtbot.keyClicks(_focused(), text)


def _activate(qtbot, window) -> None:
    """Bring a window to the front, as the desktop does when a dialog closes."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)


def _tab_to(qtbot, widget, most: int = 60) -> None:
    """Tab until ``widget`` has the focus, as a keyboard user finds a button."""
    for _ in range(most):
        if _focused() is widget:
            return
        _key(qtbot, Qt.Key.Key_Tab)
    raise AssertionError(f"Tab never reached {widget.accessibleName() or widget}")


def _accept_roles(qtbot, planner, monkeypatch) -> None:
    """Ctrl+Shift+R from the planner: Enter accepts the suggestions, Esc closes."""

    def drive_roles(roles_dialog: SessionRolesDialog) -> int:
        roles_dialog.show()  # as exec() would, without its event loop
        _activate(qtbot, roles_dialog)
        assert _focused() is roles_dialog.roles.table
        _key(qtbot, Qt.Key.Key_Return)
        _key(qtbot, Qt.Key.Key_Escape)
        return int(roles_dialog.result())

    monkeypatch.setattr(SessionRolesDialog, "exec", drive_roles)
    planner.tree.setFocus()
    _key(qtbot, Qt.Key.Key_R, CTRL | Qt.KeyboardModifier.ShiftModifier)


def _start(qtbot, window, screen) -> None:
    """Space starts the clock; the roles are handed over by number keys on the way."""
    screen.setFocus()
    _key(qtbot, Qt.Key.Key_Space)
    handover = screen.handover_dialog
    if handover is not None:
        _activate(qtbot, handover)
        for number in range(1, len(handover.panel.rows) + 1):
            _key(qtbot, getattr(Qt.Key, f"Key_{number}"))
        qtbot.keyClick(handover.close_button, Qt.Key.Key_Return)
        _activate(qtbot, window)
        screen.setFocus()
    if screen.run.timer.state is TimerState.NOT_STARTED:
        _key(qtbot, Qt.Key.Key_Space)  # a handover before the start: now the clock runs
    assert screen.run.timer.state is TimerState.RUNNING


def _tick(clock, screen, seconds: int) -> None:
    for _ in range(seconds):  # a repaint each second: no "was it asleep?" gap
        clock.advance(1)
        screen.refresh()


def _fits(window, free: QRect) -> None:
    """The window still lies inside the free area: no screen made it grow past it."""
    assert window.width() <= free.width() and window.height() <= free.height(), (
        f"{window.stack.currentWidget().objectName()} needs {window.size().toTuple()}, "
        f"the screen has {free.size().toTuple()}"
    )


@pytest.mark.parametrize("screen_size", [(1366, 768), (1280, 720)], ids=["1366x768", "1280x720"])
def test_a_whole_session_by_keyboard_alone(
    qtbot, file_db, tmp_path: Path, monkeypatch, _no_blocking_dialogs, screen_size
) -> None:
    database = file_db
    width, height = screen_size
    free = QRect(0, 0, width, height - TASK_BAR)
    window = MainWindow(database)
    clock = window.run_clock = FakeClock()
    qtbot.addWidget(window)
    window.setGeometry(clamped(free, [free], free))  # as large as the screen allows
    window.show()
    _activate(qtbot, window)
    _fits(window, free)

    # ---------------------------------------------------------------- a team and its people
    assert _focused() is window.home.demo_button
    _key(qtbot, Qt.Key.Key_Tab)
    assert _focused() is window.home.plan_button
    _key(qtbot, Qt.Key.Key_Space)
    roster = window.roster
    assert window.stack.currentWidget() is roster and _focused() is roster.new_team_name
    _type(qtbot, "Northside operations")
    _key(qtbot, Qt.Key.Key_Return)
    team = teams.find_team(database, "Northside operations")
    assert team is not None and roster.team == team
    for name in PEOPLE:
        assert _focused() is roster.add_name
        _type(qtbot, name)
        _key(qtbot, Qt.Key.Key_Return)
    people = {p.name: p.id for p in teams.list_participants(database, team.id)}
    assert sorted(people) == sorted(PEOPLE)
    _fits(window, free)

    # ---------------------------------------------------------------- the plan
    _key(qtbot, Qt.Key.Key_N, CTRL)
    dialog = window.dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: _focused() is dialog.title)
    _type(qtbot, "Go or no-go for Bristol")
    _key(qtbot, Qt.Key.Key_Return)
    planner = window.planner
    assert window.stack.currentWidget() is planner
    session = planner.session
    assert session is not None and session.team_id == team.id
    _activate(qtbot, window)
    for words in ("check-in", "consent"):  # Ctrl+F, a few letters, Enter adds the match
        _key(qtbot, Qt.Key.Key_F, CTRL)
        assert _focused() is planner.search_edit
        _type(qtbot, words)
        _key(qtbot, Qt.Key.Key_Return)
    phases = sessions.list_phases(database, session.id)
    assert list(dict.fromkeys(p.group_title for p in phases)) == [
        "Check-in round",
        "Consent decision round",
    ]
    assert [p.mode for p in phases[:3]] == [PhaseMode.SILENT, PhaseMode.ROUND_ROBIN, PhaseMode.OPEN]
    _fits(window, free)

    _accept_roles(qtbot, planner, monkeypatch)
    held = [a for a in assignments.for_session(database, session.id) if not a.ended_at]
    assert held and {a.participant_id for a in held} <= set(people.values())

    # ---------------------------------------------------------------- the run
    _activate(qtbot, window)
    planner.tree.setFocus()
    _key(qtbot, Qt.Key.Key_R, CTRL)
    screen = window.run_screen
    assert screen is not None and window.stack.currentWidget() is screen
    _fits(window, free)
    _start(qtbot, window, screen)
    assert sessions.get_session(database, session.id).status is SessionStatus.RUNNING
    assert all(a.confirmed_at for a in assignments.for_session(database, session.id))

    def tick(seconds: int) -> None:
        _tick(clock, screen, seconds)

    tick(5)
    _key(qtbot, Qt.Key.Key_N)  # to the check-in round-robin
    assert screen.title.text() == "Check in"
    tick(3)
    first = screen.run.view().speaker
    _key(qtbot, Qt.Key.Key_S)
    assert screen.run.view().speaker != first
    assert runs.turns_for_session(database, session.id)
    left = screen.run.timer.remaining_at()
    _key(qtbot, Qt.Key.Key_Plus)
    assert screen.run.timer.remaining_at() == pytest.approx(left + 60, abs=0.01)
    _key(qtbot, Qt.Key.Key_Minus)
    assert screen.run.timer.remaining_at() == pytest.approx(left, abs=0.01)
    _key(qtbot, Qt.Key.Key_N)  # voices not yet heard: named first ...
    assert screen.title.text() == "Check in"
    assert "Not heard yet" in screen.notice.text() and screen.notice.isVisible()
    _key(qtbot, Qt.Key.Key_N)  # ... and a second N moves on
    assert screen.title.text() == "Proposal"
    tick(2)
    _key(qtbot, Qt.Key.Key_2)  # open discussion: the second person present speaks
    speaker = screen.run.view().speaker
    assert speaker is not None and speaker.id == sessions.present_ids(database, session.id)[1]

    # An idea and a decision, beside the timer.
    panel = screen.side_panel
    _key(qtbot, Qt.Key.Key_1, CTRL)
    assert panel.kind == "contribution" and _focused() is panel.entry
    _type(qtbot, IDEA)
    _key(qtbot, Qt.Key.Key_Return)
    _key(qtbot, Qt.Key.Key_2, CTRL)
    assert panel.kind == "decision" and _focused() is panel.entry
    _type(qtbot, DECISION)
    _key(qtbot, Qt.Key.Key_Return)
    assert [c.text for c in captures.list_for_session(database, Contribution, session.id)] == [IDEA]
    assert [d.text for d in captures.list_for_session(database, Decision, session.id)] == [DECISION]
    _key(qtbot, Qt.Key.Key_3, CTRL)
    assert panel.kind == "action" and _focused() is panel.entry
    _type(qtbot, ACTION)
    _key(qtbot, Qt.Key.Key_Tab)
    assert _focused() is panel.owner
    _type(qtbot, "Jonas Berg")
    _key(qtbot, Qt.Key.Key_Tab)  # on to the due date; Enter saves from there
    _key(qtbot, Qt.Key.Key_Return)
    actions = captures.list_for_session(database, Action, session.id)
    assert [(a.text, a.owner_id) for a in actions] == [(ACTION, people["Jonas Berg"])]

    # ---------------------------------------------------------------- the end, and on
    screen.setFocus()
    tick(60)
    _key(qtbot, Qt.Key.Key_E, CTRL)
    assert screen.end_bar.isVisible() and _focused() is screen.end_confirm
    _key(qtbot, Qt.Key.Key_Return)
    assert sessions.get_session(database, session.id).status is SessionStatus.FINISHED
    end = screen.end_panel
    assert end.isVisible() and not screen.timer_panel.isVisible()
    assert "Captured 1 idea, 1 decision, 1 action" in end.summary.text()
    assert _focused() is end.export_button
    _fits(window, free)

    target = tmp_path / "bristol.pdf"
    monkeypatch.setattr(  # the operating system's file dialog, stood in for
        file_dialogs,
        "get_save_file_name",
        lambda *args: (str(target), export_flow.PDF_FILTERS["a4"]),
    )
    _key(qtbot, Qt.Key.Key_Return)  # Export the report…
    qtbot.waitUntil(lambda: not window.export_flow.busy(), timeout=30000)
    assert target.read_bytes().startswith(b"%PDF")
    assert [title for title, _ in _no_blocking_dialogs] == ["The report is ready"]

    _activate(qtbot, window)
    assert screen.isAncestorOf(_focused())
    _key(qtbot, Qt.Key.Key_N)  # Plan the next session
    dialog = window.dialog
    qtbot.waitUntil(lambda: dialog is not None and _focused() is dialog.title)
    assert dialog.team.currentData() == team.id
    assert dialog.template.currentText().startswith("The agenda of “Go or no-go for Bristol”")
    _type(qtbot, "Bristol: four weeks on")
    # This time a review round alone: Alt+S to "Start from", Up to a blank agenda.
    _key(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.AltModifier)
    assert _focused() is dialog.template
    _key(qtbot, Qt.Key.Key_Up)
    assert dialog.template.currentText() == "A blank agenda"
    _key(qtbot, Qt.Key.Key_Return)
    second = planner.session
    assert second is not None and second.id != session.id and second.team_id == team.id
    assert window.stack.currentWidget() is planner
    assert sessions.get_session(database, second.id).status is SessionStatus.PLANNED
    _activate(qtbot, window)
    _key(qtbot, Qt.Key.Key_F, CTRL)
    _type(qtbot, "review round")
    _key(qtbot, Qt.Key.Key_Return)
    titles = [p.title for p in planning.list_phases(database, second.id)]
    assert titles == ["Look back", "Report", "Learn", "Decide next"]
    _accept_roles(qtbot, planner, monkeypatch)
    _fits(window, free)

    # ---------------------------------------------------------------- the review round
    _activate(qtbot, window)
    planner.tree.setFocus()
    _key(qtbot, Qt.Key.Key_R, CTRL)
    screen = window.run_screen
    assert screen is not None and screen.session_id == second.id
    _start(qtbot, window, screen)
    _tick(clock, screen, 3)
    _key(qtbot, Qt.Key.Key_N)  # Look back (silent) to Report: the owners report in turn
    assert screen.title.text() == "Report"
    capture_panel = screen.side_panel
    _tab_to(qtbot, capture_panel.review_button)
    _key(qtbot, Qt.Key.Key_Return)  # (Space here is the clock's)
    assert screen.run.timer.state is TimerState.RUNNING
    review = screen.review_side.panel
    assert review is not None and review.isVisible()
    assert screen.time.isVisible()  # the facilitator keeps the time in sight
    assert review.current().item.id == actions[0].id
    assert review.turn.text() == "Jonas Berg — 1 item"
    assert review.status.currentData() == "open"  # nothing closed for want of a choice
    _tab_to(qtbot, review.status)
    _key(qtbot, Qt.Key.Key_D)  # Done
    _key(qtbot, Qt.Key.Key_Return, CTRL)
    assert captures.get(database, Action, actions[0].id).status is ActionStatus.DONE
    _key(qtbot, Qt.Key.Key_Escape)  # back to capturing; the run keys are the screen's
    assert capture_panel.isVisible() and not review.isVisible()
    _key(qtbot, Qt.Key.Key_E, CTRL)
    _key(qtbot, Qt.Key.Key_Return)
    assert sessions.get_session(database, second.id).status is SessionStatus.FINISHED
    assert screen.end_panel.isVisible() and _focused() is screen.end_panel.export_button
    _fits(window, free)
