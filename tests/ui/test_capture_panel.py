"""The capture panel by keyboard alone: decisions, actions, experiments; errors keep text."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from facilitator import capture, kinds, roster
from facilitator.changes import Changes, Topic
from facilitator.model import (
    Action,
    ActionStatus,
    Decision,
    DecisionMethod,
    ExperimentStatus,
    SessionStatus,
)
from facilitator.store import captures, sessions
from tests.facilitator.capture_world import World, make_world
from ui import ops
from ui.screens.capture_panel import PLACEHOLDERS, CapturePanel

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def focused():
    return QApplication.focusWidget()


def press(qtbot, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(focused(), key, modifier)


def type_text(qtbot, text: str) -> None:
    """Type text key by key; letters QTest cannot synthesise arrive as an input method would."""
    widget = focused()
    for ch in text:
        if ord(ch) < 0x80:
            qtbot.keyClicks(widget, ch)
        else:
            widget.insertPlainText(ch) if hasattr(widget, "insertPlainText") else widget.insert(ch)


@pytest.fixture
def world(fresh_db) -> World:
    world = make_world(fresh_db)
    sessions.set_status(fresh_db, world.first.id, SessionStatus.RUNNING)
    return world


@pytest.fixture
def panel(qtbot, world: World) -> CapturePanel:
    widget = CapturePanel(world.database, clock=world.clock)
    qtbot.addWidget(widget)
    widget.resize(520, 760)
    widget.set_context(world.first.id, world.phase.id)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow)
    widget.focus_entry()
    qtbot.waitUntil(lambda: widget.entry.hasFocus())
    return widget


def test_decision_action_and_experiment_by_keyboard_alone(qtbot, panel, world) -> None:
    db = world.database
    captured = []
    panel.item_did_capture.connect(lambda kind, item_id: captured.append((kind, item_id)))

    # A decision: Ctrl+2, the text, Tab to the method (typing picks it), rationale,
    # the people consulted (completed from the roster), Enter.
    press(qtbot, Qt.Key.Key_2, CTRL)
    assert panel.kind == "decision" and panel.entry.hasFocus()
    type_text(qtbot, "Shadow mode for Bristol — Zoë 🎉")
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is panel.method
    type_text(qtbot, "Adv")
    press(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, "Least risk for customers")
    press(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, "ann lee, bo jensen")
    press(qtbot, Qt.Key.Key_Escape)  # close the completion list, keep the text
    press(qtbot, Qt.Key.Key_Return)
    (decision,) = captures.list_for_session(db, Decision, world.first.id)
    assert decision.text == "Shadow mode for Bristol — Zoë 🎉"
    assert decision.method is DecisionMethod.ADVICE
    assert decision.rationale == "Least risk for customers"
    assert decision.consulted == (world.ann.id, world.bo.id)
    assert decision.phase_id == world.phase.id
    assert decision.created_at == "2026-03-02T09:00:00.000+00:00"
    assert panel.entry.text() == "" and panel.entry.hasFocus()
    assert captured == [("decision", decision.id)]

    # An action with an owner and a due date typed as "fri".
    world.clock.advance(60)
    press(qtbot, Qt.Key.Key_3, CTRL)
    type_text(qtbot, "Book the vendor's super-users")
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is panel.owner
    type_text(qtbot, "Bo Jensen")
    press(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, "fri")
    assert "Fri 6 Mar 2026" in panel.due.hint.text()
    press(qtbot, Qt.Key.Key_Return)
    action = capture.get(db, "action", captured[-1][1])
    assert captured[-1][0] == "action"
    assert (action.text, action.owner_id, action.due, action.status) == (
        "Book the vendor's super-users",
        world.bo.id,
        "2026-03-06",
        ActionStatus.OPEN,
    )
    assert action.created_at == "2026-03-02T09:01:00.000+00:00"

    # An experiment: hypothesis on two lines (Shift+Enter), limits, signals, owner, review.
    press(qtbot, Qt.Key.Key_4, CTRL)
    type_text(qtbot, "If we batch by zone")
    press(qtbot, Qt.Key.Key_Return, SHIFT)
    type_text(qtbot, "late dispatches halve")
    for text in (
        "Zone C only",
        "two weeks",
        "no spend",
        "mis-picks under 1%",
        "late under 6%",
        "mis-picks above 1%",
        "cy",
        "+2w",
    ):
        press(qtbot, Qt.Key.Key_Tab)
        type_text(qtbot, text)
        if text == "cy":
            press(qtbot, Qt.Key.Key_Escape)
    press(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, "R")  # status: Running
    press(qtbot, Qt.Key.Key_Return)
    exp = capture.get(db, "experiment", captured[-1][1])
    assert exp.hypothesis == "If we batch by zone\nlate dispatches halve"
    assert (exp.what_we_try, exp.limit_time, exp.limit_money, exp.limit_risk) == (
        "Zone C only",
        "two weeks",
        "no spend",
        "mis-picks under 1%",
    )
    assert (exp.success_signal, exp.stop_signal) == ("late under 6%", "mis-picks above 1%")
    assert exp.owner_id == world.cy.id and exp.review_on == "2026-03-16"
    assert exp.status is ExperimentStatus.RUNNING
    assert [kind for kind, _ in captured] == ["decision", "action", "experiment"]
    assert panel.tree.topLevelItemCount() == 3
    assert panel.tree.topLevelItem(0).text(1).startswith("If we batch by zone")


def test_an_owner_outside_the_team_is_refused_and_the_text_stays(qtbot, panel, world) -> None:
    press(qtbot, Qt.Key.Key_3, CTRL)
    type_text(qtbot, "Call the auditor")
    press(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, "Dana Stranger")
    press(qtbot, Qt.Key.Key_Return)
    assert "nobody called 'Dana Stranger'" in panel.message.text()
    assert panel.message.property("role") == "error"
    assert panel.entry.text() == "Call the auditor"
    assert panel.owner.text() == "Dana Stranger" and panel.owner.hasFocus()
    assert capture.for_session(world.database, world.first.id) == []


def test_empty_text_and_bad_dates_are_refused_clearly(qtbot, panel, world) -> None:
    press(qtbot, Qt.Key.Key_Return)
    assert "cannot be empty" in panel.message.text()
    press(qtbot, Qt.Key.Key_3, CTRL)
    type_text(qtbot, "Something")
    press(qtbot, Qt.Key.Key_Tab)
    press(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, "someday")
    press(qtbot, Qt.Key.Key_Return)
    assert "Due date" in panel.message.text() and "try" in panel.message.text()
    assert panel.due.edit.hasFocus() and panel.entry.text() == "Something"


def test_a_due_date_in_the_past_is_stored_and_flagged(qtbot, panel, world) -> None:
    press(qtbot, Qt.Key.Key_3, CTRL)
    type_text(qtbot, "Should have been done")
    press(qtbot, Qt.Key.Key_Tab)
    press(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, "2026-02-01")
    assert "in the past" in panel.due.hint.text()
    press(qtbot, Qt.Key.Key_Return)
    (item,) = capture.for_session(world.database, world.first.id)
    assert item.due == "2026-02-01"
    assert "overdue" in panel.tree.topLevelItem(0).text(2)


def test_long_rtl_and_control_text_is_kept_verbatim(qtbot, panel, world) -> None:
    text = "שלום עולם — مرحبا\tbell\x07 " + "x" * 100_000
    panel.entry.setText(text)
    press(qtbot, Qt.Key.Key_Return)
    (item,) = capture.for_session(world.database, world.first.id)
    assert item.text == text


def test_disk_full_keeps_every_typed_word(qtbot, file_db, tmp_path) -> None:
    world = make_world(file_db)
    panel = CapturePanel(file_db, clock=world.clock)
    qtbot.addWidget(panel)
    panel.set_context(world.first.id, None)
    panel.set_kind("decision")
    text = "A decision the disk cannot hold " + "y" * 50_000
    panel.entry.setText(text)
    panel.rationale.setText("because")
    file_db.db.execute(f"PRAGMA max_page_count={file_db.pragma('page_count')}")
    try:
        panel.commit()
    finally:
        file_db.db.execute("PRAGMA max_page_count=1073741823")
    assert "disk is full" in panel.message.text()
    assert panel.entry.text() == text and panel.rationale.text() == "because"
    assert capture.for_session(file_db, world.first.id) == []
    panel.commit()  # room again: the same text goes in
    (stored,) = capture.for_session(file_db, world.first.id)
    assert stored.text == text and stored.rationale == "because"


def test_edit_delete_and_undo_from_the_list(qtbot, panel, world) -> None:
    db = world.database
    type_text(qtbot, "First idea")
    press(qtbot, Qt.Key.Key_Return)
    type_text(qtbot, "Second idea")
    press(qtbot, Qt.Key.Key_Return)
    type_text(qtbot, "A draft I am still typing")
    panel.tree.setFocus()
    panel.tree.setCurrentItem(panel.tree.topLevelItem(1))  # "First idea"
    press(qtbot, Qt.Key.Key_Return)
    assert panel.heading.text() == "Editing idea" and panel.entry.text() == "First idea"
    panel.entry.selectAll()
    type_text(qtbot, "First idea, sharper")
    press(qtbot, Qt.Key.Key_Return)
    texts = [i.text for i in capture.for_session(db, world.first.id)]
    assert texts == ["First idea, sharper", "Second idea"]
    assert panel.entry.text() == "A draft I am still typing"  # the draft came back

    panel.tree.setFocus()
    panel.select_item("contribution", capture.for_session(db, world.first.id)[1].id)
    press(qtbot, Qt.Key.Key_Delete)
    assert [i.text for i in capture.for_session(db, world.first.id)] == ["First idea, sharper"]
    assert "Ctrl+Z" in panel.message.text()
    assert panel.undo_button.text().startswith("Undo delete of idea")
    press(qtbot, Qt.Key.Key_Z, CTRL)
    assert [i.text for i in capture.for_session(db, world.first.id)] == [
        "First idea, sharper",
        "Second idea",
    ]
    press(qtbot, Qt.Key.Key_Z, CTRL)  # then the edit
    assert [i.text for i in capture.for_session(db, world.first.id)] == [
        "First idea",
        "Second idea",
    ]
    assert panel.entry.text() == "A draft I am still typing"


def test_undo_survives_a_restart_during_the_session(qtbot, world) -> None:
    item = capture.add(
        world.database, "learning", world.first.id, "Keep this", clock=world.clock
    ).value
    capture.delete(world.database, "learning", item.id, clock=world.clock)
    again = CapturePanel(world.database, clock=world.clock)  # the app started again
    qtbot.addWidget(again)
    again.set_context(world.first.id, None)
    assert again.undo_button.isEnabled()
    again.undo()
    assert [i.text for i in capture.for_session(world.database, world.first.id)] == ["Keep this"]


def test_learning_links_an_experiment(qtbot, panel, world) -> None:
    exp = capture.add(world.database, "experiment", world.first.id, "Zone batching").value
    panel.set_context(world.first.id, world.phase.id, reload=True)
    press(qtbot, Qt.Key.Key_5, CTRL)
    type_text(qtbot, "One owner per wave plan")
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is panel.experiment_link
    press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_Return)
    learning = [
        i
        for i in capture.for_session(world.database, world.first.id)
        if kinds.of(i).name == "learning"
    ][0]
    assert learning.experiment_id == exp.id


def test_the_panel_follows_what_changes_elsewhere(qtbot, panel, world) -> None:
    """A review round's learning, a vote or a renamed person shows without a refresh call."""
    db, sid = world.database, world.first.id
    idea = capture.add(db, "contribution", sid, "Shadow mode", participant_id=world.bo.id).value
    ops.broadcast(Changes.of(Topic.CAPTURES, session_id=sid))  # e.g. the review screen's
    assert panel.tree.topLevelItem(0).text(1) == "Shadow mode"
    captures.set_votes(db, idea.id, world.ann.id, 2, world.phase.id)
    ops.broadcast(Changes.of(Topic.VOTES, session_id=sid))
    assert panel.tree.topLevelItem(0).text(2) == "Bo Jensen · 2 dots"
    roster.update_participant(db, world.bo.id, name="Bo Berg")
    ops.broadcast(Changes.of(Topic.PEOPLE, team_id=world.team_id))
    assert panel.tree.topLevelItem(0).text(2) == "Bo Berg · 2 dots"


def test_a_refused_save_is_said_under_the_form_not_in_a_box(
    qtbot, panel, world, _no_blocking_dialogs
) -> None:
    heard: list[Changes] = []
    ops.bus().changes_did_happen.connect(lambda changes, source: heard.append(changes))
    panel.entry.setText("a\x00b")
    panel.commit()
    assert "NUL" in panel.message.text() and panel.message.property("role") == "error"
    assert panel.entry.text() == "a\x00b" and _no_blocking_dialogs == [] and heard == []
    panel.entry.setText("An idea")
    panel.commit()
    assert heard == [Changes.of(Topic.CAPTURES, session_id=world.first.id)]
    assert panel.message.property("role") == "hint"


ORDERS = [(a, b) for a in kinds.NAMES for b in kinds.NAMES if a != b]


def _on_screen(widget) -> QImage:  # noqa: ANN001
    """What the screen shows of ``widget`` now (the window's backing store, as last
    painted), not a fresh rendering of it."""
    window = widget.window()
    top_left = widget.mapTo(window, QPoint(0, 0))
    shot = window.screen().grabWindow(window.winId()).toImage()
    return shot.copy(QRect(top_left, widget.size()))


def test_the_placeholder_follows_every_kind_switch(qtbot, panel) -> None:
    """After any kind, any other: the empty text field invites the kind the form is on
    (it used to show the kind before: Qt repaints a placeholder only when it appears)."""
    panel.kind_buttons["contribution"].setFocus()  # no blinking cursor in the text
    for before, after in ORDERS:
        panel.set_kind(before)
        qtbot.wait(1)
        panel.set_kind(after)
        qtbot.wait(1)
        viewport = panel.entry.viewport()
        assert panel.entry.placeholderText() == PLACEHOLDERS[after]
        drawn = viewport.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
        shown = _on_screen(viewport).convertToFormat(QImage.Format.Format_RGB32)
        assert shown == drawn, f"{before} → {after}: the screen shows another placeholder"


def test_the_saved_line_goes_once_the_item_reads_otherwise(qtbot, panel, world) -> None:
    # "Saved action …: “Call the supplier”" stays through the panel's own refreshes, and
    # goes when the item is changed elsewhere (a sync brought another laptop's later text).
    db = world.database
    press(qtbot, Qt.Key.Key_3, CTRL)
    type_text(qtbot, "Call the supplier")
    press(qtbot, Qt.Key.Key_Return)
    assert panel.message.text().startswith("Saved action at ")
    (item,) = capture.for_session(db, world.first.id, ["action"])
    ops.broadcast(Changes.of(Topic.CAPTURES, session_id=world.first.id))  # nothing new
    assert panel.message.text().startswith("Saved action at ")
    capture.change(db, item, text="Call the supplier by Monday", clock=world.clock)
    ops.broadcast(Changes.of(Topic.CAPTURES, session_id=world.first.id))
    assert panel.message.text() == ""


def test_a_refusal_goes_once_the_text_is_put_right_or_the_phase_moves(qtbot, panel, world) -> None:
    press(qtbot, Qt.Key.Key_Return)
    assert "cannot be empty" in panel.message.text()
    type_text(qtbot, "N")  # typing again: the refusal has been read
    assert panel.message.text() == ""
    panel.entry.clear()
    press(qtbot, Qt.Key.Key_Return)
    assert "cannot be empty" in panel.message.text()
    panel.set_context(world.first.id, None)  # the run moved on to another phase
    assert panel.message.text() == ""
    panel.set_context(world.first.id, None)
    type_text(qtbot, "Kept")
    press(qtbot, Qt.Key.Key_Return)
    assert panel.message.text().startswith("Saved")  # a saved line is not a refusal
    type_text(qtbot, "more")
    assert panel.message.text().startswith("Saved")


def test_a_read_only_copy_takes_no_typing_it_could_not_keep(qtbot, db_path) -> None:
    from facilitator.store import open_database

    writable = open_database(db_path)
    world = make_world(writable)
    writable.close()
    database = open_database(db_path, read_only=True)
    try:
        widget = CapturePanel(database, clock=world.clock)
        qtbot.addWidget(widget)
        widget.resize(520, 760)
        widget.set_context(world.first.id, world.phase.id)
        widget.show()
        qtbot.waitExposed(widget)
        widget.focus_entry()
        qtbot.keyClicks(widget.entry, "Typed for nothing")
        assert widget.entry.toPlainText() == ""  # not typed, so nothing to lose
        assert widget.entry.isReadOnly() and not widget.save_button.isEnabled()
        assert widget.entry.placeholderText().startswith("Read-only")
        assert "read-only: nothing can be saved" in widget.message.text()
        widget.set_kind("action")
        assert widget.entry.placeholderText().startswith("Read-only")
    finally:
        database.close()


def test_an_owner_is_offered_and_found_with_accents_left_out(qtbot, panel, world) -> None:
    """A scribe typing fast leaves the accents out: "zoe" offers Zoë Marín and, typed
    whole, finds her, as search does."""
    ops.broadcast(roster.update_participant(world.database, world.cy.id, name="Zoë Marín").changes)
    panel.set_kind("action")
    owner = panel.owner
    owner.setFocus()
    qtbot.keyClicks(owner, "zoe")
    assert owner.completer_visible()
    popup = owner._completer.popup()
    shown = [popup.model().index(i, 0).data() for i in range(popup.model().rowCount())]
    assert shown == ["Zoë Marín"]
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert owner.text() == "Zoë Marín"
    owner.setText("marin")  # typed whole, no choice made: still her
    panel.entry.setPlainText("Book transport slots for Bristol")
    panel.commit()
    actions = captures.list_for_session(world.database, Action, world.first.id)
    assert [a.owner_id for a in actions if a.text.startswith("Book")] == [world.cy.id]
