"""Import refuses what it cannot store faithfully: rows of another session or team, and
values out of range or of the wrong form. A refused file changes nothing, leaves no
before-import backup behind, and is one line on the command line (exit 2)."""

from __future__ import annotations

import json
import shutil
import sqlite3
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from facilitator import interchange
from facilitator.backup import list_backups
from facilitator.cli import cli
from facilitator.demo import add_demo
from facilitator.store import open_database

Doc = dict[str, Any]


@pytest.fixture(scope="module")
def demo_source(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A demo database file (made once) and the JSON export of its sample session."""
    path = tmp_path_factory.mktemp("demo") / "base.db"
    database = open_database(path)
    sample = add_demo(database)
    text = interchange.export_text(database, sample, "json")
    database.close()
    return path, text


@pytest.fixture
def base(demo_source: tuple[Path, str], tmp_path: Path) -> tuple[Path, str]:
    """A fresh copy of the demo database for one test, and the export."""
    source, text = demo_source
    path = tmp_path / "base.db"
    shutil.copy(source, path)
    return path, text


def dump(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        return "\n".join(conn.iterdump())
    finally:
        conn.close()


def import_refused(db: Path, data: bytes, tmp_path: Path) -> str:
    """Import ``data`` with the command line; check it was refused and changed nothing."""
    before = dump(db)
    file = tmp_path / "bad.json"
    file.write_bytes(data)
    result = CliRunner().invoke(cli, ["import", str(file), "--db", str(db)])
    err = result.stderr
    assert result.exit_code == 2, err
    assert result.stdout == "" and err.count("\n") == 1 and "Traceback" not in err, err
    assert err.startswith("facilitator: Cannot import bad.json: "), err
    assert err.rstrip().endswith("; nothing was imported."), err
    assert dump(db) == before
    assert list_backups(db) == []
    return err


def renumbered(text: str) -> Doc:
    """The export with a new id for the session, its phases, events, assignments, captures
    and reviews, but the speaking turns and votes keeping theirs."""
    doc = json.loads(text)
    old = [doc["session"]["id"]] + [
        x["id"]
        for key in (
            "phases",
            "timer_events",
            "assignments",
            "contributions",
            "decisions",
            "actions",
            "experiments",
            "learnings",
            "reviews",
        )
        for x in doc[key]
    ]
    for item_id in old:
        text = text.replace(item_id, str(uuid.uuid4()))
    doc = json.loads(text)
    for learning in doc["learnings"]:
        learning["experiment_id"] = None
    return doc


def test_turns_and_votes_of_another_session_are_refused(base, tmp_path: Path) -> None:
    db, text = base
    doc = renumbered(text)
    assert doc["turns"] and doc["votes"]
    err = import_refused(db, json.dumps(doc).encode(), tmp_path)
    assert "turns: the id " in err and "belongs to another session here" in err

    doc["turns"] = []
    err = import_refused(db, json.dumps(doc).encode(), tmp_path)
    assert "votes: the id " in err and "belongs to another session here" in err


def test_people_and_roles_of_another_team_are_refused(base, tmp_path: Path) -> None:
    db, text = base
    doc = renumbered(text)
    team = str(uuid.uuid4())
    doc["team"].update(id=team, name="Another team")
    doc["session"]["team_id"] = team
    for x in doc["participants"] + doc["roles"]:
        x["team_id"] = team
    doc.update(
        turns=[],
        votes=[],
        reviews=[],
        other_sessions=[],
        reviewed={"actions": [], "experiments": []},
    )
    for action in doc["actions"]:
        action["closed_in_session"] = None
    err = import_refused(db, json.dumps(doc).encode(), tmp_path)
    assert "participants: the id " in err and "belongs to another team here" in err

    fresh = {p["id"]: str(uuid.uuid4()) for p in doc["participants"]}
    doc = json.loads(_replace_ids(json.dumps(doc), fresh))
    err = import_refused(db, json.dumps(doc).encode(), tmp_path)
    assert "roles: the id " in err and "belongs to another team here" in err


def _replace_ids(text: str, mapping: dict[str, str]) -> str:
    for old, new in mapping.items():
        text = text.replace(old, new)
    return text


def _set(path: str, value: Any) -> Callable[[Doc], None]:
    """A change to one field: ``"timer_events.0.seq"`` and the value it gets."""
    *parents, last = path.split(".")

    def change(doc: Doc) -> None:
        target: Any = doc
        for step in parents:
            target = target[int(step)] if step.isdigit() else target[step]
        target[last] = value

    return change


HUGE = [
    ("timer_events.0.seq", 2**64, "'seq'"),
    ("votes.0.count", 2**70, "'count'"),
    ("phases.0.position", 2**63, "'position'"),
    ("session.available_min", int("9" * 400), "'available_min'"),
]


@pytest.mark.parametrize(("path", "value", "field"), HUGE, ids=[h[0] for h in HUGE])
def test_numbers_too_large_to_store_are_refused(
    base, tmp_path: Path, path: str, value: int, field: str
) -> None:
    db, text = base
    doc = json.loads(text)
    _set(path, value)(doc)
    err = import_refused(db, json.dumps(doc).encode(), tmp_path)
    assert field in err and "too large" in err


def test_a_number_too_long_to_read_is_refused(base, tmp_path: Path) -> None:
    db, text = base
    assert '"available_min": 90' in text
    data = text.replace('"available_min": 90', '"available_min": ' + "9" * 5000)
    err = import_refused(db, data.encode(), tmp_path)
    assert "the session: 'available_min' is a 5000-digit number" in err


def test_an_infinite_number_is_refused(base, tmp_path: Path) -> None:
    db, text = base
    assert '"remaining_s": 45.0' in text
    data = text.replace('"remaining_s": 45.0', '"remaining_s": 1e999', 1)
    err = import_refused(db, data.encode(), tmp_path)
    assert "timer_events item 1: 'remaining_s' is 1e999, too large to store" in err


BAD_VALUES = [
    ("session.started_at", "yesterday", "the session: 'started_at' should be a UTC timestamp"),
    ("turns.0.started_at", "0000-00-00T00:00:00", "turns item 1: 'started_at'"),
    ("timer_events.0.at_utc", "2026-11-29T09:30:00", "timer_events item 1: 'at_utc'"),
    ("phases.0.started_at", "2026-11-29T09:30:00.000+02:00", "phases item 1: 'started_at'"),
    ("session.ended_at", "2026-W48-7T11:20:05+00:00", "the session: 'ended_at'"),
    ("session.planned_start", "25:99", "the session: 'planned_start' should be a time of day"),
    ("session.planned_date", "20261129", "the session: 'planned_date' should be a date"),
    ("actions.0.due", "20261201", "actions item 1: 'due' should be a date"),
    ("participants.0.joined_on", "last spring", "participants item 1: 'joined_on'"),
    ("timer_events.0.seq", -1, "timer_events item 1: 'seq' should be from 0"),
    ("timer_events.0.remaining_s", -1e308, "timer_events item 1: 'remaining_s' should be"),
    ("timer_events.0.amount_s", -5.0, "timer_events item 1: 'amount_s' should be from 0"),
    ("votes.0.count", -2, "votes item 1: 'count' should be from 0"),
    ("phases.0.position", -1, "phases item 1: 'position' should be from 0"),
    ("session.available_min", 100_000, "the session: 'available_min' should be from 1"),
    ("roles.0.behaviours", ["Listens\x00"], "roles item 1: 'behaviours' contains a NUL"),
    ("assignments.0.reason", "a\ud800b", "assignments item 1: 'reason' holds a broken"),
    ("turns.0.id", "turn\x00one", "turns item 1: 'id' contains a NUL"),
]


@pytest.mark.parametrize(
    ("path", "value", "message"), BAD_VALUES, ids=[b[0] + "=" + repr(b[1])[:20] for b in BAD_VALUES]
)
def test_bad_values_are_refused_naming_the_field(
    base, tmp_path: Path, path: str, value: Any, message: str
) -> None:
    db, text = base
    doc = json.loads(text)
    _set(path, value)(doc)
    err = import_refused(db, json.dumps(doc).encode(), tmp_path)
    assert message in err


def test_refused_values_never_reach_the_database(demo_source, tmp_path: Path) -> None:
    """Into an empty database too (where nothing is left as it was): nothing is written."""
    _, text = demo_source
    doc = json.loads(text)
    doc["session"]["started_at"] = "yesterday"
    target = tmp_path / "empty.db"
    open_database(target).close()
    import_refused(target, json.dumps(doc).encode(), tmp_path)
