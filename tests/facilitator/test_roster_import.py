"""CSV roster import: a preview of what is added and refused, then all or nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from facilitator import roster_import
from facilitator.errors import ValidationError
from facilitator.roster_import import ImportFileError
from facilitator.store import teams


@pytest.fixture
def team(fresh_db):
    team = teams.create_team(fresh_db, "Ops")
    teams.add_participant(fresh_db, team.id, "Priya Nair", "Customer service")
    gone = teams.add_participant(fresh_db, team.id, "Old Timer")
    teams.set_participant_active(fresh_db, gone.id, False)
    return team


def _write(tmp_path: Path, data: bytes | str, name: str = "people.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def test_a_good_file_with_header_and_bom(fresh_db, team, tmp_path) -> None:
    path = _write(
        tmp_path,
        "\ufeffName,Area\nZoë Marín,Transport planning\nДмитрий Петров,IT\n\nJonas Berg,\n",
    )
    preview = roster_import.preview_file(fresh_db, team.id, path)
    assert preview.had_header
    assert [(r.line, r.name, r.area) for r in preview.to_add] == [
        (2, "Zoë Marín", "Transport planning"),
        (3, "Дмитрий Петров", "IT"),
        (5, "Jonas Berg", ""),
    ]
    assert preview.rejected == []
    assert preview.summary() == "3 people to add."
    added = roster_import.commit(fresh_db, preview)
    assert len(added) == 3
    names = [p.name for p in teams.list_participants(fresh_db, team.id)]
    assert names == ["Jonas Berg", "Priya Nair", "Zoë Marín", "Дмитрий Петров"]


def test_no_header_semicolons_and_columns_in_any_order(fresh_db, team) -> None:
    preview = roster_import.preview_text(fresh_db, team.id, "Ann;Finance\nBo;IT\n")
    assert not preview.had_header
    assert [(r.name, r.area) for r in preview.to_add] == [("Ann", "Finance"), ("Bo", "IT")]
    swapped = roster_import.preview_text(fresh_db, team.id, "area,name\nFinance,Ann\n")
    assert [(r.name, r.area) for r in swapped.to_add] == [("Ann", "Finance")]


def test_bad_rows_are_refused_with_a_reason(fresh_db, team) -> None:
    text = (
        "name,area\n"
        "   ,Finance\n"  # empty name
        "Ann,Finance\n"
        " ann ,IT\n"  # duplicate in the file (case and spaces)
        "priya nair,Service\n"  # already in the team
        "Old Timer,\n"  # in the team, deactivated
        f"{'x' * 121},IT\n"  # too long
        f"Cy,{'y' * 201}\n"  # area too long
        "Bell\x07e,IT\n"
    )  # control character
    preview = roster_import.preview_text(fresh_db, team.id, text)
    assert [r.name for r in preview.to_add] == ["Ann"]
    reasons = {r.line: r.reason for r in preview.rejected}
    assert reasons[2] == "The name is empty."
    assert reasons[4] == "Duplicate of Ann on line 3."
    assert reasons[5] == "Already in the team."
    assert "deactivated" in reasons[6]
    assert reasons[7].startswith("The name is too long (121 characters")
    assert reasons[8].startswith("The area is too long (201 characters")
    assert "control characters" in reasons[9]
    assert preview.summary() == "1 person to add, 7 rows refused."


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("email,phone\na@b.c,123\n", "no 'name' column"),
        ("Ann,IT,100\n", "3 columns"),
        ("", "empty"),
        ("\n\n  \n", "empty"),
        ("name,area\n", "no people below it"),
    ],
)
def test_files_with_the_wrong_shape_are_refused(fresh_db, team, text, message) -> None:
    with pytest.raises(ImportFileError, match=message):
        roster_import.preview_text(fresh_db, team.id, roster_import.decode(text.encode()))


def test_columns_it_does_not_use_are_ignored_and_named(fresh_db, team) -> None:
    preview = roster_import.preview_text(fresh_db, team.id, "name,area,salary\nAnn,IT,100\n")
    assert [(r.name, r.area) for r in preview.to_add] == [("Ann", "IT")]
    assert preview.ignored == ("salary",)


def test_windows_1252_is_read_when_the_file_is_not_utf8(fresh_db, team, tmp_path) -> None:
    path = _write(tmp_path, "name,area\nZoë,IT\nJürgen,Lager – Süd\n".encode("cp1252"))
    preview = roster_import.preview_file(fresh_db, team.id, path)
    assert [(r.name, r.area) for r in preview.to_add] == [("Zoë", "IT"), ("Jürgen", "Lager – Süd")]


def test_utf16_from_a_spreadsheet_is_read(fresh_db, team, tmp_path) -> None:
    path = _write(tmp_path, "name\tarea\r\nZoë\tIT\r\n".encode("utf-16"))
    preview = roster_import.preview_file(fresh_db, team.id, path)
    assert [(r.name, r.area) for r in preview.to_add] == [("Zoë", "IT")]


def test_a_binary_file_is_refused(fresh_db, team, tmp_path) -> None:
    path = _write(tmp_path, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    with pytest.raises(ImportFileError, match="This is a picture, not a list of names"):
        roster_import.preview_file(fresh_db, team.id, path)


def test_ten_thousand_rows_are_refused_and_nothing_is_added(fresh_db, team, tmp_path) -> None:
    rows = "".join(f"Person {i},Area {i % 7}\n" for i in range(10_000))
    path = _write(tmp_path, "name,area\n" + rows)
    with pytest.raises(ImportFileError, match="more than 500 rows"):
        roster_import.preview_file(fresh_db, team.id, path)
    assert len(teams.list_participants(fresh_db, team.id)) == 1


def test_a_huge_file_is_refused_before_reading(fresh_db, team, tmp_path) -> None:
    path = _write(tmp_path, b"name\n" + b"x" * 3_000_000)
    with pytest.raises(ImportFileError, match="MB"):
        roster_import.preview_file(fresh_db, team.id, path)


def test_a_missing_file_is_a_clear_error(fresh_db, team, tmp_path) -> None:
    with pytest.raises(ImportFileError, match="Cannot read"):
        roster_import.preview_file(fresh_db, team.id, tmp_path / "nope.csv")


def test_commit_is_all_or_nothing(fresh_db, team) -> None:
    preview = roster_import.preview_text(fresh_db, team.id, "Ann\nBo\nCy\n")
    # Someone adds Bo by hand between the preview and the confirmation.
    teams.add_participant(fresh_db, team.id, "Bo")
    with pytest.raises(ValidationError, match="Bo is already in this team"):
        roster_import.commit(fresh_db, preview)
    names = {p.name for p in teams.list_participants(fresh_db, team.id)}
    assert names == {"Priya Nair", "Bo"}


def test_a_failing_write_adds_nobody(fresh_db, team, monkeypatch) -> None:
    preview = roster_import.preview_text(fresh_db, team.id, "Ann\nBo\n")
    fresh_db.read_only = True
    with pytest.raises(Exception, match="read-only"):
        roster_import.commit(fresh_db, preview)
    fresh_db.read_only = False
    assert [p.name for p in teams.list_participants(fresh_db, team.id)] == ["Priya Nair"]


def test_nothing_to_add_is_refused(fresh_db, team) -> None:
    preview = roster_import.preview_text(fresh_db, team.id, "Priya Nair\n")
    with pytest.raises(ValidationError, match="nobody to add"):
        roster_import.commit(fresh_db, preview)


@pytest.mark.parametrize("hint", ["sep=;", '"sep=;"', "SEP=;;"])
def test_excels_separator_line_names_the_separator_and_is_no_person(fresh_db, team, hint):
    text = f"{hint}\r\nName;Abteilung\r\nJürgen Groß;Lager, Versand\r\n"
    preview = roster_import.preview_text(fresh_db, team.id, text)
    assert [(r.line, r.name, r.area) for r in preview.to_add] == [
        (3, "Jürgen Groß", "Lager, Versand")
    ]
    assert preview.rejected == [] and preview.had_header


def test_a_title_above_the_header_row_is_skipped_and_said(fresh_db, team) -> None:
    text = "Teamliste Q4 2026;;\r\n;;\r\nName;Abteilung;E-Mail\r\nLea Braun;HR;l@x.de\r\n"
    preview = roster_import.preview_text(fresh_db, team.id, text)
    assert [(r.line, r.name, r.area) for r in preview.to_add] == [(4, "Lea Braun", "HR")]
    assert preview.ignored == ("E-Mail",)
    assert preview.notes == ("The header is on line 3; the lines above it were skipped.",)


def test_a_list_without_header_keeps_its_first_names(fresh_db, team) -> None:
    preview = roster_import.preview_text(fresh_db, team.id, "Ann Bee\nNome Rossi\nCy Dee\n")
    assert [r.name for r in preview.to_add] == ["Ann Bee", "Nome Rossi", "Cy Dee"]
    assert preview.notes == ()


def test_a_refused_row_keeps_its_area_in_the_preview(fresh_db, team) -> None:
    text = "name,area\nZoë Marín,Design\nzoe marin,Sales\n   ,Finance\nPriya Nair,IT\n"
    preview = roster_import.preview_text(fresh_db, team.id, text)
    assert [(line, name, area) for line, name, area, _ in preview.outcomes()] == [
        (2, "Zoë Marín", "Design"),
        (3, "zoe marin", "Sales"),
        (4, "", "Finance"),
        (5, "Priya Nair", "IT"),
    ]
