"""The opt-outs of one person: which roles they do not take, until a date or for good."""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from facilitator.changes import Done
from facilitator.clock import utc_now_iso
from facilitator.model import Participant, Role, RoleOptOut
from ui import ops


class OptOutDialog(QDialog):
    """Which roles a person does not take, until when, and why; ``action(optouts)`` stores
    them, and a refusal shows under the fields."""

    def __init__(
        self,
        person: Participant,
        roles: list[Role],
        current: list[RoleOptOut],
        today: QDate,
        action: Callable[[list[RoleOptOut]], Done[Any]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Opt-outs for {person.name}")
        self._action = action
        self._person = person
        mine = {o.role_id: o for o in current}
        self.boxes: dict[str, QCheckBox] = {}
        layout = QVBoxLayout(self)
        intro = QLabel(f"Roles <b>{html.escape(person.name)}</b> does not take:")
        intro.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(intro)
        for role in roles:
            box = QCheckBox(role.name)
            box.setChecked(role.id in mine)
            self.boxes[role.id] = box
            layout.addWidget(box)
        ends = sorted(o.until for o in current if o.until)
        self.forever = QCheckBox("Until we change it (no end date)")
        self.forever.setChecked(not ends)
        self.until = QDateEdit()
        self.until.setAccessibleName("Last day of the opt-out")
        self.until.setCalendarPopup(True)
        self.until.setDisplayFormat("d MMM yyyy")
        self.until.setDate(QDate.fromString(ends[-1], "yyyy-MM-dd") if ends else today.addMonths(3))
        self.until.setEnabled(bool(ends))
        self.forever.toggled.connect(lambda on: self.until.setEnabled(not on))
        self.note = QLineEdit(next((o.note for o in current if o.note), ""))
        self.note.setAccessibleName("Note")
        self.note.setPlaceholderText("e.g. not Timekeeper this quarter")
        form = QFormLayout()
        form.addRow(self.forever)
        form.addRow("&Last day:", self.until)
        form.addRow("&Note:", self.note)
        layout.addLayout(form)
        self.error = QLabel()
        self.error.setProperty("role", "error")
        self.error.hide()
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._on_buttons_accepted)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def optouts(self) -> list[RoleOptOut]:
        until = "" if self.forever.isChecked() else self.until.date().toString("yyyy-MM-dd")
        return [
            RoleOptOut(
                self._person.id,
                role_id,
                until=until,
                note=self.note.text(),
                created_at=utc_now_iso(),
            )
            for role_id, box in self.boxes.items()
            if box.isChecked()
        ]

    def _on_buttons_accepted(self) -> None:
        optouts = self.optouts()
        title = "Could not save the opt-outs"
        if ops.run_op(self, title, lambda: self._action(optouts), inline=self.error) is None:
            return
        self.accept()
