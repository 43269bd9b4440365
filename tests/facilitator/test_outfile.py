"""Output files: refused targets, owner-only files, and leftovers of killed writes."""

from __future__ import annotations

import os
import socket
import stat
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import BinaryIO

import pytest

from facilitator import backup
from facilitator.clock import FakeClock
from facilitator.errors import ValidationError
from facilitator.outfile import RefusedTargetError, check_target, write_atomically
from facilitator.store import open_database, teams

posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX files and permissions")


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Path]:
    """A live database file with its -wal and -shm, open while the test runs."""
    path = tmp_path / "team.db"
    database = open_database(path)
    teams.create_team(database, "Ops")
    yield path
    database.close()


def _write(text: bytes) -> Callable[[BinaryIO], None]:
    return lambda handle: handle.write(text) and None


def _refused(target: Path, protected: Path | None) -> str:
    with pytest.raises(RefusedTargetError) as caught:
        check_target(target, protected=protected)
    assert isinstance(caught.value, ValidationError)  # bad input: exit 2 on the CLI
    assert "\n" not in str(caught.value) and "nothing was written" in str(caught.value)
    return str(caught.value)


@posix_only
def test_the_database_is_refused_by_name_link_and_hard_link(db: Path) -> None:
    link, hard = db.parent / "link.pdf", db.parent / "hard.pdf"
    link.symlink_to(db)
    os.link(db, hard)
    assert "the database" in _refused(db, db)
    assert "the database" in _refused(db.parent / "." / db.name, db)
    assert "the database" in _refused(link, db)
    assert "a link to it" in _refused(hard, db)
    # the database given through a link is protected under its real name too
    assert "the database" in _refused(db, link)


@pytest.mark.parametrize(
    ("suffix", "what"),
    [
        ("-wal", "write-ahead log"),
        ("-shm", "shared-memory"),
        ("-journal", "rollback journal"),
        (".lock", "lock file"),
    ],
)
def test_the_files_beside_the_database_are_refused(db: Path, suffix: str, what: str) -> None:
    assert what in _refused(Path(str(db) + suffix), db)


def test_backups_and_their_folder_are_refused(db: Path, tmp_path: Path) -> None:
    made = backup.take_backup(db)
    assert "backups folder" in _refused(made, db)
    assert "backups folder" in _refused(made.parent / "new.pdf", db)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    assert "named like one" in _refused(elsewhere / made.name, db)
    assert "named like one" in _refused(elsewhere / (made.name + ".partial"), db)
    if hasattr(os, "link"):
        os.link(made, elsewhere / "copy.pdf")
        assert "backups" in _refused(elsewhere / "copy.pdf", db)


@posix_only
def test_folders_pipes_sockets_and_devices_are_refused_without_a_database(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe")
    assert "a folder" in _refused(tmp_path, None)
    assert "a pipe" in _refused(tmp_path / "pipe", None)
    assert "a device" in _refused(Path("/dev/null"), None)
    short = Path("/tmp") / f"fac-{os.getpid()}.sock"
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(short))
        try:
            assert "a socket" in _refused(short, None)
        finally:
            short.unlink()
    assert stat.S_ISFIFO(os.stat(tmp_path / "pipe").st_mode)
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_an_ordinary_file_is_still_fine(db: Path, tmp_path: Path) -> None:
    target = tmp_path / "team.db.pdf"
    target.write_bytes(b"old")
    assert check_target(target, protected=db) == target
    assert write_atomically(target, _write(b"new"), protected=db).read_bytes() == b"new"


@posix_only
def test_a_pipe_put_in_place_while_writing_is_not_replaced(tmp_path: Path) -> None:
    target = tmp_path / "r.pdf"

    def write(handle: BinaryIO) -> None:
        handle.write(b"%PDF")
        os.mkfifo(target)

    with pytest.raises(RefusedTargetError):
        write_atomically(target, write)
    assert stat.S_ISFIFO(os.lstat(target).st_mode)
    assert [p.name for p in tmp_path.iterdir()] == ["r.pdf"]


@posix_only
def test_an_export_is_owner_only_whatever_the_umask(tmp_path: Path) -> None:
    old = os.umask(0)
    try:
        made = write_atomically(tmp_path / "r.json", _write(b"{}"))
        (tmp_path / "old.csv").write_bytes(b"a")
        (tmp_path / "old.csv").chmod(0o666)
        replaced = write_atomically(tmp_path / "old.csv", _write(b"b"))
    finally:
        os.umask(old)
    assert stat.S_IMODE(made.stat().st_mode) == 0o600
    assert stat.S_IMODE(replaced.stat().st_mode) == 0o600


def test_leftovers_of_a_killed_write_go_after_an_hour(tmp_path: Path) -> None:
    clock = FakeClock(datetime(2026, 3, 2, 10, 0, tzinfo=UTC))
    now = clock.now().timestamp()

    def leftover(name: str, age: timedelta) -> Path:
        path = tmp_path / name
        path.write_bytes(b"half a PDF")
        os.utime(path, (now - age.total_seconds(),) * 2)
        return path

    old = leftover(".r.pdf.k1lled_0.part", timedelta(hours=2))
    young = leftover(".r.pdf.running.part", timedelta(minutes=10))  # may be writing
    other = leftover(".s.pdf.k1lled_0.part", timedelta(hours=2))  # another target
    mine = leftover("r.pdf.k1lled_0.part", timedelta(hours=2))  # not our pattern
    write_atomically(tmp_path / "r.pdf", _write(b"%PDF"), clock=clock)
    assert not old.exists()
    assert young.exists() and other.exists() and mine.exists()
    assert (tmp_path / "r.pdf").read_bytes() == b"%PDF"
    assert sorted(p.name for p in tmp_path.glob(".r.pdf.*.part")) == [young.name]


def test_a_stop_that_a_library_swallowed_still_puts_no_file_in_place(tmp_path, monkeypatch) -> None:
    """SIGTERM's exit caught by a library's catch-all: the writing goes on, but the file is
    not renamed into place once the stop is known."""
    from facilitator import outfile

    monkeypatch.setattr(outfile, "stop_requested", lambda: True)
    target = tmp_path / "report.pdf"
    with pytest.raises(outfile.Stopped):
        outfile.write_atomically(target, lambda f: f.write(b"%PDF"))
    assert list(tmp_path.iterdir()) == []
