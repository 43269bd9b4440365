"""The follow-up dashboard: open actions by owner, experiments by status, learning time."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from facilitator import capture, followup, review
from facilitator.clock import FakeClock
from facilitator.model import ExperimentStatus
from tests.facilitator.capture_world import World, make_world


def on(year: int, month: int, day: int) -> FakeClock:
    """A clock at 10:00 UTC on that day: when a learning is written down."""
    return FakeClock(datetime(year, month, day, 10, 0, tzinfo=UTC))


@pytest.fixture
def world(fresh_db) -> World:
    return make_world(fresh_db)


def test_open_actions_by_owner_with_overdue_marks(world: World) -> None:
    db, first = world.database, world.first.id
    capture.add(db, "action", first, "Bo late", owner_id=world.bo.id, due="2026-03-01")
    capture.add(db, "action", first, "Bo later", owner_id=world.bo.id, due="2026-04-01")
    capture.add(db, "action", first, "Bo undated", owner_id=world.bo.id)
    capture.add(db, "action", first, "Ann today", owner_id=world.ann.id, due="2026-03-10")
    capture.add(db, "action", first, "Nobody's", due="2026-02-01")
    done = capture.add(db, "action", first, "Finished", owner_id=world.ann.id).value
    review.record(db, world.second.id, "action", done.id, "done")
    board = followup.dashboard(db, world.team_id, date(2026, 3, 10))
    assert [o.owner for o in board.owners] == ["Ann Lee", "Bo Jensen", "No owner"]
    bo = board.owners[1]
    assert [line.action.text for line in bo.actions] == ["Bo late", "Bo later", "Bo undated"]
    assert [line.overdue_days for line in bo.actions] == [9, None, None]
    assert bo.overdue == 1
    ann = board.owners[0].actions[0]
    assert ann.overdue_days == 0 and not ann.overdue  # due today is not yet overdue
    assert board.open_actions == 5 and board.overdue_actions == 2
    assert ann.from_session == "First" and ann.from_day == "2026-03-02"


def test_experiments_by_status_and_learning_time(world: World) -> None:
    db, first = world.database, world.first.id
    ran = capture.add(
        db,
        "experiment",
        first,
        "Batching",
        status=ExperimentStatus.RUNNING,
        started_on="2026-03-03",
        review_on="2026-03-09",
        owner_id=world.bo.id,
    ).value
    planned = capture.add(db, "experiment", first, "Later idea", review_on="2026-05-01").value
    review.record(
        db,
        world.third.id,
        "experiment",
        ran.id,
        "succeeded",
        learning="It works with one owner",
        clock=on(2026, 3, 16),
    )
    board = followup.dashboard(db, world.team_id, date(2026, 3, 20))
    succeeded = board.experiments[ExperimentStatus.SUCCEEDED]
    assert [line.experiment.id for line in succeeded] == [ran.id]
    assert succeeded[0].learning_days == 13  # 3 March to the third session on 16 March
    assert succeeded[0].first_learning == date(2026, 3, 16)
    waiting = board.experiments[ExperimentStatus.PLANNED][0]
    assert waiting.experiment.id == planned.id and waiting.learning_days is None
    assert waiting.days_so_far == 18 and not waiting.review_due
    assert board.median_learning_days() == 13.0
    assert list(board.experiments)[0] is ExperimentStatus.RUNNING


def test_learnings_log_newest_first_with_linked_experiment(world: World) -> None:
    db = world.database
    exp = capture.add(db, "experiment", world.first.id, "Batching").value
    capture.add(db, "learning", world.first.id, "Early lesson", clock=on(2026, 3, 2))
    capture.add(
        db, "learning", world.third.id, "Late lesson", experiment_id=exp.id, clock=on(2026, 3, 16)
    )
    board = followup.dashboard(db, world.team_id, date(2026, 3, 20))
    assert [(line.learning.text, line.day, line.experiment) for line in board.learnings] == [
        ("Late lesson", "2026-03-16", "Batching"),
        ("Early lesson", "2026-03-02", ""),
    ]


def test_learning_time_never_negative() -> None:
    assert followup.learning_days(date(2026, 3, 5), date(2026, 3, 1)) == 0
    assert followup.learning_days(date(2026, 3, 5), None) is None


def test_the_demo_dashboard(demo_db) -> None:
    database, sample = demo_db
    from facilitator.store import sessions

    team = sessions.get_session(database, sample).team_id
    board = followup.dashboard(database, team, date.today())
    assert board.overdue_actions >= 1
    assert board.median_learning_days() is not None
    assert board.learnings
