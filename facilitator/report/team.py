"""The team report: a first page of trends, then the year-by-year story of a team's sessions.

Page 1 says how leading, following-through and experimenting went; then the years, the
people, the sessions, the rotation ledger, the decisions log, the open items by owner, the
experiments and the learnings. Long lists show the latest items per year unless the report
lists every item (``TeamReportData.every``); the figures come from ``team_summary``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from datetime import date, tzinfo
from typing import Any

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import CondPageBreak, Flowable, PageBreak, Paragraph, Spacer

from facilitator import direction
from facilitator.model import Decision, Experiment, Learning
from facilitator.record import SessionRecord
from facilitator.report import charts, figures
from facilitator.report import team_summary as ts
from facilitator.report.fonts import BOLD
from facilitator.report.layout import S, card, empty, gap, heading, table
from facilitator.report.team_summary import TeamReportData
from facilitator.report.text import Text

__all__ = ["TeamReportData", "TeamStory"]

PAD = 8.0  # a table cell's left and right padding together
KEEP_WITH_ROWS = 45 * mm  # a year's or owner's heading starts a page unless rows fit below
EVERY_HINT = "The full lists: team-report --all, or “List every item” in the app."


def _day(record: SessionRecord) -> str:
    return figures.short_date(figures.session_day(record)) or "no date"


def fitted_head(text: str, width: float, t: Text, *, right: bool = False) -> Flowable:
    """A column header that wraps only between words: smaller type when a word is long.

    A header may be user text (a role's name), so it goes through ``t`` like all of it."""
    from xml.sax.saxutils import escape

    from reportlab.lib.enums import TA_RIGHT
    from reportlab.lib.styles import ParagraphStyle

    words = text.replace("-", "- ").split() or [text]
    longest = max(stringWidth(w, BOLD, 8) for w in words)
    size = 8.0 if longest <= width - PAD else max(5.5, 8 * (width - PAD) / longest)
    style = ParagraphStyle(
        f"head-{size:.2f}-{right}",
        parent=S.head_right if right else S.head,
        fontSize=size,
        leading=size + 2,
        splitLongWords=0,
        alignment=TA_RIGHT if right else S.head.alignment,
    )
    return t.para(text, style) if direction.has_rtl(text) else Paragraph(escape(text), style)


def head_widths(labels: Sequence[str], total: float) -> list[float]:
    """Column widths that give each header its longest word, the rest of ``total`` shared."""
    need = [max(stringWidth(w, BOLD, 8) for w in label.split()) + PAD + 2 for label in labels]
    spare = max(0.0, total - sum(need)) / len(labels)
    return [n + spare for n in need]


class TeamStory:
    """Builds the flowables of one team report."""

    def __init__(
        self, data: TeamReportData, width: float, text: Text, today: date, tz: tzinfo | None
    ) -> None:
        self.d = data
        self.w = width
        self.t = text
        self.today = today
        self.tz = tz
        self.names = {p.id: p.name for p in data.participants}
        self.number = {rec.session.id: i for i, rec in enumerate(data.records, 1)}
        self.years = ts.years(data.records)
        self.capped = not data.every

    def p(self, value: str, style: object = None, *, bold: bool = False) -> Flowable:
        return self.t.para(value, style or S.body, bold=bold)

    def ps(self, value: str, style: object = None) -> list[Flowable]:
        return [self.p(piece, style) for piece in self.t.chunks(value)]

    def fixed(self, value: str, style: object = None) -> Paragraph:
        from xml.sax.saxutils import escape

        return Paragraph(escape(value), style or S.body)

    def person(self, pid: str | None) -> str:
        return self.names.get(pid or "", "") if pid else ""

    def heads(
        self, labels: Sequence[str], widths: Sequence[float], right: Sequence[int] = ()
    ) -> list[object]:
        return [
            fitted_head(label, w, self.t, right=i in right)
            for i, (label, w) in enumerate(zip(labels, widths, strict=True))
        ]

    def cap(self, n: int) -> int | None:
        return n if self.capped else None

    def nothing(self, yet: str, in_period: str) -> str:
        """``yet`` over the whole history; ``in_period`` when the report covers a range."""
        return in_period if self.d.start or self.d.end else yet

    # -------------------------------------------------------------- story
    def build(self) -> list[Flowable]:
        story = self.cover()
        story.append(PageBreak())
        for section in (
            self.coming,
            self.year_by_year,
            self.roster,
            self.sessions,
            self.ledger,
            self.decisions,
            self.open_items,
            self.all_actions,
            self.experiments,
            self.learnings,
        ):
            story += section()
        return story

    # -------------------------------------------------------------- page 1: trends
    def cover(self) -> list[Flowable]:
        d = self.d
        out: list[Flowable] = [
            Spacer(1, 2 * mm),
            self.fixed("TEAM REPORT", S.kicker),
            self.p(d.team.name, S.title, bold=True),
            self.fixed(ts.period_text(d), S.subtitle),
        ]
        active = [p for p in d.participants if p.active]
        actions = [a for r in d.records for a in r.actions]
        counts = figures.follow_through(actions, self.today)
        former = len(d.participants) - len(active)
        sessions = ts.sessions_text(d.records)
        if d.outside:
            sessions += f" in this period ({d.outside} more outside it)"
        facts = [
            ("Sessions", sessions),
            ("People", f"{len(active)} active" + (f", {former} former" if former else "")),
            ("Decisions", str(sum(len(r.decisions) for r in d.records))),
            (
                "Actions",
                f"{len(actions)}: {counts['done']} done, {counts['open']} open, "
                f"{counts['overdue']} overdue, {counts['dropped']} dropped",
            ),
            ("Experiments", str(sum(len(r.experiments) for r in d.records))),
            ("Learnings", str(sum(len(r.learnings) for r in d.records))),
        ]
        rows = [[self.fixed(k, S.label), self.fixed(v, S.cell)] for k, v in facts]
        out.append(card(rows, [30 * mm, self.w - 30 * mm]))
        self.missing_slot = len(out)
        out += self.trends(counts)
        return out

    def trends(self, counts: dict[str, int]) -> list[Flowable]:
        out: list[Flowable] = [self.fixed("Leadership distribution over time", S.h2)]
        points, each = ts.chart_points(self.d.records)
        chart = charts.distribution_over_time(points, self.w)
        out.append(self.fixed(ts.leadership_trend(self.years), S.body))
        if chart is not None:
            out.append(self.fixed(f"Each point is {each}. {figures.FIGURE_MEANING}", S.small))
            out.append(chart)
        out.append(self.fixed("Action follow-through", S.h2))
        out.append(self.fixed(ts.follow_through_trend(self.years, counts), S.body))
        bar = charts.follow_through(counts, self.w)
        if bar is not None:
            out.append(gap(1))
            out.append(bar)
        out.append(self.fixed("Decisions and experiments", S.h2))
        out.append(self.fixed(ts.decision_trend(self.d.records), S.body))
        out.append(self.fixed(ts.experiment_trend(self.d.records), S.body))
        taught = ts.lessons(self.d.records)
        if taught:
            out.append(self.fixed("What the latest ones taught:", S.small))
            for record, lesson in taught:
                short = lesson if len(lesson) <= 160 else lesson[:157].rstrip() + "…"
                out.append(self.p(f"• {direction.isolate(short)} ({_day(record)})", S.cell))
        return out

    # -------------------------------------------------------------- what happens next
    def coming(self) -> list[Flowable]:
        """The next session and what falls due by then; only when the period reaches today."""
        if self.d.end and self.d.end < self.today:
            return []
        out = heading("Coming up")
        soon = ts.coming_up([*self.d.earlier, *self.d.records], self.today)
        until = figures.short_date(soon.until.isoformat())
        if soon.next_session:
            s = soon.next_session.session
            when = figures.long_date(figures.session_day(soon.next_session))
            out.append(self.p(f"Next session: {direction.isolate(s.title)}, {when}.", S.body))
        else:
            out.append(self.fixed(f"No session is planned yet. What falls due by {until}:", S.body))
        reviews = [(r, x.hypothesis, x.owner_id, x.review_on) for r, x in soon.reviews]
        out += self.due_table(f"Experiments due for review by {until}", "Experiment", reviews)
        out += self.actions_due(soon, until)
        return out

    def actions_due(self, soon: ts.ComingUp, until: str) -> list[Flowable]:
        """The open actions already overdue (the latest first, capped), then those due by
        the next session, soonest first."""
        late = [(r, a.text, a.owner_id, a.due) for r, a in soon.overdue]
        due = [(r, a.text, a.owner_id, a.due) for r, a in soon.actions]
        shown_late = late[: self.cap(ts.PER_OWNER)]
        more_late = len(late) - len(shown_late)
        title = f"Actions overdue or due by {until}" if late else f"Actions due by {until}"
        note = (
            f"… and {more_late:,} more overdue, due earlier: Open items by owner lists them."
            if more_late
            else ""
        )
        return self.due_table(title, "Action", due, shown_late, note)

    def due_table(
        self,
        title: str,
        noun: str,
        items: list[tuple[SessionRecord, str, str | None, str | None]],
        overdue: Sequence[tuple[SessionRecord, str, str | None, str | None]] = (),
        overdue_note: str = "",
    ) -> list[Flowable]:
        """What falls due: from which session, what, whose, when. ``overdue`` rows come
        first, marked overdue, then ``items`` soonest first (capped)."""
        if not overdue and not items:
            return [self.fixed(f"{title}: none.", S.small)]
        shown, left_out = ts.newest_first(items[::-1], self.cap(ts.PER_OWNER))
        widths = [24 * mm, self.w - 84 * mm, 36 * mm, 24 * mm]
        data: list[list[object]] = [self.heads(("From", noun, "Owner", "Due"), widths)]
        rows = [(item, True) for item in overdue] + [(item, False) for item in shown]
        for (r, text, owner, due), late in rows:
            when = [self.fixed(figures.short_date(due) or "—", S.cell)]
            if late:
                when.append(self.fixed("overdue", S.cell_bold))
            data.append(
                [
                    self.fixed(_day(r), S.cell),
                    self.ps(text, S.cell),
                    self.p(self.person(owner) or "no owner", S.cell),
                    when,
                ]
            )
        notes = [overdue_note] if overdue_note else []
        if left_out:
            notes.append(f"… and {left_out} more due by then. {EVERY_HINT}")
        out: list[Flowable] = [CondPageBreak(KEEP_WITH_ROWS), self.fixed(title, S.h2)]
        out.append(self.noted_table(data, widths, " ".join(notes)))
        return out

    def noted_table(
        self, data: list[list[object]], widths: Sequence[float], note: str, **kw: Any
    ) -> Flowable:
        """A table whose ``note`` (what it leaves out) is its last row, across every column,
        kept on the page of the row above it so it never starts a page alone."""
        if not note:
            return table(data, widths, **kw)
        data = [*data, [self.fixed(note, S.small)] + [""] * (len(widths) - 1)]
        keep = [
            ("SPAN", (0, -1), (-1, -1)),
            ("NOSPLIT", (0, -2), (-1, -1)),
            ("LINEBELOW", (0, -1), (-1, -1), 0, "white"),
        ]
        return table(data, widths, extra=[*kw.pop("extra", ()), *keep], **kw)

    # -------------------------------------------------------------- the years and people
    def year_by_year(self) -> list[Flowable]:
        out = heading("Year by year")
        if not self.years:
            return out + [
                empty(
                    self.nothing(
                        "The team has no sessions yet.", "The team has no sessions in this period."
                    )
                )
            ]
        labels = (
            "Year", "Sessions", "Decisions", "Actions", "Done", "Dropped",
            "Experiments", "Succeeded", "Leading",
        )  # fmt: skip
        widths = head_widths(labels, self.w)
        right = range(1, len(labels))
        data: list[list[object]] = [self.heads(labels, widths, right)]
        for y in self.years:
            cells = [
                str(y.sessions), str(y.decisions), str(y.actions),
                ts.percent(y.done, y.actions), ts.percent(y.dropped, y.actions),
                str(y.experiments), ts.percent(y.succeeded, y.concluded),
                "—" if y.leading is None else f"{y.leading:.2f}",
            ]  # fmt: skip
            data.append(
                [self.fixed(y.year, S.cell_bold)] + [self.fixed(c, S.cell_right) for c in cells]
            )
        out.append(table(data, widths, right=right))
        out.append(gap(1.5))
        out.append(
            self.fixed(
                "Sessions: those held. Done and Dropped: the share of the year's actions; "
                "Succeeded: of its experiments that concluded (succeeded, stopped or "
                "inconclusive), as on page 1; Leading: the average leadership distribution "
                "of its sessions held.",
                S.small,
            )
        )
        return out

    def roster(self) -> list[Flowable]:
        d = self.d
        out = heading("The team")
        if not d.participants:
            return out + [empty("The team has nobody on its roster yet.")]
        widths = [52 * mm, self.w - 92 * mm, 40 * mm]
        data: list[list[object]] = [
            self.heads(("Name", "Area of work", "Sessions attended"), widths)
        ]
        ran = ts.held(d.records)
        attended = Counter(pid for r in ran for pid in (p.id for p in r.present()))
        for person in d.participants:
            name = person.name + ("" if person.active else " (former member)")
            data.append(
                [
                    self.p(name, S.cell_bold, bold=True),
                    self.p(person.area or "—", S.cell),
                    self.fixed(f"{attended.get(person.id, 0)} of {len(ran)}", S.cell),
                ]
            )
        out.append(table(data, widths))
        return out

    def sessions(self) -> list[Flowable]:
        out = heading("Sessions")
        if not self.d.records:
            return out + [
                empty(
                    self.nothing(
                        "The team has no sessions yet.", "The team has no sessions in this period."
                    )
                )
            ]
        labels = ("#", "Date", "Session", "Status", "Decisions", "Actions", "Exp.", "Leading")
        fixed_cols = [12 * mm, 24 * mm, 20 * mm, 18 * mm, 16 * mm, 11 * mm, 16 * mm]
        widths = [*fixed_cols[:2], self.w - sum(fixed_cols), *fixed_cols[2:]]
        right = range(4, 8)
        data: list[list[object]] = [self.heads(labels, widths, right)]
        numbered = list(enumerate(self.d.records, 1))
        shown, left_out = ts.newest_first(numbered, self.cap(ts.RECENT_SESSIONS))
        for i, r in reversed(shown):
            value = figures.roles(r).distribution if ts.was_held(r) else None
            data.append(
                [
                    self.fixed(f"S{i}", S.cell),
                    self.fixed(_day(r), S.cell),
                    self.p(r.session.title, S.cell),
                    self.fixed(r.session.status.value.capitalize(), S.cell),
                    self.fixed(str(len(r.decisions)), S.cell_right),
                    self.fixed(str(len(r.actions)), S.cell_right),
                    self.fixed(str(len(r.experiments)), S.cell_right),
                    self.fixed("—" if value is None else f"{value:.2f}", S.cell_right),
                ]
            )
        if left_out:
            out.append(
                self.fixed(
                    f"The latest {len(shown)} sessions; the {left_out} before them are "
                    f"counted in Year by year. {EVERY_HINT}",
                    S.small,
                )
            )
            out.append(gap(1.5))
        # What Leading means, above the table: below it, a table ending at the foot of a page
        # left the note alone at the top of the next.
        out.append(
            self.fixed(
                "Leading: the leadership distribution figure of the session. "
                + figures.FIGURE_MEANING,
                S.small,
            )
        )
        out.append(gap(1.5))
        out.append(table(data, widths, right=right))
        return out

    def ledger(self) -> list[Flowable]:
        out = heading("Rotation ledger")
        held: Counter[tuple[str, str]] = Counter()
        for r in ts.held(self.d.records):
            for a in figures.roles(r).held:
                held[(a.participant_id, a.role_id)] += 1
        if not held:
            return out + [
                empty(
                    self.nothing(
                        "No roles have been held yet.", "No roles were held in this period."
                    )
                )
            ]
        used = {role for _, role in held}
        roles = [r for r in self.d.roles if r.id in used]
        people = [p for p in self.d.participants if any(p.id == pid for pid, _ in held) or p.active]
        out.append(self.fixed("How often each person has held each role in this period.", S.small))
        out.append(gap(1.5))
        name_w = 42 * mm
        total_w = 14 * mm
        col = (self.w - name_w - total_w) / max(1, len(roles))
        widths = [name_w] + [col] * len(roles) + [total_w]
        right = range(1, len(roles) + 2)
        data: list[list[object]] = [
            self.heads(["Person", *(r.name for r in roles), "Total"], widths, right)
        ]
        for person in people:
            counts = [held.get((person.id, r.id), 0) for r in roles]
            data.append(
                [self.p(person.name, S.cell)]
                + [self.fixed(str(n) if n else "·", S.cell_right) for n in counts]
                + [self.fixed(str(sum(counts)), S.cell_bold_right)]
            )
        totals = [sum(held.get((p.id, r.id), 0) for p in people) for r in roles]
        data.append(
            [self.fixed("Total", S.cell_bold)]
            + [self.fixed(str(n), S.cell_right) for n in totals]
            + [self.fixed(str(sum(totals)), S.cell_bold_right)]
        )
        out.append(
            table(
                data,
                widths,
                right=right,
                extra=[("LINEABOVE", (0, -1), (-1, -1), 0.8, "black")],
            )
        )
        return out

    # -------------------------------------------------------------- the logs, by year
    def by_year_section(
        self,
        title: str,
        items: list[tuple[SessionRecord, Any]],
        noun: str,
        rows_of: Callable[[SessionRecord, Any], list[object]],
        labels: Sequence[str],
        widths: Sequence[float],
        none: str,
    ) -> list[Flowable]:
        """A log grouped by year, newest first, each year capped unless every item shows."""
        out = heading(title)
        if not items:
            return out + [empty(none)]
        groups = ts.by_year(items)
        if self.capped and any(len(group) > ts.PER_YEAR for _, group in groups):
            out.append(
                self.fixed(f"The latest {ts.PER_YEAR} {noun}s of each year. {EVERY_HINT}", S.small)
            )
        for year, group in groups:
            shown, left_out = ts.newest_first(group, self.cap(ts.PER_YEAR))
            count = f"{len(group)} {noun}{'s' if len(group) != 1 else ''}"
            data: list[list[object]] = [self.heads(labels, widths)]
            data += [rows_of(r, item) for r, item in shown]
            more = f"… and {left_out} more in {year}." if left_out else ""
            out += [CondPageBreak(KEEP_WITH_ROWS), self.fixed(f"{year} · {count}", S.h2)]
            out.append(self.noted_table(data, widths, more))
        return out

    def decisions(self) -> list[Flowable]:
        widths = [24 * mm, self.w - 64 * mm, 40 * mm]

        def row(r: SessionRecord, d: Decision) -> list[object]:
            return [
                self.fixed(_day(r), S.cell),
                self.ps(d.text, S.cell),
                self.fixed(ts.METHODS.get(d.method.value, d.method.value), S.cell),
            ]

        items: list[tuple[SessionRecord, Any]] = [
            (r, x) for r in self.d.records for x in r.decisions
        ]
        return self.by_year_section(
            "Decisions log", items, "decision", row, ("Date", "Decision", "How decided"),
            widths, self.nothing("No decisions have been recorded yet.",
                                 "No decisions were recorded in this period."),
        )  # fmt: skip

    def open_items(self) -> list[Flowable]:
        out = heading("Open items by owner")
        groups = ts.open_by_owner([*self.d.earlier, *self.d.records], self.names, self.today)
        if not groups:
            return out + [empty("Nothing is open: every action is done or dropped.")]
        before = {r.session.id for r in self.d.earlier}
        if any(r.session.id in before for _, items in groups for r, _ in items):
            out.append(
                self.fixed("Includes actions from before this period that are still open.", S.small)
            )
        widths = [24 * mm, self.w - 68 * mm, 24 * mm, 20 * mm]
        for owner, items in groups:
            shown, left_out = ts.newest_first(items[::-1], self.cap(ts.PER_OWNER))
            overdue = sum(figures.action_state(a, self.today) == "overdue" for _, a in items)
            data: list[list[object]] = [self.heads(("From", "Action", "Due", "Status"), widths)]
            for r, a in shown:
                state = figures.action_state(a, self.today)
                data.append(
                    [
                        self.fixed(_day(r), S.cell),
                        self.ps(a.text, S.cell),
                        self.fixed(figures.short_date(a.due) or "—", S.cell),
                        self.fixed(state, S.cell_bold if state == "overdue" else S.cell),
                    ]
                )
            title = f"{direction.isolate(owner)} · {len(items)} open" + (
                f", {overdue} overdue" if overdue else ""
            )
            out += [CondPageBreak(KEEP_WITH_ROWS), self.p(title, S.h2, bold=True)]
            more = f"… and {left_out} more, due later. {EVERY_HINT}" if left_out else ""
            out.append(self.noted_table(data, widths, more))
        return out

    def all_actions(self) -> list[Flowable]:
        """Every action with its state: only when the report lists every item."""
        if self.capped:
            return []
        out = heading("Every action")
        actions = [(r, a) for r in self.d.records for a in r.actions]
        if not actions:
            return out + [
                empty(
                    self.nothing(
                        "No actions have been agreed yet.", "No actions were agreed in this period."
                    )
                )
            ]
        widths = [24 * mm, self.w - 104 * mm, 36 * mm, 24 * mm, 20 * mm]
        data: list[list[object]] = [
            self.heads(("From", "Action", "Owner", "Due", "Status"), widths)
        ]
        order = {"overdue": 0, "open": 1, "done": 2, "dropped": 3}
        for r, a in sorted(
            actions,
            key=lambda ra: (order[figures.action_state(ra[1], self.today)], ra[1].due or "9999"),
        ):
            state = figures.action_state(a, self.today)
            data.append(
                [
                    self.fixed(_day(r), S.cell),
                    self.ps(a.text, S.cell),
                    self.p(self.person(a.owner_id) or "no owner", S.cell),
                    self.fixed(figures.short_date(a.due) or "—", S.cell),
                    self.fixed(state, S.cell_bold if state == "overdue" else S.cell),
                ]
            )
        out.append(table(data, widths))
        return out

    def experiments(self) -> list[Flowable]:
        widths = [24 * mm, (self.w - 76 * mm) / 2, 26 * mm, 26 * mm, (self.w - 76 * mm) / 2]
        # The learnings linked to each experiment, in any session of the period (a review
        # at a later session keeps its learning with that session's).
        taught: dict[str, list[str]] = {}
        for r in self.d.records:
            for lr in r.learnings:
                if lr.experiment_id:
                    taught.setdefault(lr.experiment_id, []).append(lr.text)

        def row(r: SessionRecord, x: Experiment) -> list[object]:
            told = [f"Outcome: {x.outcome}"] if x.outcome else []
            told += [f"Learned: {text}" for text in taught.get(x.id, [])]
            return [
                self.fixed(_day(r), S.cell),
                self.ps(x.hypothesis, S.cell),
                self.p(self.person(x.owner_id) or "not set", S.cell),
                self.fixed(x.status.value.capitalize(), S.cell),
                [piece for text in told for piece in self.ps(text, S.cell)]
                or self.fixed("Not recorded yet.", S.cell),
            ]

        items: list[tuple[SessionRecord, Any]] = [
            (r, x) for r in self.d.records for x in r.experiments
        ]
        return self.by_year_section(
            "Experiments and their outcomes", items, "experiment", row,
            ("Date", "Experiment", "Owner", "Status", "Outcome and what it taught"), widths,
            self.nothing("No experiments have been designed yet.",
                         "No experiments were designed in this period."),
        )  # fmt: skip

    def learnings(self) -> list[Flowable]:
        widths = [24 * mm, self.w - 24 * mm]

        def row(r: SessionRecord, lr: Learning) -> list[object]:
            return [self.fixed(_day(r), S.cell), self.ps(lr.text, S.cell)]

        items: list[tuple[SessionRecord, Any]] = [
            (r, x) for r in self.d.records for x in r.learnings
        ]
        return self.by_year_section(
            "Learnings log", items, "learning", row, ("Date", "Learning"), widths,
            self.nothing("No learnings have been written down yet.",
                         "No learnings were written down in this period."),
        )  # fmt: skip
