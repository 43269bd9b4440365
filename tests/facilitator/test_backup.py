"""Backups: made with SQLite's backup API, checked, private, thinned, and restorable."""

from __future__ import annotations

import builtins
import io
import os
import sqlite3
import stat
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from facilitator import backup, capture
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
    assert made.name == "facilitator.db.2026-03-02_09-00-00-000000_manual.db"
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
    assert counts == sorted(counts)  # each a consistent, later snapshot
    assert counts[-1] > counts[0]


def test_a_copy_failing_its_integrity_check_is_deleted_and_reported(
    file_db, db_path, monkeypatch
) -> None:
    _workshop(file_db)
    monkeypatch.setattr(
        store_backup,
        "integrity_of",
        lambda conn: "row 7 missing from index sqlite_autoindex_decisions_1",
    )
    with pytest.raises(BackupError, match="integrity check.*deleted"):
        backup.take_backup(file_db)
    assert list(backup.backups_dir(db_path).iterdir()) == []


def test_a_full_disk_during_a_backup_leaves_nothing_behind(file_db, db_path, monkeypatch) -> None:
    _workshop(file_db)

    class Full:
        def __init__(self, conn: sqlite3.Connection) -> None:
            self._conn = conn

        def backup(self, target, **kwargs):  # noqa: ANN001, ANN003, ANN202
            raise sqlite3.OperationalError("database or disk is full")

        def __getattr__(self, name: str):  # noqa: ANN204
            return getattr(self._conn, name)

    real = store_backup._read_only_connection

    def full(path):  # noqa: ANN001, ANN202
        conn, snapshot = real(path)
        return Full(conn), snapshot

    monkeypatch.setattr(store_backup, "_read_only_connection", full)
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
    data[4096 * 2 : 4096 * 4] = b"\xa5" * (4096 * 2)
    bad.write_bytes(bytes(data))
    found = backup.newest_good_backup(db_path)
    assert found is not None and found.path == good
    assert not backup.inspect_backup(backup.list_backups(db_path)[0], thorough=True).healthy


def test_no_backups_means_no_suggestion(db_path) -> None:
    assert backup.newest_good_backup(db_path) is None
    assert backup.list_backups(db_path) == []


def test_databases_sharing_a_folder_and_a_stem_keep_their_own_backups(tmp_path) -> None:
    names = ["ops.db", "ops.sqlite", "ops.db2", "ops"]
    for name in names:
        database = open_database(tmp_path / name)
        _workshop(database, name)
        database.close()
    clock = FakeClock(T0)
    made: dict[str, Path] = {}
    for name in names:
        made[name] = backup.take_backup(tmp_path / name, clock=clock)
        clock.advance(60)
    assert made["ops.sqlite"].name == "ops.sqlite.2026-03-02_09-01-00-000000_manual.db"
    for name in names:
        assert [b.path for b in backup.list_backups(tmp_path / name, clock=clock)] == [made[name]]
        for other in names:
            assert (backup.parse_backup_name(tmp_path / other, made[name].name) is None) == (
                other != name
            )
    # The newest backup in the folder is ops.db's; ops.sqlite's latest is still its own.
    latest = backup.newest_good_backup(tmp_path / "ops.sqlite", clock=clock)
    assert latest is not None and latest.path == made["ops.sqlite"]
    assert _decisions(latest.path) == ["Decided in ops.sqlite"]
    # Thinning ops.db (13 backups in one morning: the last 10 stay) leaves the others alone.
    for _ in range(12):
        backup.take_backup(tmp_path / "ops.db", "scheduled", clock=clock)
        clock.advance(60)
    assert len(backup.list_backups(tmp_path / "ops.db", clock=clock)) == 10
    assert not made["ops.db"].exists()
    assert all(made[name].exists() for name in names[1:])


def test_backups_named_by_earlier_versions_still_belong_to_their_database(file_db, db_path) -> None:
    """``facilitator_<time>_<why>.db`` is a backup of ``facilitator.db`` and of nothing else."""
    session_id = _workshop(file_db)
    folder = backup.backups_dir(db_path)
    older = []
    for hour in (8, 7):  # two of yesterday's, in the old naming
        made = backup.take_backup(
            file_db,
            "session-end",
            prune=False,
            clock=FakeClock(T0 - timedelta(days=1, hours=9 - hour)),
        )
        old_name = folder / f"facilitator_2026-03-01_0{hour}-00-00-000000_session-end.db"
        os.replace(made, old_name)
        older.append(old_name)
    listed = backup.list_backups(db_path, clock=FakeClock(T0))
    assert [b.path for b in listed] == older
    assert listed[0].taken_at == T0 - timedelta(days=1, hours=1)
    assert listed[0].reason == "session-end"
    for stranger in ("facilitator.sqlite", "facilitator", "facilitator.db2"):
        assert backup.list_backups(db_path.with_name(stranger), clock=FakeClock(T0)) == []
    captures.add(file_db, Decision(session_id, "Added later"))
    backup.restore_backup(file_db, older[0], clock=FakeClock(T0))
    assert [d.text for d in captures.list_for_session(file_db, Decision, session_id)] == [
        "Decided in Weekly"
    ]
    # Thinned with the new ones: yesterday keeps its newest, the 7 o'clock one goes.
    clock = FakeClock(T0)
    for _ in range(10):
        backup.take_backup(file_db, "scheduled", clock=clock)
        clock.advance(60)
    assert older[0].exists() and not older[1].exists()


def test_backups_stamped_in_the_future_neither_push_out_new_ones_nor_pass_for_latest(
    file_db, db_path
) -> None:
    """The clock was ahead (2030) for ten backups; today's three all stay, and win."""
    _workshop(file_db)
    ahead = [datetime(2030, 1, day, 12, tzinfo=UTC) for day in range(1, 11)]
    for moment in ahead:
        backup.take_backup(file_db, "scheduled", clock=FakeClock(moment), prune=False)
    clock = FakeClock(T0)
    fresh = []
    for _ in range(3):
        fresh.append(backup.take_backup(file_db, clock=clock))
        clock.advance(60)
    listed = backup.list_backups(db_path, clock=clock)
    assert [b.path for b in listed[:3]] == fresh[::-1]  # today's first, all kept
    assert [b.taken_at for b in listed[3:]] == sorted(ahead, reverse=True)
    assert all(b.future for b in listed[3:]) and not any(b.future for b in listed[:3])
    assert "dated in the future" in listed[3].describe()
    latest = backup.newest_good_backup(db_path, clock=clock)
    assert latest is not None and latest.path == fresh[-1]
    # When nothing of today is good, a future one is still better than none.
    for made in fresh:
        made.unlink()
    latest = backup.newest_good_backup(db_path, clock=clock)
    assert latest is not None and latest.taken_at == ahead[-1]


# ------------------------------------------------------------------ thinning


def test_thinning_keeps_last_ten_then_daily_then_weekly() -> None:
    now = T0.replace(hour=23)
    hourly_today = [now - timedelta(hours=h) for h in range(15)]  # 15 today
    daily = [now - timedelta(days=d, hours=3) for d in range(1, 14)]  # one per day
    extra_same_day = [now - timedelta(days=5, hours=5)]  # a 2nd on day 5
    weekly = [now - timedelta(days=d) for d in range(20, 80)]  # daily, older
    kept = thin(hourly_today + daily + extra_same_day + weekly, now)
    assert set(hourly_today[:10]) <= kept
    assert not set(hourly_today[10:]) & kept  # same day as a kept one
    assert set(daily) <= kept
    assert extra_same_day[0] not in kept
    old_weeks = {w.isocalendar()[:2] for w in weekly}
    kept_old = [k for k in kept if now - k > timedelta(days=14)]
    assert len(kept_old) == len({k.isocalendar()[:2] for k in kept_old})  # one per week
    assert {k.isocalendar()[:2] for k in kept_old} == old_weeks - {
        k.isocalendar()[:2] for k in kept if now - k <= timedelta(days=14)
    }


def test_thinning_keeps_future_stamps_without_counting_them() -> None:
    ahead = [T0 + timedelta(days=d) for d in range(1, 30)]
    present = [T0 - timedelta(minutes=10 * m) for m in range(12)]  # 12 this morning
    kept = thin(ahead + present, T0)
    assert kept == set(ahead) | set(present[:10])
    # A few minutes ahead is only a clock a little fast: that one counts as today's.
    nearly = T0 + backup.FUTURE_TOLERANCE
    assert thin([nearly] + present, T0) == {nearly} | set(present[:9])


def test_thinning_a_few_keeps_them_all() -> None:
    stamps = [T0 - timedelta(minutes=m) for m in range(10)]
    assert thin(stamps, T0) == set(stamps)
    assert thin([], T0) == set()


moments = st.lists(st.integers(min_value=0, max_value=200 * 24 * 60), max_size=80).map(
    lambda minutes: [T0 - timedelta(minutes=m) for m in minutes]
)


@settings(max_examples=200, deadline=None)
@given(moments)
def test_thinning_properties(stamps: list[datetime]) -> None:
    kept = thin(stamps, T0)
    unique = sorted(set(stamps), reverse=True)
    assert kept <= set(unique)
    assert set(unique[:10]) <= kept  # the newest ten
    assert thin(kept, T0) == kept  # stable when re-run
    for day in {s.date() for s in unique if T0 - s <= timedelta(days=14)}:
        assert any(k.date() == day for k in kept)  # every recent day
    for week in {s.isocalendar()[:2] for s in unique}:
        assert any(k.isocalendar()[:2] == week for k in kept)  # every week
    assert len(kept) <= 10 + 15 + len({s.isocalendar()[:2] for s in unique})


future_moments = st.lists(st.integers(min_value=6, max_value=5 * 365 * 24 * 60), max_size=30).map(
    lambda minutes: [T0 + timedelta(minutes=m) for m in minutes]
)


@settings(max_examples=100, deadline=None)
@given(moments, future_moments)
def test_thinning_with_future_stamps_is_thinning_without_them(
    stamps: list[datetime], ahead: list[datetime]
) -> None:
    assert thin(stamps + ahead, T0) == thin(stamps, T0) | set(ahead)


def test_taking_backups_thins_the_folder(file_db, db_path) -> None:
    _workshop(file_db)
    clock = FakeClock(T0)
    for _ in range(60):  # every 12 hours for 30 days
        backup.take_backup(file_db, "scheduled", clock=clock)
        clock.advance(12 * 3600)
    left = backup.list_backups(db_path)
    expected = thin(
        [T0 + timedelta(hours=12 * i) for i in range(60)], T0 + timedelta(hours=12 * 59)
    )
    assert {b.taken_at for b in left} == expected
    assert len(left) < 30


def test_leftovers_of_an_unfinished_backup_go_after_an_hour(file_db, db_path) -> None:
    """A backup killed midway leaves a ``.partial`` and SQLite's side files of it."""
    _workshop(file_db)
    folder = backup.backups_dir(db_path)
    store_backup.ensure_private_folder(folder)
    stale = "2026-03-02_07-00-00-000000"
    ours_stale = [
        folder / f"facilitator.db.{stale}_manual.db{suffix}"
        for suffix in (".partial", ".partial-journal", ".partial-wal", ".partial-shm")
    ]
    ours_stale.append(folder / f"facilitator_{stale}_manual.db.partial-journal")  # old name
    ours_recent = [
        folder / "facilitator.db.2026-03-02_08-55-00-000000_manual.db.partial",
        folder / "facilitator.db.2026-03-02_08-55-00-000000_manual.db.partial-journal",
    ]
    not_ours = [
        folder / f"facilitator.sqlite.{stale}_manual.db.partial-journal",
        folder / f"facilitator.db2.{stale}_manual.db.partial-wal",
        folder / f"other_{stale}_manual.db.partial-shm",
        folder / "notes.partial-journal",
    ]
    for path in ours_stale + not_ours:
        path.write_bytes(b"half a copy")
        os.utime(path, (T0.timestamp() - 7200, T0.timestamp() - 7200))
    for path in ours_recent:
        path.write_bytes(b"a copy being made")
        os.utime(path, (T0.timestamp() - 300, T0.timestamp() - 300))
    backup.take_backup(file_db, clock=FakeClock(T0))
    assert [p.name for p in ours_stale if p.exists()] == []
    assert all(p.exists() for p in ours_recent + not_ours)


@pytest.mark.skipif(os.name != "posix", reason="symbolic links need privileges on Windows")
def test_a_backups_folder_that_is_a_link_is_refused_and_never_followed(
    file_db, db_path, tmp_path
) -> None:
    _workshop(file_db)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    os.chmod(elsewhere, 0o755)
    stray = elsewhere / "facilitator.db.2026-03-01_09-00-00-000000_manual.db"
    stray.write_text("somebody else's file")
    link = backup.backups_dir(db_path)
    link.symlink_to(elsewhere, target_is_directory=True)
    message = "is a link; Facilitator keeps backups only in a real folder beside the database"
    with pytest.raises(BackupError, match=message):
        backup.take_backup(file_db, clock=FakeClock(T0))
    assert stat.S_IMODE(elsewhere.stat().st_mode) == 0o755
    assert [p.name for p in elsewhere.iterdir()] == [stray.name]
    assert backup.list_backups(db_path) == []  # nothing there is ours
    assert backup.newest_good_backup(db_path) is None
    # A link to nowhere is refused the same way, and creates nothing.
    link.unlink()
    link.symlink_to(tmp_path / "nowhere", target_is_directory=True)
    with pytest.raises(BackupError, match=message):
        backup.take_backup(file_db, clock=FakeClock(T0))
    assert not (tmp_path / "nowhere").exists()


def test_inspect_leaves_opening_database_files_to_sqlite(
    file_db, db_path, tmp_path, monkeypatch
) -> None:
    """POSIX locks belong to the process: any close() of the file would drop them all."""
    _workshop(file_db)
    made = backup.take_backup(file_db)
    text = tmp_path / "notes.db"
    text.write_text("Just notes, not a database.\n" * 20)
    empty = tmp_path / "empty.db"
    empty.write_bytes(b"")
    watched = {p.resolve() for p in (made, text, empty, db_path)}
    opened: list[str] = []
    real_open, real_os_open = builtins.open, os.open

    def seen(file: object) -> None:
        if isinstance(file, str | os.PathLike) and Path(file).resolve() in watched:
            opened.append(str(file))

    def spy_open(file, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
        seen(file)
        return real_open(file, *args, **kwargs)

    def spy_os_open(path, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
        seen(path)
        return real_os_open(path, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", spy_open)
    monkeypatch.setattr(io, "open", spy_open)
    monkeypatch.setattr(os, "open", spy_os_open)
    assert store_backup.inspect(text).health == "not a database file"
    assert store_backup.inspect(empty).health == "not a database file"
    assert store_backup.inspect(tmp_path / "missing.db").health.startswith("cannot be read")
    assert store_backup.inspect(made, thorough=True).health == "ok"
    live = store_backup.inspect(db_path)  # open here, its newest pages in -wal
    monkeypatch.undo()
    assert opened == []
    assert live.health == "ok" and [s.title for s in live.sessions] == ["Weekly"]


def _as_if_from_a_newer_version(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute(
        "insert into _sqlite_migrations (migration_set, name, applied_at) "
        "values ('facilitator', 'm999_from_a_later_release', '2027-01-01')"
    )
    conn.commit()
    conn.close()


# ------------------------------------------------------------------ restoring


def test_a_backup_from_a_newer_version_is_refused_and_never_latest(
    file_db, db_path, tmp_path
) -> None:
    session_id = _workshop(file_db)
    clock = FakeClock(T0)
    good = backup.take_backup(file_db, clock=clock)
    clock.advance(60)
    newer = backup.take_backup(file_db, clock=clock)
    _as_if_from_a_newer_version(newer)
    message = "made by a newer version of Facilitator; update Facilitator to restore it"
    listed = backup.list_backups(db_path, inspect=True, clock=clock)
    assert listed[0].path == newer and listed[0].newer and not listed[0].healthy
    assert listed[0].contents is not None and listed[0].contents.health == message
    with pytest.raises(BackupError, match=message):
        backup.check_backup(newer)
    captures.add(file_db, Decision(session_id, "Added later"))
    with pytest.raises(BackupError, match=message):
        backup.restore_backup(file_db, newer, clock=clock)
    assert len(captures.list_for_session(file_db, Decision, session_id)) == 2
    assert [b.reason for b in backup.list_backups(db_path)] == ["manual", "manual"]
    with pytest.raises(BackupError, match=message):
        backup.restore_to_new_file(newer, tmp_path / "copy.db")
    assert not (tmp_path / "copy.db").exists()
    latest = backup.newest_good_backup(db_path, clock=clock)
    assert latest is not None and latest.path == good


def test_restore_round_trip(file_db, db_path) -> None:
    clock = FakeClock(T0)
    session_id = _workshop(file_db)
    saved = backup.take_backup(file_db, clock=clock)
    kept_text = captures.list_for_session(file_db, Decision, session_id)[0]
    capture.delete(file_db, "decision", kept_text.id)
    captures.add(file_db, Decision(session_id, "Added after the backup"))
    clock.advance(60)
    safety = backup.restore_backup(file_db, saved, clock=clock)

    assert [d.text for d in captures.list_for_session(file_db, Decision, session_id)] == [
        "Decided in Weekly"
    ]
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
    assert [b.reason for b in backup.list_backups(db_path)] == ["manual"]  # no safety copy


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
    damaged[4096 * 2 : 4096 * 5] = b"\xa5" * (4096 * 3)
    db_path.write_bytes(bytes(damaged))
    with pytest.raises(DatabaseCorruptError):
        open_database(db_path)

    aside = backup.replace_damaged(db_path, saved, clock=FakeClock(T0))
    assert aside.read_bytes() == bytes(damaged)
    assert aside.name.startswith("facilitator.db.damaged-")
    restored = open_database(db_path)
    assert [t.name for t in teams.list_teams(restored)] == ["Team for Weekly"]
    restored.close()


def test_a_failed_restore_in_place_puts_the_original_back(db_path, tmp_path, monkeypatch) -> None:
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
        capture.delete(file_db, "decision", "no-such-id")
    with pytest.raises(Exception) as caught:
        captures.add(file_db, Decision("no-such-session", "x"))
    assert "no longer exists" in str(caught.value)
    assert isinstance(caught.value, sqlite3.IntegrityError)  # still one, for old callers
    assert len(captures.list_for_session(file_db, Decision, session_id)) == 1
