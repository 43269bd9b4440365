"""Speaking turns: fair round-robin, rotating start, stepping out, open discussion, airtime."""

from __future__ import annotations

import pytest

from facilitator.clock import FakeClock, parse_iso
from facilitator.errors import ValidationError
from facilitator.model import PhaseMode
from facilitator.store import runs, sessions
from facilitator.turns import Turns, rotated, rotation_offset
from tests.facilitator.run_fixtures import make_session

RR, OPEN, PAIRS = PhaseMode.ROUND_ROBIN, PhaseMode.OPEN, PhaseMode.PAIRS


def _phases(database, modes, present=4, per_speaker=60):
    session_id, people = make_session(
        database, [600] * len(modes), modes=modes, present=present, per_speaker=per_speaker
    )
    return sessions.list_phases(database, session_id), people


def test_round_robin_gives_everyone_an_equal_slot_in_turn(fresh_db) -> None:
    phases, people = _phases(fresh_db, [RR])
    clock = FakeClock()
    turns = Turns(fresh_db, phases[0], people, clock)
    assert turns.slot_s == 60
    assert turns.begin() == people[0]
    assert turns.queue == people[1:]
    clock.advance(45)
    assert turns.slot_remaining() == 15
    assert turns.due_cues() == []
    clock.advance(20)
    assert [c.participant_id for c in turns.due_cues()] == [people[0]]
    assert turns.due_cues() == []  # once
    for expected in people[1:]:
        assert turns.next_speaker() == expected
        clock.advance(60)
    assert turns.next_speaker() is None  # the last turn ends
    with pytest.raises(ValidationError, match="Everyone present has had their turn"):
        turns.next_speaker()
    air = turns.airtime()
    assert air == {people[0]: 65, people[1]: 60, people[2]: 60, people[3]: 60}
    assert turns.not_heard() == []
    stored = runs.turns_for_phase(fresh_db, phases[0].id)
    assert [t.participant_id for t in stored] == people
    assert all(t.ended_at for t in stored)
    assert (parse_iso(stored[0].ended_at) - parse_iso(stored[0].started_at)).seconds == 65


def test_slot_without_per_speaker_time_divides_the_phase(fresh_db) -> None:
    phases, people = _phases(fresh_db, [RR], per_speaker=None)
    assert Turns(fresh_db, phases[0], people, FakeClock()).slot_s == 150


def test_starting_person_rotates_from_round_to_round(fresh_db) -> None:
    phases, people = _phases(fresh_db, [RR, OPEN, RR, RR])
    firsts = []
    for phase in phases:
        if phase.mode is RR:
            turns = Turns(
                fresh_db, phase, people, FakeClock(), offset=rotation_offset(phases, phase)
            )
            firsts.append(turns.begin())
    assert firsts == [people[0], people[1], people[2]]
    assert rotated(["a", "b", "c"], 4) == ["b", "c", "a"]
    assert rotated([], 3) == []


def test_someone_who_stepped_out_is_skipped_and_can_come_back(fresh_db) -> None:
    phases, people = _phases(fresh_db, [RR])
    clock = FakeClock()
    turns = Turns(fresh_db, phases[0], people, clock)
    turns.begin()
    turns.step_out(people[1])
    assert turns.queue == people[2:]
    assert turns.stepped_out == [people[1]]
    clock.advance(30)
    assert turns.next_speaker() == people[2]
    assert people[1] in turns.not_heard()
    turns.come_back(people[1])
    assert turns.queue == [people[3], people[1]]
    # The current speaker leaves the room: their turn ends, the next goes on.
    clock.advance(10)
    turns.step_out(people[2])
    assert turns.current == people[3]
    assert turns.airtime()[people[2]] == 10


def test_stepping_out_survives_a_restart(fresh_db) -> None:
    phases, people = _phases(fresh_db, [RR])
    clock = FakeClock()
    turns = Turns(fresh_db, phases[0], people, clock)
    turns.begin()
    turns.step_out(people[1])
    clock.advance(20)
    again = Turns(fresh_db, phases[0], people, clock)
    assert again.current == people[0]
    assert again.queue == people[2:]
    assert again.airtime()[people[0]] == 20
    assert people[1] in again.not_heard()


def test_rebuilt_turns_keep_who_is_away_and_who_came_back(fresh_db) -> None:
    """Someone arrived or left: the phase's turns are rebuilt for who is here, and who
    stepped out (after speaking too) or came back since stays so."""
    phases, people = _phases(fresh_db, [RR])
    clock = FakeClock()
    turns = Turns(fresh_db, phases[0], people, clock)
    turns.begin()
    turns.step_out(people[1])
    turns.come_back(people[1])
    clock.advance(20)
    turns.step_out(people[0])  # while speaking: the next goes on
    again = Turns(fresh_db, phases[0], people[:3], clock, away=turns.stepped_out)
    assert again.stepped_out == [people[0]]
    assert again.current == people[2] and again.queue == [people[1]]


def test_open_discussion_marks_whoever_speaks_by_tapping(fresh_db) -> None:
    phases, people = _phases(fresh_db, [OPEN])
    clock = FakeClock()
    turns = Turns(fresh_db, phases[0], people, clock)
    assert turns.begin() is None and turns.queue == []
    turns.mark_speaking(people[2])
    clock.advance(40)
    turns.mark_speaking(people[0])
    clock.advance(15)
    turns.mark_speaking(people[2])
    clock.advance(5)
    assert turns.mark_speaking(people[2]) is None  # tapping again stops the turn
    clock.advance(100)
    assert turns.airtime() == {people[0]: 15, people[1]: 0, people[2]: 45, people[3]: 0}
    assert turns.not_heard() == [people[1], people[3]]
    with pytest.raises(ValidationError, match="tap the name"):
        turns.next_speaker()
    with pytest.raises(ValidationError, match="present"):
        turns.mark_speaking("someone-else")


def test_pause_holds_the_speaker_and_resume_goes_on(fresh_db) -> None:
    phases, people = _phases(fresh_db, [RR])
    clock = FakeClock()
    turns = Turns(fresh_db, phases[0], people, clock)
    turns.begin()
    clock.advance(20)
    turns.pause()
    assert turns.current is None and turns.held == people[0]
    clock.advance(300)
    assert turns.slot_remaining() == 40
    with pytest.raises(ValidationError, match="paused"):
        turns.next_speaker()
    turns.resume()
    clock.advance(10)
    assert turns.current == people[0] and turns.slot_remaining() == 30
    assert turns.airtime()[people[0]] == 30


def test_other_modes_track_no_speaker(fresh_db) -> None:
    phases, people = _phases(fresh_db, [PAIRS])
    turns = Turns(fresh_db, phases[0], people, FakeClock())
    assert not turns.tracked
    assert turns.begin() is None
    with pytest.raises(ValidationError, match="not tracked"):
        turns.mark_speaking(people[0])


def test_clock_set_back_mid_turn_never_gives_a_negative_turn(fresh_db) -> None:
    phases, people = _phases(fresh_db, [OPEN])
    clock = FakeClock()
    turns = Turns(fresh_db, phases[0], people, clock)
    turns.mark_speaking(people[0])
    clock.advance(30)
    clock.jump_wall_clock(-3600)
    turns.stop()
    stored = runs.turns_for_phase(fresh_db, phases[0].id)[0]
    assert (parse_iso(stored.ended_at) - parse_iso(stored.started_at)).total_seconds() == 30
