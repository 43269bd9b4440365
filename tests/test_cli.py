"""The stable command line: exit codes, one-line errors, JSON output."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from facilitator import __version__
from facilitator.cli import cli


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_version() -> None:
    code, out, _ = run("--version")
    assert code == 0 and __version__ in out


def test_demo_then_sessions_then_check(tmp_path: Path) -> None:
    db = str(tmp_path / "x.db")
    code, out, _ = run("demo", "--db", db)
    assert code == 0
    sample = out.strip()
    code, out, _ = run("sessions", "--db", db, "--json")
    rows = json.loads(out)
    assert code == 0 and sample in {r["id"] for r in rows}
    assert {r["status"] for r in rows} == {"finished", "planned"}  # and the next one
    assert set(rows[0]) >= {"id", "date", "title", "status"}
    code, out, _ = run("check", "--db", db)
    assert code == 0 and "healthy" in out


def test_db_from_environment(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "env.db"
    monkeypatch.setenv("FACILITATOR_DB", str(path))
    assert run("demo")[0] == 0
    assert path.exists()
    code, out, _ = run("sessions")
    assert code == 0 and "Bristol" in out


def test_empty_database_lists_nothing_helpfully(tmp_path: Path) -> None:
    code, out, _ = run("sessions", "--db", str(tmp_path / "new.db"))
    assert code == 0 and "facilitator demo" in out


def test_commands_that_read_never_make_a_database(tmp_path: Path) -> None:
    """A path typed wrong lists nothing and says why; no folder or file is made there."""
    wrong = tmp_path / "nope" / "x.db"
    code, out, _ = run("sessions", "--db", str(wrong))
    assert code == 0 and f"there is no database at {wrong}" in out
    assert f"facilitator demo --db {wrong}" in out
    assert run("sessions", "--db", str(wrong), "--json")[1].strip() == "[]"
    for command in (["report", "abcd"], ["export", "abcd", "--format", "json"], ["agenda", "abcd"]):
        code, _, err = run(*command, "--db", str(wrong))
        assert code == 2 and f"There is no database at {wrong}." in err, (command, err)
    assert not (tmp_path / "nope").exists()


def test_errors_are_one_line_without_traceback(tmp_path: Path) -> None:
    garbage = tmp_path / "garbage.db"
    garbage.write_text("not a database")
    code, _, err = run("sessions", "--db", str(garbage))
    assert code == 1
    assert err.count("\n") == 1 and "Traceback" not in err
    assert "not a Facilitator database" in err
    code, _, err = run("check", "--db", str(tmp_path / "missing.db"))
    assert code == 2 and "no database" in err
    code, _, err = run("no-such-command")
    assert code == 2


def test_entry_point_runs_as_a_process(tmp_path: Path) -> None:
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "facilitator.cli",
            "--db",
            str(tmp_path / "p.db"),
            "sessions",
            "--json",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout) == []


def test_without_a_command_the_launcher_opens_the_app(tmp_path: Path, monkeypatch) -> None:
    import pytest

    from ui import launcher

    opened: list[Path] = []
    monkeypatch.setattr(launcher, "open_app", lambda path: opened.append(path) or 0)
    monkeypatch.setattr(sys, "argv", ["facilitator", "--db", str(tmp_path / "a.db")])
    with pytest.raises(SystemExit) as done:
        launcher.main()
    assert done.value.code == 0 and opened == [tmp_path / "a.db"]


def test_the_core_alone_has_no_window_to_open() -> None:
    code, _, err = run()
    assert code == 2 and "desktop app is not available" in err


def test_import_refuses_a_number_too_long_to_read_as_one_line(tmp_path: Path) -> None:
    db = tmp_path / "x.db"
    code, out, _ = run("demo", "--db", str(db))
    assert code == 0
    export = tmp_path / "s.json"
    assert (
        run("export", out.strip(), "--format", "json", "--db", str(db), "--out", str(export))[0]
        == 0
    )
    text = export.read_text(encoding="utf-8")
    assert '"available_min": 90' in text
    export.write_text(
        text.replace('"available_min": 90', '"available_min": ' + "9" * 5000), encoding="utf-8"
    )
    done = subprocess.run(
        [sys.executable, "-m", "facilitator.cli", "import", str(export), "--db", str(db)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2, done.stderr
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    assert (
        "Cannot import s.json: the session: 'available_min' is a 5000-digit number" in done.stderr
        and "nothing was imported" in done.stderr
    )
    from facilitator.backup import list_backups

    assert list_backups(db) == []  # refused before the before-import backup


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_import_refuses_a_pipe_instead_of_waiting_on_it(tmp_path: Path) -> None:
    pipe = tmp_path / "session.json"
    os.mkfifo(pipe)
    code, _, err = run("import", str(pipe), "--db", str(tmp_path / "db.db"))
    assert code == 2 and "not a regular file" in err and len(err.strip().splitlines()) == 1


def test_a_writing_command_without_a_lock_is_refused(tmp_path: Path) -> None:
    """A folder where the lock file belongs: no lock can be made, so nothing is written."""
    db = tmp_path / "db.db"
    (tmp_path / "db.db.lock").mkdir()
    code, _, err = run("demo", "--db", str(db))
    assert code == 1 and "No lock file could be made" in err and not db.exists()


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX pipes")
def test_a_reader_that_stops_early_ends_the_command_quietly(tmp_path: Path) -> None:
    db = str(tmp_path / "d.db")
    assert run("demo", "--db", db)[0] == 0
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader (``head -1``) has gone before the listing is written
    try:
        done = subprocess.run(
            [sys.executable, "-m", "facilitator.cli", "sessions", "--db", db],
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
        )
    finally:
        os.close(write_end)
    assert done.stderr == ""
    assert done.returncode in (0, 141, -13)  # -13: ended by SIGPIPE, as `head` expects
