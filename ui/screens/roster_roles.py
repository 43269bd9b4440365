"""The roster screen's Roles tab: a team's role catalogue, which roles rotate, and each
role's name, brief, behaviours and opening line, stored as each field is left."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from facilitator import roster
from facilitator.model import Role
from facilitator.store.database import Database
from ui import ops
from ui.editing import CommitTextEdit, ErrorLabel


class RoleCatalogue(QWidget):
    """The role list (ticked roles rotate), a field to add one, and the chosen role's form."""

    def __init__(self, database: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.database = database
        # The screen acts: it already shows what it just did, so it skips the broadcast.
        self.owner: QWidget = parent or self
        self.team_id: str | None = None
        self.roles: list[Role] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._build())

    def show_team(self, team_id: str | None) -> None:
        """Show this team's roles (none without a team), keeping the chosen one if it is there."""
        self.team_id = team_id
        self._show_roles()

    def _build(self) -> QSplitter:
        self.role_list = QListWidget()
        self.role_list.setAccessibleName("Roles (ticked roles rotate)")
        self.role_list.currentRowChanged.connect(self._on_role_list_row_changed)
        self.role_list.itemChanged.connect(self._on_role_list_item_changed)
        self.new_role_name = QLineEdit()
        self.new_role_name.setAccessibleName("New role name")
        self.new_role_name.setPlaceholderText("A role of your own, e.g. Customer Voice")
        self.new_role_name.returnPressed.connect(self.add_role)
        add_role = QPushButton("&Add role")
        add_role.clicked.connect(self.add_role)
        self.role_add_error = ErrorLabel()
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 6, 0)
        roles_label = QLabel("Ro&les — tick the ones that rotate")
        roles_label.setBuddy(self.role_list)
        roles_label.setWordWrap(True)
        left_layout.addWidget(roles_label)
        left_layout.addWidget(self.role_list, 1)
        add_row = QHBoxLayout()
        add_row.addWidget(self.new_role_name, 1)
        add_row.addWidget(add_role)
        left_layout.addLayout(add_row)
        left_layout.addWidget(self.role_add_error)

        self.role_name = QLineEdit()
        self.role_name.setAccessibleName("Role name")
        self.role_name.editingFinished.connect(self._on_role_name_editing_finished)
        self.role_rotates = QCheckBox("Rotates: a different person takes it each session")
        self.role_rotates.toggled.connect(self._on_role_rotates_toggled)
        self.role_brief = CommitTextEdit()
        self.role_brief.setAccessibleName("Role brief")
        self.role_brief.setPlaceholderText("What the role does, in two or three sentences.")
        self.role_brief.editing_finished.connect(self._on_role_brief_editing_finished)
        self.role_behaviours = CommitTextEdit()
        self.role_behaviours.setAccessibleName("Role behaviours, one per line")
        self.role_behaviours.setPlaceholderText("Two or three concrete behaviours, one per line.")
        self.role_behaviours.editing_finished.connect(self._on_role_behaviours_editing_finished)
        self.role_opening = CommitTextEdit()
        self.role_opening.setAccessibleName("What to say at the start of a round")
        self.role_opening.setPlaceholderText("What the holder says when a round starts.")
        self.role_opening.setMaximumHeight(90)
        self.role_opening.editing_finished.connect(self._on_role_opening_editing_finished)
        self.role_error = ErrorLabel()
        self.role_form = QWidget()
        form = QFormLayout(self.role_form)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.addRow("Na&me:", self.role_name)
        form.addRow("", self.role_rotates)
        form.addRow("&Brief:", self.role_brief)
        form.addRow("Beha&viours:", self.role_behaviours)
        form.addRow("&Opening line:", self.role_opening)
        form.addRow(self.role_error)
        hint = QLabel(
            "Each role's brief is shown to its holder at handover. Changes are saved "
            "when you leave a field (or press Ctrl+Enter)."
        )
        hint.setProperty("role", "hint")
        hint.setWordWrap(True)
        form.addRow(hint)

        splitter = QSplitter()
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(left)
        splitter.addWidget(self.role_form)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([340, 800])
        return splitter

    def _show_roles(self, select: str | None = None) -> None:
        current = select or self._current_role_id()
        self.roles = roster.list_roles(self.database, self.team_id) if self.team_id else []
        self.role_list.blockSignals(True)
        self.role_list.clear()
        for role in self.roles:
            item = QListWidgetItem(role.name)
            item.setData(Qt.ItemDataRole.UserRole, role.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if role.rotates else Qt.CheckState.Unchecked)
            item.setToolTip("Rotates" if role.rotates else "Does not rotate")
            self.role_list.addItem(item)
        self.role_list.blockSignals(False)
        row = next((i for i, r in enumerate(self.roles) if r.id == current), 0)
        if self.roles:
            self.role_list.setCurrentRow(row)
        self._show_role_form()

    def _current_role_id(self) -> str | None:
        item = self.role_list.currentItem()
        return str(item.data(Qt.ItemDataRole.UserRole)) if item else None

    def current_role(self) -> Role | None:
        role_id = self._current_role_id()
        return next((r for r in self.roles if r.id == role_id), None)

    def _on_role_list_row_changed(self, _row: int) -> None:
        self._show_role_form()

    def _show_role_form(self) -> None:
        role = self.current_role()
        self.role_form.setEnabled(role is not None)
        self.role_error.clear_message()
        self.role_name.setText(role.name if role else "")
        self.role_rotates.blockSignals(True)
        self.role_rotates.setChecked(bool(role and role.rotates))
        self.role_rotates.blockSignals(False)
        self.role_brief.set_text(role.brief if role else "")
        self.role_behaviours.set_text("\n".join(role.behaviours) if role else "")
        self.role_opening.set_text(role.opening_line if role else "")

    def _save_role(self, **changes: Any) -> bool:
        role = self.current_role()
        if role is None:
            return False
        done = ops.run_op(
            self.owner,
            "Could not change the role",
            lambda: roster.update_role(self.database, role.id, **changes),
            inline=self.role_error,
        )
        if done is None:
            return False
        stored = done.value
        self.role_error.clear_message()
        self.roles = [stored if r.id == stored.id else r for r in self.roles]
        item = self.role_list.currentItem()
        self.role_list.blockSignals(True)
        item.setText(stored.name)
        item.setCheckState(Qt.CheckState.Checked if stored.rotates else Qt.CheckState.Unchecked)
        self.role_list.blockSignals(False)
        return True

    def _on_role_name_editing_finished(self) -> None:
        role = self.current_role()
        if role and self.role_name.text() != role.name:
            self._save_role(name=self.role_name.text())

    def _on_role_rotates_toggled(self, on: bool) -> None:
        if not self._save_role(rotates=on):
            self.role_rotates.blockSignals(True)
            self.role_rotates.setChecked(not on)
            self.role_rotates.blockSignals(False)

    def _on_role_list_item_changed(self, item: QListWidgetItem) -> None:
        role_id = str(item.data(Qt.ItemDataRole.UserRole))
        role = next((r for r in self.roles if r.id == role_id), None)
        if role is None:
            return
        rotates = item.checkState() == Qt.CheckState.Checked
        if rotates == role.rotates:
            return
        done = ops.run_op(
            self.owner,
            "Could not change the role",
            lambda: roster.update_role(self.database, role.id, rotates=rotates),
            inline=self.role_error,
        )
        if done is None:
            self.role_list.blockSignals(True)
            item.setCheckState(Qt.CheckState.Checked if role.rotates else Qt.CheckState.Unchecked)
            self.role_list.blockSignals(False)
            return
        stored = done.value
        self.roles = [stored if r.id == stored.id else r for r in self.roles]
        if self._current_role_id() == role_id:
            self.role_rotates.blockSignals(True)
            self.role_rotates.setChecked(rotates)
            self.role_rotates.blockSignals(False)

    def _on_role_brief_editing_finished(self) -> None:
        if not self._save_role(brief=self.role_brief.toPlainText()):
            self.role_brief.mark_unsaved()

    def _on_role_behaviours_editing_finished(self) -> None:
        lines = tuple(
            line.strip() for line in self.role_behaviours.toPlainText().splitlines() if line.strip()
        )
        if not self._save_role(behaviours=lines):
            self.role_behaviours.mark_unsaved()

    def _on_role_opening_editing_finished(self) -> None:
        if not self._save_role(opening_line=self.role_opening.toPlainText()):
            self.role_opening.mark_unsaved()

    def add_role(self) -> None:
        team_id, name = self.team_id, self.new_role_name.text()
        if team_id is None:
            return
        done = ops.run_op(
            self.owner,
            "Could not add the role",
            lambda: roster.add_role(self.database, team_id, name),
            inline=self.role_add_error,
        )
        if done is None:
            self.new_role_name.setFocus()
            return
        role = done.value
        self.role_add_error.clear_message()
        self.new_role_name.clear()
        self._show_roles(select=role.id)
        self.role_brief.setFocus()
