"""Capturing each kind of item, editing, deleting and undoing, and refusing bad input."""

from __future__ import annotations

import dataclasses

import pytest

from facilitator import capture, kinds
from facilitator.changes import Changes, Topic
from facilitator.errors import NotFoundError, ValidationError, WriteFailedError
from facilitator.model import (
    ActionStatus,
    DecisionMethod,
    Experiment,
    ExperimentStatus,
)
from facilitator.store import captures, open_database, sessions
from tests.facilitator.capture_world import World, make_world


@pytest.fixture
def world(fresh_db) -> World:
    return make_world(fresh_db)


def test_each_kind_is_stored_with_its_fields_phase_and_time(world: World) -> None:
    db, sid, clock = world.database, world.first.id, world.clock
    idea = capture.add(
        db,
        "contribution",
        sid,
        "Shadow mode first",
        phase_id=world.phase.id,
        participant_id=world.bo.id,
        clock=clock,
    ).value
    clock.advance(30)
    decision = capture.add(
        db,
        "decision",
        sid,
        "We go with shadow mode",
        method=DecisionMethod.ADVICE,
        rationale="Least risk",
        consulted=(world.ann.id, world.cy.id),
        objections="Double entry; the vendor helps",
        phase_id=world.phase.id,
        clock=clock,
    ).value
    clock.advance(30)
    action = capture.add(
        db, "action", sid, "Book the vendor", owner_id=world.ann.id, due="2026-03-06", clock=clock
    ).value
    experiment = capture.add(
        db,
        "experiment",
        sid,
        "Zone batching halves late dispatches",
        what_we_try="Zone C only",
        limit_time="2 weeks",
        limit_money="none",
        limit_risk="stop above 1% mis-picks",
        success_signal="under 6% late",
        stop_signal="mis-picks above 1%",
        owner_id=world.bo.id,
        review_on="2026-03-16",
        status=ExperimentStatus.RUNNING,
        clock=clock,
    ).value
    learning = capture.add(
        db,
        "learning",
        sid,
        "Ownership of the wave plan matters",
        experiment_id=experiment.id,
        clock=clock,
    ).value

    assert idea.created_at == "2026-03-02T09:00:00.000+00:00"
    assert decision.created_at == "2026-03-02T09:00:30.000+00:00"
    stored = capture.for_session(db, sid)
    assert [kinds.of(i).name for i in stored] == [
        "contribution",
        "decision",
        "action",
        "experiment",
        "learning",
    ]
    got = capture.get(db, "decision", decision.id)
    assert got.consulted == (world.ann.id, world.cy.id)
    assert got.method is DecisionMethod.ADVICE and got.phase_id == world.phase.id
    assert capture.get(db, "action", action.id).owner_id == world.ann.id
    assert capture.get(db, "action", action.id).status is ActionStatus.OPEN
    exp = capture.get(db, "experiment", experiment.id)
    assert exp.limit_risk == "stop above 1% mis-picks" and exp.review_on == "2026-03-16"
    assert capture.get(db, "learning", learning.id).experiment_id == experiment.id
    assert kinds.main_text(exp) == "Zone batching halves late dispatches"


def test_delete_and_undo_restore_the_item_exactly(world: World) -> None:
    db, sid = world.database, world.first.id
    item = capture.add(
        db, "action", sid, "Book the vendor", owner_id=world.ann.id, clock=world.clock
    ).value
    row_before = db.query("select * from actions where id = ?", [item.id])[0]
    world.clock.advance(5)
    entry = capture.delete(db, "action", item.id, clock=world.clock).value
    assert entry.op == "delete" and capture.for_session(db, sid) == []
    assert capture.describe_undo(entry) == "Undo delete of action “Book the vendor”"
    assert capture.next_undo(db, sid) == entry
    back = capture.undo(db, sid).value
    assert back is not None and back.item_id == item.id
    assert db.query("select * from actions where id = ?", [item.id])[0] == row_before
    assert capture.next_undo(db, sid) is None
    assert capture.undo(db, sid).value is None


def test_undo_takes_back_edits_newest_first(world: World) -> None:
    db, sid = world.database, world.first.id
    item = capture.add(db, "decision", sid, "Version 1", clock=world.clock).value
    v2 = capture.change(
        db, item, text="Version 2", method=DecisionMethod.VOTE, clock=world.clock
    ).value
    capture.change(db, v2, text="Version 3", clock=world.clock)
    capture.delete(db, "decision", item.id, clock=world.clock)
    assert capture.undo(db, sid).value.op == "delete"
    assert capture.get(db, "decision", item.id).text == "Version 3"
    capture.undo(db, sid)
    assert capture.get(db, "decision", item.id).text == "Version 2"
    capture.undo(db, sid)
    restored = capture.get(db, "decision", item.id)
    assert restored.text == "Version 1" and restored.method is DecisionMethod.CONSENT


def test_undo_history_is_per_session_and_ends_with_the_session(world: World) -> None:
    db = world.database
    a = capture.add(db, "contribution", world.first.id, "A", clock=world.clock).value
    b = capture.add(db, "contribution", world.second.id, "B", clock=world.clock).value
    capture.delete(db, "contribution", a.id, clock=world.clock)
    capture.delete(db, "contribution", b.id, clock=world.clock)
    assert capture.undo(db, world.first.id).value.item_id == a.id
    assert capture.next_undo(db, world.second.id).item_id == b.id
    # The second session ends: its history is no longer offered.
    sessions.edit_session(db, world.second.id, ended_at="2099-01-01T00:00:00.000+00:00")
    assert capture.next_undo(db, world.second.id) is None
    assert capture.undo(db, world.second.id).value is None
    # A view that opened later only undoes what was done since it opened.
    c = capture.add(db, "contribution", world.first.id, "C", clock=world.clock).value
    capture.delete(db, "contribution", c.id, clock=world.clock)
    assert capture.next_undo(db, world.first.id, since="2099-01-01") is None


def test_undo_survives_reopening_the_file(db_path) -> None:
    database = open_database(db_path)
    world = make_world(database)
    item = capture.add(database, "learning", world.first.id, "Keep it", clock=world.clock).value
    capture.delete(database, "learning", item.id, clock=world.clock)
    database.close()
    reopened = open_database(db_path)
    assert capture.undo(reopened, world.first.id).value.item_id == item.id
    assert capture.get(reopened, "learning", item.id).text == "Keep it"
    reopened.close()


@pytest.mark.parametrize("text", ["", "   ", "\n\t "])
def test_empty_text_is_refused(world: World, text: str) -> None:
    with pytest.raises(ValidationError, match="cannot be empty"):
        capture.add(world.database, "decision", world.first.id, text)


def test_nul_is_refused_but_other_control_characters_are_kept(world: World) -> None:
    with pytest.raises(ValidationError, match="NUL"):
        capture.add(world.database, "contribution", world.first.id, "a\x00b")
    text = "bell\x07 tab\t esc\x1b del\x7f"
    item = capture.add(world.database, "contribution", world.first.id, text).value
    assert capture.get(world.database, "contribution", item.id).text == text


@pytest.mark.parametrize(
    "text",
    [
        "x" * 100_000,
        "Zoë 🎉👩🏽‍🚀 party",
        "שלום, זו החלטה — مرحبا",
        "<b>bold</b> & \"quotes\" 'single' \\ back",
        "line one\r\nline two\n\n  indented  ",
    ],
)
def test_hostile_text_round_trips(world: World, text: str) -> None:
    for kind in kinds.NAMES:
        item = capture.add(world.database, kind, world.first.id, text).value
        assert kinds.main_text(capture.get(world.database, kind, item.id)) == text


def test_a_lone_surrogate_is_refused_clearly(world: World) -> None:
    with pytest.raises(ValidationError, match="broken character"):
        capture.add(world.database, "contribution", world.first.id, "half \ud800 pair")
    item = capture.add(world.database, "decision", world.first.id, "ok").value
    with pytest.raises(ValidationError, match="Rationale contains a broken character"):
        capture.change(world.database, item, rationale="\udfff")


def test_too_long_text_is_refused_with_a_count(world: World) -> None:
    with pytest.raises(ValidationError, match="too long"):
        capture.add(world.database, "contribution", world.first.id, "x" * 200_001)


def test_owner_must_belong_to_the_team(world: World, fresh_db) -> None:
    from facilitator.store import teams

    other_team = teams.create_team(fresh_db, "Other")
    stranger = teams.add_participant(fresh_db, other_team.id, "Stranger")
    with pytest.raises(ValidationError, match="not in this team"):
        capture.add(fresh_db, "action", world.first.id, "Do it", owner_id=stranger.id)
    with pytest.raises(ValidationError, match="not in this team"):
        capture.add(fresh_db, "decision", world.first.id, "Do it", consulted=(stranger.id,))
    with pytest.raises(ValidationError, match="another session"):
        capture.add(fresh_db, "action", world.second.id, "Do it", phase_id=world.phase.id)


def test_names_resolve_like_a_scribe_types_them(world: World) -> None:
    people = world.people
    assert capture.resolve_person(people, "ann lee") is world.ann
    assert capture.resolve_person(people, "Bo") is world.bo
    assert capture.resolve_person(people, "okaf") is world.cy
    assert capture.resolve_person(people, "  ") is None
    with pytest.raises(ValidationError, match="nobody called 'Dana'"):
        capture.resolve_person(people, "Dana")
    assert capture.resolve_people(people, "Ann; bo , Ann") == (world.ann.id, world.bo.id)
    from facilitator.model import Participant

    twins = [*people, Participant(world.team_id, "Anna Berg")]
    with pytest.raises(ValidationError, match="type more"):
        capture.resolve_person(twins, "an")
    # Accents aside, as search has it: a scribe typing fast types "zoe" for Zoë Marín.
    zoe = Participant(world.team_id, "Zoë Marín")
    benoit = Participant(world.team_id, "Benoît Lefèvre")
    assert capture.resolve_person([*people, zoe, benoit], "zoe") is zoe
    assert capture.resolve_person([*people, zoe, benoit], "marin") is zoe
    assert capture.resolve_person([*people, zoe, benoit], "BENOIT LEFEVRE") is benoit


def test_past_due_dates_are_stored_faithfully(world: World) -> None:
    item = capture.add(
        world.database, "action", world.first.id, "Late already", due="2001-01-01"
    ).value
    assert capture.get(world.database, "action", item.id).due == "2001-01-01"


def test_a_learning_cannot_link_another_teams_experiment(world: World, fresh_db) -> None:
    from facilitator.store import teams

    other = teams.create_team(fresh_db, "Other")
    elsewhere = sessions.create_session(fresh_db, other.id, "Elsewhere")
    exp = capture.add(fresh_db, "experiment", elsewhere.id, "Theirs").value
    with pytest.raises(ValidationError, match="another team"):
        capture.add(fresh_db, "learning", world.first.id, "Ours", experiment_id=exp.id)


def test_deleted_items_cannot_be_found(world: World) -> None:
    with pytest.raises(NotFoundError):
        capture.delete(world.database, "action", "no-such-id")
    with pytest.raises(ValidationError, match="Unknown kind"):
        capture.add(world.database, "memo", world.first.id, "x")


def test_disk_full_keeps_nothing_half_written(file_db) -> None:
    world = make_world(file_db)
    pages = file_db.pragma("page_count")
    file_db.db.execute(f"PRAGMA max_page_count={pages}")
    try:
        with pytest.raises(WriteFailedError, match="disk is full"):
            capture.add(file_db, "contribution", world.first.id, "y" * 100_000)
    finally:
        file_db.db.execute("PRAGMA max_page_count=1073741823")
    assert capture.for_session(file_db, world.first.id) == []
    assert file_db.quick_check() == "ok"
    assert captures.list_for_session(file_db, Experiment, world.first.id) == []


def test_each_action_says_it_changed_the_sessions_captures(world: World) -> None:
    db, sid = world.database, world.first.id
    changed = Changes.of(Topic.CAPTURES, session_id=sid)
    added = capture.add(db, "decision", sid, "Ship it", clock=world.clock)
    assert added.changes == changed and added.value.text == "Ship it"
    edited = capture.change(db, added.value, text="Ship it on Friday", clock=world.clock)
    assert edited.changes == changed and edited.value.text == "Ship it on Friday"
    deleted = capture.delete(db, "decision", added.value.id, clock=world.clock)
    assert deleted.changes == changed and deleted.value.op == "delete"
    undone = capture.undo(db, sid)
    assert undone.changes == changed and undone.value == deleted.value
    assert capture.undo(db, sid).value is not None  # then the edit
    nothing = capture.undo(db, sid)
    assert nothing.value is None and not nothing.changes  # nothing to undo: no screen reloads


def test_each_kind_is_stored_in_its_table_with_every_field(world: World) -> None:
    db = world.database
    assert kinds.NAMES == ("contribution", "decision", "action", "experiment", "learning")
    assert [k.order for k in kinds.KINDS] == [1, 2, 3, 4, 5]
    for kind in kinds.KINDS:
        columns = set(db.db.table(kind.table).columns_dict)
        fields = {f.name for f in dataclasses.fields(kind.cls)}
        assert fields <= columns, kind.name
        assert kind.main_field in fields and kinds.of_class(kind.cls) is kind
    assert kinds.REVIEWED == ("action", "experiment")
    with pytest.raises(ValidationError, match="Unknown kind of item 'memo'"):
        kinds.get("memo")


def test_dots_add_up_every_round_of_the_sessions_ideas(world: World) -> None:
    db, sid = world.database, world.first.id
    idea = capture.add(db, "contribution", sid, "Shadow mode").value
    other = capture.add(db, "contribution", sid, "Big bang").value
    captures.set_votes(db, idea.id, world.ann.id, 2, world.phase.id)
    captures.set_votes(db, idea.id, world.bo.id, 1)
    captures.set_votes(db, other.id, world.bo.id, 0)
    assert capture.dots(db, sid) == {idea.id: 3}
    capture.delete(db, "contribution", idea.id, clock=world.clock)
    assert capture.dots(db, sid) == {}  # a deleted idea's dots do not count
