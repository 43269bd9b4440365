"""The team folder in the window: linking on one laptop and joining on another brings the
sessions across; syncs happen at start, on focus (at most once a minute), on demand and
when a run ends, never during one; a missing folder is one calm line, never a dialog."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox

from facilitator import team_folder
from facilitator.clock import FakeClock
from facilitator.model import SessionStatus
from facilitator.opening import check_integrity
from facilitator.store import Database, open_database, sessions
from tests.facilitator.run_fixtures import make_session
from tests.facilitator.team_folder_world import Laptops, make_laptops
from ui.main_window import MainWindow
from ui.screens.team_folder_dialog import TeamFolderDialog

CTRL = Qt.KeyboardModifier.ControlModifier
ACTIVE = Qt.ApplicationState.ApplicationActive


@pytest.fixture
def laptops(tmp_path: Path) -> Laptops:
    return make_laptops(tmp_path)


def _window(qtbot, database: Database, clock: FakeClock) -> MainWindow:  # noqa: ANN001
    """A window on the sync's and the run's fake clock, shown, its start sync done."""
    window = MainWindow(database)
    window.sync_flow.clock = clock
    window.run_clock = clock
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.waitUntil(lambda: window.sync_flow.started)  # painted: the start's sync began
    _settle(qtbot, window)
    return window


def _settle(qtbot, window: MainWindow) -> None:  # noqa: ANN001
    qtbot.waitUntil(lambda: not window.sync_flow.busy() and not window.sync_flow._queue)


def _titles(window: MainWindow) -> list[str]:
    model = window.home.table.model()
    return sorted(str(model.index(r, 0).data()) for r in range(model.rowCount()))


def _count_syncs(window: MainWindow) -> list[str]:
    finished: list[str] = []
    window.sync_flow.sync_did_finish.connect(lambda _team, line: finished.append(line))
    return finished


@pytest.fixture
def no_dialogs(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any message box fails the test: a sync never interrupts with one."""

    def fail(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        pytest.fail(f"a message box was shown: {args[1:3]}")

    for kind in ("information", "warning", "critical", "question"):
        monkeypatch.setattr(QMessageBox, kind, staticmethod(fail))
    monkeypatch.setattr(QMessageBox, "exec", fail)


def test_linked_on_a_and_joined_on_b_b_s_home_shows_a_s_sessions(qtbot, laptops) -> None:  # noqa: ANN001
    w = laptops
    team_folder.unlink_folder(w.a, w.team_id)  # linked from the dialog below
    w.run_session(w.a, "2026-03-02")
    w.run_session(w.a, "2026-03-09")
    a = _window(qtbot, w.a, w.clock)
    assert not a.home.sync_status.isVisible()  # no team shared: no line
    dialog = TeamFolderDialog(w.a, a.sync_flow, w.team_id, parent=a)
    assert dialog.link_to(w.folder)
    _settle(qtbot, a)
    line = a.home.sync_status.text()
    assert line.startswith("Ops: synced ") and line.endswith("with Team folder")
    assert a.home.sync_status.isVisible()
    assert "Wrote 4 files to the team folder." in dialog.status.text()  # 2 sessions, team, manifest
    assert dialog.folder.text() == str(w.folder.resolve())
    b = _window(qtbot, w.b, w.clock)
    assert _titles(b) == []
    joining = TeamFolderDialog(w.b, b.sync_flow, None, parent=b)
    assert joining.join_from(w.folder)
    _settle(qtbot, b)
    assert _titles(b) == ["Session 2026-03-02", "Session 2026-03-09"]
    assert joining.team_id() == w.team_id
    assert "Added 2 sessions" in joining.status.text()
    assert b.home.sync_status.text().startswith("Ops: synced ")
    # What came in is said on the line, not only that a sync happened.
    assert b.home.sync_status.text().endswith(
        "with Team folder — 2 sessions added, the team's roster or plans changed"
    )
    # B's new session reaches A by Sync now (F9).
    sessions.create_session(w.b, w.team_id, "Planned on B", planned_date="2026-03-16")
    b.sync_now_action.trigger()
    _settle(qtbot, b)
    a.activateWindow()
    qtbot.waitUntil(a.isActiveWindow)
    finished = _count_syncs(a)
    qtbot.keyClick(a, Qt.Key.Key_F9)
    qtbot.waitUntil(lambda: len(finished) == 1)
    _settle(qtbot, a)
    assert "Planned on B" in _titles(a)


def test_coming_back_to_the_app_syncs_at_most_once_a_minute(qtbot, laptops) -> None:  # noqa: ANN001
    w = laptops
    window = _window(qtbot, w.a, w.clock)  # the start sync has run
    assert window.home.sync_status.text().startswith("Ops: synced ")
    finished = _count_syncs(window)
    app = QGuiApplication.instance()
    assert isinstance(app, QGuiApplication)
    app.applicationStateChanged.emit(ACTIVE)
    w.clock.advance(59)
    app.applicationStateChanged.emit(ACTIVE)
    _settle(qtbot, window)
    assert finished == []
    w.clock.advance(1)
    app.applicationStateChanged.emit(ACTIVE)
    _settle(qtbot, window)
    assert len(finished) == 1
    app.applicationStateChanged.emit(Qt.ApplicationState.ApplicationInactive)
    app.applicationStateChanged.emit(ACTIVE)  # back within the minute: not again
    _settle(qtbot, window)
    assert len(finished) == 1
    window.sync_now_action.trigger()  # on demand is never held back
    _settle(qtbot, window)
    assert len(finished) == 2


def test_nothing_is_taken_in_while_a_session_runs_and_all_of_it_once_it_ends(
    qtbot,
    laptops,  # noqa: ANN001
) -> None:
    w = laptops
    w.run_session(w.a, "2026-03-02")
    w.sync(w.a)
    team_folder.join_folder(w.b, w.folder, now=w.clock.now())
    w.sync(w.b)
    running_id, _ = make_session(w.b, [300, 300], present=3)  # another team's session on B
    b = _window(qtbot, w.b, w.clock)
    sessions.create_session(w.a, w.team_id, "Planned on A", planned_date="2026-03-16")
    w.sync(w.a)
    b.run_session(running_id)
    screen = b.run_screen
    assert screen is not None
    screen.setFocus()
    qtbot.keyClick(screen, Qt.Key.Key_Space)
    if screen.handover_dialog is not None:
        screen.handover_dialog.accept()
        screen.setFocus()
    finished = _count_syncs(b)
    b.sync_flow.sync_now()
    w.clock.advance(120)
    b.sync_flow._on_application_state_changed(ACTIVE)
    QApplication.processEvents()
    assert not b.sync_flow.busy()  # nothing is being read either
    assert finished == [] and b.sync_flow.waiting
    assert "Planned on A" not in [s.title for s in sessions.list_sessions(w.b, w.team_id)]
    assert b.home.sync_status.text() == "Ops: the sync waits until the session ends."
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_E, CTRL)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    assert sessions.get_session(w.b, running_id).status is SessionStatus.FINISHED
    qtbot.waitUntil(lambda: len(finished) == 1)
    assert "Planned on A" in [s.title for s in sessions.list_sessions(w.b, w.team_id)]
    assert not b.sync_flow.waiting


def test_a_missing_folder_is_one_calm_line_and_never_a_dialog(
    qtbot,
    laptops,
    no_dialogs,  # noqa: ANN001
) -> None:
    w = laptops
    w.run_session(w.a, "2026-03-02")
    window = _window(qtbot, w.a, w.clock)
    shutil.rmtree(w.folder)  # the stick is unplugged
    before = sessions.list_sessions(w.a, w.team_id)
    window.sync_now_action.trigger()
    _settle(qtbot, window)
    line = (
        "Ops: team folder not found — plug in the stick or start your sync app; if it moved, "
        "link its new place (File → Team folder…). Nothing is lost."
    )
    assert window.home.sync_status.text() == line
    assert window.statusBar().currentMessage() == line
    assert sessions.list_sessions(w.a, w.team_id) == before
    # Back again: the next sync catches up.
    w.folder.mkdir()
    window.sync_now_action.trigger()
    _settle(qtbot, window)
    assert window.home.sync_status.text().startswith("Ops: synced ")
    assert any((w.folder / team_folder.laptop_id(w.a) / "sessions").iterdir())


def test_sync_now_without_a_shared_team_says_how_to_share_one(qtbot, tmp_path, no_dialogs) -> None:  # noqa: ANN001
    w = make_laptops(tmp_path)
    window = _window(qtbot, w.b, w.clock)
    window.sync_now_action.trigger()
    assert "File → Team folder…" in window.statusBar().currentMessage()


def test_the_team_folder_commands_are_in_the_file_menu_with_a_free_key(qtbot, laptops) -> None:  # noqa: ANN001
    window = _window(qtbot, laptops.a, laptops.clock)
    texts = [a.text() for a in window.file_menu.actions()]
    assert "Team fo&lder…" in texts and "S&ync now" in texts
    keys = [a.shortcut().toString() for a in window.findChildren(type(window.sync_now_action))]
    assert keys.count("F9") == 1


def test_the_start_sync_waits_for_the_database_check_and_never_holds_the_window(
    qtbot,
    laptops,  # noqa: ANN001
) -> None:
    """An open that checks the file after the first paint holds writes until then: the
    first sync waits for the verdict instead of blocking the window on it."""
    w = laptops
    w.run_session(w.a, "2026-03-02")
    path = w.a.path
    assert path is not None
    w.a.close()
    database = open_database(path, defer_check=True)
    window = MainWindow(database)
    window.sync_flow.clock = w.clock
    qtbot.addWidget(window)
    finished = _count_syncs(window)
    window.show()
    qtbot.waitUntil(lambda: window.sync_flow.started)  # painted: the sync is asked for
    assert window.sync_flow._queue != []
    QApplication.processEvents()
    assert finished == [] and not window.sync_flow.busy()
    check_integrity(database)  # what the app runs on a worker after the first paint
    qtbot.waitUntil(lambda: len(finished) == 1)
    assert finished[0].startswith("Ops: synced ")
    database.close()


def test_a_sync_that_meets_a_change_made_on_two_laptops_says_so_on_its_line(
    qtbot,  # noqa: ANN001
    laptops,  # noqa: ANN001
) -> None:
    from facilitator import capture

    w = laptops
    sid = sessions.create_session(w.a, w.team_id, "Planning", planned_date="2026-04-01").id
    call = capture.add(w.a, "action", sid, "Call the supplier", clock=w.clock).value
    w.sync(w.a)
    team_folder.join_folder(w.b, w.folder, now=w.clock.now())
    w.sync(w.b)
    a = _window(qtbot, w.a, w.clock)
    capture.change(w.a, call, text="Call the supplier by Friday (A)", clock=w.clock)
    w.clock.advance(60)
    capture.change(w.b, call, text="Call the supplier by Monday (B)", clock=w.clock)
    w.sync(w.b)
    finished = _count_syncs(a)
    a.sync_now_action.trigger()  # meets B's later change: kept, A's shown for review
    qtbot.waitUntil(lambda: len(finished) == 1)
    assert finished[0].endswith(
        "— 1 updated. 1 item changed on two laptops to look at (File → Team folder…)."
    )
    assert a.statusBar().currentMessage() == finished[0]
