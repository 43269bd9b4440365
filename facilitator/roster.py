"""The team's roster, the user actions and reads: teams, the people in them, the team's role
catalogue, its rotation rules and who opts out of which role.

Each action checks, commits and returns what it changed (``Changes``, or ``Done`` with the
value made or stored); the reads are what the screens show.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from facilitator.changes import Changes, Done, Topic
from facilitator.model import Participant, Role, RoleOptOut, RotationRules, Team
from facilitator.store import teams
from facilitator.store.database import Database

# ------------------------------------------------------------------ reads

if TYPE_CHECKING:
    from facilitator import roster_import


def list_teams(database: Database) -> list[Team]:
    """Every team, by name."""
    return teams.list_teams(database)


def get_team(database: Database, team_id: str) -> Team:
    return teams.get_team(database, team_id)


def find_team(database: Database, id_or_name: str) -> Team:
    """A team by id or by (case-insensitive) name."""
    return teams.find_team(database, id_or_name)


def list_participants(
    database: Database, team_id: str, *, include_inactive: bool = False
) -> list[Participant]:
    """The team's people by name; the active ones unless ``include_inactive``."""
    return teams.list_participants(database, team_id, include_inactive=include_inactive)


def get_participant(database: Database, participant_id: str) -> Participant:
    return teams.get_participant(database, participant_id)


def list_roles(database: Database, team_id: str, *, rotating_only: bool = False) -> list[Role]:
    """The team's role catalogue in display order."""
    return teams.list_roles(database, team_id, rotating_only=rotating_only)


def get_role(database: Database, role_id: str) -> Role:
    return teams.get_role(database, role_id)


def get_rotation_rules(database: Database, team_id: str) -> RotationRules:
    return teams.get_rotation_rules(database, team_id)


def list_optouts(database: Database, team_id: str) -> list[RoleOptOut]:
    """Every opt-out of the team's people (expired ones too)."""
    return teams.list_optouts(database, team_id)


# ------------------------------------------------------------------ teams


def _team(team_id: str, *topics: Topic) -> Changes:
    return Changes.of(*topics, team_id=team_id)


def create_team(database: Database, name: str) -> Done[Team]:
    """A new team, with its own copy of the built-in roles."""
    team = teams.create_team(database, name)
    return Done(team, _team(team.id, Topic.TEAMS, Topic.ROLE_CATALOGUE))


def rename_team(database: Database, team_id: str, name: str) -> Done[Team]:
    team = teams.rename_team(database, team_id, name)
    return Done(team, _team(team_id, Topic.TEAMS))


def set_rotation_rules(database: Database, team_id: str, rules: RotationRules) -> Changes:
    """How the team rotates (per session or per agenda item; newcomers shadow or not)."""
    teams.set_rotation_rules(database, team_id, rules)
    return _team(team_id, Topic.TEAMS)


# ------------------------------------------------------------------ people


def add_participant(
    database: Database, team_id: str, name: str, area: str = "", note: str = "", joined_on: str = ""
) -> Done[Participant]:
    person = teams.add_participant(database, team_id, name, area, note, joined_on)
    return Done(person, _team(team_id, Topic.PEOPLE))


def update_participant(database: Database, participant_id: str, **fields: Any) -> Done[Participant]:
    """Change a person's name, area, note or joining date (validated as a new record)."""
    person = teams.get_participant(database, participant_id)
    stored = teams.update_participant(database, dataclasses.replace(person, **fields))
    return Done(stored, _team(person.team_id, Topic.PEOPLE))


def set_participant_active(database: Database, participant_id: str, active: bool) -> Changes:
    """Deactivate instead of deleting: a person's history stays in the ledger and reports."""
    person = teams.get_participant(database, participant_id)
    teams.set_participant_active(database, participant_id, active)
    return _team(person.team_id, Topic.PEOPLE)


def import_people(
    database: Database, preview: roster_import.Preview, joined_on: str = ""
) -> Done[list[Participant]]:
    """Add every accepted row of a previewed CSV in one transaction (all or nothing)."""
    from facilitator import roster_import  # the CSV import loads when it is used

    people = roster_import.commit(database, preview, joined_on)
    return Done(people, _team(preview.team_id, Topic.PEOPLE))


# ------------------------------------------------------------------ role catalogue


def add_role(
    database: Database,
    team_id: str,
    name: str,
    brief: str = "",
    behaviours: tuple[str, ...] = (),
    opening_line: str = "",
    rotates: bool = True,
) -> Done[Role]:
    role = teams.add_role(database, team_id, name, brief, behaviours, opening_line, rotates)
    return Done(role, _team(team_id, Topic.ROLE_CATALOGUE))


def update_role(database: Database, role_id: str, **fields: Any) -> Done[Role]:
    """Change a role's name, brief, behaviours, opening line or whether it rotates."""
    role = teams.get_role(database, role_id)
    stored = teams.update_role(database, dataclasses.replace(role, **fields))
    return Done(stored, _team(role.team_id, Topic.ROLE_CATALOGUE))


def set_optout(
    database: Database, participant_id: str, role_id: str, until: str = "", note: str = ""
) -> Done[RoleOptOut]:
    """A person does not take a role, until a date or until removed."""
    optout = teams.set_optout(database, participant_id, role_id, until, note)
    person = teams.get_participant(database, participant_id)
    return Done(optout, _team(person.team_id, Topic.ROLE_CATALOGUE))


def replace_optouts(
    database: Database, participant_id: str, optouts: Sequence[RoleOptOut]
) -> Done[list[RoleOptOut]]:
    """A person's opt-outs become exactly these, in one step (the opt-outs editor)."""
    person = teams.get_participant(database, participant_id)
    stored = teams.replace_optouts(database, participant_id, list(optouts))
    return Done(stored, _team(person.team_id, Topic.ROLE_CATALOGUE))
