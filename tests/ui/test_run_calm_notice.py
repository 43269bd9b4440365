"""A calm word from elsewhere in the window (Sync now, F9, before the round starts) shows
under the roles on the run screen, never in their place, and a screen reader hears it."""

from __future__ import annotations

from PySide6.QtCore import QRect

from tests.ui.test_run_screen import _screen
from ui.sync_flow import waiting_line


def _on_screen(widget) -> QRect:  # noqa: ANN001
    top_left = widget.mapTo(widget.window(), widget.rect().topLeft())
    return QRect(top_left, widget.size())


def test_a_sync_word_before_the_start_leaves_the_roles_in_view(qtbot, fresh_db) -> None:  # noqa: ANN001
    screen, clock, _session_id, _people = _screen(qtbot, fresh_db)
    assert screen.roles_area.isVisible()
    line = waiting_line("Ops")
    screen.show_notice(line)
    qtbot.waitUntil(screen.notice.isVisible)
    assert screen.notice.text() == line
    assert screen.roles_area.isVisible()  # who holds each role stays in view
    assert not _on_screen(screen.notice).intersects(_on_screen(screen.roles_area))
    assert not _on_screen(screen.notice).intersects(_on_screen(screen.controls))
    assert screen.notice.accessibleDescription() == line  # read out by a screen reader
    assert screen.notice.property("calm") is True
    clock.advance(13)
    screen.refresh()
    assert not screen.notice.isVisible() and screen.roles_area.isVisible()


def test_a_warning_still_takes_the_roles_place(qtbot, fresh_db) -> None:  # noqa: ANN001
    screen, _clock, _session_id, _people = _screen(qtbot, fresh_db)
    screen._show_notice("Time is up")
    assert screen.notice.isVisible() and not screen.roles_area.isVisible()
    assert screen.notice.property("calm") is False
