"""What opening a file says when it cannot: a full disk is not damage, a newer file is
named as such, a read-only folder still shows everything committed."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from facilitator.errors import (
    DatabaseCorruptError,
    DiskFullError,
    NewerVersionError,
    StoreError,
)
from facilitator.store import open_database, sqlite_errors, teams


def _sqlite_error(text: str, name: str) -> sqlite3.OperationalError:
    exc = sqlite3.OperationalError(text)
    exc.sqlite_errorname = name  # type: ignore[attr-defined]
    return exc


@pytest.mark.parametrize("name", ["SQLITE_IOERR_SHMSIZE", "SQLITE_IOERR_WRITE", "SQLITE_FULL"])
def test_an_io_error_on_a_nearly_full_disk_is_a_full_disk_not_damage(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    monkeypatch.setattr(sqlite_errors, "disk_nearly_full", lambda path: True)
    error = sqlite_errors.open_error(tmp_path / "db.db", _sqlite_error("disk I/O error", name))
    assert isinstance(error, DiskFullError)
    assert not isinstance(error, DatabaseCorruptError)
    assert "disk is full" in str(error) and "not damaged" in str(error)


def test_an_io_error_with_room_on_the_disk_is_still_not_damage(tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.setattr(sqlite_errors, "disk_nearly_full", lambda path: False)
    error = sqlite_errors.open_error(
        tmp_path / "db.db", _sqlite_error("disk I/O error", "SQLITE_IOERR_READ")
    )
    assert type(error) is StoreError and "input/output error" in str(error)


def test_only_sqlites_verdict_makes_a_file_damaged(tmp_path: Path) -> None:
    for text, name in (
        ("file is not a database", "SQLITE_NOTADB"),
        ("database disk image is malformed", "SQLITE_CORRUPT"),
    ):
        assert isinstance(
            sqlite_errors.open_error(tmp_path / "x", _sqlite_error(text, name)),
            DatabaseCorruptError,
        )


def _mounted_tmpfs(where: Path, size: str) -> Path:
    """A fresh tmpfs at ``where`` (needs root and mount); the test is skipped otherwise."""
    if not hasattr(os, "geteuid") or os.geteuid() != 0 or not shutil.which("mount"):
        pytest.skip("needs root to mount a small file system")
    where.mkdir()
    if (
        subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)], capture_output=True
        ).returncode
        != 0
    ):
        pytest.skip("cannot mount a tmpfs here")
    return where


@pytest.fixture
def tiny_disk(tmp_path: Path):  # noqa: ANN201
    """A 2 MiB tmpfs to fill."""
    where = _mounted_tmpfs(tmp_path / "tiny", "2m")
    yield where
    subprocess.run(["umount", "-l", str(where)], check=False)


def test_a_full_disk_at_open_is_reported_as_full_and_the_file_is_untouched(
    tiny_disk: Path, tmp_path: Path
) -> None:
    """The attack report's c3: -shm cannot grow; it was called damaged and "restore in
    its place" swapped an older backup in."""
    source = open_database(tmp_path / "source.db")
    teams.create_team(source, "Kept")
    source.close()
    path = tiny_disk / "db.db"
    with sqlite3.connect(tmp_path / "source.db") as src, sqlite3.connect(path) as dst:
        src.backup(dst)
    dst.close()
    before = path.read_bytes()
    free = shutil.disk_usage(tiny_disk).free
    (tiny_disk / "filler").write_bytes(b"\0" * max(0, free - 20 * 1024))
    with pytest.raises(DiskFullError):
        open_database(path)
    done = subprocess.run(
        [sys.executable, "-m", "facilitator.cli", "check", "--db", str(path)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 1 and "disk is full" in done.stderr
    assert "is damaged" not in done.stderr and "restore" not in done.stderr
    assert path.read_bytes() == before
    (tiny_disk / "filler").unlink()
    again = open_database(path)
    assert [t.name for t in teams.list_teams(again)] == ["Kept"]
    again.close()


def test_a_file_from_a_newer_version_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "newer.db"
    open_database(path).close()
    with sqlite3.connect(path) as conn:
        conn.execute(
            "insert into _sqlite_migrations(migration_set, name, applied_at) "
            "values ('facilitator', 'm999_from_the_future', '2030-01-01')"
        )
    conn.close()
    before = path.read_bytes()
    for read_only in (False, True):
        with pytest.raises(NewerVersionError, match="newer version of Facilitator"):
            open_database(path, read_only=read_only)
    assert path.read_bytes() == before


def _team_only_in_the_wal(path: Path) -> None:
    """A team committed by a process killed before any checkpoint: it is in the -wal only."""
    script = (
        "import os, signal, sys\nfrom facilitator.store import open_database, teams\n"
        "db = open_database(sys.argv[1])\nteams.create_team(db, 'Only in the -wal')\n"
        "os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    subprocess.run([sys.executable, "-c", script, str(path)], check=False)


def _folder_read_only(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    """Tests run as root, who may write anywhere: os.access says the folder is read-only."""
    real_access = os.access

    def access(target, mode, *args, **kwargs):  # noqa: ANN001, ANN202
        if mode & os.W_OK and Path(target) == folder:
            return False
        return real_access(target, mode, *args, **kwargs)

    monkeypatch.setattr(os, "access", access)


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_a_read_only_folder_shows_what_is_committed_in_the_wal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """immutable=1 skipped the -wal; now a private snapshot is read through SQLite."""
    path = tmp_path / "db.db"
    open_database(path).close()
    _team_only_in_the_wal(path)
    assert Path(f"{path}-wal").stat().st_size > 0
    _folder_read_only(monkeypatch, tmp_path)
    database = open_database(path)
    try:
        assert database.read_only and "folder" in database.read_only_reason
        assert [t.name for t in teams.list_teams(database)] == ["Only in the -wal"]
        snapshot = database._snapshot
        assert snapshot is not None and snapshot.parent != tmp_path
        assert oct(snapshot.stat().st_mode & 0o777) == "0o600"
    finally:
        database.close()
    assert not snapshot.exists()


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_a_backup_of_a_database_in_a_read_only_folder_keeps_its_wal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from facilitator.backup import take_backup

    folder = tmp_path / "ro"
    folder.mkdir()
    path = folder / "db.db"
    open_database(path).close()
    _team_only_in_the_wal(path)
    _folder_read_only(monkeypatch, folder)
    copy = take_backup(path, out=tmp_path / "copy.db")
    monkeypatch.undo()
    database = open_database(copy)
    assert [t.name for t in teams.list_teams(database)] == ["Only in the -wal"]
    database.close()


@pytest.fixture
def read_only_media(tmp_path: Path):  # noqa: ANN201
    """A tmpfs to fill, then remount read-only."""
    where = _mounted_tmpfs(tmp_path / "media", "4m")

    def seal() -> None:
        subprocess.run(["mount", "-o", "remount,ro", str(where)], check=True)

    yield where, seal
    subprocess.run(["umount", "-l", str(where)], check=False)


@pytest.mark.parametrize("with_shm", [True, False], ids=["wal-and-shm", "wal-without-shm"])
def test_read_only_media_show_and_back_up_what_the_wal_holds(
    tmp_path: Path, read_only_media, with_shm: bool
) -> None:  # noqa: ANN001
    from facilitator.backup import take_backup

    where, seal = read_only_media
    made = tmp_path / "made.db"
    open_database(made).close()
    _team_only_in_the_wal(made)
    for suffix in ("", "-wal") + (("-shm",) if with_shm else ()):
        shutil.copyfile(f"{made}{suffix}", f"{where / 'db.db'}{suffix}")
    seal()
    path = where / "db.db"
    database = open_database(path)
    try:
        assert database.read_only
        assert [t.name for t in teams.list_teams(database)] == ["Only in the -wal"]
    finally:
        database.close()
    copy = take_backup(path, out=tmp_path / "copy.db")
    check = open_database(copy)
    assert [t.name for t in teams.list_teams(check)] == ["Only in the -wal"]
    check.close()
    from facilitator.paths import cache_dir

    assert list(cache_dir().iterdir()) == []  # no snapshot, -wal or -shm left behind
