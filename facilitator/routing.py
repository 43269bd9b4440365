"""Where a session opens and whether it may be run: the window's two rules about a session.

A planned session opens in the planner, a running one on its run screen (where it was
left), a finished one on its captures. A finished session is not run again (its record is
what happened), and a read-only database refuses a run, since nothing of it could be saved.
"""

from __future__ import annotations

from enum import StrEnum

from facilitator.errors import DatabaseReadOnlyError, FacilitatorError, ValidationError
from facilitator.model import Session, SessionStatus


class Opening(StrEnum):
    """The screen a session opens on."""

    PLANNER = "planner"
    RUN = "run"
    CAPTURES = "captures"


_OPENINGS = {
    SessionStatus.PLANNED: Opening.PLANNER,
    SessionStatus.RUNNING: Opening.RUN,
    SessionStatus.FINISHED: Opening.CAPTURES,
}


def opening_screen(session: Session) -> Opening:
    """The screen this session opens on, by its status."""
    return _OPENINGS[session.status]


def refuse_run(session: Session, read_only: bool) -> FacilitatorError | None:
    """Why this session cannot be run now (the sentence to show), or None when it can."""
    if session.status is SessionStatus.FINISHED:
        return ValidationError(
            f"“{session.title}” has already been run. Open it to see what was recorded."
        )
    if read_only:
        return DatabaseReadOnlyError("The database is open read-only, so nothing could be saved.")
    return None
