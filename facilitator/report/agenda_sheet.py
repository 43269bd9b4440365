"""The agenda sheet: one or two pages to hand out or pin up before a session.

The team and its dilemma, when and where, each phase's planned clock times with its
format, mode and prompt, who holds which role and who is coming — in the reports' calm
grey look (``layout``), with user text through ``text`` like every report.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import BinaryIO
from xml.sax.saxutils import escape

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from facilitator import agenda
from facilitator import record as records
from facilitator.durations import length_text, minutes_text
from facilitator.model import AttendanceStatus, Phase, PhaseMode, label
from facilitator.outfile import check_target, write_atomically
from facilitator.record import SessionRecord
from facilitator.report import Progress, _quiet, figures
from facilitator.report.layout import SHADE, S, card, empty, gap, heading, shaded_box, table
from facilitator.report.metadata import SUBJECT_LIMIT, DocInfo, language
from facilitator.report.text import Text
from facilitator.store.database import Database

WHOLE_ROW_PROMPT = 1500  # characters: a phase with a longer prompt may split across pages
SIDE_BY_SIDE_ROWS = 20  # more roles or people than this: the two lists one below the other


class AgendaSheet:
    """Builds the flowables of one session's agenda sheet."""

    def __init__(self, record: SessionRecord, width: float, text: Text) -> None:
        self.r = record
        self.w = width
        self.t = text
        self.slots = agenda.timeline(record.session, record.phases)

    # -------------------------------------------------------------- helpers
    def p(self, value: str, style: object = None, *, bold: bool = False) -> Flowable:
        """A flowable of user text (always escaped)."""
        return self.t.para(value, style or S.body, bold=bold)

    def fixed(self, words: str, style: object = None) -> Paragraph:
        """Our own words (no user text): still escaped, never markup by accident."""
        return Paragraph(escape(words), style or S.body)

    # -------------------------------------------------------------- story
    def build(self) -> list[Flowable]:
        story = self.top()
        self.missing_slot = len(story)
        story += self.phases()
        story += self.people()
        return story

    def top(self) -> list[Flowable]:
        s = self.r.session
        out: list[Flowable] = [Spacer(1, 4 * mm), self.fixed("AGENDA", S.kicker)]
        out.append(self.p(s.title, S.title, bold=True))
        out.append(self.p(self.r.team.name, S.subtitle))
        facts = [
            ("Date", figures.long_date(s.planned_date) or "No date set"),
            ("Time", self.time_text()),
            ("Place", s.place or "—"),
            ("Length", self.length_text()),
        ]
        rows = [[self.fixed(k, S.label), self.p(v, S.cell)] for k, v in facts]
        out.append(card(rows, [24 * mm, self.w - 24 * mm]))
        out.append(gap(4))
        out.append(self.fixed("The dilemma", S.h2))
        if s.dilemma.strip():
            box = [[self.p(piece, S.lead)] for piece in self.t.chunks(s.dilemma)]
            out.append(shaded_box(box, self.w))
        else:
            out.append(empty("No dilemma written down yet."))
        return out

    def time_text(self) -> str:
        """``09:30–11:15``: the planned start and end, or why there is none."""
        s = self.r.session
        if not s.planned_start:
            return "No start time set"
        end = agenda.planned_end(s, self.r.phases)
        return f"{s.planned_start}–{end:%H:%M}" if end and self.r.phases else s.planned_start

    def length_text(self) -> str:
        """The agenda's length against the time the team has, in minutes (``total``)."""
        fit = agenda.fit(self.r.session, self.r.phases)
        if not self.r.phases:
            return "No agenda planned yet"
        n = len(self.r.phases)
        text = f"{total(fit.total_s)} in {n} phase{'s' if n != 1 else ''}"
        if fit.available_s is None:
            return text
        text += f" · {total(fit.available_s)} available"
        if fit.overrun_s:
            return text + f" · {total(fit.overrun_s)} over"
        return text + (f" · {total(fit.spare_s)} to spare" if fit.spare_s else "")

    def phases(self) -> list[Flowable]:
        out = heading("Agenda")
        if not self.slots:
            return out + [empty("No agenda planned yet.")]
        timed = self.slots[0].start is not None
        rows: list[list[object]] = [
            [
                self.fixed("Starts" if timed else "From start", S.head),
                self.fixed("Phase", S.head),
                self.fixed("Length", S.head_right),
            ]
        ]
        same = {span.start: span for span in agenda.same_rounds([s.phase for s in self.slots])}
        shaded: list[tuple[object, ...]] = []
        i = 0
        while i < len(self.slots):
            slot, ph = self.slots[i], self.slots[i].phase
            if i in same:  # a later round, round 1 again: one row, its steps named
                span = same[i]
                steps = [self.slots[k].phase for k in span]
                what: list[Flowable] = [self.round_row(steps)]
                length = sum(p.planned_s for p in steps)
                i = span.stop
            else:
                what = [self.named(ph)]
                if ph.prompt.strip() and not ph.is_break:
                    what += [self.p(piece, S.cell) for piece in self.t.chunks(ph.prompt)]
                length = ph.planned_s
                if ph.is_break:
                    shaded.append(("BACKGROUND", (0, len(rows)), (-1, len(rows)), SHADE))
                i += 1
            rows.append(
                [
                    self.fixed(self.clock(slot), S.cell),
                    what,
                    self.fixed(length_text(length), S.cell_right),
                ]
            )
        widths = [18 * mm, self.w - 40 * mm, 22 * mm]
        tight = [("TOPPADDING", (0, 1), (-1, -1), 2.5), ("BOTTOMPADDING", (0, 1), (-1, -1), 3)]
        sheet = table(rows, widths, right=[2], extra=[*tight, *shaded])
        if all(len(slot.phase.prompt) <= WHOLE_ROW_PROMPT for slot in self.slots):
            sheet.splitInRow = 0  # each phase stays whole on one page
        return out + [sheet, *self.seconds_note()]

    def named(self, phase: Phase) -> Paragraph:
        """The phase's title (with its round) in bold, then its format and mode in small
        grey type."""
        title = self.t.markup(phase.heading, bold=True)
        how = self.t.markup(self.how(phase))
        return Paragraph(f'<b>{title}</b>  <font size="7.8" color="#545454">{how}</font>', S.cell)

    def round_row(self, steps: list[Phase]) -> Paragraph:
        """A later round that is round 1 again, in one line: "Round 2 of 3  as round 1:
        Client shares, Clarifying questions, Consult" (round 1, just above, names the
        format and says the prompts)."""
        first = steps[0]
        title = escape(f"Round {first.round_no} of {first.rounds}")
        names = ", ".join(self.t.markup(p.title) for p in steps)
        return Paragraph(
            f'<b>{title}</b>  <font size="7.8" color="#545454">as round 1:</font> {names}', S.cell
        )

    def clock(self, slot: agenda.Slot) -> str:
        """When the run starts the phase, as a clock shows it then (``09:36``), else the
        time from the start (``0:06``); the length column says how long it runs, so a
        start and end rounded to minutes never contradict it."""
        if slot.start is not None:
            return f"{slot.start:%H:%M}"
        return f"{slot.offset_s // 3600}:{slot.offset_s % 3600 // 60:02d}"

    def seconds_note(self) -> list[Flowable]:
        """Why a start time may read a minute early: its seconds are dropped, as a clock
        drops them (said only when some phase starts between whole minutes)."""
        if all(slot.offset_s % 60 == 0 for slot in self.slots):
            return []
        return [
            gap(1.5),
            self.fixed(
                "Times are when each phase starts, as a clock shows them: a start between"
                " whole minutes (after a phase with seconds in its length) drops its seconds.",
                S.small,
            ),
        ]

    def how(self, phase: Phase) -> str:
        """The phase's format and mode: ``1-2-4-All · Pairs``, ``Round-robin, 1 min each``."""
        if phase.is_break:
            return "Break"
        mode = label(phase.mode)
        if phase.mode is PhaseMode.ROUND_ROBIN and phase.per_speaker_s:
            mode += f", {length_text(phase.per_speaker_s)} each"
        return " · ".join(x for x in (phase.group_title, mode) if x)

    def people(self) -> list[Flowable]:
        """Who holds which role beside who is coming, then who is not."""
        out = heading("Roles and who is coming")
        half = (self.w - 6 * mm) / 2
        roles, coming = self.roles(half), self.coming(half)
        if max(len(figures.listed_roles(self.r)), len(self.r.present())) > SIDE_BY_SIDE_ROWS:
            out += [roles, gap(3), coming]  # one below the other: each may run over pages
        else:
            both = Table([[roles, coming]], colWidths=[half + 6 * mm, half], hAlign="LEFT")
            both.setStyle(
                TableStyle(
                    [
                        ("VALIGN", (0, 0), (-1, -1), "TOP"),
                        ("LEFTPADDING", (0, 0), (-1, -1), 0),
                        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                        ("TOPPADDING", (0, 0), (-1, -1), 0),
                        ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
                    ]
                )
            )
            out.append(both)
        status = {a.participant_id: a.status for a in self.r.attendance}
        away = [p.name for p in self.r.participants if status.get(p.id) is AttendanceStatus.ABSENT]
        if away:
            out.append(gap(1.5))
            names = self.t.markup(", ".join(away))
            out.append(Paragraph("<b>Not coming:</b> " + names, S.small))
        return out

    def roles(self, width: float) -> Flowable:
        """Role and holder; a role held in one phase only, or shadowed, says so."""
        r = self.r
        listed = figures.listed_roles(r)
        if not listed:
            return empty("No roles assigned yet.")
        rows: list[list[object]] = [[self.fixed(h, S.head) for h in ("Role", "Held by")]]
        for a in listed:
            who = r.person(a.participant_id)
            if a.shadow_of:
                who += f", shadowing {r.person(a.shadow_of)}"
            if a.phase_id:
                who += f" (in {r.phase_title(a.phase_id)})"
            rows.append(
                [self.p(r.role_name(a.role_id), S.cell_bold, bold=True), self.p(who, S.cell)]
            )
        return table(rows, [width * 0.42, width * 0.58])

    def coming(self, width: float) -> Flowable:
        """Everyone marked as coming, with their area of work."""
        coming = self.r.present()
        if not coming:
            return empty("Nobody is marked as coming yet.")
        rows: list[list[object]] = [[self.fixed(h, S.head) for h in ("Coming", "Area of work")]]
        for person in coming:
            rows.append(
                [self.p(person.name, S.cell_bold, bold=True), self.p(person.area or "—", S.cell)]
            )
        return table(rows, [width * 0.48, width * 0.52])


def total(seconds: int) -> str:
    """A total for the sheet's head, to the nearest minute (``1 h 17 min``); under a
    minute to the second (``45 s``), so a small overrun is never ``0 min``."""
    return minutes_text(seconds) if seconds >= 60 else length_text(seconds)


def sheet_info(record: SessionRecord) -> DocInfo:
    """What the PDF says about itself: its title, the dilemma as subject, the team as
    author, and the language most of the typed text is in."""
    s = record.session
    typed = [s.title, s.dilemma, *(p.title for p in record.phases)]
    typed += [p.prompt for p in record.phases]
    return DocInfo(
        title=f"{s.title} — agenda",
        subject=" ".join(s.dilemma.split())[:SUBJECT_LIMIT],
        author=record.team.name,
        keywords=tuple(k for k in ("agenda", record.team.name, s.planned_date) if k),
        lang=language(typed),
    )


def render_agenda(
    record: SessionRecord,
    handle: BinaryIO,
    *,
    paper: str = "a4",
    today: date | None = None,
    progress: Progress = _quiet,
) -> None:
    """Write the session's agenda sheet as PDF bytes to ``handle``: the reports' pages
    (``layout.make_doc``), their note on characters no font could draw, and what the file
    says about itself (``sheet_info``)."""
    from facilitator.report import _cover_warning, _missing_note
    from facilitator.report.layout import canvas_class, frame_width, make_doc, paper_size

    paper_size(paper)  # refuse an unknown paper before any work
    day = today or date.today()
    s = record.session
    text = Text()
    progress(10, "Gathering the agenda")
    sheet = AgendaSheet(record, frame_width(paper), text)
    story = sheet.build()
    story[sheet.missing_slot : sheet.missing_slot] = _cover_warning(text)
    story += _missing_note(text)
    doc = make_doc(
        handle,
        paper,
        f"{s.title} — agenda",
        f"{record.team.name} — {s.title}",
        f"Agenda · {figures.long_date(s.planned_date)}".rstrip(" ·"),
        text,
        sheet_info(record),
    )
    progress(30, "Laying out the pages")
    doc.build(story, canvasmaker=canvas_class(f"Facilitator agenda · made {day.day} {day:%b %Y}"))
    progress(100, "Done")


def agenda_sheet(
    database: Database,
    session_id: str,
    out: Path,
    *,
    paper: str = "a4",
    today: date | None = None,
    progress: Progress = _quiet,
) -> Path:
    """Build the session's agenda sheet into ``out`` (temporary file, then rename)."""
    check_target(Path(out), database.path)  # never the database, its files, a device
    record = records.load(database, session_id)
    return write_atomically(
        Path(out),
        lambda fh: render_agenda(record, fh, paper=paper, today=today, progress=progress),
        protected=database.path,
    )
