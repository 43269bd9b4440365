"""The command line's safety commands: backup, backups, restore, check, and the lock."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from facilitator import backup, lock
from facilitator.cli import cli
from facilitator.store import open_database, sessions, teams


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def demo_file(tmp_path: Path) -> Path:
    path = tmp_path / "team.db"
    assert run("demo", "--db", str(path))[0] == 0
    return path


def _damage(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[4096 * 2 : 4096 * 6] = b"\xa5" * (4096 * 4)
    path.write_bytes(bytes(data))


def test_backup_by_hand_prints_its_path(demo_file: Path) -> None:
    code, out, _ = run("backup", "--db", str(demo_file))
    made = Path(out.strip())
    assert code == 0 and made.exists() and made.parent == demo_file.parent / "backups"
    assert made.name.endswith("_manual.db")


def test_backup_to_a_named_file(demo_file: Path, tmp_path: Path) -> None:
    out_file = tmp_path / "archive" / "copy.db"
    out_file.parent.mkdir()
    code, out, _ = run("backup", "--db", str(demo_file), "--out", str(out_file))
    assert code == 0 and out.strip() == str(out_file) and out_file.exists()
    code, _, err = run("backup", "--db", str(demo_file), "--out", str(out_file))
    assert code == 2 and "already exists" in err and err.count("\n") == 1


def test_backups_lists_date_why_and_sessions(demo_file: Path) -> None:
    run("backup", "--db", str(demo_file))
    code, out, _ = run("backups", "--db", str(demo_file))
    assert code == 0 and "By hand" in out and "6 sessions" in out and "ok" in out
    code, out, _ = run("backups", "--db", str(demo_file), "--json")
    rows = json.loads(out)
    assert len(rows) == 1 and rows[0]["health"] == "ok" and len(rows[0]["sessions"]) == 6
    assert all(s["title"] for s in rows[0]["sessions"])
    assert sorted(s["status"] for s in rows[0]["sessions"]) == ["finished"] * 5 + ["planned"]


def test_backups_when_there_are_none(tmp_path: Path) -> None:
    code, out, _ = run("backups", "--db", str(tmp_path / "none.db"))
    assert code == 0 and "No backups yet" in out


def test_check_reports_health_and_backups(demo_file: Path) -> None:
    run("backup", "--db", str(demo_file))
    code, out, _ = run("check", "--db", str(demo_file))
    assert code == 0 and "healthy" in out and "1 backup in" in out


def test_check_on_a_damaged_file_suggests_the_newest_good_backup(demo_file: Path) -> None:
    code, out, _ = run("backup", "--db", str(demo_file))
    good = out.strip()
    _damage(demo_file)
    code, _, err = run("check", "--db", str(demo_file))
    assert code == 1 and err.count("\n") == 1 and "Traceback" not in err
    assert "damaged" in err and f"Newest good backup: {good}" in err
    assert "facilitator restore" in err


def test_check_on_garbage_without_backups_says_so(tmp_path: Path) -> None:
    garbage = tmp_path / "garbage.db"
    garbage.write_text("not a database")
    code, _, err = run("check", "--db", str(garbage))
    assert code == 1 and "No good backup was found" in err


def test_restore_round_trip_through_the_command_line(demo_file: Path) -> None:
    code, out, _ = run("backup", "--db", str(demo_file))
    saved = out.strip()
    database = open_database(demo_file)
    team = teams.create_team(database, "Added later")
    sessions.create_session(database, team.id, "After the backup")
    database.close()
    code, out, _ = run("restore", saved, "--db", str(demo_file))
    assert code == 0 and "what it held before is in" in out
    database = open_database(demo_file)
    assert "Added later" not in {t.name for t in teams.list_teams(database)}
    database.close()
    before_restore = [b for b in backup.list_backups(demo_file) if b.reason == "before-restore"]
    assert len(before_restore) == 1


def test_restore_latest_over_a_damaged_file_keeps_it(demo_file: Path) -> None:
    run("backup", "--db", str(demo_file))
    _damage(demo_file)
    damaged = demo_file.read_bytes()
    code, out, _ = run("restore", "latest", "--db", str(demo_file))
    assert code == 0 and "the damaged file was kept as" in out
    kept = Path(out.strip().rsplit(" ", 1)[-1].rstrip("."))
    assert kept.read_bytes() == damaged
    assert run("check", "--db", str(demo_file))[0] == 0


def test_restore_with_no_backup_is_bad_input(tmp_path: Path) -> None:
    code, _, err = run("restore", "latest", "--db", str(tmp_path / "x.db"))
    assert code == 2 and "No good backup" in err
    code, _, err = run("restore", str(tmp_path / "missing.db"), "--db", str(tmp_path / "x.db"))
    assert code == 2 and "no backup file" in err


HOLDER = r"""
import sys
from facilitator.lock import DatabaseLock
held = DatabaseLock(sys.argv[1])
held.acquire()
print("held", flush=True)
sys.stdin.readline()
"""


def test_writing_commands_refuse_a_database_in_use(tmp_path: Path) -> None:
    path = tmp_path / "busy.db"
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
    )
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "held"
        for args in (("demo",), ("restore", "latest")):
            code, _, err = run(*args, "--db", str(path))
            if args[0] == "restore":
                assert code == 2  # nothing to restore is found before the lock matters
                continue
            assert code == 1 and err.count("\n") == 1
            assert f"process {proc.pid}" in err and lock.host_name() in err
        assert not path.exists()  # nothing was written
    finally:
        assert proc.stdin is not None
        proc.stdin.close()
        proc.wait(timeout=30)
    assert run("demo", "--db", str(path))[0] == 0  # the holder is gone


def test_reading_commands_work_while_the_database_is_in_use(demo_file: Path) -> None:
    with lock.DatabaseLock(demo_file):
        assert run("sessions", "--db", str(demo_file))[0] == 0
        assert run("check", "--db", str(demo_file))[0] == 0
        assert run("backup", "--db", str(demo_file))[0] == 0
        code, _, err = run("restore", "latest", "--db", str(demo_file))
        assert code == 1 and "in use by another copy" in err


def test_same_stem_databases_do_not_share_backups(tmp_path: Path) -> None:
    """ops.db and ops.sqlite in one folder: each lists and restores only its own."""
    ops_sqlite, ops_db = tmp_path / "ops.sqlite", tmp_path / "ops.db"
    assert run("demo", "--db", str(ops_sqlite))[0] == 0
    database = open_database(ops_db)
    teams.create_team(database, "Only in ops.db")
    database.close()
    code, out, _ = run("backup", "--db", str(ops_sqlite))
    assert code == 0
    own = out.strip()
    assert Path(own).name.startswith("ops.sqlite.")
    assert run("backup", "--db", str(ops_db))[0] == 0  # the newest in the folder
    code, out, _ = run("backups", "--db", str(ops_sqlite), "--json")
    assert code == 0 and [row["path"] for row in json.loads(out)] == [own]
    code, out, _ = run("restore", "latest", "--db", str(ops_sqlite))
    assert code == 0 and out.startswith(f"Restored {own} into {ops_sqlite}")
    database = open_database(ops_sqlite)
    assert "Only in ops.db" not in {t.name for t in teams.list_teams(database)}
    assert len(sessions.list_sessions(database)) == 6
    database.close()


def test_restoring_a_backup_from_a_newer_version_is_refused(demo_file: Path) -> None:
    code, out, _ = run("backup", "--db", str(demo_file))
    newer = Path(out.strip())
    conn = sqlite3.connect(newer)
    conn.execute(
        "insert into _sqlite_migrations (migration_set, name, applied_at) "
        "values ('facilitator', 'm999_from_a_later_release', '2027-01-01')"
    )
    conn.commit()
    conn.close()
    code, _, err = run("restore", str(newer), "--db", str(demo_file))
    assert code == 1 and err.count("\n") == 1 and "Traceback" not in err
    assert "was made by a newer version of Facilitator; update Facilitator to restore it." in err
    code, _, err = run("restore", "latest", "--db", str(demo_file))
    assert code == 2 and "No good backup" in err
