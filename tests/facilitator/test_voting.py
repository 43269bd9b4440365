"""Dot voting: a budget per participant per round, refused when exceeded, a ranked tally."""

from __future__ import annotations

import pytest

from facilitator import capture, planning, voting
from facilitator.errors import ValidationError
from facilitator.model import Phase
from facilitator.store import sessions
from tests.facilitator.capture_world import World, make_world


@pytest.fixture
def world(fresh_db) -> World:
    return make_world(fresh_db)


def ideas(world: World, *texts: str) -> list:
    return [
        capture.add(
            world.database, "contribution", world.first.id, t, phase_id=world.phase.id
        ).value
        for t in texts
    ]


def test_budget_defaults_and_can_be_set_per_round(world: World) -> None:
    db, sid = world.database, world.first.id
    assert voting.budget(db, sid, world.phase.id) == voting.DEFAULT_BUDGET
    voting.set_budget(db, sid, world.phase.id, 5)
    assert voting.budget(db, sid, world.phase.id) == 5
    assert voting.budget(db, sid, None) == voting.DEFAULT_BUDGET
    for bad in (0, -1, 100, 2.5, True):
        with pytest.raises(ValidationError):
            voting.set_budget(db, sid, world.phase.id, bad)


def test_over_budget_is_refused_with_what_is_left(world: World) -> None:
    db, sid, rnd = world.database, world.first.id, world.phase.id
    a, b = ideas(world, "A", "B")
    voting.set_budget(db, sid, rnd, 3)
    voting.cast(db, sid, rnd, a.id, world.ann.id, 2)
    with pytest.raises(ValidationError, match="Ann Lee has 3 dots .* at most 1 more is left"):
        voting.cast(db, sid, rnd, b.id, world.ann.id, 2)
    voting.cast(db, sid, rnd, b.id, world.ann.id, 1)
    # Changing a count replaces it: 2 -> 1 on A frees a dot.
    voting.cast(db, sid, rnd, a.id, world.ann.id, 1)
    voting.cast(db, sid, rnd, b.id, world.ann.id, 2)
    assert voting.used(db, sid, rnd) == {world.ann.id: 3}
    assert voting.remaining(db, sid, rnd)[world.bo.id] == 3
    with pytest.raises(ValidationError, match="already given 3"):
        voting.set_budget(db, sid, rnd, 2)


def test_rounds_have_separate_budgets(world: World) -> None:
    db, sid = world.database, world.first.id
    second_round = Phase(sid, 1, "Vote again", 300)
    sessions.add_phases(db, [second_round])
    (a,) = ideas(world, "A")
    voting.set_budget(db, sid, world.phase.id, 1)
    voting.cast(db, sid, world.phase.id, a.id, world.bo.id, 1)
    voting.cast(db, sid, second_round.id, a.id, world.bo.id, 3)
    assert voting.rounds(db, sid) == [world.phase.id, second_round.id]
    assert voting.tally(db, sid, world.phase.id)[0].dots == 1
    assert voting.tally(db, sid, all_rounds=True)[0].dots == 4


def test_tally_ranks_with_shared_places(world: World) -> None:
    db, sid, rnd = world.database, world.first.id, world.phase.id
    a, b, c, d = ideas(world, "A", "B", "C", "D")
    voting.cast(db, sid, rnd, b.id, world.ann.id, 3)
    voting.cast(db, sid, rnd, c.id, world.bo.id, 2)
    voting.cast(db, sid, rnd, a.id, world.cy.id, 2)
    rows = voting.tally(db, sid, rnd)
    assert [(r.rank, r.contribution.text, r.dots) for r in rows] == [
        (1, "B", 3),
        (2, "A", 2),
        (2, "C", 2),
        (4, "D", 0),
    ]
    assert rows[0].voters == 1


def test_deleted_ideas_give_their_dots_back_and_undo_returns_them(world: World) -> None:
    db, sid, rnd = world.database, world.first.id, world.phase.id
    a, b = ideas(world, "A", "B")
    voting.cast(db, sid, rnd, a.id, world.ann.id, 3)
    capture.delete(db, "contribution", a.id)
    assert voting.remaining(db, sid, rnd)[world.ann.id] == 3
    assert [r.contribution.text for r in voting.tally(db, sid, rnd)] == ["B"]
    capture.undo(db, sid)
    assert voting.tally(db, sid, rnd)[0].dots == 3


def test_votes_are_checked(world: World, fresh_db) -> None:
    from facilitator.store import teams

    db, sid, rnd = world.database, world.first.id, world.phase.id
    (a,) = ideas(world, "A")
    stranger = teams.add_participant(db, teams.create_team(db, "Other").id, "Stranger")
    with pytest.raises(ValidationError, match="not in this team"):
        voting.cast(db, sid, rnd, a.id, stranger.id, 1)
    with pytest.raises(ValidationError, match="another session"):
        voting.cast(db, world.second.id, None, a.id, world.ann.id, 1)
    with pytest.raises(ValidationError, match="zero or more"):
        voting.cast(db, sid, rnd, a.id, world.ann.id, -1)


def test_voters_are_the_people_present(world: World) -> None:
    db, sid = world.database, world.first.id
    assert [p.name for p in voting.voters(db, sid)] == ["Ann Lee", "Bo Jensen", "Cy Okafor"]
    planning.set_present(db, sid, [world.bo.id])
    assert [p.name for p in voting.voters(db, sid)] == ["Bo Jensen"]


def test_the_demo_round_is_within_its_budget(demo_db) -> None:
    database, sample = demo_db
    (rnd,) = voting.rounds(database, sample)
    assert voting.budget(database, sample, rnd) == 6
    assert all(v >= 0 for v in voting.remaining(database, sample, rnd).values())
    assert voting.tally(database, sample, rnd)[0].dots == 11
