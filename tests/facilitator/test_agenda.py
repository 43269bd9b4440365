"""Agenda arithmetic: totals, round-robin expansion, planned times, overrun, editing."""

from __future__ import annotations

from datetime import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from facilitator import agenda, durations, formats
from facilitator.errors import ValidationError
from facilitator.model import MAX_PHASE_S, Phase, PhaseMode, Session


def _session(**fields) -> Session:
    return Session(team_id="t", title="Weekly", **fields)


def _agenda(keys: list[str], present: int) -> list[Phase]:
    phases: list[Phase] = []
    for key in keys:
        phases = agenda.insert_format(phases, formats.get_format(key), "s", present)
    return phases


def test_total_is_the_sum_of_planned_times() -> None:
    phases = [Phase("s", i, f"P{i}", s) for i, s in enumerate([60, 300, 45])]
    assert agenda.total_s(phases) == 405
    assert agenda.total_s([]) == 0


def test_round_robin_steps_expand_per_speaker() -> None:
    check_in = formats.get_format("check-in")  # silent 45 s + 60 s per speaker
    phases = agenda.insert_format([], check_in, "s", present=7)
    assert [p.planned_s for p in phases] == [45, 7 * 60]
    assert phases[1].per_speaker_s == 60
    assert agenda.total_s(phases) == check_in.planned_s(7) == 45 + 420


def test_attendance_change_retimes_only_round_robins() -> None:
    phases = _agenda(["check-in", "one-two-four-all", "consent-decision"], present=6)
    fewer = agenda.recompute(phases, 4)
    for before, after in zip(phases, fewer, strict=True):
        if before.mode is PhaseMode.ROUND_ROBIN:
            assert after.planned_s == before.per_speaker_s * 4
        else:
            assert after == before
    # Nobody present yet: the stored time stays.
    assert agenda.recompute(phases, 0) == phases


def test_round_robin_is_capped_at_eight_hours() -> None:
    phase = Phase("s", 0, "Round", 60, PhaseMode.ROUND_ROBIN, per_speaker_s=3600)
    assert agenda.with_present(phase, 20).planned_s == MAX_PHASE_S


def test_start_and_end_times_follow_the_date_and_start() -> None:
    session = _session(planned_date="2026-03-02", planned_start="09:30", available_min=60)
    phases = [Phase("s", i, f"P{i}", s) for i, s in enumerate([600, 1200, 900])]
    slots = agenda.timeline(session, phases)
    assert [s.start for s in slots] == [
        datetime(2026, 3, 2, 9, 30),
        datetime(2026, 3, 2, 9, 40),
        datetime(2026, 3, 2, 10, 0),
    ]
    assert slots[-1].end == datetime(2026, 3, 2, 10, 15)
    assert agenda.planned_end(session, phases) == datetime(2026, 3, 2, 10, 15)
    fit = agenda.fit(session, phases)
    assert fit.overrun_s == 0 and fit.spare_s == 15 * 60 and fit.warning() == ""
    assert fit.summary() == "Total 45 min · ends 10:15 · 1 h 00 min available"


def test_an_agenda_crossing_midnight_ends_the_next_day() -> None:
    session = _session(planned_date="2026-03-02", planned_start="23:30")
    end = agenda.planned_end(session, [Phase("s", 0, "Late", 3600)])
    assert end == datetime(2026, 3, 3, 0, 30)


def test_no_date_means_offsets_only() -> None:
    slots = agenda.timeline(_session(), [Phase("s", 0, "A", 60), Phase("s", 1, "B", 60)])
    assert [(s.offset_s, s.start) for s in slots] == [(0, None), (60, None)]


def test_overrun_gives_a_clear_warning() -> None:
    session = _session(planned_date="2026-03-02", planned_start="09:00", available_min=30)
    fit = agenda.fit(session, [Phase("s", 0, "Long", 45 * 60)])
    assert fit.overrun_s == 15 * 60
    assert fit.warning() == (
        "The agenda runs 45 min, 15 min over the 30 min the team has. "
        "Shorten or remove a phase, or change the time available."
    )
    assert agenda.fit(_session(), [Phase("s", 0, "Long", 45 * 60)]).warning() == ""


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("5", 300),
        ("2.5", 150),
        ("1:30", 90),
        ("90s", 90),
        ("90 sec", 90),
        ("1h 10m", 4200),
        ("10 min", 600),
        ("1:00:00", 3600),
        ("8h", 8 * 3600),
        (" 3 ", 180),
    ],
)
def test_durations_are_read_as_people_type_them(text: str, seconds: int) -> None:
    assert agenda.parse_duration(text) == seconds


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "cannot be empty"),
        ("   ", "cannot be empty"),
        ("0", "more than zero"),
        ("-5", "more than zero"),
        ("0:00", "more than zero"),
        ("481", "over 8 hours"),
        ("9h", "over 8 hours"),
        ("abc", "not a duration"),
        ("5 apples", "not a duration"),
        ("1:75", "not a time"),
        ("99999999999999999999", "over 8 hours"),
    ],
)
def test_bad_durations_get_a_clear_message(text: str, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        agenda.parse_duration(text)


def test_formatting_durations() -> None:
    assert durations.length_text(45) == "45 s"
    assert durations.length_text(600) == "10 min"
    assert durations.length_text(90) == "1 min 30 s"
    assert durations.length_text(3900) == "1 h 05 min"
    assert durations.clock_mm_ss(330) == "5:30"
    assert durations.clock_mm_ss(3725) == "1:02:05"


def test_blocks_keep_format_steps_together_and_move_as_one() -> None:
    phases = _agenda(["check-in", "triz", "check-out"], present=5)
    custom = agenda.custom_phase("s", "Coffee", 600)
    phases = agenda.insert_phase(phases, custom, at_block=1)
    assert [b[0].group_title or b[0].title for b in agenda.blocks(phases)] == [
        "Check-in round",
        "Coffee",
        "TRIZ",
        "Check-out round",
    ]
    moved = agenda.move_block(phases, 2, 0)
    assert [b[0].group_title or b[0].title for b in agenda.blocks(moved)] == [
        "TRIZ",
        "Check-in round",
        "Coffee",
        "Check-out round",
    ]
    assert [p.position for p in moved] == list(range(len(phases)))
    assert sorted(p.id for p in moved) == sorted(p.id for p in phases)


def _names(phases: list[Phase]) -> list[str]:
    return [b[0].group_title or b[0].title for b in agenda.blocks(phases)]


def test_a_format_is_added_after_the_selection_else_before_the_closing_check_out() -> None:
    phases = _agenda(["check-in", "triz", "check-out"], present=5)
    triz_step = agenda.blocks(phases)[1][2]
    # After the selected step's whole format, never inside it.
    assert agenda.add_position(phases, triz_step.id) == 2
    assert agenda.add_position(phases, phases[0].id) == 1
    # With nothing selected, or the selection gone: before the closing Check-out round.
    assert agenda.add_position(phases) == 2
    assert agenda.add_position(phases, "a-phase-since-removed") == 2
    added = agenda.insert_format(
        phases, formats.get_format("consent-decision"), "s", 5, agenda.add_position(phases)
    )
    assert _names(added) == ["Check-in round", "TRIZ", "Consent decision round", "Check-out round"]
    # The Check-out round itself selected: after it, at the end.
    assert agenda.add_position(phases, phases[-1].id) == 3
    # An agenda that does not end with a Check-out round grows at its end.
    assert agenda.add_position(_agenda(["check-out", "triz"], present=5)) == 2
    lunch = agenda.custom_phase("s", "Lunch", 60)
    assert agenda.add_position(agenda.insert_phase(phases, lunch)) == 4
    assert agenda.add_position([]) == 0


def test_keyboard_nudges_move_a_step_inside_its_format_only() -> None:
    phases = _agenda(["check-in", "triz"], present=5)
    triz = agenda.blocks(phases)[1]
    first_triz_step = triz[0]
    # Up from the first step of a format does not leave the format.
    assert agenda.nudge(phases, first_triz_step.id, -1) == phases
    down = agenda.nudge(phases, first_triz_step.id, +1)
    assert [p.id for p in agenda.blocks(down)[1]][:2] == [triz[1].id, first_triz_step.id]
    # The whole block moves with whole_block=True; at the top nothing changes.
    up = agenda.nudge(phases, first_triz_step.id, -1, whole_block=True)
    assert agenda.blocks(up)[0][0].group_title == "TRIZ"
    assert agenda.nudge(up, first_triz_step.id, -1, whole_block=True) == up


def test_remove_then_restore_gives_back_exactly_the_same_agenda() -> None:
    phases = _agenda(["check-in", "triz", "check-out"], present=5)
    triz = agenda.blocks(phases)[1]
    without = agenda.remove_block(phases, triz[1].id)
    assert "TRIZ" not in {p.group_title for p in without}
    assert len(without) == len(phases) - len(formats.get_format("triz").steps)
    one_less = agenda.remove_phase(phases, phases[0].id)
    assert len(one_less) == len(phases) - 1 and one_less[0].position == 0
    with pytest.raises(ValidationError):
        agenda.remove_phase(phases, "gone")


def test_editing_durations_and_modes() -> None:
    phase = agenda.custom_phase("s", "Talk", 600)
    assert agenda.change_duration(phase, 300).planned_s == 300
    with pytest.raises(ValidationError, match="more than zero"):
        agenda.change_duration(phase, 0)
    rr = agenda.change_mode(phase, PhaseMode.ROUND_ROBIN, present=5)
    assert rr.per_speaker_s == agenda.DEFAULT_PER_SPEAKER_S and rr.planned_s == 300
    with pytest.raises(ValidationError, match="time per speaker"):
        agenda.change_duration(rr, 100)
    assert agenda.change_per_speaker(rr, 90, present=5).planned_s == 450
    back = agenda.change_mode(rr, PhaseMode.OPEN, present=5)
    assert back.per_speaker_s is None and back.planned_s == 300


def test_copy_for_another_session_gets_fresh_ids_but_keeps_groups() -> None:
    phases = _agenda(["check-in", "triz"], present=5)
    copy = agenda.copy_for_session(phases, "other")
    assert {p.id for p in copy}.isdisjoint({p.id for p in phases})
    assert [len(b) for b in agenda.blocks(copy)] == [len(b) for b in agenda.blocks(phases)]
    assert all(p.session_id == "other" for p in copy)


@given(
    st.lists(st.integers(1, 3600), min_size=1, max_size=30), st.integers(0, 40), st.integers(0, 40)
)
def test_moves_never_lose_or_duplicate_phases(durations: list[int], a: int, b: int) -> None:
    phases = [Phase("s", i, f"P{i}", d) for i, d in enumerate(durations)]
    moved = agenda.move_block(phases, a % len(phases), b)
    assert sorted(p.id for p in moved) == sorted(p.id for p in phases)
    assert agenda.total_s(moved) == agenda.total_s(phases)
    assert [p.position for p in moved] == list(range(len(phases)))


def test_a_format_to_add_is_told_whether_it_fits_the_time_left() -> None:
    session = _session(planned_date="2026-03-02", planned_start="09:00", available_min=60)
    fit = agenda.fit(session, [Phase("s", 0, "First", 42 * 60)])
    assert fit.addition_text(18 * 60) == "fits the 18 min left"
    assert fit.addition_text(26 * 60) == "8 min more than the 18 min left"
    full = agenda.fit(session, [Phase("s", 0, "Long", 70 * 60)])
    assert full.addition_text(60) == "over the time: the agenda already fills the 1 h 00 min"
    assert agenda.fit(_session(), []).addition_text(600) == ""  # no limit set
