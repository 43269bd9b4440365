"""JSON export/import round trips; bad files are refused and change nothing; CSV; Markdown."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import sqlite3
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from facilitator import interchange, planning, record
from facilitator.cli import cli
from facilitator.clock import iso
from facilitator.demo import add_demo
from facilitator.errors import ValidationError
from facilitator.model import (
    Action,
    ActionStatus,
    Contribution,
    Decision,
    DecisionMethod,
    Experiment,
    ExperimentStatus,
    Learning,
    Phase,
    PhaseMode,
    RoleAssignment,
    SpeakingTurn,
    TimerEvent,
    TimerEventKind,
)
from facilitator.store import assignments, captures, memory, open_database, sessions, teams
from facilitator.store import interchange as import_store
from facilitator.store.rows import to_row


def refs_stripped(rec: record.SessionRecord) -> record.SessionRecord:
    """Reviewed items keep every field but the phase of another session (see docs)."""
    return dataclasses.replace(
        rec,
        reviewed_actions=[dataclasses.replace(a, phase_id=None) for a in rec.reviewed_actions],
        reviewed_experiments=[
            dataclasses.replace(x, phase_id=None) for x in rec.reviewed_experiments
        ],
    )


def test_every_demo_session_round_trips_into_an_empty_database(demo_db) -> None:
    database, _ = demo_db
    for s in sessions.list_sessions(database):
        text = interchange.export_text(database, s.id, "json")
        other = memory()
        assert interchange.import_bytes(other, text.encode()) == s.id
        assert record.load(other, s.id) == refs_stripped(record.load(database, s.id))
        again = json.loads(interchange.export_text(other, s.id, "json"))
        first = json.loads(text)
        for doc in (first, again):
            doc.pop("exported_at")
            for x in [
                *doc["reviewed"]["actions"],
                *doc["reviewed"]["experiments"],
                *(r["before"] for r in doc["reviews"]),
            ]:
                x["phase_id"] = None
        assert again == first


def dump(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        return "\n".join(conn.iterdump())
    finally:
        conn.close()


@pytest.fixture
def demo_file(tmp_path: Path) -> tuple[Path, str, str]:
    """A demo database file and the JSON export of its sample session."""
    path = tmp_path / "demo.db"
    database = open_database(path)
    sample = add_demo(database)
    text = interchange.export_text(database, sample, "json")
    database.close()
    return path, sample, text


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_importing_the_same_file_twice_changes_nothing(demo_file, tmp_path: Path) -> None:
    _, sample, text = demo_file
    export = tmp_path / "s.json"
    export.write_text(text, encoding="utf-8")
    target = tmp_path / "other.db"
    code, out, _ = run("import", str(export), "--db", str(target))
    assert code == 0 and out.strip() == sample
    before = dump(target)
    code, out, _ = run("import", str(export), "--db", str(target))
    assert code == 0 and out.strip() == sample
    assert dump(target) == before


def _bad_files(text: str) -> dict[str, bytes]:
    doc = json.loads(text)

    def variant(change) -> bytes:
        copy = json.loads(text)
        change(copy)
        return json.dumps(copy).encode()

    first_phase = doc["phases"][0]["id"]
    return {
        "truncated": text.encode()[: len(text) // 2],
        "not json": b"this is not json at all",
        "binary": bytes(range(256)),
        "empty": b"",
        "unknown version": variant(lambda d: d.update(version=99)),
        "version as text": variant(lambda d: d.update(version="1")),
        "other format": variant(lambda d: d.update(format="something-else")),
        "a list": b"[1, 2, 3]",
        "wrong type": variant(lambda d: d["phases"][0].update(planned_s="five minutes")),
        "wrong type in list": variant(lambda d: d["decisions"][0].update(consulted=[1])),
        "missing field": variant(lambda d: d["actions"][0].pop("text")),
        "missing reference": variant(
            lambda d: d["turns"][0].update(participant_id="no-such-person")
        ),
        "missing phase": variant(
            lambda d: d["timer_events"].append(
                {**d["timer_events"][0], "id": "new-event", "seq": 9999, "phase_id": "gone"}
            )
        ),
        "duplicate ids": variant(lambda d: d["phases"].append({**d["phases"][0], "position": 99})),
        "duplicate keys": text.replace('"format":', '"format": "x", "format":', 1).encode(),
        "nan": text.replace('"position": 0', '"position": NaN', 1).encode(),
        "invalid value": variant(lambda d: d["session"].update(status="exploded")),
        "bad phase": variant(lambda d: d["phases"][0].update(planned_s=-5)),
        "other session": variant(lambda d: d["decisions"][0].update(session_id=first_phase)),
        "huge": b'{"format": "facilitator-session", "version": 1, "x": "'
        + b"a" * (50 * 1024 * 1024)
        + b'"}',
    }


def test_bad_files_are_refused_with_one_line_and_change_nothing(demo_file, tmp_path: Path) -> None:
    path, _, text = demo_file
    before = dump(path)
    for name, data in _bad_files(text).items():
        bad = tmp_path / f"{name.replace(' ', '-')}.json"
        bad.write_bytes(data)
        code, out, err = run("import", str(bad), "--db", str(path))
        assert code == 2, (name, err)
        assert out == "" and err.count("\n") == 1 and "Traceback" not in err, name
        assert "nothing was imported" in err, (name, err)
        assert dump(path) == before, name
        bad.unlink()


def test_bad_file_into_an_empty_database_leaves_it_empty(demo_file, tmp_path: Path) -> None:
    _, _, text = demo_file
    target = tmp_path / "empty.db"
    open_database(target).close()
    before = dump(target)
    bad = json.loads(text)
    bad["votes"][0]["contribution_id"] = "missing"
    file = tmp_path / "bad.json"
    file.write_text(json.dumps(bad))
    code, _, err = run("import", str(file), "--db", str(target))
    assert code == 2 and "contribution" in err
    assert dump(target) == before


def test_failure_while_writing_rolls_back_everything(demo_db, monkeypatch) -> None:
    database, sample = demo_db
    text = interchange.export_text(database, sample, "json")
    target = memory()
    calls = []
    original = import_store.capture_row

    def explode(item):
        calls.append(item)
        if len(calls) > 3:
            raise sqlite3.IntegrityError("simulated conflict")
        return original(item)

    monkeypatch.setattr(import_store, "capture_row", explode)
    with pytest.raises(ValidationError, match="nothing was imported"):
        interchange.import_bytes(target, text.encode())
    assert target.query("select count(*) as n from sessions")[0]["n"] == 0
    assert target.query("select count(*) as n from teams")[0]["n"] == 0


def test_missing_import_file_is_bad_input(tmp_path: Path) -> None:
    code, _, err = run("import", str(tmp_path / "nope.json"), "--db", str(tmp_path / "x.db"))
    assert code == 2 and err.count("\n") == 1


def test_csv_has_actions_and_experiments(demo_db) -> None:
    database, sample = demo_db
    text = interchange.export_text(database, sample, "csv", today=date(2026, 1, 1))
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [r["type"] for r in rows] == ["action"] * 3 + ["experiment"] + ["decision"] * 2
    assert rows[0]["owner"] == "Jonas Berg" and rows[0]["status"] == "open"
    assert rows[3]["limit_money"] == "Up to £2,000 of vendor support"


def test_csv_defuses_formulas(fresh_db) -> None:
    team = teams.create_team(fresh_db, "T")
    s = sessions.create_session(fresh_db, team.id, "S")
    captures.add(fresh_db, Action(s.id, '=HYPERLINK("http://x")'))
    rows = list(csv.DictReader(io.StringIO(interchange.export_text(fresh_db, s.id, "csv"))))
    assert rows[0]["text"] == '\'=HYPERLINK("http://x")'


def test_markdown_escapes_user_text(fresh_db) -> None:
    team = teams.create_team(fresh_db, "T")
    s = sessions.create_session(
        fresh_db, team.id, "S *bold* <script>", dilemma="# not a heading\n[link](http://x)"
    )
    md = interchange.export_text(fresh_db, s.id, "md")
    assert md.startswith("# S \\*bold\\* \\<script\\>")
    assert "\\# not a heading" in md and "\\[link\\](http://x)" in md
    for empty in ("No decisions were recorded", "No actions were agreed"):
        assert empty in md


def test_markdown_summary_of_the_demo(demo_db) -> None:
    database, sample = demo_db
    md = interchange.export_text(database, sample, "md")
    for part in (
        "## Dilemma",
        "## Agenda",
        "## Decisions",
        "### D1.",
        "**Method:** Consent",
        "## Actions",
        "## Experiments",
        "## Learnings",
        "## Participation",
        "Leadership distribution",
    ):
        assert part in md


# ------------------------------------------------------------------ property test

free_text = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=60
)
one_line = st.text(
    st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1, max_size=30
).filter(lambda s: s.strip())
maybe_day = st.one_of(st.none(), st.dates(date(2020, 1, 1), date(2030, 12, 31)).map(date.isoformat))


@st.composite
def sessions_spec(draw):
    return {
        "title": draw(one_line),
        "dilemma": draw(free_text),
        "place": draw(free_text),
        "people": draw(
            st.lists(
                one_line, min_size=1, max_size=4, unique_by=lambda s: " ".join(s.split()).lower()
            )
        ),
        "phases": draw(
            st.lists(
                st.tuples(
                    one_line, st.integers(1, 3600), free_text, st.sampled_from(list(PhaseMode))
                ),
                max_size=4,
            )
        ),
        "decisions": draw(
            st.lists(
                st.tuples(
                    free_text.filter(str.strip),
                    st.sampled_from(list(DecisionMethod)),
                    free_text,
                    free_text,
                ),
                max_size=3,
            )
        ),
        "actions": draw(
            st.lists(
                st.tuples(
                    free_text.filter(str.strip), maybe_day, st.sampled_from(list(ActionStatus))
                ),
                max_size=3,
            )
        ),
        "experiments": draw(
            st.lists(
                st.tuples(
                    free_text.filter(str.strip),
                    free_text,
                    maybe_day,
                    st.sampled_from(list(ExperimentStatus)),
                ),
                max_size=2,
            )
        ),
        "learnings": draw(st.lists(free_text.filter(str.strip), max_size=2)),
        "ideas": draw(
            st.lists(st.tuples(free_text.filter(str.strip), st.integers(0, 5)), max_size=3)
        ),
        "offsets": draw(st.lists(st.floats(0, 5000, allow_nan=False), min_size=2, max_size=2)),
    }


def build(database, spec) -> str:
    team = teams.create_team(database, "Team " + spec["title"][:100])
    people = [teams.add_participant(database, team.id, name) for name in spec["people"]]
    role = teams.list_roles(database, team.id)[0]
    s = sessions.create_session(
        database,
        team.id,
        spec["title"],
        dilemma=spec["dilemma"],
        place=spec["place"],
        planned_date="2026-03-02",
    )
    planning.set_present(database, s.id, [p.id for p in people[:-1] or people])
    start = datetime(2026, 3, 2, 9, 0, tzinfo=UTC) + timedelta(seconds=spec["offsets"][0])
    phases = [
        Phase(
            s.id,
            i,
            title,
            planned,
            mode,
            prompt=prompt,
            started_at=iso(start),
            ended_at=iso(start + timedelta(seconds=planned)),
        )
        for i, (title, planned, prompt, mode) in enumerate(spec["phases"])
    ]
    sessions.add_phases(database, phases)
    phase_id = phases[0].id if phases else None
    assignments.add_assignments(
        database,
        [
            RoleAssignment(
                s.id,
                role.id,
                people[0].id,
                phase_id=phase_id,
                reason=spec["dilemma"],
                created_at=iso(start),
            )
        ],
    )
    if phases:
        with database.write() as db:
            db.table("timer_events").insert(
                to_row(
                    TimerEvent(
                        s.id,
                        phases[0].id,
                        1,
                        TimerEventKind.START,
                        iso(start),
                        at_monotonic=spec["offsets"][1],
                        remaining_s=spec["offsets"][1],
                    )
                )
            )
            db.table("speaking_turns").insert(
                to_row(SpeakingTurn(phases[0].id, people[0].id, iso(start)))
            )
    for text, method, rationale, objections in spec["decisions"]:
        captures.add(
            database,
            Decision(
                s.id,
                text,
                method,
                rationale=rationale,
                objections=objections,
                consulted=tuple(p.id for p in people),
                phase_id=phase_id,
            ),
        )
    for text, due, status in spec["actions"]:
        captures.add(database, Action(s.id, text, owner_id=people[-1].id, due=due, status=status))
    exps = [
        captures.add(
            database,
            Experiment(
                s.id, hyp, limit_risk=risk, review_on=day, status=status, owner_id=people[0].id
            ),
        )
        for hyp, risk, day, status in spec["experiments"]
    ]
    for i, text in enumerate(spec["learnings"]):
        captures.add(
            database, Learning(s.id, text, experiment_id=exps[i].id if i < len(exps) else None)
        )
    for text, dots in spec["ideas"]:
        idea = captures.add(database, Contribution(s.id, text, participant_id=people[0].id))
        captures.set_votes(database, idea.id, people[-1].id, dots)
    return s.id


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(spec=sessions_spec())
def test_export_then_import_round_trips_any_session(spec) -> None:
    source = memory()
    session_id = build(source, spec)
    text = interchange.export_text(source, session_id, "json")
    target = memory()
    assert interchange.import_bytes(target, text.encode()) == session_id
    assert record.load(target, session_id) == record.load(source, session_id)
    assert interchange.import_bytes(target, text.encode()) == session_id
    assert record.load(target, session_id) == record.load(source, session_id)


def test_an_import_says_which_sessions_came_by_title_only(demo_db) -> None:
    database, _ = demo_db
    found = sessions.list_sessions(database)
    order = sorted(found, key=lambda s: s.created_at)
    other = memory()
    try:
        # The second session reviews the first's items: the first comes by title only.
        bundle = interchange.check_bytes(
            interchange.export_text(database, order[1].id, "json").encode()
        )
        done = interchange.import_session(other, bundle)
        listed = done.value.listed_only
        assert order[0].title in listed and order[1].title not in listed
        assert all(sessions.list_phases(other, s.id) == [] for s in bundle.earlier_sessions)
        assert len(listed) == 2  # the first, and the later one that closed an action of it
        assert done.value.message == (
            "Session imported. 2 sessions its items refer to are listed by title and date "
            "only; import their own exports to bring the rest."
        )
        # Its own export brings the rest; nothing more is listed by title only.
        assert interchange.Imported("x", ("Kick-off",)).message == (
            "Session imported. 'Kick-off' is listed by title and date only (its items refer "
            "to it); import its own export to bring the rest."
        )
        bundle = interchange.check_bytes(
            interchange.export_text(database, order[0].id, "json").encode()
        )
        done = interchange.import_session(other, bundle)
        assert sessions.list_phases(other, order[0].id) != []
        assert done.value.listed_only == () and done.value.message == "Session imported."
    finally:
        other.close()
