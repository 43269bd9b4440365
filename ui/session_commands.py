"""The window's commands on what is chosen on screen: plan a new session (for the team
shown), run, review, export or give roles to the selected session, and open the chosen
team's ledger. Each finds its session or team the same way, and says so when there is none;
the window composes them into its menus and buttons (ui/window_actions.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt

from facilitator import planning
from ui import ops

if TYPE_CHECKING:
    from ui.main_window import MainWindow


class SessionCommands:
    """The commands of ``window`` that act on the session or team it shows."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.database = window.database

    def _session_or_say(self, title: str, text: str) -> str | None:
        """The session a command acts on; None (and ``text`` shown) when there is none."""
        session_id = self.window.current_session_id()
        if not session_id:
            ops.show_error(self.window, title, text)
        return session_id

    def new_session(self, team_id: str | None = None, agenda_of: str | None = None) -> None:
        """Ask for a title and a starting agenda (``agenda_of``: an earlier session's, offered
        first), then plan it; create a team first if none."""
        from facilitator import roster
        from ui.screens.new_session import NewSessionDialog
        from ui.screens.roster import RosterScreen

        current = self.window.stack.currentWidget()
        if not team_id and isinstance(current, RosterScreen) and current.team:
            refusal = roster.why_not_plannable(self.database, current.team.id)
            if refusal:  # an archived team's own screen: say how to bring it back
                self.window.statusBar().showMessage(refusal, 10000)
                return
        teams = roster.list_teams(self.database)
        if not teams:
            self.window.show_roster()
            self.window.statusBar().showMessage(
                "Name your team first; then plan a session (Ctrl+N).", 10000
            )
            return
        if not team_id and isinstance(current, RosterScreen) and current.team:
            team_id = current.team.id  # planning from the team's own screen
        # A team chosen on screen, else the dialog proposes the team used last.
        chosen = team_id or self.window.home.current_team_id() or None
        dialog = NewSessionDialog(
            self.database, chosen, clock=self.window.run_clock, parent=self.window
        )
        dialog.created.connect(self.window.open_session)
        if agenda_of:
            dialog.offer_agenda_of(agenda_of)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.window.dialog = dialog
        dialog.open()

    def next_session(self, session_id: str) -> None:
        """Plan the team's next session after this one, offered its agenda to start from."""
        team_id = planning.get_session(self.database, session_id).team_id
        self.new_session(team_id, agenda_of=session_id)

    def plan(self) -> None:
        """Plan a session for the team chosen on screen (the home screen's button)."""
        self.new_session()

    def run_current_session(self) -> None:
        current = self.window.stack.currentWidget()
        if current is not None and current is self.window.run_screen:
            return  # it is running here already
        session_id = self._session_or_say("Run a session", "Choose a session to run first.")
        if session_id:
            self.window.run_session(session_id)

    def review_current_session(self) -> None:
        session_id = self._session_or_say("Review round", "Choose a session first.")
        if session_id:
            self.window.show_review(session_id)

    def export_report(self) -> None:
        session_id = self._session_or_say("Export report", "Select a session first.")
        if session_id:
            self.window.export_flow.export_report(session_id)

    def export_data(self) -> None:
        session_id = self._session_or_say("Export data", "Select a session first.")
        if session_id:
            self.window.export_flow.export_data(session_id)

    def export_team_report(self) -> None:
        """The team report of the team chosen at home, else of the session's team."""
        team_id = self.window.home.current_team_id()
        session_id = None if team_id else self.window.current_session_id()
        if session_id:
            team_id = planning.get_session(self.database, session_id).team_id
        if team_id:
            self.window.export_flow.export_team_report(team_id)
        else:
            ops.show_error(
                self.window, "Export team report", "Select a team or one of its sessions first."
            )

    def open_roles(self) -> None:
        from ui.screens.session_roles import SessionRolesDialog

        session_id = self._session_or_say(
            "No session chosen",
            "Choose a session in the list first, then open its roles with Ctrl+Shift+R.",
        )
        if not session_id:
            return
        SessionRolesDialog(self.database, session_id, parent=self.window).exec()

    def show_ledger(self) -> None:
        """The ledger of the team chosen at home, else of the session's team, else of the
        only team there is."""
        from facilitator import roster

        team_id = self.window.home.current_team_id()
        session_id = None if team_id else self.window.current_session_id()
        if session_id:
            team_id = planning.get_session(self.database, session_id).team_id
        if not team_id:
            known = roster.list_teams(self.database)
            if len(known) != 1:
                ops.show_error(
                    self.window,
                    "No team chosen",
                    "Choose a team or one of its sessions first, then open its ledger with Ctrl+G.",
                )
                return
            team_id = known[0].id
        self.window.router.show_ledger(team_id)
