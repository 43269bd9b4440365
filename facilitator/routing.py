"""Where a session opens, whether it may be run, and what a session offers next: the window's
rules about a session.

A planned session opens in the planner, a running one on its run screen (where it was
left), a finished one on its captures. A finished session is never run again (its record is
what happened): its run screen opens ended, on what to do next. A read-only database
refuses a run, since nothing of it could be saved. A session's overview offers the steps
that fit its status: run a planned one, resume one left running, and for a finished one the
report, the dot vote, its captures and the team's next session.
"""

from __future__ import annotations

from enum import StrEnum

from facilitator.errors import DatabaseReadOnlyError, FacilitatorError
from facilitator.model import Session, SessionStatus


class Opening(StrEnum):
    """The screen a session opens on."""

    PLANNER = "planner"
    RUN = "run"
    CAPTURES = "captures"


class NextStep(StrEnum):
    """What a session's overview (and a finished run) offers to do next."""

    RUN = "run"  # a planned session: run it
    RESUME = "resume"  # a session left running: back to its run, where it was
    EXPORT = "export"  # the report of what happened
    VOTE = "vote"  # dot-vote the ideas contributed
    CAPTURES = "captures"  # see (and tidy) what was captured
    PLAN_NEXT = "plan_next"  # the team's next session


_OPENINGS = {
    SessionStatus.PLANNED: Opening.PLANNER,
    SessionStatus.RUNNING: Opening.RUN,
    SessionStatus.FINISHED: Opening.CAPTURES,
}

AFTER_THE_END = (NextStep.EXPORT, NextStep.VOTE, NextStep.CAPTURES, NextStep.PLAN_NEXT)
_WRITES = frozenset({NextStep.RUN, NextStep.RESUME, NextStep.VOTE, NextStep.PLAN_NEXT})


def opening_screen(session: Session) -> Opening:
    """The screen this session opens on, by its status."""
    return _OPENINGS[session.status]


def refuse_run(session: Session, read_only: bool) -> FacilitatorError | None:
    """Why this session's run screen cannot open now (the sentence to show), or None when it
    can. A finished session's opens ended: its timer refuses every move."""
    if read_only:
        return DatabaseReadOnlyError("The database is open read-only, so nothing could be saved.")
    return None


def next_steps(session: Session, read_only: bool) -> tuple[NextStep, ...]:
    """The steps a session's overview offers, the one that fits best first; on a read-only
    database only those that change nothing."""
    if session.status is SessionStatus.PLANNED:
        steps: tuple[NextStep, ...] = (NextStep.RUN,)
    elif session.status is SessionStatus.RUNNING:
        steps = (NextStep.RESUME, NextStep.CAPTURES)
    else:
        steps = AFTER_THE_END
    return tuple(s for s in steps if not (read_only and s in _WRITES))
