"""The review round as a screen of its own: earlier actions and experiments come back until
the room settles them.

Opened from the session overview, the capture view or Go ▸ Review round… (outside a run;
during a run the run screen shows the same panel beside its timer). It is the review panel
(``ui.screens.review_panel``: the list most pressing first, the form, Ctrl+Enter records
and moves on) across the whole window, with a way back.

Signals:
    back_requested(): the user wants to leave (Esc, Alt+Left or the Back button).
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from facilitator.clock import Clock
from facilitator.store.database import Database
from ui.navigation import back_button
from ui.screens.review_panel import ReviewPanel


class ReviewScreen(ReviewPanel):
    back_requested = Signal()

    def __init__(
        self, database: Database, parent: QWidget | None = None, *, clock: Clock | None = None
    ) -> None:
        super().__init__(database, parent, clock=clock)
        self.setObjectName("review")
        self.header.insertWidget(0, back_button(self, "Back", "Leave the review round"))
