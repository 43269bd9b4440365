"""What a report's PDF says about itself: title, subject, author, keywords and language.

A document list, a search tool or a screen reader reads these without opening a page:
the subject of a session report is its dilemma, the author the scribe who took the
minutes (else the team), and the keywords the team, the day and what the session
recorded. The language is that of the script most of the user's words are in, when
the script names one plainly (Hebrew, Arabic, Greek); otherwise the report's own English.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from facilitator.record import SessionRecord
    from facilitator.report.team import TeamReportData

SUBJECT_LIMIT = 300  # characters of the dilemma kept as the subject
# Scripts whose letters name one language well enough to declare it (the report's own
# words stay English, so a mixed text keeps "en").
_HEBREW = r"[\u05d0-\u05ea\u05f0-\u05f2\ufb1d-\ufb4f]"
_ARABIC = r"[\u0620-\u064a\u066e-\u06d3\u06fa-\u06ff\u0750-\u077f\u08a0-\u08c9\ufb50-\ufefc]"
_GREEK = r"[\u0386-\u03ff\u1f00-\u1ffc]"
_SCRIPT_WORDS = [
    (re.compile(_HEBREW + "+"), "he"),
    (re.compile(_ARABIC + "+"), "ar"),
    (re.compile(_GREEK + "+"), "el"),
]
_WORD = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True)
class DocInfo:
    """The PDF's document information and its catalog's language."""

    title: str
    subject: str = ""
    author: str = ""
    keywords: tuple[str, ...] = ()
    lang: str = "en"


def language(texts: Iterable[str]) -> str:
    """``he``, ``ar`` or ``el`` when more words of ``texts`` are in that script than in any
    other (Latin and the other scripts together counted as the report's own ``en``).

    Words, not letters: Arabic spells out more letters per word than Hebrew, so a text
    mostly in Hebrew words with some Arabic ones would count as Arabic by its letters."""
    text = "\n".join(texts)
    if not text or max(text) < "\u0370":
        return "en"  # nothing beyond Latin
    counts = {lang: len(words.findall(text)) for words, lang in _SCRIPT_WORDS}
    others = len(_WORD.findall(text)) - sum(counts.values())
    lang, most = max(counts.items(), key=lambda count: count[1])  # a tie: the first listed
    return lang if most > others else "en"


def _one_line(text: str, limit: int = SUBJECT_LIMIT) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


def _kinds(counts: Iterable[tuple[str, int]]) -> list[str]:
    return [name for name, n in counts if n]


def scribe(record: SessionRecord) -> str:
    """Who held the Scribe role in the session (the minutes are theirs), or ``""``."""
    from facilitator.report.figures import listed_roles

    for a in listed_roles(record):
        if record.role_name(a.role_id).strip().lower() == "scribe" and not a.shadow_of:
            return record.person(a.participant_id)
    return ""


def session_info(record: SessionRecord) -> DocInfo:
    """The session report's: its dilemma as subject, the scribe (or team) as author."""
    from facilitator.report.figures import session_day

    s = record.session
    kinds = _kinds(
        [
            ("decisions", len(record.decisions)),
            ("actions", len(record.actions)),
            ("experiments", len(record.experiments)),
            ("learnings", len(record.learnings)),
            ("ideas", len(record.contributions)),
        ]
    )
    day = session_day(record)
    texts = [s.title, s.dilemma]
    for items in (record.decisions, record.actions, record.learnings, record.contributions):
        texts += [item.text for item in items]
    texts += [x.hypothesis for x in record.experiments]
    return DocInfo(
        title=s.title,
        subject=_one_line(s.dilemma) or s.title,
        author=scribe(record) or record.team.name,
        keywords=tuple(k for k in (record.team.name, day, *kinds) if k),
        lang=language(texts),
    )


def team_info(data: TeamReportData) -> DocInfo:
    """The team report's: the team and the period it covers."""
    from facilitator.report.figures import session_day
    from facilitator.report.team_summary import sessions_text

    days = sorted(d for d in (session_day(r) for r in data.records) if d)
    first = data.start.isoformat() if data.start else (days[0] if days else "")
    last = data.end.isoformat() if data.end else (days[-1] if days else "")
    period = f"{first} to {last}" if first and last else first or last  # as the cover says
    records = data.records
    kinds = _kinds(
        [
            ("decisions", sum(len(r.decisions) for r in records)),
            ("actions", sum(len(r.actions) for r in records)),
            ("experiments", sum(len(r.experiments) for r in records)),
            ("learnings", sum(len(r.learnings) for r in records)),
        ]
    )
    count = sessions_text(records, named=True)
    texts = [data.team.name, *(r.session.title for r in records)]
    texts += [r.session.dilemma for r in records]
    return DocInfo(
        title=f"{data.team.name} — team report",
        subject=f"How {data.team.name} led and followed through: {count}"
        + (f", {period}" if period else ""),
        author=data.team.name,
        keywords=tuple(k for k in (data.team.name, period, *kinds) if k),
        lang=language(texts),
    )
