"""Export report / data and import session from the app, off the GUI thread."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import QSettings

from facilitator import interchange
from facilitator.store import memory, sessions
from ui import export_flow, file_dialogs
from ui.main_window import MainWindow


def window_with_demo(qtbot, demo_db) -> MainWindow:
    database, _ = demo_db
    window = MainWindow(database)
    qtbot.addWidget(window)
    return window


def test_ctrl_e_exports_the_open_session_and_remembers_folder_and_paper(
    qtbot, demo_db, tmp_path: Path, monkeypatch, _no_blocking_dialogs
) -> None:
    database, sample = demo_db
    window = window_with_demo(qtbot, demo_db)
    window.open_session(sample)
    target = tmp_path / "report.pdf"
    asked = []

    def save(parent, title, start, filters, selected):  # noqa: ANN001, ANN202
        asked.append((start, selected))
        return str(target), export_flow.PDF_FILTERS["letter"]

    monkeypatch.setattr(file_dialogs, "get_save_file_name", save)
    opened = []
    monkeypatch.setattr(
        export_flow.QDesktopServices, "openUrl", staticmethod(lambda url: opened.append(url))
    )
    window.export_report_action.trigger()
    qtbot.waitUntil(lambda: not window.export_flow.busy(), timeout=20000)
    assert target.read_bytes().startswith(b"%PDF")
    from pypdf import PdfReader

    assert round(float(PdfReader(target).pages[0].mediabox.width)) == 612
    assert [t for t, _ in _no_blocking_dialogs] == ["The report is ready"]
    assert QSettings().value(export_flow.FOLDER_KEY) == str(tmp_path)
    assert QSettings().value(export_flow.PAPER_KEY) == "letter"
    assert opened == []  # the fake message box answered "Ok", not "Yes"
    window.export_report_action.trigger()
    assert asked[1][0].startswith(str(tmp_path)) and asked[1][1].startswith("PDF on US")
    qtbot.waitUntil(lambda: not window.export_flow.busy(), timeout=20000)


def test_overview_button_asks_for_the_report(qtbot, demo_db, monkeypatch) -> None:
    _, sample = demo_db
    monkeypatch.setattr(file_dialogs, "get_save_file_name", lambda *a: ("", ""))
    window = window_with_demo(qtbot, demo_db)
    from facilitator import record

    window.overview.show_record(record.load(demo_db[0], sample))
    with qtbot.waitSignal(window.overview.report_requested) as blocker:
        window.overview.report_button.click()
    assert blocker.args == [sample]


def test_missing_folder_is_reported_and_nothing_written(
    qtbot, demo_db, tmp_path: Path, _no_blocking_dialogs
) -> None:
    database, sample = demo_db
    window = window_with_demo(qtbot, demo_db)
    from facilitator.report import session_data

    window.export_flow.write_report(
        session_data(database, sample), tmp_path / "missing" / "r.pdf", "a4"
    )
    assert not window.export_flow.busy()
    assert _no_blocking_dialogs and "does not exist" in _no_blocking_dialogs[0][1]


def test_export_data_writes_csv_for_the_selected_session(
    qtbot, demo_db, tmp_path: Path, monkeypatch
) -> None:
    database, sample = demo_db
    window = window_with_demo(qtbot, demo_db)
    window.home.select_session(sample)
    target = tmp_path / "items"
    monkeypatch.setattr(
        file_dialogs,
        "get_save_file_name",
        (lambda *a: (str(target), export_flow.DATA_FILTERS["csv"])),
    )
    window.export_data_action.trigger()
    qtbot.waitUntil(lambda: not window.export_flow.busy(), timeout=10000)
    written = tmp_path / "items.csv"
    assert written.read_bytes().startswith(b'\xef\xbb\xbf"type","id","text"')


def test_import_session_checks_off_thread_then_shows_it(
    qtbot, demo_db, tmp_path: Path, monkeypatch
) -> None:
    database, sample = demo_db
    export = tmp_path / "s.json"
    export.write_text(interchange.export_text(database, sample, "json"), encoding="utf-8")
    empty = memory()
    window = MainWindow(empty)
    qtbot.addWidget(window)
    window.show()  # the list reloads itself while it is on screen
    monkeypatch.setattr(file_dialogs, "get_open_file_name", lambda *a: (str(export), ""))
    with qtbot.waitSignal(window.export_flow.import_did_finish, timeout=10000) as blocker:
        window.import_action.trigger()
    assert blocker.args[0] == sample
    assert sample in {s.id for s in sessions.list_sessions(empty)}
    assert window.home.current_session_id() == sample
    # The sessions its reviews refer to came as titles and dates only, and the screen says so.
    shells = [s for s in sessions.list_sessions(empty) if s.id != sample]
    assert shells and all(not sessions.list_phases(empty, s.id) for s in shells)
    said = window.statusBar().currentMessage()
    assert said == blocker.args[1] and said.startswith("Session imported. ")
    assert "listed by title and date only" in said and "import their own exports" in said


def test_bad_import_file_is_explained_and_changes_nothing(
    qtbot, fresh_db, tmp_path: Path, monkeypatch, _no_blocking_dialogs
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"format": "facilitator-session", "version": 7}))
    window = MainWindow(fresh_db)
    qtbot.addWidget(window)
    monkeypatch.setattr(file_dialogs, "get_open_file_name", lambda *a: (str(bad), ""))
    window.import_action.trigger()
    qtbot.waitUntil(lambda: bool(_no_blocking_dialogs), timeout=10000)
    title, text = _no_blocking_dialogs[0]
    assert "newer Facilitator" in text and "nothing was imported" in text
    assert sessions.list_sessions(fresh_db) == []
