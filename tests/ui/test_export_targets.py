"""The app's export dialogs refuse, as the command line does, to write over the database."""

from __future__ import annotations

import os
from pathlib import Path

from facilitator.demo import add_demo
from facilitator.store import Database
from ui.main_window import MainWindow


def test_exports_refuse_the_open_database_and_its_files(
    file_db: Database, qtbot, _no_blocking_dialogs
) -> None:
    from facilitator.report import session_data

    database, db = file_db, Path(str(file_db.path))
    sample = add_demo(database)
    window = MainWindow(database)
    qtbot.addWidget(window)
    # By stat, never by reading it: the database file is SQLite's alone while it is open.
    before = os.stat(db).st_size, os.stat(db).st_mtime_ns
    flow = window.export_flow
    flow.write_report(session_data(database, sample), db, "a4")
    flow.write_data("{}", "json", Path(f"{db}-wal"))
    assert not flow.busy()
    assert [title for title, _ in _no_blocking_dialogs] == [
        "Cannot export the report",
        "Cannot export",
    ]
    assert all("Cannot write to" in text for _, text in _no_blocking_dialogs)
    assert (os.stat(db).st_size, os.stat(db).st_mtime_ns) == before
    assert database.integrity_check() == "ok"
    window.backup_scheduler.stop()  # its timer must not outlive the database
