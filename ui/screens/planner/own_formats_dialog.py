"""Your formats: the formats the team keeps beside the library's. List them (timed for the
people present), edit one (name, summary, purposes, group size, its steps and which of them
repeat, and how), delete one (with Undo and Ctrl+Z), export some to a formats file and
import one (docs/formats.md). Every change goes through the core (facilitator/own_formats.py)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from facilitator import durations, formats, own_formats, own_formats_file, rounds
from facilitator.changes import Changes, Topic
from facilitator.errors import ValidationError
from facilitator.formats import Format, Step
from facilitator.model import PhaseMode, label
from facilitator.store.database import Database
from ui import file_dialogs, ops
from ui.editing import ErrorLabel

EXPORTS, IMPORTS = "export", "import"  # the folders remembered, shared with the File menu
FILE_FILTER = "Facilitator formats (*.json)"
TITLE, MODE, TIME, REPEATS, PROMPT = range(5)
HEADERS = ("Step", "Speaking", "Minutes", "Repeats", "Prompt")
STEP_ROLE = Qt.ItemDataRole.UserRole  # on the title cell: the step the row was, for what it keeps
REPEAT_KINDS = (
    (rounds.MEMBER, "A round for each member of a group of"),
    (rounds.PERSON, "A round for each person present"),
    (rounds.TIMES, "A fixed number of rounds:"),
)
SAVE_FAILED = "Could not save the format"


@dataclass(frozen=True)
class _FormState:
    """What the form shows, to tell whether it has been changed since it was loaded."""

    name: str
    summary: str
    purposes: tuple[str, ...]
    size: tuple[int, int]
    rows: tuple[own_formats.TypedStep, ...]
    repeat: str


class ModeDelegate(QStyledItemDelegate):
    """The Speaking column's editor: a list of the speaking modes."""

    def createEditor(  # noqa: N802
        self,
        parent: QWidget,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> QWidget:
        combo = QComboBox(parent)
        combo.setAccessibleName("Speaking mode")
        for mode in PhaseMode:
            combo.addItem(label(mode), mode.value)
        return combo

    def setEditorData(  # noqa: N802
        self, editor: QWidget, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        if isinstance(editor, QComboBox):
            editor.setCurrentIndex(max(0, editor.findData(index.data(STEP_ROLE))))

    def setModelData(  # noqa: N802
        self,
        editor: QWidget,
        model: QAbstractItemModel,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentData(), STEP_ROLE)
            model.setData(index, editor.currentText(), Qt.ItemDataRole.DisplayRole)


class OwnFormatsDialog(QDialog):
    """Your formats: the list, one format's form, delete with undo, export and import."""

    def __init__(self, database: Database, present: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("own_formats_dialog")
        self.setWindowTitle("Your formats")
        self.database, self.present = database, present
        self.key: str | None = None  # the format in the form
        self.loaded: _FormState | None = None
        self.deleted: list[own_formats.Deleted] = []  # what Undo brings back, latest last
        self._build()
        self._connect()
        ops.follow(self, [Topic.FORMATS], self._on_formats_changed)
        self.reload()
        self._fit()

    # ------------------------------------------------------------ building
    def _build(self) -> None:
        self.format_list = QListWidget()
        self.format_list.setAccessibleName("Your formats")
        self.format_list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.format_list.setMinimumWidth(260)
        self.format_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.format_list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.empty_label = QLabel(
            "No formats of your own yet. In the planner, select a format on the agenda and "
            "choose Save as format…, or import a formats file."
        )
        self.empty_label.setWordWrap(True)
        self.empty_label.setProperty("role", "hint")
        self.import_button = QPushButton("&Import…")
        self.import_button.setToolTip("Add the formats of a formats file (.json)")
        self.export_button = QPushButton("E&xport…")
        self.export_button.setToolTip("Write the selected formats to a file for another laptop")
        self.delete_button = QPushButton("&Delete")
        self.delete_button.setToolTip("Delete the selected format (Delete); Undo brings it back")
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        self.status_label.setProperty("role", "hint")
        self.status_label.setAccessibleName("What was done")
        self.undo_button = QPushButton("&Undo")
        self.undo_button.setToolTip("Bring back the format just deleted (Ctrl+Z)")
        self.undo_button.hide()

        list_label = QLabel("&Formats:")
        list_label.setBuddy(self.format_list)
        file_row = QHBoxLayout()
        for button in (self.import_button, self.export_button, self.delete_button):
            file_row.addWidget(button)
        undo_row = QHBoxLayout()
        undo_row.addWidget(self.status_label, 1)
        undo_row.addWidget(self.undo_button)
        left = QVBoxLayout()
        left.addWidget(list_label)
        left.addWidget(self.format_list, 1)
        left.addWidget(self.empty_label)
        left.addLayout(file_row)
        left.addLayout(undo_row)

        self.name_edit = QLineEdit()
        self.name_edit.setAccessibleName("Format name")
        self.summary_edit = QLineEdit()
        self.summary_edit.setAccessibleName("Summary")
        self.summary_edit.setPlaceholderText("What it is for, in a sentence")
        self.purpose_boxes: dict[str, QCheckBox] = {}
        purposes = QGridLayout()
        for i, (key, text) in enumerate(formats.purposes().items()):
            box = QCheckBox(text)
            box.setAccessibleName(f"Purpose: {text}")
            self.purpose_boxes[key] = box
            purposes.addWidget(box, i // 2, i % 2)
        self.min_spin = QSpinBox()
        self.min_spin.setRange(1, own_formats.MAX_GROUP)
        self.min_spin.setAccessibleName("Fewest people")
        self.max_spin = QSpinBox()
        self.max_spin.setRange(1, own_formats.MAX_GROUP)
        self.max_spin.setAccessibleName("Most people")
        size_row = QHBoxLayout()
        size_row.addWidget(self.min_spin)
        size_row.addWidget(QLabel("to"))
        size_row.addWidget(self.max_spin)
        size_row.addWidget(QLabel("people"))
        size_row.addStretch(1)

        self.steps_table = QTableWidget(0, len(HEADERS))
        self.steps_table.setHorizontalHeaderLabels(HEADERS)
        self.steps_table.setAccessibleName("Steps")
        self.steps_table.setAccessibleDescription(
            "F2 edits a cell; Space ticks Repeats; the time is minutes (10), 2:30 or 90s, "
            "per speaker for a round-robin"
        )
        self.steps_table.setTabKeyNavigation(False)
        self.steps_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.steps_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.steps_table.setItemDelegateForColumn(MODE, ModeDelegate(self.steps_table))
        header = self.steps_table.horizontalHeader()
        header.setSectionResizeMode(TITLE, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(PROMPT, QHeaderView.ResizeMode.Stretch)
        for column in (MODE, TIME, REPEATS):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.steps_table.setColumnWidth(TITLE, 180)
        self.steps_table.verticalHeader().setVisible(True)
        self.add_step_button = QPushButton("&Add step")
        self.remove_step_button = QPushButton("&Remove step")
        self.up_button = QPushButton("Move u&p")
        self.down_button = QPushButton("Move do&wn")
        for button, tip in (
            (self.add_step_button, "Add a step after the selected one"),
            (self.remove_step_button, "Take the selected step out"),
            (self.up_button, "Move the selected step up (Ctrl+Up)"),
            (self.down_button, "Move the selected step down (Ctrl+Down)"),
        ):
            button.setToolTip(tip)
        step_row = QHBoxLayout()
        for button in (
            self.add_step_button,
            self.remove_step_button,
            self.up_button,
            self.down_button,
        ):
            step_row.addWidget(button)
        step_row.addStretch(1)
        self.repeat_combo = QComboBox()
        self.repeat_combo.setAccessibleName("How the repeated steps repeat")
        for kind, text in REPEAT_KINDS:
            self.repeat_combo.addItem(text, kind)
        self.repeat_spin = QSpinBox()
        self.repeat_spin.setRange(1, rounds.MAX_ROUNDS)
        self.repeat_spin.setValue(3)
        repeat_row = QHBoxLayout()
        repeat_row.addWidget(self.repeat_combo)
        repeat_row.addWidget(self.repeat_spin)
        repeat_row.addStretch(1)
        self.plan_label = QLabel()
        self.plan_label.setWordWrap(True)
        self.plan_label.setProperty("role", "hint")
        self.plan_label.setAccessibleName("The format's length")
        self.error = ErrorLabel()
        # The credit of the formats it was made from: it stays with the format, unedited.
        self.credit_label = QLabel()
        self.credit_label.setWordWrap(True)
        self.credit_label.setTextFormat(Qt.TextFormat.PlainText)
        self.credit_label.setProperty("role", "hint")
        self.credit_label.setAccessibleName("Credit")

        form = QFormLayout()
        form.addRow("&Name:", self.name_edit)
        form.addRow("S&ummary:", self.summary_edit)
        form.addRow(self.credit_label)
        form.addRow("Purposes:", purposes)
        size_label = QLabel("&Group size:")
        size_label.setBuddy(self.min_spin)
        form.addRow(size_label, size_row)
        steps_label = QLabel("&Steps (one round of the repeated ones):")
        steps_label.setBuddy(self.steps_table)
        repeat_label = QLabel("Steps ticked in Repeats run as:")
        repeat_label.setBuddy(self.repeat_combo)
        right = QVBoxLayout()
        right.addLayout(form)
        right.addWidget(steps_label)
        right.addWidget(self.steps_table, 1)
        right.addLayout(step_row)
        right.addWidget(repeat_label)
        right.addLayout(repeat_row)
        right.addWidget(self.plan_label)
        self.editor = QWidget()
        self.editor.setLayout(right)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.save_button = self.buttons.addButton("Save", QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setToolTip("Save the changes to this format (Enter)")
        columns = QHBoxLayout()
        columns.addLayout(left, 2)
        columns.addWidget(self.editor, 5)
        layout = QVBoxLayout(self)
        layout.addLayout(columns, 1)
        layout.addWidget(self.error)  # outside the form: a refused import shows with no format
        layout.addWidget(self.buttons)
        self.save_button.setDefault(True)  # once in the dialog, so Enter saves

    def _connect(self) -> None:
        self.format_list.currentItemChanged.connect(self._on_format_list_current_changed)
        self.import_button.clicked.connect(self.import_file)
        self.export_button.clicked.connect(self.export_selected)
        self.delete_button.clicked.connect(self.delete_current)
        self.undo_button.clicked.connect(self.undo_delete)
        self.add_step_button.clicked.connect(self.add_step)
        self.remove_step_button.clicked.connect(self.remove_step)
        self.up_button.clicked.connect(lambda: self.move_step(-1))
        self.down_button.clicked.connect(lambda: self.move_step(1))
        self.repeat_combo.currentIndexChanged.connect(self._on_repeat_changed)
        self.repeat_spin.valueChanged.connect(self._show_plan)
        self.steps_table.itemChanged.connect(self._show_plan)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        QShortcut(
            QKeySequence.StandardKey.Delete,
            self.format_list,
            self.delete_current,
            context=Qt.ShortcutContext.WidgetShortcut,
        )
        QShortcut(QKeySequence.StandardKey.Undo, self, self.undo_delete)
        for keys, delta in (("Ctrl+Up", -1), ("Ctrl+Down", 1)):
            QShortcut(
                QKeySequence(keys),
                self.steps_table,
                lambda d=delta: self.move_step(d),
                context=Qt.ShortcutContext.WidgetShortcut,
            )

    def _fit(self) -> None:
        """As large as is comfortable, never larger than the screen it opens on."""
        screen = self.screen() or QGuiApplication.primaryScreen()
        area = screen.availableGeometry() if screen else None
        width, height = 1180, 680
        if area is not None:
            width, height = min(width, area.width() - 40), min(height, area.height() - 40)
        self.resize(width, height)

    # ------------------------------------------------------------ the list
    def reload(self) -> None:
        """The list from the database; the form keeps the format it shows while it exists."""
        mine = own_formats.list_own(self.database)
        keep = self.key
        self.format_list.blockSignals(True)
        self.format_list.clear()
        for fmt in mine:
            item = QListWidgetItem(self._line(fmt))
            item.setData(Qt.ItemDataRole.UserRole, fmt.key)
            self.format_list.addItem(item)
        self.format_list.blockSignals(False)
        self.empty_label.setVisible(not mine)
        for button in (self.export_button, self.delete_button):
            button.setEnabled(bool(mine))
        keys = [f.key for f in mine]
        if keep in keys:
            self.format_list.setCurrentRow(keys.index(keep))
        elif mine:
            self.format_list.setCurrentRow(0)  # loads it (the list's current item changed)
        else:
            self._load(None)

    def _line(self, fmt: Format) -> str:
        """ "Our troika" over "30 min for 6 · 3 rounds" (the steps when none repeat)."""
        minutes = durations.length_text(fmt.planned_s(self.present))
        where = f"{minutes} for {self.present}" if self.present else minutes
        count = fmt.rounds(self.present)
        if count:
            more = f"{count} round" + ("" if count == 1 else "s")
        else:
            more = f"{len(fmt.steps)} step" + ("" if len(fmt.steps) == 1 else "s")
        return f"{fmt.name}\n    {where} · {more}"

    def edit(self, key: str) -> None:
        """Open the form on this format (a key of one of yours), the name ready to type."""
        for row in range(self.format_list.count()):
            if self.format_list.item(row).data(Qt.ItemDataRole.UserRole) == key:
                self.format_list.setCurrentRow(row)
                break
        self.name_edit.setFocus()
        self.name_edit.selectAll()

    def _on_format_list_current_changed(
        self, current: QListWidgetItem | None, previous: QListWidgetItem | None
    ) -> None:
        key = current.data(Qt.ItemDataRole.UserRole) if current else None
        if key == self.key:
            return
        if not self._settle():
            self.format_list.blockSignals(True)
            if previous is not None:
                self.format_list.setCurrentItem(previous)
            self.format_list.blockSignals(False)
            return
        self._load(own_formats.find_format(self.database, key) if key else None)

    def _on_formats_changed(self, _changes: Changes) -> None:
        self.reload()

    # ------------------------------------------------------------ the form
    def _load(self, fmt: Format | None) -> None:
        self.key = fmt.key if fmt else None
        self.editor.setEnabled(fmt is not None)
        self.save_button.setEnabled(fmt is not None)
        self.error.clear_message()
        self.name_edit.setText(fmt.name if fmt else "")
        self.summary_edit.setText(fmt.summary if fmt else "")
        self.summary_edit.setCursorPosition(0)  # read from its start
        self.credit_label.setText(fmt.attribution if fmt else "")
        self.credit_label.setVisible(bool(fmt and fmt.attribution))
        for key, box in self.purpose_boxes.items():
            box.setChecked(fmt is not None and key in fmt.purposes)
        self.min_spin.setValue(fmt.min_people if fmt else 2)
        self.max_spin.setValue(fmt.max_people if fmt else 40)
        repeat = rounds.parse(fmt.repeat) if fmt and fmt.repeat else rounds.Repeat("member", 3)
        self.repeat_combo.setCurrentIndex(max(0, self.repeat_combo.findData(repeat.kind)))
        self.repeat_spin.setValue(repeat.n or 3)
        self._on_repeat_changed()
        self.steps_table.blockSignals(True)
        self.steps_table.setRowCount(0)
        for step in fmt.steps if fmt else ():
            self._insert_row(self.steps_table.rowCount(), step)
        self.steps_table.blockSignals(False)
        if fmt:
            self.steps_table.setCurrentCell(0, TITLE)
        self.loaded = self._state() if fmt else None
        self._show_plan()

    def _insert_row(self, row: int, step: Step) -> None:
        table = self.steps_table
        table.insertRow(row)
        title = QTableWidgetItem(step.title)
        title.setData(STEP_ROLE, step)
        mode = QTableWidgetItem(label(step.mode))
        mode.setData(STEP_ROLE, step.mode.value)
        time = QTableWidgetItem(own_formats.step_time_text(step))
        time.setToolTip("Minutes (10), 2:30 or 90s; per speaker for a round-robin")
        repeats = QTableWidgetItem()
        repeats.setFlags(
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemIsUserCheckable
        )
        repeats.setCheckState(Qt.CheckState.Checked if step.repeat else Qt.CheckState.Unchecked)
        prompt = QTableWidgetItem(step.prompt)
        prompt.setToolTip(step.prompt)
        for column, item in ((TITLE, title), (MODE, mode), (TIME, time), (REPEATS, repeats)):
            table.setItem(row, column, item)
        table.setItem(row, PROMPT, prompt)
        self._say_repeats(repeats)

    def _say_repeats(self, item: QTableWidgetItem) -> None:
        ticked = item.checkState() == Qt.CheckState.Checked
        item.setData(Qt.ItemDataRole.AccessibleTextRole, "repeats" if ticked else "runs once")

    def _cell(self, row: int, column: int) -> QTableWidgetItem:
        item = self.steps_table.item(row, column)
        assert item is not None  # every row is made whole by _insert_row
        return item

    def _rows(self) -> tuple[own_formats.TypedStep, ...]:
        cell = self._cell
        rows = []
        for row in range(self.steps_table.rowCount()):
            kept = cell(row, TITLE).data(STEP_ROLE)
            rows.append(
                own_formats.TypedStep(
                    title=cell(row, TITLE).text(),
                    mode=str(cell(row, MODE).data(STEP_ROLE)),
                    time=cell(row, TIME).text(),
                    prompt=cell(row, PROMPT).text(),
                    repeats=cell(row, REPEATS).checkState() == Qt.CheckState.Checked,
                    group_of=kept.group_of if isinstance(kept, Step) else None,
                )
            )
        return tuple(rows)

    def _repeat_text(self) -> str:
        kind = str(self.repeat_combo.currentData())
        return kind if kind == rounds.PERSON else f"{kind}:{self.repeat_spin.value()}"

    def _state(self) -> _FormState:
        rows = self._rows()
        return _FormState(
            self.name_edit.text(),
            self.summary_edit.text(),
            tuple(k for k, box in self.purpose_boxes.items() if box.isChecked()),
            (self.min_spin.value(), self.max_spin.value()),
            rows,
            self._repeat_text() if any(r.repeats for r in rows) else "",
        )

    def _on_repeat_changed(self) -> None:
        kind = self.repeat_combo.currentData()
        self.repeat_spin.setEnabled(kind != rounds.PERSON)
        self.repeat_spin.setMinimum(2 if kind == rounds.MEMBER else 1)
        self.repeat_spin.setAccessibleName(
            "People in each group" if kind == rounds.MEMBER else "Number of rounds"
        )
        self._show_plan()

    def _steps(self) -> tuple[Step, ...]:
        """The form's steps, checked by the core (a ``ValidationError`` names the step)."""
        rows = self._rows()
        return own_formats.typed_steps(
            rows, self._repeat_text() if any(r.repeats for r in rows) else None
        )

    def _show_plan(self) -> None:
        for row in range(self.steps_table.rowCount()):
            item = self.steps_table.item(row, REPEATS)
            if item is not None:
                self._say_repeats(item)
        if self.key is None:
            self.plan_label.clear()
            return
        try:
            steps = self._steps()
        except ValidationError:
            self.plan_label.setText("The length shows once every step has a title and a time.")
            return
        fmt = Format("", "", "", (), "", 1, 1, steps)
        text = durations.length_text(fmt.planned_s(self.present))
        people = f"For {self.present} present" if self.present else "With nobody marked yet"
        block = fmt.repeat
        rounds_text = ""
        if block:
            count = fmt.rounds(self.present) or 0
            how = rounds.describe(block, self.present)  # the groups these people make
            rounds_text = f"; the ticked steps repeat, {how}: {count} rounds"
        self.plan_label.setText(f"{people}: {text}{rounds_text}.")

    def add_step(self) -> None:
        row = self.steps_table.currentRow() + 1 if self.steps_table.rowCount() else 0
        self._insert_row(row, Step("New step", "", PhaseMode.OPEN, 300))
        self.steps_table.setCurrentCell(row, TITLE)
        self.steps_table.setFocus()
        self.steps_table.editItem(self._cell(row, TITLE))
        self._show_plan()

    def remove_step(self) -> None:
        row = self.steps_table.currentRow()
        if row < 0:
            return
        self.steps_table.removeRow(row)
        self.steps_table.setCurrentCell(min(row, self.steps_table.rowCount() - 1), TITLE)
        self._show_plan()

    def move_step(self, delta: int) -> None:
        table = self.steps_table
        row, column = table.currentRow(), max(0, table.currentColumn())
        to = row + delta
        if row < 0 or not 0 <= to < table.rowCount():
            return
        table.blockSignals(True)
        items = [table.takeItem(row, c) for c in range(table.columnCount())]
        table.removeRow(row)
        table.insertRow(to)
        for c, item in enumerate(items):
            table.setItem(to, c, item)
        table.blockSignals(False)
        table.setCurrentCell(to, column)
        self._show_plan()

    # ------------------------------------------------------------ actions
    def save(self) -> bool:
        """Store the form through the core; False (the reason shown under the form) when
        it is refused, and then nothing typed is lost."""
        key = self.key
        if key is None:
            return True
        state = self._state()
        done = ops.run_op(
            self,
            SAVE_FAILED,
            lambda: own_formats.edit_own(
                self.database,
                key,
                name=state.name,
                summary=state.summary,
                purposes=state.purposes,
                min_people=state.size[0],
                max_people=state.size[1],
                steps=self._steps(),
            ),
            inline=self.error,
        )
        if done is None:
            return False
        self.reload()
        self._load(done.value)
        self.status_label.setText(f"Saved “{done.value.name}”." if done.changes else "No changes.")
        self.undo_button.setVisible(False)
        return True

    def _settle(self) -> bool:
        """Before the form shows something else: unsaved changes saved, discarded or kept
        (Cancel); whether to go on."""
        if self.key is None or self.loaded is None or self._state() == self.loaded:
            return True
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle("Your formats")
        box.setText(f"Save the changes to “{self.loaded.name}”?")
        save = box.addButton("Save", QMessageBox.ButtonRole.AcceptRole)
        discard = box.addButton("Discard changes", QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(save)
        box.exec()
        if box.clickedButton() is save:
            return self.save()
        return box.clickedButton() is discard

    def delete_current(self) -> None:
        """Delete the format in the form, after asking; Undo (Ctrl+Z) brings it back."""
        key, loaded = self.key, self.loaded
        if key is None or loaded is None:
            return
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle("Delete format")
        box.setText(f"Delete “{loaded.name}”?")
        box.setInformativeText("Agendas that use it keep their steps. Undo brings it back.")
        delete = box.addButton("Delete", QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        if box.clickedButton() is not delete:
            return
        done = ops.run_op(
            self,
            "Could not delete the format",
            lambda: own_formats.delete_own(self.database, key),
            inline=self.error,
        )
        if done is None:
            return
        self.deleted.append(done.value)
        self.key = self.loaded = None
        self.reload()
        self.status_label.setText(f"Deleted “{done.value.format.name}”.")
        self.undo_button.show()
        self.format_list.setFocus()

    def undo_delete(self) -> None:
        """Bring back the format deleted last."""
        if not self.deleted or not self._settle():
            return
        deleted = self.deleted.pop()
        done = ops.run_op(
            self,
            "Could not bring the format back",
            lambda: own_formats.restore_own(self.database, deleted),
            inline=self.error,
        )
        if done is None:
            self.deleted.append(deleted)
            return
        self.key = None
        self.reload()
        self.edit(done.value.key)
        self.status_label.setText(f"“{done.value.name}” is back.")
        self.undo_button.setVisible(bool(self.deleted))

    def export_selected(self) -> None:
        """Write the selected formats (every one when none is selected) to a file."""
        if not self._settle():
            return
        keys = [item.data(Qt.ItemDataRole.UserRole) for item in self.format_list.selectedItems()]
        if not keys:
            keys = [f.key for f in own_formats.list_own(self.database)]
        if not keys:
            return
        name = own_formats_file.export_file_name(self.database, keys)
        start = file_dialogs.start_folder(EXPORTS, self.database.path) / name
        path, _ = file_dialogs.get_save_file_name(self, "Export formats", str(start), FILE_FILTER)
        if not path:
            return
        target = Path(path) if path.lower().endswith(".json") else Path(path + ".json")
        done = ops.run_op(
            self,
            "Could not export the formats",
            lambda: own_formats_file.export_own(self.database, keys, target),
            inline=self.error,
        )
        if done is None:
            return
        file_dialogs.remember_folder(EXPORTS, target.parent)
        count = f"{len(keys)} format" + ("" if len(keys) == 1 else "s")
        self.status_label.setText(f"Exported {count} to {done.value}.")
        self.undo_button.hide()

    def import_file(self) -> None:
        """Add the formats of a file: all of them, or (a bad file) none, the reason in one
        line under the form."""
        if not self._settle():
            return
        start = file_dialogs.start_folder(IMPORTS, self.database.path)
        path, _ = file_dialogs.get_open_file_name(
            self, "Import formats", str(start), f"{FILE_FILTER};;All files (*)"
        )
        if not path:
            return
        file_dialogs.remember_folder(IMPORTS, Path(path).parent)
        done = ops.run_op(
            self,
            "Could not import the formats",
            lambda: own_formats_file.import_own(self.database, path),
            inline=self.error,
        )
        if done is None:
            self.status_label.clear()
            return
        added, skipped = done.value.added, done.value.skipped
        said = f"Imported {len(added)} format" + ("" if len(added) == 1 else "s")
        if skipped:
            said += f"; {len(skipped)} already here, skipped"
        self.status_label.setText(said + ".")
        self.undo_button.hide()
        self.reload()
        if added:
            self.edit(added[0].key)

    def reject(self) -> None:
        """Esc and Close: unsaved changes are offered to be saved first."""
        if self._settle():
            super().reject()
