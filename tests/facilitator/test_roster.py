"""Roster actions: teams, people, the role catalogue, rotation rules and opt-outs; each says
what it changed, and refusals are one clear sentence."""

from __future__ import annotations

import pytest

from facilitator import roster, roster_import
from facilitator.changes import Topic
from facilitator.errors import ValidationError
from facilitator.model import RoleOptOut, RotationRules


@pytest.fixture
def team(fresh_db):
    return roster.create_team(fresh_db, "Ops").value


def test_a_new_team_comes_with_the_builtin_roles(fresh_db) -> None:
    done = roster.create_team(fresh_db, "Ops")
    assert [t.name for t in roster.list_teams(fresh_db)] == ["Ops"]
    assert roster.list_roles(fresh_db, done.value.id)
    assert done.changes.touches(Topic.TEAMS) and done.changes.team_id == done.value.id


def test_renaming_to_another_teams_name_is_refused(fresh_db, team) -> None:
    roster.create_team(fresh_db, "Dev")
    with pytest.raises(ValidationError, match="already a team"):
        roster.rename_team(fresh_db, team.id, "dev")
    done = roster.rename_team(fresh_db, team.id, "Platform")
    assert roster.get_team(fresh_db, team.id).name == "Platform"
    assert done.changes.topics == {Topic.TEAMS}


def test_people_are_added_edited_and_deactivated(fresh_db, team) -> None:
    added = roster.add_participant(fresh_db, team.id, "Ann", area="Design")
    assert added.changes.topics == {Topic.PEOPLE} and added.changes.team_id == team.id
    edited = roster.update_participant(fresh_db, added.value.id, area="Research")
    assert roster.get_participant(fresh_db, added.value.id).area == "Research"
    assert edited.value.name == "Ann"
    changes = roster.set_participant_active(fresh_db, added.value.id, False)
    assert changes.touches(Topic.PEOPLE)
    assert roster.list_participants(fresh_db, team.id) == []
    assert len(roster.list_participants(fresh_db, team.id, include_inactive=True)) == 1


def test_a_person_cannot_take_a_name_already_in_the_team(fresh_db, team) -> None:
    roster.add_participant(fresh_db, team.id, "Ann")
    bo = roster.add_participant(fresh_db, team.id, "Bo").value
    with pytest.raises(ValidationError, match="already in this team"):
        roster.update_participant(fresh_db, bo.id, name="ann")
    with pytest.raises(ValidationError):
        roster.update_participant(fresh_db, bo.id, name="  ")


def test_importing_people_adds_them_all(fresh_db, team) -> None:
    preview = roster_import.preview_text(fresh_db, team.id, "name,area\nAnn,Design\nBo,Ops\n")
    done = roster.import_people(fresh_db, preview)
    assert [p.name for p in roster.list_participants(fresh_db, team.id)] == ["Ann", "Bo"]
    assert done.changes.topics == {Topic.PEOPLE}


def test_roles_are_added_and_edited_in_the_catalogue(fresh_db, team) -> None:
    done = roster.add_role(fresh_db, team.id, "Weather watcher")
    assert done.changes.topics == {Topic.ROLE_CATALOGUE}
    with pytest.raises(ValidationError, match="already has a role"):
        roster.add_role(fresh_db, team.id, "weather WATCHER")
    roster.update_role(fresh_db, done.value.id, brief="Writes it down", rotates=False)
    stored = roster.get_role(fresh_db, done.value.id)
    assert (stored.brief, stored.rotates, stored.name) == (
        "Writes it down",
        False,
        "Weather watcher",
    )
    assert stored.id not in {r.id for r in roster.list_roles(fresh_db, team.id, rotating_only=True)}


def test_rotation_rules_are_stored_together(fresh_db, team) -> None:
    rules = RotationRules(per_phase=True, shadow_newcomers=False)
    assert roster.set_rotation_rules(fresh_db, team.id, rules).touches(Topic.TEAMS)
    assert roster.get_rotation_rules(fresh_db, team.id) == rules


def test_opt_outs_are_replaced_in_one_step(fresh_db, team) -> None:
    ann = roster.add_participant(fresh_db, team.id, "Ann").value
    first, second = roster.list_roles(fresh_db, team.id)[:2]
    roster.set_optout(fresh_db, ann.id, first.id, note="this quarter")
    done = roster.replace_optouts(fresh_db, ann.id, [RoleOptOut(ann.id, second.id)])
    assert [o.role_id for o in roster.list_optouts(fresh_db, team.id)] == [second.id]
    assert done.changes.touches(Topic.ROLE_CATALOGUE) and done.changes.team_id == team.id
