"""The databases opened recently, most recent first, kept in QSettings: the File menu's
"Open recent" list, and the database the app opens next time when neither ``--db`` nor
``FACILITATOR_DB`` names one (the one opened last whose file is still there)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMenu, QWidget

KEY = "databases/recent"
KEEP = 8  # as many as a menu shows at a glance


class RecentDatabases:
    """The list of databases opened, the newest first, without repeats."""

    def __init__(self, settings: QSettings | None = None) -> None:
        self.settings = settings if settings is not None else QSettings()

    def paths(self) -> list[Path]:
        """The databases opened, most recent first (files gone missing included)."""
        value = self.settings.value(KEY, [])
        items = [value] if isinstance(value, str) else value  # a list of one reads as a str
        return [Path(str(item)) for item in items if item] if isinstance(items, list) else []

    def add(self, path: Path) -> None:
        """``path`` was just opened: first in the list, no longer further down."""
        path = _absolute(path)
        kept = [p for p in self.paths() if p != path]
        self.settings.setValue(KEY, [str(p) for p in [path, *kept][:KEEP]])

    def clear(self) -> None:
        self.settings.remove(KEY)

    def last(self) -> Path | None:
        """The database opened most recently whose file is still there; else None."""
        return next((path for path in self.paths() if path.is_file()), None)

    def gone(self) -> Path | None:
        """The database opened last when its file is no longer there (moved, renamed or
        deleted since); else None."""
        paths = self.paths()
        return paths[0] if paths and not paths[0].is_file() else None


def _absolute(path: Path) -> Path:
    return Path(path).expanduser().absolute()


def _folder(path: Path) -> str:
    """The folder a recent database is in, the home folder written ``~`` (two files of one
    name, the usual facilitator.db among them, are told apart by it)."""
    folder = path.parent
    home = Path.home()
    if folder == home or home in folder.parents:
        return str(Path("~") / folder.relative_to(home))
    return str(folder)


class RecentMenu(QMenu):
    """File → Open recent: the recent databases, the open one checked, a missing file
    shown disabled with a note, and "Clear recent" below them; rebuilt each time it opens."""

    def __init__(
        self,
        recent: RecentDatabases,
        current: Path | None,
        open_path: Callable[[Path], object],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("Open re&cent", parent)
        self.recent, self.current, self.open_path = recent, current, open_path
        self.aboutToShow.connect(self._on_self_about_to_show)
        self.rebuild()

    def rebuild(self) -> None:
        self.clear()
        paths = self.recent.paths()
        for number, path in enumerate(paths, start=1):
            self._add_entry(number, path)
        if not paths:
            self.addAction("No databases opened yet").setEnabled(False)
        self.addSeparator()
        clear = self.addAction("C&lear recent")
        clear.setEnabled(bool(paths))
        clear.triggered.connect(self._on_clear_triggered)

    def _add_entry(self, number: int, path: Path) -> None:
        mnemonic = f"&{number} " if number < 10 else ""
        missing = not path.is_file()
        note = "  (not found)" if missing else ""
        shown = f"{path.name}  —  {_folder(path)}".replace("&", "&&")
        action = self.addAction(f"{mnemonic}{shown}{note}")
        action.setToolTip(
            f"{path} is no longer there (moved, renamed or deleted)." if missing else str(path)
        )
        action.setStatusTip(action.toolTip())
        if path == self.current:
            action.setCheckable(True)
            action.setChecked(True)
            action.setEnabled(False)  # open already
        elif missing:
            action.setEnabled(False)
        else:
            action.triggered.connect(lambda _checked=False, p=path: self.open_path(p))

    def _on_self_about_to_show(self) -> None:
        self.rebuild()

    def _on_clear_triggered(self) -> None:
        self.recent.clear()
        if self.current is not None:
            self.recent.add(self.current)  # the open one is still the one to open next time
        self.rebuild()
