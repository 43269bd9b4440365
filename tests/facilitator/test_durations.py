"""Durations as text: one rounding rule per purpose, at the edges where they differ."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from facilitator.durations import (
    clock_mm_ss,
    countdown,
    countdown_left,
    drift_clock,
    length_text,
    minutes_text,
    plan_difference,
    short_length,
    signed_clock,
    spoken_duration,
    stopwatch,
)

SECONDS = st.floats(min_value=-30 * 3600, max_value=30 * 3600, allow_nan=False)


def _clock_seconds(text: str) -> int:
    """``1:02:03`` -> 3723 (whatever sign mark it starts with)."""
    total = 0
    for part in text.lstrip("+−-").split(":"):
        total = total * 60 + int(part)
    return total


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (0, "0:00"),
        (0.2, "0:01"),
        (59.5, "1:00"),
        (60, "1:00"),
        (754, "12:34"),
        (3600, "1:00:00"),
        (3723, "1:02:03"),
        (-0.4, "+0:00"),
        (-1, "+0:01"),
        (-59.5, "+0:59"),
        (-83, "+1:23"),
        (-3723, "+1:02:03"),
        (math.inf, "--:--"),
        (math.nan, "--:--"),
    ],
)
def test_the_countdown_rounds_up_while_time_is_left_and_counts_whole_seconds_over(
    seconds, text
) -> None:
    assert countdown(seconds) == text


def test_the_countdown_in_words_says_left_or_over_time() -> None:
    assert countdown_left(540) == "9:00 left"
    assert countdown_left(0) == "0:00 left"
    assert countdown_left(-6660) == "1:51:00 over time"


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (None, "—"),
        (0, "0:00"),
        (0.4, "0:00"),
        (59.5, "1:00"),  # nearest second, not up: a length is not a countdown
        (725, "12:05"),
        (3725, "1:02:05"),
        (-30, "−0:30"),
        (-0.4, "0:00"),  # nothing to be negative about
        (-3725, "−1:02:05"),
    ],
)
def test_a_length_as_a_clock_rounds_to_the_nearest_second(seconds, text) -> None:
    assert clock_mm_ss(seconds) == text


def test_a_difference_from_the_plan_has_a_sign_or_none() -> None:
    assert signed_clock(75) == "+1:15"
    assert signed_clock(-30) == "−0:30"
    assert signed_clock(0.4) == signed_clock(-0.4) == "±0:00"
    assert signed_clock(-3725) == "−1:02:05"
    assert signed_clock(None) == "—"


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (0, "0 s"),
        (45, "45 s"),
        (59.5, "1 min"),
        (90, "1 min 30 s"),
        (600, "10 min"),
        (3600, "1 h 00 min"),
        (3900, "1 h 05 min"),
        (3910, "1 h 05 min 10 s"),
    ],
)
def test_a_planned_length_in_words(seconds, text) -> None:
    assert length_text(seconds) == text


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (0, "0 min"),
        (45, "45 s"),
        (59.5, "1 min"),
        (90, "1:30"),
        (300, "5 min"),
        (3690, "1:01:30"),
        (7200, "120 min"),
    ],
)
def test_a_short_length_prefers_whole_minutes(seconds, text) -> None:
    assert short_length(seconds) == text


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (0, "0 min"),
        (29, "0 min"),
        (31, "1 min"),
        (52 * 60, "52 min"),
        (3600, "1 h"),
        (94 * 60 + 10, "1 h 34 min"),
        (-125, "2 min"),  # the sign is the caller's to say
    ],
)
def test_minutes_for_summaries_round_to_the_nearest_minute(seconds, text) -> None:
    assert minutes_text(seconds) == text


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (0, "on plan"),
        (20, "on plan"),
        (-29, "on plan"),
        (30, "on plan"),  # half a minute is not yet a minute
        (31, "1 min behind plan"),
        (185, "3 min behind plan"),
        (-120, "2 min ahead of plan"),
        (3900, "1 h 5 min behind plan"),
    ],
)
def test_where_a_session_stands_against_its_plan(seconds, text) -> None:
    assert plan_difference(seconds) == text


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (0, "0 seconds"),
        (1, "1 second"),
        (59.5, "1 minute"),
        (90, "90 seconds"),
        (60, "1 minute"),
        (300, "5 minutes"),
        (5400, "1 hour 30 minutes"),
        (7200, "2 hours"),
    ],
)
def test_a_length_read_out_in_words(seconds, text) -> None:
    assert spoken_duration(seconds) == text


@given(SECONDS)
def test_the_countdown_is_never_behind_the_time_left(seconds: float) -> None:
    shown = _clock_seconds(countdown(seconds))  # float noise under 1e-9 s is no time
    if seconds >= 0:
        assert seconds - 1e-9 <= shown < seconds + 1
        assert not countdown(seconds).startswith("+")
    else:
        assert -seconds - 1 < shown <= -seconds + 1e-9
        assert countdown(seconds).startswith("+")


@given(SECONDS)
def test_a_clock_length_is_the_nearest_second_with_its_sign(seconds: float) -> None:
    text = clock_mm_ss(seconds)
    assert abs(_clock_seconds(text) - abs(seconds)) <= 0.5
    assert text.startswith("−") == (round(abs(seconds)) > 0 and seconds < 0)


@given(SECONDS)
def test_every_clock_text_is_minutes_and_two_digit_seconds(seconds: float) -> None:
    for text in (countdown(seconds), clock_mm_ss(seconds)):
        parts = text.lstrip("+−").split(":")
        assert all(len(p) == 2 for p in parts[1:])
        assert len(parts) == (3 if _clock_seconds(text) >= 3600 else 2)


@given(SECONDS)
def test_on_plan_means_under_a_rounded_minute_either_way(seconds: float) -> None:
    text = plan_difference(seconds)
    assert (text == "on plan") == (round(seconds / 60) == 0)
    if text != "on plan":
        assert text.endswith("behind plan" if seconds > 0 else "ahead of plan")


def test_the_drift_in_a_report_table_is_a_clock_or_on_plan() -> None:
    assert drift_clock(None) == "—"
    assert drift_clock(29) == drift_clock(-30) == "on plan"
    assert drift_clock(75) == "1:15 behind"
    assert drift_clock(-45) == "0:45 ahead"


@given(st.integers(min_value=1, max_value=600), st.floats(min_value=0, max_value=1))
def test_time_spoken_and_the_slot_left_add_up_to_the_slot(slot, part) -> None:
    """Beside the countdown of a speaker's slot, the time they have spoken never reads a
    second more or less than the slot ("0:57 left" next to "0:04 spoken" of a minute)."""
    spoken = slot * part
    left, gone = countdown(slot - spoken), stopwatch(spoken)
    minutes, seconds = (int(x) for x in left.split(":")[-2:])
    up_minutes, up_seconds = (int(x) for x in gone.split(":")[-2:])
    assert (minutes * 60 + seconds) + (up_minutes * 60 + up_seconds) == slot
    assert stopwatch(4.99) == "0:04" and stopwatch(0) == "0:00" and stopwatch(-1) == "0:00"
