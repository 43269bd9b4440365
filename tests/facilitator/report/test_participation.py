"""The report's participation figures: the Turns column counts the times each person took
the floor (a pause in the middle of a turn does not make it two, someone who stepped out
took none), and the quieter voices are the people who stayed and spoke little."""

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


def test_someone_who_left_early_is_not_named_a_quieter_voice(fresh_db) -> None:
    from facilitator.model import AttendanceStatus
    from facilitator.store import sessions

    session_id, people = make_session(fresh_db, [600], modes=[OPEN], present=4)
    amara, benoit, chen, dmitri = people
    clock = FakeClock()
    run = SessionRun(fresh_db, session_id, clock)
    run.toggle()
    for who, seconds in ((amara, 200), (benoit, 200), (chen, 10), (dmitri, 10)):
        run.mark_speaking(who)
        clock.advance(seconds)
    run.end_session()
    sessions.set_attendance(fresh_db, session_id, dmitri, AttendanceStatus.LEFT_EARLY)
    loaded = record.load(fresh_db, session_id)
    # Chen stayed and spoke little: invite her first; Dmitri had left the room.
    assert figures.quieter_voices(loaded, figures.participation(loaded)) == ["Chen"]
