"""Print-ready PDF reports: one session, or a team across all its sessions.

reportlab loads only when a report is built (``import facilitator.report`` stays cheap).
Every function writes through a temporary file in the target folder and renames it into
place, so a failed build never leaves a half-written PDF.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from facilitator import record as records
from facilitator import session_time
from facilitator.outfile import check_target, safe_stem, write_atomically
from facilitator.store import sessions, teams
from facilitator.store.database import Database

if TYPE_CHECKING:
    from reportlab.platypus import Flowable

    from facilitator.report.metadata import DocInfo
    from facilitator.report.session import SessionReportData
    from facilitator.report.team import TeamReportData
    from facilitator.report.text import Text

Progress = Callable[[int, str], None]  # percent done, what is happening


def _quiet(_percent: int, _what: str) -> None:
    return None


def default_file_name(title: str, day: str, suffix: str = ".pdf") -> str:
    """``2026-03-02 Pause or push on.pdf``: a safe file name from a date and a title."""
    safe = safe_stem(title, "Facilitator report")
    return f"{day} {safe}{suffix}" if day else f"{safe}{suffix}"


# ------------------------------------------------------------------ data


def session_data(database: Database, session_id: str) -> SessionReportData:
    """The record of a session, with the titles of the earlier sessions it reviewed."""
    from facilitator.report.session import SessionReportData

    rec = records.load(database, session_id)
    titles: dict[str, str] = {}
    origins = {a.session_id for a in rec.reviewed_actions} | {
        x.session_id for x in rec.reviewed_experiments
    }
    for sid in origins:
        try:
            other = sessions.get_session(database, sid)
        except Exception:  # noqa: BLE001 - a missing origin only loses its title
            continue
        day = session_time.session_day_text(other)
        from facilitator.report.figures import short_date

        titles[sid] = f"{other.title} ({short_date(day)})" if day else other.title
    return SessionReportData(rec, titles)


def team_data(database: Database, team_id: str) -> TeamReportData:
    from facilitator.report.figures import session_day
    from facilitator.report.team import TeamReportData

    team = teams.get_team(database, team_id)
    loaded = [records.load(database, s.id) for s in sessions.list_sessions(database, team_id)]
    loaded.sort(key=lambda r: (session_day(r), r.session.created_at))
    return TeamReportData(
        team,
        teams.list_participants(database, team_id, include_inactive=True),
        teams.list_roles(database, team_id),
        loaded,
    )


# ------------------------------------------------------------------ building


def _missing_note(text: Text) -> list[Flowable]:
    """What the report says when some characters could not be drawn by any font."""
    from xml.sax.saxutils import escape

    from reportlab.platypus import Paragraph

    from facilitator.report.fonts import describe
    from facilitator.report.layout import S, heading

    if not text.missing:
        return []
    chars = list(text.missing)
    out: list[Flowable] = heading("Characters that could not be drawn")
    out.append(
        Paragraph(
            "No font on this computer can draw the characters below, so they print as empty "
            "boxes. They are kept in the PDF's text: copying the text returns them as typed.",
            S.body,
        )
    )
    for ch in chars[:500]:
        out.append(Paragraph(escape(describe(ch)), S.cell))
    if len(chars) > 500:
        out.append(Paragraph(f"… and {len(chars) - 500} more.", S.cell))
    return out


def _cover_warning(text: Text) -> list[Flowable]:
    from reportlab.platypus import Paragraph

    from facilitator.report.layout import S, gap

    if not text.missing:
        return []
    n = len(text.missing)
    return [
        gap(4),
        Paragraph(
            f"<b>Note:</b> {n} character{'s' if n != 1 else ''} in this report could not be "
            "drawn by any font on this computer; the last page lists them.",
            S.note,
        ),
    ]


def _render(
    story_of: Callable[[Text, float], tuple[list[Flowable], int]],
    paper: str,
    info: DocInfo,
    header_left: str,
    header_right: str,
    footer: str,
    handle: BinaryIO,
    progress: Progress,
) -> None:
    from facilitator.report.layout import canvas_class, frame_width, make_doc, paper_size
    from facilitator.report.text import Text

    paper_size(paper)  # refuse an unknown paper before any work
    text = Text()
    progress(10, "Gathering the content")
    story, slot = story_of(text, frame_width(paper))
    story[slot:slot] = _cover_warning(text)
    story += _missing_note(text)
    doc = make_doc(handle, paper, info.title, header_left, header_right, text, info)

    pages = [0]

    def on_page(_canvas: object, _doc: object) -> None:
        pages[0] += 1
        progress(min(95, 20 + pages[0] * 5), f"Laying out page {pages[0]}")

    for template in doc.pageTemplates:
        inner = template.onPageEnd

        def chained(canvas: object, d: object, _inner: object = inner) -> None:
            _inner(canvas, d)  # type: ignore[operator]
            on_page(canvas, d)

        template.onPageEnd = chained
    progress(20, "Laying out pages")
    doc.build(story, canvasmaker=canvas_class(footer))
    progress(100, "Done")


def render_session(
    data: SessionReportData,
    handle: BinaryIO,
    *,
    paper: str = "a4",
    today: date | None = None,
    tz: tzinfo | None = None,
    progress: Progress = _quiet,
) -> None:
    """Write the session report as PDF bytes to ``handle``."""
    from facilitator.direction import isolate
    from facilitator.report.figures import long_date, session_day, today_in
    from facilitator.report.metadata import session_info
    from facilitator.report.session import SessionStory

    rec = data.record
    day = today or today_in(tz)

    def story_of(text: Text, width: float) -> tuple[list[Flowable], int]:
        builder = SessionStory(data, width, text, day, tz)
        flow = builder.build()
        return flow, builder.missing_slot

    _render(
        story_of,
        paper,
        session_info(rec),
        f"{isolate(rec.team.name)} — {isolate(rec.session.title)}",  # two names: never mixed
        long_date(session_day(rec)),
        f"Facilitator session report · made {day.day} {day:%b %Y}",
        handle,
        progress,
    )


def render_team(
    data: TeamReportData,
    handle: BinaryIO,
    *,
    paper: str = "a4",
    today: date | None = None,
    tz: tzinfo | None = None,
    progress: Progress = _quiet,
) -> None:
    """Write the team report as PDF bytes to ``handle``."""
    from facilitator.report.figures import today_in
    from facilitator.report.metadata import team_info
    from facilitator.report.team import TeamStory
    from facilitator.report.team_summary import sessions_text

    day = today or today_in(tz)

    def story_of(text: Text, width: float) -> tuple[list[Flowable], int]:
        builder = TeamStory(data, width, text, day, tz)
        flow = builder.build()
        return flow, builder.missing_slot

    _render(
        story_of,
        paper,
        team_info(data),
        data.team.name,
        f"Team report · {sessions_text(data.records, named=True)}",
        f"Facilitator team report · made {day.day} {day:%b %Y}",
        handle,
        progress,
    )


def session_report(
    database: Database,
    session_id: str,
    out: Path,
    *,
    paper: str = "a4",
    today: date | None = None,
    tz: tzinfo | None = None,
    progress: Progress = _quiet,
) -> Path:
    """Build the session report into ``out`` (temporary file, then rename)."""
    check_target(Path(out), database.path)  # never the database, its files, a device
    data = session_data(database, session_id)
    return write_atomically(
        Path(out),
        lambda fh: render_session(data, fh, paper=paper, today=today, tz=tz, progress=progress),
        protected=database.path,
    )


def team_report(
    database: Database,
    team_id: str,
    out: Path,
    *,
    paper: str = "a4",
    today: date | None = None,
    tz: tzinfo | None = None,
    progress: Progress = _quiet,
) -> Path:
    """Build the team report into ``out`` (temporary file, then rename)."""
    check_target(Path(out), database.path)  # never the database, its files, a device
    data = team_data(database, team_id)
    return write_atomically(
        Path(out),
        lambda fh: render_team(data, fh, paper=paper, today=today, tz=tz, progress=progress),
        protected=database.path,
    )
