"""Capture during a session, then review the items at the next session, by keyboard."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from facilitator import capture, review
from facilitator.model import Action, ActionStatus, ExperimentStatus, Learning, SessionStatus
from facilitator.record import load
from facilitator.store import captures, sessions
from tests.facilitator.capture_world import make_world
from ui import ops
from ui.screens.capture_panel import CapturePanel
from ui.screens.review import ReviewScreen
from ui.screens.session_overview import SessionOverview

CTRL = Qt.KeyboardModifier.ControlModifier


def press(qtbot, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(QApplication.focusWidget(), key, modifier)


def type_text(qtbot, text: str) -> None:
    qtbot.keyClicks(QApplication.focusWidget(), text)


def activate(qtbot, widget) -> None:
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow)


def test_capture_in_one_session_and_review_at_the_next(qtbot, fresh_db) -> None:
    world = make_world(fresh_db)
    db = world.database
    sessions.set_status(db, world.first.id, SessionStatus.RUNNING, world.clock)

    panel = CapturePanel(db, clock=world.clock)
    qtbot.addWidget(panel)
    panel.set_context(world.first.id, world.phase.id)
    activate(qtbot, panel)
    panel.focus_entry()
    qtbot.waitUntil(panel.entry.hasFocus)
    press(qtbot, Qt.Key.Key_2, CTRL)
    type_text(qtbot, "We pilot zone batching")
    press(qtbot, Qt.Key.Key_Return)
    press(qtbot, Qt.Key.Key_3, CTRL)
    type_text(qtbot, "Brief the early shift")
    press(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, "Ann Lee")
    press(qtbot, Qt.Key.Key_Escape)
    press(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, "+3d")
    press(qtbot, Qt.Key.Key_Return)
    press(qtbot, Qt.Key.Key_3, CTRL)
    type_text(qtbot, "Order more labels")
    press(qtbot, Qt.Key.Key_Return)
    press(qtbot, Qt.Key.Key_4, CTRL)
    type_text(qtbot, "Zone batching halves late dispatches")
    press(qtbot, Qt.Key.Key_Return)
    sessions.set_status(db, world.first.id, SessionStatus.FINISHED, world.clock)

    # The next session's review round lists the two actions and the experiment.
    screen = ReviewScreen(db, clock=world.clock)
    qtbot.addWidget(screen)
    screen.resize(1366, 768)
    screen.set_session(world.second.id)
    activate(qtbot, screen)
    screen.tree.setFocus()
    qtbot.waitUntil(screen.tree.hasFocus)
    assert screen.tree.topLevelItemCount() == 3
    assert screen.progress.text() == "0 of 3 reviewed · 3 to go"
    first = screen.current()
    assert first is not None and first.kind == "action"

    # Enter goes to the status; type to choose; Tab to outcome and learning; Ctrl+Enter.
    press(qtbot, Qt.Key.Key_Return)
    assert screen.status.hasFocus()
    type_text(qtbot, "Do")
    press(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, "Briefed on Monday")
    press(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, "Short briefings work")
    press(qtbot, Qt.Key.Key_Return, CTRL)
    assert screen.progress.text() == "1 of 3 reviewed · 2 to go"

    # The next item is selected, the cursor in the list again: Enter goes to its status and
    # records nothing (an Enter too many after Ctrl+Enter must not review an item unseen);
    # Enter in the status goes on to the outcome.
    second = screen.current()
    assert second is not None and second.item.id != first.item.id and screen.tree.hasFocus()
    press(qtbot, Qt.Key.Key_Return)
    assert screen.status.hasFocus() and screen.progress.text() == "1 of 3 reviewed · 2 to go"
    press(qtbot, Qt.Key.Key_Return)
    assert screen.outcome.hasFocus() and screen.progress.text() == "1 of 3 reviewed · 2 to go"
    assert screen.current() is not None and screen.current().review is None
    if second.kind == "action":
        # Proposed at its current status: nothing is closed unless the room says so.
        assert screen.status.currentData() == "open"
        type_text(qtbot, "Supplier late")
        press(qtbot, Qt.Key.Key_Return, CTRL)
        third = screen.current()
        assert third is not None and third.kind == "experiment"
    else:
        third = second
    # The experiment: succeeded, an outcome and a learning linked to it.
    screen.status.setCurrentIndex(screen.status.findData("succeeded"))
    screen.outcome.setPlainText("Late dispatches 14% -> 5%")
    screen.learning.setPlainText("One owner per wave plan")
    screen.record()

    actions = {a.text: a for a in captures.list_for_session(db, Action, world.first.id)}
    assert actions["Brief the early shift"].status is ActionStatus.DONE
    assert actions["Brief the early shift"].closed_in_session == world.second.id
    exp = capture.get(db, "experiment", third.item.id)
    assert exp.status is ExperimentStatus.SUCCEEDED and exp.outcome.startswith("Late")
    learnings = {lr.text: lr for lr in captures.list_for_session(db, Learning, world.second.id)}
    assert learnings["One owner per wave plan"].experiment_id == exp.id
    assert "Short briefings work" in learnings

    # Nothing falls through: what was left open, or not reviewed, comes back next time.
    later = {
        i.item.text if i.kind == "action" else i.item.hypothesis
        for i in review.agenda(db, world.third.id).items
    }
    if second.kind == "action":
        assert "Order more labels" in later
    assert "Brief the early shift" not in later


def test_a_failed_review_keeps_the_typed_text(qtbot, file_db) -> None:
    world = make_world(file_db)
    capture.add(file_db, "action", world.first.id, "Call the vendor")
    screen = ReviewScreen(file_db, clock=world.clock)
    qtbot.addWidget(screen)
    screen.set_session(world.second.id)
    screen.outcome.setPlainText("They called back " + "z" * 150_000)
    screen.learning.setPlainText("Ask early")
    file_db.db.execute(f"PRAGMA max_page_count={file_db.pragma('page_count')}")
    try:
        screen.record()
    finally:
        file_db.db.execute("PRAGMA max_page_count=1073741823")
    assert "disk is full" in screen.message.text()
    assert screen.outcome.toPlainText().startswith("They called back")
    assert screen.learning.toPlainText() == "Ask early"
    assert review.agenda(file_db, world.second.id).reviewed == 0


def test_taking_back_a_review(qtbot, fresh_db) -> None:
    world = make_world(fresh_db)
    action = capture.add(fresh_db, "action", world.first.id, "Call the vendor").value
    screen = ReviewScreen(fresh_db, clock=world.clock)
    qtbot.addWidget(screen)
    screen.set_session(world.second.id)
    screen.status.setCurrentIndex(screen.status.findData("done"))
    screen.record()
    assert capture.get(fresh_db, "action", action.id).status is ActionStatus.DONE
    screen.clear_review()
    assert capture.get(fresh_db, "action", action.id).status is ActionStatus.OPEN
    assert screen.progress.text() == "0 of 1 reviewed · 1 to go"


def test_nothing_to_review_says_so(qtbot, fresh_db) -> None:
    world = make_world(fresh_db)
    screen = ReviewScreen(fresh_db, clock=world.clock)
    qtbot.addWidget(screen)
    screen.set_session(world.first.id)
    assert "Nothing to review" in screen.empty.text()


def test_nothing_to_review_is_one_calm_line_in_place(qtbot, fresh_db) -> None:
    world = make_world(fresh_db)
    screen = ReviewScreen(fresh_db, clock=world.clock)
    qtbot.addWidget(screen)
    screen.resize(1366, 768)
    screen.set_session(world.first.id)
    activate(qtbot, screen)
    assert screen.empty.text() == (
        "Nothing to review: no open actions or experiments from sessions before Mon 2 Mar 2026."
    )
    # Right under the heading, where the list would be: no big gap, no heading mid-screen.
    assert screen.empty.isVisible() and not screen.hint.isVisible()
    assert screen.empty.y() < 150 and screen.empty.height() < 80
    assert screen.title.y() < 50


def test_the_overview_shows_a_review_made_on_the_review_screen_when_next_shown(
    qtbot, fresh_db
) -> None:
    world = make_world(fresh_db)
    capture.add(fresh_db, "action", world.first.id, "Call the vendor")
    overview = SessionOverview(fresh_db)
    qtbot.addWidget(overview)
    overview.show_record(load(fresh_db, world.first.id))
    assert "Call the vendor — no owner, due — [open]" in overview.body.toPlainText()

    screen = ReviewScreen(fresh_db, clock=world.clock)
    qtbot.addWidget(screen)
    screen.set_session(world.second.id)
    screen.show()
    screen.status.setCurrentIndex(screen.status.findData("done"))
    screen.record()  # done: the action of the first session is closed in the second
    assert "[open]" in overview.body.toPlainText()  # not on screen: nothing reloaded yet

    overview.show()
    qtbot.waitUntil(lambda: "[done]" in overview.body.toPlainText())
    assert "Call the vendor — no owner, due — [done]" in overview.body.toPlainText()


def test_the_review_list_follows_an_item_added_elsewhere(qtbot, fresh_db) -> None:
    world = make_world(fresh_db)
    capture.add(fresh_db, "action", world.first.id, "Call the vendor")
    screen = ReviewScreen(fresh_db, clock=world.clock)
    qtbot.addWidget(screen)
    screen.set_session(world.second.id)
    activate(qtbot, screen)
    assert screen.tree.topLevelItemCount() == 1
    added = capture.add(fresh_db, "action", world.first.id, "Brief the early shift")
    ops.broadcast(added.changes)  # captured in another screen, say the first session's
    assert screen.tree.topLevelItemCount() == 2
    assert screen.progress.text() == "0 of 2 reviewed · 2 to go"
