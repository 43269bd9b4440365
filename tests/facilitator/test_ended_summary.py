"""The end of a run in three lines: when it ran against the plan, what was captured, who
held the roles (the run screen's end panel reads it)."""

from __future__ import annotations

from facilitator import capture, record, rota, session_time
from facilitator.clock import FakeClock
from facilitator.run import SessionRun
from facilitator.summaries import ended_summary
from tests.facilitator.run_fixtures import make_session


def test_a_finished_run_says_how_long_what_was_captured_and_who_held_the_roles(
    fresh_db,
) -> None:
    session_id, people = make_session(fresh_db, [900, 900, 900], present=3)
    clock = FakeClock()
    rota.accept(fresh_db, rota.suggest_for_session(fresh_db, session_id), clock=clock)
    run = SessionRun(fresh_db, session_id, clock)
    run.toggle()
    for text in ("Pause Bristol", "Push on"):
        capture.add(fresh_db, "contribution", session_id, text, participant_id=people[0])
    capture.add(fresh_db, "decision", session_id, "We pause", clock=clock)
    capture.add(fresh_db, "learning", session_id, "Ask earlier", clock=clock)
    clock.advance(42 * 60)
    run.end_session()
    finished = record.load(fresh_db, session_id)
    ran, captured, roles = ended_summary(finished)
    assert ran == f"Ran {session_time.ran_text(finished.session)}: 42 min of the 45 min planned."
    assert captured == ("Captured 2 ideas, 1 decision, 0 actions, 0 experiments and 1 learning.")
    holders = [
        f"{finished.role_name(a.role_id)}: {finished.person(a.participant_id)}"
        for a in finished.assignments
        if not a.shadow_of
    ]
    assert holders, "the team's roles were held"
    assert roles == f"Roles: {'; '.join(holders)}."


def test_a_run_shorter_than_a_minute_says_so(fresh_db) -> None:
    session_id, _ = make_session(fresh_db, [600])
    clock = FakeClock()
    run = SessionRun(fresh_db, session_id, clock)
    run.toggle()
    clock.advance(20)
    run.end_session()
    ran, _, _ = ended_summary(record.load(fresh_db, session_id))
    assert ran.endswith(": under a minute of the 10 min planned.")


def test_a_session_that_never_ran_says_so(fresh_db) -> None:
    session_id, _ = make_session(fresh_db, [600])
    ran, captured, roles = ended_summary(record.load(fresh_db, session_id))
    assert ran == "Not run to its end (10 min planned)."
    assert captured == "Captured 0 ideas, 0 decisions, 0 actions, 0 experiments and 0 learnings."
    assert roles == "No roles were held."
