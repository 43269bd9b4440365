"""Tidying a team list: undo an import, delete a person without history (refused, per kind
of history, for one with), merge two people (every reference moved), archive a team
(hidden from lists, kept in reports) and delete a team (empty, or the demo)."""

from __future__ import annotations

import json

import pytest

from facilitator import demo, ledger, planning, roster, roster_import
from facilitator.changes import Topic
from facilitator.errors import ValidationError
from facilitator.store.database import Database


@pytest.fixture
def team(fresh_db: Database):
    return roster.create_team(fresh_db, "Ops").value


@pytest.fixture
def world(fresh_db: Database, team):
    """A team with a session, a phase and a contribution, and two people: Ann and Bo."""
    ann = roster.add_participant(fresh_db, team.id, "Ann").value
    bo = roster.add_participant(fresh_db, team.id, "Bo").value
    session = planning.create_session(fresh_db, team.id, "Weekly", present_ids=[]).value
    role = roster.list_roles(fresh_db, team.id)[0]
    with fresh_db.write() as db:
        # A session that ran, with nobody's attendance yet: each test gives what it needs.
        db.execute("update sessions set status = 'finished' where id = ?", [session.id])
        db.execute("delete from attendance")
        db.execute(
            "insert into phases (id, session_id, position, title, planned_s, mode) "
            "values ('ph1', ?, 0, 'Talk', 60, 'open')",
            [session.id],
        )
        db.execute(
            "insert into contributions (id, session_id, phase_id, text, created_at) "
            "values ('c1', ?, 'ph1', 'An idea', '2026-03-02T09:00:00+00:00')",
            [session.id],
        )
    return {"db": fresh_db, "team": team, "ann": ann, "bo": bo, "s": session.id, "role": role}


# Each kind of history: what it is called, and how to give it to person ``p``.
HISTORY = {
    "attendance": "insert into attendance (session_id, participant_id, status) "
    "values (:s, :p, 'present')",
    "roles held": "insert into role_assignments (id, session_id, role_id, participant_id) "
    "values ('a-' || :p, :s, :r, :p)",
    "speaking turns": "insert into speaking_turns (id, phase_id, participant_id, started_at) "
    "values ('t-' || :p, 'ph1', :p, '2026-03-02T09:00:00+00:00')",
    "contributions": "insert into contributions (id, session_id, text, participant_id) "
    "values ('c-' || :p, :s, 'Said', :p)",
    "actions owned": "insert into actions (id, session_id, text, status, owner_id) "
    "values ('ac-' || :p, :s, 'Do', 'open', :p)",
    "experiments owned": "insert into experiments (id, session_id, hypothesis, status, owner_id) "
    "values ('x-' || :p, :s, 'If', 'planned', :p)",
    "votes": "insert into votes (id, contribution_id, participant_id, count, phase_id) "
    "values ('v-' || :p, 'c1', :p, 2, 'ph1')",
    "decisions consulted on": "insert into decisions (id, session_id, text, method, consulted) "
    "values ('d-' || :p, :s, 'Go', 'consent', json_array(:p))",
}


def _give(world, kind: str, person_id: str) -> None:
    with world["db"].write() as db:
        db.execute(HISTORY[kind], {"s": world["s"], "p": person_id, "r": world["role"].id})


def _names(database: Database, team_id: str) -> list[str]:
    return [p.name for p in roster.list_participants(database, team_id, include_inactive=True)]


# ------------------------------------------------------------------ delete a person


def test_a_person_without_history_is_deleted_and_the_delete_can_be_undone(world) -> None:
    db, team, ann = world["db"], world["team"], world["ann"]
    role = world["role"]
    roster.set_optout(db, ann.id, role.id, note="Prefers not to")
    done = roster.delete_participant(db, ann.id)
    assert _names(db, team.id) == ["Bo"]
    assert roster.list_optouts(db, team.id) == []
    assert done.changes.touches(Topic.PEOPLE) and done.changes.team_id == team.id

    roster.restore_participant(db, done.value)
    assert roster.get_participant(db, ann.id) == ann
    assert [o.note for o in roster.list_optouts(db, team.id)] == ["Prefers not to"]


def test_a_planned_sessions_places_go_with_the_person_and_come_back(world) -> None:
    db, team, ann = world["db"], world["team"], world["ann"]
    planned = planning.create_session(db, team.id, "Next week").value
    with db.write() as w:
        w.execute(
            "insert into role_assignments (id, session_id, role_id, participant_id) "
            "values ('next', ?, ?, ?)",
            [planned.id, world["role"].id, ann.id],
        )
    assert roster.participant_history(db, ann.id) == []
    done = roster.delete_participant(db, ann.id)
    assert db.query("select 1 from attendance where participant_id = ?", [ann.id]) == []
    assert db.query("select 1 from role_assignments where id = 'next'") == []

    roster.restore_participant(db, done.value)
    assert set(planning.present_ids(db, planned.id)) == {ann.id, world["bo"].id}
    assert db.query("select participant_id from role_assignments where id = 'next'") == [
        {"participant_id": ann.id}
    ]


def test_a_planned_session_does_not_count_as_history(world) -> None:
    db, ann = world["db"], world["ann"]
    _give(world, "attendance", ann.id)
    with db.write() as w:
        w.execute("update sessions set status = 'planned'")
    assert roster.participant_history(db, ann.id) == []


@pytest.mark.parametrize("kind", list(HISTORY))
def test_a_person_with_history_cannot_be_deleted(world, kind: str) -> None:
    db, ann = world["db"], world["ann"]
    _give(world, kind, ann.id)
    assert roster.participant_history(db, ann.id) == [kind]
    with pytest.raises(ValidationError) as refused:
        roster.delete_participant(db, ann.id)
    message = str(refused.value)
    assert message.count(".") == 1 and kind in message
    assert "merge" in message and "deactivate" in message
    assert "Ann" in _names(db, world["team"].id)


def test_being_shadowed_is_history_too(world) -> None:
    db, ann, bo = world["db"], world["ann"], world["bo"]
    with db.write() as w:
        w.execute(
            "insert into role_assignments (id, session_id, role_id, participant_id, shadow_of) "
            "values ('sh', ?, ?, ?, ?)",
            [world["s"], world["role"].id, bo.id, ann.id],
        )
    assert roster.participant_history(db, ann.id) == ["roles held"]


# ------------------------------------------------------------------ merge two people


@pytest.mark.parametrize("kind", list(HISTORY))
def test_merging_moves_each_kind_of_history_to_the_one_kept(world, kind: str) -> None:
    db, ann, bo = world["db"], world["ann"], world["bo"]
    _give(world, kind, bo.id)
    done = roster.merge_participants(db, ann.id, bo.id)
    assert done.value.id == ann.id
    assert _names(db, world["team"].id) == ["Ann"]
    assert roster.participant_history(db, ann.id) == [kind]
    assert roster.participant_history(db, bo.id) == []


def test_a_merge_resolves_clashes_as_one_persons_record(world) -> None:
    db, ann, bo = world["db"], world["ann"], world["bo"]
    role = world["role"]
    with db.write() as w:
        params = {"s": world["s"], "a": ann.id, "b": bo.id, "r": role.id}
        w.execute(
            "insert into attendance (session_id, participant_id, status) "
            "values (:s, :a, 'absent'), (:s, :b, 'present')",
            params,
        )
        w.execute(
            "insert into votes (id, contribution_id, participant_id, count, phase_id) "
            "values ('va', 'c1', :a, 1, 'ph1'), ('vb', 'c1', :b, 3, 'ph1')",
            params,
        )
        w.execute(
            "insert into role_assignments (id, session_id, role_id, participant_id, shadow_of) "
            "values ('lead', :s, :r, :a, null), ('shadow', :s, :r, :b, :a)",
            params,
        )
        w.execute(
            "insert into decisions (id, session_id, text, method, consulted) "
            "values ('d', :s, 'Go', 'consent', json_array(:a, :b))",
            params,
        )
    roster.set_optout(db, ann.id, role.id, note="Ann's")
    roster.set_optout(db, bo.id, role.id, note="Bo's")
    roster.update_participant(db, bo.id, area="Finance")

    roster.merge_participants(db, ann.id, bo.id)

    attendance = db.query("select participant_id, status from attendance")
    assert attendance == [{"participant_id": ann.id, "status": "present"}]
    assert db.query("select participant_id, count from votes") == [
        {"participant_id": ann.id, "count": 3}
    ]
    assert [r["id"] for r in db.query("select id from role_assignments")] == ["lead"]
    consulted = db.query("select consulted from decisions")[0]["consulted"]
    assert json.loads(consulted) == [ann.id]
    assert [o.note for o in roster.list_optouts(db, world["team"].id)] == ["Ann's"]
    assert roster.get_participant(db, ann.id).area == "Finance"


def test_a_merge_rewrites_the_undo_history_that_names_the_person(world) -> None:
    db, ann, bo = world["db"], world["ann"], world["bo"]
    _give(world, "actions owned", bo.id)
    with db.write() as w:
        w.execute(
            "insert into capture_undo (id, session_id, seq, op, kind, item_id, before, "
            "created_at) values ('u', ?, 1, 'edit', 'action', 'ac-x', ?, 'now')",
            [world["s"], json.dumps({"owner_id": bo.id})],
        )
    roster.merge_participants(db, ann.id, bo.id)
    before = json.loads(db.query("select before from capture_undo")[0]["before"])
    assert before == {"owner_id": ann.id}


def test_a_person_cannot_merge_into_themselves_or_another_team(world) -> None:
    db, ann = world["db"], world["ann"]
    other = roster.create_team(db, "Dev").value
    stranger = roster.add_participant(db, other.id, "Cy").value
    with pytest.raises(ValidationError, match="themselves"):
        roster.merge_participants(db, ann.id, ann.id)
    with pytest.raises(ValidationError, match="different teams"):
        roster.merge_participants(db, ann.id, stranger.id)


# ------------------------------------------------------------------ undo an import


def _import(database: Database, team_id: str, text: str, source: str = "team.csv"):
    preview = roster_import.preview_text(database, team_id, text)
    return roster.import_people(database, preview, source=source)


def test_an_import_is_recorded_as_a_batch(fresh_db, team) -> None:
    done = _import(fresh_db, team.id, "name\nAnn\nBo\n")
    (batch,) = roster.list_imports(fresh_db, team.id)
    assert batch.source == "team.csv" and not batch.undone_at
    assert set(batch.people) == {p.id for p in done.value}


def test_undoing_an_import_removes_its_people(fresh_db, team) -> None:
    roster.add_participant(fresh_db, team.id, "Zed")
    _import(fresh_db, team.id, "name\nAnn\nBo\n")
    (batch,) = roster.list_imports(fresh_db, team.id)
    done = roster.undo_import(fresh_db, batch.id)
    assert _names(fresh_db, team.id) == ["Zed"]
    assert done.value.removed == ("Ann", "Bo") and done.value.kept == ()
    assert done.value.message() == "Import from team.csv undone: 2 people removed."
    assert roster.list_imports(fresh_db, team.id)[0].undone_at
    with pytest.raises(ValidationError, match="already undone"):
        roster.undo_import(fresh_db, batch.id)


def test_undoing_an_import_keeps_and_deactivates_who_has_history_since(world) -> None:
    db, team = world["db"], world["team"]
    people = _import(db, team.id, "name\nCy\nDi\nEd\n").value
    by_name = {p.name: p for p in people}
    _give(world, "attendance", by_name["Di"].id)
    (batch,) = roster.list_imports(db, team.id)
    done = roster.undo_import(db, batch.id)
    assert _names(db, team.id) == ["Ann", "Bo", "Di"]
    assert not roster.get_participant(db, by_name["Di"].id).active
    assert done.value.kept == ("Di",)
    assert done.value.message() == (
        "Import from team.csv undone: 2 people removed; kept and deactivated Di, "
        "who has history since."
    )


def test_a_person_merged_away_is_no_longer_in_their_import(world) -> None:
    db, team, ann = world["db"], world["team"], world["ann"]
    (cy,) = _import(db, team.id, "name\nCy\n").value
    roster.merge_participants(db, ann.id, cy.id)
    (batch,) = roster.list_imports(db, team.id)
    roster.undo_import(db, batch.id)
    assert "Ann" in _names(db, team.id)


# ------------------------------------------------------------------ archive a team


def test_an_archived_team_leaves_lists_but_stays_in_reports(world) -> None:
    db, team = world["db"], world["team"]
    other = roster.create_team(db, "Dev").value
    changes = roster.archive_team(db, team.id)
    assert changes.touches(Topic.TEAMS)
    assert [t.name for t in roster.list_teams(db)] == ["Dev"]
    assert {t.name for t in roster.list_teams(db, include_archived=True)} == {"Dev", "Ops"}
    assert roster.is_archived(db, team.id) and not roster.is_archived(db, other.id)
    assert ledger.load(db, team.id).team.name == "Ops"
    assert planning.get_session(db, world["s"]).team_id == team.id

    roster.unarchive_team(db, team.id)
    assert [t.name for t in roster.list_teams(db)] == ["Dev", "Ops"]


# ------------------------------------------------------------------ delete a team


def test_a_team_without_sessions_is_deleted_with_its_people(fresh_db, team) -> None:
    roster.add_participant(fresh_db, team.id, "Ann")
    _import(fresh_db, team.id, "name\nBo\n")
    roster.archive_team(fresh_db, team.id)
    assert roster.can_delete_team(fresh_db, team.id)
    changes = roster.delete_team(fresh_db, team.id)
    assert changes.touches(Topic.TEAMS, Topic.PEOPLE)
    assert roster.list_teams(fresh_db, include_archived=True) == []
    assert fresh_db.query("select count(*) as n from participants")[0]["n"] == 0


def test_a_team_with_sessions_is_refused_with_archive_offered(world) -> None:
    db, team = world["db"], world["team"]
    assert not roster.can_delete_team(db, team.id)
    with pytest.raises(ValidationError, match="1 session on record.*archive it instead"):
        roster.delete_team(db, team.id)
    assert [t.name for t in roster.list_teams(db)] == ["Ops"]


def test_the_demo_team_is_deleted_whole_and_the_rest_is_untouched(world) -> None:
    db = world["db"]
    before = {
        table: db.query(f"select count(*) as n from {table}")[0]["n"]
        for table in ("participants", "sessions", "contributions", "roles", "phases")
    }
    demo.add_demo(db)
    (demo_team,) = [t for t in roster.list_teams(db) if t.name != "Ops"]
    assert roster.can_delete_team(db, demo_team.id)
    roster.delete_team(db, demo_team.id)
    assert [t.name for t in roster.list_teams(db)] == ["Ops"]
    after = {table: db.query(f"select count(*) as n from {table}")[0]["n"] for table in before}
    assert after == before
    assert (
        db.query(
            "select count(*) as n from capture_fts where session_id not in "
            "(select id from sessions)"
        )[0]["n"]
        == 0
    )


def test_a_demo_team_with_a_real_session_added_is_refused(fresh_db) -> None:
    demo.add_demo(fresh_db)
    (demo_team,) = roster.list_teams(fresh_db)
    planning.create_session(fresh_db, demo_team.id, "Our own", present_ids=[])
    with pytest.raises(ValidationError, match="1 session on record"):
        roster.delete_team(fresh_db, demo_team.id)
