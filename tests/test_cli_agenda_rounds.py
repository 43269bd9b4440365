"""``facilitator agenda`` for a session whose block repeats for the group: the sheet it
writes says each round (Troika Consulting for six people: three rounds)."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from pypdf import PdfReader

from facilitator.cli import cli
from facilitator.store.database import Database
from tests.facilitator.rounds_world import troika_session


def test_the_agenda_command_says_the_rounds(file_db: Database, db_path: Path, tmp_path) -> None:
    session_id = troika_session(file_db)
    file_db.close()
    out = tmp_path / "troika agenda.pdf"
    result = CliRunner().invoke(
        cli, ["agenda", session_id[:8], "--out", str(out), "--db", str(db_path)]
    )
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() == str(out)
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(out).pages)
    for step in ("Client shares", "Clarifying questions", "Consult", "Client reflects"):
        assert f"{step} (round 1 of 3)" in text
    # Rounds 2 and 3 are round 1 again: one line each, their steps named.
    names = "Client shares, Clarifying questions, Consult, Client reflects"
    assert f"Round 2 of 3 as round 1: {names}" in text
    assert f"Round 3 of 3 as round 1: {names}" in text
    assert "Prepare (round" not in text
