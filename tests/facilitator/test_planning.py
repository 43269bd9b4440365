"""Planning actions: one rule for attendance whoever changes it, and what each action says
it changed."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from facilitator import agenda, formats, planning
from facilitator.changes import Topic
from facilitator.errors import ValidationError
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
    """Someone leaving mid-session changes attendance, and the round-robins still to come,
    not the plan the record shows of a phase already run."""
    first, *later = _round_robins(fresh_db, planned.id)
    sessions.set_status(fresh_db, planned.id, SessionStatus.RUNNING)
    sessions.update_phase(fresh_db, replace(first, started_at="2026-03-02T09:30:00+00:00"))
    ids = planning.present_ids(fresh_db, planned.id)
    done = planning.set_attendance(
        fresh_db, planned.id, ids[0], AttendanceStatus.LEFT_EARLY, "2026-03-02T10:00:00+00:00"
    )
    now_first, *now_later = _round_robins(fresh_db, planned.id)
    assert now_first.planned_s == first.planned_s == first.per_speaker_s * 4
    assert later and [p.planned_s for p in now_later] == [p.per_speaker_s * 3 for p in later]
    assert done.changes.touches(Topic.ATTENDANCE) and done.changes.touches(Topic.AGENDA)
    assert len(planning.present_ids(fresh_db, planned.id)) == 3


def test_a_finished_session_keeps_its_whole_plan(fresh_db, planned) -> None:
    before = [p.planned_s for p in _round_robins(fresh_db, planned.id)]
    sessions.set_status(fresh_db, planned.id, SessionStatus.FINISHED)
    ids = planning.present_ids(fresh_db, planned.id)
    done = planning.set_present(fresh_db, planned.id, ids[:2])
    assert [p.planned_s for p in _round_robins(fresh_db, planned.id)] == before
    assert not done.changes.touches(Topic.AGENDA)


def test_actions_name_what_they_changed(fresh_db, planned) -> None:
    edited = planning.edit_session(fresh_db, planned.id, title="Weekly, moved")
    assert edited.value.title == "Weekly, moved"
    assert edited.changes.touches(Topic.SESSIONS) and not edited.changes.touches(Topic.CAPTURES)
    assert edited.changes.team_id == planned.team_id
    phases = planning.list_phases(fresh_db, planned.id)
    saved = planning.save_template(fresh_db, planned.team_id, "Our weekly", phases)
    assert saved.changes.touches(Topic.TEMPLATES)
    assert [t.name for t in planning.list_templates(fresh_db, planned.team_id)] == ["Our weekly"]


# ---------------------------------------------------------------- agenda edits


def test_an_added_format_is_timed_for_the_people_present(fresh_db, planned) -> None:
    ids = planning.present_ids(fresh_db, planned.id)
    planning.set_present(fresh_db, planned.id, ids[:3])
    done = planning.add_format(fresh_db, planned.id, "check-out")
    assert done.value == sessions.list_phases(fresh_db, planned.id)
    added = agenda.blocks(done.value)[-1]
    assert [p.format_key for p in added] == ["check-out"] * len(added)
    assert all(p.planned_s == p.per_speaker_s * 3 for p in added if p.per_speaker_s)
    assert done.changes.touches(Topic.AGENDA) and done.changes.session_id == planned.id


def test_a_custom_round_robin_lasts_its_time_per_speaker_for_each_present(
    fresh_db, planned
) -> None:
    done = planning.add_custom_phase(
        fresh_db, planned.id, "Quick round", "1:30", PhaseMode.ROUND_ROBIN
    )
    phase = next(p for p in done.value if p.title == "Quick round")
    assert (phase.per_speaker_s, phase.planned_s) == (90, 360)
    brk = planning.add_custom_phase(fresh_db, planned.id, "Break", "10", PhaseMode.OPEN)
    pause = next(p for p in brk.value if p.title == "Break")
    assert (pause.planned_s, pause.per_speaker_s) == (600, None)


@pytest.mark.parametrize(
    ("title", "duration", "message"),
    [("  ", "10", "Phase title cannot be empty"), ("Break", "0", "more than zero")],
)
def test_a_refused_custom_phase_stores_nothing(fresh_db, planned, title, duration, message):
    before = sessions.list_phases(fresh_db, planned.id)
    with pytest.raises(ValidationError, match=message):
        planning.add_custom_phase(fresh_db, planned.id, title, duration, PhaseMode.OPEN)
    assert sessions.list_phases(fresh_db, planned.id) == before


def test_a_move_past_the_end_changes_nothing(fresh_db, planned) -> None:
    first = sessions.list_phases(fresh_db, planned.id)[0]
    done = planning.nudge(fresh_db, planned.id, first.id, -1, whole_format=True)
    assert not done.changes
    moved = planning.nudge(fresh_db, planned.id, first.id, +1, whole_format=True)
    assert moved.changes.touches(Topic.AGENDA)
    assert agenda.blocks(moved.value)[1][0].id == first.id


def test_removing_a_format_takes_all_its_steps(fresh_db, planned) -> None:
    triz = [p for p in sessions.list_phases(fresh_db, planned.id) if p.format_key == "triz"]
    done = planning.remove_format(fresh_db, planned.id, triz[1].id)
    assert not any(p.format_key == "triz" for p in done.value)
    assert done.value == sessions.list_phases(fresh_db, planned.id)
    step = planning.remove_phase(fresh_db, planned.id, done.value[0].id)
    assert len(step.value) == len(done.value) - 1


def test_an_undone_agenda_is_timed_for_the_people_present_now(fresh_db, planned) -> None:
    """Undo brings back an agenda kept from before someone was marked absent: its
    round-robins must not come back timed for four."""
    before = sessions.list_phases(fresh_db, planned.id)
    planning.remove_format(fresh_db, planned.id, before[0].id)
    ids = planning.present_ids(fresh_db, planned.id)
    planning.set_present(fresh_db, planned.id, ids[:2])
    done = planning.restore_agenda(fresh_db, planned.id, before)
    assert [p.id for p in done.value] == [p.id for p in before]
    assert _round_robins(fresh_db, planned.id)
    assert all(p.planned_s == p.per_speaker_s * 2 for p in _round_robins(fresh_db, planned.id))


def test_changing_a_phase_follows_its_speaking_mode(fresh_db, planned) -> None:
    open_phase = next(
        p for p in sessions.list_phases(fresh_db, planned.id) if p.mode is not PhaseMode.ROUND_ROBIN
    )
    done = planning.change_phase(
        fresh_db, open_phase.id, planning.PhaseField.MODE, PhaseMode.ROUND_ROBIN.value
    )
    assert done.value.per_speaker_s == agenda.DEFAULT_PER_SPEAKER_S
    assert done.value.planned_s == agenda.DEFAULT_PER_SPEAKER_S * 4
    assert done.changes.touches(Topic.AGENDA)
    per = planning.change_phase(fresh_db, open_phase.id, planning.PhaseField.PER_SPEAKER, "2")
    assert (per.value.per_speaker_s, per.value.planned_s) == (120, 480)
    with pytest.raises(ValidationError, match="round-robin"):
        planning.change_phase(fresh_db, open_phase.id, planning.PhaseField.DURATION, "5")
    same = planning.change_phase(
        fresh_db, open_phase.id, planning.PhaseField.TITLE, per.value.title
    )
    assert not same.changes
    with pytest.raises(ValidationError, match="speaking mode"):
        planning.change_phase(fresh_db, open_phase.id, planning.PhaseField.MODE, "shouting")
    assert sessions.get_phase(fresh_db, open_phase.id) == per.value


def test_a_template_name_is_taken_whatever_its_case_and_spaces(fresh_db, planned) -> None:
    phases = planning.list_phases(fresh_db, planned.id)
    planning.save_template(fresh_db, planned.team_id, "Our weekly", phases)
    assert planning.template_name_taken(fresh_db, planned.team_id, "  our   WEEKLY ")
    assert not planning.template_name_taken(fresh_db, planned.team_id, "Our monthly")


def test_the_demo_and_an_import_say_they_added_a_whole_session(fresh_db) -> None:
    from facilitator import demo, interchange
    from facilitator.store.database import memory

    added = demo.add(fresh_db)
    session = planning.get_session(fresh_db, added.value)
    assert added.changes.session_id == session.id and added.changes.team_id == session.team_id
    assert all(added.changes.touches(topic) for topic in Topic)

    text = interchange.export_text(fresh_db, session.id, "json")
    other = memory()
    try:
        bundle = interchange.check_bytes(text.encode(), "s.json")
        imported = interchange.import_session(other, bundle, "s.json")
        assert imported.value.session_id == session.id
        assert planning.get_session(other, session.id).title == session.title
        assert imported.changes.session_id == session.id
        assert all(imported.changes.touches(topic) for topic in Topic)
    finally:
        other.close()


# ------------------------------------------------------------------ a new session's defaults

LONDON = ZoneInfo("Europe/London")


@pytest.mark.parametrize(
    ("clock", "day", "start"),
    [
        ("2026-03-02 07:30", "2026-03-02", "09:00"),  # before the working day
        ("2026-03-02 08:50", "2026-03-02", "09:30"),  # 09:00 leaves no time to set up
        ("2026-03-02 10:05", "2026-03-02", "10:30"),
        ("2026-03-02 10:15", "2026-03-02", "10:30"),  # exactly a quarter of an hour ahead
        ("2026-03-02 10:16", "2026-03-02", "11:00"),
        ("2026-03-02 16:45", "2026-03-02", "17:00"),  # the latest start proposed today
        ("2026-03-02 17:45", "2026-03-03", "09:00"),  # too late today: tomorrow morning
        ("2026-03-02 23:55", "2026-03-03", "09:00"),
        ("2026-03-03 00:20", "2026-03-03", "09:00"),
        ("2026-07-14 13:40", "2026-07-14", "14:00"),  # summer time: on the room's clock
    ],
)
def test_a_new_session_is_proposed_for_the_next_sensible_start(clock, day, start) -> None:
    now = datetime.fromisoformat(clock).replace(tzinfo=LONDON).astimezone(UTC)
    assert planning.proposed_start(now, LONDON) == (
        date.fromisoformat(day),
        time.fromisoformat(start),
    )


def test_the_proposed_start_is_read_on_the_rooms_clock() -> None:
    now = datetime(2026, 3, 2, 14, 0, tzinfo=UTC)  # 14:00 in London, 09:00 in New York
    assert planning.proposed_start(now, LONDON) == (date(2026, 3, 2), time(14, 30))
    new_york = planning.proposed_start(now, ZoneInfo("America/New_York"))
    assert new_york == (date(2026, 3, 2), time(9, 30))
    tokyo = planning.proposed_start(now, ZoneInfo("Asia/Tokyo"))  # 23:00 there
    assert tokyo == (date(2026, 3, 3), time(9, 0))


def _session_at(database, team_id: str, created: str, started: str | None = None) -> None:
    """A session of the team made (and run) at these moments, on 1 March 2026 UTC."""
    made = planning.create_session(database, team_id, f"Made {created}").value
    stamp = "2026-03-01T{}:00.000+00:00".format
    sessions.update_session(
        database,
        replace(made, created_at=stamp(created), started_at=stamp(started) if started else None),
    )


def test_a_new_session_is_proposed_for_the_team_used_last(fresh_db) -> None:
    assert planning.proposed_team_id(fresh_db) is None
    zeta = teams.create_team(fresh_db, "Zeta operations")
    assert planning.proposed_team_id(fresh_db) == zeta.id  # the only team
    alpha = teams.create_team(fresh_db, "Alpha test team")
    assert planning.proposed_team_id(fresh_db) == alpha.id  # no session yet: the first
    _session_at(fresh_db, alpha.id, "09:00")
    _session_at(fresh_db, zeta.id, "10:00")
    assert planning.proposed_team_id(fresh_db) == zeta.id  # not the first by name
    _session_at(fresh_db, alpha.id, "11:00")
    assert planning.proposed_team_id(fresh_db) == alpha.id  # made most recently
    _session_at(fresh_db, zeta.id, "08:00", started="12:00")
    assert planning.proposed_team_id(fresh_db) == zeta.id  # run most recently


def test_a_template_keeps_its_time_available(fresh_db, planned) -> None:
    planning.edit_session(fresh_db, planned.id, available_min=75)
    phases = sessions.list_phases(fresh_db, planned.id)
    saved = planning.save_template(fresh_db, planned.team_id, "Our weekly", phases).value
    assert saved.available_min == 75
    assert planning.list_templates(fresh_db, planned.team_id)[0].available_min == 75
    made = planning.create_session(
        fresh_db, planned.team_id, "Next week", template_id=saved.id, available_min=90
    ).value
    assert made.available_min == 75
    assert sessions.get_session(fresh_db, made.id).available_min == 75
    assert [p.title for p in sessions.list_phases(fresh_db, made.id)] == [p.title for p in phases]


def test_a_template_that_kept_no_time_leaves_the_one_given(fresh_db, planned) -> None:
    phases = sessions.list_phases(fresh_db, planned.id)
    saved = planning.save_template(fresh_db, planned.team_id, "Open ended", phases).value
    assert saved.available_min is None
    made = planning.create_session(
        fresh_db, planned.team_id, "Next", template_id=saved.id, available_min=90
    ).value
    assert made.available_min == 90
