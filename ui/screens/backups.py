"""The backups screen: every backup of this database, and a way back to any good one.

Lists when each backup was taken, why, its size, the sessions inside and its health;
restores the selected one (the window backs the current content up first).

Signals:
    back_requested(): the user wants to leave (Esc, Alt+Left or the Back button).
    backup_requested(): the user asked for a backup now.
    restore_requested(str): the user asked to restore this backup file.
"""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from facilitator import backup
from facilitator.backup import BackupInfo
from ui import theme
from ui.backup_scheduler import INTERVAL_MIN
from ui.collation import sort_by_name
from ui.models.backups_model import BackupsModel
from ui.workers import run_task


class BackupsScreen(QWidget):
    back_requested = Signal()
    backup_requested = Signal()
    restore_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("backups")
        self.db_path: Path | None = None
        self._read_only_reason = ""
        self._loading = 0
        self.model = BackupsModel(self)

        title = QLabel("Backups")
        title.setProperty("role", "title")
        self.where = QLabel()
        self.where.setProperty("role", "subtitle")
        self.where.setWordWrap(True)
        self.where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.table = QTableView()
        self.table.setAccessibleName("Backups")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setTabKeyNavigation(False)  # arrows choose a backup, Tab moves on
        header = self.table.horizontalHeader()
        for col in (0, 1, 2, 4):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().currentRowChanged.connect(self._on_table_current_changed)
        self.table.activated.connect(self._on_table_activated)

        self.details = QLabel()
        self.details.setWordWrap(True)
        self.details.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.details.setTextFormat(Qt.TextFormat.RichText)
        self.details.setMinimumHeight(90)
        self.status = QLabel()
        self.status.setProperty("role", "hint")
        self.status.setWordWrap(True)

        self.back_button = QPushButton("Back")
        self.back_button.setAccessibleName("Back to the workshops")
        self.back_button.clicked.connect(self.back_requested)
        self.folder_button = QPushButton("Show the f&older")
        self.folder_button.setToolTip("Open the backup folder in your file manager.")
        self.folder_button.clicked.connect(self._on_folder_button_clicked)
        self.backup_button = QPushButton("&Back up now")
        self.backup_button.clicked.connect(self.backup_requested)
        self.restore_button = QPushButton("Res&tore this backup…")
        self.restore_button.setProperty("role", "primary")
        self.restore_button.clicked.connect(self._on_restore_button_clicked)

        buttons = QHBoxLayout()
        buttons.addWidget(self.back_button)
        buttons.addStretch(1)
        buttons.addWidget(self.folder_button)
        buttons.addWidget(self.backup_button)
        buttons.addWidget(self.restore_button)

        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.where)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.details)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        for keys in ("Esc", "Alt+Left"):
            QShortcut(QKeySequence(keys), self, self.back_requested.emit)
        QShortcut(QKeySequence("F5"), self, self.refresh)
        self._update_buttons()

    # ------------------------------------------------------------ public
    def set_database(self, db_path: Path | None, read_only_reason: str = "") -> None:
        """Which database's backups to show; a reason disables restoring."""
        self.db_path = db_path
        self._read_only_reason = read_only_reason
        if db_path is None:
            self.where.setText("This database lives in memory only; it has no backups.")
        else:
            self.where.setText(
                f"Copies of {db_path.name}, kept in {backup.backups_dir(db_path)} and readable "
                f"only by you. One is taken when a session ends, every {INTERVAL_MIN} minutes "
                "while one runs, and before an import, a restore or an upgrade."
            )
        self._update_buttons()

    def refresh(self) -> None:
        """Read the backup folder (quickly), then check each backup on a worker thread."""
        if self.db_path is None:
            self.show_backups([])
            return
        found = backup.list_backups(self.db_path)
        self.show_backups(found)
        if not found:
            return
        self._loading += 1
        self.status.setText("Checking the backups…")
        run_task(
            backup.list_backups,
            self.db_path,
            inspect=True,
            on_done=self._on_list_done,
            on_failed=self._on_list_failed,
        )

    def show_backups(self, backups: list[BackupInfo]) -> None:
        """Show these backups, keeping the selection on the same file when it is still there."""
        current = self.current_backup()
        self.model.set_backups(backups)
        row = 0
        if current is not None:
            for i, info in enumerate(backups):
                if info.path == current.path:
                    row = i
        if backups:
            self.table.selectRow(row)
        empty = (
            ""
            if backups
            else (
                "No backups yet. The first one is taken when a session "
                "ends, or now with Back up now."
            )
        )
        self.status.setText(" ".join(t for t in (empty, self._idle_text()) if t))
        self._update_details()
        self._update_buttons()

    def current_backup(self) -> BackupInfo | None:
        index = self.table.selectionModel().currentIndex()
        if not index.isValid() or index.row() >= self.model.rowCount():
            return None
        return self.model.backup_at(index.row())

    def set_busy(self, text: str) -> None:
        """Say what is happening (a backup or a restore); empty text when done."""
        self.status.setText(text or self._idle_text())
        self.backup_button.setEnabled(not text and self.db_path is not None)

    # ------------------------------------------------------------ slots
    def _on_list_done(self, backups: object) -> None:
        self._loading -= 1
        if isinstance(backups, list) and self._loading == 0:
            self.show_backups(backups)

    def _on_list_failed(self, error: object) -> None:
        self._loading -= 1
        self.status.setText(f"Could not read the backups: {error}")

    def _on_table_current_changed(self, _current: QModelIndex, _previous: QModelIndex) -> None:
        self._update_details()
        self._update_buttons()

    def _on_table_activated(self, _index: QModelIndex) -> None:
        self._on_restore_button_clicked()

    def _on_restore_button_clicked(self) -> None:
        info = self.current_backup()
        if info is not None and self.restore_button.isEnabled():
            self.restore_requested.emit(str(info.path))

    def _on_folder_button_clicked(self) -> None:
        if self.db_path is not None:
            folder = backup.backups_dir(self.db_path)
            if folder.is_dir():
                QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))
            else:
                self.status.setText("There is no backup folder yet: no backup has been made.")

    # ------------------------------------------------------------ helpers
    def _idle_text(self) -> str:
        if self._read_only_reason:
            return (
                f"Restoring is turned off: the database is open read-only "
                f"({self._read_only_reason})."
            )
        return ""

    def _update_details(self) -> None:
        info = self.current_backup()
        if info is None:
            self.details.setText("")
            return
        e = html.escape
        lines = [f"<b>{e(info.describe())}</b> — {e(str(info.path))}"]
        if info.contents is None:
            lines.append("<i>Checking…</i>")
        elif not info.contents.healthy:
            lines.append(
                f"<span style='color:{theme.css('error')}'><b>This backup is damaged</b> "
                f"({e(info.contents.health)}); it cannot be restored.</span>"
            )
        elif info.contents.sessions:
            found = info.contents.sessions
            shown = found[:8]
            team_names = sort_by_name({s.team for s in found if s.team}, str)
            lines.append(f"Teams: {e(', '.join(team_names))}")
            lines.append(
                f"Sessions inside ({len(found)}): "
                + " · ".join(f"{e(s.title)} ({e(s.date)})" for s in shown)
                + (f" · and {len(found) - len(shown)} more" if len(found) > len(shown) else "")
            )
        else:
            lines.append("No sessions inside.")
        self.details.setText("<br>".join(lines))

    def _update_buttons(self) -> None:
        info = self.current_backup()
        has_file = self.db_path is not None
        self.backup_button.setEnabled(has_file)
        self.folder_button.setEnabled(has_file)
        if self._read_only_reason:
            self.restore_button.setEnabled(False)
            self.restore_button.setToolTip(
                f"The database is open read-only ({self._read_only_reason}); restoring "
                "would change it."
            )
        elif info is None:
            self.restore_button.setEnabled(False)
            self.restore_button.setToolTip("Choose a backup first.")
        elif info.contents is not None and not info.contents.healthy:
            self.restore_button.setEnabled(False)
            self.restore_button.setToolTip("This backup is damaged and cannot be restored.")
        else:
            self.restore_button.setEnabled(True)
            self.restore_button.setToolTip(
                "Replace what the database holds now with this "
                "backup; the current content is backed up first."
            )
