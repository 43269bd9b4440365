"""The user docs keep up with the app: every key the window registers is on the keyboard
cheat sheet, every menu entry is named in the user guide, and the cheat sheet still fits on
one printed page."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSizeF, QStandardPaths
from PySide6.QtGui import (
    QAction,
    QFont,
    QFontDatabase,
    QFontInfo,
    QKeySequence,
    QPageSize,
    QRawFont,
    QShortcut,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
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
        monkeypatch.setattr(
            QMessageBox, kind, staticmethod(lambda *_args, **_kwargs: QMessageBox.StandardButton.Ok)
        )
    database, _sample = demo_db
    main = MainWindow(database)
    main.run_clock = FakeClock()
    qtbot.addWidget(main)
    # Screens are built on first use; build them all so every screen's keys are walked.
    for screen in (
        "planner",
        "roster",
        "ledger",
        "backups",
        "capture_view",
        "review_screen",
        "search_screen",
        "followup_screen",
    ):
        getattr(main, screen)
    yield main


def test_key_text_treats_spellings_of_one_key_alike() -> None:
    assert key_text(QKeySequence("Delete")) == key_text(QKeySequence("Del")) == "Del"
    assert key_text(QKeySequence("Ctrl+Return")) == key_text(QKeySequence("Ctrl+Enter"))
    assert key_text(QKeySequence("ctrl+shift+r")) == "Ctrl+Shift+R"
    assert key_text(QKeySequence("Escape")) == "Esc"


def test_every_menu_shortcut_is_on_the_cheat_sheet(window) -> None:
    registered = {
        key_text(sequence)
        for action in window.findChildren(QAction)
        for sequence in action.shortcuts()
    } - {""}
    assert {"Ctrl+N", "Ctrl+T", "Ctrl+R", "F1"} <= registered  # the walk found the menus
    assert missing_from_sheet(registered) == [], "add these keys to docs/keyboard.md"


def test_every_screen_shortcut_is_on_the_cheat_sheet(window) -> None:
    registered = {key_text(shortcut.key()) for shortcut in window.findChildren(QShortcut)}
    registered -= {""}
    assert {"Ctrl+D", "Ctrl+Z", "Esc"} <= registered
    assert missing_from_sheet(registered) == [], "add these keys to docs/keyboard.md"


def test_every_run_screen_key_is_on_the_cheat_sheet(window, demo_db) -> None:
    database, _sample = demo_db
    team = teams.list_teams(database)[0]
    session = planning.create_session(database, team.id, "Run it")
    check_in = formats.get_format("check-in")
    planning.save_agenda(
        database,
        session.id,
        agenda.insert_format(
            [], check_in, session.id, len(teams.list_participants(database, team.id))
        ),
    )
    assert window.run_session(session.id)
    # Each action's first key; the others are the same key on other keyboard layouts
    # ("=" for "+", "Shift+/" for "?").
    registered = {
        key_text(action.shortcut()) for action in window.run_screen.findChildren(QAction)
    } - {""}
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


BUNDLED_FACES = (
    "DejaVuSans.ttf",
    "DejaVuSans-Bold.ttf",
    "DejaVuSans-Oblique.ttf",
    "DejaVuSans-BoldOblique.ttf",
)


def print_layout(paper: QPageSize.PageSizeId) -> QTextDocument:
    """docs/keyboard.md laid out for print: 10 pt inside 15 mm margins, in the bundled DejaVu
    Sans only (resources/fonts), so the layout is the same whatever fonts the machine has.

    Markdown sets code spans (every key) in the generic "monospace" family, which each
    machine maps to a font of its own (Noto Sans Mono is wider and taller than DejaVu Sans
    Mono), and Qt fills in missing characters from system fonts: neither may decide how
    many pages the sheet takes; nor may the machine's hinting settings, which round
    widths and line heights to screen pixels. Every fragment, code spans included, uses
    the bundled family, with no fallback, measured with the font's own (design) metrics,
    on lines of a fixed height.
    """
    ids = [
        QFontDatabase.addApplicationFont(str(resource_path(f"fonts/{face}")))
        for face in BUNDLED_FACES
    ]
    assert -1 not in ids, "a bundled font did not load"
    family = QFontDatabase.applicationFontFamilies(ids[0])[0]
    page = QPageSize(paper).size(QPageSize.Unit.Point)
    margin = 15 / 25.4 * 72
    document = QTextDocument()
    font = QFont(family)
    font.setPixelSize(10)  # the layout's unit is the point: 10 pt text
    font.setStyleStrategy(QFont.StyleStrategy.NoFontMerging)
    font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    document.setDefaultFont(font)
    document.setUseDesignMetrics(True)  # as on paper: the font's widths, not the screen's
    document.setDocumentMargin(0)
    document.setMarkdown(KEYBOARD.read_text(encoding="utf-8"))
    bundled = QTextCharFormat()
    bundled.setFontFamilies([family])
    bundled.setFontFixedPitch(False)
    bundled.setFontStyleStrategy(QFont.StyleStrategy.NoFontMerging)
    everything = QTextCursor(document)
    everything.select(QTextCursor.SelectionType.Document)
    everything.mergeCharFormat(bundled)
    set_line_heights(document)
    document.setPageSize(QSizeF(page.width() - 2 * margin, page.height() - 2 * margin))
    return document


def set_line_heights(document: QTextDocument, ratio: float = 1.2) -> None:
    """Each line ``ratio`` times its largest text (10 pt text on 12 pt lines), as typeset,
    rather than the ascent, descent and leading the machine's font settings report."""
    block = document.firstBlock()
    while block.isValid():
        sizes, fragments = [10], block.begin()
        while not fragments.atEnd():
            sizes.append(QFontInfo(fragments.fragment().charFormat().font()).pixelSize())
            fragments += 1
        spacing = block.blockFormat()
        spacing.setLineHeight(
            ratio * max(sizes), QTextBlockFormat.LineHeightTypes.FixedHeight.value
        )
        QTextCursor(block).setBlockFormat(spacing)
        block = block.next()


def used_families(document: QTextDocument) -> set[str]:
    """The family each fragment of ``document`` is actually drawn in."""
    found = set()
    block = document.firstBlock()
    while block.isValid():
        fragments = block.begin()
        while not fragments.atEnd():
            found.add(QFontInfo(fragments.fragment().charFormat().font()).family())
            fragments += 1
        block = block.next()
    return found


def test_the_bundled_font_draws_every_character_of_the_cheat_sheet(qapp) -> None:
    raw = QRawFont(str(resource_path("fonts/DejaVuSans.ttf")), 10)
    text = KEYBOARD.read_text(encoding="utf-8")
    assert sorted({c for c in text if c != "\n" and not raw.supportsCharacter(ord(c))}) == []


@pytest.mark.parametrize("paper", [QPageSize.PageSizeId.A4, QPageSize.PageSizeId.Letter])
def test_the_cheat_sheet_fits_on_one_printed_page(qapp, paper: QPageSize.PageSizeId) -> None:
    """Laid out in the bundled DejaVu Sans at 10 pt inside 15 mm margins: one page, on any
    machine (the desktop font sets fonts-dejavu, fonts-noto-core and fonts-liberation2
    installed, as on CI, or none)."""
    document = print_layout(paper)
    assert used_families(document) == {"DejaVu Sans"}
    assert document.pageCount() == 1


WITHOUT_FONTS = """
import sys
from PySide6.QtGui import QGuiApplication, QPageSize
app = QGuiApplication(sys.argv)
from tests.test_user_docs import print_layout
for paper in (QPageSize.PageSizeId.A4, QPageSize.PageSizeId.Letter):
    document = print_layout(paper)
    print(document.pageCount(), document.size().width(), document.size().height(), flush=True)
import os
os._exit(0)
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="fontconfig decides fonts")
def test_the_print_layout_is_the_same_on_a_machine_without_fonts(qapp, tmp_path: Path) -> None:
    """Run where fontconfig knows no font at all (nor any of its settings): same layout."""
    here = []
    for paper in (QPageSize.PageSizeId.A4, QPageSize.PageSizeId.Letter):
        document = print_layout(paper)
        here.append(f"{document.pageCount()} {document.size().width()} {document.size().height()}")
    (tmp_path / "none").mkdir()
    config = tmp_path / "fonts.conf"
    config.write_text(
        f"<?xml version='1.0'?><fontconfig><dir>{tmp_path / 'none'}</dir>"
        f"<cachedir>{tmp_path / 'cache'}</cachedir></fontconfig>",
        encoding="utf-8",
    )
    env = {**os.environ, "FONTCONFIG_FILE": str(config), "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", WITHOUT_FONTS],
        env=env,
        timeout=120,
        cwd=DOCS.parent,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.stdout.split("\n")[:2] == here, done.stderr[-2000:]
