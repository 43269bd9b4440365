"""A table model of a session's roles: who holds each, why, and whether it is settled."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

COLUMNS = ("Role", "Holder", "Why", "Status")


@dataclass(frozen=True)
class RotaRow:
    """One role in the rota as the screen shows it."""

    role_id: str
    role: str
    holder_id: str | None
    holder: str
    shadow: str
    why: str
    status: str
    overridden: bool = False
    warning: str = ""


class RotaModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[RotaRow] = []

    def set_rows(self, rows: list[RotaRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> RotaRow:
        return self._rows[row]

    def rows(self) -> list[RotaRow]:
        return list(self._rows)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        col = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if col == 0:
                return row.role
            if col == 1:
                return row.holder + (f"\n{row.shadow} shadows" if row.shadow else "")
            if col == 2:
                return row.why + (f"\n⚠ {row.warning}" if row.warning else "")
            return row.status
        if role == Qt.ItemDataRole.ToolTipRole:
            return row.why + (f"\n{row.warning}" if row.warning else "")
        if role == Qt.ItemDataRole.FontRole and col in (0, 1):
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole and (row.holder_id is None or row.warning) \
                and col in (1, 2):
            return QBrush(QColor("#8a1c00"))
        if role == Qt.ItemDataRole.UserRole:
            return row.role_id
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None
