"""The roster screen tidies a team list: Del deletes the selected person after a confirm
that names them, with Undo; a person with history is refused in one sentence; Merge into…
moves one person onto another; an import can be undone right after; a team is archived
(marked, last in the list) and the demo team deleted; names listed in the locale's order."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from facilitator import demo, roster, roster_import
from ui.screens.roster import RosterScreen
from ui.screens.roster_tidy import KeeperPicker


@pytest.fixture
def screen(qtbot, fresh_db):
    team = roster.create_team(fresh_db, "Ops").value
    for name in ("Pia", "Øystein", "Bob", "Álvaro", "Zed"):
        roster.add_participant(fresh_db, team.id, name)
    view = RosterScreen(fresh_db)
    qtbot.addWidget(view)
    view.resize(1366, 768)
    view.show()
    view.load(team.id)
    return view


def _names(view: RosterScreen) -> list[str]:
    model = view.people_model
    return [model.person_at(row).name for row in range(model.rowCount())]


def _select(view: RosterScreen, name: str) -> None:
    view.people_table.setFocus()
    view.people_table.setCurrentIndex(view.people_model.index(_names(view).index(name), 0))


def test_the_list_is_in_the_locales_order(screen) -> None:
    assert _names(screen) == ["Álvaro", "Bob", "Øystein", "Pia", "Zed"]


def test_del_deletes_after_a_confirm_naming_the_person_and_undo_brings_them_back(
    qtbot, screen, answer
) -> None:
    replies, seen = answer
    _select(screen, "Bob")
    replies.append("Delete")
    qtbot.keyClick(screen.people_table, Qt.Key.Key_Delete)
    assert "Delete Bob from Ops?" in seen[0]
    assert "Bob" not in _names(screen)
    assert screen.people_model.person_at(screen.people_table.currentIndex().row()).name == "Øystein"
    assert screen.tidy.notice.text() == "Bob deleted."
    assert screen.tidy.undo_button.isVisible()

    screen.tidy.undo_button.click()
    assert "Bob" in _names(screen)
    assert screen.tidy.notice.text() == "Bob is back."


def test_cancel_keeps_the_person(screen, answer) -> None:
    replies, _seen = answer
    _select(screen, "Bob")
    replies.append("Cancel")
    screen.tidy.delete_button.click()
    assert "Bob" in _names(screen)


def test_a_person_with_history_is_refused_in_one_sentence(screen, answer) -> None:
    database = screen.database
    bob = next(p for p in roster.list_participants(database, screen.team.id) if p.name == "Bob")
    session_id = demo.add_demo(database)  # any session that ran will do
    with database.write() as db:
        db.execute(
            "insert into contributions (id, session_id, text, participant_id) "
            "values ('c', ?, 'Hello', ?)",
            [session_id, bob.id],
        )
    screen.load(screen.team.id)
    _select(screen, "Bob")
    replies, seen = answer
    replies.append("Cancel")
    screen.tidy.delete_button.click()  # refused at once: no confirm first
    assert "Bob" in _names(screen)
    assert "merge them into another person or deactivate them instead" in seen[0]


def test_merge_into_moves_the_person_onto_the_one_chosen(screen, answer, monkeypatch) -> None:
    replies, seen = answer

    def choose_pia(picker: KeeperPicker) -> int:
        (pia,) = picker.people.findItems("Pia", Qt.MatchFlag.MatchExactly)
        picker.people.setCurrentItem(pia)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(KeeperPicker, "exec", choose_pia)
    _select(screen, "Zed")
    replies.append("Merge")
    screen.tidy.merge_button.click()
    assert "Merge Zed into Pia?" in seen[0]
    assert _names(screen) == ["Álvaro", "Bob", "Øystein", "Pia"]
    assert "Zed merged into Pia" in screen.tidy.notice.text()


def test_an_import_can_be_undone_right_after(screen) -> None:
    database, team = screen.database, screen.team
    preview = roster_import.preview_text(database, team.id, "name\nCy\nDi\n")
    roster.import_people(database, preview, source="team.csv")
    screen._on_import_dialog_imported(2)
    assert "Cy" in _names(screen)
    assert screen.tidy.notice.text() == "2 people imported."
    screen.tidy.undo_button.click()
    assert "Cy" not in _names(screen) and "Di" not in _names(screen)
    assert screen.tidy.notice.text() == "Import from team.csv undone: 2 people removed."


def test_an_archived_team_is_marked_and_can_come_back(screen) -> None:
    database = screen.database
    roster.create_team(database, "Dev")
    screen.load(screen.team.id)
    screen.tidy.archive_action.trigger()
    assert [t.name for t in roster.list_teams(database)] == ["Dev"]
    combo = screen.team_combo
    assert [combo.itemText(i) for i in range(combo.count())] == ["Dev", "Ops (archived)"]
    assert screen.team.name == "Ops"
    screen.tidy.update_actions()
    assert screen.tidy.archive_action.text() == "Bring back from the &archive"
    screen.tidy.archive_action.trigger()
    assert [t.name for t in roster.list_teams(database)] == ["Dev", "Ops"]


def test_the_demo_team_is_deleted_from_the_screen(screen, answer) -> None:
    replies, seen = answer
    database = screen.database
    demo.add_demo(database)
    demo_team = next(t for t in roster.list_teams(database) if t.name != "Ops")
    screen.load(demo_team.id)
    screen.tidy.update_actions()
    assert screen.tidy.delete_team_action.isEnabled()
    replies.append("Delete")
    screen.tidy.delete_team_action.trigger()
    assert f"Delete the team {demo_team.name}?" in seen[0]
    assert "the demo's 6 sessions go with it" in seen[0]
    assert [t.name for t in roster.list_teams(database)] == ["Ops"]
    assert screen.team is not None and screen.team.name == "Ops"


def test_a_team_with_sessions_cannot_be_chosen_for_deleting(screen) -> None:
    database = screen.database
    from facilitator import planning

    planning.create_session(database, screen.team.id, "Weekly")
    screen.tidy.update_actions()
    assert not screen.tidy.delete_team_action.isEnabled()


def test_an_archived_team_leaves_home_and_the_new_session_picker(qtbot, demo_db) -> None:
    from ui.screens.home import HomeScreen
    from ui.screens.new_session import NewSessionDialog

    database, sample = demo_db
    roster.create_team(database, "Ops")
    demo_team = next(t for t in roster.list_teams(database) if t.name != "Ops")
    home = HomeScreen(database)
    qtbot.addWidget(home)
    assert home.teams.count() == 3  # all teams, the demo team, Ops

    roster.archive_team(database, demo_team.id)
    home.reload()
    assert [home.teams.item(i).text() for i in range(home.teams.count())] == [
        "All teams (0)",
        "Ops (0)",
    ]
    assert home.table.model().rowCount() == 0
    dialog = NewSessionDialog(database)
    qtbot.addWidget(dialog)
    assert [dialog.team.itemText(i) for i in range(dialog.team.count())] == ["Ops"]
    assert roster.get_team(database, demo_team.id).name == demo_team.name  # still reported


def test_home_says_every_team_is_archived_rather_than_no_workshops(qtbot, demo_db) -> None:
    from ui.screens.home import HomeScreen

    database, _ = demo_db
    home = HomeScreen(database)
    qtbot.addWidget(home)
    for team in roster.list_teams(database):
        roster.archive_team(database, team.id)
    home.reload()
    assert home.pages.currentIndex() == 0
    assert "Every team is archived" in home.welcome.text()
    assert "No workshops yet" not in home.welcome.text()
    roster.unarchive_team(database, roster.list_teams(database, include_archived=True)[0].id)
    home.reload()
    assert home.pages.currentIndex() == 1


def test_the_recent_imports_menu_undoes_the_one_chosen(screen) -> None:
    database, team = screen.database, screen.team
    preview = roster_import.preview_text(database, team.id, "name\nCy\n")
    roster.import_people(database, preview, source="team.csv")
    preview = roster_import.preview_text(database, team.id, "name\nDi\n")
    roster.import_people(database, preview, source="pasted names")
    screen.tidy.imports_menu.aboutToShow.emit()
    entries = [a.text() for a in screen.tidy.imports_menu.actions()]
    assert [e.split(" · ")[0] for e in entries] == ["From pasted names", "From team.csv"]
    assert entries[1].endswith(" · 1 person")
    screen.tidy.imports_menu.actions()[1].trigger()
    assert "Cy" not in _names(screen) and "Di" in _names(screen)
    screen.tidy.imports_menu.aboutToShow.emit()
    assert [a.text().split(" · ")[0] for a in screen.tidy.imports_menu.actions()] == [
        "From pasted names"
    ]
