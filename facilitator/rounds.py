"""Steps that repeat for the group: how many rounds a repeated block has for the people
present, and how a round is named.

A format may hold one block of steps that repeats (``resources/formats.json``: ``{"repeat":
R, "steps": [...]}``; the steps are one round). ``R`` says what a round is for:

- ``"member:N"``: a round for each member of a group of about N, the groups working side by
  side (Troika Consulting: each of the trio takes the client's seat in turn). The people
  present split into the nearest whole number of groups of N; the largest group sets the
  rounds, so nobody is left out: 6 people in trios, 3 rounds; 7 people, 2 groups (3 and 4),
  4 rounds; 8 people, 3 groups, 3 rounds.
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
    if present <= 0:
        return repeat.n
    groups = max(1, math.floor(present / repeat.n + 0.5))
    return min(math.ceil(present / groups), MAX_ROUNDS)


def describe(repeat: Repeat | str) -> str:
    """The repeat as the planner says it: "a round for each member of each trio"."""
    if isinstance(repeat, str):
        repeat = parse(repeat)
    if repeat.kind == PERSON:
        return "a round for each person present"
    if repeat.kind == TIMES:
        return "1 round" if repeat.n == 1 else f"{repeat.n} rounds"
    group = {2: "pair", 3: "trio", 4: "group of four", 5: "group of five"}.get(
        repeat.n, f"group of {repeat.n}"
    )
    return f"a round for each member of each {group}"
