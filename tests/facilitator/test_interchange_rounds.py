"""A session moved between laptops keeps its rounds (how a step repeats, its round, how many
rounds); a file written before rounds existed still imports, its steps plain."""

from __future__ import annotations

import json

import pytest

from facilitator import agenda, formats, interchange, planning
from facilitator.errors import ValidationError
from facilitator.store import memory, sessions, teams

TRIO = formats.parse_library(
    {
        "version": 2,
        "purposes": {"generate": "Generate ideas"},
        "formats": [
            {
                "key": "trio",
                "name": "Trio",
                "family": "Liberating Structures",
                "purposes": ["generate"],
                "summary": "Each member of a trio is consulted in turn.",
                "group_size": {"min": 3, "max": 30},
                "steps": [
                    {"title": "Prepare", "mode": "silent", "duration_s": 60},
                    {
                        "repeat": "member:3",
                        "steps": [{"title": "Consult", "mode": "small_groups", "duration_s": 300}],
                    },
                ],
            }
        ],
    }
)[0]


@pytest.fixture
def exported(fresh_db) -> tuple[str, str]:
    """A session with a trio block for seven (four rounds), as exported JSON; and its id."""
    team = teams.create_team(fresh_db, "Ops")
    for name in ("Ann", "Bo", "Cy", "Di", "Eve", "Fay", "Gus"):
        teams.add_participant(fresh_db, team.id, name)
    session = planning.create_session(fresh_db, team.id, "Weekly").value
    planning.save_agenda(fresh_db, session.id, agenda.insert_format([], TRIO, session.id, 7))
    return interchange.export_text(fresh_db, session.id, "json"), session.id


def test_export_then_import_keeps_the_rounds(fresh_db, exported) -> None:
    text, session_id = exported
    phases = json.loads(text)["phases"]
    assert [(p["repeat"], p["round_no"], p["rounds"]) for p in phases] == [
        (None, None, None),
        *[("member:3", n, 4) for n in (1, 2, 3, 4)],
    ]
    other = memory()
    assert interchange.import_bytes(other, text.encode()) == session_id
    assert sessions.list_phases(other, session_id) == sessions.list_phases(fresh_db, session_id)
    assert sessions.list_phases(other, session_id)[4].heading == "Consult (round 4 of 4)"


def test_a_file_written_before_rounds_still_imports(exported) -> None:
    text, session_id = exported
    document = json.loads(text)
    for phase in document["phases"]:
        for name in ("repeat", "round_no", "rounds"):
            del phase[name]
    other = memory()
    assert interchange.import_bytes(other, json.dumps(document).encode()) == session_id
    imported = sessions.list_phases(other, session_id)
    assert [p.heading for p in imported] == ["Prepare", *["Consult"] * 4]
    assert all(p.repeat is None and p.rounds is None for p in imported)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"repeat": "often"}, "not a repeat"),
        ({"round_no": 5}, "Round 5 of 4"),
        ({"rounds": None}, "needs its round"),
        ({"round_no": "2"}, "round_no"),
    ],
)
def test_a_bad_round_is_refused_and_nothing_imported(exported, change, message) -> None:
    text, session_id = exported
    document = json.loads(text)
    document["phases"][2].update(change)
    other = memory()
    with pytest.raises(ValidationError, match=message):
        interchange.import_bytes(other, json.dumps(document).encode())
    assert sessions.list_sessions(other) == []
