"""Who is here, ticked and unticked in the Roles dialog: one action (``rota.mark_here``)
decides what the tick means, passes roles on when a holder leaves and takes attendance
through planning's rule, so a planned session's round-robins follow who is here."""

from __future__ import annotations

from dataclasses import replace

import pytest

from facilitator import agenda, formats, planning, rota
from facilitator.changes import Topic
from facilitator.clock import FakeClock, iso
from facilitator.errors import ValidationError
from facilitator.model import AttendanceStatus, PhaseMode, SessionStatus
from facilitator.store import assignments, sessions, teams
from facilitator.store.database import Database


@pytest.fixture
def planned(fresh_db: Database) -> str:
    """A planned session for four people (Ann, Bo, Cy, Di) with a check-in round-robin and
    one rotating role, with no attendance recorded yet."""
    team = teams.create_team(fresh_db, "Ops")
    for name in ("Ann", "Bo", "Cy", "Di"):
        teams.add_participant(fresh_db, team.id, name, joined_on="2025-01-01")
    for role in teams.list_roles(fresh_db, team.id)[1:]:
        teams.update_role(fresh_db, replace(role, rotates=False))
    session = sessions.create_session(fresh_db, team.id, "Weekly", planned_date="2026-03-02")
    phases = agenda.insert_format([], formats.get_format("check-in"), session.id, 4)
    planning.save_agenda(fresh_db, session.id, phases)
    return session.id


def _ids(database: Database, session_id: str) -> dict[str, str]:
    team_id = sessions.get_session(database, session_id).team_id
    return {p.name: p.id for p in teams.list_participants(database, team_id)}


def _round_robin_s(database: Database, session_id: str) -> list[int]:
    return [
        p.planned_s
        for p in sessions.list_phases(database, session_id)
        if p.mode is PhaseMode.ROUND_ROBIN
    ]


def _marks(database: Database, session_id: str) -> dict[str, AttendanceStatus]:
    return {a.participant_id: a.status for a in sessions.attendance(database, session_id)}


def _holder(database: Database, session_id: str) -> str:
    (held,) = [
        a.participant_id
        for a in assignments.for_session(database, session_id)
        if not a.ended_at and not a.shadow_of
    ]
    return held


def test_unticking_someone_retimes_the_round_robin_for_who_is_left(fresh_db, planned) -> None:
    ids = _ids(fresh_db, planned)
    per_four = _round_robin_s(fresh_db, planned)
    done = rota.mark_here(fresh_db, planned, ids["Di"], False)
    assert done.value is None
    assert _marks(fresh_db, planned)[ids["Di"]] is AttendanceStatus.ABSENT
    assert sum(s is AttendanceStatus.PRESENT for s in _marks(fresh_db, planned).values()) == 3
    assert [s * 3 // 4 for s in per_four] == _round_robin_s(fresh_db, planned)
    assert done.changes.touches(Topic.ATTENDANCE) and done.changes.touches(Topic.AGENDA)
    assert not done.changes.touches(Topic.ROLES)
    assert done.changes.session_id == planned


def test_ticking_someone_back_marks_them_present_and_retimes(fresh_db, planned) -> None:
    ids = _ids(fresh_db, planned)
    per_four = _round_robin_s(fresh_db, planned)
    rota.mark_here(fresh_db, planned, ids["Di"], False)
    done = rota.mark_here(fresh_db, planned, ids["Di"], True)
    assert _marks(fresh_db, planned)[ids["Di"]] is AttendanceStatus.PRESENT
    assert _round_robin_s(fresh_db, planned) == per_four
    assert done.changes.touches(Topic.ATTENDANCE)


def test_a_holder_leaving_before_the_start_passes_the_role_on_and_retimes(
    fresh_db, planned
) -> None:
    rota.accept(fresh_db, rota.suggest_for_session(fresh_db, planned), clock=FakeClock())
    leaving = _holder(fresh_db, planned)
    per_four = _round_robin_s(fresh_db, planned)
    done = rota.mark_here(fresh_db, planned, leaving, False, clock=FakeClock())
    assert done.value and [a.participant_id for a in done.value] == [_holder(fresh_db, planned)]
    assert _holder(fresh_db, planned) != leaving
    assert _marks(fresh_db, planned)[leaving] is AttendanceStatus.ABSENT
    assert [s * 3 // 4 for s in per_four] == _round_robin_s(fresh_db, planned)
    assert done.changes.touches(Topic.ROLES)
    assert done.changes.touches(Topic.ATTENDANCE) and done.changes.touches(Topic.AGENDA)


def test_once_started_unticking_means_left_early_and_the_plan_stands(fresh_db, planned) -> None:
    clock = FakeClock()
    ids = _ids(fresh_db, planned)
    per_four = _round_robin_s(fresh_db, planned)
    sessions.edit_session(
        fresh_db, planned, status=SessionStatus.RUNNING, started_at=iso(clock.now())
    )
    for phase in sessions.list_phases(fresh_db, planned):  # the check-in has run
        sessions.update_phase(fresh_db, replace(phase, started_at=iso(clock.now())))
    clock.advance(1200)
    done = rota.mark_here(fresh_db, planned, ids["Bo"], False, clock=clock)
    (mark,) = [a for a in sessions.attendance(fresh_db, planned) if a.participant_id == ids["Bo"]]
    assert mark.status is AttendanceStatus.LEFT_EARLY and mark.left_at == iso(clock.now())
    # No attendance had been recorded: the others are now recorded as here.
    assert [ids[n] for n in ("Ann", "Cy", "Di")] == planning.present_ids(fresh_db, planned)
    assert _round_robin_s(fresh_db, planned) == per_four
    assert done.changes.touches(Topic.ATTENDANCE) and not done.changes.touches(Topic.AGENDA)


def test_once_started_a_round_robin_still_to_come_is_timed_for_who_is_here(
    fresh_db, planned
) -> None:
    clock = FakeClock()
    ids = _ids(fresh_db, planned)
    per_four = _round_robin_s(fresh_db, planned)
    sessions.edit_session(
        fresh_db, planned, status=SessionStatus.RUNNING, started_at=iso(clock.now())
    )
    clock.advance(60)
    done = rota.mark_here(fresh_db, planned, ids["Bo"], False, clock=clock)
    assert [s * 3 // 4 for s in per_four] == _round_robin_s(fresh_db, planned)
    assert done.changes.touches(Topic.ATTENDANCE) and done.changes.touches(Topic.AGENDA)


def test_a_holder_leaving_mid_session_hands_over_and_the_rest_stay_here(fresh_db, planned) -> None:
    clock = FakeClock()
    rota.accept(fresh_db, rota.suggest_for_session(fresh_db, planned), clock=clock)
    leaving = _holder(fresh_db, planned)
    sessions.edit_session(
        fresh_db, planned, status=SessionStatus.RUNNING, started_at=iso(clock.now())
    )
    clock.advance(600)
    done = rota.mark_here(fresh_db, planned, leaving, False, clock=clock)
    assert done.value and done.value[0].reason.startswith("Takes over from ")
    assert _marks(fresh_db, planned)[leaving] is AttendanceStatus.LEFT_EARLY
    assert len(planning.present_ids(fresh_db, planned)) == 3


def test_who_is_here_is_history_once_the_session_has_ended(fresh_db, planned) -> None:
    ids = _ids(fresh_db, planned)
    sessions.edit_session(fresh_db, planned, status=SessionStatus.FINISHED)
    with pytest.raises(ValidationError, match="ended"):
        rota.mark_here(fresh_db, planned, ids["Ann"], False)
    assert _marks(fresh_db, planned) == {}
