"""The review round beside the run: the review panel in place of the run screen's side panel.

The big time, the controls and the run keys stay on screen while the owners report in
turn: when the floor passes to someone with items to review, theirs are selected. The room
is told which items there are and which one is being reviewed (the projector's review
view). Esc or "Back to capture" puts the side panel back.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QPushButton, QWidget

from facilitator.changes import Changes, Topic
from facilitator.review import ReviewItem
from ui import ops
from ui.screens.review_panel import ReviewPanel

if TYPE_CHECKING:
    from ui.screens.run.screen import RunScreen


class RunReview(QObject):
    """The review panel of one run screen, swapped in for the side panel and back."""

    def __init__(self, screen: RunScreen) -> None:
        super().__init__(screen)
        self.screen = screen
        self.panel: ReviewPanel | None = None  # built the first time it is opened
        self._side_sizes: list[int] = []  # the splitter as it was, to put back
        self._speaker: str | None = None  # who had the floor when the list last followed it
        screen.phase_did_change.connect(self._on_screen_phase_did_change)

    def is_open(self) -> bool:
        """Whether the review panel is in the side panel's place (also while the room layout
        covers the facilitator's view)."""
        return self.panel is not None and self.panel.isVisibleTo(self.screen.splitter)

    def open(self, phase_id: str | None) -> None:
        """Show the review round for the run's session beside the timer; what is recorded
        is stamped with ``phase_id``. Refused reads raise (``FacilitatorError``)."""
        panel = self.panel or self._build()
        panel.set_session(self.screen.session_id, phase_id)  # may raise: nothing swapped yet
        self._speaker = self._speaking()
        if self._speaker is not None:
            panel.select_owner(self._speaker)  # mid-round: whoever has the floor reports
        if not self.is_open():
            self._swap(panel)
        panel.tree.setFocus()
        panel.tell_the_room()

    def close(self) -> None:
        """The side panel back where the review panel was; the run keys to the run screen."""
        side = self._side()
        if self.panel is None or not self.is_open() or side is None:
            return
        self.panel.hide()
        side.show()
        if self._side_sizes:
            self.screen.splitter.setSizes(self._side_sizes)
        self.screen.setFocus()

    def _build(self) -> ReviewPanel:
        screen = self.screen
        panel = ReviewPanel(screen.database, clock=screen.clock, in_turn=True)
        panel.setAccessibleName("Review round")
        back = QPushButton("Back to capture  (Esc)")
        back.setAccessibleName("Back to capture")
        back.setToolTip("Close the review round and show the capture panel again (Esc)")
        back.clicked.connect(self.close)
        panel.header.addWidget(back)
        panel.hint.setText(
            "↑↓ choose · Enter to the status · Ctrl+Enter records and moves on · "
            "Esc back to capture · the run keys work outside the text fields"
        )
        panel.review_did_move.connect(self._on_panel_review_did_move)
        ops.follow(panel, [Topic.RUN], self._on_run_changes)
        panel.hide()
        self.panel = panel
        return panel

    def _side(self) -> QWidget | None:
        return self.screen.side_panel if self.screen.side_panel is not None else self.screen.agenda

    def _swap(self, panel: ReviewPanel) -> None:
        splitter, side = self.screen.splitter, self._side()
        if side is None:
            return
        index = splitter.indexOf(side)
        if splitter.indexOf(panel) < 0:
            splitter.insertWidget(index + 1, panel)
        self._side_sizes = sizes = splitter.sizes()
        wanted = list(sizes)  # in the side panel's place and width: the timer does not move
        wanted[splitter.indexOf(panel)], wanted[index] = sizes[index], 0
        side.hide()
        panel.show()
        splitter.setSizes(wanted)

    def _on_panel_review_did_move(self, items: list[ReviewItem], current_id: str) -> None:
        """The room sees the list in turn and which item is being reviewed."""
        if self.is_open():
            self.screen.projector.show_review(items, current_id or None)

    def _speaking(self) -> str | None:
        speaker = self.screen.run.view().speaker
        return speaker.id if speaker is not None else None

    def _on_run_changes(self, _changes: Changes) -> None:
        """The floor passed (S, a tap on a name): the new speaker's items are selected, so
        the owners report in the order the round takes them."""
        speaker = self._speaking()
        if self.panel is not None and self.is_open() and speaker != self._speaker:
            self._speaker = speaker
            if speaker is not None:
                self.panel.select_owner(speaker)

    def _on_screen_phase_did_change(self, phase_id: str) -> None:
        """Reviews recorded after the phase moved on are stamped with the phase they were
        recorded in."""
        if self.panel is not None:
            self.panel.phase_id = phase_id
