"""The end of a run leads on: what the session came to in place of the live parts, and four
next steps by key (export, dot-vote, captures, the next session); a finished session's run
opens on them again, never on a clock to start."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractScrollArea, QApplication, QLabel, QScrollBar

from facilitator import capture, planning
from facilitator.clock import FakeClock
from facilitator.model import SessionStatus
from facilitator.run import SessionRun
from facilitator.store import runs, sessions
from tests.facilitator.run_fixtures import make_session
from tests.ui.windows import open_window
from ui import ops

CTRL = Qt.KeyboardModifier.ControlModifier


def _key(qtbot, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    """A key pressed where the focus is, as a user would."""
    qtbot.keyClick(QApplication.focusWidget(), key, modifier)


def _started(qtbot, window, session_id: str):  # noqa: ANN001, ANN202
    """The run screen of ``session_id``, started by Space with its roles handed over."""
    window.run_session(session_id)
    screen = window.run_screen
    screen.setFocus()
    _key(qtbot, Qt.Key.Key_Space)
    if screen.handover_dialog is not None:
        screen.handover_dialog.accept()
        screen.setFocus()
    return screen


def _ended_in_window(qtbot, database, monkeypatch):
    """A window whose run screen has just ended a session by keys; the reports asked for."""
    session_id, people = make_session(database, [300, 300], present=3)
    window = open_window(qtbot, database)
    asked: list[str] = []
    monkeypatch.setattr(window.export_flow, "export_report", asked.append)
    screen = _started(qtbot, window, session_id)
    capture.add(database, "decision", session_id, "We pause the rollout")
    window.run_clock.advance(120)
    _key(qtbot, Qt.Key.Key_E, CTRL)
    assert screen.end_bar.isVisible()
    _key(qtbot, Qt.Key.Key_Return)
    assert sessions.get_session(database, session_id).status is SessionStatus.FINISHED
    return window, screen, session_id, asked


def _visible_texts(screen) -> list[str]:
    return [label.text() for label in screen.findChildren(QLabel) if label.isVisible()]


def test_ending_shows_what_it_came_to_in_place_of_the_live_parts(
    qtbot, fresh_db, monkeypatch
) -> None:
    window, screen, session_id, _ = _ended_in_window(qtbot, fresh_db, monkeypatch)
    panel = screen.end_panel
    assert panel.isVisible()
    assert QApplication.focusWidget() is panel.export_button  # Enter and Tab work at once
    summary = panel.summary.text()
    assert "Ran " in summary and "2 min of the 10 min planned" in summary
    assert "Captured 0 ideas, 1 decision, 0 actions" in summary
    for live in (screen.timer_panel, screen.controls, screen.speakers, screen.next_up):
        assert not live.isVisible()
    shown = " ".join(_visible_texts(screen))
    assert "Starts with" not in shown and "Next:" not in shown
    assert screen.time.text() not in shown.split()  # no last clock value left standing
    assert [b.accessibleName() for b in (panel.export_button, panel.vote_button)] == [
        "Export the report",
        "Dot-vote the ideas",
    ]
    assert panel.captures_button.accessibleName() == "See what was captured"
    assert panel.plan_button.accessibleName() == "Plan the next session"
    # The run's keys are off: Space and N change nothing in the record.
    events = len(runs.timer_events(fresh_db, session_id))
    _key(qtbot, Qt.Key.Key_Space)
    assert len(runs.timer_events(fresh_db, session_id)) == events
    assert not screen.error_bar.isVisible()


def test_no_empty_scroll_bar_is_left_where_the_live_cards_were(
    qtbot, fresh_db, monkeypatch
) -> None:
    window, screen, _, _ = _ended_in_window(qtbot, fresh_db, monkeypatch)
    window.resize(1280, 660)
    qtbot.wait(20)
    empty = []
    for bar in screen.findChildren(QScrollBar):
        area = bar.parentWidget().parentWidget() if bar.parentWidget() else None
        if not bar.isVisible() or not isinstance(area, QAbstractScrollArea):
            continue
        content = getattr(area, "widget", lambda: None)()
        if content is not None and not content.isVisible():
            empty.append(area)  # a scroll bar beside nothing
        elif bar.maximum() == 0:
            empty.append(area)
    assert not empty, [area.mapTo(screen, area.rect().topLeft()) for area in empty]


def test_enter_e_and_ctrl_e_export_the_report(qtbot, fresh_db, monkeypatch) -> None:
    window, screen, session_id, asked = _ended_in_window(qtbot, fresh_db, monkeypatch)
    _key(qtbot, Qt.Key.Key_Return)  # on the first step
    _key(qtbot, Qt.Key.Key_E)
    _key(qtbot, Qt.Key.Key_E, CTRL)  # the window's export, on now the end is off
    assert asked == [session_id] * 3


def test_v_opens_the_dot_vote_and_c_the_captures(qtbot, fresh_db, monkeypatch) -> None:
    window, screen, session_id, _ = _ended_in_window(qtbot, fresh_db, monkeypatch)
    _key(qtbot, Qt.Key.Key_V)
    view = window.capture_view
    assert window.stack.currentWidget() is view and view.session_id == session_id
    assert view.tabs.currentWidget() is view.voting
    assert QApplication.focusWidget() is view.voting.table
    assert window.run_session(session_id)  # back to the run screen: still ended
    assert window.stack.currentWidget() is screen and screen.end_panel.isVisible()
    assert QApplication.focusWidget() is screen.end_panel.export_button
    _key(qtbot, Qt.Key.Key_C)
    assert window.stack.currentWidget() is view
    assert view.tabs.currentWidget() is view.panel


def test_n_plans_the_teams_next_session(qtbot, fresh_db, monkeypatch) -> None:
    window, screen, session_id, _ = _ended_in_window(qtbot, fresh_db, monkeypatch)
    phase = screen.run.timer.index
    _key(qtbot, Qt.Key.Key_N)
    dialog = window.dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.team.currentData() == sessions.get_session(fresh_db, session_id).team_id
    assert screen.run.timer.index == phase  # N is no longer the next phase
    # It starts from this session's agenda unless told otherwise.
    assert dialog.template.currentText().startswith("The agenda of “Pause or push on”")
    # ... a week after it ran, at the hour it started (a weekly series keeps its slot).
    ended = sessions.get_session(fresh_db, session_id)
    day, start = planning.proposed_next(ended, window.run_clock.now())
    assert dialog.date_edit.date().toPython() == day and dialog.start_edit.value() == start
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.title)
    qtbot.keyClicks(dialog.title, "Go or no-go")
    _key(qtbot, Qt.Key.Key_Return)
    made = next(s for s in sessions.list_sessions(fresh_db) if s.title == "Go or no-go")
    titles = [p.title for p in planning.list_phases(fresh_db, made.id)]
    assert titles == [p.title for p in planning.list_phases(fresh_db, session_id)]
    assert window.stack.currentWidget() is window.planner


def test_captures_made_after_the_end_are_counted(qtbot, fresh_db, monkeypatch) -> None:
    window, screen, session_id, _ = _ended_in_window(qtbot, fresh_db, monkeypatch)
    people = sessions.present_ids(fresh_db, session_id)
    ops.run_op(
        None,
        "Could not capture",
        lambda: capture.add(
            fresh_db, "contribution", session_id, "Pilot in Leeds", participant_id=people[0]
        ),
    )
    assert "Captured 1 idea, 1 decision" in screen.end_panel.summary.text()


def test_a_finished_sessions_run_opens_on_its_end_panel(qtbot, fresh_db) -> None:
    from ui.screens.run import RunScreen

    session_id, _ = make_session(fresh_db, [300])
    clock = FakeClock()
    run = SessionRun(fresh_db, session_id, clock)
    run.toggle()
    clock.advance(60)
    run.end_session()
    screen = RunScreen(fresh_db, session_id, clock=clock)
    qtbot.addWidget(screen)
    screen.show()
    qtbot.waitExposed(screen)
    assert screen.end_panel.isVisible() and not screen.timer_panel.isVisible()
    assert not screen.end_action.isEnabled()
    planned: list[str] = []
    screen.end_panel.next_session_requested.connect(planned.append)
    screen.activateWindow()
    qtbot.waitUntil(screen.isActiveWindow)
    screen.setFocus()  # keys work from the screen itself too (after Esc, say)
    events = len(runs.timer_events(fresh_db, session_id))
    for key in (Qt.Key.Key_Space, Qt.Key.Key_N):
        qtbot.keyClick(screen, key)
    assert planned == [session_id]
    assert len(runs.timer_events(fresh_db, session_id)) == events


def test_a_refusal_from_the_run_is_not_carried_onto_the_ended_screen(
    qtbot, fresh_db, monkeypatch
) -> None:
    session_id, _ = make_session(fresh_db, [300], present=3)
    window = open_window(qtbot, fresh_db)
    screen = _started(qtbot, window, session_id)
    panel = screen.side_panel
    panel.set_kind("action")
    panel.commit()  # nothing typed: refused under the form
    assert "cannot be empty" in panel.message.text()
    screen.setFocus()
    _key(qtbot, Qt.Key.Key_E, CTRL)  # the end bar, and Enter ends the session
    _key(qtbot, Qt.Key.Key_Return)
    assert sessions.get_session(fresh_db, session_id).status is SessionStatus.FINISHED
    assert panel.message.text() == ""  # said of the run, not of what follows it
