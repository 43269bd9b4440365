"""The demo tells one consistent story: captures made while their sessions ran, and the
team's next session planned, ready to run."""

from __future__ import annotations

from datetime import date

import pytest

from facilitator import demo, planning
from facilitator.clock import parse_iso
from facilitator.kinds import KINDS
from facilitator.model import SessionStatus
from facilitator.store.database import Database

TODAY = date(2026, 3, 2)


@pytest.fixture
def demo_team(fresh_db: Database) -> tuple[Database, str]:
    return fresh_db, demo.add_demo(fresh_db, today=TODAY)


def test_every_capture_was_made_while_its_session_ran(demo_team) -> None:
    database, _ = demo_team
    by_id = {s.id: s for s in planning.list_sessions(database)}
    seen = 0
    for kind in KINDS:
        for row in database.query(
            f"select session_id, created_at, text_or_hyp from ({_main(kind)})"
        ):
            session = by_id[row["session_id"]]
            assert session.started_at and session.ended_at
            made = parse_iso(row["created_at"])
            assert parse_iso(session.started_at) <= made <= parse_iso(session.ended_at), (
                kind.name,
                row["text_or_hyp"],
                session.title,
            )
            seen += 1
    assert seen > 20


def test_reviews_were_recorded_while_the_reviewing_session_ran(demo_team) -> None:
    database, sample = demo_team
    session = planning.get_session(database, sample)
    assert session.started_at and session.ended_at
    reviews = database.query("select * from reviews where session_id = ?", [sample])
    assert reviews
    for row in reviews:
        for column in ("created_at", "updated_at"):
            if row.get(column):
                made = parse_iso(row[column])
                assert parse_iso(session.started_at) <= made <= parse_iso(session.ended_at)


def test_exactly_one_session_is_planned_after_the_last_finished_one(demo_team) -> None:
    database, sample = demo_team
    all_sessions = planning.list_sessions(database)
    planned = [s for s in all_sessions if s.status is SessionStatus.PLANNED]
    finished = [s for s in all_sessions if s.status is SessionStatus.FINISHED]
    assert len(planned) == 1 and len(finished) == 5
    (upcoming,) = planned
    assert upcoming.planned_date > max(s.planned_date for s in finished)
    assert upcoming.planned_start and upcoming.title and upcoming.dilemma
    assert planning.list_phases(database, upcoming.id)
    present = planning.present_ids(database, upcoming.id)
    assert len(present) == len(planning.present_ids(database, sample)) == len(demo.PEOPLE)
    roles = database.query(
        "select * from role_assignments where session_id = ? and ended_at is null",
        [upcoming.id],
    )
    assert roles and {r["participant_id"] for r in roles} <= set(present)


def _main(kind) -> str:  # noqa: ANN001
    """The kind's live rows with their main text, under one column name."""
    return (
        f"select session_id, created_at, {kind.main_field} as text_or_hyp "
        f"from {kind.table} where deleted_at is null"
    )
