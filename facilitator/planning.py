"""Planning a session, the user actions: a new session, its details, its agenda, who is
present, agenda templates; and the reads the planning screens show.

Each action checks, commits one transaction and returns what it changed (``Changes``, or
``Done`` with the value made). The one rule of attendance lives here: whoever marks people
present or absent (the planner, the Roles dialog, a script), what is still to come is
planned for the people present: round-robins re-timed, repeated blocks given their rounds.
So does the rule of agenda edits: each is made on the agenda as stored, and whatever is
added, changed or brought back by an undo is planned for the people present now.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from datetime import date, datetime, time, timedelta, tzinfo
from enum import StrEnum
from typing import Any

from facilitator import agenda, formats, session_time
from facilitator.changes import NOTHING, Changes, Done, Topic
from facilitator.model import (
    AttendanceStatus,
    Phase,
    PhaseMode,
    Session,
    SessionStatus,
    parse_enum,
)
from facilitator.store import planning as planning_store
from facilitator.store import runs, sessions, teams, templates
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


def template_labels(found: Sequence[AgendaTemplate]) -> dict[str, str]:
    """How a list of templates names each, by id: its name, and for two of one name (saved
    on two laptops, the team folder kept both) when each was saved: "Weekly, saved
    Tue 1 Dec 2026, 14:03"."""
    alike: dict[str, int] = {}
    for t in found:
        key = " ".join(t.name.split()).casefold()
        alike[key] = alike.get(key, 0) + 1
    labels: dict[str, str] = {}
    for t in found:
        label = t.name
        if alike[" ".join(t.name.split()).casefold()] > 1 and t.created_at:
            try:
                saved = datetime.fromisoformat(t.created_at).astimezone()
                label += f", saved {saved:%a} {saved.day} {saved:%b %Y, %H:%M}"
            except ValueError:
                label += f", saved {t.created_at[:10]}"
        n = 2
        base = label
        while label in labels.values():  # saved the same minute: numbered
            label, n = f"{base} ({n})", n + 1
        labels[t.id] = label
    return labels


def template_name_taken(database: Database, team_id: str, name: str) -> bool:
    """Whether the team already keeps a template under this name (spaces and case aside),
    which ``save_template`` replaces only when told to."""
    wanted = " ".join(name.split()).lower()
    return any(t.name.lower() == wanted for t in templates.list_templates(database, team_id))


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
    template's agenda timed for them when one is given, with the time available the
    template kept (over any given)."""
    if template_id:
        kept = templates.get_template(database, template_id).available_min
        if kept is not None:
            fields["available_min"] = kept
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
    """Mark exactly these people present (the rest of the team absent) and plan what is
    still to come for them (``_for_present``: round-robins re-timed, repeated blocks given
    their rounds); the agenda as it now stands."""
    session = sessions.get_session(database, session_id)
    present = list(dict.fromkeys(participant_ids))
    phases = sessions.list_phases(database, session_id)
    planned = _for_present(session, phases, len(present))
    planning_store.store_attendance(database, session_id, session.team_id, present, planned)
    changes = _changed(session, Topic.ATTENDANCE, *([Topic.AGENDA] if planned else []))
    return Done(phases if planned is None else planned, changes)


def set_attendance(
    database: Database,
    session_id: str,
    participant_id: str,
    status: AttendanceStatus,
    left_at: str | None = None,
) -> Done[list[Phase]]:
    """One person's attendance (present, absent, left early at ``left_at``); the agenda is
    planned for who is now present, as with ``set_present``."""
    session = sessions.get_session(database, session_id)
    present = set(sessions.present_ids(database, session_id))
    if status is AttendanceStatus.PRESENT:
        present.add(participant_id)
    else:
        present.discard(participant_id)
    phases = sessions.list_phases(database, session_id)
    planned = _for_present(session, phases, len(present))
    planning_store.store_one_attendance(
        database, session_id, participant_id, status, left_at, planned
    )
    changes = _changed(session, Topic.ATTENDANCE, *([Topic.AGENDA] if planned else []))
    return Done(phases if planned is None else planned, changes)


def save_template(
    database: Database, team_id: str, name: str, phases: Sequence[Phase], *, replace: bool = False
) -> Done[AgendaTemplate]:
    """Keep an agenda under ``name`` for the team, with the time available of the session
    it comes from (a session planned from the template gets it back); an existing name
    needs ``replace``."""
    from_sessions = {p.session_id for p in phases}
    available = None
    if len(from_sessions) == 1:
        available = sessions.get_session(database, from_sessions.pop()).available_min
    template = templates.save_template(
        database, team_id, name, phases, replace=replace, available_min=available
    )
    return Done(template, Changes.of(Topic.TEMPLATES, team_id=team_id))


# ------------------------------------------------------------------ agenda edits


class PhaseField(StrEnum):
    """What of a phase the planner edits in place, each given as the user typed it."""

    TITLE = "title"
    MODE = "mode"  # a speaking mode's value
    PER_SPEAKER = "per_speaker"  # a round-robin's time per speaker: 1, 1:30, 90s
    DURATION = "duration"  # minutes (10), minutes and seconds (2:30) or 90s
    PROMPT = "prompt"


def add_format(
    database: Database, session_id: str, format_key: str, after_phase_id: str | None = None
) -> Done[list[Phase]]:
    """A library format's steps added as one block, timed for the people present: after
    the format holding ``after_phase_id`` (the one selected), else before a closing
    Check-out round, else at the end (``agenda.add_position``); the agenda as it now
    stands. The library's Break is added as a break (``add_break``)."""
    if format_key == BREAK_FORMAT:
        return add_break(database, session_id, after_phase_id)
    from facilitator import own_formats  # your formats: read when a format is first added

    fmt = own_formats.find_format(database, format_key)
    present = _present_count(database, session_id)

    def insert(phases: list[Phase]) -> list[Phase]:
        at = agenda.add_position(phases, after_phase_id)
        return agenda.insert_format(phases, fmt, session_id, present, at)

    return _edit_agenda(database, session_id, insert)


def add_custom_phase(
    database: Database,
    session_id: str,
    title: str,
    duration: str,
    mode: PhaseMode,
    after_phase_id: str | None = None,
) -> Done[list[Phase]]:
    """The facilitator's own phase, where a format would go (``agenda.add_position``: after
    the format holding ``after_phase_id``, else before a closing Check-out, else at the
    end). ``duration`` is as typed; for a round-robin it is the time per speaker, and the
    phase lasts that long for each person present."""
    round_robin = mode is PhaseMode.ROUND_ROBIN
    seconds = agenda.parse_duration(duration, "Time per speaker" if round_robin else "Duration")
    phase = agenda.custom_phase(
        session_id,
        title,
        seconds,
        mode,
        present=_present_count(database, session_id),
        per_speaker_s=seconds if round_robin else None,
    )
    return _add_where_a_format_goes(database, session_id, phase, after_phase_id)


def _add_where_a_format_goes(
    database: Database, session_id: str, phase: Phase, after_phase_id: str | None
) -> Done[list[Phase]]:
    """One phase added after the format holding ``after_phase_id``, else before a closing
    Check-out, else at the end (``agenda.add_position``); the agenda as it now stands."""
    return _edit_agenda(
        database,
        session_id,
        lambda phases: agenda.insert_phase(
            phases, phase, agenda.add_position(phases, after_phase_id)
        ),
    )


def move_block(database: Database, session_id: str, index: int, to: int) -> Done[list[Phase]]:
    """Move a format (or a lone phase), the agenda's block ``index``, to block place ``to``."""
    return _edit_agenda(database, session_id, lambda phases: agenda.move_block(phases, index, to))


def move_step(database: Database, session_id: str, phase_id: str, to: int) -> Done[list[Phase]]:
    """Move a step to place ``to`` inside its own format."""
    return _edit_agenda(database, session_id, lambda phases: agenda.move_step(phases, phase_id, to))


def nudge(
    database: Database, session_id: str, phase_id: str, delta: int, *, whole_format: bool = False
) -> Done[list[Phase]]:
    """Move a phase one place up (-1) or down (+1): a step inside its format, else (or with
    ``whole_format``) the format that holds it. At either end nothing changes."""
    return _edit_agenda(
        database,
        session_id,
        lambda phases: agenda.nudge(phases, phase_id, delta, whole_block=whole_format),
    )


def remove_phase(database: Database, session_id: str, phase_id: str) -> Done[list[Phase]]:
    """Take one phase (a step, or a lone phase) off the agenda."""
    return _edit_agenda(database, session_id, lambda phases: agenda.remove_phase(phases, phase_id))


def remove_format(database: Database, session_id: str, phase_id: str) -> Done[list[Phase]]:
    """Take the whole format that holds this phase (all its steps) off the agenda."""
    return _edit_agenda(database, session_id, lambda phases: agenda.remove_block(phases, phase_id))


def restore_agenda(
    database: Database, session_id: str, phases: Sequence[Phase]
) -> Done[list[Phase]]:
    """An earlier agenda stored again (an undo), planned for the people present now (its
    round-robins timed, its repeated blocks given their rounds), who may not be those
    present when it was replaced."""
    return save_agenda(
        database, session_id, agenda.recompute(phases, _present_count(database, session_id))
    )


def change_phase(database: Database, phase_id: str, what: PhaseField, value: str) -> Done[Phase]:
    """One field of a phase as the user typed it. Making a phase a round-robin, or giving it
    a new time per speaker, times it for the people present; a round-robin's duration
    follows from its time per speaker and is refused. Nothing is stored when nothing
    changes."""
    phase = sessions.get_phase(database, phase_id)
    changed = _with_field(phase, what, value, _present_count(database, phase.session_id))
    if changed == phase:
        return Done(phase, NOTHING)
    return edit_phase(database, changed)


def _with_field(phase: Phase, what: PhaseField, value: str, present: int) -> Phase:
    if what is PhaseField.TITLE:
        return dataclasses.replace(phase, title=value)
    if what is PhaseField.MODE:
        mode = parse_enum(PhaseMode, value, "speaking mode")
        changed = agenda.change_mode(phase, mode, present)
        if phase.mode is PhaseMode.BREAK and mode is not PhaseMode.BREAK:
            return dataclasses.replace(changed, is_break=False)  # no longer a break
        return changed
    if what is PhaseField.PER_SPEAKER:
        seconds = agenda.parse_duration(value, "Time per speaker")
        return agenda.change_per_speaker(phase, seconds, present)
    if what is PhaseField.DURATION:
        return agenda.change_duration(phase, agenda.parse_duration(value))
    return dataclasses.replace(phase, prompt=value)


def _present_count(database: Database, session_id: str) -> int:
    return len(sessions.present_ids(database, session_id))


def _edit_agenda(
    database: Database, session_id: str, edit: Callable[[list[Phase]], list[Phase]]
) -> Done[list[Phase]]:
    """Apply one edit to the agenda as stored and store the result; nothing is stored (and
    nothing said to have changed) when the edit leaves the agenda as it was."""
    phases = sessions.list_phases(database, session_id)
    edited = edit(phases)
    if edited == phases:
        return Done(phases, NOTHING)
    return save_agenda(database, session_id, edited)


def _for_present(session: Session, phases: list[Phase], present: int) -> list[Phase] | None:
    """The agenda planned for ``present`` people (``agenda.recompute``: round-robins
    re-timed, each repeated block with its rounds), or None when nothing changes. In a
    running session only what has not started follows: a phase already run (and a
    finished session) keeps its plan as the record of what was planned, next to what
    happened, and no round that has started is dropped."""
    if session.status is SessionStatus.FINISHED:
        return None
    planned = agenda.recompute(phases, present)
    return None if planned == phases else planned


def session_added(database: Database, session_id: str) -> Changes:
    """What adding a session with its whole record changed (an import, the demo): every
    topic, in that session and its team."""
    team_id = sessions.get_session(database, session_id).team_id
    return Changes.of(*Topic, session_id=session_id, team_id=team_id)


# ------------------------------------------------------------------ breaks

BREAK_FORMAT = "break"  # the library's Break (resources/formats.json)


def break_phase(session_id: str) -> Phase:
    """A break as the library plans it (10 minutes, nobody speaks, nothing tracked): a step
    of its own, never part of a format block, so it can sit between any two formats."""
    step = formats.get_format(BREAK_FORMAT).steps[0]
    return Phase(
        session_id=session_id,
        position=0,
        title=step.title,
        planned_s=step.duration_s,
        mode=PhaseMode.BREAK,
        prompt=step.prompt,
        format_key=BREAK_FORMAT,
    )


def add_break(
    database: Database, session_id: str, after_phase_id: str | None = None
) -> Done[list[Phase]]:
    """A break right after the phase ``after_phase_id`` (after the whole format holding it,
    which a break never splits), else before a closing Check-out, else at the end
    (``agenda.add_position``); the agenda as it now stands."""
    return _add_where_a_format_goes(database, session_id, break_phase(session_id), after_phase_id)


# ------------------------------------------------------------------ a new session's defaults

EARLIEST_START = time(9, 0)  # the start proposed before the working day, and the next day
LATEST_START = time(17, 0)  # the latest start proposed for later today
SETUP_TIME = timedelta(minutes=15)  # the least time to set the room up before a start


def proposed_start(now: datetime, zone: tzinfo | None = None) -> tuple[date, time]:
    """When a new session is first proposed to start, on the room's clock (``zone``; None
    is this computer's, where a session not yet run is read): the next full or half hour
    at least 15 minutes ahead, time to set the room up. Before the working day that is
    09:00; when it would be after 17:00, too late to start a workshop today, it is 09:00
    tomorrow. At 08:10 it is 09:00, at 10:05 10:30, at 10:20 11:00, at 17:45 09:00 the
    next day. The facilitator changes the date and time in the planner."""
    here = now.astimezone(zone).replace(tzinfo=None)
    soonest = here + SETUP_TIME
    half_hour = soonest.replace(minute=30 * (soonest.minute // 30), second=0, microsecond=0)
    slot = half_hour if half_hour == soonest else half_hour + timedelta(minutes=30)
    if slot.date() > here.date() or slot.time() > LATEST_START:
        return here.date() + timedelta(days=1), EARLIEST_START
    return here.date(), max(slot.time(), EARLIEST_START)


def proposed_team_id(database: Database) -> str | None:
    """The team a new session is first proposed for: the team of the session made or run
    most recently (the team the facilitator works with now), else the first team by name
    (the only one, for most); None when there is no team yet."""
    every_team = teams.list_teams(database)
    known = {t.id for t in every_team}
    latest = max(
        (s for s in sessions.list_sessions(database) if s.team_id in known),
        key=lambda s: max(s.created_at, s.started_at or ""),
        default=None,
    )
    if latest is not None:
        return latest.team_id
    return every_team[0].id if every_team else None


def proposed_next(earlier: Session, now: datetime, zone: tzinfo | None = None) -> tuple[date, time]:
    """When the session after ``earlier`` is first proposed: a week after the day it ran
    (or was planned for), at the hour it was planned for (else the one it started at), when
    that is still ahead; else ``proposed_start``. A series that meets weekly keeps its slot,
    even when one meeting was run early or late."""
    day = session_time.session_day(earlier)
    at = earlier.planned_start or session_time.session_clock(earlier.started_at, earlier)
    if day is None or not at:
        return proposed_start(now, zone)
    hour, minute = (int(part) for part in at.split(":"))
    slot = datetime.combine(day + timedelta(days=7), time(hour, minute))
    if slot <= now.astimezone(zone).replace(tzinfo=None):
        return proposed_start(now, zone)
    return slot.date(), slot.time()


def create_session_from_agenda(
    database: Database, team_id: str, title: str, agenda_of: str, **fields: Any
) -> Done[Session]:
    """A planned session that starts from another session's agenda (each phase as it was
    planned, its round-robins timed for who is present now): the next session of a series
    keeps its shape, and its dilemma, place and time available unless others are given.
    Everything in one transaction."""
    before = sessions.get_session(database, agenda_of)
    if not fields.get("dilemma"):
        fields["dilemma"] = before.dilemma
    if not fields.get("place"):
        fields["place"] = before.place
    if before.available_min is not None:
        fields["available_min"] = before.available_min
    earlier = sessions.list_phases(database, agenda_of)
    with database.write():
        done = create_session(database, team_id, title, **fields)
        phases = agenda.copy_for_session(earlier, done.value.id)
        sessions.add_phases(
            database, agenda.recompute(phases, _present_count(database, done.value.id))
        )
    return done
