"""Bugs reach a calm dialog that says the data is safe and where it and the log are."""

from __future__ import annotations

import logging
import stat
import sys
import threading

import pytest

from facilitator.errors import WriteFailedError
from ui import app


@pytest.fixture
def reporter(monkeypatch, db_path, tmp_path):  # noqa: ANN001, ANN201
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    return app.install_crash_handler(db_path, tmp_path / "logs" / "facilitator.log")


def _raise(error: BaseException) -> None:
    try:
        raise error
    except BaseException:
        sys.excepthook(*sys.exc_info())


def test_a_bug_says_the_data_is_safe_and_where_it_and_the_log_are(
    qapp, reporter, db_path, tmp_path, _no_blocking_dialogs
) -> None:
    assert sys.excepthook == reporter.hook
    _raise(ZeroDivisionError("division by zero"))
    title, text = _no_blocking_dialogs[-1]
    assert title == "Something went wrong"
    assert "ZeroDivisionError" in text and "Your data is safe" in text
    assert str(db_path) in text
    assert str(db_path.parent / "backups") in text
    assert str(tmp_path / "logs" / "facilitator.log") in text


def test_an_unhandled_typed_error_shows_its_message(qapp, reporter, _no_blocking_dialogs) -> None:
    _raise(WriteFailedError("Could not save: the disk is full. Nothing was changed."))
    title, text = _no_blocking_dialogs[-1]
    assert title == "Could not finish" and text.startswith("Could not save: the disk is full")
    assert "Your data is safe" in text


def test_the_dialog_names_the_database_actually_open(
    qapp, reporter, tmp_path, _no_blocking_dialogs
) -> None:
    chosen = tmp_path / "chosen.db"
    reporter.set_database(chosen)
    _raise(RuntimeError("boom"))
    assert str(chosen) in _no_blocking_dialogs[-1][1]


def test_a_bug_on_a_worker_thread_reaches_the_dialog(qtbot, reporter, _no_blocking_dialogs) -> None:
    def work() -> None:
        raise KeyError("missing")

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    qtbot.waitUntil(lambda: bool(_no_blocking_dialogs), timeout=5000)
    assert "KeyError" in _no_blocking_dialogs[-1][1]


def test_one_dialog_at_a_time(qapp, reporter, monkeypatch, _no_blocking_dialogs) -> None:
    from PySide6.QtWidgets import QMessageBox

    def nested(parent, title, text, *args):  # noqa: ANN001, ANN202
        _no_blocking_dialogs.append((title, text))
        _raise(RuntimeError("while the dialog is open"))
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "critical", staticmethod(nested))
    _raise(RuntimeError("first"))
    assert len(_no_blocking_dialogs) == 1


def test_the_traceback_goes_to_the_log(qapp, reporter, caplog) -> None:
    with caplog.at_level(logging.ERROR, logger="facilitator"):
        _raise(ValueError("logged"))
    assert "Traceback" in caplog.text and "ValueError: logged" in caplog.text


def test_the_log_rotates_and_is_readable_by_its_owner_only(tmp_path) -> None:
    root = logging.getLogger()
    before = list(root.handlers)
    level = root.level
    try:
        path = app.setup_logging()
        assert path is not None and tmp_path in path.parents  # the user log folder, isolated
        assert app.setup_logging() == path  # no second handler
        logging.getLogger("facilitator").info("hello")
        assert path.exists() and stat.S_IMODE(path.stat().st_mode) & 0o077 == 0
        handler = [h for h in root.handlers if h not in before]
        assert len(handler) == 1 and handler[0].max_bytes == 1_000_000
    finally:
        for h in list(root.handlers):
            if h not in before:
                root.removeHandler(h)
                h.close()
        root.setLevel(level)


def test_the_log_rotates_into_private_files(tmp_path) -> None:
    """Past its size the log moves to .1 (then .2, .3) and starts again, owner-only."""
    path = tmp_path / "facilitator.log"
    handler = app._PrivateRotatingFileHandler(path, max_bytes=200, backups=2)
    handler.setFormatter(logging.Formatter("%(message)s"))
    logger = logging.getLogger("facilitator.test-rotation")
    logger.propagate = False
    logger.addHandler(handler)
    try:
        for n in range(40):
            logger.warning("line %02d of the rotation test", n)
    finally:
        logger.removeHandler(handler)
        handler.close()
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["facilitator.log", "facilitator.log.1", "facilitator.log.2"]
    assert "line 39" in path.read_text(encoding="utf-8")
    assert all(path.stat().st_size <= 240 for path in tmp_path.iterdir())
    assert all(stat.S_IMODE(p.stat().st_mode) & 0o077 == 0 for p in tmp_path.iterdir())
