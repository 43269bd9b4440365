"""A team's follow-up: who owes what and by when, how experiments stand, what was learned.

Three tabs (Ctrl+Tab moves between them): open actions grouped by owner with overdue ones
marked, experiments grouped by status with their learning time, and the learnings log,
newest first. Enter on an item opens its session at that item. The board follows what is
done elsewhere (an item captured or reviewed, a person renamed) whenever it is shown.

Signals:
    open_requested(str, str, str): open a session at an item (session id, kind, item id).
    back_requested(): the user wants to leave (Esc or the Back button).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from facilitator import followup, roster
from facilitator.changes import Changes, Topic
from facilitator.clock import Clock, SystemClock
from facilitator.direction import isolate
from facilitator.errors import FacilitatorError
from facilitator.model import ExperimentStatus
from facilitator.quickdate import short_date
from facilitator.store.database import Database
from ui import ops, theme
from ui.capture_widgets import local_today
from ui.models.ledger_model import short_date as day_text
from ui.navigation import back_button

ROLE_ITEM = Qt.ItemDataRole.UserRole
# What the board shows: the team's items and reviews, owners' names, sessions, teams.
SHOWN = (Topic.CAPTURES, Topic.REVIEWS, Topic.PEOPLE, Topic.SESSIONS, Topic.TEAMS)


def _days(n: int) -> str:
    return f"{n} day{'s' if n != 1 else ''}"


def _tree(name: str, headers: list[str], widths: tuple[int, ...]) -> QTreeWidget:
    tree = QTreeWidget()
    tree.setAccessibleName(name)
    tree.setHeaderLabels(headers)
    tree.setAlternatingRowColors(True)
    tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    tree.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    header = tree.header()
    header.setStretchLastSection(False)
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    for col, width in enumerate(widths, start=1):
        header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(col, width)
    return tree


def _bold(row: QTreeWidgetItem) -> None:
    font = row.font(0)
    font.setBold(True)
    row.setFont(0, font)


class FollowUpScreen(QWidget):
    open_requested = Signal(str, str, str)
    back_requested = Signal()

    def __init__(
        self, database: Database, parent: QWidget | None = None, *, clock: Clock | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("followup")
        self.database = database
        self.clock: Clock = clock or SystemClock()
        self.board: followup.FollowUp | None = None

        back = back_button(self, "Back", "Back")
        title = QLabel("Follow-up")
        title.setProperty("role", "title")
        self.team = QComboBox()
        self.team.setAccessibleName("Team")
        self.team.currentIndexChanged.connect(self._on_team_current_index_changed)
        team_label = QLabel("&Team")
        team_label.setBuddy(self.team)
        top = QHBoxLayout()
        top.addWidget(back)
        top.addWidget(title)
        top.addStretch(1)
        top.addWidget(team_label)
        top.addWidget(self.team)
        self.summary = QLabel()
        self.summary.setProperty("role", "subtitle")
        self.summary.setWordWrap(True)

        self.action_tree = _tree("Open actions", ["Action", "Due", "From session"], (250, 300))
        self.experiment_tree = _tree(
            "Experiments", ["Experiment", "Owner", "Review on", "Learning time"], (170, 200, 220)
        )
        self.learning_tree = _tree("Learnings", ["Learning", "Date", "Session"], (110, 300))
        self.learning_tree.setRootIsDecorated(False)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.action_tree, "Open &actions")
        self.tabs.addTab(self.experiment_tree, "&Experiments")
        self.tabs.addTab(self.learning_tree, "&Learnings")
        for tree in (self.action_tree, self.experiment_tree, self.learning_tree):
            tree.itemActivated.connect(self._on_tree_item_activated)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.tabs, 1)
        hint = QLabel(
            "Ctrl+Tab switches tabs · Enter opens the session at the item · Esc goes back"
        )
        hint.setProperty("role", "hint")
        layout.addWidget(hint)
        ops.follow(self, SHOWN, self._on_changes)

    # ------------------------------------------------------------ public
    def start(self, team_id: str | None = None) -> None:
        """Show a team's follow-up (the given one, else the one shown last, else the first)."""
        self._fill_teams(team_id or self.team.currentData())
        self.refresh()
        self.tabs.currentWidget().setFocus()

    def _fill_teams(self, current: str | None) -> None:
        self.team.blockSignals(True)
        self.team.clear()
        for team in roster.list_teams(self.database):
            self.team.addItem(team.name, team.id)
        index = self.team.findData(current) if current else 0
        self.team.setCurrentIndex(max(0, index))
        self.team.blockSignals(False)

    def refresh(self) -> None:
        for tree in (self.action_tree, self.experiment_tree, self.learning_tree):
            tree.clear()
        team_id = self.team.currentData()
        if not team_id:
            self.summary.setText("No teams yet.")
            self.board = None
            return
        today = local_today(self.clock)
        try:
            board = followup.dashboard(self.database, team_id, today)
        except FacilitatorError as exc:  # a read, not an action: nothing to run through ops
            ops.show_error(self, "Could not show the follow-up", exc)
            return
        self.board = board
        self._show_actions(board)
        self._show_experiments(board)
        self._show_learnings(board)
        median = board.median_learning_days()
        running = len(board.experiments[ExperimentStatus.RUNNING])
        self.summary.setText(
            f"{short_date(today)}: {board.open_actions} open action"
            f"{'s' if board.open_actions != 1 else ''}, {board.overdue_actions} overdue · "
            f"{running} experiment{'s' if running != 1 else ''} running · "
            f"{len(board.learnings)} learning{'s' if len(board.learnings) != 1 else ''}"
            + (f" · median learning time {_days(round(median))}" if median is not None else "")
        )
        self.tabs.setTabText(0, f"Open &actions ({board.open_actions})")
        total = sum(len(v) for v in board.experiments.values())
        self.tabs.setTabText(1, f"&Experiments ({total})")
        self.tabs.setTabText(2, f"&Learnings ({len(board.learnings)})")

    # ------------------------------------------------------------ tabs
    def _show_actions(self, board: followup.FollowUp) -> None:
        for owner in board.owners:
            late = f", {owner.overdue} overdue" if owner.overdue else ""
            top = QTreeWidgetItem([f"{isolate(owner.owner)} — {len(owner.actions)} open{late}"])
            _bold(top)
            self.action_tree.addTopLevelItem(top)
            top.setFirstColumnSpanned(True)
            for line in owner.actions:
                due = day_text(line.action.due) if line.action.due else "no date"
                if line.overdue_days is not None:
                    due += (
                        f" — {_days(line.overdue_days)} overdue" if line.overdue else " — due today"
                    )
                row = QTreeWidgetItem(
                    [line.action.text, due, f"{line.from_session} ({day_text(line.from_day)})"]
                )
                row.setToolTip(0, line.action.text[:2000])
                row.setToolTip(2, f"{line.from_session} ({day_text(line.from_day)})")
                row.setData(0, ROLE_ITEM, (line.action.session_id, "action", line.action.id))
                if line.overdue:
                    row.setForeground(1, QBrush(theme.colour("error")))
                    row.setText(0, "⚠ " + line.action.text)
                top.addChild(row)
            top.setExpanded(True)
        if not board.owners:
            self.action_tree.addTopLevelItem(QTreeWidgetItem(["No open actions."]))

    def _show_experiments(self, board: followup.FollowUp) -> None:
        for status, lines in board.experiments.items():
            if not lines:
                continue
            top = QTreeWidgetItem([f"{status.value.capitalize()} ({len(lines)})"])
            _bold(top)
            self.experiment_tree.addTopLevelItem(top)
            top.setFirstColumnSpanned(True)
            for line in lines:
                exp = line.experiment
                review = day_text(exp.review_on) if exp.review_on else "—"
                if line.review_due:
                    review += " — review due"
                if line.learning_days is not None:
                    learned = _days(line.learning_days)
                elif status is ExperimentStatus.PLANNED and not exp.started_on:
                    learned = "not started yet"
                else:
                    learned = f"none yet ({_days(line.days_so_far)} so far)"
                row = QTreeWidgetItem([exp.hypothesis, line.owner or "no owner", review, learned])
                row.setToolTip(0, exp.hypothesis[:2000])
                row.setToolTip(
                    3,
                    "Days from the start of the experiment to the first learning recorded from it",
                )
                row.setData(0, ROLE_ITEM, (exp.session_id, "experiment", exp.id))
                if line.review_due:
                    row.setForeground(2, QBrush(theme.colour("error")))
                top.addChild(row)
            top.setExpanded(True)
        if not any(board.experiments.values()):
            self.experiment_tree.addTopLevelItem(QTreeWidgetItem(["No experiments yet."]))

    def _show_learnings(self, board: followup.FollowUp) -> None:
        for line in board.learnings:
            text = line.learning.text
            if line.experiment:
                text += f"  (from: {line.experiment[:80]})"
            row = QTreeWidgetItem([text, line.day, line.session])
            row.setToolTip(0, text[:2000])
            row.setData(0, ROLE_ITEM, (line.learning.session_id, "learning", line.learning.id))
            self.learning_tree.addTopLevelItem(row)
        if not board.learnings:
            self.learning_tree.addTopLevelItem(QTreeWidgetItem(["No learnings yet."]))

    # ------------------------------------------------------------ slots
    def _on_changes(self, changes: Changes) -> None:
        if changes.team_id in (None, self.team.currentData()) or changes.touches(Topic.TEAMS):
            self._fill_teams(self.team.currentData())
            self.refresh()

    def _on_team_current_index_changed(self, _index: int) -> None:
        self.refresh()

    def _on_tree_item_activated(self, row: QTreeWidgetItem, _column: int) -> None:
        data = row.data(0, ROLE_ITEM)
        if data:
            self.open_requested.emit(*data)
