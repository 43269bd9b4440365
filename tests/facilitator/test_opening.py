"""Opening a database to work in (File → Open database…), and which database a run names."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from facilitator import opening
from facilitator.errors import DatabaseCorruptError, DatabaseReadOnlyError, StoreError
from facilitator.paths import ENV_DB, chosen_db_path, default_db_path, resolve_db_path
from facilitator.store import open_database, teams


def _team(path: Path, name: str = "Ops") -> None:
    database = open_database(path)
    teams.create_team(database, name)
    database.close()


def test_a_database_opens_to_work_in(tmp_path: Path) -> None:
    path = tmp_path / "ops.db"
    _team(path)
    database = opening.open_to_work_in(path)
    assert not database.read_only and [t.name for t in teams.list_teams(database)] == ["Ops"]
    database.close()


def test_a_missing_file_is_created_only_when_asked(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    with pytest.raises(StoreError, match="There is no database"):
        opening.open_to_work_in(path)
    assert not path.exists()
    database = opening.open_to_work_in(path, create=True)
    assert teams.list_teams(database) == [] and path.is_file()
    database.close()


def test_a_file_that_would_open_read_only_is_refused(tmp_path: Path, monkeypatch) -> None:
    """Tests run as root, so the read-only file is simulated: os.access says so."""
    path = tmp_path / "shared.db"
    _team(path)
    real_access = os.access

    def access(where, mode, *args, **kwargs):  # noqa: ANN001, ANN202
        if mode & os.W_OK and Path(where) == path:
            return False
        return real_access(where, mode, *args, **kwargs)

    monkeypatch.setattr(os, "access", access)
    with pytest.raises(DatabaseReadOnlyError) as refused:
        opening.open_to_work_in(path)
    assert str(refused.value) == "shared.db can only be read here (the file is read-only)."
    assert refused.value.why == "the file is read-only"
    assert open_database(path).read_only  # what the start-up path still opens, read-only


def test_a_file_that_can_only_be_read_opens_read_only_when_agreed(tmp_path: Path) -> None:
    path = tmp_path / "shared.db"
    _team(path)
    database = opening.open_read_only(path, reason="the file is read-only")
    try:
        assert database.read_only and database.read_only_reason == "the file is read-only"
        assert [t.name for t in teams.list_teams(database)] == ["Ops"]
        with pytest.raises(DatabaseReadOnlyError):
            teams.create_team(database, "Not here")
    finally:
        database.close()
    with pytest.raises(StoreError):  # nothing to look at: nothing made
        opening.open_read_only(tmp_path / "gone.db", reason="the file is read-only")
    assert not (tmp_path / "gone.db").exists()


def test_a_file_of_another_kind_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("not a database\n", encoding="utf-8")
    with pytest.raises(DatabaseCorruptError, match="not a Facilitator database"):
        opening.open_to_work_in(path, create=True)
    assert path.read_text(encoding="utf-8") == "not a database\n"


def test_the_database_named_for_a_run(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv(ENV_DB, str(tmp_path / "env.db"))
    assert chosen_db_path(tmp_path / "flag.db") == tmp_path / "flag.db"
    assert chosen_db_path() == tmp_path / "env.db"
    monkeypatch.delenv(ENV_DB)
    assert chosen_db_path() is None  # the app then opens the one open last time
    assert resolve_db_path() == default_db_path()  # the command line: the default one
