"""The main window: composes the screens and routes between them; decides nothing itself."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QMainWindow,
    QMenu,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QWidget,
)

from facilitator import __version__, record
from facilitator.errors import FacilitatorError
from facilitator.model import SessionStatus
from facilitator.store import sessions, teams
from facilitator.store.database import Database
from ui.screens.capture_view import CaptureView
from ui.screens.followup import FollowUpScreen
from ui.screens.home import HomeScreen
from ui.screens.review import ReviewScreen
from ui.screens.search import SearchScreen
from ui.screens.session_overview import SessionOverview


class MainWindow(QMainWindow):
    def __init__(self, database: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.database = database
        self.setWindowTitle("Facilitator")
        self.resize(1280, 800)
        self.stack = QStackedWidget()
        self.setCentralWidget(self.stack)

        self.home = HomeScreen()
        self.home.demo_requested.connect(self._on_home_demo_requested)
        self.home.session_activated.connect(self.open_session)
        self.overview = SessionOverview()
        self.overview.back_requested.connect(self.show_home)
        for screen in (self.home, self.overview):
            self.stack.addWidget(screen)

        self._build_menus()
        self._build_capture_screens()
        where = str(database.path) if database.path else "in memory"
        self.statusBar().showMessage(f"Database: {where}")
        if database.read_only:
            self.home.set_read_only(database.read_only_reason or "opened read-only")
        self.show_home()

    # ------------------------------------------------------------ navigation
    def show_home(self) -> None:
        self.refresh_home()
        self.stack.setCurrentWidget(self.home)
        self.home.table.setFocus()

    def refresh_home(self) -> None:
        self.home.show_data(teams.list_teams(self.database),
                            sessions.list_sessions(self.database))

    def open_session(self, session_id: str) -> None:
        if self._open_finished_session(session_id):
            return
        try:
            self.overview.show_record(record.load(self.database, session_id))
        except FacilitatorError as exc:
            self.show_error("Cannot open the session", str(exc))
            self.refresh_home()
            return
        self.stack.setCurrentWidget(self.overview)

    # ------------------------------------------------------------ actions
    def _on_home_demo_requested(self) -> None:
        from facilitator.demo import add_demo

        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            session_id = add_demo(self.database)
        except FacilitatorError as exc:
            QApplication.restoreOverrideCursor()
            self.show_error("Could not add the demo", str(exc))
            return
        QApplication.restoreOverrideCursor()
        self.refresh_home()
        self.home.select_session(session_id)
        self.statusBar().showMessage("Demo workshop added: open it with Enter.", 8000)

    def show_error(self, title: str, message: str) -> None:
        QMessageBox.warning(self, title, message)

    def _show_shortcuts(self) -> None:
        QMessageBox.information(
            self, "Keyboard shortcuts",
            "<table cellpadding='3'>"
            "<tr><td><b>Enter</b></td><td>Open the selected session</td></tr>"
            "<tr><td><b>Ctrl+L</b></td><td>Go to the session list</td></tr>"
            "<tr><td><b>Esc</b> / <b>Alt+Left</b></td><td>Back</td></tr>"
            "<tr><td><b>F1</b></td><td>This list</td></tr>"
            "<tr><td><b>Ctrl+Q</b></td><td>Quit</td></tr></table>")

    def _show_about(self) -> None:
        where = str(self.database.path) if self.database.path else "in memory"
        QMessageBox.about(
            self, "About Facilitator",
            f"<b>Facilitator {__version__}</b><p>Distributed-leadership workshops: timed "
            "rounds, rotating roles, captured decisions and learnings, a print-ready "
            f"report. Works offline.</p><p>Your data: {where}</p>")

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        self.home_action = QAction("&Workshops", self, shortcut=QKeySequence("Ctrl+1"),
                                   triggered=self.show_home)
        file_menu.addAction(self.home_action)
        file_menu.addSeparator()
        quit_action = QAction("&Quit", self, shortcut=QKeySequence.StandardKey.Quit,
                              triggered=self.close)
        quit_action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        file_menu.addAction(quit_action)
        self.file_menu = file_menu
        help_menu = self.menuBar().addMenu("&Help")
        help_menu.addAction(QAction("&Keyboard shortcuts", self,
                                    shortcut=QKeySequence("F1"), triggered=self._show_shortcuts))
        help_menu.addAction(QAction("&About Facilitator", self, triggered=self._show_about))

    # ------------------------------------------------------------ capture, review, search
    def _build_capture_screens(self) -> None:
        """The capture view, review round, search (Ctrl+F) and follow-up (Ctrl+U)."""
        self.capture_view = CaptureView(self.database)
        self.review_screen = ReviewScreen(self.database)
        self.search_screen = SearchScreen(self.database)
        self.followup_screen = FollowUpScreen(self.database)
        for screen in (self.capture_view, self.review_screen, self.search_screen,
                       self.followup_screen):
            self.stack.addWidget(screen)
        self.capture_view.back_requested.connect(self.show_home)
        self.capture_view.overview_requested.connect(self.show_overview)
        self.capture_view.review_requested.connect(self.show_review)
        self.review_screen.back_requested.connect(self._back_from_review)
        self.search_screen.back_requested.connect(self._back_from_search)
        self.search_screen.open_requested.connect(self.open_at_item)
        self.followup_screen.back_requested.connect(self.show_home)
        self.followup_screen.open_requested.connect(self.open_at_item)
        self._search_came_from: QWidget = self.home
        self._review_came_from: QWidget = self.home

        self.search_action = QAction("&Search…", self, shortcut=QKeySequence("Ctrl+F"),
                                     triggered=self.show_search)
        self.followup_action = QAction("&Follow-up…", self, shortcut=QKeySequence("Ctrl+U"),
                                       triggered=self.show_followup)
        self.review_action = QAction("&Review round…", self,
                                     triggered=self._on_review_action_triggered)
        go_menu = QMenu("&Go", self)
        for action in (self.search_action, self.followup_action, self.review_action):
            go_menu.addAction(action)
        bar_actions = self.menuBar().actions()
        after_file = bar_actions.index(self.file_menu.menuAction()) + 1
        if after_file < len(bar_actions):
            self.menuBar().insertMenu(bar_actions[after_file], go_menu)
        else:
            self.menuBar().addMenu(go_menu)
        for text, action in (("Follow-up  (Ctrl+U)", self.followup_action),
                             ("Search  (Ctrl+F)", self.search_action)):
            button = QPushButton(text)
            button.setAccessibleName(text.split("  ")[0])
            button.clicked.connect(action.trigger)
            self.home.actions_row.insertWidget(0, button)

    def _open_finished_session(self, session_id: str) -> bool:
        """A finished session opens in the capture view (its overview is one key away)."""
        try:
            finished = sessions.get_session(self.database, session_id).status \
                is SessionStatus.FINISHED
        except FacilitatorError:
            return False
        if finished:
            self.open_at_item(session_id, "", "")
        return finished

    def open_at_item(self, session_id: str, kind: str, item_id: str) -> None:
        """Show a session's captures, with one item selected when given."""
        try:
            self.capture_view.show_session(session_id, kind or None, item_id or None)
        except FacilitatorError as exc:
            self.show_error("Cannot open the session", str(exc))
            return
        self.stack.setCurrentWidget(self.capture_view)

    def show_overview(self, session_id: str) -> None:
        try:
            self.overview.show_record(record.load(self.database, session_id))
        except FacilitatorError as exc:
            self.show_error("Cannot open the session", str(exc))
            return
        self.stack.setCurrentWidget(self.overview)

    def show_review(self, session_id: str) -> None:
        try:
            self.review_screen.set_session(session_id)
        except FacilitatorError as exc:
            self.show_error("Cannot open the review round", str(exc))
            return
        current = self.stack.currentWidget()
        self._review_came_from = current if current not in (None, self.review_screen) \
            else self.home
        self.stack.setCurrentWidget(self.review_screen)

    def show_search(self) -> None:
        current = self.stack.currentWidget()
        if current is not None and current is not self.search_screen:
            self._search_came_from = current
        self.stack.setCurrentWidget(self.search_screen)
        self.search_screen.start()

    def show_followup(self) -> None:
        self.followup_screen.start(self.home.current_team_id() or None)
        self.stack.setCurrentWidget(self.followup_screen)

    def _on_review_action_triggered(self) -> None:
        session_id = (self.capture_view.session_id
                      if self.stack.currentWidget() is self.capture_view
                      else self.home.current_session_id())
        if session_id:
            self.show_review(session_id)
        else:
            self.show_error("Review round", "Choose a session first.")

    def _back_from_review(self) -> None:
        if self._review_came_from is self.capture_view and self.capture_view.session_id:
            self.open_at_item(self.capture_view.session_id, "", "")
        else:
            self.show_home()

    def _back_from_search(self) -> None:
        if self._search_came_from is self.home or \
                self._search_came_from is self.search_screen:
            self.show_home()
        else:
            self.stack.setCurrentWidget(self._search_came_from)
