"""The preview of a roster CSV before anyone is added: who will be added, which rows are
refused and why; confirming adds them all in one step, or nobody."""

from __future__ import annotations

from PySide6.QtCore import Signal
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


class ImportDialog(QDialog):
    """The CSV preview: who will be added, which rows are refused and why; confirm adds all.

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
        self.file_name = file_name  # the import's batch is named after it
        self.summary = QLabel(
            preview.summary() + (" Nothing is added until you confirm, and then everyone at once.")
        )
        self.summary.setWordWrap(True)
        rows = [(r.line, r.name, r.area, "Will be added") for r in preview.to_add] + [
            (r.line, r.name, "", r.reason) for r in preview.rejected
        ]
        rows.sort(key=lambda r: r[0])
        self.table = QTableWidget(len(rows), 4)
        self.table.setAccessibleName("Import preview")
        self.table.setHorizontalHeaderLabels(["Line", "Name", "Area of work", "Result"])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setTabKeyNavigation(False)  # arrows move between rows, Tab moves on
        refused = {r.line for r in preview.rejected}
        for i, (line, name, area, result) in enumerate(rows):
            for j, text in enumerate((str(line), name, area, result)):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if line in refused:
                    item.setForeground(theme.colour("error"))
                self.table.setItem(i, j, item)
        head = self.table.horizontalHeader()
        head.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        head.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        head.setStretchLastSection(True)
        self.table.setColumnWidth(1, 220)
        self.table.setColumnWidth(2, 200)
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
        layout.addWidget(self.table, 1)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        # Only once the buttons are in the dialog: before, the dialog does not know its
        # default and Enter would press the first button in the focus chain (Cancel).
        self.add_button.setDefault(True)
        self.resize(820, 520)

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
