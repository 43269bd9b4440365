from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from facilitator.ledger import leadership_distribution, session_distribution
from facilitator.model import RoleAssignment
from facilitator.report.figures import distribution_text


def test_even_sharing_is_one_and_one_person_holding_everything_is_zero() -> None:
    assert leadership_distribution([2, 2, 2, 2]) == 1.0
    assert leadership_distribution([4, 0, 0, 0]) == 0.0
    assert leadership_distribution([]) is None
    assert leadership_distribution([0, 0]) is None


def test_five_roles_each_held_by_someone_else_is_as_even_as_the_room_allows() -> None:
    # The demo's last session: 5 roles, 5 different holders, 6 people present.
    assert leadership_distribution([1, 1, 1, 1, 1, 0]) == 1.0
    assert distribution_text(leadership_distribution([1, 1, 1, 1, 1, 0])) == (
        "1.00 — evenly shared"
    )
    # 13 people, 5 roles, 5 different holders.
    assert leadership_distribution([1] * 5 + [0] * 8) == 1.0
    # A 9-person team can reach the top too (the old figure stopped at 0.56).
    assert leadership_distribution([1] * 5 + [0] * 4) == 1.0


def test_one_person_holding_all_is_zero_whatever_the_room() -> None:
    assert leadership_distribution([5, 0, 0, 0, 0, 0]) == 0.0
    assert leadership_distribution([5] + [0] * 12) == 0.0
    assert distribution_text(0.0) == "0.00 — concentrated in few hands"


def test_uneven_sharing_falls_between() -> None:
    # 5 roles among 6: one person holding two of them is less even than five holders.
    value = leadership_distribution([2, 1, 1, 1, 0, 0])
    assert value is not None and 0.0 < value < 1.0
    assert value > leadership_distribution([3, 1, 1, 0, 0, 0])  # type: ignore[operator]


def test_when_only_one_spread_is_possible_it_is_the_most_even() -> None:
    assert leadership_distribution([3]) == 1.0  # one person present
    assert leadership_distribution([1, 0, 0]) == 1.0  # one holding among three


@given(st.lists(st.integers(min_value=0, max_value=50), min_size=1, max_size=40))
def test_distribution_is_between_zero_and_one(counts: list[int]) -> None:
    value = leadership_distribution(counts)
    if sum(counts) == 0:
        assert value is None
    else:
        assert value is not None and 0.0 <= value <= 1.0


@given(st.integers(min_value=1, max_value=30), st.integers(min_value=1, max_value=60))
def test_the_most_even_spread_always_reads_one(people: int, holdings: int) -> None:
    base, extra = divmod(holdings, people)
    counts = [base + 1] * extra + [base] * (people - extra)
    assert leadership_distribution(counts) == 1.0


def test_session_figure_counts_attendees_who_held_nothing() -> None:
    held = [RoleAssignment("s", "r1", "a"), RoleAssignment("s", "r2", "a")]
    assert session_distribution(held, ["a"]) == 1.0
    assert session_distribution(held, ["a", "b"]) == 0.0
    shared = [RoleAssignment("s", "r1", "a"), RoleAssignment("s", "r2", "b")]
    assert session_distribution(shared, ["a", "b", "c", "d"]) == 1.0


def test_the_worked_examples_of_the_rotation_guide() -> None:
    # docs/rotation.md: one person holding two of five roles among six; four sessions.
    assert leadership_distribution([2, 1, 1, 1, 0, 0]) == 0.6
    assert distribution_text(0.6) == "0.60 — unevenly shared"
    assert leadership_distribution([4, 4, 2, 2]) == 0.7778
    assert leadership_distribution([12, 0, 0, 0]) == 0.0
