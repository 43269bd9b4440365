"""report, team-report, export and import on the command line."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from facilitator.cli import cli


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def demo(tmp_path: Path) -> tuple[str, str]:
    db = str(tmp_path / "d.db")
    code, out, _ = run("demo", "--db", db)
    assert code == 0
    return db, out.strip()


def test_report_to_a_file_in_letter(tmp_path: Path) -> None:
    db, sample = demo(tmp_path)
    out = tmp_path / "r.pdf"
    code, stdout, _ = run("report", sample[:8], "--out", str(out), "--paper", "letter", "--db", db)
    assert code == 0 and stdout.strip() == str(out)
    page = PdfReader(out).pages[0]
    assert round(float(page.mediabox.width)) == 612


def test_report_default_name_in_the_current_folder(tmp_path: Path, monkeypatch) -> None:
    db, _ = demo(tmp_path)
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    code, stdout, _ = run("report", "latest", "--db", db)
    assert code == 0
    written = Path(stdout.strip())
    assert written.parent == work and written.name.endswith(
        "Pause or push on the Bristol rollout.pdf"
    )
    assert written.read_bytes().startswith(b"%PDF")


def test_report_errors_are_one_line(tmp_path: Path) -> None:
    db, _ = demo(tmp_path)
    code, _, err = run("report", "no-such-session", "--db", db)
    assert code == 2 and err.count("\n") == 1 and "No session" in err
    code, _, err = run("report", "latest", "--out", str(tmp_path / "missing" / "r.pdf"), "--db", db)
    assert code == 1 and "does not exist" in err and err.count("\n") == 1
    code, _, _ = run("report", "latest", "--paper", "a3", "--db", db)
    assert code == 2


def test_team_report_by_name_and_by_id(tmp_path: Path) -> None:
    db, _ = demo(tmp_path)
    code, out, _ = run("sessions", "--db", db, "--json")
    team_name = json.loads(out)[0]["team"]
    target = tmp_path / "team.pdf"
    code, stdout, err = run("team-report", team_name.upper(), "--out", str(target), "--db", db)
    assert code == 0, err
    assert "Rotation ledger" in "".join(p.extract_text() for p in PdfReader(target).pages)
    code, _, err = run("team-report", "Nobody", "--db", db)
    assert code == 2 and "No team" in err


def test_export_formats_to_stdout_and_file(tmp_path: Path) -> None:
    db, sample = demo(tmp_path)
    code, out, _ = run("export", "latest", "--format", "json", "--db", db)
    assert code == 0 and json.loads(out)["session"]["id"] == sample
    code, out, _ = run("export", "latest", "--format", "md", "--db", db)
    assert code == 0 and out.startswith("# Pause or push on")
    target = tmp_path / "a.csv"
    code, _, _ = run("export", sample, "--format", "csv", "--out", str(target), "--db", db)
    assert code == 0 and target.read_bytes().startswith(b'\xef\xbb\xbf"type","id","text"')
    code, _, _ = run("export", "latest", "--format", "xml", "--db", db)
    assert code == 2


def test_export_then_import_elsewhere(tmp_path: Path) -> None:
    db, sample = demo(tmp_path)
    target = tmp_path / "s.json"
    assert run("export", "latest", "--format", "json", "--out", str(target), "--db", db)[0] == 0
    other = str(tmp_path / "other.db")
    code, out, _ = run("import", str(target), "--db", other)
    assert code == 0 and out.strip() == sample
    code, out, _ = run("sessions", "--db", other, "--json")
    assert sample in {r["id"] for r in json.loads(out)}


# ------------------------------------------------------------------ --out never destroys data

OUT_COMMANDS = (
    ("report", "latest"),
    ("team-report", "{team}"),
    ("export", "latest", "--format", "md"),
    ("backup",),
)


def _fingerprint(path: Path) -> tuple[int, int, int, str] | None:
    """What is at ``path`` (never opened unless it is a regular file)."""
    import hashlib
    import os
    import stat

    try:
        found = os.lstat(path)
    except FileNotFoundError:
        return None
    data = path.read_bytes() if stat.S_ISREG(found.st_mode) else b""
    return found.st_mode, found.st_ino, found.st_size, hashlib.sha256(data).hexdigest()


def _symlink(db: Path) -> Path:
    (db.parent / "link.pdf").symlink_to(db)
    return db.parent / "link.pdf"


def _hard_link(db: Path) -> Path:
    import os

    os.link(db, db.parent / "copy.pdf")
    return db.parent / "copy.pdf"


def _a_backup(db: Path) -> Path:
    code, out, _ = run("backup", "--db", str(db))
    assert code == 0
    return Path(out.strip())


def _folder(db: Path) -> Path:
    (db.parent / "reports").mkdir()
    return db.parent / "reports"


def _fifo(db: Path) -> Path:
    import os

    os.mkfifo(db.parent / "pipe.pdf")
    return db.parent / "pipe.pdf"


def _device(db: Path) -> Path:
    import os
    import stat

    try:
        os.mknod(db.parent / "null.pdf", stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except (OSError, AttributeError):
        pytest.skip("cannot make a device here (not root)")
    return db.parent / "null.pdf"


REFUSED_TARGETS: dict[str, Callable[[Path], Path]] = {
    "the live database": lambda db: db,
    "the database as ./name": lambda db: db.parent / "." / db.name,
    "a symbolic link to it": _symlink,
    "a hard link to it": _hard_link,
    "its -wal": lambda db: Path(f"{db}-wal"),
    "its -shm": lambda db: Path(f"{db}-shm"),
    "its -journal": lambda db: Path(f"{db}-journal"),
    "its lock file": lambda db: Path(f"{db}.lock"),
    "a backup": _a_backup,
    "a new file in the backups folder": lambda db: _a_backup(db).parent / "notes.pdf",
    "a file named like a backup": lambda db: (
        db.parent / _a_backup(db).name.replace("_manual.db", "_scheduled.db")
    ),
    "a directory": _folder,
    "a FIFO": _fifo,
    "a device node": _device,
    "/dev/null": lambda db: Path("/dev/null"),
}


@pytest.fixture
def live_db(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """The demo database as the running app holds it: locked, open, with -wal and -shm."""
    from facilitator.lock import DatabaseLock
    from facilitator.store import open_database

    db, _ = demo(tmp_path)
    team = json.loads(run("sessions", "--db", db, "--json")[1])[0]["team"]
    with DatabaseLock(db):
        database = open_database(db)
        try:
            yield Path(db), team
        finally:
            database.close()


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX links, FIFOs and devices")
@pytest.mark.parametrize("kind", list(REFUSED_TARGETS))
def test_out_refuses_a_target_that_would_destroy_data(
    kind: str, live_db: tuple[Path, str], monkeypatch
) -> None:
    import os

    db, team = live_db
    target = REFUSED_TARGETS[kind](db)
    real_replace = os.replace

    def replace(src: object, dst: object) -> None:  # never harm this machine's /dev
        assert not str(dst).startswith("/dev/"), f"would replace {dst}"
        real_replace(src, dst)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "replace", replace)
    before = {p: _fingerprint(p) for p in (db, Path(f"{db}-wal"), target)}
    for command in OUT_COMMANDS:
        args = [part.format(team=team) for part in command]
        code, _, err = run(*args, "--db", str(db), "--out", str(target))
        assert code == 2, (args, err)
        assert err.count("\n") == 1 and "Cannot write to" in err, (args, err)
    assert {p: _fingerprint(p) for p in before} == before
    code, out, err = run("check", "--db", str(db))
    assert code == 0 and "healthy" in out, err


def test_a_report_killed_midway_leaves_no_leftover_once_written_again(tmp_path: Path) -> None:
    import os

    db, _ = demo(tmp_path)
    folder = tmp_path / "kr"
    folder.mkdir()
    killed = folder / ".big.pdf.q7x2_k9a.part"  # what `timeout 60` left behind
    killed.write_bytes(b"%PDF-1.4 half")
    os.utime(killed, (1_000_000_000, 1_000_000_000))  # 2001: long past the hour
    other = folder / ".other.pdf.q7x2_k9a.part"
    other.write_bytes(b"")
    os.utime(other, (1_000_000_000, 1_000_000_000))
    code, _, err = run("report", "latest", "--out", str(folder / "big.pdf"), "--db", db)
    assert code == 0, err
    assert sorted(p.name for p in folder.iterdir()) == [".other.pdf.q7x2_k9a.part", "big.pdf"]


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_exports_are_owner_only_whatever_the_umask(tmp_path: Path) -> None:
    import os
    import stat

    db, _ = demo(tmp_path)
    old = os.umask(0)
    try:
        for fmt in ("json", "md", "csv"):
            assert (
                run(
                    "export",
                    "latest",
                    "--format",
                    fmt,
                    "--out",
                    str(tmp_path / f"s.{fmt}"),
                    "--db",
                    db,
                )[0]
                == 0
            )
        assert run("report", "latest", "--out", str(tmp_path / "s.pdf"), "--db", db)[0] == 0
    finally:
        os.umask(old)
    for suffix in ("json", "md", "csv", "pdf"):
        assert stat.S_IMODE((tmp_path / f"s.{suffix}").stat().st_mode) == 0o600, suffix


@pytest.mark.skipif(sys.platform == "win32", reason="SIGTERM")
def test_a_report_stopped_by_sigterm_leaves_no_temporary_file(tmp_path: Path) -> None:
    """``timeout`` and ``kill`` send SIGTERM: the half-made report removes its .part."""
    import signal
    import sqlite3
    import subprocess
    import time

    db = tmp_path / "big.db"
    assert run("demo", "--db", str(db))[0] == 0
    with sqlite3.connect(db) as conn:
        conn.execute(
            "with recursive n(i) as (select 1 union all select i + 1 from n where i < 20000) "
            "insert into contributions(id, session_id, phase_id, text, participant_id, "
            "created_at) select lower(hex(randomblob(16))), c.session_id, c.phase_id, "
            "c.text || ' #' || n.i, c.participant_id, c.created_at from n, "
            "(select * from contributions order by created_at desc limit 1) c"
        )
    conn.close()
    out = tmp_path / "out"
    out.mkdir()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "facilitator.cli",
            "report",
            "latest",
            "--db",
            str(db),
            "--out",
            str(out / "big.pdf"),
        ],
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 60
    while not list(out.glob(".big.pdf.*.part")):  # wait for the write to begin
        assert proc.poll() is None and time.monotonic() < deadline
        time.sleep(0.01)
    proc.send_signal(signal.SIGTERM)
    code = proc.wait(timeout=60)
    assert code == 128 + signal.SIGTERM, proc.stderr.read() if proc.stderr else ""
    assert list(out.iterdir()) == []


def test_a_stop_a_library_turned_into_its_own_error_still_exits_as_stopped(monkeypatch) -> None:
    """reportlab's font search catches everything, SIGTERM's exit included, and raises an
    error of its own: the command must still end as stopped (128 + 15), not "Could not
    write", so whoever stopped it knows it did not fail."""
    import signal

    import pytest

    from facilitator import cli as cli_module

    @cli_module.friendly_errors
    def writing_a_report() -> None:
        monkeypatch.setattr(cli_module, "_stopped_by", signal.SIGTERM)  # the handler ran
        raise OSError("Cannot open resource while looking for DejaVuSans")

    with pytest.raises(SystemExit) as stopped:
        writing_a_report()
    assert stopped.value.code == 128 + signal.SIGTERM
