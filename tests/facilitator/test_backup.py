"""Backups: made with SQLite's backup API, checked, private, thinned, and restorable."""

from __future__ import annotations

import sqlite3
import stat
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from facilitator import backup
from facilitator.backup import thin
from facilitator.clock import FakeClock
from facilitator.errors import (
    BackupError,
    DatabaseCorruptError,
    DatabaseReadOnlyError,
    NotFoundError,
)
from facilitator.model import Decision
from facilitator.store import backup as store_backup
from facilitator.store import captures, open_database, sessions, teams
from facilitator.store.database import Database

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def _workshop(database: Database, title: str = "Weekly") -> str:
    team = teams.create_team(database, f"Team for {title}")
    session = sessions.create_session(database, team.id, title)
    captures.add(database, Decision(session.id, f"Decided in {title}"))
    return session.id


def _decisions(path: Path) -> list[str]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return sorted(r[0] for r in conn.execute("select text from decisions"))
    finally:
        conn.close()


def _private(path: Path) -> bool:
    return stat.S_IMODE(path.stat().st_mode) & 0o077 == 0


# ------------------------------------------------------------------ taking a backup

def test_a_backup_is_a_checked_private_copy_beside_the_database(file_db, db_path) -> None:
    _workshop(file_db)
    made = backup.take_backup(file_db, clock=FakeClock(T0))
    assert made.parent == db_path.parent / "backups"
    assert made.name == "facilitator_2026-03-02_09-00-00-000000_manual.db"
    assert _private(made) and _private(made.parent)
    assert store_backup.inspect(made, thorough=True).health == "ok"
    assert _decisions(made) == ["Decided in Weekly"]
    # A self-contained file: no write-ahead log beside it.
    assert not Path(str(made) + "-wal").exists()
    assert list(made.parent.iterdir()) == [made]


def test_backup_to_a_chosen_file(file_db, tmp_path) -> None:
    _workshop(file_db)
    out = tmp_path / "copy.db"
    assert backup.take_backup(file_db, out=out) == out
    assert _decisions(out) == ["Decided in Weekly"] and _private(out)
    with pytest.raises(BackupError, match="already exists"):
        backup.take_backup(file_db, out=out)
    with pytest.raises(BackupError, match="cannot replace the database"):
        backup.take_backup(file_db, out=file_db.path)


def test_uncommitted_changes_never_reach_a_backup(file_db, db_path) -> None:
    _workshop(file_db)
    other = sqlite3.connect(db_path)
    other.execute("begin immediate")
    other.execute("update decisions set text = 'half-written'")
    try:
        made = backup.take_backup(db_path)
    finally:
        other.rollback()
        other.close()
    assert _decisions(made) == ["Decided in Weekly"]


def test_backup_while_another_thread_writes_passes_integrity_check(db_path) -> None:
    database = open_database(db_path)
    session_id = _workshop(database)
    database.close()
    stop = threading.Event()
    written: list[int] = []

    def writer() -> None:
        mine = open_database(db_path)
        i = 0
        while not stop.is_set():
            captures.add(mine, Decision(session_id, f"decision {i} " + "x" * (i % 500)))
            written.append(i)
            i += 1
        mine.close()

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        copies = []
        while len(copies) < 8 or len(written) < 200:
            copies.append(backup.take_backup(db_path, prune=False))
    finally:
        stop.set()
        thread.join()
    counts = []
    for made in copies:
        assert store_backup.inspect(made, thorough=True).health == "ok", made
        counts.append(len(_decisions(made)))
    assert counts == sorted(counts)          # each a consistent, later snapshot
    assert counts[-1] > counts[0]


def test_a_copy_failing_its_integrity_check_is_deleted_and_reported(
        file_db, db_path, monkeypatch) -> None:
    _workshop(file_db)
    monkeypatch.setattr(store_backup, "integrity_of",
                        lambda conn: "row 7 missing from index sqlite_autoindex_decisions_1")
    with pytest.raises(BackupError, match="integrity check.*deleted"):
        backup.take_backup(file_db)
    assert list(backup.backups_dir(db_path).iterdir()) == []


def test_a_full_disk_during_a_backup_leaves_nothing_behind(file_db, db_path,
                                                          monkeypatch) -> None:
    _workshop(file_db)

    class Full:
        def __init__(self, conn: sqlite3.Connection) -> None:
            self._conn = conn

        def backup(self, target, **kwargs):  # noqa: ANN001, ANN003, ANN202
            raise sqlite3.OperationalError("database or disk is full")

        def __getattr__(self, name: str):  # noqa: ANN204
            return getattr(self._conn, name)

    real = store_backup.read_connection
    monkeypatch.setattr(store_backup, "read_connection", lambda *a, **k: Full(real(*a, **k)))
    with pytest.raises(BackupError, match="disk is full"):
        backup.take_backup(file_db)
    assert list(backup.backups_dir(db_path).iterdir()) == []


def test_an_in_memory_database_has_nothing_to_back_up(fresh_db) -> None:
    with pytest.raises(Exception, match="in-memory"):
        backup.take_backup(fresh_db)


# ------------------------------------------------------------------ listing

def test_listing_shows_date_reason_size_and_sessions_newest_first(file_db, db_path) -> None:
    clock = FakeClock(T0)
    _workshop(file_db, "First")
    backup.take_backup(file_db, "session-end", clock=clock)
    clock.advance(3600)
    _workshop(file_db, "Second")
    backup.take_backup(file_db, "scheduled", clock=clock)
    (backup.backups_dir(db_path) / "notes.txt").write_text("not a backup")
    (backup.backups_dir(db_path) / "other_2026-03-02_09-00-00-000000_manual.db").write_text("")
    listed = backup.list_backups(db_path, inspect=True)
    assert [b.reason for b in listed] == ["scheduled", "session-end"]
    assert listed[0].taken_at == T0 + timedelta(hours=1)
    assert listed[0].why == "During a session" and listed[1].why == "Session ended"
    assert {s.title for s in listed[0].contents.sessions} == {"First", "Second"}
    assert [s.title for s in listed[1].contents.sessions] == ["First"]
    assert listed[0].size > 0 and listed[0].healthy
    assert "2 sessions" in listed[0].describe()


def test_the_newest_good_backup_skips_damaged_ones(file_db, db_path) -> None:
    clock = FakeClock(T0)
    _workshop(file_db)
    good = backup.take_backup(file_db, clock=clock)
    clock.advance(60)
    bad = backup.take_backup(file_db, clock=clock)
    data = bytearray(bad.read_bytes())
    data[4096 * 2: 4096 * 4] = b"\xa5" * (4096 * 2)
    bad.write_bytes(bytes(data))
    found = backup.newest_good_backup(db_path)
    assert found is not None and found.path == good
    assert not backup.inspect_backup(backup.list_backups(db_path)[0], thorough=True).healthy


def test_no_backups_means_no_suggestion(db_path) -> None:
    assert backup.newest_good_backup(db_path) is None
    assert backup.list_backups(db_path) == []


# ------------------------------------------------------------------ thinning

def test_thinning_keeps_last_ten_then_daily_then_weekly() -> None:
    now = T0.replace(hour=23)
    hourly_today = [now - timedelta(hours=h) for h in range(15)]             # 15 today
    daily = [now - timedelta(days=d, hours=3) for d in range(1, 14)]         # one per day
    extra_same_day = [now - timedelta(days=5, hours=5)]                      # a 2nd on day 5
    weekly = [now - timedelta(days=d) for d in range(20, 80)]                # daily, older
    kept = thin(hourly_today + daily + extra_same_day + weekly, now)
    assert set(hourly_today[:10]) <= kept
    assert not set(hourly_today[10:]) & kept          # same day as a kept one
    assert set(daily) <= kept
    assert extra_same_day[0] not in kept
    old_weeks = {w.isocalendar()[:2] for w in weekly}
    kept_old = [k for k in kept if now - k > timedelta(days=14)]
    assert len(kept_old) == len({k.isocalendar()[:2] for k in kept_old})  # one per week
    assert {k.isocalendar()[:2] for k in kept_old} == old_weeks - {
        k.isocalendar()[:2] for k in kept if now - k <= timedelta(days=14)}


def test_thinning_a_few_keeps_them_all() -> None:
    stamps = [T0 - timedelta(minutes=m) for m in range(10)]
    assert thin(stamps, T0) == set(stamps)
    assert thin([], T0) == set()


moments = st.lists(st.integers(min_value=0, max_value=200 * 24 * 60), max_size=80).map(
    lambda minutes: [T0 - timedelta(minutes=m) for m in minutes])


@settings(max_examples=200, deadline=None)
@given(moments)
def test_thinning_properties(stamps: list[datetime]) -> None:
    kept = thin(stamps, T0)
    unique = sorted(set(stamps), reverse=True)
    assert kept <= set(unique)
    assert set(unique[:10]) <= kept                               # the newest ten
    assert thin(kept, T0) == kept                                 # stable when re-run
    for day in {s.date() for s in unique if T0 - s <= timedelta(days=14)}:
        assert any(k.date() == day for k in kept)                 # every recent day
    for week in {s.isocalendar()[:2] for s in unique}:
        assert any(k.isocalendar()[:2] == week for k in kept)     # every week
    assert len(kept) <= 10 + 15 + len({s.isocalendar()[:2] for s in unique})


def test_taking_backups_thins_the_folder(file_db, db_path) -> None:
    _workshop(file_db)
    clock = FakeClock(T0)
    for _ in range(60):                                           # every 12 hours for 30 days
        backup.take_backup(file_db, "scheduled", clock=clock)
        clock.advance(12 * 3600)
    left = backup.list_backups(db_path)
    expected = thin([T0 + timedelta(hours=12 * i) for i in range(60)],
                    T0 + timedelta(hours=12 * 59))
    assert {b.taken_at for b in left} == expected
    assert len(left) < 30


# ------------------------------------------------------------------ restoring

def test_restore_round_trip(file_db, db_path) -> None:
    clock = FakeClock(T0)
    session_id = _workshop(file_db)
    saved = backup.take_backup(file_db, clock=clock)
    kept_text = captures.list_for_session(file_db, Decision, session_id)[0]
    captures.delete(file_db, Decision, kept_text.id)
    captures.add(file_db, Decision(session_id, "Added after the backup"))
    clock.advance(60)
    safety = backup.restore_backup(file_db, saved, clock=clock)

    assert [d.text for d in captures.list_for_session(file_db, Decision, session_id)] == [
        "Decided in Weekly"]
    assert _decisions(safety) == ["Added after the backup", "Decided in Weekly"]
    assert safety.name.endswith("_before-restore.db")
    # The same handle keeps working, durably, with the open-time settings.
    assert file_db.quick_check() == "ok" and file_db.pragma("journal_mode") == "wal"
    captures.add(file_db, Decision(session_id, "After the restore"))
    file_db.close()
    again = open_database(db_path)
    assert len(captures.list_for_session(again, Decision, session_id)) == 2
    again.close()


def test_restore_refuses_a_damaged_backup_and_changes_nothing(file_db, db_path) -> None:
    session_id = _workshop(file_db)
    garbage = db_path.parent / "backups" / "facilitator_2026-03-02_09-00-00-000000_manual.db"
    garbage.parent.mkdir()
    garbage.write_bytes(b"SQLite format 3\x00" + b"\x00" * 5000)
    with pytest.raises(DatabaseCorruptError, match="cannot be restored"):
        backup.restore_backup(file_db, garbage)
    assert len(captures.list_for_session(file_db, Decision, session_id)) == 1
    assert [b.reason for b in backup.list_backups(db_path)] == ["manual"]   # no safety copy


def test_restore_refuses_a_read_only_database(file_db, db_path) -> None:
    _workshop(file_db)
    saved = backup.take_backup(file_db)
    reader = open_database(db_path, read_only=True)
    with pytest.raises(DatabaseReadOnlyError):
        backup.restore_backup(reader, saved)
    reader.close()


def test_restore_as_a_new_file(file_db, db_path) -> None:
    _workshop(file_db)
    saved = backup.take_backup(file_db)
    dest = backup.restored_path(db_path, FakeClock(T0))
    assert dest.parent == db_path.parent and dest.name.startswith("facilitator-restored-")
    backup.restore_to_new_file(saved, dest)
    assert _private(dest)
    restored = open_database(dest)
    assert restored.pragma("journal_mode") == "wal"
    assert [t.name for t in teams.list_teams(restored)] == ["Team for Weekly"]
    restored.close()
    with pytest.raises(BackupError, match="already exists"):
        backup.restore_to_new_file(saved, dest)


def test_a_damaged_database_is_moved_aside_never_deleted(file_db, db_path) -> None:
    _workshop(file_db)
    saved = backup.take_backup(file_db)
    file_db.close()
    damaged = bytearray(db_path.read_bytes())
    damaged[4096 * 2: 4096 * 5] = b"\xa5" * (4096 * 3)
    db_path.write_bytes(bytes(damaged))
    with pytest.raises(DatabaseCorruptError):
        open_database(db_path)

    aside = backup.replace_damaged(db_path, saved, clock=FakeClock(T0))
    assert aside.read_bytes() == bytes(damaged)
    assert aside.name.startswith("facilitator.db.damaged-")
    restored = open_database(db_path)
    assert [t.name for t in teams.list_teams(restored)] == ["Team for Weekly"]
    restored.close()


def test_a_failed_restore_in_place_puts_the_original_back(db_path, tmp_path,
                                                          monkeypatch) -> None:
    db_path.write_bytes(b"damaged beyond repair" * 100)
    good = tmp_path / "good.db"
    made = open_database(good)
    _workshop(made)
    made.close()

    def fail(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        raise BackupError("Could not make the backup: the disk is full.")

    monkeypatch.setattr(store_backup, "copy_to_new_database", fail)
    with pytest.raises(BackupError):
        backup.replace_damaged(db_path, good)
    assert db_path.read_bytes() == b"damaged beyond repair" * 100
    assert [p.name for p in db_path.parent.iterdir() if "damaged-" in p.name] == []


def test_stale_references_become_typed_errors(file_db) -> None:
    """A screen acting on an item that is gone gets a message, not a crash."""
    session_id = _workshop(file_db)
    with pytest.raises(NotFoundError):
        captures.delete(file_db, Decision, "no-such-id")
    with pytest.raises(Exception) as caught:
        captures.add(file_db, Decision("no-such-session", "x"))
    assert "no longer exists" in str(caught.value)
    assert isinstance(caught.value, sqlite3.IntegrityError)      # still one, for old callers
    assert len(captures.list_for_session(file_db, Decision, session_id)) == 1
