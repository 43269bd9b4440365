"""The rotation engine: fairness over time, hard constraints, reasons, odd teams."""

from __future__ import annotations

import random
from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from facilitator.model import Participant, Role, RoleOptOut, RotationRules
from facilitator.rotation import History, Suggestion, Tally, agenda_items, suggest

FIRST = ["Priya", "Tomasz", "Amara", "Jonas", "Zoë", "Kenji", "Łukasz", "Ana", "Bo", "Cy"]
ROLE_NAMES = [
    "Facilitator",
    "Timekeeper",
    "Scribe",
    "Challenger",
    "Voice Keeper",
    "Process Observer",
]


def team(n_people: int, n_roles: int, seed: int = 0) -> tuple[list[Participant], list[Role]]:
    names = FIRST[:n_people]
    random.Random(seed).shuffle(names)
    people = [Participant("t", f"{name} {i}", id=f"p{i}") for i, name in enumerate(names)]
    roles = [Role("t", ROLE_NAMES[i], position=i, id=f"r{i}") for i in range(n_roles)]
    return people, roles


def record(history: History, number: int, suggestion: Suggestion) -> History:
    return history.then(
        f"s{number}", number, "", [(pid, rid) for rid, pid in suggestion.holders().items()]
    )


# ---------------------------------------------------------------- fairness over time


@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=1, max_value=9), st.data())
def test_stable_attendance_rotates_fully_and_evenly(n: int, data: st.DataObject) -> None:
    r = data.draw(st.integers(min_value=1, max_value=min(n, len(ROLE_NAMES))), label="roles")
    seed = data.draw(st.integers(min_value=0, max_value=10_000), label="seed")
    people, roles = team(n, r, seed)
    history = History()
    for session in range(n):
        suggestion = suggest(roles, people, history)
        assert len(set(suggestion.holders().values())) == r  # one role each
        history = record(history, session, suggestion)
        tally = Tally(history)
        for role in roles:
            counts = [tally.count[(p.id, role.id)] for p in people]
            assert max(counts) - min(counts) <= 1, (session, role.name, counts)
        totals = [tally.total[p.id] for p in people]
        assert max(totals) - min(totals) <= 1
    tally = Tally(history)
    assert all(tally.count[(p.id, role.id)] == 1 for p in people for role in roles)


def test_nobody_holds_the_same_role_twice_in_a_row_with_stable_attendance() -> None:
    people, roles = team(4, 4)
    history = History()
    previous: dict[str, str] = {}
    for session in range(12):
        suggestion = suggest(roles, people, history)
        holders = suggestion.holders()
        assert all(previous.get(rid) != pid for rid, pid in holders.items())
        previous = holders
        history = record(history, session, suggestion)


# ---------------------------------------------------------------- hard constraints


def _max_distinct_holders(roles: list[Role], eligible: dict[str, set[str]]) -> int:
    """Maximum bipartite matching (augmenting paths): the most roles held by distinct people."""
    owner: dict[str, str] = {}

    def place(role_id: str, seen: set[str]) -> bool:
        for pid in sorted(eligible[role_id]):
            if pid in seen:
                continue
            seen.add(pid)
            if pid not in owner or place(owner[pid], seen):
                owner[pid] = role_id
                return True
        return False

    return sum(place(r.id, set()) for r in roles)


sessions_strategy = st.lists(st.sets(st.integers(min_value=0, max_value=6)), min_size=1, max_size=8)


@settings(max_examples=80, deadline=None)
@given(
    n=st.integers(min_value=1, max_value=7),
    r=st.integers(min_value=1, max_value=6),
    attendance=sessions_strategy,
    optouts=st.sets(st.tuples(st.integers(0, 6), st.integers(0, 5)), max_size=12),
    seed=st.integers(0, 1000),
)
def test_random_absences_respect_every_rule(
    n: int, r: int, attendance: list[set[int]], optouts: set[tuple[int, int]], seed: int
) -> None:
    people, roles = team(n, r, seed)
    blocked = [RoleOptOut(f"p{p}", f"r{q}") for p, q in optouts if p < n and q < r]
    blocked_pairs = {(o.participant_id, o.role_id) for o in blocked}
    history = History()
    rng = random.Random(seed)
    for number, here in enumerate(attendance):
        present = [p for i, p in enumerate(people) if i in here]
        suggestion = suggest(roles, present, history, optouts=blocked)
        present_ids = {p.id for p in present}
        holders = suggestion.holders()
        # Never someone absent or opted out.
        for rid, pid in holders.items():
            assert pid in present_ids
            assert (pid, rid) not in blocked_pairs
        eligible = {
            role.id: {p for p in present_ids if (p, role.id) not in blocked_pairs} for role in roles
        }
        # Every role that someone present can take is taken; the others say why.
        for pick in suggestion.picks:
            assert (pick.participant_id is None) == (not eligible[pick.role.id])
            assert pick.reason
        # Never two roles for one person while someone present who could take one is free.
        per_person = Counter(holders.values())
        free = present_ids - set(holders.values())
        for rid, pid in holders.items():
            if per_person[pid] > 1:
                assert not (eligible[rid] & free), (rid, pid, free)
        assert len(per_person) == _max_distinct_holders(roles, eligible)
        # No repeat in a row while someone else who can take it is free.
        last = Tally(history).last_holder
        for rid, pid in holders.items():
            if last.get(rid) == pid:
                assert not (eligible[rid] & free)
        # Deterministic: the same facts in another order give the same answer.
        shuffled_people = present[:]
        shuffled_roles = roles[:]
        shuffled_optouts = blocked[:]
        rng.shuffle(shuffled_people)
        rng.shuffle(shuffled_roles)
        rng.shuffle(shuffled_optouts)
        again = suggest(shuffled_roles, shuffled_people, history, optouts=shuffled_optouts)
        assert again == suggestion
        history = record(history, number, suggestion)


# ---------------------------------------------------------------- reasons in plain words


def test_reason_names_the_count_the_standing_and_how_long_ago() -> None:
    priya = Participant("t", "Priya Nair", id="priya")
    tomasz = Participant("t", "Tomasz Kowalski", id="tomasz")
    amara = Participant("t", "Amara Okafor", id="amara")
    scribe = Role("t", "Scribe", id="scribe")
    history = History()
    # Priya once, three sessions back; Tomasz and Amara twice each, more recently.
    for number, pid in enumerate(["tomasz", "amara", "priya", "tomasz", "amara"]):
        history = history.then(f"s{number}", number, "", [(pid, "scribe")])
    suggestion = suggest([scribe], [priya, tomasz, amara], history)
    pick = suggestion.for_role("scribe")
    assert pick.participant_id == "priya"
    assert pick.reason == (
        "Priya has been Scribe once, least of those present; last 3 sessions ago."
    )


def test_a_tie_is_explained_by_the_rule_that_settled_it() -> None:
    people, roles = team(3, 1)
    first = suggest(roles, people, History())
    assert "never been Facilitator, like everyone else present" in first.picks[0].reason
    assert "comes first in name order" in first.picks[0].reason
    history = record(History(), 0, first)
    second = suggest(roles, people, history)
    assert "like 1 other present" in second.picks[0].reason
    history = record(history, 1, second)
    history = record(history, 2, suggest(roles, people, history))
    # Everyone has held it once: the one who held it longest ago, not the last holder.
    fourth = suggest(roles, people, history)
    holder = fourth.picks[0].participant_id
    assert holder == first.picks[0].participant_id
    assert "as often as everyone else present; last 3 sessions ago" in fourth.picks[0].reason
    assert "held it longest ago" in fourth.picks[0].reason
    assert "held it last time, so it passes on" in fourth.picks[0].reason


def test_one_person_team_holds_every_role_with_a_note() -> None:
    people, roles = team(1, 4)
    suggestion = suggest(roles, people, History())
    assert set(suggestion.holders().values()) == {people[0].id}
    assert any("holds every role" in note for note in suggestion.notes)
    assert "the only one here" in suggestion.picks[0].reason
    assert "also holds" in suggestion.picks[1].reason


def test_more_roles_than_people_share_extra_roles_evenly() -> None:
    people, roles = team(2, 5)
    suggestion = suggest(roles, people, History())
    counts = Counter(suggestion.holders().values())
    assert sorted(counts.values()) == [2, 3]
    assert any("some people hold more than one role" in n for n in suggestion.notes)


def test_everyone_opted_out_leaves_the_role_unassigned_with_a_reason() -> None:
    people, roles = team(3, 2)
    optouts = [RoleOptOut(p.id, roles[1].id, until="2026-06-30") for p in people]
    suggestion = suggest(roles, people, History(), optouts=optouts, on="2026-03-02")
    pick = suggestion.for_role(roles[1].id)
    assert pick.participant_id is None
    assert pick.reason == "Everyone present has opted out of Timekeeper, so it stays unassigned."
    # After the end date the opt-out no longer applies.
    later = suggest(roles, people, History(), optouts=optouts, on="2026-07-01")
    assert later.for_role(roles[1].id).participant_id is not None


def test_nobody_present_suggests_nothing_and_says_so() -> None:
    _people, roles = team(3, 2)
    suggestion = suggest(roles, [], History())
    assert suggestion.holders() == {}
    assert suggestion.notes == ("Nobody is marked present, so no roles are suggested.",)
    assert suggestion.picks[0].reason == "Nobody is here to be Facilitator."


def test_busy_people_keep_their_roles_and_free_people_take_over() -> None:
    people, roles = team(4, 3)
    # p0 and p1 hold roles r0 and r1; the holder of r2 left: a free person takes it.
    suggestion = suggest(
        [roles[2]], people[:2] + people[3:], History(), busy={"p0": ["r0"], "p1": ["r1"]}
    )
    assert suggestion.holders() == {"r2": "p3"}


def _newcomer_team() -> tuple[list[Participant], Participant, Role, History]:
    old = [
        Participant("t", name, joined_on="2025-01-01", id=name.lower())
        for name in ("Ann", "Bo", "Dee")
    ]
    cy = Participant("t", "Cy", joined_on="2026-02-20", id="cy")
    scribe = Role("t", "Scribe", id="scribe")
    history = History().then("s0", 0, "2026-02-01", [("ann", "scribe")])
    history = history.then("s1", 1, "2026-02-08", [("bo", "scribe")])
    return old, cy, scribe, history


def test_a_newcomer_shadows_an_experienced_holder_before_holding() -> None:
    old, cy, scribe, history = _newcomer_team()
    first = suggest([scribe], [*old, cy], history, on="2026-03-02")
    pick = first.for_role("scribe")
    # Dee has never been Scribe either, so Dee holds it; Cy joined an existing rota.
    assert pick.participant_id == "dee"
    assert "Cy is new to the team and watches before holding it." in pick.reason
    assert pick.shadow_id is None  # Dee is a first-timer: nobody to learn from

    history = history.then("s2", 2, "2026-02-22", [("dee", "scribe")])
    second = suggest([scribe], [*old, cy], history, on="2026-03-02")
    pick = second.for_role("scribe")
    assert pick.participant_id == "ann"  # held it longest ago of the experienced
    assert pick.shadow_id == "cy"
    assert pick.shadow_reason == (
        "Cy joined on 2026-02-20 and shadows Ann, who has been Scribe once, before holding it."
    )

    # Having watched once, Cy holds it next: never held, fewest roles overall.
    history = history.then("s3", 3, "2026-03-02", [("ann", "scribe")], [("cy", "scribe")])
    third = suggest([scribe], [*old, cy], history, on="2026-03-09")
    assert third.for_role("scribe").participant_id == "cy"
    assert third.for_role("scribe").shadow_id is None


def test_shadowing_can_be_switched_off_and_respects_opt_outs() -> None:
    old, cy, scribe, history = _newcomer_team()
    history = history.then("s2", 2, "2026-02-22", [("dee", "scribe")])
    off = suggest(
        [scribe], [*old, cy], history, on="2026-03-02", rules=RotationRules(shadow_newcomers=False)
    )
    assert off.for_role("scribe").participant_id == "cy"  # plain fairness: never held it
    opted = suggest(
        [scribe], [*old, cy], history, on="2026-03-02", optouts=[RoleOptOut("cy", "scribe")]
    )
    assert opted.for_role("scribe").shadow_id is None
    # Long after joining, a member is no longer a newcomer.
    later = suggest([scribe], [*old, cy], history, on="2026-06-30")
    assert later.for_role("scribe").participant_id == "cy"


def test_nobody_is_a_newcomer_in_a_brand_new_team() -> None:
    people = [Participant("t", n, joined_on="2026-03-01", id=n) for n in ("a", "b", "c")]
    roles = [Role("t", "Scribe", id="scribe")]
    history = History()
    for number in range(3):
        suggestion = suggest(roles, people, history, on=f"2026-03-0{number + 2}")
        assert all(p.shadow_id is None for p in suggestion.picks)
        history = record(history, number, suggestion)
    assert Tally(history).count == Counter(
        {("a", "scribe"): 1, ("b", "scribe"): 1, ("c", "scribe"): 1}
    )


def test_agenda_items_keep_a_formats_steps_together_and_skip_breaks() -> None:
    from facilitator.model import Phase

    phases = [
        Phase("s", 0, "Check-in", 60, group_id="g1", group_title="Check-in"),
        Phase("s", 1, "Alone", 60, group_id="g2", group_title="1-2-4-All"),
        Phase("s", 2, "Pairs", 60, group_id="g2", group_title="1-2-4-All"),
        Phase("s", 3, "Break", 600, is_break=True),
        Phase("s", 4, "Wrap", 60),
    ]
    items = agenda_items(phases)
    assert [i.title for i in items] == ["Check-in", "1-2-4-All", "Wrap"]
    assert items[1].phase_ids == (phases[1].id, phases[2].id)
