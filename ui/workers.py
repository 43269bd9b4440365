"""Run slow core work (PDF, export, import checks) off the GUI thread.

A ``Task`` runs one function on the global thread pool and reports back by signal; it never
touches a widget, and the function it runs never touches the database connection (callers
gather data on the GUI thread first and write results there afterwards).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from facilitator.errors import FacilitatorError

log = logging.getLogger(__name__)


class TaskSignals(QObject):
    """Signals:
        progress(int, str): percent done and what is happening.
        succeeded(object): the function's result.
        failed(str): a message fit to show (FacilitatorError text, or a bug's summary).
    """

    progress = Signal(int, str)
    succeeded = Signal(object)
    failed = Signal(str)


class Task(QRunnable):
    """``func(progress)`` on a worker thread; ``progress(percent, text)`` emits a signal."""

    def __init__(self, func: Callable[[Callable[[int, str], None]], Any]) -> None:
        super().__init__()
        self.func = func
        self.signals = TaskSignals()
        self.setAutoDelete(True)

    def run(self) -> None:
        try:
            result = self.func(self.signals.progress.emit)
        except FacilitatorError as exc:
            self.signals.failed.emit(str(exc))
        except Exception as exc:  # a bug: say so, log it, keep the app alive
            log.exception("Background task failed")
            self.signals.failed.emit(f"Unexpected error: {type(exc).__name__}: {exc}")
        else:
            self.signals.succeeded.emit(result)


def start(task: Task, pool: QThreadPool | None = None) -> Task:
    (pool or QThreadPool.globalInstance()).start(task)
    return task
