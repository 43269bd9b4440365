"""The review round's actions say what they changed, and the notes typed for an item are kept
as its draft until the review is recorded."""

from __future__ import annotations

import pytest

from facilitator import capture, drafts, review
from facilitator.changes import Topic
from facilitator.errors import ValidationError
from facilitator.model import ActionStatus
from tests.facilitator.capture_world import World, make_world


@pytest.fixture
def world(fresh_db) -> World:
    return make_world(fresh_db)


def test_a_review_changes_two_sessions_of_the_team(world: World) -> None:
    db = world.database
    action = capture.add(db, "action", world.first.id, "Call the vendor").value
    done = review.record(db, world.second.id, "action", action.id, "done", clock=world.clock)
    assert done.value.settled and done.value.item.status is ActionStatus.DONE
    changes = done.changes
    assert changes.touches(Topic.REVIEWS) and changes.touches(Topic.CAPTURES)
    assert not changes.touches(Topic.VOTES, Topic.SESSIONS)
    # The action lives in the first session, the review in the second: the team is named.
    assert changes.session_id is None and changes.team_id == world.team_id

    back = review.clear(db, world.second.id, action.id, clock=world.clock)
    assert back.value.review is None and back.value.item.status is ActionStatus.OPEN
    assert back.changes == changes


def test_recording_drops_the_items_notes_and_a_refusal_keeps_them(world: World) -> None:
    db, second = world.database, world.second.id
    action = capture.add(db, "action", world.first.id, "Call the vendor").value
    kept = review.keep_notes(db, second, action.id, "done", "Called", "", clock=world.clock)
    assert kept is review.Kept.KEPT
    with pytest.raises(ValidationError):
        review.record(db, second, "action", action.id, "succeeded", outcome="Called")
    assert set(review.notes_waiting(db, second)) == {action.id}
    review.record(db, second, "action", action.id, "done", outcome="Called", clock=world.clock)
    assert review.notes_waiting(db, second) == {}


def test_notes_are_kept_by_item_and_come_back(world: World) -> None:
    db, second = world.database, world.second.id
    one = capture.add(db, "action", world.first.id, "Call the vendor").value
    two = capture.add(db, "action", world.first.id, "Brief the shift").value
    review.keep_notes(db, second, two.id, "open", "Half", "written", clock=world.clock)
    assert set(review.notes_waiting(db, second)) == {two.id}
    notes = review.take_notes(db, second, two.id)
    assert notes is not None
    assert notes.values == {"outcome": "Half", "learning": "written"}
    assert notes.choices == {"status": "open"}
    assert review.take_notes(db, second, one.id) is None
    assert drafts.take_drafts(db, world.third.id) == {}  # another session's drafts are apart


def test_notes_that_are_what_was_recorded_are_no_draft(world: World) -> None:
    db, second = world.database, world.second.id
    action = capture.add(db, "action", world.first.id, "Call the vendor").value
    review.record(
        db, second, "action", action.id, "open", outcome="Two called", learning="Ask early"
    )
    review.keep_notes(db, second, action.id, "open", "Two called, three", "Ask early")
    assert set(review.notes_waiting(db, second)) == {action.id}
    # Typed back to what is recorded: nothing is left to keep, and the draft goes.
    kept = review.keep_notes(db, second, action.id, "open", "Two called", "Ask early")
    assert kept is review.Kept.NOTHING
    assert review.notes_waiting(db, second) == {}


def test_notes_that_cannot_be_kept_are_said_not_raised(world: World) -> None:
    db, second = world.database, world.second.id
    action = capture.add(db, "action", world.first.id, "Call the vendor").value
    kept = review.keep_notes(db, second, action.id, "done", "bad \x00 text", "")
    assert kept is review.Kept.FAILED
    assert review.notes_waiting(db, second) == {}
