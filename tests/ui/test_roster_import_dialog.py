"""The import preview: what the file was read as, the columns used and ignored, each row's
outcome with long names whole; names pasted with Ctrl+V or the Paste names button."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from facilitator import roster, roster_import
from facilitator.store import teams
from ui.screens.roster import RosterScreen
from ui.screens.roster_import_dialog import ImportDialog

LONG = "Maria-Fernanda Rodríguez de la Cruz y Villalobos-Echeverría de Montenegro"

TEAMS_REPORT = (
    "1. Summary\r\n"
    "Meeting title\tWeekly sync\r\n"
    "Attended participants\t3\r\n"
    "Start time\t11/29/26, 9:28:11 AM\r\n"
    "\r\n"
    "2. Participants\r\n"
    "Name\tFirst Join\tLast Leave\tIn-Meeting Duration\tEmail\tParticipant ID (UPN)\tRole\r\n"
    f"{LONG}\t11/29/26, 9:28:11 AM\t11/29/26, 10:01:02 AM\t32m 51s\tmf@example.org"
    "\tmf@example.org\tOrganizer\r\n"
    "Tom Becker\t11/29/26, 9:31:02 AM\t11/29/26, 9:58:40 AM\t27m\ttom@example.org"
    "\ttom@example.org\tAttendee\r\n"
    "zoe martin\t11/29/26, 9:31:02 AM\t11/29/26, 9:58:40 AM\t27m\tzm@example.org"
    "\tzm@example.org\tAttendee\r\n"
    "\r\n"
    "3. In-Meeting Activities\r\n"
    "Name\tJoin Time\tLeave Time\tDuration\tEmail\tRole\r\n"
)


@pytest.fixture
def screen(qtbot, fresh_db):
    team = teams.create_team(fresh_db, "Ops")
    teams.add_participant(fresh_db, team.id, "Zoë Martin", "Sales")
    roster = RosterScreen(fresh_db)
    qtbot.addWidget(roster)
    roster.resize(1366, 768)
    roster.show()
    roster.load(team.id)
    return roster


def _results(dialog: ImportDialog) -> list[tuple[str, str]]:
    table = dialog.table
    return [(table.item(r, 1).text(), table.item(r, 3).text()) for r in range(table.rowCount())]


def test_a_teams_report_preview_names_its_columns_and_keeps_long_names_whole(
    qtbot, screen, tmp_path: Path
) -> None:
    path = tmp_path / "meetingAttendanceReport.csv"
    path.write_bytes(TEAMS_REPORT.encode("utf-16"))
    screen.preview_import(path)
    dialog = screen.dialog
    assert isinstance(dialog, ImportDialog) and dialog.isVisible()
    assert dialog.summary.text().startswith("2 people to add, 1 row refused.")
    assert dialog.columns.text() == (
        "Read as a Teams attendance report: names from \u201cName\u201d. Ignored: First Join, "
        "Last Leave, In-Meeting Duration, Email, Participant ID (UPN), Role."
    )
    assert _results(dialog) == [
        (LONG, "Will be added"),
        ("Tom Becker", "Will be added"),
        ("zoe martin", "Already in the team as Zoë Martin."),
    ]
    name = dialog.table.item(0, 1)
    assert name.toolTip() == LONG
    assert LONG in name.data(Qt.ItemDataRole.AccessibleTextRole)
    assert "Already in the team as Zoë Martin" in dialog.table.item(2, 1).data(
        Qt.ItemDataRole.AccessibleTextRole
    )
    # The long name wraps onto more lines rather than being cut to its column.
    qtbot.waitUntil(lambda: dialog.table.rowHeight(0) > dialog.table.rowHeight(1))
    assert dialog.table.rowHeight(0) >= 2 * dialog.table.fontMetrics().height()
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    names = [p.name for p in teams.list_participants(screen.database, screen.team.id)]
    assert names == [LONG, "Tom Becker", "Zoë Martin"]


def test_ctrl_v_on_the_roster_previews_the_pasted_names(qtbot, screen) -> None:
    QGuiApplication.clipboard().setText(
        "Name\tEmail\tDepartment\nAna Lima\tana@example.org\tFinance\nana lima\t\tIT\n"
    )
    screen.people_table.setFocus()
    qtbot.keyClick(screen.people_table, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    dialog = screen.dialog
    assert isinstance(dialog, ImportDialog) and dialog.isVisible()
    assert dialog.windowTitle() == "Import people from pasted names"
    assert _results(dialog) == [
        ("Ana Lima", "Will be added"),
        ("ana lima", "Duplicate of Ana Lima on line 2."),
    ]
    assert dialog.columns.text() == (
        "Read as pasted names: names from \u201cName\u201d, areas from \u201cDepartment\u201d. "
        "Ignored: Email."
    )
    assert dialog.table.item(0, 2).text() == "Finance"
    dialog.reject()


def test_ctrl_v_in_a_text_field_pastes_into_it(qtbot, screen) -> None:
    QGuiApplication.clipboard().setText("Ana Lima")
    screen.add_name.setFocus()
    qtbot.keyClick(screen.add_name, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert screen.add_name.text() == "Ana Lima"
    assert screen.dialog is None


def test_paste_names_with_an_empty_clipboard_says_so(qtbot, screen) -> None:
    QGuiApplication.clipboard().setText("  \n")
    qtbot.mouseClick(screen.paste_button, Qt.MouseButton.LeftButton)
    assert screen.dialog is None
    assert "The clipboard holds no names" in screen.people_error.text()
    assert "Nobody was added" in screen.people_error.text()
    assert [p.name for p in teams.list_participants(screen.database, screen.team.id)] == [
        "Zoë Martin"
    ]


def test_paste_names_button_adds_addresses_from_a_mail_client(qtbot, screen) -> None:
    QGuiApplication.clipboard().setText("Ana Lima <ana@example.org>; Becker, Tom <t@example.org>")
    qtbot.mouseClick(screen.paste_button, Qt.MouseButton.LeftButton)
    dialog = screen.dialog
    assert isinstance(dialog, ImportDialog)
    assert _results(dialog) == [("Ana Lima", "Will be added"), ("Tom Becker", "Will be added")]
    assert dialog.columns.text() == (
        "Read as pasted addresses: names from the name before each address. "
        "Ignored: e-mail addresses."
    )
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    QApplication.processEvents()
    names = [p.name for p in teams.list_participants(screen.database, screen.team.id)]
    assert names == ["Ana Lima", "Tom Becker", "Zoë Martin"]


def test_the_preview_says_when_a_title_above_the_header_was_skipped(
    qtbot, screen, tmp_path: Path
) -> None:
    path = tmp_path / "Teamliste.csv"
    path.write_bytes(
        b"Teamliste Q4 2026;;\r\n;;\r\nName;Abteilung;E-Mail\r\nLea Braun;HR;l@x.de\r\n"
    )
    screen.preview_import(path)
    assert screen.dialog.columns.text() == (
        "Read as a CSV file: names from \u201cName\u201d, areas from \u201cAbteilung\u201d. "
        "Ignored: E-Mail. The header is on line 3; the lines above it were skipped."
    )
    assert _results(screen.dialog) == [("Lea Braun", "Will be added")]


def test_an_import_whose_people_were_all_deleted_is_not_offered_for_undo(screen) -> None:
    database, team = screen.database, screen.team
    preview = roster_import.preview_text(database, team.id, "name\nPia Lund\nAna Lima\n")
    added = roster.import_people(database, preview, source="dupes.csv").value
    preview = roster_import.preview_text(database, team.id, "name\nCy Dee\n")
    roster.import_people(database, preview, source="more.csv")
    for person in added:
        roster.delete_participant(database, person.id)
    screen.tidy.imports_menu.aboutToShow.emit()
    assert [a.text().split(" · ")[0] for a in screen.tidy.imports_menu.actions()] == [
        "From more.csv"
    ]
