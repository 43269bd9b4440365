"""Automatic backups while the app runs: every few minutes during a session, and at its end.

Self-contained: a timer asks the core which sessions are running, so a backup is taken
every ``interval_min`` minutes while one runs and as soon as one stops running. The run
screen's end of session can also ask at once: ``back_up_after_session(self, session_id)``.
Backups run on a worker thread with their own connection; time comes from a clock.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget

from facilitator import planning
from facilitator.clock import Clock, SystemClock
from facilitator.errors import FacilitatorError
from facilitator.store.database import Database
from ui.workers import run_task

INTERVAL_MIN = 10
POLL_S = 30


class BackupScheduler(QObject):
    """Takes the automatic backups of one open database.

    Signals:
        backup_started(str): a backup began (its reason).
        backup_done(str): a backup was made (its path).
        backup_failed(str): a backup could not be made (the message to show).
    """

    backup_started = Signal(str)
    backup_done = Signal(str)
    backup_failed = Signal(str)

    def __init__(
        self,
        database: Database,
        *,
        clock: Clock | None = None,
        interval_min: float = INTERVAL_MIN,
        poll_s: float = POLL_S,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.database = database
        self.clock = clock or SystemClock()
        self.interval_s = interval_min * 60
        self.timer = QTimer(self)
        self.timer.setInterval(int(poll_s * 1000))
        self.timer.timeout.connect(self._on_timer_timeout)
        self._running: set[str] = set()
        self._since: float | None = None  # when the current run of sessions was seen
        self._last_backup: float | None = None
        self._busy = False
        self._queued: str | None = None
        if self.automatic:
            self._running = self._running_now()
            if self._running:
                self._since = self.clock.monotonic()
            self.timer.start()

    @property
    def automatic(self) -> bool:
        """Automatic backups need a file that can change: not in memory, not read-only."""
        return self.database.path is not None and not self.database.read_only

    @property
    def busy(self) -> bool:
        return self._busy

    # ------------------------------------------------------------ public
    def back_up_now(self, reason: str = "manual") -> bool:
        """Start a backup on a worker thread; False when one is running (this one follows)."""
        if self.database.path is None:
            self.backup_failed.emit("An in-memory database has no file to back up.")
            return False
        if self._busy:
            self._queued = reason
            return False
        self._busy = True
        self.backup_started.emit(reason)
        from facilitator import backup  # loaded with the first backup, not at start-up

        run_task(
            backup.take_backup,
            self.database.path,
            reason,
            clock=self.clock,
            on_done=self._on_task_done,
            on_failed=self._on_task_failed,
        )
        return True

    def session_did_end(self, session_id: str = "") -> None:
        """A session just ended: back it up now (and not again when the timer notices)."""
        self._running.discard(session_id)
        self.back_up_now("session-end")

    def stop(self) -> None:
        self.timer.stop()

    # ------------------------------------------------------------ slots
    def _running_now(self) -> set[str]:
        try:
            return set(planning.running_session_ids(self.database))
        except FacilitatorError:
            return set()

    def _on_timer_timeout(self) -> None:
        if self.database.closed:  # the window let go of its database: nothing to watch
            self.timer.stop()
            return
        if not self.automatic:
            return
        running = self._running_now()
        ended = self._running - running
        now = self.clock.monotonic()
        if running and not self._running:
            self._since = now
        self._running = running
        if ended:
            self.back_up_now("session-end")
            return
        if not running:
            self._since = None
            return
        if self._since is None:
            self._since = now
        start = max(self._since, self._last_backup or self._since)
        if now - start >= self.interval_s:
            self.back_up_now("scheduled")

    def _on_task_done(self, path: object) -> None:
        self._busy = False
        self._last_backup = self.clock.monotonic()
        self.backup_done.emit(str(path))
        self._follow_up()

    def _on_task_failed(self, error: object) -> None:
        self._busy = False
        if isinstance(error, FacilitatorError):
            message = str(error)
        else:
            message = f"The backup failed unexpectedly: {type(error).__name__}: {error}"
        self.backup_failed.emit(message)
        self._follow_up()

    def _follow_up(self) -> None:
        if self._queued is not None:
            reason, self._queued = self._queued, None
            self.back_up_now(reason)


def back_up_after_session(widget: QWidget, session_id: str = "") -> bool:
    """For a screen's end of session: ask its window's scheduler for a backup now.

    False when the window has no scheduler (a screen shown on its own, in a test).
    """
    scheduler = getattr(widget.window(), "backup_scheduler", None)
    if not isinstance(scheduler, BackupScheduler):
        return False
    scheduler.session_did_end(session_id)
    return True
