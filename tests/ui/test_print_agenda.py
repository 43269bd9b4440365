"""File → Print agenda… (Ctrl+P): the selected session's agenda sheet as a PDF, saved where
the user says."""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication

from facilitator import planning
from facilitator.model import SessionStatus
from ui import export_flow, file_dialogs
from ui.main_window import MainWindow


def window_on(qtbot, database) -> MainWindow:  # noqa: ANN001
    window = MainWindow(database)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_ctrl_p_prints_the_selected_sessions_agenda(
    qtbot, demo_db, tmp_path: Path, monkeypatch, _no_blocking_dialogs
) -> None:
    database, _sample = demo_db
    planned = next(
        s.id for s in planning.list_sessions(database) if s.status is SessionStatus.PLANNED
    )
    window = window_on(qtbot, database)
    window.home.select_session(planned)
    target = tmp_path / "to hand out"
    asked: list[tuple[str, str, str]] = []

    def save(parent, title, start, filters, selected):  # noqa: ANN001, ANN202
        asked.append((title, start, selected))
        return str(target), export_flow.PDF_FILTERS["letter"]

    monkeypatch.setattr(file_dialogs, "get_save_file_name", save)
    folder = file_dialogs.start_folder(export_flow.EXPORTS, database.path)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    focused = QApplication.focusWidget()  # the session list, where the user chose it
    qtbot.keyClick(focused, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not window.export_flow.busy(), timeout=20000)
    title, start, selected = asked[0]
    assert title == "Print agenda" and start.endswith("Go or no-go for Bristol agenda.pdf")
    assert Path(start).parent == folder  # the last export folder, else Documents
    written = tmp_path / "to hand out.pdf"
    reader = PdfReader(written)
    assert round(float(reader.pages[0].mediabox.width)) == 612 and len(reader.pages) <= 2
    assert "Go or no-go for Bristol" in reader.pages[0].extract_text()
    assert [t for t, _ in _no_blocking_dialogs] == ["The agenda is ready"]
    assert QSettings().value(export_flow.PAPER_KEY) == "letter"
    assert window.print_agenda_action.text() == "Print a&genda…"


def test_without_a_session_it_says_to_select_one(qtbot, fresh_db, _no_blocking_dialogs) -> None:
    window = window_on(qtbot, fresh_db)
    window.print_agenda_action.trigger()
    assert _no_blocking_dialogs == [("Print agenda", "Select a session first.")]
