"""The review round in the room: owners report their items in turn, and nothing is closed
for want of a choice (an item is proposed at its current status)."""

from __future__ import annotations

import pytest

from facilitator import capture, review, roster
from facilitator.direction import FSI, LRM, PDI
from facilitator.model import (
    ActionStatus,
    AttendanceStatus,
    ExperimentStatus,
    Phase,
    PhaseMode,
)
from facilitator.store import sessions
from tests.facilitator.capture_world import World, make_world


@pytest.fixture
def world(fresh_db) -> World:
    return make_world(fresh_db)


def add(world: World, kind: str, text: str, owner=None, **fields):
    owner_id = owner.id if owner is not None else None
    return capture.add(
        world.database, kind, world.first.id, text, owner_id=owner_id, **fields
    ).value


def texts(items: list[review.ReviewItem]) -> list[str]:
    return [i.text for i in items]


def test_each_owner_reports_all_theirs_in_one_go_in_the_speaking_order(world: World) -> None:
    add(world, "action", "Bo due first", world.bo, due="2026-03-03")
    add(world, "action", "Nobody's", due="2026-03-04")
    add(world, "action", "Ann due soon", world.ann, due="2026-03-05")
    add(world, "action", "Bo later", world.bo, due="2026-04-30")
    add(world, "experiment", "Ann's test", world.ann, status=ExperimentStatus.RUNNING)
    agenda = review.agenda(world.database, world.second.id)
    # The agenda alone is most pressing first, owners mixed.
    assert texts(agenda.items)[:3] == ["Bo due first", "Nobody's", "Ann due soon"]

    # Ann speaks before Bo in this round: all of Ann's, then all of Bo's, nobody's last.
    order = [world.cy.id, world.ann.id, world.bo.id]
    assert texts(review.in_turn(agenda, order)) == [
        "Ann due soon",
        "Ann's test",
        "Bo due first",
        "Bo later",
        "Nobody's",
    ]
    # Owners not in the round (or no order known) follow their most pressing item.
    assert texts(review.in_turn(agenda)) == [
        "Bo due first",
        "Bo later",
        "Ann due soon",
        "Ann's test",
        "Nobody's",
    ]
    assert texts(review.in_turn(agenda, [world.ann.id])) == [
        "Ann due soon",
        "Ann's test",
        "Bo due first",
        "Bo later",
        "Nobody's",
    ]
    listed = review.in_turn(agenda, order)
    assert review.whose_turn(listed, listed[2].item.id) == "Bo Jensen — 2 items"
    assert review.whose_turn(listed, listed[4].item.id) == "No owner — 1 item"
    assert review.whose_turn(listed, "nosuch") == ""


def test_whose_turn_reads_left_to_right_with_a_right_to_left_name(world: World) -> None:
    roster.update_participant(world.database, world.ann.id, name="ليلى حداد")
    add(world, "action", "Call the vendor", world.ann)
    listed = review.in_turn(review.agenda(world.database, world.second.id))
    # Begun with a left-to-right mark and the name isolated, the line is ours: it reads
    # "ليلى حداد — 1 item", not "item 1 — ليلى حداد" from the right.
    assert review.whose_turn(listed, listed[0].item.id) == f"{LRM}{FSI}ليلى حداد{PDI} — 1 item"


def test_the_speaking_order_is_the_round_robins(world: World) -> None:
    db, second = world.database, world.second.id
    for person in (world.ann, world.bo, world.cy):
        sessions.set_attendance(db, second, person.id, AttendanceStatus.PRESENT)
    rr = Phase(second, 0, "Check-in", 300, mode=PhaseMode.ROUND_ROBIN)
    look_back = Phase(second, 1, "Look back", 600, mode=PhaseMode.ROUND_ROBIN)
    sessions.add_phases(db, [rr, look_back])
    ann, bo, cy = world.ann.id, world.bo.id, world.cy.id  # present, by name
    # The team's second session: its first round starts one place on from the first's.
    assert review.speaking_order(db, second, None) == [bo, cy, ann]
    assert review.speaking_order(db, second, rr.id) == [bo, cy, ann]
    # One round-robin before it: this round starts one place further on, as its turns do.
    assert review.speaking_order(db, second, look_back.id) == [cy, ann, bo]


def test_an_unreviewed_item_is_proposed_at_its_current_status(world: World) -> None:
    add(world, "action", "Call the vendor", world.ann)
    add(world, "experiment", "Batching halves late dispatches", status=ExperimentStatus.RUNNING)
    add(world, "experiment", "Not started yet", status=ExperimentStatus.PLANNED)
    agenda = review.agenda(world.database, world.second.id)
    proposed = {i.text: review.proposed_status(i) for i in agenda.items}
    assert proposed == {
        "Call the vendor": "open",
        "Batching halves late dispatches": "running",
        "Not started yet": "planned",
    }
    # Once reviewed, what the room recorded is proposed again.
    action = next(i for i in agenda.items if i.kind == "action")
    done = review.record(
        world.database, world.second.id, "action", action.item.id, "dropped", clock=world.clock
    )
    assert review.proposed_status(done.value) == "dropped"
    assert done.value.item.status is ActionStatus.DROPPED


def test_every_step_of_the_review_round_lists_the_owners_as_its_report_round(
    world: World,
) -> None:
    from facilitator import formats

    db, second = world.database, world.second.id
    for person in (world.ann, world.bo, world.cy):
        sessions.set_attendance(db, second, person.id, AttendanceStatus.PRESENT)
    check_in = Phase(second, 0, "Check-in", 60, mode=PhaseMode.ROUND_ROBIN, per_speaker_s=20)
    sessions.add_phases(db, [check_in])
    sessions.add_phases(db, formats.expand(formats.get_format("review-round"), second, 1, 3))
    steps = [p for p in sessions.list_phases(db, second) if p.format_key == "review-round"]
    report = next(p for p in steps if p.title == "Report")
    assert len(steps) > 2 and report.mode is PhaseMode.ROUND_ROBIN
    orders = {p.title: review.speaking_order(db, second, p.id) for p in steps}
    # Look back, Report, Learn...: the room and the facilitator read one order in all of them.
    assert all(order == orders["Report"] for order in orders.values()), orders
    # Which is the Report round's own: the second session and one round-robin before it.
    assert orders["Report"] == [world.cy.id, world.ann.id, world.bo.id]
