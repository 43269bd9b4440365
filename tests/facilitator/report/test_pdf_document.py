"""A proper PDF: bookmarks per section, the text's language, meaningful document
information, and only embedded fonts (read back with pypdf)."""

from __future__ import annotations

import io
from datetime import UTC, date
from typing import Any

import pytest
from pypdf import PdfReader
from pypdf.generic import DictionaryObject

from facilitator import capture, planning, session_time
from facilitator.report import render_session, render_team, session_data, team_data
from facilitator.report.metadata import language
from facilitator.store import sessions, teams
from facilitator.store.database import Database

TODAY = date(2026, 3, 4)


def session_pdf(database: Database, session_id: str, paper: str = "a4") -> PdfReader:
    buffer = io.BytesIO()
    render_session(session_data(database, session_id), buffer, paper=paper, today=TODAY, tz=UTC)
    return PdfReader(io.BytesIO(buffer.getvalue()))


def team_pdf(database: Database, team_id: str) -> PdfReader:
    buffer = io.BytesIO()
    render_team(team_data(database, team_id), buffer, today=TODAY, tz=UTC)
    return PdfReader(io.BytesIO(buffer.getvalue()))


def outline(reader: PdfReader) -> list[tuple[int, str, int]]:
    """(level, title, page number) of every bookmark, in order."""
    found: list[tuple[int, str, int]] = []

    def walk(items: list[Any], level: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, level + 1)
            else:
                found.append((level, item.title, reader.get_destination_page_number(item) + 1))

    walk(reader.outline, 0)
    return found


def test_the_session_report_has_a_bookmark_per_section_nested_where_natural(demo_db) -> None:
    database, sample = demo_db
    reader = session_pdf(database, sample)
    marks = outline(reader)
    top = [title for level, title, _ in marks if level == 0]
    assert top[0] == "Summary" and marks[0][2] == 1
    for section in ("Agenda and timing", "Roles", "Decisions", "Actions", "Participation"):
        assert section in top
    nested = [(title, page) for level, title, page in marks if level == 1]
    assert any(title.startswith("Leadership distribution") for title, _ in nested)
    pages = [page for _, _, page in marks]
    assert pages == sorted(pages) and pages[-1] > 1
    for _level, title, page in marks[1:]:  # each bookmark opens the page its heading is on
        assert title in reader.pages[page - 1].extract_text()
    assert reader.trailer["/Root"]["/PageMode"] == "/UseOutlines"


def test_the_team_report_has_bookmarks_too(demo_db) -> None:
    database, sample = demo_db
    team_id = sessions.get_session(database, sample).team_id
    marks = outline(team_pdf(database, team_id))
    assert marks[0][:2] == (0, "Summary") and len([m for m in marks if m[0] == 0]) >= 4


def test_document_information_says_what_the_session_was(demo_db) -> None:
    database, sample = demo_db
    session = sessions.get_session(database, sample)
    team = teams.get_team(database, session.team_id)
    info = session_pdf(database, sample).metadata
    assert info is not None
    assert info.title == session.title
    assert info.subject.startswith(" ".join(session.dilemma.split())[:200])
    assert info.subject != info.title
    assert info.author == "Kenji Watanabe"  # the scribe took the minutes
    keywords = info["/Keywords"]
    day = session_time.session_day_text(session)
    for word in (team.name, day, "decisions", "actions", "experiments"):
        assert word in keywords


def test_without_a_scribe_the_team_is_the_author(fresh_db) -> None:
    team = teams.create_team(fresh_db, "Harbour crew")
    session = sessions.create_session(fresh_db, team.id, "Night shift", dilemma="Who covers?")
    info = session_pdf(fresh_db, session.id).metadata
    assert info is not None
    assert info.author == "Harbour crew" and info.subject == "Who covers?"
    assert "decisions" not in info["/Keywords"]  # only the kinds the session recorded


def test_the_team_report_names_the_team_and_its_period(demo_db) -> None:
    database, sample = demo_db
    team = teams.get_team(database, sessions.get_session(database, sample).team_id)
    info = team_pdf(database, team.id).metadata
    assert info is not None
    assert info.author == team.name and team.name in info.title
    assert "sessions" in info.subject and info.subject != info.title
    assert team.name in info["/Keywords"]


def _hebrew_session(database: Database) -> str:
    team = teams.create_team(database, "צוות המחסן")
    person = teams.add_participant(database, team.id, "דנה לוי")
    session = sessions.create_session(
        database, team.id, "להשהות או להמשיך", dilemma="האם לעצור את ההטמעה בסניף השני?"
    )
    planning.set_present(database, session.id, [person.id])
    capture.add(database, "decision", session.id, "ממשיכים במצב צל לארבעה שבועות")
    return session.id


def test_the_catalog_names_the_language_of_the_text(demo_db, fresh_db) -> None:
    database, sample = demo_db
    assert session_pdf(database, sample).trailer["/Root"]["/Lang"] == "en"
    assert session_pdf(fresh_db, _hebrew_session(fresh_db)).trailer["/Root"]["/Lang"] == "he"


@pytest.mark.parametrize(
    ("texts", "lang"),
    [
        (["Pause or push on"], "en"),
        (["להשהות או להמשיך", "Leeds"], "he"),
        (["هل نوقف الطرح في الموقع الثاني؟"], "ar"),
        (["Ψυχή και σώμα"], "el"),
        (["Дмитрий и Łukasz"], "en"),  # a script shared by many languages: the report's own
        (["שלום", "a much longer English sentence around one Hebrew word"], "en"),
        ([""], "en"),
        (["המשך Follow-up المتابعة", "התקציב הוא 1,500 ש״ח עד 09:30", "الميزانية"], "he"),
        (["בדיקה Check", "نقاش Discussion والميزانية قبل الساعة"], "ar"),
        (["Budget review: התקציב הוא בערך", "and الميزانية", "Opening"], "en"),
        # more Arabic letters, more Hebrew words: Hebrew
        (["המשך Follow-up المتابعة", "الميزانية دينار قبل الساعة", "התקציב הוא ש״ח עד"], "he"),
    ],
)
def test_language_is_the_script_most_words_are_in(texts: list[str], lang: str) -> None:
    assert language(texts) == lang


def _fonts(reader: PdfReader) -> list[DictionaryObject]:
    """Every font any page (or any drawing on it) uses, descendant fonts included."""
    found: dict[int, DictionaryObject] = {}

    def resources(res: Any) -> None:
        res = res.get_object() if res is not None else None
        if not res:
            return
        for font in (res.get("/Font") or {}).values():
            font = font.get_object()
            found[id(font)] = font
            for child in font.get("/DescendantFonts") or []:
                child = child.get_object()
                found[id(child)] = child
        for xobject in (res.get("/XObject") or {}).values():
            resources(xobject.get_object().get("/Resources"))

    for page in reader.pages:
        resources(page.get("/Resources"))
    return list(found.values())


def test_every_font_is_embedded_no_base14_helvetica(demo_db, fresh_db) -> None:
    database, sample = demo_db
    team_id = sessions.get_session(database, sample).team_id
    other = _hebrew_session(fresh_db)
    for reader in (
        session_pdf(database, sample),
        session_pdf(database, sample, "letter"),
        team_pdf(database, team_id),
        session_pdf(fresh_db, other),
    ):
        fonts = _fonts(reader)
        assert fonts
        for font in fonts:
            name = str(font.get("/BaseFont"))
            assert "Helvetica" not in name and "Times" not in name and "Courier" not in name
            if font.get("/Subtype") == "/Type0":
                continue  # its descendant font carries the file
            descriptor = font.get("/FontDescriptor")
            assert descriptor is not None, name
            descriptor = descriptor.get_object()
            assert any(k in descriptor for k in ("/FontFile2", "/FontFile", "/FontFile3")), name
