"""Every screen fits the screens people have: the main window (and each dialog) on each
screen of the app, filled with the demo workshop, needs no more than a 1366×768 or a
1280×720 screen minus a title bar and a task bar, and nothing on it is cut.

A 2560×1440 screen at 200 % is 1280×720 logical pixels: Qt lays the widgets out in logical
pixels, so the 1280×720 case is that screen's case too; ``test_at_200_percent`` runs the
window in a process with ``QT_SCALE_FACTOR=2`` to show the minimum does not change there.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QLabel,
    QPushButton,
    QScrollArea,
    QWidget,
)

from facilitator import planning, roster
from facilitator.model import PhaseMode, SessionStatus
from tests.ui.windows import open_window
from ui.main_window import MainWindow
from ui.shortcuts_dialog import ShortcutsDialog

ROOT = Path(__file__).resolve().parents[2]
SCREENS = [(1366, 768), (1280, 720)]
TITLE_AND_TASK_BAR = 60  # the height a window manager and a task bar take
ScrollBarAlwaysOff = Qt.ScrollBarPolicy.ScrollBarAlwaysOff
FORM_ROWS_PX = 100  # a capture form shows at least this much of its fields (3 rows)


def room(width: int, height: int) -> QSize:
    """What a window may use of a screen this size."""
    return QSize(width, height - TITLE_AND_TASK_BAR)


# The app's font, palette and style sheet in every test here (tests/ui/conftest.py).
pytestmark = pytest.mark.usefixtures("as_the_app_looks")


def settle() -> None:
    for _ in range(4):
        QApplication.processEvents()


def too_big(what: str, hint: QSize, space: QSize) -> list[str]:
    if hint.width() <= space.width() and hint.height() <= space.height():
        return []
    return [f"{what}: needs {hint.width()}×{hint.height()}, has {space.width()}×{space.height()}"]


def cut_widgets(what: str, top: QWidget) -> list[str]:
    """The labels and buttons shown shorter than their text needs (or narrower, for a
    button). A wrapping label needs its height for its width; a label that is allowed to
    elide (its width policy Ignored) is only held to its height. What a scroll area that
    scrolls only up and down holds must be no wider than it."""
    cut = []
    for area in top.findChildren(QScrollArea):
        content, sideways = area.widget(), area.horizontalScrollBarPolicy()
        if content is None or not area.isVisible() or sideways != ScrollBarAlwaysOff:
            continue
        if content.width() > area.viewport().width():
            cut.append(
                f"{what}: {type(content).__name__} is {content.width()} px wide in a "
                f"{area.viewport().width()}-pixel scroll area that does not scroll sideways"
            )
    for widget in top.findChildren(QWidget):
        if not isinstance(widget, QLabel | QPushButton) or not widget.isVisibleTo(top):
            continue
        if widget.width() <= 0 or not widget.isVisible():
            continue
        if isinstance(widget, QLabel) and widget.wordWrap():
            needed = QSize(widget.width(), widget.heightForWidth(widget.width()))
        else:
            needed = widget.minimumSizeHint()
        short = widget.height() < needed.height()
        narrow = isinstance(widget, QPushButton) and widget.width() < needed.width()
        if short or narrow:
            text = widget.text().replace("\n", " ")[:40]
            cut.append(
                f"{what}: {type(widget).__name__} {text!r} is {widget.width()}×"
                f"{widget.height()}, needs {needed.width()}×{needed.height()}"
            )
    return cut


def planner_cut(what: str, planner) -> list[str]:  # noqa: ANN001
    """The agenda shows every column without scrolling sideways, the start times whole,
    and the page title is not cut (unless it is longer than the page is wide)."""
    from ui.models.agenda_model import COL_START

    tree, cut = planner.tree, []
    if tree.horizontalScrollBar().isVisible():
        cut.append(f"{what}: the agenda scrolls sideways")
    starts = tree.header().sectionSize(COL_START)
    if starts < tree.sizeHintForColumn(COL_START):
        cut.append(f"{what}: the Starts column is {starts} px, its times need more")
    heading = planner.heading
    needs = heading.fontMetrics().horizontalAdvance(heading.text())
    if heading.width() < needs < planner.width():  # longer than the page, it ends in "…"
        cut.append(f"{what}: the title {heading.text()!r} is cut")
    return cut


def form_cut(what: str, panel) -> list[str]:  # noqa: ANN001
    """The capture form's fields are as wide as the panel and at least a few rows show
    (the learning form's one row used to be a 15-pixel strip under a sideways scroll bar)."""
    scroll, page = panel._scroll, panel.pages
    cut = []
    if scroll.horizontalScrollBar().isVisible():
        cut.append(f"{what}: the form's fields scroll sideways")
    shown, needed = scroll.viewport().height(), min(page.sizeHint().height(), FORM_ROWS_PX)
    if shown < needed:
        cut.append(f"{what}: the form's fields get {shown} px of {needed}")
    return cut


# ---------------------------------------------------------------- the demo, filled out
NEWCOMERS = ("Alexandra Featherstonehaugh", "Bartholomew Okonkwo-Smith")


def planned_session(database, people: int = 8) -> str:  # noqa: ANN001
    """The demo team's next session: two formats more (a long agenda) and ``people``
    present (the demo's 6 and long-named newcomers)."""
    session = next(s for s in planning.list_sessions(database) if s.status is SessionStatus.PLANNED)
    for key in ("what-so-what-now-what", "one-two-four-all"):
        planning.add_format(database, session.id, key)
    for name in NEWCOMERS[: people - 6]:
        roster.add_participant(database, session.team_id, name)
    people = roster.list_participants(database, session.team_id)
    planning.set_present(database, session.id, [p.id for p in people])
    return session.id


def finished_session(database) -> str:  # noqa: ANN001
    return next(s.id for s in planning.list_sessions(database) if s.status.value == "finished")


State = tuple[str, Callable[[], QWidget | None]]


def screen_states(window: MainWindow, planned: str, finished: str) -> Iterator[State]:
    """Each screen but the run screen in turn (a dialog opened from it as itself)."""
    from ui.screens.new_session import NewSessionDialog
    from ui.screens.planner.templates import SaveTemplateDialog
    from ui.screens.session_roles import SessionRolesDialog

    database = window.database
    yield "home", window.show_home
    yield "planner", lambda: window.open_session(planned)
    yield (
        "planner, save as template",
        lambda: SaveTemplateDialog(
            database, window.planner.session.team_id, window.planner.agenda.phases, "Go", window
        ),
    )
    yield (
        "planner, new from template",
        lambda: NewSessionDialog(database, window.planner.session.team_id, None, parent=window),
    )
    yield "new session", lambda: NewSessionDialog(database, parent=window)
    yield "session overview", lambda: window.show_overview(finished)
    yield "captures", lambda: window.open_session(finished)
    yield "dot voting", lambda: window.capture_view.tabs.setCurrentIndex(1)
    yield "review", lambda: window.show_review(finished)
    yield "session roles", lambda: SessionRolesDialog(database, planned, parent=window)
    yield "roster", window.show_roster
    yield "ledger", window.show_ledger
    yield "search", window.router.show_search
    yield "follow-up", window.router.show_followup
    yield "backups", window.show_backups
    yield "keyboard shortcuts (F1)", lambda: shortcuts_dialog(window)


def shortcuts_dialog(window: MainWindow) -> QDialog:
    """The window-wide F1 window, as F1 opens it on the screen that is current."""
    opened: list[QDialog] = []
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(ShortcutsDialog, "exec", lambda dialog: opened.append(dialog))
        window.show_shortcuts()
    return opened[-1]


NOTICE = "Alexandra Featherstonehaugh's time is up; pass to the next person."


def run_states(window: MainWindow, planned: str, _finished: str) -> Iterator[State]:
    """The run screen in its first (silent) phase: started, with the handover, a notice,
    the end bar open, and the capture panel on each kind."""
    yield "run, before the start", lambda: window.run_session(planned)
    screen = window.run_screen
    assert screen is not None
    yield "run, started", screen.toggle
    if screen.handover_dialog is not None:
        yield "handover", lambda: screen.handover_dialog
    if screen.handover_dialog is not None:
        screen.handover_dialog.accept()
    yield "run, a notice", lambda: screen._show_notice(NOTICE)
    yield "run, end bar open", screen.ask_end_session
    panel = screen.side_panel
    for kind in ("contribution", "decision", "action", "experiment", "learning"):
        yield f"run, end bar open, capturing a {kind}", lambda kind=kind: panel.set_kind(kind)


def every_state(window: MainWindow, planned: str, finished: str) -> Iterator[State]:
    yield from screen_states(window, planned, finished)
    yield from run_states(window, planned, finished)


def round_robin_states(window: MainWindow, planned: str, _finished: str) -> Iterator[State]:
    """The run screen in a round-robin: a chip each, "Next:" wrapping."""
    window.run_session(planned)
    screen = window.run_screen
    assert screen is not None
    screen.toggle()
    while screen.last_view.timer.phase.mode is not PhaseMode.ROUND_ROBIN:
        if screen.handover_dialog is not None:
            screen.handover_dialog.accept()
        screen.next_phase()
    if screen.handover_dialog is not None:
        screen.handover_dialog.accept()
    yield "run, round-robin of 8", screen.refresh
    yield "run, round-robin, a notice", lambda: screen._show_notice(NOTICE)
    yield "run, round-robin, end bar open", screen.ask_end_session


def check_states(qtbot, database, space: QSize, states, people: int = 8) -> list[str]:  # noqa: ANN001
    """What does not fit ``space`` in each of ``states`` of a window on ``database``."""
    window = open_window(qtbot, database)
    problems = walk(window, space, states, people)
    window.close()
    return problems


def walk(window: MainWindow, space: QSize, states, people: int = 8) -> list[str]:  # noqa: ANN001
    database = window.database
    planned, finished = planned_session(database, people), finished_session(database)
    window.resize(space)
    problems: list[str] = []
    for name, enter in states(window, planned, finished):
        shown = enter()
        settle()
        if isinstance(shown, QDialog):
            problems += too_big(name, shown.minimumSizeHint(), space)
            shown.resize(shown.sizeHint().boundedTo(space).expandedTo(shown.minimumSizeHint()))
            shown.show()
            settle()
            problems += cut_widgets(name, shown)
            shown.close()
            continue
        window.resize(space)
        settle()
        problems += too_big(name, window.minimumSizeHint(), space)
        if window.size() != space:
            problems.append(f"{name}: the window grew to {window.width()}×{window.height()}")
        problems += cut_widgets(name, window)
        if name == "planner":
            problems += planner_cut(name, window.planner)
        if "capturing" in name:
            problems += form_cut(name, window.run_screen.side_panel)
    return problems


@pytest.mark.parametrize(("width", "height"), SCREENS)
@pytest.mark.parametrize("states", [screen_states, run_states], ids=["screens", "run"])
def test_every_screen_fits(qtbot, demo_db, width: int, height: int, states) -> None:  # noqa: ANN001
    database, _sample = demo_db
    problems = check_states(qtbot, database, room(width, height), states)
    assert not problems, "\n".join(problems)


LONG_TITLE = "Leeds second shift: first month review and what we change for Bradford " * 2
LONG_TEAM = "Northside Fulfilment — operations, planning and customer service leadership team"


@pytest.mark.parametrize("states", [screen_states, run_states], ids=["screens", "run"])
def test_long_titles_never_widen_the_window(qtbot, demo_db, states) -> None:  # noqa: ANN001
    """Titles as long as people type them (a session's title and a team's name): every
    screen still fits 1280×720, the window keeps its size, and nothing is cut."""
    database, _sample = demo_db
    for session in planning.list_sessions(database):
        planning.edit_session(database, session.id, title=LONG_TITLE.strip())
        team_id = session.team_id
    roster.rename_team(database, team_id, LONG_TEAM)
    problems = check_states(qtbot, database, room(1280, 720), states)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(("width", "height"), SCREENS)
@pytest.mark.parametrize("people", [6, 8])
def test_a_round_robin_fits(qtbot, demo_db, width: int, height: int, people: int) -> None:
    database, _sample = demo_db
    problems = check_states(qtbot, database, room(width, height), round_robin_states, people)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(("width", "height"), [*SCREENS, (800, 480)])
def test_the_keyboard_shortcuts_open_inside_the_screen(
    qtbot, fresh_db, monkeypatch, width: int, height: int
) -> None:  # noqa: ANN001
    """F1 opens its list no taller than the screen's free area, OK on screen; on a screen
    smaller still the list scrolls and OK stays."""
    import ui.shortcuts_dialog

    free = QRect(0, 0, width, height - 40)  # a task bar
    monkeypatch.setattr(ui.shortcuts_dialog, "free_area", lambda _widget: free)
    window = open_window(qtbot, fresh_db)
    dialog = shortcuts_dialog(window)
    opens_at = dialog.sizeHint()
    assert opens_at.width() <= free.width() and opens_at.height() <= free.height() - 32
    dialog.resize(opens_at)
    dialog.show()
    settle()
    ok = dialog.ok_button
    assert ok.isVisible() and dialog.rect().contains(ok.geometry().translated(ok.parent().pos()))
    if height >= 720:  # the whole list, no scrolling
        assert not dialog.scroll_area.verticalScrollBar().isVisible()
    dialog.close()


# ---------------------------------------------------------------- 200 %
SCALED = """
import json, sys
from PySide6.QtCore import QSize, QStandardPaths
QStandardPaths.setTestModeEnabled(True)
from facilitator.clock import FakeClock
from facilitator.demo import add_demo
from facilitator.store.database import open_database
from tests.ui import test_fit
from ui.app import create_app
from ui.main_window import MainWindow
from ui.shortcuts_dialog import ShortcutsDialog
app = create_app(sys.argv[:1])
database = open_database(sys.argv[1])
add_demo(database)
window = MainWindow(database)
window.run_clock = FakeClock()
window.show()
space = QSize(app.primaryScreen().availableGeometry().size())
space.setHeight(space.height() - test_fit.TITLE_AND_TASK_BAR)
problems = test_fit.walk(window, space, test_fit.every_state)
print(json.dumps({"ratio": app.primaryScreen().devicePixelRatio(),
                  "space": [space.width(), space.height()], "problems": problems}))
"""


def test_at_200_percent(tmp_path: Path) -> None:
    """A 2560×1440 screen at 200 %: every screen fits its 1280×720 logical pixels."""
    screen = {"name": "QHD", "x": 0, "y": 0, "width": 2560, "height": 1440, "logicalDpi": 96}
    config = tmp_path / "screens.json"
    config.write_text(json.dumps({"screens": [screen]}), encoding="utf-8")
    env = dict(os.environ, QT_SCALE_FACTOR="2", QT_QPA_PLATFORM=f"offscreen:configfile={config}")
    done = subprocess.run(
        [sys.executable, "-c", SCALED, str(tmp_path / "f.db")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    shown = json.loads(done.stdout.strip().splitlines()[-1])
    assert shown["ratio"] == 2 and shown["space"] == [1280, 660]
    assert not shown["problems"], "\n".join(shown["problems"])
