"""The CSV export opens in columns and stays inert in every spreadsheet locale: every text
field quoted, ";" for comma-decimal spreadsheets, no cell a reader could take as a formula
however it splits the lines, and decisions exported with actions and experiments."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import pytest

from facilitator import interchange
from facilitator.errors import ValidationError
from facilitator.model import Action, Decision, Experiment
from facilitator.record import SessionRecord, load
from facilitator.store import captures, memory, sessions, teams
from facilitator.summaries import CSV_COLUMNS, to_csv

DAY = date(2026, 3, 4)
FORMULA_START = tuple("=+-@\t\r")
ATTACKS = [
    "Budget check;=2+3;",
    "Budget check,=2+3,",
    "first line\n=4+4;",
    "first line\r\n+4+4",
    "\r=1+1",
    "\t=1+1",
    '=HYPERLINK("http://x")',
    "  =1+1",
    '" =1+1',
    '""=1+1',
    'a","=1+1',
    "a\t-1+1",
    "@SUM(A1)",
    "-2+3",
    "+2+3",
    'x;  "@cmd',
]


@pytest.fixture(scope="module")
def attacked() -> SessionRecord:
    """A session whose every text field holds a formula attack."""
    database = memory()
    team = teams.create_team(database, "T")
    owner = teams.add_participant(database, team.id, "=Owner;-1", area="@area,=1")
    s = sessions.create_session(database, team.id, "=title;+1")
    for text in ATTACKS:
        captures.add(database, Action(s.id, text, owner_id=owner.id))
        captures.add(database, Experiment(s.id, text, what_we_try=text, outcome=text))
        captures.add(database, Decision(s.id, text, rationale=text, objections=text))
    return load(database, s.id)


def cells_as_read(text: str, delimiter: str) -> list[str]:
    """Every cell a spreadsheet could make of the file: split as a CSV with ``delimiter``
    (quotes obeyed), and split naively on it line by line (quotes ignored), each cell
    trimmed of the spaces and quotes a reader may drop."""
    cells = [
        c for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter) for c in row
    ]
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        cells += line.split(delimiter)
    return [c.lstrip(' "') for c in cells] + cells


@pytest.mark.parametrize("sep", [",", ";"])
@pytest.mark.parametrize("reader", [",", ";", "\t"])
def test_no_cell_starts_a_formula_however_the_file_is_split(attacked, sep, reader) -> None:
    text = to_csv(attacked, today=DAY, sep=sep)
    assert [c for c in cells_as_read(text, reader) if c.startswith(FORMULA_START)] == []


def test_a_formula_made_inert_still_reads_as_typed(attacked) -> None:
    text = to_csv(attacked, today=DAY)
    rows = [r for r in csv.DictReader(io.StringIO(text, newline="")) if r["type"] == "action"]
    assert rows[0]["text"] == "Budget check;'=2+3;"
    assert rows[2]["text"] == "first line\n'=4+4;"
    assert [r["text"].replace("'", "") for r in rows] == [t.replace("'", "") for t in ATTACKS]


@pytest.mark.parametrize("sep", [",", ";"])
def test_opens_in_columns_with_its_separator_every_field_quoted(demo_db, sep) -> None:
    database, sample = demo_db
    text = interchange.export_text(database, sample, "csv", DAY, csv_sep=sep)
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=sep))
    assert rows[0] == CSV_COLUMNS
    assert {len(r) for r in rows} == {len(CSV_COLUMNS)}
    assert text.startswith(sep.join(f'"{c}"' for c in CSV_COLUMNS) + "\r\n")
    money = next(r for r in rows if r[0] == "experiment")[CSV_COLUMNS.index("limit_money")]
    assert money == "Up to £2,000 of vendor support"
    assert text.splitlines()[1].startswith(f'"action"{sep}"')


def test_decisions_are_exported_with_method_and_who_was_consulted(demo_db) -> None:
    database, sample = demo_db
    record = load(database, sample)
    text = interchange.export_text(database, sample, "csv", DAY)
    rows = [r for r in csv.DictReader(io.StringIO(text, newline="")) if r["type"] == "decision"]
    assert [r["text"] for r in rows] == [d.text for d in record.decisions]
    assert rows[0]["method"] == "Consent"
    assert rows[0]["consulted"] == "Jonas Berg, Tomasz Kowalski, Priya Nair"
    assert rows[1]["objections"] == ""


def test_the_file_starts_with_a_byte_order_mark_for_excel(demo_db, tmp_path: Path) -> None:
    database, sample = demo_db
    out = interchange.write_export(database, sample, "csv", tmp_path / "s.csv", csv_sep=";")
    assert out.read_bytes().startswith(b'\xef\xbb\xbf"type";"id";')


def test_an_unknown_separator_is_refused(demo_db) -> None:
    database, sample = demo_db
    with pytest.raises(ValidationError, match="separator"):
        interchange.export_text(database, sample, "csv", csv_sep="|")


def test_the_command_line_writes_a_semicolon_csv(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from facilitator.cli import cli

    db = str(tmp_path / "d.db")
    runner = CliRunner()
    assert runner.invoke(cli, ["demo", "--db", db]).exit_code == 0
    result = runner.invoke(
        cli, ["export", "latest", "--format", "csv", "--csv-sep", ";", "--db", db]
    )
    assert result.exit_code == 0 and result.stdout.startswith('"type";"id";"text";')
    refused = runner.invoke(
        cli, ["export", "latest", "--format", "csv", "--csv-sep", "|", "--db", db]
    )
    assert refused.exit_code == 2


UNICODE_ATTACKS = [
    "\u00a0=1+1",  # no-break space
    "\u3000=1+1",  # ideographic space
    "\u2003\u200b+1+1",  # em space, zero-width space
    "\ufeff-1+1",  # a stray byte order mark
    "a;\u00a0@SUM(A1)",
    "\uff1d1+1",  # full-width ＝
    "\uff0b1+1",
    "\uff0d1+1",
    "\uff20SUM(A1)",
    "x,\u00a0\uff1d1+1",
]
FORMULA_CHARS = tuple("=+-@\uff1d\uff0b\uff0d\uff20")


def one_action(text: str) -> SessionRecord:
    database = memory()
    team = teams.create_team(database, "T")
    s = sessions.create_session(database, team.id, "S")
    captures.add(database, Action(s.id, text))
    return load(database, s.id)


@pytest.mark.parametrize("text", UNICODE_ATTACKS)
@pytest.mark.parametrize("reader", [",", ";"])
def test_unicode_spaces_and_full_width_signs_do_not_start_a_formula(text, reader) -> None:
    cells = cells_as_read(to_csv(one_action(text), today=DAY), reader)
    started = [
        c for c in cells if c.lstrip(' "\u00a0\u3000\u2003\u200b\ufeff').startswith(FORMULA_CHARS)
    ]
    assert started == []


def test_control_characters_are_dropped_tabs_and_line_breaks_kept() -> None:
    text = to_csv(one_action("bell\x07 esc\x1b[31m del\x7f soh\x01 c1\x9b\tnext\nline"), DAY)
    (row,) = [r for r in csv.DictReader(io.StringIO(text, newline="")) if r["type"] == "action"]
    assert row["text"] == "bell esc[31m del soh c1\tnext\nline"
    assert not any(ord(c) < 32 and c not in "\t\r\n" or 0x7F <= ord(c) <= 0x9F for c in text)
