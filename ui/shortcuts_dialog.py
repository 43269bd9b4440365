"""The F1 window: the window's keys (``window_actions.shortcuts_html``) in a dialog that
fits the screen's free area, its OK button always on screen.

A message box grows to its text: the list was 782 pixels tall on a 720-pixel screen, OK
below the edge. Here the list sits in a scroll area, and the dialog asks for no more than
the free area of its screen (less a title bar) — the list scrolls if a screen is smaller
still."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ui.window_geometry import TITLE_BAR, free_area


class ShortcutsDialog(QDialog):
    """The keyboard shortcuts, scrolling inside a dialog no bigger than the screen."""

    def __init__(self, html: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        self.html = html
        self.keys = QLabel(html)
        self.keys.setTextFormat(Qt.TextFormat.RichText)
        self.keys.setWordWrap(True)
        self.keys.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.keys.setContentsMargins(4, 4, 4, 4)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidget(self.keys)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        buttons.accepted.connect(self.accept)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self._layout = QVBoxLayout(self)
        self._layout.addWidget(self.scroll_area, 1)
        self._layout.addWidget(buttons)

    def sizeHint(self) -> QSize:  # noqa: N802
        """The whole list with its OK button, but no more than the screen leaves free."""
        width = (
            self.keys.sizeHint().width() + self.scroll_area.verticalScrollBar().sizeHint().width()
        )
        margins = self._layout.contentsMargins()
        width += margins.left() + margins.right()
        height = self.keys.heightForWidth(self.keys.sizeHint().width())
        height += self.ok_button.sizeHint().height() + self._layout.spacing()
        height += margins.top() + margins.bottom()
        area = free_area(self.parentWidget() or self)
        room = QSize(area.width(), area.height() - TITLE_BAR)
        return QSize(width, height).boundedTo(room)
