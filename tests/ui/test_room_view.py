"""What the room sees: with one (mirrored) screen P turns the run screen into the room layout
(the room display and a slim facilitator strip, keys and quick capture working); with two
the projector window goes full screen on the other; the mini timer; the review list."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from facilitator import capture, planning, review
from facilitator.clock import FakeClock
from facilitator.errors import ValidationError
from facilitator.model import PhaseMode, SessionStatus
from facilitator.timer import TimerState
from tests.facilitator.run_fixtures import make_session
from ui.presenter import PresenterWindow
from ui.screens.run import RunScreen
from ui.screens.run.mini_timer import MARGIN, SIZE, keep_on
from ui.screens.run.projector import RunProjector, projector_screens
from ui.sound import CuePlayer

RR = PhaseMode.ROUND_ROBIN


class FakeScreen:
    """A screen as the projector code asks about it: where it is and how big."""

    def __init__(self, name: str, rect: QRect) -> None:
        self._name, self._rect = name, rect

    def name(self) -> str:
        return self._name

    def geometry(self) -> QRect:
        return QRect(self._rect)

    def availableGeometry(self) -> QRect:  # noqa: N802
        return QRect(self._rect)

    def size(self):  # noqa: ANN201
        return self._rect.size()


def _run(qtbot, database, session_id: str, clock: FakeClock | None = None) -> RunScreen:
    screen = RunScreen(
        database, session_id, clock=clock or FakeClock(), player=CuePlayer(enabled=False)
    )
    qtbot.addWidget(screen)
    screen.resize(1366, 768)
    screen.show()
    screen.activateWindow()
    qtbot.waitUntil(screen.isActiveWindow)
    screen.setFocus()
    return screen


def _screen(qtbot, database) -> tuple[RunScreen, FakeClock, str, list[str]]:
    session_id, people = make_session(
        database, [180, 240, 120], modes=[RR, PhaseMode.OPEN, RR], present=3, per_speaker=60
    )
    clock = FakeClock()
    return _run(qtbot, database, session_id, clock), clock, session_id, people


def _key(qtbot, screen: RunScreen, key: Qt.Key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(screen.focusWidget() or screen, key, modifier)


def _presenters_on_screen() -> list[PresenterWindow]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, PresenterWindow)]


@pytest.fixture
def one_screen(monkeypatch):
    """Only the laptop's screen (or a projector mirroring it)."""
    primary = QGuiApplication.primaryScreen()
    monkeypatch.setattr(QGuiApplication, "screens", staticmethod(lambda: [primary]))
    return primary


# ---------------------------------------------------------------- one screen


def test_with_one_screen_p_turns_the_run_screen_into_the_room_layout(
    qtbot, fresh_db, one_screen
) -> None:
    screen, clock, session_id, _ = _screen(qtbot, fresh_db)
    assert not screen.room_view.isVisible()
    before = {id(w) for w in _presenters_on_screen() if w.isVisible()}  # other tests' windows
    _key(qtbot, screen, Qt.Key.Key_P)
    # In the main window itself: no projector window over the controls.
    assert screen.room_view.isVisible() and screen.room_view.window() is screen.window()
    assert screen.presenter is None
    assert [w for w in _presenters_on_screen() if w.isVisible() and id(w) not in before] == []
    assert not screen.normal_page.isVisible()
    assert screen.projector.button.isChecked()
    display = screen.room_view.display
    # The run keys work in the room layout, the room sees what the run screen paints.
    _key(qtbot, screen, Qt.Key.Key_Space)
    assert screen.run.timer.state is TimerState.RUNNING
    for _ in range(42):
        clock.advance(1)
        screen.refresh()
    assert display.time.text() == screen.time.text() == "2:18"
    assert display.title.text() == "Phase 1" and display.prompt.text() == "Prompt 1"
    assert display.speaker.text().startswith("Speaking: Amara")
    assert display.next.text() == "Next: Benoît"
    _key(qtbot, screen, Qt.Key.Key_S)
    assert display.speaker.text().startswith("Speaking: Benoît")
    _key(qtbot, screen, Qt.Key.Key_N)  # the first counts the voices not yet heard ...
    assert screen.notice.isVisible() and screen.room_view.isAncestorOf(screen.notice)
    # ... without naming anyone where the whole room reads it
    assert "1 voice not heard yet" in screen.notice.text() and display.title.text() == "Phase 1"
    assert "Chen" not in screen.notice.text()
    assert not display.notice.isVisible()  # ... in the strip, never big on the wall
    _key(qtbot, screen, Qt.Key.Key_N)
    assert display.title.text() == "Phase 2"
    # The time fills most of the screen: the back row reads it.
    assert display.time.font().pixelSize() >= 150 or "font-size: 1" in display.time.styleSheet()
    assert display.time_frame.height() > screen.height() * 0.35
    # Esc never shows the room the facilitator's screen (a scribe's habit after a capture);
    # P is the way back, with the facilitator's controls.
    _key(qtbot, screen, Qt.Key.Key_Escape)
    assert screen.room_view.isVisible()
    _key(qtbot, screen, Qt.Key.Key_P)
    assert not screen.room_view.isVisible() and screen.normal_page.isVisible()
    assert not screen.projector.button.isChecked()
    _key(qtbot, screen, Qt.Key.Key_P)
    assert screen.room_view.isVisible()


def test_a_mirrored_second_screen_counts_as_one(qtbot, fresh_db, monkeypatch) -> None:
    primary = QGuiApplication.primaryScreen()
    mirror = FakeScreen("HDMI-1", primary.geometry())
    monkeypatch.setattr(QGuiApplication, "screens", staticmethod(lambda: [primary, mirror]))
    assert projector_screens([primary, mirror], primary) == []
    screen, _, _, _ = _screen(qtbot, fresh_db)
    screen.toggle_projector()
    assert screen.room_view.isVisible() and screen.presenter is None


def test_the_quick_capture_saves_what_is_typed_into_the_phase(qtbot, fresh_db, one_screen) -> None:
    screen, _, session_id, _ = _screen(qtbot, fresh_db)
    screen.toggle_projector()
    room = screen.room_view
    # Ctrl+3 chooses an action and puts the cursor in the line.
    _key(qtbot, screen, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert room.entry.hasFocus() and room.kind.currentData() == "action"
    qtbot.keyClicks(room.entry, "Book the big room")  # letters type, not run keys
    assert screen.run.timer.state is TimerState.NOT_STARTED
    qtbot.keyClick(room.entry, Qt.Key.Key_Return)
    stored = capture.for_session(fresh_db, session_id)
    assert [(type(i).__name__, i.text) for i in stored] == [("Action", "Book the big room")]
    assert stored[0].phase_id == screen.run.timer.phase.id
    assert room.entry.text() == "" and "Saved action" in room.entry.placeholderText()
    # The keys are the run's again at once.
    _key(qtbot, screen, Qt.Key.Key_Space)
    assert screen.run.timer.state is TimerState.RUNNING
    _key(qtbot, screen, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(room.entry, "Try a shorter check-in")
    qtbot.keyClick(room.entry, Qt.Key.Key_Return)
    kinds = [type(i).__name__ for i in capture.for_session(fresh_db, session_id)]
    assert sorted(kinds) == ["Action", "Contribution"]
    # Wherever the run screen puts the focus (after a handover, a question), Ctrl+1…5 and the
    # run keys reach the room view.
    screen.setFocus()
    _key(qtbot, screen, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    assert room.entry.hasFocus() and room.kind.currentData() == "experiment"
    assert room.entry.placeholderText().startswith("Type the experiment")  # the kind it takes
    qtbot.keyClick(room.entry, Qt.Key.Key_Escape)
    # Esc in the line hands the keys back and keeps the words; it does not leave the room.
    _key(qtbot, screen, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(room.entry, "We ship")
    qtbot.keyClick(room.entry, Qt.Key.Key_Escape)
    assert room.isVisible() and not room.entry.hasFocus() and room.entry.text() == "We ship"


def test_a_refused_quick_capture_keeps_the_line_and_says_why(
    qtbot, fresh_db, one_screen, monkeypatch
) -> None:
    screen, _, session_id, _ = _screen(qtbot, fresh_db)
    screen.toggle_projector()
    room = screen.room_view

    def refuse(*args, **kwargs):
        raise ValidationError("Action contains a broken character that cannot be stored.")

    monkeypatch.setattr(capture, "add", refuse)
    room.set_kind("action")
    qtbot.keyClicks(room.entry, "Keep me")
    qtbot.keyClick(room.entry, Qt.Key.Key_Return)
    assert room.entry.text() == "Keep me"
    assert "broken character" in room.message.text() and room.message.isVisible()


def test_questions_and_refusals_show_in_the_room_layout(qtbot, fresh_db, one_screen) -> None:
    screen, _, _, _ = _screen(qtbot, fresh_db)
    screen.toggle_projector()
    _key(qtbot, screen, Qt.Key.Key_Space)
    _key(qtbot, screen, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert screen.end_bar.isVisible() and screen.room_view.isAncestorOf(screen.end_bar)
    qtbot.keyClick(screen.end_cancel, Qt.Key.Key_Return)
    assert not screen.end_bar.isVisible()
    assert screen.room_view.isAncestorOf(screen.handover.bar)  # "Roles changed — hand over"
    # Back in the normal layout the bars are where they were, above the buttons (the
    # notice beside the time).
    screen.toggle_projector()
    column = screen.controls.parentWidget().layout()
    assert screen.beside_column.indexOf(screen.notice) >= 0
    assert column.indexOf(screen.handover.bar) == column.indexOf(screen.controls) - 4
    assert column.indexOf(screen.end_bar) == column.indexOf(screen.controls) - 2
    assert column.indexOf(screen.error_bar) == column.indexOf(screen.controls) - 1


def test_the_room_layout_names_what_it_shows(qtbot, fresh_db, one_screen) -> None:
    screen, _, _, _ = _screen(qtbot, fresh_db)
    screen.toggle_projector()
    _key(qtbot, screen, Qt.Key.Key_Space)
    display = screen.room_view.display
    assert display.time.accessibleName() == "Time left"
    assert display.time.accessibleDescription() == "3:00, running"
    assert display.speaker.accessibleName() == "Speaker"
    assert display.speaker.accessibleDescription().startswith("Speaking: Amara")
    assert display.next.accessibleName() == "Next to speak"
    assert display.next.accessibleDescription() == "Next: Benoît"
    assert screen.room_view.entry.accessibleName() == "Quick capture"


# ---------------------------------------------------------------- two screens


def test_with_two_screens_p_puts_the_projector_on_the_other(qtbot, fresh_db, monkeypatch) -> None:
    projector = QGuiApplication.primaryScreen()  # a real screen, to go full screen on
    laptop = FakeScreen("eDP-1", QRect(-1366, 0, 1366, 768))
    monkeypatch.setattr(QGuiApplication, "screens", staticmethod(lambda: [laptop, projector]))
    monkeypatch.setattr(RunProjector, "facilitator_screen", lambda self: laptop)
    screen, _, _, _ = _screen(qtbot, fresh_db)
    _key(qtbot, screen, Qt.Key.Key_P)
    presenter = screen.presenter
    assert presenter is not None and presenter.isVisible()
    qtbot.addWidget(presenter)
    assert presenter.chosen_screen is projector and presenter.full_screen
    assert not screen.room_view.isVisible() and screen.normal_page.isVisible()
    _key(qtbot, screen, Qt.Key.Key_P)
    assert screen.presenter is None and not screen.room_view.isVisible()


def test_the_projector_unplugged_hands_over_to_the_room_layout(
    qtbot, fresh_db, monkeypatch
) -> None:
    projector = QGuiApplication.primaryScreen()
    laptop = FakeScreen("eDP-1", QRect(-1366, 0, 1366, 768))
    screens = [laptop, projector]
    monkeypatch.setattr(QGuiApplication, "screens", staticmethod(lambda: list(screens)))
    monkeypatch.setattr(RunProjector, "facilitator_screen", lambda self: laptop)
    screen, _, _, _ = _screen(qtbot, fresh_db)
    presenter = screen.projector.open()
    qtbot.addWidget(presenter)
    screens.remove(projector)
    screen.projector._on_app_screen_removed(projector)
    assert screen.presenter is None and screen.room_view.isVisible()


# ---------------------------------------------------------------- mini timer


def test_the_mini_timer_floats_on_top_with_the_run_screens_time(qtbot, fresh_db) -> None:
    screen, clock, _, _ = _screen(qtbot, fresh_db)
    mini = screen.mini_timer
    flags = mini.windowFlags()
    assert flags & Qt.WindowType.WindowStaysOnTopHint
    assert flags & Qt.WindowType.Tool == Qt.WindowType.Tool
    assert flags & Qt.WindowType.FramelessWindowHint
    assert mini.parent() is None  # not hidden with a minimised main window
    assert (mini.width(), mini.height()) == SIZE
    _key(qtbot, screen, Qt.Key.Key_Space)
    _key(qtbot, screen, Qt.Key.Key_T)
    assert mini.isVisible() and screen.mini_timer.button.isChecked()
    assert mini.time.text() == screen.time.text() == "3:00"
    for _ in range(200):
        clock.advance(1)
        screen.refresh()
    assert mini.time.text() == screen.time.text() == "+0:20"
    assert mini.state.text() == "▲" and mini.state.accessibleDescription() == "Over time"
    assert "solid" in mini.styleSheet()  # over time: the frame's shape says so too
    assert mini.phase.text() == "Phase 1"
    area = screen.window().windowHandle().screen().availableGeometry()
    assert area.contains(mini.frameGeometry())
    # A click (no drag) brings the run screen back to the front, with the keys.
    qtbot.mouseClick(mini, Qt.MouseButton.LeftButton, pos=QPoint(20, 20))
    qtbot.waitUntil(screen.isActiveWindow)
    _key(qtbot, screen, Qt.Key.Key_T)
    assert not mini.isVisible() and not screen.mini_timer.button.isChecked()


def test_the_mini_timer_first_shows_in_the_bottom_right_corner_clear_of_the_top_bar(
    qtbot, fresh_db
) -> None:
    screen, _, _, _ = _screen(qtbot, fresh_db)
    mini = screen.mini_timer
    _key(qtbot, screen, Qt.Key.Key_T)
    area = screen.window().windowHandle().screen().availableGeometry()
    place = mini.frameGeometry()
    assert area.contains(place)
    assert area.right() - place.right() == MARGIN and area.bottom() - place.bottom() == MARGIN
    for button in (screen.settings_button, screen.end_button, screen.help_button):
        covered = QRect(button.mapToGlobal(QPoint(0, 0)), button.size())
        assert not place.intersects(covered), button.text()
    mini.move(place.topLeft() - QPoint(300, 200))  # dragged away: shown there again
    mini.toggle()
    mini.toggle()
    assert mini.frameGeometry().topLeft() == place.topLeft() - QPoint(300, 200)
    mini.toggle()


def test_the_mini_timer_comes_back_when_its_screen_is_unplugged(qtbot, fresh_db) -> None:
    screen, _, _, _ = _screen(qtbot, fresh_db)
    mini = screen.mini_timer
    mini.toggle()
    mini.move(5000, 5000)  # where a projector on the right was
    mini._on_app_screen_removed(None)
    area = QGuiApplication.primaryScreen().availableGeometry()
    assert area.contains(mini.geometry()), mini.geometry()
    mini.toggle()


def _mouse(widget, kind, global_pos: QPoint, button=Qt.MouseButton.LeftButton) -> None:
    from PySide6.QtCore import QEvent, QPointF
    from PySide6.QtGui import QMouseEvent

    local = QPointF(widget.mapFromGlobal(global_pos))
    held = Qt.MouseButton.NoButton if kind == QEvent.Type.MouseButtonRelease else button
    event = QMouseEvent(
        kind,
        local,
        QPointF(global_pos),
        button if kind != QEvent.Type.MouseMove else Qt.MouseButton.NoButton,
        held,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(widget, event)


def test_the_mini_timer_is_dragged_but_never_off_the_screen(qtbot, fresh_db, monkeypatch) -> None:
    from PySide6.QtCore import QEvent

    screen, _, _, _ = _screen(qtbot, fresh_db)
    mini = screen.mini_timer
    called_back: list[bool] = []
    monkeypatch.setattr(mini, "bring_back_host", lambda: called_back.append(True))
    mini.toggle()
    mini.move(300, 300)
    start = mini.mapToGlobal(QPoint(20, 20))
    _mouse(mini, QEvent.Type.MouseButtonPress, start)
    _mouse(mini, QEvent.Type.MouseMove, start + QPoint(-100, 50))
    assert mini.pos() == QPoint(200, 350)
    _mouse(mini, QEvent.Type.MouseMove, start + QPoint(-5000, -5000))
    area = QGuiApplication.primaryScreen().availableGeometry()
    assert mini.pos() == area.topLeft()  # stopped at the screen's edge
    _mouse(mini, QEvent.Type.MouseButtonRelease, start + QPoint(-5000, -5000))
    assert called_back == []  # a drag is not a click: the run screen is not called back
    mini.toggle()


def test_the_mini_timer_is_kept_on_the_screen_when_dragged() -> None:
    area = QRect(0, 0, 1366, 768)
    assert keep_on(area, QPoint(1300, 700), 240, 90) == QPoint(1126, 678)
    assert keep_on(area, QPoint(-50, -10), 240, 90) == QPoint(0, 0)
    assert keep_on(area, QPoint(100, 200), 240, 90) == QPoint(100, 200)


# ---------------------------------------------------------------- the review round


def _planned_session(database) -> str:
    return next(s.id for s in planning.list_sessions(database) if s.status is SessionStatus.PLANNED)


def _to_review_round(screen: RunScreen) -> None:
    while screen.run.timer.phase.format_key != "review-round":
        screen.next_phase()


def test_the_room_sees_the_review_list_in_a_review_round(qtbot, demo_db, one_screen) -> None:
    database, _ = demo_db
    session_id = _planned_session(database)
    screen = _run(qtbot, database, session_id)
    screen.toggle_projector()
    display = screen.room_view.display
    assert not display.review.isVisible()  # check-in: the clock and the prompt only
    _to_review_round(screen)
    agenda = review.agenda(database, session_id)
    phase_id = screen.run.timer.phase.id  # in the order the review panel lists them
    in_turn = review.in_turn(agenda, review.speaking_order(database, session_id, phase_id))
    assert len(in_turn) >= 2
    assert display.review.isVisible()
    assert [i.item.id for i in display.review_items] == [i.item.id for i in in_turn]
    lines = display.review_lines()
    assert not any(line.startswith("▶") for line in lines)  # none marked until told
    assert in_turn[0].owner in lines[0] and in_turn[0].text[:30] in lines[0]
    # The review panel says which item is reviewed: marked by a shape and a word.
    screen.projector.show_review(in_turn, in_turn[1].item.id)
    lines = display.review_lines()
    assert lines[1].startswith("▶ now") and not lines[0].startswith("▶")
    # Rows evenly spaced however often the list was filled (none keeps an old stretch).
    screen.resize(1280, 720)
    qtbot.wait(1)
    others = [r for r in range(len(lines)) if r != 1]  # the one now reviewed may wrap
    heights = {display.review_rows.cellRect(r, 2).height() for r in others}
    assert len(heights) == 1, heights
    assert "now reporting: " + review.whose_turn(in_turn, in_turn[1].item.id) in (
        display.review_heading.text()
    )
    screen.projector.show_review([], None)
    assert not display.review.isVisible()


@pytest.mark.usefixtures("as_the_app_looks")
def test_the_item_now_reviewed_shows_whole_on_the_room_view(qtbot, demo_db, one_screen) -> None:
    """At 1280×720 the item the owner reports on wraps onto two or three lines instead of
    ending in "…" (the demo's "Call the five customers …" did); the others keep one line."""
    database, _ = demo_db
    screen = _run(qtbot, database, _planned_session(database))
    screen.toggle_projector()
    _to_review_round(screen)
    screen.resize(1280, 640)  # 720 less the title, menu and status bars
    display = screen.room_view.display
    items = display.review_items
    now = next(i for i in items if i.text.startswith("Call the five customers"))
    screen.projector.show_review(items, now.item.id)
    for _ in range(4):  # the new rows laid out
        QApplication.processEvents()
    rows = display.review_rows
    shown = [rows.itemAtPosition(r, 2).widget() for r in range(len(display.review_lines()))]
    current = next(label for label in shown if label.text() == now.text)
    line = current.fontMetrics().lineSpacing()
    if current.wordWrap():
        assert current.height() >= current.heightForWidth(current.width())
        assert current.height() <= 3 * line + 4  # two or three lines, not a wall of text
    else:
        assert current.width() >= current.fontMetrics().horizontalAdvance(now.text), "cut"
    assert current.height() > 1.5 * line  # it did need more than one line here
    for label in shown:
        if label is not current:
            assert label.height() < 2 * line, label.text()  # the others: one line each


def test_a_reviewed_item_shows_its_state_on_the_projector(qtbot, demo_db, monkeypatch) -> None:
    database, _ = demo_db
    session_id = _planned_session(database)
    screen = _run(qtbot, database, session_id)
    presenter = screen.open_projector()
    qtbot.addWidget(presenter)
    _to_review_round(screen)
    items = presenter.display.review_items
    assert presenter.review.isVisible() and items
    first = items[0]
    status = "done" if first.kind == "action" else "finished"
    review.record(
        database,
        session_id,
        first.kind,
        first.item.id,
        status,
        outcome="Done before the deadline",
        phase_id=screen.run.timer.phase.id,
        clock=FakeClock(),
    )
    from facilitator.changes import Changes, Topic
    from ui import ops

    ops.broadcast(Changes.of(Topic.REVIEWS, session_id=session_id))
    line = next(line for line in presenter.display.review_lines() if first.text[:30] in line)
    assert line.endswith("✓ settled")


@pytest.mark.parametrize("review_round", [False, True])
def test_the_room_layout_fits_a_1280_by_720_screen(qtbot, demo_db, one_screen, review_round):
    database, _ = demo_db
    screen = _run(qtbot, database, _planned_session(database))
    screen.toggle_projector()
    if review_round:
        _to_review_round(screen)
        assert screen.room_view.display.review.isVisible()
    screen.resize(1280, 640)  # 720 less the title, menu and status bars
    qtbot.wait(1)
    needed = screen.room_view.minimumSizeHint()
    assert needed.width() <= 1280 and needed.height() <= 640, needed
    display = screen.room_view.display
    assert display.time.height() >= display.time.minimumHeight()  # the digits whole


def test_the_room_layout_fills_the_window_and_its_keys_still_work(
    qtbot, fresh_db, one_screen
) -> None:
    from tests.ui.windows import open_window

    session_id, _ = make_session(fresh_db, [180, 240], modes=[RR, PhaseMode.OPEN], present=3)
    window = open_window(qtbot, fresh_db)
    assert window.run_session(session_id)
    screen = window.run_screen
    assert window.menuBar().isVisible() and window.statusBar().isVisible()
    _key(qtbot, screen, Qt.Key.Key_P)
    # The room reads the whole window: no menus, no database path in the status bar.
    assert screen.room_view.isVisible()
    assert not window.menuBar().isVisible() and not window.statusBar().isVisible()
    # The window's own keys work with the menu bar hidden: Ctrl+F goes to search...
    qtbot.keyClick(
        QApplication.focusWidget() or screen, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier
    )
    assert window.stack.currentWidget() is not screen
    assert window.menuBar().isVisible() and window.statusBar().isVisible()
    # ... and back on the run screen the room layout (and the full window) is there again.
    window.router.run_session(session_id)
    assert window.stack.currentWidget() is screen and screen.room_view.isVisible()
    assert not window.menuBar().isVisible()
    _key(qtbot, screen, Qt.Key.Key_P)
    assert window.menuBar().isVisible() and window.statusBar().isVisible()


def test_paused_over_time_looks_paused_on_the_wall(qtbot, fresh_db, one_screen) -> None:
    screen, clock, _, _ = _screen(qtbot, fresh_db)
    _key(qtbot, screen, Qt.Key.Key_P)
    _key(qtbot, screen, Qt.Key.Key_Space)
    for _ in range(200):  # past the first phase's three minutes
        clock.advance(1)
        screen.refresh()
    frame = screen.room_view.display.time_frame
    assert "solid" in frame.styleSheet() and "10px" in frame.styleSheet()  # over time
    _key(qtbot, screen, Qt.Key.Key_Space)  # paused, still over
    screen.refresh()
    assert screen.run.timer.state is TimerState.PAUSED
    assert "dashed" in frame.styleSheet() and "10px" in frame.styleSheet()


def test_a_nudge_said_before_p_is_not_read_out_by_name_to_the_room(
    qtbot, fresh_db, one_screen
) -> None:
    screen, clock, _, _ = _screen(qtbot, fresh_db)
    _key(qtbot, screen, Qt.Key.Key_Space)
    clock.advance(5)
    screen.refresh()
    _key(qtbot, screen, Qt.Key.Key_N)  # on the facilitator's own screen: names
    assert "Not heard yet: Benoît" in screen.notice.text()
    _key(qtbot, screen, Qt.Key.Key_P)  # now the room reads the screen
    assert screen.room_view.isAncestorOf(screen.notice)
    assert "Benoît" not in screen.notice.text() and "not heard yet" in screen.notice.text()


def test_the_mini_timer_stays_off_the_room_layout_and_comes_back_after(
    qtbot, fresh_db, one_screen
) -> None:
    screen, _, _, _ = _screen(qtbot, fresh_db)
    mini = screen.mini_timer
    _key(qtbot, screen, Qt.Key.Key_T)
    assert mini.isVisible()
    _key(qtbot, screen, Qt.Key.Key_P)  # the room layout fills the screen with its own time
    assert screen.room_view.isVisible() and not mini.isVisible()
    _key(qtbot, screen, Qt.Key.Key_T)  # not over the room's view: the notice says why
    assert not mini.isVisible()
    assert "room view shows the time" in screen.notice.text()
    _key(qtbot, screen, Qt.Key.Key_P)
    assert mini.isVisible()  # on before the room layout: on again after it
    _key(qtbot, screen, Qt.Key.Key_T)
    assert not mini.isVisible()
