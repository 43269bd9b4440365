"""The team's next session can start from the agenda of the one that just ended."""

from __future__ import annotations

from facilitator import planning
from facilitator.changes import Topic
from facilitator.clock import FakeClock
from facilitator.model import PhaseMode
from facilitator.run import SessionRun
from facilitator.store import sessions
from tests.facilitator.run_fixtures import make_session


def test_the_next_session_starts_from_the_agenda_of_the_one_that_ended(fresh_db) -> None:
    modes = [PhaseMode.OPEN, PhaseMode.ROUND_ROBIN, PhaseMode.BREAK]
    earlier, _ = make_session(fresh_db, [300, 240, 600], modes=modes, present=4, per_speaker=60)
    clock = FakeClock()
    run = SessionRun(fresh_db, earlier, clock)
    run.toggle()
    clock.advance(200)
    run.end_session()
    team_id = sessions.get_session(fresh_db, earlier).team_id
    done = planning.create_session_from_agenda(
        fresh_db,
        team_id,
        "Go or no-go",
        earlier,
        present_ids=planning.present_ids(fresh_db, earlier)[:3],
    )
    assert done.changes.touches(Topic.SESSIONS, Topic.AGENDA)
    was = planning.list_phases(fresh_db, earlier)
    now = planning.list_phases(fresh_db, done.value.id)
    assert [(p.title, p.mode, p.prompt) for p in now] == [(p.title, p.mode, p.prompt) for p in was]
    assert not {p.id for p in now} & {p.id for p in was}
    assert all(p.started_at is None and p.ended_at is None for p in now)
    assert was[0].started_at is not None  # the earlier record is untouched
    assert [p.planned_s for p in now] == [300, 180, 600]  # the round-robin timed for three
    assert planning.get_session(fresh_db, done.value.id).status.value == "planned"


def test_the_next_session_keeps_the_dilemma_place_and_time_available(fresh_db) -> None:
    earlier, _ = make_session(fresh_db, [300], modes=[PhaseMode.OPEN], present=3)
    planning.edit_session(
        fresh_db, earlier, dilemma="Pause Bristol or push on?", place="Leeds", available_min=60
    )
    team_id = sessions.get_session(fresh_db, earlier).team_id
    done = planning.create_session_from_agenda(
        fresh_db,
        team_id,
        "Part two",
        earlier,
        available_min=90,  # the dialog's default
    )
    made = planning.get_session(fresh_db, done.value.id)
    assert (made.dilemma, made.place, made.available_min) == (
        "Pause Bristol or push on?",
        "Leeds",
        60,
    )
    other = planning.create_session_from_agenda(
        fresh_db, team_id, "Part three", earlier, dilemma="A new question"
    )
    assert planning.get_session(fresh_db, other.value.id).dilemma == "A new question"


def test_the_next_session_is_proposed_a_week_on_in_the_same_slot() -> None:
    from datetime import UTC, date, datetime, time

    from facilitator.model import Session

    ran = Session(
        "t",
        "Weekly",
        planned_date="2026-12-02",
        planned_start="09:00",
        started_at="2026-12-02T09:30:00+00:00",
        time_zone="Europe/London",
    )
    after = datetime(2026, 12, 2, 11, 0, tzinfo=UTC)  # just after it ended
    # Planned for 09:00, run at 09:30: the series' slot is 09:00.
    assert planning.proposed_next(ran, after, UTC) == (date(2026, 12, 9), time(9, 0))
    unplanned = Session("t", "Ad hoc", started_at="2026-12-02T09:30:00+00:00", time_zone="UTC")
    assert planning.proposed_next(unplanned, after, UTC) == (date(2026, 12, 9), time(9, 30))
    planned_only = Session("t", "Plan", planned_date="2026-12-02", planned_start="14:00")
    assert planning.proposed_next(planned_only, after, UTC) == (date(2026, 12, 9), time(14, 0))
    # A week on has already passed: the next free slot instead.
    later = datetime(2026, 12, 20, 10, 5, tzinfo=UTC)
    assert planning.proposed_next(ran, later, UTC) == planning.proposed_start(later, UTC)
