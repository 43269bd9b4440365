"""A start-up self-check: with FACILITATOR_QUIT_AFTER_PAINT=1 the app paints its window once
and quits with status 0.

Build machines have no display and no one to close the window; this lets them prove that
a bundle (or a fresh install) holds everything the window needs: the Qt platform plugin,
fonts, resources and every module on the start-up path. Run it with QT_QPA_PLATFORM=offscreen.
"""

from __future__ import annotations

import os
from typing import Any

ENV = "FACILITATOR_QUIT_AFTER_PAINT"


def install_if_requested(window: Any) -> None:
    """Arm the self-check when the environment asks for it; otherwise do nothing (and load
    nothing: this runs on every start)."""
    if os.environ.get(ENV, "") in ("", "0"):
        return
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication

    class QuitAfterFirstPaint(QObject):
        """Once the window's first paint has been delivered, asks the app to quit."""

        def __init__(self) -> None:
            super().__init__(window)
            self.seen = False

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
            if event.type() == QEvent.Type.Paint and not self.seen:
                self.seen = True
                # Queued: this paint (and the children's) completes before the loop ends.
                QTimer.singleShot(0, QApplication.quit)
            return False

    window.installEventFilter(QuitAfterFirstPaint())
