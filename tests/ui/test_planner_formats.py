"""The planner's format library and agenda with rounds, variants and your own formats: a
repeated block shown once with its rounds for the people present, a variant chosen and
added, the agenda's rounds, a format saved from the agenda that the library then lists and
adds, by mouse and by keyboard, with accessible names."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QAccessible, QTextDocumentFragment
from PySide6.QtWidgets import QApplication, QComboBox, QStyleOptionViewItem

from facilitator import durations, formats, own_formats
from facilitator.store import planning, sessions, teams
from ui.models.agenda_model import COL_TITLE
from ui.screens.planner import PlannerScreen
from ui.screens.planner.own_formats_dialog import OwnFormatsDialog
from ui.screens.planner.save_format import SaveFormatDialog

NINE = ("Ann", "Bo", "Cy", "Di", "Ed", "Flo", "Gus", "Hal", "Ida")


@pytest.fixture
def planned(fresh_db):
    team = teams.create_team(fresh_db, "Ops")
    for name in NINE:
        teams.add_participant(fresh_db, team.id, name)
    session = planning.create_session(
        fresh_db,
        team.id,
        "Weekly",
        planned_date="2026-03-02",
        planned_start="09:00",
        available_min=240,
    )
    return fresh_db, session


@pytest.fixture
def planner(qtbot, planned):
    database, session = planned
    screen = PlannerScreen(database)
    qtbot.addWidget(screen)
    screen.resize(1366, 768)
    screen.show()
    screen.activateWindow()
    qtbot.waitUntil(screen.isActiveWindow)
    screen.load(session.id)
    return screen


def _present(planner, count: int) -> None:
    """Tick the first ``count`` people present, the rest absent (as a click would)."""
    people = planner.attendance_list
    for row in range(people.count()):
        wanted = Qt.CheckState.Checked if row < count else Qt.CheckState.Unchecked
        if people.item(row).checkState() != wanted:
            people.item(row).setCheckState(wanted)
    assert len(planner.attendance.present) == count


def _choose(planner, text: str) -> None:
    planner.search_edit.setText(text)
    assert planner.format_list.count() >= 1


def _listed(planner) -> list[str]:
    items = planner.format_list
    # The length is kept whole with no-break spaces; read as plain spaces here.
    return [items.item(row).text().replace("\u00a0", " ") for row in range(items.count())]


def _name(widget) -> str:
    """What a screen reader names the control (a choice, on Linux, by its name as set: the
    interface's name there is the item chosen)."""
    if isinstance(widget, QComboBox):
        return widget.accessibleName()
    return QAccessible.queryAccessibleInterface(widget).text(QAccessible.Text.Name)


def test_a_repeated_block_shows_once_with_its_rounds_for_the_people_present(planner) -> None:
    assert len(planner.attendance.present) == 9
    _choose(planner, "wise crowds")
    details = planner.library.format_details.text()
    wise = formats.get_format("wise-crowds")
    assert "× 5 rounds, a round for each member of each group (a group of 5 and one of 4), " in (
        details
    )
    block = [s.title for s in wise.steps if s.repeat]
    for title in block:  # the block's steps once, not once per round
        assert details.count(f"{title} — ") == 1
    assert "round 2" not in details
    nine = planner.format_list.currentItem().text()
    assert wise.planned_s(9) != wise.planned_s(3)

    _present(planner, 3)  # the library follows the attendance at once
    details = planner.library.format_details.text()
    assert "× 3 rounds, a round for each member of the group (one group of 3)" in details
    assert "for 3 present" in details
    assert planner.format_list.currentItem().text() != nine


def test_the_details_say_the_groups_used_and_a_group_too_small(planner) -> None:
    """Six present in Wise Crowds are two groups of 3 (its steps say so, not groups of 4);
    five in Troika Consulting would leave a pair, so they are one group of 5, and the
    details say so, calmly, under the rounds; six again and the note goes."""
    _present(planner, 6)
    _choose(planner, "wise crowds")
    details = planner.library.format_details.text()
    assert "× 3 rounds, a round for each member of each group (2 groups of 3), " in details
    assert "Client presents — Small groups of 3, " in details
    assert "Small groups of 4" not in details and "would be" not in details
    _present(planner, 5)
    _choose(planner, "troika")
    details = planner.library.format_details.text()
    assert "× 5 rounds, a round for each member of the group (one group of 5)" in details
    assert "Small groups of 5" in details
    assert (
        "<i>5 present: planned as one group of 5, as 2 groups would leave a pair — "
        "Troika Consulting needs three; plan for 6 for groups of 3</i>"
    ) in details
    _present(planner, 6)
    assert "would leave a pair" not in planner.library.format_details.text()


def test_troika_shows_its_rounds_total_variants_and_credit(planner) -> None:
    _choose(planner, "troika")
    library = planner.library
    details = library.format_details.text()
    troika = formats.get_format("troika-consulting")
    assert "× 3 rounds, a round for each member of each group (3 groups of 3)" in details
    assert "Liberating Structures by Henri Lipmanowicz" in details
    assert troika.attribution
    assert "for 9 present" in details
    # Its short variant is a choice, with its note in the details.
    assert library.variant_combo.isVisibleTo(library)
    choices = [library.variant_combo.itemData(i) for i in range(library.variant_combo.count())]
    assert choices == ["troika-consulting", "troika-consulting-short"]
    library.variant_combo.setCurrentIndex(1)
    short = formats.get_format("troika-consulting-short")
    assert short.variant_note and short.variant_note[:40] in library.format_details.text()
    # A format without variants hides the choice.
    _choose(planner, "check-in")
    assert not library.variant_combo.isVisibleTo(library)


def test_a_variant_chosen_adds_its_own_phases_and_the_note_counts_them(planner, planned) -> None:
    database, session = planned
    _choose(planner, "troika")
    troika_line = _listed(planner)[0]
    planner.library.variant_combo.setCurrentIndex(1)
    short = formats.get_format("troika-consulting-short")
    length = durations.length_text(short.planned_s(9))
    assert _listed(planner)[0] == f"Troika Consulting  ·  {length}, {short.variant.lower()}"
    planner.search_edit.setText("troika ")  # the list filled again: the variant stays
    assert _listed(planner)[0].endswith(f"{length}, {short.variant.lower()}")
    planner.search_edit.clear()  # every format listed: another one selected
    troika_row = next(i for i, line in enumerate(_listed(planner)) if "Troika" in line)
    planner.format_list.setCurrentRow(troika_row)
    planner.library.variant_combo.setCurrentIndex(1)
    planner.format_list.setCurrentRow(0 if troika_row else 1)
    assert _listed(planner)[troika_row] == troika_line  # back to its standard length
    planner.format_list.setCurrentRow(troika_row)
    planner.library.variant_combo.setCurrentIndex(1)
    planner.search_edit.setText("troika")  # found again: its variant still chosen
    planner.library.add_format_button.click()
    stored = sessions.list_phases(database, session.id)
    assert {p.format_key for p in stored} == {short.key}
    assert len(stored) == len(short.plan(9))
    assert f"({len(short.plan(9))} steps," in planner.agenda.info_label.text()

    planner.library.variant_combo.setCurrentIndex(0)
    assert _listed(planner)[0] == troika_line
    planner.library.add_format_button.click()
    troika = formats.get_format("troika-consulting")
    added = len(sessions.list_phases(database, session.id)) - len(stored)
    assert added == len(troika.plan(9)) == 13  # not len(steps): the block runs 3 times
    assert "(13 steps," in planner.agenda.info_label.text()


def test_the_agenda_shows_each_rounds_heading_and_a_formats_rounds(planner) -> None:
    _choose(planner, "wise crowds")
    planner.library.add_format_button.click()
    model = planner.agenda.model
    header = model.index(0, COL_TITLE)
    assert header.data() == "Wise Crowds · 5 rounds"
    titles = [model.index(r, COL_TITLE, header).data() for r in range(model.rowCount(header))]
    assert any(t.endswith("(round 5 of 5)") for t in titles)
    assert any(t.endswith("(round 1 of 5)") for t in titles)
    # Editing a title edits the title, not the round.
    step = next(r for r, t in enumerate(titles) if "(round 1 of 5)" in t)
    edit = model.index(step, COL_TITLE, header).data(Qt.ItemDataRole.EditRole)
    assert "round" not in edit

    _present(planner, 3)  # the rounds follow who is present
    header = model.index(0, COL_TITLE)
    assert header.data() == "Wise Crowds · 3 rounds"


def _save_dialog(planner) -> SaveFormatDialog:
    planner.ask_save_format()
    dialog = planner.dialog
    assert isinstance(dialog, SaveFormatDialog)
    return dialog


def test_a_format_saved_from_the_agenda_is_listed_and_added_as_yours(planner, planned) -> None:
    database, session = planned
    _choose(planner, "troika")
    planner.library.add_format_button.click()
    planner.tree.setCurrentIndex(planner.agenda.model.index(0, 0))
    dialog = _save_dialog(planner)
    assert dialog.selected_radio.isChecked()
    # Not the library's own name (two rows alike); the source's summary to start from, and
    # its credit kept apart, in small print with the details.
    troika = formats.get_format("troika-consulting")
    assert dialog.name_edit.text() == "Troika Consulting (ours)"
    assert dialog.summary_edit.text() == troika.summary
    assert dialog.credit_label.text() == (
        "It keeps the credit Troika Consulting asks for, shown with its details."
    )
    assert dialog.credit_label.isVisibleTo(dialog)
    dialog.name_edit.setText("Our troika")
    dialog.save_button.click()
    assert planner.dialog is None  # saved and closed
    mine = own_formats.list_own(database)
    assert [f.name for f in mine] == ["Our troika"] and mine[0].summary == troika.summary
    assert mine[0].attribution.endswith(troika.attribution)
    assert mine[0].repeat == "member:3" and len(mine[0].steps) == 5  # one round kept
    assert "Saved “Our troika”" in planner.agenda.info_label.text()

    planner.search_edit.setText("our troika")
    assert _listed(planner)[0].startswith("Our troika")
    assert _listed(planner)[0].endswith("Your format")
    assert "Your format" in planner.library.format_details.text()
    assert "× 3 rounds" in planner.library.format_details.text()
    shown = QTextDocumentFragment.fromHtml(planner.library.format_details.text()).toPlainText()
    assert shown.endswith(mine[0].attribution)
    planner.library.add_format_button.click()
    stored = sessions.list_phases(database, session.id)
    ours = [p for p in stored if p.format_key == mine[0].key]
    assert len(ours) == 13 and ours[0].group_title == "Our troika"
    assert "Added Our troika (13 steps," in planner.agenda.info_label.text()

    # The same name again: refused in one line, the dialog stays, nothing is stored.
    dialog = _save_dialog(planner)
    dialog.all_radio.setChecked(True)  # two repeated blocks: refused, nothing stored
    dialog.name_edit.setText("Both troikas")
    dialog.save_button.click()
    assert "more than one repeated block" in dialog.error.text()
    dialog.selected_radio.setChecked(True)
    dialog.name_edit.setText("  our TROIKA ")
    dialog.save_button.click()
    assert planner.dialog is dialog and dialog.isVisible()
    assert "already have a format called 'Our troika'" in dialog.error.text()
    assert "\n" not in dialog.error.text()
    assert dialog.replace.isVisibleTo(dialog)
    assert dialog.name_edit.text() == "  our TROIKA "
    assert own_formats.list_own(database) == mine
    dialog.reject()


def test_the_details_say_whether_the_format_fits_the_time_left(planner) -> None:
    """Four hours available: Troika fits; with the agenda nearly full it is said how much
    longer it is than what is left; the figure follows the agenda and the time available."""
    _present(planner, 6)
    _choose(planner, "troika")
    assert "Fits the 4 h 00 min left." in planner.library.format_details.text()
    planner.details.available_spin.setValue(40)  # as typed in Time available
    details = planner.library.format_details.text()
    assert "Fits the 40 min left." in details  # 29 min 30 s for six
    planner.library.add_format_button.click()  # 29 min 30 s of the 40 taken
    assert "19 min more than the 10 min 30 s left." in planner.library.format_details.text()


def test_ctrl_z_takes_back_a_saved_format_and_brings_back_the_one_it_replaced(
    qtbot, planner, planned
) -> None:
    """Saving from the agenda is undone like an agenda change: a new format leaves the
    library; a replaced one comes back as it was; the agenda itself stays as it is."""
    database, session = planned
    _choose(planner, "check-in")
    planner.library.add_format_button.click()
    planner.tree.setCurrentIndex(planner.agenda.model.index(0, 0))
    dialog = _save_dialog(planner)
    dialog.name_edit.setText("Our opener")
    dialog.save_button.click()
    first = own_formats.list_own(database)
    assert [f.name for f in first] == ["Our opener"]
    assert "Ctrl+Z takes it back" in planner.agenda.info_label.text()
    assert planner.agenda.undo_button.toolTip() == "Undo saving “Our opener” (Ctrl+Z)"
    agenda_before = sessions.list_phases(database, session.id)

    # Replace it with a whole other agenda, then undo: the first version is back.
    _choose(planner, "triz")
    planner.library.add_format_button.click()
    planner.tree.setCurrentIndex(planner.agenda.model.index(0, 0))
    dialog = _save_dialog(planner)
    dialog.all_radio.setChecked(True)
    dialog.name_edit.setText("our opener")
    dialog.save_button.click()
    dialog.replace.setChecked(True)
    dialog.save_button.click()
    assert planner.dialog is None
    assert own_formats.list_own(database)[0].steps != first[0].steps
    assert planner.agenda.info_label.text().startswith("Replaced “our opener”")
    qtbot.keyClick(planner.tree, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert planner.agenda.info_label.text() == "Undid replacing “Our opener”."
    assert own_formats.list_own(database) == first
    qtbot.keyClick(planner.tree, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # TRIZ out
    assert sessions.list_phases(database, session.id) == agenda_before
    qtbot.keyClick(planner.tree, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert planner.agenda.info_label.text() == "Undid saving “Our opener”."
    assert own_formats.list_own(database) == []
    planner.search_edit.setText("our opener")
    assert not any(row.startswith("Our opener") for row in _listed(planner))


def test_save_as_format_is_reached_by_keyboard_with_accessible_names(qtbot, planner) -> None:
    _choose(planner, "check-in")
    qtbot.keyClick(planner.search_edit, Qt.Key.Key_Return)  # Enter adds the match
    assert planner.agenda.model.rowCount() == 1
    planner.tree.setFocus()
    planner.tree.setCurrentIndex(planner.agenda.model.index(0, 0))
    qtbot.keyClick(
        planner.tree,
        Qt.Key.Key_S,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    dialog = planner.dialog
    assert isinstance(dialog, SaveFormatDialog)
    assert _name(dialog.name_edit) == "Format name"
    assert _name(dialog.selected_radio) == "Save the selected format"
    assert _name(dialog.all_radio) == "Save the whole agenda"
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.name_edit)
    dialog.name_edit.setText("Our check-in")
    qtbot.keyClick(dialog.name_edit, Qt.Key.Key_Return)  # Enter saves
    assert planner.dialog is None
    assert [f.name for f in own_formats.list_own(planner.database)] == ["Our check-in"]

    library = planner.library
    for widget, name in (
        (library.variant_combo, "Variant of the format"),
        (library.own_button, "Your formats"),
        (library.format_details, "About the chosen format"),
        (planner.agenda.save_format_button, "Save as format…"),
    ):
        assert _name(widget) == name
    # Tab walks from the list to the variant choice (when the format has variants).
    planner.activateWindow()
    qtbot.waitUntil(planner.isActiveWindow)
    _choose(planner, "troika")
    planner.format_list.setFocus()
    qtbot.keyClick(planner.format_list, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is library.variant_combo
    # Ctrl+Shift+F opens Your formats.
    qtbot.keyClick(
        planner.search_edit,
        Qt.Key.Key_F,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert isinstance(planner.dialog, OwnFormatsDialog)
    assert planner.dialog.format_list.count() == 1
    planner.dialog.reject()
    assert planner.dialog is None


def test_a_title_too_long_for_its_column_keeps_its_round(planner) -> None:
    _choose(planner, "troika")
    planner.library.add_format_button.click()
    model, delegate = planner.agenda.model, planner.tree.itemDelegate()
    header = model.index(0, COL_TITLE)
    step = next(
        model.index(r, COL_TITLE, header)
        for r in range(model.rowCount(header))
        if model.index(r, COL_TITLE, header).data() == "Clarifying questions (round 2 of 3)"
    )
    assert step.data(Qt.ItemDataRole.ToolTipRole) == "Clarifying questions (round 2 of 3)"

    def shown(index, width: int, compact: bool) -> str:
        delegate.compact_rounds = compact
        option = QStyleOptionViewItem()
        option.rect = QRect(0, 0, width, 20)
        delegate.initStyleOption(option, index)
        return option.text

    assert shown(step, 900, False) == "Clarifying questions (round 2 of 3)"
    assert shown(step, 900, True) == "Clarifying questions (2/3)"
    narrow = shown(step, 110, True)
    assert narrow.endswith("… (2/3)") and narrow.startswith("Clar")
    assert shown(header, 110, True).endswith("… · 3 rounds")


def test_your_formats_text_shows_exactly_as_typed(planner, planned) -> None:
    database, session = planned
    _choose(planner, "check-in")
    planner.library.add_format_button.click()
    typed = "<b>Ours</b> & <i>theirs</i>"
    planner.tree.setCurrentIndex(planner.agenda.model.index(0, 0))
    dialog = _save_dialog(planner)
    dialog.name_edit.setText(typed)
    dialog.summary_edit.setText("Check in <br> then go")
    dialog.save_button.click()
    planner.search_edit.setText("ours")
    library = planner.library
    assert _listed(planner)[0].startswith(typed)
    # The details are rich text: what was typed is escaped, so it shows as typed.
    shown = QTextDocumentFragment.fromHtml(library.format_details.text()).toPlainText()
    assert typed in shown and "Check in <br> then go" in shown
    assert "<b>Ours</b>" not in library.format_details.text()


def test_another_format_chosen_is_read_from_its_name(qtbot, planner) -> None:
    """The details of a format chosen after scrolling another's start at the top."""
    planner.resize(1280, 720)
    _choose(planner, "troika")
    scroll = planner.library.details_scroll.verticalScrollBar()
    qtbot.waitUntil(lambda: scroll.maximum() > 0)  # Troika's details are longer than the pane
    scroll.setValue(scroll.maximum())
    planner.search_edit.setText("wise crowds")
    assert planner.library.chosen().name == "Wise Crowds"
    assert scroll.value() == 0


def test_ctrl_z_after_enter_in_the_search_takes_the_format_out_again(
    qtbot, planner, planned
) -> None:
    """Typed, Enter adds the match; Ctrl+Z there takes it out (the search keeps its text);
    typing again, Ctrl+Z undoes the typing first. The same for a phase of your own."""
    database, session = planned
    ctrl = Qt.KeyboardModifier.ControlModifier
    planner.search_edit.setFocus()
    qtbot.keyClicks(planner.search_edit, "troika")
    qtbot.keyClick(planner.search_edit, Qt.Key.Key_Return)
    added = sessions.list_phases(database, session.id)
    assert {p.format_key for p in added} == {"troika-consulting"}
    qtbot.keyClick(planner.search_edit, Qt.Key.Key_Z, ctrl)
    assert sessions.list_phases(database, session.id) == []
    assert planner.search_edit.text() == "troika"
    qtbot.keyClick(planner.search_edit, Qt.Key.Key_Return)  # again, then more typing
    qtbot.keyClicks(planner.search_edit, " c")
    qtbot.keyClick(planner.search_edit, Qt.Key.Key_Z, ctrl)
    assert planner.search_edit.text() == "troika"  # the typing undone, not the agenda
    assert len(sessions.list_phases(database, session.id)) == len(added)

    title = planner.library.custom_title
    title.setFocus()
    qtbot.keyClicks(title, "Walk the dashboard")
    qtbot.keyClick(title, Qt.Key.Key_Return)
    titles = [p.title for p in sessions.list_phases(database, session.id)]
    assert "Walk the dashboard" in titles and title.text() == ""
    qtbot.keyClick(title, Qt.Key.Key_Z, ctrl)
    titles = [p.title for p in sessions.list_phases(database, session.id)]
    assert "Walk the dashboard" not in titles and len(titles) == len(added)
