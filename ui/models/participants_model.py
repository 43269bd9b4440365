"""A table model of a team's roster: name, area of work, note, active. Edits go to the
screen, which stores them; a refused edit keeps the typed text for the re-opened editor.

Signals:
    edit_rejected(QModelIndex, str): an edit was refused; the message to show.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QFont

from facilitator.model import Participant

COLUMNS = ("Name", "Area of work", "Note", "Active")
COL_NAME, COL_AREA, COL_NOTE, COL_ACTIVE = range(4)
Index = QModelIndex | QPersistentModelIndex


class ParticipantsModel(QAbstractTableModel):
    edit_rejected = Signal(QModelIndex, str)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._people: list[Participant] = []
        self._rejected: dict[tuple[str, int], str] = {}
        self.on_edit: Callable[[Participant, int, Any], str | None] | None = None

    def set_people(self, people: list[Participant]) -> None:
        if [p.id for p in people] == [p.id for p in self._people]:
            self._people = list(people)
            if people:
                self.dataChanged.emit(
                    self.index(0, 0), self.index(len(people) - 1, len(COLUMNS) - 1)
                )
            return
        self.beginResetModel()
        self._people = list(people)
        self.endResetModel()

    def person_at(self, row: int) -> Participant:
        return self._people[row]

    def row_of(self, participant_id: str) -> int:
        return next((i for i, p in enumerate(self._people) if p.id == participant_id), -1)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._people)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,  # noqa: N802
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        person = self._people[index.row()]
        col = index.column()
        if role in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.EditRole,
            Qt.ItemDataRole.AccessibleTextRole,
        ):
            if col == COL_NAME:
                return person.name
            if col == COL_AREA:
                return person.area
            if col == COL_NOTE:
                return person.note
            if col == COL_ACTIVE and role == Qt.ItemDataRole.AccessibleTextRole:
                return "Active" if person.active else "Deactivated"
            return None
        if role == Qt.ItemDataRole.CheckStateRole and col == COL_ACTIVE:
            return Qt.CheckState.Checked if person.active else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.FontRole and not person.active:
            font = QFont()
            font.setItalic(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole and col == COL_ACTIVE:
            return (
                "Untick to deactivate: they leave the roster and attendance lists, "
                "their history stays."
            )
        if role == Qt.ItemDataRole.UserRole:
            return person.id
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == COL_ACTIVE:
            return base | Qt.ItemFlag.ItemIsUserCheckable
        return base | Qt.ItemFlag.ItemIsEditable

    def setData(
        self,
        index: Index,
        value: Any,  # noqa: N802
        role: int = Qt.ItemDataRole.EditRole,
    ) -> bool:
        if not index.isValid() or self.on_edit is None:
            return False
        person = self._people[index.row()]
        col = index.column()
        if col == COL_ACTIVE and role == Qt.ItemDataRole.CheckStateRole:
            value = Qt.CheckState(value) == Qt.CheckState.Checked
        elif (
            role != Qt.ItemDataRole.EditRole
            or col == COL_ACTIVE
            or value == self.data(index, Qt.ItemDataRole.EditRole)
        ):
            return False
        message = self.on_edit(person, col, value)
        if message:
            if col != COL_ACTIVE:
                self._rejected[(person.id, col)] = str(value)
            self.edit_rejected.emit(self.index(index.row(), index.column()), message)
            return False
        return True

    def take_rejected(self, index: Index) -> str | None:
        if not index.isValid():
            return None
        return self._rejected.pop((self._people[index.row()].id, index.column()), None)
