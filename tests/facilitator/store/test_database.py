"""Opening the database: durable settings, privacy, integrity and bad files."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import stat
from pathlib import Path

import pytest

from facilitator.errors import (
    DatabaseCorruptError,
    DatabaseReadOnlyError,
    StoreError,
    WriteFailedError,
)
from facilitator.model import Decision
from facilitator.store import captures, open_database, sessions, teams

ROOT = os.geteuid() == 0 if hasattr(os, "geteuid") else False


def test_settings_are_verified_at_open(file_db) -> None:
    assert file_db.pragma("journal_mode") == "wal"
    assert file_db.pragma("synchronous") == 2  # FULL
    assert file_db.pragma("foreign_keys") == 1
    assert file_db.quick_check() == "ok"
    assert file_db.schema_version()[0] == "m001_initial"


def test_new_file_is_readable_by_its_owner_only(file_db, db_path: Path) -> None:
    mode = stat.S_IMODE(db_path.stat().st_mode)
    assert mode & 0o077 == 0


def test_a_write_survives_closing_and_reopening(db_path: Path) -> None:
    database = open_database(db_path)
    team = teams.create_team(database, "Ops")
    session = sessions.create_session(database, team.id, "Weekly")
    captures.add(database, Decision(session.id, "Ship on Friday"))
    # Simulate a crash: no close, no checkpoint; a second connection must see it.
    other = sqlite3.connect(db_path)
    assert other.execute("select text from decisions").fetchone()[0] == "Ship on Friday"
    other.close()
    database.db.close()
    again = open_database(db_path)
    assert [d.text for d in captures.list_for_session(again, Decision, session.id)] == [
        "Ship on Friday"
    ]
    again.close()


def test_garbage_file_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "garbage.db"
    path.write_bytes(b"this is not a database at all" * 100)
    before = path.read_bytes()
    with pytest.raises(DatabaseCorruptError, match="not a Facilitator database"):
        open_database(path)
    assert path.read_bytes() == before


def test_empty_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "empty.db"
    path.touch()
    with pytest.raises(DatabaseCorruptError, match="empty file"):
        open_database(path)
    assert path.stat().st_size == 0


def test_another_programs_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("create table photos (id integer primary key)")
    conn.commit()
    conn.close()
    with pytest.raises(DatabaseCorruptError, match="another program"):
        open_database(path)


def test_damaged_page_is_detected(db_path: Path) -> None:
    database = open_database(db_path)
    team = teams.create_team(database, "Ops")
    for i in range(40):
        teams.add_participant(database, team.id, f"Person {i}", "x" * 200)
    database.close()
    data = bytearray(db_path.read_bytes())
    page = 4096
    for offset in range(page * 2, min(len(data), page * 6)):
        data[offset] = 0xA5
    db_path.write_bytes(bytes(data))
    with pytest.raises(DatabaseCorruptError):
        open_database(db_path)


@pytest.mark.skipif(ROOT, reason="root can write read-only files")
def test_read_only_file_opens_read_only_and_refuses_writes(db_path: Path) -> None:
    database = open_database(db_path)
    teams.create_team(database, "Ops")
    database.close()
    db_path.chmod(0o400)
    try:
        database = open_database(db_path)
        assert database.read_only
        assert "read-only" in database.read_only_reason
        assert [t.name for t in teams.list_teams(database)] == ["Ops"]
        with pytest.raises(DatabaseReadOnlyError, match="read-only"):
            teams.create_team(database, "Another")
        database.close()
    finally:
        db_path.chmod(0o600)


def test_read_only_on_request_refuses_writes(file_db, db_path: Path) -> None:
    teams.create_team(file_db, "Ops")
    database = open_database(db_path, read_only=True)
    assert database.read_only
    assert [t.name for t in teams.list_teams(database)] == ["Ops"]
    with pytest.raises(DatabaseReadOnlyError):
        teams.create_team(database, "Another")
    database.close()


def test_disk_full_rolls_back_and_says_so(file_db) -> None:
    team = teams.create_team(file_db, "Ops")
    session = sessions.create_session(file_db, team.id, "Weekly")
    pages = file_db.pragma("page_count")
    file_db.db.execute(f"PRAGMA max_page_count={pages}")
    with pytest.raises(WriteFailedError, match="disk is full"):
        captures.add(file_db, Decision(session.id, "x" * 200_000))
    assert captures.list_for_session(file_db, Decision, session.id) == []
    file_db.db.execute("PRAGMA max_page_count=1073741823")
    captures.add(file_db, Decision(session.id, "small"))
    assert len(captures.list_for_session(file_db, Decision, session.id)) == 1


def test_a_folder_is_not_a_database(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="folder"):
        open_database(tmp_path)


def test_attendance_upsert_under_a_full_disk_fails_loudly_not_silently(file_db) -> None:
    from facilitator.model import AttendanceStatus

    team = teams.create_team(file_db, "Ops")
    person = teams.add_participant(file_db, team.id, "Ann")
    session = sessions.create_session(file_db, team.id, "Weekly")
    pages = file_db.pragma("page_count")
    file_db.db.execute(f"PRAGMA max_page_count={pages}")
    # Refused loudly is fine; silently storing nothing (and caching that) is not.
    with contextlib.suppress(WriteFailedError):
        sessions.set_attendance(file_db, session.id, person.id, AttendanceStatus.PRESENT)
    file_db.db.execute("PRAGMA max_page_count=1073741823")
    sessions.set_attendance(file_db, session.id, person.id, AttendanceStatus.PRESENT)
    assert sessions.present_ids(file_db, session.id) == [person.id]
