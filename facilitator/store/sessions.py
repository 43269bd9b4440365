"""Sessions, attendance and the agenda's phases."""

from __future__ import annotations

import dataclasses
from typing import Any

from facilitator.clock import Clock, utc_now_iso
from facilitator.errors import NotFoundError, ValidationError
from facilitator.model import Attendance, AttendanceStatus, Phase, Session, SessionStatus
from facilitator.session_time import local_zone_name, session_order
from facilitator.store.database import Database
from facilitator.store.rows import from_row, to_row

ROUND_COLUMNS = ("repeat", "round_no", "rounds")  # added by m061


def phase_row(phase: Phase) -> dict[str, Any]:
    """A new phase as a row to insert; one outside a repeated block leaves the round
    columns out, so it can be written to a file not yet upgraded (a migration's data step).
    Updates write every column, so a round's columns never keep a stale value."""
    row = to_row(phase)
    if phase.repeat is None:
        for column in ROUND_COLUMNS:
            del row[column]
    return row


def create_session(database: Database, team_id: str, title: str, **fields: Any) -> Session:
    session = Session(team_id=team_id, title=title, created_at=utc_now_iso(), **fields)
    row = to_row(session)
    if row["time_zone"] is None:
        del row["time_zone"]  # set when it starts; a file not yet upgraded has no such column
    with database.write() as db:
        db.table("sessions").insert(row)
    return session


def get_session(database: Database, session_id: str) -> Session:
    rows = database.query("select * from sessions where id = ?", [session_id])
    if not rows:
        raise NotFoundError(f"No session {session_id!r}.")
    return from_row(Session, rows[0])


def resolve_session_id(database: Database, ref: str) -> str:
    """A session id from what a user typed: a full id, a unique id prefix, or ``latest``
    (the session that ran last; the newest planned one only when none has run yet)."""
    if ref == "latest":
        rows = database.query(
            "select id from sessions order by started_at is null, "
            "coalesce(started_at, planned_date, created_at) desc, created_at desc limit 1"
        )
        if not rows:
            raise NotFoundError("There are no sessions yet.")
        return str(rows[0]["id"])
    rows = database.query("select id from sessions where id = ?", [ref])
    if rows:
        return str(rows[0]["id"])
    if len(ref) >= 4:
        rows = database.query(
            "select id from sessions where id like ? limit 2",
            [ref.replace("%", "").replace("_", "") + "%"],
        )
        if len(rows) == 1:
            return str(rows[0]["id"])
    raise NotFoundError(f"No session {ref!r}.")


def list_sessions(database: Database, team_id: str | None = None) -> list[Session]:
    """The sessions (of one team), latest first by when they ran (``session_order``)."""
    sql = "select * from sessions"
    params: list[Any] = []
    if team_id:
        sql += " where team_id = ?"
        params.append(team_id)
    found = [from_row(Session, r) for r in database.query(sql, params)]
    return sorted(found, key=session_order, reverse=True)


def sessions_before(database: Database, session_id: str) -> int:
    """How many of the team's sessions were created before this one: a count that later
    sessions, and running this one, leave as it is."""
    rows = database.query(
        "select count(*) as n from sessions s join sessions this on this.id = ? "
        "where s.team_id = this.team_id and s.id != this.id "
        "and (s.created_at < this.created_at "
        "or (s.created_at = this.created_at and s.rowid < this.rowid))",
        [session_id],
    )
    return int(rows[0]["n"]) if rows else 0


def update_session(database: Database, session: Session) -> Session:
    with database.write() as db:
        db.table("sessions").update(session.id, to_row(session))
    return session


def edit_session(database: Database, session_id: str, **changes: Any) -> Session:
    """Change some fields of a session (validated) and store it."""
    session = dataclasses.replace(get_session(database, session_id), **changes)
    return update_session(database, session)


def set_status(
    database: Database, session_id: str, status: SessionStatus, clock: Clock | None = None
) -> Session:
    """Move a session on; the first start stamps when and in which zone it ran."""
    session = get_session(database, session_id)
    changes: dict[str, Any] = {"status": status}
    if status is SessionStatus.RUNNING and not session.started_at:
        changes["started_at"] = utc_now_iso(clock)
        changes["time_zone"] = local_zone_name()
    if status is SessionStatus.FINISHED and not session.ended_at:
        changes["ended_at"] = utc_now_iso(clock)
    return edit_session(database, session_id, **changes)


# ------------------------------------------------------------------ attendance


def set_attendance(
    database: Database,
    session_id: str,
    participant_id: str,
    status: AttendanceStatus,
    left_at: str | None = None,
) -> None:
    row = to_row(Attendance(session_id, participant_id, status, left_at))
    with database.write() as db:
        db.table("attendance").upsert(row, pk=("session_id", "participant_id"))


def attendance(database: Database, session_id: str) -> list[Attendance]:
    return [
        from_row(Attendance, r)
        for r in database.query("select * from attendance where session_id = ?", [session_id])
    ]


def present_ids(database: Database, session_id: str) -> list[str]:
    """Participants marked present (ordered by name, collated), the people a round-robin
    cycles through."""
    from facilitator.collation import key

    rows = database.query(
        "select p.id, p.name from attendance a join participants p on p.id = a.participant_id "
        "where a.session_id = ? and a.status = 'present'",
        [session_id],
    )
    return [r["id"] for r in sorted(rows, key=lambda r: key(r["name"]))]


# ------------------------------------------------------------------ phases


def list_phases(database: Database, session_id: str) -> list[Phase]:
    return [
        from_row(Phase, r)
        for r in database.query(
            "select * from phases where session_id = ? order by position", [session_id]
        )
    ]


def get_phase(database: Database, phase_id: str) -> Phase:
    rows = database.query("select * from phases where id = ?", [phase_id])
    if not rows:
        raise NotFoundError("That phase no longer exists.")
    return from_row(Phase, rows[0])


def add_phases(database: Database, phases: list[Phase]) -> list[Phase]:
    """Insert phases (e.g. the steps of one format) together, all or nothing."""
    with database.write() as db:
        db.table("phases").insert_all([phase_row(p) for p in phases])
    return phases


def replace_phases(database: Database, session_id: str, phases: list[Phase]) -> list[Phase]:
    """Store the whole agenda in its new order in one transaction (reorder, remove, undo)."""
    for phase in phases:
        if phase.session_id != session_id:
            raise ValidationError("A phase belongs to another session.")
    ordered = [dataclasses.replace(p, position=i) for i, p in enumerate(phases)]
    keep = {p.id for p in ordered}
    with database.write() as db:
        existing = [
            r["id"] for r in db.query("select id from phases where session_id = ?", [session_id])
        ]
        for pid in existing:
            if pid not in keep:
                db.execute("delete from phases where id = ?", [pid])
        for phase in ordered:
            db.table("phases").upsert(to_row(phase), pk="id")
    return ordered


def update_phase(database: Database, phase: Phase) -> Phase:
    with database.write() as db:
        db.table("phases").update(phase.id, to_row(phase))
    return phase
