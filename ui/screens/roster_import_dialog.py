"""The preview of a team list before anyone is added: what the file was read as, which of
its columns were used and which ignored, and each row's outcome (added, a duplicate of whom,
refused and why); confirming adds them all in one step, or nobody."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from facilitator import roster, roster_import
from facilitator.store.database import Database
from ui import ops, theme
from ui.editing import ErrorLabel

WILL_BE_ADDED = "Will be added"
COLUMN_USES = {"name": "names", "first name": "first names", "middle name": "middle names"}


def columns_text(preview: roster_import.Preview) -> str:
    """What the file was read as and which columns gave what, in words: "Read as a CSV
    file: names from “Full name”, areas from “Team”. Ignored: Timestamp, Email Address."
    (a header is quoted as the file spells it; a column without one is described)."""
    used = [
        f"{COLUMN_USES.get(c.use, c.use + 's')} from "
        + (f"\u201c{c.header}\u201d" if preview.had_header else c.header)
        for c in preview.columns
    ]
    kind = preview.kind if preview.kind.startswith("pasted") else f"a {preview.kind}"
    text = f"Read as {kind}" + (f": {', '.join(used)}." if used else ".")
    if preview.ignored:
        text += f" Ignored: {', '.join(preview.ignored)}."
    return " ".join((text, *preview.notes))


class ImportDialog(QDialog):
    """The import preview: who will be added, which rows are refused and why; confirm adds all.

    Signals:
        imported(int): how many people were added, after the commit.
    """

    imported = Signal(int)

    def __init__(
        self,
        database: Database,
        preview: roster_import.Preview,
        file_name: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("import_dialog")
        self.setWindowTitle(f"Import people from {file_name}")
        self.database, self.preview = database, preview
        self._fitting_rows = False
        self.file_name = file_name  # the import's batch is named after it
        self.summary = QLabel(
            preview.summary() + (" Nothing is added until you confirm, and then everyone at once.")
        )
        self.summary.setWordWrap(True)
        self.columns = QLabel(columns_text(preview))
        self.columns.setProperty("role", "hint")
        self.columns.setWordWrap(True)
        self.table = self._outcomes_table(preview)
        self.error = ErrorLabel()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        count = len(preview.to_add)
        self.add_button = buttons.addButton(
            f"Add {count} {'person' if count == 1 else 'people'}",
            QDialogButtonBox.ButtonRole.AcceptRole,
        )
        self.add_button.setEnabled(count > 0)
        buttons.accepted.connect(self._on_buttons_accepted)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.columns)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        # Only once the buttons are in the dialog: before, the dialog does not know its
        # default and Enter would press the first button in the focus chain (Cancel).
        self.add_button.setDefault(True)
        self.resize(860, 540)

    def _outcomes_table(self, preview: roster_import.Preview) -> QTableWidget:
        """One row per person found, in the file's order; long names wrap, never cut."""
        rows = preview.outcomes()
        table = QTableWidget(len(rows), 4)
        table.setAccessibleName("Import preview")
        table.setHorizontalHeaderLabels(["Line", "Name", "Area of work", "Result"])
        table.verticalHeader().hide()
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setTabKeyNavigation(False)  # arrows move between rows, Tab moves on
        table.setWordWrap(True)
        table.setTextElideMode(Qt.TextElideMode.ElideMiddle)  # a name with no spaces
        for i, (line, name, area, result) in enumerate(rows):
            spoken = f"Line {line}: {name or 'no name'}" + (f", {area}" if area else "")
            spoken += f". {result}"
            for j, text in enumerate((str(line), name, area, result)):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                item.setData(Qt.ItemDataRole.AccessibleTextRole, spoken)
                if result != WILL_BE_ADDED:
                    item.setForeground(theme.colour("error"))
                table.setItem(i, j, item)
        head = table.horizontalHeader()
        head.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        head.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        head.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        head.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        table.setColumnWidth(2, 170)
        # Rows grow to their wrapped text whenever the columns change width.
        head.sectionResized.connect(self._on_header_section_resized)
        return table

    def _on_header_section_resized(self, *_args: object) -> None:
        # Columns resize one after another as the dialog lays out: fit the rows once, after.
        if not self._fitting_rows:
            self._fitting_rows = True
            QTimer.singleShot(0, self._fit_rows)

    def _fit_rows(self) -> None:
        self._fitting_rows = False
        self.table.resizeRowsToContents()

    def _on_buttons_accepted(self) -> None:
        done = ops.run_op(
            self,
            "Could not import the people",
            lambda: roster.import_people(self.database, self.preview, source=self.file_name),
            inline=self.error,
        )
        if done is None:
            self.error.show_message(f"{self.error.text()} Nobody was added.")
            return
        self.imported.emit(len(done.value))
        self.accept()
