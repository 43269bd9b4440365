"""The window's rules about a session: the screen it opens on, when a run is refused, and
what a session offers next."""

from __future__ import annotations

import pytest

from facilitator.errors import DatabaseReadOnlyError
from facilitator.model import Session, SessionStatus
from facilitator.routing import NextStep, Opening, next_steps, opening_screen, refuse_run


def _session(status: SessionStatus) -> Session:
    return Session("team", "Pause or push on", status=status)


@pytest.mark.parametrize(
    ("status", "opening"),
    [
        (SessionStatus.PLANNED, Opening.PLANNER),
        (SessionStatus.RUNNING, Opening.RUN),
        (SessionStatus.FINISHED, Opening.CAPTURES),
    ],
)
def test_a_session_opens_where_its_status_says(status, opening) -> None:
    assert opening_screen(_session(status)) is opening


@pytest.mark.parametrize("status", [SessionStatus.PLANNED, SessionStatus.RUNNING])
def test_a_planned_or_running_session_may_run_on_a_writable_database(status) -> None:
    assert refuse_run(_session(status), read_only=False) is None


def test_a_finished_sessions_run_screen_opens_on_a_writable_database() -> None:
    # It opens ended, on what to do next: its timer refuses to run it again.
    assert refuse_run(_session(SessionStatus.FINISHED), read_only=False) is None


@pytest.mark.parametrize("status", list(SessionStatus))
def test_a_read_only_database_refuses_a_run(status) -> None:
    refusal = refuse_run(_session(status), read_only=True)
    assert isinstance(refusal, DatabaseReadOnlyError)
    assert "read-only" in str(refusal)


def test_a_planned_session_offers_its_run_and_a_running_one_its_resumption() -> None:
    assert next_steps(_session(SessionStatus.PLANNED), read_only=False) == (NextStep.RUN,)
    assert next_steps(_session(SessionStatus.RUNNING), read_only=False) == (
        NextStep.RESUME,
        NextStep.CAPTURES,
    )


def test_a_finished_session_offers_what_follows_a_session_never_a_run() -> None:
    assert next_steps(_session(SessionStatus.FINISHED), read_only=False) == (
        NextStep.EXPORT,
        NextStep.VOTE,
        NextStep.CAPTURES,
        NextStep.PLAN_NEXT,
    )


def test_a_read_only_database_offers_only_the_steps_that_change_nothing() -> None:
    assert next_steps(_session(SessionStatus.PLANNED), read_only=True) == ()
    assert next_steps(_session(SessionStatus.RUNNING), read_only=True) == (NextStep.CAPTURES,)
    assert next_steps(_session(SessionStatus.FINISHED), read_only=True) == (
        NextStep.EXPORT,
        NextStep.CAPTURES,
    )
