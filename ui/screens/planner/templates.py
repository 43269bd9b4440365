"""Saving the planner's agenda as a template the team can start later sessions from: the
dialog that asks for its name and offers to replace a template of the same name."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from facilitator import agenda, durations, planning
from facilitator.model import Phase
from facilitator.store.database import Database
from ui import ops
from ui.editing import ErrorLabel


class SaveTemplateDialog(QDialog):
    """Asks for a template name; offers to replace a template of the same name.

    Signals:
        template_did_get_saved(str): the template's name, after it was stored.
    """

    template_did_get_saved = Signal(str)

    def __init__(
        self,
        database: Database,
        team_id: str,
        phases: list[Phase],
        suggestion: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("save_template_dialog")
        self.setWindowTitle("Save the agenda as a template")
        self.database, self.team_id, self.phases = database, team_id, phases
        self.name = QLineEdit(suggestion)
        self.name.setAccessibleName("Template name")
        self.name.selectAll()
        self.replace = QCheckBox("Replace the template with this name")
        self.replace.hide()
        self.error = ErrorLabel()
        info = QLabel(
            f"{len(phases)} phases, {durations.length_text(agenda.total_s(phases))}."
            " The team can start any later session from it."
        )
        info.setProperty("role", "hint")
        info.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.save_button = buttons.addButton(
            "Save template", QDialogButtonBox.ButtonRole.AcceptRole
        )
        buttons.accepted.connect(self._on_buttons_accepted)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow("&Name:", self.name)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(info)
        layout.addWidget(self.error)
        layout.addWidget(self.replace)
        layout.addWidget(buttons)
        # Only once the buttons are in the dialog: before, the dialog does not know its
        # default and Enter would press the first button in the focus chain (Cancel).
        self.save_button.setDefault(True)
        self.resize(480, self.sizeHint().height())

    def _on_buttons_accepted(self) -> None:
        name = self.name.text()
        done = ops.run_op(
            self,
            "Could not save the template",
            lambda: planning.save_template(
                self.database, self.team_id, name, self.phases, replace=self.replace.isChecked()
            ),
            inline=self.error,
        )
        if done is None:
            if planning.template_name_taken(self.database, self.team_id, name):
                self.replace.show()
            self.name.setFocus()
            return
        self.template_did_get_saved.emit(done.value.name)
        self.accept()
