"""A format whose block repeats for the group, as it runs: the run screen, the projector, the
room layout and the mini timer name the round of the step on the clock ("Consult (round 2 of
3)"), the next step's round and each round in the agenda list; a long title ends in "…"
and keeps its round."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt

from facilitator import planning, record
from facilitator.clock import FakeClock
from facilitator.store import sessions
from facilitator.store.database import Database
from tests.facilitator.rounds_world import troika_session
from ui.screens.capture_panel import CapturePanel
from ui.screens.run import RunScreen
from ui.screens.run.mini_timer import SIZE, elided_heading
from ui.screens.session_overview import render_html
from ui.sound import CuePlayer


def _screen(qtbot, database: Database) -> tuple[RunScreen, FakeClock]:
    clock = FakeClock()
    screen = RunScreen(
        database, troika_session(database), clock=clock, player=CuePlayer(enabled=False)
    )
    qtbot.addWidget(screen)
    screen.resize(1366, 720)
    screen.show()
    screen.activateWindow()
    qtbot.waitUntil(screen.isActiveWindow)
    screen.setFocus()
    return screen, clock


def _go_to(qtbot, screen: RunScreen, heading: str) -> None:
    """Start the session and press N until ``heading`` is on the clock."""
    qtbot.keyClick(screen.focusWidget() or screen, Qt.Key.Key_Space)
    for _ in range(len(screen.run.timer.phases)):
        if screen.run.timer.phase.heading == heading:
            return
        qtbot.keyClick(screen.focusWidget() or screen, Qt.Key.Key_N)
        screen.refresh()
    raise AssertionError(f"never reached {heading}")


def test_the_run_screen_says_the_round_of_each_step(qtbot, fresh_db) -> None:
    screen, _ = _screen(qtbot, fresh_db)
    phases = screen.run.timer.phases
    assert [p.rounds for p in phases if p.repeat] == [3] * 12
    _go_to(qtbot, screen, "Clarifying questions (round 2 of 3)")
    assert screen.title.text() == "Clarifying questions (round 2 of 3)"
    assert "Next:</b> Consult (round 2 of 3) ·" in screen.next_up.text()
    assert screen.next_up.accessibleName().startswith("Next: Consult (round 2 of 3), ")
    qtbot.keyClick(screen.focusWidget() or screen, Qt.Key.Key_N)
    screen.refresh()
    assert screen.title.text() == "Consult (round 2 of 3)"
    assert screen.title.accessibleName() == "Phase 8 of 13: Consult (round 2 of 3)"
    assert "Consult (round 2 of 3)" in screen.strip.accessibleDescription()
    assert "left in Consult (round 2 of 3), running" in screen.time.accessibleName()
    listed = [screen.agenda.list.item(i).text() for i in range(screen.agenda.list.count())]
    assert listed[0].startswith("✓  Prepare  ·")  # a step that does not repeat: its title
    assert listed[7].startswith("▶  Consult (round 2 of 3)  ·")
    assert listed[12].lstrip().startswith("Client reflects (round 3 of 3)  ·")
    # The mini timer says it too.
    screen.mini_timer.toggle()
    screen.refresh()
    assert screen.mini_timer.phase.text() == "Consult (round 2 of 3)"


def test_the_projector_and_the_room_layout_say_the_round(qtbot, fresh_db) -> None:
    screen, _ = _screen(qtbot, fresh_db)
    presenter = screen.open_projector()
    qtbot.addWidget(presenter)
    presenter.resize(1280, 720)
    _go_to(qtbot, screen, "Consult (round 2 of 3)")
    assert presenter.title.text() == "Consult (round 2 of 3)"
    assert presenter.where.text() == "Troika Consulting · Phase 8 of 13"
    screen.close_projector()
    screen.projector.open_room()
    assert screen.room_view.display.title.text() == "Consult (round 2 of 3)"
    qtbot.keyClick(screen.focusWidget() or screen, Qt.Key.Key_N)
    screen.refresh()
    assert screen.room_view.display.title.text() == "Client reflects (round 2 of 3)"


def test_a_long_title_keeps_its_round_in_the_mini_timer(qtbot, fresh_db) -> None:
    screen, _ = _screen(qtbot, fresh_db)
    consult = screen.run.timer.phases[7]
    long = replace(consult, title="Consult on the whole of the dilemma " * 4)
    metrics = screen.mini_timer.phase.fontMetrics()
    text = elided_heading(metrics, long, SIZE[0] - 24)
    assert text.endswith("… (round 2 of 3)") and text.startswith("Consult on")
    assert metrics.horizontalAdvance(text) <= SIZE[0] - 24
    # A title that fits is whole; a step that does not repeat has no round.
    assert elided_heading(metrics, consult, SIZE[0] - 24) == "Consult (round 2 of 3)"
    prepare = screen.run.timer.phases[0]
    assert elided_heading(metrics, prepare, SIZE[0] - 24) == "Prepare"


def test_the_capture_panel_beside_the_run_names_the_round(qtbot, fresh_db) -> None:
    session_id = troika_session(fresh_db)
    consult = [p for p in sessions.list_phases(fresh_db, session_id) if p.title == "Consult"]
    panel = CapturePanel(fresh_db, clock=FakeClock())
    qtbot.addWidget(panel)
    panel.set_context(session_id, consult[1].id)
    assert panel.phase_label.text() == "Phase: Consult (round 2 of 3)"


def test_a_long_title_keeps_its_round_in_two_lines_on_the_run_screen(qtbot, fresh_db) -> None:
    session_id = troika_session(fresh_db)
    phases = sessions.list_phases(fresh_db, session_id)
    long = "Consult: the consultants talk about the challenge while the client listens " * 2
    phases = [replace(p, title=long.strip()) if p.title == "Consult" else p for p in phases]
    planning.save_agenda(fresh_db, session_id, phases)
    clock = FakeClock()
    screen = RunScreen(fresh_db, session_id, clock=clock, player=CuePlayer(enabled=False))
    qtbot.addWidget(screen)
    screen.show()
    screen.run.toggle()
    heading = f"{long.strip()} (round 2 of 3)"
    while screen.run.timer.phase.heading != heading:
        screen.run.next_phase()
    for width, height in ((1366, 768), (1280, 720)):
        screen.resize(width, height)
        screen.refresh()
        title = screen.title
        qtbot.waitUntil(lambda t=title, w=width: t.width() < w and t.text().endswith(")"))
        assert title.text().endswith("… (round 2 of 3)")
        metrics = title.fontMetrics()
        lines = title.heightForWidth(title.contentsRect().width()) // metrics.lineSpacing()
        assert lines <= 2 and title.text().startswith("Consult: the consultants")
        assert title.toolTip() == heading
        assert title.accessibleName().endswith(heading)  # a screen reader hears it whole
        assert screen.width() == width and screen.minimumSizeHint().width() <= width
    # A heading that fits is whole, with no tooltip.
    screen.run.next_phase()
    screen.refresh()
    assert screen.title.text() == "Client reflects (round 2 of 3)" and not screen.title.toolTip()


def test_the_session_overview_names_each_round(fresh_db) -> None:
    session_id = troika_session(fresh_db)
    page = render_html(record.load(fresh_db, session_id))
    assert "<td>Consult (round 2 of 3)</td><td>Troika Consulting</td>" in page
    assert "<td>Prepare</td>" in page
