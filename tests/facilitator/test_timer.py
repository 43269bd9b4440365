"""The countdown engine: drift-free, stored transitions, gaps, resume and bad input."""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from facilitator.clock import FakeClock, parse_iso
from facilitator.durations import countdown
from facilitator.errors import ValidationError
from facilitator.model import SessionStatus, TimerEventKind
from facilitator.store import memory, runs, sessions
from facilitator.time_away import GapKind, time_away
from facilitator.timer import CueKind, Timer, TimerSettings, TimerState
from tests.facilitator.run_fixtures import make_session

NINETY_MINUTES = [5 * 60, 10 * 60, 15 * 60, 5 * 60, 20 * 60, 10 * 60, 15 * 60, 10 * 60]


def _timer(database, durations, **kwargs):
    clock = FakeClock()
    session_id, _ = make_session(database, durations, **kwargs)
    return Timer.resume(database, session_id, clock), clock, session_id


def _repaint(
    timer: Timer,
    clock: FakeClock,
    seconds: float,
    step: float = 1.0,
    stall_at: float | None = None,
    stall: float = 0.0,
) -> list:
    """Let ``seconds`` pass with a repaint every ``step`` (and one stall); collect cues."""
    cues = []
    passed = 0.0
    while passed < seconds:
        dt = min(step, seconds - passed)
        if stall_at is not None and passed <= stall_at < passed + step:
            dt = min(stall, seconds - passed)
        clock.advance(dt)
        passed += dt
        assert timer.check_gap() is None
        cues += timer.due_cues()
    return cues


def test_ninety_minute_agenda_with_pauses_extensions_skips_and_a_stall_has_zero_drift(
    fresh_db,
) -> None:
    timer, clock, session_id = _timer(fresh_db, NINETY_MINUTES)
    assert sum(NINETY_MINUTES) == 90 * 60
    assert timer.state is TimerState.NOT_STARTED
    timer.start()
    start = clock.monotonic()

    # Phase 1 runs to its deadline, with a 3-second GUI stall in the middle.
    _repaint(timer, clock, 300, stall_at=120, stall=3.0)
    assert timer.remaining_at() == 0.0
    timer.next_phase()
    # Phase 2: paused for 2 minutes, extended by a minute, runs out.
    _repaint(timer, clock, 200)
    timer.pause()
    clock.advance(120)
    assert timer.remaining_at() == 400.0
    timer.resume_round()
    timer.extend()
    _repaint(timer, clock, 460)
    assert timer.remaining_at() == 0.0
    # Phase 3 is skipped after 5 minutes; phase 4 goes 30 seconds over time.
    timer.next_phase()
    _repaint(timer, clock, 300)
    timer.next_phase()
    _repaint(timer, clock, 330, stall_at=100, stall=3.0)
    assert timer.state is TimerState.OVERRUN
    assert timer.remaining_at() == -30.0
    assert countdown(timer.remaining_at()) == "+0:30"
    # Back to phase 3 for a minute: it has the 10 minutes it had left.
    timer.back()
    assert timer.remaining_at() == 600.0
    _repaint(timer, clock, 60)
    timer.next_phase()
    assert timer.remaining_at() == -30.0
    timer.next_phase()
    # The rest run exactly to time, one shortened by two minutes.
    timer.shorten(120)
    for seconds in (1080, 600, 900, 600):
        _repaint(timer, clock, seconds)
        assert timer.remaining_at() == 0.0
        if not timer.view().is_last:
            timer.next_phase()
    timer.end_session()

    expected = 300 + 200 + 120 + 460 + 300 + 330 + 60 + 1080 + 600 + 900 + 600
    assert clock.monotonic() - start == expected
    session = sessions.get_session(fresh_db, session_id)
    assert session.status is SessionStatus.FINISHED
    total = (parse_iso(session.ended_at) - parse_iso(session.started_at)).total_seconds()
    assert total == expected
    # Every phase's actual length adds up to the whole session: nothing lost or invented.
    phases = sessions.list_phases(fresh_db, session_id)
    spans = [(parse_iso(p.ended_at) - parse_iso(p.started_at)).total_seconds() for p in phases]
    assert spans[0] == 300 and spans[1] == 780
    assert spans[2] == 300 + 330 + 60  # from its first start to its last end
    assert spans[3] == 330 + 60
    assert spans[4:] == [1080, 600, 900, 600]
    assert timer.behind_plan_at() == expected - 90 * 60
    events = runs.timer_events(fresh_db, session_id)
    assert [e.seq for e in events] == list(range(1, len(events) + 1))
    assert events[-1].kind is TimerEventKind.END


def test_warning_and_time_up_are_reported_once_each(fresh_db) -> None:
    timer, clock, _ = _timer(fresh_db, [180, 120])
    timer.start()
    cues = _repaint(timer, clock, 125)
    assert [c.kind for c in cues] == [CueKind.WARNING]
    assert cues[0].message == "60 seconds left in Phase 1." or "1 minute" in cues[0].message
    cues = _repaint(timer, clock, 100)
    assert [c.kind for c in cues] == [CueKind.TIME_UP]
    assert _repaint(timer, clock, 30) == []
    # Extending past the threshold re-arms the warning.
    timer.extend(240)
    assert timer.remaining_at() == 165
    cues = _repaint(timer, clock, 120)
    assert [c.kind for c in cues] == [CueKind.WARNING]


def test_a_first_phase_shorter_than_a_warning_starts_without_it(fresh_db) -> None:
    """A 45-second first phase once opened with "1 minute left" the moment it started."""
    timer, clock, _ = _timer(fresh_db, [45, 300])
    timer.start()
    assert _repaint(timer, clock, 44) == []
    assert [c.kind for c in _repaint(timer, clock, 2)] == [CueKind.TIME_UP]
    timer.next_phase()
    cues = _repaint(timer, clock, 241)
    assert [c.kind for c in cues] == [CueKind.WARNING]


def test_configurable_thresholds_and_break_reminder(fresh_db) -> None:
    clock = FakeClock()
    session_id, _ = make_session(fresh_db, [3600, 600, 3600], breaks={1})
    timer = Timer.resume(
        fresh_db, session_id, clock, TimerSettings(warnings_s=(300, 60), break_after_s=50 * 60)
    )
    timer.start()
    cues = _repaint(timer, clock, 3600, step=5)
    kinds = [c.kind for c in cues]
    assert kinds.count(CueKind.WARNING) == 2
    assert kinds.count(CueKind.BREAK_DUE) == 1
    assert kinds[-1] is CueKind.TIME_UP
    timer.next_phase()  # the break: no reminder during it
    assert all(c.kind is not CueKind.BREAK_DUE for c in _repaint(timer, clock, 600, step=5))
    timer.next_phase()
    cues = _repaint(timer, clock, 49 * 60, step=5)
    assert all(c.kind is not CueKind.BREAK_DUE for c in cues)
    cues = _repaint(timer, clock, 120, step=5)
    assert [c.kind for c in cues] == [CueKind.BREAK_DUE]


def test_a_long_pause_counts_as_a_break(fresh_db) -> None:
    clock = FakeClock()
    session_id, _ = make_session(fresh_db, [7200])
    timer = Timer.resume(fresh_db, session_id, clock, TimerSettings(break_after_s=3600))
    timer.start()
    _repaint(timer, clock, 3000, step=5)
    timer.pause()
    clock.advance(600)
    timer.resume_round()
    assert all(c.kind is not CueKind.BREAK_DUE for c in _repaint(timer, clock, 3000, step=5))


def test_sleep_gap_is_detected_and_pausing_uses_the_moment_it_slept(fresh_db) -> None:
    timer, clock, session_id = _timer(fresh_db, [600])
    timer.start()
    _repaint(timer, clock, 100)
    slept_utc = clock.now()
    clock.advance(900)  # lid closed for 15 minutes
    gap = timer.check_gap()
    assert gap is not None and gap.seconds == 900 and gap.remaining_at_sleep == 500
    assert timer.due_cues() == []  # nothing rings while the question is open
    assert timer.check_gap() is gap
    timer.pause_at_gap()
    assert timer.state is TimerState.PAUSED
    assert timer.remaining_at() == 500
    event = runs.timer_events(fresh_db, session_id)[-1]
    assert event.kind is TimerEventKind.SLEEP
    assert parse_iso(event.at_utc) == slept_utc
    assert event.remaining_s == 500


def test_going_on_after_a_gap_keeps_the_deadline(fresh_db) -> None:
    timer, clock, _ = _timer(fresh_db, [600])
    timer.start()
    clock.advance(30)
    assert timer.check_gap() is not None
    timer.continue_after_gap()
    assert timer.remaining_at() == 570
    assert timer.check_gap() is None
    clock.advance(3)  # a three-second stall is not a gap
    assert timer.check_gap() is None


@pytest.mark.parametrize("paused", [False, True])
def test_resume_after_restart_gives_the_right_remaining_time(file_db, paused) -> None:
    clock = FakeClock()
    session_id, _ = make_session(file_db, [300, 900, 600])
    timer = Timer.resume(file_db, session_id, clock)
    timer.start()
    clock.advance(310)
    timer.next_phase()
    clock.advance(100)
    timer.extend(90)
    clock.advance(50)
    if paused:
        timer.pause()
    before = timer.remaining_at()
    assert before == 900 + 90 - 150
    # The app is killed; the machine restarts (its monotonic clock starts again).
    clock.advance(42)
    restarted = FakeClock(start=clock.now(), monotonic_start=5.0)
    again = Timer.resume(file_db, session_id, restarted)
    assert again.index == 1
    assert again.state is (TimerState.PAUSED if paused else TimerState.RUNNING)
    assert again.remaining_at() == pytest.approx(before if paused else before - 42, abs=0.002)
    assert again.view().allotted_s == 990
    assert again.behind_plan_at() == pytest.approx(timer.behind_plan_at(), abs=0.002)
    again.back()
    assert again.remaining_at() == pytest.approx(-10, abs=0.002)


def _crash_after(database, seconds: float, clock: FakeClock | None = None):
    """A 10-minute round runs ``seconds``; then the app is gone (nothing more is stored)."""
    clock = clock or FakeClock()
    session_id, _ = make_session(database, [600, 300])
    Timer.resume(database, session_id, clock).start()
    clock.advance(seconds)
    return clock, session_id


def test_resume_with_the_clock_set_back_asks_and_gives_no_time_back(fresh_db) -> None:
    clock, session_id = _crash_after(fresh_db, 60)
    clock.jump_wall_clock(-3600)  # someone set the system time back
    again = Timer.resume(fresh_db, session_id, clock)
    gap = again.check_gap()
    assert gap is not None and gap.kind is GapKind.CLOCK_BACK and gap.after_restart
    assert again.view().gap_pending and again.due_cues() == []
    # The monotonic clock says 60 s really passed: they are counted, none given back.
    assert again.remaining_at() == pytest.approx(540, abs=0.002)
    assert "set back by 1:00:00" in gap.question
    assert "10:00 left, as it was when last recorded" in gap.question
    assert "(9:00 left now)" in gap.question
    again.pause_at_gap()  # as it was at the last record, no more
    assert again.state is TimerState.PAUSED
    assert again.remaining_at() == pytest.approx(600, abs=0.002)
    event = runs.timer_events(fresh_db, session_id)[-1]
    assert event.kind is TimerEventKind.SLEEP and parse_iso(event.at_utc) == clock.now()


def test_clock_set_back_then_go_on_counts_the_measured_time_and_is_stored(fresh_db) -> None:
    clock, session_id = _crash_after(fresh_db, 60)
    clock.jump_wall_clock(-3600)
    again = Timer.resume(fresh_db, session_id, clock)
    assert again.check_gap() is not None
    clock.advance(10)
    again.continue_after_gap()
    assert again.check_gap() is None and again.state is TimerState.RUNNING
    assert again.remaining_at() == pytest.approx(530, abs=0.002)
    assert runs.timer_events(fresh_db, session_id)[-1].kind is TimerEventKind.RESUME
    clock.advance(30)  # and a later restart does not ask again
    third = Timer.resume(fresh_db, session_id, clock)
    assert third.check_gap() is None
    assert third.remaining_at() == pytest.approx(500, abs=0.002)


def test_clock_set_back_across_a_reboot_asks_and_counts_nothing(fresh_db) -> None:
    clock, session_id = _crash_after(fresh_db, 60)
    rebooted = FakeClock(start=clock.now() - timedelta(hours=1), monotonic_start=5.0)
    again = Timer.resume(fresh_db, session_id, rebooted)
    gap = again.check_gap()
    assert gap is not None and gap.kind is GapKind.CLOCK_BACK
    assert again.remaining_at() == pytest.approx(600, abs=0.002)  # never more than stored
    assert gap.seconds == 0.0


def test_resume_with_the_clock_two_hours_ahead_asks_and_applies_no_overrun(fresh_db) -> None:
    clock, session_id = _crash_after(fresh_db, 60)
    rebooted = FakeClock(start=clock.now() + timedelta(hours=2), monotonic_start=5.0)
    again = Timer.resume(fresh_db, session_id, rebooted)
    gap = again.check_gap()
    assert gap is not None and gap.kind is GapKind.CLOCK_AHEAD
    assert again.state is TimerState.RUNNING  # not OVERRUN
    assert again.remaining_at() == pytest.approx(600, abs=0.002)
    assert "2:01:00 passed" in gap.question and "(1:51:00 over time now)" in gap.question
    assert again.behind_plan_at() == pytest.approx(0, abs=0.002)
    again.pause_at_gap()
    assert again.remaining_at() == pytest.approx(600, abs=0.002)
    assert again.state is TimerState.PAUSED


def test_clock_two_hours_ahead_goes_over_time_only_when_told_to_go_on(fresh_db) -> None:
    clock, session_id = _crash_after(fresh_db, 60)
    rebooted = FakeClock(start=clock.now() + timedelta(hours=2), monotonic_start=5.0)
    again = Timer.resume(fresh_db, session_id, rebooted)
    assert again.check_gap() is not None
    again.continue_after_gap()
    assert again.state is TimerState.OVERRUN
    assert again.remaining_at() == pytest.approx(600 - 7260, abs=0.002)
    assert again.behind_plan_at() == pytest.approx(7260 - 600, abs=0.002)
    assert again.due_cues() == []  # time was up long ago: no late chime


def test_a_clock_jump_the_monotonic_clock_saw_through_is_asked_about(fresh_db) -> None:
    """Same boot (up for 5 hours): the monotonic clock says only 60 s passed."""
    clock, session_id = _crash_after(fresh_db, 60, FakeClock(monotonic_start=5 * 3600.0))
    clock.jump_wall_clock(2 * 3600)
    again = Timer.resume(fresh_db, session_id, clock)
    gap = again.check_gap()
    assert gap is not None and gap.kind is GapKind.CLOCK_AHEAD
    assert gap.clock_moved_s == pytest.approx(7200) and gap.seconds == pytest.approx(60)
    assert "jumped 2:00:00 ahead" in gap.question
    assert again.remaining_at() == pytest.approx(540, abs=0.002)
    again.continue_after_gap()  # going on counts the real 60 s only
    assert again.remaining_at() == pytest.approx(540, abs=0.002)


@pytest.mark.parametrize("monotonic_start", [None, 5.0], ids=["same-boot", "rebooted"])
def test_a_normal_ninety_second_restart_counts_on_as_before(fresh_db, monotonic_start) -> None:
    clock, session_id = _crash_after(fresh_db, 60)
    clock.advance(90)
    if monotonic_start is not None:
        clock = FakeClock(start=clock.now(), monotonic_start=monotonic_start)
    again = Timer.resume(fresh_db, session_id, clock)
    assert again.check_gap() is None and again.pending_gap is None
    assert again.state is TimerState.RUNNING and again.resume_note == ""
    assert again.remaining_at() == pytest.approx(450, abs=0.002)


def test_a_paused_round_with_a_moved_clock_is_not_asked_about(fresh_db) -> None:
    clock, session_id = _crash_after(fresh_db, 60)
    timer = Timer.resume(fresh_db, session_id, clock)
    timer.pause()
    clock.jump_wall_clock(-3600)
    again = Timer.resume(fresh_db, session_id, clock)
    assert again.check_gap() is None and again.state is TimerState.PAUSED
    assert again.remaining_at() == pytest.approx(540, abs=0.002)
    assert "clock" in again.resume_note


@pytest.mark.parametrize(
    ("wall", "mono", "uptime", "kind", "counted"),
    [
        (90, 90, 5000, None, 90),  # both agree: trust them
        (90, None, 5000, None, 90),  # an older record: the wall clock only
        (-3000, 60, 5000, GapKind.CLOCK_BACK, 60),  # set back, same boot
        (-3000, None, 5000, GapKind.CLOCK_BACK, 0),
        (7260, 60, 18000, GapKind.CLOCK_AHEAD, 60),  # fits in the uptime: it is a jump
        (7260, 100, 200, GapKind.CLOCK_AHEAD, 7260),  # may be a reboot: too long to trust
        (3000, 100, 200, None, 3000),  # may be a reboot, and plausible
        (50000, 50000, 90000, None, 50000),  # a real long gap, same boot
    ],
)
def test_time_away_rules(wall, mono, uptime, kind, counted) -> None:
    last = parse_iso("2026-03-02T09:00:00+00:00")
    away = time_away(
        last,
        None if mono is None else uptime - mono,
        last + timedelta(seconds=wall),
        float(uptime),
        plausible_s=4000,
    )
    assert away.kind is kind and away.seconds == pytest.approx(counted)


def test_clock_set_back_while_running_keeps_the_countdown_and_records_sane(fresh_db) -> None:
    timer, clock, session_id = _timer(fresh_db, [600, 300])
    timer.start()
    _repaint(timer, clock, 100)
    clock.jump_wall_clock(-7200)
    _repaint(timer, clock, 100)
    assert timer.remaining_at() == 400
    timer.next_phase()
    first = sessions.list_phases(fresh_db, session_id)[0]
    assert parse_iso(first.ended_at) >= parse_iso(first.started_at)
    assert Timer.resume(fresh_db, session_id, clock).remaining_at() == pytest.approx(300)


def test_finished_session_resumes_finished(fresh_db) -> None:
    timer, clock, session_id = _timer(fresh_db, [60])
    timer.start()
    clock.advance(70)
    timer.end_session()
    again = Timer.resume(fresh_db, session_id, clock)
    assert again.state is TimerState.FINISHED
    with pytest.raises(ValidationError, match="ended"):
        again.toggle()


def test_skipping_while_paused_loads_the_next_phase_paused(fresh_db) -> None:
    timer, clock, session_id = _timer(fresh_db, [300, 200])
    timer.start()
    clock.advance(10)
    timer.pause()
    timer.next_phase()
    assert timer.state is TimerState.PAUSED and timer.remaining_at() == 200
    assert sessions.list_phases(fresh_db, session_id)[1].started_at is None
    clock.advance(30)
    timer.toggle()
    second = sessions.list_phases(fresh_db, session_id)[1]
    assert second.started_at is not None
    assert Timer.resume(fresh_db, session_id, clock).remaining_at() == 200


def test_choosing_where_to_begin_stores_nothing(fresh_db) -> None:
    timer, clock, session_id = _timer(fresh_db, [300, 200])
    timer.next_phase()
    timer.extend(30)
    assert runs.timer_events(fresh_db, session_id) == []
    timer.start()
    assert timer.remaining_at() == 230
    assert Timer.resume(fresh_db, session_id, clock).view().allotted_s == 230


# ------------------------------------------------------------------ bad input


def test_negative_extend_is_refused_with_a_clear_message(fresh_db) -> None:
    timer, _, _ = _timer(fresh_db, [300])
    timer.start()
    with pytest.raises(ValidationError, match="positive amount.*Shorten"):
        timer.extend(-60)
    with pytest.raises(ValidationError, match="positive amount.*Extend"):
        timer.shorten(-60)
    for bad in (0, float("nan"), "60", True):
        with pytest.raises(ValidationError):
            timer.extend(bad)
    assert timer.remaining_at() == 300


def test_shorten_stops_at_zero_and_not_past_it(fresh_db) -> None:
    timer, clock, _ = _timer(fresh_db, [300])
    timer.start()
    clock.advance(250)
    timer.shorten(120)
    assert timer.remaining_at() == 0
    clock.advance(1)
    with pytest.raises(ValidationError, match="over time"):
        timer.shorten()


def test_starting_with_nobody_present_is_refused(fresh_db) -> None:
    timer, _, session_id = _timer(fresh_db, [300], present=0)
    with pytest.raises(ValidationError, match="Nobody is marked present"):
        timer.start()
    assert timer.state is TimerState.NOT_STARTED
    assert runs.timer_events(fresh_db, session_id) == []
    assert sessions.get_session(fresh_db, session_id).status is SessionStatus.PLANNED


def test_an_agenda_without_phases_is_refused(fresh_db) -> None:
    session_id, _ = make_session(fresh_db, [])
    with pytest.raises(ValidationError, match="no phases"):
        Timer.resume(fresh_db, session_id, FakeClock())


def test_first_and_last_phase_and_ended_session(fresh_db) -> None:
    timer, _, _ = _timer(fresh_db, [300, 300])
    timer.start()
    with pytest.raises(ValidationError, match="first phase"):
        timer.back()
    timer.next_phase()
    with pytest.raises(ValidationError, match="last phase"):
        timer.next_phase()
    timer.end_session()
    for action in (timer.next_phase, timer.back, timer.extend, timer.end_session):
        with pytest.raises(ValidationError):
            action()


def test_a_refused_write_changes_nothing(file_db, tmp_path) -> None:
    from facilitator.errors import DatabaseReadOnlyError
    from facilitator.store import open_database

    clock = FakeClock()
    session_id, _ = make_session(file_db, [300])
    timer = Timer.resume(file_db, session_id, clock)
    timer.start()
    clock.advance(20)
    read_only = open_database(file_db.path, read_only=True)
    try:
        stuck = Timer.resume(read_only, session_id, clock)
        with pytest.raises(DatabaseReadOnlyError):
            stuck.pause()
        assert stuck.state is TimerState.RUNNING and stuck.remaining_at() == 280
    finally:
        read_only.close()


# ------------------------------------------------------------------ properties

OPS = st.lists(
    st.tuples(
        st.sampled_from(["wait", "toggle", "extend", "shorten"]),
        st.integers(min_value=1, max_value=400),
    ),
    max_size=40,
)


@settings(max_examples=60, deadline=None)
@given(OPS)
def test_remaining_is_allotted_minus_running_time(ops) -> None:
    database = memory()
    try:
        timer, clock, session_id = _timer(database, [1200])
        timer.start()
        allotted, ran, running = 1200.0, 0.0, True
        for op, amount in ops:
            if op == "wait":
                clock.advance(amount)
                timer.check_gap()
                timer.continue_after_gap()
                ran += amount if running else 0
            elif op == "toggle":
                timer.toggle()
                running = not running
            elif op == "extend":
                timer.extend(amount)
                allotted += amount
            elif allotted - ran > 0:
                cut = min(amount, allotted - ran)
                timer.shorten(amount)
                allotted -= cut
            assert timer.remaining_at() == allotted - ran
        again = Timer.resume(database, session_id, clock)
        assert again.remaining_at() == pytest.approx(allotted - ran, abs=0.002)
    finally:
        database.close()


def test_the_offer_to_resume_says_how_the_round_was_left() -> None:
    # Counting on while the app was closed, paused (it waits), or not started: the offer
    # after a crash says which, so a paused round is not said to have counted on.
    from facilitator.run import resume_question

    database = memory()
    timer, clock, sid = _timer(database, [300, 600])
    assert resume_question(database, sid).endswith("Its first round has not started.")
    timer.start()
    clock.advance(30)
    assert resume_question(database, sid).endswith(
        "The round's time counted on while the app was closed."
    )
    timer.pause()
    question = resume_question(database, sid)
    assert question == (
        "“Pause or push on” was still running when Facilitator closed. Resume it where it "
        "was? The round was paused; it waits where it stopped."
    )
