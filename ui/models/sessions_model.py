"""A table model of sessions for the home screen: title, date, status, team."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from facilitator import session_time
from facilitator.model import Session
from ui.models.rows_model import RowsModel

COLUMNS = ("Title", "Date", "Status", "Team")
STATUS_TEXT = {"planned": "Planned", "running": "Running", "finished": "Finished"}


class SessionsModel(RowsModel[Session]):
    columns = COLUMNS

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._teams: dict[str, str] = {}

    def set_sessions(self, sessions: list[Session], team_names: dict[str, str]) -> None:
        self._teams = dict(team_names)
        self.set_rows(sessions)

    def session_at(self, row: int) -> Session:
        return self.row_at(row)

    def row_of(self, session_id: str) -> int:
        for row, session in enumerate(self._rows):
            if session.id == session_id:
                return row
        return -1

    def cell(self, session: Session, col: int, role: int) -> Any:
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if col == 0:
                return session.title
            if col == 1:
                return session_time.day_and_time(session)
            if col == 2:
                return STATUS_TEXT.get(session.status.value, session.status.value)
            return self._teams.get(session.team_id, "")
        if role == Qt.ItemDataRole.UserRole:
            return session.id
        if role == Qt.ItemDataRole.ToolTipRole and session.dilemma:
            return session.dilemma[:500]
        return None
