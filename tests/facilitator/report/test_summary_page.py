"""The session report's page 1 is the summary: outcomes, people, what happens next.

Also the content readers of printed minutes asked for (planned clock times, time available,
the timekeeper's changes, the scribe, when someone left), the leadership figure's words and
times that read the same on any computer.
"""

from __future__ import annotations

import io
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import pytest
from pypdf import PdfReader

from facilitator import planning
from facilitator import record as records
from facilitator.clock import iso
from facilitator.model import (
    AttendanceStatus,
    Decision,
    DecisionMethod,
    Phase,
    RoleAssignment,
    SessionStatus,
    TimerEvent,
    TimerEventKind,
    label,
)
from facilitator.report import figures, render_session, session_data
from facilitator.store import assignments, captures, sessions, teams
from facilitator.store.database import Database
from tests.facilitator.report.hostile import hostile_session, long_text

TODAY = date(2026, 12, 2)


def pages(database: Database, session_id: str, paper: str = "a4") -> list[str]:
    """Each page's text, whitespace collapsed."""
    out = io.BytesIO()
    render_session(session_data(database, session_id), out, paper=paper, today=TODAY, tz=UTC)
    reader = PdfReader(io.BytesIO(out.getvalue()))
    return [" ".join(page.extract_text().split()) for page in reader.pages]


@pytest.fixture
def demo(demo_db: tuple[Database, str]) -> tuple[Database, str, records.SessionRecord]:
    database, sample = demo_db
    return database, sample, records.load(database, sample)


# ------------------------------------------------------------------ the outcomes


def test_page_one_says_what_was_decided_and_how(demo) -> None:  # type: ignore[no-untyped-def]
    database, sample, rec = demo
    first = pages(database, sample)[0]
    assert rec.decisions
    for d in rec.decisions:
        assert " ".join(d.text.split()[:6]) in first, d.text
        assert label(d.method) in first
    # the short decision fits its line whole
    assert "Priya tells the top 20 customers about the change this week." in first


def test_page_one_says_who_does_what_by_when(demo) -> None:  # type: ignore[no-untyped-def]
    database, sample, rec = demo
    first = pages(database, sample)[0]
    assert rec.actions
    for a in rec.actions:
        assert rec.person(a.owner_id) in first
        assert figures.short_date(a.due) in first
        assert " ".join(a.text.split()[:4]) in first


def test_page_one_lists_the_experiments_launched(demo) -> None:  # type: ignore[no-untyped-def]
    database, sample, rec = demo
    first = pages(database, sample)[0]
    assert "Experiments launched (1)" in first
    x = rec.experiments[0]
    assert " ".join(x.hypothesis.split()[:5]) in first
    assert figures.short_date(x.review_on) in first


def test_page_one_names_the_next_session_and_its_date(demo) -> None:  # type: ignore[no-untyped-def]
    database, sample, _ = demo
    first = pages(database, sample)[0]
    day = datetime.now(UTC).date() + timedelta(days=7)  # the demo plans it a week on
    assert f"Next session {day:%A} {day.day} {day:%B %Y}, 09:30" in first
    assert "Go or no-go for Bristol" in first


def test_the_last_session_says_none_is_planned(fresh_db: Database) -> None:
    team = teams.create_team(fresh_db, "Ops")
    first = sessions.create_session(fresh_db, team.id, "First", planned_date="2026-03-02")
    second = sessions.create_session(fresh_db, team.id, "Second", planned_date="2026-03-09")
    assert records.load(fresh_db, first.id).next_session == second
    assert records.load(fresh_db, second.id).next_session is None
    assert "Next session none planned yet" in pages(fresh_db, second.id)[0]


def test_the_whole_summary_fits_page_one(demo) -> None:  # type: ignore[no-untyped-def]
    database, sample, _ = demo
    for paper in ("a4", "letter"):
        first, second = pages(database, sample, paper)[:2]
        assert "Next session" in first and "Leadership" in first, paper
        assert "What was decided" not in second and "Next session" not in second, paper
        assert "Who took part Name Area of work" in second, paper


# ------------------------------------------------------------------ the people


@pytest.fixture
def left_and_away(demo) -> tuple[Database, str]:  # type: ignore[no-untyped-def]
    """The demo's last session, where Priya left at 10:45 (London) and Jonas was away."""
    database, sample, rec = demo
    by_name = {p.name: p.id for p in rec.participants}
    planning.set_attendance(
        database,
        sample,
        by_name["Priya Nair"],
        AttendanceStatus.LEFT_EARLY,
        left_at="2026-11-30T10:45:00.000+00:00",
    )
    planning.set_attendance(database, sample, by_name["Jonas Berg"], AttendanceStatus.ABSENT)
    return database, sample


def test_page_one_names_who_was_absent_and_who_left_when(left_and_away) -> None:  # type: ignore[no-untyped-def]
    first = pages(*left_and_away)[0]
    assert "Who took part (5 of 6)" in first
    assert "Left early: Priya Nair at 10:45" in first
    assert "Absent: Jonas Berg" in first


def test_the_people_table_says_when_someone_left(left_and_away) -> None:  # type: ignore[no-untyped-def]
    second = pages(*left_and_away)[1]
    assert "Priya Nair left early at 10:45" in second


def test_page_one_names_who_took_the_minutes(demo) -> None:  # type: ignore[no-untyped-def]
    database, sample, _ = demo
    assert "Minutes by Kenji Watanabe" in pages(database, sample)[0]


# ------------------------------------------------------------------ long lists


def test_long_lists_stop_and_say_how_many_more(demo) -> None:  # type: ignore[no-untyped-def]
    database, sample, _ = demo
    for i in range(9):
        captures.add(database, Decision(sample, f"Extra decision number {i}", DecisionMethod.VOTE))
    texts = pages(database, sample)
    first = texts[0]
    assert "What was decided (11)" in first
    # as many as fit page 1 (at most six), in order, then how many more the details hold
    shown = 2 + sum(f"Extra decision number {i}" in first for i in range(9))
    assert 1 <= shown <= 6 and f"and {11 - shown} more — see Decisions" in first
    assert f"Extra decision number {shown - 3}" in first or shown < 3
    assert f"Extra decision number {shown - 2}" not in first
    assert "Extra decision number 8" in " ".join(texts[1:])  # the details keep them all
    assert "Next session" in first and "Leadership" in first


def test_a_long_session_keeps_its_summary_on_page_one(fresh_db: Database) -> None:
    session_id, _ = hostile_session(fresh_db)
    sessions.edit_session(fresh_db, session_id, dilemma=long_text(5000))
    texts = pages(fresh_db, session_id)
    first = texts[0]
    for heading in ("What was decided (2)", "Who does what by when (1)", "Next session"):
        assert heading in first
    assert "The whole dilemma follows on the next page." in first
    assert "w00000" in first  # the 100,000-character decision starts on its one line
    assert "w00200" not in first
    assert "Next session" not in texts[1]
    assert "The dilemma" in texts[1]  # in full, first of the details


def test_one_line_cuts_at_a_word_with_an_ellipsis() -> None:
    from facilitator.report.fonts import REGULAR
    from facilitator.report.summary_page import one_line
    from facilitator.report.text import Text

    Text()  # registers the fonts
    assert one_line("Short  and\nsweet", 300, REGULAR, 9) == "Short and sweet"
    cut = one_line("alpha beta gamma delta epsilon zeta eta theta", 120, REGULAR, 9)
    assert cut.endswith(" …") and cut.startswith("alpha beta")
    assert "gam" not in cut or "gamma" in cut  # never mid-word


# ------------------------------------------------------------------ the agenda


def test_the_agenda_gives_each_phase_its_planned_clock_time(demo) -> None:  # type: ignore[no-untyped-def]
    database, sample, rec = demo
    assert figures.planned_clocks(rec)[:4] == ["09:30", "09:30", "09:36", "09:39"]
    text = " ".join(pages(database, sample)[1:])
    assert "Look back Review round · Silent writing 09:37 plan 09:36" in text
    assert "Planned 1 h 45 min in 23 phases (09:30–11:15)" in text


def test_a_planned_session_shows_its_clock_times(fresh_db: Database) -> None:
    team = teams.create_team(fresh_db, "Ops")
    s = sessions.create_session(
        fresh_db, team.id, "Plan", planned_date="2026-03-02", planned_start="14:00"
    )
    sessions.add_phases(fresh_db, [Phase(s.id, 0, "Open", 600), Phase(s.id, 1, "Close", 300)])
    text = " ".join(pages(fresh_db, s.id))
    assert "Open Open discussion 14:00 planned" in text
    assert "Close Open discussion 14:10 planned" in text
    assert "Planned 15 min in 2 phases (14:00–14:15); not run yet." in text


def test_the_agenda_sets_time_planned_against_time_available(demo) -> None:  # type: ignore[no-untyped-def]
    database, sample, rec = demo
    assert rec.session.available_min == 90
    texts = pages(database, sample)
    said = "The agenda was planned 15 min longer than the 1 h 30 min available."
    assert said in texts[0] and said in texts[1]
    sessions.edit_session(database, sample, available_min=120)
    assert "The agenda leaves 15 min of the 2 h available free." in pages(database, sample)[0]


def test_the_timekeepers_extensions_are_told(demo) -> None:  # type: ignore[no-untyped-def]
    database, sample, rec = demo
    said = "The timekeeper extended 4 times, 4 min in all (Report +1:00, All +1:00,"
    texts = pages(database, sample)
    assert said in texts[0]
    assert "Report Review round · Round-robin · extended +1:00" in " ".join(texts[1:])
    phase = rec.phases[2]
    runs_at = iso(datetime(2026, 11, 30, 9, 38, tzinfo=UTC))
    with database.write() as db:
        for seq, kind, amount, left in (
            (900, TimerEventKind.SHORTEN, 30.0, None),
            (901, "skip", None, 75.0),  # moved on with 1:15 to go: it ended early
        ):
            event = TimerEvent(
                sample, phase.id, seq, kind, runs_at, amount_s=amount, remaining_s=left
            )
            db.table("timer_events").insert(
                {k: getattr(event, k) for k in event.__dataclass_fields__}
            )
    later = " ".join(pages(database, sample))
    assert "shortened once (Look back −0:30); moved on early from Look back (1:15 left)." in later
    assert "Look back Review round · Silent writing · shortened −0:30; ended 1:15 early" in later


def test_the_timing_line_reads_as_english(demo) -> None:  # type: ignore[no-untyped-def]
    database, sample, rec = demo
    assert "all 23 ran in 1 h 50 min (5 min behind plan)" in figures.timing_summary(rec)
    run, unrun = rec.phases[0], rec.phases[1]
    partial = records.SessionRecord(
        **{**rec.__dict__, "phases": [run, _unrun(unrun)]}  # type: ignore[arg-type]
    )
    assert "; it ran" not in figures.timing_summary(partial)
    assert "the 1 phase that ran took 1 min (on plan); 1 not run." in figures.timing_summary(
        partial
    )
    assert "within half a minute counts as on plan" in " ".join(pages(database, sample))


def _unrun(phase: Phase) -> Phase:
    import dataclasses

    return dataclasses.replace(phase, started_at=None, ended_at=None)


# ------------------------------------------------------------------ D6, D7 and a planned session


def test_a_perfect_rotation_reads_as_evenly_shared(fresh_db: Database) -> None:
    """13 people, 5 roles, each held by someone different: the best spread possible."""
    team = teams.create_team(fresh_db, "Big team")
    people = [teams.add_participant(fresh_db, team.id, f"Person {i:02d}") for i in range(13)]
    start = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
    s = sessions.create_session(fresh_db, team.id, "Rotation", planned_date="2026-03-02")
    planning.set_present(fresh_db, s.id, [p.id for p in people])
    roles = teams.list_roles(fresh_db, team.id)[:5]
    assignments.add_assignments(
        fresh_db,
        [
            RoleAssignment(s.id, role.id, person.id, created_at=iso(start))
            for role, person in zip(roles, people, strict=False)
        ],
    )
    sessions.edit_session(
        fresh_db,
        s.id,
        status=SessionStatus.FINISHED,
        started_at=iso(start),
        ended_at=iso(start + timedelta(hours=1)),
        time_zone="UTC",
    )
    text = " ".join(pages(fresh_db, s.id))
    assert "distribution 1.00 — evenly shared" in text
    assert "Leadership distribution: 1.00 — evenly shared" in text
    assert "concentrated" not in text and "unevenly" not in text


@pytest.fixture
def restore_zone(monkeypatch: pytest.MonkeyPatch) -> Iterator[pytest.MonkeyPatch]:
    yield monkeypatch
    monkeypatch.undo()
    time.tzset()


def test_page_one_reads_the_same_in_any_time_zone(left_and_away, restore_zone) -> None:  # type: ignore[no-untyped-def]
    """Printed in Leeds, New York or Tokyo: the room's clock, never the printer's."""
    seen = {}
    for zone in ("Europe/London", "America/New_York", "Asia/Tokyo"):
        restore_zone.setenv("TZ", zone)
        time.tzset()
        texts = pages(*left_and_away)
        seen[zone] = [t.replace(" · Europe/London time", "") for t in texts]
        assert "ran 09:30–11:20" in texts[0], zone
        assert "Priya Nair at 10:45" in texts[0], zone
    assert seen["Europe/London"] == seen["America/New_York"] == seen["Asia/Tokyo"]


def test_a_planned_session_says_who_is_expected(fresh_db: Database) -> None:
    team = teams.create_team(fresh_db, "Ops")
    ana = teams.add_participant(fresh_db, team.id, "Ana")
    s = sessions.create_session(fresh_db, team.id, "Soon", planned_date="2026-03-02")
    planning.set_present(fresh_db, s.id, [ana.id])
    first, *later = pages(fresh_db, s.id)
    assert "Who is expected (1 of 1)" in first and "Who took part" not in first
    assert "Leadership not yet: roles are counted once the session has run" in first
    assert "Outcomes None yet: the session has not run." in first
    assert "What was decided" not in first
    rest = " ".join(later)
    assert "Who is expected Name" in rest
    assert "Leadership distribution: not yet: roles are counted once the session has run" in rest
    assert "the chart shows the roles each person is to hold" in rest


# ------------------------------------------------------------------ all of it on page 1


def last_heading(first: str) -> str:
    """The last row of the closing card: "Also recorded" when there is any, else
    "Leadership"."""
    return "Also recorded" if "Also recorded" in first else "Leadership"


@pytest.mark.parametrize("paper", ["a4", "letter"])
@pytest.mark.parametrize("kind", ["demo", "hostile", "long"])
def test_page_one_holds_the_whole_summary_however_long_the_session(
    fresh_db: Database, kind: str, paper: str
) -> None:
    from facilitator.demo import add_demo
    from tests.facilitator.report.test_pagination import long_session

    if kind == "demo":
        session_id = add_demo(fresh_db, today=TODAY)
    elif kind == "hostile":
        session_id, _ = hostile_session(fresh_db)
    else:
        session_id = long_session(fresh_db)
    texts = pages(fresh_db, session_id, paper)
    first, second = texts[0], texts[1]
    for part in ("Experiments launched", "Next session", "Timing", "Leadership"):
        assert part in first, (kind, paper, part)
        assert f"{part} " not in second.split("Who took part")[0], (kind, paper, part)
    rec = records.load(fresh_db, session_id)
    if rec.learnings or rec.contributions:
        assert "Also recorded" in first and "Also recorded" not in second, (kind, paper)


def test_a_decision_on_page_one_reads_whole_up_to_three_lines(demo) -> None:  # type: ignore[no-untyped-def]
    database, sample, rec = demo
    first = pages(database, sample)[0]
    key = rec.decisions[0].text
    assert "until Leeds dispatches on time" in key
    assert " ".join(key.split()) in first  # the condition too, not cut after "the 1st"


def test_a_longer_decision_is_cut_at_a_word_and_points_to_the_whole(fresh_db: Database) -> None:
    team = teams.create_team(fresh_db, "T")
    sample = sessions.create_session(fresh_db, team.id, "S").id
    words = " ".join(f"clause{i:02d}" for i in range(80))
    captures.add(fresh_db, Decision(sample, words, DecisionMethod.VOTE))
    first = pages(fresh_db, sample)[0]
    assert "clause00 clause01" in first and "clause79" not in first
    assert "… (whole text under Decisions)" in first
    shown = first.split("clause00")[1].split("…")[0]
    assert len(shown.split()) >= 15  # more than one line of it


def test_page_one_lists_what_is_still_open_from_earlier(demo) -> None:  # type: ignore[no-untyped-def]
    database, sample, rec = demo
    first = pages(database, sample)[0]
    still = [
        (i, a)
        for i, a in enumerate(rec.reviewed_actions, 1)
        if figures.action_state(a, TODAY) in ("open", "overdue")
    ]
    assert still
    assert f"Still open from earlier ({len(still)})" in first
    for i, a in still:
        assert f"R{i} {rec.person(a.owner_id)}" in first
        assert " ".join(a.text.split()[:4]) in first
