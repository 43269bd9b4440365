"""The session planner: title, dilemma, date and time, attendance, and the timed agenda built
from the format library. Every edit is stored as it is made; Ctrl+Z undoes agenda changes.

Signals:
    back_requested(): the user wants to leave (Esc, Alt+Left or the Back button).
    session_created(str): a new session was made from a template (its id).
"""

from __future__ import annotations

import dataclasses
import html
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QDate, QModelIndex, Qt, QTime, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QSplitter,
    QTimeEdit,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from facilitator import agenda, formats
from facilitator import planning as core_planning
from facilitator.clock import Clock, SystemClock
from facilitator.errors import FacilitatorError
from facilitator.model import Participant, Phase, PhaseMode, Session, label
from facilitator.store import planning, sessions, teams, templates
from facilitator.store.database import Database
from ui.editing import CommitTextEdit, ErrorLabel, KeepTextDelegate, reopen_editor
from ui.models.agenda_model import (
    COL_DURATION,
    COL_MODE,
    COL_PER,
    COL_PROMPT,
    COL_START,
    COL_TITLE,
    AgendaModel,
)
from ui.screens.new_session import NewSessionDialog

STATUS_TEXT = {"planned": "Planned", "running": "Running", "finished": "Finished"}
UNDO_DEPTH = 50


class SaveTemplateDialog(QDialog):
    """Asks for a template name; offers to replace a template of the same name.

    Signals:
        saved(str): the template's name, after it was stored.
    """

    saved = Signal(str)

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
            f"{len(phases)} phases, {agenda.format_duration(agenda.total_s(phases))}."
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
        try:
            template = templates.save_template(
                self.database,
                self.team_id,
                self.name.text(),
                self.phases,
                replace=self.replace.isChecked(),
            )
        except FacilitatorError as exc:
            self.error.show_message(str(exc))
            if "already a template" in str(exc):
                self.replace.show()
            self.name.setFocus()
            return
        self.saved.emit(template.name)
        self.accept()


class PlannerScreen(QWidget):
    back_requested = Signal()
    session_created = Signal(str)

    def __init__(
        self, database: Database, clock: Clock | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("planner")
        self.database = database
        self.clock = clock or SystemClock()
        self.session: Session | None = None
        self.phases: list[Phase] = []
        self.people: list[Participant] = []
        self.present: set[str] = set()
        self._undo: list[tuple[str, list[Phase]]] = []
        self.dialog: QDialog | None = None

        # ---------------------------------------------------------- header
        self.back_button = QPushButton("← Workshops")
        self.back_button.setAccessibleName("Back to workshops")
        self.back_button.setToolTip(
            "Back to the list of workshops (Esc or Alt+Left). Everything is already saved."
        )
        self.back_button.clicked.connect(self.back_requested)
        self.heading = QLabel()
        self.heading.setProperty("role", "title")
        self.heading.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        # A long title must not widen the window past a 1366-pixel screen.
        self.heading.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.status_label = QLabel()
        self.status_label.setProperty("role", "subtitle")
        self.status_label.setAccessibleName("Session status")
        self.save_template_button = QPushButton("Sa&ve as template…")
        self.save_template_button.setToolTip(
            "Keep this agenda so the team can plan the next session from it."
        )
        self.save_template_button.clicked.connect(self.ask_save_template)
        self.from_template_button = QPushButton("New session from template…")
        self.from_template_button.clicked.connect(self.ask_new_from_template)
        header = QHBoxLayout()
        header.addWidget(self.back_button)
        header.addSpacing(12)
        header.addWidget(self.heading, 1)
        header.addWidget(self.status_label)
        header.addSpacing(12)
        header.addWidget(self.save_template_button)
        header.addWidget(self.from_template_button)

        # ---------------------------------------------------------- session details
        self.title_edit = QLineEdit()
        self.title_edit.setAccessibleName("Session title")
        self.title_edit.editingFinished.connect(self._on_title_edit_editing_finished)
        self.title_error = ErrorLabel()
        self.dilemma_edit = CommitTextEdit()
        self.dilemma_edit.setAccessibleName("Dilemma statement")
        self.dilemma_edit.setPlaceholderText(
            "The business dilemma the team works on: what is happening, what is at stake, "
            "and which two goods pull against each other."
        )
        self.dilemma_edit.editing_finished.connect(self._on_dilemma_edit_editing_finished)
        self.dilemma_error = ErrorLabel()
        self.date_edit = QDateEdit()
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("ddd d MMM yyyy")
        self.date_edit.setMinimumWidth(150)
        self.date_edit.setAccessibleName("Date")
        self.date_edit.dateChanged.connect(self._on_date_edit_date_changed)
        self.start_edit = QTimeEdit()
        self.start_edit.setDisplayFormat("HH:mm")
        self.start_edit.setAccessibleName("Planned start")
        self.start_edit.timeChanged.connect(self._on_start_edit_time_changed)
        self.available_spin = QSpinBox()
        self.available_spin.setRange(0, 24 * 60)
        self.available_spin.setSingleStep(15)
        self.available_spin.setSuffix(" min")
        self.available_spin.setSpecialValueText("No limit")
        self.available_spin.setAccessibleName("Time available in minutes")
        self.available_spin.valueChanged.connect(self._on_available_spin_value_changed)
        self.place_edit = QLineEdit()
        self.place_edit.setAccessibleName("Place")
        self.place_edit.setPlaceholderText("Meeting room, site or call")
        self.place_edit.editingFinished.connect(self._on_place_edit_editing_finished)
        self.details_error = ErrorLabel()
        when = QHBoxLayout()
        when.addWidget(self.date_edit, 1)
        when.addWidget(QLabel("at"))
        when.addWidget(self.start_edit)
        details_form = QFormLayout()
        details_form.addRow("&Title:", self.title_edit)
        details_form.addRow(self.title_error)
        details_form.addRow("&When:", when)
        details_form.addRow("Time &available:", self.available_spin)
        details_form.addRow("&Place:", self.place_edit)
        dilemma_label = QLabel("&Dilemma:")
        dilemma_label.setBuddy(self.dilemma_edit)
        when_label = details_form.labelForField(when)
        if isinstance(when_label, QLabel):
            when_label.setBuddy(self.date_edit)

        self.attendance_list = QListWidget()
        self.attendance_list.setAccessibleName("Attendance: who is present")
        self.attendance_list.itemChanged.connect(self._on_attendance_list_item_changed)
        self.attendance_label = QLabel("Who is pr&esent")
        self.attendance_label.setBuddy(self.attendance_list)
        self.attendance_error = ErrorLabel()

        details = QWidget()
        details_layout = QVBoxLayout(details)
        details_layout.setContentsMargins(0, 0, 6, 0)
        details_layout.addLayout(details_form)
        details_layout.addWidget(dilemma_label)
        details_layout.addWidget(self.dilemma_edit, 3)
        details_layout.addWidget(self.dilemma_error)
        details_layout.addWidget(self.details_error)
        details_layout.addWidget(self.attendance_label)
        details_layout.addWidget(self.attendance_list, 2)
        details_layout.addWidget(self.attendance_error)

        # ---------------------------------------------------------- format library
        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText("Search formats (Ctrl+F)")
        self.search_edit.setAccessibleName("Search formats")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.textChanged.connect(self._on_search_edit_text_changed)
        # Type, then Enter adds the highlighted match; Down walks the matches in the list.
        self.search_edit.returnPressed.connect(self.add_current_format)
        self.purpose_combo = QComboBox()
        self.purpose_combo.setAccessibleName("Filter by purpose")
        self.purpose_combo.addItem("Every purpose", "")
        for key, text in formats.purposes().items():
            self.purpose_combo.addItem(text, key)
        self.purpose_combo.currentIndexChanged.connect(self._on_purpose_combo_changed)
        self.format_list = QListWidget()
        self.format_list.setAccessibleName("Format library")
        self.format_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.format_list.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.format_list.currentItemChanged.connect(self._on_format_list_current_changed)
        self.format_list.itemActivated.connect(self._on_format_list_item_activated)
        self.format_details = QLabel()
        self.format_details.setWordWrap(True)
        self.format_details.setTextFormat(Qt.TextFormat.RichText)
        self.format_details.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.format_details.setMinimumHeight(120)
        self.add_format_button = QPushButton("Add to agenda")
        self.add_format_button.setProperty("role", "primary")
        self.add_format_button.setToolTip(
            "Add the chosen format's steps at the end of the agenda (Enter in the list)"
        )
        self.add_format_button.clicked.connect(self.add_current_format)

        self.custom_title = QLineEdit()
        self.custom_title.setPlaceholderText("e.g. Coffee break")
        self.custom_title.setAccessibleName("Custom phase title")
        self.custom_mode = QComboBox()
        self.custom_mode.setAccessibleName("Custom phase speaking mode")
        for mode in PhaseMode:
            self.custom_mode.addItem(label(mode), mode.value)
        self.custom_mode.setCurrentIndex(self.custom_mode.findData(PhaseMode.OPEN.value))
        self.custom_mode.currentIndexChanged.connect(self._on_custom_mode_changed)
        self.custom_duration = QLineEdit("10")
        self.custom_duration.setAccessibleName("Custom phase duration")
        self.custom_duration.setToolTip("Minutes (10), minutes and seconds (2:30) or 90s")
        self.custom_duration_label = QLabel("&Minutes:")
        self.custom_duration_label.setBuddy(self.custom_duration)
        self.custom_add = QPushButton("Add &custom phase")
        self.custom_add.clicked.connect(self.add_custom_phase)
        self.custom_title.returnPressed.connect(self.add_custom_phase)
        self.custom_duration.returnPressed.connect(self.add_custom_phase)
        self.custom_error = ErrorLabel()
        custom_box = QGroupBox("Your own phase")
        custom_form = QFormLayout(custom_box)
        custom_form.addRow("T&itle:", self.custom_title)
        custom_form.addRow("Spea&king mode:", self.custom_mode)
        duration_row = QHBoxLayout()
        duration_row.addWidget(self.custom_duration, 1)
        duration_row.addWidget(self.custom_add)
        custom_form.addRow(self.custom_duration_label, duration_row)
        custom_form.addRow(self.custom_error)

        library = QWidget()
        library_layout = QVBoxLayout(library)
        library_layout.setContentsMargins(6, 0, 6, 0)
        library_title = QLabel("Format &library")
        library_title.setBuddy(self.format_list)
        library_title.setProperty("role", "subtitle")
        library_layout.addWidget(library_title)
        library_layout.addWidget(self.search_edit)
        library_layout.addWidget(self.purpose_combo)
        library_layout.addWidget(self.format_list, 3)
        library_layout.addWidget(self.format_details, 2)
        library_layout.addWidget(self.add_format_button)
        library_layout.addWidget(custom_box)

        # ---------------------------------------------------------- agenda
        self.model = AgendaModel(self)
        self.model.on_edit = self._apply_edit
        self.model.edit_rejected.connect(self._on_model_edit_rejected)
        self.model.move_block_requested.connect(self._on_model_move_block_requested)
        self.model.move_step_requested.connect(self._on_model_move_step_requested)
        self.tree = QTreeView()
        self.tree.setAccessibleName("Agenda")
        self.tree.setModel(self.model)
        self.tree.setItemDelegate(KeepTextDelegate(self.tree))
        self.tree.setAlternatingRowColors(True)
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.tree.setDragEnabled(True)
        self.tree.setAcceptDrops(True)
        self.tree.setDropIndicatorShown(True)
        self.tree.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.tree.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.tree.setUniformRowHeights(True)
        head = self.tree.header()
        head.setStretchLastSection(True)
        head.setSectionResizeMode(COL_TITLE, QHeaderView.ResizeMode.ResizeToContents)
        head.setSectionResizeMode(COL_MODE, QHeaderView.ResizeMode.Interactive)
        for col in (COL_PER, COL_DURATION, COL_START):
            head.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.setColumnWidth(COL_MODE, 140)
        self.tree.selectionModel().currentChanged.connect(self._on_tree_current_changed)

        self.up_button = QPushButton("Move &up")
        self.up_button.setToolTip(
            "Move the selected step or format up (Ctrl+Up; Ctrl+Shift+Up moves the whole format)"
        )
        self.up_button.clicked.connect(lambda: self.nudge(-1))
        self.down_button = QPushButton("Move dow&n")
        self.down_button.setToolTip(
            "Move the selected step or format down (Ctrl+Down; "
            "Ctrl+Shift+Down moves the whole format)"
        )
        self.down_button.clicked.connect(lambda: self.nudge(+1))
        self.remove_button = QPushButton("Remove (Del)")
        self.remove_button.setToolTip(
            "Remove the selected step, or the whole format when its "
            "name is selected (Delete). Ctrl+Z brings it back."
        )
        self.remove_button.clicked.connect(self.remove_selected)
        self.undo_button = QPushButton("Undo")
        self.undo_button.setToolTip("Undo the last agenda change (Ctrl+Z)")
        self.undo_button.clicked.connect(self.undo)
        tools = QHBoxLayout()
        agenda_title = QLabel("A&genda")
        agenda_title.setBuddy(self.tree)
        agenda_title.setProperty("role", "subtitle")
        tools.addWidget(agenda_title)
        tools.addStretch(1)
        for button in (self.up_button, self.down_button, self.remove_button, self.undo_button):
            tools.addWidget(button)

        self.summary_label = QLabel()
        self.summary_label.setAccessibleName("Agenda total and end time")
        self.summary_label.setStyleSheet("font-size: 13pt; font-weight: bold;")
        self.summary_label.setWordWrap(True)
        self.warning_label = QLabel()
        self.warning_label.setProperty("role", "banner")
        self.warning_label.setWordWrap(True)
        self.warning_label.setAccessibleName("Overrun warning")
        self.warning_label.hide()
        self.agenda_error = ErrorLabel()
        self.info_label = QLabel()
        self.info_label.setProperty("role", "hint")
        self.info_label.setWordWrap(True)
        self.info_label.hide()
        self.prompt_label = QLabel("Pr&ompt shown to the room")
        self.prompt_label.setWordWrap(True)
        self.prompt_edit = CommitTextEdit()
        self.prompt_edit.setAccessibleName("Prompt for the selected step")
        self.prompt_edit.setMaximumHeight(96)
        self.prompt_edit.editing_finished.connect(self._on_prompt_edit_editing_finished)
        self.prompt_label.setBuddy(self.prompt_edit)

        agenda_box = QWidget()
        agenda_layout = QVBoxLayout(agenda_box)
        agenda_layout.setContentsMargins(6, 0, 0, 0)
        agenda_layout.addLayout(tools)
        agenda_layout.addWidget(self.tree, 1)
        agenda_layout.addWidget(self.summary_label)
        agenda_layout.addWidget(self.warning_label)
        agenda_layout.addWidget(self.agenda_error)
        agenda_layout.addWidget(self.info_label)
        agenda_layout.addWidget(self.prompt_label)
        agenda_layout.addWidget(self.prompt_edit)

        splitter = QSplitter()
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(details)
        splitter.addWidget(library)
        splitter.addWidget(agenda_box)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 3)
        splitter.setStretchFactor(2, 7)
        splitter.setSizes([310, 300, 760])
        self.splitter = splitter

        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(splitter, 1)

        self._shortcut("Esc", self.back_requested.emit, self)
        self._shortcut("Alt+Left", self.back_requested.emit, self)
        self._shortcut("Ctrl+F", self._focus_search, self)
        self._shortcut("Ctrl+Z", self.undo, self)
        self._shortcut("Ctrl+Up", lambda: self.nudge(-1), self.tree)
        self._shortcut("Ctrl+Down", lambda: self.nudge(+1), self.tree)
        self._shortcut("Ctrl+Shift+Up", lambda: self.nudge(-1, whole_block=True), self.tree)
        self._shortcut("Ctrl+Shift+Down", lambda: self.nudge(+1, whole_block=True), self.tree)
        self._shortcut("Delete", self.remove_selected, self.tree)
        self._shortcut("Down", self.format_list.setFocus, self.search_edit)
        self._fill_library()

    @staticmethod
    def _shortcut(keys: str, slot: Callable[[], Any], on: QWidget) -> QShortcut:
        shortcut = QShortcut(QKeySequence(keys), on, slot)
        shortcut.setContext(
            Qt.ShortcutContext.WidgetWithChildrenShortcut
            if on.objectName() == "planner"
            else Qt.ShortcutContext.WidgetShortcut
        )
        return shortcut

    # ------------------------------------------------------------ loading
    def load(self, session_id: str) -> None:
        """Show a session for planning; raises FacilitatorError when it cannot be read."""
        session = sessions.get_session(self.database, session_id)
        if self.session is None or self.session.id != session_id:
            self._undo.clear()
            self._say("")
        self.session = session
        self.people = [
            p
            for p in teams.list_participants(self.database, session.team_id, include_inactive=True)
        ]
        self.present = set(sessions.present_ids(self.database, session_id))
        self.phases = sessions.list_phases(self.database, session_id)
        for label_ in (
            self.title_error,
            self.dilemma_error,
            self.details_error,
            self.attendance_error,
            self.agenda_error,
            self.custom_error,
        ):
            label_.clear_message()
        self._show_session()
        self._show_attendance()
        self._fill_library()
        self._refresh_agenda()

    def _show_session(self) -> None:
        session = self.session
        assert session is not None
        self.heading.setText(f"Plan: {session.title}")
        self.status_label.setText(f"Status: {STATUS_TEXT.get(session.status.value, '')}")
        self.title_edit.setText(session.title)
        self.title_edit.setCursorPosition(0)
        self.dilemma_edit.set_text(session.dilemma)
        self.place_edit.setText(session.place)
        for widget in (self.date_edit, self.start_edit, self.available_spin):
            widget.blockSignals(True)
        day = QDate.fromString(session.planned_date, "yyyy-MM-dd")
        if not day.isValid():
            today = self.clock.now().astimezone().date()
            day = QDate(today.year, today.month, today.day)
        self.date_edit.setDate(day)
        start = QTime.fromString(session.planned_start, "HH:mm")
        self.start_edit.setTime(start if start.isValid() else QTime(9, 0))
        self.available_spin.setValue(session.available_min or 0)
        for widget in (self.date_edit, self.start_edit, self.available_spin):
            widget.blockSignals(False)

    def _show_attendance(self) -> None:
        self.attendance_list.blockSignals(True)
        self.attendance_list.clear()
        for person in self.people:
            if not person.active and person.id not in self.present:
                continue
            text = person.name + (f" — {person.area}" if person.area else "")
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, person.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(
                Qt.CheckState.Checked if person.id in self.present else Qt.CheckState.Unchecked
            )
            self.attendance_list.addItem(item)
        self.attendance_list.blockSignals(False)
        self._update_attendance_label()

    def _update_attendance_label(self) -> None:
        total = self.attendance_list.count()
        if total == 0:
            self.attendance_label.setText(
                "Who is pr&esent — the team has nobody yet; add people in Team & roles (Ctrl+T)"
            )
            self.attendance_label.setWordWrap(True)
        else:
            self.attendance_label.setText(f"Who is pr&esent ({len(self.present)} of {total})")

    # ------------------------------------------------------------ session fields
    def _edit_session(self, error: ErrorLabel, **changes: Any) -> bool:
        if self.session is None:
            return False
        try:
            self.session = sessions.edit_session(self.database, self.session.id, **changes)
        except FacilitatorError as exc:
            error.show_message(str(exc))
            return False
        error.clear_message()
        self.heading.setText(f"Plan: {self.session.title}")
        self._refresh_summary()
        self.model.set_agenda(self.phases, self._starts())
        return True

    def _on_title_edit_editing_finished(self) -> None:
        if (
            self.session
            and self.title_edit.text() != self.session.title
            and self._edit_session(self.title_error, title=self.title_edit.text())
        ):
            assert self.session is not None
            self.title_edit.setText(self.session.title)

    def _on_dilemma_edit_editing_finished(self) -> None:
        text = self.dilemma_edit.toPlainText()
        if (
            self.session
            and text != self.session.dilemma
            and not self._edit_session(self.dilemma_error, dilemma=text)
        ):
            self.dilemma_edit.mark_unsaved()

    def _on_place_edit_editing_finished(self) -> None:
        if self.session and self.place_edit.text() != self.session.place:
            self._edit_session(self.details_error, place=self.place_edit.text())

    def _on_date_edit_date_changed(self, day: QDate) -> None:
        self._edit_session(self.details_error, planned_date=day.toString("yyyy-MM-dd"))

    def _on_start_edit_time_changed(self, moment: QTime) -> None:
        self._edit_session(self.details_error, planned_start=moment.toString("HH:mm"))

    def _on_available_spin_value_changed(self, minutes: int) -> None:
        self._edit_session(self.details_error, available_min=minutes or None)

    # ------------------------------------------------------------ attendance
    def _on_attendance_list_item_changed(self, item: QListWidgetItem) -> None:
        if self.session is None:
            return
        checked = []
        for row in range(self.attendance_list.count()):
            it = self.attendance_list.item(row)
            if it.checkState() == Qt.CheckState.Checked:
                checked.append(str(it.data(Qt.ItemDataRole.UserRole)))
        try:
            self.phases = core_planning.set_present(self.database, self.session.id, checked).value
        except FacilitatorError as exc:
            self.attendance_error.show_message(str(exc))
            self.attendance_list.blockSignals(True)
            pid = item.data(Qt.ItemDataRole.UserRole)
            item.setCheckState(
                Qt.CheckState.Checked if pid in self.present else Qt.CheckState.Unchecked
            )
            self.attendance_list.blockSignals(False)
            return
        self.attendance_error.clear_message()
        self.present = set(checked)
        self._update_attendance_label()
        self._fill_library()
        self._refresh_agenda()

    # ------------------------------------------------------------ library
    def _focus_search(self) -> None:
        self.search_edit.setFocus()
        self.search_edit.selectAll()

    def _fill_library(self) -> None:
        current = self.format_list.currentItem()
        keep = current.data(Qt.ItemDataRole.UserRole) if current else None
        found = formats.search(self.search_edit.text(), self.purpose_combo.currentData() or None)
        self.format_list.blockSignals(True)
        self.format_list.clear()
        present = len(self.present)
        for fmt in found:
            minutes = agenda.format_duration(fmt.planned_s(present))
            item = QListWidgetItem(f"{fmt.name}  ·  {minutes}")
            item.setData(Qt.ItemDataRole.UserRole, fmt.key)
            item.setToolTip(fmt.summary)
            self.format_list.addItem(item)
            if fmt.key == keep:
                self.format_list.setCurrentItem(item)
        if self.format_list.currentItem() is None and self.format_list.count():
            self.format_list.setCurrentRow(0)
        self.format_list.blockSignals(False)
        if not found:
            self.format_details.setText(
                "<i>No format matches. Clear the search or choose another purpose.</i>"
            )
        self._show_format_details()
        self.add_format_button.setEnabled(bool(found))

    def _show_format_details(self) -> None:
        item = self.format_list.currentItem()
        if item is None:
            return
        fmt = formats.get_format(str(item.data(Qt.ItemDataRole.UserRole)))
        present = len(self.present)
        steps = "".join(
            f"<li>{html.escape(s.title)} — {html.escape(label(s.mode))}, "
            f"{html.escape(agenda.format_duration(s.planned_s(present)))}"
            f"{' (' + agenda.format_clock(s.per_speaker_s) + ' each)' if s.per_speaker_s else ''}"
            "</li>"
            for s in fmt.steps
        )
        purposes = ", ".join(formats.purposes().get(p, p) for p in fmt.purposes)
        suits = f"Suits {fmt.min_people}–{fmt.max_people} people"
        if present and not fmt.suits(present):
            suits = f"<b>{suits}; {present} are present.</b>"
        self.format_details.setText(
            f"<b>{html.escape(fmt.name)}</b> <small>({html.escape(purposes)})</small><br>"
            f"{html.escape(fmt.summary)}<ul style='margin:2px 0'>{steps}</ul>{suits}"
        )

    def _on_search_edit_text_changed(self, _text: str) -> None:
        self._fill_library()

    def _on_purpose_combo_changed(self, _index: int) -> None:
        self._fill_library()

    def _on_format_list_current_changed(self, *_args: object) -> None:
        self._show_format_details()

    def _on_format_list_item_activated(self, _item: QListWidgetItem) -> None:
        self.add_current_format()

    def add_current_format(self) -> None:
        item = self.format_list.currentItem()
        if item is None or self.session is None:
            return
        fmt = formats.get_format(str(item.data(Qt.ItemDataRole.UserRole)))
        new = agenda.insert_format(self.phases, fmt, self.session.id, len(self.present))
        added = new[-len(fmt.steps)]
        if self._store_agenda(new, f"adding {fmt.name}"):
            self._say(
                f"Added {fmt.name} ({len(fmt.steps)} steps, "
                f"{agenda.format_duration(fmt.planned_s(len(self.present)))})."
                " Ctrl+Z takes it out again."
            )
            self._select(self.model.index_of(added.id).parent())

    def _on_custom_mode_changed(self, _index: int) -> None:
        rr = self.custom_mode.currentData() == PhaseMode.ROUND_ROBIN.value
        self.custom_duration_label.setText("Per &speaker:" if rr else "&Minutes:")
        if rr and self.custom_duration.text() == "10":
            self.custom_duration.setText("1")

    def add_custom_phase(self) -> None:
        if self.session is None:
            return
        mode = PhaseMode(self.custom_mode.currentData())
        try:
            seconds = agenda.parse_duration(
                self.custom_duration.text(),
                "Time per speaker" if mode is PhaseMode.ROUND_ROBIN else "Duration",
            )
            phase = agenda.custom_phase(
                self.session.id,
                self.custom_title.text(),
                seconds if mode is not PhaseMode.ROUND_ROBIN else max(seconds, 1),
                mode,
                present=len(self.present),
                per_speaker_s=seconds if mode is PhaseMode.ROUND_ROBIN else None,
            )
        except FacilitatorError as exc:
            self.custom_error.show_message(str(exc))
            focus = self.custom_title if "title" in str(exc).lower() else self.custom_duration
            focus.setFocus()
            return
        if self._store_agenda(
            agenda.insert_phase(self.phases, phase),
            f"adding {phase.title}",
            error=self.custom_error,
        ):
            self.custom_error.clear_message()
            self.custom_title.clear()
            self._say(f"Added {phase.title}. Ctrl+Z takes it out again.")
            self._select(self.model.index_of(phase.id))

    # ------------------------------------------------------------ agenda
    def _starts(self) -> dict[str, Any]:
        if self.session is None:
            return {}
        return {slot.phase.id: slot.start for slot in agenda.timeline(self.session, self.phases)}

    def _refresh_agenda(self, select: str | None = None) -> None:
        self.model.set_agenda(self.phases, self._starts())
        self.tree.expandAll()
        self._refresh_summary()
        if select:
            self._select(self.model.index_of(select))
        self._update_prompt_editor()
        self._update_buttons()

    def _refresh_summary(self) -> None:
        if self.session is None:
            return
        fit = agenda.fit(self.session, self.phases)
        present = len(self.present)
        self.summary_label.setText(
            f"{fit.summary()} · {present} {'person' if present == 1 else 'people'} present"
        )
        warning = fit.warning()
        self.warning_label.setText(f"⚠ {warning}" if warning else "")
        self.warning_label.setVisible(bool(warning))

    def _update_buttons(self) -> None:
        has = self.tree.currentIndex().isValid()
        for button in (self.up_button, self.down_button, self.remove_button):
            button.setEnabled(has)
        self.undo_button.setEnabled(bool(self._undo))
        self.undo_button.setToolTip(
            f"Undo {self._undo[-1][0]} (Ctrl+Z)" if self._undo else "Nothing to undo"
        )
        self.save_template_button.setEnabled(bool(self.phases))

    def _select(self, index: QModelIndex) -> None:
        if index.isValid():
            self.tree.setCurrentIndex(index)
            self.tree.scrollTo(index)

    def _store_agenda(
        self, new: list[Phase], what: str, *, error: ErrorLabel | None = None
    ) -> bool:
        """Store the agenda as given (one transaction) and remember the old one for undo."""
        if self.session is None:
            return False
        before = self.phases
        try:
            self.phases = planning.save_agenda(self.database, self.session.id, new)
        except FacilitatorError as exc:
            (error or self.agenda_error).show_message(str(exc))
            return False
        self.agenda_error.clear_message()
        self._push_undo(what, before)
        self._refresh_agenda()
        return True

    def _push_undo(self, what: str, before: list[Phase]) -> None:
        self._undo.append((what, before))
        del self._undo[:-UNDO_DEPTH]

    def selected_phase_id(self) -> str | None:
        index = self.tree.currentIndex()
        if not index.isValid():
            return None
        value = self.model.data(index.siblingAtColumn(0), Qt.ItemDataRole.UserRole)
        return str(value) if value else None

    def nudge(self, delta: int, whole_block: bool = False) -> None:
        """Move the selection one place: a step inside its format, a format as a whole."""
        index = self.tree.currentIndex()
        phase_id = self.selected_phase_id()
        if phase_id is None:
            return
        is_header = self.model.phase_at(index) is None
        new = agenda.nudge(self.phases, phase_id, delta, whole_block=whole_block or is_header)
        if new == self.phases:
            return
        column = index.column()
        if self._store_agenda(new, "the move"):
            target = self.model.index_of(phase_id)
            if is_header or whole_block:
                target = target.parent() if target.parent().isValid() else target
            self._select(target.siblingAtColumn(column))

    def _on_model_move_block_requested(self, source: int, to: int) -> None:
        first = agenda.blocks(self.phases)[source][0]
        new = agenda.move_block(self.phases, source, to)
        if new != self.phases and self._store_agenda(new, "the move"):
            target = self.model.index_of(first.id)
            self._select(target.parent() if target.parent().isValid() else target)

    def _on_model_move_step_requested(self, phase_id: str, to: int) -> None:
        new = agenda.move_step(self.phases, phase_id, to)
        if new != self.phases and self._store_agenda(new, "the move"):
            self._select(self.model.index_of(phase_id))

    def remove_selected(self) -> None:
        index = self.tree.currentIndex()
        phase_id = self.selected_phase_id()
        if phase_id is None:
            return
        phase = self.model.phase_at(index)
        block = self.model.block_of(index)
        if phase is None:
            steps = agenda.blocks(self.phases)[block]
            name = steps[0].group_title or "the format"
            new = agenda.remove_block(self.phases, phase_id)
            done = f"Removed {name} ({len(steps)} steps)."
        else:
            name = phase.title
            new = agenda.remove_phase(self.phases, phase_id)
            done = f"Removed {name}."
        if self._store_agenda(new, f"removing {name}"):
            self._say(f"{done} Press Ctrl+Z to bring it back.")
            count = self.model.block_count()
            if count:
                self._select(self.model.block_index(min(block, count - 1)))

    def undo(self) -> None:
        if not self._undo or self.session is None:
            self._say("Nothing to undo.")
            return
        what, before = self._undo[-1]
        restored = agenda.recompute(before, len(self.present))
        try:
            self.phases = planning.save_agenda(self.database, self.session.id, restored)
        except FacilitatorError as exc:
            self.agenda_error.show_message(str(exc))
            return
        self._undo.pop()
        self.agenda_error.clear_message()
        self._say(f"Undid {what}.")
        current = self.selected_phase_id()
        self._refresh_agenda(select=current)
        if not self.tree.currentIndex().isValid() and self.model.block_count():
            self._select(self.model.block_index(0))

    # ------------------------------------------------------------ inline edits
    def _apply_edit(self, phase: Phase, column: int, value: Any) -> str | None:
        """Store one cell edit; the message to show when it is refused."""
        present = len(self.present)
        try:
            if column == COL_TITLE:
                new = dataclasses.replace(phase, title=str(value))
            elif column == COL_MODE:
                new = agenda.change_mode(phase, PhaseMode(value), present)
            elif column == COL_PER:
                new = agenda.change_per_speaker(
                    phase, agenda.parse_duration(str(value), "Time per speaker"), present
                )
            elif column == COL_DURATION:
                new = agenda.change_duration(phase, agenda.parse_duration(str(value)))
            elif column == COL_PROMPT:
                new = dataclasses.replace(phase, prompt=str(value))
            else:
                return None
            if new == phase:
                return None
            stored = planning.edit_phase(self.database, new)
        except (FacilitatorError, ValueError) as exc:
            return str(exc)
        self._push_undo(f"the change to {phase.title}", self.phases)
        self.phases = agenda.replace_one(self.phases, stored)
        self.agenda_error.clear_message()
        self.model.set_agenda(self.phases, self._starts())
        self._refresh_summary()
        self._update_prompt_editor()
        self._update_buttons()
        return None

    def _on_model_edit_rejected(self, index: QModelIndex, message: str) -> None:
        self.agenda_error.show_message(message)
        reopen_editor(self.tree, index)

    def _on_tree_current_changed(self, *_args: object) -> None:
        self._update_prompt_editor()
        self._update_buttons()

    def _update_prompt_editor(self) -> None:
        phase = self.model.phase_at(self.tree.currentIndex())
        if phase is None:
            self.prompt_edit.set_text("")
            self.prompt_edit.setEnabled(False)
            self.prompt_label.setText("Pr&ompt shown to the room (choose a step)")
            return
        self.prompt_edit.setEnabled(True)
        self.prompt_label.setText(f"Pr&ompt shown to the room during “{phase.title}”")
        if not self.prompt_edit.hasFocus():
            self.prompt_edit.set_text(phase.prompt)

    def _on_prompt_edit_editing_finished(self) -> None:
        phase = self.model.phase_at(self.tree.currentIndex())
        if phase is None:
            return
        message = self._apply_edit(phase, COL_PROMPT, self.prompt_edit.toPlainText())
        if message:
            self.agenda_error.show_message(message)
            self.prompt_edit.mark_unsaved()

    def _say(self, text: str) -> None:
        """A short note under the agenda about what just happened (and how to undo it)."""
        self.info_label.setText(text)
        self.info_label.setVisible(bool(text))

    # ------------------------------------------------------------ templates
    def ask_save_template(self) -> None:
        if self.session is None:
            return
        if not self.phases:
            self.agenda_error.show_message(
                "The agenda is empty; add a format before saving it as a template."
            )
            return
        dialog = SaveTemplateDialog(
            self.database, self.session.team_id, list(self.phases), self.session.title, self
        )
        dialog.saved.connect(self._on_template_saved)
        self._open_dialog(dialog)

    def _on_template_saved(self, name: str) -> None:
        self._say(f"Saved the agenda as the template “{name}”.")

    def ask_new_from_template(self) -> None:
        if self.session is None:
            return
        team_templates = templates.list_templates(self.database, self.session.team_id)
        dialog = NewSessionDialog(
            self.database,
            self.session.team_id,
            team_templates[0].id if team_templates else None,
            self.clock,
            self,
        )
        dialog.created.connect(self._on_new_session_created)
        self._open_dialog(dialog)

    def _on_new_session_created(self, session_id: str) -> None:
        self.load(session_id)
        self.session_created.emit(session_id)

    def _open_dialog(self, dialog: QDialog) -> None:
        self.dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(self._on_dialog_finished)
        dialog.open()

    def _on_dialog_finished(self, _result: int) -> None:
        self.dialog = None
