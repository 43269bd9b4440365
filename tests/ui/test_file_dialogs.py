"""File dialogs never open the database: they start elsewhere and read no file's content.

The end-to-end test runs the real window in a child process, opens each of the app's file
dialogs on the database's own folder, runs the command line on the same file, adds an
entry and kills the app with SIGKILL: every entry must be in the file. Where ``strace`` is
installed, the same run is the audit: every open of the database or its side files in the
app's process must come from SQLite.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QFileInfo, QSettings
from PySide6.QtWidgets import QFileDialog

from facilitator.demo import add_demo
from facilitator.model import Contribution
from facilitator.store import captures, open_database
from ui import file_dialogs

CHILD = Path(__file__).with_name("dialog_child.py")
DIALOGS = [
    "Export report",
    "Export data",
    "Import a session",
    "Print agenda",
    "Import people from a file",
    "Open a Facilitator database",
    "New Facilitator database",
]


def test_dialogs_never_start_in_the_database_folder(tmp_path: Path) -> None:
    data = tmp_path / "data"
    (data / "backups").mkdir(parents=True)
    db = data / "facilitator.db"
    documents = file_dialogs.documents_folder()
    assert file_dialogs.safe_start(data, db) == documents
    assert file_dialogs.safe_start(data / "backups", db) == documents
    assert file_dialogs.safe_start(tmp_path / "missing", db) == documents
    assert file_dialogs.safe_start(tmp_path, db) == tmp_path


def test_export_starts_in_documents_even_when_last_used_beside_the_database(
    qtbot, tmp_path: Path, monkeypatch
) -> None:  # noqa: ANN001
    from ui.export_flow import FOLDER_KEY, ExportFlow

    database = open_database(tmp_path / "facilitator.db")
    try:
        QSettings().setValue(FOLDER_KEY, str(tmp_path))
        flow = ExportFlow(database, None)
        assert flow.last_folder() == file_dialogs.documents_folder()
    finally:
        QSettings().remove(FOLDER_KEY)
        database.close()


def _documents_at(monkeypatch, qt: str, platform: str) -> None:  # noqa: ANN001
    """The system's Documents folder as Qt and platformdirs would report it."""
    monkeypatch.setattr(
        file_dialogs.QStandardPaths, "writableLocation", staticmethod(lambda location: qt)
    )
    monkeypatch.setattr(file_dialogs.platformdirs, "user_documents_dir", lambda: platform)


def test_dialogs_start_in_documents_never_in_the_working_directory(
    qtbot, tmp_path: Path, monkeypatch
) -> None:  # noqa: ANN001
    documents, checkout, home = tmp_path / "Documents", tmp_path / "checkout", tmp_path / "home"
    for folder in (documents, checkout / "reports", home):
        folder.mkdir(parents=True)
    monkeypatch.chdir(checkout)
    monkeypatch.setenv("HOME", str(home))
    db = tmp_path / "data" / "facilitator.db"
    _documents_at(monkeypatch, "", str(documents))  # Qt does not know; platformdirs does
    assert file_dialogs.start_folder("export", db) == documents
    QSettings().setValue("export/last_folder", "reports")  # relative: read from the cwd
    try:
        assert file_dialogs.start_folder("export", db) == documents
    finally:
        QSettings().remove("export/last_folder")
    _documents_at(monkeypatch, str(tmp_path / "gone"), "")  # no Documents folder at all
    assert file_dialogs.start_folder("export", db) == home


def test_each_purpose_starts_where_it_was_last_used_while_that_folder_exists(
    qtbot, tmp_path: Path, monkeypatch
) -> None:  # noqa: ANN001
    from ui.export_flow import ExportFlow

    documents, exports, imports = tmp_path / "Documents", tmp_path / "out", tmp_path / "in"
    for folder in (documents, exports, imports):
        folder.mkdir()
    _documents_at(monkeypatch, str(documents), "")
    database = open_database(tmp_path / "data" / "facilitator.db")
    flow = ExportFlow(database, None)
    monkeypatch.setattr(flow, "check_import", lambda path: None)
    monkeypatch.setattr(
        file_dialogs,
        "get_open_file_name",
        lambda parent, title, start, filters: (str(imports / "session.json"), ""),
    )
    try:
        file_dialogs.remember_folder("export", exports)
        flow.import_session()
        assert flow.import_folder() == imports
        assert flow.last_folder() == exports  # importing does not move where exports go
        exports.rmdir()
        assert flow.last_folder() == documents
    finally:
        for key in ("export/last_folder", "import/last_folder"):
            QSettings().remove(key)
        database.close()


def test_icons_and_types_come_from_the_name_alone(qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    provider = file_dialogs.NameOnlyIconProvider()
    report = tmp_path / "notes.pdf"
    report.write_bytes(b"")
    os.chmod(report, 0)  # unreadable to anyone but root: a read would be refused
    assert "PDF" in provider.type(QFileInfo(str(report)))
    assert not provider.icon(QFileInfo(str(report))).isNull() or True
    assert provider.type(QFileInfo(str(tmp_path))) == "Folder"
    dialog = file_dialogs._dialog(None, "t", str(tmp_path), "All files (*)", "")
    assert dialog.iconProvider() is not None
    if os.name == "posix":
        assert dialog.testOption(QFileDialog.Option.DontUseNativeDialog)


def _strace_records(log: Path) -> list[list[str]]:
    """strace -k output as records: the call's line and its stack lines."""
    records: list[list[str]] = []
    for line in log.read_text(errors="replace").splitlines():
        if line.lstrip().startswith(">"):
            if records:
                records[-1].append(line)
        elif "open" in line or "creat" in line:
            records.append([line])
    return records


@pytest.mark.skipif(
    os.name != "posix" or not hasattr(signal, "SIGKILL"), reason="POSIX locks and SIGKILL"
)
def test_every_file_dialog_on_the_database_folder_then_the_cli_then_a_crash_loses_nothing(
    tmp_path: Path,
) -> None:
    data = tmp_path / "data"
    data.mkdir()
    path = data / "facilitator.db"
    database = open_database(path)
    session_id = add_demo(database)
    database.close()

    command = [sys.executable, str(CHILD), str(path), session_id]
    log = tmp_path / "strace.log"
    strace = shutil.which("strace")
    if strace:
        command = [
            strace,
            "-f",
            "-qq",
            "-k",
            "-e",
            "trace=open,openat,creat",
            "-o",
            str(log),
            "-P",
            str(path),
            "-P",
            f"{path}-wal",
            "-P",
            f"{path}-shm",
            *command,
        ]
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "QT_QPA_PLATFORM": "offscreen"}
    proc = subprocess.Popen(
        command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env
    )
    assert proc.stdin is not None and proc.stdout is not None
    try:
        first = proc.stdout.readline().split(" ", 2)
        assert first[0] == "dialogs", first
        app_pid, titles = int(first[1]), first[2].strip().split("|")
        assert titles == DIALOGS

        cli = [sys.executable, "-m", "facilitator.cli"]
        for args in (["sessions"], ["check"], ["export", "latest", "--format", "md"]):
            done = subprocess.run(
                [*cli, *args, "--db", str(path)], capture_output=True, text=True, env=env
            )
            assert done.returncode == 0, done.stderr

        proc.stdin.write("add typed after the dialogs and the command line\n")
        proc.stdin.flush()
        assert proc.stdout.readline().strip()
        os.kill(app_pid, signal.SIGKILL)
        proc.wait(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()

    check = open_database(path)
    try:
        assert check.quick_check() == "ok"
        texts = {c.text for c in captures.list_for_session(check, Contribution, session_id)}
    finally:
        check.close()
    assert {"typed before the dialogs", "typed after the dialogs and the command line"} <= texts

    if strace:
        records = _strace_records(log)
        assert records, "strace saw no open of the database at all"
        foreign = [r[0] for r in records if not any("sqlite3" in frame for frame in r[1:])]
        assert foreign == [], "opened outside SQLite:\n" + "\n".join(foreign)


def test_the_app_watches_for_a_deleted_wal_between_writes(qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    from facilitator.store import teams
    from ui.database_watch import DatabaseWatch

    database = open_database(tmp_path / "facilitator.db")
    try:
        teams.create_team(database, "Only in the -wal")
        watch = DatabaseWatch(database)
        os.unlink(f"{tmp_path / 'facilitator.db'}-wal")
        watch._on_timer_timeout()
        assert database.wal_recoveries == 1
    finally:
        database.close()
