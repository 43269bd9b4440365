"""Steps that repeat for the group: counting rounds, reading repeated blocks and variants
from a library file, and expanding them into phases."""

from __future__ import annotations

import copy
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from facilitator import formats, rounds
from facilitator.errors import ValidationError
from facilitator.model import Phase, PhaseMode

TROIKA_LIKE = {
    "version": 2,
    "purposes": {"generate": "Generate ideas"},
    "attributions": {"Liberating Structures": "Credit line."},
    "formats": [
        {
            "key": "trio",
            "name": "Trio",
            "family": "Liberating Structures",
            "purposes": ["generate"],
            "summary": "Each member of the trio is consulted in turn.",
            "group_size": {"min": 3, "max": 30},
            "steps": [
                {"title": "Prepare", "prompt": "Think.", "mode": "silent", "duration_s": 60},
                {
                    "repeat": "member:3",
                    "steps": [
                        {"title": "Share", "prompt": "Tell.", "mode": "small_groups",
                         "duration_s": 120, "group_of": 3},
                        {"title": "Consult", "prompt": "Advise.", "mode": "small_groups",
                         "duration_s": 300},
                    ],
                },
                {"title": "Close", "prompt": "Thank.", "mode": "round_robin",
                 "duration_s": 240, "per_speaker_s": 30},
            ],
            "variants": [
                {"key": "trio-short", "label": "Short", "note": "When time is tight.",
                 "steps": [{"repeat": "member:3", "steps": [
                     {"title": "Consult", "prompt": "Quickly.", "mode": "small_groups",
                      "duration_s": 180}]}]},
            ],
        }
    ],
}  # fmt: skip


@pytest.mark.parametrize(
    ("repeat", "expected"),
    [
        ("member:3", {3: 3, 6: 3, 9: 3, 7: 4, 8: 4, 5: 5, 2: 2, 1: 1, 0: 3}),
        ("member:4", {3: 3, 6: 3, 9: 5, 4: 4, 8: 4, 10: 4}),
        ("person", {3: 3, 6: 6, 9: 9, 0: 1}),
        ("times:5", {3: 5, 6: 5, 9: 5, 0: 5}),
    ],
)
def test_rounds_follow_the_group(repeat: str, expected: dict[int, int]) -> None:
    assert {n: rounds.rounds_for(repeat, n) for n in expected} == expected


def test_groups_of_n_leave_nobody_without_a_round() -> None:
    """However many come, the room splits into groups of about N that each fit in the
    rounds (nobody misses the client's seat), and nobody takes it twice."""
    for n in range(2, 7):
        for present in range(1, 60):
            count = rounds.rounds_for(f"member:{n}", present)
            groups = math.ceil(present / count)  # the fewest groups of at most ``count``
            assert count <= present
            if present < n:
                assert count == present  # one group of everyone there
            else:
                assert abs(present / groups - n) <= n / 2 + 1, (n, present, count)


@pytest.mark.parametrize(
    ("repeat", "present", "expected"),
    [
        ("member:4", 6, (3, 3)),
        ("member:3", 7, (4, 3)),
        ("member:3", 5, (5,)),  # not a trio and a pair: a pair cannot consult
        ("member:3", 8, (4, 4)),  # not two trios and a pair
        ("member:3", 11, (4, 4, 3)),
        ("member:2", 5, (3, 2)),
        ("member:4", 9, (5, 4)),
        ("member:3", 2, (2,)),
        ("member:3", 0, (3,)),  # nobody present yet: the group the block is for
        ("person", 5, (5,)),
        ("times:5", 7, (7,)),
        ("person", 0, ()),
    ],
)
def test_groups_are_the_sizes_the_room_splits_into(
    repeat: str, present: int, expected: tuple[int, ...]
) -> None:
    assert rounds.groups(repeat, present) == expected


@settings(max_examples=300, deadline=None)
@given(n=st.integers(min_value=2, max_value=rounds.MAX_ROUNDS), present=st.integers(1, 99))
def test_groups_hold_everyone_evenly_and_the_largest_sets_the_rounds(n: int, present: int) -> None:
    sizes = rounds.groups(f"member:{n}", present)
    assert sum(sizes) == present and len(sizes) >= 1
    assert max(sizes) - min(sizes) <= 1
    assert max(sizes) == rounds.rounds_for(f"member:{n}", present)


@pytest.mark.parametrize(
    ("repeat", "present", "expected"),
    [
        ("member:4", 6, "a round for each member of each group (2 groups of 3)"),
        ("member:3", 7, "a round for each member of each group (a group of 4 and one of 3)"),
        ("member:3", 8, "a round for each member of each group (2 groups of 4)"),
        ("member:3", 13, "a round for each member of each group (a group of 4 and 3 of 3)"),
        ("member:4", 5, "a round for each member of the group (one group of 5)"),
        ("member:4", 0, "a round for each member of each group of four"),
        ("person", 6, "a round for each person present"),
        ("times:5", 6, "5 rounds"),
    ],
)
def test_describe_for_the_people_present_says_the_groups_used(
    repeat: str, present: int, expected: str
) -> None:
    assert rounds.describe(repeat, present) == expected


def test_a_step_meets_in_the_groups_planned() -> None:
    assert rounds.size_text("member:4", 6) == "3"
    assert rounds.size_text("member:3", 7) == "3 or 4"
    assert rounds.size_text("member:4", 0) == "4"
    assert rounds.step_group_text(4, "member:4", 6) == "3"
    assert rounds.step_group_text(4, "member:4", 0) == "4"  # nobody present yet
    assert rounds.step_group_text(4, None, 6) == "4"  # not in the block: as it says
    assert rounds.step_group_text(4, "member:2", 6) == "4"  # other groups than the block's
    assert rounds.step_group_text(4, "times:2", 6) == "4"


@pytest.mark.parametrize(
    ("repeat", "present", "expected"),
    [
        (
            "member:3",
            5,
            "5 present: planned as one group of 5, as 2 groups would leave a pair — "
            "Troika Consulting needs three; plan for 6 for groups of 3",
        ),
        (
            "member:6",
            9,
            "9 present: planned as one group of 9, as 2 groups would leave a group of 4 — "
            "Troika Consulting needs five; plan for 10 for groups of 6",
        ),
        (
            "member:3",
            2,
            "2 present: the group would be a pair — Troika Consulting needs three; plan for 3",
        ),
        (
            "member:4",
            2,
            "2 present: the group would be a pair — Troika Consulting needs three; plan for 3",
        ),
        (
            "member:3",
            1,
            "1 present: the group would be one person alone — Troika Consulting needs "
            "three; plan for 3",
        ),
    ],
)
def test_a_group_too_small_for_the_structure_is_named_with_what_to_do(
    repeat: str, present: int, expected: str
) -> None:
    assert rounds.warning(repeat, present, "Troika Consulting") == expected


@pytest.mark.parametrize(
    ("repeat", "present"),
    [("member:3", 6), ("member:3", 7), ("member:4", 6), ("member:4", 3), ("member:3", 0),
     ("person", 2), ("times:5", 1), ("member:2", 4), ("member:3", 8), ("member:3", 11),
     ("member:2", 3), ("member:2", 5)],
)  # fmt: skip
def test_no_warning_when_every_group_works(repeat: str, present: int) -> None:
    assert rounds.warning(repeat, present) is None


@settings(max_examples=200, deadline=None)
@given(n=st.integers(min_value=2, max_value=12), present=st.integers(1, 99))
def test_a_warning_exactly_when_a_group_is_short_or_one_is_merged_past_one_extra(
    n: int, present: int
) -> None:
    """Groups of N, or N + 1 where the numbers need it, go unremarked; a group too small
    for the structure, or one made larger than N + 1 to avoid it, gets its note."""
    sizes = rounds.groups(f"member:{n}", present)
    short = min(sizes) < rounds.smallest_workable(f"member:{n}")
    merged = len(sizes) < max(1, math.floor(present / n + 0.5))  # fewer than the nearest
    noted = short or (merged and max(sizes) > n + 1)
    assert (rounds.warning(f"member:{n}", present) is not None) == noted
    if not short:  # merged rather than leave a group too small to run
        assert min(sizes) >= rounds.smallest_workable(f"member:{n}")


@pytest.mark.parametrize(
    "bad", ["", "members:3", "member:1", "member:x", "times:0", 3, None, "person:2"]
)
def test_a_bad_repeat_is_refused_with_what_is_accepted(bad: object) -> None:
    with pytest.raises(ValidationError, match="member:N"):
        rounds.parse(bad)


def test_describe_says_what_a_round_is() -> None:
    assert rounds.describe("member:3") == "a round for each member of each trio"
    assert rounds.describe("person") == "a round for each person present"
    assert rounds.describe("times:5") == "5 rounds"


def test_a_repeated_block_expands_per_round_and_the_total_follows() -> None:
    (trio,) = formats.parse_library(TROIKA_LIKE)
    assert trio.attribution == "Credit line."
    assert trio.repeat == "member:3"
    plan = trio.plan(7)  # 7 people: a trio and a group of four, so four rounds
    assert [p.heading for p in plan] == [
        "Prepare",
        *[f"{t} (round {n} of 4)" for n in range(1, 5) for t in ("Share", "Consult")],
        "Close",
    ]
    assert trio.planned_s(7) == 60 + 4 * (120 + 300) + 7 * 30
    assert trio.planned_s(6) == 60 + 3 * (120 + 300) + 6 * 30
    phases = formats.expand(trio, "s", 2, 6)
    assert [p.position for p in phases] == list(range(2, 2 + 8))
    assert {p.group_id for p in phases} == {phases[0].group_id}
    assert [(p.round_no, p.rounds) for p in phases[1:7]] == [
        (1, 3),
        (1, 3),
        (2, 3),
        (2, 3),
        (3, 3),
        (3, 3),
    ]
    assert phases[3].heading == "Share (round 2 of 3)" and phases[3].repeat == "member:3"
    assert phases[0].repeat is None and phases[0].heading == "Prepare"
    assert sum(p.planned_s for p in phases) == trio.planned_s(6)


def test_variants_inherit_everything_but_their_steps() -> None:
    (trio,) = formats.parse_library(TROIKA_LIKE)
    (short,) = trio.variants
    assert (short.key, short.variant, short.variant_of, short.title) == (
        "trio-short",
        "Short",
        "trio",
        "Trio (short)",
    )
    assert (short.family, short.purposes, short.min_people) == (trio.family, trio.purposes, 3)
    assert short.planned_s(9) == 3 * 180
    assert formats.expand(short, "s", 0, 3)[0].group_title == "Trio (short)"


def _broken(change) -> dict:
    data = copy.deepcopy(TROIKA_LIKE)
    change(data["formats"][0])
    return data


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda f: f["steps"].append(copy.deepcopy(f["steps"][1])), "one block"),
        (lambda f: f.update(purposes=["dance"]), "purposes must be"),
        (lambda f: f["variants"][0].update(key="trio"), "used twice"),
        (lambda f: f["steps"][0].update(per_speaker_s=30), "only a round-robin"),
        (lambda f: f["steps"][2].pop("per_speaker_s"), "time per speaker"),
        (lambda f: f["steps"][1].update(repeat="every:3"), "not a repeat"),
        (lambda f: f["steps"][1].update(steps=[]), "no steps"),
        (lambda f: f["steps"][0].update(mode="shouting"), "speaking mode"),
        (lambda f: f["steps"][0].update(duration_s=0), "duration"),
        (lambda f: f.update(group_size={"min": 5, "max": 2}), "group_size"),
        (lambda f: f.update(key="Has Spaces"), "key"),
        (lambda f: f["steps"][1]["steps"][0].update(group_of=1), "group_of"),
    ],
)
def test_a_bad_library_names_the_format_and_the_fault(change, message: str) -> None:
    with pytest.raises(ValidationError, match=message) as refused:
        formats.parse_library(_broken(change))
    assert "Trio" in str(refused.value) or "trio" in str(refused.value)


def test_a_phase_keeps_its_round_only_when_it_is_one() -> None:
    phase = Phase(
        "s", 0, "Consult", 300, PhaseMode.SMALL_GROUPS, repeat="member:3", round_no=2, rounds=3
    )
    assert phase.heading == "Consult (round 2 of 3)"
    with pytest.raises(ValidationError, match="Round 4 of 3"):
        Phase("s", 0, "Consult", 300, repeat="member:3", round_no=4, rounds=3)
    with pytest.raises(ValidationError, match="needs its round"):
        Phase("s", 0, "Consult", 300, repeat="person")
    with pytest.raises(ValidationError, match="not a repeat"):
        Phase("s", 0, "Consult", 300, repeat="often", round_no=1, rounds=1)
