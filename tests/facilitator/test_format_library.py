"""The method library as a whole: every format's totals, steps and modes are consistent,
and the group-size rounds expand correctly for 3, 6 and 9 people, in the format's own plan
and on an agenda (``agenda.insert_format``). The published structures the library promises
are checked by name: Troika Consulting's round per member of the trio, Wise Crowds' round
per person, 25/10 Crowd Sourcing's five rounds of passing cards."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from facilitator import agenda, formats, rounds
from facilitator.formats import Format, PlannedStep
from facilitator.model import MAX_PHASE_S, Phase, PhaseMode

LS = "Liberating Structures"
SIZES = (3, 6, 9)
STANDARD = formats.library()
EVERY = [each for fmt in STANDARD for each in (fmt, *fmt.variants)]  # variants too
KEYS = [fmt.key for fmt in EVERY]
REPEATING = [fmt for fmt in EVERY if fmt.repeat]


def _rounds_of(plan: tuple[PlannedStep, ...]) -> dict[int, list[PlannedStep]]:
    """The planned steps of each round of the repeated block, by round number."""
    found: dict[int, list[PlannedStep]] = {}
    for planned in plan:
        if planned.round_no is not None:
            found.setdefault(planned.round_no, []).append(planned)
    return found


def _check_plan(fmt: Format, present: int) -> None:
    """Everything a plan for ``present`` people must be, whatever the format."""
    plan = fmt.plan(present)
    assert sum(p.seconds for p in plan) == fmt.planned_s(present)
    block = [s for s in fmt.steps if s.repeat]
    count = fmt.rounds(present)
    if not block:
        assert count is None and [p.step for p in plan] == list(fmt.steps)
        assert all(p.round_no is None and p.rounds is None for p in plan)
    else:
        assert count == rounds.rounds_for(block[0].repeat or "", present)
        by_round = _rounds_of(plan)
        assert list(by_round) == list(range(1, count + 1))  # exactly the rounds, in order
        for n, steps in by_round.items():
            assert [p.step for p in steps] == block  # each round the block's steps
            assert {p.rounds for p in steps} == {count}
            assert [p.heading for p in steps] == [
                f"{s.title} (round {n} of {count})" for s in block
            ]
        # The block sits where it is written: the steps around it once each, in order.
        outside = [p.step for p in plan if p.round_no is None]
        assert outside == [s for s in fmt.steps if not s.repeat]
        start = next(i for i, p in enumerate(plan) if p.round_no is not None)
        assert plan[start : start + count * len(block)] == tuple(
            p for p in plan if p.round_no is not None
        )
    for planned in plan:
        step = planned.step
        assert isinstance(step.mode, PhaseMode)
        assert 0 < planned.seconds <= MAX_PHASE_S
        if step.mode is PhaseMode.ROUND_ROBIN:  # each person the same slot
            assert step.per_speaker_s and step.per_speaker_s > 0
            assert planned.seconds == min(step.per_speaker_s * present, MAX_PHASE_S)
        else:
            assert step.per_speaker_s is None and planned.seconds == step.duration_s


def _groups(repeat: str, present: int) -> int:
    """How many groups of about N the people split into (rounds.py's rule): the nearest
    whole number, fewer while one would be smaller than the structure works with."""
    parsed = rounds.parse(repeat)
    count = max(1, math.floor(present / parsed.n + 0.5))
    while count > 1 and present // count < rounds.smallest_workable(parsed):
        count -= 1
    return count


# ------------------------------------------------------------------ the library's shape


def test_the_library_has_thirty_formats_twenty_of_them_liberating_structures() -> None:
    assert len(STANDARD) >= 30
    structures = [fmt for fmt in STANDARD if fmt.family == LS]
    assert len(structures) >= 20
    credit = structures[0].attribution
    assert "Liberating Structures" in credit and "Creative Commons" in credit
    assert all(fmt.attribution == credit for fmt in structures)
    assert all(v.attribution == credit for fmt in structures for v in fmt.variants)
    assert all(not fmt.attribution for fmt in STANDARD if fmt.family != LS)
    assert len(set(KEYS)) == len(KEYS)
    assert len({fmt.name for fmt in STANDARD}) == len(STANDARD)
    assert any(fmt.key == "break" for fmt in STANDARD)


@pytest.mark.parametrize("key", KEYS)
def test_every_step_has_a_title_a_prompt_a_mode_and_a_positive_time(key: str) -> None:
    fmt = formats.get_format(key)
    assert fmt.name.strip() and fmt.summary.strip() and fmt.purposes
    assert set(fmt.purposes) <= set(formats.purposes())
    for step in fmt.steps:
        assert step.title.strip() and step.prompt.strip()
        assert len(step.title) <= formats.STEP_TITLE_MAX
        assert step.mode in set(PhaseMode)
        assert 0 < step.duration_s <= MAX_PHASE_S
        assert (step.mode is PhaseMode.BREAK) == (fmt.key == "break")
    # Only the break rests; a format that is all silence would have nobody talk.
    assert fmt.key == "break" or any(s.mode is not PhaseMode.SILENT for s in fmt.steps)


@pytest.mark.parametrize("key", KEYS)
def test_group_sizes_are_sane(key: str) -> None:
    fmt = formats.get_format(key)
    assert 1 <= fmt.min_people <= fmt.max_people <= 99  # as many as `--people` takes
    assert fmt.min_people <= 12  # a format nobody can run in a team
    for step in fmt.steps:
        if step.group_of is not None:
            assert step.mode is PhaseMode.SMALL_GROUPS
            assert 3 <= step.group_of <= fmt.max_people
    if fmt.repeat:
        repeat = rounds.parse(fmt.repeat)
        block = [s for s in fmt.steps if s.repeat]
        assert all(s.repeat == fmt.repeat for s in block)  # one block, one repeat
        if repeat.kind == rounds.MEMBER:  # the block's groups are the groups it repeats for
            for step in block:
                if repeat.n == 2:
                    assert step.mode in (PhaseMode.PAIRS, PhaseMode.SMALL_GROUPS)
                    assert step.group_of in (None, 2)
                elif step.mode is PhaseMode.SMALL_GROUPS:
                    assert step.group_of == repeat.n
            assert repeat.n <= fmt.max_people


@pytest.mark.parametrize("present", SIZES)
@pytest.mark.parametrize("key", KEYS)
def test_plan_totals_steps_and_rounds_agree_for_3_6_and_9(key: str, present: int) -> None:
    _check_plan(formats.get_format(key), present)


@pytest.mark.parametrize("fmt", REPEATING, ids=[f.key for f in REPEATING])
def test_a_repeated_block_gives_everyone_their_round(fmt: Format) -> None:
    """For 3, 6 and 9 people: a round per member leaves nobody in a group without their
    round and has no round in which every group sits idle; a round per person gives each
    person present one; a fixed number stays fixed."""
    repeat = rounds.parse(fmt.repeat)
    for present in SIZES:
        count = fmt.rounds(present)
        assert count is not None
        if repeat.kind == rounds.MEMBER:
            groups = _groups(str(repeat), present)
            assert count * groups >= present  # the biggest group has a round each
            assert (count - 1) * groups < present  # and needs every round
        elif repeat.kind == rounds.PERSON:
            assert count == present
        else:
            assert count == repeat.n


# ------------------------------------------------------------------ named structures


def test_troika_consulting_gives_each_of_the_trio_a_round_about_thirty_minutes() -> None:
    troika = formats.get_format("troika-consulting")
    assert troika.repeat == "member:3" and troika.family == LS
    assert troika.rounds(6) == 3 and troika.rounds(3) == 3 and troika.rounds(9) == 3
    assert troika.rounds(7) == 4  # a trio and a four: the four needs a fourth round
    assert 27 * 60 <= troika.planned_s(6) <= 33 * 60
    plan = troika.plan(6)
    consults = [p for p in plan if p.step.title == "Consult"]
    assert [p.heading for p in consults] == [
        "Consult (round 1 of 3)",
        "Consult (round 2 of 3)",
        "Consult (round 3 of 3)",
    ]
    assert all(p.step.group_of == 3 for p in plan if p.round_no)


def test_wise_crowds_gives_every_person_a_round_as_the_client() -> None:
    """Each person in turn is the client of their group of four or five: three people are
    one group (three rounds), six are two threes (three), nine a five and a four (five)."""
    wise = formats.get_format("wise-crowds")
    assert wise.family == LS and wise.repeat == "member:4"
    assert [wise.rounds(n) for n in SIZES] == [3, 3, 5]
    for present in (*SIZES, 4, 5, 8, 10, 12):
        count = wise.rounds(present) or 0
        assert count * _groups("member:4", present) >= present
    a_round = sum(s.duration_s for s in wise.steps if s.repeat)
    assert 13 * 60 <= a_round <= 17 * 60  # about a quarter of an hour a client


def test_crowd_sourcing_passes_the_cards_five_times_whoever_is_there() -> None:
    crowd = formats.get_format("twenty-five-ten-crowd-sourcing")
    assert crowd.family == LS and crowd.repeat == "times:5"
    assert {crowd.rounds(n) for n in (*SIZES, 8, 30, 99)} == {5}
    assert len({crowd.planned_s(n) for n in SIZES}) == 1  # no step follows the head count
    assert 25 * 60 <= crowd.planned_s(20) <= 35 * 60
    passes = [p for p in crowd.plan(12) if p.step.title == "Read and score"]
    assert [p.round_no for p in passes] == [1, 2, 3, 4, 5]


def test_round_robins_follow_the_people_present() -> None:
    check_in = formats.get_format("check-in")
    per = next(s.per_speaker_s for s in check_in.steps if s.mode is PhaseMode.ROUND_ROBIN)
    assert per
    assert [check_in.planned_s(n) - check_in.planned_s(n - 1) for n in SIZES] == [per] * 3
    # Three more people add three slots to every round-robin, the rest stays as it was
    # (formats whose rounds do not change between six and nine).
    with_round_robins = [f for f in EVERY if any(s.per_speaker_s for s in f.steps)]
    assert len(with_round_robins) >= 3
    for fmt in with_round_robins:
        if fmt.rounds(6) != fmt.rounds(9):
            continue
        slots = sum(p.step.per_speaker_s or 0 for p in fmt.plan(6))
        assert fmt.planned_s(9) - fmt.planned_s(6) == 3 * slots, fmt.key


@pytest.mark.parametrize("variant", [v for f in STANDARD for v in f.variants], ids=lambda v: v.key)
def test_each_variant_has_its_parent_and_a_different_time(variant: Format) -> None:
    assert variant.variant and variant.variant_note.strip()
    assert variant.variant_of is not None
    parent = formats.get_format(variant.variant_of)
    assert parent.variant_of is None and variant in parent.variants
    assert formats.get_format(variant.key) == variant
    assert (variant.name, variant.family, variant.purposes) == (
        parent.name,
        parent.family,
        parent.purposes,
    )
    assert variant.title == f"{parent.name} ({variant.variant.lower()})"
    # Different for six, the default (three in pairs or in trios are one group of three
    # alike; nine in pairs are a trio and three pairs, as long as three trios).
    assert variant.planned_s(6) != parent.planned_s(6)
    assert variant not in STANDARD  # listed under its format, not beside it


# ------------------------------------------------------------------ on an agenda


def _check_phases(phases: list[Phase], fmt: Format, present: int, group: str | None) -> None:
    """The phases ``insert_format`` made of ``fmt`` for ``present`` people are its plan."""
    plan = fmt.plan(present)
    mine = [p for p in phases if p.group_id == group]
    assert len(mine) == len(plan)
    for phase, planned in zip(mine, plan, strict=True):
        assert phase.title == planned.step.title and phase.prompt == planned.step.prompt
        assert phase.mode is planned.step.mode and phase.planned_s == planned.seconds
        assert phase.round_no == planned.round_no and phase.rounds == planned.rounds
        assert phase.repeat == planned.step.repeat and phase.heading == planned.heading
        assert phase.format_key == fmt.key and phase.group_title == fmt.title
        assert phase.is_break == (phase.mode is PhaseMode.BREAK)
    assert agenda.total_s(mine) == fmt.planned_s(present)


@pytest.mark.parametrize("present", SIZES)
@pytest.mark.parametrize("key", KEYS)
def test_insert_format_lays_the_rounds_out_on_the_agenda(key: str, present: int) -> None:
    fmt = formats.get_format(key)
    before = agenda.insert_format([], formats.get_format("check-in"), "s", present)
    phases = agenda.insert_format(before, fmt, "s", present)
    assert [p.position for p in phases] == list(range(len(phases)))
    assert phases[: len(before)] == before  # added at the end, the rest untouched
    _check_phases(phases, fmt, present, phases[-1].group_id)
    # Planned for six and then re-planned for ``present``, it is the same agenda.
    six = agenda.recompute(agenda.insert_format(before, fmt, "s", 6), present)
    assert [(p.heading, p.planned_s, p.mode) for p in six] == [
        (p.heading, p.planned_s, p.mode) for p in phases
    ]


def test_troika_on_an_agenda_reads_round_by_round() -> None:
    troika = formats.get_format("troika-consulting")
    phases = agenda.insert_format([], troika, "s", 6)
    assert [p.heading for p in phases][:6] == [
        "Prepare",
        "Client shares (round 1 of 3)",
        "Clarifying questions (round 1 of 3)",
        "Consult (round 1 of 3)",
        "Client reflects (round 1 of 3)",
        "Client shares (round 2 of 3)",
    ]
    assert phases[7].heading == "Consult (round 2 of 3)"
    assert phases[-1].heading == "Client reflects (round 3 of 3)"
    assert {p.round_no for p in phases if p.repeat} == {1, 2, 3}
    assert {p.rounds for p in phases if p.repeat} == {3}
    assert len({p.group_id for p in phases}) == 1
    # Inserted before the first block of an agenda, it keeps its rounds together.
    agenda_ = agenda.insert_format([], formats.get_format("check-out"), "s", 6)
    first = agenda.insert_format(agenda_, troika, "s", 6, at_block=0)
    assert first[0].heading == "Prepare" and first[-1].format_key == "check-out"
    assert [p.position for p in first] == list(range(len(first)))


# ------------------------------------------------------------------ any group


@settings(max_examples=60, deadline=None)
@given(present=st.integers(min_value=1, max_value=60))
def test_for_any_group_every_format_plans_consistently(present: int) -> None:
    for fmt in EVERY:
        _check_plan(fmt, present)
        if fmt.repeat and rounds.parse(fmt.repeat).kind == rounds.MEMBER:
            count = fmt.rounds(present) or 0
            groups = _groups(fmt.repeat, present)
            assert count * groups >= present and (count - 1) * groups < present


@settings(max_examples=40, deadline=None)
@given(
    keys=st.lists(st.sampled_from(KEYS), min_size=1, max_size=5),
    planned_for=st.integers(min_value=1, max_value=60),
    present=st.integers(min_value=1, max_value=60),
)
def test_any_agenda_of_library_formats_follows_the_group(
    keys: list[str], planned_for: int, present: int
) -> None:
    """Formats planned for one head count and re-planned for another give the agenda the
    formats would give for the new count: each block its rounds, the total their sum."""
    phases: list[Phase] = []
    for key in keys:
        phases = agenda.insert_format(phases, formats.get_format(key), "s", planned_for)
    now = agenda.recompute(phases, present)
    assert [p.position for p in now] == list(range(len(now)))
    groups = list(dict.fromkeys(p.group_id for p in now))
    assert len(groups) == len(keys)
    for key, group in zip(keys, groups, strict=True):
        _check_phases(now, formats.get_format(key), present, group)
    assert agenda.total_s(now) == sum(formats.get_format(k).planned_s(present) for k in keys)
