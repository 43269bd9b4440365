"""A table of dots: one row per idea, one column per voter, then the total and the rank.

The cells show dots as ●●; what a screen reader reads (Qt's AccessibleTextRole) is the
count in words ("2 dots", "no dots"), with the person and the idea it belongs to."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from facilitator.model import Contribution, Participant
from facilitator.voting import Board, TallyRow

FIXED_BEFORE = 1  # the idea's text
FIXED_AFTER = 2  # total dots, rank


def dots_text(count: int) -> str:
    """A count of dots in words: "no dots", "1 dot", "3 dots"."""
    if count == 0:
        return "no dots"
    return f"{count} dot{'s' if count != 1 else ''}"


class VotesModel(QAbstractTableModel):
    """Read-only view of one round's votes; the screen enters votes through the core."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.ideas: list[Contribution] = []
        self.voters: list[Participant] = []
        self._counts: dict[tuple[str, str], int] = {}
        self._tally: dict[str, TallyRow] = {}
        self._left: dict[str, int] = {}
        self._short: list[str] = []

    def set_board(self, board: Board) -> None:
        """Show one round: its ideas, voters, dots and ranking."""
        self.beginResetModel()
        self.ideas = list(board.ideas)
        self.voters = list(board.voters)
        self._counts = {(v.contribution_id, v.participant_id): v.count for v in board.votes}
        self._tally = {row.contribution.id: row for row in board.tally}
        self._left = dict(board.left)
        firsts = [p.name.split()[0] for p in self.voters]
        self._short = [
            first if firsts.count(first) == 1 else p.name
            for first, p in zip(firsts, self.voters, strict=True)
        ]
        self.endResetModel()

    def voter_at(self, column: int) -> Participant | None:
        index = column - FIXED_BEFORE
        return self.voters[index] if 0 <= index < len(self.voters) else None

    def count(self, row: int, column: int) -> int:
        voter = self.voter_at(column)
        if voter is None or not 0 <= row < len(self.ideas):
            return 0
        return self._counts.get((self.ideas[row].id, voter.id), 0)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.ideas)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else FIXED_BEFORE + len(self.voters) + FIXED_AFTER

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid():
            return None
        idea = self.ideas[index.row()]
        col = index.column()
        last = FIXED_BEFORE + len(self.voters)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return self._said(index.row(), col)
        if role == Qt.ItemDataRole.AccessibleDescriptionRole and 0 < col < last:
            person = self.voters[col - FIXED_BEFORE]
            return f"{person.name} on idea {index.row() + 1}: {self._idea_text(index.row())[:80]}"
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return self._idea_text(index.row())
            if col < last:
                dots = self.count(index.row(), col)
                return "●" * dots if 0 < dots <= 5 else (str(dots) if dots else "")
            tally = self._tally.get(idea.id)
            if col == last:
                return str(tally.dots if tally else 0)
            return f"#{tally.rank}" if tally and tally.dots else "—"
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == 0:
                return idea.text[:2000]
            voter = self.voter_at(col)
            if voter is not None:
                return f"{voter.name}: {dots_text(self.count(index.row(), col))} on this idea"
        if role == Qt.ItemDataRole.TextAlignmentRole and col > 0:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def _idea_text(self, row: int) -> str:
        return " ".join(self.ideas[row].text.split())[:200]

    def _said(self, row: int, col: int) -> str:
        """A cell as a screen reader reads it: the idea, a count of dots in words, the total
        and the rank."""
        last = FIXED_BEFORE + len(self.voters)
        if col == 0:
            return self._idea_text(row)
        if col < last:
            return dots_text(self.count(row, col))
        tally = self._tally.get(self.ideas[row].id)
        if col == last:
            return f"{dots_text(tally.dots if tally else 0)} in all"
        return f"ranked {tally.rank}" if tally and tally.dots else "not ranked"

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        said = role == Qt.ItemDataRole.AccessibleTextRole
        if role != Qt.ItemDataRole.DisplayRole and not said:
            return None
        if orientation == Qt.Orientation.Vertical:
            if said and 0 <= section < len(self.ideas):
                return f"Idea {section + 1}: {self._idea_text(section)[:80]}"
            return str(section + 1)
        last = FIXED_BEFORE + len(self.voters)
        if section == 0:
            return "Idea"
        if section < last:
            voter = self.voters[section - FIXED_BEFORE]
            left = self._left.get(voter.id, 0)
            if said:  # the whole name, and what the short "left" means
                return f"{voter.name}, {left} {'dot' if left == 1 else 'dots'} left"
            return f"{self._short[section - FIXED_BEFORE]}\n{left} left"
        return "Dots" if section == last else "Rank"
