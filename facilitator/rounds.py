"""Steps that repeat for the group: how many rounds a repeated block has for the people
present, and how a round is named.

A format may hold one block of steps that repeats (``resources/formats.json``: ``{"repeat":
R, "steps": [...]}``; the steps are one round). ``R`` says what a round is for:

- ``"member:N"``: a round for each member of a group of about N, the groups working side by
  side (Troika Consulting: each of the trio takes the client's seat in turn). The people
  present split into the nearest whole number of groups of N, or fewer groups when that
  would leave one too small for the structure (a trio and a pair: a pair cannot consult);
  the largest group sets the rounds, so nobody is left out: 6 people in trios, 3 rounds;
  7 people, 2 groups (3 and 4), 4 rounds; 8 people, 2 groups of 4 (not 3, 3 and a pair),
  4 rounds; 5 people, one group of 5, 5 rounds.
- ``"person"``: a round for each person present, the whole group together.
- ``"times:N"``: N rounds whoever is there (25/10 Crowd Sourcing's five rounds of passing
  cards).

Pure functions, no I/O: the planner's totals, the agenda's expansion and the command line
all count rounds here.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from facilitator.errors import ValidationError

MAX_ROUNDS = 99  # the most rounds a block may have (a person each in a very large group)
PERSON = "person"
MEMBER = "member"
TIMES = "times"


@dataclass(frozen=True, slots=True)
class Repeat:
    """A parsed repeat: ``kind`` is "person", "member" or "times"; ``n`` the group size or
    the fixed count (0 for "person")."""

    kind: str
    n: int = 0

    def __str__(self) -> str:
        return self.kind if self.kind == PERSON else f"{self.kind}:{self.n}"


def parse(text: object, where: str = "Repeat") -> Repeat:
    """``"person"``, ``"member:N"`` (N from 2) or ``"times:N"`` (N from 1), else a
    ``ValidationError`` that says what is accepted."""
    if isinstance(text, str):
        kind, colon, count = text.strip().partition(":")
        if kind == PERSON and not colon:
            return Repeat(PERSON)
        if kind in (MEMBER, TIMES) and count.strip().isdigit():
            n = int(count)
            least = 2 if kind == MEMBER else 1
            if least <= n <= MAX_ROUNDS:
                return Repeat(kind, n)
    raise ValidationError(
        f'{where}: {text!r} is not a repeat; use "person", "member:N" (a round for each '
        f'member of a group of N, 2 to {MAX_ROUNDS}) or "times:N" (N rounds).'
    )


def rounds_for(repeat: Repeat | str, present: int) -> int:
    """How many rounds the block has for ``present`` people (see the module's rules). With
    nobody marked present yet, a group of N plans N rounds and a round per person plans
    one."""
    if isinstance(repeat, str):
        repeat = parse(repeat)
    if repeat.kind == TIMES:
        return repeat.n
    if repeat.kind == PERSON:
        return min(max(present, 1), MAX_ROUNDS)
    return min(max(groups(repeat, present)), MAX_ROUNDS)


def groups(repeat: Repeat | str, present: int) -> tuple[int, ...]:
    """The sizes of the groups the people present split into, largest first: for
    ``"member:N"`` the nearest whole number of groups of N, as even as can be (6 in groups
    of four: (3, 3); 7 in trios: (4, 3)), merged into fewer groups while one would be too
    small for the structure (5 in trios: (5,), not (3, 2); 8 in trios: (4, 4)), the largest
    being the rounds; with nobody present yet, one group of N. A round per person or a
    fixed count keeps everyone together: one group of everyone present (none when nobody
    is)."""
    if isinstance(repeat, str):
        repeat = parse(repeat)
    if repeat.kind != MEMBER:
        return (present,) if present > 0 else ()
    if present <= 0:
        return (repeat.n,)
    least = smallest_workable(repeat)
    count = _nearest_count(repeat, present)
    while count > 1 and present // count < least:
        count -= 1
    return _split(present, count)


def _nearest_count(repeat: Repeat, present: int) -> int:
    """The whole number of groups of N nearest to ``present`` people (at least one)."""
    return max(1, math.floor(present / repeat.n + 0.5))


def _split(present: int, count: int) -> tuple[int, ...]:
    """``present`` people in ``count`` groups as even as can be, largest first."""
    size, larger = divmod(present, count)
    return (size + 1,) * larger + (size,) * (count - larger)


def groups_text(sizes: tuple[int, ...]) -> str:
    """The groups in words: "2 groups of 3", "a group of 4 and one of 3", "one group of 5",
    "2 groups of 3 and one of 2"."""
    if not sizes:
        return "no groups"
    if len(sizes) == 1:
        return f"one group of {sizes[0]}"
    large, small = max(sizes), min(sizes)
    if large == small:
        return f"{len(sizes)} groups of {large}"
    many, few = sizes.count(large), sizes.count(small)
    first = f"a group of {large}" if many == 1 else f"{many} groups of {large}"
    second = f"one of {small}" if few == 1 else f"{few} of {small}"
    return f"{first} and {second}"


def size_text(repeat: Repeat | str, present: int) -> str:
    """The size of the small groups a step of the block meets in for ``present`` people:
    "3", or "3 or 4" when the groups differ by one."""
    sizes = groups(repeat, present)
    if not sizes:
        return "0"
    large, small = max(sizes), min(sizes)
    return str(large) if large == small else f"{small} or {large}"


def step_group_text(group_of: int, repeat: str | None, present: int) -> str:
    """The size a step's small groups meet in, in words: a step of a ``"member:N"`` block
    whose groups are the block's (``group_of`` N) meets in the groups planned for
    ``present`` people ("3", "3 or 4"); any other step keeps the size it says."""
    if repeat and present > 0:
        parsed = parse(repeat)
        if parsed.kind == MEMBER and parsed.n == group_of:
            return size_text(parsed, present)
    return str(group_of)


def describe(repeat: Repeat | str, present: int = 0) -> str:
    """The repeat as the planner says it: "a round for each member of each trio"; for a
    number of people present, with the groups actually used: "a round for each member of
    each group (2 groups of 3)"."""
    if isinstance(repeat, str):
        repeat = parse(repeat)
    if repeat.kind == PERSON:
        return "a round for each person present"
    if repeat.kind == TIMES:
        return "1 round" if repeat.n == 1 else f"{repeat.n} rounds"
    if present > 0:
        sizes = groups(repeat, present)
        whose = "the group" if len(sizes) == 1 else "each group"
        return f"a round for each member of {whose} ({groups_text(sizes)})"
    group = {2: "pair", 3: "trio", 4: "group of four", 5: "group of five"}.get(
        repeat.n, f"group of {repeat.n}"
    )
    return f"a round for each member of each {group}"


def smallest_workable(repeat: Repeat | str) -> int:
    """The fewest people a group of the block works with: for ``"member:N"`` one short of
    N (a group of four runs as three), never fewer than two, and three for trios (Troika
    Consulting needs a client and two consultants); 1 for the other repeats."""
    if isinstance(repeat, str):
        repeat = parse(repeat)
    if repeat.kind != MEMBER:
        return 1
    return 3 if repeat.n == 3 else max(repeat.n - 1, 2)


def warning(repeat: Repeat | str, present: int, name: str = "The format") -> str | None:
    """A short note when the groups of N for ``present`` people would leave one too small
    for the block and merging them makes a group larger than N + 1: how they are planned
    and how many would give groups of N ("5 present: planned as one group of 5, as 2 groups
    would leave a pair — Troika Consulting needs three; plan for 6 for groups of 3"), or,
    with too few for even one group, what is missing ("2 present: the group would be a
    pair — Troika Consulting needs three; plan for 3"). None when the groups are of N, or
    N + 1 where the numbers need it (8 in trios: 2 groups of 4), or nobody is present
    yet."""
    if isinstance(repeat, str):
        repeat = parse(repeat)
    if present <= 0 or repeat.kind != MEMBER:
        return None
    least = smallest_workable(repeat)
    sizes = groups(repeat, present)
    nearest = _split(present, _nearest_count(repeat, present))
    merged = len(sizes) < len(nearest)
    if min(sizes) >= least and not (merged and max(sizes) > repeat.n + 1):
        return None  # groups of N, one more where the numbers need it (a trio of four)
    short = min(nearest)
    what = {1: "one person alone", 2: "a pair"}.get(short, f"a group of {short}")
    needs = f"{name} needs {_NUMBERS.get(least, str(least))}"
    more = _next_workable(repeat, present)
    if min(sizes) < least:  # too few for one group that works
        advice = f"; plan for {more}" if more else ""
        return f"{present} present: the group would be {what} — {needs}{advice}"
    counted = "1 group" if len(nearest) == 1 else f"{len(nearest)} groups"
    advice = f"; plan for {more} for groups of {repeat.n}" if more else ""
    return (
        f"{present} present: planned as {groups_text(sizes)}, as {counted} would leave "
        f"{what} — {needs}{advice}"
    )


_NUMBERS = {2: "two", 3: "three", 4: "four", 5: "five"}


def _next_workable(repeat: Repeat, present: int) -> int | None:
    """The next number of people above ``present`` whose nearest groups of N all work;
    None past the most the command line and planner count."""
    least = smallest_workable(repeat)
    for more in range(present + 1, MAX_ROUNDS + 1):
        if min(_split(more, _nearest_count(repeat, more))) >= least:
            return more
    return None
