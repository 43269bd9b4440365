"""How a list is said inside a sentence: "a", "a and b", "a, b and c"."""

from __future__ import annotations

from collections.abc import Sequence


def and_list(items: Sequence[str]) -> str:
    """ "a", "a and b", "a, b and c" (no comma before the "and"); "" for none."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]
