"""The main window: composes the screens and routes between them; decides nothing itself."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QMainWindow, QMessageBox, QStackedWidget, QWidget

from facilitator import __version__, record
from facilitator.errors import FacilitatorError
from facilitator.store import sessions, teams
from facilitator.store.database import Database
from ui.screens.home import HomeScreen
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
        self._add_exporting()
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

    # ------------------------------------------------------------ reports and interchange
    def _add_exporting(self) -> None:
        """Export report… (Ctrl+E), Export data… (Ctrl+Shift+E) and Import session… (Ctrl+I)
        in the File menu; the slow work runs on a worker (ui/export_flow.py)."""
        from ui.export_flow import ExportFlow

        self.export_flow = ExportFlow(self.database, self)
        self.export_flow.session_imported.connect(self._on_export_flow_session_imported)
        self.overview.report_requested.connect(self.export_flow.export_report)
        self.export_report_action = QAction("Export &report…", self,
                                            shortcut=QKeySequence("Ctrl+E"),
                                            triggered=self._on_export_report_triggered)
        self.export_data_action = QAction("Export &data…", self,
                                          shortcut=QKeySequence("Ctrl+Shift+E"),
                                          triggered=self._on_export_data_triggered)
        self.import_action = QAction("&Import session…", self,
                                     shortcut=QKeySequence("Ctrl+I"),
                                     triggered=self.export_flow.import_session)
        self.import_action.setEnabled(not self.database.read_only)
        quit_action = self.file_menu.actions()[-1] if self.file_menu.actions() else None
        self.file_menu.insertActions(quit_action, [self.export_report_action,
                                                   self.export_data_action,
                                                   self.import_action])
        self.file_menu.insertSeparator(quit_action)

    def current_session_id(self) -> str | None:
        """The session on screen, else the one selected in the list."""
        if self.stack.currentWidget() is self.overview and self.overview.record is not None:
            return self.overview.record.session.id
        return self.home.current_session_id()

    def _on_export_report_triggered(self) -> None:
        session_id = self.current_session_id()
        if session_id is None:
            self.show_error("Export report", "Select a session first.")
            return
        self.export_flow.export_report(session_id)

    def _on_export_data_triggered(self) -> None:
        session_id = self.current_session_id()
        if session_id is None:
            self.show_error("Export data", "Select a session first.")
            return
        self.export_flow.export_data(session_id)

    def _on_export_flow_session_imported(self, session_id: str) -> None:
        self.refresh_home()
        self.home.select_session(session_id)
        self.statusBar().showMessage("Session imported.", 8000)
