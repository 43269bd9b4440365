"""The main window: composes the screens and routes between them; decides nothing itself."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
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
from ui.screens.home import HomeScreen
from ui.screens.session_overview import SessionOverview

if TYPE_CHECKING:
    from collections.abc import Callable

    from facilitator.clock import Clock
    from ui.screens.backups import BackupsScreen
    from ui.screens.capture_view import CaptureView
    from ui.screens.followup import FollowUpScreen
    from ui.screens.ledger import LedgerScreen
    from ui.screens.planner import PlannerScreen
    from ui.screens.review import ReviewScreen
    from ui.screens.roster import RosterScreen
    from ui.screens.run import RunScreen
    from ui.screens.search import SearchScreen

log = logging.getLogger(__name__)


def _plain(text: str) -> str:
    """A menu text without its mnemonic marks ("Team && roles…" reads "Team & roles…")."""
    return text.replace("&&", "\x00").replace("&", "").replace("\x00", "&")


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
        self._add_planning()
        self._install_run()
        self._build_capture_screens()
        self._init_safety()
        self._add_rota()
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
        self.home.show_data(teams.list_teams(self.database), sessions.list_sessions(self.database))

    def open_session(self, session_id: str) -> None:
        if (
            self._open_if_running(session_id)
            or self._open_in_planner(session_id)
            or self._open_finished_session(session_id)
        ):
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
        if self.run_screen is not None and self.stack.currentWidget() is self.run_screen:
            self.run_screen.show_help()
            return
        QMessageBox.information(self, "Keyboard shortcuts", self.shortcuts_html())

    def shortcuts_html(self) -> str:
        """The window's keys, read from the menus' actions so the list never falls behind."""
        import html

        def row(keys: str, text: str) -> str:
            return f"<tr><td><b>{html.escape(keys)}</b></td><td>{html.escape(text)}</td></tr>"

        rows: list[str] = []
        for menu_action in self.menuBar().actions():
            menu = menu_action.menu()
            if menu is None:
                continue
            entries = [a for a in menu.actions() if not a.isSeparator() and a.shortcuts()]
            if not entries:
                continue
            title = _plain(menu_action.text())
            rows.append(f"<tr><td colspan='2'><br><i>{html.escape(title)} menu</i></td></tr>")
            for action in entries:
                keys = " · ".join(
                    k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts()
                )
                rows.append(row(keys, _plain(action.text())))
        rows.append("<tr><td colspan='2'><br><i>On the screens</i></td></tr>")
        for keys, text in (
            ("Enter", "Open the selected session"),
            ("Ctrl+L", "Go to the session list"),
            ("Esc · Alt+Left", "Back"),
        ):
            rows.append(row(keys, text))
        return (
            "<table cellpadding='3'>" + "".join(rows) + "</table>"
            "<p>While a session runs, press <b>?</b> or <b>F1</b> on the run screen for "
            "its own keys (Space, N, S, P, …).<br>Every screen's keys are in the "
            "keyboard cheat sheet, <b>docs/keyboard.md</b>.</p>"
        )

    def _show_about(self) -> None:
        where = str(self.database.path) if self.database.path else "in memory"
        QMessageBox.about(
            self,
            "About Facilitator",
            f"<b>Facilitator {__version__}</b><p>Distributed-leadership workshops: timed "
            "rounds, rotating roles, captured decisions and learnings, a print-ready "
            f"report. Works offline.</p><p>Your data: {where}</p>",
        )

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        self.home_action = QAction(
            "&Workshops", self, shortcut=QKeySequence("Ctrl+1"), triggered=self.show_home
        )
        file_menu.addAction(self.home_action)
        file_menu.addSeparator()
        quit_action = QAction(
            "&Quit", self, shortcut=QKeySequence.StandardKey.Quit, triggered=self.close
        )
        quit_action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        file_menu.addAction(quit_action)
        # Found by identity: some platforms have no standard Quit key to look it up by.
        self.quit_action = quit_action
        self.file_menu = file_menu
        help_menu = self.menuBar().addMenu("&Help")
        help_menu.addAction(
            QAction(
                "&Keyboard shortcuts",
                self,
                shortcut=QKeySequence("F1"),
                triggered=self._show_shortcuts,
            )
        )
        help_menu.addAction(QAction("&About Facilitator", self, triggered=self._show_about))

    # ------------------------------------------------------------ planning
    def _add_planning(self) -> None:
        """Team & roles and the planner, reached by New session… (Ctrl+N), Team & roles…
        (Ctrl+T), and by opening a planned session."""
        from PySide6.QtWidgets import QPushButton

        # Both screens are built on first use (see the properties below): the planner
        # loads the format library, and neither is needed to paint the window.
        self._planner: PlannerScreen | None = None
        self._roster: RosterScreen | None = None
        self.dialog: QWidget | None = None
        self.new_session_action = QAction(
            "&New session…",
            self,
            shortcut=QKeySequence("Ctrl+N"),
            triggered=lambda: self.new_session(),
        )
        self.team_action = QAction(
            "&Team && roles…",
            self,
            shortcut=QKeySequence("Ctrl+T"),
            triggered=lambda: self.show_roster(),
        )
        first = self.file_menu.actions()[0] if self.file_menu.actions() else None
        self.file_menu.insertActions(first, [self.new_session_action, self.team_action])
        self.file_menu.insertSeparator(first)
        new_button = QPushButton("&New session…")
        new_button.setToolTip("Plan a new session for the selected team (Ctrl+N)")
        new_button.clicked.connect(lambda: self.new_session())
        team_button = QPushButton("&Team && roles…")
        team_button.setToolTip("The team's roster and role catalogue (Ctrl+T)")
        team_button.clicked.connect(lambda: self.show_roster())
        self.home.actions_row.insertWidget(0, new_button)
        self.home.actions_row.insertWidget(1, team_button)
        self.home.plan_requested.connect(lambda: self.new_session())

    @property
    def planner(self) -> PlannerScreen:
        if self._planner is None:
            from ui.screens.planner import PlannerScreen

            self._planner = PlannerScreen(self.database)
            self._planner.back_requested.connect(self.show_home)
            self._planner.session_created.connect(self._on_planner_session_created)
            self.stack.addWidget(self._planner)
        return self._planner

    @property
    def roster(self) -> RosterScreen:
        if self._roster is None:
            from ui.screens.roster import RosterScreen

            self._roster = RosterScreen(self.database)
            self._roster.back_requested.connect(self.show_home)
            self._roster.plan_requested.connect(self.new_session)
            self.stack.addWidget(self._roster)
        return self._roster

    def _open_in_planner(self, session_id: str) -> bool:
        """Planned sessions open in the planner; the others go on to their own screens."""
        from facilitator.model import SessionStatus

        try:
            session = sessions.get_session(self.database, session_id)
            if session.status is not SessionStatus.PLANNED:
                return False
            self.planner.load(session_id)
        except FacilitatorError:
            return False
        self.stack.setCurrentWidget(self.planner)
        self.planner.tree.setFocus()
        return True

    def new_session(self, team_id: str | None = None) -> None:
        """Ask for a title and a starting agenda, then plan it; create a team first if none."""
        from ui.screens.new_session import NewSessionDialog

        all_teams = teams.list_teams(self.database)
        if not all_teams:
            self.show_roster()
            self.statusBar().showMessage(
                "Name your team first; then plan a session (Ctrl+N).", 10000
            )
            return
        chosen = team_id or self.home.current_team_id() or None
        if (
            self._roster is not None
            and self.stack.currentWidget() is self._roster
            and self._roster.team
            and not team_id
        ):
            chosen = self.roster.team.id
        dialog = NewSessionDialog(self.database, chosen or all_teams[0].id, parent=self)
        dialog.created.connect(self._on_planner_session_created)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = dialog
        dialog.open()

    def _on_planner_session_created(self, session_id: str) -> None:
        self.refresh_home()
        self.open_session(session_id)

    def show_roster(self, team_id: str | None = None) -> None:
        self.roster.load(team_id or self.home.current_team_id() or None)
        self.stack.setCurrentWidget(self.roster)
        if self.roster.team:
            self.roster.add_name.setFocus()

    # ------------------------------------------------------------ running a session
    # The run screen is made per session; ``run_clock`` lets tests pass a FakeClock, and
    # ``make_run_side_panel(session_id)`` may give the panel shown beside the timer.
    run_clock: Clock | None = None
    make_run_side_panel: Callable[[str], QWidget | None] | None = None

    def _install_run(self) -> None:
        from PySide6.QtCore import QTimer
        from PySide6.QtWidgets import QPushButton

        self.run_screen: RunScreen | None = None
        self.run_action = QAction("&Run session", self, shortcut=QKeySequence("Ctrl+R"))
        self.run_action.triggered.connect(self._on_run_action_triggered)
        self.file_menu.insertAction(self.home_action, self.run_action)
        self.home_run_button = QPushButton("&Run session")
        self.home_run_button.setToolTip("Run the selected session (Ctrl+R)")
        self.home_run_button.clicked.connect(self._on_run_action_triggered)
        self.home.actions_row.insertWidget(
            self.home.actions_row.indexOf(self.home.open_button), self.home_run_button
        )
        self.overview_run_button = QPushButton("▶ Run session")
        self.overview_run_button.setAccessibleName("Run this session")
        self.overview_run_button.setToolTip("Run this session (Ctrl+R)")
        self.overview_run_button.clicked.connect(self._on_run_action_triggered)
        self.overview.toolbar.addWidget(self.overview_run_button)
        QTimer.singleShot(0, self, self.offer_resume)

    def _on_run_action_triggered(self) -> None:
        current = self.stack.currentWidget()
        planner = self._planner
        if current is self.overview and self.overview.record is not None:
            session_id: str | None = self.overview.record.session.id
        elif planner is not None and current is planner and planner.session is not None:
            session_id = planner.session.id
        elif self.run_screen is not None and self.stack.currentWidget() is self.run_screen:
            return
        else:
            session_id = self.home.current_session_id()
        if not session_id:
            self.show_error("Run a session", "Choose a session to run first.")
            return
        self.run_session(session_id)

    def _open_if_running(self, session_id: str) -> bool:
        """A running session opens on its run screen, where it was left."""
        from facilitator.model import SessionStatus

        try:
            status = sessions.get_session(self.database, session_id).status
        except FacilitatorError:
            return False
        if status is not SessionStatus.RUNNING:
            return False
        return self.run_session(session_id)

    def run_session(self, session_id: str) -> bool:
        """Show the run screen for this session (planned or running); False if refused."""
        from facilitator.model import SessionStatus
        from ui.screens.run import RunScreen

        if self.run_screen is not None and self.run_screen.session_id == session_id:
            self.stack.setCurrentWidget(self.run_screen)
            self.run_screen.setFocus()
            return True
        try:
            session = sessions.get_session(self.database, session_id)
            if session.status is SessionStatus.FINISHED:
                self.show_error(
                    "The session has finished",
                    f"“{session.title}” has already been run. Open it to see what was recorded.",
                )
                return False
            if self.database.read_only:
                self.show_error(
                    "Cannot run the session",
                    "The database is open read-only, so nothing could be saved.",
                )
                return False
            side = self.make_run_side_panel(session_id) if self.make_run_side_panel else None
            screen = RunScreen(self.database, session_id, clock=self.run_clock, side_panel=side)
        except FacilitatorError as exc:
            self.show_error("Cannot run the session", str(exc))
            return False
        if self.run_screen is not None:
            old, self.run_screen = self.run_screen, None
            old.shutdown()
            self.stack.removeWidget(old)
            old.deleteLater()
        self.run_screen = screen
        screen.back_requested.connect(self.show_home)
        screen.session_did_end.connect(self._on_run_screen_session_did_end)
        self.stack.addWidget(screen)
        self.stack.setCurrentWidget(screen)
        screen.setFocus()
        return True

    def _on_run_screen_session_did_end(self, session_id: str) -> None:
        self._on_stack_export_current_changed()  # the report can be exported from here now
        self.statusBar().showMessage(
            "Session finished; everything is saved. Ctrl+E exports the report.", 15000
        )
        self.backup_scheduler.session_did_end(session_id)

    def offer_resume(self) -> None:
        """On start: a session left running (closed or crashed mid-session) is offered."""
        from facilitator.store import runs

        if self.database.read_only:
            return
        running = runs.running_session_ids(self.database)
        if not running:
            return
        title = sessions.get_session(self.database, running[0]).title
        answer = QMessageBox.question(
            self,
            "Resume the session?",
            f"“{title}” was still running when Facilitator closed. Resume it "
            "where it was? The round's time counted on while the app was closed.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.Yes,
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.run_session(running[0])

    # ------------------------------------------------------------ data safety
    def _init_safety(self) -> None:
        """Backups (screen, automatic scheduler, menu) and the read-only banner."""
        from ui.backup_scheduler import BackupScheduler

        self._backups: BackupsScreen | None = None  # built on first use
        self.backup_scheduler = BackupScheduler(self.database, parent=self)
        self.backup_scheduler.backup_done.connect(self._on_backup_scheduler_backup_done)
        self.backup_scheduler.backup_failed.connect(self._on_backup_scheduler_backup_failed)

        self.backups_action = QAction("&Backups…", self, shortcut=QKeySequence("Ctrl+Shift+B"))
        self.backups_action.triggered.connect(self.show_backups)
        self.backup_now_action = QAction("Back &up now", self)
        self.backup_now_action.triggered.connect(self._on_backups_backup_requested)
        self.file_menu.insertActions(
            self.quit_action, [self.backups_action, self.backup_now_action]
        )
        self.file_menu.insertSeparator(self.quit_action)
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
        self.disable_when_read_only(
            *(
                getattr(self, name)
                for name in (
                    "new_session_action",
                    "run_action",
                    "home_run_button",
                    "overview_run_button",
                )
                if getattr(self, name, None) is not None
            )
        )
        from PySide6.QtWidgets import QPushButton

        # The home screen's own "New session…" button (added by the planning block).
        self.disable_when_read_only(
            *(b for b in self.home.findChildren(QPushButton) if b.text() == "&New session…")
        )

    @property
    def backups(self) -> BackupsScreen:
        if self._backups is None:
            from ui.screens.backups import BackupsScreen

            self._backups = BackupsScreen()
            self._backups.set_database(self.database.path, self.read_only_reason)
            self._backups.back_requested.connect(self.show_home)
            self._backups.backup_requested.connect(self._on_backups_backup_requested)
            self._backups.restore_requested.connect(self._on_backups_restore_requested)
            self.stack.addWidget(self._backups)
        return self._backups

    def _on_stack_current_changed(self, _index: int = 0) -> None:
        # Every screen shows the read-only banner; home has its own, larger one.
        self.read_only_banner.setVisible(
            self.read_only and self.stack.currentWidget() is not self.home
        )

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

    def disable_when_read_only(self, *widgets: QWidget | QAction) -> None:
        """Disable editing controls (or actions) on a read-only database, saying why."""
        if not self.read_only:
            return
        for widget in widgets:
            widget.setEnabled(False)
            widget.setToolTip(
                f"The database is open read-only ({self.read_only_reason}); changes are disabled."
            )

    def show_backups(self) -> None:
        self.backups.refresh()
        self.stack.setCurrentWidget(self.backups)
        self.backups.table.setFocus()

    def _on_backups_backup_requested(self) -> None:
        if self.backup_scheduler.back_up_now("manual") or self.backup_scheduler.busy:
            self.backups.set_busy("Making a backup…")
            self.statusBar().showMessage("Making a backup…")

    def _on_backup_scheduler_backup_done(self, path: str) -> None:
        self.statusBar().showMessage(f"Backup saved: {path}", 8000)
        if self._backups is not None:
            self._backups.set_busy("")
            if self.stack.currentWidget() is self._backups:
                self._backups.refresh()

    def _on_backup_scheduler_backup_failed(self, message: str) -> None:
        log.warning("Backup failed: %s", message)
        self.statusBar().showMessage(f"Backup failed: {message}")
        if self._backups is not None:
            self._backups.set_busy("")
            if self.stack.currentWidget() is self._backups:
                self.show_error("Could not back up", message)

    def _on_backups_restore_requested(self, path: str) -> None:
        from facilitator import backup

        if self.read_only:
            self.show_error(
                "Cannot restore",
                f"The database is open read-only ({self.read_only_reason}); nothing was changed.",
            )
            return
        info = self.backups.current_backup()
        when = info.describe() if info and str(info.path) == path else Path(path).name
        running = backup.running_session_ids(self.database)
        warning = (
            "\n\nA session is running; it goes back to how the backup has it." if running else ""
        )
        answer = QMessageBox.question(
            self,
            "Restore this backup?",
            f"Replace everything in {self.database.path.name if self.database.path else ''} "
            f"with the backup from {when}?\n\nWhat the database holds now is backed up "
            f"first, so you can come back to it.{warning}",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
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
        if self.run_screen is not None:  # its session may now read differently
            old, self.run_screen = self.run_screen, None
            old.shutdown()
            self.stack.removeWidget(old)
            old.deleteLater()
        self.database_restored.emit()
        self.show_home()
        self.statusBar().showMessage(
            f"Restored the backup from {when}. What the database held before is in {safety.name}.",
            15000,
        )

    # ------------------------------------------------------------ roles and the ledger
    def _add_rota(self) -> None:
        """The Roles menu: a session's roles (Ctrl+Shift+R) and a team's ledger (Ctrl+G)."""
        from PySide6.QtWidgets import QPushButton

        self._ledger: LedgerScreen | None = None  # built on first use
        menu = self.menuBar().addMenu("&Roles")
        self.roles_action = QAction("&Roles for this session…", self)
        self.roles_action.setShortcut(QKeySequence("Ctrl+Shift+R"))
        self.roles_action.triggered.connect(self._on_roles_action_triggered)
        self.ledger_action = QAction("Leadership &ledger", self)
        self.ledger_action.setShortcut(QKeySequence("Ctrl+G"))
        self.ledger_action.triggered.connect(self._on_ledger_action_triggered)
        menu.addAction(self.roles_action)
        menu.addAction(self.ledger_action)
        help_action = next((a for a in self.menuBar().actions() if a.text() == "&Help"), None)
        if help_action is not None:  # keep Help last
            self.menuBar().insertMenu(help_action, menu)
        for text, action in (("Roles…", self.roles_action), ("Ledger", self.ledger_action)):
            button = QPushButton(text)
            button.setToolTip(f"{action.text().replace('&', '')} ({action.shortcut().toString()})")
            button.clicked.connect(action.trigger)
            self.home.actions_row.insertWidget(self.home.actions_row.count() - 1, button)

    @property
    def ledger(self) -> LedgerScreen:
        if self._ledger is None:
            from ui.screens.ledger import LedgerScreen

            self._ledger = LedgerScreen(self.database)
            self._ledger.back_requested.connect(self.show_home)
            self.stack.addWidget(self._ledger)
        return self._ledger

    def _selected_session_id(self) -> str | None:
        """The session on screen, else the one selected at home."""
        return self.current_session_id()

    def _on_roles_action_triggered(self) -> None:
        from ui.screens.session_roles import SessionRolesDialog

        session_id = self._selected_session_id()
        if not session_id:
            self.show_error(
                "No session chosen",
                "Choose a session in the list first, then open its roles with Ctrl+Shift+R.",
            )
            return
        dialog = SessionRolesDialog(self.database, session_id, parent=self)
        dialog.exec()
        current = self.stack.currentWidget()
        run_screen = getattr(self, "run_screen", None)
        if current is self.overview:
            self.open_session(session_id)
        elif run_screen is not None and current is run_screen:
            run_screen.run.reload_assignments()  # a holder left or a role moved on
            run_screen.refresh()
        else:
            self.refresh_home()

    def _on_ledger_action_triggered(self) -> None:
        team_id = self.home.current_team_id()
        if not team_id:
            session_id = self._selected_session_id()
            if session_id:
                team_id = sessions.get_session(self.database, session_id).team_id
        if not team_id:
            known = teams.list_teams(self.database)
            if len(known) != 1:
                self.show_error(
                    "No team chosen",
                    "Choose a team or one of its sessions first, then open its ledger with Ctrl+G.",
                )
                return
            team_id = known[0].id
        if self.ledger.show_team(team_id):
            self.stack.setCurrentWidget(self.ledger)

    # ------------------------------------------------------------ capture, review, search
    def _build_capture_screens(self) -> None:
        """The capture view, review round, search (Ctrl+F) and follow-up (Ctrl+U)."""
        # The four screens are built the first time they are shown (properties below).
        self._capture_view: CaptureView | None = None
        self._review_screen: ReviewScreen | None = None
        self._search_screen: SearchScreen | None = None
        self._followup_screen: FollowUpScreen | None = None
        self._search_came_from: QWidget = self.home
        self._review_came_from: QWidget = self.home

        self.search_action = QAction(
            "&Search…", self, shortcut=QKeySequence("Ctrl+F"), triggered=self.show_search
        )
        self.followup_action = QAction(
            "&Follow-up…", self, shortcut=QKeySequence("Ctrl+U"), triggered=self.show_followup
        )
        self.review_action = QAction(
            "&Review round…", self, triggered=self._on_review_action_triggered
        )
        go_menu = QMenu("&Go", self)
        for action in (self.search_action, self.followup_action, self.review_action):
            go_menu.addAction(action)
        bar_actions = self.menuBar().actions()
        after_file = bar_actions.index(self.file_menu.menuAction()) + 1
        if after_file < len(bar_actions):
            self.menuBar().insertMenu(bar_actions[after_file], go_menu)
        else:
            self.menuBar().addMenu(go_menu)
        row = self.home.actions_row
        spacer = next((i for i in range(row.count()) if row.itemAt(i).spacerItem()), 0)
        for text, action in (
            ("Follow-up  (Ctrl+U)", self.followup_action),
            ("Search  (Ctrl+F)", self.search_action),
        ):
            button = QPushButton(text)
            button.setAccessibleName(text.split("  ")[0])
            button.clicked.connect(action.trigger)
            row.insertWidget(spacer, button)  # after the other buttons on the left
        # The run screen shows the capture panel beside its timer, following its phases.
        self.make_run_side_panel = self._make_capture_side_panel
        self.stack.currentChanged.connect(self._on_stack_current_changed_capture)

    @property
    def capture_view(self) -> CaptureView:
        if self._capture_view is None:
            from ui.screens.capture_view import CaptureView

            self._capture_view = CaptureView(self.database)
            self.stack.addWidget(self._capture_view)
            self._capture_view.back_requested.connect(self.show_home)
            self._capture_view.overview_requested.connect(self.show_overview)
            self._capture_view.review_requested.connect(self.show_review)
        return self._capture_view

    @property
    def review_screen(self) -> ReviewScreen:
        if self._review_screen is None:
            from ui.screens.review import ReviewScreen

            self._review_screen = ReviewScreen(self.database)
            self.stack.addWidget(self._review_screen)
            self._review_screen.back_requested.connect(self._back_from_review)
        return self._review_screen

    @property
    def search_screen(self) -> SearchScreen:
        if self._search_screen is None:
            from ui.screens.search import SearchScreen

            self._search_screen = SearchScreen(self.database)
            self.stack.addWidget(self._search_screen)
            self._search_screen.back_requested.connect(self._back_from_search)
            self._search_screen.open_requested.connect(self.open_at_item)
        return self._search_screen

    @property
    def followup_screen(self) -> FollowUpScreen:
        if self._followup_screen is None:
            from ui.screens.followup import FollowUpScreen

            self._followup_screen = FollowUpScreen(self.database)
            self.stack.addWidget(self._followup_screen)
            self._followup_screen.back_requested.connect(self.show_home)
            self._followup_screen.open_requested.connect(self.open_at_item)
        return self._followup_screen

    def _make_capture_side_panel(self, session_id: str) -> QWidget:
        from ui.screens.capture_panel import CapturePanel

        panel = CapturePanel(self.database, clock=self.run_clock)
        panel.set_context(session_id, None)
        return panel

    def _on_stack_current_changed_capture(self, _index: int) -> None:
        """Tie a new run screen's capture panel to its phases (once per run screen); leave
        Ctrl+F to a screen that searches within itself (the planner's format library)."""
        current = self.stack.currentWidget()
        own_search = current is not None and any(
            shortcut.key() == self.search_action.shortcut()
            for shortcut in current.findChildren(QShortcut)
        )
        self.search_action.setEnabled(not own_search)
        screen = getattr(self, "run_screen", None)
        if screen is None or self.stack.currentWidget() is not screen:
            return
        from ui.screens.capture_panel import CapturePanel

        panel = getattr(screen, "side_panel", None)
        if not isinstance(panel, CapturePanel) or panel.property("follows_run"):
            return
        panel.setProperty("follows_run", True)
        panel.take_kind_keys(screen)  # Ctrl+1…5 anywhere on the run screen: capture
        session_id = screen.session_id
        screen.phase_did_change.connect(lambda phase_id: panel.set_context(session_id, phase_id))
        panel.review_requested.connect(
            lambda sid, phase_id: self.show_review(sid, phase_id or None)
        )
        panel.set_context(session_id, screen.run.timer.phase.id)

    def _open_finished_session(self, session_id: str) -> bool:
        """A finished session opens in the capture view (its overview is one key away)."""
        try:
            finished = (
                sessions.get_session(self.database, session_id).status is SessionStatus.FINISHED
            )
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

    def show_review(self, session_id: str, phase_id: str | None = None) -> None:
        try:
            self.review_screen.set_session(session_id, phase_id)
        except FacilitatorError as exc:
            self.show_error("Cannot open the review round", str(exc))
            return
        current = self.stack.currentWidget()
        self._review_came_from = (
            current if current not in (None, self._review_screen) else self.home
        )
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
        session_id = self.current_session_id()
        if session_id:
            self.show_review(session_id)
        else:
            self.show_error("Review round", "Choose a session first.")

    def _back_from_review(self) -> None:
        came_from = self._review_came_from
        view = self._capture_view
        if view is not None and came_from is view and view.session_id:
            self.open_at_item(view.session_id, "", "")
        elif came_from is not None and came_from is getattr(self, "run_screen", None):
            from ui.screens.capture_panel import CapturePanel

            panel = getattr(came_from, "side_panel", None)
            if isinstance(panel, CapturePanel):
                panel.refresh()  # the learnings recorded in the review are this session's
            self.stack.setCurrentWidget(came_from)  # back to the round in progress
        elif came_from is self.overview and self.overview.record is not None:
            self.show_overview(self.overview.record.session.id)  # reviews change statuses
        elif came_from is not self.home and self.stack.indexOf(came_from) >= 0:
            self.stack.setCurrentWidget(came_from)  # e.g. the planner of the next session
            came_from.setFocus()
        else:
            self.show_home()

    def _back_from_search(self) -> None:
        if self._search_came_from is self.home or self._search_came_from is self._search_screen:
            self.show_home()
        else:
            self.stack.setCurrentWidget(self._search_came_from)

    # ------------------------------------------------------------ reports and interchange
    def _add_exporting(self) -> None:
        """Export report… (Ctrl+E), Export data… (Ctrl+Shift+E) and Import session… (Ctrl+I)
        in the File menu; the slow work runs on a worker (ui/export_flow.py)."""
        from ui.export_flow import ExportFlow

        self.export_flow = ExportFlow(self.database, self)
        self.export_flow.session_imported.connect(self._on_export_flow_session_imported)
        self.overview.report_requested.connect(self.export_flow.export_report)
        self.export_report_action = QAction(
            "Export &report…",
            self,
            shortcut=QKeySequence("Ctrl+E"),
            triggered=self._on_export_report_triggered,
        )
        self.export_data_action = QAction(
            "Export &data…",
            self,
            shortcut=QKeySequence("Ctrl+Shift+E"),
            triggered=self._on_export_data_triggered,
        )
        self.import_action = QAction(
            "&Import session…",
            self,
            shortcut=QKeySequence("Ctrl+I"),
            triggered=self.export_flow.import_session,
        )
        self.import_action.setEnabled(not self.database.read_only)
        # Between the session entries and the backups: File reads New, Run, Export,
        # Backups, Quit, each group once.
        before = self.backups_action if hasattr(self, "backups_action") else self.quit_action
        self.file_menu.insertActions(
            before, [self.export_report_action, self.export_data_action, self.import_action]
        )
        self.file_menu.insertSeparator(before)
        self.stack.currentChanged.connect(self._on_stack_export_current_changed)

    def _on_stack_export_current_changed(self, _index: int = 0) -> None:
        # The run screen uses Ctrl+E to end the session; exporting waits until it ended.
        screen = getattr(self, "run_screen", None)
        running = (
            screen is not None
            and self.stack.currentWidget() is screen
            and screen.end_action.isEnabled()
        )
        self.export_report_action.setEnabled(not running)
        self.export_data_action.setEnabled(not running)

    def current_session_id(self) -> str | None:
        """The session on screen (overview, planner, run, captures, review), else the one
        selected in the list: every session command acts on what the user is looking at."""
        current = self.stack.currentWidget()
        if current is self.overview and self.overview.record is not None:
            return self.overview.record.session.id
        planner = self._planner  # screens not built yet are not on screen either
        if current is planner and planner is not None and planner.session is not None:
            return planner.session.id
        if current is getattr(self, "run_screen", None) and current is not None:
            return str(current.session_id)
        if current is not None and current in (self._capture_view, self._review_screen):
            session_id = getattr(current, "session_id", None)
            if session_id:
                return str(session_id)
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
