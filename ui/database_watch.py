"""Every few seconds, the store's safety net: a ``-wal`` deleted from outside is noticed
between writes too, and what it held is folded into the database file at once.

The check is one ``stat`` (``Database.guard``); it runs on the GUI thread, which owns the
connection.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QTimer

from facilitator.errors import FacilitatorError
from facilitator.store.database import Database

CHECK_EVERY_MS = 2000
log = logging.getLogger(__name__)


class DatabaseWatch(QObject):
    """Calls ``database.guard()`` on a timer while the app is open."""

    def __init__(self, database: Database, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.database = database
        self._timer = QTimer(self)
        self._timer.setInterval(CHECK_EVERY_MS)
        self._timer.timeout.connect(self._on_timer_timeout)
        if not database.read_only:
            self._timer.start()

    def _on_timer_timeout(self) -> None:
        try:
            self.database.guard()
        except FacilitatorError as exc:  # a full disk: the next write will say so
            log.warning("Could not recover the write-ahead log: %s", exc)
