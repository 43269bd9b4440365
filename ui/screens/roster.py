"""Team & roles: create, rename, archive and delete teams, keep the roster (add, edit,
deactivate, delete or merge, import a CSV with a preview and undo it; ``roster_tidy``), and
edit the role catalogue (briefs, behaviours, opening lines, own roles, which roles rotate).
Everything is stored as it is edited; names are listed in the locale's order.

Signals:
    back_requested(): the user wants to leave (Esc, Alt+Left or the Back button).
    plan_requested(str): plan a new session for this team (its id).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from facilitator import roster, roster_import
from facilitator.changes import Changes, Topic
from facilitator.errors import FacilitatorError
from facilitator.model import Participant, Role, Team
from facilitator.store.database import Database
from ui import file_dialogs, ops
from ui.collation import sort_by_name
from ui.editing import CommitTextEdit, ErrorLabel, reopen_editor
from ui.models.participants_model import (
    COL_ACTIVE,
    COL_AREA,
    COL_NAME,
    COL_NOTE,
    ParticipantsModel,
)
from ui.screens.roster_import_dialog import ImportDialog
from ui.screens.roster_people import people_table
from ui.screens.roster_tidy import RosterTidy


class RosterScreen(QWidget):
    back_requested = Signal()
    plan_requested = Signal(str)

    def __init__(self, database: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("roster")
        self.database = database
        self.team: Team | None = None
        self.roles: list[Role] = []
        self.dialog: QDialog | None = None

        # ---------------------------------------------------------- header and team
        self.back_button = QPushButton("← Workshops")
        self.back_button.setAccessibleName("Back to workshops")
        self.back_button.setToolTip(
            "Back to the list of workshops (Esc or Alt+Left). Everything is already saved."
        )
        self.back_button.clicked.connect(self.back_requested)
        heading = QLabel("Team & roles")
        heading.setProperty("role", "title")
        self.plan_button = QPushButton("Plan a session for this team…")
        self.plan_button.setProperty("role", "primary")
        self.plan_button.setToolTip("Create a session for this team and open the planner (Ctrl+N)")
        self.plan_button.clicked.connect(self._on_plan_button_clicked)
        header = QHBoxLayout()
        header.addWidget(self.back_button)
        header.addSpacing(12)
        header.addWidget(heading, 1)
        header.addWidget(self.plan_button)

        self.team_combo = QComboBox()
        self.team_combo.setAccessibleName("Team")
        self.team_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.team_combo.setMinimumWidth(220)
        self.team_combo.currentIndexChanged.connect(self._on_team_combo_changed)
        self.team_name = QLineEdit()
        self.team_name.setAccessibleName("Team name")
        self.team_name.editingFinished.connect(self._on_team_name_editing_finished)
        self.new_team_button = QPushButton("Ne&w team…")
        self.new_team_button.clicked.connect(self.show_new_team)
        team_row = QHBoxLayout()
        team_label = QLabel("T&eam:")
        team_label.setBuddy(self.team_combo)
        rename_label = QLabel("&Name:")
        rename_label.setBuddy(self.team_name)
        team_row.addWidget(team_label)
        team_row.addWidget(self.team_combo)
        team_row.addSpacing(12)
        team_row.addWidget(rename_label)
        team_row.addWidget(self.team_name, 1)
        team_row.addWidget(self.new_team_button)
        self.team_actions = QPushButton("Ar&chive or delete…")
        self.team_actions.setAccessibleName("Archive or delete this team")
        team_row.addWidget(self.team_actions)
        self.team_error = ErrorLabel()

        self.new_team_box = QWidget()
        self.new_team_name = QLineEdit()
        self.new_team_name.setAccessibleName("New team name")
        self.new_team_name.setPlaceholderText("e.g. Northside operations team")
        self.new_team_name.returnPressed.connect(self.create_team)
        create = QPushButton("Create team")
        create.setProperty("role", "primary")
        create.clicked.connect(self.create_team)
        self.cancel_new_team = QPushButton("Cancel")
        self.cancel_new_team.clicked.connect(self._on_cancel_new_team_clicked)
        self.new_team_error = ErrorLabel()
        new_row = QHBoxLayout()
        new_label = QLabel("Name of the new &team:")
        new_label.setBuddy(self.new_team_name)
        new_row.addWidget(new_label)
        new_row.addWidget(self.new_team_name, 1)
        new_row.addWidget(create)
        new_row.addWidget(self.cancel_new_team)
        new_layout = QVBoxLayout(self.new_team_box)
        new_layout.setContentsMargins(0, 0, 0, 0)
        new_layout.addLayout(new_row)
        new_layout.addWidget(self.new_team_error)
        self.new_team_box.hide()

        self.tabs = QTabWidget()
        self.tabs.addTab(self._build_people(), "&People")
        self.tabs.addTab(self._build_roles(), "Role&s")

        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addLayout(team_row)
        layout.addWidget(self.team_error)
        layout.addWidget(self.new_team_box)
        layout.addWidget(self.tabs, 1)
        for key in ("Esc", "Alt+Left"):
            shortcut = QShortcut(QKeySequence(key), self, self.back_requested.emit)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        ops.follow(self, [Topic.TEAMS, Topic.PEOPLE, Topic.ROLE_CATALOGUE], self._on_changes)

    # ------------------------------------------------------------ people tab
    def _build_people(self) -> QWidget:
        self.add_name = QLineEdit()
        self.add_name.setAccessibleName("New person's name")
        self.add_name.setPlaceholderText("Name")
        self.add_area = QLineEdit()
        self.add_area.setAccessibleName("New person's area of work")
        self.add_area.setPlaceholderText("Area of work or expertise")
        self.add_note = QLineEdit()
        self.add_note.setAccessibleName("New person's note")
        self.add_note.setPlaceholderText("Note (optional)")
        self.add_button = QPushButton("&Add person")
        self.add_button.setProperty("role", "primary")
        self.add_button.clicked.connect(self.add_person)
        for field in (self.add_name, self.add_area, self.add_note):
            field.returnPressed.connect(self.add_person)
        self.add_error = ErrorLabel()
        add_row = QHBoxLayout()
        add_row.addWidget(self.add_name, 3)
        add_row.addWidget(self.add_area, 3)
        add_row.addWidget(self.add_note, 3)
        add_row.addWidget(self.add_button)

        self.people_model = ParticipantsModel(self)
        self.people_model.on_edit = self._apply_person_edit
        self.people_model.edit_rejected.connect(self._on_people_model_edit_rejected)
        self.people_table = people_table(self.people_model)
        self.people_table.selectionModel().currentRowChanged.connect(
            self._on_people_table_row_changed
        )
        self.people_error = ErrorLabel()

        self.toggle_button = QPushButton("&Deactivate")
        self.toggle_button.setToolTip(
            "Deactivate the selected person (Ctrl+D): they leave "
            "attendance lists; their history stays."
        )
        self.toggle_button.clicked.connect(self.toggle_active)
        self.show_inactive = QCheckBox("Sh&ow deactivated people")
        self.show_inactive.toggled.connect(self._on_show_inactive_toggled)
        self.import_button = QPushButton("&Import from a file…")
        self.import_button.setToolTip(
            "Add people from a spreadsheet (CSV or text), a Teams attendance report or vCard "
            "contacts; you see a preview first."
        )
        self.import_button.clicked.connect(self.choose_import_file)
        self.paste_button = QPushButton("Paste names…")
        self.paste_button.setToolTip(
            "Add the names on the clipboard (Ctrl+V): one per line, cells copied from a "
            "spreadsheet or addresses from an e-mail; you see a preview first."
        )
        self.paste_button.clicked.connect(self.paste_names)
        self.people_count = QLabel()
        self.people_count.setProperty("role", "hint")
        self.tidy = RosterTidy(self.database, lambda: self.team, self._current_person, self)
        self.tidy.roster_did_change.connect(self._on_tidy_roster_did_change)
        self.people_table.addAction(self.tidy.delete_action)
        self.team_actions.setMenu(self.tidy.team_menu)
        tools = QHBoxLayout()
        tools.addWidget(self.people_count, 1)
        tools.addWidget(self.show_inactive)
        tools.addWidget(self.toggle_button)
        tools.addWidget(self.tidy)
        tools.addWidget(self.import_button)
        tools.addWidget(self.paste_button)

        hint = QLabel(
            "Double-click a cell (or press F2) to edit it; changes are saved when you "
            "leave the cell. Everyone is an expert in their area of work."
        )
        hint.setProperty("role", "hint")
        hint.setWordWrap(True)
        page = QWidget()
        layout = QVBoxLayout(page)
        add_label = QLabel("Add someone to the team")
        add_label.setProperty("role", "subtitle")
        layout.addWidget(add_label)
        layout.addLayout(add_row)
        layout.addWidget(self.add_error)
        layout.addWidget(self.people_table, 1)
        layout.addWidget(self.people_error)
        layout.addLayout(tools)
        layout.addWidget(self.tidy.notice_row)
        layout.addWidget(hint)
        shortcut = QShortcut(QKeySequence("Ctrl+D"), page, self.toggle_active)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        # A text field takes Ctrl+V for itself first; anywhere else on the page it pastes names.
        paste = QShortcut(QKeySequence.StandardKey.Paste, page, self.paste_names)
        paste.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        return page

    # ------------------------------------------------------------ roles tab
    def _build_roles(self) -> QWidget:
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

    # ------------------------------------------------------------ loading
    def load(self, team_id: str | None = None) -> None:
        """Show a team (the first one when not given); offer to create one when none exist.
        Archived teams are listed last, marked, so that they can be brought back."""
        teams = sort_by_name(roster.list_teams(self.database, include_archived=True), _name)
        archived = {t.id for t in teams if roster.is_archived(self.database, t.id)}
        all_teams = [t for t in teams if t.id not in archived] + [
            t for t in teams if t.id in archived
        ]
        self.team_combo.blockSignals(True)
        self.team_combo.clear()
        for team in all_teams:
            self.team_combo.addItem(
                team.name + (" (archived)" if team.id in archived else ""), team.id
            )
        self.team_combo.blockSignals(False)
        if not all_teams:
            self.team = None
            self._show_team()
            self.show_new_team()
            return
        wanted = team_id if any(t.id == team_id for t in all_teams) else all_teams[0].id
        self.team_combo.blockSignals(True)
        self.team_combo.setCurrentIndex(self.team_combo.findData(wanted))
        self.team_combo.blockSignals(False)
        self.team = next(t for t in all_teams if t.id == wanted)
        self._show_team()

    def _on_changes(self, _changes: Changes) -> None:
        """Another screen changed the teams, people or roles: show them as they now are."""
        self.load(self.team.id if self.team else None)

    def _on_tidy_roster_did_change(self, team_id: str) -> None:
        """Show the roster as tidied; the selection stays on the same row, so that Del can
        go on down the list."""
        row = self.people_table.currentIndex().row()
        self.load(team_id or None)
        count = self.people_model.rowCount()
        if row >= 0 and count:
            self.people_table.selectRow(min(row, count - 1))

    def _show_team(self) -> None:
        has = self.team is not None
        widgets = (self.tabs, self.team_name, self.plan_button, self.team_combo, self.team_actions)
        for widget in widgets:
            widget.setEnabled(has)
        self.cancel_new_team.setVisible(has)
        self.team_name.setText(self.team.name if self.team else "")
        self.team_error.clear_message()
        self._show_people()
        self._show_roles()

    def _show_people(self, select: str | None = None) -> None:
        if self.team is None:
            self.people_model.set_people([])
            self.people_count.setText("")
            return
        people = sort_by_name(
            roster.list_participants(
                self.database, self.team.id, include_inactive=self.show_inactive.isChecked()
            ),
            _name,
        )
        self.people_model.set_people(people)
        active = sum(1 for p in people if p.active)
        self.people_count.setText(f"{active} active {'member' if active == 1 else 'members'}")
        if select:
            row = self.people_model.row_of(select)
            if row >= 0:
                self.people_table.selectRow(row)
        self._update_toggle()

    def _show_roles(self, select: str | None = None) -> None:
        current = select or self._current_role_id()
        self.roles = roster.list_roles(self.database, self.team.id) if self.team else []
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

    # ------------------------------------------------------------ teams
    def show_new_team(self) -> None:
        self.new_team_box.show()
        self.new_team_error.clear_message()
        self.new_team_name.setFocus()

    def _on_cancel_new_team_clicked(self) -> None:
        self.new_team_name.clear()
        self.new_team_box.hide()

    def create_team(self) -> None:
        name = self.new_team_name.text()
        done = ops.run_op(
            self,
            "Could not create the team",
            lambda: roster.create_team(self.database, name),
            inline=self.new_team_error,
        )
        if done is None:
            self.new_team_name.setFocus()
            return
        team = done.value
        self.new_team_name.clear()
        self.new_team_box.hide()
        self.load(team.id)
        self.tabs.setCurrentIndex(0)
        self.add_name.setFocus()

    def _on_team_combo_changed(self, _index: int) -> None:
        team_id = self.team_combo.currentData()
        if team_id:
            self.load(str(team_id))

    def _on_team_name_editing_finished(self) -> None:
        if self.team is None or self.team_name.text() == self.team.name:
            return
        team_id, name = self.team.id, self.team_name.text()
        done = ops.run_op(
            self,
            "Could not rename the team",
            lambda: roster.rename_team(self.database, team_id, name),
            inline=self.team_error,
        )
        if done is None:
            return
        self.team = done.value
        self.team_error.clear_message()
        self.team_name.setText(self.team.name)
        self.team_combo.setItemText(self.team_combo.currentIndex(), self.team.name)

    def _on_plan_button_clicked(self) -> None:
        if self.team:
            self.plan_requested.emit(self.team.id)

    # ------------------------------------------------------------ people
    def add_person(self) -> None:
        if self.team is None:
            return
        team_id = self.team.id
        name, area, note = self.add_name.text(), self.add_area.text(), self.add_note.text()
        done = ops.run_op(
            self,
            "Could not add the person",
            lambda: roster.add_participant(self.database, team_id, name, area, note),
            inline=self.add_error,
        )
        if done is None:
            self.add_name.setFocus()
            return
        person = done.value
        self.add_error.clear_message()
        for field in (self.add_name, self.add_area, self.add_note):
            field.clear()
        self.add_name.setFocus()
        self._show_people(select=person.id)

    def _apply_person_edit(self, person: Participant, column: int, value: Any) -> str | None:
        """Store one edited cell; the refusal's sentence when refused (the model keeps the
        typed text for the re-opened editor)."""
        if column == COL_ACTIVE:
            changes = ops.run_op(
                self,
                "Could not change the person",
                lambda: roster.set_participant_active(self.database, person.id, bool(value)),
                inline=self.people_error,
            )
        else:
            field = {COL_NAME: "name", COL_AREA: "area", COL_NOTE: "note"}[column]
            done = ops.run_op(
                self,
                "Could not change the person",
                lambda: roster.update_participant(self.database, person.id, **{field: str(value)}),
                inline=self.people_error,
            )
            changes = done.changes if done else None
        if changes is None:
            return self.people_error.text()
        self.people_error.clear_message()
        self._show_people(select=person.id)
        return None

    def _on_people_model_edit_rejected(self, index: QModelIndex, message: str) -> None:
        self.people_error.show_message(message)
        if index.column() != COL_ACTIVE:
            reopen_editor(self.people_table, index)

    def _current_person(self) -> Participant | None:
        index = self.people_table.currentIndex()
        return self.people_model.person_at(index.row()) if index.isValid() else None

    def _on_people_table_row_changed(self, *_args: object) -> None:
        self._update_toggle()

    def _update_toggle(self) -> None:
        person = self._current_person()
        self.toggle_button.setEnabled(person is not None)
        self.toggle_button.setText("Reacti&vate" if person and not person.active else "&Deactivate")
        self.tidy.update_actions()

    def toggle_active(self) -> None:
        person = self._current_person()
        if person is None:
            return
        message = self._apply_person_edit(person, COL_ACTIVE, not person.active)
        if message:
            self.people_error.show_message(message)
            return
        if person.active and not self.show_inactive.isChecked():
            self.people_error.show_message("")
            self.people_count.setText(
                self.people_count.text() + f" · {person.name} deactivated (tick 'Show deactivated "
                "people' to bring them back)"
            )

    def _on_show_inactive_toggled(self, _on: bool) -> None:
        self._show_people()

    # ------------------------------------------------------------ import
    def choose_import_file(self) -> None:
        if self.team is None:
            return
        path, _ = file_dialogs.get_open_file_name(
            self,
            "Import people from a file",
            str(file_dialogs.safe_start(None, self.database.path)),
            "Team lists (*.csv *.txt *.tsv *.vcf);;All files (*)",
        )
        if path:
            self.preview_import(Path(path))

    def preview_import(self, path: Path) -> None:
        """Check the file and show the preview; a file that cannot be used is explained."""
        assert self.team is not None
        try:
            preview = roster_import.preview_file(self.database, self.team.id, path)
        except FacilitatorError as exc:  # reading the file: a read, shown under the list
            self.people_error.show_message(f"{path.name}: {exc} Nobody was added.")
            return
        self._show_import_preview(preview, path.name)

    def paste_names(self) -> None:
        """Preview the names on the clipboard, as a file's are previewed."""
        if self.team is None:
            return
        text = QGuiApplication.clipboard().text()
        try:
            preview = roster_import.preview_pasted(self.database, self.team.id, text)
        except FacilitatorError as exc:  # reading the clipboard: a read, shown under the list
            self.people_error.show_message(f"{exc} Nobody was added.")
            return
        self._show_import_preview(preview, "pasted names")

    def _show_import_preview(self, preview: roster_import.Preview, source: str) -> None:
        self.people_error.clear_message()
        dialog = ImportDialog(self.database, preview, source, self)
        dialog.imported.connect(self._on_import_dialog_imported)
        self.dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(self._on_dialog_finished)
        dialog.open()

    def _on_import_dialog_imported(self, count: int) -> None:
        self._show_people()
        self.people_count.setText(
            self.people_count.text() + f" · {count} {'person' if count == 1 else 'people'} imported"
        )
        self.tidy.offer_undo_import(count)

    def _on_dialog_finished(self, _result: int) -> None:
        self.dialog = None

    # ------------------------------------------------------------ roles
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
            self,
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
            self,
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
        if self.team is None:
            return
        team_id, name = self.team.id, self.new_role_name.text()
        done = ops.run_op(
            self,
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


def _name(item: Team | Participant) -> str:
    return item.name
