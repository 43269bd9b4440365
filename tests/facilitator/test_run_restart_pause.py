"""A round paused with someone speaking, then the app closed or killed: opened again, the
paused speaker still holds the floor and goes on when the round resumes, as without the
restart. The store keeps the turn the pause ended; that is the paused speaker."""

from __future__ import annotations

from facilitator.clock import FakeClock, parse_iso
from facilitator.model import PhaseMode
from facilitator.run import SessionRun
from facilitator.store import runs
from facilitator.store.database import Database
from facilitator.timer import TimerState
from tests.facilitator.run_fixtures import make_session

RR, OPEN = PhaseMode.ROUND_ROBIN, PhaseMode.OPEN


def _run(database: Database) -> tuple[SessionRun, FakeClock, list[str]]:
    session_id, people = make_session(
        database, [180, 180], modes=[RR, OPEN], present=3, per_speaker=60
    )
    clock = FakeClock()
    return SessionRun(database, session_id, clock), clock, people


def test_a_round_robin_speaker_paused_goes_on_after_a_restart(fresh_db: Database) -> None:
    run, clock, people = _run(fresh_db)
    run.toggle()
    clock.advance(30)
    run.toggle()  # paused, people[0] held with 30 s of their slot left
    clock.advance(120)  # the app is killed and opened again
    again = SessionRun(fresh_db, run.session_id, clock)
    view = again.view()
    assert view.timer.state is TimerState.PAUSED
    assert view.held is not None and view.held.id == people[0]
    again.toggle()
    assert again.view().speaker.id == people[0]
    assert again.view().slot_remaining_s == 30
    assert [p.id for p in again.view().queue] == people[1:]


def test_an_open_discussion_speaker_paused_goes_on_after_a_restart(fresh_db: Database) -> None:
    run, clock, people = _run(fresh_db)
    run.toggle()
    run.next_phase()  # to open discussion
    run.mark_speaking(people[2])
    clock.advance(20)
    run.toggle()
    again = SessionRun(fresh_db, run.session_id, clock)
    assert again.view().held.id == people[2]
    again.toggle()
    assert again.view().speaker.id == people[2]


def test_nobody_is_held_when_the_speaker_had_stopped_before_the_pause(fresh_db: Database) -> None:
    run, clock, people = _run(fresh_db)
    run.toggle()
    run.next_phase()
    run.mark_speaking(people[2])
    clock.advance(10)
    run.mark_speaking(people[2])  # again: they stop
    clock.advance(30)
    run.toggle()
    again = SessionRun(fresh_db, run.session_id, clock)
    assert again.view().held is None
    again.toggle()
    assert again.view().speaker is None


def test_a_sleep_paused_where_it_began_is_nobodys_speaking_time(fresh_db: Database) -> None:
    run, clock, people = _run(fresh_db)
    run.toggle()
    for _ in range(20):  # the screen looks every second: 20 s into the first turn
        clock.advance(1)
        assert run.check_gap() is None
    clock.advance(300)  # then the laptop slept for five minutes
    assert run.check_gap() is not None
    run.pause_at_gap()  # "Pause when it stopped"
    view = run.view()
    assert view.timer.state is TimerState.PAUSED and view.timer.remaining_s == 160
    assert view.held is not None and view.held.id == people[0]
    assert dict((p.id, s) for p, s in view.airtime)[people[0]] == 20  # not 320
    turn = runs.turns_for_phase(fresh_db, view.timer.phase.id)[-1]
    assert (parse_iso(turn.ended_at) - parse_iso(turn.started_at)).total_seconds() == 20
    clock.advance(60)
    again = SessionRun(fresh_db, run.session_id, clock)  # the record says the same
    assert again.view().held.id == people[0]
    again.toggle()
    clock.advance(5)
    assert again.view().slot_remaining_s == 35
    assert dict((p.id, s) for p, s in again.view().airtime)[people[0]] == 25
