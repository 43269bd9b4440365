"""Your formats dialog: edit a format (and be refused in one line with nothing changed),
delete it and undo, export and import, a bad file refused in one line with nothing changed,
unsaved changes offered before anything else shows, by keyboard, with accessible names; the
planner's library follows every change."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QApplication, QComboBox

from facilitator import own_formats, planning
from facilitator.store import teams
from ui import file_dialogs
from ui.screens.planner import PlannerScreen
from ui.screens.planner.own_formats_dialog import TIME, TITLE, OwnFormatsDialog


@pytest.fixture
def mine(fresh_db):
    """A session with six present, and two formats of their own: a troika and a check-in."""
    team = teams.create_team(fresh_db, "Ops")
    for name in ("Ann", "Bo", "Cy", "Di", "Ed", "Flo"):
        teams.add_participant(fresh_db, team.id, name)
    session = planning.create_session(fresh_db, team.id, "Weekly").value
    for key, name in (("troika-consulting", "Our troika"), ("check-in", "Our check-in")):
        before = {p.id for p in planning.list_phases(fresh_db, session.id)}
        phases = planning.add_format(fresh_db, session.id, key).value
        added = [p for p in phases if p.id not in before]
        own_formats.save_own(fresh_db, name, added, purposes=["open"])
    return fresh_db, session


@pytest.fixture
def dialog(qtbot, mine) -> OwnFormatsDialog:
    database, _session = mine
    shown = OwnFormatsDialog(database, 6)
    # Closed at the end unasked, whatever a test left typed.
    qtbot.addWidget(shown, before_close_func=lambda d: setattr(d, "loaded", None))
    shown.show()
    shown.activateWindow()
    qtbot.waitUntil(shown.isActiveWindow)
    return shown


def _names(database) -> list[str]:
    return [f.name for f in own_formats.list_own(database)]


def _select(dialog, name: str) -> None:
    rows = dialog.format_list
    row = next(r for r in range(rows.count()) if rows.item(r).text().startswith(name))
    rows.setCurrentRow(row)
    assert dialog.name_edit.text() == name


def _accessible(widget) -> str:
    """What a screen reader names the control (a choice, on Linux, by its name as set: the
    interface's name there is the item chosen)."""
    if isinstance(widget, QComboBox):
        return widget.accessibleName()
    return QAccessible.queryAccessibleInterface(widget).text(QAccessible.Text.Name)


def test_the_list_times_each_format_for_the_people_present(dialog) -> None:
    lines = [dialog.format_list.item(r).text() for r in range(dialog.format_list.count())]
    assert [line.split("\n")[0] for line in lines] == ["Our check-in", "Our troika"]
    assert "for 6 · 3 rounds" in lines[1]
    assert "for 6 · 2 steps" in lines[0]
    _select(dialog, "Our troika")
    assert dialog.steps_table.rowCount() == 5  # one round of the block, not three
    assert "3 rounds" in dialog.plan_label.text()
    assert "each member of each group (2 groups of 3)" in dialog.plan_label.text()
    assert dialog.summary_edit.cursorPosition() == 0  # a long summary read from its start


def test_an_edit_is_saved_through_the_core(dialog, mine) -> None:
    database, _session = mine
    _select(dialog, "Our troika")
    dialog.name_edit.setText("Troika, ours")
    dialog.steps_table.item(1, TIME).setText("2:30")
    dialog.save_button.click()
    fmt = next(f for f in own_formats.list_own(database) if f.name == "Troika, ours")
    assert fmt.steps[1].duration_s == 150
    assert fmt.repeat == "member:3"
    assert "Saved “Troika, ours”" in dialog.status_label.text()
    # The credit of the Troika it came from shows with it, and stays.
    assert fmt.attribution.startswith("Adapted from Troika Consulting. Liberating Structures")
    assert dialog.credit_label.text() == fmt.attribution
    assert dialog.credit_label.isVisibleTo(dialog)
    _select(dialog, "Our check-in")  # the library's check-in asks for no credit
    assert not dialog.credit_label.isVisibleTo(dialog)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.name_edit.setText("our CHECK-IN"), "another format called 'Our check-in'"),
        (lambda d: d.name_edit.setText("   "), "cannot be empty"),
        (lambda d: d.steps_table.item(1, TIME).setText("soon"), "Step 2"),
        (lambda d: d.steps_table.item(0, TITLE).setText(""), "title"),
    ],
)
def test_a_refused_edit_says_why_in_one_line_and_changes_nothing(
    dialog, mine, change, message
) -> None:
    database, _session = mine
    before = own_formats.list_own(database)
    _select(dialog, "Our troika")
    change(dialog)
    typed = dialog.name_edit.text()
    dialog.save_button.click()
    assert message in dialog.error.text()
    assert dialog.error.isVisible() and "\n" not in dialog.error.text()
    assert own_formats.list_own(database) == before
    assert dialog.name_edit.text() == typed  # what was typed stays


def test_delete_asks_then_undo_brings_the_format_back(qtbot, dialog, mine, answer) -> None:
    database, _session = mine
    replies, seen = answer
    _select(dialog, "Our troika")
    replies.append("Delete")
    dialog.format_list.setFocus()
    qtbot.keyClick(dialog.format_list, Qt.Key.Key_Delete)  # Delete in the list
    assert "Delete “Our troika”?" in seen[-1]
    assert _names(database) == ["Our check-in"]
    assert dialog.undo_button.isVisible()
    assert "Deleted “Our troika”" in dialog.status_label.text()
    qtbot.keyClick(dialog.format_list, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert _names(database) == ["Our check-in", "Our troika"]
    assert "is back" in dialog.status_label.text()
    assert dialog.name_edit.text() == "Our troika"
    assert not dialog.undo_button.isVisible()
    # Cancel keeps it.
    replies.append("Cancel")
    dialog.delete_current()
    assert _names(database) == ["Our check-in", "Our troika"]


def test_export_then_import_on_another_laptop(qtbot, dialog, mine, tmp_path, monkeypatch) -> None:
    database, _session = mine
    target = tmp_path / "our formats"
    offered: list[str] = []

    def save_as(_parent, _caption, start, _filters):
        offered.append(start)
        return str(target), ""

    monkeypatch.setattr(file_dialogs, "get_save_file_name", save_as)
    _select(dialog, "Our troika")
    dialog.export_button.click()  # one selected: the file is named after it
    assert offered[-1].endswith("/Our troika.json")
    dialog.format_list.clearSelection()
    dialog.export_button.click()  # none selected: every one
    assert offered[-1].endswith("/formats.json")
    written = tmp_path / "our formats.json"
    data = json.loads(written.read_text(encoding="utf-8"))
    assert [f["name"] for f in data["formats"]] == ["Our check-in", "Our troika"]
    assert f"Exported 2 formats to {written}" in dialog.status_label.text()

    # Another laptop: an empty list, then the file imported.
    for fmt in own_formats.list_own(database):
        own_formats.delete_own(database, fmt.key)
    dialog.reload()
    assert dialog.empty_label.isVisibleTo(dialog)
    monkeypatch.setattr(file_dialogs, "get_open_file_name", lambda *a, **k: (str(written), ""))
    dialog.import_button.click()
    assert _names(database) == ["Our check-in", "Our troika"]
    assert dialog.status_label.text() == "Imported 2 formats."
    assert dialog.format_list.count() == 2
    # The same file again: nothing new, said so.
    dialog.import_button.click()
    assert _names(database) == ["Our check-in", "Our troika"]
    assert "2 already here, skipped" in dialog.status_label.text()


@pytest.mark.parametrize(
    "content",
    [
        "not json at all {",
        json.dumps({"something": "else"}),
        json.dumps({"facilitator_formats": 1, "formats": [{"name": "No steps"}]}),
    ],
)
def test_a_bad_file_is_refused_in_one_line_and_nothing_changes(
    dialog, mine, tmp_path, monkeypatch, content
) -> None:
    database, _session = mine
    bad = tmp_path / "bad.json"
    bad.write_text(content, encoding="utf-8")
    before = own_formats.list_own(database)
    _select(dialog, "Our troika")
    monkeypatch.setattr(file_dialogs, "get_open_file_name", lambda *a, **k: (str(bad), ""))
    dialog.import_button.click()
    message = dialog.error.text()
    assert message.startswith("Nothing imported from bad.json: ")
    assert dialog.error.isVisible() and "\n" not in message
    assert own_formats.list_own(database) == before
    assert dialog.name_edit.text() == "Our troika"


def test_unsaved_changes_are_offered_before_another_format_shows(dialog, mine, answer) -> None:
    database, _session = mine
    replies, seen = answer
    _select(dialog, "Our troika")
    dialog.name_edit.setText("Renamed")
    replies.append("Cancel")
    dialog.format_list.setCurrentRow(0)  # Our check-in: asked, and kept on Our troika
    assert "Save the changes to “Our troika”?" in seen[-1]
    assert dialog.name_edit.text() == "Renamed"
    replies.append("Discard changes")
    dialog.format_list.setCurrentRow(0)
    assert dialog.name_edit.text() == "Our check-in"
    assert _names(database) == ["Our check-in", "Our troika"]
    dialog.name_edit.setText("Check-in, ours")
    replies.append("Save")
    dialog.reject()  # Esc or Close: offered to save first
    assert _names(database) == ["Check-in, ours", "Our troika"]
    assert not dialog.isVisible()


def test_keyboard_and_accessible_names(qtbot, dialog) -> None:
    for widget, name in (
        (dialog.format_list, "Your formats"),
        (dialog.name_edit, "Format name"),
        (dialog.summary_edit, "Summary"),
        (dialog.min_spin, "Fewest people"),
        (dialog.max_spin, "Most people"),
        (dialog.steps_table, "Steps"),
        (dialog.repeat_combo, "How the repeated steps repeat"),
        (dialog.plan_label, "The format's length"),
        (dialog.status_label, "What was done"),
    ):
        assert _accessible(widget) == name
    for button in (dialog.import_button, dialog.export_button, dialog.delete_button):
        assert "&" in button.text()
    _select(dialog, "Our check-in")
    dialog.name_edit.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.name_edit)
    dialog.name_edit.setText("Check-in, by keyboard")
    qtbot.keyClick(dialog.name_edit, Qt.Key.Key_Return)  # Enter saves
    assert "Saved “Check-in, by keyboard”" in dialog.status_label.text()
    qtbot.keyClick(dialog.name_edit, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dialog.summary_edit


def test_the_planners_library_follows_the_dialog(qtbot, mine, answer) -> None:
    database, session = mine
    planner = PlannerScreen(database)
    qtbot.addWidget(planner)
    planner.resize(1366, 768)
    planner.show()
    planner.load(session.id)
    planner.search_edit.setText("our")
    listed = [planner.format_list.item(r).text() for r in range(planner.format_list.count())]
    assert any(line.startswith("Our troika") for line in listed)
    planner.library.own_button.click()
    dialog = planner.dialog
    assert isinstance(dialog, OwnFormatsDialog)
    _select(dialog, "Our troika")
    answer[0].append("Delete")
    dialog.delete_current()
    listed = [planner.format_list.item(r).text() for r in range(planner.format_list.count())]
    assert not any(line.startswith("Our troika") for line in listed)
    dialog.undo_delete()
    listed = [planner.format_list.item(r).text() for r in range(planner.format_list.count())]
    assert any(line.startswith("Our troika") for line in listed)
    dialog.reject()
    assert planner.dialog is None
