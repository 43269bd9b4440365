"""The report's Turns column counts the times each person took the floor: a pause in the
middle of a turn does not make it two, and someone who stepped out took none."""

from __future__ import annotations

from facilitator import record
from facilitator.clock import FakeClock
from facilitator.model import PhaseMode
from facilitator.report import figures
from facilitator.run import SessionRun
from tests.facilitator.run_fixtures import make_session

RR, OPEN = PhaseMode.ROUND_ROBIN, PhaseMode.OPEN


def test_a_pause_mid_turn_is_one_turn_and_a_pass_is_none(fresh_db) -> None:
    session_id, people = make_session(
        fresh_db, [300, 300], modes=[RR, OPEN], present=3, per_speaker=60
    )
    amara, benoit, chen = people
    clock = FakeClock()
    run = SessionRun(fresh_db, session_id, clock)
    run.step_out(benoit)  # Benoît stepped out: the round passes him by
    run.toggle()  # Amara speaks
    clock.advance(20)
    run.toggle()  # paused, Amara held
    clock.advance(30)
    run.toggle()  # Amara goes on: the same turn
    clock.advance(20)
    run.next_speaker()  # Benoît is passed: Chen
    clock.advance(40)
    run.next_phase()  # open discussion: Amara twice, Chen once
    for who in (amara, chen, amara):
        run.mark_speaking(who)
        clock.advance(10)
    run.end_session()
    taken = record.load(fresh_db, session_id).turns_taken()
    assert taken == {amara: 3, chen: 2}
    shown = {p.id: p.turns for p in figures.participation(record.load(fresh_db, session_id))}
    assert shown == {amara: 3, benoit: 0, chen: 2}
