"""Session and team reports: sizes, pages, empty sections, fonts, output safety."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from datetime import UTC, date
from pathlib import Path

import pytest
from pypdf import PdfReader

from facilitator.errors import FacilitatorError
from facilitator.report import (
    render_session,
    session_data,
    session_report,
    team_report,
)
from facilitator.report.fonts import FallbackFonts
from facilitator.report.text import Text
from facilitator.store import sessions, teams

TODAY = date(2026, 3, 4)


def pdf_text(path_or_bytes: Path | bytes) -> tuple[PdfReader, str]:
    data = path_or_bytes if isinstance(path_or_bytes, bytes) else path_or_bytes.read_bytes()
    reader = PdfReader(io.BytesIO(data))
    return reader, "\n".join(p.extract_text() for p in reader.pages)


@pytest.mark.parametrize(("paper", "size"), [("a4", (595.3, 841.9)), ("letter", (612.0, 792.0))])
def test_demo_report_in_a4_and_letter(demo_db, tmp_path: Path, paper: str, size) -> None:
    database, sample = demo_db
    out = session_report(database, sample, tmp_path / "r.pdf", paper=paper, today=TODAY, tz=UTC)
    reader, text = pdf_text(out)
    for page in reader.pages:
        box = page.mediabox
        assert (round(float(box.width), 1), round(float(box.height), 1)) == size
    n = len(reader.pages)
    assert f"Page 1 of {n}" in text and f"Page {n} of {n}" in text
    for heading in (
        "Agenda and timing",
        "Roles",
        "Decisions",
        "Actions",
        "Experiments",
        "Learnings",
        "Reviewed from earlier sessions",
        "Participation",
        "Leadership distribution",
    ):
        assert heading in text
    assert "Pause or push on" in text and "Zoë Marín" in text
    # the running header names team and session on every page after the first
    assert text.count("Northside Fulfilment") >= n


def test_empty_sections_say_so_in_one_line(fresh_db) -> None:
    team = teams.create_team(fresh_db, "Quiet team")
    s = sessions.create_session(fresh_db, team.id, "Nothing happened yet")
    _, text = pdf_text(_bytes(fresh_db, s.id))
    for line in (
        "No dilemma was written down.",
        "No agenda was planned for this session.",
        "No roles were assigned in this session.",
        "No decisions were recorded.",
        "No actions were agreed.",
        "No experiments were designed.",
        "No learnings were written down.",
        "No contributions were captured.",
        "Nothing from earlier sessions was reviewed.",
        "Nobody was marked present",
    ):
        assert line in text, line


def _bytes(database, session_id: str, **kwargs) -> bytes:
    buffer = io.BytesIO()
    render_session(session_data(database, session_id), buffer, today=TODAY, tz=UTC, **kwargs)
    return buffer.getvalue()


def test_team_report_has_every_section(demo_db, tmp_path: Path) -> None:
    database, _ = demo_db
    team = teams.list_teams(database)[0]
    out = team_report(database, team.id, tmp_path / "team.pdf", today=TODAY, tz=UTC)
    _, text = pdf_text(out)
    for heading in (
        "Sessions",
        "Rotation ledger",
        "Leadership distribution over time",
        "Action follow-through",
        "Experiments and their outcomes",
        "Learnings log",
    ):
        assert heading in text
    import re

    assert re.search(r"6: \d done, \d open, \d overdue, 0 dropped", text)


def test_team_report_gives_an_experiments_outcome_and_what_it_taught(
    fresh_db, tmp_path: Path
) -> None:
    from facilitator import capture
    from tests.facilitator.capture_world import make_world

    world = make_world(fresh_db)
    db = world.database
    exp = capture.add(
        db, "experiment", world.first.id, "Zone batching halves late picks", outcome="14% to 5%"
    ).value
    capture.add(db, "learning", world.second.id, "One owner per wave", experiment_id=exp.id)
    out = team_report(db, world.team_id, tmp_path / "team.pdf", today=TODAY, tz=UTC)
    _, text = pdf_text(out)
    section = " ".join(text.split("Experiments and their outcomes", 1)[1].split())
    assert "Outcome and what it taught" in section
    assert "Outcome: 14% to 5%" in section and "Learned: One owner per wave" in section


def test_team_report_of_a_new_team_says_what_is_missing(fresh_db, tmp_path: Path) -> None:
    team = teams.create_team(fresh_db, "New team")
    _, text = pdf_text(team_report(fresh_db, team.id, tmp_path / "t.pdf", today=TODAY))
    assert "The team has no sessions yet." in text
    assert "No roles have been held yet." in text


def test_missing_folder_is_a_clear_error_and_writes_nothing(demo_db, tmp_path: Path) -> None:
    database, sample = demo_db
    with pytest.raises(FacilitatorError, match="does not exist"):
        session_report(database, sample, tmp_path / "nope" / "r.pdf")
    assert not (tmp_path / "nope").exists()


@pytest.mark.skipif(
    os.name != "posix" or os.geteuid() == 0, reason="root writes to read-only folders"
)
def test_read_only_folder_is_a_clear_error(demo_db, tmp_path: Path) -> None:
    database, sample = demo_db
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(FacilitatorError, match="read-only"):
            session_report(database, sample, folder / "r.pdf")
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o700)


def test_refused_write_in_folder_leaves_no_file(demo_db, tmp_path: Path, monkeypatch) -> None:
    """The same path when the OS refuses (as a read-only folder does for a normal user)."""
    import tempfile

    database, sample = demo_db

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    with pytest.raises(FacilitatorError, match="read-only"):
        session_report(database, sample, tmp_path / "r.pdf")
    assert list(tmp_path.iterdir()) == []


def test_failure_while_building_leaves_no_half_written_file(
    demo_db, tmp_path: Path, monkeypatch
) -> None:
    database, sample = demo_db
    target = tmp_path / "r.pdf"
    target.write_bytes(b"the previous report")
    from facilitator.report import layout

    def broken(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(layout.NumberedCanvas, "save", broken)
    with pytest.raises(FacilitatorError, match="disk is full"):
        session_report(database, sample, target)
    assert target.read_bytes() == b"the previous report"
    assert [p.name for p in tmp_path.iterdir()] == ["r.pdf"]


def test_unknown_paper_is_refused(demo_db, tmp_path: Path) -> None:
    database, sample = demo_db
    with pytest.raises(FacilitatorError, match="paper"):
        session_report(database, sample, tmp_path / "r.pdf", paper="a3")
    assert list(tmp_path.iterdir()) == []


def test_characters_no_font_can_draw_are_listed_and_kept(fresh_db) -> None:
    team = teams.create_team(fresh_db, "Kanji team")
    s = sessions.create_session(fresh_db, team.id, "Planning", dilemma="漢字 or kana?")
    text = Text(fallback=FallbackFonts(dirs=[]))
    assert "漢" in text.markup("漢字")
    assert set(text.missing) == {"漢", "字"}
    buffer = io.BytesIO()
    from facilitator.report import render_session as render

    render(session_data(fresh_db, s.id), buffer, today=TODAY)
    _, pdf = pdf_text(buffer.getvalue())
    if "Characters that could not be drawn" in pdf:  # no CJK font on this computer
        assert "U+6F22" in pdf and "U+5B57" in pdf
    assert "漢字" in pdf  # kept in the text layer either way


def test_a_system_font_draws_what_dejavu_cannot(tmp_path: Path) -> None:
    candidates = [Path("/usr/share/fonts/truetype/dejavu/DejaVuMathTeXGyre.ttf")]
    font = next((c for c in candidates if c.exists()), None)
    if font is None:
        pytest.skip("no TrueType font with characters DejaVu Sans lacks")
    (tmp_path / font.name).write_bytes(font.read_bytes())
    text = Text(fallback=FallbackFonts(dirs=[tmp_path]))
    markup = text.markup("x \u20d2 y")  # COMBINING LONG VERTICAL LINE OVERLAY
    assert '<font face="Fallback-' in markup and not text.missing


def test_escaping_and_control_characters() -> None:
    text = Text(fallback=FallbackFonts(dirs=[]))
    assert text.markup('<b>&"</b>') == "&lt;b&gt;&amp;&quot;&lt;/b&gt;"
    assert text.markup("a\x00b\x07c\td\r\ne") == "abc d<br/>e"


def test_importing_the_cli_and_ui_does_not_load_reportlab() -> None:
    code = (
        "import sys, facilitator.cli, facilitator.report, facilitator.interchange, "
        "ui.main_window\n"
        "print(any(m.startswith(('reportlab', 'pypdf')) for m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert out.stdout.strip() == "False"
