"""The session screens tell its times on the room's clock, whatever this computer's zone."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from facilitator import record
from facilitator.model import SessionStatus
from facilitator.store import Database, sessions, teams
from ui.screens.capture_view import CaptureView
from ui.screens.session_overview import render_html


@pytest.fixture
def london(fresh_db: Database, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A session planned for 8 December, run in London on 1 December; viewed in New York."""
    team = teams.create_team(fresh_db, "Ops")
    s = sessions.create_session(fresh_db, team.id, "Dispatch", planned_date="2026-12-08")
    sessions.edit_session(
        fresh_db,
        s.id,
        status=SessionStatus.FINISHED,
        started_at="2026-12-01T09:30:00.000+00:00",
        ended_at="2026-12-01T11:20:00.000+00:00",
        time_zone="Europe/London",
    )
    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    yield s.id
    monkeypatch.undo()
    time.tzset()


EXPECTED = "2026-12-01 (planned for 2026-12-08) · ran 09:30–11:20 · Europe/London time"


def test_the_overview_shows_the_rooms_day_and_clock(fresh_db: Database, london: str) -> None:
    assert EXPECTED in render_html(record.load(fresh_db, london))


def test_the_capture_view_shows_the_rooms_day_and_clock(
    qtbot, fresh_db: Database, london: str
) -> None:
    view = CaptureView(fresh_db)
    qtbot.addWidget(view)
    view.show_session(london)
    assert EXPECTED in view.subtitle.text()


def test_the_overview_leaves_no_empty_separator_for_a_missing_place(
    fresh_db: Database, london: str
) -> None:
    html = render_html(record.load(fresh_db, london))  # the session has no place
    assert "· ·" not in html and "·  ·" not in html
    assert "· Finished</p>" in html
