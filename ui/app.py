"""Start the desktop app: QApplication, theme, error handling, the database, the window.

What the first paint does not need loads later: the database opens with its integrity
check deferred to a worker (ui/integrity_check.py), and the backups and the file dialogs
are imported when a problem needs them.
"""

from __future__ import annotations

import io
import logging
import os
import sys
import threading
import traceback
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QThreadPool, QTimer, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from facilitator import __version__
from facilitator.assets import resource_path
from facilitator.errors import DatabaseCorruptError, FacilitatorError
from facilitator.lock import LockOwner, LockUnavailable
from facilitator.opening import open_database
from facilitator.paths import default_db_path, log_dir, make_private_folder
from facilitator.store.database import Database
from ui.single_instance import InstanceLock

if TYPE_CHECKING:
    from facilitator import backup as backups
    from ui.main_window import MainWindow
    from ui.recent_databases import RecentDatabases

log = logging.getLogger("facilitator")


class _PrivateRotatingFileHandler(logging.FileHandler):
    """A log that rotates at ``max_bytes`` into ``.1`` … ``.{backups}``, its files readable
    by their owner only (they quote user text). ``logging.handlers`` would do the rotating
    but brings sockets, pickle and queues onto the first paint; this is all we use of it."""

    def __init__(self, path: Path, *, max_bytes: int, backups: int) -> None:
        self.max_bytes, self.backups = max_bytes, backups
        super().__init__(path, mode="a", encoding="utf-8")

    def _open(self) -> io.TextIOWrapper:
        fd = os.open(self.baseFilename, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        stream = open(fd, self.mode, encoding=self.encoding, errors=self.errors)  # noqa: SIM115
        assert isinstance(stream, io.TextIOWrapper)
        return stream

    def emit(self, record: logging.LogRecord) -> None:
        try:
            if self.stream is not None and self.stream.tell() >= self.max_bytes:
                self._rotate()
        except OSError:
            self.handleError(record)
        super().emit(record)

    def _rotate(self) -> None:
        if self.stream is not None:
            self.stream.close()
        self.stream = None  # reopened by the next emit
        base = self.baseFilename
        for n in range(self.backups - 1, 0, -1):
            if os.path.exists(f"{base}.{n}"):
                os.replace(f"{base}.{n}", f"{base}.{n + 1}")
        os.replace(base, f"{base}.1")


def setup_logging() -> Path | None:
    """A rotating log file in the user log folder; None when the folder cannot be written."""
    try:
        folder = log_dir()
        make_private_folder(folder)  # it and the folders above it we make: 0700
        path = folder / "facilitator.log"
        root = logging.getLogger()
        for existing in root.handlers:
            if (
                isinstance(existing, _PrivateRotatingFileHandler)
                and Path(existing.baseFilename) == path
            ):
                return path
        handler = _PrivateRotatingFileHandler(path, max_bytes=1_000_000, backups=3)
    except OSError:
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    log.info("Facilitator %s starting", __version__)
    return path


# ------------------------------------------------------------------ the crash dialog


class CrashReporter(QObject):
    """Turns an unexpected error into a calm dialog: what happened, where the data is.

    Errors raised on worker threads are sent to the GUI thread first.

    Signals:
        reported(str, str): a problem to show (its title and text), from any thread.
    """

    reported = Signal(str, str)

    def __init__(self, db_path: Path | None, log_path: Path | None) -> None:
        super().__init__()
        self.db_path = db_path
        self.log_path = log_path
        self._showing = False
        self.reported.connect(self._on_reported)

    def set_database(self, db_path: Path | None) -> None:
        """The database actually open (the user may have chosen another at start)."""
        self.db_path = db_path

    def message(self, kind: type[BaseException], value: BaseException) -> tuple[str, str]:
        """The dialog's title and text for this error."""
        from facilitator import backup as backups

        if self.db_path is not None:
            where = (
                f"Your data is safe: everything you entered was saved the moment you "
                f"entered it, in {self.db_path}. Backups are in "
                f"{backups.backups_dir(self.db_path)}."
            )
        else:
            where = "Your data is safe: everything you entered was saved as you entered it."
        where_log = (
            f"The details are in the log file {self.log_path}; please include it "
            "if you report this."
            if self.log_path
            else "No log file could be written."
        )
        if isinstance(value, FacilitatorError):
            return ("Could not finish", f"{value}\n\n{where}")
        return (
            "Something went wrong",
            f"Facilitator hit an unexpected problem ({kind.__name__}: {value}) and did "
            f"not finish what it was doing. You can keep working; if it happens again, "
            f"restart Facilitator.\n\n{where}\n\n{where_log}",
        )

    def hook(
        self, kind: type[BaseException], value: BaseException, tb: TracebackType | None
    ) -> None:
        """``sys.excepthook``: log the traceback, then show the dialog."""
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, value, tb)
            return
        log.error("Unexpected error:\n%s", "".join(traceback.format_exception(kind, value, tb)))
        if QApplication.instance() is None:
            sys.__excepthook__(kind, value, tb)
            return
        self.reported.emit(*self.message(kind, value))

    def thread_hook(self, args: threading.ExceptHookArgs) -> None:
        """``threading.excepthook``: the same, from a worker thread."""
        self.hook(args.exc_type, args.exc_value or args.exc_type(), args.exc_traceback)

    def _on_reported(self, title: str, text: str) -> None:
        if self._showing:  # one dialog at a time; the rest are in the log
            return
        self._showing = True
        try:
            if title == "Could not finish":
                QMessageBox.warning(None, title, text)
            else:
                QMessageBox.critical(None, title, text)
        finally:
            self._showing = False


def install_crash_handler(db_path: Path | None, log_path: Path | None) -> CrashReporter:
    """Bugs reach a dialog that says the data is safe and where it is, never a silent exit."""
    reporter = CrashReporter(db_path, log_path)
    sys.excepthook = reporter.hook
    threading.excepthook = reporter.thread_hook
    return reporter


# ------------------------------------------------------------------ opening the database


def _choose_file(path: Path, new: bool = False) -> Path | None:
    """Another database file (``new``: the file to make a new one in, asked as File → New
    database… asks). This dialog may start beside ``path``: no database is open in the
    process while it shows, and its icons never read a file (ui/file_dialogs.py)."""
    from facilitator import backup as backups
    from ui import file_dialogs

    if new:
        from ui.database_switch import choose_new_database

        return choose_new_database(None, backups.new_database_path(path))
    chosen, _ = file_dialogs.get_open_file_name(
        None,
        "Open a Facilitator database",
        str(path.parent),
        "Facilitator databases (*.db *.sqlite);;All files (*)",
    )
    return Path(chosen) if chosen else None


def _ask_when_locked(path: Path, owner: LockOwner) -> str:
    """Another copy holds the database: 'read-only', 'another' or 'quit'."""
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        "The database is already open",
        f"{path.name} is open in another copy of Facilitator: {owner.describe()}.",
    )
    text = (
        "Two copies writing at once could lose work, so only one may change it. You "
        "can look at it read-only here, open another database, or quit."
    )
    if not owner.same_host():
        text += (
            f" If that computer no longer runs Facilitator, delete "
            f"{path.name}.lock beside the database."
        )
    box.setInformativeText(text)
    read_only = box.addButton("Open read-only", QMessageBox.ButtonRole.AcceptRole)
    other = box.addButton("Open another…", QMessageBox.ButtonRole.ActionRole)
    box.addButton("Quit", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(read_only)
    box.exec()
    clicked = box.clickedButton()
    return "read-only" if clicked is read_only else "another" if clicked is other else "quit"


def _ask_when_damaged(
    path: Path, error: DatabaseCorruptError, good: backups.BackupInfo | None
) -> str:
    """A damaged or foreign file: 'restore-new', 'restore-here', 'new', 'another' or 'quit'."""
    box = QMessageBox(QMessageBox.Icon.Critical, "The database cannot be used", str(error))
    if good is not None:
        offer = (
            f"Facilitator never overwrites it. The newest good backup is from "
            f"{good.describe()}. You can restore it as a new file beside this one, or "
            f"in its place (this file is then kept as {path.name}.damaged-…), start "
            f"a new empty database beside it, open another file, or quit."
        )
    else:
        offer = (
            "Facilitator never overwrites it, and there is no good backup of it. You "
            "can start a new empty database beside it, open another file, or quit."
        )
    box.setInformativeText(offer)
    buttons: dict[object, str] = {}
    if good is not None:
        buttons[box.addButton("Restore as a new file", QMessageBox.ButtonRole.AcceptRole)] = (
            "restore-new"
        )
        buttons[box.addButton("Restore in its place", QMessageBox.ButtonRole.ActionRole)] = (
            "restore-here"
        )
    buttons[box.addButton("New database beside it", QMessageBox.ButtonRole.ActionRole)] = "new"
    buttons[box.addButton("Open another…", QMessageBox.ButtonRole.ActionRole)] = "another"
    box.addButton("Quit", QMessageBox.ButtonRole.RejectRole)
    box.exec()
    return buttons.get(box.clickedButton(), "quit")


def _ask_when_unusable(path: Path, error: FacilitatorError) -> str:
    """Any other reason it cannot be opened: 'retry', 'another', 'new-named' or 'quit'.

    A full disk or an I/O error is not damage: the file is left alone and the user can try
    again once space is free; no backup is ever offered in its place.
    """
    box = QMessageBox(QMessageBox.Icon.Critical, "Cannot open the database", str(error))
    box.setInformativeText(
        "Nothing was changed. You can try again, open another database "
        "file, start a new one, or quit."
    )
    retry = box.addButton("Try again", QMessageBox.ButtonRole.AcceptRole)
    other = box.addButton("Open another…", QMessageBox.ButtonRole.ActionRole)
    new = box.addButton("New database…", QMessageBox.ButtonRole.ActionRole)
    box.addButton("Quit", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(retry)
    box.exec()
    clicked = box.clickedButton()
    return (
        "retry"
        if clicked is retry
        else "another"
        if clicked is other
        else "new-named"
        if clicked is new
        else "quit"
    )


def open_with_dialog(
    path: Path,
    parent: object = None,
    *,
    instance: InstanceLock | None = None,
    defer_check: bool = False,
    failed: FacilitatorError | None = None,
) -> Database | None:
    """Open the database; on trouble explain and offer what can be done, or None to quit.

    With ``instance``, the database's lock is taken first: when another copy holds it the
    user may open it read-only. A damaged or foreign file is never overwritten. With
    ``defer_check`` the integrity check is left for the caller to run after the window's
    first paint (ui/integrity_check.py); when it fails, ``failed`` (the database closed)
    starts here with what it found, so damage found then is offered exactly what damage
    found at open is.
    """
    while True:
        read_only, held_by, no_lock = False, "", None
        if instance is not None and failed is None:
            try:
                owner = instance.try_lock(path)
            except LockUnavailable as exc:  # no lock: a second copy could write too
                log.warning("%s", exc)
                owner, read_only, no_lock = None, True, exc
            if owner is not None:
                log.info("%s is held by %s", path, owner.describe())
                choice = _ask_when_locked(path, owner)
                if choice == "quit":
                    return None
                if choice == "another":
                    chosen = _choose_file(path)
                    if chosen is None:
                        return None
                    path = chosen
                    continue
                read_only, held_by = True, owner.describe()
        try:
            if failed is not None:
                error, failed = failed, None
                raise error
            if no_lock is not None and not path.exists():
                raise no_lock  # nothing to open read-only
            database = open_database(path, read_only=read_only, defer_check=defer_check)
            if held_by:
                database.read_only_reason = f"another copy of Facilitator has it open, {held_by}"
            if no_lock is not None:
                database.read_only_reason = no_lock.read_only_reason
            return database
        except DatabaseCorruptError as exc:
            from facilitator import backup as backups

            log.warning("Cannot open %s: %s", path, exc)
            good = backups.newest_good_backup(path)
            choice = _ask_when_damaged(path, exc, good)
            try:
                if choice == "restore-new" and good is not None:
                    path = backups.restore_to_new_file(good.path, backups.restored_path(path))
                    QMessageBox.information(
                        None,
                        "Backup restored",
                        f"The backup from {good.describe()} was restored as {path}. The "
                        "damaged file was left as it was.",
                    )
                    continue
                if choice == "restore-here" and good is not None:
                    aside = backups.replace_damaged(path, good.path)
                    QMessageBox.information(
                        None,
                        "Backup restored",
                        f"The backup from {good.describe()} was restored as {path.name}. The "
                        f"damaged file was kept as {aside}.",
                    )
                    continue
            except FacilitatorError as restore_error:
                log.warning("Restore failed: %s", restore_error)
                QMessageBox.warning(None, "Could not restore the backup", str(restore_error))
                continue
            if choice == "new":
                path = backups.new_database_path(path)
                continue
            if choice == "another":
                chosen = _choose_file(path)
                if chosen is None:
                    return None
                path = chosen
                continue
            return None
        except FacilitatorError as exc:
            log.warning("Cannot open %s: %s", path, exc)
            choice = _ask_when_unusable(path, exc)
            if choice == "quit":
                return None
            if choice == "retry":
                continue
            chosen = _choose_file(path, new=choice == "new-named")
            if chosen is None:
                return None
            path = chosen


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


def run(db_path: Path | None, argv: list[str] | None = None) -> int:
    """Open the main window on ``db_path`` (None: the database opened most recently whose
    file is still there, else the default one; the status bar says so when the one opened
    last has gone) and run until it closes; the exit status.

    When the integrity check after the first paint fails, the window closes and the user
    is offered what a damaged file at start is offered; the window opens again on the
    database they choose.
    """
    from ui.recent_databases import RecentDatabases

    app = create_app(argv)
    log_path = setup_logging()
    recent = RecentDatabases()
    gone = recent.gone() if db_path is None else None
    db_path = db_path or recent.last() or default_db_path()
    reporter = install_crash_handler(db_path, log_path)
    shown = WindowOnDatabase(InstanceLock(), reporter, recent)
    try:
        if not shown.open(db_path):
            return 1
        if gone is not None and shown.window is not None:
            shown.window.statusBar().showMessage(_gone_notice(gone, shown.window.database))
        code = app.exec()
        return 1 if shown.gave_up else code
    finally:
        shown.close()
        shown.instance.release()


def _gone_notice(gone: Path, opened: Database) -> str:
    """What the status bar says when the database opened last is no longer there, so that
    the one opened instead (often empty) is never taken for the team's work lost."""
    where = opened.path or default_db_path()
    if where == default_db_path():
        instead = f"{where.name} in {where.parent}, the default database"
    else:
        instead = where.name
    return f"{gone.name} is no longer at {gone.parent}; opened {instead}."


MODAL_RETRY_MS = 250  # how soon to look again whether the user's dialog has closed


class WindowOnDatabase:
    """The main window on the open database, moved to another database: the one the user
    opens from the File menu (ui/database_switch.py), or a restored backup, a new file or
    another one when the integrity check after its first paint fails. Every database is
    shown the one way, ``_show``, whether opened at start or later."""

    def __init__(
        self,
        instance: InstanceLock,
        reporter: CrashReporter,
        recent: RecentDatabases | None = None,
    ) -> None:
        from ui.database_switch import DatabaseSwitch

        self.instance = instance  # the lock of the database open
        self.reporter = reporter
        self.switch = DatabaseSwitch(self, recent)
        self.database: Database | None = None
        self.window: MainWindow | None = None
        self.gave_up = False  # the user chose to quit rather than open another database

    def open(self, path: Path, failed: FacilitatorError | None = None) -> bool:
        """Open ``path`` (or offer what ``failed`` calls for) and show the window on it;
        False when the user chose to quit."""
        while True:
            database = open_with_dialog(
                path, instance=self.instance, defer_check=True, failed=failed
            )
            if database is None:
                return False
            path = database.path or path
            failed = self._show(database)
            if failed is None:
                return True

    def move_to(self, database: Database, lock: InstanceLock) -> MainWindow | None:
        """Close the window and the database open now (the window's drafts are kept as
        it closes; its lock is given back), then show the window on ``database``, which
        ``lock`` holds; the new window, or None when the user gave up instead."""
        self.close()
        self.instance.release()
        self.instance = lock
        failed = self._show(database)
        if failed is not None and not self.open(database.path or Path(), failed):
            self.gave_up = True
            QApplication.exit(1)
        if self.window is not None:  # in place of the one closed: the keys go to it
            self.window.raise_()
            self.window.activateWindow()
        return self.window

    def _show(self, database: Database) -> DatabaseCorruptError | None:
        """The window on ``database``, as at start: its integrity check after the first
        paint, its backups, the watch on its file, its place in the recent list. The
        damage its first screen met instead (the database is closed then)."""
        from ui import smoke
        from ui.database_watch import DatabaseWatch
        from ui.integrity_check import IntegrityCheck
        from ui.main_window import MainWindow
        from ui.window_geometry import WindowGeometry

        self.reporter.set_database(database.path)
        try:
            window = MainWindow(database, self.switch)
        except DatabaseCorruptError as exc:  # a damaged page met by the first screen
            database.close()
            return exc
        self.database, self.window = database, window
        DatabaseWatch(database, parent=window)
        integrity = IntegrityCheck(database, window)
        integrity.check_did_fail.connect(self._on_integrity_check_did_fail)
        smoke.install_if_requested(window)
        WindowGeometry(window).restore()  # where it was last time, on a screen still there
        if database.path is not None:
            self.switch.recent.add(database.path)  # and the one to open next time
        window.show()
        return None

    def _on_integrity_check_did_fail(self, error: FacilitatorError) -> None:
        # Queued: the window (the check's parent) is deleted by what this starts.
        QTimer.singleShot(0, lambda: self._reopen(error))

    def _reopen(self, failed: FacilitatorError) -> None:
        """The check found damage: close everything on it, then offer the way on. A dialog
        the user has open (its window about to close) is left to finish first; the damaged
        file refuses every write meanwhile."""
        if QApplication.activeModalWidget() is not None:
            QTimer.singleShot(MODAL_RETRY_MS, lambda: self._reopen(failed))
            return
        if self.database is None or self.database.path is None:
            return
        path = self.database.path
        self.close()
        if not self.open(path, failed):
            self.gave_up = True
            QApplication.exit(1)

    def close(self) -> None:
        """Close the window and delete it now (no screen may read the database once it is
        closed, and no timer of it may fire in a dialog shown after), then the database."""
        window, database = self.window, self.database
        self.window, self.database = None, None
        if window is not None:
            window.close()
            window.backup_scheduler.stop()
        QThreadPool.globalInstance().waitForDone()
        if window is not None:
            window.deleteLater()
            QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        if database is not None:
            database.close()
