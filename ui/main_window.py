"""The main window: composes the screens and routes between them; decides nothing itself."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QWidget,
)

from facilitator import __version__, record
from facilitator.errors import FacilitatorError
from facilitator.store import sessions, teams
from facilitator.store.database import Database
from ui.screens.home import HomeScreen
from ui.screens.session_overview import SessionOverview

log = logging.getLogger(__name__)


class MainWindow(QMainWindow):
    """The window: a stack of screens over one open database.

    Signals:
        database_restored(): a backup replaced the database's content; screens reload.
    """

    database_restored = Signal()

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
        self._init_safety()
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

    # ------------------------------------------------------------ data safety
    def _init_safety(self) -> None:
        """Backups (screen, automatic scheduler, menu) and the read-only banner."""
        from ui.backup_scheduler import BackupScheduler
        from ui.screens.backups import BackupsScreen

        self.backups = BackupsScreen()
        self.backups.set_database(self.database.path, self.read_only_reason)
        self.backups.back_requested.connect(self.show_home)
        self.backups.backup_requested.connect(self._on_backups_backup_requested)
        self.backups.restore_requested.connect(self._on_backups_restore_requested)
        self.stack.addWidget(self.backups)
        self.backup_scheduler = BackupScheduler(self.database, parent=self)
        self.backup_scheduler.backup_done.connect(self._on_backup_scheduler_backup_done)
        self.backup_scheduler.backup_failed.connect(self._on_backup_scheduler_backup_failed)

        self.backups_action = QAction("&Backups…", self, shortcut=QKeySequence("Ctrl+Shift+B"))
        self.backups_action.triggered.connect(self.show_backups)
        self.backup_now_action = QAction("Back &up now", self)
        self.backup_now_action.triggered.connect(self._on_backups_backup_requested)
        quit_action = next((a for a in self.file_menu.actions()
                            if a.shortcut() == QKeySequence(QKeySequence.StandardKey.Quit)),
                           None)
        if quit_action is None:
            self.file_menu.addActions([self.backups_action, self.backup_now_action])
        else:
            self.file_menu.insertActions(quit_action, [self.backups_action,
                                                       self.backup_now_action])
            self.file_menu.insertSeparator(quit_action)
        self.backup_now_action.setEnabled(self.database.path is not None)

        self.read_only_banner = QLabel()
        self.read_only_banner.setProperty("role", "banner")
        self.read_only_banner.setAccessibleName("Read-only")
        self.statusBar().addPermanentWidget(self.read_only_banner)
        self.read_only_banner.setText(f"Read-only: {self.read_only_reason}")
        self.read_only_banner.setToolTip("You can look at everything; changes are disabled.")
        self.stack.currentChanged.connect(self._on_stack_current_changed)
        self._on_stack_current_changed()
        if self.read_only:
            self.setWindowTitle("Facilitator — read-only")

    def _on_stack_current_changed(self, _index: int = 0) -> None:
        # Every screen shows the read-only banner; home has its own, larger one.
        self.read_only_banner.setVisible(self.read_only
                                         and self.stack.currentWidget() is not self.home)

    @property
    def read_only(self) -> bool:
        """Whether the open database refuses changes; screens disable their editing."""
        return self.database.read_only

    @property
    def read_only_reason(self) -> str:
        """Why it is read-only, for banners and tooltips ("" when it is writable)."""
        if not self.database.read_only:
            return ""
        return self.database.read_only_reason or "opened read-only"

    def disable_when_read_only(self, *widgets: QWidget) -> None:
        """Disable editing controls on a read-only database, with a tooltip saying why."""
        if not self.read_only:
            return
        for widget in widgets:
            widget.setEnabled(False)
            widget.setToolTip(f"The database is open read-only ({self.read_only_reason}); "
                              "changes are disabled.")

    def show_backups(self) -> None:
        self.backups.refresh()
        self.stack.setCurrentWidget(self.backups)
        self.backups.table.setFocus()

    def _on_backups_backup_requested(self) -> None:
        if self.backup_scheduler.back_up_now("manual") or self.backup_scheduler.busy:
            self.backups.set_busy("Making a backup…")
            self.statusBar().showMessage("Making a backup…")

    def _on_backup_scheduler_backup_done(self, path: str) -> None:
        self.backups.set_busy("")
        self.statusBar().showMessage(f"Backup saved: {path}", 8000)
        if self.stack.currentWidget() is self.backups:
            self.backups.refresh()

    def _on_backup_scheduler_backup_failed(self, message: str) -> None:
        self.backups.set_busy("")
        log.warning("Backup failed: %s", message)
        self.statusBar().showMessage(f"Backup failed: {message}")
        if self.stack.currentWidget() is self.backups:
            self.show_error("Could not back up", message)

    def _on_backups_restore_requested(self, path: str) -> None:
        from facilitator import backup

        if self.read_only:
            self.show_error("Cannot restore", f"The database is open read-only "
                            f"({self.read_only_reason}); nothing was changed.")
            return
        info = self.backups.current_backup()
        when = info.describe() if info and str(info.path) == path else Path(path).name
        running = backup.running_session_ids(self.database)
        warning = ("\n\nA session is running; it goes back to how the backup has it."
                   if running else "")
        answer = QMessageBox.question(
            self, "Restore this backup?",
            f"Replace everything in {self.database.path.name if self.database.path else ''} "
            f"with the backup from {when}?\n\nWhat the database holds now is backed up "
            f"first, so you can come back to it.{warning}",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel)
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.backup_scheduler.stop()
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            safety = backup.restore_backup(self.database, path)
        except FacilitatorError as exc:
            QApplication.restoreOverrideCursor()
            log.warning("Restore of %s failed: %s", path, exc)
            self.show_error("Could not restore the backup", str(exc))
            return
        finally:
            if self.backup_scheduler.automatic:
                self.backup_scheduler.timer.start()
        QApplication.restoreOverrideCursor()
        log.info("Restored %s; the previous content is in %s", path, safety)
        self.database_restored.emit()
        self.show_home()
        self.statusBar().showMessage(
            f"Restored the backup from {when}. What the database held before is in "
            f"{safety.name}.", 15000)
