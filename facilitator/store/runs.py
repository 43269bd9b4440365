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
    return [from_row(TimerEvent, r) for r in database.query(
        "select * from timer_events where session_id = ? order by seq", [session_id])]


def next_seq(database: Database, session_id: str) -> int:
    return int(database.query("select coalesce(max(seq), 0) + 1 as n from timer_events "
                              "where session_id = ?", [session_id])[0]["n"])


def start_turn(database: Database, turn: SpeakingTurn) -> SpeakingTurn:
    with database.write() as db:
        db.table("speaking_turns").insert(to_row(turn))
    return turn


def end_turn(database: Database, turn_id: str, ended_at: str) -> None:
    with database.write() as db:
        db.table("speaking_turns").update(turn_id, {"ended_at": ended_at})


def turns_for_session(database: Database, session_id: str) -> list[SpeakingTurn]:
    return [from_row(SpeakingTurn, r) for r in database.query(
        "select t.* from speaking_turns t join phases p on p.id = t.phase_id "
        "where p.session_id = ? order by t.started_at", [session_id])]
