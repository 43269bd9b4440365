"""``facilitator sync FOLDER``: what it prints, that a second run changes nothing, the exit
statuses (a missing folder is one line and 1) and a bad file skipped with a note."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from facilitator.cli import cli
from facilitator.store import open_database, sessions, teams


@pytest.fixture
def laptop_a(tmp_path: Path) -> Path:
    path = tmp_path / "a.db"
    database = open_database(path)
    team = teams.create_team(database, "Northside Ops")
    teams.add_participant(database, team.id, "Zoë Martin", "Customer service")
    sessions.create_session(database, team.id, "Pause or push on?", planned_date="2026-03-02")
    database.close()
    return path


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_sync_publishes_takes_in_and_a_second_run_changes_nothing(
    laptop_a: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "Dropbox" / "ops"
    folder.mkdir(parents=True)
    code, out, err = _run("sync", str(folder), "--team", "northside ops", "--db", str(laptop_a))
    assert code == 0, err
    assert out.splitlines()[0] == f"Linked Northside Ops to {folder}."
    assert "Added 0 sessions, updated 0, unchanged 0." in out
    assert "Wrote 3 files to the team folder." in out
    laptop_b = tmp_path / "b.db"
    code, out, err = _run("sync", str(folder), "--db", str(laptop_b))
    assert code == 0, err
    assert out.splitlines()[0] == f"Joined Northside Ops from {folder}."  # a new laptop
    assert "Added 1 session, updated 0, unchanged 0." in out
    assert "The team: 1 person and 7 roles added." in out  # people and roles, each said
    code, out, err = _run("sync", str(folder), "--db", str(laptop_b))
    assert code == 0, err
    assert out.splitlines() == [
        "Added 0 sessions, updated 0, unchanged 1.",
        "This laptop's files in the team folder were already up to date.",
    ]
    b = open_database(laptop_b, read_only=True)
    (session,) = sessions.list_sessions(b)
    assert session.title == "Pause or push on?"
    assert [p.name for p in teams.list_participants(b, session.team_id)] == ["Zoë Martin"]
    b.close()


def test_a_bad_file_is_skipped_with_a_note_and_the_exit_status_is_0(
    laptop_a: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "share"
    folder.mkdir()
    assert _run("sync", str(folder), "--db", str(laptop_a))[0] == 0
    (folder / "notes.txt").write_text("not ours", encoding="utf-8")
    code, out, _err = _run("sync", str(folder), "--db", str(tmp_path / "b.db"))
    assert code == 0
    assert out.splitlines()[:3] == [
        f"Joined Northside Ops from {folder}.",
        "Added 1 session, updated 0, unchanged 0.",
        "Skipped notes.txt: not a Facilitator file.",
    ]


def test_a_missing_folder_is_one_line_and_exit_1(laptop_a: Path, tmp_path: Path) -> None:
    code, out, err = _run("sync", str(tmp_path / "usb" / "ops"), "--db", str(laptop_a))
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and "is not there right now" in err


def test_an_unknown_team_or_an_unclear_one_is_exit_2(laptop_a: Path, tmp_path: Path) -> None:
    folder = tmp_path / "share"
    folder.mkdir()
    code, _out, err = _run("sync", str(folder), "--team", "Finance", "--db", str(laptop_a))
    assert code == 2 and err.startswith("facilitator: ")
    database = open_database(laptop_a)
    teams.create_team(database, "Finance")
    database.close()
    code, _out, err = _run("sync", str(folder), "--db", str(laptop_a))
    assert code == 2 and "name the one to share with --team" in err


def test_syncing_with_another_folder_says_the_team_was_linked_elsewhere(
    laptop_a: Path, tmp_path: Path
) -> None:
    first, second = tmp_path / "Dropbox", tmp_path / "OneDrive"
    first.mkdir()
    second.mkdir()
    assert _run("sync", str(first), "--db", str(laptop_a))[0] == 0
    code, out, err = _run("sync", str(second), "--team", "northside ops", "--db", str(laptop_a))
    assert code == 0, err
    assert out.splitlines()[0] == (
        f"Linked Northside Ops to {second} (it was linked to {first.resolve()})."
    )
    code, out, _err = _run("sync", str(second), "--db", str(laptop_a))
    assert code == 0 and not out.startswith("Linked")  # the same folder again: said once


def test_sync_while_the_app_has_the_database_points_to_sync_now(
    laptop_a: Path, tmp_path: Path
) -> None:
    from facilitator.lock import DatabaseLock

    folder = tmp_path / "ops"
    folder.mkdir()
    before = laptop_a.read_bytes()
    with DatabaseLock(laptop_a) as held:  # as the open app holds it
        assert held.held
        code, out, err = _run("sync", str(folder), "--db", str(laptop_a))
    assert code == 1 and out == ""
    assert err.startswith("facilitator: The database is open in Facilitator (process ")
    assert err.rstrip().endswith(
        "sync there with File → Sync now (F9), which changes the same files. Nothing was changed."
    )
    assert "\n" not in err.rstrip() and list(folder.iterdir()) == []
    assert laptop_a.read_bytes() == before


def test_the_report_names_what_of_the_team_came_in() -> None:
    from facilitator.team_folder import team_text

    assert team_text({"participants": [6, 1, 0], "roles": [5, 0, 1]}) == (
        "The team: 6 people and 5 roles added; 1 person updated; 1 role deleted."
    )
    assert team_text({"rotation_rules": [0, 1, 0], "agenda_templates": [2, 0, 0]}) == (
        "The team: 2 agenda templates added; the rotation rules updated."
    )
    assert team_text({}) == "The team: nothing changed."
