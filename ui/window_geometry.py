"""Where the main window sits on this computer's screens: the first start sizes it to fit
the screen it opens on; later starts put it back where it was (size, place, maximised),
moved onto a screen that is still there and inside the area the task bar leaves free.

It is this laptop's business, not the team's: it is kept in the user's Qt settings, never
in the team database. ``clamped`` is the rule, a pure function of rectangles."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, QRect, QSettings, QSize, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

FIRST_SHARE = 0.9  # the first start takes 90 % of the screen's free area
SAVE_DELAY_MS = 500  # a drag or a resize is written once it has come to rest
TITLE_BAR = 32  # the window manager's frame above the window (until one was measured)
KEY = "window/main"
ROOMY = QSize(1600, 900)  # a free area at least this big leaves room around a first window


def first_rect(available: QRect, share: float = FIRST_SHARE) -> QRect:
    """A window ``share`` of the free area, centred in it; on a laptop-sized screen (less
    than ``ROOMY`` free) the whole of it in that direction, because the run screen needs
    nearly all of a 1280×720 screen and a window that grows later would run off its edge."""
    width, height = available.width(), available.height()
    size = QSize(
        width if width < ROOMY.width() else round(width * share),
        height if height < ROOMY.height() else round(height * share),
    )
    rect = QRect(available.topLeft(), size)
    rect.moveCenter(available.center())
    return rect


def clamped(rect: QRect, available: Sequence[QRect], primary: QRect) -> QRect:
    """``rect`` moved (and shrunk if need be) to lie inside one screen's free area: the
    screen it overlaps most, else (its monitor was unplugged) the primary screen."""

    def overlap(area: QRect) -> int:
        common = area.intersected(rect)
        return common.width() * common.height() if common.isValid() else 0

    target = max(available, key=overlap, default=primary)
    if overlap(target) == 0:
        target = primary
    width, height = min(rect.width(), target.width()), min(rect.height(), target.height())
    left = min(max(rect.left(), target.left()), target.left() + target.width() - width)
    top = min(max(rect.top(), target.top()), target.top() + target.height() - height)
    return QRect(left, top, width, height)


def free_area(window: QWidget) -> QRect:
    """The free area (without task bars) of the screen the window is on."""
    screen = window.screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry() if screen else QRect(0, 0, 1280, 720)


def fit_to_screen(window: QWidget) -> None:
    """Size and place the window to fit the screen it opens on (the first start)."""
    rect = first_rect(free_area(window))
    window.resize(rect.size())
    window.move(rect.topLeft())


class WindowGeometry(QObject):
    """Puts one window where it was last time, and writes down where it is as it moves."""

    def __init__(self, window: QWidget, settings: QSettings | None = None) -> None:
        super().__init__(window)
        self.window = window
        self.settings = settings if settings is not None else QSettings()
        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(SAVE_DELAY_MS)
        self._save_timer.timeout.connect(self.save)

    def restore(self) -> None:
        """Size and place the window as remembered (or to fit the screen, the first time),
        then follow its moves and resizes."""
        remembered = self.settings.value(f"{KEY}/rect")
        if not isinstance(remembered, QRect) or not remembered.isValid():
            fit_to_screen(self.window)
        else:
            primary = QGuiApplication.primaryScreen()
            areas = [s.availableGeometry() for s in QGuiApplication.screens()]
            stored_frame = self.settings.value(f"{KEY}/frame", TITLE_BAR, type=int)
            frame = stored_frame if isinstance(stored_frame, int) else TITLE_BAR
            framed = remembered.adjusted(0, 0, 0, frame)
            rect = clamped(framed, areas, primary.availableGeometry() if primary else framed)
            self.window.resize(rect.width(), rect.height() - frame)
            self.window.move(rect.topLeft())
        if self.settings.value(f"{KEY}/maximized", False, type=bool):
            self.window.showMaximized()
        self.window.installEventFilter(self)

    def save(self) -> None:
        """Write down where the window is (its normal place when it is maximised)."""
        self._save_timer.stop()
        maximised = self.window.isMaximized()
        window = self.window
        rect = window.normalGeometry() if maximised else QRect(window.pos(), window.size())
        if rect.isValid():
            self.settings.setValue(f"{KEY}/rect", rect)
            # What the window manager's frame adds (none without one): a window that filled
            # the screen comes back filling it, not a title bar's height shorter.
            frame = max(0, window.frameGeometry().height() - window.height())
            self.settings.setValue(f"{KEY}/frame", frame)
        self.settings.setValue(f"{KEY}/maximized", maximised)
        self.settings.sync()

    def keep_on_screen(self) -> None:
        """A window that grew (a screen that needs more room than the last one) past the
        edge of its screen's free area moves back inside it, as far as its size allows."""
        window = self.window
        if window.isMaximized() or window.isFullScreen() or not window.isVisible():
            return
        area = free_area(window)
        rect = QRect(window.pos(), window.size())
        left = max(area.left(), min(rect.left(), area.right() + 1 - rect.width()))
        top = max(area.top(), min(rect.top(), area.bottom() + 1 - rect.height()))
        if (left, top) != (rect.left(), rect.top()):
            window.move(left, top)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        kind = event.type()
        if watched is self.window:
            if kind in (QEvent.Type.Move, QEvent.Type.Resize, QEvent.Type.WindowStateChange):
                self._save_timer.start()
            if kind == QEvent.Type.Resize:
                QTimer.singleShot(0, self, self.keep_on_screen)  # after the resize has settled
            elif kind == QEvent.Type.Close:
                self.save()
        return False
