"""A small team with a few sessions, shared by the capture, review and follow-up tests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from facilitator.clock import FakeClock
from facilitator.model import Participant, Phase, Session
from facilitator.store import Database, sessions, teams


@dataclass
class World:
    database: Database
    clock: FakeClock
    team_id: str
    ann: Participant
    bo: Participant
    cy: Participant
    first: Session
    second: Session
    third: Session
    phase: Phase  # a phase of the first session

    @property
    def people(self) -> list[Participant]:
        return [self.ann, self.bo, self.cy]


def make_world(database: Database) -> World:
    clock = FakeClock(datetime(2026, 3, 2, 9, 0, tzinfo=UTC))
    team = teams.create_team(database, "Ops")
    ann = teams.add_participant(database, team.id, "Ann Lee", "Finance")
    bo = teams.add_participant(database, team.id, "Bo Jensen", "Warehouse")
    cy = teams.add_participant(database, team.id, "Cy Okafor", "IT")
    first = sessions.create_session(database, team.id, "First", planned_date="2026-03-02")
    second = sessions.create_session(database, team.id, "Second", planned_date="2026-03-09")
    third = sessions.create_session(database, team.id, "Third", planned_date="2026-03-16")
    phase = Phase(first.id, 0, "Ideas", 600)
    sessions.add_phases(database, [phase])
    return World(database, clock, team.id, ann, bo, cy, first, second, third, phase)
