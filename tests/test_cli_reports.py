"""report, team-report, export and import on the command line."""

from __future__ import annotations

import json
from pathlib import Path

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
    code, stdout, _ = run("report", sample[:8], "--out", str(out), "--paper", "letter",
                          "--db", db)
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
    assert written.parent == work and written.name.endswith("Pause or push on the Bristol "
                                                            "rollout.pdf")
    assert written.read_bytes().startswith(b"%PDF")


def test_report_errors_are_one_line(tmp_path: Path) -> None:
    db, _ = demo(tmp_path)
    code, _, err = run("report", "no-such-session", "--db", db)
    assert code == 2 and err.count("\n") == 1 and "No session" in err
    code, _, err = run("report", "latest", "--out", str(tmp_path / "missing" / "r.pdf"),
                       "--db", db)
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
    assert code == 0 and target.read_bytes().startswith(b"\xef\xbb\xbftype,id,text")
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
