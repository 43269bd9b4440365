"""A team's follow-up: open actions by owner and due date, experiments by status, learnings.

"Learning time" is how long an experiment took to teach the team something: the days from
its start (``started_on``, else the day the session that designed it ran) to the day its
first linked learning was recorded. ``today`` is passed in so overdue
marks and running counts are the same in every test.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import date

from facilitator import session_time
from facilitator.model import Action, Experiment, ExperimentStatus, Learning, Session, Team
from facilitator.store import captures, sessions, teams
from facilitator.store.database import Database

STATUS_ORDER = (
    ExperimentStatus.RUNNING,
    ExperimentStatus.PLANNED,
    ExperimentStatus.SUCCEEDED,
    ExperimentStatus.STOPPED,
    ExperimentStatus.INCONCLUSIVE,
)
NO_OWNER = "No owner"


@dataclass(frozen=True, slots=True)
class ActionLine:
    action: Action
    from_session: str
    from_day: str
    overdue_days: int | None  # days past due (0 = due today); None when not yet due

    @property
    def overdue(self) -> bool:
        return self.overdue_days is not None and self.overdue_days > 0


@dataclass(frozen=True, slots=True)
class OwnerActions:
    owner_id: str | None
    owner: str
    actions: list[ActionLine]

    @property
    def overdue(self) -> int:
        return sum(1 for line in self.actions if line.overdue)


@dataclass(frozen=True, slots=True)
class ExperimentLine:
    experiment: Experiment
    owner: str
    from_session: str
    started: date
    first_learning: date | None
    learning_days: int | None  # start to first learning; None until there is one
    days_so_far: int  # start to today, for experiments still without a learning
    review_due: bool  # an open experiment whose review date has come


@dataclass(frozen=True, slots=True)
class LearningLine:
    learning: Learning
    day: str
    session: str
    experiment: str  # the linked experiment's hypothesis, or ""


@dataclass(frozen=True, slots=True)
class FollowUp:
    team: Team
    today: date
    owners: list[OwnerActions]
    experiments: dict[ExperimentStatus, list[ExperimentLine]]
    learnings: list[LearningLine]  # newest first

    @property
    def open_actions(self) -> int:
        return sum(len(o.actions) for o in self.owners)

    @property
    def overdue_actions(self) -> int:
        return sum(o.overdue for o in self.owners)

    def median_learning_days(self) -> float | None:
        days = [
            line.learning_days
            for lines in self.experiments.values()
            for line in lines
            if line.learning_days is not None
        ]
        return float(statistics.median(days)) if days else None


def _day(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return None


def learning_days(started: date, learned: date | None) -> int | None:
    """Whole days from an experiment's start to its first learning (never below zero)."""
    if learned is None:
        return None
    return max(0, (learned - started).days)


def recorded_day(learning: Learning, session: Session | None) -> str:
    """The day (``YYYY-MM-DD``) a learning was recorded, in the zone of its session's room:
    when it was written down, not the date its session was planned for."""
    if session is None:
        return learning.created_at[:10]
    return session_time.stamp_day(learning.created_at, session) or session_time.session_day_text(
        session
    )


def dashboard(database: Database, team_id: str, today: date) -> FollowUp:
    """Everything a team has to follow up, as of ``today``."""
    team = teams.get_team(database, team_id)
    team_sessions = {s.id: s for s in sessions.list_sessions(database, team_id)}
    names = {
        p.id: p.name for p in teams.list_participants(database, team_id, include_inactive=True)
    }

    by_owner: dict[str | None, list[ActionLine]] = {}
    for action in captures.team_actions(database, team_id, open_only=True):
        due = _day(action.due)
        overdue = (today - due).days if due is not None and due <= today else None
        session = team_sessions[action.session_id]
        by_owner.setdefault(action.owner_id, []).append(
            ActionLine(action, session.title, session_time.session_day_text(session), overdue)
        )
    owners = [
        OwnerActions(
            owner_id,
            names.get(owner_id or "", NO_OWNER) if owner_id else NO_OWNER,
            sorted(lines, key=lambda line: (line.action.due or "9999-99-99", line.from_day)),
        )
        for owner_id, lines in by_owner.items()
    ]
    owners.sort(key=lambda o: (o.owner_id is None, o.owner.casefold()))

    learnings = captures.team_learnings(database, team_id)
    first: dict[str, date] = {}
    for learning in learnings:
        if learning.experiment_id:
            when = _day(recorded_day(learning, team_sessions.get(learning.session_id)))
            if when and (
                learning.experiment_id not in first or when < first[learning.experiment_id]
            ):
                first[learning.experiment_id] = when
    experiments: dict[ExperimentStatus, list[ExperimentLine]] = {s: [] for s in STATUS_ORDER}
    hypotheses: dict[str, str] = {}
    for exp in captures.team_experiments(database, team_id):
        hypotheses[exp.id] = exp.hypothesis
        session = team_sessions[exp.session_id]
        started = _day(exp.started_on) or session_time.session_day(session) or today
        learned = first.get(exp.id)
        review = _day(exp.review_on)
        experiments[exp.status].append(
            ExperimentLine(
                experiment=exp,
                owner=names.get(exp.owner_id or "", ""),
                from_session=session.title,
                started=started,
                first_learning=learned,
                learning_days=learning_days(started, learned),
                days_so_far=max(0, (today - started).days),
                review_due=(
                    exp.status in (ExperimentStatus.PLANNED, ExperimentStatus.RUNNING)
                    and review is not None
                    and review <= today
                ),
            )
        )

    log = [
        LearningLine(
            lr,
            recorded_day(lr, team_sessions.get(lr.session_id)),
            team_sessions[lr.session_id].title if lr.session_id in team_sessions else "",
            hypotheses.get(lr.experiment_id or "", ""),
        )
        for lr in learnings
    ]
    log.sort(key=lambda line: (line.day, line.learning.created_at), reverse=True)
    return FollowUp(team, today, owners, experiments, log)
