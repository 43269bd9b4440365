"""The "New session" dialog: a title, the team, an agenda to start from (blank or a saved
template) and when it starts. Creating stores the session, its attendance and agenda in one
step.

What it proposes works for the facilitator: the team used last, and the next sensible start
(``planning.proposed_start``: the next half hour with time to set up, or tomorrow morning
when it is late), typed over freely ("14:30", "1430", "2pm").
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from facilitator import durations, planning, roster
from facilitator.changes import Done
from facilitator.clock import Clock, SystemClock
from facilitator.errors import ValidationError
from facilitator.model import Session
from facilitator.store.database import Database
from facilitator.time_of_day import time_text
from ui import ops
from ui.editing import ErrorLabel
from ui.time_field import TimeField

DEFAULT_AVAILABLE_MIN = 90
AGENDA_OF = "agenda of"  # the start chosen: the agenda of an earlier session


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
        self.agenda_of: str | None = None  # an earlier session whose agenda is offered
        self.title = QLineEdit()
        self.title.setPlaceholderText("e.g. Pause or push on: the Bristol rollout")
        self.title.setAccessibleName("Session title")
        self.title_error = ErrorLabel()
        self.team = QComboBox()
        self.team.setAccessibleName("Team")
        for team in roster.list_teams(database):
            self.team.addItem(team.name, team.id)
        team_id = team_id or planning.proposed_team_id(database)
        if team_id:
            self.team.setCurrentIndex(max(0, self.team.findData(team_id)))
        self.template = QComboBox()
        self.template.setAccessibleName("Start from")
        self.team.currentIndexChanged.connect(self._on_team_current_index_changed)
        self._fill_templates()
        if template_id:
            self.template.setCurrentIndex(max(0, self.template.findData(template_id)))
        self._build_when()
        self.error = ErrorLabel()
        hint = QLabel(
            f"Planned with {DEFAULT_AVAILABLE_MIN} minutes (a template keeps its own); "
            "change them, who is present and the agenda in the planner."
        )
        hint.setProperty("role", "hint")
        hint.setWordWrap(True)

        form = QFormLayout()
        form.addRow("&Title:", self.title)
        form.addRow("", self.title_error)
        form.addRow("T&eam:", self.team)
        form.addRow("&Start from:", self.template)
        form.addRow("&When:", self.when)
        when_label = form.labelForField(self.when)
        if isinstance(when_label, QLabel):
            when_label.setBuddy(self.date_edit)
        form.addRow("", self.when_error)
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

    def _build_when(self) -> None:
        """The date and start proposed (``planning.proposed_start``), both changeable."""
        day, start = planning.proposed_start(self.clock.now())
        self.date_edit = QDateEdit(QDate(day.year, day.month, day.day))
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("ddd d MMM yyyy")
        self.date_edit.setAccessibleName("Date")
        self.start_edit = TimeField("Planned start")
        self.start_edit.set_time(start)
        self.when_error = ErrorLabel()
        self.start_edit.time_was_refused.connect(self.when_error.show_message)
        self.start_edit.time_did_change.connect(self._on_start_edit_time_did_change)
        self.when = QWidget()
        row = QHBoxLayout(self.when)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.date_edit)
        row.addWidget(QLabel("at"))
        row.addWidget(self.start_edit, 1)

    def _on_start_edit_time_did_change(self, _start: str) -> None:
        self.when_error.clear_message()

    def _fill_templates(self) -> None:
        self.template.clear()
        self.template.addItem("A blank agenda", "")
        if self.agenda_of:
            earlier = planning.get_session(self.database, self.agenda_of)
            length = sum(p.planned_s for p in planning.list_phases(self.database, earlier.id))
            self.template.addItem(
                f"The agenda of “{earlier.title}” ({durations.minutes_text(length)})", AGENDA_OF
            )
        team_id = self.team.currentData()
        if team_id:
            found = planning.list_templates(self.database, team_id)
            labels = planning.template_labels(found)  # two of one name: when each was saved
            for t in found:
                self.template.addItem(
                    f"Template: {labels[t.id]} ({durations.length_text(t.planned_s)})", t.id
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
        self.when_error.clear_message()
        try:
            start = time_text(self.start_edit.value())
        except ValidationError as exc:
            self.when_error.show_message(str(exc))
            self.start_edit.setFocus()
            return
        day = self.date_edit.date().toString("yyyy-MM-dd")
        title, template_id = self.title.text(), self.template.currentData() or None
        done = ops.run_op(
            self,
            "Could not create the session",
            lambda: self._create(
                team_id,
                title,
                template_id=template_id,
                planned_date=day,
                planned_start=start,
                available_min=DEFAULT_AVAILABLE_MIN,
            ),
            inline=self.error,
        )
        if done is None:
            self._put_refusal_by_its_field()
            return
        self.created.emit(done.value.id)
        self.accept()

    def offer_agenda_of(self, session_id: str) -> None:
        """Offer (and choose) starting from an earlier session's agenda: the next session of
        a series keeps its shape, and is proposed a week on at the same hour."""
        self.agenda_of = session_id
        self._fill_templates()
        self.template.setCurrentIndex(self.template.findData(AGENDA_OF))
        earlier = planning.get_session(self.database, session_id)
        day, start = planning.proposed_next(earlier, self.clock.now())  # a week on
        self.date_edit.setDate(QDate(day.year, day.month, day.day))
        self.start_edit.set_time(start)

    def _create(
        self, team_id: str, title: str, template_id: str | None, **fields: Any
    ) -> Done[Session]:
        """Store the session, from the earlier session's agenda when that is the start."""
        if template_id == AGENDA_OF and self.agenda_of:
            return planning.create_session_from_agenda(
                self.database, team_id, title, self.agenda_of, **fields
            )
        return planning.create_session(
            self.database, team_id, title, template_id=template_id, **fields
        )

    def _put_refusal_by_its_field(self) -> None:
        """A refused title is said under the title, with the cursor back in it; any other
        refusal (a template gone, a read-only file) stays under the form."""
        message = self.error.text()
        if "title" in message.lower():
            self.error.clear_message()
            self.title_error.show_message(message)
            self.title.setFocus()
