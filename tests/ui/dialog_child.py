"""The app's process for ``test_file_dialogs``: every file dialog, shown on the database folder.

``python dialog_child.py DB SESSION`` opens the main window on DB, then opens each of the
app's file dialogs in turn, browses it to the database's own folder as a user would, waits
until the dialog has listed that folder with its icons and types, and cancels it. It prints
``dialogs <pid> <titles>`` and then obeys the lines it reads: ``add TEXT`` stores a capture of
SESSION (printing its id once committed), ``guard`` runs the app's periodic check.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QFileDialog, QFileSystemModel  # noqa: E402

from facilitator.model import Contribution  # noqa: E402
from facilitator.store import captures, open_database  # noqa: E402

# How many timer ticks a dialog stays open once its listing is there: long enough for the
# file-information thread to ask for every file's icon and type.
SETTLE_TICKS = 15


class DialogDriver:
    """Browses whichever file dialog is open to ``folder``, then cancels it."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.titles: list[str] = []
        self.expected = len(list(folder.iterdir()))
        self._ticks = 0
        self._prepared: QFileDialog | None = None
        self._timer = QTimer()
        self._timer.setInterval(20)
        self._timer.timeout.connect(self._on_timer_timeout)
        self._timer.start()

    def _on_timer_timeout(self) -> None:
        dialog = QApplication.activeModalWidget()
        if os.environ.get("DIALOG_CHILD_DEBUG"):
            print(type(dialog).__name__, dialog and dialog.windowTitle(), file=sys.stderr)
        if not isinstance(dialog, QFileDialog):
            self._ticks = 0
            return
        if dialog is not self._prepared:
            self._prepared = dialog
            # The worst case: the folder in detail view with every file listed (a user
            # may choose "All files"), the database among them.
            dialog.setViewMode(QFileDialog.ViewMode.Detail)
            dialog.setNameFilter("All files (*)")
            dialog.setDirectory(str(self.folder))
            return
        model = dialog.findChild(QFileSystemModel)
        root = model.index(str(self.folder)) if model is not None else None
        if model is None or root is None or model.rowCount(root) < self.expected:
            return
        for row in range(model.rowCount(root)):
            index = model.index(row, 0, root)
            model.fileIcon(index)
            model.type(index)
        self._ticks += 1
        if self._ticks >= SETTLE_TICKS:
            self._ticks = 0
            self.titles.append(dialog.windowTitle())
            dialog.reject()


def main(db_path: str, session_id: str) -> None:
    from ui import app as ui_app
    from ui.main_window import MainWindow

    path = Path(db_path)
    qapp = ui_app.create_app([])
    database = open_database(path)
    window = MainWindow(database)
    window.show()
    driver = DialogDriver(path.parent)
    window.open_session(session_id)
    captures.add(database, Contribution(session_id, "typed before the dialogs"))
    window.export_flow.export_report(session_id)
    window.export_flow.export_data(session_id)
    window.export_flow.import_session()
    window.export_flow.export_agenda(session_id)
    window.show_roster()
    window.roster.choose_import_file()
    ui_app._choose_file(path)
    ui_app._choose_file(path, new=True)
    print(f"dialogs {os.getpid()} " + "|".join(driver.titles), flush=True)
    for line in sys.stdin:
        order, _, rest = line.strip().partition(" ")
        if order == "add":
            item = captures.add(database, Contribution(session_id, rest))
            print(item.id, flush=True)
        elif order == "guard":
            print(f"guard {database.guard()}", flush=True)
        qapp.processEvents()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
