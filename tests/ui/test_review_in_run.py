"""The review round during a run: beside the timer, owners in turn, the room told which item
is reviewed, the run keys still the facilitator's."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from facilitator import capture, formats
from facilitator.clock import FakeClock
from facilitator.model import (
    ActionStatus,
    AttendanceStatus,
    ExperimentStatus,
    Phase,
    PhaseMode,
    SessionStatus,
)
from facilitator.store import sessions
from facilitator.timer import TimerState
from tests.facilitator.capture_world import World, make_world
from ui.main_window import MainWindow
from ui.screens.capture_panel import CapturePanel
from ui.screens.review_panel import ReviewPanel

CTRL = Qt.KeyboardModifier.ControlModifier


def press(qtbot, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(QApplication.focusWidget(), key, modifier)


def told(screen) -> tuple[list[str], str | None]:
    """What the room's review view shows: the items in order and the one now reviewed."""
    projector = screen.projector
    return [i.item.id for i in projector.review_items], projector.current_item_id


@pytest.fixture
def room(qtbot, fresh_db):
    """A second session in its review round's Report phase, started, with three present;
    the first session promised actions and an experiment to three owners and nobody."""
    world: World = make_world(fresh_db)
    db, first, second = world.database, world.first.id, world.second.id

    def promise(kind: str, text: str, owner, **fields):
        owner_id = owner.id if owner is not None else None
        return capture.add(db, kind, first, text, owner_id=owner_id, **fields).value

    promised = {
        "ann": promise("action", "Call the vendor", world.ann, due="2026-03-03"),
        "nobody": promise("action", "Order more labels", None, due="2026-03-04"),
        "bo": promise("action", "Brief the early shift", world.bo, due="2026-03-05"),
        "ann_exp": promise(
            "experiment",
            "Batching halves late dispatches",
            world.ann,
            status=ExperimentStatus.RUNNING,
        ),
    }
    sessions.set_status(db, first, SessionStatus.FINISHED, world.clock)
    for person in (world.ann, world.bo, world.cy):
        sessions.set_attendance(db, second, person.id, AttendanceStatus.PRESENT)
    check_in = Phase(second, 0, "Check-in", 60, mode=PhaseMode.OPEN)
    sessions.add_phases(db, [check_in])
    sessions.add_phases(db, formats.expand(formats.get_format("review-round"), second, 1, 3))
    report = sessions.list_phases(db, second)[2]
    assert report.title == "Report" and report.mode is PhaseMode.ROUND_ROBIN

    window = MainWindow(db)
    window.run_clock = clock = FakeClock(datetime(2026, 3, 9, 9, 30, tzinfo=UTC))  # a week on
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    assert window.run_session(second)
    screen = window.run_screen
    for key in (Qt.Key.Key_Space, Qt.Key.Key_N, Qt.Key.Key_N):  # start, Look back, Report
        qtbot.keyClick(screen, key)
        screen.handover.close()  # who leads now: not what these tests are about
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    screen.setFocus()
    assert screen.run.timer.phase.id == report.id
    return window, screen, clock, world, promised


def open_review(qtbot, screen) -> ReviewPanel:
    capture_panel = screen.side_panel
    assert isinstance(capture_panel, CapturePanel)
    assert capture_panel.review_button.isVisible()
    qtbot.mouseClick(capture_panel.review_button, Qt.MouseButton.LeftButton)
    panel = screen.review_side.panel
    assert panel is not None
    return panel


def test_the_review_opens_beside_the_timer_which_keeps_running(qtbot, room) -> None:
    window, screen, clock, world, promised = room
    # Owners in turn: the Report round, the first round-robin of the team's second session,
    # starts one place on (Bo, Cy, Ann); nobody's items come last.
    order = [promised[k].id for k in ("bo", "ann", "ann_exp", "nobody")]
    assert told(screen) == (order, None)  # the room reads the list; nothing reviewed yet
    timer_column = screen.timer_panel.parentWidget()
    width = timer_column.width()
    panel = open_review(qtbot, screen)
    assert timer_column.width() == width  # in the capture panel's place: nothing moves
    assert window.stack.currentWidget() is screen  # not a screen of its own
    assert panel.isVisible() and not screen.side_panel.isVisible()
    assert screen.time.isVisible() and screen.start_button.isVisible()
    before = screen.time.text()
    clock.advance(30)
    screen.refresh()
    assert screen.time.text() != before  # the facilitator sees the time go on
    assert screen.run.timer.state is TimerState.RUNNING

    listed = [panel.tree.topLevelItem(i).data(0, Qt.ItemDataRole.UserRole) for i in range(4)]
    assert listed == order
    assert panel.turn.text() == "Bo Jensen — 1 item"
    assert panel.tree.topLevelItem(0).text(0) == "!"  # due: said by a sign (and its colour)
    # At 1366x768 the four items show without scrolling and the fields keep their lines.
    assert panel.tree.verticalScrollBar().maximum() == 0
    assert panel.outcome.height() >= 48 and panel.learning.height() >= 48
    assert (
        panel.record_button.isVisible()
        and panel.record_button.visibleRegion().boundingRect().height() > 20
    )
    assert told(screen) == (order, promised["bo"].id)  # the room sees the list and the item
    # Nothing is closed for want of a choice: an open action is proposed open.
    assert panel.status.currentData() == "open"

    # Recorded with Ctrl+Enter: Ann's turn next, the room follows.
    panel.status.setFocus()
    qtbot.waitUntil(panel.status.hasFocus)
    press(qtbot, Qt.Key.Key_D)  # Done
    assert panel.status.currentData() == "done"
    press(qtbot, Qt.Key.Key_Return, CTRL)
    assert capture.get(world.database, "action", promised["bo"].id).status is ActionStatus.DONE
    assert panel.tree.topLevelItem(0).text(0) == "✓"
    assert panel.current().item.id == promised["ann"].id
    assert panel.turn.text() == "Ann Lee — 2 items"
    assert told(screen) == (order, promised["ann"].id)
    assert panel.status.currentData() == "open"
    panel.tree.setCurrentItem(panel.tree.topLevelItem(2))
    assert panel.status.currentData() == "running"  # a running experiment stays running
    assert told(screen) == (order, promised["ann_exp"].id)
    # Left open (its current status, recorded as it stands): it comes back, marked ↻.
    panel.tree.setCurrentItem(panel.tree.topLevelItem(1))
    panel.record()
    assert panel.tree.topLevelItem(1).text(0) == "↻"
    assert capture.get(world.database, "action", promised["ann"].id).status is ActionStatus.OPEN


def test_run_keys_work_in_the_review_unless_typing_and_esc_brings_capture_back(qtbot, room) -> None:
    window, screen, clock, world, promised = room
    panel = open_review(qtbot, screen)
    qtbot.waitUntil(panel.tree.hasFocus)
    left = screen.run.timer.view(clock.monotonic()).remaining_s
    press(qtbot, Qt.Key.Key_Plus)  # in the list, + gives the phase a minute more
    assert screen.run.timer.view(clock.monotonic()).remaining_s == pytest.approx(left + 60)
    press(qtbot, Qt.Key.Key_Space)  # and Space pauses
    assert screen.run.timer.state is TimerState.PAUSED

    # In a text field the same keys type.
    panel.outcome.setFocus()
    qtbot.waitUntil(panel.outcome.hasFocus)
    qtbot.keyClicks(panel.outcome, "N + 1 ")
    assert panel.outcome.toPlainText() == "N + 1 "
    assert screen.run.timer.state is TimerState.PAUSED
    assert screen.run.timer.view(clock.monotonic()).remaining_s == pytest.approx(left + 60)
    # In the status box a status's first letter chooses it (P for Planned, not the
    # projector); N, which begins no status, is still the next phase.
    panel.tree.setCurrentItem(panel.tree.topLevelItem(2))  # Ann's running experiment
    panel.status.setFocus()
    qtbot.waitUntil(panel.status.hasFocus)
    press(qtbot, Qt.Key.Key_P)
    assert panel.status.currentData() == "planned" and not screen.projector.is_open()
    phase = screen.run.timer.phase.id
    press(qtbot, Qt.Key.Key_N)
    assert screen.run.timer.phase.id != phase

    # Esc: the capture panel is back, the keys are the run screen's.
    press(qtbot, Qt.Key.Key_Escape)
    assert not panel.isVisible() and screen.side_panel.isVisible()
    assert screen.hasFocus()
    press(qtbot, Qt.Key.Key_Space)
    assert screen.run.timer.state is TimerState.RUNNING
    # "Back to capture" does the same.
    screen.open_review()
    assert panel.isVisible()
    back = next(b for b in panel.findChildren(type(panel.record_button)) if "capture" in b.text())
    qtbot.mouseClick(back, Qt.MouseButton.LeftButton)
    assert not panel.isVisible() and screen.side_panel.isVisible()


def test_the_list_follows_the_floor_to_the_next_owner(qtbot, room) -> None:
    window, screen, clock, world, promised = room
    assert screen.last_view.speaker.id == world.bo.id  # the Report round starts with Bo
    panel = open_review(qtbot, screen)
    assert panel.current().item.id == promised["bo"].id
    qtbot.waitUntil(panel.tree.hasFocus)
    press(qtbot, Qt.Key.Key_S)  # Cy has the floor and nothing to report: the item stays
    assert screen.last_view.speaker.id == world.cy.id
    assert panel.current().item.id == promised["bo"].id
    press(qtbot, Qt.Key.Key_S)  # Ann: her first item, and the room is told
    assert screen.last_view.speaker.id == world.ann.id
    assert panel.current().item.id == promised["ann"].id
    assert panel.turn.text() == "Ann Lee — 2 items"
    assert told(screen)[1] == promised["ann"].id


def test_outside_a_run_the_review_is_a_screen_of_its_own(qtbot, room) -> None:
    window, screen, clock, world, promised = room
    window.show_home()
    window.show_review(world.second.id)
    assert window.stack.currentWidget() is window.review_screen
    assert screen.review_side.panel is None  # the run screen was left alone


def test_ctrl_and_a_kind_key_in_the_review_brings_capture_back_on_that_kind(qtbot, room) -> None:
    window, screen, clock, world, promised = room
    panel = open_review(qtbot, screen)
    panel.tree.setFocus()
    qtbot.waitUntil(panel.tree.hasFocus)
    press(qtbot, Qt.Key.Key_2, CTRL)  # a decision is taken in the middle of the review
    capture_panel = screen.side_panel
    assert isinstance(capture_panel, CapturePanel)
    assert capture_panel.isVisible() and not panel.isVisible()
    assert capture_panel.kind == "decision"
    assert capture_panel.entry.hasFocus()  # the cursor where the decision is typed


def test_r_opens_the_review_in_a_review_round_and_says_when_elsewhere(qtbot, room) -> None:
    window, screen, clock, world, promised = room
    screen.setFocus()
    press(qtbot, Qt.Key.Key_R)
    panel = screen.review_side.panel
    assert panel is not None and panel.isVisible() and panel.tree.hasFocus()
    press(qtbot, Qt.Key.Key_Escape)
    assert not panel.isVisible()
    screen.back()
    screen.back()  # the Check-in round before the review round
    assert screen.run.timer.phase.format_key != "review-round"
    screen.setFocus()
    press(qtbot, Qt.Key.Key_R)
    assert not panel.isVisible()
    assert screen.error_bar.isVisible() and "review round" in screen.error_bar.text.text()


def test_opened_again_in_a_review_under_way_the_review_is_back(qtbot, room) -> None:
    window, screen, clock, world, promised = room
    # Opened again with nothing reviewed yet: the capture panel, as for any phase.
    window.router.discard_run_screen()
    assert window.run_session(world.second.id)
    assert window.run_screen.review_side.panel is None
    panel = open_review(qtbot, window.run_screen)
    panel.record()  # Bo's item, recorded in this phase
    # The app is closed (or killed) and opened again on the same round.
    window.router.discard_run_screen()
    assert window.run_session(world.second.id)
    again = window.run_screen
    assert again.review_side.panel is not None and again.review_side.is_open()
    assert again.review_side.panel.isVisibleTo(again)
    assert again.run.timer.state is TimerState.RUNNING  # the round went on meanwhile


def test_recording_moves_on_down_the_list_and_a_skipped_item_waits(qtbot, room) -> None:
    window, screen, clock, world, promised = room
    panel = open_review(qtbot, screen)
    ids = [panel.tree.topLevelItem(i).data(0, Qt.ItemDataRole.UserRole) for i in range(4)]
    assert ids == [promised[k].id for k in ("bo", "ann", "ann_exp", "nobody")]
    panel.tree.setCurrentItem(panel.tree.topLevelItem(1))  # Bo is not ready: Ann first
    panel.record()
    assert panel.current().item.id == promised["ann_exp"].id  # the next one down, not Bo's
    panel.tree.setCurrentItem(panel.tree.topLevelItem(3))
    panel.record()  # the last one: round to the top, where Bo's still waits
    assert panel.current().item.id == promised["bo"].id
