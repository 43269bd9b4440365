"""The integrity check the open deferred, run on a worker once the window has painted.

Opening a large database checks it only after the first paint, so the window shows at
once; writes wait for the verdict meanwhile (``facilitator.opening``). When the check finds
damage (or cannot run), this reports it, and the app offers what opening a damaged file
offers: a backup to restore, a new database, another file.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget

from facilitator.errors import FacilitatorError
from facilitator.opening import Integrity, check_integrity
from facilitator.store.database import Database
from ui.workers import run_task

log = logging.getLogger(__name__)


class IntegrityCheck(QObject):
    """Starts ``check_integrity(database)`` on the thread pool after ``window``'s first paint.

    Signals:
        check_did_fail(object): the file is damaged (a ``DatabaseCorruptError``) or could
            not be checked (another ``FacilitatorError``); ``failure`` holds it too.
    """

    check_did_fail = Signal(object)

    def __init__(self, database: Database, window: QWidget) -> None:
        super().__init__(window)
        self.database = database
        self.failure: FacilitatorError | None = None
        self._window: QWidget | None = None
        if database.integrity is Integrity.UNCHECKED:
            self._window = window
            window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Paint and self._window is not None:
            self._window.removeEventFilter(self)
            self._window = None
            QTimer.singleShot(0, self.start)  # once this paint (and its children's) is done
        return False

    def start(self) -> None:
        """Run the check now (the first paint starts it by itself)."""
        run_task(
            check_integrity,
            self.database,
            on_done=self._on_task_done,
            on_failed=self._on_task_failed,
        )

    def _on_task_done(self, damage: object) -> None:
        if isinstance(damage, FacilitatorError):
            self._fail(damage)

    def _on_task_failed(self, error: BaseException) -> None:
        if not isinstance(error, FacilitatorError):
            raise error  # a bug: the crash dialog, as anywhere else
        self._fail(error)

    def _fail(self, error: FacilitatorError) -> None:
        log.warning("The integrity check of %s failed: %s", self.database.path, error)
        self.failure = error
        self.check_did_fail.emit(error)
