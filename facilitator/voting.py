"""Dot voting on contributions: a budget of dots per participant per round, a ranked tally.

A round is one phase of the session (or the session as a whole when no phase is given).
The scribe enters each person's dots; a count that would take someone past the round's
budget is refused with a message that says how many they have left.

Giving dots (``cast``) and setting a round's budget (``set_budget``) are the scribe's
actions: each commits one transaction and returns what it changed. ``board`` is one round
as the scribe sees it; ``likely_round`` the round to open first.
"""

from __future__ import annotations

from dataclasses import dataclass

from facilitator.changes import Changes, Topic
from facilitator.clock import Clock, SystemClock, iso
from facilitator.errors import ValidationError
from facilitator.model import Contribution, Participant, Vote
from facilitator.store import captures, sessions, teams
from facilitator.store import voting as store
from facilitator.store.database import Database

DEFAULT_BUDGET = 3
MAX_BUDGET = 99


@dataclass(frozen=True, slots=True)
class TallyRow:
    """One contribution's place in the ranking."""

    rank: int  # 1-based; equal dots share a rank (1, 2, 2, 4)
    contribution: Contribution
    dots: int
    voters: int  # how many people gave it at least one dot


@dataclass(frozen=True, slots=True)
class Board:
    """One round as the scribe sees it: the ideas, who votes, the dots and the ranking."""

    phase_id: str | None  # None: the session as a whole
    ideas: list[Contribution]  # in the order entered
    voters: list[Participant]
    votes: list[Vote]
    tally: list[TallyRow]
    left: dict[str, int]  # dots each voter still has, by participant id
    budget: int


def budget(database: Database, session_id: str, phase_id: str | None) -> int:
    """Dots per participant in this round (the default until someone sets it)."""
    stored = store.get_budget(database, session_id, phase_id)
    return DEFAULT_BUDGET if stored is None else stored


def set_budget(
    database: Database,
    session_id: str,
    phase_id: str | None,
    dots: int,
    *,
    clock: Clock | None = None,
) -> Changes:
    """Set the round's budget; refused below what someone has already given."""
    if isinstance(dots, bool) or not isinstance(dots, int):
        raise ValidationError("The vote budget must be a whole number of dots.")
    if not 1 <= dots <= MAX_BUDGET:
        raise ValidationError(f"The vote budget must be between 1 and {MAX_BUDGET} dots.")
    most = store.max_used(database, session_id, phase_id)
    if most["used"] > dots:
        who = teams.get_participant(database, most["participant_id"]).name
        raise ValidationError(
            f"{who} has already given {most['used']} dots in this round; "
            f"take some back first, or keep the budget at {most['used']} "
            "or more."
        )
    session = sessions.get_session(database, session_id)
    store.set_budget(database, session_id, phase_id, dots, iso((clock or SystemClock()).now()))
    return Changes.of(Topic.VOTES, session_id=session_id, team_id=session.team_id)


def voters(database: Database, session_id: str) -> list[Participant]:
    """Who may vote: the people present, or the whole active team if nobody was marked."""
    session = sessions.get_session(database, session_id)
    people = teams.list_participants(database, session.team_id, include_inactive=True)
    present = set(sessions.present_ids(database, session_id))
    if present:
        return [p for p in people if p.id in present]
    return [p for p in people if p.active]


def cast(
    database: Database,
    session_id: str,
    phase_id: str | None,
    contribution_id: str,
    participant_id: str,
    count: int,
) -> Changes:
    """Set how many dots a person gives one contribution in this round (0 takes them back);
    refused past the person's budget for the round."""
    if isinstance(count, bool) or not isinstance(count, int) or count < 0:
        raise ValidationError("Dots must be a whole number, zero or more.")
    contribution = captures.get(database, Contribution, contribution_id)
    if contribution.session_id != session_id:
        raise ValidationError("That idea belongs to another session.")
    session = sessions.get_session(database, session_id)
    person = teams.get_participant(database, participant_id)
    if person.team_id != session.team_id:
        raise ValidationError(f"{person.name} is not in this team.")
    if phase_id is not None and sessions.get_phase(database, phase_id).session_id != session_id:
        raise ValidationError("That round belongs to another session.")
    dots = budget(database, session_id, phase_id)

    def within_budget(given_elsewhere: int) -> None:
        if given_elsewhere + count > dots:
            left = max(0, dots - given_elsewhere)
            raise ValidationError(
                f"{person.name} has {dots} dot{'s' if dots != 1 else ''} in this round and "
                f"has given {given_elsewhere} to other ideas: at most {left} more "
                f"{'is' if left == 1 else 'are'} left, not {count}."
            )

    vote = Vote(contribution_id, participant_id, count, phase_id)
    store.put_vote(database, vote, session_id, within_budget)
    return Changes.of(Topic.VOTES, session_id=session_id, team_id=session.team_id)


def round_votes(database: Database, session_id: str, phase_id: str | None) -> list[Vote]:
    return store.round_votes(database, session_id, phase_id)


def used(database: Database, session_id: str, phase_id: str | None) -> dict[str, int]:
    """Dots each participant has given in the round."""
    totals: dict[str, int] = {}
    for vote in store.round_votes(database, session_id, phase_id):
        totals[vote.participant_id] = totals.get(vote.participant_id, 0) + vote.count
    return totals


def remaining(database: Database, session_id: str, phase_id: str | None) -> dict[str, int]:
    """Dots each voter still has in the round."""
    dots = budget(database, session_id, phase_id)
    given = used(database, session_id, phase_id)
    return {p.id: dots - given.get(p.id, 0) for p in voters(database, session_id)}


def rank(contributions: list[Contribution], votes: list[Vote]) -> list[TallyRow]:
    """Contributions by dots, most first; ties share a rank and keep the order entered."""
    dots: dict[str, int] = {}
    people: dict[str, set[str]] = {}
    for vote in votes:
        if vote.count > 0:
            dots[vote.contribution_id] = dots.get(vote.contribution_id, 0) + vote.count
            people.setdefault(vote.contribution_id, set()).add(vote.participant_id)
    ordered = sorted(enumerate(contributions), key=lambda pair: (-dots.get(pair[1].id, 0), pair[0]))
    rows: list[TallyRow] = []
    for position, (_, item) in enumerate(ordered, start=1):
        total = dots.get(item.id, 0)
        shared = rows[-1].rank if rows and rows[-1].dots == total else position
        rows.append(TallyRow(shared, item, total, len(people.get(item.id, ()))))
    return rows


def tally(
    database: Database, session_id: str, phase_id: str | None = None, *, all_rounds: bool = False
) -> list[TallyRow]:
    """The ranked tally of one round, or of every round together."""
    items = captures.list_for_session(database, Contribution, session_id)
    votes = (
        captures.list_votes(database, session_id)
        if all_rounds
        else store.round_votes(database, session_id, phase_id)
    )
    return rank(items, votes)


def rounds(database: Database, session_id: str) -> list[str | None]:
    """Rounds that hold votes or a budget: phase ids in agenda order, then None."""
    found = set(store.rounds_with_votes(database, session_id))
    ordered: list[str | None] = [
        p.id for p in sessions.list_phases(database, session_id) if p.id in found
    ]
    if None in found:
        ordered.append(None)
    return ordered


def board(database: Database, session_id: str, phase_id: str | None) -> Board:
    """One round of the session: its ideas, voters, dots, ranking and budget."""
    ideas = captures.list_for_session(database, Contribution, session_id)
    votes = store.round_votes(database, session_id, phase_id)
    return Board(
        phase_id=phase_id,
        ideas=ideas,
        voters=voters(database, session_id),
        votes=votes,
        tally=rank(ideas, votes),
        left=remaining(database, session_id, phase_id),
        budget=budget(database, session_id, phase_id),
    )


def likely_round(database: Database, session_id: str) -> str | None:
    """The round to open first: the first one voted in, else the phase of the latest idea,
    else the session as a whole (None)."""
    voted = rounds(database, session_id)
    if voted:
        return voted[0]
    ideas = captures.list_for_session(database, Contribution, session_id)
    phased = [c.phase_id for c in ideas if c.phase_id]
    return phased[-1] if phased else None
