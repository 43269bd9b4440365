"""The review round carries earlier actions and experiments over until they are settled."""

from __future__ import annotations

import pytest

from facilitator import capture, review
from facilitator.errors import NotFoundError, ValidationError
from facilitator.model import ActionStatus, Experiment, ExperimentStatus, Learning
from facilitator.record import load
from facilitator.store import captures
from tests.facilitator.capture_world import World, make_world


@pytest.fixture
def world(fresh_db) -> World:
    return make_world(fresh_db)


def promises(world: World) -> tuple:
    db, first = world.database, world.first.id
    action = capture.add(
        db, "action", first, "Call the vendor", owner_id=world.ann.id, due="2026-03-05"
    ).value
    later = capture.add(
        db, "action", first, "Write the plan", owner_id=world.bo.id, due="2026-04-30"
    ).value
    done = capture.add(db, "action", first, "Already done", status=ActionStatus.DONE).value
    exp = capture.add(
        db,
        "experiment",
        first,
        "Batching halves late dispatches",
        owner_id=world.bo.id,
        review_on="2026-03-09",
        status=ExperimentStatus.RUNNING,
    ).value
    future = capture.add(db, "experiment", first, "Later test", review_on="2026-06-01").value
    finished = capture.add(
        db,
        "experiment",
        first,
        "Settled long ago",
        status=ExperimentStatus.STOPPED,
        review_on="2026-03-01",
    ).value
    return action, later, done, exp, future, finished


def test_the_next_session_lists_what_is_open_and_due(world: World) -> None:
    action, later, done, exp, future, finished = promises(world)
    agenda = review.agenda(world.database, world.second.id)
    listed = {i.item.id: i for i in agenda.items}
    assert set(listed) == {action.id, later.id, exp.id, future.id, finished.id}
    assert done.id not in listed
    assert listed[action.id].due_now and not listed[later.id].due_now
    assert listed[exp.id].due_now and not listed[future.id].due_now
    assert listed[action.id].owner == "Ann Lee" and listed[action.id].from_session == "First"
    # Due items first, actions before experiments, earliest date first.
    assert [i.item.id for i in agenda.items] == [
        action.id,
        finished.id,
        exp.id,
        later.id,
        future.id,
    ]
    # The session that made the items does not review them.
    assert review.agenda(world.database, world.first.id).items == []


def test_recording_settles_items_and_links_the_learning(world: World) -> None:
    db, second = world.database, world.second.id
    action, later, _, exp, _, _ = promises(world)
    item = review.record(
        db,
        second,
        "action",
        action.id,
        "done",
        outcome="Vendor confirmed the 14th",
        learning="Ask early",
    ).value
    assert item.settled and item.review.outcome == "Vendor confirmed the 14th"
    stored = capture.get(db, "action", action.id)
    assert stored.status is ActionStatus.DONE and stored.closed_in_session == second
    review.record(
        db,
        second,
        "experiment",
        exp.id,
        "succeeded",
        outcome="Late dispatches 14% -> 5%",
        learning="One owner per wave plan",
    )
    stored_exp = capture.get(db, "experiment", exp.id)
    assert stored_exp.status is ExperimentStatus.SUCCEEDED
    assert stored_exp.outcome == "Late dispatches 14% -> 5%"
    assert stored_exp.started_on  # it ran, so its learning time has a start
    learnings = captures.list_for_session(db, Learning, second)
    assert {(lr.text, lr.experiment_id) for lr in learnings} == {
        ("Ask early", None),
        ("One owner per wave plan", exp.id),
    }
    record = load(db, second)
    assert [a.id for a in record.reviewed_actions] == [action.id]
    assert [e.id for e in record.reviewed_experiments] == [exp.id]
    agenda = review.agenda(db, second)
    assert agenda.reviewed == 2 and len(agenda.to_review) == 3


def test_nothing_falls_through(world: World) -> None:
    db = world.database
    action, later, _, exp, _, _ = promises(world)
    review.record(db, world.second.id, "action", action.id, "open", outcome="Two of five called")
    review.record(db, world.second.id, "experiment", exp.id, "running")
    # The third session sees everything still open: reviewed-and-open and never reviewed.
    third = {i.item.id: i for i in review.agenda(db, world.third.id).items}
    assert {action.id, later.id, exp.id} <= set(third)
    assert third[action.id].times_carried == 1 and third[later.id].times_carried == 0
    assert third[action.id].review is None


def test_recording_again_replaces_and_clearing_restores(world: World) -> None:
    db, second = world.database, world.second.id
    _, _, _, exp, _, _ = promises(world)
    before = db.query("select * from experiments where id = ?", [exp.id])[0]
    review.record(
        db, second, "experiment", exp.id, "stopped", outcome="Mis-picks rose", learning="First try"
    )
    item = review.record(
        db, second, "experiment", exp.id, "inconclusive", learning="Second thought"
    ).value
    assert item.review.status == "inconclusive" and item.review.learning == "Second thought"
    assert capture.get(db, "experiment", exp.id).outcome == ""  # from before this review
    texts = [lr.text for lr in captures.list_for_session(db, Learning, second)]
    assert texts == ["Second thought"]
    review.record(db, second, "experiment", exp.id, "inconclusive", learning="")
    assert captures.list_for_session(db, Learning, second) == []
    cleared = review.clear(db, second, exp.id).value
    assert cleared.review is None
    after = db.query("select * from experiments where id = ?", [exp.id])[0]
    assert after == before
    with pytest.raises(NotFoundError):
        review.clear(db, second, exp.id)


def test_clearing_is_refused_after_a_later_review(world: World) -> None:
    db = world.database
    action, *_ = promises(world)
    review.record(db, world.second.id, "action", action.id, "open")
    world.clock.advance(60)
    review.record(db, world.third.id, "action", action.id, "done")
    with pytest.raises(ValidationError, match="later session"):
        review.clear(db, world.second.id, action.id)


def test_bad_reviews_are_refused(world: World, fresh_db) -> None:
    db = world.database
    action, _, _, exp, _, _ = promises(world)
    with pytest.raises(ValidationError, match="action status"):
        review.record(db, world.second.id, "action", action.id, "succeeded")
    with pytest.raises(ValidationError, match="next session"):
        review.record(db, world.first.id, "action", action.id, "done")
    with pytest.raises(ValidationError, match="Only actions and experiments"):
        review.record(db, world.second.id, "decision", action.id, "done")
    with pytest.raises(ValidationError, match="NUL"):
        review.record(db, world.second.id, "action", action.id, "done", outcome="\x00")
    capture.delete(db, "experiment", exp.id)
    with pytest.raises(NotFoundError):
        review.record(db, world.second.id, "experiment", exp.id, "stopped")
    assert capture.get(db, "action", action.id).status is ActionStatus.OPEN
    assert captures.list_for_session(db, Experiment, world.second.id) == []


def test_the_demo_reviews_an_earlier_session(demo_db) -> None:
    database, sample = demo_db
    agenda = review.agenda(database, sample)
    assert agenda.reviewed == len(agenda.items) == 3
    statuses = sorted(i.review.status for i in agenda.items)
    assert statuses == ["done", "open", "succeeded"]
    assert any(i.review.learning for i in agenda.items if i.kind == "experiment")


def test_a_full_disk_leaves_item_and_review_as_they_were(file_db) -> None:
    from facilitator.errors import WriteFailedError

    world = make_world(file_db)
    action = capture.add(file_db, "action", world.first.id, "Call the vendor").value
    before = file_db.query("select * from actions where id = ?", [action.id])[0]
    file_db.db.execute(f"PRAGMA max_page_count={file_db.pragma('page_count')}")
    try:
        with pytest.raises(WriteFailedError, match="disk is full"):
            review.record(
                file_db,
                world.second.id,
                "action",
                action.id,
                "done",
                outcome="z" * 150_000,
                learning="learned",
            )
    finally:
        file_db.db.execute("PRAGMA max_page_count=1073741823")
    assert file_db.query("select * from actions where id = ?", [action.id])[0] == before
    assert review.agenda(file_db, world.second.id).reviewed == 0
    assert captures.list_for_session(file_db, Learning, world.second.id) == []
