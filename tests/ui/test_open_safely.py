"""Opening the database in the app: a second copy, stale locks, damaged files, read-only."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from facilitator import backup, lock
from facilitator.errors import DatabaseLockedError, WriteFailedError
from facilitator.lock import DatabaseLock, lock_path, read_owner
from facilitator.store import open_database, teams
from ui import app
from ui.main_window import MainWindow
from ui.single_instance import InstanceLock

HOLDER = r"""
import sys
from facilitator.lock import DatabaseLock
held = DatabaseLock(sys.argv[1])
held.acquire()
print("held", flush=True)
sys.stdin.readline()
held.release()
"""


@pytest.fixture
def other_copy(db_path: Path):  # noqa: ANN201
    """Another process (the command line, another app) holding the database's lock."""
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(db_path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
    )
    assert proc.stdout is not None and proc.stdout.readline().strip() == "held"
    yield proc
    assert proc.stdin is not None
    proc.stdin.write("\n")
    proc.stdin.flush()
    proc.wait(timeout=30)


def _with_team(db_path: Path) -> None:
    database = open_database(db_path)
    teams.create_team(database, "Ops")
    database.close()


# ------------------------------------------------------------------ a second copy


def test_a_second_copy_names_the_holder_and_opens_read_only(
    qtbot, db_path, other_copy, answer
) -> None:
    _with_team(db_path)
    replies, seen = answer
    replies.append("Open read-only")
    instance = InstanceLock()
    database = app.open_with_dialog(db_path, instance=instance)
    assert database is not None and database.read_only
    assert f"process {other_copy.pid}" in seen[0] and lock.host_name() in seen[0]
    assert instance.db_path is None  # we hold nothing
    assert "another copy of Facilitator has it open" in database.read_only_reason
    window = MainWindow(database)
    qtbot.addWidget(window)
    window.show()
    assert window.read_only and window.home.banner.isVisible()
    assert f"process {other_copy.pid}" in window.home.banner.text()
    assert not window.home.demo_button.isEnabled()
    window.show_backups()
    assert window.read_only_banner.isVisible()  # on every other screen too
    database.close()


def test_a_second_copy_may_quit(db_path, other_copy, answer) -> None:
    _with_team(db_path)
    answer[0].append("Quit")
    assert app.open_with_dialog(db_path, instance=InstanceLock()) is None


def test_the_app_and_the_command_line_refuse_each_other(db_path) -> None:
    instance = InstanceLock()
    assert instance.try_lock(db_path) is None and instance.db_path == db_path
    path = lock_path(db_path)
    assert stat.S_IMODE(path.stat().st_mode) & 0o077 == 0
    owner = read_owner(path)
    assert owner is not None and owner.pid == os.getpid() and owner.started_at is not None
    with pytest.raises(DatabaseLockedError, match=f"process {os.getpid()}"):
        DatabaseLock(db_path).acquire()
    instance.release()
    assert not path.exists()
    with DatabaseLock(db_path):
        owner = InstanceLock().try_lock(db_path)
        assert owner is not None and owner.pid == os.getpid()


def test_a_lock_left_by_a_crash_does_not_block_the_app(db_path) -> None:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    lock_path(db_path).write_text(
        f"{proc.pid}\npython3\n{lock.host_name()}\n{lock.machine_id()}\n{lock.boot_id()}\n"
    )
    instance = InstanceLock()
    assert instance.try_lock(db_path) is None and instance.db_path == db_path
    assert read_owner(lock_path(db_path)).pid == os.getpid()
    instance.release()


# ------------------------------------------------------------------ damaged files


def _damaged_with_backup(db_path: Path) -> bytes:
    database = open_database(db_path)
    team = teams.create_team(database, "Ops")
    for i in range(40):
        teams.add_participant(database, team.id, f"Person {i}", "x" * 200)
    backup.take_backup(database)
    database.close()
    data = bytearray(db_path.read_bytes())
    data[4096 * 2 : 4096 * 6] = b"\xa5" * (4096 * 4)
    db_path.write_bytes(bytes(data))
    return bytes(data)


def test_damaged_file_restored_as_a_new_file(db_path, answer) -> None:
    damaged = _damaged_with_backup(db_path)
    replies, seen = answer
    replies.append("Restore as a new file")
    database = app.open_with_dialog(db_path, instance=InstanceLock())
    assert database is not None and database.path != db_path
    assert database.path.parent == db_path.parent and "restored" in database.path.name
    assert [t.name for t in teams.list_teams(database)] == ["Ops"]
    assert db_path.read_bytes() == damaged  # never overwritten
    assert "newest good backup" in seen[0]
    database.close()


def test_damaged_file_restored_in_its_place_is_kept_aside(db_path, answer) -> None:
    damaged = _damaged_with_backup(db_path)
    answer[0].append("Restore in its place")
    database = app.open_with_dialog(db_path, instance=InstanceLock())
    assert database is not None and database.path == db_path
    assert [t.name for t in teams.list_teams(database)] == ["Ops"]
    kept = [p for p in db_path.parent.iterdir() if ".damaged-" in p.name]
    assert len(kept) == 1 and kept[0].read_bytes() == damaged
    database.close()


def test_damaged_file_without_backup_offers_a_new_database(tmp_path, answer) -> None:
    garbage = tmp_path / "facilitator.db"
    garbage.write_bytes(b"this is not a database" * 50)
    replies, seen = answer
    replies.append("New database beside it")
    database = app.open_with_dialog(garbage, instance=InstanceLock())
    assert database is not None and database.path == tmp_path / "facilitator-new.db"
    assert garbage.read_bytes() == b"this is not a database" * 50
    assert "no good backup" in seen[0]
    database.close()


# ------------------------------------------------------------------ read-only


def test_read_only_on_request_shows_a_banner_and_disables_editing(qtbot, file_db, db_path) -> None:
    teams.create_team(file_db, "Ops")
    reader = open_database(db_path, read_only=True)
    window = MainWindow(reader)
    qtbot.addWidget(window)
    window.show()
    assert window.read_only and window.read_only_reason == "opened read-only on request"
    assert window.home.banner.isVisible() and not window.read_only_banner.isVisible()
    window.show_backups()
    assert window.read_only_banner.isVisible()
    assert "Read-only" in window.read_only_banner.text()
    assert "read-only" in window.backups.status.text()
    assert "read-only" in window.windowTitle()
    assert not window.backups.restore_button.isEnabled()
    assert "read-only" in window.backups.restore_button.toolTip()
    from PySide6.QtWidgets import QPushButton

    edit = QPushButton("Edit")
    window.disable_when_read_only(edit)
    assert not edit.isEnabled() and "read-only" in edit.toolTip()
    reader.close()


def test_a_read_only_folder_opens_read_only(qtbot, db_path, monkeypatch) -> None:
    """Tests run as root, so the folder is simulated: os.access says it is not writable."""
    _with_team(db_path)
    real_access = os.access

    def access(path, mode, *args, **kwargs):  # noqa: ANN001, ANN202
        if mode & os.W_OK and Path(path) == db_path.parent:
            return False
        return real_access(path, mode, *args, **kwargs)

    monkeypatch.setattr(os, "access", access)
    database = open_database(db_path)
    assert database.read_only and "folder" in database.read_only_reason
    window = MainWindow(database)
    qtbot.addWidget(window)
    assert "folder is read-only" in window.read_only_banner.text()
    assert not window.home.demo_button.isEnabled()
    assert [t.name for t in teams.list_teams(database)] == ["Ops"]
    assert not window.backup_scheduler.automatic
    database.close()


@pytest.mark.skipif(
    hasattr(os, "geteuid") and os.geteuid() == 0,
    reason="root can write a read-only file; covered with read_only=True",
)
def test_a_read_only_file_opens_read_only_in_the_app(qtbot, db_path) -> None:
    _with_team(db_path)
    db_path.chmod(0o400)
    try:
        database = open_database(db_path)
        window = MainWindow(database)
        qtbot.addWidget(window)
        assert "file is read-only" in window.read_only_banner.text()
        database.close()
    finally:
        db_path.chmod(0o600)


# ------------------------------------------------------------------ write failures


def test_a_full_disk_is_shown_and_the_app_keeps_running(
    qtbot, file_db, _no_blocking_dialogs
) -> None:
    window = MainWindow(file_db)
    qtbot.addWidget(window)
    window.show()
    file_db.db.execute(f"PRAGMA max_page_count={file_db.pragma('page_count')}")
    qtbot.mouseClick(window.home.demo_button, Qt.MouseButton.LeftButton)
    title, text = _no_blocking_dialogs[-1]
    assert title == "Could not add the demo" and "disk is full" in text
    assert teams.list_teams(file_db) == []  # rolled back, nothing half-saved
    assert window.home.pages.currentIndex() == 0
    file_db.db.execute("PRAGMA max_page_count=1073741823")
    qtbot.mouseClick(window.home.demo_button, Qt.MouseButton.LeftButton)
    assert window.home.pages.currentIndex() == 1  # still working


def test_a_write_failure_reaching_a_slot_keeps_the_app_running(
    qtbot, file_db, monkeypatch, _no_blocking_dialogs
) -> None:
    window = MainWindow(file_db)
    qtbot.addWidget(window)
    shown = _no_blocking_dialogs

    def fail(database, today=None):  # noqa: ANN001, ANN202
        raise WriteFailedError(
            "Could not save: the disk reported an input/output error. "
            "Nothing was changed; your text is kept."
        )

    monkeypatch.setattr("facilitator.demo.add_demo", fail)
    window.home.demo_requested.emit()
    assert shown and "input/output" in shown[-1][1]
    assert window.isEnabled()


# ------------------------------------------------------------------ the whole start-up


@pytest.fixture
def quiet_start(monkeypatch):  # noqa: ANN201
    """run() without the event loop, and without leaving its hooks and log behind."""
    import logging
    import threading

    from PySide6.QtWidgets import QApplication

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    monkeypatch.setattr(QApplication, "exec", lambda self: 0)
    root = logging.getLogger()
    before, level = list(root.handlers), root.level
    yield
    for handler in list(root.handlers):
        if handler not in before:
            root.removeHandler(handler)
            handler.close()
    root.setLevel(level)


def test_start_up_takes_the_lock_and_gives_it_back(
    qtbot, db_path, quiet_start, monkeypatch
) -> None:
    seen = []
    real = app.open_with_dialog

    def spy(path, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
        database = real(path, *args, **kwargs)
        seen.append(lock_path(path).exists())
        return database

    monkeypatch.setattr(app, "open_with_dialog", spy)
    assert app.run(db_path, []) == 0
    assert seen == [True]  # held while the window was open
    assert not lock_path(db_path).exists()  # and released on the way out


def test_start_up_with_another_copy_may_quit(
    qtbot, db_path, other_copy, quiet_start, answer
) -> None:
    _with_team(db_path)
    answer[0].append("Quit")
    assert app.run(db_path, []) == 1
    assert lock_path(db_path).exists()  # the other copy's lock is untouched


def test_a_full_disk_at_start_offers_try_again_never_a_restore(
    db_path, answer, monkeypatch
) -> None:
    from facilitator.errors import DiskFullError

    _with_team(db_path)
    replies, seen = answer
    replies.append("Try again")
    real_open = app.open_database
    attempts = []

    def open_once_full(path, **kwargs):  # noqa: ANN001, ANN202
        attempts.append(path)
        if len(attempts) == 1:
            raise DiskFullError(
                f"Cannot open {path}: the disk is full, so the database "
                "cannot work. The file is not damaged and nothing was changed."
            )
        return real_open(path, **kwargs)

    monkeypatch.setattr(app, "open_database", open_once_full)
    monkeypatch.setattr(app, "_ask_when_damaged", lambda *a: pytest.fail("offered a restore"))
    database = app.open_with_dialog(db_path)
    assert database is not None and [t.name for t in teams.list_teams(database)] == ["Ops"]
    database.close()
    assert len(seen) == 1 and "disk is full" in seen[0] and "try again" in seen[0]


def test_damage_found_after_the_first_paint_is_offered_the_restore_at_once(
    qtbot, db_path, quiet_start, answer, monkeypatch
) -> None:
    """The check runs after the window has painted; the damage it finds closes the window
    and reaches the dialog a damaged file at start gets, with its newest good backup; the
    window then opens on the restored file."""
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from tests.facilitator.store.damage import damage_table
    from ui.integrity_check import IntegrityCheck

    _with_team(db_path)
    database = open_database(db_path)
    backup.take_backup(database)
    database.close()
    damaged = damage_table(db_path, "participants")
    loop = QEventLoop()
    checked: list[Path] = []
    real_start = IntegrityCheck.start

    def start(self) -> None:  # noqa: ANN001
        checked.append(self.database.path)
        real_start(self)
        if len(checked) == 2:  # the window on the restored file has painted: done
            loop.quit()

    def exec_until_the_second_window(self) -> int:  # noqa: ANN001
        QTimer.singleShot(60_000, loop.quit)  # a safety net, reached only if nothing happens
        return loop.exec()

    monkeypatch.setattr(QApplication, "exec", exec_until_the_second_window)
    monkeypatch.setattr(IntegrityCheck, "start", start)
    replies, seen = answer
    replies.append("Restore as a new file")
    assert app.run(db_path, []) == 0
    assert len(checked) == 2 and checked[0] == db_path and "restored" in checked[1].name
    assert len(seen) == 1 and "is damaged" in seen[0] and "newest good backup" in seen[0]
    assert db_path.read_bytes() == damaged  # never overwritten
    assert not lock_path(db_path).exists()
