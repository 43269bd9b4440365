"""A break on the run screen: the room reads when to be back, and nobody's speaking is
tracked."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from facilitator.clock import FakeClock
from facilitator.model import PhaseMode
from tests.facilitator.run_fixtures import make_session
from ui.screens.run import RunScreen
from ui.sound import CuePlayer


@pytest.fixture
def room_in_london(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """This computer's clock in Europe/London for the duration of a test."""
    monkeypatch.setenv("TZ", "Europe/London")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_the_run_screen_during_a_break_says_when_the_room_is_back(
    qtbot, fresh_db, room_in_london
) -> None:
    session_id, _ = make_session(
        fresh_db, [300, 600, 300], modes=[PhaseMode.OPEN, PhaseMode.BREAK, PhaseMode.OPEN]
    )
    clock = FakeClock(datetime(2026, 3, 2, 10, 0, tzinfo=UTC))  # 10:00 in London
    screen = RunScreen(fresh_db, session_id, clock=clock, player=CuePlayer(enabled=False))
    qtbot.addWidget(screen)
    screen.toggle()
    clock.advance(300)
    screen.next_phase()
    screen.refresh()
    assert "Break — back at 10:15" in screen.timer_panel.where.text()
    assert screen.title.text() == "Phase 2"
    assert "Break — back at 10:15" in screen.speakers.now.text()
    assert screen.speakers.now.text() == "Break — back at 10:15"  # and nothing more
    clock.advance(600)
    screen.refresh()
    assert "Break — time to come back" in screen.timer_panel.where.text()
