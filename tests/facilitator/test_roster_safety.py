"""The roster's safety rules: a rename meets the same duplicate check as adding someone
(case and accents folded), and the steps that cannot be undone (deleting a team, merging
two people) take a backup first."""

from __future__ import annotations

import pytest

from facilitator import backup, demo, planning, roster
from facilitator.errors import ValidationError
from facilitator.model import Participant
from facilitator.store.database import Database


@pytest.mark.parametrize(
    ("typed", "said"),
    [("ZOË WEIß", "ZOË WEIß"), ("zoe weiss", "zoe weiss"), (" Zoë  Weiß ", "Zoë Weiß")],
)
def test_a_rename_to_a_name_already_in_the_team_is_refused(fresh_db: Database, typed, said) -> None:
    team = roster.create_team(fresh_db, "Ops").value
    roster.add_participant(fresh_db, team.id, "Zoë Weiß")
    pia = roster.add_participant(fresh_db, team.id, "Pia Lund").value
    with pytest.raises(ValidationError, match=f"^{said} is already in this team.$"):
        roster.update_participant(fresh_db, pia.id, name=typed)
    assert roster.get_participant(fresh_db, pia.id).name == "Pia Lund"


def test_adding_a_name_already_in_the_team_with_other_accents_is_refused(fresh_db) -> None:
    team = roster.create_team(fresh_db, "Ops").value
    roster.add_participant(fresh_db, team.id, "Zoë Weiß")
    with pytest.raises(ValidationError, match="ZOE WEISS is already in this team"):
        roster.add_participant(fresh_db, team.id, "ZOE WEISS")


def test_a_person_may_change_the_case_or_accents_of_their_own_name(fresh_db) -> None:
    team = roster.create_team(fresh_db, "Ops").value
    zoe = roster.add_participant(fresh_db, team.id, "Zoe Weiss").value
    assert roster.update_participant(fresh_db, zoe.id, name="Zoë Weiß").value.name == "Zoë Weiß"


def _reasons(database: Database) -> list[str]:
    assert database.path is not None
    return [b.reason for b in backup.list_backups(database.path)]


def test_deleting_the_demo_team_takes_a_backup_first(file_db: Database) -> None:
    demo.add_demo(file_db)
    (team,) = roster.list_teams(file_db)
    roster.delete_team(file_db, team.id)
    assert _reasons(file_db) == ["before-deleting-a-team"]
    assert file_db.path is not None
    (taken,) = backup.list_backups(file_db.path)
    assert taken.why == "Before deleting a team"
    assert len(backup.check_backup(taken.path).sessions) == 6


def test_merging_two_people_takes_a_backup_first(file_db: Database) -> None:
    team = roster.create_team(file_db, "Ops").value
    ann = roster.add_participant(file_db, team.id, "Ann").value
    anne = roster.add_participant(file_db, team.id, "Anne").value
    roster.merge_participants(file_db, ann.id, anne.id)
    assert _reasons(file_db) == ["before-merging-people"]


def test_a_refused_delete_or_merge_leaves_no_backup(file_db: Database) -> None:
    team = roster.create_team(file_db, "Ops").value
    ann = roster.add_participant(file_db, team.id, "Ann").value
    planning.create_session(file_db, team.id, "Weekly", present_ids=[])
    with pytest.raises(ValidationError):
        roster.merge_participants(file_db, ann.id, ann.id)
    with pytest.raises(ValidationError):
        roster.delete_team(file_db, team.id)
    assert _reasons(file_db) == []


def test_an_in_memory_database_deletes_a_team_without_a_backup(fresh_db: Database) -> None:
    team = roster.create_team(fresh_db, "Ops").value
    roster.delete_team(fresh_db, team.id)
    assert roster.list_teams(fresh_db) == []


def test_no_session_is_planned_for_an_archived_team_until_it_is_back(fresh_db) -> None:
    team = roster.create_team(fresh_db, "Ops Team").value
    assert roster.why_not_plannable(fresh_db, team.id) == ""
    roster.archive_team(fresh_db, team.id)
    assert roster.why_not_plannable(fresh_db, team.id) == (
        "Ops Team is archived; bring it back first "
        "(Archive or delete… → Bring back from the archive)."
    )
    roster.unarchive_team(fresh_db, team.id)
    assert roster.why_not_plannable(fresh_db, team.id) == ""


def _people(*names: str) -> list[Participant]:
    return [Participant(team_id="t", name=name) for name in names]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("ZOË WEIß", "Zoe Weiss"),  # the same name, other case and accents
        ("Bob", "Bob Smith"),  # a shared word
        ("Jonas Burg", "Jonas Berg"),  # shared first name beats alphabetical order
        ("Pia Lnud", "Pia Lund"),
        ("Ingrid Soren", "Ingrid Søren"),
        ("Chen Wie", "Chen Wei"),
        ("Marta Cole", None),  # nobody alike: the user chooses
    ],
)
def test_the_merge_proposes_the_likely_duplicate(name, expected) -> None:
    others = _people("Álvaro Núñez", "Bob Smith", "Chen Wei", "Ingrid Søren", "Jonas Berg")
    others += _people("Pia Lund", "Zoe Weiss")
    found = roster.likely_same_person(Participant(team_id="t", name=name), others)
    assert (found.name if found else None) == expected


def test_a_typo_with_no_shared_word_is_still_proposed() -> None:
    (found,) = [roster.likely_same_person(*_people("Jonsa Brg"), _people("Ann", "Jonas Berg"))]
    assert found is not None and found.name == "Jonas Berg"
