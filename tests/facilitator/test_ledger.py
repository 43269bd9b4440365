from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from facilitator.ledger import leadership_distribution, session_distribution
from facilitator.model import RoleAssignment


def test_even_sharing_is_one_and_concentration_is_low() -> None:
    assert leadership_distribution([2, 2, 2, 2]) == 1.0
    assert leadership_distribution([4, 0, 0, 0]) == 0.25
    assert leadership_distribution([]) is None
    assert leadership_distribution([0, 0]) is None


@given(st.lists(st.integers(min_value=0, max_value=50), min_size=1, max_size=40))
def test_distribution_is_between_zero_and_one(counts: list[int]) -> None:
    value = leadership_distribution(counts)
    if sum(counts) == 0:
        assert value is None
    else:
        assert value is not None and 0.0 < value <= 1.0


def test_session_figure_counts_attendees_who_held_nothing() -> None:
    held = [RoleAssignment("s", "r1", "a"), RoleAssignment("s", "r2", "b")]
    assert session_distribution(held, ["a", "b"]) == 1.0
    assert session_distribution(held, ["a", "b", "c", "d"]) == 0.5
