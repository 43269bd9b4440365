"""Backups in the window: the automatic scheduler, "Back up now", what each backup did
(the status bar, the backups screen) and the restore of a backup, asked first.

A restore replaces the whole database's content: every screen reloads (``EVERYTHING`` is
broadcast) and the window is told, so it can close the run screen of a session that may
now read differently.

Signals (RestoreFlow):
    restore_did_finish(): a backup replaced the database's content.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QApplication, QMainWindow, QMessageBox

from facilitator import planning, team_folder_status
from facilitator.changes import EVERYTHING
from facilitator.errors import FacilitatorError
from facilitator.store.database import Database
from ui import ops
from ui.backup_scheduler import BackupScheduler
from ui.routing import Router
from ui.window_actions import read_only_reason

log = logging.getLogger(__name__)


class RestoreFlow(QObject):
    """Takes backups for the window, reports them, and restores one when asked."""

    restore_did_finish = Signal()

    def __init__(self, window: QMainWindow, database: Database, router: Router) -> None:
        super().__init__(window)
        self.window, self.database, self.router = window, database, router
        self.scheduler = BackupScheduler(database, parent=window)
        self.scheduler.backup_done.connect(self._on_scheduler_backup_done)
        self.scheduler.backup_failed.connect(self._on_scheduler_backup_failed)
        router.backup_requested.connect(self.back_up_now)
        router.restore_requested.connect(self.restore)

    def _say(self, text: str, timeout_ms: int = 0) -> None:
        self.window.statusBar().showMessage(text, timeout_ms)

    # ------------------------------------------------------------ backing up
    def back_up_now(self) -> None:
        if self.scheduler.back_up_now("manual") or self.scheduler.busy:
            self.router.backups.set_busy("Making a backup…")
            self._say("Making a backup…")

    def _on_scheduler_backup_done(self, path: str) -> None:
        self._say(f"Backup saved: {path}", 8000)
        screen = self.router.built_backups
        if screen is not None:
            screen.set_busy("")
            if self.router.stack.currentWidget() is screen:
                screen.refresh()  # the new file, in the list on screen

    def _on_scheduler_backup_failed(self, message: str) -> None:
        log.warning("Backup failed: %s", message)
        self._say(f"Backup failed: {message}")
        screen = self.router.built_backups
        if screen is not None:
            screen.set_busy("")
            if self.router.stack.currentWidget() is screen:
                ops.show_error(self.window, "Could not back up", message)

    # ------------------------------------------------------------ restoring
    def restore(self, path: str) -> None:
        """Ask, then put the backup at ``path`` in place of the database's content."""
        reason = read_only_reason(self.database)
        if reason:
            ops.show_error(
                self.window,
                "Cannot restore",
                f"The database is open read-only ({reason}); nothing was changed.",
            )
            return
        info = self.router.backups.current_backup()
        when = info.describe() if info and str(info.path) == path else Path(path).name
        if not self._confirmed(when):
            return
        self.scheduler.stop()
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            from facilitator import backup  # loaded with the first restore

            safety = backup.restore_backup(self.database, path)
        except FacilitatorError as exc:
            QApplication.restoreOverrideCursor()
            log.warning("Restore of %s failed: %s", path, exc)
            ops.show_error(self.window, "Could not restore the backup", exc)
            return
        finally:
            if self.scheduler.automatic:
                self.scheduler.timer.start()
        QApplication.restoreOverrideCursor()
        log.info("Restored %s; the previous content is in %s", path, safety)
        ops.broadcast(EVERYTHING)
        self.restore_did_finish.emit()
        self._say(
            f"Restored the backup from {when}. What the database held before is in {safety.name}.",
            15000,
        )

    def _confirmed(self, when: str) -> bool:
        running = planning.running_session_ids(self.database)
        warning = (
            "\n\nA session is running; it goes back to how the backup has it." if running else ""
        )
        shared = team_folder_status.before_restore(self.database)
        warning += f"\n\n{shared}" if shared else ""
        name = self.database.path.name if self.database.path else ""
        answer = QMessageBox.question(
            self.window,
            "Restore this backup?",
            f"Replace everything in {name} with the backup from {when}?\n\nWhat the database "
            f"holds now is backed up first, so you can come back to it.{warning}",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Yes
