"""Drafts in the capture panel and the review round: what is typed comes back after a crash."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QLineEdit,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from facilitator import capture, drafts
from facilitator.clock import iso
from facilitator.model import SessionStatus
from facilitator.review import draft_key
from facilitator.store import Database, open_database, sessions
from tests.facilitator.capture_world import World, make_world
from ui.capture_widgets import DRAFT_RESTORED
from ui.screens.capture_panel import DRAFT_KEY, CapturePanel
from ui.screens.review import ReviewScreen

CTRL = Qt.KeyboardModifier.ControlModifier


def press(qtbot, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(QApplication.focusWidget(), key, modifier)


def type_text(qtbot, text: str) -> None:
    qtbot.keyClicks(QApplication.focusWidget(), text)


def kept(world: World, session_id: str | None = None) -> drafts.FormDraft | None:
    return drafts.take_form(world.database, session_id or world.first.id, DRAFT_KEY)


def open_panel(
    qtbot,
    database: Database,
    world: World,
    session_id: str | None = None,
) -> CapturePanel:
    panel = CapturePanel(database, clock=world.clock)
    qtbot.addWidget(panel)
    panel.resize(520, 760)
    panel.set_context(session_id or world.first.id, world.phase.id)
    panel.show()
    qtbot.waitExposed(panel)
    panel.activateWindow()
    qtbot.waitUntil(panel.isActiveWindow)
    panel.focus_entry()
    qtbot.waitUntil(panel.entry.hasFocus)
    return panel


@pytest.fixture
def world(fresh_db: Database) -> World:
    world = make_world(fresh_db)
    sessions.set_status(fresh_db, world.first.id, SessionStatus.RUNNING)
    return world


@pytest.fixture
def panel(qtbot, world: World) -> CapturePanel:
    return open_panel(qtbot, world.database, world)


# ------------------------------------------------------------------ the capture panel


def test_typing_is_kept_once_typing_pauses_not_on_every_key(
    qtbot, panel, world, monkeypatch
) -> None:
    saves: list[dict[str, str]] = []
    real = drafts.save_form

    def counting(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        saves.append(dict(args[3]))
        return real(*args, **kwargs)

    monkeypatch.setattr(drafts, "save_form", counting)
    type_text(qtbot, "Ship it on Friday")
    assert panel.draft_keeper.timer.isActive() and saves == [] and kept(world) is None
    qtbot.waitUntil(lambda: kept(world) is not None)  # the timer's own timeout
    assert len(saves) == 1
    form = kept(world)
    assert form is not None and form.values["entry"] == "Ship it on Friday"
    assert form.choices["kind"] == "contribution"


def test_a_new_panel_puts_the_whole_form_back_and_says_so(
    qtbot, panel, world, _no_blocking_dialogs
) -> None:
    press(qtbot, Qt.Key.Key_2, CTRL)
    typed = "  Shadow mode for Bristol —\tZoë  "
    panel.entry.insertPlainText(typed)
    panel.method.setCurrentIndex(panel.method.findData("advice"))
    panel.rationale.setText("least risk  for customers")
    panel.limit_time.setText("two weeks")  # another kind's field: it comes back too
    panel.draft_keeper.timer.timeout.emit()

    again = CapturePanel(world.database, clock=world.clock)  # the app started again
    qtbot.addWidget(again)
    again.set_context(world.first.id, world.phase.id)
    assert again.kind == "decision" and again.kind_buttons["decision"].isChecked()
    assert again.entry.text() == typed
    assert again.method.currentData() == "advice"
    assert again.rationale.text() == "least risk  for customers"
    assert again.limit_time.text() == "two weeks"
    assert again.message.text() == DRAFT_RESTORED
    assert _no_blocking_dialogs == []  # an inline message, no dialog
    # Once all that was brought back is cleared away, the line no longer speaks of it.
    again.rationale.clear()
    again.limit_time.clear()
    again.entry.clear()
    assert again.message.text() == ""


def test_enter_saves_the_item_and_drops_its_draft(qtbot, panel, world) -> None:
    type_text(qtbot, "Order more labels")
    panel.draft_keeper.timer.timeout.emit()
    assert kept(world) is not None
    again = open_panel(qtbot, world.database, world)
    assert again.entry.text() == "Order more labels"
    press(qtbot, Qt.Key.Key_Return)
    assert [i.text for i in capture.for_session(world.database, world.first.id)] == [
        "Order more labels"
    ]
    assert kept(world) is None
    assert not again.draft_keeper.timer.isActive() and not again.draft_keeper.dirty
    again.close()  # closing saves nothing more: there is nothing typed
    assert kept(world) is None


def test_an_emptied_field_drops_its_draft(qtbot, panel, world) -> None:
    type_text(qtbot, "Half a thought")
    panel.draft_keeper.timer.timeout.emit()
    assert kept(world) is not None
    panel.entry.selectAll()
    press(qtbot, Qt.Key.Key_Delete)
    panel.draft_keeper.timer.timeout.emit()
    assert kept(world) is None


def test_leaving_a_field_and_closing_the_window_keep_the_draft(qtbot, panel, world) -> None:
    type_text(qtbot, "Typed, then Tab")
    press(qtbot, Qt.Key.Key_Tab)  # focus leaves the text: kept at once
    form = kept(world)
    assert form is not None and form.values["entry"] == "Typed, then Tab"
    panel.entry.setFocus()
    qtbot.waitUntil(panel.entry.hasFocus)
    type_text(qtbot, " and the lid closes")
    assert panel.draft_keeper.timer.isActive()
    panel.close()  # the window closing: kept before it goes
    form = kept(world)
    assert form is not None and form.values["entry"] == "Typed, then Tab and the lid closes"


def test_a_screen_left_keeps_the_draft_at_once(qtbot, world) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    stack = QStackedWidget()
    panel = CapturePanel(world.database, clock=world.clock)
    stack.addWidget(panel)
    stack.addWidget(QLabel("home"))
    elsewhere = QLineEdit()
    layout = QVBoxLayout(window)
    layout.addWidget(elsewhere)
    layout.addWidget(stack)
    panel.set_context(world.first.id, None)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    elsewhere.setFocus()
    qtbot.waitUntil(elsewhere.hasFocus)
    panel.entry.insertPlainText("Pasted while the focus was elsewhere")
    assert panel.draft_keeper.timer.isActive() and kept(world) is None
    stack.setCurrentIndex(1)  # another screen: the panel is hidden
    form = kept(world)
    assert form is not None and form.values["entry"] == "Pasted while the focus was elsewhere"


def test_each_session_keeps_its_own_draft(qtbot, panel, world) -> None:
    sessions.set_status(world.database, world.second.id, SessionStatus.RUNNING)
    type_text(qtbot, "For the first session")
    panel.set_context(world.second.id, None)  # not carried into another session
    assert panel.entry.text() == "" and panel.message.text() == ""
    panel.entry.insertPlainText("For the second")
    panel.set_context(world.first.id, None)
    assert panel.entry.text() == "For the first session"
    assert kept(world, world.second.id).values["entry"] == "For the second"
    assert kept(world).values["entry"] == "For the first session"


def test_editing_a_stored_item_keeps_the_new_item_draft(qtbot, panel, world) -> None:
    capture.add(world.database, "contribution", world.first.id, "Stored idea", clock=world.clock)
    panel.refresh()
    type_text(qtbot, "Still typing this")
    panel.tree.setCurrentItem(panel.tree.topLevelItem(0))
    panel.edit_selected()  # the new-item text is kept first
    assert panel.entry.text() == "Stored idea"
    panel.entry.insertPlainText(", sharper")
    assert not panel.draft_keeper.timer.isActive()
    panel.close()
    assert kept(world).values["entry"] == "Still typing this"


def test_a_read_only_database_keeps_no_draft_and_shows_no_error(qtbot, tmp_path: Path) -> None:
    path = tmp_path / "ro.db"
    writable = open_database(path)
    world = make_world(writable)
    writable.close()
    reader = open_database(path, read_only=True)
    try:
        panel = open_panel(qtbot, reader, world)
        message = panel.message.text()
        type_text(qtbot, "Cannot be saved here")
        panel.draft_keeper.timer.timeout.emit()
        assert panel.message.text() == message  # only the read-only notice, as before
        assert drafts.take_drafts(reader, world.first.id) == {}
        panel.close()
    finally:
        reader.close()


def test_a_draft_from_before_the_session_ended_is_not_offered(qtbot, panel, world) -> None:
    type_text(qtbot, "Typed before the end")
    panel.draft_keeper.timer.timeout.emit()
    sessions.edit_session(
        world.database,
        world.first.id,
        status=SessionStatus.FINISHED,
        ended_at=iso(world.clock.now() + timedelta(minutes=5)),
    )
    panel.close()
    world.clock.advance(600)
    again = CapturePanel(world.database, clock=world.clock)
    qtbot.addWidget(again)
    again.set_context(world.first.id, None)
    assert again.entry.text() == "" and again.message.text() == ""
    assert world.database.query("select * from drafts") == []


# ------------------------------------------------------------------ the review round


@pytest.fixture
def review_world(fresh_db: Database) -> World:
    world = make_world(fresh_db)
    capture.add(fresh_db, "action", world.first.id, "Call the vendor", clock=world.clock)
    capture.add(fresh_db, "action", world.first.id, "Brief the early shift", clock=world.clock)
    return world


def open_review(qtbot, world: World) -> ReviewScreen:
    screen = ReviewScreen(world.database, clock=world.clock)
    qtbot.addWidget(screen)
    screen.resize(1200, 700)
    screen.set_session(world.second.id)
    return screen


def test_a_review_note_comes_back_after_a_crash_and_recording_drops_it(qtbot, review_world) -> None:
    world = review_world
    screen = open_review(qtbot, world)
    screen.tree.setCurrentItem(screen.tree.topLevelItem(1))  # not the first one
    item_id = screen.current().item.id
    screen.status.setCurrentIndex(screen.status.findData("open"))
    qtbot.keyClicks(screen.outcome, "Supplier  late")
    screen.learning.setPlainText("Ask early\n  and twice")
    assert screen.draft_keeper.timer.isActive()
    screen.draft_keeper.timer.timeout.emit()
    assert draft_key(item_id) in drafts.take_drafts(world.database, world.second.id)

    again = open_review(qtbot, world)  # the app started again
    assert again.current().item.id == item_id  # the item with the note is chosen
    assert again.outcome.toPlainText() == "Supplier  late"
    assert again.learning.toPlainText() == "Ask early\n  and twice"
    assert again.status.currentData() == "open"
    assert again.message.text() == DRAFT_RESTORED
    again.record()
    assert drafts.take_drafts(world.database, world.second.id) == {}
    assert capture.get(world.database, "action", item_id).status.value == "open"
    again.close()
    assert drafts.take_drafts(world.database, world.second.id) == {}


def test_a_review_note_follows_its_item(qtbot, review_world) -> None:
    world = review_world
    screen = open_review(qtbot, world)
    first = screen.current().item.id
    screen.outcome.setPlainText("Half written")
    screen.tree.setCurrentItem(screen.tree.topLevelItem(1))  # kept when we move on
    assert screen.outcome.toPlainText() == ""
    screen._select(first)
    assert screen.outcome.toPlainText() == "Half written"
    assert screen.message.text() != DRAFT_RESTORED  # it was typed in this very screen
    screen.outcome.setPlainText("")  # emptied: the draft goes
    screen.draft_keeper.timer.timeout.emit()
    assert drafts.take_drafts(world.database, world.second.id) == {}
