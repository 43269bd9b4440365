"""The main window's seams: menus, the F1 list, which session a command acts on, keys that
mean one thing per screen, Enter in dialogs, and the way back from a review round."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QPushButton

from facilitator.model import SessionStatus
from facilitator.store import sessions, teams
from tests.facilitator.run_fixtures import make_session
from tests.ui.windows import open_window
from ui import window_actions
from ui.window_actions import ACTIONS, WindowAction
from ui.window_actions import plain as _plain

CTRL = Qt.KeyboardModifier.ControlModifier


def test_menus_have_each_separator_once_and_file_ends_with_quit(qtbot, fresh_db) -> None:
    window = open_window(qtbot, fresh_db)
    for menu_action in window.menuBar().actions():
        entries = menu_action.menu().actions()
        kinds = [a.isSeparator() for a in entries]
        assert not kinds[0] and not kinds[-1], menu_action.text()
        assert not any(a and b for a, b in zip(kinds, kinds[1:], strict=False)), menu_action.text()
    names = [_plain(a.text()) or "-" for a in window.file_menu.actions()]
    assert names == [
        "New session…",
        "Team & roles…",
        "-",
        "Run session",
        "Workshops",
        "-",
        "Export report…",
        "Export data…",
        "Print agenda…",
        "Export team report…",
        "Import session…",
        "-",
        "New database…",
        "Open database…",
        "Open recent",
        "-",
        "Backups…",
        "Back up now",
        "-",
        "Team folder…",
        "Sync now",
        "-",
        "Quit",
    ]


def test_f1_lists_every_menu_key_and_points_further(qtbot, fresh_db, _no_blocking_dialogs) -> None:
    window = open_window(qtbot, fresh_db)
    qtbot.keyClick(window.home, Qt.Key.Key_F1)
    title, text = _no_blocking_dialogs[-1]
    assert title == "Keyboard shortcuts"
    keyed = [
        a
        for m in window.menuBar().actions()
        for a in m.menu().actions()
        if not a.isSeparator() and a.shortcuts()
    ]
    assert len(keyed) >= 12
    for action in keyed:
        keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        assert keys in text and _plain(action.text()).replace("&", "&amp;") in text
    assert "user guide" in text and "<b>?</b>" in text
    # A new row of the table appears in the list by itself.
    new = WindowAction("brand_new", "Brand new thing", "&File", 9, "close", "Ctrl+Alt+J")
    assert "Brand new thing" in window_actions.shortcuts_html((*ACTIONS, new))


def test_the_menus_and_home_buttons_are_made_from_the_table(qtbot, fresh_db) -> None:
    window = open_window(qtbot, fresh_db)
    entries = [  # File → Open recent, a submenu of the files opened, is not a row
        a
        for m in window.menuBar().actions()
        for a in m.menu().actions()
        if not a.isSeparator() and a.menu() is None
    ]
    assert [a.text() for a in entries] == [row.text for row in ACTIONS]
    for row, action in zip(ACTIONS, entries, strict=True):
        assert getattr(window, f"{row.name}_action") is action
        assert [k.toString() for k in action.shortcuts()] == [k.toString() for k in row.sequences()]
    buttons = {b.text() for b in window.home.findChildren(QPushButton)}
    assert {row.button for row in ACTIONS if row.button} <= buttons


def test_f1_shows_every_key_of_the_table(qtbot, fresh_db, _no_blocking_dialogs) -> None:
    window = open_window(qtbot, fresh_db)
    window.shortcuts_action.trigger()
    _title, text = _no_blocking_dialogs[-1]
    keyed = [row for row in ACTIONS if row.sequences()]  # Quit's key is the platform's
    assert len(keyed) >= 13
    for row in keyed:
        native = [k.toString(QKeySequence.SequenceFormat.NativeText) for k in row.sequences()]
        assert all(f"<b>{key}</b>" in text for key in native), row.name
        assert row.plain.replace("&", "&amp;") in text, row.name


def test_the_cheat_sheet_lists_every_key_of_the_table() -> None:
    sheet = (Path(__file__).resolve().parents[2] / "docs" / "keyboard.md").read_text("utf-8")
    anywhere = sheet.partition(window_actions.CHEAT_SHEET_HEADING)[2].partition("\n\n**")[0]
    missing = [row.key for row in ACTIONS if row.key and f"`{row.key}`" not in anywhere]
    assert missing == [], "run python -m ui.window_actions to rebuild docs/keyboard.md"
    assert window_actions.cheat_sheet_table() in sheet, "run python -m ui.window_actions"


def test_export_from_the_captures_exports_that_session_not_the_selected_one(
    qtbot, demo_db, monkeypatch
) -> None:
    database, sample = demo_db
    window = open_window(qtbot, database)
    others = [s.id for s in sessions.list_sessions(database) if s.id != sample]
    window.open_session(sample)
    assert window.stack.currentWidget() is window.capture_view
    window.home.select_session(others[0])  # the list holds another selection
    window.stack.setCurrentWidget(window.capture_view)
    asked: list[str] = []
    monkeypatch.setattr(window.export_flow, "export_report", asked.append)
    window.export_report_action.trigger()
    assert asked == [sample]
    assert window.current_session_id() == sample


def test_ctrl_digits_on_the_run_screen_capture_instead_of_leaving(qtbot, fresh_db) -> None:
    session_id, _ = make_session(fresh_db, [300, 300])
    window = open_window(qtbot, fresh_db)
    window.run_session(session_id)
    screen = window.run_screen
    panel = screen.side_panel
    screen.start_button.setFocus()
    qtbot.keyClick(screen.start_button, Qt.Key.Key_1, CTRL)
    assert window.stack.currentWidget() is screen
    assert panel.kind == "contribution" and QApplication.focusWidget() is panel.entry
    screen.setFocus()
    qtbot.keyClick(screen, Qt.Key.Key_4, CTRL)
    assert panel.kind == "experiment" and QApplication.focusWidget() is panel.entry
    # Ctrl+1 means Idea only; Ctrl+L is the way to the workshops, from anywhere.
    window.show_overview(session_id)
    qtbot.keyClick(window.overview, Qt.Key.Key_1, CTRL)
    assert window.stack.currentWidget() is window.overview
    qtbot.keyClick(window.overview, Qt.Key.Key_L, CTRL)
    assert window.stack.currentWidget() is window.home
    assert QApplication.focusWidget() is window.home.table


def test_once_the_session_ended_ctrl_e_exports_its_report(qtbot, fresh_db, monkeypatch) -> None:
    session_id, _ = make_session(fresh_db, [300])
    window = open_window(qtbot, fresh_db)
    window.run_session(session_id)
    screen = window.run_screen
    screen.setFocus()
    qtbot.keyClick(screen, Qt.Key.Key_Space)
    if screen.handover_dialog is not None:
        screen.handover_dialog.accept()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    screen.setFocus()
    assert not window.export_report_action.isEnabled()
    qtbot.keyClick(screen, Qt.Key.Key_E, CTRL)
    assert screen.end_bar.isVisible()
    qtbot.keyClick(screen.end_confirm, Qt.Key.Key_Return)
    assert sessions.get_session(fresh_db, session_id).status is SessionStatus.FINISHED
    assert window.export_report_action.isEnabled()
    asked: list[str] = []
    monkeypatch.setattr(window.export_flow, "export_report", asked.append)
    qtbot.keyClick(screen, Qt.Key.Key_E, CTRL)
    assert asked == [session_id]
    assert not screen.end_bar.isVisible()


def test_enter_in_the_new_session_dialog_creates_it(qtbot, fresh_db) -> None:
    team = teams.create_team(fresh_db, "Northside")
    teams.add_participant(fresh_db, team.id, "Amara")
    window = open_window(qtbot, fresh_db)
    window.new_session(team.id)
    dialog = window.dialog
    assert dialog.create_button.isDefault()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.title)
    qtbot.keyClicks(dialog.title, "Pause or push on")
    qtbot.keyClick(dialog.title, Qt.Key.Key_Return)
    assert [s.title for s in sessions.list_sessions(fresh_db)] == ["Pause or push on"]
    assert window.stack.currentWidget() is window.planner


def test_save_template_dialog_defaults_to_saving(qtbot, fresh_db) -> None:
    from ui.screens.planner import SaveTemplateDialog

    team = teams.create_team(fresh_db, "Northside")
    dialog = SaveTemplateDialog(fresh_db, team.id, [], "Ours")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    defaults = [b.text() for b in dialog.findChildren(QPushButton) if b.isDefault()]
    assert defaults == ["Save template"]


def test_planner_search_enter_adds_and_down_walks_the_list(qtbot, fresh_db) -> None:
    session_id, _ = make_session(fresh_db, [])
    window = open_window(qtbot, fresh_db)
    window.open_session(session_id)
    planner = window.planner
    qtbot.keyClick(planner.tree, Qt.Key.Key_F, CTRL)
    assert QApplication.focusWidget() is planner.search_edit
    qtbot.keyClicks(planner.search_edit, "TRIZ")
    qtbot.keyClick(planner.search_edit, Qt.Key.Key_Return)
    assert {p.group_title for p in sessions.list_phases(fresh_db, session_id)} == {"TRIZ"}
    qtbot.keyClick(planner.search_edit, Qt.Key.Key_Down)
    assert QApplication.focusWidget() is planner.format_list
    # Alt+E reaches the attendance list (Alt+P belongs to the place).
    qtbot.keyClick(planner.format_list, Qt.Key.Key_E, Qt.KeyboardModifier.AltModifier)
    assert QApplication.focusWidget() is planner.attendance_list


def test_back_from_a_review_round_returns_to_the_planner(qtbot, fresh_db) -> None:
    session_id, _ = make_session(fresh_db, [300])
    window = open_window(qtbot, fresh_db)
    window.open_session(session_id)
    assert window.stack.currentWidget() is window.planner
    window.review_action.trigger()
    assert window.stack.currentWidget() is window.review_screen
    assert window.review_screen.session_id == session_id
    qtbot.keyClick(window.review_screen, Qt.Key.Key_Escape)
    assert window.stack.currentWidget() is window.planner


def test_planner_mnemonics_are_unique_and_free_of_the_menu_bar(qtbot, fresh_db) -> None:
    """Each Alt+letter in the planner reaches one thing (a clash makes Qt do nothing)."""
    import re

    from PySide6.QtWidgets import QAbstractButton, QGroupBox, QLabel

    session_id, _ = make_session(fresh_db, [])
    window = open_window(qtbot, fresh_db)
    window.open_session(session_id)
    taken = {
        re.search(r"&(\w)", m.title()).group(1).lower()
        for m in window.menuBar().findChildren(type(window.menuBar().actions()[0].menu()))
        if "&" in m.title()
    }
    seen: dict[str, str] = {}
    for widget in (
        window.planner.findChildren(QLabel)
        + window.planner.findChildren(QAbstractButton)
        + window.planner.findChildren(QGroupBox)
    ):
        text = widget.title() if isinstance(widget, QGroupBox) else widget.text()
        if not widget.isVisibleTo(window.planner):
            continue
        found = re.search(r"&(\w)", text.replace("&&", ""))
        if not found:
            continue
        letter = found.group(1).lower()
        assert letter not in taken, f"Alt+{letter} of {text!r} is also a menu"
        assert letter not in seen, f"Alt+{letter}: {text!r} and {seen[letter]!r}"
        seen[letter] = text


def _alt(qtbot, key) -> None:
    """Alt and a letter where the focus is, as a user would press it."""
    qtbot.keyClick(QApplication.focusWidget(), key, Qt.KeyboardModifier.AltModifier)


def _steps_shown(overview) -> list[str]:
    buttons = (
        overview.run_button,
        overview.report_button,
        overview.vote_button,
        overview.captures_button,
        overview.plan_button,
    )
    return [b.accessibleName() for b in buttons if b.isVisible()]


def test_a_finished_sessions_overview_offers_what_follows_never_a_run(
    qtbot, demo_db, monkeypatch
) -> None:
    database, sample = demo_db
    window = open_window(qtbot, database)
    window.show_overview(sample)
    overview = window.overview
    assert _steps_shown(overview) == [
        "Export the session report as PDF",
        "Dot-vote the ideas",
        "See what was captured",
        "Plan the next session",
    ]
    assert overview.report_button.property("role") == "primary"
    asked: list[str] = []
    monkeypatch.setattr(window.export_flow, "export_report", asked.append)
    # (A button's mnemonic clicks it after a short animation: wait for what it does.)
    _alt(qtbot, Qt.Key.Key_E)
    qtbot.waitUntil(lambda: asked == [sample])
    _alt(qtbot, Qt.Key.Key_V)
    view = window.capture_view
    qtbot.waitUntil(lambda: window.stack.currentWidget() is view)
    assert view.tabs.currentWidget() is view.voting
    window.show_overview(sample)
    _alt(qtbot, Qt.Key.Key_C)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is view)
    assert view.tabs.currentWidget() is view.panel
    window.show_overview(sample)
    _alt(qtbot, Qt.Key.Key_N)
    qtbot.waitUntil(lambda: window.dialog is not None and window.dialog.isVisible())
    team_id = sessions.get_session(database, sample).team_id
    assert window.dialog.team.currentData() == team_id
    window.dialog.reject()


def test_a_running_sessions_overview_resumes_its_run_a_planned_one_runs(qtbot, fresh_db) -> None:
    from facilitator.clock import FakeClock
    from facilitator.timer import Timer

    planned, _ = make_session(fresh_db, [300])
    running, _ = make_session(fresh_db, [300])
    Timer.resume(fresh_db, running, FakeClock()).start()
    window = open_window(qtbot, fresh_db)
    window.show_overview(planned)
    assert _steps_shown(window.overview) == ["Run this session"]
    window.show_overview(running)
    assert _steps_shown(window.overview) == ["Resume the run", "See what was captured"]
    assert "Resume the run" in window.overview.run_button.text().replace("&", "")
    _alt(qtbot, Qt.Key.Key_U)
    qtbot.waitUntil(lambda: window.run_screen is not None)
    assert window.stack.currentWidget() is window.run_screen
    assert window.run_screen.session_id == running
    assert window.run_screen.timer_panel.isVisible()
