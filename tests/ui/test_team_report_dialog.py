"""File → Export team report…: a period (presets or a From/To pair), every item or the
latest, then the PDF off the GUI thread."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from pypdf import PdfReader
from PySide6.QtCore import QDate, Qt

from facilitator.report import figures
from ui import export_flow, file_dialogs, team_report_dialog
from ui.main_window import MainWindow
from ui.team_report_dialog import TeamReportDialog

TODAY = date(2026, 12, 1)


def dialog(qtbot) -> TeamReportDialog:
    d = TeamReportDialog("Northside", (date(2017, 3, 2), date(2026, 12, 9)), TODAY)
    qtbot.addWidget(d)
    return d


def test_all_sessions_by_default_with_the_whole_span_in_the_dates(qtbot) -> None:
    d = dialog(qtbot)
    assert d.period.currentText() == "All sessions"
    # from the first session to the last one planned, a week after today
    assert d.start.date() == QDate(2017, 3, 2) and d.end.date() == QDate(2026, 12, 9)
    choice = d.choice()
    assert (choice.start, choice.end, choice.every) == (None, None, False)


def test_the_keyboard_picks_the_last_12_months_and_every_item(qtbot) -> None:
    d = dialog(qtbot)
    d.show()
    qtbot.waitExposed(d)
    assert d.focusWidget() is d.period
    qtbot.keyClick(d.period, Qt.Key.Key_Down)
    assert d.period.currentText() == "The last 12 months"
    assert d.start.date() == QDate(2025, 12, 2) and d.end.date() == QDate(2026, 12, 1)
    for _ in range(8):  # Tab: through From's and To's day, month and year, to the check box
        if d.focusWidget() is d.every:
            break
        qtbot.keyClick(d.focusWidget(), Qt.Key.Key_Tab)
    assert d.focusWidget() is d.every
    qtbot.keyClick(d.every, Qt.Key.Key_Space)
    assert d.every.isChecked()
    assert d.choice() == team_report_dialog.TeamReportChoice(
        date(2025, 12, 2), date(2026, 12, 1), True
    )


def test_typing_a_date_makes_the_period_custom_and_keeps_from_before_to(qtbot) -> None:
    d = dialog(qtbot)
    d.start.setDate(QDate(2024, 1, 1))
    assert d.period.currentText() == "Dates I choose"
    d.end.setDate(QDate(2023, 6, 30))  # before From: From follows
    assert d.choice().start == date(2023, 6, 30) and d.choice().end == date(2023, 6, 30)


def test_named_for_screen_readers_and_fits_a_small_screen(qtbot) -> None:
    d = dialog(qtbot)
    assert [d.period.accessibleName(), d.start.accessibleName(), d.end.accessibleName()] == [
        "Period",
        "From",
        "To",
    ]
    assert d.every.accessibleName() == "List every item"
    hint = d.sizeHint()
    assert hint.width() <= 1280 and hint.height() <= 680


def test_the_window_exports_the_team_report_over_the_chosen_days(
    qtbot, demo_db, tmp_path: Path, monkeypatch, _no_blocking_dialogs
) -> None:
    database, sample = demo_db
    window = MainWindow(database)
    qtbot.addWidget(window)
    window.open_session(sample)
    from facilitator import record

    day = date.fromisoformat(figures.session_day(record.load(database, sample)))

    def answer(self: TeamReportDialog) -> int:
        self.start.setDate(QDate(day.year, day.month, day.day))
        self.end.setDate(QDate(day.year, day.month, day.day))
        self.every.setChecked(True)
        return TeamReportDialog.DialogCode.Accepted

    monkeypatch.setattr(TeamReportDialog, "exec", answer)
    target = tmp_path / "team.pdf"
    monkeypatch.setattr(
        file_dialogs, "get_save_file_name", lambda *a: (str(target), export_flow.PDF_FILTERS["a4"])
    )
    window.export_team_report()
    qtbot.waitUntil(lambda: not window.export_flow.busy(), timeout=20000)
    first = " ".join(PdfReader(target).pages[0].extract_text().split())
    shown = figures.short_date(day.isoformat())
    assert f"{shown} to {shown}" in first
    assert "in this period" in first  # the other demo sessions are left out
    assert [t for t, _ in _no_blocking_dialogs] == ["The report is ready"]
