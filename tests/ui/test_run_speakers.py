"""The speakers card for everyone: a screen reader hears who speaks and their slot, who is
next and who has not been heard, read through Qt's accessibility interface as they change;
the chips are named for the person and their key; and they are never cut in half."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QWidget

from facilitator import planning
from facilitator.clock import FakeClock
from facilitator.model import PhaseMode, SessionStatus
from facilitator.store import sessions, teams
from tests.facilitator.run_fixtures import make_session
from tests.ui.test_fit import settle
from tests.ui.windows import open_window
from ui.screens.run import RunScreen
from ui.screens.run.handover_flow import SUGGESTED
from ui.sound import CuePlayer

RR, OPEN = PhaseMode.ROUND_ROBIN, PhaseMode.OPEN


def heard(widget: QWidget) -> tuple[str, str]:
    """What a screen reader reads for ``widget``: its name and its description."""
    interface = QAccessible.queryAccessibleInterface(widget)
    assert interface is not None
    return interface.text(QAccessible.Text.Name), interface.text(QAccessible.Text.Description)


def _screen(qtbot, database, modes=(RR, OPEN)):
    session_id, people = make_session(
        database, [300, 300], modes=list(modes), present=3, per_speaker=60
    )
    clock = FakeClock()
    screen = RunScreen(database, session_id, clock=clock, player=CuePlayer(enabled=False))
    qtbot.addWidget(screen)
    screen.resize(1366, 708)
    screen.show()
    return screen, clock, people


def _record_accessible_sets(widget: QWidget) -> list[str]:
    """Every name or description given to ``widget`` from now on (each one is an event a
    screen reader may read out)."""
    said: list[str] = []
    for setter in ("setAccessibleName", "setAccessibleDescription"):
        real = getattr(widget, setter)

        def record(text: str, real=real) -> None:
            said.append(text)
            real(text)

        setattr(widget, setter, record)
    return said


def _wait(screen: RunScreen, clock: FakeClock, seconds: int) -> None:
    for _ in range(seconds):
        clock.advance(1)
        screen.refresh()


def test_a_screen_reader_hears_the_speaker_the_slot_the_queue_and_the_quiet(
    qtbot, fresh_db
) -> None:
    screen, clock, _ = _screen(qtbot, fresh_db)
    card = screen.speakers
    assert heard(card) == (
        "Speakers. Nobody is speaking yet; Amara starts.",
        "Next: Amara, Benoît, Chen. Not yet heard: Amara, Benoît, Chen.",
    )
    screen.toggle()
    assert heard(card)[0] == "Speakers. Amara speaking, 1 minute left of a 1 minute slot"
    assert heard(card)[1] == "Next: Benoît, Chen. Not yet heard: Benoît, Chen."
    assert heard(card.now)[0] == "Amara speaking, 1 minute left of a 1 minute slot"
    assert heard(card.queue)[0] == "Next: Benoît, Chen."
    assert heard(card.not_heard)[0] == "Not yet heard: Benoît, Chen."
    names = set()
    for _ in range(50):  # the slot is said in whole minutes, not anew every repaint
        clock.advance(1)
        screen.refresh()
        names.add(heard(card)[0])
    assert names == {"Speakers. Amara speaking, under a minute left of a 1 minute slot"}
    _wait(screen, clock, 15)
    assert heard(card)[0] == "Speakers. Amara speaking, over their 1 minute slot"
    screen.next_speaker()
    assert heard(card)[0].startswith("Speakers. Benoît speaking")
    assert heard(card)[1] == "Next: Chen. Not yet heard: Chen."
    screen.toggle()  # paused: the floor is held
    assert heard(card)[0].startswith("Speakers. Benoît has the floor, paused")


def test_the_chips_are_named_for_the_person_their_state_and_their_key(qtbot, fresh_db) -> None:
    screen, clock, people = _screen(qtbot, fresh_db, modes=(OPEN, RR))
    chips = screen.speakers.buttons
    assert heard(chips[people[0]]) == ("Amara", "press 1; spoke under a minute")
    screen.toggle()
    screen.speak_by_number(2)
    assert heard(chips[people[1]]) == ("Benoît, speaking", "press 2; spoke under a minute")
    assert heard(screen.speakers)[0] == "Speakers. Benoît speaking"
    said = _record_accessible_sets(chips[people[1]])
    for _ in range(70):  # 70 s of speaking, repainted every second
        clock.advance(1)
        screen.refresh()
    assert heard(chips[people[1]]) == ("Benoît, speaking", "press 2; spoke 1 minute")
    assert len(said) == 1, said  # once, when the whole minute came; never every repaint
    screen.step_out(people[2])
    assert heard(chips[people[2]])[0] == "Chen, stepped out"
    assert heard(screen.speakers)[1] == "Not yet heard: Amara."  # Chen is out of the room


@pytest.mark.parametrize("size", [(1366, 708), (1280, 660)])  # the screen less its bars
def test_the_chips_are_never_cut_when_next_wraps_and_a_notice_shows(qtbot, fresh_db, size) -> None:
    session_id, people = make_session(fresh_db, [600, 300], modes=[RR, RR], present=4)
    team_id = sessions.get_session(fresh_db, session_id).team_id
    for name in (
        "Alexandra Featherstonehaugh",
        "Bartholomew Okonkwo-Smith",
        "Maximiliana Oyelaran-Fitzgerald",
        "Konstantinos Papadimitriou",
        "Wilhelmina Abernathy-Oyelowo",
        "Sebastian Castellanos-Whitfield",
    ):
        people.append(teams.add_participant(fresh_db, team_id, name).id)
    planning.set_present(fresh_db, session_id, people)
    window = open_window(qtbot, fresh_db)
    assert window.run_session(session_id)
    screen = window.run_screen
    window.resize(*size)
    screen.toggle()
    screen._show_notice("Alexandra Featherstonehaugh's time is up; pass to the next person.")
    qtbot.wait(20)
    queue = screen.speakers.queue
    assert queue.heightForWidth(queue.width()) > queue.fontMetrics().height()  # "Next:" wraps
    assert queue.height() >= queue.heightForWidth(queue.width())
    for chip in screen.speakers.buttons.values():
        assert chip.isVisible()
        assert chip.height() >= chip.minimumSizeHint().height(), chip.text()
        assert chip.width() >= chip.minimumSizeHint().width(), chip.text()  # the name whole
        holder = screen.speakers.parentWidget()  # what shows the card (it may scroll)
        right = chip.mapTo(holder, chip.rect().topRight()).x()
        assert right < holder.width(), f"{chip.text()} is cut at the card's edge"


def _demo_round_robin_with_a_nudge(qtbot, database, size: tuple[int, int]) -> RunScreen:
    """The demo's next session in its round-robin check-in (six people), as a tester drove
    it: Space through the handover, N to the check-in, N again with voices not yet heard."""
    session = next(s for s in planning.list_sessions(database) if s.status is SessionStatus.PLANNED)
    window = open_window(qtbot, database)
    window.resize(*size)
    assert window.run_session(session.id)
    screen = window.run_screen
    screen.toggle()
    while screen.handover.is_open() or screen.last_view.timer.phase.mode is not RR:
        screen.toggle() if screen.handover.is_open() else screen.next_phase()
    window.run_clock.advance(5)
    screen.refresh()
    screen.next_phase()  # the nudge: a notice names who has not been heard
    assert screen.notice.isVisible() and "Not heard yet" in screen.notice.text()
    qtbot.wait(300)
    settle()
    return screen


def _whole(screen: RunScreen) -> None:
    """The speakers card shows whole: no scroll bar, and each line and chip in full."""
    card = screen.speakers
    area = screen.speakers_area
    assert len(card.buttons) == 6
    assert not area.verticalScrollBar().isVisible(), "the speakers card needs scrolling"
    seen = area.viewport().rect()
    for part in (card.now, card.queue, *card.buttons.values(), card.not_heard):
        place = QRect(part.mapTo(area.viewport(), QPoint(0, 0)), part.size())
        assert part.isVisible() and seen.contains(place), f"{part.text()!r} is cut"
        whole = part.heightForWidth(part.width())  # a label's lines, a chip's -1
        assert part.height() >= max(whole, part.minimumSizeHint().height()), part.text()
    view = screen.last_view
    assert len(view.not_heard) == 5  # all but the first speaker, on as many lines as it takes
    assert card.not_heard.text() == "Not yet heard: " + ", ".join(p.name for p in view.not_heard)


@pytest.mark.parametrize("size", [(1280, 660), (1366, 708)])  # 1280×720, 1366×768 less bars
def test_the_whole_card_shows_without_scrolling_with_a_notice(qtbot, demo_db, size) -> None:
    database, _ = demo_db
    _whole(_demo_round_robin_with_a_nudge(qtbot, database, size))


def test_with_a_bar_too_the_chips_take_one_line_each(qtbot, demo_db) -> None:
    database, _ = demo_db
    screen = _demo_round_robin_with_a_nudge(qtbot, database, (1366, 708))
    screen.handover.bar.text.setText(SUGGESTED)
    screen.handover.bar.show()
    qtbot.wait(300)
    settle()
    _whole(screen)
    texts = [chip.text() for chip in screen.speakers.buttons.values()]
    speaking = screen.last_view.speaker
    assert speaking is not None
    assert (
        [t for t in texts if t.startswith("▶")]
        == [t for t in texts if t.startswith(f"▶ {speaking.name} · 0:0")]
        != []
    )  # the speaker's chip alone is marked, with their time on its one line
    assert all("\n" not in text for text in texts), texts
    screen.handover.bar.hide()  # room again: the time spoken on its own line
    qtbot.wait(300)
    settle()
    assert all("\n" in chip.text() for chip in screen.speakers.buttons.values())
