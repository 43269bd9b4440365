"""Reports and summaries tell a session's times on the clock of the room it ran in."""

from __future__ import annotations

import io
import time
from datetime import date

import pytest
from pypdf import PdfReader

from facilitator import record as records
from facilitator import summaries
from facilitator.model import Phase, SessionStatus
from facilitator.report import render_session, session_data
from facilitator.store import Database, sessions, teams

VIEWERS = ("Europe/London", "America/New_York", "Asia/Tokyo")


@pytest.fixture
def london(fresh_db: Database) -> str:
    """A session planned for 8 December, run in London on 1 December, 09:30 to 11:20."""
    team = teams.create_team(fresh_db, "Ops")
    s = sessions.create_session(
        fresh_db, team.id, "Dispatch", planned_date="2026-12-08", planned_start="09:00"
    )
    phase = Phase(
        s.id,
        0,
        "Check-in",
        600,
        started_at="2026-12-01T09:30:00.000+00:00",
        ended_at="2026-12-01T09:42:00.000+00:00",
    )
    sessions.add_phases(fresh_db, [phase])
    sessions.edit_session(
        fresh_db,
        s.id,
        status=SessionStatus.FINISHED,
        started_at="2026-12-01T09:30:00.000+00:00",
        ended_at="2026-12-01T11:20:00.000+00:00",
        time_zone="Europe/London",
    )
    return s.id


def viewing_from(monkeypatch: pytest.MonkeyPatch, zone: str) -> None:
    monkeypatch.setenv("TZ", zone)
    time.tzset()


@pytest.fixture(autouse=True)
def _restore_zone(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    yield
    monkeypatch.undo()
    time.tzset()


def pdf_text(database: Database, session_id: str) -> str:
    out = io.BytesIO()
    render_session(session_data(database, session_id), out, today=date(2026, 12, 2))
    reader = PdfReader(io.BytesIO(out.getvalue()))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def test_the_pdf_reads_the_same_times_wherever_it_is_printed(
    fresh_db: Database, london: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    for zone in VIEWERS:
        viewing_from(monkeypatch, zone)
        text = pdf_text(fresh_db, london)
        assert "ran 09:30–11:20" in text, zone
        assert "09:30" in text.split("Check-in", 1)[1], zone  # the agenda's start time
        assert "Tuesday 1 December 2026 (planned for Tuesday 8 December 2026)" in text
        noted = "Europe/London time" in text
        assert noted == (zone != "Europe/London"), zone


def test_the_markdown_reads_the_same_times_wherever_it_is_written(
    fresh_db: Database, london: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    texts = []
    for zone in VIEWERS:
        viewing_from(monkeypatch, zone)
        md = summaries.to_markdown(records.load(fresh_db, london), today=date(2026, 12, 2))
        assert "**Time:** planned 09:00 · ran 09:30–11:20" in md, zone
        assert "**Date:** Tuesday 1 December 2026 (planned for Tuesday 8 December 2026)" in md
        texts.append(md.replace(" · Europe/London time", ""))
    assert texts[0] == texts[1] == texts[2]


def test_the_demo_reads_the_same_times_wherever_it_is_printed(monkeypatch) -> None:
    """The demo's sessions ran at 09:30 in Leeds: printed in New York or Tokyo they still
    read 09:30, naming the room's zone (in New York they read 04:30)."""
    import time
    from datetime import date

    from facilitator import demo, record
    from facilitator.store.database import memory
    from facilitator.summaries import to_markdown

    times = {}
    try:
        for tz in ("Europe/London", "America/New_York", "Asia/Tokyo"):
            monkeypatch.setenv("TZ", tz)
            time.tzset()
            database = memory()
            try:
                sample = demo.add_demo(database, today=date(2026, 3, 4))
                text = to_markdown(record.load(database, sample), today=date(2026, 3, 4))
            finally:
                database.close()
            times[tz] = next(line for line in text.splitlines() if line.startswith("**Time"))
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()
    assert all("ran 09:30–11:20" in line for line in times.values()), times
    assert "Europe/London" not in times["Europe/London"]
    assert "Europe/London" in times["America/New_York"] and "Europe/London" in times["Asia/Tokyo"]
