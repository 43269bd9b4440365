"""The two ways to change a role by hand, each with a stated reason: reassign it to someone
else (chosen among the people here, with how often each held it) or swap it with another
role's holder. The dialog runs the change itself, so a refusal shows under its fields."""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
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

from facilitator.changes import Done
from facilitator.model import Role
from ui import ops
from ui.screens.session_roles.rota_rows import Candidate


class _ReasonDialog(QDialog):
    """Pick one option and say why; a refused change shows its message and keeps the text;
    ``done_value`` holds what the accepted change made."""

    def __init__(
        self,
        title: str,
        intro: str,
        choice_label: str,
        choice_name: str,
        options: list[tuple[str, str]],
        ok_text: str,
        example: str,
        action: Callable[[str, str], Done[Any]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self._action = action
        self._failure = f"Could not {ok_text.lower()}"
        self.done_value: Any = None
        self.choice = QComboBox()
        self.choice.setAccessibleName(choice_name)
        for text, value in options:
            self.choice.addItem(text, value)
        self.reason = QLineEdit()
        self.reason.setAccessibleName(f"Reason for the {ok_text.lower()}")
        self.reason.setPlaceholderText(example)
        self.error = QLabel()
        self.error.setProperty("role", "error")
        self.error.setWordWrap(True)
        self.error.hide()
        form = QFormLayout()
        intro_label = QLabel(intro)
        intro_label.setTextFormat(Qt.TextFormat.RichText)  # the callers escape what was typed
        form.addRow(intro_label)
        form.addRow(choice_label, self.choice)
        form.addRow("&Reason:", self.reason)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
        buttons.accepted.connect(self._on_buttons_accepted)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.resize(620, 220)

    def _on_buttons_accepted(self) -> None:
        choice, reason = str(self.choice.currentData()), self.reason.text()
        done = ops.run_op(
            self, self._failure, lambda: self._action(choice, reason), inline=self.error
        )
        if done is None:
            return  # refused: the message is under the fields, the typed reason stays
        self.done_value = done.value
        self.accept()


class ReassignDialog(_ReasonDialog):
    """Choose who takes a role and say why; the reason is stored with the change.
    ``action(participant_id, reason)`` makes the change."""

    def __init__(
        self,
        role: Role,
        holder: str,
        candidates: list[Candidate],
        action: Callable[[str, str], Done[Any]],
        parent: QWidget | None = None,
    ) -> None:
        intro = (
            f"{html.escape(role.name)} is now held by <b>{html.escape(holder)}</b>."
            if holder
            else f"Nobody holds {html.escape(role.name)} now."
        )
        super().__init__(
            f"Reassign {role.name}",
            intro,
            "&Who takes it:",
            f"Who takes {role.name}",
            [(c.label, c.participant.id) for c in candidates],
            "Reassign",
            "e.g. Ann presents the figures today",
            action,
            parent,
        )
        self.who = self.choice


class SwapDialog(_ReasonDialog):
    """Exchange the holders of two roles, with a reason. ``action(other_role_id, reason)``
    makes the change."""

    def __init__(
        self,
        role: Role,
        holder: str,
        others: list[tuple[str, str]],
        action: Callable[[str, str], Done[Any]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            f"Swap {role.name}",
            f"<b>{html.escape(holder)}</b> holds {html.escape(role.name)}.",
            "Swap &with:",
            "Swap with which role",
            [(text, role_id) for role_id, text in others],
            "Swap",
            "e.g. they asked to trade",
            action,
            parent,
        )
        self.other = self.choice
