"""What the room sees of a run, and where: the presenter window full screen on a second
screen, or, with one (mirrored) screen, the run screen's own room layout, never a window over
the facilitator's controls. P turns it on and off; the button's menu chooses a screen.
During a review round both show the items to review, owners in turn.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QGuiApplication, QScreen
from PySide6.QtWidgets import QMenu, QToolButton, QWidget

from facilitator import review
from facilitator.changes import Changes, Topic
from facilitator.errors import FacilitatorError
from facilitator.review import ReviewItem
from facilitator.run import RunView
from facilitator.store.database import Database
from ui import ops
from ui.presenter import PresenterWindow, screen_of
from ui.room_display import in_review_round
from ui.screens.run.keys import projector_action
from ui.screens.run.room_view import RoomView

log = logging.getLogger(__name__)


def projector_screens(screens: list[QScreen], facilitator: QScreen | None) -> list[QScreen]:
    """The screens the room could watch apart from the facilitator's: none when there is one
    screen, or when the others only mirror it (the same place and size)."""
    if facilitator is None:
        return screens[1:]
    # By place, not identity: PySide may hand out two wrappers for one screen.
    return [s for s in screens if s.geometry() != facilitator.geometry()]


class RunProjector(QObject):
    """The room's view of one run screen: its presenter window or its room layout, and the
    Projector button.

    Signals:
        action_requested(str): a run key was pressed in the presenter window: the name of
            its action in the key table.
    """

    action_requested = Signal(str)

    def __init__(
        self,
        screen: QWidget,
        database: Database,
        session_id: str,
        showing: Callable[[], tuple[RunView | None, str]],
        room: RoomView,
        show_room: Callable[[bool], None],
    ) -> None:
        """``showing`` gives what the run screen shows now: its view and its notice;
        ``show_room`` switches the run screen to its room layout ``room`` (True) or back."""
        super().__init__(screen)
        self.screen, self.database, self.session_id = screen, database, session_id
        self._showing, self._show_room = showing, show_room
        self.room = room
        self.room_on = False
        self.window: PresenterWindow | None = None
        self.review_items: list[ReviewItem] = []
        self.current_item_id: str | None = None
        self._review_given = False  # show_review was called in this phase: its list wins
        self._phase_id: str | None = None
        self.button = QToolButton()
        self.button.setText("Projector  (P)")
        self.button.setAccessibleName("Projector view on or off")
        self.button.setToolTip(
            "What the room sees: full screen on a second screen, or with one screen the "
            "room layout on this one (P; Esc leaves it)."
        )
        self.button.setCheckable(True)
        self.button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        self.button.clicked.connect(self._on_button_clicked)
        self.menu = QMenu(self.button)
        self.menu.aboutToShow.connect(self._on_menu_about_to_show)
        self.button.setMenu(self.menu)
        room.leave_requested.connect(self._on_room_leave_requested)
        ops.follow(screen, [Topic.REVIEWS, Topic.CAPTURES], self._on_changes, own=True)
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):
            app.screenRemoved.connect(self._on_app_screen_removed)

    # ------------------------------------------------------------ on and off
    def is_open(self) -> bool:
        """Whether the room sees the run: the presenter window or the room layout."""
        return self.room_on or (self.window is not None and self.window.isVisible())

    def toggle(self) -> None:
        """P: off if on; else the presenter window on a second screen, or with none the
        room layout."""
        if self.is_open():
            self.close()
        elif projector_screens(QGuiApplication.screens(), self.facilitator_screen()):
            self.open()
        else:
            self.open_room()

    def facilitator_screen(self) -> QScreen | None:
        """The screen the run screen is on (the one holding its window's middle)."""
        return screen_of(self.screen)

    def open(self, screen: QScreen | None = None) -> PresenterWindow:
        """The presenter window on ``screen`` (else a second screen), showing the run."""
        self.close_room()
        if self.window is None:
            self.window = PresenterWindow()
            self.window.close_requested.connect(self._on_window_close_requested)
            self.window.key_forwarded.connect(self._on_window_key_forwarded)
        facilitator = self.facilitator_screen()
        self.window.facilitator_screen = facilitator
        others = projector_screens(QGuiApplication.screens(), facilitator)
        if screen is None and others:
            screen = others[0]
        if screen is not None:
            self.window.chosen_screen = screen
        view, notice = self._showing()
        if view is not None:
            self.window.show_view(view, notice)
        self.window.show_review(self.review_items, self.current_item_id)
        self.window.place()
        self.button.setChecked(True)
        return self.window

    def open_room(self) -> RoomView:
        """The run screen turned into the room layout (one screen: the room sees this one)."""
        self._close_window()
        view, _ = self._showing()
        if view is not None:
            self.room.show_view(view)
        self.room.show_review(self.review_items, self.current_item_id)
        if not self.room_on:
            self.room_on = True
            self._show_room(True)
        self.button.setChecked(True)
        return self.room

    def close(self) -> None:
        """The room no longer sees the run (the facilitator's own view is back)."""
        self._close_window()
        self.close_room()
        self.button.setChecked(False)

    def close_room(self) -> None:
        if self.room_on:
            self.room_on = False
            self._show_room(False)

    def _close_window(self) -> None:
        if self.window is not None:
            window, self.window = self.window, None
            window.close_requested.disconnect(self._on_window_close_requested)
            window.close()
            window.deleteLater()

    # ------------------------------------------------------------ what the room sees
    def show_view(self, view: RunView, notice: str) -> None:
        """Repaint what the room sees from the run screen's view (a new phase: its list)."""
        if view.phase.id != self._phase_id:
            self._phase_id = view.phase.id
            self._review_given = False
            self._read_review(view)
        if self.window is not None and self.window.isVisible():
            self.window.show_view(view, notice)
        if self.room_on:
            self.room.show_view(view)

    def show_review(self, items: list[ReviewItem], current_item_id: str | None) -> None:
        """The review round's items (owners in turn) with the one now reviewed marked, on
        whichever of the two the room sees; no items clears the list."""
        self._review_given = True
        self._put_review(items, current_item_id)

    def _put_review(self, items: list[ReviewItem], current_item_id: str | None) -> None:
        self.review_items, self.current_item_id = list(items), current_item_id
        if self.window is not None:
            self.window.show_review(self.review_items, current_item_id)
        self.room.show_review(self.review_items, current_item_id)

    def _read_review(self, view: RunView) -> None:
        """In a review round, the session's review agenda (owners in turn), none marked,
        until the review panel says which item is reviewed; nothing in other phases."""
        if not in_review_round(view):
            self._put_review([], None)
            return
        try:
            agenda = review.agenda(self.database, self.session_id)
            speakers = review.speaking_order(self.database, self.session_id, view.phase.id)
        except FacilitatorError as exc:  # a read: the room sees the clock without the list
            log.info("No review list for the room: %s", exc)
            self._put_review([], None)
            return
        self._put_review(review.in_turn(agenda, speakers), None)

    def _on_changes(self, changes: Changes) -> None:
        """Items captured or reviewed: the list as it now stands (unless the panel gives it)."""
        view, _ = self._showing()
        if view is not None and not self._review_given:
            self._read_review(view)

    # ------------------------------------------------------------ slots
    def _on_button_clicked(self) -> None:
        self.toggle()

    def _on_menu_about_to_show(self) -> None:
        self.menu.clear()
        room = self.menu.addAction("Room layout on this screen")
        room.triggered.connect(lambda _=False: self.open_room())
        for screen in QGuiApplication.screens():
            size = screen.size()
            action = self.menu.addAction(
                f"Show on {screen.name() or 'screen'} ({size.width()}×{size.height()})"
            )
            action.triggered.connect(lambda _=False, s=screen: self.open(s))

    def _on_room_leave_requested(self) -> None:
        self.close()

    def _on_window_close_requested(self) -> None:
        self.close()

    def _on_window_key_forwarded(self, key: int) -> None:
        action = projector_action(key)
        if action is not None:
            self.action_requested.emit(action)

    def _on_app_screen_removed(self, screen: QScreen) -> None:
        """The projector was unplugged: with one screen left, the room layout takes over
        (the window would otherwise land on the controls)."""
        window = self.window
        if window is None or not window.isVisible():
            return
        if window.chosen_screen is not None and window.chosen_screen is not screen:
            return  # the screen chosen for the room is still there
        left = [s for s in QGuiApplication.screens() if s is not screen]
        if not projector_screens(left, self.facilitator_screen()):
            self.open_room()
