"""The Roles screen in its own window, for the main window and the planner."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QVBoxLayout, QWidget

from facilitator.clock import Clock
from facilitator.store.database import Database
from ui.screens.session_roles.screen import SessionRolesScreen


class SessionRolesDialog(QDialog):
    """A session's roles in a window of their own; Esc or Close ends it."""

    def __init__(
        self,
        database: Database,
        session_id: str,
        clock: Clock | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Roles")
        self.roles = SessionRolesScreen(database, session_id, clock, self)
        self.roles.close_requested.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.roles)
        self.resize(1200, 720)
        self.roles.table.setFocus()
