"""When a session ran: its day by when it started, its zone, and who uses them."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from facilitator import capture, followup, review, session_time
from facilitator.clock import FakeClock
from facilitator.model import Session, SessionStatus
from facilitator.store import Database, sessions, teams


def on(day: date, hour: int = 10) -> FakeClock:
    return FakeClock(datetime(day.year, day.month, day.day, hour, 0, tzinfo=UTC))


def ran(database: Database, session: Session, day: date, hour: int = 9) -> Session:
    """Mark a session as run on ``day`` (in London), whatever it was planned for."""
    start = datetime(day.year, day.month, day.day, hour, 30, tzinfo=UTC)
    return sessions.edit_session(
        database,
        session.id,
        status=SessionStatus.FINISHED,
        started_at=start.isoformat(),
        ended_at=(start + timedelta(hours=2)).isoformat(),
        time_zone="Europe/London",
    )


# ------------------------------------------------------------------ the session's day


def test_a_session_is_dated_by_when_it_ran_not_when_it_was_planned() -> None:
    s = Session(
        "t",
        "Early",
        planned_date="2026-12-08",
        started_at="2026-12-01T09:30:00.000+00:00",
        time_zone="Europe/London",
    )
    assert session_time.session_day(s) == date(2026, 12, 1)
    assert session_time.planned_other_day(s) == "2026-12-08"
    planned = Session("t", "Later", planned_date="2026-12-08")
    assert session_time.session_day(planned) == date(2026, 12, 8)
    assert session_time.planned_other_day(planned) == ""


def test_a_list_reads_the_time_a_session_started_once_it_has_run() -> None:
    planned = Session("t", "Plan", planned_date="2026-12-09", planned_start="09:30")
    assert session_time.day_and_time(planned) == "2026-12-09 09:30"
    early = Session(  # planned for 9 December at 09:30, run on 2 December at 03:22 in London
        "t",
        "Run early",
        planned_date="2026-12-09",
        planned_start="09:30",
        started_at="2026-12-02T03:22:00+00:00",
        time_zone="Europe/London",
    )
    assert session_time.day_and_time(early) == "2026-12-02 03:22"
    assert session_time.day_and_time(Session("t", "Undated")) == ""


def test_the_day_is_the_rooms_day_not_the_viewers() -> None:
    # 23:30 in New York on 1 December is already 2 December in UTC.
    s = Session("t", "Late", started_at="2026-12-02T04:30:00+00:00", time_zone="America/New_York")
    assert session_time.session_day(s) == date(2026, 12, 1)
    assert session_time.ran_text(s) == "23:30"


def test_the_next_sessions_review_finds_a_session_run_before_its_planned_day(
    fresh_db: Database,
) -> None:
    team = teams.create_team(fresh_db, "Ops")
    early = sessions.create_session(fresh_db, team.id, "Early", planned_date="2026-12-08")
    ran(fresh_db, early, date(2026, 12, 1))
    promise = capture.add(
        fresh_db, "action", early.id, "Call the depot", clock=on(date(2026, 12, 1))
    )
    nxt = sessions.create_session(fresh_db, team.id, "Next", planned_date="2026-12-05")
    items = review.agenda(fresh_db, nxt.id).items
    assert [i.item.id for i in items] == [promise.value.id]
    assert items[0].from_day == "2026-12-01"


def test_due_now_is_judged_against_the_day_the_session_ran(fresh_db: Database) -> None:
    team = teams.create_team(fresh_db, "Ops")
    before = sessions.create_session(fresh_db, team.id, "Before", planned_date="2026-11-24")
    ran(fresh_db, before, date(2026, 11, 24))
    capture.add(fresh_db, "action", before.id, "Fix rota", due="2026-12-10")
    early = sessions.create_session(fresh_db, team.id, "Early", planned_date="2026-12-22")
    ran(fresh_db, early, date(2026, 12, 1))
    agenda = review.agenda(fresh_db, early.id)
    assert agenda.day == date(2026, 12, 1)
    assert [i.due_now for i in agenda.items] == [False]  # due on the 10th: not yet


def test_follow_up_dates_a_learning_by_when_it_was_recorded(fresh_db: Database) -> None:
    team = teams.create_team(fresh_db, "Ops")
    early = sessions.create_session(fresh_db, team.id, "Early", planned_date="2026-12-22")
    capture.add(fresh_db, "learning", early.id, "Smaller batches", clock=on(date(2026, 12, 1)))
    board = followup.dashboard(fresh_db, team.id, date(2026, 12, 1))
    assert [line.day for line in board.learnings] == ["2026-12-01"]


def test_sessions_are_listed_by_when_they_ran(fresh_db: Database) -> None:
    team = teams.create_team(fresh_db, "Ops")
    early = sessions.create_session(fresh_db, team.id, "Early", planned_date="2026-12-22")
    ran(fresh_db, early, date(2026, 12, 1))
    sessions.create_session(fresh_db, team.id, "Middle", planned_date="2026-12-10")
    listed = sessions.list_sessions(fresh_db, team.id)
    assert [s.title for s in listed] == ["Middle", "Early"]


# ------------------------------------------------------------------ the zone


def test_starting_a_session_stores_the_local_zone(
    fresh_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    team = teams.create_team(fresh_db, "Ops")
    s = sessions.create_session(fresh_db, team.id, "Now")
    assert s.time_zone is None
    started = sessions.set_status(fresh_db, s.id, SessionStatus.RUNNING)
    assert started.time_zone == "Asia/Tokyo"
    assert sessions.get_session(fresh_db, s.id).time_zone == "Asia/Tokyo"


def test_the_timer_stores_the_rooms_zone_when_the_session_starts(
    fresh_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    from facilitator.timer import Timer
    from tests.facilitator.run_fixtures import make_session

    monkeypatch.setenv("TZ", "America/New_York")
    session_id, _ = make_session(fresh_db, [300])
    Timer.resume(fresh_db, session_id, FakeClock()).start()
    started = sessions.get_session(fresh_db, session_id)
    assert started.started_at and started.time_zone == "America/New_York"


def test_local_zone_from_the_tz_variable_as_name_or_path(tmp_path: Path) -> None:
    nowhere = tmp_path / "localtime"
    assert session_time.local_zone_name({"TZ": "Europe/London"}, nowhere) == "Europe/London"
    path = ":/usr/share/zoneinfo/America/New_York"
    assert session_time.local_zone_name({"TZ": path}, nowhere) == "America/New_York"


def test_local_zone_from_the_etc_localtime_link(tmp_path: Path) -> None:
    target = tmp_path / "usr/share/zoneinfo/Asia/Tokyo"
    target.parent.mkdir(parents=True)
    target.write_bytes(b"")
    link = tmp_path / "localtime"
    link.symlink_to(target)
    assert session_time.local_zone_name({}, link) == "Asia/Tokyo"


def test_local_zone_falls_back_to_the_utc_offset(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import time

    monkeypatch.setenv("TZ", "XYZ-5:30")  # a POSIX rule, not a zone name
    time.tzset()
    try:
        moment = datetime(2026, 6, 1, tzinfo=UTC)
        name = session_time.local_zone_name(None, tmp_path / "none", moment)
        assert name == "UTC+05:30"
        assert session_time.zone(name) == timezone(timedelta(hours=5, minutes=30))
        assert session_time.local_zone_name({}, tmp_path / "none", moment) == "UTC+05:30"
    finally:
        monkeypatch.undo()
        time.tzset()


def test_offset_text_reads_back() -> None:
    for minutes in (0, 60, -240, 330, -570):
        text = session_time.offset_text(timedelta(minutes=minutes))
        assert session_time.zone(text) == timezone(timedelta(minutes=minutes))
    assert session_time.zone("Not/AZone") is None
    assert session_time.zone(None) is None


def test_the_zone_is_noted_only_when_it_differs_from_the_viewers() -> None:
    s = Session("t", "Here", started_at="2026-12-01T09:30:00+00:00", time_zone="Europe/London")
    assert session_time.zone_note(s, "Europe/London") == ""
    assert session_time.zone_note(s, "Asia/Tokyo") == "Europe/London time"
    assert session_time.zone_note(Session("t", "Planned"), "Asia/Tokyo") == ""


def test_search_and_the_team_lists_date_a_session_by_when_it_ran(fresh_db) -> None:
    """Planned for the 8th, run on the 1st: search shows the 1st, and the team's actions
    come in the order their sessions ran."""
    from facilitator import search as search_module
    from facilitator.store import captures as capture_store

    team = teams.create_team(fresh_db, "Ops")
    late = sessions.create_session(fresh_db, team.id, "Planned late", planned_date="2026-12-08")
    early = sessions.create_session(fresh_db, team.id, "Planned early", planned_date="2026-12-03")
    ran(fresh_db, late, date(2026, 12, 1))
    ran(fresh_db, early, date(2026, 12, 3))
    capture.add(fresh_db, "action", late.id, "Call the carrier about Leeds")
    capture.add(fresh_db, "action", early.id, "Call the carrier again")
    found = search_module.search(fresh_db, "carrier")
    days = {group.title: group.day for group in found.groups}
    assert days["Planned late"] == "2026-12-01"
    ordered = [a.text for a in capture_store.team_actions(fresh_db, team.id)]
    assert ordered == ["Call the carrier about Leeds", "Call the carrier again"]
