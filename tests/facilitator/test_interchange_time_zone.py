"""The JSON format carries the zone a session ran in; files written before it still import."""

from __future__ import annotations

import json

import pytest

from facilitator import interchange
from facilitator.errors import ValidationError
from facilitator.model import SessionStatus
from facilitator.store import Database, memory, sessions, teams


@pytest.fixture
def ran_in_tokyo(fresh_db: Database) -> str:
    team = teams.create_team(fresh_db, "Ops")
    s = sessions.create_session(fresh_db, team.id, "Dispatch", planned_date="2026-12-08")
    sessions.edit_session(
        fresh_db,
        s.id,
        status=SessionStatus.FINISHED,
        started_at="2026-12-01T00:30:00.000+00:00",
        ended_at="2026-12-01T02:20:00.000+00:00",
        time_zone="Asia/Tokyo",
    )
    return s.id


def test_the_zone_travels_with_the_session(fresh_db: Database, ran_in_tokyo: str) -> None:
    text = interchange.export_text(fresh_db, ran_in_tokyo, "json")
    assert json.loads(text)["session"]["time_zone"] == "Asia/Tokyo"
    other = memory()
    interchange.import_bytes(other, text.encode())
    assert sessions.get_session(other, ran_in_tokyo).time_zone == "Asia/Tokyo"


def test_a_file_without_the_zone_imports(fresh_db: Database, ran_in_tokyo: str) -> None:
    document = json.loads(interchange.export_text(fresh_db, ran_in_tokyo, "json"))
    del document["session"]["time_zone"]
    other = memory()
    interchange.import_bytes(other, json.dumps(document).encode())
    imported = sessions.get_session(other, ran_in_tokyo)
    assert imported.time_zone is None and imported.started_at


def test_a_made_up_zone_is_refused(fresh_db: Database, ran_in_tokyo: str) -> None:
    document = json.loads(interchange.export_text(fresh_db, ran_in_tokyo, "json"))
    document["session"]["time_zone"] = "Mars/Olympus"
    with pytest.raises(ValidationError, match="time zone"):
        interchange.import_bytes(memory(), json.dumps(document).encode())
