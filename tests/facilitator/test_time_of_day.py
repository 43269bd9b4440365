"""Times of day typed into a start field: the forms people type, each read the same."""

from __future__ import annotations

from datetime import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from facilitator.errors import ValidationError
from facilitator.time_of_day import parse_time_of_day, time_text

times = st.builds(time, st.integers(0, 23), st.integers(0, 59))


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("14:30", time(14, 30)),
        ("14.30", time(14, 30)),
        ("1430", time(14, 30)),
        ("930", time(9, 30)),
        ("0930", time(9, 30)),
        ("9", time(9, 0)),
        ("14", time(14, 0)),
        ("2pm", time(14, 0)),
        ("2 PM", time(14, 0)),
        ("2:30 pm", time(14, 30)),
        ("2.30p.m.", time(14, 30)),
        ("12am", time(0, 0)),
        ("12pm", time(12, 0)),
        ("9am", time(9, 0)),
        ("9h30", time(9, 30)),
        ("14h", time(14, 0)),
        ("  9:05 ", time(9, 5)),
        ("noon", time(12, 0)),
        ("Midnight", time(0, 0)),
    ],
)
def test_the_forms_people_type(typed: str, meant: time) -> None:
    assert parse_time_of_day(typed) == meant


@pytest.mark.parametrize(
    "typed", ["", "   ", "25", "24:00", "9:60", "13pm", "0am", "12345", "soon", "9:5", "9::30"]
)
def test_what_is_not_a_time_is_refused_with_what_would_do(typed: str) -> None:
    with pytest.raises(ValidationError, match="14:30, 1430, 2pm or 9"):
        parse_time_of_day(typed)


@given(times)
def test_every_time_reads_back_from_the_clock_forms(moment: time) -> None:
    assert parse_time_of_day(time_text(moment)) == moment
    assert parse_time_of_day(time_text(moment).replace(":", "")) == moment
    assert parse_time_of_day(time_text(moment).replace(":", ".")) == moment


@given(times)
def test_every_time_reads_back_from_the_twelve_hour_clock(moment: time) -> None:
    twelve = moment.hour % 12 or 12
    half = "am" if moment.hour < 12 else "pm"
    assert parse_time_of_day(f"{twelve}:{moment.minute:02d}{half}") == moment
    assert parse_time_of_day(f"{twelve}:{moment.minute:02d} {half.upper()}") == moment


@given(st.text(max_size=12))
def test_anything_typed_is_a_time_or_one_clear_refusal(typed: str) -> None:
    try:
        moment = parse_time_of_day(typed)
    except ValidationError as exc:
        assert str(exc).endswith("type 14:30, 1430, 2pm or 9.")
    else:
        assert isinstance(moment, time)
