"""What the report says the timekeeper did to each phase: moving on is no change unless the
phase's time was not up (it ended early, by the time it had left) or the phase never ran
(skipped). A phase run over its time and left is never called skipped."""

from __future__ import annotations

from facilitator import record as records
from facilitator.clock import FakeClock
from facilitator.report import figures
from facilitator.store.database import Database
from facilitator.timer import Timer
from tests.facilitator.run_fixtures import make_session


def _run(database: Database) -> tuple[str, list[str]]:
    """Five 2-minute phases: the first run 75 s over, the second left with 1:15 to go, the
    third left 3 s before its end, the fourth passed while paused (never run), the last ended."""
    session_id, _ = make_session(database, [120] * 5)
    clock = FakeClock()
    timer = Timer.resume(database, session_id, clock)
    timer.start()
    clock.advance(195)  # 1:15 over time
    timer.next_phase()
    clock.advance(45)  # 1:15 left
    timer.next_phase()
    clock.advance(117)  # at the chime, or near enough
    timer.pause()
    timer.next_phase()
    timer.next_phase()  # past the fourth while paused: it never runs
    timer.resume_round()
    clock.advance(60)
    timer.end_session()
    phases = [p.id for p in records.load(database, session_id).phases]
    return session_id, phases


def test_only_early_and_unrun_phases_are_changes(fresh_db: Database) -> None:
    session_id, phases = _run(fresh_db)
    record = records.load(fresh_db, session_id)
    notes = figures.phase_changes(record)
    assert phases[0] not in notes  # ran over and moved on: no skip
    assert notes[phases[1]] == "ended 1:15 early"
    assert phases[2] not in notes  # 0:03 left: moving on at the chime
    assert notes[phases[3]] == "skipped"
    said = figures.extensions_text(record)
    assert "skipped " + record.phases[3].heading + "." in said
    assert "moved on early from " + record.phases[1].heading + " (1:15 left)" in said
    over = record.phases[0].heading
    assert f"{over}," not in said and f"{over} (" not in said


def test_a_run_moved_on_at_each_end_reports_no_change(fresh_db: Database) -> None:
    session_id, _ = make_session(fresh_db, [60, 60, 60])
    clock = FakeClock()
    timer = Timer.resume(fresh_db, session_id, clock)
    timer.start()
    for _ in range(2):
        clock.advance(70)
        timer.next_phase()
    clock.advance(60)
    timer.end_session()
    record = records.load(fresh_db, session_id)
    assert figures.phase_changes(record) == {}
    assert figures.extensions_text(record) == ""
