from __future__ import annotations

import pytest

from facilitator.errors import ValidationError
from facilitator.model import (
    Action,
    Decision,
    Participant,
    Phase,
    Session,
    Team,
    clean_name,
    clean_text,
    label,
)


@pytest.mark.parametrize("name", ["", "   ", "\t\n"])
def test_empty_names_are_refused(name: str) -> None:
    with pytest.raises(ValidationError, match="cannot be empty"):
        Team(name=name)


def test_names_are_trimmed_and_collapsed() -> None:
    assert Team(name="  Ops   team ").name == "Ops team"


def test_too_long_and_control_characters_are_refused() -> None:
    with pytest.raises(ValidationError, match="too long"):
        Participant(team_id="t", name="x" * 500)
    with pytest.raises(ValidationError, match="control"):
        clean_name("a\x07b")


@pytest.mark.parametrize("seconds", [0, -5, 8 * 3600 + 1, 1.5, True])
def test_bad_durations_are_refused(seconds: object) -> None:
    with pytest.raises(ValidationError):
        Phase(session_id="s", position=0, title="Talk", planned_s=seconds)  # type: ignore[arg-type]


def test_unknown_enum_values_name_the_allowed_ones() -> None:
    with pytest.raises(ValidationError, match="consent, consensus"):
        Decision(session_id="s", text="We go", method="coin toss")  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="Unknown status"):
        Session(team_id="t", title="x", status="paused")  # type: ignore[arg-type]


def test_free_text_is_kept_exactly() -> None:
    text = "  <b>Łukasz</b> & Zoë\n\tΨ Дмитрий שלום 🎉  "
    assert clean_text(text) == text
    with pytest.raises(ValidationError, match="NUL"):
        clean_text("a\x00b")
    with pytest.raises(ValidationError, match="cannot be empty"):
        Action(session_id="s", text="   ")


def test_dates_are_checked() -> None:
    with pytest.raises(ValidationError, match="not a date"):
        Action(session_id="s", text="x", due="next week")
    assert Action(session_id="s", text="x", due="2020-01-01").due == "2020-01-01"


def test_labels_read_well() -> None:
    assert label("leader_after_consultation") == "Leader decides after consultation"
    assert label("running") == "Running"
