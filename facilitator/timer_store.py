"""The stored side of a session's timer: what a timer is rebuilt from, and what one of its
transitions writes.

The state machine (``facilitator.timer``) decides; it hands each transition to a
``TimerStore`` as data (a ``Transition``), and shows the change only once it is stored.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from facilitator.model import Phase, Session, TimerEvent
from facilitator.store import runs, sessions
from facilitator.store.database import Database

# A phase's or the session's changed columns, by name (times as ISO text, or None).
Columns = dict[str, str | None]


@dataclass(frozen=True, slots=True)
class Transition:
    """One timer transition as stored, in one transaction: its events, the phases whose
    start or end it moved, and the session's changed status and times."""

    events: tuple[TimerEvent, ...]
    phases: dict[str, Columns] = field(default_factory=dict)
    session: Columns = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class StoredRun:
    """Everything a timer is rebuilt from: the session, its agenda and its timer events."""

    session: Session
    phases: list[Phase]
    events: list[TimerEvent]
    next_seq: int  # the number the next timer event takes


def load(database: Database, session_id: str) -> StoredRun:
    """The session's run as stored."""
    return StoredRun(
        session=sessions.get_session(database, session_id),
        phases=sessions.list_phases(database, session_id),
        events=runs.timer_events(database, session_id),
        next_seq=runs.next_seq(database, session_id),
    )


class TimerStore:
    """Where one session's timer keeps its transitions, and what it asks the record."""

    def __init__(self, database: Database, session_id: str) -> None:
        self.database = database
        self.session_id = session_id

    def anyone_present(self) -> bool:
        """Whether anybody is marked present (a session starts only then)."""
        return bool(sessions.present_ids(self.database, self.session_id))

    def commit(self, transition: Transition) -> None:
        """Store the transition in one transaction; raises (storing nothing) when refused."""
        runs.record_transition(
            self.database,
            list(transition.events),
            phases=transition.phases,
            session=transition.session,
            session_id=self.session_id,
        )
