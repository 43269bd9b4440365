"""The team report: every session of a team, and how leading and following-through went."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, tzinfo

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Paragraph, Spacer

from facilitator.model import Action, Participant, Role, Team
from facilitator.record import SessionRecord
from facilitator.report import charts, figures
from facilitator.report.layout import S, card, empty, gap, heading, keep, table
from facilitator.report.text import Text


@dataclass
class TeamReportData:
    team: Team
    participants: list[Participant]
    roles: list[Role]
    records: list[SessionRecord]  # oldest first


def _day(record: SessionRecord) -> str:
    return figures.session_day(record)


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

    def p(self, value: str, style: object = None, *, bold: bool = False) -> Flowable:
        return self.t.para(value, style or S.body, bold=bold)

    def ps(self, value: str, style: object = None) -> list[Flowable]:
        return [self.p(piece, style) for piece in self.t.chunks(value)]

    def fixed(self, value: str, style: object = None) -> Paragraph:
        from xml.sax.saxutils import escape

        return Paragraph(escape(value), style or S.body)

    def person(self, pid: str | None) -> str:
        return self.names.get(pid or "", "") if pid else ""

    def session_ref(self, session_id: str) -> str:
        n = self.number.get(session_id)
        return f"S{n}" if n else "—"

    # -------------------------------------------------------------- story
    def build(self) -> list[Flowable]:
        story = self.cover()
        story.append(PageBreak())
        for section in (
            self.sessions,
            self.ledger,
            self.distribution,
            self.follow_through,
            self.experiments,
            self.learnings,
        ):
            story += section()
        return story

    def cover(self) -> list[Flowable]:
        d = self.d
        out: list[Flowable] = [
            Spacer(1, 6 * mm),
            self.fixed("TEAM REPORT", S.kicker),
            self.p(d.team.name, S.title, bold=True),
        ]
        days = [x for x in (_day(r) for r in d.records) if x]
        period = (
            f"{figures.long_date(days[0])} to {figures.long_date(days[-1])}"
            if days
            else "No sessions yet"
        )
        out.append(self.fixed(period, S.subtitle))
        active = [p for p in d.participants if p.active]
        actions = [a for r in d.records for a in r.actions]
        counts = figures.follow_through(actions, self.today)
        facts = [
            ("Sessions", str(len(d.records))),
            (
                "People",
                f"{len(active)} active"
                + (
                    f", {len(d.participants) - len(active)} former"
                    if len(d.participants) > len(active)
                    else ""
                ),
            ),
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
        out.append(gap(6))
        out.append(self.fixed("The team", S.h2))
        if d.participants:
            data: list[list[object]] = [
                [self.fixed(h, S.head) for h in ("Name", "Area of work", "Sessions attended")]
            ]
            attended = Counter(pid for r in d.records for pid in (p.id for p in r.present()))
            for person in d.participants:
                name = person.name + ("" if person.active else " (former member)")
                data.append(
                    [
                        self.p(name, S.cell_bold, bold=True),
                        self.p(person.area or "—", S.cell),
                        self.fixed(f"{attended.get(person.id, 0)} of {len(d.records)}", S.cell),
                    ]
                )
            out.append(table(data, [52 * mm, self.w - 92 * mm, 40 * mm]))
        else:
            out.append(empty("The team has nobody on its roster yet."))
        self.missing_slot = len(out)
        return out

    def sessions(self) -> list[Flowable]:
        out = heading("Sessions")
        if not self.d.records:
            return out + [empty("The team has no sessions yet.")]
        data: list[list[object]] = [
            [self.fixed(h, S.head) for h in ("#", "Date", "Session", "Status")]
            + [self.fixed(h, S.head_right) for h in ("Decisions", "Actions", "Exp.", "Leading")]
        ]
        for i, r in enumerate(self.d.records, 1):
            value = figures.roles(r).distribution
            data.append(
                [
                    self.fixed(f"S{i}", S.cell),
                    self.fixed(figures.short_date(_day(r)) or "—", S.cell),
                    self.p(r.session.title, S.cell),
                    self.fixed(r.session.status.value.capitalize(), S.cell),
                    self.fixed(str(len(r.decisions)), S.cell_right),
                    self.fixed(str(len(r.actions)), S.cell_right),
                    self.fixed(str(len(r.experiments)), S.cell_right),
                    self.fixed("—" if value is None else f"{value:.2f}", S.cell_right),
                ]
            )
        fixed_cols = [9 * mm, 24 * mm, 18 * mm, 19 * mm, 16 * mm, 11 * mm, 17 * mm]
        widths = [*fixed_cols[:2], self.w - sum(fixed_cols), *fixed_cols[2:]]
        out.append(table(data, widths))
        out.append(gap(1.5))
        out.append(
            self.fixed(
                "Leading: the leadership distribution figure of the session. "
                + figures.FIGURE_MEANING,
                S.small,
            )
        )
        return out

    def ledger(self) -> list[Flowable]:
        out = heading("Rotation ledger")
        held: Counter[tuple[str, str]] = Counter()
        for r in self.d.records:
            for a in figures.roles(r).held:
                held[(a.participant_id, a.role_id)] += 1
        if not held:
            return out + [empty("No roles have been held yet.")]
        used = {role for _, role in held}
        roles = [r for r in self.d.roles if r.id in used]
        people = [p for p in self.d.participants if any(p.id == pid for pid, _ in held) or p.active]
        out.append(
            self.fixed("How often each person has held each role, across all sessions.", S.small)
        )
        out.append(gap(1.5))
        name_w = 42 * mm
        total_w = 14 * mm
        col = (self.w - name_w - total_w) / max(1, len(roles))
        head_style = S.head_right if col >= 16 * mm else S.small_right
        data: list[list[object]] = [
            [self.fixed("Person", S.head)]
            + [self.p(r.name, head_style, bold=True) for r in roles]
            + [self.fixed("Total", S.head_right)]
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
                [name_w] + [col] * len(roles) + [total_w],
                right=range(1, len(roles) + 2),
                extra=[("LINEABOVE", (0, -1), (-1, -1), 0.8, "black")],
            )
        )
        return out

    def distribution(self) -> list[Flowable]:
        out = heading("Leadership distribution over time")
        points = [
            (figures.short_date(_day(r))[:6] or f"S{i}", figures.roles(r).distribution)
            for i, r in enumerate(self.d.records, 1)
        ]
        chart = charts.distribution_over_time(points, self.w)
        if chart is None:
            return out + [
                empty("No session has role assignments yet, so there is no figure to show.")
            ]
        values = [v for _, v in points if v is not None]
        out.append(
            self.fixed(
                f"Per session, how evenly the people present shared the roles: "
                f"{figures.FIGURE_MEANING} "
                f"Latest {values[-1]:.2f}; average {sum(values) / len(values):.2f}.",
                S.small,
            )
        )
        out.append(gap(2))
        out.append(chart)
        return out

    def follow_through(self) -> list[Flowable]:
        out = heading("Action follow-through")
        actions: list[tuple[SessionRecord, Action]] = [
            (r, a) for r in self.d.records for a in r.actions
        ]
        if not actions:
            return out + [empty("No actions have been agreed yet.")]
        counts = figures.follow_through([a for _, a in actions], self.today)
        chart = charts.follow_through(counts, self.w)
        if chart is not None:
            out.append(chart)
            out.append(gap(3))
        data: list[list[object]] = [
            [self.fixed(h, S.head) for h in ("From", "Action", "Owner", "Due", "Status")]
        ]
        order = {"overdue": 0, "open": 1, "done": 2, "dropped": 3}
        for r, a in sorted(
            actions,
            key=lambda ra: (order[figures.action_state(ra[1], self.today)], ra[1].due or "9999"),
        ):
            state = figures.action_state(a, self.today)
            data.append(
                [
                    self.fixed(self.session_ref(r.session.id), S.cell),
                    self.ps(a.text, S.cell),
                    self.p(self.person(a.owner_id) or "no owner", S.cell),
                    self.fixed(figures.short_date(a.due) or "—", S.cell),
                    self.fixed(state, S.cell_bold if state == "overdue" else S.cell),
                ]
            )
        out.append(table(data, [12 * mm, self.w - 92 * mm, 36 * mm, 24 * mm, 20 * mm]))
        return out

    def experiments(self) -> list[Flowable]:
        out = heading("Experiments and their outcomes")
        items = [(r, x) for r in self.d.records for x in r.experiments]
        if not items:
            return out + [empty("No experiments have been designed yet.")]
        for r, x in items:
            rows: list[list[object]] = [
                [self.fixed(self.session_ref(r.session.id), S.item), self.ps(x.hypothesis, S.item)]
            ]
            meta = (
                f"{x.status.value.capitalize()} · owner "
                f"{self.person(x.owner_id) or 'not set'} · review "
                f"{figures.short_date(x.review_on) or 'not set'}"
            )
            rows.append([self.fixed("Status", S.label), self.p(meta, S.cell)])
            rows.append(
                [self.fixed("Outcome", S.label), self.ps(x.outcome or "Not recorded yet.", S.cell)]
            )
            out.append(keep(card(rows, [18 * mm, self.w - 18 * mm]), gap(3)))
        return out

    def learnings(self) -> list[Flowable]:
        out = heading("Learnings log")
        items = [(r, lr) for r in self.d.records for lr in r.learnings]
        if not items:
            return out + [empty("No learnings have been written down yet.")]
        data: list[list[object]] = [[self.fixed(h, S.head) for h in ("From", "Date", "Learning")]]
        for r, lr in items:
            data.append(
                [
                    self.fixed(self.session_ref(r.session.id), S.cell),
                    self.fixed(figures.short_date(_day(r)) or "—", S.cell),
                    self.ps(lr.text, S.cell),
                ]
            )
        out.append(table(data, [12 * mm, 22 * mm, self.w - 34 * mm]))
        return out
