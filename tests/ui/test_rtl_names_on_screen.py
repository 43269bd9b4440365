"""A right-to-left name in the run's lines reads in place: the room's "Speaking: ليلى حداد ·
0:59 left" keeps its time after the name, a speaker's button keeps its number first, and
the run's own line reads left to right. Checked where Qt puts each character on the line,
not only in the strings."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtGui import QFont, QTextLayout

from facilitator import direction
from facilitator.clock import FakeClock
from facilitator.model import PhaseMode
from facilitator.store import teams
from facilitator.store.database import Database
from tests.facilitator.run_fixtures import make_session
from ui.room_display import speaker_text
from ui.screens.run import RunScreen
from ui.sound import CuePlayer

LAILA = "ليلى حداد"


def _x(text: str, index: int) -> float:
    """Where Qt draws the character at ``index`` of ``text``, laid out as one line."""
    layout = QTextLayout(text, QFont("DejaVu Sans", 12))
    layout.beginLayout()
    line = layout.createLine()
    line.setLineWidth(10_000)
    layout.endLayout()
    return line.cursorToX(index)[0]


def _screen(qtbot, database: Database, mode: PhaseMode = PhaseMode.ROUND_ROBIN) -> RunScreen:  # noqa: ANN001
    session_id, people = make_session(
        database, [120, 120], modes=[mode] * 2, present=3, per_speaker=60
    )
    third = teams.get_participant(database, people[2])
    teams.update_participant(database, replace(third, name=LAILA))
    screen = RunScreen(database, session_id, clock=FakeClock(), player=CuePlayer(enabled=False))
    qtbot.addWidget(screen)
    screen.show()
    return screen


def test_isolates_only_what_needs_them() -> None:
    assert direction.isolate("Zoë Müller") == "Zoë Müller"
    assert direction.isolate(LAILA) == f"\u2068{LAILA}\u2069"
    assert direction.ours_first("1 Ana") == "1 Ana"
    assert direction.ours_first(f"5 {LAILA}").startswith("\u200e")


def test_the_rooms_speaking_line_keeps_the_time_after_the_name(qtbot, fresh_db) -> None:
    screen = _screen(qtbot, fresh_db)
    screen.run.toggle()
    for _ in range(2):
        screen.run.next_speaker()  # the third, Laila, speaks
    text = speaker_text(screen.run.view())
    assert LAILA in text and text.startswith("Speaking: ")
    name_at, time_at = text.index(LAILA), text.index("left") - 5
    name_xs = [_x(text, i) for i in range(name_at, name_at + len(LAILA))]
    assert _x(text, time_at) > max(name_xs)  # the time reads after the name, as written
    assert _x(text, 0) < min(name_xs)  # and "Speaking:" before it


def test_a_speakers_button_keeps_its_number_first(qtbot, fresh_db) -> None:
    screen = _screen(qtbot, fresh_db, PhaseMode.OPEN)  # numbered: a key each
    screen.run.toggle()
    screen.refresh()
    button = next(b for b in screen.speakers.buttons.values() if LAILA in b.text())
    line = button.text().split("\n")[0]
    number = line.index("3")
    name_at = line.index(LAILA)
    assert _x(line, number) < min(_x(line, i) for i in range(name_at, name_at + len(LAILA)))
