"""Sync now (F9) while the run screen shows, in the room layout (no status bar): the run
screen's notice says calmly that the sync waits for the session's end, or that the team
folder is not there; never a dialog, never on the projector."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from facilitator import team_folder
from facilitator.timer import TimerState
from tests.facilitator.run_fixtures import make_session
from tests.facilitator.team_folder_world import Laptops, make_laptops
from tests.ui.test_sync_flow import _settle, _window, no_dialogs  # noqa: F401
from ui.main_window import MainWindow
from ui.screens.run import RunScreen
from ui.screens.team_folder_dialog import TeamFolderDialog
from ui.sync_flow import missing_line, waiting_line


@pytest.fixture
def laptops(tmp_path: Path) -> Laptops:
    return make_laptops(tmp_path)


@pytest.fixture
def one_screen(monkeypatch: pytest.MonkeyPatch) -> None:
    """Only the laptop's screen: P turns the run screen into the room layout."""
    primary = QGuiApplication.primaryScreen()
    monkeypatch.setattr(QGuiApplication, "screens", staticmethod(lambda: [primary]))


def _press(qtbot, key: Qt.Key) -> None:  # noqa: ANN001
    qtbot.keyClick(QApplication.focusWidget(), key)


def _in_the_room(qtbot, w: Laptops) -> tuple[MainWindow, RunScreen]:  # noqa: ANN001
    """Laptop B, which shares Ops, runs another team's session in the room layout."""
    w.run_session(w.a, "2026-03-02")
    w.sync(w.a)
    team_folder.join_folder(w.b, w.folder, now=w.clock.now())
    w.sync(w.b)
    running_id, _ = make_session(w.b, [300, 300], present=3)
    b = _window(qtbot, w.b, w.clock)
    assert b.run_session(running_id)
    screen = b.run_screen
    assert screen is not None
    screen.setFocus()
    _press(qtbot, Qt.Key.Key_P)
    assert screen.room_view.isVisible() and not b.statusBar().isVisible()
    return b, screen


def _start(qtbot, screen: RunScreen) -> None:  # noqa: ANN001
    _press(qtbot, Qt.Key.Key_Space)
    if screen.handover_dialog is not None and screen.handover_dialog.isVisible():
        screen.handover_dialog.accept()
        screen.room_view.setFocus()
    if screen.run.timer.state is not TimerState.RUNNING:
        _press(qtbot, Qt.Key.Key_Space)
    assert screen.run.timer.state is TimerState.RUNNING


def _said(screen: RunScreen) -> str:
    """What the run screen's notice says where the facilitator reads it now."""
    assert screen.notice.isVisible() and screen.room_view.isAncestorOf(screen.notice)
    assert not screen.room_view.display.notice.isVisible()  # never big on the wall
    return screen.notice.text()


def test_f9_during_a_session_says_in_the_room_layout_that_the_sync_waits(
    qtbot,
    laptops,
    one_screen,
    no_dialogs,  # noqa: ANN001, F811
) -> None:
    w = laptops
    b, screen = _in_the_room(qtbot, w)
    _start(qtbot, screen)
    assert not screen.notice.isVisible()
    _press(qtbot, Qt.Key.Key_F9)
    assert _said(screen) == waiting_line("Ops") == "Ops: the sync waits until the session ends."
    assert b.sync_flow.waiting and not b.sync_flow.busy()
    assert screen.projector.room_on  # still the room layout: nothing came in front of it
    assert QApplication.activeModalWidget() is None


def test_f9_in_the_room_layout_says_calmly_that_the_team_folder_is_not_there(
    qtbot,
    laptops,
    one_screen,
    no_dialogs,  # noqa: ANN001, F811
) -> None:
    w = laptops
    b, screen = _in_the_room(qtbot, w)
    shutil.rmtree(w.folder)  # the stick is unplugged
    _press(qtbot, Qt.Key.Key_F9)  # not started yet: the sync happens, and finds no folder
    qtbot.waitUntil(lambda: not screen.notice.isHidden())
    _settle(qtbot, b)
    assert _said(screen) == missing_line("Ops")
    _start(qtbot, screen)
    _press(qtbot, Qt.Key.Key_F9)  # now running: it waits, and says the folder was missing
    said = _said(screen)
    assert said.startswith("Ops: the sync waits until the session ends.")
    assert "not found last time: plug in the stick or start your sync app" in said
    assert QApplication.activeModalWidget() is None


def test_f9_with_no_team_shared_says_how_to_share_one_in_the_room_layout(
    qtbot,
    laptops,
    one_screen,
    no_dialogs,  # noqa: ANN001, F811
) -> None:
    w = laptops
    b, screen = _in_the_room(qtbot, w)
    team_folder.unlink_folder(w.b, w.team_id)
    _press(qtbot, Qt.Key.Key_F9)
    assert "File → Team folder… links one" in _said(screen)


def test_sync_now_in_the_team_folder_window_during_a_session_says_it_waits(
    qtbot,
    laptops,
    one_screen,
    no_dialogs,  # noqa: ANN001, F811
) -> None:
    w = laptops
    b, screen = _in_the_room(qtbot, w)
    _start(qtbot, screen)
    dialog = TeamFolderDialog(w.b, b.sync_flow, w.team_id, parent=b)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_S, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: dialog.status.text() == waiting_line("Ops"))
    assert dialog.report.isVisible() and not b.sync_flow.busy()
