"""File dialogs that never touch the database: where they start, and what they may read.

POSIX advisory locks belong to the process: when anything in the app's process opens and
closes the database file, SQLite's locks on it are gone, and the next process to use the
file believes it is alone, checkpoints and deletes the ``-wal`` the app still writes to.
A file dialog showing the database's folder did exactly that: to pick an icon and a type
name, Qt's dialog reads the first bytes of every file it lists. So:

- every dialog of the app is built here, with an icon provider that decides by the file
  name alone (it never opens a file), and on POSIX systems Qt's own dialog, whose reading
  we control, rather than a platform dialog running inside our process (Windows locks
  belong to a handle, not the process, so its native dialog is harmless);
- dialogs start in the folder last used for that purpose (exporting, importing) when it
  still exists, else in the user's Documents folder, else at home: never in the current
  working directory (from a terminal that is wherever the app was started, often the
  source checkout), and never in the database's folder or its backups unless the user
  goes there.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs
from PySide6.QtCore import QFileInfo, QMimeDatabase, QSettings, QStandardPaths
from PySide6.QtGui import QAbstractFileIconProvider, QIcon
from PySide6.QtWidgets import QFileDialog, QFileIconProvider, QWidget

_mimes = QMimeDatabase()


class NameOnlyIconProvider(QAbstractFileIconProvider):
    """Icons and type names from the file name alone: no file is ever opened."""

    def __init__(self) -> None:
        super().__init__()
        self._standard = QFileIconProvider()

    def icon(self, what: object) -> QIcon:
        kinds = QAbstractFileIconProvider.IconType
        if isinstance(what, QFileInfo):
            return self._standard.icon(kinds.Folder if what.isDir() else kinds.File)
        return self._standard.icon(what)  # type: ignore[call-overload]

    def type(self, info: QFileInfo) -> str:
        if info.isDir():
            return "Folder"
        mime = _mimes.mimeTypeForFile(info.fileName(), QMimeDatabase.MatchMode.MatchExtension)
        if mime.isDefault():  # no known extension: say what we do know
            suffix = info.suffix()
            return f"{suffix.upper()} file" if suffix else "File"
        return mime.comment()


_provider: NameOnlyIconProvider | None = None


def _icon_provider() -> NameOnlyIconProvider:
    global _provider
    if _provider is None:
        _provider = NameOnlyIconProvider()
    return _provider


def _documents_candidates() -> list[str]:
    """Where this system keeps the user's documents: Qt's answer, then platformdirs'."""
    return [
        QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation),
        platformdirs.user_documents_dir(),
    ]


def documents_folder() -> Path:
    """The user's Documents folder when it exists, else their home folder."""
    for docs in _documents_candidates():
        if docs and Path(docs).is_absolute() and Path(docs).is_dir():
            return Path(docs)
    return Path.home()


def safe_start(folder: Path | str | None, database_path: Path | None) -> Path:
    """``folder`` when it is a full path to a folder that exists and is not the database's
    folder (or inside it), else Documents. A relative path is refused: it would be read
    from the current working directory."""
    if folder:
        candidate = Path(folder).expanduser()
        if (
            candidate.is_absolute()
            and candidate.is_dir()
            and not _near_database(candidate, database_path)
        ):
            return candidate
    return documents_folder()


def _folder_key(purpose: str) -> str:
    return f"{purpose}/last_folder"


def start_folder(purpose: str, database_path: Path | None) -> Path:
    """Where a dialog for ``purpose`` ("export", "import") starts: the folder last used for
    it, while that still exists (``safe_start``), else Documents."""
    folder = QSettings().value(_folder_key(purpose), "", str)
    return safe_start(str(folder), database_path)


def remember_folder(purpose: str, folder: Path) -> None:
    """The folder just used for ``purpose``, where its next dialog starts."""
    QSettings().setValue(_folder_key(purpose), str(folder.expanduser().absolute()))


def _near_database(folder: Path, database_path: Path | None) -> bool:
    if database_path is None:
        return False
    try:
        here = folder.resolve()
        data = Path(database_path).expanduser().resolve().parent
    except OSError:
        return True
    return here == data or data in here.parents


def _dialog(
    parent: QWidget | None, caption: str, start: str, filters: str, selected: str
) -> QFileDialog:
    dialog = QFileDialog(parent, caption, start, filters)
    dialog.setIconProvider(_icon_provider())
    if os.name == "posix":
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    if selected:
        dialog.selectNameFilter(selected)
    return dialog


def _ask(
    parent: QWidget | None,
    caption: str,
    start: str,
    filters: str,
    selected: str,
    mode: QFileDialog.AcceptMode,
) -> tuple[str, str]:
    dialog = _dialog(parent, caption, start, filters, selected)
    dialog.setAcceptMode(mode)
    dialog.setFileMode(
        QFileDialog.FileMode.AnyFile
        if mode == QFileDialog.AcceptMode.AcceptSave
        else QFileDialog.FileMode.ExistingFile
    )
    if not dialog.exec():
        return "", ""
    files = dialog.selectedFiles()
    return (files[0] if files else ""), dialog.selectedNameFilter()


def get_save_file_name(
    parent: QWidget | None, caption: str, start: str, filters: str, selected: str = ""
) -> tuple[str, str]:
    """Like ``QFileDialog.getSaveFileName``: (chosen path or "", the chosen filter)."""
    return _ask(parent, caption, start, filters, selected, QFileDialog.AcceptMode.AcceptSave)


def get_open_file_name(
    parent: QWidget | None, caption: str, start: str, filters: str, selected: str = ""
) -> tuple[str, str]:
    """Like ``QFileDialog.getOpenFileName``: (chosen path or "", the chosen filter)."""
    return _ask(parent, caption, start, filters, selected, QFileDialog.AcceptMode.AcceptOpen)


def get_new_file_name(parent: QWidget | None, caption: str, start: str, filters: str) -> str:
    """A name for a file to be made (a new database): "" when cancelled. A file that exists
    is chosen without a "replace it?" question, since the caller never replaces one: it
    opens it, or refuses it in one sentence."""
    dialog = _dialog(parent, caption, start, filters, "")
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setOption(QFileDialog.Option.DontConfirmOverwrite, True)
    if not dialog.exec():
        return ""
    files = dialog.selectedFiles()
    return files[0] if files else ""


def get_existing_folder(parent: QWidget | None, caption: str, start: str) -> str:
    """Like ``QFileDialog.getExistingDirectory``: the chosen folder, or "" when cancelled."""
    dialog = _dialog(parent, caption, start, "", "")
    dialog.setFileMode(QFileDialog.FileMode.Directory)
    dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
    if not dialog.exec():
        return ""
    folders = dialog.selectedFiles()
    return folders[0] if folders else ""
