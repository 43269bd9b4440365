"""The "New session" dialog: a title, the team, and an agenda to start from (blank or a
saved template). Creating stores the session, its attendance and agenda in one step.

Signals:
    created(str): the new session's id, after it was stored.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from facilitator import agenda
from facilitator.clock import Clock, SystemClock
from facilitator.errors import FacilitatorError
from facilitator.store import planning, teams, templates
from facilitator.store.database import Database
from ui.editing import ErrorLabel

DEFAULT_START = "09:00"
DEFAULT_AVAILABLE_MIN = 90


class NewSessionDialog(QDialog):
    created = Signal(str)

    def __init__(
        self,
        database: Database,
        team_id: str | None = None,
        template_id: str | None = None,
        clock: Clock | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("new_session_dialog")
        self.setWindowTitle("New session")
        self.database = database
        self.clock = clock or SystemClock()
        self.title = QLineEdit()
        self.title.setPlaceholderText("e.g. Pause or push on: the Bristol rollout")
        self.title.setAccessibleName("Session title")
        self.title_error = ErrorLabel()
        self.team = QComboBox()
        self.team.setAccessibleName("Team")
        for team in teams.list_teams(database):
            self.team.addItem(team.name, team.id)
        if team_id:
            self.team.setCurrentIndex(max(0, self.team.findData(team_id)))
        self.template = QComboBox()
        self.template.setAccessibleName("Start from")
        self.team.currentIndexChanged.connect(self._on_team_current_index_changed)
        self._fill_templates()
        if template_id:
            self.template.setCurrentIndex(max(0, self.template.findData(template_id)))
        self.error = ErrorLabel()
        hint = QLabel(
            "The session starts planned for today at 09:00 with 90 minutes; change "
            "the date, time and attendance in the planner."
        )
        hint.setProperty("role", "hint")
        hint.setWordWrap(True)

        form = QFormLayout()
        form.addRow("&Title:", self.title)
        form.addRow("", self.title_error)
        form.addRow("T&eam:", self.team)
        form.addRow("&Start from:", self.template)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.create_button = buttons.addButton(
            "Create and plan", QDialogButtonBox.ButtonRole.AcceptRole
        )
        buttons.accepted.connect(self._on_buttons_accepted)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        # Only once the buttons are in the dialog: before, the dialog does not know its
        # default and Enter would press the first button in the focus chain (Cancel).
        self.create_button.setDefault(True)
        self.resize(560, self.sizeHint().height())
        self.title.setFocus()

    def _fill_templates(self) -> None:
        self.template.clear()
        self.template.addItem("A blank agenda", "")
        team_id = self.team.currentData()
        if team_id:
            for t in templates.list_templates(self.database, team_id):
                self.template.addItem(
                    f"Template: {t.name} ({agenda.format_duration(t.planned_s)})", t.id
                )

    def _on_team_current_index_changed(self, _index: int) -> None:
        self._fill_templates()

    def _on_buttons_accepted(self) -> None:
        self.title_error.clear_message()
        self.error.clear_message()
        team_id = self.team.currentData()
        if not team_id:
            self.error.show_message("Create a team first (Team & roles, Ctrl+T).")
            return
        today = self.clock.now().astimezone().date().isoformat()
        try:
            session = planning.create_session(
                self.database,
                team_id,
                self.title.text(),
                template_id=self.template.currentData() or None,
                planned_date=today,
                planned_start=DEFAULT_START,
                available_min=DEFAULT_AVAILABLE_MIN,
            )
        except FacilitatorError as exc:
            target = self.title_error if "title" in str(exc).lower() else self.error
            target.show_message(str(exc))
            if target is self.title_error:
                self.title.setFocus()
            return
        self.created.emit(session.id)
        self.accept()
