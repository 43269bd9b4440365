"""File → New database…, Open database…, Open recent, and the demo in a database of its own:
the window moves from one database to another through the path it opens at start, and a
database that cannot be opened leaves the open one open and working."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt

from facilitator import demo, lock
from facilitator.errors import DatabaseLockedError
from facilitator.lock import DatabaseLock, lock_path
from facilitator.model import SessionStatus
from facilitator.store import open_database, sessions, teams
from facilitator.store.integrity import Integrity
from tests.facilitator.run_fixtures import make_session
from ui import app, file_dialogs
from ui.database_switch import window_title
from ui.recent_databases import RecentDatabases, RecentMenu
from ui.single_instance import InstanceLock

HOLDER = r"""
import sys
from facilitator.lock import DatabaseLock
held = DatabaseLock(sys.argv[1])
held.acquire()
print("held", flush=True)
sys.stdin.readline()
held.release()
"""


def _team(path: Path, name: str) -> Path:
    database = open_database(path)
    teams.create_team(database, name)
    database.close()
    return path


def _team_names(path: Path) -> list[str]:
    database = open_database(path, read_only=True)
    try:
        return [t.name for t in teams.list_teams(database)]
    finally:
        database.close()


@pytest.fixture
def recent(tmp_path: Path) -> RecentDatabases:
    return RecentDatabases(QSettings(str(tmp_path / "recent.ini"), QSettings.Format.IniFormat))


@pytest.fixture
def host(qtbot, tmp_path: Path, recent: RecentDatabases) -> Iterator[app.WindowOnDatabase]:  # noqa: ANN001
    """The app's window on the team's own database, opened as at start."""
    shown = app.WindowOnDatabase(InstanceLock(), app.CrashReporter(None, None), recent)
    assert shown.open(_team(tmp_path / "team.db", "Ops"))
    yield shown
    shown.close()
    shown.instance.release()


def _switched(qtbot, host: app.WindowOnDatabase, do: Callable[[], object]) -> Path:  # noqa: ANN001
    """Do what moves the window to another database; the database it now shows."""
    with qtbot.waitSignal(host.switch.switch_did_finish, timeout=10_000) as moved:
        do()
    path = moved.args[0]
    assert host.database is not None and host.database.path == path
    return path


def _choose(monkeypatch, path: Path, seen: list[str] | None = None) -> None:  # noqa: ANN001
    """The file dialogs answer ``path``; ``seen`` gets where they started."""

    def ask(parent, caption, start, filters, selected=""):  # noqa: ANN001, ANN202
        if seen is not None:
            seen.append(start)
        return str(path), ""

    def ask_new(parent, caption, start, filters):  # noqa: ANN001, ANN202
        return ask(parent, caption, start, filters)[0]

    monkeypatch.setattr(file_dialogs, "get_new_file_name", ask_new)
    monkeypatch.setattr(file_dialogs, "get_open_file_name", ask)


def _recent_menu(host: app.WindowOnDatabase) -> RecentMenu:
    assert host.window is not None
    menu = host.window.findChild(RecentMenu)
    assert menu is not None
    menu.rebuild()
    return menu


def _entries(menu: RecentMenu) -> list[str]:
    return [a.text() for a in menu.actions() if not a.isSeparator()]


# ------------------------------------------------------------------ new and open


def test_a_new_database_is_made_empty_opened_and_the_old_lock_given_back(
    qtbot, host, tmp_path, monkeypatch
) -> None:
    team = tmp_path / "team.db"
    assert host.window is not None and host.window.windowTitle() == "Facilitator — team.db"
    _choose(monkeypatch, tmp_path / "Spring offsite")  # typed without the suffix
    new = _switched(qtbot, host, host.window.new_database_action.trigger)
    assert new == tmp_path / "Spring offsite.db" and new.is_file()
    assert host.window.windowTitle() == "Facilitator — Spring offsite.db"
    assert teams.list_teams(host.database) == []
    assert host.instance.db_path == new and lock_path(new).exists()
    with DatabaseLock(team):  # the old database is free for another copy now
        pass
    with pytest.raises(DatabaseLockedError):
        DatabaseLock(new).acquire()  # and the new one is ours
    assert _team_names(team) == ["Ops"]


def test_a_new_database_asked_for_where_one_is_opens_it_as_it_is(
    qtbot, host, tmp_path, monkeypatch
) -> None:
    other = _team(tmp_path / "other.db", "Design")
    _choose(monkeypatch, other)
    _switched(qtbot, host, host.window.new_database_action.trigger)
    assert [t.name for t in teams.list_teams(host.database)] == ["Design"]
    assert host.window.statusBar().currentMessage() == (
        "other.db was there already; it is open now, as it was."
    )


def test_a_new_database_never_overwrites_a_file_that_is_not_one(
    qtbot, host, tmp_path, monkeypatch, _no_blocking_dialogs
) -> None:
    notes = tmp_path / "notes.db"
    notes.write_text("my notes\n", encoding="utf-8")
    window = host.window
    _choose(monkeypatch, notes)
    window.new_database_action.trigger()
    title, text = _no_blocking_dialogs[-1]
    assert title == "Could not open the database"
    assert "not a Facilitator database" in text and text.endswith("team.db is still open.")
    assert notes.read_text(encoding="utf-8") == "my notes\n"
    assert not lock_path(notes).exists()
    _still_working(qtbot, host, window)


def test_open_and_open_recent_move_back_and_forth_most_recent_first(
    qtbot, host, tmp_path, monkeypatch, recent
) -> None:
    team, other = tmp_path / "team.db", _team(tmp_path / "other.db", "Design")
    assert recent.paths() == [team]
    _choose(monkeypatch, other)
    _switched(qtbot, host, host.window.open_database_action.trigger)
    assert host.window.windowTitle() == "Facilitator — other.db"
    assert [t.name for t in teams.list_teams(host.database)] == ["Design"]
    assert recent.paths() == [other, team]
    assert recent.last() == other  # the one the app opens next time
    menu = _recent_menu(host)
    folder = str(tmp_path)
    assert _entries(menu)[:2] == [f"&1 other.db  —  {folder}", f"&2 team.db  —  {folder}"]
    current, previous = menu.actions()[:2]
    assert current.isChecked() and not current.isEnabled()  # open already
    _switched(qtbot, host, previous.trigger)
    assert host.window.windowTitle() == "Facilitator — team.db"
    assert recent.paths() == [team, other]
    assert not lock_path(other).exists() and host.instance.db_path == team


def test_a_missing_recent_file_is_shown_disabled_and_clear_keeps_the_open_one(
    host, tmp_path, recent
) -> None:
    gone = _team(tmp_path / "gone.db", "Old")
    recent.add(gone)
    recent.add(tmp_path / "team.db")
    gone.unlink()
    menu = _recent_menu(host)
    folder = str(tmp_path)
    assert _entries(menu) == [
        f"&1 team.db  —  {folder}",
        f"&2 gone.db  —  {folder}  (not found)",
        "C&lear recent",
    ]
    missing = menu.actions()[1]
    assert not missing.isEnabled() and "no longer there" in missing.toolTip()
    clear = next(a for a in menu.actions() if a.text() == "C&lear recent")
    clear.trigger()
    assert recent.paths() == [tmp_path / "team.db"]
    assert _entries(_recent_menu(host)) == [f"&1 team.db  —  {folder}", "C&lear recent"]


def test_a_recent_file_gone_since_the_menu_opened_is_refused(
    host, tmp_path, _no_blocking_dialogs
) -> None:
    window = host.window
    host.switch.open_recent(tmp_path / "moved.db")
    title, text = _no_blocking_dialogs[-1]
    assert title == "Could not open the database" and "is no longer there" in text
    assert host.window is window


# ------------------------------------------------------------------ refusals


def _foreign(path: Path) -> Path:
    with sqlite3.connect(path) as conn:
        conn.execute("create table recipes(name text)")
    conn.close()
    return path


def _newer(path: Path) -> Path:
    open_database(path).close()
    with sqlite3.connect(path) as conn:
        conn.execute(
            "insert into _sqlite_migrations(migration_set, name, applied_at) "
            "values ('facilitator', 'm999_from_the_future', '2030-01-01')"
        )
    conn.close()
    return path


def _text(path: Path) -> Path:
    path.write_text("name,area\nAda,Ops\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("make", "said"),
    [
        (_text, "is not a Facilitator database (it is not an SQLite file)"),
        (_foreign, "is an SQLite database of another program"),
        (_newer, "was made by a newer version of Facilitator"),
    ],
)
def test_a_file_that_cannot_be_opened_leaves_the_open_one_working(
    qtbot, host, tmp_path, monkeypatch, _no_blocking_dialogs, make, said
) -> None:
    path = make(tmp_path / "chosen.db")
    before = path.read_bytes()
    window = host.window
    _choose(monkeypatch, path)
    window.open_database_action.trigger()
    title, text = _no_blocking_dialogs[-1]
    assert title == "Could not open the database" and said in text
    assert path.read_bytes() == before and not lock_path(path).exists()
    _still_working(qtbot, host, window)


def _simulate_read_only(monkeypatch, path: Path) -> None:  # noqa: ANN001
    """Tests run as root, so the read-only file is simulated: os.access says so."""
    real_access = os.access

    def access(where, mode, *args, **kwargs):  # noqa: ANN001, ANN202
        if mode & os.W_OK and Path(where) == path:
            return False
        return real_access(where, mode, *args, **kwargs)

    monkeypatch.setattr(os, "access", access)


def _answer(monkeypatch, button: str) -> list[tuple[str, str]]:  # noqa: ANN001
    """Each question box is answered with its button named ``button``; the list gets the
    questions asked and what they explained."""
    from PySide6.QtWidgets import QMessageBox

    asked: list[tuple[str, str]] = []

    def exec_(box: QMessageBox) -> int:
        asked.append((box.text(), box.informativeText()))
        assert [b.text() for b in box.buttons()] == ["Open read-only", "Cancel"]
        next(b for b in box.buttons() if b.text() == button).click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    return asked


def test_a_read_only_file_opened_is_offered_read_only_with_the_banner(
    qtbot, host, tmp_path, monkeypatch, _no_blocking_dialogs
) -> None:
    shared = _team(tmp_path / "shared.db", "Shared")
    _simulate_read_only(monkeypatch, shared)
    asked = _answer(monkeypatch, "Open read-only")
    _choose(monkeypatch, shared)
    assert _switched(qtbot, host, host.window.open_database_action.trigger) == shared
    assert asked == [
        (
            "shared.db can only be read here. Open it read-only?",
            "The file is read-only. You can look at everything in it, but nothing can be "
            "changed, run or captured.",
        )
    ]
    assert _no_blocking_dialogs == []  # asked, not refused
    window = host.window
    assert window.windowTitle() == "Facilitator — shared.db (read-only)"
    assert host.database.read_only and host.database.read_only_reason == "the file is read-only"
    assert window.home.banner.isVisible() and "the file is read-only" in window.home.banner.text()
    window.show_backups()  # and on every other screen, as at start
    assert window.read_only_banner.isVisible()
    assert window.read_only_banner.text() == "Read-only: the file is read-only"
    assert (
        _team_names(tmp_path / "team.db") == ["Ops"]
        and not lock_path(tmp_path / "team.db").exists()
    )


def test_a_read_only_file_in_open_recent_is_offered_read_only_too(
    qtbot, host, tmp_path, monkeypatch, _no_blocking_dialogs
) -> None:
    shared = _team(tmp_path / "shared.db", "Shared")
    host.switch.recent.add(shared)
    _simulate_read_only(monkeypatch, shared)
    asked = _answer(monkeypatch, "Open read-only")
    assert _switched(qtbot, host, lambda: host.switch.open_recent(shared)) == shared
    assert len(asked) == 1 and host.database.read_only


def test_a_read_only_file_declined_leaves_the_open_one_working(
    qtbot, host, tmp_path, monkeypatch, _no_blocking_dialogs
) -> None:
    shared = _team(tmp_path / "shared.db", "Shared")
    _simulate_read_only(monkeypatch, shared)
    asked = _answer(monkeypatch, "Cancel")
    window = host.window
    _choose(monkeypatch, shared)
    window.open_database_action.trigger()
    assert len(asked) == 1 and _no_blocking_dialogs == []
    assert not lock_path(shared).exists()
    _still_working(qtbot, host, window)


def test_a_file_no_lock_can_be_made_beside_is_offered_read_only(
    qtbot, host, tmp_path, monkeypatch, _no_blocking_dialogs
) -> None:
    """A read-only folder (a read-only mount): no lock file, so read-only, as at start."""
    from facilitator.lock import LockUnavailable

    shared = _team(tmp_path / "shared.db", "Shared")
    real = InstanceLock.try_lock

    def try_lock(self, path):  # noqa: ANN001, ANN202
        if Path(path) == shared:
            raise LockUnavailable(path, "the folder is read-only")
        return real(self, path)

    monkeypatch.setattr(InstanceLock, "try_lock", try_lock)
    asked = _answer(monkeypatch, "Open read-only")
    _choose(monkeypatch, shared)
    assert _switched(qtbot, host, host.window.open_database_action.trigger) == shared
    assert asked[0][0] == "shared.db can only be read here. Open it read-only?"
    assert asked[0][1].startswith("No lock file could be made beside it (the folder is read-only)")
    assert host.database.read_only and host.window.windowTitle().endswith("(read-only)")
    assert host.database.read_only_reason.startswith("no lock file could be made beside it")
    assert host.instance.db_path is None  # nothing held: another copy may only read too


def test_a_database_another_copy_holds_is_refused_naming_it(
    qtbot, host, tmp_path, monkeypatch, _no_blocking_dialogs
) -> None:
    held = _team(tmp_path / "held.db", "Held")
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(held)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
    )
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "held"
        window = host.window
        _choose(monkeypatch, held)
        window.open_database_action.trigger()
        _title, text = _no_blocking_dialogs[-1]
        assert text.startswith("held.db is open in another copy of Facilitator (")
        assert f"process {proc.pid}" in text and lock.host_name() in text
        assert "close it there first" in text
        _still_working(qtbot, host, window)
    finally:
        assert proc.stdin is not None
        proc.stdin.write("\n")
        proc.stdin.flush()
        proc.wait(timeout=30)


def _still_working(qtbot, host: app.WindowOnDatabase, window: object) -> None:  # noqa: ANN001
    """The window and the database are the ones open before, writable, their lock ours."""
    assert host.window is window and host.window.isVisible()
    assert host.window.windowTitle() == "Facilitator — team.db"
    assert host.database is not None and host.database.path is not None
    assert host.instance.db_path == host.database.path
    database = host.database  # its check after the first paint passed: writes go ahead
    qtbot.waitUntil(lambda: database.integrity is Integrity.OK, timeout=10_000)
    teams.create_team(host.database, "Still here")
    assert "Still here" in [t.name for t in teams.list_teams(host.database)]


def test_a_running_session_blocks_the_move(
    qtbot, host, tmp_path, monkeypatch, _no_blocking_dialogs
) -> None:  # noqa: E501
    window, database = host.window, host.database
    qtbot.waitUntil(lambda: database.integrity is Integrity.OK, timeout=10_000)
    session_id, _ = make_session(database, [300])
    window.run_session(session_id)
    screen = window.run_screen
    screen.setFocus()
    qtbot.keyClick(screen, Qt.Key.Key_Space)
    if screen.handover_dialog is not None:
        screen.handover_dialog.accept()
    assert sessions.get_session(host.database, session_id).status is SessionStatus.RUNNING
    chosen: list[str] = []
    _choose(monkeypatch, _team(tmp_path / "other.db", "Design"), chosen)
    for action in (window.open_database_action, window.new_database_action):
        action.trigger()
        title, text = _no_blocking_dialogs[-1]
        assert title == "A session is running"
        assert text.endswith("is running; end it (Ctrl+E on the run screen) before you open "
                             "another database.")  # fmt: skip
    assert chosen == []  # no file was even asked for
    assert host.window is window and host.database.path == tmp_path / "team.db"


# ------------------------------------------------------------------ the demo


def test_the_demo_goes_into_its_own_database_and_the_team_one_is_untouched(
    qtbot, host, tmp_path, monkeypatch, answer
) -> None:
    team = tmp_path / "team.db"
    replies, seen = answer
    replies.append("Create demo database…")
    starts: list[str] = []
    _choose(monkeypatch, tmp_path / "Facilitator demo.db", starts)
    _switched(qtbot, host, host.window.home.demo_requested.emit)
    assert "database of its own" in seen[0] and "team.db stays as it is" in seen[0]
    assert starts == [str(file_dialogs.documents_folder() / "Facilitator demo.db")]
    assert host.window.windowTitle() == "Facilitator — Facilitator demo.db"
    qtbot.waitUntil(lambda: len(sessions.list_sessions(host.database)) == 6)
    assert host.window.home.pages.currentIndex() == 1  # the demo's workshops
    assert _team_names(team) == ["Ops"]  # the team's own database: no demo in it
    # The Help menu offers it too; "Add it here" adds it to the database open, the demo one.
    replies.append("Add it here")
    host.window.demo_action.trigger()
    assert len(sessions.list_sessions(host.database)) == 12  # here means here
    assert _team_names(team) == ["Ops"]


def test_the_demo_made_again_in_its_file_is_opened_not_doubled(
    qtbot, host, tmp_path, monkeypatch, answer
) -> None:
    demo_file = tmp_path / "Facilitator demo.db"
    database = open_database(demo_file)
    demo.add_demo(database)
    database.close()
    replies, _seen = answer
    replies.append("Create demo database…")
    _choose(monkeypatch, demo_file)
    _switched(qtbot, host, host.window.demo_action.trigger)
    assert len(sessions.list_sessions(host.database)) == 6


# ------------------------------------------------------------------ the title, the next start


def test_the_title_names_the_database(file_db, db_path, fresh_db) -> None:
    assert window_title(file_db) == "Facilitator — facilitator.db"
    reader = open_database(db_path, read_only=True)
    assert window_title(reader) == "Facilitator — facilitator.db (read-only)"
    reader.close()
    assert window_title(fresh_db) == "Facilitator"


def test_the_app_opens_the_database_open_last_time_unless_one_is_named(
    tmp_path, monkeypatch
) -> None:
    from ui import launcher

    opened: list[Path | None] = []
    monkeypatch.setattr(launcher, "open_app", lambda path: opened.append(path) or 0)
    monkeypatch.setattr(sys, "argv", ["facilitator"])
    monkeypatch.delenv("FACILITATOR_DB")
    with pytest.raises(SystemExit):
        launcher.main()
    monkeypatch.setenv("FACILITATOR_DB", str(tmp_path / "env.db"))
    with pytest.raises(SystemExit):
        launcher.main()
    assert opened == [None, tmp_path / "env.db"]


def test_start_up_without_a_name_opens_the_last_database(qtbot, tmp_path, monkeypatch) -> None:
    from PySide6.QtWidgets import QApplication

    app.create_app([])  # the settings are the app's (its name)
    last = _team(tmp_path / "last.db", "Last")
    RecentDatabases().clear()  # the test-mode settings outlive a run
    RecentDatabases().add(last)
    opened: list[Path] = []
    monkeypatch.setattr(QApplication, "exec", lambda self: 0)
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(app, "setup_logging", lambda: None)
    real = app.open_with_dialog

    def spy(path, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
        opened.append(path)
        return real(path, *args, **kwargs)

    monkeypatch.setattr(app, "open_with_dialog", spy)
    import threading

    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    assert app.run(None, []) == 0
    last.unlink()  # gone: the default database, never a missing file
    assert app.run(None, []) == 0
    assert opened == [last, app.default_db_path()]
    assert not lock_path(last).exists()


# ------------------------------------------------------------------ what was being typed


def test_text_being_typed_is_kept_as_a_draft_in_the_database_left(
    qtbot, host, tmp_path, monkeypatch
) -> None:
    from facilitator import drafts
    from ui.screens.capture_panel import DRAFT_KEY

    team = tmp_path / "team.db"
    database = host.database
    qtbot.waitUntil(lambda: database.integrity is Integrity.OK, timeout=10_000)
    sample = demo.add_demo(database)
    window = host.window
    window.open_session(sample)
    panel = window.capture_view.panel
    panel.entry.insertPlainText("Half a thought about Bristol")
    assert panel.draft_keeper.timer.isActive()  # not saved yet: typing has only paused
    _choose(monkeypatch, _team(tmp_path / "other.db", "Design"))
    _switched(qtbot, host, window.open_database_action.trigger)
    left = open_database(team, read_only=True)
    try:
        form = drafts.take_form(left, sample, DRAFT_KEY)
        assert form is not None and form.values["entry"] == "Half a thought about Bristol"
    finally:
        left.close()


def test_a_window_made_on_one_database_says_it_cannot_open_another(
    qtbot, fresh_db, _no_blocking_dialogs
) -> None:
    from tests.ui.windows import open_window

    window = open_window(qtbot, fresh_db)
    for action in (window.new_database_action, window.open_database_action):
        action.trigger()
        assert _no_blocking_dialogs[-1] == (
            "Could not open the database",
            "This window was opened on one database only; start Facilitator to open another.",
        )
    assert window.database is fresh_db


def _start_up_notice(monkeypatch) -> list[tuple[Path | None, str]]:  # noqa: ANN001
    """Run the app as at start (no dialog may block); each run's database and the message
    its window's status bar showed."""
    from PySide6.QtWidgets import QApplication

    from ui.main_window import MainWindow

    seen: list[tuple[Path | None, str]] = []

    def exec_(_self) -> int:  # noqa: ANN001
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, MainWindow) and widget.isVisible():
                seen.append((widget.database.path, widget.statusBar().currentMessage()))
        return 0

    monkeypatch.setattr(QApplication, "exec", exec_)
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(app, "setup_logging", lambda: None)
    import threading

    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    return seen


def test_a_last_database_deleted_opens_the_one_before_it_and_says_so(
    qtbot, tmp_path, monkeypatch
) -> None:
    app.create_app([])
    team = _team(tmp_path / "team.db", "Ops")
    third = _team(tmp_path / "third.db", "Third")
    RecentDatabases().clear()
    RecentDatabases().add(team)
    RecentDatabases().add(third)
    seen = _start_up_notice(monkeypatch)
    third.unlink()
    assert app.run(None, []) == 0
    assert seen == [(team, f"third.db is no longer at {tmp_path}; opened team.db.")]
    assert RecentDatabases().paths()[:2] == [team, third]  # shown "(not found)" in the menu
    seen.clear()
    assert app.run(None, []) == 0  # said once: team.db is the one opened last now
    assert seen == [(team, f"Database: {team}")]


def test_no_recent_database_left_opens_the_default_one_and_says_so(
    qtbot, tmp_path, monkeypatch
) -> None:
    app.create_app([])
    third = _team(tmp_path / "third.db", "Third")
    RecentDatabases().clear()
    RecentDatabases().add(third)
    seen = _start_up_notice(monkeypatch)
    third.unlink()
    assert app.run(None, []) == 0
    default = app.default_db_path()
    assert seen == [
        (
            default,
            f"third.db is no longer at {tmp_path}; opened {default.name} in "
            f"{default.parent}, the default database.",
        )
    ]


# ------------------------------------------------------------------ a new database at start


def _unusable_at_first(monkeypatch, answer, *replies: str) -> list[str]:  # noqa: ANN001
    """The database at start cannot be opened the first time (a full disk), and the user
    answers ``replies``; the start of each new-file dialog is recorded."""
    from facilitator.errors import DiskFullError

    real_open = app.open_database
    attempts: list[Path] = []

    def open_once_full(path, **kwargs):  # noqa: ANN001, ANN202
        attempts.append(path)
        if len(attempts) == 1:
            raise DiskFullError(f"Cannot open {path}: the disk is full.")
        return real_open(path, **kwargs)

    monkeypatch.setattr(app, "open_database", open_once_full)
    answer[0].extend(replies)
    monkeypatch.setattr(
        file_dialogs, "get_save_file_name", lambda *a: pytest.fail("asked “replace it?”")
    )
    return attempts


def test_a_new_database_at_start_named_where_one_is_opens_it_as_it_is(
    tmp_path, monkeypatch, answer
) -> None:
    start = _team(tmp_path / "facilitator.db", "Ops")
    _team(tmp_path / "other.db", "Other")
    _unusable_at_first(monkeypatch, answer, "New database…")
    monkeypatch.setattr(
        file_dialogs,
        "get_new_file_name",
        lambda *a: str(tmp_path / "other"),  # no .db typed
    )
    database = app.open_with_dialog(start, instance=InstanceLock())
    assert database is not None and database.path == tmp_path / "other.db"
    assert [t.name for t in teams.list_teams(database)] == ["Other"]  # as it was
    database.close()


def test_a_new_database_at_start_never_overwrites_a_file_that_is_not_one(
    tmp_path, monkeypatch, answer
) -> None:
    start = _team(tmp_path / "facilitator.db", "Ops")
    notes = tmp_path / "notes.db"
    notes.write_bytes(b"my notes, not a database" * 40)
    _unusable_at_first(monkeypatch, answer, "New database…", "Quit")
    monkeypatch.setattr(file_dialogs, "get_new_file_name", lambda *a: str(notes))
    assert app.open_with_dialog(start, instance=InstanceLock()) is None
    assert notes.read_bytes() == b"my notes, not a database" * 40
    assert "notes.db" in answer[1][1] and "never overwrites it" in answer[1][1]
