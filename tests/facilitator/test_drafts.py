"""Drafts: what is being typed is kept in the database, survives a SIGKILL, comes back."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from facilitator import capture, drafts
from facilitator.clock import iso
from facilitator.errors import DatabaseReadOnlyError, ValidationError
from facilitator.model import SessionStatus
from facilitator.store import Database, open_database, sessions
from tests.facilitator.capture_world import World, make_world

TYPED = "  Zoë's idea —\tשלום مرحبا 🎉\n  second line, trailing spaces   "


@pytest.fixture
def world(fresh_db: Database) -> World:
    return make_world(fresh_db)


def test_save_then_take_keeps_the_text_exactly(world: World) -> None:
    db = world.database
    assert drafts.take_drafts(db, world.first.id) == {}
    assert drafts.save_draft(db, world.first.id, "capture", TYPED, clock=world.clock)
    assert drafts.take_drafts(db, world.first.id) == {"capture": TYPED}
    # Taking does not drop it: a second crash right after the restart loses nothing.
    assert drafts.take_drafts(db, world.first.id) == {"capture": TYPED}


def test_saving_again_replaces_the_draft(world: World) -> None:
    db = world.database
    drafts.save_draft(db, world.first.id, "capture", "Ship", clock=world.clock)
    world.clock.advance(1)
    drafts.save_draft(db, world.first.id, "capture", "Ship it on Friday", clock=world.clock)
    assert drafts.take_drafts(db, world.first.id) == {"capture": "Ship it on Friday"}
    rows = db.query("select count(*) as n from drafts")
    assert rows[0]["n"] == 1


def test_clear_and_an_emptied_field_drop_the_draft(world: World) -> None:
    db = world.database
    drafts.save_draft(db, world.first.id, "capture", "one", clock=world.clock)
    drafts.save_draft(db, world.first.id, "review:x", "two", clock=world.clock)
    drafts.clear_draft(db, world.first.id, "capture")
    assert drafts.take_drafts(db, world.first.id) == {"review:x": "two"}
    assert not drafts.save_draft(db, world.first.id, "review:x", "", clock=world.clock)
    assert drafts.take_drafts(db, world.first.id) == {}
    drafts.clear_draft(db, world.first.id, "nothing-here")  # no draft: nothing happens


def test_drafts_of_two_sessions_never_replace_each_other(world: World) -> None:
    db = world.database
    drafts.save_draft(db, world.first.id, "capture", "for the first", clock=world.clock)
    drafts.save_draft(db, world.second.id, "capture", "for the second", clock=world.clock)
    assert drafts.take_drafts(db, world.first.id) == {"capture": "for the first"}
    assert drafts.take_drafts(db, world.second.id) == {"capture": "for the second"}


@pytest.mark.parametrize("bad", ["nul \x00 inside", "broken \ud800 half", "x" * 200_001])
def test_text_no_file_can_hold_is_refused_and_nothing_changes(world: World, bad: str) -> None:
    db = world.database
    drafts.save_draft(db, world.first.id, "capture", "kept", clock=world.clock)
    with pytest.raises(ValidationError):
        drafts.save_draft(db, world.first.id, "capture", bad, clock=world.clock)
    with pytest.raises(ValidationError):
        drafts.save_form(db, world.first.id, "capture", {"entry": "ok", "rationale": bad})
    assert drafts.take_drafts(db, world.first.id) == {"capture": "kept"}


def test_a_form_is_kept_as_one_draft(world: World) -> None:
    db = world.database
    values = {"entry": TYPED, "rationale": "least risk", "limit_time": ""}
    assert drafts.save_form(
        db,
        world.first.id,
        "capture",
        values,
        {"kind": "decision", "method": "consent"},
        clock=world.clock,
    )
    form = drafts.take_form(db, world.first.id, "capture")
    assert form == drafts.FormDraft(values, {"kind": "decision", "method": "consent"})
    assert drafts.take_forms(db, world.first.id, "review:") == {}
    # Nothing typed any more (a choice alone is not typing): the draft goes.
    assert not drafts.save_form(
        db, world.first.id, "capture", {"entry": "", "rationale": ""}, {"kind": "decision"}
    )
    assert drafts.take_form(db, world.first.id, "capture") is None


def test_a_form_may_hold_more_than_one_text_may(world: World) -> None:
    db = world.database
    values = {"entry": "a" * 150_000, "rationale": "b\x07" * 60_000}
    drafts.save_form(db, world.first.id, "capture", values, clock=world.clock)
    form = drafts.take_form(db, world.first.id, "capture")
    assert form is not None and form.values == values


def test_drafts_saved_before_the_session_ended_are_dropped(world: World) -> None:
    db = world.database
    drafts.save_draft(db, world.first.id, "capture", "typed during", clock=world.clock)
    drafts.save_draft(db, world.second.id, "capture", "other session", clock=world.clock)
    world.clock.advance(60)
    sessions.edit_session(
        db, world.first.id, status=SessionStatus.FINISHED, ended_at=iso(world.clock.now())
    )
    assert drafts.take_drafts(db, world.first.id) == {}
    assert db.query("select session_id from drafts") == [{"session_id": world.second.id}]
    # Typing in a finished session's captures afterwards is kept as usual.
    world.clock.advance(60)
    drafts.save_draft(db, world.first.id, "capture", "typed after", clock=world.clock)
    assert drafts.take_drafts(db, world.first.id) == {"capture": "typed after"}


def test_a_deleted_session_takes_its_drafts_with_it(world: World) -> None:
    db = world.database
    drafts.save_draft(db, world.third.id, "capture", "soon gone", clock=world.clock)
    with db.write() as handle:
        handle.execute("delete from sessions where id = ?", [world.third.id])
    assert db.query("select * from drafts") == []


def test_entered_saves_the_item_and_drops_its_draft_together(world: World) -> None:
    db = world.database
    drafts.save_draft(db, world.first.id, "capture", "Ship it", clock=world.clock)
    item = drafts.entered(
        db,
        world.first.id,
        "capture",
        lambda: capture.add(db, "decision", world.first.id, "Ship it"),
    )
    assert capture.get(db, "decision", item.value.id).text == "Ship it"
    assert drafts.take_drafts(db, world.first.id) == {}


def test_a_failed_save_keeps_the_draft_and_stores_nothing(world: World) -> None:
    db = world.database
    drafts.save_draft(db, world.first.id, "capture", "Ship it", clock=world.clock)

    def save_then_fail() -> None:
        capture.add(db, "decision", world.first.id, "Ship it")
        raise ValidationError("The owner is not in this team.")

    with pytest.raises(ValidationError):
        drafts.entered(db, world.first.id, "capture", save_then_fail)
    assert capture.for_session(db, world.first.id) == []
    assert drafts.take_drafts(db, world.first.id) == {"capture": "Ship it"}


def test_a_read_only_database_keeps_no_drafts_and_says_nothing(tmp_path: Path) -> None:
    path = tmp_path / "ro.db"
    writable = open_database(path)
    world = make_world(writable)
    drafts.save_draft(writable, world.first.id, "capture", "from before", clock=world.clock)
    writable.close()
    reader = open_database(path, read_only=True)
    try:
        assert reader.read_only
        assert not drafts.save_draft(reader, world.first.id, "capture", "new", clock=world.clock)
        assert not drafts.save_form(reader, world.first.id, "capture", {"entry": "new"})
        drafts.clear_draft(reader, world.first.id, "capture")
        assert drafts.take_drafts(reader, world.first.id) == {"capture": "from before"}
        with pytest.raises(DatabaseReadOnlyError):
            drafts.entered(
                reader,
                world.first.id,
                "capture",
                lambda: capture.add(reader, "learning", world.first.id, "x"),
            )
    finally:
        reader.close()


def test_a_stale_draft_is_not_offered_on_a_read_only_database(tmp_path: Path) -> None:
    path = tmp_path / "ro.db"
    writable = open_database(path)
    world = make_world(writable)
    drafts.save_draft(writable, world.first.id, "capture", "typed during", clock=world.clock)
    sessions.edit_session(
        writable,
        world.first.id,
        status=SessionStatus.FINISHED,
        ended_at=iso(world.clock.now() + timedelta(seconds=5)),
    )
    writable.close()
    reader = open_database(path, read_only=True)
    try:
        assert drafts.take_drafts(reader, world.first.id) == {}
    finally:
        reader.close()


CHILD = r"""
import sys
from facilitator import drafts
from facilitator.store import open_database
database = open_database(sys.argv[1])
print("ready", flush=True)
text = sys.stdin.readline()[:-1]                  # what the scribe has typed so far
drafts.save_draft(database, sys.argv[2], "capture", text)
print("kept", flush=True)                         # the draft's commit has returned
sys.stdin.readline()                              # still typing when the battery dies
"""


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_a_draft_survives_a_sigkill(tmp_path: Path) -> None:
    path = tmp_path / "room.db"
    database = open_database(path)
    world = make_world(database)
    database.close()
    text = "Bristol goes live in shadow mode — Zoë 🎉 שלום \t half a thought"
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(path), world.first.id],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    assert child.stdin is not None and child.stdout is not None
    try:
        assert child.stdout.readline().strip() == "ready"
        child.stdin.write(text + "\n")
        child.stdin.flush()
        assert child.stdout.readline().strip() == "kept"
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()
    assert child.returncode == -signal.SIGKILL

    reopened = open_database(path)
    try:
        assert reopened.quick_check() == "ok"
        assert drafts.take_drafts(reopened, world.first.id) == {"capture": text}
    finally:
        reopened.close()
