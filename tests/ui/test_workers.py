"""Work off the GUI thread never lets the garbage collector free Qt wrappers there."""

from __future__ import annotations

import gc
import threading

import pytest

from ui import workers


def _boom() -> None:
    raise ValueError("no")


@pytest.mark.parametrize("fails", [False, True])
def test_the_collector_is_held_while_a_task_runs_and_comes_back_after(qtbot, fails) -> None:  # noqa: ANN001
    assert gc.isenabled()
    go = threading.Event()

    def job() -> str:
        go.wait(10)
        if fails:
            _boom()
        return "done"

    task = workers.run_task(job)
    assert not gc.isenabled() and workers.collector_held()
    signal = task.signals.failed if fails else task.signals.done
    with qtbot.waitSignal(signal, timeout=10000):
        go.set()
    assert gc.isenabled() and not workers.collector_held()


def test_two_tasks_hold_it_until_both_have_reported(qtbot) -> None:  # noqa: ANN001
    first, second = threading.Event(), threading.Event()
    one = workers.run_progress_task(lambda progress: first.wait(10))
    two = workers.run_task(lambda: second.wait(10))
    with qtbot.waitSignal(one.signals.done, timeout=10000):
        first.set()
    assert not gc.isenabled()
    with qtbot.waitSignal(two.signals.done, timeout=10000):
        second.set()
    assert gc.isenabled()
