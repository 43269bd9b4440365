"""Start the desktop app: QApplication, theme, error handling, the database, the window."""

from __future__ import annotations

import logging
import logging.handlers
import sys
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from facilitator import __version__
from facilitator.assets import resource_path
from facilitator.errors import FacilitatorError
from facilitator.paths import log_dir
from facilitator.store.database import Database, open_database

log = logging.getLogger("facilitator")


def setup_logging() -> Path | None:
    """A rotating log file in the user log folder; None when the folder cannot be written."""
    try:
        folder = log_dir()
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / "facilitator.log"
        handler = logging.handlers.RotatingFileHandler(path, maxBytes=1_000_000,
                                                       backupCount=3, encoding="utf-8")
    except OSError:
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    return path


def install_crash_handler(db_path: Path, log_path: Path | None) -> None:
    """Bugs reach a dialog that says the data is safe and where it is, never a silent exit."""

    def hook(kind: type[BaseException], value: BaseException,
             tb: TracebackType | None) -> None:
        text = "".join(traceback.format_exception(kind, value, tb))
        log.error("Unexpected error:\n%s", text)
        if QApplication.instance() is None:
            sys.__excepthook__(kind, value, tb)
            return
        where_log = f"Details were written to {log_path}." if log_path else ""
        QMessageBox.critical(
            None, "Something went wrong",
            f"Facilitator hit an unexpected problem: {kind.__name__}: {value}\n\n"
            f"Your data is safe: everything you entered was saved the moment you entered "
            f"it, in {db_path}.\n\n{where_log}")

    sys.excepthook = hook


def open_with_dialog(path: Path, parent: object = None) -> Database | None:
    """Open the database; on failure explain and let the user pick another file or quit."""
    while True:
        try:
            return open_database(path)
        except FacilitatorError as exc:
            log.warning("Cannot open %s: %s", path, exc)
            box = QMessageBox(QMessageBox.Icon.Critical, "Cannot open the database",
                              str(exc))
            box.setInformativeText("Nothing was changed. You can open another database "
                                   "file, start a new one, or quit.")
            other = box.addButton("Open another…", QMessageBox.ButtonRole.AcceptRole)
            new = box.addButton("New database…", QMessageBox.ButtonRole.ActionRole)
            box.addButton("Quit", QMessageBox.ButtonRole.RejectRole)
            box.exec()
            clicked = box.clickedButton()
            if clicked is other:
                chosen, _ = QFileDialog.getOpenFileName(
                    None, "Open a Facilitator database", str(path.parent),
                    "Facilitator databases (*.db *.sqlite);;All files (*)")
            elif clicked is new:
                chosen, _ = QFileDialog.getSaveFileName(
                    None, "New Facilitator database", str(path.parent / "facilitator-new.db"),
                    "Facilitator databases (*.db)")
            else:
                return None
            if not chosen:
                return None
            path = Path(chosen)


def create_app(argv: list[str] | None = None) -> QApplication:
    from ui import theme

    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(argv if argv is not None else sys.argv)
    app.setApplicationName("Facilitator")
    app.setOrganizationName("Facilitator")
    app.setApplicationVersion(__version__)
    # The window and task-bar icon; on Wayland the desktop file names the icon instead.
    app.setDesktopFileName("facilitator")
    app.setWindowIcon(QIcon(str(resource_path("icons/facilitator-256.png"))))
    theme.apply(app)
    return app


def run(db_path: Path, argv: list[str] | None = None) -> int:
    """Open the main window on ``db_path`` and run until it closes; the exit status."""
    from ui.main_window import MainWindow

    app = create_app(argv)
    log_path = setup_logging()
    install_crash_handler(db_path, log_path)
    database = open_with_dialog(db_path)
    if database is None:
        return 1
    window = MainWindow(database)
    from ui import smoke

    smoke.install_if_requested(window)
    window.show()
    try:
        return app.exec()
    finally:
        database.close()
