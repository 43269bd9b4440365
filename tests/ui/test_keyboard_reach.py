"""Keyboard only, everywhere: on every screen of the window and every dialog its menus and
buttons open, Tab reaches every control and leaves every table (arrows move inside it),
each Alt+letter reaches one thing, and what a screen reader hears holds no markup.

The screens are built on the demo workshop and visited as a user would reach them; each
visit is checked by real key presses (``QTest.keyClick``) and through Qt's accessibility
interface (``QAccessible.queryAccessibleInterface``)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QAccessible, QAction, QKeySequence, QShortcut
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QDialog,
    QGroupBox,
    QHeaderView,
    QLabel,
    QMenu,
    QMenuBar,
    QTabBar,
    QWidget,
)

from facilitator import planning
from facilitator.store.database import Database
from tests.ui.windows import open_window
from ui.main_window import MainWindow

MARKUP = ("<b>", "<i>", "&amp;", "&#")
MAX_TABS = 400  # more Tab presses than any screen has controls
MAX_SECTIONS = 6  # a date and time field's sections, which Tab walks before it leaves


# ------------------------------------------------------------------ what the keyboard reaches


def _accepts_tab(widget: QWidget) -> bool:
    return bool(widget.focusPolicy().value & Qt.FocusPolicy.TabFocus.value)


def _final(widget: QWidget) -> QWidget:
    """The widget that really takes the focus for ``widget`` (its focus proxy, if any)."""
    while widget.focusProxy() is not None:
        widget = widget.focusProxy()
    return widget


def tab_stops(root: QWidget) -> set[QWidget]:
    """Every visible, enabled control on ``root`` that Tab should land on (cell editors
    and the insides of composite controls are reached through their owner)."""
    stops: set[QWidget] = set()
    for widget in root.findChildren(QWidget):
        if not (widget.isVisible() and widget.isEnabled() and _accepts_tab(widget)):
            continue
        if isinstance(widget, QMenuBar) or _inside_item_view(widget, root):
            continue
        stops.add(_final(widget))
    return stops


def _inside_item_view(widget: QWidget, root: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None and parent is not root:
        if isinstance(parent, QAbstractItemView):
            return True
        parent = parent.parentWidget()
    return False


def tab_walk(start: QWidget) -> list[QWidget]:
    """The widgets Tab visits from ``start`` (by real key presses) until it comes round
    again or stops moving."""
    start.setFocus(Qt.FocusReason.TabFocusReason)
    QApplication.processEvents()
    first = QApplication.focusWidget()
    assert first is not None, f"{start!r} took no focus"
    visited, stayed = [first], 0
    for _ in range(MAX_TABS):
        QTest.keyClick(visited[-1], Qt.Key.Key_Tab)
        now = QApplication.focusWidget()
        if now is visited[-1] and stayed < MAX_SECTIONS:
            stayed += 1  # a date or time field: Tab walks its sections first
            continue
        if now is None or now in visited:
            break
        visited.append(now)
        stayed = 0
    return visited


def _name(widget: QWidget) -> str:
    text = widget.accessibleName() or getattr(widget, "text", lambda: "")() or ""
    return f"{type(widget).__name__}({text!r}, {widget.objectName()!r})"


def check_tab_reach(root: QWidget, start: QWidget | None = None) -> None:
    """(a) no item view keeps Tab to itself, and Tab really leaves it; (b) every control is
    reached by Tab from the screen's first one (the one the screen puts the focus on)."""
    views = [
        v
        for v in root.findChildren(QAbstractItemView)
        if v.isVisible() and v.isEnabled() and not isinstance(v, QHeaderView)
    ]
    for view in views:
        assert not view.tabKeyNavigation(), f"Tab is kept inside {_name(view)}"
        view.setFocus(Qt.FocusReason.TabFocusReason)
        QTest.keyClick(view, Qt.Key.Key_Tab)
        assert QApplication.focusWidget() is not view, f"Tab does not leave {_name(view)}"
    begin = start or QApplication.focusWidget()
    if begin is None or not (begin is root or root.isAncestorOf(begin)):
        begin = next(iter(sorted(tab_stops(root), key=lambda w: (w.y(), w.x()))))
    reached = {_final(w) for w in tab_walk(begin)}
    missing = tab_stops(root) - reached
    assert not missing, "not reached by Tab: " + ", ".join(sorted(_name(w) for w in missing))
    for view in views:
        assert _final(view) in reached, f"{_name(view)} is not reached by Tab"


# ------------------------------------------------------------------ Alt+letters


def _letter(text: str) -> str | None:
    found = re.search(r"&([^&\s])", text.replace("&&", ""))
    return found.group(1).lower() if found else None


def mnemonics(root: QWidget, window: MainWindow | None = None) -> list[tuple[str, str]]:
    """Every Alt+letter that works on ``root`` as shown: its buttons, check boxes, labels
    with a buddy, group boxes, tabs, Alt shortcuts, and the window's menus."""
    texts: list[tuple[str, str]] = []
    for widget in [root, *root.findChildren(QWidget)]:
        if not widget.isVisible():
            continue
        if isinstance(widget, QAbstractButton):
            texts.append(("button", widget.text()))
        elif isinstance(widget, QLabel) and widget.buddy() is not None:
            if widget.buddy().isVisible():
                texts.append(("label", widget.text()))
        elif isinstance(widget, QGroupBox):
            texts.append(("group", widget.title()))
        elif isinstance(widget, QTabBar):
            texts += [("tab", widget.tabText(i)) for i in range(widget.count())]
    found = [(kind, text, letter) for kind, text in texts if (letter := _letter(text))]
    for key_owner in root.findChildren(QShortcut) + root.findChildren(QAction):
        owner = key_owner.parent()
        if not key_owner.isEnabled() or not isinstance(owner, QWidget) or not owner.isVisible():
            continue
        keys = [key_owner.key()] if isinstance(key_owner, QShortcut) else key_owner.shortcuts()
        for key in keys:
            text = key.toString(QKeySequence.SequenceFormat.PortableText)
            if re.fullmatch(r"Alt\+[A-Z0-9]", text):
                found.append(("shortcut", text, text[-1].lower()))
    if window is not None:
        for menu in window.menuBar().actions():
            if menu.isVisible() and (letter := _letter(menu.text())):
                found.append(("menu", menu.text(), letter))
    return [(f"{kind} {text!r}", letter) for kind, text, letter in found]


def check_mnemonics(root: QWidget, window: MainWindow | None = None) -> None:
    seen: dict[str, str] = {}
    clashes: list[str] = []
    for what, letter in mnemonics(root, window):
        if letter in seen and seen[letter] != what:
            clashes.append(f"Alt+{letter.upper()}: {seen[letter]} and {what}")
        seen.setdefault(letter, what)
    assert not clashes, "; ".join(clashes)


# ------------------------------------------------------------------ keys with two meanings


def _live_in(widget: QWidget, window: QWidget) -> bool:
    """Whether a shortcut on ``widget`` can fire in ``window`` now (a menu's, while the
    menu bar showing it does)."""
    if isinstance(widget, QMenu):
        owners = widget.menuAction().associatedObjects()
        return any(_live_in(o, window) for o in owners if isinstance(o, QWidget))
    return widget.isVisible() and widget.window() is window


def _in_context(context: Qt.ShortcutContext, owner: QWidget, focus: QWidget | None) -> bool:
    if context == Qt.ShortcutContext.WidgetShortcut:
        return focus is owner
    if context == Qt.ShortcutContext.WidgetWithChildrenShortcut:
        return focus is not None and (focus is owner or owner.isAncestorOf(focus))
    return True


def live_keys(window: QWidget) -> dict[str, list[str]]:
    """Every key that would fire something in ``window`` as it stands, and what: the keys
    Qt would find more than one shortcut for, and do nothing ("Ambiguous shortcut")."""
    focus = QApplication.focusWidget()
    found: dict[str, list[str]] = {}

    def note(keys: list[QKeySequence], what: str) -> None:
        for key in keys:
            text = key.toString(QKeySequence.SequenceFormat.PortableText)
            if text:
                found.setdefault(text, []).append(what)

    for action in window.findChildren(QAction):
        owners = [o for o in action.associatedObjects() if isinstance(o, QWidget)]
        if action.isEnabled() and any(
            _live_in(o, window) and _in_context(action.shortcutContext(), o, focus) for o in owners
        ):
            note(action.shortcuts(), f"action {action.text()!r}")
    for shortcut in window.findChildren(QShortcut):
        owner = shortcut.parent()
        if (
            shortcut.isEnabled()
            and isinstance(owner, QWidget)
            and _live_in(owner, window)
            and _in_context(shortcut.context(), owner, focus)
        ):
            note(shortcut.keys(), f"shortcut on {_name(owner)}")
    return found


# ------------------------------------------------------------------ what a screen reader hears


def accessible_names(root: QWidget) -> Iterator[tuple[str, str]]:
    """(where, text) for the name and description of every visible widget, and the name of
    every cell of every visible item view, through Qt's accessibility interface."""
    for widget in [root, *root.findChildren(QWidget)]:
        if not widget.isVisible():
            continue
        face = QAccessible.queryAccessibleInterface(widget)
        if face is None:
            continue
        for part in (QAccessible.Text.Name, QAccessible.Text.Description):
            yield _name(widget), face.text(part)
        if isinstance(widget, QAbstractItemView) and widget.model() is not None:
            yield from _cell_names(widget, widget.model(), QModelIndex())


def _cell_names(view: QAbstractItemView, model, parent: QModelIndex) -> Iterator[tuple[str, str]]:  # noqa: ANN001
    try:
        columns = model.columnCount(parent)
    except TypeError:  # a list model keeps its one column to itself
        columns = 1
    for row in range(min(model.rowCount(parent), 200)):
        for col in range(columns):
            index = model.index(row, col, parent)
            text = index.data(Qt.ItemDataRole.AccessibleTextRole)
            if text is None:
                text = index.data(Qt.ItemDataRole.DisplayRole)
            yield f"{_name(view)} cell {row},{col}", str(text or "")
            yield from _cell_names(view, model, index)


def check_plain_names(root: QWidget) -> None:
    marked = [
        f"{where}: {text!r}"
        for where, text in accessible_names(root)
        if any(m in text for m in MARKUP)
    ]
    assert not marked, "markup read aloud: " + "; ".join(marked[:5])


# ------------------------------------------------------------------ the screens


@dataclass(frozen=True)
class Visit:
    """One screen or dialog: how to get there, and where its focus starts."""

    name: str
    go: Callable[[MainWindow, dict[str, str]], QWidget]  # returns the screen or dialog shown


def _ids(database: Database) -> dict[str, str]:
    listed = planning.list_sessions(database)
    planned = next(s for s in listed if s.status.value == "planned")
    finished = next(s for s in listed if s.status.value == "finished")
    return {"planned": planned.id, "finished": finished.id, "team": planned.team_id}


def _home(window: MainWindow, ids: dict[str, str]) -> QWidget:
    window.show_home()
    window.home.select_session(ids["planned"])
    return window.home


def _planner(window: MainWindow, ids: dict[str, str]) -> QWidget:
    window.open_session(ids["planned"])
    return window.planner


def _run(window: MainWindow, ids: dict[str, str]) -> QWidget:
    window.run_session(ids["planned"])
    assert window.run_screen is not None
    return window.run_screen


def _running(window: MainWindow, ids: dict[str, str]) -> QWidget:
    """The run screen with its clock started (Space), the handover done first if asked."""
    screen = _run(window, ids)
    screen.setFocus()
    QTest.keyClick(screen, Qt.Key.Key_Space)
    if getattr(screen, "handover_dialog", None) is not None:
        screen.handover_dialog.accept()
    window.activateWindow()
    screen.setFocus()
    return screen


def _ended(window: MainWindow, ids: dict[str, str]) -> QWidget:
    """The run screen once the session has ended (Ctrl+E, then Enter to confirm)."""
    screen = _running(window, ids)
    QTest.keyClick(screen, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(screen.end_confirm, Qt.Key.Key_Return)
    assert planning.get_session(window.database, ids["planned"]).status.value == "finished"
    return screen


def _captures(window: MainWindow, ids: dict[str, str]) -> QWidget:
    window.open_session(ids["finished"])
    return window.capture_view


def _dot_voting(window: MainWindow, ids: dict[str, str]) -> QWidget:
    window.open_session(ids["finished"])
    view = window.capture_view
    view.tabs.setCurrentWidget(view.voting)
    view.voting.table.setFocus()
    return view


def _review(window: MainWindow, ids: dict[str, str]) -> QWidget:
    window.show_review(ids["finished"])
    return window.review_screen


def _roster(window: MainWindow, ids: dict[str, str]) -> QWidget:
    window.show_roster(ids["team"])
    return window.roster


def _roster_new_team(window: MainWindow, ids: dict[str, str]) -> QWidget:
    window.show_roster(ids["team"])
    window.roster.show_new_team()
    return window.roster


def _roster_reactivate(window: MainWindow, ids: dict[str, str]) -> QWidget:
    """Someone deactivated, shown and chosen: the button reads Reactivate."""
    roster = _roster(window, ids)
    roster.people_table.setCurrentIndex(roster.people_model.index(0, 0))
    roster.toggle_active()
    roster.show_inactive.setChecked(True)
    model = roster.people_model
    row = next(r for r in range(model.rowCount()) if not model.person_at(r).active)
    roster.people_table.setCurrentIndex(model.index(row, 0))
    assert "activate" in roster.toggle_button.text().replace("&", "")
    return roster


def _roster_roles(window: MainWindow, ids: dict[str, str]) -> QWidget:
    window.show_roster(ids["team"])
    window.roster.tabs.setCurrentIndex(1)
    return window.roster


def _ledger(window: MainWindow, ids: dict[str, str]) -> QWidget:
    window.router.show_ledger(ids["team"])
    return window.ledger


def _followup(window: MainWindow, ids: dict[str, str]) -> QWidget:
    window.followup_action.trigger()
    return window.followup_screen


def _search(window: MainWindow, ids: dict[str, str]) -> QWidget:
    window.search_action.trigger()
    window.search_screen.field.setText("Bristol")
    window.search_screen.run_search()
    return window.search_screen


def _backups(window: MainWindow, ids: dict[str, str]) -> QWidget:
    window.backups_action.trigger()
    return window.backups


def _overview(window: MainWindow, ids: dict[str, str]) -> QWidget:
    window.show_overview(ids["finished"])
    return window.overview


SCREENS = (
    Visit("home", _home),
    Visit("planner", _planner),
    Visit("run", _run),
    Visit("run, running", _running),
    Visit("run, ended", _ended),
    Visit("captures", _captures),
    Visit("dot voting", _dot_voting),
    Visit("review", _review),
    Visit("roster people", _roster),
    Visit("roster new team", _roster_new_team),
    Visit("roster reactivate", _roster_reactivate),
    Visit("roster roles", _roster_roles),
    Visit("ledger", _ledger),
    Visit("follow-up", _followup),
    Visit("search", _search),
    Visit("backups", _backups),
    Visit("session overview", _overview),
)


def _new_session(window: MainWindow, ids: dict[str, str]) -> QWidget:
    window.show_home()
    window.new_session_action.trigger()
    assert window.dialog is not None
    return window.dialog


def _template(window: MainWindow, ids: dict[str, str]) -> QWidget:
    window.open_session(ids["planned"])
    window.planner.ask_save_template()
    return window.planner.dialog


def _from_template(window: MainWindow, ids: dict[str, str]) -> QWidget:
    window.open_session(ids["planned"])
    window.planner.ask_new_from_template()
    return window.planner.dialog


def _roster_import(window: MainWindow, ids: dict[str, str]) -> QWidget:
    """The import preview of a CSV file, written beside the test's own database."""
    import os
    from pathlib import Path

    window.show_roster(ids["team"])
    csv = Path(os.environ["FACILITATOR_DB"]).with_name("people.csv")  # under tmp_path
    csv.write_text("name,area\nNew Person,Ops\n", encoding="utf-8")
    window.roster.preview_import(csv)
    return window.roster.dialog


def _roles(window: MainWindow, ids: dict[str, str]) -> QWidget:
    from ui.screens.session_roles import SessionRolesDialog

    window.show_home()
    window.home.select_session(ids["planned"])
    return SessionRolesDialog(window.database, ids["planned"], parent=window)


def _from_roles(button: str, dialog_class: str) -> Callable[[MainWindow, dict[str, str]], QWidget]:
    """A dialog the roles window opens with one of its buttons (Reassign, Swap, Opt-outs)."""

    def go(window: MainWindow, ids: dict[str, str]) -> QWidget:
        from unittest.mock import patch

        from ui.screens import session_roles

        roles = _roles(window, ids)
        roles.show()
        opened: list[QDialog] = []
        kind = getattr(session_roles, dialog_class)
        with patch.object(kind, "exec", lambda dialog: opened.append(dialog) or 0):
            getattr(roles.roles, button).click()
        assert opened, f"{button} opened no {dialog_class}"
        return opened[0]

    return go


def _timer_settings(window: MainWindow, ids: dict[str, str]) -> QWidget:
    from ui.screens.run.bars import TimerSettingsDialog

    screen = _run(window, ids)
    return TimerSettingsDialog(window.run_screen.run.settings, screen)


def _handover(window: MainWindow, ids: dict[str, str]) -> QWidget:
    from ui.screens.handover import HandoverDialog

    return HandoverDialog(window.database, ids["planned"], None, window.run_clock, window)


DIALOGS = (
    Visit("new session", _new_session),
    Visit("save as template", _template),
    Visit("new from template", _from_template),
    Visit("roster import", _roster_import),
    Visit("roles", _roles),
    Visit("reassign", _from_roles("reassign_button", "ReassignDialog")),
    Visit("swap", _from_roles("swap_button", "SwapDialog")),
    Visit("opt-outs", _from_roles("optout_button", "OptOutDialog")),
    Visit("timer settings", _timer_settings),
    Visit("handover", _handover),
)


@pytest.fixture
def window(qtbot, demo_db) -> MainWindow:  # noqa: ANN001
    database, _sample = demo_db
    window = open_window(qtbot, database)
    window.resize(1366, 768)
    return window


def _shown(qtbot, window: MainWindow, visit: Visit) -> tuple[QWidget, bool]:  # noqa: ANN001
    root = visit.go(window, _ids(window.database))
    is_dialog = isinstance(root, QDialog)
    if is_dialog:
        qtbot.addWidget(root)
        root.show()
        root.activateWindow()
        qtbot.waitUntil(root.isActiveWindow)
    else:
        assert window.stack.currentWidget() is root, visit.name
    QApplication.processEvents()
    return root, is_dialog


@pytest.mark.parametrize("visit", SCREENS + DIALOGS, ids=lambda v: v.name)
def test_tab_reaches_every_control_and_leaves_every_table(qtbot, window, visit) -> None:  # noqa: ANN001
    root, _ = _shown(qtbot, window, visit)
    check_tab_reach(root)


@pytest.mark.parametrize("visit", SCREENS + DIALOGS, ids=lambda v: v.name)
def test_each_alt_letter_reaches_one_thing(qtbot, window, visit) -> None:  # noqa: ANN001
    root, is_dialog = _shown(qtbot, window, visit)
    check_mnemonics(root, None if is_dialog else window)


@pytest.mark.parametrize("visit", SCREENS + DIALOGS, ids=lambda v: v.name)
def test_no_key_means_two_things_at_once(qtbot, window, visit) -> None:  # noqa: ANN001
    root, is_dialog = _shown(qtbot, window, visit)
    keys = live_keys(root.window())
    assert is_dialog or {"Ctrl+Q", "F1"} <= set(keys)  # the menus' keys were found
    twice = {key: what for key, what in keys.items() if len(what) > 1}
    assert not twice, twice


@pytest.mark.parametrize("visit", SCREENS + DIALOGS, ids=lambda v: v.name)
def test_no_markup_is_read_aloud(qtbot, window, visit) -> None:  # noqa: ANN001
    root, _ = _shown(qtbot, window, visit)
    check_plain_names(root)


def test_every_menu_has_its_own_letter_and_so_has_each_entry(qtbot, window) -> None:  # noqa: ANN001
    menus = window.menuBar().actions()
    letters = [_letter(menu.text()) for menu in menus]
    assert None not in letters, [m.text() for m in menus]
    assert len(set(letters)) == len(letters), [m.text() for m in menus]
    for menu in menus:
        entries = [a.text() for a in menu.menu().actions() if not a.isSeparator()]
        letters = [_letter(text) for text in entries]
        assert None not in letters and len(set(letters)) == len(letters), entries


def test_the_teams_list_at_home_is_one_shift_tab_from_the_sessions(qtbot, window) -> None:  # noqa: ANN001
    home = _home(window, _ids(window.database))
    home.table.setFocus()
    QTest.keyClick(home.table, Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)
    assert QApplication.focusWidget() is home.teams
    QTest.keyClick(home.teams, Qt.Key.Key_Down)  # arrows choose a team; its sessions show
    assert home.current_team_id()
    QTest.keyClick(home.teams, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is home.table


def test_tab_leaves_the_dot_voting_grid_for_the_tally(qtbot, window) -> None:  # noqa: ANN001
    view = _dot_voting(window, _ids(window.database))
    grid = view.voting.table
    before = grid.currentIndex()
    QTest.keyClick(grid, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is view.voting.tally
    assert grid.currentIndex() == before  # Tab did not move to another cell
