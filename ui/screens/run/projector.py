"""The run's projector view: the button that turns it on and off (with a menu to choose the
screen), the presenter window it opens, and the run keys pressed in that window.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QGuiApplication, QScreen
from PySide6.QtWidgets import QMenu, QToolButton, QWidget

from facilitator.run import RunView
from ui.presenter import PresenterWindow
from ui.screens.run.keys import projector_action


class RunProjector(QObject):
    """The presenter window of one run screen, and its button.

    Signals:
        action_requested(str): a run key was pressed in the presenter window: the name of
            its action in the key table.
    """

    action_requested = Signal(str)

    def __init__(self, screen: QWidget, showing: Callable[[], tuple[RunView | None, str]]) -> None:
        """``showing`` gives what the run screen shows now: its view and its notice."""
        super().__init__(screen)
        self.screen = screen
        self._showing = showing
        self.window: PresenterWindow | None = None
        self.button = QToolButton()
        self.button.setText("Projector  (P)")
        self.button.setAccessibleName("Projector view on or off")
        self.button.setCheckable(True)
        self.button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        self.button.clicked.connect(self._on_button_clicked)
        self.menu = QMenu(self.button)
        self.menu.aboutToShow.connect(self._on_menu_about_to_show)
        self.button.setMenu(self.menu)

    def is_open(self) -> bool:
        return self.window is not None and self.window.isVisible()

    def toggle(self) -> None:
        if self.is_open():
            self.close()
        else:
            self.open()

    def open(self, screen: QScreen | None = None) -> PresenterWindow:
        """The presenter window on ``screen`` (else the one it picks), showing the run."""
        if self.window is None:
            self.window = PresenterWindow()
            self.window.close_requested.connect(self._on_window_close_requested)
            self.window.key_forwarded.connect(self._on_window_key_forwarded)
        handle = self.screen.window().windowHandle()
        self.window.facilitator_screen = (
            handle.screen() if handle else QGuiApplication.primaryScreen()
        )
        if screen is not None:
            self.window.chosen_screen = screen
        view, notice = self._showing()
        if view is not None:
            self.window.show_view(view, notice)
        self.window.place()
        self.button.setChecked(True)
        return self.window

    def close(self) -> None:
        if self.window is not None:
            window, self.window = self.window, None
            window.close_requested.disconnect(self._on_window_close_requested)
            window.close()
            window.deleteLater()
        self.button.setChecked(False)

    def show_view(self, view: RunView, notice: str) -> None:
        if self.is_open() and self.window is not None:
            self.window.show_view(view, notice)

    def _on_button_clicked(self) -> None:
        self.toggle()

    def _on_menu_about_to_show(self) -> None:
        self.menu.clear()
        for screen in QGuiApplication.screens():
            size = screen.size()
            action = self.menu.addAction(
                f"Show on {screen.name() or 'screen'} ({size.width()}×{size.height()})"
            )
            action.triggered.connect(lambda _=False, s=screen: self.open(s))

    def _on_window_close_requested(self) -> None:
        self.close()

    def _on_window_key_forwarded(self, key: int) -> None:
        action = projector_action(key)
        if action is not None:
            self.action_requested.emit(action)
