"""A session's captures after the fact: every kind, editable, with its dot votes and tally.

The Captures tab is the capture panel listing items by kind (Enter edits, Delete removes,
Ctrl+Z brings back what was changed during this visit); the Dot voting tab enters votes by
keyboard and ranks the ideas. Alt+O shows the read-only overview, Alt+V the session's
review round. Both tabs follow what changes (``ui.ops.follow``): an item saved or deleted
shows in the tally, a vote shows as dots in the list, without one tab refreshing the other.

Signals:
    back_requested(): the user wants to leave (Esc or the Back button).
    overview_requested(str): show the read-only overview of this session (its id).
    review_requested(str): open this session's review round (its id).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QTabWidget, QVBoxLayout, QWidget

from facilitator import planning, roster, session_time
from facilitator.clock import Clock, SystemClock
from ui.elided_label import ElidedLabel
from ui.navigation import back_button
from ui.screens.capture_panel import CapturePanel
from ui.screens.dot_voting import DotVotingPanel


class CaptureView(QWidget):
    back_requested = Signal()
    overview_requested = Signal(str)
    review_requested = Signal(str)

    def __init__(
        self, database: Any, parent: QWidget | None = None, *, clock: Clock | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("capture_view")
        self.database = database
        self.clock: Clock = clock or SystemClock()
        self.session_id: str | None = None

        back = back_button(self, "Back to workshops", "Back to the list of workshops")
        self.title = ElidedLabel()  # the session title as typed; a long one ends in "…"
        self.title.setProperty("role", "title")
        self.subtitle = ElidedLabel()  # the team name as typed, the day, the status
        self.subtitle.setProperty("role", "subtitle")
        self.overview_button = QPushButton("&Overview")
        self.overview_button.setAccessibleName("Read-only overview of the session")
        self.overview_button.clicked.connect(self._on_overview_button_clicked)
        self.overview_button.setToolTip("The read-only overview of the session (Alt+O)")
        self.review_button = QPushButton("Re&view round")
        self.review_button.setToolTip("What this session reviewed from earlier ones (Alt+V)")
        self.review_button.setAccessibleName("Review round of the session")
        self.review_button.clicked.connect(self._on_review_button_clicked)
        top = QHBoxLayout()
        top.addWidget(back)
        top.addWidget(self.title, 1)
        top.addWidget(self.overview_button)
        top.addWidget(self.review_button)

        self.panel = CapturePanel(database, clock=self.clock, group_by_kind=True)
        self.voting = DotVotingPanel(database, clock=self.clock)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.panel, "&Captures")
        self.tabs.addTab(self.voting, "&Dot voting")
        self.tabs.currentChanged.connect(self._on_tabs_current_changed)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.subtitle)
        layout.addWidget(self.tabs, 1)

    def show_session(
        self, session_id: str, kind: str | None = None, item_id: str | None = None
    ) -> None:
        """Show a session's captures; with ``kind`` and ``item_id``, select that item."""
        session = planning.get_session(self.database, session_id)
        team = roster.get_team(self.database, session.team_id)
        self.session_id = session_id
        self.title.setText(session.title)
        when = session_time.when_text(session)
        self.subtitle.setText(f"{team.name} · {when} · {session.status.value.capitalize()}")
        # A fresh visit: undo covers what is done from now on, roster and phases reloaded.
        self.panel.set_context(session_id, None, reload=True)
        self.voting.set_session(session_id)
        self.tabs.setCurrentWidget(self.panel)
        if kind and item_id and self.panel.select_item(kind, item_id):
            self.panel.tree.setFocus()
        else:
            self.panel.focus_entry()

    def _on_tabs_current_changed(self, _index: int) -> None:
        """Alt+D (or a click) on Dot voting puts the keys in its grid, where dots are typed."""
        if self.tabs.currentWidget() is self.voting and self.isVisible():
            self.voting.table.setFocus()

    def _on_overview_button_clicked(self) -> None:
        if self.session_id:
            self.overview_requested.emit(self.session_id)

    def _on_review_button_clicked(self) -> None:
        if self.session_id:
            self.review_requested.emit(self.session_id)
