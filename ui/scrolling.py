"""A scroll area that scrolls up and down only: as wide as what it holds needs, so nothing in
it is cut at the side, and as short as the room around it allows. For a card or a text
that may be taller than a small laptop's screen has room for."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSize, Qt
from PySide6.QtWidgets import QFrame, QScrollArea, QWidget


class VerticalScroll(QScrollArea):
    """``content`` at the area's width (never narrower than it needs), scrolled up and down
    when the area is shorter than it; at least ``min_height`` tall."""

    def __init__(
        self, content: QWidget, parent: QWidget | None = None, *, min_height: int = 0
    ) -> None:
        super().__init__(parent)
        self.setWidget(content)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setMinimumHeight(min_height)
        content.installEventFilter(self)  # its needs change as it fills (a chip per person)

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        hint = super().minimumSizeHint()
        content = self.widget()
        if content is None:
            return hint
        side = self.verticalScrollBar().sizeHint().width() + 2 * self.frameWidth()
        return QSize(max(hint.width(), content.minimumSizeHint().width() + side), hint.height())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self.widget() and event.type() == QEvent.Type.LayoutRequest:
            self.updateGeometry()
        return super().eventFilter(watched, event)
