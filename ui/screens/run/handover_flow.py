"""The handover during a run, without surprises: when the core says the roles are due to be
handed over (at the start, when the holders change), the handover window over the run
screen, mirrored on the projector for the room. It never opens while time runs: at the
start, roles accepted and waiting for their holders come before the clock, which starts as
the window closes with "Start the round" (or Space); otherwise (holders changed
mid-session, suggestions never accepted) a calm bar offers it (H), and the round pauses
while it shows.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from facilitator.clock import Clock
from facilitator.errors import FacilitatorError
from facilitator.run import RunView, SessionRun, hand_over_before_start
from facilitator.store.database import Database
from facilitator.timer import TimerState
from ui.presenter import PresenterWindow
from ui.screens.handover import HandoverDialog
from ui.screens.run.bars import InlineBar

START, RESUME = "start the round", "resume the round"
CHANGED = "Roles changed — hand them over (H); the round pauses meanwhile."
SUGGESTED = "Roles suggested, not accepted yet — hand them over (H) to accept them."


class RunHandover(QObject):
    """Offers the handover over ``screen`` and keeps the projector showing it.

    Signals:
        handover_did_close(): the handover window was closed; the run shows the timer again.
        go_on_requested(): it was closed to go on ("Start the round", "Resume the round").
        open_requested(): the bar's button was pressed: hand over now (as H does).
    """

    handover_did_close = Signal()
    go_on_requested = Signal()
    open_requested = Signal()

    def __init__(
        self,
        screen: QWidget,
        database: Database,
        run: SessionRun,
        clock: Clock,
        presenter: Callable[[], PresenterWindow | None],
        show_error: Callable[[FacilitatorError], None],
    ) -> None:
        super().__init__(screen)
        self.screen, self.database, self.run, self.clock = screen, database, run, clock
        self._presenter, self._show_error = presenter, show_error
        self.dialog: HandoverDialog | None = None
        self._offered_at_start = False
        self.bar = InlineBar("handoverBar")
        self.bar.setAccessibleName("Roles changed: hand them over with H")
        button = self.bar.add_button("Hand over  (H)", "Hand the roles over now")
        button.clicked.connect(self.open_requested)

    def offer(self, *, starting: bool = False) -> bool:
        """Offer the handover if it is due now (see ``facilitator.run.handover_due``): roles
        accepted but not confirmed, at the start, in its window before the clock starts
        (once; True: the round waits for it); otherwise by the bar, the round going on."""
        if starting and self._offered_at_start:
            return False
        try:
            due = self.run.handover_due(starting=starting)
        except FacilitatorError as exc:  # a read: nothing was done that could be refused
            self._show_error(exc)
            return False
        if due is None:
            return False
        if starting and hand_over_before_start(due):
            self.show(self.run.timer.phase.id, go_on=START)
            return True
        self.bar.text.setText(CHANGED if due.stored else SUGGESTED)
        self.bar.show()
        return False

    def show(self, phase_id: str | None, go_on: str = "") -> None:
        """The handover window over the run screen (not modal: the run's keys still work),
        mirrored on the projector; ``go_on`` is what closing it with Space does."""
        if self.dialog is not None:
            self.dialog.close()
        self.bar.hide()
        if self.run.timer.state is TimerState.NOT_STARTED:
            self._offered_at_start = True  # seen before the start: the next Space starts
        dialog = HandoverDialog(
            self.database, self.run.session_id, phase_id, self.clock, self.screen, go_on
        )
        dialog.setWindowModality(Qt.WindowModality.NonModal)
        dialog.fit_within(dialog.free_area(), self.screen.window().size())
        dialog.finished.connect(self._on_dialog_finished)
        dialog.capture_requested.connect(self._on_dialog_capture_requested)
        dialog.panel.handover_did_finish.connect(self.mirror)
        dialog.panel.roles_did_change.connect(self.mirror)
        self.dialog = dialog
        self.mirror()
        dialog.show()
        dialog.activateWindow()

    def is_open(self) -> bool:
        return self.dialog is not None

    def go_on(self) -> None:
        """Close the handover to go on with the round (Space on the run screen)."""
        if self.dialog is not None:
            self.dialog.accept()

    def show_state(self, view: RunView) -> None:
        """Nothing is handed over once the session has ended."""
        if view.timer.state is TimerState.FINISHED:
            self.bar.hide()

    def mirror(self) -> None:
        """The roles and their briefs on the projector, while the handover is open."""
        presenter = self._presenter()
        dialog = self.dialog
        if dialog is None or presenter is None or dialog.panel.handover is None:
            return
        presenter.show_handover(
            [
                (i.role.name, i.holder.name if i.holder else "", i.role.brief)
                for i in dialog.panel.handover.items
                if i.holder or i.role.rotates
            ]
        )

    def close(self) -> None:
        """Close the handover, the round left as it is."""
        if self.dialog is not None:
            self.dialog.reject()

    def _on_dialog_capture_requested(self, key: int) -> None:
        """Ctrl+1 … Ctrl+5 in the handover: it closes, the round waiting, and the key goes
        on to the run screen, whose capture panel takes it (that kind, the cursor in its
        text), as if pressed there."""
        self.close()
        press = QKeyEvent(QEvent.Type.KeyPress, key, Qt.KeyboardModifier.ControlModifier)
        QApplication.sendEvent(self.screen, press)

    def _on_dialog_finished(self, result: int) -> None:
        dialog, self.dialog = self.dialog, None
        self.screen.window().activateWindow()  # the run's keys go to the run again
        presenter = self._presenter()
        if presenter is not None:
            presenter.clear_handover()
        self.handover_did_close.emit()
        if dialog is not None and dialog.go_on and result == QDialog.DialogCode.Accepted:
            self.go_on_requested.emit()
