"""The way back out of a screen, the same everywhere: a "← Back" button, Esc and Alt+Left."""

from __future__ import annotations

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QPushButton, QWidget

BACK_KEYS = ("Esc", "Alt+Left")


def back_button(screen: QWidget, accessible: str = "Back", tooltip: str = "Back") -> QPushButton:
    """A Back button for ``screen``; it, Esc and Alt+Left emit ``screen.back_requested``."""
    signal = screen.back_requested  # type: ignore[attr-defined]
    button = QPushButton("← Back")
    button.setAccessibleName(accessible)
    button.setToolTip(f"{tooltip} (Esc or Alt+Left)")
    button.clicked.connect(signal)
    for key in BACK_KEYS:
        QShortcut(QKeySequence(key), screen, signal.emit)
    return button
