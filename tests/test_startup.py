"""Start-up: the window's command line is read without the command-line library, and
nothing heavy (click, sqlite-utils, reports, PDF reading, test tools) loads before the
window's first paint."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from facilitator.store import open_database
from ui.launcher import window_db

HEAVY = (
    "click",
    "sqlite_utils",
    "reportlab",
    "pypdf",
    "hypothesis",
    # Smaller, but nothing on the first paint needs them: the log rotates without
    # logging.handlers (sockets, pickle, queues), the F1 table escapes without html's entity
    # table, and a session's record and the CSV import load when first used.
    "logging.handlers",
    "html.entities",
    "facilitator.record",
    "facilitator.roster_import",
    "facilitator.own_formats",  # your formats: read when a format is first added or listed
    # The team folder's sync (its files, the merge) loads with the first sync; the home
    # screen's status lines need only this laptop's records of it.
    "facilitator.team_folder",
    "facilitator.team_folder_files",
    "facilitator.team_folder_merge",
    "facilitator.backup",  # with the first backup, a few minutes into a session, or a restore
    "ui.export_flow",  # reports, exports and imports: with the first one
    # A session's overview, with the role editor and the item views' style options it
    # brings: with the first session opened.
    "ui.screens.session_overview",
    "ui.editing",
    "difflib",  # the roster's near spellings, when tidying
    "zoneinfo",  # a session's time zone, when one is read or shown
)


@pytest.mark.parametrize(
    ("args", "db"),
    [
        ([], ""),
        (["--db", "ops.db"], "ops.db"),
        (["--db=ops.db"], "ops.db"),
        (["sessions"], None),
        (["--db", "ops.db", "sessions"], None),
        (["--help"], None),
        (["--version"], None),
        (["--db"], None),
        (["--db="], None),
        (["--db", "--help"], None),
    ],
)
def test_only_the_windows_command_line_is_read_without_the_cli(
    args: list[str], db: str | None
) -> None:
    assert window_db(args) == db


def test_a_folder_as_the_database_is_left_to_the_cli_to_refuse(tmp_path: Path) -> None:
    assert window_db(["--db", str(tmp_path)]) is None


PROBE = r"""
import sys
from PySide6.QtCore import QEvent, QObject
import ui.smoke as smoke

HEAVY = %r
real_install = smoke.install_if_requested


class AtFirstPaint(QObject):
    seen = False

    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint and not AtFirstPaint.seen:
            AtFirstPaint.seen = True
            print("loaded:", sorted(m for m in HEAVY if m in sys.modules), flush=True)
        return False


def install(window):
    window.installEventFilter(AtFirstPaint(window))
    real_install(window)


smoke.install_if_requested = install
from ui.launcher import main
sys.argv = ["facilitator", "--db", sys.argv[1]]
main()
"""


def test_nothing_heavy_loads_before_the_first_paint(db_path: Path) -> None:
    open_database(db_path).close()
    env = {
        **os.environ,
        "FACILITATOR_QUIT_AFTER_PAINT": "1",
        "QT_QPA_PLATFORM": "offscreen",
        "PYTHONPATH": os.pathsep.join(sys.path),
    }
    out = subprocess.run(
        [sys.executable, "-c", PROBE % (HEAVY,), str(db_path)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert out.returncode == 0, out.stderr[-2000:]
    assert "loaded: []" in out.stdout.splitlines(), out.stdout
