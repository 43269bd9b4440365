"""Planning writes: sessions from templates, attendance re-timing, agenda storage."""

from __future__ import annotations

import pytest

from facilitator import agenda, formats
from facilitator.errors import NotFoundError, ValidationError
from facilitator.model import PhaseMode, RoleAssignment, SessionStatus
from facilitator.store import assignments, planning, sessions, teams, templates


@pytest.fixture
def team(fresh_db):
    team = teams.create_team(fresh_db, "Ops")
    for name in ("Ann", "Bo", "Cy", "Di"):
        teams.add_participant(fresh_db, team.id, name)
    return team


def _plan(fresh_db, team, keys=("check-in", "triz", "check-out")):
    session = planning.create_session(
        fresh_db,
        team.id,
        "Weekly",
        planned_date="2026-03-02",
        planned_start="09:30",
        available_min=90,
    )
    phases: list = []
    for key in keys:
        phases = agenda.insert_format(phases, formats.get_format(key), session.id, 4)
    planning.save_agenda(fresh_db, session.id, phases)
    return session, phases


def test_a_new_session_marks_every_active_member_present(fresh_db, team) -> None:
    gone = teams.add_participant(fresh_db, team.id, "Ed")
    teams.set_participant_active(fresh_db, gone.id, False)
    session = planning.create_session(fresh_db, team.id, "Weekly")
    assert session.status is SessionStatus.PLANNED
    assert len(sessions.present_ids(fresh_db, session.id)) == 4


def test_save_agenda_stores_order_and_undo_restores_exactly(fresh_db, team) -> None:
    session, phases = _plan(fresh_db, team)
    without = agenda.remove_block(phases, phases[3].id)
    planning.save_agenda(fresh_db, session.id, without)
    assert len(sessions.list_phases(fresh_db, session.id)) == len(without)
    planning.save_agenda(fresh_db, session.id, phases)
    assert sessions.list_phases(fresh_db, session.id) == phases


def test_a_phase_with_history_cannot_be_removed(fresh_db, team) -> None:
    session, phases = _plan(fresh_db, team)
    role = teams.list_roles(fresh_db, team.id)[0]
    person = sessions.present_ids(fresh_db, session.id)[0]
    assignments.add_assignments(
        fresh_db, [RoleAssignment(session.id, role.id, person, phase_id=phases[0].id)]
    )
    with pytest.raises(ValidationError, match="cannot be removed"):
        planning.save_agenda(fresh_db, session.id, phases[1:])
    assert sessions.list_phases(fresh_db, session.id) == phases


def test_templates_save_and_plan_a_new_session(fresh_db, team) -> None:
    session, phases = _plan(fresh_db, team)
    saved = templates.save_template(fresh_db, team.id, "  Our weekly  ", phases)
    assert saved.name == "Our weekly"
    assert [t.name for t in templates.list_templates(fresh_db, team.id)] == ["Our weekly"]
    with pytest.raises(ValidationError, match="already a template"):
        templates.save_template(fresh_db, team.id, "our WEEKLY", phases)
    replaced = templates.save_template(fresh_db, team.id, "our weekly", phases[:2], replace=True)
    assert replaced.id == saved.id and len(replaced.steps) == 2
    templates.save_template(fresh_db, team.id, "Full", phases)
    full = next(t for t in templates.list_templates(fresh_db, team.id) if t.name == "Full")
    assert full.planned_s == agenda.total_s(phases)

    teams.add_participant(fresh_db, team.id, "Ed")
    new = planning.create_session(fresh_db, team.id, "Next week", template_id=full.id)
    copy = sessions.list_phases(fresh_db, new.id)
    assert [(p.title, p.mode, p.prompt, p.group_title, p.format_key) for p in copy] == [
        (p.title, p.mode, p.prompt, p.group_title, p.format_key) for p in phases
    ]
    assert [len(b) for b in agenda.blocks(copy)] == [len(b) for b in agenda.blocks(phases)]
    assert {p.id for p in copy}.isdisjoint({p.id for p in phases})
    # Five people are present now: round-robins are timed for five.
    for phase in copy:
        if phase.mode is PhaseMode.ROUND_ROBIN:
            assert phase.planned_s == phase.per_speaker_s * 5


def test_template_bad_input(fresh_db, team) -> None:
    with pytest.raises(ValidationError, match="cannot be empty"):
        templates.save_template(fresh_db, team.id, "   ", [])
    with pytest.raises(ValidationError, match="agenda is empty"):
        templates.save_template(fresh_db, team.id, "Empty", [])
    other = teams.create_team(fresh_db, "Other")
    _session, phases = _plan(fresh_db, team)
    theirs = templates.save_template(fresh_db, team.id, "Ours", phases)
    with pytest.raises(ValidationError, match="another team"):
        planning.create_session(fresh_db, other.id, "X", template_id=theirs.id)
    templates.delete_template(fresh_db, theirs.id)
    with pytest.raises(NotFoundError):
        templates.get_template(fresh_db, theirs.id)


def test_a_refused_session_leaves_nothing_behind(fresh_db, team) -> None:
    with pytest.raises(ValidationError, match="Session title cannot be empty"):
        planning.create_session(fresh_db, team.id, "  ")
    with pytest.raises(ValidationError, match="not a date"):
        planning.create_session(fresh_db, team.id, "X", planned_date="2026-13-45")
    assert sessions.list_sessions(fresh_db) == []
