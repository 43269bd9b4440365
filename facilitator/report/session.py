"""The session report: what happened in one workshop, for people who were not there."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, tzinfo

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, PageBreak, Paragraph

from facilitator import session_time
from facilitator.direction import isolate
from facilitator.durations import clock_mm_ss, drift_clock, signed_clock
from facilitator.model import AttendanceStatus, Phase, label, round_heading
from facilitator.record import SessionRecord
from facilitator.report import charts, figures
from facilitator.report.layout import (
    S,
    card,
    empty,
    gap,
    heading,
    keep,
    table,
)
from facilitator.report.text import Text


@dataclass
class SessionReportData:
    """A session record plus what the report needs from elsewhere (earlier sessions)."""

    record: SessionRecord
    session_titles: dict[str, str] = field(default_factory=dict)  # id -> "title (date)"


AGENDA_KEY = (
    "Start: when the phase began, and the clock time the plan gave it. +/−: the phase's "
    "actual length against its planned length. Running: how far ahead or behind the agenda "
    "stood after the phase; within half a minute counts as on plan."
)


class SessionStory:
    """Builds the flowables of one session report."""

    def __init__(
        self, data: SessionReportData, width: float, text: Text, today: date, tz: tzinfo | None
    ) -> None:
        self.data = data
        self.r = data.record
        self.w = width
        self.t = text
        self.today = today
        # The room's clock: the zone the session ran in, else the one asked for (or local).
        self.tz = session_time.session_zone(self.r.session) or tz

    # -------------------------------------------------------------- helpers
    def p(
        self, value: str, style: object = None, *, bold: bool = False, italic: bool = False
    ) -> Flowable:
        """A flowable of user text (always escaped)."""
        return self.t.para(value, style or S.body, bold=bold, italic=italic)

    def ps(self, value: str, style: object = None, *, bold: bool = False) -> list[Flowable]:
        """User text that may be long: one Paragraph per page-friendly piece."""
        return [self.p(piece, style, bold=bold) for piece in self.t.chunks(value)]

    def label_rows(self, name: str, value: str, style: object = None) -> list[list[object]]:
        """Card rows for a labelled value; long values continue on further rows."""
        pieces = self.t.chunks(value)
        rows: list[list[object]] = []
        for i, piece in enumerate(pieces):
            rows.append(
                [Paragraph(name if i == 0 else "", S.label), self.p(piece, style or S.cell)]
            )
        return rows

    def fixed(self, text: str, style: object = None) -> Paragraph:
        """Our own words (no user text): still escaped, never markup by accident."""
        from xml.sax.saxutils import escape

        return Paragraph(escape(text), style or S.body)

    # -------------------------------------------------------------- story
    def build(self) -> list[Flowable]:
        story: list[Flowable] = []
        story += self.cover()
        story.append(PageBreak())
        for section in (
            self.dilemma,
            self.people,
            self.agenda,
            self.roles,
            self.decisions,
            self.actions,
            self.experiments,
            self.learnings,
            self.contributions,
            self.reviewed,
            self.participation,
        ):
            story += section()
        return story

    def cover(self) -> list[Flowable]:
        """Page 1, the summary (``summary_page``); the cover note on missing glyphs follows."""
        from facilitator.report.summary_page import SummaryPage

        out = SummaryPage(self).build()
        self.missing_slot = len(out)
        return out

    def roster(self) -> list[object]:
        """The team as it stood for this session: active members and anyone with attendance."""
        ids = {a.participant_id for a in self.r.attendance}
        return [p for p in self.r.participants if p.active or p.id in ids]

    def dilemma(self) -> list[Flowable]:
        """The whole dilemma, when page 1 had room for its start only."""
        from facilitator.report.summary_page import dilemma_is_cut

        text = self.r.session.dilemma
        if not dilemma_is_cut(text):
            return []
        return heading("The dilemma") + self.ps(text, S.lead)

    def people(self) -> list[Flowable]:
        """Everyone present with their area of work and roles; who left (when) and was away."""
        r = self.r
        status = {a.participant_id: a for a in r.attendance}
        held = figures.roles_by_person(r)
        present = r.present()
        ran = r.session.started_at is not None
        out = heading("Who took part" if ran else "Who is expected")
        if not present:
            return out + [empty("Nobody was marked present." if ran else "Nobody is expected yet.")]
        rows: list[list[object]] = [
            [
                self.fixed("Name", S.head),
                self.fixed("Area of work", S.head),
                self.fixed("Roles held", S.head),
            ]
        ]
        for person in present:
            name = [self.p(person.name, S.cell_bold, bold=True)]
            here = status.get(person.id)
            if here is not None and here.status is AttendanceStatus.LEFT_EARLY:
                at = figures.clock(here.left_at, self.tz)
                name.append(self.fixed(f"left early at {at}" if at else "left early", S.cell_small))
            rows.append(
                [
                    name,
                    self.p(person.area or "—", S.cell),
                    self.p(", ".join(map(isolate, held.get(person.id, []))) or "—", S.cell),
                ]
            )
        out.append(table(rows, [48 * mm, 62 * mm, self.w - 110 * mm]))
        absent = figures.absent(r)
        if absent:
            out.append(gap(1.5))
            out.append(
                Paragraph(
                    "<b>Absent:</b> " + self.t.markup(", ".join(map(isolate, absent))), S.small
                )
            )
        return out

    def agenda(self) -> list[Flowable]:
        out = heading("Agenda and timing")
        rows = figures.agenda(self.r, self.tz)
        if not rows:
            return out + [empty("No agenda was planned for this session.")]
        summary = figures.timing_summary(self.r)
        for extra in (figures.available_text(self.r), figures.extensions_text(self.r)):
            if extra:
                summary += " " + extra
        out.append(self.p(summary, S.body))
        out.append(gap(2))
        plan = figures.planned_clocks(self.r)
        changed = figures.phase_changes(self.r)
        prompts = figures.library_prompts(self.r.phases)
        data: list[list[object]] = [
            [self.fixed(h, S.head) for h in ("#", "Phase", "Start")]
            + [self.fixed(h, S.head_right) for h in ("Planned", "Actual", "+/−", "Running")]
        ]
        lines = figures.agenda_lines(self.r, rows)
        for line in lines:
            ph = line.rows[0].phase
            if line.is_round:
                what = self.round_cell([r.phase for r in line.rows])
            else:
                what = [self.p(self.heading(ph), S.cell_bold, bold=True)]
                sub = " · ".join(x for x in (ph.group_title, label(ph.mode)) if x)
                if ph.is_break:
                    sub = "Break"
                if ph.id in changed:
                    sub = " · ".join(x for x in (sub, changed[ph.id]) if x)
                what.append(self.p(sub, S.cell_small))
                if ph.prompt.strip() and ph.prompt != prompts.get(ph.id, ""):
                    what.append(self.p(ph.prompt, S.cell_small))
            data.append(
                [
                    self.fixed(line.numbers, S.cell),
                    what,
                    self._start_cell(line.rows[0].started, plan[line.first]),
                    self.fixed(clock_mm_ss(line.planned_s), S.cell_right),
                    self.fixed(
                        clock_mm_ss(line.actual_s) if line.actual_s is not None else "not run",
                        S.cell_right,
                    ),
                    self.fixed(signed_clock(line.diff_s), S.cell_right),
                    self.fixed(drift_clock(line.drift_s), S.cell_right),
                ]
            )
        w = self.w
        widest = max(stringWidth(line.numbers, S.cell.fontName, S.cell.fontSize) for line in lines)
        number = max(8 * mm, widest + 9)  # a round's "20–23" on one line (padding 4 + 4)
        fixed_cols = [number, 19 * mm, 16 * mm, 16 * mm, 15 * mm, 24 * mm]
        widths = [fixed_cols[0], w - sum(fixed_cols), *fixed_cols[1:]]
        out.append(table(data, widths))
        out.append(gap(1.5))
        out.append(self.fixed(AGENDA_KEY, S.small))
        chart = charts.drift(rows, self.w)
        if chart is not None:
            out.append(gap(4))
            out.append(keep(self.fixed("Ahead or behind, phase by phase", S.h2), chart))
        return out

    @staticmethod
    def heading(phase: Phase) -> str:
        """The phase's title with its round, "Consult (round 2 of 3)"; a right-to-left
        title kept whole before the round."""
        return round_heading(isolate(phase.title), phase.round_no, phase.rounds)

    def round_cell(self, steps: list[Phase]) -> list[Flowable]:
        """A later round that was round 1 again, in one row: "Round 2 of 3", then "Troika
        Consulting · as round 1: Client shares, Clarifying questions, Consult" (round 1,
        above, says each step's mode and prompt)."""
        first = steps[0]
        names = ", ".join(isolate(p.title) for p in steps)
        sub = " · ".join(x for x in (isolate(first.group_title), f"as round 1: {names}") if x)
        return [
            self.fixed(f"Round {first.round_no} of {first.rounds}", S.cell_bold),
            self.p(sub, S.cell_small),
        ]

    def _start_cell(self, started: str, planned: str) -> list[Flowable]:
        """When a phase began, with the clock time the plan gave it underneath."""
        if not started and planned:
            return [self.fixed(planned, S.cell), self.fixed("planned", S.cell_small)]
        cell = [self.fixed(started or "—", S.cell)]
        if planned:
            cell.append(self.fixed(f"plan {planned}", S.cell_small))
        return cell

    def roles(self) -> list[Flowable]:
        out = heading("Roles")
        r = self.r
        listed = figures.listed_roles(r)
        if not listed:
            return out + [empty("No roles were assigned in this session.")]
        data: list[list[object]] = [
            [self.fixed(h, S.head) for h in ("Role", "Held by", "During", "Why this person")]
        ]
        for a in listed:
            during = r.phase_title(a.phase_id) if a.phase_id else "All phases"
            who = r.person(a.participant_id)
            notes = []
            if a.shadow_of:
                notes.append(f"shadowing {r.person(a.shadow_of)}")
            if a.ended_at:
                notes.append(f"until {figures.clock(a.ended_at, self.tz)}")
            if a.overridden:
                notes.append("chosen by the facilitator")
            held = [self.p(who, S.cell_bold, bold=True)]
            if notes:
                held.append(self.p("; ".join(notes), S.cell_small))
            data.append(
                [
                    self.p(r.role_name(a.role_id), S.cell),
                    held,
                    self.p(during, S.cell),
                    self.ps(a.reason or "—", S.cell),
                ]
            )
        widths = [32 * mm, 36 * mm, 34 * mm, self.w - 102 * mm]
        out.append(table(data, widths, identify=(0, 1)))  # a long reason names its role
        return out

    def decisions(self) -> list[Flowable]:
        out = heading("Decisions")
        r = self.r
        if not r.decisions:
            return out + [empty("No decisions were recorded.")]
        for i, d in enumerate(r.decisions, 1):
            rows: list[list[object]] = []
            pieces = self.t.chunks(d.text)
            for k, piece in enumerate(pieces):
                rows.append(
                    [
                        self.fixed(f"D{i}" if k == 0 else "", S.item),
                        self.p(piece, S.item, bold=True),
                    ]
                )
            rows += self.label_rows("Method", label(d.method))
            if d.rationale:
                rows += self.label_rows("Rationale", d.rationale)
            consulted = ", ".join(r.person(pid) for pid in d.consulted)
            rows += self.label_rows("Consulted", consulted or "nobody recorded")
            rows += self.label_rows("Objections", d.objections or "none raised")
            if d.phase_id:
                rows += self.label_rows("Taken in", r.phase_title(d.phase_id))
            out.append(
                keep(
                    card(
                        rows,
                        [24 * mm, self.w - 24 * mm],
                        extra=[
                            ("TOPPADDING", (0, 0), (-1, 0), 3),
                            ("BOTTOMPADDING", (0, len(pieces) - 1), (-1, len(pieces) - 1), 5),
                        ],
                    ),
                    gap(4),
                )
            )
        return out

    def actions(self) -> list[Flowable]:
        out = heading("Actions")
        r = self.r
        if not r.actions:
            return out + [empty("No actions were agreed.")]
        data: list[list[object]] = [
            [self.fixed(h, S.head) for h in ("#", "Action", "Owner", "Due", "Status")]
        ]
        for i, a in enumerate(r.actions, 1):
            state = figures.action_state(a, self.today)
            data.append(  # one row, however long: it is cut only at a page foot
                [
                    self.fixed(f"A{i}", S.cell),
                    self.ps(a.text, S.cell),
                    self.p(r.person(a.owner_id) or "no owner", S.cell),
                    self.fixed(figures.short_date(a.due) or "—", S.cell),
                    self.fixed(state, S.cell_bold if state == "overdue" else S.cell),
                ]
            )
        widths = [10 * mm, self.w - 90 * mm, 36 * mm, 24 * mm, 20 * mm]
        out.append(table(data, widths, identify=(0, 2)))  # a long action names its owner
        return out

    def experiments(self) -> list[Flowable]:
        out = heading("Experiments")
        r = self.r
        if not r.experiments:
            return out + [empty("No experiments were designed.")]
        for i, x in enumerate(r.experiments, 1):
            rows: list[list[object]] = []
            pieces = self.t.chunks(x.hypothesis)
            for k, piece in enumerate(pieces):
                rows.append(
                    [
                        self.fixed(f"E{i}" if k == 0 else "", S.item),
                        self.p(piece, S.item, bold=True),
                    ]
                )
            for name, value in (
                ("What we try", x.what_we_try),
                ("Time limit", x.limit_time),
                ("Money limit", x.limit_money),
                ("Risk limit", x.limit_risk),
                ("Works when", x.success_signal),
                ("Stop when", x.stop_signal),
            ):
                rows += self.label_rows(name, value or "—")
            rows += self.label_rows("Owner", r.person(x.owner_id) or "no owner")
            rows += self.label_rows("Review on", figures.long_date(x.review_on) or "not set")
            rows += self.label_rows("Status", x.status.value.capitalize())
            if x.outcome:
                rows += self.label_rows("Outcome", x.outcome)
            out.append(
                keep(
                    card(
                        rows,
                        [26 * mm, self.w - 26 * mm],
                        extra=[("BOTTOMPADDING", (0, len(pieces) - 1), (-1, len(pieces) - 1), 5)],
                    ),
                    gap(4),
                )
            )
        return out

    def learnings(self) -> list[Flowable]:
        out = heading("Learnings")
        r = self.r
        if not r.learnings:
            return out + [empty("No learnings were written down.")]
        own = {x.id: i for i, x in enumerate(r.experiments, 1)}
        for i, lr in enumerate(r.learnings, 1):
            rows: list[list[object]] = []
            for k, piece in enumerate(self.t.chunks(lr.text)):
                rows.append(
                    [self.fixed(f"L{i}" if k == 0 else "", S.cell_bold), self.p(piece, S.body)]
                )
            if lr.experiment_id:
                if lr.experiment_id in own:
                    src = f"From experiment E{own[lr.experiment_id]}"
                else:
                    src = "From an experiment of an earlier session (see Reviewed)"
                rows.append(["", self.fixed(src, S.cell_small)])
            out.append(keep(card(rows, [12 * mm, self.w - 12 * mm]), gap(2.5)))
        return out

    def contributions(self) -> list[Flowable]:
        out = heading("Ideas and contributions")
        r = self.r
        if not r.contributions:
            return out + [empty("No contributions were captured.")]
        votes = r.vote_totals()
        voted = any(votes.values())
        ordered = (
            sorted(r.contributions, key=lambda c: -votes.get(c.id, 0))
            if voted
            else list(r.contributions)
        )
        if voted:
            out.append(self.fixed("Sorted by the dots they received.", S.small))
            out.append(gap(1.5))
        data: list[list[object]] = [
            [
                self.fixed("Contribution", S.head),
                self.fixed("From", S.head),
                self.fixed("Dots", S.head_right),
            ]
        ]
        for c in ordered:
            data.append(  # one row, however long: it is cut only at a page foot
                [
                    self.ps(c.text, S.cell),
                    self.p(r.person(c.participant_id) or "—", S.cell),
                    self.fixed(str(votes.get(c.id, 0)), S.cell_right),
                ]
            )
        out.append(table(data, [self.w - 56 * mm, 40 * mm, 16 * mm], identify=(1,)))
        return out

    def reviewed(self) -> list[Flowable]:
        out = heading("Reviewed from earlier sessions")
        r = self.r
        if not r.reviewed_actions and not r.reviewed_experiments:
            return out + [empty("Nothing from earlier sessions was reviewed.")]
        out.append(
            self.fixed(
                "What this session's review round recorded for each item an "
                "earlier session promised.",
                S.small,
            )
        )
        out.append(gap(2))
        if r.reviewed_actions:
            out.append(self.fixed("Actions", S.h2))
            for i, a in enumerate(r.reviewed_actions, 1):
                now = figures.action_state(a, self.today)
                rows = self._review_rows(
                    f"R{i}",
                    "action",
                    a.text,
                    a.session_id,
                    a.owner_id,
                    a.status.value,
                    now,
                    a.id,
                    due=figures.long_date(a.due) or "no date",
                )
                out.append(keep(card(rows, [26 * mm, self.w - 26 * mm]), gap(3)))
        if r.reviewed_experiments:
            out.append(self.fixed("Experiments", S.h2))
            first = len(r.reviewed_actions)
            for i, x in enumerate(r.reviewed_experiments, first + 1):
                rows = self._review_rows(
                    f"R{i}",
                    "experiment",
                    x.hypothesis,
                    x.session_id,
                    x.owner_id,
                    x.status.value,
                    x.status.value,
                    x.id,
                    fallback_outcome=x.outcome,
                )
                out.append(keep(card(rows, [26 * mm, self.w - 26 * mm]), gap(3)))
        return out

    def _review_rows(
        self,
        tag: str,
        kind: str,
        text: str,
        session_id: str,
        owner_id: str | None,
        status: str,
        now: str,
        item_id: str,
        *,
        fallback_outcome: str = "",
        due: str = "",
    ) -> list[list[object]]:
        """Card rows for one reviewed item: what the room recorded, and where it is now."""
        r = self.r
        rows: list[list[object]] = []
        for k, piece in enumerate(self.t.chunks(text)):
            rows.append(
                [self.fixed(tag if k == 0 else "", S.item), self.p(piece, S.item, bold=True)]
            )
        rows += self.label_rows(
            "From session", self.data.session_titles.get(session_id, "an earlier session")
        )
        rows += self.label_rows("Owner", r.person(owner_id) or "no owner")
        if due:
            rows += self.label_rows("Due", due)
        review = r.review_of(item_id)
        if review is not None:
            rows += self.label_rows(
                "Reviewed as", figures.reviewed_as(kind, review.status), S.cell_bold
            )
            rows += self.label_rows("Outcome", review.outcome or fallback_outcome or "not recorded")
            if review.learning:
                rows += self.label_rows("Learning", review.learning)
            if status != review.status:
                rows += self.label_rows("Now", f"{now.capitalize()} (changed since)")
        else:
            settled = "Closed here: " + now if kind == "action" else now.capitalize()
            rows += self.label_rows("Status", settled, S.cell_bold)
            rows += self.label_rows("Outcome", fallback_outcome or "not recorded")
            for lr in r.learnings:
                if lr.experiment_id == item_id:
                    rows += self.label_rows("Learning", lr.text)
        return rows

    def participation(self) -> list[Flowable]:
        out = heading("Participation")
        people = figures.participation(self.r)
        if not people:
            return out + [empty("Nobody was marked present, so there is no participation to show.")]
        spoke = any(p.airtime_s for p in people)
        out.append(
            keep(
                self.fixed("Leadership distribution: " + figures.leadership_text(self.r), S.h2),
                self.fixed(figures.FIGURE_MEANING, S.small),
                gap(3),
            )
        )
        if spoke:
            says = (
                "Airtime is the time each person held the floor in timed rounds and open "
                "discussion; the dashed line is an equal share. Squares count the roles each "
                "person held."
            )
        elif self.r.session.started_at:
            says = "No speaking turns were recorded; the chart shows the roles each person held."
        else:
            says = "The session has not run yet; the chart shows the roles each person is to hold."
        explain = self.fixed(says, S.small)
        chart = charts.participation(people, self.w, self.t)
        data: list[list[object]] = [
            [
                self.fixed("Person", S.head),
                self.fixed("Airtime", S.head_right),
                self.fixed("Share", S.head_right),
                self.fixed("Turns", S.head_right),
                self.fixed("Roles held", S.head),
            ]
        ]
        for person in people:
            data.append(
                [
                    self.p(person.name, S.cell),
                    self.fixed(clock_mm_ss(person.airtime_s), S.cell_right),
                    self.fixed(f"{person.share:.0%}" if spoke else "—", S.cell_right),
                    self.fixed(str(person.turns), S.cell_right),
                    self.p(", ".join(person.roles) or "—", S.cell),
                ]
            )
        grid = table(data, [50 * mm, 20 * mm, 16 * mm, 14 * mm, self.w - 100 * mm])
        if len(people) <= 20:
            out.append(keep(explain, gap(2), chart, gap(3), grid))
        else:
            out += [explain, gap(2), chart, gap(3), grid]
        if spoke and len(people) > 1:
            quiet = figures.quieter_voices(self.r, people)
            if quiet:
                out.append(gap(2))
                out.append(
                    Paragraph(
                        "<b>Quieter voices</b> (under half an equal share): "
                        + self.t.markup(", ".join(quiet))
                        + ". Consider inviting them first "
                        "next time.",
                        S.body,
                    )
                )

        return out
