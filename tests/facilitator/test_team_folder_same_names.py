"""People of the same name added on two laptops stay two people (their ids differ), and
the sync that brings them together says so once, on each laptop, naming them as typed;
merging them on one laptop (Merge into…) then reaches the other."""

from __future__ import annotations

from pathlib import Path

import pytest

from facilitator import capture, roster, team_folder
from facilitator.store import Database, sessions, teams
from tests.facilitator.team_folder_world import Laptops, make_laptops


@pytest.fixture
def laptops(tmp_path: Path) -> Laptops:
    w = make_laptops(tmp_path)
    w.sync(w.a)
    team_folder.join_folder(w.b, w.folder, now=w.clock.now())
    w.sync(w.b)
    return w


def _alike(lines: list[str]) -> list[str]:
    return [line for line in lines if "were added on different laptops" in line]


def _called(database: Database, w: Laptops, folded: str) -> list[str]:
    people = teams.list_participants(database, w.team_id, include_inactive=True)
    return sorted(p.id for p in people if p.name.casefold().replace("ë", "e") == folded)


def test_the_same_name_added_on_two_laptops_is_said_once_on_each(laptops: Laptops) -> None:
    w = laptops
    on_a = teams.add_participant(w.a, w.team_id, "Sam Lee", joined_on="2026-03-01").id
    on_b = teams.add_participant(w.b, w.team_id, "Sam Lee", joined_on="2026-03-02").id
    teams.add_participant(w.a, w.team_id, "Zoë Martin", joined_on="2026-03-01")
    teams.add_participant(w.b, w.team_id, "zoe martin", joined_on="2026-03-02")
    teams.add_participant(w.b, w.team_id, "Eve", joined_on="2026-03-02")
    w.sync(w.a)
    got_b = w.sync(w.b)
    got_a = w.sync(w.a)
    tail = "were added on different laptops; they are kept as different people. If they are one "
    tail += "person, use Merge into… in Team & roles."
    # Named as typed, this laptop's own first.
    assert sorted(_alike(got_b.lines())) == [
        f"Two people called 'Sam Lee' {tail}",
        f"Two people called 'zoe martin' and 'Zoë Martin' {tail}",
    ]
    assert sorted(_alike(got_a.lines())) == [
        f"Two people called 'Sam Lee' {tail}",
        f"Two people called 'Zoë Martin' and 'zoe martin' {tail}",
    ]
    for database in (w.a, w.b):  # two people, their ids kept
        assert _called(database, w, "sam lee") == sorted([on_a, on_b])
        assert len(_called(database, w, "zoe martin")) == 2
    for database in (w.b, w.a, w.b):  # said once: not again at the next syncs
        assert _alike(w.sync(database).lines()) == []


def test_two_people_merged_on_one_laptop_are_one_on_the_other(laptops: Laptops) -> None:
    w = laptops
    on_a = teams.add_participant(w.a, w.team_id, "Sam Lee", joined_on="2026-03-01").id
    on_b = teams.add_participant(w.b, w.team_id, "Sam Lee", joined_on="2026-03-02").id
    sid = sessions.create_session(w.b, w.team_id, "Retro", planned_date="2026-03-03").id
    action = capture.add(w.b, "action", sid, "Order pallets", clock=w.clock).value
    capture.change(w.b, action, clock=w.clock, owner_id=on_b)
    w.sync(w.a)
    w.sync(w.b)
    w.sync(w.a)
    roster.merge_participants(w.b, on_a, on_b)
    w.sync(w.b)
    got = w.sync(w.a)
    assert got.conflicts == [] and _alike(got.lines()) == []
    for database in (w.a, w.b):
        assert _called(database, w, "sam lee") == [on_a]
        assert capture.get(database, "action", action.id).owner_id == on_a
