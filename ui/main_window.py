"""The main window: composes the screens (ui/routing.py shows them), the menus and buttons
made from the table of actions (ui/window_actions.py), the export flow and the backups
(ui/restore_flow.py). What a session may do is the core's (facilitator/routing.py); what
changed is broadcast, and each screen reloads itself."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QWidget,
)

from facilitator import __version__
from facilitator.changes import Changes, Topic
from facilitator.store.database import Database
from ui import database_switch, ops, window_actions, window_geometry
from ui.restore_flow import RestoreFlow
from ui.routing import Router
from ui.screens.home import HomeScreen
from ui.session_commands import SessionCommands
from ui.shortcuts_dialog import ShortcutsDialog
from ui.sync_flow import SyncFlow

if TYPE_CHECKING:
    from facilitator.clock import Clock
    from ui.database_switch import DatabaseSwitch
    from ui.export_flow import ExportFlow
    from ui.screens.backups import BackupsScreen
    from ui.screens.capture_view import CaptureView
    from ui.screens.followup import FollowUpScreen
    from ui.screens.ledger import LedgerScreen
    from ui.screens.planner import PlannerScreen
    from ui.screens.review import ReviewScreen
    from ui.screens.roster import RosterScreen
    from ui.screens.run import RunScreen
    from ui.screens.search import SearchScreen
    from ui.screens.session_overview import SessionOverview


class MainWindow(QMainWindow):
    """The window over one open database.

    Signals:
        database_restored(): a backup replaced the database's content.
    """

    database_restored = Signal()

    # One attribute per row of ui/window_actions.ACTIONS: ``<name>_action``.
    new_session_action: QAction
    team_action: QAction
    run_action: QAction
    home_action: QAction
    export_report_action: QAction
    export_data_action: QAction
    import_action: QAction
    new_database_action: QAction
    open_database_action: QAction
    backups_action: QAction
    backup_now_action: QAction
    team_folder_action: QAction
    sync_now_action: QAction
    quit_action: QAction
    search_action: QAction
    followup_action: QAction
    review_action: QAction
    roles_action: QAction
    ledger_action: QAction
    demo_action: QAction
    shortcuts_action: QAction
    about_action: QAction

    def __init__(self, database: Database, databases: DatabaseSwitch | None = None) -> None:
        super().__init__()
        self.database = database
        self.databases = databases  # New, Open, Open recent: the app's (ui/app.py), if any
        self.setWindowTitle(database_switch.window_title(database))
        window_geometry.fit_to_screen(self)  # app.py puts it back where it was last time
        self.stack = QStackedWidget()
        self.setCentralWidget(self.stack)
        self.home = HomeScreen(database)
        self.router = Router(self, database, self.stack, self.home)
        self._export_flow: ExportFlow | None = None  # made when first asked for
        self.restore_flow = RestoreFlow(self, database, self.router)
        self.backup_scheduler = self.restore_flow.scheduler  # found by back_up_after_session
        self.sync_flow = SyncFlow(database, is_running=self._session_running_here, parent=self)
        self.dialog: QWidget | None = None  # the New session dialog, while open
        # The window's seams, for scripts and tests: where to go is the router's.
        self.open_session = self.router.open_session
        self.run_session = self.router.run_session
        self.open_at_item = self.router.open_at_item
        self.show_home = self.router.show_home
        self.refresh_home = self.home.reload
        self.show_overview = self.router.show_overview
        self.show_review = self.router.show_review
        self.show_roster = self.router.show_roster
        self.show_backups = self.router.show_backups
        self.current_session_id = self.router.current_session_id
        self.offer_resume = self.router.offer_resume
        # Commands on what is chosen on screen (the menus and buttons call them by name).
        self.commands = SessionCommands(self)
        self.new_session = self.commands.new_session
        self.run_current_session = self.commands.run_current_session
        self.review_current_session = self.commands.review_current_session
        self.export_report = self.commands.export_report
        self.export_data = self.commands.export_data
        self.export_team_report = self.commands.export_team_report
        self.open_roles = self.commands.open_roles
        self.show_ledger = self.commands.show_ledger
        self._build_actions()
        self._connect()
        self._build_status_bar()
        self.show_home()
        QTimer.singleShot(0, self, self.offer_resume)
        self.sync_flow.start_after_paint(self)  # the team folders, once painted

    # ------------------------------------------------------------ composing
    def _build_actions(self) -> None:
        actions, menus = window_actions.build_menus(self, self.menuBar())
        for name, action in actions.items():
            setattr(self, f"{name}_action", action)
        self.file_menu = menus["&File"]
        database_switch.add_database_commands(self, self.databases)  # and File → Open recent
        buttons = window_actions.add_home_buttons(
            self.home.actions_row, self.home.open_button, actions
        )
        self.home_run_button = buttons["run"]
        self.backup_now_action.setEnabled(self.database.path is not None)
        writing = [r.name for r in window_actions.ACTIONS if r.writes]
        self.disable_when_read_only(
            *(actions[name] for name in writing),
            *(buttons[name] for name in writing if name in buttons),
        )

    def _connect(self) -> None:
        self.home.demo_requested.connect(self.demo_action.trigger)
        self.home.plan_requested.connect(self.commands.plan)
        self.home.join_requested.connect(self.join_team_folder)
        self.router.plan_requested.connect(self.new_session)
        self.router.next_session_requested.connect(self.commands.next_session)
        self.router.run_did_end.connect(self._on_router_run_did_end)
        self.router.report_requested.connect(self._on_report_requested)
        self.restore_flow.restore_did_finish.connect(self._on_restore_flow_restore_did_finish)
        self.stack.currentChanged.connect(self._on_stack_current_changed)
        self.sync_flow.status_did_change.connect(self._on_sync_flow_status_did_change)
        # A link, an unlink, a dismissed conflict, a restore: the home lines again, once shown.
        ops.follow(self.home, (Topic.TEAMS,), self._on_home_teams_changed, own=True)
        self.sync_flow.sync_did_finish.connect(self._on_sync_flow_sync_did_finish)

    def _build_status_bar(self) -> None:
        where = str(self.database.path) if self.database.path else "in memory"
        self.statusBar().showMessage(f"Database: {where}")
        self.read_only_banner = QLabel(f"Read-only: {self.read_only_reason}")
        self.read_only_banner.setProperty("role", "banner")
        self.read_only_banner.setAccessibleName("Read-only")
        self.read_only_banner.setToolTip("You can look at everything; changes are disabled.")
        self.statusBar().addPermanentWidget(self.read_only_banner)
        if self.read_only:
            self.home.set_read_only(self.read_only_reason)
        self._on_stack_current_changed()

    # ------------------------------------------------------------ screens, built on first use
    @property
    def overview(self) -> SessionOverview:
        return self.router.overview

    @property
    def planner(self) -> PlannerScreen:
        return self.router.planner

    @property
    def roster(self) -> RosterScreen:
        return self.router.roster

    @property
    def ledger(self) -> LedgerScreen:
        return self.router.ledger

    @property
    def backups(self) -> BackupsScreen:
        return self.router.backups

    @property
    def capture_view(self) -> CaptureView:
        return self.router.capture_view

    @property
    def review_screen(self) -> ReviewScreen:
        return self.router.review_screen

    @property
    def search_screen(self) -> SearchScreen:
        return self.router.search_screen

    @property
    def followup_screen(self) -> FollowUpScreen:
        return self.router.followup_screen

    @property
    def run_screen(self) -> RunScreen | None:
        return self.router.run_screen

    @property
    def run_clock(self) -> Clock | None:
        """The clock of the sessions run from here (tests pass a FakeClock)."""
        return self.router.run_clock

    @run_clock.setter
    def run_clock(self, clock: Clock | None) -> None:
        self.router.run_clock = clock

    # ------------------------------------------------------------ read-only
    @property
    def read_only(self) -> bool:
        """Whether the open database refuses changes; screens disable their editing."""
        return self.database.read_only

    @property
    def read_only_reason(self) -> str:
        """Why it is read-only, for banners and tooltips ("" when it is writable)."""
        return window_actions.read_only_reason(self.database)

    def disable_when_read_only(self, *widgets: QWidget | QAction) -> None:
        """Disable editing controls (or actions) on a read-only database, saying why."""
        window_actions.disable_when_read_only(self.read_only_reason, *widgets)

    def _on_stack_current_changed(self, _index: int = 0) -> None:
        """Keys that mean one thing per screen: Ctrl+F is left to a screen that searches
        within itself (the planner's format library), and Ctrl+E ends a running session
        on its run screen, so exporting waits until it has ended. Every screen but home
        (it has its own, larger one) shows the read-only banner."""
        current = self.stack.currentWidget()
        self.read_only_banner.setVisible(self.read_only and current is not self.home)
        own_search = current is not None and any(
            shortcut.key() == self.search_action.shortcut()
            for shortcut in current.findChildren(QShortcut)
        )
        self.search_action.setEnabled(not own_search)
        run_screen = self.router.run_screen
        running = (
            current is not None and current is run_screen and run_screen.end_action.isEnabled()
        )
        self.export_report_action.setEnabled(not running)
        self.export_data_action.setEnabled(not running)

    # ------------------------------------------------------------ actions
    def show_shortcuts(self) -> None:
        if self.run_screen is not None and self.stack.currentWidget() is self.run_screen:
            self.run_screen.show_help()
            return
        ShortcutsDialog(self.shortcuts_html(), self).exec()

    def shortcuts_html(self) -> str:
        """The window's keys, from the table the menus are made of, after the keys of the
        screen shown when it lists its own (``own_keys``)."""
        own = getattr(self.stack.currentWidget(), "own_keys", None)
        return window_actions.shortcuts_html(screen=own() if callable(own) else None)

    def show_about(self) -> None:
        where = str(self.database.path) if self.database.path else "in memory"
        QMessageBox.about(
            self,
            "About Facilitator",
            f"<b>Facilitator {__version__}</b><p>Distributed-leadership workshops: timed "
            "rounds, rotating roles, captured decisions and learnings, a print-ready "
            f"report. Works offline.</p><p>Your data: {where}</p>",
        )

    # ------------------------------------------------------------ what others did
    def add_demo_here(self) -> None:
        """The demo team and its workshops added to this database, the sample selected."""
        from facilitator import demo

        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            done = ops.run_op(self, "Could not add the demo", lambda: demo.add(self.database))
        finally:
            QApplication.restoreOverrideCursor()
        if done is None:
            return
        self._select_at_home(done.value)
        self.statusBar().showMessage("Demo workshop added: open it with Enter.", 8000)

    @property
    def export_flow(self) -> ExportFlow:
        """Reports, exports and imports: made (and its module loaded) when first used."""
        if self._export_flow is None:
            from ui.export_flow import ExportFlow

            self._export_flow = ExportFlow(self.database, self)
            self._export_flow.import_did_finish.connect(self._on_export_flow_import_did_finish)
        return self._export_flow

    def _on_report_requested(self, session_id: str) -> None:
        self.export_flow.export_report(session_id)

    def _on_export_flow_import_did_finish(self, session_id: str, message: str) -> None:
        self._select_at_home(session_id)
        self.statusBar().showMessage(message, 20000)

    def _select_at_home(self, session_id: str) -> None:
        """Show the list (it reloads as it is shown) with this session selected."""
        self.show_home()
        self.home.select_session(session_id)

    def _on_router_run_did_end(self, session_id: str) -> None:
        self._on_stack_current_changed()  # the report can be exported from here now
        self.statusBar().showMessage(
            "Session finished; everything is saved. Ctrl+E exports the report.", 15000
        )
        self.backup_scheduler.session_did_end(session_id)
        self.sync_flow.session_did_end(session_id)

    # ------------------------------------------------------------ the team folder
    def _session_running_here(self) -> bool:
        """A session runs on the run screen (started, not ended): syncs wait for its end."""
        from facilitator.timer_view import TimerState

        screen = self.router.run_screen
        return screen is not None and screen.run.timer.state not in (
            TimerState.NOT_STARTED,
            TimerState.FINISHED,
        )

    def open_team_folder(self, *, join: bool = False) -> None:
        """File → Team folder…: link the team chosen at home to a folder, join one, unlink;
        ``join``: ready to join, the folder picker open (the empty home screen's choice)."""
        from ui.screens.team_folder_dialog import TeamFolderDialog

        team_id = self.home.current_team_id() or None
        dialog = TeamFolderDialog(
            self.database, self.sync_flow, team_id, join_first=join, parent=self
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)  # its connections go with it
        dialog.exec()

    def join_team_folder(self) -> None:
        """The empty home screen's third choice: the team another laptop shares."""
        self.open_team_folder(join=True)

    def _on_sync_flow_status_did_change(self) -> None:
        self.home.set_sync_status(self.sync_flow.status_lines())

    def _on_home_teams_changed(self, _changes: Changes) -> None:
        self._on_sync_flow_status_did_change()

    def _on_sync_flow_sync_did_finish(self, _team_id: str, line: str) -> None:
        self.statusBar().showMessage(line, 10000)

    def _on_restore_flow_restore_did_finish(self) -> None:
        self.router.discard_run_screen()  # its session may now read differently
        self.database_restored.emit()
        self.show_home()
