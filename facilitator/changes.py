"""What a user action changed: the small value every action returns, so each screen can tell
whether what it shows is now out of date and reload it itself.

Every user action is a core function of the feature it belongs to (``planning``, ``roster``,
``capture``, ``rota``, ...). It does its checks, commits through ``Database.write()`` and
returns ``Changes`` (or ``Done``: a value and its ``Changes``). The UI calls it through
``ui.ops.run_op``, which shows a refusal one way everywhere and broadcasts the changes.
Anki's ``OpChanges`` is the model; ours is synchronous, because a durable write takes
milliseconds.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Generic, TypeVar

T = TypeVar("T")


class Topic(StrEnum):
    """The parts of the record an action can touch; screens refresh for the ones they show."""

    TEAMS = "teams"  # teams: added, renamed, their rotation rules
    PEOPLE = "people"  # the roster: participants, their areas of work, active or not
    ROLE_CATALOGUE = "role_catalogue"  # a team's roles, briefs and opt-outs
    SESSIONS = "sessions"  # sessions: added, title, dilemma, status, planned start
    AGENDA = "agenda"  # a session's phases: order, titles, formats, planned times
    ATTENDANCE = "attendance"  # who is present, absent, left early
    TEMPLATES = "templates"  # saved agenda templates
    FORMATS = "formats"  # the facilitator's own formats: saved, edited, imported, deleted
    ROLES = "roles"  # role assignments: accepted, reassigned, passed on, confirmed
    RUN = "run"  # timer events and speaking turns of a running session
    CAPTURES = "captures"  # contributions, decisions, actions, experiments, learnings
    VOTES = "votes"  # dot votes
    REVIEWS = "reviews"  # review rounds over earlier items; reviews of the rota


@dataclass(frozen=True)
class Changes:
    """What one action touched.

    ``session_id`` and ``team_id`` say where, when the action happened in one session or
    team; ``everything`` says the database's content was replaced (a restore) and every
    screen reloads.
    """

    topics: frozenset[Topic] = field(default_factory=frozenset)
    session_id: str | None = None
    team_id: str | None = None
    everything: bool = False

    @classmethod
    def of(
        cls, *topics: Topic, session_id: str | None = None, team_id: str | None = None
    ) -> Changes:
        return cls(frozenset(topics), session_id, team_id)

    def touches(self, *topics: Topic) -> bool:
        """Whether any of these topics changed (always, when everything did)."""
        return self.everything or not self.topics.isdisjoint(topics)

    def __bool__(self) -> bool:
        return self.everything or bool(self.topics)

    def __or__(self, other: Changes) -> Changes:
        """Both changes at once; a place is kept only when both name the same one."""
        return Changes(
            self.topics | other.topics,
            self.session_id if self.session_id == other.session_id else None,
            self.team_id if self.team_id == other.team_id else None,
            self.everything or other.everything,
        )


NOTHING = Changes()
EVERYTHING = Changes(everything=True)


@dataclass(frozen=True)
class Done(Generic[T]):
    """An action's result (the session it made, the capture it stored) and what it changed."""

    value: T
    changes: Changes
