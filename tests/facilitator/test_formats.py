"""The dialogue-format library: every format loads and can be planned."""

from __future__ import annotations

import pytest

from facilitator import formats
from facilitator.model import MAX_PHASE_S, PhaseMode

KEYS = [f.key for f in formats.library()]
FAMILIES = {
    "Liberating Structures",
    "Sociocracy",
    "Cynefin",
    "Lean and agile",
    "Facilitation classics",
    "Facilitator",
}


def test_the_library_has_at_least_twelve_formats_with_unique_keys() -> None:
    assert len(KEYS) >= 12
    assert len(set(KEYS)) == len(KEYS)
    names = {f.name for f in formats.library()}
    for wanted in (
        "1-2-4-All",
        "Troika Consulting",
        "TRIZ",
        "15% Solutions",
        "Lean Coffee",
        "Fishbowl",
        "Pre-mortem",
        "Check-in round",
        "Check-out round",
    ):
        assert wanted in names


@pytest.mark.parametrize("key", KEYS)
def test_every_format_has_steps_prompts_and_positive_durations(key: str) -> None:
    fmt = formats.get_format(key)
    assert fmt.name and fmt.summary and fmt.purposes
    assert fmt.family in FAMILIES
    assert set(fmt.purposes) <= set(formats.purposes())
    assert 1 <= fmt.min_people <= fmt.max_people
    assert fmt.steps
    for step in fmt.steps:
        assert step.title.strip() and step.prompt.strip()
        assert 0 < step.duration_s <= MAX_PHASE_S
        if step.mode is PhaseMode.ROUND_ROBIN:
            assert step.per_speaker_s and step.per_speaker_s > 0
        phases = formats.expand(fmt, "s", 0, 6)
        assert all(p.planned_s > 0 for p in phases)


def test_search_by_text_and_purpose() -> None:
    assert [f.key for f in formats.search("troika")] == ["troika-consulting"]
    deciding = formats.search(purpose="decide")
    assert deciding and all("decide" in f.purposes for f in deciding)
    assert formats.search("zzz-nothing") == []
    assert len(formats.search("")) == len(KEYS)
    assert formats.search("  TRIZ ")[0].key == "triz"


def test_the_library_covers_every_purpose() -> None:
    for purpose in formats.purposes():
        assert formats.search(purpose=purpose), purpose


def test_search_puts_the_obvious_name_first_then_descriptions() -> None:
    # "What / So What / Now What" only has the word in its purposes and prompts.
    found = [f.name for f in formats.search("review")]
    assert found[0] == "Review round"
    assert "What / So What / Now What" in found[1:]
    # A word of the name that starts with the text ranks above a mention in a description,
    # and within a rank the library's order holds.
    rounds = [f.name for f in formats.search("round")]
    names_with_it = [f.name for f in formats.library() if "round" in f.name.casefold().split()]
    assert rounds[: len(names_with_it)] == names_with_it
    assert "Troika Consulting" in rounds[len(names_with_it) :]
    # An exact name first, even when another name starts with it; case and accents folded.
    assert formats.search("RÉVIEW ROUND")[0].key == "review-round"
    assert formats.search("check-in round")[0].key == "check-in"


def test_search_ranks_a_name_holding_the_text_above_a_mention_elsewhere() -> None:
    found = [f.name for f in formats.search("ing")]  # inside a word: no name starts with it
    holding = [f.name for f in formats.library() if "ing" in f.name.casefold()]
    assert len(holding) >= 2
    assert found[: len(holding)] == holding
    assert len(found) > len(holding)  # the rest only mention it in a summary or a prompt
