"""A table model of sessions for the home screen: title, date, status, team."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from facilitator.model import Session

COLUMNS = ("Title", "Date", "Status", "Team")
STATUS_TEXT = {"planned": "Planned", "running": "Running", "finished": "Finished"}


class SessionsModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._sessions: list[Session] = []
        self._teams: dict[str, str] = {}

    def set_sessions(self, sessions: list[Session], team_names: dict[str, str]) -> None:
        self.beginResetModel()
        self._sessions = list(sessions)
        self._teams = dict(team_names)
        self.endResetModel()

    def session_at(self, row: int) -> Session:
        return self._sessions[row]

    def row_of(self, session_id: str) -> int:
        for row, session in enumerate(self._sessions):
            if session.id == session_id:
                return row
        return -1

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._sessions)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        session = self._sessions[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            col = index.column()
            if col == 0:
                return session.title
            if col == 1:
                when = session.planned_date or session.created_at[:10]
                return f"{when} {session.planned_start}".strip()
            if col == 2:
                return STATUS_TEXT.get(session.status.value, session.status.value)
            return self._teams.get(session.team_id, "")
        if role == Qt.ItemDataRole.UserRole:
            return session.id
        if role == Qt.ItemDataRole.ToolTipRole and session.dilemma:
            return session.dilemma[:500]
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None
