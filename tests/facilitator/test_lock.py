"""One copy per database: the lock file refuses a second holder and ignores a dead one."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from facilitator import lock
from facilitator.errors import DatabaseLockedError
from facilitator.lock import DatabaseLock, lock_path, read_owner

HOLDER = r"""
import sys
from facilitator.lock import DatabaseLock
held = DatabaseLock(sys.argv[1])
held.acquire()
print("held", flush=True)
sys.stdin.readline()
held.release()
"""


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


@pytest.fixture
def holder(db_path: Path):
    """Another process holding the lock until the test ends."""
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


def test_lock_file_sits_beside_the_database_and_names_its_holder(db_path: Path) -> None:
    with DatabaseLock(db_path) as held:
        assert held.held
        path = lock_path(db_path)
        assert path.name == "facilitator.db.lock" and path.parent == db_path.parent
        assert stat.S_IMODE(path.stat().st_mode) & 0o077 == 0
        owner = read_owner(path)
        assert owner is not None
        assert owner.pid == os.getpid()
        assert owner.host == lock.host_name()
        assert owner.started_at is not None
    assert not lock_path(db_path).exists()


def test_a_second_holder_is_refused_with_process_and_host(db_path: Path) -> None:
    with DatabaseLock(db_path), pytest.raises(DatabaseLockedError) as caught:
        DatabaseLock(db_path).acquire()
    message = str(caught.value)
    assert f"process {os.getpid()}" in message and lock.host_name() in message
    assert "read-only" in message
    assert caught.value.owner.pid == os.getpid()


def test_another_process_holding_the_lock_refuses_us(db_path: Path, holder) -> None:
    with pytest.raises(DatabaseLockedError, match=f"process {holder.pid}"):
        DatabaseLock(db_path).acquire()
    assert lock_path(db_path).exists()


def test_a_lock_left_by_a_crashed_process_does_not_block(db_path: Path) -> None:
    path = lock_path(db_path)
    path.write_text(
        f"{_dead_pid()}\npython3\n{lock.host_name()}\n{lock.machine_id()}\n"
        f"{lock.boot_id()}\n2026-03-02T09:00:00.000+00:00\n"
    )
    with DatabaseLock(db_path) as held:
        assert held.held
        owner = read_owner(path)
        assert owner is not None and owner.pid == os.getpid()


def test_a_process_killed_with_sigkill_leaves_no_obstacle(db_path: Path) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(db_path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
    )
    assert proc.stdout is not None and proc.stdout.readline().strip() == "held"
    proc.kill()
    proc.wait()
    assert lock_path(db_path).exists()  # the crashed holder left its file behind
    with DatabaseLock(db_path) as held:
        assert held.held


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="needs a Linux boot id")
def test_a_lock_from_before_a_restart_is_stale(db_path: Path) -> None:
    """Even our own (running) pid: the boot id says the lock predates this boot."""
    lock_path(db_path).write_text(
        f"{os.getpid()}\n{lock.process_name(os.getpid())}\n"
        f"{lock.host_name()}\n{lock.machine_id()}\nan-earlier-boot\n"
    )
    assert DatabaseLock(db_path).acquire()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_a_recycled_process_id_does_not_block(db_path: Path) -> None:
    """The pid now belongs to another program: the lock's own program is gone."""
    other = subprocess.Popen(["sleep", "30"])
    try:
        lock_path(db_path).write_text(f"{other.pid}\nfacilitator\n{lock.host_name()}\n")
        assert DatabaseLock(db_path).acquire()
    finally:
        other.kill()
        other.wait()


def test_a_lock_from_another_computer_is_respected(db_path: Path) -> None:
    lock_path(db_path).write_text("4242\nfacilitator\nmeeting-room-pc\nanother-machine\n\n")
    with pytest.raises(DatabaseLockedError) as caught:
        DatabaseLock(db_path).acquire()
    assert 'host "meeting-room-pc"' in str(caught.value)
    assert "delete" in str(caught.value)


def test_an_unreadable_lock_nobody_holds_is_replaced(db_path: Path) -> None:
    lock_path(db_path).write_bytes(b"\x00\xff garbage")
    assert DatabaseLock(db_path).acquire()


def test_a_read_only_folder_means_no_lock(db_path: Path, monkeypatch) -> None:
    real_open = os.open

    def refuse(path, flags, *args):  # noqa: ANN001, ANN202
        if str(path).endswith(".lock"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, flags, *args)

    monkeypatch.setattr(os, "open", refuse)
    held = DatabaseLock(db_path)
    assert held.acquire() is False
    assert not held.held


def test_release_keeps_a_lock_someone_else_took_since(db_path: Path) -> None:
    first = DatabaseLock(db_path)
    first.acquire()
    lock_path(db_path).unlink()  # removed by hand while we held it
    second = DatabaseLock(db_path)
    assert second.acquire()
    first.release()
    assert lock_path(db_path).exists()  # still the second holder's
    second.release()
    assert not lock_path(db_path).exists()


# ------------------------------------------------------------------ half-written locks


@pytest.mark.parametrize(
    "left",
    [b"", b"\x00\xff garbage", b"0\n\n\n", b"12ab\nx"],
    ids=["empty", "garbage", "pid-0", "not-a-number"],
)
def test_a_half_written_lock_nobody_holds_is_replaced_and_logged(
    db_path: Path, caplog: pytest.LogCaptureFixture, left: bytes
) -> None:
    lock_path(db_path).write_bytes(left)
    with caplog.at_level("WARNING", logger="facilitator.lock"), DatabaseLock(db_path) as held:
        assert held.held
        owner = read_owner(lock_path(db_path))
        assert owner is not None and owner.pid == os.getpid()
    assert any(
        "stale lock file" in r.getMessage() and str(lock_path(db_path)) in r.getMessage()
        for r in caplog.records
    )


@pytest.mark.skipif(sys.platform == "win32", reason="flock")
def test_a_garbage_lock_somebody_flocks_is_in_use_but_names_no_process_0(
    db_path: Path, flocked_garbage
) -> None:
    with pytest.raises(DatabaseLockedError) as caught:
        DatabaseLock(db_path).acquire()
    message = str(caught.value)
    assert "starting right now" in message
    assert "process 0" not in message and "unknown" not in message
    assert lock_path(db_path).read_bytes() == b"\x00\xff gar"  # left alone


@pytest.mark.skipif(sys.platform == "win32", reason="flock")
def test_the_shared_rule_decides_the_same_for_the_app(db_path: Path, flocked_garbage) -> None:
    owner = lock.settle_existing(db_path)
    assert owner is not None and owner.starting
    assert owner.describe() == "one that is starting right now"


def test_a_folder_in_the_way_means_no_lock_and_is_left_alone(db_path: Path) -> None:
    lock_path(db_path).mkdir()
    (lock_path(db_path) / "keep").write_text("x")
    held = DatabaseLock(db_path)
    assert held.acquire() is False and not held.held
    assert held.unavailable is not None
    assert "a folder named facilitator.db.lock is in the way" in str(held.unavailable)
    assert (lock_path(db_path) / "keep").exists()


def test_a_full_disk_means_no_lock_and_says_so(db_path: Path, monkeypatch) -> None:
    real_open = os.open

    def full(path, flags, *args):  # noqa: ANN001, ANN202
        if str(path).endswith(".lock") and flags & os.O_CREAT:
            raise OSError(28, "No space left on device", str(path))
        return real_open(path, flags, *args)

    monkeypatch.setattr(os, "open", full)
    held = DatabaseLock(db_path)
    assert held.acquire() is False
    assert held.unavailable is not None
    assert (
        "no lock file could be made beside it (the disk is full)"
        in held.unavailable.read_only_reason
    )


@pytest.mark.skipif(sys.platform == "win32", reason="inodes")
def test_a_lock_removed_before_we_flocked_it_is_made_again(db_path: Path, monkeypatch) -> None:
    """Another copy judged our new, still empty file stale and removed it: we notice."""
    real_flock = lock._try_flock
    calls: list[int] = []

    def removed_first(fd: int) -> bool:
        if not calls:
            lock_path(db_path).unlink()
        calls.append(fd)
        return real_flock(fd)

    monkeypatch.setattr(lock, "_try_flock", removed_first)
    with DatabaseLock(db_path) as held:
        assert held.held and len(calls) == 2
        owner = read_owner(lock_path(db_path))
        assert owner is not None and owner.pid == os.getpid()
