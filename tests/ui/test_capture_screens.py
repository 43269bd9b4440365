"""Search, follow-up, dot voting and the capture view; reached from the main window."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from facilitator import capture, voting
from facilitator.store import sessions
from tests.facilitator.capture_world import make_world
from ui.main_window import MainWindow
from ui.screens.capture_view import CaptureView
from ui.screens.dot_voting import DotVotingPanel
from ui.screens.followup import FollowUpScreen
from ui.screens.search import SearchScreen

CTRL = Qt.KeyboardModifier.ControlModifier


def press(qtbot, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(QApplication.focusWidget(), key, modifier)


def activate(qtbot, widget) -> None:
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow)


def test_search_by_keyboard_opens_the_session_at_the_item(qtbot, demo_db) -> None:
    database, sample = demo_db
    screen = SearchScreen(database)
    qtbot.addWidget(screen)
    activate(qtbot, screen)
    screen.start()
    qtbot.keyClicks(screen.field, "shadow mode")
    press(qtbot, Qt.Key.Key_Return)  # search now and go to the first result
    assert screen.tree.hasFocus()
    assert "3 matches in 1 session" in screen.summary.text()
    first = screen.hits()[0]
    with qtbot.waitSignal(screen.open_requested) as opened:
        press(qtbot, Qt.Key.Key_Return)
    assert opened.args == [sample, first.kind, first.item_id]


def test_hostile_queries_show_a_message_not_an_error(qtbot, demo_db) -> None:
    database, _ = demo_db
    screen = SearchScreen(database)
    qtbot.addWidget(screen)
    screen.start()
    for query in ('"AND (', "*", "NEAR(", "\x00", "🎉" * 50, "x" * 10_000):
        screen.field.setText(query)
        screen.run_search()
        assert screen.summary.text()
    screen.field.setText("*")
    screen.run_search()
    assert "punctuation" in screen.summary.text()


def test_followup_marks_overdue_actions(qtbot, fresh_db) -> None:
    world = make_world(fresh_db)
    capture.add(
        fresh_db, "action", world.first.id, "Late one", owner_id=world.ann.id, due="2026-03-01"
    )
    capture.add(fresh_db, "experiment", world.first.id, "Batching", owner_id=world.bo.id)
    screen = FollowUpScreen(fresh_db, clock=world.clock)
    qtbot.addWidget(screen)
    screen.start(world.team_id)
    owner = screen.action_tree.topLevelItem(0)
    assert owner.text(0) == "Ann Lee — 1 open, 1 overdue"
    assert owner.child(0).text(1) == "1 Mar 2026 — 1 day overdue"  # as dates read elsewhere
    assert "1 overdue" in screen.summary.text()
    assert screen.experiment_tree.topLevelItem(0).text(0) == "Planned (1)"
    with qtbot.waitSignal(screen.open_requested) as opened:
        screen.action_tree.itemActivated.emit(owner.child(0), 0)
    assert opened.args[0] == world.first.id and opened.args[1] == "action"


def test_dot_voting_by_keyboard_with_a_budget(qtbot, fresh_db) -> None:
    world = make_world(fresh_db)
    sid, rnd = world.first.id, world.phase.id
    ideas = [capture.add(fresh_db, "contribution", sid, t, phase_id=rnd).value for t in "ABC"]
    voting.set_budget(fresh_db, sid, rnd, 3)
    panel = DotVotingPanel(fresh_db, clock=world.clock)
    qtbot.addWidget(panel)
    activate(qtbot, panel)
    panel.set_session(sid)
    assert panel.current_round() == rnd and panel.budget.value() == 3
    panel.table.setFocus()
    qtbot.waitUntil(panel.table.hasFocus)
    panel.table.setCurrentIndex(panel.model.index(1, 1))  # Ann, idea B
    qtbot.keyClicks(panel.table, "2")
    assert voting.used(fresh_db, sid, rnd) == {world.ann.id: 2}
    assert panel.table.currentIndex().row() == 2  # moved down to idea C
    qtbot.keyClicks(panel.table, "2")  # 4 > 3: refused
    assert "at most 1 more" in panel.message.text()
    qtbot.keyClicks(panel.table, "+")
    assert voting.used(fresh_db, sid, rnd) == {world.ann.id: 3}
    assert panel.tally.topLevelItem(0).text(1) == "B"
    assert panel.model.headerData(1, Qt.Orientation.Horizontal) == "Ann\n0 left"
    press(qtbot, Qt.Key.Key_Delete)
    assert voting.used(fresh_db, sid, rnd) == {world.ann.id: 2}
    del ideas


def test_main_window_routes_finished_sessions_search_and_followup(qtbot, demo_db) -> None:
    database, sample = demo_db
    window = MainWindow(database)
    qtbot.addWidget(window)
    activate(qtbot, window)
    window.home.select_session(sample)
    press(qtbot, Qt.Key.Key_Return)
    assert window.stack.currentWidget() is window.capture_view
    assert window.capture_view.panel.tree.topLevelItemCount() == 5  # one group per kind
    # The read-only overview is one key away, the review round another.
    # (A button's mnemonic clicks it after a short animation: wait for the screen.)
    qtbot.keyClick(window, Qt.Key.Key_O, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.overview)
    window.open_session(sample)
    qtbot.keyClick(window, Qt.Key.Key_V, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.review_screen)
    assert window.review_screen.tree.topLevelItemCount() == 3
    press(qtbot, Qt.Key.Key_Escape)
    assert window.stack.currentWidget() is window.capture_view
    # Ctrl+F searches everywhere; Enter on a result opens its session at the item.
    qtbot.keyClick(window, Qt.Key.Key_F, CTRL)
    assert window.stack.currentWidget() is window.search_screen
    qtbot.keyClicks(window.search_screen.field, "customers")
    press(qtbot, Qt.Key.Key_Return)
    hit = window.search_screen.hits()[0]
    press(qtbot, Qt.Key.Key_Return)
    assert window.stack.currentWidget() is window.capture_view
    assert window.capture_view.panel.selected() == (hit.kind, hit.item_id)
    # Ctrl+U shows the team's follow-up.
    qtbot.keyClick(window, Qt.Key.Key_U, CTRL)
    assert window.stack.currentWidget() is window.followup_screen
    assert window.followup_screen.board is not None
    press(qtbot, Qt.Key.Key_Escape)
    assert window.stack.currentWidget() is window.home


def test_unfinished_sessions_do_not_open_the_capture_view(qtbot, fresh_db) -> None:
    world = make_world(fresh_db)
    window = MainWindow(fresh_db)
    qtbot.addWidget(window)
    window.open_session(world.first.id)
    assert window.stack.currentWidget() not in (window.capture_view, window.home)
    assert sessions.get_session(fresh_db, world.first.id).status.value == "planned"


def test_the_run_screen_captures_beside_its_timer(qtbot, fresh_db) -> None:
    from facilitator.clock import FakeClock
    from tests.facilitator.run_fixtures import make_session
    from ui.screens.capture_panel import CapturePanel

    session_id, _ = make_session(fresh_db, [300, 300])
    window = MainWindow(fresh_db)
    window.run_clock = FakeClock()
    qtbot.addWidget(window)
    activate(qtbot, window)
    assert window.run_session(session_id)
    screen = window.run_screen
    panel = screen.side_panel
    assert isinstance(panel, CapturePanel)
    phases = sessions.list_phases(fresh_db, session_id)
    assert panel.phase_id == phases[0].id
    panel.focus_entry()
    qtbot.waitUntil(panel.entry.hasFocus)
    press(qtbot, Qt.Key.Key_2, CTRL)
    # Letters and spaces the run screen uses as keys (N, B, S, P, M, Space, +, -) type text.
    qtbot.keyClicks(panel.entry, "Next steps: Bristol plans more + less - spare")
    press(qtbot, Qt.Key.Key_Return)
    (decision,) = capture.for_session(fresh_db, session_id)
    assert decision.text == "Next steps: Bristol plans more + less - spare"
    assert decision.phase_id == phases[0].id
    assert screen.run.timer.phase.id == phases[0].id  # no key reached the timer
    screen.next_phase()
    screen.refresh()
    assert panel.phase_id == phases[1].id
    qtbot.keyClicks(panel.entry, "Later idea")
    press(qtbot, Qt.Key.Key_Return)
    later = [i for i in capture.for_session(fresh_db, session_id) if i.id != decision.id]
    assert later[0].phase_id == phases[1].id
    # In a choice box the letters choose (S for Stopped), they do not skip the speaker.
    press(qtbot, Qt.Key.Key_4, CTRL)
    qtbot.keyClicks(panel.entry, "Try it")
    panel.exp_status.setFocus()
    qtbot.waitUntil(panel.exp_status.hasFocus)
    qtbot.keyClicks(panel.exp_status, "St")
    assert panel.exp_status.currentData() == "stopped"
    qtbot.keyClicks(panel.exp_status, "N")  # the run screen's "next phase" key
    screen.refresh()
    assert screen.run.timer.phase.id == phases[1].id


def test_the_review_phase_of_a_run_opens_the_review_round(qtbot, demo_db) -> None:
    from facilitator import formats
    from facilitator.clock import FakeClock
    from ui.screens.capture_panel import CapturePanel

    database, sample = demo_db
    team = sessions.get_session(database, sample).team_id
    later = sessions.create_session(database, team, "Next week", planned_date="2099-01-01")
    sessions.add_phases(
        database, formats.expand(formats.get_format("review-round"), later.id, 0, 6)
    )
    window = MainWindow(database)
    window.run_clock = FakeClock()
    qtbot.addWidget(window)
    activate(qtbot, window)
    assert window.run_session(later.id)
    panel = window.run_screen.side_panel
    assert isinstance(panel, CapturePanel) and panel.review_button.isVisibleTo(panel)
    qtbot.mouseClick(panel.review_button, Qt.MouseButton.LeftButton)
    # Beside the timer, in place of the capture panel (tests/ui/test_review_in_run.py).
    assert window.stack.currentWidget() is window.run_screen
    review = window.run_screen.review_side.panel
    assert review is not None and review.isVisible() and not panel.isVisible()
    assert review.progress.text().startswith("0 of 5 reviewed")
    assert review.phase_id == panel.phase_id
    review.learning.setPlainText("Ask the vendor early")
    review.record()
    press(qtbot, Qt.Key.Key_Escape)
    assert window.stack.currentWidget() is window.run_screen and panel.isVisible()
    assert "Ask the vendor early" in [
        panel.tree.topLevelItem(i).text(1) for i in range(panel.tree.topLevelItemCount())
    ]


def test_ctrl_f_in_the_planner_searches_its_library(qtbot, fresh_db) -> None:
    world = make_world(fresh_db)
    window = MainWindow(fresh_db)
    qtbot.addWidget(window)
    activate(qtbot, window)
    window.open_session(world.first.id)  # planned: the planner
    planner = window.stack.currentWidget()
    assert not window.search_action.isEnabled()
    qtbot.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_F, CTRL)
    assert window.stack.currentWidget() is planner
    window.show_home()
    assert window.search_action.isEnabled()
    qtbot.keyClick(window, Qt.Key.Key_F, CTRL)
    assert window.stack.currentWidget() is window.search_screen


def test_esc_in_the_capture_field_gives_the_keys_back_to_the_timer(qtbot, fresh_db) -> None:
    from facilitator.clock import FakeClock
    from tests.facilitator.run_fixtures import make_session

    session_id, _ = make_session(fresh_db, [300, 300])
    window = MainWindow(fresh_db)
    window.run_clock = FakeClock()
    qtbot.addWidget(window)
    activate(qtbot, window)
    window.run_session(session_id)
    panel = window.run_screen.side_panel
    panel.focus_entry()
    qtbot.waitUntil(panel.entry.hasFocus)
    qtbot.keyClicks(panel.entry, "half a thought")
    press(qtbot, Qt.Key.Key_Escape)
    assert not panel.entry.hasFocus()
    assert panel.entry.text() == "half a thought"  # nothing typed is lost
    press(qtbot, Qt.Key.Key_N)  # the timer's key works again
    phases = sessions.list_phases(fresh_db, session_id)
    assert window.run_screen.run.timer.phase.id == phases[1].id


def test_the_capture_views_tabs_follow_each_other(qtbot, fresh_db) -> None:
    """An idea saved on the Captures tab is on the Dot voting tab; its dots come back."""
    world = make_world(fresh_db)
    view = CaptureView(fresh_db, clock=world.clock)
    qtbot.addWidget(view)
    activate(qtbot, view)
    view.show_session(world.first.id)
    view.panel.entry.setText("Shadow mode")
    view.panel.commit()
    view.tabs.setCurrentWidget(view.voting)
    qtbot.waitUntil(lambda: view.voting.model.rowCount() == 1)
    view.voting.table.setFocus()
    qtbot.waitUntil(view.voting.table.hasFocus)
    view.voting.table.setCurrentIndex(view.voting.model.index(0, 1))
    qtbot.keyClicks(view.voting.table, "2")
    view.tabs.setCurrentWidget(view.panel)
    ideas = view.panel.tree.topLevelItem(0)
    qtbot.waitUntil(lambda: ideas.child(0) is not None and "2 dots" in ideas.child(0).text(2))


def test_alt_d_puts_the_keys_in_the_dot_voting_grid(qtbot, demo_db) -> None:
    database, sample = demo_db
    window = MainWindow(database)
    qtbot.addWidget(window)
    activate(qtbot, window)
    window.open_session(sample)
    assert window.stack.currentWidget() is window.capture_view
    qtbot.keyClick(window.focusWidget() or window, Qt.Key.Key_D, Qt.KeyboardModifier.AltModifier)
    view = window.capture_view
    qtbot.waitUntil(lambda: view.tabs.currentWidget() is view.voting)
    assert QApplication.focusWidget() is view.voting.table  # digits give dots at once


def test_dot_voting_ideas_read_whole_on_a_1280_screen(qtbot, demo_db) -> None:
    from PySide6.QtCore import QRect

    database, sample = demo_db
    window = MainWindow(database)
    qtbot.addWidget(window)
    window.resize(1280, 660)
    activate(qtbot, window)
    window.router.show_voting(sample)
    table = window.capture_view.voting.table
    qtbot.waitUntil(table.isVisible)
    metrics = table.fontMetrics()
    wrap = int(Qt.TextFlag.TextWordWrap)
    for row in range(table.model().rowCount()):
        index = table.model().index(row, 0)
        cell = table.visualRect(index)
        text = index.data()
        needed = metrics.boundingRect(QRect(0, 0, cell.width() - 8, 10_000), wrap, text)
        assert cell.height() >= needed.height(), text  # on as many lines as it needs


def test_dot_voting_with_no_ideas_says_where_they_come_from(qtbot, fresh_db) -> None:
    world = make_world(fresh_db)
    panel = DotVotingPanel(fresh_db, clock=world.clock)
    qtbot.addWidget(panel)
    panel.set_session(world.first.id)
    assert panel.model.rowCount() == 0
    assert panel.message.text().startswith("No ideas to vote on yet")
