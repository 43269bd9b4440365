"""A session being run: timer and turns move together, roles shown, failures recover."""

from __future__ import annotations

import pytest

from facilitator.clock import FakeClock
from facilitator.errors import DatabaseReadOnlyError, ValidationError
from facilitator.model import PhaseMode, RoleAssignment
from facilitator.run import SessionRun, roles_now
from facilitator.store import assignments, runs, teams
from facilitator.timer import CueKind, TimerState
from tests.facilitator.run_fixtures import make_session

RR, OPEN = PhaseMode.ROUND_ROBIN, PhaseMode.OPEN


def _run(database, modes=(RR, OPEN, RR), present=3):
    session_id, people = make_session(
        database, [180] * len(modes), modes=list(modes), present=present, per_speaker=60
    )
    clock = FakeClock()
    return SessionRun(database, session_id, clock), clock, people


def test_space_starts_the_round_and_the_first_speaker(fresh_db) -> None:
    run, clock, people = _run(fresh_db)
    assert run.toggle() is TimerState.RUNNING
    view = run.view()
    assert view.speaker.id == people[0]
    assert [p.id for p in view.queue] == people[1:]
    assert view.mode_label == "Round-robin · 1 min each"
    clock.advance(30)
    run.toggle()
    view = run.view()
    assert view.timer.state is TimerState.PAUSED and view.held.id == people[0]
    clock.advance(60)
    run.toggle()
    assert run.view().speaker.id == people[0]
    assert run.view().slot_remaining_s == 30


def test_moving_phases_ends_turns_and_rotates_the_next_round(fresh_db) -> None:
    run, clock, people = _run(fresh_db)
    run.toggle()
    clock.advance(50)
    run.next_phase()  # to open discussion
    assert run.view().speaker is None
    run.mark_speaking(people[2])
    clock.advance(20)
    run.next_phase()  # second round-robin starts one later
    assert run.view().speaker.id == people[1]
    turns = runs.turns_for_session(fresh_db, run.session_id)
    assert all(t.ended_at for t in turns[:-1]) and turns[-1].ended_at is None
    with pytest.raises(ValidationError, match="last phase"):
        run.next_phase()
    assert run.view().speaker.id == people[1]  # a refused move changes nothing
    run.end_session()
    assert all(t.ended_at for t in runs.turns_for_session(fresh_db, run.session_id))


def test_slot_up_cue_names_the_speaker(fresh_db) -> None:
    run, clock, people = _run(fresh_db)
    run.toggle()
    cues = []
    for _ in range(61):
        clock.advance(1)
        run.check_gap()
        cues += run.due_cues()
    assert [c.kind for c in cues] == [CueKind.SLOT_UP]
    assert cues[0].message.startswith("Amara's time is up")


def test_roles_now_prefer_the_phase_holder_and_skip_ended_ones(fresh_db) -> None:
    run, _, people = _run(fresh_db)
    roles = teams.list_roles(fresh_db, run.session.team_id)
    phase = run.timer.phase
    assignments.add_assignments(
        fresh_db,
        [
            RoleAssignment(run.session_id, roles[0].id, people[0]),
            RoleAssignment(run.session_id, roles[0].id, people[1], phase_id=phase.id),
            RoleAssignment(run.session_id, roles[1].id, people[2]),
            RoleAssignment(run.session_id, roles[2].id, people[2], ended_at="2026-03-02T09:00"),
        ],
    )
    run.reload_assignments()
    shown = [(h.role, h.person) for h in run.view().roles]
    assert shown == [(roles[0].name, "Benoît"), (roles[1].name, "Chen")]
    held = assignments.for_session(fresh_db, run.session_id)
    assert {a.participant_id for a in roles_now(held, None)} == {people[0], people[2]}


def test_a_refused_write_rebuilds_from_the_store(fresh_db) -> None:
    run, clock, people = _run(fresh_db)
    run.toggle()
    clock.advance(10)
    fresh_db.read_only = True
    try:
        with pytest.raises(DatabaseReadOnlyError):
            run.next_speaker()
        with pytest.raises(DatabaseReadOnlyError):
            run.toggle()
    finally:
        fresh_db.read_only = False
    view = run.view()
    assert view.timer.state is TimerState.RUNNING and view.speaker.id == people[0]
    assert view.timer.remaining_s == pytest.approx(170, abs=0.002)


def test_a_run_resumed_after_restart_has_its_speaker_and_queue(file_db) -> None:
    run, clock, people = _run(file_db)
    run.toggle()
    clock.advance(61)
    run.next_speaker()
    clock.advance(15)
    again = SessionRun(file_db, run.session_id, FakeClock(clock.now(), 3.0))
    view = again.view()
    assert view.speaker.id == people[1] and [p.id for p in view.queue] == [people[2]]
    assert view.slot_remaining_s == pytest.approx(45, abs=0.002)
    assert view.timer.remaining_s == pytest.approx(104, abs=0.002)


def test_a_restart_with_the_clock_set_back_asks_and_pausing_holds_the_speaker(file_db) -> None:
    run, clock, people = _run(file_db)
    run.toggle()
    clock.advance(40)
    clock.jump_wall_clock(-1800)  # the app is gone; the clock is set back
    again = SessionRun(file_db, run.session_id, clock)
    gap = again.check_gap()
    assert gap is not None and gap.after_restart
    assert again.due_cues() == []
    again.pause_at_gap()
    view = again.view()
    assert view.timer.state is TimerState.PAUSED and view.held.id == people[0]
    assert view.timer.remaining_s == pytest.approx(180, abs=0.002)


def test_a_restart_with_the_clock_set_back_may_go_on_and_is_stored(file_db) -> None:
    run, clock, people = _run(file_db)
    run.toggle()
    clock.advance(40)
    clock.jump_wall_clock(-1800)
    again = SessionRun(file_db, run.session_id, clock)
    assert again.check_gap() is not None
    again.continue_after_gap()
    assert again.check_gap() is None
    assert again.view().timer.remaining_s == pytest.approx(140, abs=0.002)
    assert again.view().speaker.id == people[0]
    third = SessionRun(file_db, run.session_id, clock)
    assert third.check_gap() is None
    assert third.view().timer.remaining_s == pytest.approx(140, abs=0.002)
