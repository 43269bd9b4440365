"""Moving the app to another database: File → New database…, Open database…, Open recent,
and the demo in a database of its own.

The database asked for is locked and opened before anything of the open one is touched: a
file that is not a Facilitator database, is damaged, from a newer version or held by another
copy of the app is refused with one sentence, and the open database stays open and
working; a file that can only be read is offered read-only, opened as at start-up once the
user agrees. A session running here blocks the move. Once the new file is open, the
host (ui/app.py's ``WindowOnDatabase``) closes the window (its drafts are kept as the
window closes, as at quit), the old database and its lock, and shows the window on the new
one exactly as at start: integrity check, backups, database watch, recent list.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from facilitator.errors import FacilitatorError
from facilitator.lock import LockUnavailable
from facilitator.model import SessionStatus
from facilitator.store.database import Database
from ui import ops
from ui.recent_databases import RecentDatabases, RecentMenu
from ui.single_instance import InstanceLock

if TYPE_CHECKING:
    from ui.main_window import MainWindow

DEMO_FILE = "Facilitator demo.db"
NEW_FILE = "Facilitator.db"
SUFFIX = ".db"
FILTER = "Facilitator databases (*.db *.sqlite);;All files (*)"


def window_title(database: Database) -> str:
    """The window's title names the database open, so the demo is never taken for the
    team's own: "Facilitator — demo.db", "(read-only)" after it when it is."""
    if database.path is None:
        return "Facilitator"
    title = f"Facilitator — {database.path.name}"
    return f"{title} (read-only)" if database.read_only else title


def add_database_commands(window: MainWindow, switch: DatabaseSwitch | None) -> None:
    """File → Open recent, just after Open database…"""
    entries = window.file_menu.actions()
    before = entries[entries.index(window.open_database_action) + 1]
    if switch is None:
        recent, open_path = RecentDatabases(), lambda _path: cannot_switch(window)
    else:
        recent, open_path = switch.recent, switch.open_recent
    menu = RecentMenu(recent, window.database.path, open_path, window)
    window.file_menu.insertMenu(before, menu)


def cannot_switch(window: QWidget) -> None:
    """A window made without the app's switch (by a script or a test) stays on its one
    database: it says so rather than doing nothing."""
    ops.show_error(
        window,
        "Could not open the database",
        "This window was opened on one database only; start Facilitator to open another.",
    )


class Host(Protocol):
    """What holds the window and its database (ui/app.py's ``WindowOnDatabase``)."""

    window: MainWindow | None
    database: Database | None

    def move_to(self, database: Database, lock: InstanceLock) -> MainWindow | None:
        """Close what is open, then show the window on ``database`` (``lock`` holds it)."""
        ...


def with_suffix(path: Path) -> Path:
    """A new database's file name ends in ``.db``: one typed without it gets it added."""
    return path if path.suffix.lower() in (".db", ".sqlite") else path.with_name(path.name + SUFFIX)


def choose_new_database(parent: QWidget | None, start: Path) -> Path | None:
    """The file a new database is to be made in, asked starting at ``start`` (None when
    cancelled), ``.db`` added when typed without. No "replace it?" question, since none is
    replaced: a Facilitator database there is opened as it is, any other file refused. File
    → New database… and the offer of a new database at start ask through this one way."""
    from ui import file_dialogs

    chosen = file_dialogs.get_new_file_name(parent, "New Facilitator database", str(start), FILTER)
    return with_suffix(Path(chosen)) if chosen else None


def session_running_here(window: MainWindow | None) -> str:
    """The title of the session running on the window's run screen ("" when none runs)."""
    from facilitator import planning

    screen = window.run_screen if window is not None else None
    if screen is None or not screen.session_id:
        return ""
    session = planning.get_session(screen.database, screen.session_id)
    return session.title if session.status is SessionStatus.RUNNING else ""


class DatabaseSwitch(QObject):
    """The File menu's database commands, for the window its host shows.

    Signals:
        switch_did_finish(object): the window now shows this database (a ``Path``).
    """

    switch_did_finish = Signal(object)

    def __init__(self, host: Host, recent: RecentDatabases | None = None) -> None:
        super().__init__()
        self.host = host
        self.recent = recent if recent is not None else RecentDatabases()

    @property
    def window(self) -> QWidget | None:
        return self.host.window

    # ------------------------------------------------------------ the commands
    def new_database(self) -> None:
        """File → New database…: a file named in Documents, created empty and opened. An
        existing Facilitator database chosen is opened as it is; any other file is refused
        (never overwritten)."""
        from ui import file_dialogs

        if self._blocked():
            return
        path = choose_new_database(self.window, file_dialogs.documents_folder() / NEW_FILE)
        if path is None:
            return
        existed = path.exists()
        self.switch_to(path, create=True, then=lambda window: _say_if(existed, window))

    def open_database(self) -> None:
        """File → Open database…: a Facilitator database file chosen, opened."""
        from ui import file_dialogs

        if self._blocked():
            return
        current = self.host.database.path if self.host.database is not None else None
        start = current.parent if current is not None else file_dialogs.documents_folder()
        chosen, _ = file_dialogs.get_open_file_name(
            self.window, "Open a Facilitator database", str(start), FILTER
        )
        if chosen:
            self.switch_to(Path(chosen))

    def open_recent(self, path: Path) -> None:
        """File → Open recent → one of them."""
        if self._blocked():
            return
        if not path.is_file():
            self._refuse(f"{path} is no longer there; it may have been moved or renamed.")
            return
        self.switch_to(path)

    def try_demo(self, add_here: Callable[[], object]) -> None:
        """ "Try the demo…": offered in a database of its own ("Facilitator demo.db" in
        Documents), so that the team's database stays as it is; or here (``add_here``)."""
        from ui import file_dialogs

        box = QMessageBox(QMessageBox.Icon.Question, "Try the demo", "", parent=self.window)
        box.setText("Try the demo in a database of its own?")
        name = self._current_name()
        box.setInformativeText(
            "The demo team and its workshops go into a separate file, so "
            f"{name or 'this database'} stays as it is. File\u00a0→\u00a0Open recent brings "
            "you back."
        )
        own = box.addButton("Create demo database…", QMessageBox.ButtonRole.AcceptRole)
        here = box.addButton("Add it here", QMessageBox.ButtonRole.ActionRole)
        here.setVisible(self.host.database is not None and not self.host.database.read_only)
        cancel = box.addButton("Cancel", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(own)
        box.setEscapeButton(cancel)
        box.exec()
        clicked = box.clickedButton()
        if clicked is here:
            add_here()
            return
        if clicked is not own or self._blocked():
            return
        start = file_dialogs.documents_folder() / DEMO_FILE
        chosen = file_dialogs.get_new_file_name(
            self.window, "Create the demo database", str(start), FILTER
        )
        if chosen:
            self.switch_to(with_suffix(Path(chosen)), create=True, then=_add_demo_if_empty)

    # ------------------------------------------------------------ the move
    def switch_to(
        self,
        path: Path,
        *,
        create: bool = False,
        then: Callable[[MainWindow], object] | None = None,
    ) -> bool:
        """Lock and open ``path`` (``create``: a new database when there is no file), then
        move the window to it once this call has returned (the window that asked is
        deleted by the move); ``then`` is called with the new window. False, with the
        reason shown and the open database untouched, when it cannot be opened."""
        from facilitator import opening

        path = Path(path).expanduser().absolute()
        current = self.host.database
        if current is not None and current.path == path:
            ops.show_error(self.window, "Already open", f"{path.name} is the database open now.")
            return False
        lock = InstanceLock()
        try:
            owner = lock.try_lock(path)
            if owner is not None:
                self._refuse(
                    f"{path.name} is open in another copy of Facilitator ({owner.describe()}); "
                    "close it there first, then open it here."
                )
                return False
            database = opening.open_to_work_in(path, create=create, defer_check=True)
        except opening.ReadOnlyHere as exc:  # the lock is ours: kept while it is looked at
            return self._offer_read_only(path, lock, exc.why, exc.why, then)
        except LockUnavailable as exc:  # a read-only folder: no lock, so only to look at
            lock.release()
            if path.is_file():
                why = f"no lock file could be made beside it ({exc.why})"
                return self._offer_read_only(path, lock, why, exc.read_only_reason, then)
            self._refuse(f"{path.name} cannot be opened to work in: {exc}")
            return False
        except FacilitatorError as exc:
            lock.release()
            self._refuse(str(exc))
            return False
        QTimer.singleShot(0, lambda: self._move(database, lock, then))
        return True

    def _offer_read_only(
        self,
        path: Path,
        lock: InstanceLock,
        why: str,
        reason: str,
        then: Callable[[MainWindow], object] | None,
    ) -> bool:
        """``path`` can only be read here (``why``): asked, opened read-only as at start,
        its banner saying ``reason``. False when declined or it cannot be opened."""
        from facilitator import opening

        if not ask_to_open_read_only(self.window, path.name, why):
            lock.release()
            return False
        try:
            database = opening.open_read_only(path, reason=reason, defer_check=True)
        except FacilitatorError as exc:
            lock.release()
            self._refuse(str(exc))
            return False
        QTimer.singleShot(0, lambda: self._move(database, lock, then))
        return True

    def _move(
        self,
        database: Database,
        lock: InstanceLock,
        then: Callable[[MainWindow], object] | None,
    ) -> None:
        window = self.host.move_to(database, lock)
        if window is None or database.path is None:
            return
        if then is not None:
            then(window)
        self.switch_did_finish.emit(database.path)

    # ------------------------------------------------------------ refusals
    def _blocked(self) -> bool:
        """A session running here keeps its database open: say so, and do nothing."""
        title = session_running_here(self.host.window)
        if title:
            ops.show_error(
                self.window,
                "A session is running",
                f"“{title}” is running; end it (Ctrl+E on the run screen) before you "
                "open another database.",
            )
        return bool(title)

    def _refuse(self, sentence: str) -> None:
        name = self._current_name()
        still = f"\n\n{name} is still open." if name else ""
        ops.show_error(self.window, "Could not open the database", sentence + still)

    def _current_name(self) -> str:
        database = self.host.database
        return database.path.name if database is not None and database.path else ""


def ask_to_open_read_only(parent: QWidget | None, name: str, why: str) -> bool:
    """Whether to open ``name``, which can only be read here (``why``), read-only."""
    box = QMessageBox(QMessageBox.Icon.Question, "Open read-only?", "", parent=parent)
    box.setText(f"{name} can only be read here. Open it read-only?")
    box.setInformativeText(
        f"{why[:1].upper()}{why[1:]}. You can look at everything in it, but nothing can be "
        "changed, run or captured."
    )
    read_only = box.addButton("Open read-only", QMessageBox.ButtonRole.AcceptRole)
    cancel = box.addButton("Cancel", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(read_only)
    box.setEscapeButton(cancel)
    box.exec()
    return box.clickedButton() is read_only


def _say_if(existed: bool, window: MainWindow) -> None:
    """A new database asked for where one was already: it was opened as it is, and said."""
    if existed and window.database.path is not None:
        window.statusBar().showMessage(
            f"{window.database.path.name} was there already; it is open now, as it was.", 10000
        )


def _add_demo_if_empty(window: MainWindow) -> None:
    """The demo goes into the new demo database; one that has teams already (a demo
    database made before, chosen again) is shown as it is."""
    from facilitator import roster

    if roster.list_teams(window.database):
        window.statusBar().showMessage("The demo database is open.", 8000)
        return
    window.add_demo_here()
