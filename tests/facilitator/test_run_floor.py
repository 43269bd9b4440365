"""Choosing the speaker by key in open discussion, the nudge before moving on while voices
are unheard, and the pause the handover takes."""

from __future__ import annotations

import pytest

from facilitator import rota
from facilitator.changes import NOTHING
from facilitator.clock import FakeClock
from facilitator.errors import ValidationError
from facilitator.model import PhaseMode
from facilitator.run import OPEN_FLOOR_HINT, SessionRun, hand_over_before_start, nudge
from facilitator.store import sessions
from facilitator.timer import TimerState
from tests.facilitator.run_fixtures import make_session

RR, OPEN, SILENT = PhaseMode.ROUND_ROBIN, PhaseMode.OPEN, PhaseMode.SILENT


def _run(database, modes=(OPEN, RR), present=3):
    session_id, people = make_session(
        database, [180] * len(modes), modes=list(modes), present=present, per_speaker=60
    )
    clock = FakeClock()
    return SessionRun(database, session_id, clock), clock, people


def _speaker(run: SessionRun) -> str | None:
    view = run.view()
    return view.speaker.id if view.speaker else None


def test_a_number_gives_that_person_the_floor_and_again_takes_it_back(fresh_db) -> None:
    run, clock, people = _run(fresh_db)
    run.toggle()
    assert _speaker(run) is None  # open discussion: nobody is called first
    run.speak_by_number(2)
    assert _speaker(run) == people[1]
    clock.advance(20)
    run.speak_by_number(3)
    assert _speaker(run) == people[2]
    run.speak_by_number(3)
    assert _speaker(run) is None
    spoken = {p.id: s for p, s in run.view().airtime}
    assert spoken[people[1]] == 20


def test_a_number_nobody_has_is_refused_with_how_many_are_here(fresh_db) -> None:
    run, _, _ = _run(fresh_db)
    run.toggle()
    with pytest.raises(ValidationError, match=r"Nobody has number 4: 3 people are here\."):
        run.speak_by_number(4)
    with pytest.raises(ValidationError, match="Nobody has number 0"):
        run.speak_by_number(10)  # the 0 key


def test_the_keys_choose_a_speaker_only_while_an_open_discussion_runs(fresh_db) -> None:
    run, _, _ = _run(fresh_db)
    with pytest.raises(ValidationError, match="has not started"):
        run.speak_by_number(1)
    run.toggle()
    run.toggle()
    with pytest.raises(ValidationError, match="paused"):
        run.speak_beside(1)
    run.toggle()
    run.next_phase()  # a round-robin
    with pytest.raises(ValidationError, match="S passes to the next speaker"):
        run.speak_by_number(1)


def test_the_arrows_pass_the_floor_round_the_circle_past_whoever_stepped_out(fresh_db) -> None:
    run, _, people = _run(fresh_db, present=4)
    run.toggle()
    run.speak_beside(-1)  # nobody speaks: the last person
    assert _speaker(run) == people[3]
    run.speak_beside(1)  # round the circle
    assert _speaker(run) == people[0]
    run.step_out(people[1])
    run.speak_beside(1)
    assert _speaker(run) == people[2]
    run.speak_beside(-1)
    assert _speaker(run) == people[0]


def test_s_in_open_discussion_says_how_to_choose_the_speaker(fresh_db) -> None:
    run, _, _ = _run(fresh_db)
    run.toggle()
    with pytest.raises(ValidationError) as refused:
        run.next_speaker()
    assert str(refused.value) == OPEN_FLOOR_HINT
    assert "number" in OPEN_FLOOR_HINT


def test_moving_on_with_voices_unheard_nudges_with_their_names(fresh_db) -> None:
    run, clock, people = _run(fresh_db, modes=(RR, OPEN, SILENT), present=3)
    assert nudge(run.view()) is None  # nothing has run yet
    run.toggle()
    clock.advance(30)
    assert nudge(run.view()) == "Not heard yet: Benoît, Chen. Press N again to move on."
    # Where the room reads it (one mirrored screen), nobody is named in front of the others.
    assert nudge(run.view(), seen_by_the_room=True) == (
        "2 voices not heard yet. Press N again to move on."
    )
    run.step_out(people[2])
    assert nudge(run.view()) == "Not heard yet: Benoît. Press N again to move on."
    # Someone who stepped out is not waiting to be heard, on any screen.
    assert [p.name for p in run.view().not_heard] == ["Benoît"]
    run.next_speaker()
    clock.advance(5)
    assert nudge(run.view()) is None  # everyone here has spoken
    run.next_phase()  # open discussion
    clock.advance(60)
    assert nudge(run.view()) is None  # nobody tapped: the speakers are not being followed
    run.speak_by_number(2)
    clock.advance(10)
    assert nudge(run.view()) == "Not heard yet: Chen, Amara. Press N again to move on."
    run.next_phase()
    clock.advance(10)
    assert nudge(run.view()) is None  # a silent phase tracks no speakers


def test_the_handover_pause_pauses_only_a_running_round(fresh_db) -> None:
    run, _, _ = _run(fresh_db)
    assert run.pause() is NOTHING
    run.resume()  # starts the round
    assert run.timer.state is TimerState.RUNNING
    assert run.resume() is NOTHING
    run.pause()
    assert run.timer.state is TimerState.PAUSED
    assert run.pause() is NOTHING
    run.resume()
    assert run.timer.state is TimerState.RUNNING


def test_accepted_roles_are_handed_over_before_the_clock_and_suggestions_only_offered(
    fresh_db,
) -> None:
    run, _, _ = _run(fresh_db)
    suggested = run.handover_due(starting=True)
    assert suggested is not None and not hand_over_before_start(suggested)
    rota.accept(fresh_db, rota.suggest_for_session(fresh_db, run.session_id))
    accepted = run.handover_due(starting=True)
    assert accepted is not None and hand_over_before_start(accepted)


def test_a_session_does_not_start_while_another_is_running(fresh_db) -> None:
    first, clock, _ = _run(fresh_db)
    first.toggle()
    other_id, _ = make_session(fresh_db, [300], modes=[OPEN], present=3)  # another team
    second = SessionRun(fresh_db, other_id, clock)
    with pytest.raises(ValidationError, match="is still running. End it first"):
        second.toggle()
    assert second.timer.state is TimerState.NOT_STARTED
    assert sessions.get_session(fresh_db, other_id).status.value == "planned"
    first.end_session()
    second.toggle()  # once the first has ended
    assert second.timer.state is TimerState.RUNNING
