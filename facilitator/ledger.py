"""The leadership ledger: who has held which role, and how evenly leading is shared.

Leadership distribution = 1 - Gini coefficient over the number of role-holdings of each
person who attended (people who attended and held nothing count as zero):

    G = sum_i sum_j |x_i - x_j| / (2 * n^2 * mean(x)),   distribution = 1 - G

1.0 means perfectly shared (everyone held the same number of roles); values near 0 mean
one person held nearly everything. With nobody holding anything the figure is undefined
(None): there was no leading to share.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from facilitator.model import RoleAssignment


def leadership_distribution(counts: Iterable[int]) -> float | None:
    """1 - Gini over role-holding counts; None when the counts are empty or all zero."""
    values = [max(0, int(c)) for c in counts]
    n = len(values)
    total = sum(values)
    if n == 0 or total == 0:
        return None
    # Sorted form of the Gini coefficient: O(n log n) instead of O(n^2).
    values.sort()
    weighted = sum((2 * (i + 1) - n - 1) * x for i, x in enumerate(values))
    gini = weighted / (n * total)
    return round(1.0 - gini, 4)


def holdings(assignments: Iterable[RoleAssignment]) -> Counter[str]:
    """Role-holdings per participant id (each assignment counts once)."""
    return Counter(a.participant_id for a in assignments)


def session_distribution(assignments: Iterable[RoleAssignment],
                         attendee_ids: Iterable[str]) -> float | None:
    """The figure for one session, over the people who attended it."""
    held = holdings(assignments)
    return leadership_distribution(held.get(pid, 0) for pid in set(attendee_ids))
