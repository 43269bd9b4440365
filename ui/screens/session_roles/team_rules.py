"""The team's rotation rules, as two ticks beside the rota: roles per agenda item or per
session, and whether newcomers shadow first. A change is a request for the Roles screen.

Signals (TeamRulesPanel):
    rules_requested(object): the user changed a tick; the ``RotationRules`` now shown.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QLabel, QVBoxLayout, QWidget

from facilitator.model import RotationRules
from facilitator.rotation import NEWCOMER_DAYS


class TeamRulesPanel(QWidget):
    """ "Team rules": per agenda item, newcomers shadow."""

    rules_requested = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._filling = False
        self.per_phase = QCheckBox("Change roles at every agenda &item")
        self.per_phase.setToolTip(
            "Off: one set of roles for the whole session. On: each "
            "agenda item (a format's steps together) gets its own."
        )
        self.per_phase.toggled.connect(self._on_box_toggled)
        self.shadow = QCheckBox("&Newcomers shadow before holding a role")
        self.shadow.setToolTip(
            f"Someone who joined the team in the last {NEWCOMER_DAYS} "
            "days watches an experienced holder once before holding it."
        )
        self.shadow.toggled.connect(self._on_box_toggled)
        title = QLabel("Team rules")
        title.setProperty("role", "subtitle")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(title)
        layout.addWidget(self.per_phase)
        layout.addWidget(self.shadow)

    def show_rules(self, rules: RotationRules) -> None:
        self._filling = True
        try:
            self.per_phase.setChecked(rules.per_phase)
            self.shadow.setChecked(rules.shadow_newcomers)
        finally:
            self._filling = False

    def set_editable(self, writable: bool, roles_stored: bool) -> None:
        """Per agenda item can change only before roles are stored; shadowing any time."""
        self.per_phase.setEnabled(writable and not roles_stored)
        self.shadow.setEnabled(writable)

    def _on_box_toggled(self, _checked: bool) -> None:
        if self._filling:
            return
        self.rules_requested.emit(
            RotationRules(
                per_phase=self.per_phase.isChecked(), shadow_newcomers=self.shadow.isChecked()
            )
        )
