"""A read-only overview of one session: dilemma, agenda with times, roles and captures, and
the next steps that fit it (``facilitator.routing.next_steps``): run a planned session,
resume one left running; for a finished one its report, the dot vote, its captures and the
team's next session — never a run it would refuse.

Given the database, the overview reloads itself whenever an action changes what it shows (a
review in a later session closing one of its actions, say): now if it is on screen, else
when it is next shown.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal, SignalInstance
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTextBrowser, QVBoxLayout, QWidget

from facilitator import routing, session_time
from facilitator.changes import Changes, Topic
from facilitator.direction import isolate
from facilitator.durations import clock_mm_ss
from facilitator.errors import FacilitatorError
from facilitator.model import SessionStatus, label
from facilitator.routing import NextStep
from facilitator.store.database import Database
from ui import ops
from ui.editing import set_role
from ui.navigation import back_button

if TYPE_CHECKING:
    from facilitator.record import SessionRecord

SHOWN = tuple(t for t in Topic if t is not Topic.TEMPLATES)  # all of a session's record


def render_html(record: SessionRecord) -> str:
    """The session as simple HTML for a QTextBrowser; all user text escaped."""
    # Loaded with the first session shown, not on the window's first paint.
    import html

    from facilitator.rotation import counted

    e = html.escape
    s = record.session
    parts = [
        f"<h1>{e(s.title)}</h1>",
        f"<p><b>{e(record.team.name)}</b> · "
        + " · ".join(
            e(part)
            for part in (session_time.when_text(s), s.place, s.status.value.capitalize())
            if part  # a session with no place or date leaves no empty "· ·"
        )
        + "</p>",
    ]
    if s.dilemma:
        parts.append(f"<h2>Dilemma</h2><p>{e(s.dilemma)}</p>")
    # Names isolated: a right-to-left name keeps to its place in our sentences.
    present = ", ".join(e(isolate(p.name)) for p in record.present()) or "nobody recorded"
    parts.append(f"<p><b>Present:</b> {present}</p>")
    parts.append(
        "<h2>Agenda</h2><table cellpadding='4'><tr><th align='left'>Phase</th>"
        "<th align='left'>Format</th><th align='left'>Mode</th><th>Planned</th>"
        "<th>Actual</th></tr>"
    )
    for phase in record.phases:
        parts.append(
            f"<tr><td>{e(phase.heading)}</td><td>{e(phase.group_title)}</td>"
            f"<td>{e(label(phase.mode))}</td><td align='right'>"
            f"{clock_mm_ss(phase.planned_s)}</td><td align='right'>"
            f"{clock_mm_ss(record.actual_s(phase))}</td></tr>"
        )
    parts.append("</table>")
    if record.assignments:
        parts.append("<h2>Roles</h2><ul>")
        for a in record.assignments:
            where = f" ({e(record.phase_title(a.phase_id))})" if a.phase_id else ""
            role = e(isolate(record.role_name(a.role_id)))
            who = e(isolate(record.person(a.participant_id)))
            if a.shadow_of:
                who += f", shadowing {e(isolate(record.person(a.shadow_of)))}"
            if a.ended_at and not counted(replace(a, shadow_of=None), record.session):
                who = f"<s>{who}</s> (replaced before the start)"
            elif a.ended_at:
                who += f" (until {e(session_time.session_clock(a.ended_at, s))})"
            changed = "changed: " if a.overridden else ""
            parts.append(f"<li><b>{role}</b>{where}: {who} — <i>{changed}{e(a.reason)}</i></li>")
        parts.append("</ul>")

    def section(title: str, items: list[str]) -> None:
        parts.append(f"<h2>{title}</h2>")
        parts.append(
            "<ul>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>"
            if items
            else "<p><i>None recorded.</i></p>"
        )

    section(
        "Decisions",
        [
            f"{e(d.text)}<br><small>{e(label(d.method))}"
            f"{' — ' + e(d.rationale) if d.rationale else ''}</small>"
            for d in record.decisions
        ],
    )
    section(
        "Actions",
        [
            f"{e(a.text)} — {e(record.person(a.owner_id) or 'no owner')}, due "
            f"{e(a.due or '—')} [{e(a.status.value)}]"
            for a in record.actions
        ],
    )
    section("Experiments", [f"{e(x.hypothesis)} [{e(x.status.value)}]" for x in record.experiments])
    section("Learnings", [e(lr.text) for lr in record.learnings])
    votes = record.vote_totals()
    section(
        "Contributions",
        [
            f"{e(c.text)} — {e(record.person(c.participant_id))}"
            f"{f' · {votes[c.id]} dots' if votes.get(c.id) else ''}"
            for c in record.contributions
        ],
    )
    return "\n".join(parts)


class SessionOverview(QWidget):
    """One session as read-only text under a row of its next steps.

    Signals (each step's carries the session's id):
        back_requested(): the user wants to leave (Esc, Alt+Left or the Back button).
        run_requested(str): run the planned session, or resume the one left running.
        report_requested(str): export the PDF report of the session.
        voting_requested(str): dot-vote the session's ideas.
        captures_requested(str): show the session's captures.
        next_session_requested(str): plan the team's next session.
    """

    back_requested = Signal()
    run_requested = Signal(str)
    report_requested = Signal(str)
    voting_requested = Signal(str)
    captures_requested = Signal(str)
    next_session_requested = Signal(str)

    def __init__(self, database: Database | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("session_overview")
        self.database = database
        self.record: SessionRecord | None = None
        back = back_button(self, "Back to workshops", "Back to the list of workshops")
        self.toolbar = QHBoxLayout()
        self.toolbar.addWidget(back)
        self.toolbar.addStretch(1)
        self.run_button = self._step("▶  R&un session", "Run this session", self.run_requested)
        self.report_button = self._step(
            "&Export the report…", "Export the session report as PDF", self.report_requested
        )
        self.report_button.setToolTip("Save a print-ready PDF report of this session (Ctrl+E)")
        self.vote_button = self._step(
            "Dot-&vote the ideas", "Dot-vote the ideas", self.voting_requested
        )
        self.captures_button = self._step(
            "See what was &captured", "See what was captured", self.captures_requested
        )
        self.plan_button = self._step(
            "Plan the &next session", "Plan the next session", self.next_session_requested
        )
        self.steps = {
            NextStep.RUN: self.run_button,
            NextStep.RESUME: self.run_button,
            NextStep.EXPORT: self.report_button,
            NextStep.VOTE: self.vote_button,
            NextStep.CAPTURES: self.captures_button,
            NextStep.PLAN_NEXT: self.plan_button,
        }
        self.heading = QLabel()
        self.heading.setProperty("role", "subtitle")
        self.body = QTextBrowser()
        self.body.setAccessibleName("Session overview")
        self.body.setOpenLinks(False)
        layout = QVBoxLayout(self)
        layout.addLayout(self.toolbar)
        layout.addWidget(self.body, 1)
        ops.follow(self, SHOWN, self._on_changes)

    def _step(self, text: str, accessible: str, signal: SignalInstance) -> QPushButton:
        """A next-step button in the toolbar, emitting ``signal`` with the session's id."""
        button = QPushButton(text)
        button.setAccessibleName(accessible)
        button.setAutoDefault(True)
        button.clicked.connect(lambda: self._on_step_clicked(signal))
        self.toolbar.addWidget(button)
        return button

    def _on_step_clicked(self, signal: SignalInstance) -> None:
        if self.record is not None:
            signal.emit(self.record.session.id)

    def show_record(self, record: SessionRecord) -> None:
        self.record = record
        self.body.setHtml(render_html(record))
        self._show_steps(record)
        self.body.setFocus()

    def _show_steps(self, record: SessionRecord) -> None:
        """Only the steps that fit the session (the core's rule), the best one in bold."""
        read_only = self.database is not None and self.database.read_only
        offered = routing.next_steps(record.session, read_only)
        resume = record.session.status is SessionStatus.RUNNING
        self.run_button.setText("▶  Resume the r&un" if resume else "▶  R&un session")
        self.run_button.setAccessibleName("Resume the run" if resume else "Run this session")
        self.run_button.setToolTip(
            "Back to the run, where it was left" if resume else "Run this session"
        )
        shown = {self.steps[step] for step in offered}
        best = self.steps[offered[0]] if offered else None
        for button in set(self.steps.values()):
            button.setVisible(button in shown)
            set_role(button, "primary" if button is best else None)

    def _on_changes(self, changes: Changes) -> None:
        """Load the session again where the reader was, when its team's record changed."""
        shown = self.record
        if self.database is None or shown is None:
            return
        if changes.team_id not in (None, shown.team.id):
            return
        try:
            from facilitator import record as session_record

            fresh = session_record.load(self.database, shown.session.id)
        except FacilitatorError as exc:  # a read, not an action: nothing to run through ops
            ops.show_error(self, "Could not reload the session", exc)
            return
        scroll = self.body.verticalScrollBar()
        where = scroll.value()
        self.record = fresh
        self.body.setHtml(render_html(fresh))
        self._show_steps(fresh)
        scroll.setValue(where)
