"""The app's export dialogs refuse, as the command line does, to write over the database."""

from __future__ import annotations

import hashlib
from pathlib import Path

from facilitator.demo import add_demo
from facilitator.store import Database
from ui.main_window import MainWindow


def test_exports_refuse_the_open_database_and_its_files(file_db: Database, qtbot,
                                                        _no_blocking_dialogs) -> None:
    from facilitator.report import session_data

    database, db = file_db, Path(str(file_db.path))
    sample = add_demo(database)
    window = MainWindow(database)
    qtbot.addWidget(window)
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    flow = window.export_flow
    flow.write_report(session_data(database, sample), db, "a4")
    flow.write_data("{}", "json", Path(f"{db}-wal"))
    assert not flow.busy()
    assert [title for title, _ in _no_blocking_dialogs] == ["Cannot export the report",
                                                            "Cannot export"]
    assert all("Cannot write to" in text for _, text in _no_blocking_dialogs)
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before
    assert database.integrity_check() == "ok"
