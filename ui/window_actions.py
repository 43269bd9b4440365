"""The window's actions and their keys, in one table: the menus, the home screen's buttons,
what a read-only database disables, the F1 list and the cheat sheet's "Anywhere" table are
all built from it, so none of them can fall behind the others.

Each row names its handler as a path from the window ("router.show_search"), or gives a
function of the window (Quit, which asks first while a session runs); the window gets one
``<name>_action`` attribute per row.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Literal

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QBoxLayout,
    QLayoutItem,
    QMenu,
    QMenuBar,
    QMessageBox,
    QPushButton,
    QWidget,
)

from facilitator.model import SessionStatus
from facilitator.store.database import Database
from ui.navigation import BACK_KEYS

# Alt+F, Alt+G, Alt+R and Alt+H open the menus on every screen of the window, so no screen
# gives those letters to a control of its own (tests/ui/test_keyboard_reach.py holds them to it).
MENUS = ("&File", "&Go", "&Roles", "&Help")


def _escape(text: str) -> str:
    """Text for the F1 table's rich text, shown as typed (``html.escape`` without loading
    the ``html`` module and its entity table on the first paint)."""
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    )


@dataclass(frozen=True)
class WindowAction:
    """One row: a menu entry, its key, and what else is made from it."""

    name: str  # the window's attribute is ``<name>_action``
    text: str  # the menu entry, with its mnemonic
    menu: str  # one of MENUS
    group: int  # entries of one group sit together; a separator between groups
    handler: str | Callable[[Any], object]  # a path from the window, or a function of it
    key: str = ""  # its shortcut, as the cheat sheet writes it
    standard: QKeySequence.StandardKey | None = None  # the platform's own key for it, if any
    everywhere: bool = False  # also in the app's other windows (the projector)
    button: str = ""  # the home screen's button for it ("" for none)
    side: Literal["left", "right"] = "left"  # left of the stretch, or beside "Open session"
    tip: str = ""  # the button's tooltip (else the menu text)
    writes: bool = False  # it changes data: disabled on a read-only database
    note: str = ""  # a word more on the cheat sheet ("the session list")

    @property
    def plain(self) -> str:
        return plain(self.text)

    def sequences(self) -> list[QKeySequence]:
        """Its keys: the platform's standard key when there is one, else ``key`` (Windows
        has no standard Quit key: Ctrl+Q, as the cheat sheet says)."""
        standard = QKeySequence.keyBindings(self.standard) if self.standard is not None else []
        return standard or ([QKeySequence(self.key)] if self.key else [])


def quit_unless_running(window: Any) -> bool:
    """Quit (close the window); while its run screen has a session running, ask first. The
    session would survive (its clock keeps the time and it is offered again on the next
    start), but in front of a room Ctrl+Q is far more often a slip than a wish to leave."""
    screen = getattr(window, "run_screen", None)
    if screen is not None and _is_running(window.database, screen.session_id):
        box = QMessageBox(QMessageBox.Icon.Question, "Quit Facilitator?", "", parent=window)
        box.setText("A session is running. Quit anyway?")
        box.setInformativeText("The clock keeps its time and you can resume.")
        leave = box.addButton("Quit", QMessageBox.ButtonRole.DestructiveRole)
        stay = box.addButton("Keep running", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(stay)
        box.setEscapeButton(stay)
        box.exec()
        if box.clickedButton() is not leave:
            return False
    return bool(window.close())


def offer_demo(window: Any) -> None:
    """Try the demo: offered in a database of its own when the app can move the window to
    another (ui/database_switch.py), so the team's stays as it is; else added here."""
    if window.databases is None:
        window.add_demo_here()
    else:
        window.databases.try_demo(window.add_demo_here)


def database_command(name: str) -> Callable[[Any], object]:
    """File → New database… or Open database…: done by the app's switch (its
    ui/database_switch.py); a window made without one (by a script, a test) says it cannot."""

    def run(window: Any) -> object:
        if window.databases is None:
            from ui import database_switch

            database_switch.cannot_switch(window)
            return None
        return getattr(window.databases, name)()

    return run


def _is_running(database: Database, session_id: str) -> bool:
    from facilitator import planning

    return planning.get_session(database, session_id).status is SessionStatus.RUNNING


S = QKeySequence.StandardKey
ACTIONS: tuple[WindowAction, ...] = (
    WindowAction(
        "new_session", "&New session…", "&File", 0, "new_session", "Ctrl+N",
        button="&New session…", tip="Plan a new session for the selected team", writes=True,
    ),
    WindowAction(
        "team", "&Team && roles…", "&File", 0, "router.show_roster", "Ctrl+T",
        button="&Team && roles…", tip="The team's roster and role catalogue",
    ),
    WindowAction(
        "run", "&Run session", "&File", 1, "run_current_session", "Ctrl+R",
        button="R&un session", side="right", tip="Run the selected session", writes=True,
    ),
    WindowAction(
        "home", "&Workshops", "&File", 1, "router.show_home", "Ctrl+L", note="the session list"
    ),
    WindowAction(
        "export_report", "Export re&port…", "&File", 2, "export_report", "Ctrl+E",
        note="PDF; outside a running session",
    ),
    WindowAction(
        "export_data", "Export &data…", "&File", 2, "export_data", "Ctrl+Shift+E",
        note="JSON, Markdown, CSV",
    ),
    WindowAction(
        "print_agenda", "Print a&genda…", "&File", 2,
        lambda window: window.export_flow.export_agenda(window.current_session_id()), "Ctrl+P",
    ),
    WindowAction(
        "export_team_report", "Export tea&m report…", "&File", 2, "export_team_report",
        note="PDF of a team's sessions: a period, the latest or every item",
    ),
    WindowAction(
        "import", "&Import session…", "&File", 2, "export_flow.import_session", "Ctrl+I",
        writes=True,
    ),
    WindowAction(
        "new_database", "New dat&abase…", "&File", 3, database_command("new_database"),
        "Ctrl+Shift+N",
        note="an empty file",
    ),
    WindowAction(
        "open_database", "&Open database…", "&File", 3, database_command("open_database"),
        "Ctrl+O",
    ),  # the Open recent submenu follows it (ui/recent_databases.py)
    WindowAction("backups", "&Backups…", "&File", 4, "router.show_backups", "Ctrl+Shift+B"),
    WindowAction("backup_now", "Back &up now", "&File", 4, "restore_flow.back_up_now"),
    WindowAction(
        "team_folder", "Team fo&lder…", "&File", 5, "open_team_folder", writes=True,
        note="share a team between laptops",
    ),
    WindowAction(
        "sync_now", "S&ync now", "&File", 5, "sync_flow.sync_now", "F9", writes=True,
        note="with the team folders",
    ),
    WindowAction(
        "quit", "&Quit", "&File", 6, quit_unless_running, "Ctrl+Q", S.Quit, everywhere=True
    ),
    WindowAction(
        "search", "&Search…", "&Go", 0, "router.show_search", "Ctrl+F", button="Search  (Ctrl+F)"
    ),
    WindowAction(
        "followup", "&Follow-up…", "&Go", 0, "router.show_followup", "Ctrl+U",
        button="Follow-up  (Ctrl+U)",
    ),
    WindowAction("review", "&Review round…", "&Go", 0, "review_current_session"),
    WindowAction(
        "roles", "&Roles for this session…", "&Roles", 0, "open_roles", "Ctrl+Shift+R",
        button="Roles…", side="right",
    ),
    WindowAction(
        "ledger", "Leadership &ledger", "&Roles", 0, "show_ledger", "Ctrl+G",
        button="Ledger", side="right",
    ),
    WindowAction("demo", "Try the &demo…", "&Help", 0, offer_demo),
    WindowAction("shortcuts", "&Keyboard shortcuts", "&Help", 0, "show_shortcuts", "F1"),
    WindowAction("about", "&About Facilitator", "&Help", 0, "show_about"),
)  # fmt: skip

# Keys of the screens themselves, listed by F1 after the menus'.
SCREEN_KEYS = (
    ("Enter", "Open the selected session"),
    (" · ".join(BACK_KEYS), "Back"),
)


def plain(text: str) -> str:
    """A menu text without its mnemonic marks ("Team && roles…" reads "Team & roles…")."""
    return text.replace("&&", "\x00").replace("&", "").replace("\x00", "&")


# ------------------------------------------------------------------ menus and buttons


def build_menus(
    window: QWidget, bar: QMenuBar, rows: Iterable[WindowAction] = ACTIONS
) -> tuple[dict[str, QAction], dict[str, QMenu]]:
    """The menu bar's menus, their entries and keys, each calling its row's handler; the
    actions by row name and the menus by title."""
    rows = tuple(rows)
    actions: dict[str, QAction] = {}
    menus: dict[str, QMenu] = {}
    for title in MENUS:
        menu = menus[title] = bar.addMenu(title)
        group: int | None = None
        for row in (r for r in rows if r.menu == title):
            if group is not None and row.group != group:
                menu.addSeparator()
            group = row.group
            action = QAction(row.text, window)
            action.setShortcuts(row.sequences())
            if row.everywhere:
                action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
            action.triggered.connect(_handler(window, row.handler))
            menu.addAction(action)
            window.addAction(action)  # its key works while the menu bar is hidden too
            actions[row.name] = action
    return actions, menus


def _handler(window: QObject, path: str | Callable[[Any], object]) -> Callable[[], object]:
    """The handler a row names, looked up when triggered (a screen may be built late)."""
    if callable(path):
        return lambda: path(window)

    def call() -> object:
        target: Any = window
        for part in path.split("."):
            target = getattr(target, part)
        return target()

    return call


def add_home_buttons(
    row: QBoxLayout,
    open_button: QWidget,
    actions: dict[str, QAction],
    rows: Iterable[WindowAction] = ACTIONS,
) -> dict[str, QPushButton]:
    """The home screen's buttons for the rows that have one: the left ones before the
    stretch, the right ones beside "Open session"; each triggers its action."""
    left = next(i for i in range(row.count()) if _is_stretch(row.itemAt(i)))
    buttons: dict[str, QPushButton] = {}
    for spec in rows:
        if not spec.button:
            continue
        button = QPushButton(spec.button)
        button.setAccessibleName(plain(spec.button).split("  ")[0])
        keys = f" ({spec.key})" if spec.key else ""
        button.setToolTip(f"{spec.tip or spec.plain}{keys}")
        button.clicked.connect(actions[spec.name].trigger)
        if spec.side == "left":
            row.insertWidget(left, button)
            left += 1
        else:
            row.insertWidget(row.indexOf(open_button), button)
        buttons[spec.name] = button
    return buttons


def read_only_reason(database: Database) -> str:
    """Why the database is read-only, for banners and tooltips ("" when it is writable)."""
    if not database.read_only:
        return ""
    return database.read_only_reason or "opened read-only"


def _is_stretch(item: QLayoutItem | None) -> bool:
    return item is not None and item.spacerItem() is not None


def disable_when_read_only(reason: str, *widgets: QWidget | QAction) -> None:
    """Disable editing controls (or actions) on a read-only database, saying why."""
    if not reason:
        return
    for widget in widgets:
        widget.setEnabled(False)
        widget.setToolTip(f"The database is open read-only ({reason}); changes are disabled.")


# ------------------------------------------------------------------ F1 and the cheat sheet


Section = tuple[str, list[tuple[str, str]]]  # a heading of the F1 list and its keys


def shortcuts_html(rows: Iterable[WindowAction] = ACTIONS, screen: Section | None = None) -> str:
    """The F1 list: the keys of the ``screen`` shown (when it lists its own) first, then
    every menu's keys and the screens' common ones, in two columns side by side (one column
    is taller than a 1280×720 screen), and where to read further."""
    native = QKeySequence.SequenceFormat.NativeText
    rows = tuple(rows)
    sections: list[Section] = [screen] if screen else []
    for title in MENUS:
        keyed = [(r, r.sequences()) for r in rows if r.menu == title and r.sequences()]
        if keyed:
            entries = [(" · ".join(s.toString(native) for s in seqs), r.plain) for r, seqs in keyed]
            sections.append((f"{plain(title)} menu", entries))
    sections.append(("On the screens", list(SCREEN_KEYS)))
    columns = "<td width='24'></td>".join(
        f"<td valign='top'>{_shortcuts_column(column)}</td>" for column in _halves(sections)
    )
    return (
        f"<table cellpadding='0'><tr>{columns}</tr></table>"
        "<p>While a session runs, press <b>?</b> or <b>F1</b> on the run screen for "
        "its own keys (Space, N, S, P, …).<br>Every screen's keys are in the "
        "keyboard cheat sheet of the <b>Facilitator user guide</b>.</p>"
    )


def _halves(sections: list[Section]) -> list[list[Section]]:
    """The sections in two columns, in order, the first holding about half the lines."""
    total = sum(len(entries) + 1 for _title, entries in sections)
    first: list[Section] = []
    lines = 0
    for section in sections:
        if first and lines + (len(section[1]) + 1) / 2 > total / 2:
            break
        first.append(section)
        lines += len(section[1]) + 1
    return [first, sections[len(first) :]]


def _shortcuts_column(sections: list[Section]) -> str:
    """One column of the F1 list: each section's heading, then its keys and what they do."""

    def line(keys: str, text: str) -> str:
        return f"<tr><td><b>{_escape(keys)}</b></td><td>{_escape(text)}</td></tr>"

    lines: list[str] = []
    for index, (title, entries) in enumerate(sections):
        gap = "<br>" if index else ""
        lines.append(f"<tr><td colspan='2'>{gap}<i>{_escape(title)}</i></td></tr>")
        lines.extend(line(keys, text) for keys, text in entries)
    return "<table cellpadding='3'>" + "".join(lines) + "</table>"


CHEAT_SHEET_HEADING = "**Anywhere** (the menus)"


def cheat_sheet_table(rows: Iterable[WindowAction] = ACTIONS) -> str:
    """The cheat sheet's "Anywhere" table (docs/keyboard.md): every key of the table, two
    to a line, then the way back."""
    cells = [
        (f"`{row.key}`", row.plain + (f" ({row.note})" if row.note else ""))
        for row in rows
        if row.key
    ]
    cells.append((" · ".join(f"`{k}`" for k in BACK_KEYS), "back, on most screens"))
    if len(cells) % 2:
        cells.append(("", ""))
    lines = ["| key | does | key | does |", "|---|---|---|---|"]
    for (k1, d1), (k2, d2) in zip(cells[::2], cells[1::2], strict=True):
        lines.append("|" + "|".join(f" {c} " if c else " " for c in (k1, d1, k2, d2)) + "|")
    return "\n".join(lines) + "\n"


def with_cheat_sheet_table(markdown: str) -> str:
    """docs/keyboard.md with its "Anywhere" table rebuilt from the table."""
    head, found, rest = markdown.partition(CHEAT_SHEET_HEADING + "\n\n")
    if not found:
        raise ValueError(f"docs/keyboard.md has no {CHEAT_SHEET_HEADING!r} section")
    _old, _blank, tail = rest.partition("\n\n")
    return head + found + cheat_sheet_table() + ("\n" + tail if tail else "")


if __name__ == "__main__":  # python -m ui.window_actions: rewrite the cheat sheet's table
    from pathlib import Path

    sheet = Path(__file__).resolve().parents[1] / "docs" / "keyboard.md"
    sheet.write_text(with_cheat_sheet_table(sheet.read_text(encoding="utf-8")), encoding="utf-8")
