"""Planning writes that must happen together: a new session with its attendance and agenda,
the agenda stored in its new order, attendance with the agenda planned for it.

Each function is one user action and one committed transaction.
"""

from __future__ import annotations

import dataclasses
import sqlite3
from collections.abc import Sequence
from typing import Any

from facilitator import agenda
from facilitator.clock import utc_now_iso
from facilitator.errors import ValidationError
from facilitator.model import Attendance, AttendanceStatus, Phase, Session, SessionStatus
from facilitator.store import sessions, templates
from facilitator.store.database import Database
from facilitator.store.rows import to_row


def _team_ids(database: Database, team_id: str) -> list[str]:
    return [
        r["id"] for r in database.query("select id from participants where team_id = ?", [team_id])
    ]


def _active_ids(database: Database, team_id: str) -> list[str]:
    return [
        r["id"]
        for r in database.query(
            "select id from participants where team_id = ? and active = 1", [team_id]
        )
    ]


def create_session(
    database: Database,
    team_id: str,
    title: str,
    *,
    template_id: str | None = None,
    present_ids: Sequence[str] | None = None,
    **fields: Any,
) -> Session:
    """A planned session, everyone active marked present unless told otherwise, and the
    agenda of a template when one is given; all in one transaction."""
    session = Session(
        team_id=team_id,
        title=title,
        created_at=utc_now_iso(),
        status=SessionStatus.PLANNED,
        **fields,
    )
    present = set(_active_ids(database, team_id) if present_ids is None else present_ids)
    phases: list[Phase] = []
    if template_id:
        template = templates.get_template(database, template_id)
        if template.team_id != team_id:
            raise ValidationError("That template belongs to another team.")
        phases = agenda.recompute(templates.phases_from(template, session.id), len(present))
    with database.write() as db:
        db.table("sessions").insert(to_row(session))
        for pid in _team_ids(database, team_id):
            status = AttendanceStatus.PRESENT if pid in present else AttendanceStatus.ABSENT
            db.table("attendance").insert(to_row(Attendance(session.id, pid, status)))
        if phases:
            db.table("phases").insert_all([sessions.phase_row(p) for p in phases])
    return session


def save_agenda(database: Database, session_id: str, phases: Sequence[Phase]) -> list[Phase]:
    """Store the whole agenda as given (order, edits, removals) in one transaction."""
    try:
        return sessions.replace_phases(database, session_id, list(phases))
    except sqlite3.IntegrityError as exc:
        raise ValidationError(
            "A phase that already has roles, timings or captures attached cannot be "
            "removed; nothing was changed."
        ) from exc


def store_attendance(
    database: Database,
    session_id: str,
    team_id: str,
    participant_ids: Sequence[str],
    phases: Sequence[Phase] | None = None,
) -> None:
    """Mark exactly these people present (everyone else in the team absent) and store the
    agenda planned for them (``phases``, the whole agenda: rounds added or dropped, phases
    re-timed; None when it does not change), in one transaction (the rule is
    ``facilitator.planning``'s)."""
    present = set(participant_ids)
    with database.write() as db:
        for pid in _team_ids(database, team_id):
            status = AttendanceStatus.PRESENT if pid in present else AttendanceStatus.ABSENT
            db.table("attendance").upsert(
                to_row(Attendance(session_id, pid, status)), pk=("session_id", "participant_id")
            )
        if phases is not None:
            save_agenda(database, session_id, phases)


def store_one_attendance(
    database: Database,
    session_id: str,
    participant_id: str,
    status: AttendanceStatus,
    left_at: str | None = None,
    phases: Sequence[Phase] | None = None,
) -> None:
    """One person's attendance and the agenda planned for it (None when it does not
    change), in one transaction."""
    row = to_row(Attendance(session_id, participant_id, status, left_at))
    with database.write() as db:
        db.table("attendance").upsert(row, pk=("session_id", "participant_id"))
        if phases is not None:
            save_agenda(database, session_id, phases)


def edit_phase(database: Database, phase: Phase) -> Phase:
    """Store one edited phase (title, mode, times, prompt)."""
    return sessions.update_phase(database, dataclasses.replace(phase))
