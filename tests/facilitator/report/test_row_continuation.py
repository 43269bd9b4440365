"""A table row stays one ruled row: cut only at a page foot, continued under its name.

The 300-capture session's long actions, contributions and role reasons are drawn as one
row each; a row is cut only where it crosses a page foot, and its rest at the top of the
next page repeats the cells that say whose row it is, with a "(continued)" that is never
broken mid-word, however narrow the column it sits in.
"""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from facilitator.report.pagination import ContinuedTable, _empty
from facilitator.store import memory
from tests.facilitator.report.test_pagination import (
    MM,
    SENTENCE,
    long_session,
    page_lines,
    session_pdf,
)

# A line holding part of the word but not the whole note: "(cont", "inue", "d)" alone.
BROKEN = re.compile(r"\(cont(?!inued\))|(?<!\(cont)inued?\)|^\s*d\)|\bcontin\b|\binue\b")


@pytest.fixture(scope="module")
def drawn() -> tuple[bytes, list[tuple[int, int, list[object]]]]:
    """The long session's report, and every body row of a headed table as drawn."""
    rows: list[tuple[int, int, list[object]]] = []
    real = ContinuedTable.draw

    def draw(self: ContinuedTable) -> None:
        header = self.repeatRows if isinstance(self.repeatRows, int) else len(self.repeatRows)
        if header:
            page = self.canv.getPageNumber()
            for r, row in enumerate(self._cellvalues[header:], header):
                rows.append((page, r, [row[c] for c in self.identify if c < len(row)]))
        real(self)

    database = memory()
    sample = long_session(database)
    ContinuedTable.draw = draw  # type: ignore[method-assign]
    try:
        pdf = session_pdf(database, sample, "a4")
    finally:
        ContinuedTable.draw = real  # type: ignore[method-assign]
    return pdf, rows


def test_every_drawn_row_of_the_long_session_says_whose_it_is(drawn) -> None:
    pdf, rows = drawn
    assert len(rows) > 200  # roles, actions, contributions, participation
    anonymous = [(page, r) for page, r, cells in rows if any(_empty(c) for c in cells)]
    assert anonymous == []


def test_a_long_action_is_one_row_cut_only_at_the_page_foot(drawn) -> None:
    pdf, _rows = drawn
    pages = [page_lines(p) for p in PdfReader(io.BytesIO(pdf)).pages]
    numbers: list[str] = []
    for lines in pages:
        texts = [" ".join(f.text for f in line) for line in lines]
        if not any(t.startswith("# Action Owner") for t in texts):
            continue
        for line in lines:
            first = line[0]
            if re.fullmatch(r"A\d+", first.text):
                numbers.append(first.text)
    # Each action's number shows once, or again only as the continued row on a new page.
    counts = {n: numbers.count(n) for n in numbers}
    assert max(counts.values()) <= 3
    shown = sorted({int(n[1:]) for n in numbers})
    assert shown == list(range(1, len(shown) + 1))
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert text.count("(continued)") <= len(pages)  # one continued row per page at most


def test_continued_is_never_broken_in_the_long_session(drawn) -> None:
    pdf, _rows = drawn
    lines = [
        line
        for page in PdfReader(io.BytesIO(pdf)).pages
        for line in page.extract_text().splitlines()
    ]
    assert any("(continued)" in line for line in lines)
    assert [line for line in lines if BROKEN.search(line)] == []


def test_continued_fits_a_narrow_identifying_column() -> None:
    from facilitator.report.layout import S, heading, make_doc, table
    from facilitator.report.text import Text

    text = Text()
    rows = [
        [text.para(h, S.head) for h in ("#", "Action", "Due")],
        [
            text.para("A40", S.cell),
            [text.para(f"Part {i}. " + SENTENCE * 6, S.cell) for i in range(14)],
            text.para("20 Mar", S.cell),
        ],
    ]
    buffer = io.BytesIO()
    doc = make_doc(buffer, "a4", "Actions", "Team", "Day", text)
    doc.build([*heading("Actions"), table(rows, [10 * MM, 120 * MM, 20 * MM], identify=(0,))])
    pages = PdfReader(io.BytesIO(buffer.getvalue())).pages
    assert len(pages) >= 3
    for page in pages[1:]:
        lines = page.extract_text().splitlines()
        assert [line for line in lines if BROKEN.search(line)] == []
        top = [f.text for line in page_lines(page)[:3] for f in line]
        assert "A40" in top
