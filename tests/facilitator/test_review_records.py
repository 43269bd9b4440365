"""What a review round recorded reaches the record, the report, Markdown and JSON."""

from __future__ import annotations

import dataclasses
import io
import json
import sqlite3
from datetime import UTC, date
from pathlib import Path

import pytest
from pypdf import PdfReader

from facilitator import capture, interchange, review
from facilitator.errors import ValidationError
from facilitator.model import ActionStatus, ExperimentStatus
from facilitator.record import SessionRecord, load
from facilitator.report import session_report
from facilitator.store import memory, open_database
from tests.facilitator.capture_world import World, make_world


def reviewed_world(database) -> tuple[World, dict[str, str]]:
    """Second session reviews three items of the first: one left open, one done, one
    experiment still running; a fourth item is never reviewed."""
    world = make_world(database)
    db, first, second = database, world.first.id, world.second.id
    open_one = capture.add(
        db, "action", first, "Call the five customers", owner_id=world.ann.id, due="2026-03-05"
    ).value
    done_one = capture.add(db, "action", first, "Ask the vendor", owner_id=world.bo.id).value
    untouched = capture.add(db, "action", first, "Write the plan").value
    exp = capture.add(
        db,
        "experiment",
        first,
        "Batching halves late dispatches",
        owner_id=world.bo.id,
        status=ExperimentStatus.RUNNING,
        phase_id=world.phase.id,
    ).value
    review.record(
        db,
        second,
        "action",
        open_one.id,
        "open",
        outcome="Three of five called; the rest by Friday",
    )
    review.record(
        db,
        second,
        "action",
        done_one.id,
        "done",
        outcome="Patch ships on the 14th",
        learning="Ask vendors early",
    )
    review.record(
        db,
        second,
        "experiment",
        exp.id,
        "running",
        outcome="Half-way: 14% down to 9%",
        learning="Needs one wave owner",
    )
    return world, {
        "open": open_one.id,
        "done": done_one.id,
        "untouched": untouched.id,
        "exp": exp.id,
    }


def stripped(rec: SessionRecord) -> SessionRecord:
    """Reviewed items lose the phase of an earlier session that is not moved (see docs)."""
    return dataclasses.replace(
        rec,
        reviewed_actions=[dataclasses.replace(a, phase_id=None) for a in rec.reviewed_actions],
        reviewed_experiments=[
            dataclasses.replace(x, phase_id=None) for x in rec.reviewed_experiments
        ],
    )


def dump(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        return "\n".join(conn.iterdump())
    finally:
        conn.close()


def test_the_record_holds_items_reviewed_but_left_open(fresh_db) -> None:
    world, ids = reviewed_world(fresh_db)
    rec = load(fresh_db, world.second.id)
    assert [a.id for a in rec.reviewed_actions] == [ids["open"], ids["done"]]
    assert [x.id for x in rec.reviewed_experiments] == [ids["exp"]]
    left = rec.review_of(ids["open"])
    assert left is not None and left.status == "open" and left.kind == "action"
    assert left.outcome == "Three of five called; the rest by Friday"
    assert rec.review_of(ids["done"]).learning == "Ask vendors early"
    assert rec.review_of(ids["exp"]).status == "running"
    assert rec.review_of(ids["untouched"]) is None
    # The session that made the items lists none of them as reviewed.
    first = load(fresh_db, world.first.id)
    assert first.reviewed_actions == [] and first.reviews == []


def test_an_item_closed_and_reviewed_here_is_listed_once(fresh_db) -> None:
    world, ids = reviewed_world(fresh_db)
    rec = load(fresh_db, world.second.id)
    assert [a.id for a in rec.reviewed_actions].count(ids["done"]) == 1
    assert len(rec.reviews) == 3


def test_a_reviewed_item_deleted_since_drops_out_with_its_review(fresh_db) -> None:
    world, ids = reviewed_world(fresh_db)
    capture.delete(fresh_db, "action", ids["open"])
    rec = load(fresh_db, world.second.id)
    assert ids["open"] not in {a.id for a in rec.reviewed_actions}
    assert rec.review_of(ids["open"]) is None
    text = interchange.export_text(fresh_db, world.second.id, "json")
    assert interchange.import_bytes(memory(), text.encode()) == world.second.id


def test_the_report_shows_what_the_room_recorded(fresh_db, tmp_path: Path) -> None:
    world, _ = reviewed_world(fresh_db)
    out = session_report(
        fresh_db, world.second.id, tmp_path / "r.pdf", today=date(2026, 3, 10), tz=UTC
    )
    reader = PdfReader(io.BytesIO(out.read_bytes()))
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    section = text[text.index("Reviewed from earlier sessions") :]
    for part in (
        "Call the five customers",
        "Left open; comes back next time",
        "Three of five called; the rest by Friday",
        "Patch ships on the 14th",
        "Ask vendors early",
        "Still running; left open; comes back next time",
        "Half-way: 14% down to 9%",
        "Needs one wave owner",
        "First",
    ):
        assert part in section, part
    assert "Write the plan" not in section


def test_the_report_says_when_an_item_changed_after_the_review(fresh_db, tmp_path: Path) -> None:
    world, ids = reviewed_world(fresh_db)
    review.record(fresh_db, world.third.id, "action", ids["open"], "done")
    out = session_report(
        fresh_db, world.second.id, tmp_path / "r.pdf", today=date(2026, 3, 20), tz=UTC
    )
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(out).pages).split())
    assert "Left open; comes back next time" in text
    assert "Done (changed since)" in text


def test_markdown_lists_reviewed_items_with_their_outcome(fresh_db) -> None:
    world, _ = reviewed_world(fresh_db)
    md = interchange.export_text(fresh_db, world.second.id, "md")
    section = md[md.index("## Reviewed from earlier sessions") : md.index("## Participation")]
    assert "- Action: Call the five customers — **left open; comes back next time**" in section
    assert "  - Outcome: Three of five called; the rest by Friday" in section
    assert "- Action: Ask the vendor — **done**" in section
    assert "  - Learning: Ask vendors early" in section
    assert "**still running; left open; comes back next time**" in section


def test_json_round_trip_keeps_the_review_rows(fresh_db, tmp_path: Path) -> None:
    world, ids = reviewed_world(fresh_db)
    second = world.second.id
    text = interchange.export_text(fresh_db, second, "json")
    doc = json.loads(text)
    assert {r["item_id"]: r["status"] for r in doc["reviews"]} == {
        ids["open"]: "open",
        ids["done"]: "done",
        ids["exp"]: "running",
    }
    target_path = tmp_path / "other.db"
    target = open_database(target_path)
    try:
        assert interchange.import_bytes(target, text.encode()) == second
        assert load(target, second) == stripped(load(fresh_db, second))
        before = dump(target_path)
        interchange.import_bytes(target, text.encode())
        assert dump(target_path) == before
        # The review came with the item as it was, so it can still be taken back here.
        back = review.clear(target, second, ids["done"]).value
        assert back.review is None
        assert capture.get(target, "action", ids["done"]).status is ActionStatus.OPEN
        cleared = review.clear(target, second, ids["exp"]).value
        assert cleared.item.status is ExperimentStatus.RUNNING and cleared.item.outcome == ""
    finally:
        target.close()
    # Back into the database it came from: nothing changes.
    snapshot = load(fresh_db, second)
    interchange.import_bytes(fresh_db, text.encode())
    assert load(fresh_db, second) == snapshot


def test_an_older_file_without_reviews_still_imports(fresh_db) -> None:
    world, ids = reviewed_world(fresh_db)
    doc = json.loads(interchange.export_text(fresh_db, world.second.id, "json"))
    del doc["reviews"]
    doc["reviewed"]["actions"] = [
        a for a in doc["reviewed"]["actions"] if a["closed_in_session"] == world.second.id
    ]
    target = memory()
    assert interchange.import_bytes(target, json.dumps(doc).encode()) == world.second.id
    rec = load(target, world.second.id)
    assert rec.reviews == [] and [a.id for a in rec.reviewed_actions] == [ids["done"]]


def _bad_review_files(text: str, ids: dict[str, str]) -> dict[str, tuple[bytes, str]]:
    def variant(change) -> bytes:
        copy = json.loads(text)
        change(copy)
        return json.dumps(copy).encode()

    def edit(**values):
        return lambda d: d["reviews"][0].update(values)

    return {
        "unknown item": (
            variant(edit(item_id="no-such-item", before=None)),
            "reviews item 1 refers to a reviewed action (no-such-item)",
        ),
        "experiment as action": (
            variant(lambda d: d["reviews"][2].update(kind="action", status="open", before=None)),
            "reviews item 3 refers to a reviewed action",
        ),
        "bad kind": (
            variant(edit(kind="decision")),
            "reviews item 1: 'kind' should be action or experiment",
        ),
        "bad status": (
            variant(edit(status="succeeded")),
            "reviews item 1: Unknown action status 'succeeded'",
        ),
        "status not text": (variant(edit(status=3)), "'status' should be text"),
        "other session": (
            variant(edit(session_id=ids["first"])),
            "reviews item 1 belongs to another session",
        ),
        "unknown learning": (variant(edit(learning_id="gone")), "refers to a learning (gone)"),
        "unknown phase": (variant(edit(phase_id="gone")), "refers to a phase (gone)"),
        "NUL in outcome": (variant(edit(outcome="a\x00b")), "NUL"),
        "twice the same item": (
            variant(lambda d: d["reviews"].append({**d["reviews"][0], "id": "another"})),
            "one review per item",
        ),
        "before of another item": (
            variant(lambda d: d["reviews"][0]["before"].update(id=ids["untouched"])),
            "'before' describes another item",
        ),
        "not a list": (variant(lambda d: d.update(reviews={})), "'reviews' should be a list"),
        "open action without its review": (
            variant(lambda d: d.update(reviews=[])),
            "reviewed action 1 was not reviewed",
        ),
    }


def test_bad_review_rows_are_refused_and_change_nothing(file_db, db_path: Path) -> None:
    world, ids = reviewed_world(file_db)
    ids["first"] = world.first.id
    text = interchange.export_text(file_db, world.second.id, "json")
    before = dump(db_path)
    for name, (data, reason) in _bad_review_files(text, ids).items():
        with pytest.raises(ValidationError) as caught:
            interchange.import_bytes(file_db, data, "s.json")
        message = str(caught.value)
        assert reason in message, (name, message)
        assert "\n" not in message and message.endswith("nothing was imported."), name
        assert dump(db_path) == before, name


def test_a_conflicting_review_here_refuses_the_whole_file(fresh_db) -> None:
    world, ids = reviewed_world(fresh_db)
    doc = json.loads(interchange.export_text(fresh_db, world.second.id, "json"))
    doc["reviews"][0]["id"] = "a-review-made-elsewhere"
    count = fresh_db.query("select count(*) as n from reviews")[0]["n"]
    with pytest.raises(ValidationError, match="already holds another review"):
        interchange.import_bytes(fresh_db, json.dumps(doc).encode())
    assert fresh_db.query("select count(*) as n from reviews")[0]["n"] == count
