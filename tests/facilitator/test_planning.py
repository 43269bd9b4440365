"""Planning actions: one rule for attendance whoever changes it, and what each action says
it changed."""

from __future__ import annotations

import pytest

from facilitator import agenda, formats, planning
from facilitator.changes import Topic
from facilitator.model import AttendanceStatus, PhaseMode, SessionStatus
from facilitator.store import sessions, teams


@pytest.fixture
def planned(fresh_db):
    """A planned session for four people with a round-robin agenda (check-in, TRIZ)."""
    team = teams.create_team(fresh_db, "Ops")
    for name in ("Ann", "Bo", "Cy", "Di"):
        teams.add_participant(fresh_db, team.id, name)
    session = planning.create_session(fresh_db, team.id, "Weekly").value
    phases: list = []
    for key in ("check-in", "triz", "check-out"):
        phases = agenda.insert_format(phases, formats.get_format(key), session.id, 4)
    planning.save_agenda(fresh_db, session.id, phases)
    return session


def _round_robins(database, session_id):
    return [
        p for p in sessions.list_phases(database, session_id) if p.mode is PhaseMode.ROUND_ROBIN
    ]


def test_marking_people_present_retimes_round_robins_for_them(fresh_db, planned) -> None:
    ids = planning.present_ids(fresh_db, planned.id)
    done = planning.set_present(fresh_db, planned.id, ids[:2])
    assert done.value == sessions.list_phases(fresh_db, planned.id)
    assert _round_robins(fresh_db, planned.id)
    for phase in _round_robins(fresh_db, planned.id):
        assert phase.planned_s == phase.per_speaker_s * 2
    assert len(planning.present_ids(fresh_db, planned.id)) == 2
    assert done.changes.touches(Topic.ATTENDANCE) and done.changes.touches(Topic.AGENDA)
    assert done.changes.session_id == planned.id


def test_one_person_at_a_time_gives_the_same_times_as_the_whole_list(fresh_db, planned) -> None:
    """The planner marks the whole list, the Roles dialog one person: the same change must
    give the same agenda (it once gave 240 s in one and 120 s in the other)."""
    ids = planning.present_ids(fresh_db, planned.id)
    planning.set_attendance(fresh_db, planned.id, ids[3], AttendanceStatus.ABSENT)
    done = planning.set_attendance(fresh_db, planned.id, ids[2], AttendanceStatus.ABSENT)
    one_by_one = [p.planned_s for p in _round_robins(fresh_db, planned.id)]
    assert done.changes.touches(Topic.AGENDA)

    planning.set_present(fresh_db, planned.id, ids)
    planning.set_present(fresh_db, planned.id, ids[:2])
    whole_list = [p.planned_s for p in _round_robins(fresh_db, planned.id)]
    assert one_by_one == whole_list
    assert all(p.planned_s == p.per_speaker_s * 2 for p in _round_robins(fresh_db, planned.id))

    planning.set_attendance(fresh_db, planned.id, ids[2], AttendanceStatus.PRESENT)
    assert all(p.planned_s == p.per_speaker_s * 3 for p in _round_robins(fresh_db, planned.id))


def test_a_session_that_has_started_keeps_its_plan(fresh_db, planned) -> None:
    """Someone leaving mid-session changes attendance, not the plan the record shows."""
    before = [p.planned_s for p in _round_robins(fresh_db, planned.id)]
    sessions.set_status(fresh_db, planned.id, SessionStatus.RUNNING)
    ids = planning.present_ids(fresh_db, planned.id)
    done = planning.set_attendance(
        fresh_db, planned.id, ids[0], AttendanceStatus.LEFT_EARLY, "2026-03-02T10:00:00+00:00"
    )
    assert [p.planned_s for p in _round_robins(fresh_db, planned.id)] == before
    assert done.changes.touches(Topic.ATTENDANCE) and not done.changes.touches(Topic.AGENDA)
    assert len(planning.present_ids(fresh_db, planned.id)) == 3


def test_actions_name_what_they_changed(fresh_db, planned) -> None:
    edited = planning.edit_session(fresh_db, planned.id, title="Weekly, moved")
    assert edited.value.title == "Weekly, moved"
    assert edited.changes.touches(Topic.SESSIONS) and not edited.changes.touches(Topic.CAPTURES)
    assert edited.changes.team_id == planned.team_id
    phases = planning.list_phases(fresh_db, planned.id)
    saved = planning.save_template(fresh_db, planned.team_id, "Our weekly", phases)
    assert saved.changes.touches(Topic.TEMPLATES)
    assert [t.name for t in planning.list_templates(fresh_db, planned.team_id)] == ["Our weekly"]
