"""The "New session" dialog: a title, the team, and an agenda to start from (blank or a
saved template). Creating stores the session, its attendance and agenda in one step."""

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

from facilitator import durations, planning, roster
from facilitator.clock import Clock, SystemClock
from facilitator.store.database import Database
from ui import ops
from ui.editing import ErrorLabel

DEFAULT_START = "09:00"
DEFAULT_AVAILABLE_MIN = 90


class NewSessionDialog(QDialog):
    """Asks what the new session is called, for which team, and what agenda it starts with.

    Signals:
        created(str): the new session's id, after it was stored.
    """

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
        for team in roster.list_teams(database):
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
            for t in planning.list_templates(self.database, team_id):
                self.template.addItem(
                    f"Template: {t.name} ({durations.length_text(t.planned_s)})", t.id
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
        title, template_id = self.title.text(), self.template.currentData() or None
        done = ops.run_op(
            self,
            "Could not create the session",
            lambda: planning.create_session(
                self.database,
                team_id,
                title,
                template_id=template_id,
                planned_date=today,
                planned_start=DEFAULT_START,
                available_min=DEFAULT_AVAILABLE_MIN,
            ),
            inline=self.error,
        )
        if done is None:
            self._put_refusal_by_its_field()
            return
        self.created.emit(done.value.id)
        self.accept()

    def _put_refusal_by_its_field(self) -> None:
        """A refused title is said under the title, with the cursor back in it; any other
        refusal (a template gone, a read-only file) stays under the form."""
        message = self.error.text()
        if "title" in message.lower():
            self.error.clear_message()
            self.title_error.show_message(message)
            self.title.setFocus()
