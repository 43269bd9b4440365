"""Roles held are what happened: the ledger, both reports and the Markdown export agree.

The repro: accept the suggested roles, then before the start reassign the Scribe and swap
two roles; run the session and end it. The replaced suggestions were never held.
"""

from __future__ import annotations

import io
import re
from dataclasses import replace
from datetime import UTC, date
from pathlib import Path

from pypdf import PdfReader

from facilitator import ledger, planning, rota
from facilitator import record as records
from facilitator.clock import parse_iso
from facilitator.model import RoleAssignment, Session, SessionStatus
from facilitator.report import figures, session_report, team_report
from facilitator.rotation import counted
from facilitator.store import assignments, sessions, teams
from facilitator.store.database import Database
from facilitator.summaries import to_markdown

NAMES = ["Aisha", "Maria", "Priya", "Sam", "Tom", "Zoë"]


def _pdf_text(path: Path) -> str:
    reader = PdfReader(io.BytesIO(path.read_bytes()))
    return "\n".join(page.extract_text() for page in reader.pages)


def _repro(db: Database) -> tuple[str, str, dict[str, str], dict[str, str]]:
    """The session, its team, people by name and role ids by name."""
    team = teams.create_team(db, "Ops")
    ids = {n: teams.add_participant(db, team.id, n, joined_on="2025-01-01").id for n in NAMES}
    roles = teams.list_roles(db, team.id)
    for role in roles[5:]:
        teams.update_role(db, replace(role, rotates=False))
    role_ids = {r.name: r.id for r in roles[:5]}
    session = sessions.create_session(db, team.id, "Pause or push on", planned_date="2026-03-02")
    planning.set_present(db, session.id, list(ids.values()))
    rota.accept(db, rota.suggest_for_session(db, session.id), at="2026-03-02T17:40:00+00:00")
    scribe = role_ids["Scribe"]
    holder = {a.role_id: a.participant_id for a in assignments.for_session(db, session.id)}
    # Scribe goes to someone who already holds a role: that person now holds two.
    other = next(pid for rid, pid in holder.items() if rid != scribe)
    rota.reassign(db, session.id, scribe, other, "Keeps good notes", at="2026-03-02T17:50:00+00:00")
    rota.swap(
        db,
        session.id,
        role_ids["Challenger"],
        role_ids["Voice Keeper"],
        "They asked to swap",
        at="2026-03-02T17:53:00+00:00",
    )
    sessions.edit_session(
        db, session.id, status=SessionStatus.RUNNING, started_at="2026-03-02T17:55:00+00:00"
    )
    sessions.edit_session(
        db, session.id, status=SessionStatus.FINISHED, ended_at="2026-03-02T19:00:00+00:00"
    )
    return session.id, team.id, ids, role_ids


def test_a_suggestion_replaced_before_the_start_is_not_held(fresh_db) -> None:
    session_id, _team, _ids, _roles = _repro(fresh_db)
    every = assignments.for_session(fresh_db, session_id)
    assert len(every) == 8  # 5 suggested, 1 reassigned, 2 swapped
    record = records.load(fresh_db, session_id)
    held = figures.roles(record).held
    assert len(held) == 5
    assert {a.role_id for a in held} == {a.role_id for a in every}
    assert all(a.overridden or not a.ended_at for a in held)
    assert not any(a.ended_at for a in held)  # every replaced one ended at 17:50 or 17:53
    # No row the record lists ends before the session began.
    start = parse_iso(record.session.started_at or "")
    listed = figures.listed_roles(record)
    assert all(not a.ended_at or parse_iso(a.ended_at) > start for a in listed)


def test_the_four_readers_agree_on_holdings_and_figure(fresh_db, tmp_path: Path) -> None:
    session_id, team_id, ids, roles = _repro(fresh_db)
    names = {pid: name for name, pid in ids.items()}
    record = records.load(fresh_db, session_id)
    real = figures.roles(record).held
    per_person = {name: 0 for name in NAMES}
    for a in real:
        per_person[names[a.participant_id]] += 1
    assert sorted(per_person.values()) == [0, 0, 1, 1, 1, 2]  # Scribe went to a holder
    expected = ledger.leadership_distribution(per_person.values())
    assert expected is not None and 0 < expected < 1

    # The ledger (and its screen's model, which shows these values).
    table = ledger.load(fresh_db, team_id)
    assert [f.holdings for f in table.sessions] == [5]
    assert table.sessions[0].distribution == expected
    assert {names[pid]: n for pid, n in table.totals.items()} == {
        n: c for n, c in per_person.items() if c
    }

    # The session report: its figure, and each person's roles held.
    assert figures.distribution(record) == expected
    shown = {p.name: len(p.roles) for p in figures.participation(record)}
    assert shown == per_person
    pdf = _pdf_text(
        session_report(fresh_db, session_id, tmp_path / "s.pdf", today=date(2026, 3, 4), tz=UTC)
    )
    assert f"Leadership distribution: {figures.distribution_text(expected)}" in pdf
    assert "until 17:5" not in pdf  # no row of the Roles table ends before 17:55

    # The team report: 5 role-holdings in its ledger, the same figure for the session.
    team = _pdf_text(team_report(fresh_db, team_id, tmp_path / "t.pdf", today=date(2026, 3, 4)))
    rotation_ledger = team.split("Rotation ledger", 1)[1].split("Decisions log", 1)[0]
    rotation_ledger = rotation_ledger.split("Page ", 1)[0]  # the page ends after it
    assert rotation_ledger.rsplit("Total", 1)[1].split() == ["1", "1", "1", "1", "1", "5"]
    assert f"{expected:.2f}" in team

    # The Markdown export: five roles listed, the same figure.
    md = to_markdown(record, today=date(2026, 3, 4))
    section = md.split("## Roles", 1)[1].split("## Decisions", 1)[0]
    assert len(re.findall(r"^- \*\*", section, flags=re.M)) == 5
    assert f"Leadership distribution: {figures.distribution_text(expected)}" in md
    assert len(roles) == 5


def test_a_planned_session_lists_its_plan_but_nobody_has_held_a_role(fresh_db) -> None:
    session_id, _team, _ids, _roles = _repro(fresh_db)
    sessions.edit_session(fresh_db, session_id, status=SessionStatus.PLANNED, started_at=None)
    record = records.load(fresh_db, session_id)
    assert len(figures.listed_roles(record)) == 5
    assert figures.roles(record).held == []
    assert figures.distribution(record) is None


def test_a_role_is_held_from_its_confirmation_or_the_start_to_its_end() -> None:
    session = Session("t", "S", started_at="2026-03-02T17:55:00+00:00")
    role = RoleAssignment("s", "r", "p", created_at="2026-03-02T17:40:00+00:00")
    assert counted(role, session)  # in force at the start, never ended
    assert not counted(replace(role, ended_at="2026-03-02T17:53:00+00:00"), session)
    assert counted(replace(role, ended_at="2026-03-02T18:05:00+00:00"), session)
    # Confirmed only at 18:10 (say, a handover mid-session): it ended before it was held.
    late = replace(role, confirmed_at="2026-03-02T18:10:00+00:00")
    assert not counted(replace(late, ended_at="2026-03-02T18:05:00+00:00"), session)
    assert counted(replace(late, ended_at="2026-03-02T18:15:00+00:00"), session)
