"""A break in the agenda: a step of its own, planned like any other, during which nobody's
speaking is tracked and the room is told when to be back."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from facilitator import agenda, formats, planning
from facilitator.changes import Topic
from facilitator.clock import FakeClock
from facilitator.errors import ValidationError
from facilitator.model import Phase, PhaseMode
from facilitator.run import SessionRun, break_label
from facilitator.store import sessions, teams
from facilitator.timer import TimerState
from tests.facilitator.run_fixtures import make_session


@pytest.fixture
def planned(fresh_db):
    """A planned session for three people: a check-in, TRIZ (three steps), a check-out."""
    team = teams.create_team(fresh_db, "Ops")
    for name in ("Ann", "Bo", "Cy"):
        teams.add_participant(fresh_db, team.id, name)
    session = planning.create_session(fresh_db, team.id, "Weekly").value
    phases: list[Phase] = []
    for key in ("check-in", "triz", "check-out"):
        phases = agenda.insert_format(phases, formats.get_format(key), session.id, 3)
    planning.save_agenda(fresh_db, session.id, phases)
    return session


@pytest.fixture
def room_in_kolkata(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """This computer's clock in Asia/Kolkata (UTC+05:30) for the duration of a test."""
    monkeypatch.setenv("TZ", "Asia/Kolkata")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


CHECK_OUT = [s.title for s in formats.get_format("check-out").steps]  # its two steps


def _titles(database, session_id: str) -> list[str]:
    return [p.title for p in sessions.list_phases(database, session_id)]


def test_the_library_break_lasts_ten_minutes_and_nobody_speaks() -> None:
    fmt = formats.get_format("break")
    assert [(s.title, s.mode, s.duration_s) for s in fmt.steps] == [("Break", PhaseMode.BREAK, 600)]
    assert fmt.suits(1) and fmt.suits(40)
    assert formats.search(purpose="pause") == [fmt]


def test_a_break_goes_after_the_selected_step_and_never_splits_a_format(fresh_db, planned) -> None:
    phases = sessions.list_phases(fresh_db, planned.id)
    triz_middle = next(p for p in phases if p.group_title == "TRIZ" and p.position == 3)
    done = planning.add_break(fresh_db, planned.id, triz_middle.id)
    titles = [p.title for p in done.value]
    triz_last = max(i for i, p in enumerate(done.value) if p.group_title == "TRIZ")
    assert titles[triz_last + 1] == "Break"
    assert done.value == sessions.list_phases(fresh_db, planned.id)
    assert done.changes.touches(Topic.AGENDA) and done.changes.session_id == planned.id
    pause = done.value[triz_last + 1]
    assert pause.is_break and pause.mode is PhaseMode.BREAK and pause.group_id is None
    assert pause.planned_s == 600


def test_with_no_step_selected_a_break_goes_before_the_closing_check_out(fresh_db, planned) -> None:
    planning.add_break(fresh_db, planned.id)
    titles = _titles(fresh_db, planned.id)
    assert titles[-3:] == ["Break", *CHECK_OUT]
    planning.add_break(fresh_db, planned.id, "a-phase-since-removed")
    assert _titles(fresh_db, planned.id)[-4:] == ["Break", "Break", *CHECK_OUT]
    last = sessions.list_phases(fresh_db, planned.id)[-1]
    planning.add_break(fresh_db, planned.id, last.id)  # the Check-out selected: after it
    assert _titles(fresh_db, planned.id)[-3:] == [*CHECK_OUT, "Break"]


def test_an_own_phase_goes_where_a_format_would(fresh_db, planned) -> None:
    """After the selected step's whole format; with nothing selected, before the closing
    Check-out; on an agenda without one, at the end."""
    phases = sessions.list_phases(fresh_db, planned.id)
    triz_first = next(p for p in phases if p.group_title == "TRIZ")
    done = planning.add_custom_phase(
        fresh_db, planned.id, "Guest", "10", PhaseMode.OPEN, triz_first.id
    )
    titles = [p.title for p in done.value]
    triz_last = max(i for i, p in enumerate(done.value) if p.group_title == "TRIZ")
    assert titles[triz_last + 1] == "Guest"
    planning.add_custom_phase(fresh_db, planned.id, "Demo", "5", PhaseMode.OPEN)
    assert _titles(fresh_db, planned.id)[-3:] == ["Demo", *CHECK_OUT]
    bare = planning.create_session(fresh_db, planned.team_id, "Bare").value
    planning.add_format(fresh_db, bare.id, "triz")
    planning.add_custom_phase(fresh_db, bare.id, "Demo", "5", PhaseMode.OPEN)
    assert _titles(fresh_db, bare.id)[-1] == "Demo"


def test_the_library_break_added_as_a_format_is_a_break_of_its_own(fresh_db, planned) -> None:
    added = next(p for p in planning.add_format(fresh_db, planned.id, "break").value if p.is_break)
    assert added.is_break and added.group_id is None and added.title == "Break"


def test_a_break_is_timed_like_any_step_and_can_become_one(fresh_db, planned) -> None:
    pause = next(p for p in planning.add_break(fresh_db, planned.id).value if p.is_break)
    longer = planning.change_phase(fresh_db, pause.id, planning.PhaseField.DURATION, "15")
    assert longer.value.planned_s == 900 and longer.value.is_break
    back_to_work = planning.change_phase(fresh_db, pause.id, planning.PhaseField.MODE, "open")
    assert not back_to_work.value.is_break
    assert not sessions.get_phase(fresh_db, pause.id).is_break
    again = planning.change_phase(fresh_db, pause.id, planning.PhaseField.MODE, "break")
    assert again.value.is_break


@pytest.mark.parametrize(
    ("remaining", "zone", "expected"),
    [
        (600, "Europe/London", "Break — back at 09:40"),
        (590, "Europe/London", "Break — back at 09:40"),  # 09:39:50: the nearest minute
        (600, "America/New_York", "Break — back at 04:40"),
        (600, "Asia/Kolkata", "Break — back at 15:10"),
        (0, "Europe/London", "Break — time to come back"),
        (-90, "Europe/London", "Break — time to come back"),
    ],
)
def test_the_room_reads_when_to_be_back_on_its_own_clock(remaining, zone, expected) -> None:
    now = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
    assert break_label(remaining, now, ZoneInfo(zone)) == expected


def test_during_a_break_nobody_is_tracked_and_the_room_sees_when_to_be_back(
    fresh_db, room_in_kolkata
) -> None:
    session_id, people = make_session(
        fresh_db, [300, 600, 300], modes=[PhaseMode.OPEN, PhaseMode.BREAK, PhaseMode.OPEN]
    )
    clock = FakeClock(datetime(2026, 3, 2, 9, 0, tzinfo=UTC))  # 14:30 in Kolkata
    run = SessionRun(fresh_db, session_id, clock)
    run.toggle()
    run.mark_speaking(people[0])
    clock.advance(300)
    run.next_phase()
    view = run.view()
    assert view.timer.phase.is_break and view.timer.state is TimerState.RUNNING
    assert not view.tracked and view.speaker is None and not view.queue
    assert view.mode_label == "Break — back at 14:45"
    with pytest.raises(ValidationError):
        run.mark_speaking(people[1])  # nobody takes the floor during a break
    clock.advance(240)
    assert run.view().mode_label == "Break — back at 14:45"
    run.toggle()  # a pause during the break moves the time to be back
    clock.advance(120)
    assert run.view().mode_label == "Break — back at 14:47"
