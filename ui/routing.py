"""Which screen the window shows, and the way back: each screen built the first time it is
needed, a session opened on the screen its status says (``facilitator.routing``), one run
screen at a time with its capture panel, and Back to the screen a screen was opened from.

Signals (Router):
    plan_requested(str): the team & roles screen asked to plan a session (the team's id).
    next_session_requested(str): a session's next steps asked to plan the team's next session
        (the earlier session's id, whose agenda it may start from).
    backup_requested(): the backups screen asked for a backup now.
    restore_requested(str): the backups screen asked to restore a backup (its path).
    run_did_end(str): the session on the run screen was ended (its id).
    report_requested(str): a finished run or a session's overview asked for its report (the
        session's id).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication, QMainWindow, QMessageBox, QStackedWidget, QWidget

from facilitator import planning, routing
from facilitator.changes import Changes, Topic
from facilitator.errors import FacilitatorError
from facilitator.routing import Opening
from facilitator.store.database import Database
from ui import ops
from ui.screens.home import HomeScreen
from ui.window_actions import read_only_reason

if TYPE_CHECKING:
    from facilitator.clock import Clock
    from ui.screens.backups import BackupsScreen
    from ui.screens.capture_panel import CapturePanel
    from ui.screens.capture_view import CaptureView
    from ui.screens.followup import FollowUpScreen
    from ui.screens.ledger import LedgerScreen
    from ui.screens.planner import PlannerScreen
    from ui.screens.review import ReviewScreen
    from ui.screens.roster import RosterScreen
    from ui.screens.run import RunScreen
    from ui.screens.run.ended import EndPanel
    from ui.screens.search import SearchScreen
    from ui.screens.session_overview import SessionOverview

log = logging.getLogger(__name__)


class Router(QObject):
    """The window's stack of screens and the ways between them."""

    plan_requested = Signal(str)
    backup_requested = Signal()
    restore_requested = Signal(str)
    run_did_end = Signal(str)
    report_requested = Signal(str)
    next_session_requested = Signal(str)

    def __init__(
        self,
        window: QMainWindow,
        database: Database,
        stack: QStackedWidget,
        home: HomeScreen,
    ) -> None:
        super().__init__(window)
        self.window, self.database, self.stack = window, database, stack
        self.home = home
        self.run_clock: Clock | None = None  # tests pass a FakeClock before a run
        self.run_screen: RunScreen | None = None  # one per session run, made when run
        # Screens not needed to paint the window are built on first use (properties below).
        self._overview: SessionOverview | None = None
        self._planner: PlannerScreen | None = None
        self._roster: RosterScreen | None = None
        self._ledger: LedgerScreen | None = None
        self._backups: BackupsScreen | None = None
        self._capture_view: CaptureView | None = None
        self._review_screen: ReviewScreen | None = None
        self._search_screen: SearchScreen | None = None
        self._followup_screen: FollowUpScreen | None = None
        self._came_from: dict[QWidget, QWidget] = {}  # a screen -> where Back returns to
        stack.currentChanged.connect(self._on_stack_current_changed)
        home.session_activated.connect(self.open_session)
        stack.addWidget(home)

    def _add(self, screen: QWidget) -> None:
        self.stack.addWidget(screen)

    # ------------------------------------------------------------ screens, built on first use
    @property
    def overview(self) -> SessionOverview:
        if self._overview is None:
            from ui.screens.session_overview import SessionOverview

            self._overview = SessionOverview(self.database)
            self._overview.back_requested.connect(self.show_home)
            self._overview.run_requested.connect(self.run_session)
            self._overview.report_requested.connect(self.report_requested)
            self._follow_on(self._overview)
            self._add(self._overview)
        return self._overview

    @property
    def planner(self) -> PlannerScreen:
        if self._planner is None:
            from ui.screens.planner import PlannerScreen

            self._planner = PlannerScreen(self.database)
            self._planner.back_requested.connect(self.show_home)
            self._planner.session_created.connect(self.open_session)
            self._add(self._planner)
        return self._planner

    @property
    def roster(self) -> RosterScreen:
        if self._roster is None:
            from ui.screens.roster import RosterScreen

            self._roster = RosterScreen(self.database)
            self._roster.back_requested.connect(self.show_home)
            self._roster.plan_requested.connect(self.plan_requested)
            self._add(self._roster)
        return self._roster

    @property
    def ledger(self) -> LedgerScreen:
        if self._ledger is None:
            from ui.screens.ledger import LedgerScreen

            self._ledger = LedgerScreen(self.database)
            self._ledger.back_requested.connect(self.show_home)
            self._add(self._ledger)
        return self._ledger

    @property
    def backups(self) -> BackupsScreen:
        if self._backups is None:
            from ui.screens.backups import BackupsScreen

            self._backups = BackupsScreen()
            self._backups.set_database(self.database.path, read_only_reason(self.database))
            self._backups.back_requested.connect(self.show_home)
            self._backups.backup_requested.connect(self.backup_requested)
            self._backups.restore_requested.connect(self.restore_requested)
            self._add(self._backups)
        return self._backups

    @property
    def built_backups(self) -> BackupsScreen | None:
        """The backups screen if it has been built (nothing to update otherwise)."""
        return self._backups

    @property
    def capture_view(self) -> CaptureView:
        if self._capture_view is None:
            from ui.screens.capture_view import CaptureView

            self._capture_view = CaptureView(self.database)
            self._capture_view.back_requested.connect(self.show_home)
            self._capture_view.overview_requested.connect(self.show_overview)
            self._capture_view.review_requested.connect(self.show_review)
            self._add(self._capture_view)
        return self._capture_view

    @property
    def review_screen(self) -> ReviewScreen:
        if self._review_screen is None:
            from ui.screens.review import ReviewScreen

            self._review_screen = ReviewScreen(self.database)
            self._review_screen.back_requested.connect(self._on_review_screen_back_requested)
            self._add(self._review_screen)
        return self._review_screen

    @property
    def search_screen(self) -> SearchScreen:
        if self._search_screen is None:
            from ui.screens.search import SearchScreen

            self._search_screen = SearchScreen(self.database)
            self._search_screen.back_requested.connect(self._on_search_screen_back_requested)
            self._search_screen.open_requested.connect(self.open_at_item)
            self._add(self._search_screen)
        return self._search_screen

    @property
    def followup_screen(self) -> FollowUpScreen:
        if self._followup_screen is None:
            from ui.screens.followup import FollowUpScreen

            self._followup_screen = FollowUpScreen(self.database)
            self._followup_screen.back_requested.connect(self.show_home)
            self._followup_screen.open_requested.connect(self.open_at_item)
            self._add(self._followup_screen)
        return self._followup_screen

    # ------------------------------------------------------------ going to a screen
    def show_home(self) -> None:
        self.stack.setCurrentWidget(self.home)
        self.home.table.setFocus()

    def open_session(self, session_id: str) -> None:
        """Open a session on the screen its status says; a running one that cannot be run
        here (a read-only database) opens its overview."""
        try:
            opening = routing.opening_screen(planning.get_session(self.database, session_id))
        except FacilitatorError as exc:
            ops.show_error(self.window, "Cannot open the session", exc)
            ops.broadcast(Changes.of(Topic.SESSIONS))  # the list showed one that is gone
            return
        if opening is Opening.PLANNER:
            self.show_planner(session_id)
        elif opening is Opening.CAPTURES:
            self.open_at_item(session_id, "", "")
        elif not self.run_session(session_id):
            self.show_overview(session_id)

    def show_planner(self, session_id: str) -> None:
        try:
            self.planner.load(session_id)
        except FacilitatorError as exc:
            ops.show_error(self.window, "Cannot open the session", exc)
            return
        self.stack.setCurrentWidget(self.planner)
        self.planner.tree.setFocus()

    def open_at_item(self, session_id: str, kind: str, item_id: str) -> None:
        """Show a session's captures, with one item selected when given."""
        try:
            self.capture_view.show_session(session_id, kind or None, item_id or None)
        except FacilitatorError as exc:
            ops.show_error(self.window, "Cannot open the session", exc)
            return
        self.stack.setCurrentWidget(self.capture_view)

    def show_overview(self, session_id: str) -> None:
        try:
            from facilitator import record  # loads with the first session opened

            self.overview.show_record(record.load(self.database, session_id))
        except FacilitatorError as exc:
            ops.show_error(self.window, "Cannot open the session", exc)
            return
        self.stack.setCurrentWidget(self.overview)

    def show_roster(self, team_id: str | None = None) -> None:
        self.roster.load(team_id or self.home.current_team_id() or None)
        self.stack.setCurrentWidget(self.roster)
        if self.roster.team:
            self.roster.add_name.setFocus()

    def show_ledger(self, team_id: str) -> None:
        if self.ledger.show_team(team_id):
            self.stack.setCurrentWidget(self.ledger)

    def show_backups(self) -> None:
        self.backups.refresh()  # the backup folder, read again
        self.stack.setCurrentWidget(self.backups)
        self.backups.table.setFocus()

    def show_review(self, session_id: str, phase_id: str | None = None) -> None:
        """The review round: beside the timer on the run screen of this session's run (the
        facilitator keeps the time in sight), else as a screen of its own."""
        run = self.run_screen
        if run is not None and run.session_id == session_id and self.stack.currentWidget() is run:
            try:
                run.open_review(phase_id)
            except FacilitatorError as exc:
                ops.show_error(self.window, "Cannot open the review round", exc)
            return
        try:
            self.review_screen.set_session(session_id, phase_id)
        except FacilitatorError as exc:
            ops.show_error(self.window, "Cannot open the review round", exc)
            return
        self._remember_where_from(self.review_screen)
        self.stack.setCurrentWidget(self.review_screen)

    def show_search(self) -> None:
        self._remember_where_from(self.search_screen)
        self.stack.setCurrentWidget(self.search_screen)
        self.search_screen.start()

    def show_followup(self) -> None:
        self.followup_screen.start(self.home.current_team_id() or None)
        self.stack.setCurrentWidget(self.followup_screen)

    # ------------------------------------------------------------ the way back
    def _remember_where_from(self, screen: QWidget) -> None:
        current = self.stack.currentWidget()
        if current is not None and current is not screen:
            self._came_from[screen] = current

    def _go_back(self, screen: QWidget) -> None:
        """Back to where ``screen`` was opened from while that screen is still there (the
        run screen of a round in progress, the planner of the next session), else home."""
        came_from = self._came_from.pop(screen, self.home)
        if came_from is self.home or self.stack.indexOf(came_from) < 0:
            self.show_home()
            return
        self.stack.setCurrentWidget(came_from)
        focus = QApplication.focusWidget()
        if focus is None or not (focus is came_from or came_from.isAncestorOf(focus)):
            came_from.setFocus()

    def _on_review_screen_back_requested(self) -> None:
        self._go_back(self.review_screen)

    def _on_search_screen_back_requested(self) -> None:
        self._go_back(self.search_screen)

    # ------------------------------------------------------------ the session on screen
    def current_session_id(self) -> str | None:
        """The session on screen (overview, planner, run, captures, review), else the one
        selected in the list: every session command acts on what the user is looking at."""
        current = self.stack.currentWidget()
        overview = self._overview  # screens not built yet are not on screen either
        if current is overview and overview is not None and overview.record is not None:
            return overview.record.session.id
        planner = self._planner  # screens not built yet are not on screen either
        if current is planner and planner is not None and planner.session is not None:
            return planner.session.id
        if current is not None and current is self.run_screen:
            return self.run_screen.session_id
        for screen in (self._capture_view, self._review_screen):
            if current is not None and current is screen and screen.session_id:
                return screen.session_id
        return self.home.current_session_id()

    # ------------------------------------------------------------ running a session
    def run_session(self, session_id: str) -> bool:
        """Show the run screen for this session (planned, running, or ended on its next
        steps); False if refused."""
        from ui.screens.capture_panel import CapturePanel
        from ui.screens.run import RunScreen

        if self.run_screen is not None and self.run_screen.session_id == session_id:
            self.stack.setCurrentWidget(self.run_screen)
            self._focus_run(self.run_screen)
            return True
        try:
            session = planning.get_session(self.database, session_id)
            refusal = routing.refuse_run(session, self.database.read_only)
            if refusal is not None:
                raise refusal
            panel = CapturePanel(self.database, clock=self.run_clock)
            panel.set_context(session_id, None)
            screen = RunScreen(self.database, session_id, clock=self.run_clock, side_panel=panel)
        except FacilitatorError as exc:
            ops.show_error(self.window, "Cannot run the session", exc)
            return False
        self.discard_run_screen()
        self.run_screen = screen
        screen.back_requested.connect(self.show_home)
        screen.session_did_end.connect(self.run_did_end)
        screen.room_layout_did_change.connect(self._on_run_screen_room_layout_did_change)
        screen.end_panel.report_requested.connect(self.report_requested)
        self._follow_on(screen.end_panel)
        self._panel_follows_run(screen, panel)
        self.stack.addWidget(screen)
        self.stack.setCurrentWidget(screen)
        self._focus_run(screen)
        self._back_to_the_review(screen)
        return True

    def _back_to_the_review(self, screen: RunScreen) -> None:
        """Opened again on a review round that was under way (the app was closed or killed
        in it): the review is back beside the timer, where the facilitator left it."""
        from facilitator import review
        from facilitator.timer import TimerState
        from ui.room_display import REVIEW_FORMAT

        timer = screen.run.timer
        if timer.state in (TimerState.NOT_STARTED, TimerState.FINISHED):
            return
        if timer.phase.format_key != REVIEW_FORMAT:
            return
        try:
            if review.under_way(self.database, screen.session_id, timer.phase.id):
                screen.open_review()
        except FacilitatorError as exc:  # a read: the capture panel stays, the run goes on
            log.warning("Could not tell whether the review was under way: %s", exc)

    @staticmethod
    def _focus_run(screen: RunScreen) -> None:
        """The keys to the run screen; once ended, to its first next step (Enter exports)."""
        ended = screen.end_panel
        (ended.export_button if ended.isVisible() else screen).setFocus()

    def _follow_on(self, steps: EndPanel | SessionOverview) -> None:
        """Where a finished session's next steps lead (its report is the window's flow)."""
        steps.voting_requested.connect(self.show_voting)
        steps.captures_requested.connect(self.show_captures)
        steps.next_session_requested.connect(self.next_session_requested)

    def show_captures(self, session_id: str) -> None:
        self.open_at_item(session_id, "", "")

    def show_voting(self, session_id: str) -> None:
        """The session's captures on their Dot voting tab, its grid to type dots into."""
        self.open_at_item(session_id, "", "")
        if self.stack.currentWidget() is self.capture_view:
            self.capture_view.tabs.setCurrentWidget(self.capture_view.voting)
            self.capture_view.voting.table.setFocus()

    def _panel_follows_run(self, screen: RunScreen, panel: CapturePanel) -> None:
        """The capture panel beside the timer captures into the phase on screen; Ctrl+1…5
        anywhere on the run screen choose what to capture."""
        session_id = screen.session_id
        panel.take_kind_keys(screen, reveal=screen.review_side.close)  # from the review too
        screen.phase_did_change.connect(lambda phase_id: panel.set_context(session_id, phase_id))
        screen.session_did_end.connect(lambda _sid: panel.drop_refusal())  # said of the run
        panel.review_requested.connect(
            lambda sid, phase_id: self.show_review(sid, phase_id or None)
        )
        panel.set_context(session_id, screen.run.timer.phase.id)

    def _on_run_screen_room_layout_did_change(self, on: bool) -> None:
        self._show_window_bars(not on)

    def _on_stack_current_changed(self, _index: int) -> None:
        screen = self.run_screen
        room = screen is not None and self.stack.currentWidget() is screen
        self._show_window_bars(not (room and screen is not None and screen.projector.room_on))

    def _show_window_bars(self, shown: bool) -> None:
        """The menu and status bars, hidden while the room layout fills the window (the
        room reads the screen; the keys and the strip stay with the facilitator)."""
        self.window.menuBar().setVisible(shown)
        self.window.statusBar().setVisible(shown)

    def discard_run_screen(self) -> None:
        """Close the run screen (a restore may have changed its session under it)."""
        if self.run_screen is not None:
            old, self.run_screen = self.run_screen, None
            self._show_window_bars(True)
            old.shutdown()
            self.stack.removeWidget(old)
            old.deleteLater()

    def offer_resume(self) -> None:
        """On start: a session left running (closed or crashed mid-session) is offered."""
        if self.database.read_only:
            return
        running = planning.running_session_ids(self.database)
        if not running:
            return
        from facilitator import run

        answer = QMessageBox.question(
            self.window,
            "Resume the session?",
            run.resume_question(self.database, running[0]),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.Yes,
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.run_session(running[0])
