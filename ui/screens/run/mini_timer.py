"""The mini timer: a small frameless window that stays on top of everything, for when the
facilitator switches to slides or a browser. It shows the time left, the phase and the
timer's state (a symbol and the frame's shape, not colour alone), repainted from the same
``RunView`` as the run screen (no second clock). It first shows in the bottom right corner
of the screen, clear of the run screen's top bar; drag it anywhere on the screens; a click
brings the run screen back. It remembers nothing between runs.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QFontMetrics, QGuiApplication, QHideEvent, QMouseEvent, QScreen
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from facilitator.durations import countdown
from facilitator.model import Phase, round_heading
from facilitator.run import RunView
from facilitator.timer import TimerState
from ui.presenter import screen_of
from ui.room_display import ACCENT, BACKGROUND, FOREGROUND, MUTED, STATE_TEXT, is_over
from ui.screens.run.spoken import say, time_key, time_name

SIZE = (240, 90)
MARGIN = 24  # in from the screen's edges, where it first appears


def keep_on(area: QRect, top_left: QPoint, width: int, height: int) -> QPoint:
    """``top_left`` moved the least so that a ``width``×``height`` window lies inside
    ``area`` (a screen's available geometry)."""
    x = min(max(top_left.x(), area.left()), area.right() - width + 1)
    y = min(max(top_left.y(), area.top()), area.bottom() - height + 1)
    return QPoint(x, y)


def first_place(area: QRect) -> QPoint:
    """Where the mini timer first shows on a screen whose free area is ``area``: its bottom
    right corner, ``MARGIN`` in from both edges."""
    return QPoint(area.right() + 1 - MARGIN - SIZE[0], area.bottom() + 1 - MARGIN - SIZE[1])


def elided_heading(metrics: QFontMetrics, phase: Phase, width: int) -> str:
    """The phase's heading in ``width`` pixels: a long title ends in "…" and keeps its
    round, "Clarifying quest… (round 2 of 3)", so the round is never the part cut off."""
    suffix = round_heading("", phase.round_no, phase.rounds)
    room = max(0, width - metrics.horizontalAdvance(suffix))
    return metrics.elidedText(phase.title, Qt.TextElideMode.ElideRight, room) + suffix


class MiniTimer(QWidget):
    """The always-on-top timer of one run screen (``host``), and its on/off button (for
    the run screen's top row)."""

    def __init__(self, host: QWidget, showing: Callable[[], RunView | None]) -> None:
        """``showing`` gives the view the run screen shows now."""
        # No parent: a tool window of the main window would vanish with it when minimised.
        super().__init__(
            None,
            Qt.WindowType.Tool
            | Qt.WindowType.FramelessWindowHint
            | Qt.WindowType.WindowStaysOnTopHint,
        )
        self.host, self._showing = host, showing
        self._time_key: tuple[object, ...] | None = None  # what the time's description says
        self.setObjectName("miniTimer")
        self.setWindowTitle("Facilitator — mini timer")
        self.setAccessibleName("Mini timer")
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating, True)
        self.setAttribute(Qt.WidgetAttribute.WA_MacAlwaysShowToolWindow, True)
        self.setFixedSize(*SIZE)
        self.setCursor(Qt.CursorShape.OpenHandCursor)
        self.setToolTip("Drag to move · click to go back to the run screen · T hides it")
        self._press: QPoint | None = None  # where a press began, on the screen
        self._start: QPoint | None = None  # the window's place then
        self._dragged = False
        self._placed = False  # placed once in this run: later shows keep where it was left
        self._before_room: bool | None = None  # shown when the room layout came on (None: off)
        self.button = QPushButton("Mini timer  (T)")
        self.button.setCheckable(True)
        self.button.setAccessibleName("Mini timer on or off")
        self.button.setToolTip("A small timer on top of every window, for slides or a browser")
        self.button.clicked.connect(self._on_button_clicked)
        self._build()
        host.destroyed.connect(self.deleteLater)
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):
            app.screenRemoved.connect(self._on_app_screen_removed)

    def _build(self) -> None:
        self.frame = QFrame()
        self.frame.setObjectName("miniFrame")
        self.state = QLabel("■")
        self.state.setAccessibleName("Timer state")
        self.time = QLabel("--:--")
        self.time.setAccessibleName("Time left")
        self.time.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.phase = QLabel()
        self.phase.setAccessibleName("Phase")
        self.phase.setTextFormat(Qt.TextFormat.PlainText)
        self.phase.setProperty("role", "muted")
        top = QHBoxLayout()
        top.addWidget(self.state)
        top.addWidget(self.time, 1)
        inner = QVBoxLayout(self.frame)
        inner.setContentsMargins(10, 4, 10, 6)
        inner.setSpacing(0)
        inner.addLayout(top, 1)
        inner.addWidget(self.phase)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.frame)
        self._style = ""
        self._set_frame(f"2px solid {MUTED}")

    def _set_frame(self, border: str) -> None:
        style = (
            f"#miniFrame {{ background: {BACKGROUND}; border: {border}; border-radius: 6px; }}"
            f"QLabel {{ color: {FOREGROUND}; background: transparent; }}"
            f"QLabel[role='muted'] {{ color: {MUTED}; font-size: 13px; }}"
            f"QLabel[role='accent'] {{ color: {ACCENT}; }}"
        )
        if style != self._style:
            self._style = style
            self.setStyleSheet(style)

    # ------------------------------------------------------------ showing the run
    def show_view(self, view: RunView) -> None:
        """The run screen's view, small: time left, the phase, the state's symbol."""
        timer = view.timer
        over = is_over(timer.state, timer.remaining_s)
        words = STATE_TEXT[timer.state]
        symbol, _, said = words.partition("  ")
        self.state.setText(symbol)
        say(self.state, None, said)
        self.state.setStyleSheet(f"font-size: 22px; color: {ACCENT if over else FOREGROUND};")
        text = countdown(timer.remaining_s)
        self.time.setText(text)
        if time_key(timer) != self._time_key:  # whole minutes and changes, not every second
            self._time_key = time_key(timer)
            say(self.time, None, time_name(timer))
        color = ACCENT if over else FOREGROUND
        self.time.setStyleSheet(f"font-size: 44px; font-weight: bold; color: {color};")
        metrics = self.phase.fontMetrics()
        self.phase.setText(elided_heading(metrics, view.phase, SIZE[0] - 24))
        say(self.phase, None, view.phase.heading)
        if over:
            self._set_frame(f"4px solid {ACCENT}")
        elif timer.state is TimerState.PAUSED:
            self._set_frame(f"3px dashed {FOREGROUND}")
        else:
            self._set_frame(f"2px solid {MUTED}")

    # ------------------------------------------------------------ on and off
    def set_room_layout(self, on: bool) -> None:
        """The room layout fills the run screen's screen with its own large time: the mini
        timer would only cover it (and the roles beneath), so it goes while the layout
        shows, and comes back after if it was on."""
        if on:
            self._before_room = self.isVisible()
            self.hide()
        elif self._before_room is not None:
            if self._before_room:
                self.show_beside_host()
            self._before_room = None

    @property
    def room_layout(self) -> bool:
        return self._before_room is not None

    def toggle(self) -> None:
        if self.isVisible():
            self.hide()
        else:
            self.show_beside_host()

    def show_beside_host(self) -> None:
        """Show where it was left, or at first in the bottom right corner of the run screen's
        screen (its free area, a margin in): the corner that covers the least of the app, whose
        top bar holds the run screen's own buttons and whose slides put titles at the top."""
        area = self._area()
        if not self._placed:
            self._placed = True
            self.move(first_place(area))
        self.move(keep_on(self._area(self.pos()), self.pos(), *SIZE))
        view = self._showing()
        if view is not None:
            self.show_view(view)
        self.show()
        self.raise_()
        self.button.setChecked(True)

    def _on_app_screen_removed(self, screen: QScreen | None) -> None:
        """A screen was unplugged: back onto the screens still there (the run screen's)."""
        if self.isVisible() and QGuiApplication.screenAt(self.geometry().center()) is None:
            self.move(keep_on(self._area(), self.pos(), *SIZE))

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802
        super().hideEvent(event)
        self.button.setChecked(False)

    def _on_button_clicked(self) -> None:
        self.toggle()

    def _area(self, at: QPoint | None = None) -> QRect:
        """The available geometry of the screen at ``at`` (else the run screen's)."""
        screen = QGuiApplication.screenAt(at) if at is not None else None
        if screen is None:
            screen = screen_of(self.host)
        return screen.availableGeometry() if screen is not None else QRect(0, 0, *SIZE)

    # ------------------------------------------------------------ dragging and clicking
    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if event.button() == Qt.MouseButton.LeftButton:
            self._press = event.globalPosition().toPoint()
            self._start = self.pos()
            self._dragged = False
            self.setCursor(Qt.CursorShape.ClosedHandCursor)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if self._press is None or self._start is None:
            return
        moved = event.globalPosition().toPoint() - self._press
        if moved.manhattanLength() >= QApplication.startDragDistance():
            self._dragged = True
        if self._dragged:
            target = self._start + moved
            self.move(keep_on(self._area(event.globalPosition().toPoint()), target, *SIZE))

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        self.setCursor(Qt.CursorShape.OpenHandCursor)
        clicked = self._press is not None and not self._dragged
        self._press = None
        if clicked and event.button() == Qt.MouseButton.LeftButton:
            self.bring_back_host()

    def bring_back_host(self) -> None:
        """The run screen's window in front again, with the keys."""
        window = self.host.window()
        if window.isMinimized():
            window.showNormal()
        window.raise_()
        window.activateWindow()
        self.host.setFocus()
