"""The roster screen's safety nets, as a new user meets them: the confirm of a step that
cannot be undone says a backup is taken and where it comes back from; a person with history
offers merge or deactivate as buttons; a planned session needs a team that is not archived;
Ctrl+D keeps the keyboard user's place; old messages go when what they spoke of changes;
the merge picker proposes the likely duplicate; F1 lists the screen's own keys."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QMessageBox

from facilitator import demo, roster
from ui.screens.roster import RosterScreen
from ui.screens.roster_tidy import KeeperPicker


@pytest.fixture
def screen(qtbot, fresh_db):
    team = roster.create_team(fresh_db, "Ops").value
    for name in ("Pia Lund", "Zoë Weiß", "Bob Smith", "Álvaro Núñez", "Jonas Berg"):
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


def test_the_confirm_of_deleting_a_team_says_a_backup_is_taken(screen, answer) -> None:
    replies, seen = answer
    demo.add_demo(screen.database)
    demo_team = next(t for t in roster.list_teams(screen.database) if t.name != "Ops")
    screen.load(demo_team.id)
    replies.append("Cancel")
    screen.tidy.delete_team_action.trigger()
    assert "a backup is taken first, which File → Backups… can bring back" in seen[0]


def test_the_confirm_of_a_merge_says_a_backup_is_taken(screen, answer, monkeypatch) -> None:
    replies, seen = answer

    def choose_first(picker: KeeperPicker) -> int:
        picker.people.setCurrentRow(0)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(KeeperPicker, "exec", choose_first)
    _select(screen, "Pia Lund")
    replies.append("Cancel")
    screen.tidy.merge_button.click()
    assert "a backup is taken first, which File → Backups… can bring back" in seen[0]
    assert "Pia Lund" in _names(screen)


@pytest.fixture
def jonas_with_history(screen):
    """Jonas Berg said something in a session that ran: he cannot be deleted."""
    database = screen.database
    jonas = next(
        p for p in roster.list_participants(database, screen.team.id) if p.name == "Jonas Berg"
    )
    session_id = demo.add_demo(database)
    with database.write() as db:
        db.execute(
            "insert into contributions (id, session_id, text, participant_id) "
            "values ('c', ?, 'Hello', ?)",
            [session_id, jonas.id],
        )
    screen.load(screen.team.id)
    return jonas


def _refusal_box(monkeypatch, click: str) -> list[QMessageBox]:
    """Answer the next message box with the button named ``click``; the boxes seen."""
    boxes: list[QMessageBox] = []

    def fake_exec(box: QMessageBox) -> int:
        boxes.append(box)
        button = next(b for b in box.buttons() if b.text().replace("&", "") == click)
        monkeypatch.setattr(box, "clickedButton", lambda: button)
        return 0

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    return boxes


def test_the_refusal_to_delete_offers_merge_deactivate_and_cancel(
    qtbot, screen, jonas_with_history, monkeypatch
) -> None:
    boxes = _refusal_box(monkeypatch, "Cancel")
    _select(screen, "Jonas Berg")
    qtbot.keyClick(screen.people_table, Qt.Key.Key_Delete)
    (box,) = boxes
    assert box.windowTitle() == "Could not delete Jonas Berg"
    assert "deactivate them instead" in box.text()
    assert sorted(b.text().replace("&", "") for b in box.buttons()) == [
        "Cancel",
        "Deactivate",
        "Merge into…",
    ]
    assert box.defaultButton().text() == "Cancel"
    assert "Jonas Berg" in _names(screen)


def test_deactivate_from_the_refusal_deactivates(screen, jonas_with_history, monkeypatch) -> None:
    _refusal_box(monkeypatch, "Deactivate")
    _select(screen, "Jonas Berg")
    screen.tidy.delete_button.click()
    assert not roster.get_participant(screen.database, jonas_with_history.id).active
    assert "Jonas Berg" not in _names(screen)
    assert "Jonas Berg deactivated" in screen.tidy.notice.text()
    assert screen.people_table.hasFocus()  # Ctrl+D and Del go on working from here
    screen.tidy.undo_button.click()
    assert roster.get_participant(screen.database, jonas_with_history.id).active
    assert screen.tidy.notice.text() == "Jonas Berg is active again."


def test_merge_into_from_the_refusal_opens_the_merge(
    screen, jonas_with_history, monkeypatch
) -> None:
    opened: list[str] = []
    monkeypatch.setattr(screen.tidy, "merge_person", lambda: opened.append("merge"))
    _refusal_box(monkeypatch, "Merge into…")
    _select(screen, "Jonas Berg")
    screen.tidy.delete_button.click()
    assert opened == ["merge"]


def test_planning_is_disabled_for_an_archived_team_and_the_tooltip_says_why(screen) -> None:
    assert screen.plan_button.isEnabled()
    screen.tidy.archive_action.trigger()
    assert not screen.plan_button.isEnabled()
    assert screen.plan_button.toolTip() == (
        "Ops is archived; bring it back first (Archive or delete… → Bring back from the archive)."
    )
    screen.tidy.archive_action.trigger()
    assert screen.plan_button.isEnabled()
    assert "(Ctrl+N)" in screen.plan_button.toolTip()


def test_ctrl_n_on_an_archived_teams_screen_says_how_to_bring_it_back(qtbot, file_db) -> None:
    from tests.ui.windows import open_window

    demo.add_demo(file_db)
    window = open_window(qtbot, file_db)
    window.show_roster()
    window.roster.tidy.archive_action.trigger()  # the demo team, the only one
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert (
        window.statusBar()
        .currentMessage()
        .endswith(
            "is archived; bring it back first (Archive or delete… → Bring back from the archive)."
        )
    )
    assert window.dialog is None or not window.dialog.isVisible()


def test_ctrl_d_keeps_the_keyboard_users_place_and_says_so_on_its_own_line(qtbot, screen) -> None:
    _select(screen, "Bob Smith")
    qtbot.keyClick(screen.people_table, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert "Bob Smith" not in _names(screen)
    current = screen.people_table.currentIndex()
    assert current.isValid()
    assert screen.people_model.person_at(current.row()).name == "Jonas Berg"
    assert screen.people_table.selectionModel().isRowSelected(current.row())
    assert screen.people_table.hasFocus()
    assert screen.tidy.notice.text().startswith("Bob Smith deactivated")
    assert screen.tidy.notice_row.isVisible()
    assert "deactivated" not in screen.people_count.text()
    # Again: Ctrl+D goes on down the list.
    qtbot.keyClick(screen.people_table, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert _names(screen) == ["Álvaro Núñez", "Pia Lund", "Zoë Weiß"]
    assert screen.people_model.person_at(screen.people_table.currentIndex().row()).name == (
        "Pia Lund"
    )
    screen.tidy.undo_button.click()
    assert "Jonas Berg" in _names(screen)


def test_the_last_row_deactivated_leaves_the_new_last_row_selected(qtbot, screen) -> None:
    _select(screen, "Zoë Weiß")
    qtbot.keyClick(screen.people_table, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert screen.people_model.person_at(screen.people_table.currentIndex().row()).name == (
        "Pia Lund"
    )


def test_a_refusal_under_a_field_goes_once_the_field_changes(qtbot, screen) -> None:
    screen.add_name.setFocus()
    qtbot.keyClicks(screen.add_name, "bob SMITH")
    qtbot.keyClick(screen.add_name, Qt.Key.Key_Return)
    assert screen.add_error.text() == "bob SMITH is already in this team."
    assert screen.add_name.text() == "bob SMITH"  # kept on refusal
    screen.add_name.selectAll()
    qtbot.keyClick(screen.add_name, Qt.Key.Key_Backspace)
    assert screen.add_error.text() == ""
    assert not screen.add_error.isVisible()


def test_a_refused_team_name_is_cleared_as_the_user_types_again(qtbot, screen) -> None:
    roster.create_team(screen.database, "Dev")
    screen.load(screen.team.id)
    screen.team_name.setFocus()
    screen.team_name.selectAll()
    qtbot.keyClicks(screen.team_name, "Dev")
    qtbot.keyClick(screen.team_name, Qt.Key.Key_Return)
    assert screen.team_error.text() != ""
    qtbot.keyClick(screen.team_name, Qt.Key.Key_S)
    assert screen.team_error.text() == ""


def test_a_notice_about_one_team_goes_when_another_is_chosen(screen) -> None:
    roster.create_team(screen.database, "Dev")
    screen.load(screen.team.id)
    screen.tidy.archive_action.trigger()
    screen.tidy.archive_action.trigger()
    assert screen.tidy.notice.text() == "Ops is back in the lists."
    combo = screen.team_combo
    combo.setCurrentIndex(combo.findText("Dev"))
    assert screen.team.name == "Dev"
    assert not screen.tidy.notice_row.isVisible()
    assert screen.tidy.notice.text() == ""


def _picker_seen(monkeypatch) -> list[KeeperPicker]:
    """Record the merge picker and cancel it."""
    seen: list[KeeperPicker] = []

    def cancel(picker: KeeperPicker) -> int:
        seen.append(picker)
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(KeeperPicker, "exec", cancel)
    return seen


def test_the_merge_picker_proposes_the_likely_duplicate(screen, monkeypatch) -> None:
    roster.add_participant(screen.database, screen.team.id, "Bob")
    screen.load(screen.team.id)
    seen = _picker_seen(monkeypatch)
    _select(screen, "Bob")
    screen.tidy.merge_button.click()
    (picker,) = seen
    assert [item.text() for item in picker.people.selectedItems()] == ["Bob Smith"]
    assert picker.ok.isEnabled()


def test_with_nobody_alike_nobody_is_proposed_and_merge_waits(screen, monkeypatch) -> None:
    seen = _picker_seen(monkeypatch)
    _select(screen, "Pia Lund")
    screen.tidy.merge_button.click()
    (picker,) = seen
    assert picker.people.selectedItems() == []
    assert not picker.ok.isEnabled()
    picker.people.setCurrentRow(0)
    assert picker.ok.isEnabled()


def test_f1_on_team_and_roles_lists_its_own_keys_and_names_the_guide(
    qtbot, fresh_db, _no_blocking_dialogs
) -> None:
    from tests.ui.windows import open_window

    roster.create_team(fresh_db, "Ops")
    window = open_window(qtbot, fresh_db)
    window.show_roster()
    qtbot.keyClick(window.roster.people_table, Qt.Key.Key_F1)
    title, text = _no_blocking_dialogs[-1]
    assert title == "Keyboard shortcuts"
    assert "On Team &amp; roles" in text
    for keys, does in [
        ("Enter", "Add the person typed"),
        ("F2", "Rename or edit a cell"),
        ("Ctrl+D", "Deactivate or reactivate"),
        ("Del", "Delete (or merge, deactivate)"),
        ("Ctrl+V", "Paste names"),
    ]:
        assert f"<b>{keys}</b></td><td>{does}" in text
    assert "docs/keyboard.md" not in text
    assert "Facilitator user guide" in text
