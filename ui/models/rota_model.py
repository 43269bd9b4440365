"""A table model of a session's roles: who holds each, why, and whether it is settled."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QFont

from ui import theme
from ui.models.rows_model import RowsModel

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


class RotaModel(RowsModel[RotaRow]):
    columns = COLUMNS

    def cell(self, row: RotaRow, col: int, role: int) -> Any:
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
        if (
            role == Qt.ItemDataRole.ForegroundRole
            and (row.holder_id is None or row.warning)
            and col in (1, 2)
        ):
            return QBrush(theme.colour("warning"))
        if role == Qt.ItemDataRole.UserRole:
            return row.role_id
        return None
