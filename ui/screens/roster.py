"""Team & roles: create, rename, archive and delete teams, keep the roster (add, edit,
deactivate, delete or merge, import a CSV with a preview and undo it; ``roster_tidy``), and
edit the role catalogue (``roster_roles``: briefs, behaviours, opening lines, own roles,
which roles rotate).
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
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from facilitator import roster, roster_import
from facilitator.changes import Changes, Topic
from facilitator.errors import FacilitatorError
from facilitator.model import Participant, Team
from facilitator.store.database import Database
from ui import file_dialogs, ops
from ui.collation import sort_by_name
from ui.editing import ErrorLabel, reopen_editor
from ui.models.participants_model import (
    COL_ACTIVE,
    COL_AREA,
    COL_NAME,
    COL_NOTE,
    ParticipantsModel,
)
from ui.screens.roster_import_dialog import ImportDialog
from ui.screens.roster_people import people_table
from ui.screens.roster_roles import RoleCatalogue
from ui.screens.roster_tidy import RosterTidy


class RosterScreen(QWidget):
    back_requested = Signal()
    plan_requested = Signal(str)

    def __init__(self, database: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("roster")
        self.database = database
        self.team: Team | None = None
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
        self.plan_button.setToolTip(_PLAN_TIP)
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
        self.team_name.textEdited.connect(self._on_team_name_text_edited)

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
        self.new_team_name.textEdited.connect(self._on_new_team_name_text_edited)
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
        self.roles_tab = RoleCatalogue(database, self)
        self.tabs.addTab(self.roles_tab, "Role&s")

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
        for field in (self.add_name, self.add_area, self.add_note):
            field.textEdited.connect(self._on_add_field_text_edited)
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
        self.people_count.setWordWrap(True)  # a long line wraps rather than widen the window
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

    def own_keys(self) -> tuple[str, list[tuple[str, str]]]:
        """This screen's keys, for F1 to list first."""
        return ("On Team & roles", list(_KEYS))

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
        if self.isVisible():  # a dialog asked: the keyboard user is back on the list
            self.people_table.setFocus()

    def _show_team(self) -> None:
        has = self.team is not None
        widgets = (self.tabs, self.team_name, self.team_combo, self.team_actions)
        for widget in widgets:
            widget.setEnabled(has)
        self._update_plan_button()
        self.cancel_new_team.setVisible(has)
        self.team_name.setText(self.team.name if self.team else "")
        self.team_error.clear_message()
        self._show_people()
        self.roles_tab.show_team(self.team.id if self.team else None)

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
        """Another team chosen: what was said about the last one goes with it."""
        team_id = self.team_combo.currentData()
        if team_id:
            self.tidy.clear_notice()
            self.people_error.clear_message()
            self.add_error.clear_message()
            self.load(str(team_id))

    # A refusal under a field speaks of what was typed: it goes once the text changes.
    def _on_add_field_text_edited(self, _text: str) -> None:
        self.add_error.clear_message()

    def _on_team_name_text_edited(self, _text: str) -> None:
        self.team_error.clear_message()

    def _on_new_team_name_text_edited(self, _text: str) -> None:
        self.new_team_error.clear_message()

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

    def _update_plan_button(self) -> None:
        """Planning needs a team that is not archived; the tooltip says why when not."""
        refusal = roster.why_not_plannable(self.database, self.team.id) if self.team else ""
        self.plan_button.setEnabled(self.team is not None and not refusal)
        self.plan_button.setToolTip(refusal or _PLAN_TIP)

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
        """Deactivate or reactivate the selected person (Ctrl+D). The keyboard user keeps
        their place: the same row (or the one now there) stays selected and focused, and
        what was done is said on its own line, with Undo."""
        person = self._current_person()
        if person is None:
            return
        row = self.people_table.currentIndex().row()
        message = self._apply_person_edit(person, COL_ACTIVE, not person.active)
        if message:
            self.people_error.show_message(message)
            return
        self._keep_place(person.id, row)
        if not person.active:
            self.tidy.say(f"{person.name} is active again.")
            return
        hidden = "" if self.show_inactive.isChecked() else " (Show deactivated people lists them)"
        self.tidy.say(
            f"{person.name} deactivated: off the attendance lists, their history kept{hidden}.",
            lambda: self._reactivate(person),
        )

    def _reactivate(self, person: Participant) -> None:
        """Undo of a deactivation."""
        changes = ops.run_op(
            self,
            f"Could not reactivate {person.name}",
            lambda: roster.set_participant_active(self.database, person.id, True),
        )
        if changes is not None:
            self._show_people(select=person.id)
            self.people_table.setFocus()
            self.tidy.say(f"{person.name} is active again.")

    def _keep_place(self, person_id: str, row: int) -> None:
        """Select the person again, or whoever took their row when they left the list."""
        count = self.people_model.rowCount()
        found = self.people_model.row_of(person_id)
        place = found if found >= 0 else min(row, count - 1)
        if place >= 0:
            self.people_table.setCurrentIndex(self.people_model.index(place, COL_NAME))
            self.people_table.selectRow(place)
        self.people_table.setFocus()

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


# The keys of Team & roles, as F1 lists them (docs/keyboard.md gives the same).
_KEYS = (
    ("Enter", "Add the person typed"),
    ("F2", "Rename or edit a cell"),
    ("Ctrl+D", "Deactivate or reactivate"),
    ("Del", "Delete (or merge, deactivate)"),
    ("Ctrl+V", "Paste names (not in a field)"),
    ("Alt+M", "Merge into another person"),
    ("Ctrl+Enter", "Save a role's text"),
    ("Alt+P · Alt+S", "The People, Roles tabs"),
    ("Esc · Alt+Left", "Back to the workshops"),
)

_PLAN_TIP = "Create a session for this team and open the planner (Ctrl+N)"


def _name(item: Team | Participant) -> str:
    return item.name
