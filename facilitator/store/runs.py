"""What a run leaves behind: timer events and speaking turns."""

from __future__ import annotations

from facilitator.model import SpeakingTurn, TimerEvent
from facilitator.store.database import Database
from facilitator.store.rows import from_row, to_row


def add_timer_event(database: Database, event: TimerEvent) -> TimerEvent:
    with database.write() as db:
        db.table("timer_events").insert(to_row(event))
    return event


def timer_events(database: Database, session_id: str) -> list[TimerEvent]:
    return [
        from_row(TimerEvent, r)
        for r in database.query(
            "select * from timer_events where session_id = ? order by seq", [session_id]
        )
    ]


def next_seq(database: Database, session_id: str) -> int:
    return int(
        database.query(
            "select coalesce(max(seq), 0) + 1 as n from timer_events where session_id = ?",
            [session_id],
        )[0]["n"]
    )


def start_turn(database: Database, turn: SpeakingTurn) -> SpeakingTurn:
    with database.write() as db:
        db.table("speaking_turns").insert(to_row(turn))
    return turn


def end_turn(database: Database, turn_id: str, ended_at: str) -> None:
    with database.write() as db:
        db.table("speaking_turns").update(turn_id, {"ended_at": ended_at})


def turns_for_session(database: Database, session_id: str) -> list[SpeakingTurn]:
    return [
        from_row(SpeakingTurn, r)
        for r in database.query(
            "select t.* from speaking_turns t join phases p on p.id = t.phase_id "
            "where p.session_id = ? order by t.started_at",
            [session_id],
        )
    ]


# ------------------------------------------------------------------ a run's transitions


def record_transition(
    database: Database,
    events: list[TimerEvent],
    *,
    phases: dict[str, dict[str, str | None]] | None = None,
    session: dict[str, str | None] | None = None,
    session_id: str | None = None,
) -> None:
    """One timer transition in one transaction: its events, phase times and session status."""
    with database.write() as db:
        if events:
            db.table("timer_events").insert_all([to_row(e) for e in events])
        for phase_id, changes in (phases or {}).items():
            db.table("phases").update(phase_id, changes)
        if session and session_id:
            db.table("sessions").update(session_id, session)


def turns_for_phase(database: Database, phase_id: str) -> list[SpeakingTurn]:
    """The phase's speaking turns in the order they began (seq of insertion breaks ties)."""
    return [
        from_row(SpeakingTurn, r)
        for r in database.query(
            "select * from speaking_turns where phase_id = ? order by started_at, rowid", [phase_id]
        )
    ]


def change_turns(
    database: Database,
    *,
    end: tuple[str, str] | None = None,
    start: list[SpeakingTurn] | None = None,
) -> None:
    """End one turn and/or start others, in one transaction (a speaker change)."""
    with database.write() as db:
        if end is not None:
            db.table("speaking_turns").update(end[0], {"ended_at": end[1]})
        if start:
            db.table("speaking_turns").insert_all([to_row(t) for t in start])


def running_session_ids(database: Database) -> list[str]:
    """Sessions left running (the app was closed or killed mid-session), newest first."""
    return [
        str(r["id"])
        for r in database.query(
            "select id from sessions where status = 'running' "
            "order by coalesce(started_at, created_at) desc"
        )
    ]


# ------------------------------------------------------------------ timer preferences

TIMER_SETTING_KEYS = ("timer.warnings_s", "timer.break_after_s", "timer.gap_s", "timer.sound_muted")


def timer_preferences(database: Database) -> dict[str, str]:
    """The stored timer preferences (warning thresholds, break reminder, sleep gap, mute)."""
    marks = ", ".join("?" for _ in TIMER_SETTING_KEYS)
    return {
        str(r["key"]): str(r["value"])
        for r in database.query(
            f"select key, value from settings where key in ({marks})", list(TIMER_SETTING_KEYS)
        )
    }


def save_timer_preferences(database: Database, values: dict[str, str]) -> None:
    unknown = set(values) - set(TIMER_SETTING_KEYS)
    if unknown:
        raise ValueError(f"not timer settings: {sorted(unknown)}")
    with database.write() as db:
        for key, value in values.items():
            db.table("settings").upsert({"key": key, "value": value}, pk="key")
