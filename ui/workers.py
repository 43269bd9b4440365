"""Run slow core work (backups, reports, imports) off the GUI thread.

A task calls one plain function on Qt's thread pool and reports its result or its error by
signal; it never touches a widget. The signals object is created on the GUI thread, so the
callbacks connected to it run there.

While a task runs, Python's cyclic garbage collector is held: a collection that started on
the worker thread would free there the Qt wrappers of windows and dialogs closed earlier,
and PySide hands such a deletion back to the GUI thread in a way that can crash the app.
Plain reference counting still frees what the task drops; the collector runs again, on the
GUI thread, once no task is running.
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


class TaskSignals(QObject):
    """How a task reports back.

    Signals:
        done(object): the function's return value.
        failed(object): the exception it raised.
    """

    done = Signal(object)
    failed = Signal(object)


class Task(QRunnable):
    """One function call on a worker thread."""

    def __init__(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> None:
        super().__init__()
        self.fn, self.args, self.kwargs = fn, args, kwargs
        self.signals = TaskSignals()
        self.setAutoDelete(False)  # Python keeps it until its signal has been delivered

    def run(self) -> None:
        try:
            result = self.fn(*self.args, **self.kwargs)
        except Exception as exc:  # reported to the GUI thread, which decides what to show
            self.signals.failed.emit(exc)
        else:
            self.signals.done.emit(result)


_in_flight: set[Task] = set()
_held = 0  # tasks started and not yet reported back; the collector is off while above 0


def _hold_collector() -> None:
    global _held
    if _held == 0:
        gc.disable()
    _held += 1


def _release_collector(*_reported: object) -> None:
    global _held
    _held = max(0, _held - 1)
    if _held == 0:
        gc.enable()


def collector_held() -> bool:
    """True while a task runs (the cyclic garbage collector is held)."""
    return _held > 0


def run_task(
    fn: Callable[..., Any],
    *args: Any,
    on_done: Callable[[Any], None] | None = None,
    on_failed: Callable[[BaseException], None] | None = None,
    pool: QThreadPool | None = None,
    **kwargs: Any,
) -> Task:
    """Start ``fn(*args, **kwargs)`` on the pool; ``on_done``/``on_failed`` run on the GUI
    thread."""
    task = Task(fn, *args, **kwargs)
    _in_flight.add(task)
    _hold_collector()
    task.signals.done.connect(_release_collector)
    task.signals.failed.connect(_release_collector)
    task.signals.done.connect(lambda _result: _in_flight.discard(task))
    task.signals.failed.connect(lambda _error: _in_flight.discard(task))
    if on_done is not None:
        task.signals.done.connect(on_done)
    if on_failed is not None:
        task.signals.failed.connect(on_failed)
    (pool or QThreadPool.globalInstance()).start(task)
    return task


class ProgressSignals(QObject):
    """How a task with progress reports back.

    Signals:
        progress(int, str): percent done and what is happening.
        done(object): the function's return value.
        failed(object): the exception it raised.
    """

    progress = Signal(int, str)
    done = Signal(object)
    failed = Signal(object)


class ProgressTask(QRunnable):
    """``fn(progress)`` on a worker thread; ``progress(percent, text)`` emits a signal."""

    def __init__(self, fn: Callable[[Callable[[int, str], None]], Any]) -> None:
        super().__init__()
        self.fn = fn
        self.signals = ProgressSignals()
        self.setAutoDelete(False)  # Python keeps it until its signal has been delivered

    def run(self) -> None:
        try:
            result = self.fn(self.signals.progress.emit)
        except Exception as exc:  # reported to the GUI thread, which decides what to show
            self.signals.failed.emit(exc)
        else:
            self.signals.done.emit(result)


_in_flight_progress: set[ProgressTask] = set()


def run_progress_task(
    fn: Callable[[Callable[[int, str], None]], Any],
    *,
    on_progress: Callable[[int, str], None] | None = None,
    on_done: Callable[[Any], None] | None = None,
    on_failed: Callable[[BaseException], None] | None = None,
    pool: QThreadPool | None = None,
) -> ProgressTask:
    """Start ``fn(progress)`` on the pool; the callbacks run on the GUI thread."""
    task = ProgressTask(fn)
    _in_flight_progress.add(task)
    _hold_collector()
    task.signals.done.connect(_release_collector)
    task.signals.failed.connect(_release_collector)
    task.signals.done.connect(lambda _result: _in_flight_progress.discard(task))
    task.signals.failed.connect(lambda _error: _in_flight_progress.discard(task))
    if on_progress is not None:
        task.signals.progress.connect(on_progress)
    if on_done is not None:
        task.signals.done.connect(on_done)
    if on_failed is not None:
        task.signals.failed.connect(on_failed)
    (pool or QThreadPool.globalInstance()).start(task)
    return task
