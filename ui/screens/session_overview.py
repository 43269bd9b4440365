"""A read-only overview of one session: dilemma, agenda with times, roles and captures.

Given the database, the overview reloads itself whenever an action changes what it shows (a
review in a later session closing one of its actions, say): now if it is on screen, else
when it is next shown.

Signals:
    back_requested(): the user wants to leave (Esc, Alt+Left or the Back button).
    report_requested(str): the user asked for the PDF report of this session (its id).
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTextBrowser, QVBoxLayout, QWidget

from facilitator import session_time
from facilitator.changes import Changes, Topic
from facilitator.durations import clock_mm_ss
from facilitator.errors import FacilitatorError
from facilitator.model import label
from facilitator.store.database import Database
from ui import ops
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
        f"<p><b>{e(record.team.name)}</b> · {e(session_time.when_text(s))} · "
        f"{e(s.place)} · {e(s.status.value.capitalize())}</p>",
    ]
    if s.dilemma:
        parts.append(f"<h2>Dilemma</h2><p>{e(s.dilemma)}</p>")
    present = ", ".join(e(p.name) for p in record.present()) or "nobody recorded"
    parts.append(f"<p><b>Present:</b> {present}</p>")
    parts.append(
        "<h2>Agenda</h2><table cellpadding='4'><tr><th align='left'>Phase</th>"
        "<th align='left'>Format</th><th align='left'>Mode</th><th>Planned</th>"
        "<th>Actual</th></tr>"
    )
    for phase in record.phases:
        parts.append(
            f"<tr><td>{e(phase.title)}</td><td>{e(phase.group_title)}</td>"
            f"<td>{e(label(phase.mode))}</td><td align='right'>"
            f"{clock_mm_ss(phase.planned_s)}</td><td align='right'>"
            f"{clock_mm_ss(record.actual_s(phase))}</td></tr>"
        )
    parts.append("</table>")
    if record.assignments:
        parts.append("<h2>Roles</h2><ul>")
        for a in record.assignments:
            where = f" ({e(record.phase_title(a.phase_id))})" if a.phase_id else ""
            role = e(record.role_name(a.role_id))
            who = e(record.person(a.participant_id))
            if a.shadow_of:
                who += f", shadowing {e(record.person(a.shadow_of))}"
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
    back_requested = Signal()
    report_requested = Signal(str)

    def __init__(self, database: Database | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("session_overview")
        self.database = database
        self.record: SessionRecord | None = None
        back = back_button(self, "Back to workshops", "Back to the list of workshops")
        self.toolbar = QHBoxLayout()
        self.toolbar.addWidget(back)
        self.toolbar.addStretch(1)
        self.report_button = QPushButton("Export &report…")
        self.report_button.setAccessibleName("Export the session report as PDF")
        self.report_button.setToolTip("Save a print-ready PDF report of this session (Ctrl+E)")
        self.report_button.clicked.connect(self._on_report_button_clicked)
        self.toolbar.addWidget(self.report_button)
        self.heading = QLabel()
        self.heading.setProperty("role", "subtitle")
        self.body = QTextBrowser()
        self.body.setAccessibleName("Session overview")
        self.body.setOpenLinks(False)
        layout = QVBoxLayout(self)
        layout.addLayout(self.toolbar)
        layout.addWidget(self.body, 1)
        ops.follow(self, SHOWN, self._on_changes)

    def _on_report_button_clicked(self) -> None:
        if self.record is not None:
            self.report_requested.emit(self.record.session.id)

    def show_record(self, record: SessionRecord) -> None:
        self.record = record
        self.body.setHtml(render_html(record))
        self.body.setFocus()

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
        scroll.setValue(where)
