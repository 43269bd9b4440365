"""Dot voting's actions say what they changed; a round's board and the round to open first."""

from __future__ import annotations

import pytest

from facilitator import capture, voting
from facilitator.changes import Topic
from facilitator.errors import ValidationError
from tests.facilitator.capture_world import World, make_world


@pytest.fixture
def world(fresh_db) -> World:
    return make_world(fresh_db)


def test_giving_dots_and_setting_a_budget_change_the_votes(world: World) -> None:
    db, sid, rnd = world.database, world.first.id, world.phase.id
    idea = capture.add(db, "contribution", sid, "Batch by zone", phase_id=rnd).value
    for changes in (
        voting.set_budget(db, sid, rnd, 4),
        voting.cast(db, sid, rnd, idea.id, world.ann.id, 2),
    ):
        assert changes.touches(Topic.VOTES) and not changes.touches(Topic.CAPTURES)
        assert changes.session_id == sid and changes.team_id == world.team_id
    with pytest.raises(ValidationError, match="at most 4 more are left, not 5"):
        voting.cast(db, sid, rnd, idea.id, world.bo.id, 5)


def test_the_board_of_a_round(world: World) -> None:
    db, sid, rnd = world.database, world.first.id, world.phase.id
    a, b = (capture.add(db, "contribution", sid, t, phase_id=rnd).value for t in ("A", "B"))
    voting.set_budget(db, sid, rnd, 3)
    voting.cast(db, sid, rnd, b.id, world.ann.id, 2)
    board = voting.board(db, sid, rnd)
    assert board.phase_id == rnd and board.budget == 3
    assert [i.id for i in board.ideas] == [a.id, b.id]  # as entered
    assert [row.contribution.id for row in board.tally] == [b.id, a.id]  # by dots
    assert board.left == {world.ann.id: 1, world.bo.id: 3, world.cy.id: 3}
    assert voting.board(db, sid, None).votes == []  # the whole session is another round


def test_the_round_opened_first(world: World) -> None:
    db, sid, rnd = world.database, world.first.id, world.phase.id
    assert voting.likely_round(db, sid) is None  # nothing yet: the whole session
    idea = capture.add(db, "contribution", sid, "A", phase_id=rnd).value
    assert voting.likely_round(db, sid) == rnd  # where the latest idea was given
    voting.cast(db, sid, None, idea.id, world.ann.id, 1)
    assert voting.likely_round(db, sid) is None  # the round already voted in
