"""The ledger screen: people x roles with counts and dates, who has led, the figures."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt

from facilitator import ledger
from facilitator.demo import add_demo
from facilitator.store import sessions, teams
from ui.main_window import MainWindow
from ui.screens.ledger import LedgerScreen


def test_the_demo_ledger_shows_counts_dates_and_figures(qtbot, fresh_db) -> None:
    sample = add_demo(fresh_db, today=date(2026, 3, 4))
    team_id = sessions.get_session(fresh_db, sample).team_id
    screen = LedgerScreen(fresh_db)
    qtbot.addWidget(screen)
    screen.resize(1366, 768)
    assert screen.show_team(team_id)
    expected = ledger.load(fresh_db, team_id)
    model = screen.model
    assert model.rowCount() == 6 and model.columnCount() == 7
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(7)] == [
        "Facilitator",
        "Timekeeper",
        "Scribe",
        "Challenger",
        "Voice\nKeeper",  # a word to a line: never cut to "oice Keepe" in a narrow column
        "Roles held",
        "Sessions",
    ]
    header = screen.table.horizontalHeader()
    words = header.fontMetrics()
    for col in range(5):
        text = model.headerData(col, Qt.Orientation.Horizontal)
        widest = max(words.horizontalAdvance(w) for w in text.split("\n"))
        assert widest <= header.sectionSize(col), text
    for row, person in enumerate(expected.people):
        for col, role in enumerate(expected.roles):
            cell = expected.cell(person.id, role.id)
            text = model.index(row, col).data()
            if cell.count:
                day = date.fromisoformat(cell.last_on)
                assert text == f"{cell.count} · {day.day} {day.strftime('%b')} {day.year}"
            else:
                assert text == "—"
        assert model.index(row, 5).data() == str(expected.totals.get(person.id, 0))
    tip = model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole)
    assert tip.startswith("Amara has been Facilitator once; last on ")
    assert screen.distribution.value.text() == f"{expected.distribution:.2f}"
    assert screen.everyone.value.text() == "6 of 6"
    assert screen.progress.value() == 6 and screen.progress.maximum() == 6
    assert screen.sessions_model.rowCount() == 5
    newest = [screen.sessions_model.index(0, c).data() for c in range(6)]
    # 5 roles, 5 different holders, 6 present: as evenly shared as the room allows.
    assert newest == ["2 Mar 2026", "Pause or push on: the Bristol rollout", "6", "5", "5", "1.00"]


def test_a_team_without_sessions_gets_an_explanation(qtbot, fresh_db) -> None:
    team = teams.create_team(fresh_db, "New team")
    teams.add_participant(fresh_db, team.id, "Ann")
    screen = LedgerScreen(fresh_db)
    qtbot.addWidget(screen)
    assert screen.show_team(team.id)
    assert screen.pages.currentIndex() == 0
    assert "No session of this team has taken place yet" in screen.empty.text()


def test_ctrl_g_opens_the_ledger_for_the_selected_team_and_esc_goes_back(qtbot, demo_db) -> None:
    database, _sample = demo_db
    window = MainWindow(database)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window.home.table, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier)
    assert window.stack.currentWidget() is window.ledger
    assert window.ledger.table.hasFocus()
    assert window.ledger.model.rowCount() == 6
    qtbot.keyClick(window.ledger.table, Qt.Key.Key_Tab)
    assert window.ledger.sessions.hasFocus()
    qtbot.keyClick(window.ledger.sessions, Qt.Key.Key_Escape)
    assert window.stack.currentWidget() is window.home


def test_ledger_needs_a_team_when_there_are_several(qtbot, fresh_db, _no_blocking_dialogs) -> None:
    teams.create_team(fresh_db, "One")
    teams.create_team(fresh_db, "Two")
    window = MainWindow(fresh_db)
    qtbot.addWidget(window)
    window.ledger_action.trigger()
    assert window.stack.currentWidget() is window.home
    assert _no_blocking_dialogs[-1][0] == "No team chosen"
