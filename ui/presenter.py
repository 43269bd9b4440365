"""The projector window: what the room sees, readable from the back of the room.

High contrast (white on black, yellow for emphasis); every state is said in words and
shown by a shape (a symbol and the frame around the time), never by colour alone. It goes
full screen on the chosen screen and follows projectors being plugged in and out.

Signals:
    close_requested(): Esc (or P) was pressed in the window.
    key_forwarded(int): another key was pressed here; the run screen acts on it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QGuiApplication, QKeyEvent, QScreen
from PySide6.QtWidgets import QVBoxLayout, QWidget

from facilitator.review import ReviewItem
from facilitator.run import RunView
from ui.room_display import BACKGROUND, STATE_TEXT, RoomDisplay, slot_text

__all__ = ["STATE_TEXT", "PresenterWindow", "pick_screen", "screen_of", "slot_text"]


def pick_screen(
    screens: list[QScreen],
    primary: QScreen | None,
    chosen: QScreen | None,
    facilitator: QScreen | None,
) -> tuple[QScreen | None, bool]:
    """Where the projector view goes, and whether full screen.

    The chosen screen if it is still there (full screen even on the laptop's own screen:
    with a mirrored projector that is what the room sees); else the first screen that is
    not the facilitator's (a projector); else the facilitator's own screen, in a window so
    it does not cover the run screen.
    """
    # By name and place, not identity: PySide may hand out two wrappers for one screen.
    if chosen is not None and any(_same(chosen, s) for s in screens):
        return chosen, True
    others = [s for s in screens if facilitator is None or not _same(s, facilitator)]
    if others:
        return others[0], True
    return facilitator or primary, False


def _same(one: QScreen, other: QScreen) -> bool:
    return one.name() == other.name() and one.geometry() == other.geometry()


def screen_of(widget: QWidget) -> QScreen | None:
    """The screen holding the middle of ``widget``'s window (else the primary screen).

    Found among the application's screens: a window handle's screen can come back from
    PySide as a stale wrapper once an earlier window on it is gone."""
    middle = widget.window().frameGeometry().center()
    for screen in QGuiApplication.screens():
        if screen.geometry().contains(middle):
            return screen
    return QGuiApplication.primaryScreen()


class PresenterWindow(QWidget):
    close_requested = Signal()
    key_forwarded = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("presenter")
        self.setWindowTitle("Facilitator — projector")
        self.setAccessibleName("Projector view")
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating, True)
        self.setStyleSheet(f"#presenter {{ background: {BACKGROUND}; }}")
        self.setAutoFillBackground(True)
        self.chosen_screen: QScreen | None = None
        self.facilitator_screen: QScreen | None = None
        self.full_screen = False
        self.display = RoomDisplay()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.display)
        # What the room reads, by name (the run screen's tests and the handover look here).
        display = self.display
        self.where, self.title, self.state = display.where, display.title, display.state
        self.time, self.time_frame, self.notice = display.time, display.time_frame, display.notice
        self.prompt, self.speaker, self.next = display.prompt, display.speaker, display.next
        self.roles, self.handover, self.review = display.roles, display.handover, display.review

        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):
            app.screenAdded.connect(self._on_app_screen_added)
            app.screenRemoved.connect(self._on_app_screen_removed)

    # ------------------------------------------------------------ what the room sees
    def show_view(self, view: RunView, notice: str = "") -> None:
        """Mirror the run screen: the same view, drawn for the room."""
        self.display.show_view(view, notice)

    def show_handover(self, holders: list[tuple[str, str, str]]) -> None:
        """Show (role, holder, brief) for each role in force instead of the timer."""
        self.display.show_handover(holders)

    def clear_handover(self) -> None:
        """Back to the timer view."""
        self.display.clear_handover()

    @property
    def showing_handover(self) -> bool:
        return self.display.showing_handover

    def show_review(self, items: list[ReviewItem], current_item_id: str | None) -> None:
        """The review round's items, owners in turn, the one now reviewed marked."""
        self.display.show_review(items, current_item_id)

    # ------------------------------------------------------------ screens
    def place(self) -> None:
        """Show on the right screen: full screen on a projector, a window otherwise."""
        screens = QGuiApplication.screens()
        target, full = pick_screen(
            screens, QGuiApplication.primaryScreen(), self.chosen_screen, self.facilitator_screen
        )
        if target is None:
            self.show()
            return
        if self.windowHandle() is not None:
            self.windowHandle().setScreen(target)
        area = target.availableGeometry()
        self.full_screen = full
        if full:
            self.setGeometry(target.geometry())
            self.showFullScreen()
        else:
            self.showNormal()
            self.resize(int(area.width() * 0.6), int(area.height() * 0.6))
            self.move(area.center() - self.rect().center())
            self.show()

    def _on_app_screen_added(self, screen: QScreen) -> None:
        if self.isVisible() and not self.full_screen:
            self.place()  # a projector was plugged in: go there

    def _on_app_screen_removed(self, screen: QScreen) -> None:
        if screen is self.chosen_screen:
            self.chosen_screen = None
        if self.isVisible():
            self.place()

    # ------------------------------------------------------------ keys
    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() in (Qt.Key.Key_Escape, Qt.Key.Key_P):
            self.close_requested.emit()
            return
        self.key_forwarded.emit(int(event.key()))

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        self.close_requested.emit()
        super().closeEvent(event)
