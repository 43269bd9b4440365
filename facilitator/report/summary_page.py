"""The session report's first page: the summary a manager reads if they read nothing else.

The dilemma, who took part (and who was absent or left, and when), what was decided and how,
who does what by when (and what is still open from earlier sessions), the experiments
launched and when the team meets next. A decision reads whole up to three lines, an action
up to two; long lists stop at a few items and say how many more the later pages hold. The
page measures itself against the frame and shows fewer items until all of it fits page 1.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Frame, Paragraph, Spacer

from facilitator import session_time
from facilitator.direction import isolate
from facilitator.model import SessionStatus, label
from facilitator.report import figures
from facilitator.report.layout import (
    MARGIN_BOTTOM,
    MARGIN_TOP,
    MARGIN_X,
    PAPERS,
    S,
    card,
    empty,
    gap,
    shaded_box,
    table,
)
from facilitator.report.text import clean

if TYPE_CHECKING:
    from facilitator.model import Action
    from facilitator.report.session import SessionStory

DILEMMA_CAP = 450  # characters of the dilemma on page 1; the rest follows the summary
TAG_W = 9 * mm
OWNER_W = 36 * mm
DATE_W = 23 * mm
# Page 1 is dense: headings and table rows sit closer than on the pages that follow.
H2 = ParagraphStyle("summary_h2", parent=S.h2, spaceBefore=4, spaceAfter=2)
# A long title (or one that wraps) takes a smaller size, so it does not push the summary
# off the page.
LONG_TITLE = 60
TITLE_SMALL = ParagraphStyle("summary_title_small", parent=S.title, fontSize=16, leading=20)
TIGHT = [
    ("TOPPADDING", (0, 0), (-1, -1), 1.8),
    ("BOTTOMPADDING", (0, 0), (-1, -1), 2.4),
]


def one_line(text: str, width: float, font: str, size: float) -> str:
    """``text`` on one line of ``width`` points: whitespace collapsed, cut at a word with
    an ellipsis when it is longer."""
    line = " ".join(clean(text).split())
    if stringWidth(line, font, size) <= width:
        return line
    low, high = 0, len(line)
    while low < high:  # the longest prefix that fits with its ellipsis
        mid = (low + high + 1) // 2
        if stringWidth(line[:mid] + " …", font, size) <= width:
            low = mid
        else:
            high = mid - 1
    cut = line[:low]
    word = cut.rfind(" ")
    if word > low // 2:
        cut = cut[:word]
    return cut.rstrip(" ,;:.") + " …"


@dataclass(frozen=True)
class Caps:
    """How many items of each list page 1 shows at most; fewer when the page is full."""

    decisions: int = 6
    actions: int = 8
    earlier: int = 4  # actions from earlier sessions still open
    experiments: int = 4
    names: int = 30
    decision_lines: int = 3  # a decision reads whole up to this many lines
    action_lines: int = 2


def cut_to_lines(text: str, width: float, font: str, size: float, lines: int, more: str) -> str:
    """``text`` whitespace collapsed; when it takes more than ``lines`` lines of ``width``
    points, cut at a word with ``… (more)`` so that the whole still fits those lines."""
    line = " ".join(clean(text).split())
    if len(simpleSplit(line, font, size, width)) <= lines:
        return line
    words = line.split(" ")
    low, high = 0, len(words)
    while low < high:  # the most words that fit with the ellipsis and the pointer
        mid = (low + high + 1) // 2
        cut = " ".join(words[:mid]).rstrip(" ,;:.") + f" … ({more})"
        if len(simpleSplit(cut, font, size, width)) <= lines:
            low = mid
        else:
            high = mid - 1
    if low == 0:  # one word longer than the lines: cut inside it
        return one_line(line, width, font, size)
    return " ".join(words[:low]).rstrip(" ,;:.") + f" … ({more})"


def frame_height(width: float) -> float:
    """The height of the page's frame for a frame ``width`` wide (the shortest paper of
    that width; the shortest of all when none matches)."""
    heights = [h for w, h in PAPERS.values() if abs(w - 2 * MARGIN_X - width) < 1]
    shortest = min(heights or [h for _w, h in PAPERS.values()])
    return float(shortest - MARGIN_TOP - MARGIN_BOTTOM)


def more_line(shown: int, total: int, where: str) -> str:
    """``and 3 more — see Decisions`` when a list was cut; "" when all were shown."""
    return f"and {total - shown} more — see {where}" if total > shown else ""


def fits(story: list[Flowable], width: float, height: float) -> bool:
    """Whether ``story`` fits one frame of ``width`` by ``height`` points (laid out on a
    scratch canvas, as the page will be)."""
    from reportlab.pdfgen.canvas import Canvas

    frame = Frame(0, 0, width, height, 0, 0, 0, 0)
    rest = list(story)
    frame.addFromList(rest, Canvas(io.BytesIO()))
    return not rest


def dilemma_is_cut(dilemma: str) -> bool:
    """Whether page 1 shows only the start of the dilemma (the whole follows the summary)."""
    return len(dilemma.strip()) > DILEMMA_CAP


class SummaryPage:
    """Builds page 1 from a session story's record, helpers and clock."""

    def __init__(self, story: SessionStory) -> None:
        self.s = story
        self.r = story.r
        self.w = story.w
        self.has_run = self.r.session.started_at is not None
        self.caps = Caps()

    def build(self) -> list[Flowable]:
        """Page 1 with as many items of each list as let all of it fit the page."""
        while True:
            smaller = self.smaller(self.caps)
            if smaller is None or fits(self.story(), self.w, frame_height(self.w)):
                return self.story()  # built afresh: the measured one was laid out once
            self.caps = smaller

    def smaller(self, caps: Caps) -> Caps | None:
        """One item fewer of the list that shows most items; when each shows one, a line
        fewer for an action, then for a decision; None when nothing is left to take."""
        r = self.r
        shown = {
            "decisions": min(caps.decisions, len(r.decisions)),
            "actions": min(caps.actions, len(r.actions)),
            "earlier": min(caps.earlier, len(self.still_open())),
            "experiments": min(caps.experiments, len(r.experiments)),
            "names": min(caps.names, len(r.present())) // 5,  # names are short: five a step
        }
        name, most = max(shown.items(), key=lambda item: item[1])
        if most <= 1:
            if caps.action_lines > 1:
                return replace(caps, action_lines=caps.action_lines - 1)
            if caps.decision_lines > 1:
                return replace(caps, decision_lines=caps.decision_lines - 1)
            return None
        if name == "names":
            return replace(caps, names=caps.names - 5)
        return replace(caps, **{name: most - 1})

    def story(self) -> list[Flowable]:
        s, r = self.s, self.r
        out: list[Flowable] = [Spacer(1, 1 * mm), s.fixed("SESSION REPORT", S.kicker)]
        title = r.session.title
        out.append(s.p(title, self.title_style(title), bold=True))
        out.append(s.p(r.team.name, S.subtitle))
        out.append(self.facts())
        out += self.dilemma()
        out += self.people()
        if self.has_run or r.decisions or r.actions or r.experiments:
            out += self.decided() + self.actions() + self.earlier() + self.experiments()
        else:
            out += [self._h("Outcomes"), empty("None yet: the session has not run.")]
        out += self.next_and_timing()
        return out

    def title_style(self, title: str) -> ParagraphStyle:
        """The big title when it fits one line, else the smaller size: a second line of
        big type would push the summary's end off the page."""
        from facilitator.report.fonts import BOLD

        if len(title) > LONG_TITLE or stringWidth(title, BOLD, S.title.fontSize) > self.w:
            return TITLE_SMALL
        return S.title

    # -------------------------------------------------------------- pieces
    def _h(self, text: str) -> Paragraph:
        return self.s.fixed(text, H2)

    def _cut(self, text: str, width: float, bold: bool = False) -> str:
        from facilitator.report.fonts import BOLD, REGULAR

        return one_line(text, width - 8, BOLD if bold else REGULAR, S.cell.fontSize)

    def _lines(self, text: str, width: float, lines: int, where: str, bold: bool = False) -> str:
        from facilitator.report.fonts import BOLD, REGULAR

        font = BOLD if bold else REGULAR
        more = f"whole text under {where}"
        return cut_to_lines(text, width - 8, font, S.cell.fontSize, lines, more)

    def _more(self, shown: int, total: int, where: str) -> list[Flowable]:
        line = more_line(shown, total, where)
        return [gap(1), self.s.fixed(line, S.small)] if line else []

    def facts(self) -> Flowable:
        s, r = self.s, self.r
        session = r.session
        when = figures.long_date(figures.session_day(r)) or "No date set"
        if planned := session_time.planned_other_day(session):
            when += f" (planned for {figures.long_date(planned)})"
        scribes = figures.scribes(r)
        minutes = ", ".join(scribes) if scribes else "no scribe recorded"
        if not self.has_run:
            minutes = f"{minutes} (to come)" if scribes else "no scribe chosen yet"
        if times := session_time.times_text(session, tz=s.tz):
            when += f", {times}"
        rows = [
            ["When", when],
            ["Place", session.place or "—"],
            ["Status", session.status.value.capitalize()],
            ["Minutes by", minutes],
        ]
        cells = [[s.fixed(k, S.label), s.p(v, S.cell)] for k, v in rows]
        return card(cells, [24 * mm, self.w - 24 * mm])

    def dilemma(self) -> list[Flowable]:
        s = self.s
        text = s.r.session.dilemma.strip()
        out: list[Flowable] = [self._h("The dilemma")]
        if not text:
            return out + [empty("No dilemma was written down.")]
        shown = text
        if dilemma_is_cut(text):
            shown = text[:DILEMMA_CAP].rsplit(" ", 1)[0].rstrip() + " …"
        box: list[list[object]] = [[s.p(shown, S.body)]]
        if shown != text:
            box.append([s.fixed("The whole dilemma follows on the next page.", S.small)])
        out.append(shaded_box(box, self.w, top=5, bottom=6))
        return out

    def people(self) -> list[Flowable]:
        s, r = self.s, self.r
        roster = len(s.roster())
        present = r.present()
        held = figures.roles_by_person(r)
        heading = "Who took part" if self.has_run else "Who is expected"
        out: list[Flowable] = [self._h(f"{heading} ({len(present)} of {roster})")]
        if not present:
            what = "Nobody was marked present." if self.has_run else "Nobody is expected yet."
            return out + [empty(what)]
        names = []
        for person in present[: self.caps.names]:
            roles = held.get(person.id, [])
            name = isolate(person.name)
            names.append(f"{name} ({', '.join(map(isolate, roles))})" if roles else name)
        line = ", ".join(names)
        if more := more_line(self.caps.names, len(present), "Who took part"):
            line += " " + more
        out.append(s.p(line + ".", S.body))  # one paragraph, so copying gives it as typed
        notes = []
        left = figures.left_early(r, s.tz)
        if left:
            parts = [f"{isolate(name)} at {at}" if at else isolate(name) for name, at in left]
            notes.append("<b>Left early:</b> " + s.t.markup(", ".join(parts)))
        away = figures.absent(r)
        if away:
            notes.append("<b>Absent:</b> " + s.t.markup(", ".join(map(isolate, away))))
        if notes:
            out.append(Paragraph(" · ".join(notes) + ".", S.body))
        return out

    def decided(self) -> list[Flowable]:
        s, r = self.s, self.r
        out: list[Flowable] = [self._h(f"What was decided ({len(r.decisions)})")]
        if not r.decisions:
            return out + [empty("No decisions were recorded.")]
        method_w = 40 * mm
        text_w = self.w - TAG_W - method_w
        rows: list[list[object]] = [
            [s.fixed(h, S.head) for h in ("#", "Decision", "How it was decided")]
        ]
        for i, d in enumerate(r.decisions[: self.caps.decisions], 1):
            text = self._lines(d.text, text_w, self.caps.decision_lines, "Decisions", bold=True)
            rows.append(
                [
                    s.fixed(f"D{i}", S.cell_bold),
                    s.p(text, S.cell_bold, bold=True),
                    s.fixed(label(d.method), S.cell),
                ]
            )
        out.append(table(rows, [TAG_W, text_w, method_w], extra=TIGHT))
        return out + self._more(self.caps.decisions, len(r.decisions), "Decisions")

    def actions(self) -> list[Flowable]:
        s, r = self.s, self.r
        out: list[Flowable] = [self._h(f"Who does what by when ({len(r.actions)})")]
        if not r.actions:
            return out + [empty("No actions were agreed.")]
        text_w = self.w - TAG_W - OWNER_W - DATE_W
        rows: list[list[object]] = [[s.fixed(h, S.head) for h in ("#", "Who", "What", "By when")]]
        for i, a in enumerate(r.actions[: self.caps.actions], 1):
            state = figures.action_state(a, s.today)
            due: list[Flowable] = [
                s.fixed(figures.short_date(a.due) or "no date", S.cell),
            ]
            if state != "open":
                due.append(s.fixed(state, S.cell_bold if state == "overdue" else S.cell_small))
            rows.append(
                [
                    s.fixed(f"A{i}", S.cell),
                    s.p(r.person(a.owner_id) or "no owner", S.cell_bold, bold=True),
                    s.p(self._lines(a.text, text_w, self.caps.action_lines, "Actions"), S.cell),
                    due,
                ]
            )
        out.append(table(rows, [TAG_W, OWNER_W, text_w, DATE_W], extra=TIGHT))
        return out + self._more(self.caps.actions, len(r.actions), "Actions")

    def still_open(self) -> list[tuple[int, Action]]:
        """Actions from earlier sessions this one reviewed and left open, with their number
        under "Reviewed from earlier sessions" (``R2``)."""
        states = ("open", "overdue")
        return [
            (i, a)
            for i, a in enumerate(self.r.reviewed_actions, 1)
            if figures.action_state(a, self.s.today) in states
        ]

    def earlier(self) -> list[Flowable]:
        """What earlier sessions promised that is still open after this one's review."""
        s, r = self.s, self.r
        still = self.still_open()
        if not still:
            return []
        out: list[Flowable] = [self._h(f"Still open from earlier ({len(still)})")]
        text_w = self.w - TAG_W - OWNER_W - DATE_W
        rows: list[list[object]] = [[s.fixed(h, S.head) for h in ("#", "Who", "What", "By when")]]
        for i, a in still[: self.caps.earlier]:
            state = figures.action_state(a, s.today)
            due: list[Flowable] = [s.fixed(figures.short_date(a.due) or "no date", S.cell)]
            if state == "overdue":
                due.append(s.fixed(state, S.cell_bold))
            where = "Reviewed from earlier sessions"
            rows.append(
                [
                    s.fixed(f"R{i}", S.cell),
                    s.p(r.person(a.owner_id) or "no owner", S.cell_bold, bold=True),
                    s.p(self._lines(a.text, text_w, self.caps.action_lines, where), S.cell),
                    due,
                ]
            )
        out.append(table(rows, [TAG_W, OWNER_W, text_w, DATE_W], extra=TIGHT))
        return out + self._more(self.caps.earlier, len(still), "Reviewed from earlier sessions")

    def experiments(self) -> list[Flowable]:
        s, r = self.s, self.r
        out: list[Flowable] = [self._h(f"Experiments launched ({len(r.experiments)})")]
        if not r.experiments:
            return out + [empty("No experiments were designed.")]
        text_w = self.w - TAG_W - OWNER_W - DATE_W
        rows: list[list[object]] = [
            [s.fixed(h, S.head) for h in ("#", "What we try to learn", "Owner", "Review on")]
        ]
        for i, x in enumerate(r.experiments[: self.caps.experiments], 1):
            rows.append(
                [
                    s.fixed(f"E{i}", S.cell),
                    s.p(self._cut(x.hypothesis, text_w), S.cell),
                    s.p(r.person(x.owner_id) or "no owner", S.cell),
                    s.fixed(figures.short_date(x.review_on) or "not set", S.cell),
                ]
            )
        out.append(table(rows, [TAG_W, text_w, OWNER_W, DATE_W], extra=TIGHT))
        return out + self._more(self.caps.experiments, len(r.experiments), "Experiments")

    def next_and_timing(self) -> list[Flowable]:
        s, r = self.s, self.r
        lines = [["Next session", self.next_session()]]
        timing = figures.timing_summary(r)
        if extra := figures.available_text(r):
            timing += " " + extra
        if changes := figures.extensions_text(r):
            timing += " " + changes
        lines.append(["Timing", timing])
        lines.append(["Leadership", self.leadership()])
        also = self.also_recorded()
        if also:
            lines.append(["Also recorded", also])
        rows = [[s.fixed(k, S.label), s.p(v, S.cell)] for k, v in lines]
        return [gap(1.5), card(rows, [28 * mm, self.w - 28 * mm])]

    def next_session(self) -> str:
        nxt = self.r.next_session
        if nxt is None:
            return "none planned yet"
        day = figures.long_date(session_time.session_day_text(nxt)) or "no date set"
        if nxt.started_at:
            day += f", ran {session_time.ran_text(nxt, self.s.tz)}"
        elif nxt.planned_start:
            day += f", {nxt.planned_start}"
        if nxt.status is SessionStatus.PLANNED and nxt.place:
            day += f", {isolate(nxt.place)}"
        return f"{day} — {isolate(nxt.title)}"

    def leadership(self) -> str:
        text = figures.leadership_text(self.r)
        return text if not self.has_run else "distribution " + text

    def also_recorded(self) -> str:
        r = self.r
        counts = [
            (len(r.learnings), "learning", "learnings"),
            (len(r.contributions), "idea", "ideas"),
            (
                len(r.reviewed_actions) + len(r.reviewed_experiments),
                "item reviewed from an earlier session",
                "items reviewed from earlier sessions",
            ),
        ]
        parts = [f"{n} {one if n == 1 else many}" for n, one, many in counts if n]
        return ", ".join(parts)
