"""The home screen lists teams and sessions and welcomes a first-time user."""

from __future__ import annotations

from PySide6.QtCore import Qt

from facilitator import planning, roster
from facilitator.store import sessions
from ui import ops
from ui.main_window import MainWindow
from ui.screens.home import HomeScreen


def test_home_lists_the_demo_session(qtbot, demo_db) -> None:
    database, sample = demo_db
    window = MainWindow(database)
    qtbot.addWidget(window)
    model = window.home.table.model()
    titles = [model.index(r, 0).data() for r in range(model.rowCount())]
    assert sessions.get_session(database, sample).title in titles
    assert model.index(0, 2).data() == "Planned"  # the team's next session, ready to run
    assert model.index(1, 2).data() == "Finished"
    assert window.home.pages.currentIndex() == 1


def test_empty_database_offers_the_demo_and_adds_it(qtbot, fresh_db) -> None:
    window = MainWindow(fresh_db)
    qtbot.addWidget(window)
    window.show()
    assert window.home.pages.currentIndex() == 0
    qtbot.mouseClick(window.home.demo_button, Qt.MouseButton.LeftButton)
    assert window.home.pages.currentIndex() == 1
    assert len(sessions.list_sessions(fresh_db)) == 6  # five held and the next one planned
    assert window.home.current_session_id() == sessions.resolve_session_id(fresh_db, "latest")


def test_enter_opens_the_session_and_escape_goes_back(qtbot, demo_db) -> None:
    database, sample = demo_db
    window = MainWindow(database)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.home.select_session(sample)
    qtbot.keyClick(window.home.table, Qt.Key.Key_Return)
    # A finished session opens at its captures; its read-only overview is Alt+O away.
    assert window.stack.currentWidget() is window.capture_view
    window.show_overview(sample)
    assert window.stack.currentWidget() is window.overview
    text = window.overview.body.toPlainText()
    assert "Dilemma" in text and "Bristol" in text and "Decisions" in text
    qtbot.keyClick(window.overview.body, Qt.Key.Key_Escape)
    assert window.stack.currentWidget() is window.home


def test_cannot_open_dialog_lets_the_user_quit(qtbot, tmp_path, monkeypatch) -> None:
    from PySide6.QtWidgets import QMessageBox

    from ui import app

    garbage = tmp_path / "garbage.db"
    garbage.write_text("nope")
    seen = []

    def fake_exec(box: QMessageBox) -> int:
        seen.append(box.text())
        quit_button = [b for b in box.buttons() if b.text() == "Quit"][0]
        monkeypatch.setattr(box, "clickedButton", lambda: quit_button)
        return 0

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    assert app.open_with_dialog(garbage) is None
    assert "not a Facilitator database" in seen[0]


def _titles(home: HomeScreen) -> list[str]:
    model = home.table.model()
    return [model.index(r, 0).data() for r in range(model.rowCount())]


def test_the_list_follows_a_new_session_without_anyone_refreshing_it(qtbot, fresh_db) -> None:
    team = roster.create_team(fresh_db, "Ops").value
    home = HomeScreen(fresh_db)
    qtbot.addWidget(home)
    home.show()
    qtbot.waitExposed(home)
    assert home.pages.currentIndex() == 1 and _titles(home) == []  # the team, no sessions

    ops.broadcast(planning.create_session(fresh_db, team.id, "Weekly").changes)
    assert _titles(home) == ["Weekly"]  # on screen: at once

    home.hide()
    ops.broadcast(planning.create_session(fresh_db, team.id, "Monthly").changes)
    home.show()  # off screen: when it is next shown
    qtbot.waitUntil(lambda: sorted(_titles(home)) == ["Monthly", "Weekly"])
    assert home.teams.item(1).text() == "Ops (2)"
