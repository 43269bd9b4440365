"""The run screen's end: once a session has ended, what it came to and the ways on.

In place of the clock, the speakers and what comes next (none of it live any more): one
summary from the core (when it ran against the plan, what was captured, who held the
roles) and four next steps, each a button with a key: export the report, dot-vote the ideas,
see what was captured, plan the team's next session. The first step has the focus, so
Enter exports at once and Tab walks the others. The keys work only once the panel is open
(before that N and the others are the run's own). Captures added afterwards (from the panel
beside it) are counted as they come.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from facilitator import record, summaries
from facilitator.changes import Changes, Topic
from facilitator.errors import FacilitatorError
from facilitator.store.database import Database
from ui import ops

STYLE = (
    "#endPanel { border: 2px solid palette(mid); border-radius: 8px; }"
    "#endTitle { font-size: 24pt; font-weight: bold; }"
    "#endSummary { font-size: 14pt; }"
    "#endPanel QPushButton { font-size: 13pt; padding: 10px 16px; }"
)

# Each step: its attribute, the button's text, the key, its accessible name, what it does.
STEPS = (
    ("export_button", "Export the report…", "E", "Export the report", "Save the PDF report"),
    ("vote_button", "Dot-vote the ideas", "V", "Dot-vote the ideas", "Give the ideas dots"),
    ("captures_button", "See what was captured", "C", "See what was captured", "The captures"),
    ("plan_button", "Plan the next session", "N", "Plan the next session", "A new session"),
)


class EndPanel(QFrame):
    """What a finished session came to, and its next steps (each emits the session's id).

    Signals:
        report_requested(str): export the session's report.
        voting_requested(str): dot-vote the session's ideas.
        captures_requested(str): show what the session captured.
        next_session_requested(str): plan the team's next session (after this one).
    """

    report_requested = Signal(str)
    voting_requested = Signal(str)
    captures_requested = Signal(str)
    next_session_requested = Signal(str)

    def __init__(
        self, database: Database, session_id: str, keys_on: QWidget, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("endPanel")
        self.setStyleSheet(STYLE)
        self.setAccessibleName("The session has finished")
        self.database, self.session_id = database, session_id
        title = QLabel("Session finished — thank you")
        title.setObjectName("endTitle")
        self.summary = QLabel()
        self.summary.setObjectName("endSummary")
        self.summary.setTextFormat(Qt.TextFormat.PlainText)  # names as typed
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName("What the session came to")
        what_next = QLabel("What next?")
        what_next.setProperty("role", "subtitle")
        steps = QGridLayout()  # two by two: the panel fits beside the capture panel at 1280 px
        self.shortcuts: list[QShortcut] = []
        signals = (
            self.report_requested,
            self.voting_requested,
            self.captures_requested,
            self.next_session_requested,
        )
        for place, ((name, text, key, accessible, what), signal) in enumerate(
            zip(STEPS, signals, strict=True)
        ):
            button = QPushButton(f"{text}  ({key})")
            button.setAccessibleName(accessible)
            button.setAccessibleDescription(f"{what}. Key: {key}.")
            button.setToolTip(f"{what} ({key}{' or Ctrl+E' if key == 'E' else ''})")
            button.setAutoDefault(True)  # Enter presses the focused step
            button.clicked.connect(lambda _=False, s=signal: s.emit(self.session_id))
            steps.addWidget(button, place // 2, place % 2)
            setattr(self, name, button)
            shortcut = QShortcut(QKeySequence(key), keys_on, button.click)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.setEnabled(False)
            self.shortcuts.append(shortcut)
        steps.setColumnStretch(2, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.addWidget(title)
        layout.addWidget(self.summary)
        layout.addSpacing(12)
        layout.addWidget(what_next)
        layout.addLayout(steps)
        layout.addStretch(1)
        self.hide()
        ops.follow(self, [Topic.CAPTURES, Topic.ROLES, Topic.SESSIONS], self._on_changes)

    def open(self) -> None:
        """Show what the session came to, turn the keys on and give the first step the focus."""
        self.load()
        for shortcut in self.shortcuts:
            shortcut.setEnabled(True)
        self.show()
        self.export_button.setFocus()

    def load(self) -> None:
        """Read the summary again from the record."""
        try:
            lines = summaries.ended_summary(record.load(self.database, self.session_id))
        except FacilitatorError as exc:  # a read, not an action
            ops.show_error(self, "Could not read what the session came to", exc)
            return
        self.summary.setText("\n".join(lines))

    def _on_changes(self, changes: Changes) -> None:
        if changes.session_id in (None, self.session_id):
            self.load()

    # The buttons, made from STEPS (named here for the type checker and the reader).
    export_button: QPushButton
    vote_button: QPushButton
    captures_button: QPushButton
    plan_button: QPushButton
