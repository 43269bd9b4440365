"""``facilitator roster import`` and ``roster list``: who is added and who is refused and why,
the exit statuses, and the JSON list."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from facilitator.cli import cli
from facilitator.store import open_database, teams


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "team.db"
    database = open_database(path)
    team = teams.create_team(database, "Northside Ops")
    teams.add_participant(database, team.id, "Zoë Martin", "Customer service")
    gone = teams.add_participant(database, team.id, "Ólafur Arnalds", "Sound")
    teams.set_participant_active(database, gone.id, False)
    database.close()
    return path


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def _names(db: Path) -> list[str]:
    code, out, _err = _run("roster", "list", "northside ops", "--json", "--db", str(db))
    assert code == 0
    return [p["name"] for p in json.loads(out)]


def test_import_prints_who_is_added_and_who_is_refused(db: Path, tmp_path: Path) -> None:
    csv = tmp_path / "Mitarbeiter.csv"
    text = "Vorname;Nachname;E-Mail;Abteilung\r\nJürgen;Müller;jm@x.de;Lager\r\n\r\n"
    csv.write_bytes((text + "Zoe;Martin;zm@x.de;Service\r\n").encode("cp1252"))
    code, out, err = _run("roster", "import", str(csv), "--team", "NORTHSIDE OPS", "--db", str(db))
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "CSV file: Vorname → first name, Nachname → last name, Abteilung → area; ignored: E-Mail",
        "  added    line 2: Jürgen Müller (Lager)",
        "  refused  line 4: Zoe Martin (Service): Already in the team as Zoë Martin.",
        "1 person added to Northside Ops.",
    ]
    assert _names(db) == ["Jürgen Müller", "Ólafur Arnalds", "Zoë Martin"]


def test_a_dry_run_changes_nothing(db: Path, tmp_path: Path) -> None:
    csv = tmp_path / "people.csv"
    csv.write_text("Name,Team\nAna Lima,Finance\n", encoding="utf-8")
    code, out, _err = _run(
        "roster", "import", str(csv), "--team", "Northside Ops", "--dry-run", "--db", str(db)
    )
    assert code == 0
    assert out.splitlines()[-1] == (
        "1 person would be added to Northside Ops (dry run: nothing was changed)."
    )
    assert _names(db) == ["Ólafur Arnalds", "Zoë Martin"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "people.csv: The file is empty. Nothing was changed."),
        (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", "people.csv: This is a PDF document, not a list"),
        (b"Email,Phone\nzoe@example.org,1\n", "there is no 'name' column"),
    ],
)
def test_a_file_that_cannot_be_read_exits_2_and_changes_nothing(
    db: Path, tmp_path: Path, data: bytes, message: str
) -> None:
    csv = tmp_path / "people.csv"
    csv.write_bytes(data)
    code, out, err = _run("roster", "import", str(csv), "--team", "Northside Ops", "--db", str(db))
    assert code == 2
    assert out == ""
    assert err.startswith("facilitator: ") and message in err and err.count("\n") == 1
    assert _names(db) == ["Ólafur Arnalds", "Zoë Martin"]


def test_nobody_to_add_exits_1(db: Path, tmp_path: Path) -> None:
    csv = tmp_path / "again.csv"
    csv.write_text("zoë martin\nolafur arnalds\n", encoding="utf-8")
    code, out, err = _run("roster", "import", str(csv), "--team", "Northside Ops", "--db", str(db))
    assert code == 1
    assert "deactivated" in out
    assert "Nobody to add to Northside Ops; nothing was changed." in err


def test_an_unknown_team_exits_2(db: Path, tmp_path: Path) -> None:
    csv = tmp_path / "people.csv"
    csv.write_text("Ana\n", encoding="utf-8")
    code, _out, err = _run("roster", "import", str(csv), "--team", "Nobody", "--db", str(db))
    assert code == 2 and "No team 'Nobody'" in err
    code, _out, err = _run("roster", "list", "Nobody", "--db", str(db))
    assert code == 2 and "No team 'Nobody'" in err


def test_list_json_has_id_name_area_and_active(db: Path) -> None:
    database = open_database(db)
    team = teams.find_team(database, "Northside Ops")
    database.close()
    code, out, _err = _run("roster", "list", team.id, "--json", "--db", str(db))
    assert code == 0
    people = json.loads(out)
    assert [(p["name"], p["area"], p["active"]) for p in people] == [
        ("Ólafur Arnalds", "Sound", False),
        ("Zoë Martin", "Customer service", True),
    ]
    assert all(isinstance(p["id"], str) and len(p["id"]) == 36 for p in people)


def test_list_as_a_table_marks_the_deactivated(db: Path) -> None:
    code, out, _err = _run("roster", "list", "Northside Ops", "--db", str(db))
    assert code == 0
    lines = out.splitlines()
    assert len(lines) == 2
    assert lines[0].endswith("Ólafur Arnalds  Sound  (deactivated)")
    assert lines[1].endswith("Zoë Martin      Customer service")


def test_a_vcard_with_a_damaged_photo_imports_its_contacts(db: Path, tmp_path: Path) -> None:
    vcf = tmp_path / "contacts.vcf"
    vcf.write_bytes(
        b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Tom Ng\r\n"
        b"PHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAgGBgcGBQgHBwcJCQgKDBQ\r\n"
        b"ORG:Acme;Ops\r\nEND:VCARD\r\n"
    )
    code, out, err = _run("roster", "import", str(vcf), "--team", "Northside Ops", "--db", str(db))
    assert (code, err) == (0, "")
    assert out.splitlines()[-2:] == [
        "  added    line 1: Tom Ng (Ops)",
        "1 person added to Northside Ops.",
    ]


def test_a_title_above_the_header_is_skipped_and_said(db: Path, tmp_path: Path) -> None:
    csv = tmp_path / "Teamliste.csv"
    csv.write_bytes(
        b"Teamliste Q4 2026;;\r\n;;\r\nName;Abteilung;E-Mail\r\nLea Braun;HR;l@x.de\r\n"
    )
    code, out, _err = _run("roster", "import", str(csv), "--team", "Northside Ops", "--db", str(db))
    assert code == 0
    assert out.splitlines()[:3] == [
        "CSV file: Name → name, Abteilung → area; ignored: E-Mail",
        "  The header is on line 3; the lines above it were skipped.",
        "  added    line 4: Lea Braun (HR)",
    ]


def test_a_read_only_database_is_said_alone_before_any_added_line(
    db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    csv = tmp_path / "people.csv"
    csv.write_text("Name\nAna Lima\nTom Ng\n", encoding="utf-8")
    real_access = os.access

    def access(path: object, mode: int, **kwargs: object) -> bool:
        if mode == os.W_OK and str(path) == str(db):
            return False  # as for a file on a share the user may only read
        return real_access(path, mode, **kwargs)

    monkeypatch.setattr(os, "access", access)
    code, out, err = _run("roster", "import", str(csv), "--team", "Northside Ops", "--db", str(db))
    assert (code, out) == (1, "")
    assert "read-only" in err and "nothing was changed" in err
    monkeypatch.undo()
    assert _names(db) == ["Ólafur Arnalds", "Zoë Martin"]


def test_check_counts_one_team_in_the_singular(db: Path) -> None:
    code, out, _err = _run("check", "--db", str(db))
    assert code == 0
    assert "healthy (1 team, 0 sessions, 0 decisions, 0 actions, 0 experiments, 0 learnings)" in out
