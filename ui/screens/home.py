"""The home screen: teams and their sessions, and the way in for a first-time user.

Given the database, the screen loads the list itself, and again whenever an action changes
the teams or the sessions (now if it is on screen, else when it is next shown).

Signals:
    session_activated(str): the user opened a session (its id).
    demo_requested(): the user asked for the demo workshop.
    plan_requested(): the user wants to plan a session of their own.
    join_requested(): the user wants the team another laptop shares through a folder.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from facilitator import planning, roster
from facilitator.changes import Changes, Topic
from facilitator.errors import FacilitatorError
from facilitator.model import Session, Team
from facilitator.store.database import Database
from ui import ops
from ui.models.sessions_model import STATUS_TEXT, SessionsModel

ALL_TEAMS = ""
SHOWN = (Topic.TEAMS, Topic.SESSIONS)  # team names; titles, dates, status of sessions


WELCOME = (
    "<h2>No workshops yet</h2><p>Facilitator runs timed dialogue rounds "
    "on your team's real dilemma, rotates the facilitation roles so "
    "everyone leads, and keeps every decision, action, experiment and "
    "learning.</p><p>See it with a sample team first, plan your own "
    "session, or take over a team another facilitator shares from its "
    "folder.</p>"
)


def all_archived(count: int) -> str:
    """The empty home screen's words when every team is archived (none is lost)."""
    kept = (
        "The archived team is kept, with its sessions,"
        if count == 1
        else f"The {count} archived teams are kept, with their sessions,"
    )
    return (
        f"<h2>Every team is archived</h2><p>{kept} in the reports and the ledger. To "
        "show one here again: Team &amp; roles… → Archive or delete… → Bring back from "
        "the archive.</p><p>Or plan a session for a new team.</p>"
    )


class _TeamFilter(QSortFilterProxyModel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.team_id = ALL_TEAMS

    def set_team(self, team_id: str) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt >= 6.10
            self.beginFilterChange()
            self.team_id = team_id
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            self.team_id = team_id
            self.invalidateFilter()

    def filterAcceptsRow(  # noqa: N802
        self, row: int, parent: QModelIndex | QPersistentModelIndex
    ) -> bool:
        if not self.team_id:
            return True
        model = self.sourceModel()
        assert isinstance(model, SessionsModel)
        return model.session_at(row).team_id == self.team_id


class HomeScreen(QWidget):
    session_activated = Signal(str)
    demo_requested = Signal()
    plan_requested = Signal()
    join_requested = Signal()

    def __init__(self, database: Database | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("home")
        self.database = database
        self._model = SessionsModel(self)
        self._proxy = _TeamFilter(self)
        self._proxy.setSourceModel(self._model)

        title = QLabel("Workshops")
        title.setProperty("role", "title")
        self.banner = QLabel()
        self.banner.setProperty("role", "banner")
        self.banner.setWordWrap(True)
        self.banner.hide()
        # One calm line per team shared through a team folder (ui/sync_flow.py says what).
        self.sync_status = QLabel()
        self.sync_status.setTextFormat(Qt.TextFormat.PlainText)
        self.sync_status.setWordWrap(True)
        self.sync_status.setAccessibleName("Team folder")
        self.sync_status.hide()

        # Empty state: a first-time user sees what to do.
        empty = QWidget()
        empty_layout = QVBoxLayout(empty)
        empty_layout.addStretch(1)
        self.welcome = welcome = QLabel(WELCOME)
        welcome.setWordWrap(True)
        welcome.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.demo_button = QPushButton("Try the demo workshop")
        self.demo_button.setProperty("role", "primary")
        self.demo_button.setAccessibleName("Try the demo workshop")
        self.demo_button.clicked.connect(self.demo_requested)
        empty_layout.addWidget(welcome)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.demo_button)
        self.plan_button = QPushButton("Plan your own session…")
        self.plan_button.setAccessibleName("Plan your own session")
        self.plan_button.clicked.connect(self.plan_requested)
        row.addWidget(self.plan_button)
        # The next facilitator, on a laptop of their own: the team from its shared folder.
        self.join_button = QPushButton("&Join a team from its shared folder…")
        self.join_button.setAccessibleName("Join a team from its shared folder")
        self.join_button.setToolTip(
            "Take onto this laptop the team another laptop shares through a folder "
            "(File → Team folder…)"
        )
        self.join_button.clicked.connect(self.join_requested)
        row.addWidget(self.join_button)
        row.addStretch(1)
        empty_layout.addLayout(row)
        empty_layout.addStretch(2)

        # Filled state: teams on the left, their sessions on the right.
        self.teams = QListWidget()
        self.teams.setAccessibleName("Teams")
        # Long team names wrap instead of hiding behind a sideways scroll bar.
        self.teams.setWordWrap(True)
        # A team's name reads in a few lines, not a word a line, whatever the window's width.
        self.teams.setMinimumWidth(max(150, self.teams.fontMetrics().averageCharWidth() * 18))
        self.teams.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.teams.currentItemChanged.connect(self._on_teams_current_changed)
        self.table = QTableView()
        self.table.setAccessibleName("Sessions")
        self.table.setModel(self._proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        self.table.setTabKeyNavigation(False)  # arrows choose a session, Tab moves on
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col in (1, 2, 3):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
        self.table.activated.connect(self._on_table_activated)
        self.open_button = QPushButton("&Open session")
        self.open_button.clicked.connect(self._open_current)
        self.actions_row = QHBoxLayout()
        self.actions_row.addStretch(1)
        self.actions_row.addWidget(self.open_button)

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.table)
        right_layout.addLayout(self.actions_row)
        splitter = QSplitter()
        splitter.addWidget(self.teams)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([260, 800])

        self.pages = QStackedWidget()
        self.pages.addWidget(empty)
        self.pages.addWidget(splitter)

        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.banner)
        layout.addWidget(self.sync_status)
        layout.addWidget(self.pages, 1)
        ops.follow(self, SHOWN, self._on_changes)
        self.reload()

    # ------------------------------------------------------------ public
    def reload(self) -> None:
        """Show the teams and sessions as the database has them now (given a database); an
        archived team and its sessions stay out of the list (the roster brings it back)."""
        if self.database is not None:
            teams = roster.list_teams(self.database)
            shown = {t.id for t in teams}
            sessions = planning.list_sessions(self.database)
            archived = len(roster.list_teams(self.database, include_archived=True)) - len(teams)
            self.welcome.setText(all_archived(archived) if archived and not teams else WELCOME)
            self.show_data(teams, [s for s in sessions if s.team_id in shown])

    def show_data(self, teams: list[Team], sessions: list[Session]) -> None:
        """Show these teams and sessions (the store's current state)."""
        current_team = self.current_team_id()
        self._model.set_sessions(sessions, {t.id: t.name for t in teams})
        self.teams.blockSignals(True)
        self.teams.clear()
        all_item = QListWidgetItem(f"All teams ({len(sessions)})")
        all_item.setData(Qt.ItemDataRole.UserRole, ALL_TEAMS)
        self.teams.addItem(all_item)
        for team in teams:
            count = sum(1 for s in sessions if s.team_id == team.id)
            item = QListWidgetItem(f"{team.name} ({count})")
            item.setData(Qt.ItemDataRole.UserRole, team.id)
            self.teams.addItem(item)
            if team.id == current_team:
                self.teams.setCurrentItem(item)
        if self.teams.currentItem() is None:
            self.teams.setCurrentRow(0)
        self.teams.blockSignals(False)
        self._proxy.set_team(self.current_team_id())
        self._fit_columns([t.name for t in teams])
        self.pages.setCurrentIndex(1 if (teams or sessions) else 0)
        if self._proxy.rowCount() and not self.table.selectionModel().hasSelection():
            self.table.selectRow(0)

    def _fit_columns(self, team_names: list[str]) -> None:
        """Width for date, status and team from the texts they can hold, not by measuring
        every row (Qt's ResizeToContents does, which holds up the first paint of a ten-year
        archive by a third of a second)."""
        cell, head = self.table.fontMetrics(), self.table.horizontalHeader().fontMetrics()
        pad = 3 * cell.averageCharWidth()
        texts = {1: ["2026-12-31 23:59"], 2: list(STATUS_TEXT.values()), 3: team_names}
        for col, samples in texts.items():
            label = str(self._model.headerData(col, Qt.Orientation.Horizontal))
            width = (
                max([cell.horizontalAdvance(t) for t in samples] + [head.horizontalAdvance(label)])
                + pad
            )
            self.table.setColumnWidth(col, width)

    def select_session(self, session_id: str) -> None:
        row = self._model.row_of(session_id)
        if row >= 0:
            self.teams.setCurrentRow(0)
            index = self._proxy.mapFromSource(self._model.index(row, 0))
            self.table.selectRow(index.row())
            self.table.setFocus()

    def current_team_id(self) -> str:
        item = self.teams.currentItem()
        return str(item.data(Qt.ItemDataRole.UserRole)) if item else ALL_TEAMS

    def current_session_id(self) -> str | None:
        indexes = self.table.selectionModel().selectedRows()
        if not indexes:
            return None
        return str(self._proxy.data(indexes[0], Qt.ItemDataRole.UserRole))

    def set_sync_status(self, lines: list[str]) -> None:
        """The team folders' lines ("Ops: synced 10:42 with Team folder"), shown as written;
        hidden when no team is shared."""
        self.sync_status.setText("\n".join(lines))
        self.sync_status.setAccessibleDescription(" ".join(lines))
        self.sync_status.setVisible(bool(lines))

    def set_read_only(self, reason: str) -> None:
        self.banner.setText(
            f"Read-only: {reason}. You can look at everything; changes are disabled."
        )
        self.banner.setVisible(bool(reason))
        for button in (self.demo_button, self.join_button):
            button.setEnabled(not reason)
            if reason:
                button.setToolTip("The database is open read-only.")

    # ------------------------------------------------------------ slots
    def _on_changes(self, _changes: Changes) -> None:
        try:
            self.reload()
        except FacilitatorError as exc:  # a read, not an action: nothing to run through ops
            ops.show_error(self, "Could not reload the workshops", exc)

    def _on_teams_current_changed(self, current: QListWidgetItem | None, _prev: object) -> None:
        self._proxy.set_team(str(current.data(Qt.ItemDataRole.UserRole)) if current else "")

    def _on_table_activated(self, index: QModelIndex) -> None:
        self.session_activated.emit(str(self._proxy.data(index, Qt.ItemDataRole.UserRole)))

    def _open_current(self) -> None:
        session_id = self.current_session_id()
        if session_id:
            self.session_activated.emit(session_id)
