"""The user docs keep up with the app: every key the window registers is on the keyboard
cheat sheet, every menu entry is named in the user guide, and the cheat sheet still fits on
one printed page."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSizeF, QStandardPaths
from PySide6.QtGui import (
    QAction,
    QFont,
    QFontDatabase,
    QKeySequence,
    QPageSize,
    QShortcut,
    QTextDocument,
)
from PySide6.QtWidgets import QMessageBox

from facilitator import agenda, formats
from facilitator.assets import resource_path
from facilitator.clock import FakeClock
from facilitator.store import planning, teams

QStandardPaths.setTestModeEnabled(True)

DOCS = Path(__file__).resolve().parents[1] / "docs"
KEYBOARD = DOCS / "keyboard.md"
GUIDE = DOCS / "user-guide.md"


def key_text(sequence: QKeySequence) -> str:
    """A key as the cheat sheet may write it: Qt's portable text ("Del" for Delete), with
    Return and Enter as one key, since both are the Enter key to a reader."""
    return sequence.toString(QKeySequence.SequenceFormat.PortableText).replace("Return", "Enter")


def documented_keys() -> set[str]:
    """Every key written as code on the cheat sheet (`Ctrl+N`, `Space`, `-`), normalised."""
    spans = re.findall(r"`([^`\n]+)`", KEYBOARD.read_text(encoding="utf-8"))
    return {key_text(QKeySequence(span)) for span in spans} - {""}


def missing_from_sheet(registered: set[str]) -> list[str]:
    return sorted(registered - documented_keys())


@pytest.fixture
def window(qtbot, demo_db, monkeypatch: pytest.MonkeyPatch) -> Iterator[object]:
    """The main window on the demo database; message boxes answered, never shown."""
    from ui.main_window import MainWindow

    for kind in ("information", "warning", "critical", "question", "about"):
        monkeypatch.setattr(QMessageBox, kind, staticmethod(
            lambda *_args, **_kwargs: QMessageBox.StandardButton.Ok))
    database, _sample = demo_db
    main = MainWindow(database)
    main.run_clock = FakeClock()
    qtbot.addWidget(main)
    # Screens are built on first use; build them all so every screen's keys are walked.
    for screen in ("planner", "roster", "ledger", "backups", "capture_view", "review_screen",
                   "search_screen", "followup_screen"):
        getattr(main, screen)
    yield main


def test_key_text_treats_spellings_of_one_key_alike() -> None:
    assert key_text(QKeySequence("Delete")) == key_text(QKeySequence("Del")) == "Del"
    assert key_text(QKeySequence("Ctrl+Return")) == key_text(QKeySequence("Ctrl+Enter"))
    assert key_text(QKeySequence("ctrl+shift+r")) == "Ctrl+Shift+R"
    assert key_text(QKeySequence("Escape")) == "Esc"


def test_every_menu_shortcut_is_on_the_cheat_sheet(window) -> None:
    registered = {key_text(sequence) for action in window.findChildren(QAction)
                  for sequence in action.shortcuts()} - {""}
    assert {"Ctrl+N", "Ctrl+T", "Ctrl+R", "F1"} <= registered   # the walk found the menus
    assert missing_from_sheet(registered) == [], "add these keys to docs/keyboard.md"


def test_every_screen_shortcut_is_on_the_cheat_sheet(window) -> None:
    registered = {key_text(shortcut.key()) for shortcut in window.findChildren(QShortcut)}
    registered -= {""}
    assert {"Ctrl+L", "Ctrl+Z", "Esc"} <= registered
    assert missing_from_sheet(registered) == [], "add these keys to docs/keyboard.md"


def test_every_run_screen_key_is_on_the_cheat_sheet(window, demo_db) -> None:
    database, _sample = demo_db
    team = teams.list_teams(database)[0]
    session = planning.create_session(database, team.id, "Run it")
    check_in = formats.get_format("check-in")
    planning.save_agenda(database, session.id, agenda.insert_format(
        [], check_in, session.id, len(teams.list_participants(database, team.id))))
    assert window.run_session(session.id)
    # Each action's first key; the others are the same key on other keyboard layouts
    # ("=" for "+", "Shift+/" for "?").
    registered = {key_text(action.shortcut())
                  for action in window.run_screen.findChildren(QAction)} - {""}
    assert {"Space", "N", "B", "+", "-", "S", "P", "M", "Ctrl+E", "?", "Esc"} <= registered
    assert missing_from_sheet(registered) == [], "add these keys to docs/keyboard.md"


def test_the_guide_names_every_menu_and_menu_entry(window) -> None:
    guide = GUIDE.read_text(encoding="utf-8")

    def shown(text: str) -> str:
        return text.replace("&&", "\0").replace("&", "").replace("\0", "&")

    missing = []
    for menu_action in window.menuBar().actions():
        menu = menu_action.menu()
        if shown(menu_action.text()) not in guide:
            missing.append(shown(menu_action.text()))
        for action in menu.actions():
            if not action.isSeparator() and shown(action.text()) not in guide:
                missing.append(shown(action.text()))
    assert missing == [], "name these menus and entries in docs/user-guide.md"


@pytest.mark.parametrize("paper", [QPageSize.PageSizeId.A4, QPageSize.PageSizeId.Letter])
def test_the_cheat_sheet_fits_on_one_printed_page(qapp, paper: QPageSize.PageSizeId) -> None:
    """Laid out in the bundled DejaVu Sans at 10 pt inside 15 mm margins: one page."""
    family_id = QFontDatabase.addApplicationFont(str(resource_path("fonts/DejaVuSans.ttf")))
    QFontDatabase.addApplicationFont(str(resource_path("fonts/DejaVuSans-Bold.ttf")))
    page = QPageSize(paper).size(QPageSize.Unit.Point)
    margin = 15 / 25.4 * 72
    document = QTextDocument()
    font = QFont(QFontDatabase.applicationFontFamilies(family_id)[0])
    font.setPixelSize(10)               # the layout's unit is the point: 10 pt text
    document.setDefaultFont(font)
    document.setDocumentMargin(0)
    document.setMarkdown(KEYBOARD.read_text(encoding="utf-8"))
    document.setPageSize(QSizeF(page.width() - 2 * margin, page.height() - 2 * margin))
    assert document.pageCount() == 1
