"""The window's rules about a session: the screen it opens on, and when a run is refused."""

from __future__ import annotations

import pytest

from facilitator.errors import DatabaseReadOnlyError
from facilitator.model import Session, SessionStatus
from facilitator.routing import Opening, opening_screen, refuse_run


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


def test_a_finished_session_is_not_run_again_read_only_or_not() -> None:
    for read_only in (False, True):
        refusal = refuse_run(_session(SessionStatus.FINISHED), read_only)
        assert refusal is not None
        assert str(refusal) == (
            "“Pause or push on” has already been run. Open it to see what was recorded."
        )


@pytest.mark.parametrize("status", [SessionStatus.PLANNED, SessionStatus.RUNNING])
def test_a_read_only_database_refuses_a_run(status) -> None:
    refusal = refuse_run(_session(status), read_only=True)
    assert isinstance(refusal, DatabaseReadOnlyError)
    assert "read-only" in str(refusal)
