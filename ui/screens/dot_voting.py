"""Dot voting by keyboard: one column per person, a digit gives that many dots.

Choose the round and its budget, move to a person's column and to an idea, type a digit
(0 takes the dots back, + and - add or remove one). Each entry is stored at once; a count
over the person's budget is refused with a message saying how many dots they have left.
The ranked tally beside the grid follows every entry. Entries and budgets go through
``ui.ops``; the panel reloads itself when ideas, votes or the people present change elsewhere.

Signals:
    votes_changed(): a vote or a budget was stored.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSpinBox,
    QSplitter,
    QTableView,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from facilitator import planning, voting
from facilitator.changes import Changes, Topic
from facilitator.clock import Clock, SystemClock
from facilitator.errors import FacilitatorError
from facilitator.store.database import Database
from ui import ops
from ui.editing import set_role
from ui.models.votes_model import FIXED_BEFORE, VotesModel

WHOLE_SESSION = "\x00whole"
# What the panel shows: the ideas, the dots, who votes, and the rounds (the agenda's phases).
SHOWN = (Topic.CAPTURES, Topic.VOTES, Topic.ATTENDANCE, Topic.PEOPLE, Topic.AGENDA)


class DotVotingPanel(QWidget):
    votes_changed = Signal()

    def __init__(
        self, database: Database, parent: QWidget | None = None, *, clock: Clock | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("dot_voting")
        self.database = database
        self.clock: Clock = clock or SystemClock()
        self.session_id: str | None = None
        self._shown_budget = voting.DEFAULT_BUDGET  # the budget as last loaded

        self.round = QComboBox()
        self.round.setAccessibleName("Voting round")
        self.round.currentIndexChanged.connect(self._on_round_current_index_changed)
        round_label = QLabel("Ro&und")
        round_label.setBuddy(self.round)
        self.budget = QSpinBox()
        self.budget.setRange(1, voting.MAX_BUDGET)
        self.budget.setAccessibleName("Dots per person in this round")
        self.budget.setSuffix(" dots each")
        self.budget.editingFinished.connect(self._on_budget_editing_finished)
        budget_label = QLabel("&Budget")
        budget_label.setBuddy(self.budget)
        top = QHBoxLayout()
        top.addWidget(round_label)
        top.addWidget(self.round, 1)
        top.addWidget(budget_label)
        top.addWidget(self.budget)

        self.model = VotesModel(self)
        self.table = QTableView()
        self.table.setAccessibleName("Dots per person and idea")
        self.table.setModel(self.model)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)  # an idea reads whole at 1280 px, on two lines if need be
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.setTabKeyNavigation(False)  # arrows move between cells, Tab moves on
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.installEventFilter(self)
        self.tally = QTreeWidget()
        self.tally.setAccessibleName("Ranked tally")
        self.tally.setHeaderLabels(["#", "Idea", "Dots", "People"])
        self.tally.setRootIsDecorated(False)
        self.tally.setAlternatingRowColors(True)
        header = self.tally.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        splitter = QSplitter()
        splitter.addWidget(self.table)
        splitter.addWidget(self.tally)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)

        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Voting status")
        hint = QLabel(
            "Arrows move · a digit gives that many dots and goes to the next idea · "
            "+ and − add or take one · 0 or Delete takes them back"
        )
        hint.setProperty("role", "hint")
        hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.message)
        layout.addWidget(hint)
        ops.follow(self, SHOWN, self._on_changes)

    # ------------------------------------------------------------ public
    def set_session(self, session_id: str) -> None:
        self.session_id = session_id
        self._fill_rounds(voting.likely_round(self.database, session_id))
        self.message.setText("")
        self.refresh()
        if not self.model.rowCount():  # an empty grid explains itself
            self._say(
                "No ideas to vote on yet: ideas and contributions captured in this session "
                "come here (Captures tab, Ctrl+1)."
            )

    def _fill_rounds(self, chosen: str | None) -> None:
        """The session's rounds, ● marking those voted in; ``chosen`` (None: the whole
        session) selected."""
        session_id = self.session_id or ""
        self.round.blockSignals(True)
        self.round.clear()
        with_votes = voting.rounds(self.database, session_id)
        for phase in planning.list_phases(self.database, session_id):
            mark = "  ●" if phase.id in with_votes else ""
            self.round.addItem(
                f"{phase.position + 1}. {phase.title}"
                f"{' — ' + phase.group_title if phase.group_title else ''}"
                f"{mark}",
                phase.id,
            )
        self.round.addItem(
            "The whole session" + ("  ●" if None in with_votes else ""), WHOLE_SESSION
        )
        self.round.setCurrentIndex(max(0, self.round.findData(chosen or WHOLE_SESSION)))
        self.round.blockSignals(False)

    def current_round(self) -> str | None:
        data = self.round.currentData()
        return None if data in (None, WHOLE_SESSION) else str(data)

    def refresh(self) -> None:
        if self.session_id is None:
            return
        board = voting.board(self.database, self.session_id, self.current_round())
        where = self.table.currentIndex()
        self.model.set_board(board)
        self._shown_budget = board.budget
        self.budget.blockSignals(True)
        self.budget.setValue(board.budget)
        self.budget.blockSignals(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col in range(1, self.model.columnCount()):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        if where.isValid():
            self.table.setCurrentIndex(
                self.model.index(min(where.row(), self.model.rowCount() - 1), where.column())
            )
        elif self.model.rowCount() and board.voters:
            self.table.setCurrentIndex(self.model.index(0, FIXED_BEFORE))
        self.tally.clear()
        for row in board.tally:
            item = QTreeWidgetItem(
                [
                    str(row.rank) if row.dots else "—",
                    " ".join(row.contribution.text.split())[:300],
                    str(row.dots),
                    str(row.voters),
                ]
            )
            item.setToolTip(1, row.contribution.text[:2000])
            self.tally.addTopLevelItem(item)

    # ------------------------------------------------------------ entering votes
    def give(self, row: int, column: int, count: int) -> bool:
        """Store ``count`` dots from the column's person to the row's idea."""
        voter = self.model.voter_at(column)
        if self.session_id is None or voter is None or not 0 <= row < len(self.model.ideas):
            self._say("Move to a person's column to give dots.", error=True)
            return False
        idea, session_id, rnd = self.model.ideas[row], self.session_id, self.current_round()
        done = ops.run_op(
            self,
            "Could not give the dots",
            lambda: voting.cast(self.database, session_id, rnd, idea.id, voter.id, count),
            inline=self.message,
        )
        if done is None:
            self._mark(error=True)
            return False
        self._say(
            f"{voter.name}: {count} dot{'s' if count != 1 else ''} on "
            f"“{' '.join(idea.text.split())[:50]}”."
        )
        self.refresh()
        self.votes_changed.emit()
        return True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is not self.table or event.type() != QEvent.Type.KeyPress:
            return False
        assert isinstance(event, QKeyEvent)
        index: QModelIndex = self.table.currentIndex()
        if not index.isValid():
            return False
        text = event.text()
        current = self.model.count(index.row(), index.column())
        count: int | None = None
        if text.isdigit() and len(text) == 1:
            count = int(text)
        elif text == "+":
            count = current + 1
        elif text in ("-", "−"):
            count = max(0, current - 1)
        elif event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            count = 0
        if count is None:
            return False
        if self.give(index.row(), index.column(), count) and text.isdigit():
            below = min(index.row() + 1, self.model.rowCount() - 1)
            self.table.setCurrentIndex(self.model.index(below, index.column()))
        return True

    # ------------------------------------------------------------ helpers
    def _say(self, text: str, *, error: bool = False) -> None:
        self.message.setText(text)
        self._mark(error=error)

    def _mark(self, *, error: bool) -> None:
        """Show the message as a refusal or as a calm hint."""
        set_role(self.message, "error" if error else "hint")

    def _on_changes(self, changes: Changes) -> None:
        """An action elsewhere changed what the panel shows: reload it, in the same round."""
        if self.session_id is None or changes.session_id not in (None, self.session_id):
            return
        try:
            self._fill_rounds(self.current_round())
            self.refresh()
        except FacilitatorError as exc:  # a read, not an action: nothing to run through ops
            ops.show_error(self, "Could not reload the dot voting", exc)

    def _on_round_current_index_changed(self, _index: int) -> None:
        self.message.setText("")
        self.refresh()

    def _on_budget_editing_finished(self) -> None:
        if self.session_id is None:
            return
        session_id, rnd, wanted = self.session_id, self.current_round(), self.budget.value()
        if wanted == self._shown_budget:
            return  # focus left the field without a change
        done = ops.run_op(
            self,
            "Could not set the budget",
            lambda: voting.set_budget(self.database, session_id, rnd, wanted, clock=self.clock),
            inline=self.message,
        )
        if done is None:
            self._mark(error=True)
            self.refresh()  # the budget as it stands
            return
        self._say(f"Budget for this round: {wanted} dots each.")
        self.refresh()
        self.votes_changed.emit()
