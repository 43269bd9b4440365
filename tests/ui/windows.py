"""Open the main window for a test: shown, active (so shortcuts work), on a fake run clock."""

from __future__ import annotations

from facilitator.clock import FakeClock
from ui.main_window import MainWindow


def open_window(qtbot, database) -> MainWindow:  # noqa: ANN001
    window = MainWindow(database)
    window.run_clock = FakeClock()
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window
