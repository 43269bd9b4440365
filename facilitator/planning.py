"""Planning a session, the user actions: a new session, its details, its agenda, who is
present, agenda templates; and the reads the planning screens show.

Each action checks, commits one transaction and returns what it changed (``Changes``, or
``Done`` with the value made). The one rule of attendance lives here: whoever marks people
present or absent (the planner, the Roles dialog, a script), the round-robins are re-timed
for the people present.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from facilitator import agenda
from facilitator.changes import Changes, Done, Topic
from facilitator.model import AttendanceStatus, Phase, Session, SessionStatus
from facilitator.store import planning as planning_store
from facilitator.store import runs, sessions, templates
from facilitator.store.database import Database
from facilitator.store.templates import AgendaTemplate

# ------------------------------------------------------------------ reads


def get_session(database: Database, session_id: str) -> Session:
    return sessions.get_session(database, session_id)


def list_sessions(database: Database, team_id: str | None = None) -> list[Session]:
    return sessions.list_sessions(database, team_id)


def list_phases(database: Database, session_id: str) -> list[Phase]:
    return sessions.list_phases(database, session_id)


def present_ids(database: Database, session_id: str) -> list[str]:
    """The people marked present, ordered by name."""
    return sessions.present_ids(database, session_id)


def list_templates(database: Database, team_id: str) -> list[AgendaTemplate]:
    return templates.list_templates(database, team_id)


def running_session_ids(database: Database) -> list[str]:
    """Sessions left running (the app was closed or killed mid-session), newest first."""
    return runs.running_session_ids(database)


# ------------------------------------------------------------------ actions


def _changed(session: Session, *topics: Topic) -> Changes:
    return Changes.of(*topics, session_id=session.id, team_id=session.team_id)


def create_session(
    database: Database,
    team_id: str,
    title: str,
    *,
    template_id: str | None = None,
    present_ids: Sequence[str] | None = None,
    **fields: Any,
) -> Done[Session]:
    """A planned session for the team: everyone active present unless told otherwise, and a
    template's agenda timed for them when one is given."""
    session = planning_store.create_session(
        database, team_id, title, template_id=template_id, present_ids=present_ids, **fields
    )
    return Done(session, _changed(session, Topic.SESSIONS, Topic.AGENDA, Topic.ATTENDANCE))


def edit_session(database: Database, session_id: str, **fields: Any) -> Done[Session]:
    """Change a session's details (title, dilemma, planned start, ...), validated."""
    session = sessions.edit_session(database, session_id, **fields)
    return Done(session, _changed(session, Topic.SESSIONS))


def save_agenda(database: Database, session_id: str, phases: Sequence[Phase]) -> Done[list[Phase]]:
    """Store the whole agenda as given (order, edits, removals) in one transaction."""
    session = sessions.get_session(database, session_id)
    stored = planning_store.save_agenda(database, session_id, phases)
    return Done(stored, _changed(session, Topic.AGENDA))


def edit_phase(database: Database, phase: Phase) -> Done[Phase]:
    """Store one edited phase (title, mode, times, prompt)."""
    session = sessions.get_session(database, phase.session_id)
    stored = planning_store.edit_phase(database, phase)
    return Done(stored, _changed(session, Topic.AGENDA))


def set_present(
    database: Database, session_id: str, participant_ids: Sequence[str]
) -> Done[list[Phase]]:
    """Mark exactly these people present (the rest of the team absent) and re-time the
    round-robins for them; the agenda as it now stands."""
    session = sessions.get_session(database, session_id)
    present = list(dict.fromkeys(participant_ids))
    phases = sessions.list_phases(database, session_id)
    retimed = _retimed(session, phases, len(present))
    planning_store.store_attendance(database, session_id, session.team_id, present, retimed)
    by_id = {p.id: p for p in retimed}
    changes = _changed(session, Topic.ATTENDANCE, *([Topic.AGENDA] if retimed else []))
    return Done([by_id.get(p.id, p) for p in phases], changes)


def set_attendance(
    database: Database,
    session_id: str,
    participant_id: str,
    status: AttendanceStatus,
    left_at: str | None = None,
) -> Done[list[Phase]]:
    """One person's attendance (present, absent, left early at ``left_at``); round-robins are
    re-timed for who is now present, as with ``set_present``."""
    session = sessions.get_session(database, session_id)
    present = set(sessions.present_ids(database, session_id))
    if status is AttendanceStatus.PRESENT:
        present.add(participant_id)
    else:
        present.discard(participant_id)
    phases = sessions.list_phases(database, session_id)
    retimed = _retimed(session, phases, len(present))
    planning_store.store_one_attendance(
        database, session_id, participant_id, status, left_at, retimed
    )
    by_id = {p.id: p for p in retimed}
    changes = _changed(session, Topic.ATTENDANCE, *([Topic.AGENDA] if retimed else []))
    return Done([by_id.get(p.id, p) for p in phases], changes)


def save_template(
    database: Database, team_id: str, name: str, phases: Sequence[Phase], *, replace: bool = False
) -> Done[AgendaTemplate]:
    """Keep an agenda under ``name`` for the team; an existing name needs ``replace``."""
    template = templates.save_template(database, team_id, name, phases, replace=replace)
    return Done(template, Changes.of(Topic.TEMPLATES, team_id=team_id))


def _retimed(session: Session, phases: list[Phase], present: int) -> list[Phase]:
    """The round-robins whose planned time changes for ``present`` people. Only a planned
    session is re-timed: once it has started, its plan stands as the record of what was
    planned, next to what happened."""
    if session.status is not SessionStatus.PLANNED:
        return []
    return [p for p in agenda.recompute(phases, present) if p not in phases]
