"""What a screen reader hears on the run screen, read through Qt's accessibility interface:
the time in words with the phase and the state, said anew at the whole minute and not with
every repaint; the state, the phase, the prompt, the roles, what comes next and the progress
against the plan as plain sentences that follow the session."""

from __future__ import annotations

from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QWidget

from facilitator.changes import Changes, Topic
from facilitator.clock import FakeClock
from facilitator.model import PhaseMode, RoleAssignment
from facilitator.store import assignments, sessions, teams
from tests.facilitator.run_fixtures import make_session
from ui import ops
from ui.screens.run import RunScreen
from ui.screens.run.spoken import spoken_length
from ui.sound import CuePlayer

RR, OPEN = PhaseMode.ROUND_ROBIN, PhaseMode.OPEN


def name(widget: QWidget) -> str:
    interface = QAccessible.queryAccessibleInterface(widget)
    assert interface is not None
    return interface.text(QAccessible.Text.Name)


def description(widget: QWidget) -> str:
    interface = QAccessible.queryAccessibleInterface(widget)
    assert interface is not None
    return interface.text(QAccessible.Text.Description)


def open_run(qtbot, database, durations=(180, 240, 120)) -> tuple[RunScreen, FakeClock, str]:  # noqa: ANN001
    session_id, _ = make_session(
        database, list(durations), modes=[RR, OPEN, RR], present=3, per_speaker=60
    )
    clock = FakeClock()
    screen = RunScreen(database, session_id, clock=clock, player=CuePlayer(enabled=False))
    qtbot.addWidget(screen)
    screen.resize(1366, 720)
    screen.show()
    return screen, clock, session_id


def tick(screen: RunScreen, clock: FakeClock, seconds: float) -> list[str]:
    """Time passes with the screen repainting every 200 ms; the time's names heard."""
    heard = []
    for _ in range(round(seconds * 5)):
        clock.advance(0.2)
        screen.refresh()
        heard.append(name(screen.time))
    return heard


def next_phase(screen: RunScreen) -> None:
    """N until the phase moves (with voices not yet heard, the first N only says so)."""
    index = screen.run.timer.index
    for _ in range(3):
        screen.next_phase()
        if screen.run.timer.index != index:
            return
    raise AssertionError("the phase did not move")


def test_spoken_lengths() -> None:
    assert spoken_length(252) == "4 minutes 12 seconds"
    assert spoken_length(60) == "1 minute"
    assert spoken_length(1) == "1 second"
    assert spoken_length(3725) == "1 hour 2 minutes 5 seconds"
    assert spoken_length(0) == "0 seconds"


def test_the_time_is_said_with_the_phase_and_the_state(qtbot, fresh_db) -> None:
    screen, clock, _ = open_run(qtbot, fresh_db)
    assert name(screen.time) == "3 minutes left in Phase 1, ready to start"
    assert description(screen.time) == "3 min in all"
    screen.toggle()
    assert name(screen.time) == "3 minutes left in Phase 1, running"
    tick(screen, clock, 12)
    screen.toggle()  # paused at 2:48: the state changed, so the seconds are said
    assert name(screen.time) == "2 minutes 48 seconds left in Phase 1, paused"
    screen.toggle()
    assert name(screen.time) == "2 minutes 48 seconds left in Phase 1, running"
    screen.extend()
    assert name(screen.time) == "3 minutes 48 seconds left in Phase 1, running"
    assert description(screen.time) == "4 min in all (planned 3 min, +1 min)"


def test_the_time_is_said_anew_at_each_whole_minute_not_each_repaint(qtbot, fresh_db) -> None:
    screen, clock, _ = open_run(qtbot, fresh_db)
    screen.toggle()
    heard = tick(screen, clock, 59.8)  # to 2:01 on the display: 299 repaints
    assert set(heard) == {"3 minutes left in Phase 1, running"}
    heard = tick(screen, clock, 60.2)  # through 2:00 to 1:00
    assert heard[0] == "2 minutes left in Phase 1, running"
    assert sorted(set(heard)) == [
        "1 minute left in Phase 1, running",
        "2 minutes left in Phase 1, running",
    ]
    assert screen.time.text() == "1:00"
    heard = tick(screen, clock, 120.2)  # past the end: time is up, then a minute over
    assert heard[-1] == "1 minute over time in Phase 1, running"
    assert set(heard) == {
        "1 minute left in Phase 1, running",
        "Time is up in Phase 1, running",
        "1 minute over time in Phase 1, running",
    }
    screen.toggle()
    assert name(screen.time) == "1 minute over time in Phase 1, paused"


def test_state_phase_and_prompt_have_words(qtbot, fresh_db) -> None:
    screen, clock, _ = open_run(qtbot, fresh_db)
    badge, title, prompt = screen.state_badge, screen.timer_panel.title, screen.timer_panel.prompt
    assert name(badge) == "Timer: ready to start"
    assert name(title) == "Phase 1 of 3: Phase 1"
    assert description(title) == screen.last_view.mode_label
    assert name(prompt) == "Prompt: Prompt 1"
    screen.toggle()
    assert name(badge) == "Timer: running"
    tick(screen, clock, 181)
    assert name(badge) == "Timer: over time"
    next_phase(screen)
    assert name(title) == "Phase 2 of 3: Phase 2"
    assert name(prompt) == "Prompt: Prompt 2"


def test_roles_next_and_plan_are_plain_sentences_that_follow(qtbot, fresh_db) -> None:
    screen, clock, session_id = open_run(qtbot, fresh_db)
    assert name(screen.roles) == "No roles assigned for this session."
    assert description(screen.roles) == "Who holds each role"
    assert name(screen.next_up) == "Next: Phase 2, 4 min, Open discussion"
    assert description(screen.next_up) == "What comes next"
    assert name(screen.plan) == "Planned: 9 min"
    assert description(screen.plan) == "Progress against the plan"

    screen.toggle()
    team_id = sessions.get_session(fresh_db, session_id).team_id
    roles = teams.list_roles(fresh_db, team_id)[:2]
    people = teams.list_participants(fresh_db, team_id)
    assignments.add_assignments(
        fresh_db,
        [
            RoleAssignment(session_id, roles[0].id, people[0].id),
            RoleAssignment(session_id, roles[1].id, people[1].id),
        ],
    )
    ops.broadcast(Changes.of(Topic.ROLES, session_id=session_id))  # as the Roles dialog does
    said = name(screen.roles)
    assert said == f"{roles[0].name}: Amara; {roles[1].name}: Benoît"
    assert "<" not in said

    tick(screen, clock, 240)  # a minute past the first phase's three
    assert name(screen.plan) == "1 min behind plan"
    next_phase(screen)
    next_phase(screen)
    assert name(screen.next_up) == "Next: this is the last phase."
