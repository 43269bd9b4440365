"""Every earlier schema version upgrades with its data, after a backup; a failure rolls back."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
import sqlite_utils

from facilitator import backup
from facilitator.errors import StoreError
from facilitator.model import Action, Contribution, Decision, Experiment, Learning
from facilitator.store import captures, open_database, runs, teams
from facilitator.store import migrations as migrations_module
from facilitator.store.migrations import migrations

NAMES = [m.name for m in migrations._migrations]
NOW = "2026-03-02T09:00:00.000+00:00"


def _old_file(path: Path, upto: str) -> None:
    """A database as the version whose last migration was ``upto`` left it, with data.

    Rows are written with the first version's columns, which every later one keeps.
    """
    db = sqlite_utils.Database(path)
    db.execute("PRAGMA journal_mode=WAL")
    later = NAMES[NAMES.index(upto) + 1 :]
    migrations.apply(db, stop_before=later[0] if later else None)
    rows = {
        "teams": {"id": "t1", "name": "Ops", "created_at": NOW, "rotate_per_phase": 0},
        "participants": {
            "id": "p1",
            "team_id": "t1",
            "name": "Priya",
            "area": "Service",
            "note": "",
            "active": 1,
            "joined_on": "2026-01-01",
        },
        "roles": {
            "id": "r1",
            "team_id": "t1",
            "name": "Timekeeper",
            "brief": "",
            "behaviours": "[]",
            "opening_line": "",
            "rotates": 1,
            "position": 0,
        },
        "sessions": {
            "id": "s1",
            "team_id": "t1",
            "title": "Weekly",
            "dilemma": "Ship?",
            "status": "running",
            "created_at": NOW,
            "started_at": NOW,
            "planned_date": "2026-03-02",
        },
        "phases": {
            "id": "ph1",
            "session_id": "s1",
            "position": 0,
            "title": "Check-in",
            "planned_s": 300,
            "mode": "round_robin",
            "prompt": "",
            "is_break": 0,
            "started_at": NOW,
        },
        "timer_events": {
            "id": "e1",
            "session_id": "s1",
            "phase_id": "ph1",
            "seq": 1,
            "kind": "start",
            "at_utc": NOW,
            "deadline_utc": "2026-03-02T09:05:00.000+00:00",
        },
        "role_assignments": {
            "id": "a1",
            "session_id": "s1",
            "role_id": "r1",
            "participant_id": "p1",
            "reason": "Their turn",
            "overridden": 0,
            "created_at": NOW,
        },
        "contributions": {"id": "c1", "session_id": "s1", "text": "Idea", "created_at": NOW},
        "decisions": {
            "id": "d1",
            "session_id": "s1",
            "text": "Decided",
            "method": "consent",
            "rationale": "",
            "consulted": "[]",
            "objections": "",
            "created_at": NOW,
        },
        "actions": {
            "id": "ac1",
            "session_id": "s1",
            "text": "Do it",
            "status": "open",
            "owner_id": "p1",
            "created_at": NOW,
        },
        "experiments": {
            "id": "x1",
            "session_id": "s1",
            "hypothesis": "If we try",
            "status": "planned",
            "created_at": NOW,
        },
        "learnings": {
            "id": "l1",
            "session_id": "s1",
            "text": "We learned",
            "experiment_id": "x1",
            "created_at": NOW,
        },
        "votes": {"id": "v1", "contribution_id": "c1", "participant_id": "p1", "count": 2},
    }
    with db.atomic():
        for table, row in rows.items():
            db.table(table).insert(row)
    db.close()


@pytest.mark.parametrize("upto", NAMES)
def test_every_schema_version_opens_with_its_data(tmp_path: Path, upto: str) -> None:
    path = tmp_path / "old.db"
    _old_file(path, upto)
    before = path.read_bytes()
    pending = NAMES[NAMES.index(upto) + 1 :]

    database = open_database(path)
    assert database.schema_version() == NAMES
    assert [t.name for t in teams.list_teams(database)] == ["Ops"]
    assert [p.name for p in teams.list_participants(database, "t1")] == ["Priya"]
    for cls, text in (
        (Contribution, "Idea"),
        (Decision, "Decided"),
        (Action, "Do it"),
        (Learning, "We learned"),
    ):
        assert [c.text for c in captures.list_for_session(database, cls, "s1")] == [text]
    assert [e.hypothesis for e in captures.list_for_session(database, Experiment, "s1")] == [
        "If we try"
    ]
    assert runs.timer_events(database, "s1")[0].deadline_utc == "2026-03-02T09:05:00.000+00:00"
    database.close()

    upgrades = [b for b in backup.list_backups(path) if b.reason == "before-upgrade"]
    if pending:
        assert len(upgrades) == 1
        conn = sqlite3.connect(upgrades[0].path)
        applied = [r[0] for r in conn.execute("select name from _sqlite_migrations")]
        conn.close()
        assert applied == NAMES[: NAMES.index(upto) + 1]
    else:
        assert upgrades == [] and before  # nothing to upgrade: no backup needed


def _with_extra(monkeypatch, extra) -> None:  # noqa: ANN001
    """The shipped migrations plus one more, as the next version would have them."""
    monkeypatch.setattr(
        migrations_module, "ORDER", [*migrations_module.ORDER, ("m999_next", extra)]
    )


def test_an_upgrade_backs_the_file_up_first(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "facilitator.db"
    _old_file(path, NAMES[-1])

    def add_column(db: sqlite_utils.Database) -> None:
        db.table("teams").add_column("colour", str)

    _with_extra(monkeypatch, add_column)
    database = open_database(path)
    assert database.schema_version()[-1] == "m999_next"
    assert [t.name for t in teams.list_teams(database)] == ["Ops"]
    database.close()
    upgrades = [b for b in backup.list_backups(path, inspect=True) if b.reason == "before-upgrade"]
    assert len(upgrades) == 1 and upgrades[0].contents.schema == NAMES
    assert [s.title for s in upgrades[0].contents.sessions] == ["Weekly"]


def test_a_failing_upgrade_rolls_back_and_leaves_the_data(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "facilitator.db"
    _old_file(path, NAMES[-1])

    def broken(db: sqlite_utils.Database) -> None:
        db.table("teams").add_column("colour", str)
        db.execute("update teams set colour = 'red'")
        raise sqlite3.OperationalError("disk I/O error")

    _with_extra(monkeypatch, broken)
    with pytest.raises(StoreError, match="input/output"):
        open_database(path)
    monkeypatch.undo()
    database = open_database(path)
    assert database.schema_version() == NAMES
    assert "colour" not in database.db.table("teams").columns_dict
    assert [t.name for t in teams.list_teams(database)] == ["Ops"]
    database.close()


def test_no_upgrade_without_a_backup(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "facilitator.db"
    _old_file(path, NAMES[-1])
    _with_extra(monkeypatch, lambda db: db.table("teams").add_column("colour", str))
    (tmp_path / "backups").write_text("a file where the backup folder should be")
    with pytest.raises(StoreError, match="no backup could be made"):
        open_database(path)
    monkeypatch.undo()
    database = open_database(path)
    assert database.schema_version() == NAMES
    database.close()
