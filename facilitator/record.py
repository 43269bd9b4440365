"""Everything about one session in one object: what reports, exports and views read.

``load(database, session_id)`` gathers the team, roster, roles, agenda, run, rotation and
captures; helpers answer the questions every reader asks (who is this id, actual length).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import TypeVar

from facilitator.clock import parse_iso
from facilitator.model import (
    Action,
    Attendance,
    AttendanceStatus,
    Contribution,
    Decision,
    Experiment,
    Learning,
    Participant,
    Phase,
    Role,
    RoleAssignment,
    Session,
    SpeakingTurn,
    Team,
    TimerEvent,
    Vote,
)
from facilitator.review import Review, review_from_row
from facilitator.session_time import session_order
from facilitator.store import assignments, captures, reviews, runs, sessions, teams
from facilitator.store.database import Database
from facilitator.store.rows import from_row

T = TypeVar("T", Action, Experiment)


@dataclass(frozen=True)
class SessionRecord:
    team: Team
    session: Session
    participants: list[Participant]  # the whole roster, inactive included
    attendance: list[Attendance]
    roles: list[Role]
    phases: list[Phase]
    assignments: list[RoleAssignment]
    timer_events: list[TimerEvent]
    turns: list[SpeakingTurn]
    contributions: list[Contribution]
    decisions: list[Decision]
    actions: list[Action]
    experiments: list[Experiment]
    learnings: list[Learning]
    votes: list[Vote]
    # Items from earlier sessions that this session reviewed (closed, re-assessed or left
    # open), as they are now, and what the review round recorded for each of them.
    reviewed_actions: list[Action] = field(default_factory=list)
    reviewed_experiments: list[Experiment] = field(default_factory=list)
    reviews: list[Review] = field(default_factory=list)
    # The team's session after this one (planned or run), for "what happens next": context
    # from the team, not part of this session, so two records of one session compare equal
    # whatever was planned after it.
    next_session: Session | None = field(default=None, compare=False)

    def review_of(self, item_id: str) -> Review | None:
        """What this session's review round recorded for an earlier item, if anything."""
        return next((r for r in self.reviews if r.item_id == item_id), None)

    def person(self, participant_id: str | None) -> str:
        """A participant's name, or an empty string for nobody."""
        if not participant_id:
            return ""
        for p in self.participants:
            if p.id == participant_id:
                return p.name
        return "(removed participant)"

    def role_name(self, role_id: str) -> str:
        for r in self.roles:
            if r.id == role_id:
                return r.name
        return "(removed role)"

    def phase_title(self, phase_id: str | None) -> str:
        """The phase's title as people read it: with its round in a repeated block."""
        for p in self.phases:
            if p.id == phase_id:
                return p.heading
        return ""

    def present(self) -> list[Participant]:
        here = {
            a.participant_id
            for a in self.attendance
            if a.status in (AttendanceStatus.PRESENT, AttendanceStatus.LEFT_EARLY)
        }
        return [p for p in self.participants if p.id in here]

    def planned_s(self) -> int:
        return sum(p.planned_s for p in self.phases)

    def actual_s(self, phase: Phase) -> float | None:
        if phase.started_at and phase.ended_at:
            return (parse_iso(phase.ended_at) - parse_iso(phase.started_at)).total_seconds()
        return None

    def airtime_s(self) -> dict[str, float]:
        """Seconds spoken per participant id, over the whole session."""
        totals: dict[str, float] = {}
        for turn in self.turns:
            if turn.ended_at:
                spoken = (parse_iso(turn.ended_at) - parse_iso(turn.started_at)).total_seconds()
                totals[turn.participant_id] = totals.get(turn.participant_id, 0.0) + spoken
        return totals

    def turns_taken(self) -> dict[str, int]:
        """How many times each participant id took the floor. A turn that goes on after a
        pause (nobody else spoke in between, in the same phase) is the same turn; a pass
        (someone stepped out: a turn of no length) is none."""
        counts: dict[str, int] = {}
        by_phase: dict[str, list[SpeakingTurn]] = {}
        for turn in self.turns:
            by_phase.setdefault(turn.phase_id, []).append(turn)
        for turns in by_phase.values():
            last: str | None = None
            for turn in sorted(turns, key=lambda t: parse_iso(t.started_at)):
                if turn.ended_at and parse_iso(turn.ended_at) <= parse_iso(turn.started_at):
                    continue  # a pass
                if turn.participant_id != last:
                    counts[turn.participant_id] = counts.get(turn.participant_id, 0) + 1
                last = turn.participant_id
        return counts

    def vote_totals(self) -> dict[str, int]:
        """Dots per contribution id."""
        totals: dict[str, int] = {}
        for vote in self.votes:
            totals[vote.contribution_id] = totals.get(vote.contribution_id, 0) + vote.count
        return totals


def _unique(items: list[T]) -> list[T]:
    """Items in first-seen order, each id once."""
    seen: set[str] = set()
    out: list[T] = []
    for item in items:
        if item.id not in seen:
            seen.add(item.id)
            out.append(item)
    return out


def _live_learning(review: Review, learnings: list[Learning]) -> Review:
    """A review whose learning was deleted since links to no learning."""
    if review.learning_id and review.learning_id not in {lr.id for lr in learnings}:
        return dataclasses.replace(review, learning_id=None)
    return review


def load(database: Database, session_id: str, *, with_next: bool = True) -> SessionRecord:
    """A session's whole record; ``with_next=False`` leaves out the session after it (a
    report names it; a file of the session does not need it)."""
    session = sessions.get_session(database, session_id)
    team = teams.get_team(database, session.team_id)
    learnings = captures.list_for_session(database, Learning, session_id)
    # Reviewed here: every item with a review row in this session (closed or left open),
    # then actions closed here some other way and experiments a learning here refers to.
    reviewed_actions = _unique(
        [
            *(from_row(Action, r) for r in reviews.reviewed_items(database, session_id, "action")),
            *(
                a
                for a in captures.actions_closed_in(database, session_id)
                if a.session_id != session_id
            ),
        ]
    )
    linked = []
    for lr in learnings:
        if lr.experiment_id:
            exp = captures.get(database, Experiment, lr.experiment_id)
            if exp.session_id != session_id:
                linked.append(exp)
    reviewed_experiments = _unique(
        [
            *(
                from_row(Experiment, r)
                for r in reviews.reviewed_items(database, session_id, "experiment")
            ),
            *linked,
        ]
    )
    shown = {x.id for x in reviewed_actions} | {x.id for x in reviewed_experiments}
    return SessionRecord(
        team=team,
        session=session,
        participants=teams.list_participants(database, team.id, include_inactive=True),
        attendance=sessions.attendance(database, session_id),
        roles=teams.list_roles(database, team.id),
        phases=sessions.list_phases(database, session_id),
        assignments=assignments.for_session(database, session_id),
        timer_events=runs.timer_events(database, session_id),
        turns=runs.turns_for_session(database, session_id),
        contributions=captures.list_for_session(database, Contribution, session_id),
        decisions=captures.list_for_session(database, Decision, session_id),
        actions=captures.list_for_session(database, Action, session_id),
        experiments=captures.list_for_session(database, Experiment, session_id),
        learnings=learnings,
        votes=captures.list_votes(database, session_id),
        reviewed_actions=reviewed_actions,
        reviewed_experiments=reviewed_experiments,
        reviews=[
            _live_learning(review_from_row(r), learnings)
            for r in reviews.for_session(database, session_id)
            if r["item_id"] in shown
        ],
        next_session=next_session(database, session) if with_next else None,
    )


def next_session(database: Database, session: Session) -> Session | None:
    """The team's session that comes after ``session`` (by when it ran or is planned), if
    any: the one a report's reader is told to come to next.

    Sessions are ordered from the few columns ``session_order`` reads, so a team report,
    which loads every session's record, does not build every session once per session.
    """
    rows = database.query(
        "select id, started_at, planned_date, created_at, time_zone from sessions"
        " where team_id = ?",
        [session.team_id],
    )
    stubs = [Session(session.team_id, "-", **row) for row in rows]
    ordered = sorted(stubs, key=session_order)
    ids = [s.id for s in ordered]
    if session.id not in ids or ids[-1] == session.id:
        return None
    return sessions.get_session(database, ids[ids.index(session.id) + 1])
