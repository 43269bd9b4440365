"""The app's lock: half-written lock files, and what happens when no lock can be made."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QLockFile

from facilitator import lock as core_lock
from facilitator.errors import DatabaseLockedError
from facilitator.lock import DatabaseLock, LockUnavailable, lock_path, read_owner
from facilitator.store import open_database, teams
from ui import app, single_instance
from ui.single_instance import InstanceLock


def _existing(db_path: Path) -> None:
    database = open_database(db_path)
    teams.create_team(database, "Ops")
    database.close()


# ------------------------------------------------------------------ half-written locks


@pytest.mark.parametrize(
    "left", [b"", b"\x00\xff garbage", b"0\n\n\n"], ids=["empty", "garbage", "pid-0"]
)
def test_a_half_written_lock_nobody_holds_is_taken_over_and_logged(
    db_path: Path, caplog: pytest.LogCaptureFixture, left: bytes
) -> None:
    lock_path(db_path).write_bytes(left)
    instance = InstanceLock()
    with caplog.at_level("WARNING", logger="facilitator.lock"):
        assert instance.try_lock(db_path) is None
    try:
        assert instance.db_path == db_path
        owner = read_owner(lock_path(db_path))
        assert owner is not None and owner.pid == os.getpid()
        with pytest.raises(DatabaseLockedError):  # the command line sees it is ours
            DatabaseLock(db_path).acquire()
    finally:
        instance.release()
    assert any("stale lock file" in r.getMessage() for r in caplog.records)


def test_the_app_opens_read_write_over_an_empty_lock(db_path: Path, answer) -> None:
    _existing(db_path)
    lock_path(db_path).write_bytes(b"")
    instance = InstanceLock()
    database = app.open_with_dialog(db_path, instance=instance)  # no dialog at all
    try:
        assert database is not None and not database.read_only
        assert instance.db_path == db_path
    finally:
        if database is not None:
            database.close()
        instance.release()


@pytest.mark.skipif(sys.platform == "win32", reason="flock")
def test_a_garbage_lock_somebody_flocks_is_in_use_but_names_no_process_0(
    db_path: Path, flocked_garbage, answer
) -> None:
    _existing(db_path)
    owner = InstanceLock().try_lock(db_path)
    assert owner is not None and owner.starting
    replies, seen = answer
    replies.append("Open read-only")
    instance = InstanceLock()
    database = app.open_with_dialog(db_path, instance=instance)
    try:
        assert database is not None and database.read_only
        assert instance.db_path is None
        for text in (seen[0], database.read_only_reason):
            assert "starting right now" in text
            assert "process 0" not in text and "unknown" not in text
        assert lock_path(db_path).read_bytes() == b"\x00\xff gar"  # left alone
    finally:
        if database is not None:
            database.close()


# ------------------------------------------------------------------ no lock can be made


def test_a_folder_in_the_way_opens_the_database_read_only(db_path: Path, answer) -> None:
    _existing(db_path)
    lock_path(db_path).mkdir()
    with pytest.raises(LockUnavailable, match="a folder named facilitator.db.lock"):
        InstanceLock().try_lock(db_path)
    instance = InstanceLock()
    database = app.open_with_dialog(db_path, instance=instance)  # no dialog: a banner
    try:
        assert database is not None and database.read_only
        assert instance.db_path is None
        assert database.read_only_reason.startswith("no lock file could be made beside it")
        assert "no two copies write at once" in database.read_only_reason
        assert lock_path(db_path).is_dir()
    finally:
        if database is not None:
            database.close()


class _FullDiskLockFile:
    """QLockFile on a full disk: the lock file's write fails (QLockFile's UnknownError)."""

    LockError = QLockFile.LockError

    def __init__(self, path: str) -> None:
        self.path = path

    def setStaleLockTime(self, value: int) -> None:  # noqa: N802
        pass

    def tryLock(self, timeout: int = 0) -> bool:  # noqa: N802
        return False

    def error(self) -> QLockFile.LockError:
        return QLockFile.LockError.UnknownError

    def unlock(self) -> None:
        pass


def test_a_full_disk_opens_the_database_read_only(db_path: Path, answer, monkeypatch) -> None:
    _existing(db_path)
    monkeypatch.setattr(single_instance, "QLockFile", _FullDiskLockFile)
    monkeypatch.setattr(core_lock, "_disk_full", lambda folder: True)
    first, second = InstanceLock(), InstanceLock()
    one = app.open_with_dialog(db_path, instance=first)
    two = app.open_with_dialog(db_path, instance=second)
    try:
        for database in (one, two):  # two copies, and neither writes
            assert database is not None and database.read_only
            assert database.read_only_reason == (
                "no lock file could be made beside it (the disk is full); opened "
                "read-only so that no two copies write at once"
            )
        assert first.db_path is None and second.db_path is None
    finally:
        for database in (one, two):
            if database is not None:
                database.close()


def test_no_lock_and_no_database_says_why_and_creates_nothing(db_path: Path, answer) -> None:
    lock_path(db_path).mkdir()
    replies, seen = answer
    replies.append("Quit")
    assert app.open_with_dialog(db_path, instance=InstanceLock()) is None
    assert "No lock file could be made beside" in seen[0]
    assert not db_path.exists()
