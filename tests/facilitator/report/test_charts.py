"""The report's charts say only what the data holds: an axis shaped by the drift, and no
airtime bars when nobody's speaking was timed."""

from __future__ import annotations

from reportlab.graphics.shapes import Drawing, String

from facilitator.report import charts
from facilitator.report.figures import Person
from facilitator.report.text import Text


def strings(drawing: Drawing) -> list[str]:
    return [item.text for item in drawing.contents if isinstance(item, String)]


def test_a_session_that_only_ran_behind_keeps_little_room_below_the_line() -> None:
    # the demo: phases up to 1:15 over, a few 0:30 under, the running total up to 5:10 behind
    assert charts._drift_axis([75.0, -30.0, 310.0]) == (-1, 6, 1)
    assert charts._drift_axis([0.0, 20.0]) == (-1, 1, 1)
    assert charts._drift_axis([-600.0, -30.0]) == (-10, 2, 2)
    assert charts._drift_axis([2000.0, -100.0]) == (-6, 36, 6)


def test_the_drift_chart_labels_only_the_minutes_its_data_reaches() -> None:
    from facilitator.model import Phase
    from facilitator.report.figures import AgendaRow

    Text()  # registers the fonts the labels are measured in
    phase = Phase("s", 0, "One", 60)
    rows = [AgendaRow(phase, 135.0, 75.0, 75.0, "09:30", "09:32")]
    labels = [t for t in strings(charts.drift(rows, 400.0) or Drawing(0, 0)) if "min" in t]
    assert labels == ["−1 min", "0 min", "+1 min", "+2 min"]


def person(name: str, airtime: float, roles: list[str]) -> Person:
    return Person(name, name, "", airtime, 0.0, 0, roles)


def test_without_timed_turns_the_chart_shows_roles_not_empty_bars() -> None:
    people = [person("Ana", 0.0, ["Scribe"]), person("Ben", 0.0, [])]
    drawn = strings(charts.participation(people, 400.0, Text()))
    assert "0:00" not in " ".join(drawn) and "Airtime" not in drawn
    assert "Roles held" in drawn and "Ana" in drawn


def test_with_timed_turns_the_chart_shows_airtime() -> None:
    people = [person("Ana", 90.0, ["Scribe"]), person("Ben", 30.0, [])]
    people = [
        Person(p.id, p.name, p.area, p.airtime_s, p.airtime_s / 120, 0, p.roles) for p in people
    ]
    drawn = strings(charts.participation(people, 400.0, Text()))
    assert "Airtime" in drawn and "1:30 · 75%" in drawn and "0:30 · 25%" in drawn
