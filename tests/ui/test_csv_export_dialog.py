"""File → Export data…: a CSV for spreadsheets that separate columns with ";"."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

from ui import export_flow, file_dialogs
from ui.main_window import MainWindow


def test_the_csv_for_semicolon_spreadsheets(qtbot, demo_db, tmp_path: Path, monkeypatch) -> None:
    database, sample = demo_db
    window = MainWindow(database)
    qtbot.addWidget(window)
    window.home.select_session(sample)
    monkeypatch.setattr(
        file_dialogs,
        "get_save_file_name",
        lambda *a: (str(tmp_path / "aktionen"), export_flow.DATA_FILTERS["csv;"]),
    )
    window.export_data_action.trigger()
    qtbot.waitUntil(lambda: not window.export_flow.busy(), timeout=10000)
    assert (tmp_path / "aktionen.csv").read_bytes().startswith(b'\xef\xbb\xbf"type";"id";')
    assert QSettings().value(export_flow.FORMAT_KEY) == "csv;"
