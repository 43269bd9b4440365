"""The folders we create for the database and the log are the owner's only, whatever the
umask; a folder the user already had keeps its mode."""

from __future__ import annotations

import logging
import os
import stat
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from facilitator.cli import cli
from facilitator.lock import DatabaseLock
from facilitator.paths import data_dir, log_dir, make_private_folder
from facilitator.store import open_database

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="POSIX modes; the XDG folders of tests/conftest.py"
)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def umask_0() -> Iterator[None]:
    old = os.umask(0)
    try:
        yield
    finally:
        os.umask(old)


def test_the_default_data_folder_is_owner_only(tmp_path: Path, monkeypatch, umask_0) -> None:
    monkeypatch.delenv("FACILITATOR_DB")
    assert tmp_path / "data" in data_dir().parents and not (tmp_path / "data").exists()
    result = CliRunner().invoke(cli, ["demo"])
    assert result.exit_code == 0, result.stderr
    assert (data_dir() / "facilitator.db").exists()
    assert mode(data_dir()) == 0o700
    assert mode(tmp_path / "data") == 0o700  # made by us too: XDG says 0700


def test_a_new_folder_for_a_database_is_owner_only_an_existing_one_is_left(
    tmp_path: Path, umask_0
) -> None:
    above = mode(tmp_path)
    database = open_database(tmp_path / "new" / "deeper" / "team.db")
    database.close()
    assert mode(tmp_path / "new") == mode(tmp_path / "new" / "deeper") == 0o700
    with DatabaseLock(tmp_path / "locked" / "team.db"):
        assert mode(tmp_path / "locked") == 0o700
    chosen = tmp_path / "shared"
    chosen.mkdir()
    chosen.chmod(0o775)
    assert CliRunner().invoke(cli, ["demo", "--db", str(chosen / "team.db")]).exit_code == 0
    assert mode(chosen) == 0o775
    assert mode(tmp_path) == above  # nothing above what we made


def test_make_private_folder_is_mkdir_p(tmp_path: Path, umask_0) -> None:
    assert make_private_folder(tmp_path / "a" / "b") == tmp_path / "a" / "b"
    assert make_private_folder(tmp_path / "a" / "b").is_dir()  # again: fine
    (tmp_path / "file").write_text("x")
    with pytest.raises(FileExistsError):
        make_private_folder(tmp_path / "file")
    old = os.umask(0o777)  # even a umask that takes every bit away
    try:
        make_private_folder(tmp_path / "c")
    finally:
        os.umask(old)
    assert mode(tmp_path / "c") == 0o700


def test_the_log_folder_is_owner_only(tmp_path: Path, umask_0) -> None:
    from ui import app

    root = logging.getLogger()
    before, level = list(root.handlers), root.level
    try:
        path = app.setup_logging()
    finally:
        for handler in list(root.handlers):
            if handler not in before:
                root.removeHandler(handler)
                handler.close()
        root.setLevel(level)
    assert path is not None and path.parent == log_dir()
    made = [log_dir(), *[p for p in log_dir().parents if tmp_path in p.parents]]
    assert tmp_path / "state" in made
    assert {p: mode(p) for p in made} == {p: 0o700 for p in made}


def test_the_app_lock_makes_the_data_folder_owner_only(tmp_path: Path, umask_0) -> None:
    from ui.single_instance import InstanceLock

    held = InstanceLock()
    try:
        assert held.try_lock(tmp_path / "app" / "facilitator.db") is None
    finally:
        held.release()
    assert mode(tmp_path / "app") == 0o700
