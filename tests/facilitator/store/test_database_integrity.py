"""The integrity check the app defers until its window has painted: reads go ahead at once,
writes wait for the verdict, and damage found then refuses them, the file left untouched."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

import pytest

from facilitator import opening
from facilitator.errors import DatabaseCorruptError, WriteFailedError
from facilitator.opening import Integrity, check_integrity
from facilitator.store import database as store_database
from facilitator.store import open_database, teams
from tests.facilitator.store.damage import damage_table

SAFETY_S = 60.0  # only ever reached when the behaviour under test is broken


def _with_roster(path: Path) -> None:
    database = open_database(path)
    team = teams.create_team(database, "Ops")
    for i in range(40):
        teams.add_participant(database, team.id, f"Person {i}", "x" * 200)
    database.close()


def test_the_command_line_checks_at_open_and_the_app_after(db_path: Path) -> None:
    _with_roster(db_path)
    checked = open_database(db_path)
    assert checked.integrity is Integrity.OK
    checked.close()
    deferred = opening.open_database(db_path, defer_check=True)
    assert deferred.integrity is Integrity.UNCHECKED
    assert [t.name for t in teams.list_teams(deferred)] == ["Ops"]  # reads go ahead
    assert check_integrity(deferred) is None and deferred.integrity is Integrity.OK
    teams.create_team(deferred, "Sales")
    deferred.close()


def test_a_write_before_the_check_finished_waits_for_it(db_path: Path) -> None:
    _with_roster(db_path)
    database = opening.open_database(db_path, defer_check=True)
    made: list[object] = []
    writer = threading.Thread(target=lambda: made.append(teams.create_team(database, "Sales")))
    writer.start()
    assert database.gate.wait_for_a_waiting_write(SAFETY_S)  # held, not written
    assert made == [] and [t.name for t in teams.list_teams(database)] == ["Ops"]
    assert check_integrity(database) is None
    writer.join(SAFETY_S)
    assert len(made) == 1
    assert sorted(t.name for t in teams.list_teams(database)) == ["Ops", "Sales"]
    database.close()


def test_a_write_the_check_keeps_waiting_is_refused_and_nothing_is_lost(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _with_roster(db_path)
    monkeypatch.setattr(store_database, "HOLD_WRITES_S", 0.0)
    database = opening.open_database(db_path, defer_check=True)
    with pytest.raises(WriteFailedError) as refused:
        teams.create_team(database, "Sales")
    assert str(refused.value) == (
        "Could not save yet: the database is still being checked for damage. "
        "Nothing was changed; your text is kept, try again in a moment."
    )
    assert check_integrity(database) is None
    teams.create_team(database, "Sales")  # the same write, once the file has passed
    assert sorted(t.name for t in teams.list_teams(database)) == ["Ops", "Sales"]
    database.close()


def test_damage_found_by_the_deferred_check_refuses_writes_and_leaves_the_file(
    db_path: Path,
) -> None:
    _with_roster(db_path)
    damaged = damage_table(db_path, "participants")
    with pytest.raises(DatabaseCorruptError):  # the command line still refuses it at once
        open_database(db_path)
    database = opening.open_database(db_path, defer_check=True)
    damage = check_integrity(database)
    assert isinstance(damage, DatabaseCorruptError) and "is damaged" in str(damage)
    assert database.integrity is Integrity.DAMAGED and database.gate.damage is damage
    with pytest.raises(DatabaseCorruptError, match="nothing more is saved to it"):
        teams.create_team(database, "Sales")
    database.close()
    assert db_path.read_bytes() == damaged


def test_a_damaged_page_met_by_a_read_is_damage(db_path: Path) -> None:
    _with_roster(db_path)
    damage_table(db_path, "participants")
    database = opening.open_database(db_path, defer_check=True)
    team = teams.list_teams(database)[0]
    with pytest.raises(DatabaseCorruptError, match="is damaged"):
        teams.list_participants(database, team.id)
    database.close()


def test_a_file_to_upgrade_is_checked_before_anything_is_written(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from facilitator.store import migrations

    _with_roster(db_path)
    damage_table(db_path, "participants")

    def m999_next(db: object) -> None:
        pytest.fail("a migration ran on a damaged file")

    monkeypatch.setattr(migrations, "ORDER", [*migrations.ORDER, ("m999_next", m999_next)])
    with pytest.raises(DatabaseCorruptError):
        opening.open_database(db_path, defer_check=True)


OPEN_AND_READ = r"""
import sys
from facilitator.opening import open_database
from facilitator.store import teams
database = open_database(sys.argv[1], defer_check=True)
teams.list_teams(database)
print(sorted(m for m in ("sqlite_utils", "click") if m in sys.modules))
"""


def test_opening_and_reading_load_neither_sqlite_utils_nor_click(db_path: Path) -> None:
    _with_roster(db_path)
    out = subprocess.run(
        [sys.executable, "-c", OPEN_AND_READ, str(db_path)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.strip() == "[]"
