from __future__ import annotations

import pytest

from facilitator import capture, planning
from facilitator.errors import NotFoundError, ValidationError
from facilitator.model import Action, Contribution, Decision, DecisionMethod, Phase
from facilitator.store import captures, sessions, teams


def test_a_new_team_gets_the_builtin_roles(fresh_db) -> None:
    team = teams.create_team(fresh_db, "Ops")
    names = [r.name for r in teams.list_roles(fresh_db, team.id)]
    assert names[:4] == ["Facilitator", "Timekeeper", "Scribe", "Challenger"]
    assert len(names) >= 6
    assert all(
        r.brief and r.behaviours and r.opening_line for r in teams.list_roles(fresh_db, team.id)
    )


def test_duplicate_names_are_refused(fresh_db) -> None:
    team = teams.create_team(fresh_db, "Ops")
    teams.add_participant(fresh_db, team.id, "Priya")
    with pytest.raises(ValidationError, match="already in this team"):
        teams.add_participant(fresh_db, team.id, " priya ")
    with pytest.raises(ValidationError, match="already a team"):
        teams.create_team(fresh_db, "OPS")


def test_deactivated_people_keep_their_history(fresh_db) -> None:
    team = teams.create_team(fresh_db, "Ops")
    person = teams.add_participant(fresh_db, team.id, "Priya")
    teams.set_participant_active(fresh_db, person.id, False)
    assert teams.list_participants(fresh_db, team.id) == []
    assert teams.list_participants(fresh_db, team.id, include_inactive=True)[0].name == "Priya"


def test_session_phases_and_attendance(fresh_db) -> None:
    team = teams.create_team(fresh_db, "Ops")
    a = teams.add_participant(fresh_db, team.id, "Ann")
    b = teams.add_participant(fresh_db, team.id, "Bo")
    session = sessions.create_session(fresh_db, team.id, "Weekly", planned_date="2026-03-02")
    planning.set_present(fresh_db, session.id, [b.id])
    assert sessions.present_ids(fresh_db, session.id) == [b.id]
    phases = [Phase(session.id, i, f"Step {i}", 60) for i in range(3)]
    sessions.add_phases(fresh_db, phases)
    reordered = sessions.replace_phases(fresh_db, session.id, [phases[2], phases[0]])
    assert [p.title for p in sessions.list_phases(fresh_db, session.id)] == ["Step 2", "Step 0"]
    assert [p.position for p in reordered] == [0, 1]
    del a


def test_captures_round_trip_and_soft_delete(fresh_db) -> None:
    team = teams.create_team(fresh_db, "Ops")
    session = sessions.create_session(fresh_db, team.id, "Weekly")
    text = "<b>Łukasz</b> & Zoë — Ψ Дмитрий שלום 🎉\n  second line  "
    decision = captures.add(
        fresh_db, Decision(session.id, text, DecisionMethod.ADVICE, consulted=("x", "y"))
    )
    stored = captures.get(fresh_db, Decision, decision.id)
    assert stored == decision and stored.text == text and stored.consulted == ("x", "y")
    assert stored.created_at  # stamped when stored
    capture.delete(fresh_db, "decision", decision.id)
    assert captures.list_for_session(fresh_db, Decision, session.id) == []
    assert captures.get(fresh_db, Decision, decision.id) == decision  # kept for the undo
    capture.undo(fresh_db, session.id)
    assert captures.list_for_session(fresh_db, Decision, session.id)[0].text == text


def test_votes_replace_earlier_counts(fresh_db) -> None:
    team = teams.create_team(fresh_db, "Ops")
    person = teams.add_participant(fresh_db, team.id, "Ann")
    session = sessions.create_session(fresh_db, team.id, "Weekly")
    idea = captures.add(fresh_db, Contribution(session.id, "Idea"))
    captures.set_votes(fresh_db, idea.id, person.id, 2)
    captures.set_votes(fresh_db, idea.id, person.id, 3)
    assert [v.count for v in captures.list_votes(fresh_db, session.id)] == [3]


def test_missing_things_raise_not_found(fresh_db) -> None:
    with pytest.raises(NotFoundError):
        sessions.get_session(fresh_db, "nope")
    with pytest.raises(NotFoundError):
        captures.get(fresh_db, Action, "nope")
    with pytest.raises(NotFoundError):
        sessions.resolve_session_id(fresh_db, "latest")


def test_latest_and_prefix_resolve(demo_db) -> None:
    database, sample = demo_db
    assert sessions.resolve_session_id(database, "latest") == sample
    assert sessions.resolve_session_id(database, sample[:8]) == sample
