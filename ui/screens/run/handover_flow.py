"""The handover during a run: when the core says the roles are due to be handed over (at
the start, when the holders change), the handover window over the run screen, mirrored on
the projector for the room.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QWidget

from facilitator.clock import Clock
from facilitator.errors import FacilitatorError
from facilitator.run import SessionRun
from facilitator.store.database import Database
from ui.presenter import PresenterWindow
from ui.screens.handover import HandoverDialog


class RunHandover(QObject):
    """Offers the handover over ``screen`` and keeps the projector showing it.

    Signals:
        handover_did_close(): the handover window was closed; the run shows the timer again.
    """

    handover_did_close = Signal()

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

    def offer(self, *, starting: bool = False) -> bool:
        """Show the handover if it is due now (see ``facilitator.run.handover_due``)."""
        try:
            due = self.run.handover_due(starting=starting)
        except FacilitatorError as exc:  # a read: nothing was done that could be refused
            self._show_error(exc)
            return False
        if due is None:
            return False
        self.show(self.run.timer.phase.id)
        return True

    def show(self, phase_id: str | None) -> None:
        """The handover window over the run screen, mirrored on the projector."""
        if self.dialog is not None:
            self.dialog.close()
        dialog = HandoverDialog(
            self.database, self.run.session_id, phase_id, self.clock, self.screen
        )
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.resize(self.screen.window().size())
        dialog.finished.connect(self._on_dialog_finished)
        dialog.panel.handover_did_finish.connect(self.mirror)
        dialog.panel.roles_did_change.connect(self.mirror)
        self.dialog = dialog
        self.mirror()
        dialog.show()

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
        if self.dialog is not None:
            self.dialog.close()

    def _on_dialog_finished(self) -> None:
        self.dialog = None
        presenter = self._presenter()
        if presenter is not None:
            presenter.clear_handover()
        self.handover_did_close.emit()
