"""Hostile text in every free-text field: the PDF builds and keeps every printable string."""

from __future__ import annotations

import io
import re
import unicodedata
from datetime import UTC, date

import pytest
from pypdf import PdfReader

from facilitator.report import render_session, session_data
from tests.facilitator.report.hostile import hostile_session

CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def squash(text: str) -> str:
    """Whitespace removed: line wrapping and right-to-left runs move spaces, not letters."""
    return "".join(ch for ch in text if not ch.isspace())


def printable_pieces(text: str) -> list[str]:
    """The printable strings of a field: split at the separators and control characters."""
    return [squash(p) for part in text.split(" | ") for p in CONTROL.split(part) if squash(p)]


@pytest.fixture(scope="module")
def hostile_pdf() -> tuple[str, dict[str, str], bytes]:
    from facilitator.store import memory

    database = memory()
    session_id, fields = hostile_session(database)
    buffer = io.BytesIO()
    render_session(session_data(database, session_id), buffer, today=date(2026, 3, 4), tz=UTC)
    return session_id, fields, buffer.getvalue()


def extracted(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return squash("".join(page.extract_text() for page in reader.pages))


def test_every_printable_string_survives_verbatim(hostile_pdf) -> None:
    _, fields, pdf = hostile_pdf
    text = extracted(pdf)
    missing = []
    for name, value in fields.items():
        if name == "decision":
            continue
        for piece in printable_pieces(value):
            if piece not in text:
                missing.append((name, piece))
    assert missing == []


def test_the_100000_character_decision_survives_in_pieces(hostile_pdf) -> None:
    """Every word of the 100,000 characters is found verbatim, each numbered word once.

    The words are checked one by one rather than as one string: pypdf regroups a line's
    right-to-left runs when they come from several font subsets, which can move a run (and
    the words between two runs) elsewhere on its line.
    """
    _, fields, pdf = hostile_pdf
    text = extracted(pdf)
    assert len(fields["decision"]) == 100_000
    words = CONTROL.sub("", fields["decision"]).split()
    numbered = [w for w in words if re.fullmatch(r"w\d{5}", w)]
    assert len(numbered) > 5000
    missing = [w for w in set(words) if w not in text]
    assert missing == []
    found = set(re.findall(r"w\d{5}", text))
    assert [w for w in numbered if w not in found] == []


def test_markup_is_printed_not_obeyed(hostile_pdf) -> None:
    _, _, pdf = hostile_pdf
    text = extracted(pdf)
    assert "<b>" in text and "<imgsrc=x>" in text and '<>&"' in text
    assert "&amp;" not in text and "&lt;" not in text


def test_control_characters_do_not_reach_the_page(hostile_pdf) -> None:
    _, _, pdf = hostile_pdf
    reader = PdfReader(io.BytesIO(pdf))
    raw = "".join(page.extract_text() for page in reader.pages)
    assert not [ch for ch in raw if unicodedata.category(ch) == "Cc" and ch not in "\n\t "]
