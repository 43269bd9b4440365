"""A session being run: timer and turns move together, roles shown, failures recover."""

from __future__ import annotations

from dataclasses import replace

import pytest

from facilitator import planning, rota
from facilitator.changes import NOTHING, Changes, Topic
from facilitator.clock import FakeClock
from facilitator.direction import FSI, LRM, PDI
from facilitator.errors import DatabaseReadOnlyError, ValidationError
from facilitator.model import Phase, PhaseMode, RoleAssignment
from facilitator.run import SessionRun, handover_due, holders_key, roles_now
from facilitator.store import assignments, runs, sessions, teams
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
    run.toggle()
    assert run.timer.state is TimerState.RUNNING
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


def test_each_session_of_the_team_starts_its_first_round_one_person_further_on(
    fresh_db,
) -> None:
    session_id, people = make_session(fresh_db, [180, 180], modes=[RR, RR], present=3)
    team_id = sessions.get_session(fresh_db, session_id).team_id
    firsts = []
    for n in range(4):
        if n:  # the team's next workshop, with the same people and agenda
            session_id = sessions.create_session(fresh_db, team_id, f"Session {n + 1}").id
            planning.set_present(fresh_db, session_id, people)
            sessions.add_phases(
                fresh_db,
                [Phase(session_id, i, f"Round {i + 1}", 180, mode=RR) for i in range(2)],
            )
        run = SessionRun(fresh_db, session_id, FakeClock())
        run.toggle()
        firsts.append(run.view().speaker.id)
        run.next_phase()  # the session's second round starts one further on again
        assert run.view().speaker.id == people[(n + 1) % 3]
        run.end_session()
    assert firsts == [people[0], people[1], people[2], people[0]]
    # Planning a session later does not move the order of one already run.
    sessions.create_session(fresh_db, team_id, "Later")
    assert sessions.sessions_before(fresh_db, session_id) == 3


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
    # A right-to-left name keeps the sentence ours: isolated, the line begun left to right.
    teams.update_participant(
        fresh_db, replace(teams.get_participant(fresh_db, people[1]), name="ليلى حداد")
    )
    run = SessionRun(fresh_db, run.session_id, clock)
    while run.view().speaker.id != people[1]:  # by name order she now speaks last
        run.next_speaker()
    for _ in range(61):
        clock.advance(1)
        run.check_gap()
        cues = run.due_cues() or cues
    assert cues[0].message == f"{LRM}{FSI}ليلى حداد{PDI}'s time is up; pass to the next person."


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


# ---------------------------------------------------------------- what actions change


def test_actions_say_they_changed_the_run_and_the_status_when_it_starts_or_ends(
    fresh_db,
) -> None:
    run, _, people = _run(fresh_db)
    status = Changes.of(
        Topic.RUN, Topic.SESSIONS, session_id=run.session_id, team_id=run.session.team_id
    )
    only_run = Changes.of(Topic.RUN, session_id=run.session_id, team_id=run.session.team_id)
    assert run.toggle() == status  # started: the session is now running
    assert run.next_speaker() == only_run
    assert run.extend() == only_run and run.shorten() == only_run
    assert run.toggle() == only_run  # paused
    assert run.next_phase() == only_run and run.back() == only_run
    assert run.step_out(people[2]) == only_run
    assert run.come_back(people[2]) == NOTHING  # nothing stored
    assert run.end_session() == status


def test_a_refused_action_changes_nothing_and_says_why(fresh_db) -> None:
    run, _, _ = _run(fresh_db, present=0)
    with pytest.raises(ValidationError, match="Nobody is marked present"):
        run.toggle()
    assert run.timer.state is TimerState.NOT_STARTED


# ---------------------------------------------------------------- following others


def test_someone_arriving_joins_the_round_and_a_paused_speaker_keeps_the_floor(fresh_db) -> None:
    run, clock, people = _run(fresh_db, present=2)
    run.toggle()
    clock.advance(10)
    run.toggle()  # paused while Amara speaks
    everyone = [p.id for p in teams.list_participants(fresh_db, run.session.team_id)]
    changes = planning.set_present(fresh_db, run.session_id, people + [everyone[2]]).changes
    run.reload(changes)
    view = run.view()
    assert [p.id for p in view.present] == people + [everyone[2]]
    assert view.held.id == people[0]
    assert [p.id for p in view.queue] == [people[1], everyone[2]]


def test_the_agenda_is_reread_before_the_start_and_kept_once_running(fresh_db) -> None:
    run, _, _ = _run(fresh_db)
    phases = planning.list_phases(fresh_db, run.session_id)
    longer = replace(phases[0], planned_s=600)
    run.reload(planning.edit_phase(fresh_db, longer).changes)
    assert run.view().timer.remaining_s == 600
    run.toggle()
    run.reload(planning.edit_phase(fresh_db, replace(longer, planned_s=900)).changes)
    assert run.view().timer.allotted_s == 600  # the plan it started with


def test_roles_given_elsewhere_show_after_a_reload(fresh_db) -> None:
    run, _, people = _run(fresh_db)
    assert run.view().roles == ()
    role = teams.list_roles(fresh_db, run.session.team_id)[0]
    assignments.add_assignments(fresh_db, [RoleAssignment(run.session_id, role.id, people[1])])
    run.reload(Changes.of(Topic.ROLES, session_id=run.session_id))
    assert [(h.role, h.person) for h in run.view().roles] == [(role.name, "Benoît")]


# ---------------------------------------------------------------- when to hand over


def _hand(*holders: str, stored: bool = True, confirmed: bool = False) -> rota.Handover:
    """A handover of rotating roles r0, r1, ... held by ``holders`` ("" for nobody)."""
    from facilitator.model import Participant, Role, Session
    from facilitator.rotation import Sitting

    items = []
    for i, holder in enumerate(holders):
        role = Role("t", f"Role {i}", id=f"r{i}")
        person = Participant("t", holder, id=holder) if holder else None
        at = "2026-03-02T09:00:00Z" if confirmed else None
        held = RoleAssignment("s", role.id, holder, confirmed_at=at) if holder and stored else None
        items.append(rota.HandoverItem(role, held, person))
    return rota.Handover(Session("t", "S", id="s"), Sitting("s", None, "Session"), items, stored)


def test_the_start_hands_over_until_every_holder_has_confirmed() -> None:
    assert handover_due(_hand("amara", "chen"), None, starting=True)
    assert not handover_due(_hand("amara", "chen", confirmed=True), None, starting=True)
    assert handover_due(_hand("amara", stored=False), None, starting=True)  # to accept


def test_a_new_phase_hands_over_only_when_the_holders_changed() -> None:
    before = holders_key(_hand("amara", "chen"))
    assert not handover_due(_hand("amara", "chen"), before, starting=False)
    assert handover_due(_hand("benoit", "chen"), before, starting=False)
    assert handover_due(_hand("amara", "chen"), None, starting=False)  # not known before


def test_stored_roles_nobody_holds_are_never_handed_over() -> None:
    assert not handover_due(_hand("", ""), None, starting=True)
    assert not handover_due(_hand("", ""), holders_key(_hand("amara", "")), starting=False)


def test_the_run_remembers_who_was_handed_over(fresh_db) -> None:
    run, _, people = _run(fresh_db, modes=(OPEN, OPEN, OPEN))
    rota.accept(fresh_db, rota.suggest_for_session(fresh_db, run.session_id))
    run.toggle()
    assert run.handover_due(starting=True) is not None  # nobody has confirmed yet
    run.next_phase()
    assert run.handover_due() is None  # the same holders
    hand = rota.handover(fresh_db, run.session_id)
    newcomer = next(p for p in people if p != hand.items[0].holder.id)
    rota.reassign(fresh_db, run.session_id, hand.items[0].role.id, newcomer, "Amara left")
    run.next_phase()
    assert run.handover_due() is not None
    run.end_session()
    assert run.handover_due(starting=True) is None  # a finished session hands nothing over
