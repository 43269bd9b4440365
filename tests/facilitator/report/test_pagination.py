"""Pagination that holds: no heading alone at a page foot, one table header per page.

The reports are read back with pypdf, line by line with each fragment's font and size: a
section heading is bold text of 10.5 pt or more; a table header is a line made only of
bold 7.5–8 pt fragments in two or more columns, and printing it twice with no heading
between is the fault. Over the demo session, a 300-capture
session and a team with ten years of sessions, on A4 and on Letter.
"""

from __future__ import annotations

import io
import sys
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from pypdf import PdfReader

from facilitator import capture, planning
from facilitator.clock import FakeClock, iso
from facilitator.demo import add_demo
from facilitator.model import RoleAssignment
from facilitator.report import render_session, render_team, session_data, team_data
from facilitator.store import assignments, memory, sessions, teams
from facilitator.store.database import Database

TODAY = date(2026, 3, 4)
MM = 72 / 25.4
BENCHMARKS = Path(__file__).resolve().parents[3] / "benchmarks"
FOOTER_ZONE = 20 * 72 / 25.4  # the bottom margin: the page number lives below it
HEADER_ZONE = 24 * 72 / 25.4  # the top margin: the running header lives above it


@dataclass(frozen=True)
class Fragment:
    x: float
    y: float
    text: str
    font: str
    size: float

    @property
    def bold(self) -> bool:
        return "Bold" in self.font


def page_lines(page: object) -> list[list[Fragment]]:
    """The body text of a page as lines (top first), each its fragments left to right."""
    frags: list[Fragment] = []
    height = float(page.mediabox.height)  # type: ignore[attr-defined]

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        if not text.strip() or not font:
            return
        x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        if y < FOOTER_ZONE - 2 or y > height - HEADER_ZONE + 2:
            return  # the running header and the page footer
        name = str(font.get("/BaseFont", ""))  # type: ignore[attr-defined]
        frags.append(Fragment(x, y, text.strip(), name, round(size * abs(tm[3]) or size, 1)))

    page.extract_text(visitor_text=visit)  # type: ignore[attr-defined]
    lines: list[list[Fragment]] = []
    for frag in sorted(frags, key=lambda f: -f.y):
        if lines and abs(lines[-1][0].y - frag.y) < 1.5:
            lines[-1].append(frag)
        else:
            lines.append([frag])
    return [sorted(line, key=lambda f: f.x) for line in lines]


def is_heading(line: list[Fragment]) -> bool:
    return all(f.bold and f.size >= 10.4 for f in line)


def header_key(line: list[Fragment]) -> str | None:
    """The text of a table-header line (bold 7.5–8 pt in two or more columns), else None."""
    if len(line) >= 2 and all(f.bold and 7.4 <= f.size <= 8.1 for f in line):
        return " | ".join(f.text for f in line)
    return None


def pagination_faults(pdf: bytes) -> list[str]:
    """Every heading left alone at a page foot, and every table header printed twice on a
    page with no heading between (a table that starts again under a heading of its own,
    such as one table per year, is a new table)."""
    faults = []
    for number, page in enumerate(PdfReader(io.BytesIO(pdf)).pages, 1):
        lines = page_lines(page)
        if lines and is_heading(lines[-1]):
            faults.append(f"page {number}: heading at the foot: {lines[-1][0].text!r}")
        seen: Counter[str] = Counter()
        for line in lines:
            if is_heading(line):
                seen.clear()
            elif key := header_key(line):
                seen[key] += 1
                if seen[key] == 2:
                    faults.append(f"page {number}: table header {key!r} printed twice")
    return faults


# ------------------------------------------------------------------ sessions

SENTENCE = (
    "Shadow mode lets Bristol learn the system without putting customers at risk, "
    "and ties the switch to evidence rather than a date. "
)
NAMES = ["Αλέξανδρος Χατζηγεωργίου", "Дмитрий Шостакович", "Łucja Wiśniewska", "Nguyễn Thị Hà"]


def long_session(database: Database) -> str:
    """The demo session grown to 300 captures of every kind and length, 14 people present,
    and role reasons long enough to cross a page."""
    sample = add_demo(database, today=TODAY)
    session = sessions.get_session(database, sample)
    present = list(planning.present_ids(database, sample))
    for i in range(14 - len(present)):
        person = teams.add_participant(database, session.team_id, f"{NAMES[i % 4]} {i}")
        present.append(person.id)
    planning.set_present(database, sample, present)
    roles = teams.list_roles(database, session.team_id)
    start = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
    assignments.add_assignments(
        database,
        [
            RoleAssignment(
                sample,
                role.id,
                present[i],
                reason=f"Reason {i}: " + SENTENCE * (3 + 11 * (i % 3)),
                created_at=iso(start),
            )
            for i, role in enumerate(roles)
        ],
    )
    clock = FakeClock(start)
    kinds = ["decision", "action", "contribution", "learning", "experiment"]
    for i in range(300 - 20):
        kind = kinds[i % len(kinds)]
        length = (1, 2, 7, 1, 19, 3)[i % 6]
        text = f"{kind.capitalize()} {i}: " + SENTENCE * length
        fields: dict[str, object] = {}
        if kind == "decision":
            fields = {"rationale": SENTENCE * (i % 4), "objections": SENTENCE * (i % 3)}
        elif kind == "action":
            fields = {"owner_id": present[i % len(present)], "due": "2026-03-20"}
        elif kind == "contribution":
            fields = {"participant_id": present[i % len(present)]}
        elif kind == "experiment":
            fields = {"what_we_try": SENTENCE * (i % 5), "stop_signal": SENTENCE}
        capture.add(database, kind, sample, text, clock=clock, **fields)
        clock.advance(20)
    return sample


def session_pdf(database: Database, session_id: str, paper: str) -> bytes:
    buffer = io.BytesIO()
    render_session(session_data(database, session_id), buffer, paper=paper, today=TODAY, tz=UTC)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def long_db() -> tuple[Database, str]:
    database = memory()
    return database, long_session(database)


@pytest.fixture(scope="module")
def decade(tmp_path_factory: pytest.TempPathFactory) -> tuple[Database, str]:
    """A team with ten years of sessions (the benchmark's archive, fewer captures)."""
    sys.path.insert(0, str(BENCHMARKS))
    try:
        from archive import build_archive  # type: ignore[import-not-found]
    finally:
        sys.path.remove(str(BENCHMARKS))
    from facilitator.store.database import open_database

    path = tmp_path_factory.mktemp("decade") / "archive.db"
    build_archive(path, sessions=520, captures=8000, today=TODAY)
    database = open_database(path)
    team = teams.list_teams(database)[0]  # 130 sessions over ten years
    return database, team.id


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_demo_session_report_paginates_cleanly(demo_db, paper: str) -> None:
    database, sample = demo_db
    assert pagination_faults(session_pdf(database, sample, paper)) == []


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_300_capture_session_paginates_cleanly(long_db, paper: str) -> None:
    database, sample = long_db
    pdf = session_pdf(database, sample, paper)
    assert len(PdfReader(io.BytesIO(pdf)).pages) > 30
    assert pagination_faults(pdf) == []


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_ten_year_team_report_paginates_cleanly(decade, paper: str) -> None:
    database, team_id = decade
    data = team_data(database, team_id)
    days = sorted(r.session.planned_date for r in data.records if r.session.planned_date)
    assert len(data.records) >= 100
    assert int(days[-1][:4]) - int(days[0][:4]) >= 9
    buffer = io.BytesIO()
    render_team(data, buffer, paper=paper, today=TODAY, tz=UTC)
    assert pagination_faults(buffer.getvalue()) == []


def _page_of(pdf: bytes, heading: str) -> list[list[Fragment]]:
    for page in PdfReader(io.BytesIO(pdf)).pages:
        lines = page_lines(page)
        if any(is_heading(line) and line[0].text == heading for line in lines):
            return lines
    raise AssertionError(f"no heading {heading!r}")


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_participation_heading_shares_its_page_with_the_chart_and_table(
    demo_db, long_db, paper: str
) -> None:
    for database, sample in (demo_db, long_db):
        lines = _page_of(session_pdf(database, sample, paper), "Participation")
        keys = {header_key(line) for line in lines}
        assert "Person | Airtime | Share | Turns | Roles held" in keys
        assert any(f.text == "equal share" for line in lines for f in line)  # the chart


def test_a_row_longer_than_a_page_continues_under_its_own_name() -> None:
    from facilitator.report.layout import S, heading, make_doc, table
    from facilitator.report.text import Text

    text = Text()
    reason = [text.para(f"Part {i}. " + SENTENCE * 6, S.cell) for i in range(14)]
    rows = [
        [text.para(h, S.head) for h in ("Role", "Held by", "Why this person")],
        [text.para("Facilitator", S.cell), text.para("Amara", S.cell), text.para("Short", S.cell)],
        [text.para("Timekeeper", S.cell), text.para("Zoë Marín", S.cell), reason],
    ]
    buffer = io.BytesIO()
    doc = make_doc(buffer, "a4", "Roles", "Team", "Day", text)
    doc.build([*heading("Roles"), table(rows, [30 * MM, 30 * MM, 110 * MM], identify=(0, 1))])
    pages = [page_lines(p) for p in PdfReader(io.BytesIO(buffer.getvalue())).pages]
    assert len(pages) >= 3
    for lines in pages[1:]:
        words = [f.text for line in lines[:3] for f in line]
        assert "Timekeeper" in words and "Zoë Marín" in words and "(continued)" in words
    assert pagination_faults(buffer.getvalue()) == []


def test_an_item_cut_into_rows_continues_under_its_number_and_owner() -> None:
    from facilitator.report.layout import S, heading, make_doc, table
    from facilitator.report.text import Text

    text = Text()
    rows = [[text.para(h, S.head) for h in ("#", "Action", "Owner")]]
    for i in range(40):  # one action's long text, a row per piece, as the report cuts it
        first = i == 0
        rows.append(
            [
                text.para("A1" if first else "", S.cell),
                text.para(f"Piece {i}. " + SENTENCE * 2, S.cell),
                text.para("Priya Nair" if first else "", S.cell),
            ]
        )
    buffer = io.BytesIO()
    doc = make_doc(buffer, "letter", "Actions", "Team", "Day", text)
    doc.build([*heading("Actions"), table(rows, [12 * MM, 110 * MM, 40 * MM], identify=(0, 2))])
    pages = [page_lines(p) for p in PdfReader(io.BytesIO(buffer.getvalue())).pages]
    assert len(pages) >= 2
    for lines in pages[1:]:
        words = [f.text for line in lines[:5] for f in line]
        assert "A1" in words and "Priya Nair" in words and "(continued)" in words
