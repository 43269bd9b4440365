"""Mixed Hebrew, Arabic and English in real reports: what we write around user text keeps
its place, brackets pair, list items never mix, copying and bookmarks give the typed text.

The session is the one a reader walked through: a Hebrew and an Arabic role, names, a
place and a title, and sentences that end "(בערך 25%)" and "(حوالي 25%)".
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from pypdf import PdfReader

from facilitator import direction, planning
from facilitator.clock import FakeClock, iso
from facilitator.model import Action, Learning, Phase, RoleAssignment, SessionStatus
from facilitator.report import bidi, render_session, render_team, session_data, team_data
from facilitator.store import assignments, captures, sessions, teams
from facilitator.store.database import Database
from tests.facilitator.report.test_rtl import Drawn, seen

HE = "התקציב הוא 1,500 ש״ח עד 09:30 (בערך 25%)"
AR = "الميزانية 1,500 دينار قبل الساعة 09:30 (حوالي 25%)"
SARAH, DAVID, MUHAMMAD = "שרה לוי", "דוד כהן", "محمد عبد الله"
TEAM = "צוות המחסן — Warehouse team"
FACILITATOR, TIMEKEEPER = "מנחה Facilitator", "ميقاتي Timekeeper"


def rev(text: str) -> str:
    """Right-to-left letters as drawn, left to right."""
    return text[::-1]


def walkthrough(database: Database) -> tuple[str, str]:
    team = teams.create_team(database, TEAM)
    sarah, muhammad, anna, david = (
        teams.add_participant(database, team.id, name)
        for name in (SARAH, MUHAMMAD, "Anna Berg", DAVID)
    )
    facilitator = teams.add_role(database, team.id, FACILITATOR)
    timekeeper = teams.add_role(database, team.id, TIMEKEEPER)
    start = datetime(2026, 11, 30, 9, 30, tzinfo=UTC)
    session = sessions.create_session(
        database,
        team.id,
        "Budget review",
        dilemma="Do we move the budget? " + HE + " — and " + AR,
        planned_date="2026-11-30",
        planned_start="09:30",
    )
    planning.set_present(database, session.id, [anna.id, david.id, sarah.id, muhammad.id])
    end = iso(start + timedelta(seconds=300))
    sessions.add_phases(
        database, [Phase(session.id, 0, "Open", 300, started_at=iso(start), ended_at=end)]
    )
    assignments.add_assignments(
        database,
        [
            RoleAssignment(session.id, facilitator.id, sarah.id, created_at=iso(start)),
            RoleAssignment(session.id, timekeeper.id, muhammad.id, created_at=iso(start)),
        ],
    )
    captures.add(
        database, Action(session.id, "לשלוח את " + HE, owner_id=sarah.id, due="2026-12-07")
    )
    captures.add(
        database, Action(session.id, "Send the figures", owner_id=anna.id, due="2026-12-09")
    )
    captures.add(database, Learning(session.id, "למדנו: " + HE))
    clock = FakeClock(start)
    sessions.set_status(database, session.id, SessionStatus.RUNNING, clock=clock)
    clock.advance(1500)
    sessions.set_status(database, session.id, SessionStatus.FINISHED, clock=clock)
    sessions.create_session(
        database,
        team.id,
        "המשך Follow-up",
        planned_date="2026-12-14",
        planned_start="09:30",
        place="חדר 3",
    )
    return team.id, session.id


@pytest.fixture(scope="module")
def reports() -> Iterator[dict[str, Any]]:
    from facilitator.store import memory

    out: dict[str, Any] = {}
    with pytest.MonkeyPatch.context() as patch:
        database = memory()
        team_id, session_id = walkthrough(database)
        for name, render, data in (
            ("team", render_team, team_data(database, team_id)),
            ("session", render_session, session_data(database, session_id)),
        ):
            drawn = Drawn()
            drawn.install(patch)
            buffer = io.BytesIO()
            render(data, buffer, today=date(2026, 12, 2), tz=UTC)
            out[name] = drawn.visual_lines()
            out[name + ".pdf"] = buffer.getvalue()
            patch.undo()
    yield out


def line_with(lines: list[str], needle: str) -> str:
    found = [line for line in lines if needle in line]
    assert found, f"no line holds {needle!r}"
    return found[0]


def spaced(text: str) -> str:
    """Text with runs of spaces (and line breaks) as one space; the spaces themselves kept."""
    return re.sub(r"\s+", " ", text).strip()


# ------------------------------------------------------------------ what the page shows
def test_a_role_name_in_a_table_header_is_drawn_in_reading_order(reports) -> None:
    lines = reports["team"]
    assert any("Facilitator " + rev("מנחה") in line for line in lines)
    assert any("Timekeeper " + rev("ميقاتي") in line for line in lines)
    assert not any("מנחה" in line or "ميقاتي" in line for line in lines)  # never unreordered


def test_the_running_header_keeps_the_team_and_the_session_apart(reports) -> None:
    assert f"Warehouse team — {rev('צוות המחסן')} — Budget review" in reports["session"]


def test_a_bullet_and_a_date_keep_their_place_around_a_right_to_left_learning(reports) -> None:
    line = line_with(reports["team"], "(30 Nov 2026)")
    assert line.startswith("• ")
    assert line.endswith(" (30 Nov 2026)")
    assert rev("למדנו:") in line


def test_brackets_pair_at_the_end_of_an_english_sentence() -> None:
    arabic = seen(bidi.visual("Before: قبل 09:30 (حوالي 25%)"))
    assert arabic == "Before: (%25 " + rev("حوالي") + ") 09:30 " + rev("قبل")
    hebrew = bidi.visual("Her turn; עד 09:30 (בערך 25%)")
    assert hebrew == "Her turn; (25% " + rev("בערך") + ") 09:30 " + rev("עד")


def test_a_blank_line_between_right_to_left_paragraphs_is_kept() -> None:
    from reportlab.platypus import SimpleDocTemplate

    from facilitator.report.layout import S
    from facilitator.report.text import Text

    stack = Text().para(f"{SARAH}\n\n{DAVID}", S.body)
    SimpleDocTemplate(io.BytesIO()).build([stack])
    assert len(stack._cellvalues) == 3  # noqa: SLF001 - a row for each line, the blank one too


def test_an_isolate_keeps_user_text_from_mixing_with_what_is_around_it() -> None:
    line = ", ".join(direction.isolate(name) for name in ("Anna Berg", DAVID, SARAH))
    assert bidi.visual(line) == f"Anna Berg, {rev(DAVID)}, {rev(SARAH)}"
    assert direction.isolate("Anna Berg") == "Anna Berg"  # left-to-right text needs none


def test_each_name_and_role_in_who_took_part_is_its_own_item(reports) -> None:
    line = line_with(reports["session"], "Anna Berg,")
    sarah = f"{rev(SARAH)} (Facilitator {rev('מנחה')})"
    muhammad = f"{rev(MUHAMMAD)} (Timekeeper {rev('ميقاتي')})"
    assert line == f"Anna Berg, {rev(DAVID)}, {sarah}, {muhammad}."


def test_the_next_sessions_place_and_title_stay_apart(reports) -> None:
    line = line_with(reports["session"], "December 2026")
    assert line.endswith(f", 09:30, 3 {rev('חדר')} — Follow-up {rev('המשך')}")


def test_an_owners_heading_reads_name_then_count_and_every_owner_is_a_bookmark(
    reports,
) -> None:
    assert any(line == f"{rev(SARAH)} · 1 open" for line in reports["team"])
    reader = PdfReader(io.BytesIO(reports["team.pdf"]))

    def titles(outline: list[Any]) -> Iterator[str]:
        for entry in outline:
            yield from titles(entry) if isinstance(entry, list) else [entry.title]

    marks = list(titles(reader.outline))
    assert f"{SARAH} · 1 open" in marks
    assert "Anna Berg · 1 open" in marks


# ------------------------------------------------------------------ what copying gives
def test_copying_keeps_the_word_spaces_of_right_to_left_text(reports) -> None:
    reader = PdfReader(io.BytesIO(reports["session.pdf"]))
    copied = spaced(" ".join(page.extract_text() for page in reader.pages))
    assert spaced("לשלוח את " + HE) in copied


@pytest.mark.parametrize("typed", ["לשלוח את " + HE, "Before: " + AR + " ok"])
def test_copying_puts_spaces_and_percent_signs_where_they_were_typed(typed: str) -> None:
    from reportlab.platypus import SimpleDocTemplate

    from facilitator.report.layout import S
    from facilitator.report.text import Text

    buffer = io.BytesIO()
    SimpleDocTemplate(buffer).build([Text().para(typed, S.body)])
    copied = PdfReader(io.BytesIO(buffer.getvalue())).pages[0].extract_text()
    assert spaced(copied) == typed


def test_copying_who_took_part_gives_the_names_in_their_order(reports) -> None:
    copied = spaced(PdfReader(io.BytesIO(reports["session.pdf"])).pages[0].extract_text())
    assert f"Anna Berg, {DAVID}, {SARAH} (" in copied
    assert f"), {MUHAMMAD} (" in copied
