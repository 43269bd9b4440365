"""Dates as typed by a scribe: weekdays, offsets, ISO dates, day and month."""

from __future__ import annotations

from datetime import date

import pytest

from facilitator.errors import ValidationError
from facilitator.quickdate import describe, parse_date

MONDAY = date(2026, 3, 2)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-12-01", date(2026, 12, 1)),
        ("today", MONDAY),
        ("Tomorrow", date(2026, 3, 3)),
        ("fri", date(2026, 3, 6)),
        ("Friday", date(2026, 3, 6)),
        ("mon", date(2026, 3, 9)),  # on a Monday, "mon" is next week's
        ("next fri", date(2026, 3, 13)),
        ("+3d", date(2026, 3, 5)),
        ("3d", date(2026, 3, 5)),
        ("+ 3 days", date(2026, 3, 5)),
        ("in 10 days", date(2026, 3, 12)),
        ("+2w", date(2026, 3, 16)),
        ("+1m", date(2026, 4, 2)),
        ("5", date(2026, 3, 5)),  # a bare number is a day of the month
        ("1", date(2026, 4, 1)),
        ("+5", date(2026, 3, 7)),
        ("1 dec", date(2026, 12, 1)),
        ("Dec 1", date(2026, 12, 1)),
        ("1 jan", date(2027, 1, 1)),  # no year: the next such day
        ("2 mar", MONDAY),
        ("15 feb 2026", date(2026, 2, 15)),  # a past date is kept as typed
        ("yesterday", date(2026, 3, 1)),
        ("  ", None),
        ("", None),
    ],
)
def test_parses(text: str, expected: date | None) -> None:
    assert parse_date(text, MONDAY) == expected


def test_month_end_offsets_stay_in_the_month() -> None:
    assert parse_date("+1m", date(2026, 1, 31)) == date(2026, 2, 28)


@pytest.mark.parametrize(
    "text",
    ["someday", "31 feb", "2026-13-01", "fr1", "+", "🎉", "\x00", "x" * 1000, "s", "0", "32"],
)
def test_refuses_with_examples(text: str) -> None:
    with pytest.raises(ValidationError) as info:
        parse_date(text, MONDAY)
    message = str(info.value)
    assert "try" in message or "no day" in message


def test_describe_reads_well_in_any_locale() -> None:
    assert describe(date(2026, 3, 6), MONDAY) == "Fri 6 Mar 2026 (in 4 days)"
    assert describe(MONDAY, MONDAY).endswith("(today)")
    assert describe(date(2026, 2, 27), MONDAY).endswith("(3 days ago)")
