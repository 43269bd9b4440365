"""Hebrew and Arabic in a real session report: numbers, brackets, joining, line order, copying.

Each report is rendered twice: with the machine's fonts as fallbacks and with the bundled
DejaVu faces alone (they cover Hebrew and Arabic), so the checks hold on a bare machine.
What the page shows is read from the text drawn: every string written with a text
position is recorded, and a line is its pieces sorted from left to right.
"""

from __future__ import annotations

import io
import unicodedata
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from itertools import count
from typing import Any

import pytest
from bidi.algorithm import get_display
from pypdf import PdfReader
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.textobject import PDFTextObject
from reportlab.platypus import SimpleDocTemplate

from facilitator import planning
from facilitator.clock import iso
from facilitator.model import Action, Contribution, Decision, Learning, Phase
from facilitator.report import fonts, render_session, session_data
from facilitator.report.layout import S
from facilitator.report.text import BidiParagraph, Text
from facilitator.store import captures, sessions, teams
from facilitator.store.database import Database

MIRROR_CODES = fonts.MIRROR_CODES

BRACKETS = "שלום (עולם) טוב"
PERCENT = "הנחה 25% היום"
FRACTION = "עמוד 3/10"
TIME = "الساعة 09:30 صباحا"
DECIMAL = "السعر 3.14 دينار"
BUDGET = "الميزانية لعام 2026 هي 1,500 دينار"
ARABIC_NAME = "محمد عبد الله"
HEBREW_NAME = "שרה לוי"
SENTENCE = (
    "قررنا أن ننقل المستودع إلى الموقع الجديد في الربيع بعد أن نراجع التكلفة مع الفريق "
    "كله ثم نقيس الوقت الذي يأخذه كل طلب في الأسبوع الأول ونكتب خطة واضحة للنقل"
)
FIRST_WORD, LAST_WORD = "قررنا"[::-1], "للنقل"[::-1]  # as drawn: right to left
CJK_SENTENCE = "中文 会议: " + SENTENCE
LINES = [BRACKETS, PERCENT, FRACTION, TIME, DECIMAL, BUDGET]


@dataclass
class Piece:
    x: float
    text: str
    font: str


def seen(text: str) -> str:
    """A drawn string as the eye reads its glyphs: mirror codes and joined forms undone."""
    out = []
    for ch in text:
        code = ord(ch)
        if code >= MIRROR_CODES:
            from bidi.mirror import MIRRORED

            typed = chr(code - MIRROR_CODES)
            out.append(MIRRORED.get(typed, typed))
        else:
            out.append(unicodedata.normalize("NFKC", ch) if 0xFB50 <= code <= 0xFEFF else ch)
    return "".join(out)


class Drawn:
    """Every string reportlab writes with a text position, grouped into lines."""

    def __init__(self) -> None:
        self.lines: dict[tuple[int, float], list[Piece]] = defaultdict(list)
        self.objects = count()

    def install(self, monkeypatch: pytest.MonkeyPatch) -> None:
        drawn = self

        def recording(write: Any) -> Any:
            def record(tx: Any, text: str = "", *args: Any) -> Any:
                if not hasattr(tx, "_seen_no"):
                    tx._seen_no = next(drawn.objects)
                key = (tx._seen_no, round(tx._y, 2))
                drawn.lines[key].append(Piece(tx._x, text, tx._fontname))
                return write(tx, text, *args)

            return record

        for name in ("textOut", "_textOut", "textLine"):
            monkeypatch.setattr(PDFTextObject, name, recording(getattr(PDFTextObject, name)))

    def raw_lines(self) -> list[str]:
        """Each line's drawn characters from left to right, as written."""
        return [
            "".join(p.text for p in sorted(pieces, key=lambda p: p.x))
            for pieces in self.lines.values()
        ]

    def visual_lines(self) -> list[str]:
        return [seen(line) for line in self.raw_lines()]

    def fonts_of(self, needle: str) -> list[set[str]]:
        return [
            {p.font for p in pieces}
            for pieces in self.lines.values()
            if needle in seen("".join(p.text for p in sorted(pieces, key=lambda p: p.x)))
        ]


def rtl_session(database: Database) -> str:
    team = teams.create_team(database, "Warehouse team")
    people = [
        teams.add_participant(database, team.id, name, area="المستودع")
        for name in (ARABIC_NAME, HEBREW_NAME, "Anna Berg")
    ]
    session = sessions.create_session(
        database,
        team.id,
        "مراجعة المستودع",
        dilemma=SENTENCE,
        planned_date="2026-03-02",
        planned_start="09:30",
    )
    planning.set_present(database, session.id, [p.id for p in people])
    start = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
    sessions.add_phases(
        database,
        [
            Phase(
                session.id,
                0,
                "Open",
                300,
                started_at=iso(start),
                ended_at=iso(start + timedelta(seconds=300)),
            )
        ],
    )
    captures.add(database, Decision(session.id, BRACKETS))
    captures.add(database, Decision(session.id, TIME))
    captures.add(database, Action(session.id, PERCENT, owner_id=people[0].id, due="2026-03-20"))
    captures.add(database, Learning(session.id, DECIMAL))
    for text in (BUDGET, FRACTION, SENTENCE, CJK_SENTENCE):
        captures.add(database, Contribution(session.id, text, participant_id=people[1].id))
    return session.id


@pytest.fixture(scope="module", params=["system fonts", "bundled fonts only"])
def report(request: pytest.FixtureRequest) -> Iterator[tuple[Drawn, bytes]]:
    from facilitator.store import memory

    with pytest.MonkeyPatch.context() as patch:
        if request.param == "bundled fonts only":
            patch.setattr(fonts, "system_font_dirs", lambda: [])
            patch.setattr(fonts, "_shared_fallback", None)
        drawn = Drawn()
        drawn.install(patch)
        database = memory()
        session_id = rtl_session(database)
        buffer = io.BytesIO()
        render_session(session_data(database, session_id), buffer, today=date(2026, 3, 4), tz=UTC)
        yield drawn, buffer.getvalue()


def squash(text: str) -> str:
    return "".join(ch for ch in text if not ch.isspace())


def extracted(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


# ------------------------------------------------------------------ what the page shows
@pytest.mark.parametrize("logical", LINES)
def test_numbers_times_decimals_percent_and_brackets_read_right(report, logical) -> None:
    """The line drawn is python-bidi's display order: "1,500", not "500,1"; "(עולם)"."""
    drawn, _ = report
    expected = get_display(logical)
    assert expected in drawn.visual_lines()


def test_no_number_is_reversed_on_the_page(report) -> None:
    drawn, _ = report
    page = "\n".join(drawn.visual_lines())
    for wrong in ("500,1", "30:09", "14.3", "%25", "10/3", ")םלוע("):
        assert wrong not in page
    for right in ("1,500", "09:30", "3.14", "25%", "3/10", "(םלוע)"):
        assert right in page


def test_arabic_letters_are_drawn_joined(report) -> None:
    """The glyphs written for Arabic are joined presentation forms, never bare letters."""
    drawn, _ = report
    arabic_lines = [line for line in drawn.raw_lines() if "\ufeaa\ufee4\ufea4\ufee3" in line]
    assert arabic_lines, (
        "محمد is drawn (left to right) final dal, medial meem and hah, initial meem"
    )
    letters = [ch for line in drawn.raw_lines() for ch in line if 0x0620 <= ord(ch) <= 0x064A]
    assert letters == []


def test_a_wrapped_arabic_paragraph_reads_top_to_bottom(report) -> None:
    drawn, _ = report
    lines = drawn.visual_lines()
    starts = [i for i, line in enumerate(lines) if FIRST_WORD in line and "中" not in line]
    assert len(starts) >= 2, "the dilemma and the contribution"
    for first in starts:
        assert LAST_WORD not in lines[first], "the sentence wraps onto more than one line"
        assert any(LAST_WORD in line for line in lines[first + 1 : first + 5])


def test_a_wrapped_line_with_a_fallback_font_keeps_its_order(report) -> None:
    """Chinese before Arabic: the first line starts the sentence, whatever font draws 中文."""
    drawn, _ = report
    lines = drawn.visual_lines()
    cjk = next(i for i, line in enumerate(lines) if "中文" in line)
    assert FIRST_WORD in lines[cjk]
    assert LAST_WORD not in lines[cjk]
    assert any(LAST_WORD in line for line in lines[cjk + 1 : cjk + 4])
    # Chinese stays at the left of its line (it starts the paragraph left to right).
    assert lines[cjk].index("中文") < lines[cjk].index(FIRST_WORD)


# ------------------------------------------------------------------ what copying gives
@pytest.mark.parametrize("logical", [*LINES, ARABIC_NAME, HEBREW_NAME])
def test_copying_gives_the_text_as_typed(report, logical) -> None:
    _, pdf = report
    assert squash(logical) in squash(extracted(pdf))


def test_copying_gives_numbers_in_order_and_no_joined_forms(report) -> None:
    _, pdf = report
    text = extracted(pdf)
    for right in ("1,500", "09:30", "3.14", "25%", "3/10", "(עולם)"):
        assert right in text
    for wrong in ("500,1", "30:09", "14.3", ")עולם("):
        assert wrong not in text
    assert not [ch for ch in text if 0xFB50 <= ord(ch) <= 0xFEFF or ord(ch) >= MIRROR_CODES]


def test_a_wrapped_sentence_copies_in_reading_order(report) -> None:
    _, pdf = report
    assert squash(SENTENCE) in squash(extracted(pdf))


# ------------------------------------------------------------------ alignment and fonts
def test_a_right_to_left_paragraph_aligns_right_and_a_name_in_a_cell_keeps_its_column() -> None:
    text = Text()
    body = text.para(BUDGET, S.body)
    assert isinstance(body, BidiParagraph)
    assert body.wrap(400, 100)[0] == 400
    name = text.para(ARABIC_NAME, S.cell)
    width, _ = name.wrap(150, 100)
    assert width < 80, "the name's block is as wide as the name, at the column's start"
    assert text.para("Anna", S.cell).wrap(150, 100)[0] == 150


def test_italic_arabic_is_drawn_upright_and_its_wrapped_lines_keep_order(monkeypatch) -> None:
    """The oblique face has no Arabic: the line switches fonts per run and keeps its order."""
    monkeypatch.setattr(fonts, "system_font_dirs", lambda: [])
    monkeypatch.setattr(fonts, "_shared_fallback", None)
    drawn = Drawn()
    drawn.install(monkeypatch)
    text = Text()
    story = [text.para("Note " + SENTENCE, S.empty, italic=True)]
    SimpleDocTemplate(io.BytesIO(), pagesize=(300, 800)).build(story)
    assert text.missing == {}
    lines = drawn.visual_lines()
    assert len(lines) > 1
    assert lines[0].startswith("Note") and FIRST_WORD in lines[0]
    assert LAST_WORD in lines[-1]
    assert {fonts.ITALIC, fonts.REGULAR} <= set().union(*drawn.fonts_of("Note"))


def test_left_to_right_text_loads_neither_bidi_library() -> None:
    import subprocess
    import sys

    code = (
        "import io, sys\n"
        "from reportlab.platypus import SimpleDocTemplate\n"
        "from facilitator.report.layout import S\n"
        "from facilitator.report.text import Text\n"
        "t = Text()\n"
        "SimpleDocTemplate(io.BytesIO()).build([t.para('Budget (2026) 1,500', S.body)])\n"
        "t.plain('Team (ops)')\n"
        "print(sorted(m for m in sys.modules if m.startswith(('bidi', 'arabic_reshaper'))))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_a_full_stop_at_a_line_break_stays_with_its_right_to_left_run(monkeypatch) -> None:
    """Levels are resolved over the paragraph: the full stop between two Hebrew sentences
    that ends the first line is drawn at the left end of its run, where a Hebrew reader
    ends the sentence, not at the right end where it would start it."""
    drawn = Drawn()
    drawn.install(monkeypatch)
    text = Text()
    opening = "Objections: we heard שלום עולם."
    para = text.para(opening + " " + "אבגדהוזחטיכלמנסעפצקרשת" * 2, S.body)
    width = stringWidth(opening, S.body.fontName, S.body.fontSize) + 12 + 4  # frame padding
    doc = SimpleDocTemplate(io.BytesIO(), pagesize=(width, 400), leftMargin=0, rightMargin=0)
    doc.build([para])
    first = drawn.visual_lines()[0]
    assert first == "Objections: we heard .םלוע םולש"


def test_a_long_right_to_left_paragraph_flows_across_pages_in_reading_order() -> None:
    text = Text()
    long = " ".join(f"{SENTENCE} {n}" for n in range(12))
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=(300, 200))
    doc.build([text.para(long, S.body)])
    reader = PdfReader(io.BytesIO(buffer.getvalue()))
    assert len(reader.pages) > 2
    copied = squash("".join(page.extract_text() for page in reader.pages))
    assert copied == squash(long)
