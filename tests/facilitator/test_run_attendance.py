"""Who is here during a run: someone who left is out of the rounds still to come, which are
timed for the people present; a phase already run keeps its time; someone who stepped out
is still here and rejoins."""

from __future__ import annotations

from facilitator import planning, rota
from facilitator.clock import FakeClock, iso
from facilitator.model import AttendanceStatus, PhaseMode
from facilitator.run import SessionRun
from facilitator.store import sessions
from tests.facilitator.run_fixtures import make_session

RR, OPEN = PhaseMode.ROUND_ROBIN, PhaseMode.OPEN


def _run(database, present=4):
    """A running session of four (Amara, Benoît, Chen, Dmitri): a round-robin of a minute
    each, an open discussion, a second round-robin; Amara speaks first."""
    session_id, people = make_session(
        database, [240, 180, 240], modes=[RR, OPEN, RR], present=present, per_speaker=60
    )
    clock = FakeClock()
    run = SessionRun(database, session_id, clock)
    run.toggle()
    return run, clock, people


def _leave(run: SessionRun, clock: FakeClock, participant_id: str) -> None:
    """Unticked under *Who is here* (the Roles dialog's action), and the run follows."""
    done = rota.mark_here(run.database, run.session_id, participant_id, False, at=iso(clock.now()))
    run.reload(done.changes)


def _ids(people) -> list[str]:
    return [p.id for p in people]


def test_someone_who_left_is_out_of_the_next_round_and_not_yet_heard(fresh_db) -> None:
    run, clock, (amara, benoit, chen, dmitri) = _run(fresh_db)
    run.step_out(chen)
    clock.advance(30)
    _leave(run, clock, chen)
    view = run.view()
    assert chen not in _ids(view.present) and chen not in view.stepped_out
    assert _ids(view.queue) == [benoit, dmitri]
    run.next_phase()
    run.next_phase()  # the second round starts one place later
    view = run.view()
    assert view.speaker.id == benoit
    assert _ids(view.queue) == [dmitri, amara]
    assert _ids(view.not_heard) == [dmitri, amara]


def test_the_next_round_robin_is_timed_for_the_people_present(fresh_db) -> None:
    run, clock, (_, benoit, *_) = _run(fresh_db)
    clock.advance(30)
    _leave(run, clock, benoit)
    assert run.view().timer.phases[2].planned_s == 180
    run.next_phase()
    run.next_phase()
    view = run.view()
    assert view.timer.allotted_s == 180 and view.slot_s == 60
    assert sessions.list_phases(fresh_db, run.session_id)[2].planned_s == 180


def test_a_phase_already_run_keeps_its_time(fresh_db) -> None:
    run, clock, (_, benoit, *_) = _run(fresh_db)
    clock.advance(30)
    _leave(run, clock, benoit)
    assert run.view().timer.allotted_s == 240
    assert run.view().timer.phases[0].planned_s == 240
    assert sessions.list_phases(fresh_db, run.session_id)[0].planned_s == 240


def test_someone_who_leaves_while_speaking_hands_the_floor_to_the_next(fresh_db) -> None:
    run, clock, (amara, benoit, chen, dmitri) = _run(fresh_db)
    clock.advance(20)
    _leave(run, clock, amara)
    view = run.view()
    assert view.speaker.id == benoit and _ids(view.queue) == [chen, dmitri]
    assert amara not in _ids(view.not_heard)
    clock.advance(5)
    run.next_speaker()
    assert run.view().speaker.id == chen


def test_someone_stepped_out_is_still_here_and_rejoins(fresh_db) -> None:
    run, clock, (amara, benoit, chen, dmitri) = _run(fresh_db)
    run.step_out(chen)
    marks = {a.participant_id: a.status for a in sessions.attendance(fresh_db, run.session_id)}
    assert marks[chen] is AttendanceStatus.PRESENT
    assert chen in planning.present_ids(fresh_db, run.session_id)
    assert chen in _ids(run.view().present) and chen not in _ids(run.view().queue)
    run.come_back(chen)
    assert _ids(run.view().queue) == [benoit, dmitri, chen]
    clock.advance(10)
    _leave(run, clock, dmitri)  # the turns are rebuilt for who is here: Chen is still back
    view = run.view()
    assert chen not in view.stepped_out and _ids(view.queue) == [benoit, chen]


def test_someone_still_stepped_out_stays_so_when_another_leaves(fresh_db) -> None:
    run, clock, (amara, benoit, chen, dmitri) = _run(fresh_db)
    clock.advance(20)
    run.next_speaker()  # Benoît speaks
    clock.advance(20)
    run.step_out(benoit)  # while speaking: Chen goes on
    clock.advance(5)
    _leave(run, clock, dmitri)
    view = run.view()
    assert view.speaker.id == chen and view.stepped_out == (benoit,)
