"""Every key the cheat sheet lists, pressed as a US keyboard types it (Shift included), does
what the table says, and Qt never finds two shortcuts for one press."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QFrame

from facilitator.clock import FakeClock
from facilitator.model import PhaseMode
from tests.facilitator.run_fixtures import make_session
from tests.ui.windows import open_window
from ui.screens.run import RunScreen
from ui.screens.run.screen import NOTICE_S
from ui.sound import CuePlayer
from ui.window_actions import ACTIONS

KM = Qt.KeyboardModifier
# Keys a US keyboard reports with Shift held: the key as typed, the Shift kept.
US_SHIFTED = {
    "+": (Qt.Key.Key_Plus, KM.ShiftModifier, "+"),
    "?": (Qt.Key.Key_Question, KM.ShiftModifier, "?"),
}
NAMED = {"Space": " ", "Esc": "\x1b"}


def us_press(name: str) -> tuple[Qt.Key, KM, str]:
    """The key event a US keyboard sends for the key the cheat sheet writes ``name``."""
    if name in US_SHIFTED:
        return US_SHIFTED[name]
    combination = QKeySequence(name)[0]
    key, modifiers = combination.key(), combination.keyboardModifiers()
    text = NAMED.get(name, name.lower() if len(name) == 1 else "")
    return key, modifiers, text if modifiers == KM.NoModifier else ""


def press(widget, name: str) -> None:  # noqa: ANN001
    key, modifiers, text = us_press(name)
    QTest.sendKeyEvent(QTest.KeyAction.Click, widget, key, text, modifiers)


def no_ambiguity(qtlog) -> list[str]:  # noqa: ANN001
    return [r.message for r in qtlog.records if "mbiguous" in r.message]


def _run_screen_section() -> list[str]:
    """The keys docs/keyboard.md gives for the run screen and the projector window."""
    text = (Path(__file__).resolve().parents[2] / "docs" / "keyboard.md").read_text("utf-8")
    start = text.index("**Run screen**")
    end = text.index("\n**", text.index("**Projector window:**"))
    return re.findall(r"`([^`\n]+)`", text[start:end])


@pytest.fixture
def spied(qtbot, fresh_db, monkeypatch: pytest.MonkeyPatch):  # noqa: ANN001, ANN201
    """The main window running an open discussion, the run screen's actions recorded
    instead of done (so one press is one record)."""
    session_id, _people = make_session(
        fresh_db, [300, 300], modes=[PhaseMode.OPEN, PhaseMode.ROUND_ROBIN], present=4
    )
    probe = RunScreen(fresh_db, session_id)
    # Each action's method, on the screen or on a part of it (the mini timer's toggle).
    slots = {
        action: (type(slot.__self__), slot.__func__.__name__)
        for action, slot in probe._key_slots().items()
    }
    assert len(set(slots.values())) == len(slots)
    probe.shutdown()
    probe.deleteLater()
    calls: list[tuple[str, tuple[object, ...]]] = []
    for action, (owner, method) in slots.items():
        monkeypatch.setattr(owner, method, lambda self, *args, a=action: calls.append((a, args)))
    window = open_window(qtbot, fresh_db)
    assert window.run_session(session_id)
    screen = window.run_screen
    screen.setFocus()
    qtbot.waitUntil(lambda: screen.hasFocus())
    return window, screen, calls


def test_every_run_screen_key_does_its_action_as_a_us_keyboard_types_it(spied, qtlog) -> None:
    from ui.screens.run.keys import RUN_KEYS

    _window, screen, calls = spied
    expected: dict[str, tuple[str, tuple[object, ...]]] = {}
    for entry in RUN_KEYS:
        for place, name in enumerate(entry.names, start=1):
            expected[name] = (entry.action, (place,) if entry.each else ())
    documented = _run_screen_section()
    assert set(documented) - set(expected) == set(), "the cheat sheet lists keys that do nothing"
    for name in sorted(set(documented) | set(expected)):
        calls.clear()
        press(screen.focusWidget() or screen, name)
        assert calls == [expected[name]], f"{name} ({us_press(name)})"
    assert no_ambiguity(qtlog) == []


def test_the_keypad_plus_and_minus_change_the_time(spied, qtlog) -> None:
    _window, screen, calls = spied
    for key, action in ((Qt.Key.Key_Plus, "extend"), (Qt.Key.Key_Minus, "shorten")):
        calls.clear()
        QTest.sendKeyEvent(QTest.KeyAction.Click, screen, key, "", KM.KeypadModifier)
        assert calls == [(action, ())]
    assert no_ambiguity(qtlog) == []


def test_every_window_key_triggers_its_menu_entry(qtbot, fresh_db, qtlog) -> None:
    window = open_window(qtbot, fresh_db)
    fired: list[str] = []
    keyed = [row for row in ACTIONS if row.key]
    for row in keyed:
        action = getattr(window, f"{row.name}_action")
        action.triggered.disconnect()  # the key, not what the entry then does
        action.triggered.connect(lambda _=False, name=row.name: fired.append(name))
    for row in keyed:
        fired.clear()
        press(window.focusWidget() or window, row.key)
        assert fired == [row.name], row.key
    assert no_ambiguity(qtlog) == []


# ---------------------------------------------------------------- open discussion by key


def _open_discussion(qtbot, database, present=4):  # noqa: ANN001, ANN202
    session_id, people = make_session(
        database, [300, 300], modes=[PhaseMode.OPEN, PhaseMode.ROUND_ROBIN], present=present
    )
    screen = RunScreen(database, session_id, clock=FakeClock(), player=CuePlayer(enabled=False))
    qtbot.addWidget(screen)
    screen.resize(1366, 720)
    screen.show()
    screen.activateWindow()
    qtbot.waitUntil(screen.isActiveWindow)
    screen.setFocus()
    return screen, people


def _speaker(screen: RunScreen) -> str | None:
    view = screen.last_view
    return view.speaker.id if view and view.speaker else None


def test_open_discussion_runs_from_the_number_and_arrow_keys(qtbot, fresh_db) -> None:
    screen, people = _open_discussion(qtbot, fresh_db)
    chips = screen.speakers.buttons
    assert chips[people[0]].text().startswith("1 Amara")
    assert chips[people[3]].text().startswith("4 Dmitri")
    press(screen, "2")  # not started yet: says so
    assert screen.error_bar.isVisible() and "not started" in screen.error_bar.text.text()
    press(screen, "Space")
    press(screen, "2")
    assert _speaker(screen) == people[1] and not screen.error_bar.isVisible()
    assert chips[people[1]].text().startswith("▶ 2 Benoît")
    press(screen.focusWidget() or screen, "Right")
    assert _speaker(screen) == people[2]
    press(screen.focusWidget() or screen, "Left")
    press(screen.focusWidget() or screen, "Left")
    assert _speaker(screen) == people[0]
    press(screen.focusWidget() or screen, "1")  # the same again: they stop
    assert _speaker(screen) is None
    press(screen.focusWidget() or screen, "Left")  # nobody speaks: the last person
    assert _speaker(screen) == people[3]
    press(screen.focusWidget() or screen, "7")
    assert "Nobody has number 7: 4 people are here." in screen.error_bar.text.text()


def test_s_in_open_discussion_says_how_to_choose_the_speaker(qtbot, fresh_db) -> None:
    screen, _ = _open_discussion(qtbot, fresh_db)
    press(screen, "Space")
    press(screen, "S")
    assert screen.error_bar.isVisible()
    assert "press the number on the speaker's name" in screen.error_bar.text.text()


def test_in_a_round_robin_the_numbers_and_arrows_are_the_widgets_own(qtbot, fresh_db) -> None:
    screen, people = _open_discussion(qtbot, fresh_db)
    press(screen, "Space")
    press(screen, "N")  # the round-robin: its queue decides who speaks
    assert _speaker(screen) == people[0]
    assert not screen.speakers.buttons[people[1]].text().startswith("2")
    press(screen, "2")
    assert _speaker(screen) == people[0] and not screen.error_bar.isVisible()
    screen.speakers.buttons[people[0]].setFocus()
    press(screen.speakers.buttons[people[0]], "Right")  # moves the focus, as arrows do
    assert screen.focusWidget() is not screen.speakers.buttons[people[0]]
    assert _speaker(screen) == people[0]


# ---------------------------------------------------------------- the nudge


def test_n_with_voices_unheard_names_them_first_and_a_second_n_moves_on(qtbot, fresh_db) -> None:
    session_id, _ = make_session(
        fresh_db, [180, 180], modes=[PhaseMode.ROUND_ROBIN, PhaseMode.OPEN], present=3
    )
    clock = FakeClock()
    screen = RunScreen(fresh_db, session_id, clock=clock, player=CuePlayer(enabled=False))
    qtbot.addWidget(screen)
    screen.show()
    screen.open_projector()
    screen.activateWindow()
    qtbot.waitUntil(screen.isActiveWindow)
    screen.setFocus()
    press(screen, "Space")
    clock.advance(40)
    screen.refresh()
    press(screen, "N")
    assert screen.title.text() == "Phase 1"
    assert screen.notice.isVisible()
    assert screen.notice.text().endswith("Not heard yet: Benoît, Chen. Press N again to move on.")
    assert "Not heard" not in screen.presenter.notice.text()  # the facilitator's word only
    clock.advance(NOTICE_S + 1)  # the notice has gone: N names them again
    screen.refresh()
    assert not screen.notice.isVisible()
    press(screen, "N")
    assert screen.title.text() == "Phase 1" and screen.notice.isVisible()
    clock.advance(3)
    screen.refresh()
    press(screen, "N")
    assert screen.title.text() == "Phase 2"
    assert not screen.notice.isVisible()  # said and heard: it goes with the phase


@pytest.mark.parametrize("size", [(1366, 708), (1280, 660)])  # the run screen on such screens
def test_the_list_of_keys_fits_a_small_screen(qtbot, fresh_db, size) -> None:
    screen, _ = _open_discussion(qtbot, fresh_db)
    screen.resize(*size)
    press(screen, "?")
    overlay = screen.help_overlay
    assert overlay.isVisible()
    card = overlay.findChild(QFrame, "helpCard")
    assert card.sizeHint().height() <= size[1]
    assert card.geometry().top() >= 0 and card.geometry().bottom() < overlay.height()


def test_the_list_of_keys_also_names_the_capture_and_roles_keys(qtbot, fresh_db) -> None:
    """? lists the keys the run screen borrows: Ctrl+1…5 capture a kind, Ctrl+Shift+R the
    session's roles, as the capture panel and the window bind them."""
    from facilitator import kinds
    from ui.capture_keys import KIND_KEYS

    screen, _ = _open_discussion(qtbot, fresh_db)
    press(screen, "?")
    shown = screen.help_overlay.text.text()
    also = next(line for line in shown.split("<p>") if line.startswith("Also:"))
    assert f"Ctrl+1 … Ctrl+{len(KIND_KEYS)} capture" in also and len(KIND_KEYS) == 5
    assert all(kind.label in also for kind in kinds.KINDS)
    roles = next(row for row in ACTIONS if row.name == "roles")
    assert roles.key == "Ctrl+Shift+R" and "Ctrl+Shift+R roles for this session" in also
