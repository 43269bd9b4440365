"""The planner's attendance list: the team's people, ticked when present. A tick is stored
at once, and the round-robins are re-timed for the people now present."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from facilitator import planning
from facilitator.model import Participant
from facilitator.store.database import Database
from ui import ops
from ui.editing import ErrorLabel


class AttendanceList(QWidget):
    """Who is present at the session being planned.

    Signals:
        present_did_change(object): the agenda (``list[Phase]``) as re-timed for the people
            now present, after a tick was stored.
    """

    present_did_change = Signal(object)

    def __init__(self, database: Database, owner: QWidget, parent: QWidget | None = None) -> None:
        """``owner`` is the screen whose actions these ticks are (it already shows them)."""
        super().__init__(parent)
        self.database, self.owner = database, owner
        self.session_id: str | None = None
        self.present: set[str] = set()
        self.people_list = QListWidget()
        self.people_list.setAccessibleName("Attendance: who is present")
        # A long name and area is elided (its tooltip has it whole), not scrolled sideways.
        self.people_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.people_list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.people_list.itemChanged.connect(self._on_people_list_item_changed)
        self.label = QLabel("Who is pr&esent")
        self.label.setBuddy(self.people_list)
        self.error = ErrorLabel()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.people_list, 1)
        layout.addWidget(self.error)

    def show_people(
        self,
        session_id: str,
        people: Sequence[Participant],
        present: set[str],
        *,
        keep_refused: bool = False,
    ) -> None:
        """The team's active people, and anyone inactive still marked present, ticked when
        present. Unless ``keep_refused``, an earlier refusal's reason goes."""
        self.session_id, self.present = session_id, set(present)
        if not keep_refused:
            self.error.clear_message()
        current = self.people_list.currentRow()
        self.people_list.blockSignals(True)
        self.people_list.clear()
        for person in people:
            if not person.active and person.id not in self.present:
                continue
            item = QListWidgetItem(person.name + (f" — {person.area}" if person.area else ""))
            item.setData(Qt.ItemDataRole.UserRole, person.id)
            item.setToolTip(item.text())  # whole, where the column elides it
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(self._state(person.id))
            self.people_list.addItem(item)
        if 0 <= current < self.people_list.count():
            self.people_list.setCurrentRow(current)
        self.people_list.blockSignals(False)
        self._update_label()

    def _state(self, participant_id: object) -> Qt.CheckState:
        present = participant_id in self.present
        return Qt.CheckState.Checked if present else Qt.CheckState.Unchecked

    def _ticked(self) -> list[str]:
        items = (self.people_list.item(row) for row in range(self.people_list.count()))
        return [
            str(item.data(Qt.ItemDataRole.UserRole))
            for item in items
            if item.checkState() == Qt.CheckState.Checked
        ]

    def _update_label(self) -> None:
        total = self.people_list.count()
        if total == 0:
            self.label.setText(
                "Who is pr&esent — the team has nobody yet; add people in Team & roles (Ctrl+T)"
            )
            self.label.setWordWrap(True)
        else:
            self.label.setText(f"Who is pr&esent ({len(self.present)} of {total})")

    def _on_people_list_item_changed(self, item: QListWidgetItem) -> None:
        session_id = self.session_id
        if session_id is None:
            return
        ticked = self._ticked()
        done = ops.run_op(
            self.owner,
            "Could not change who is present",
            lambda: planning.set_present(self.database, session_id, ticked),
            inline=self.error,
        )
        if done is None:  # refused: the tick goes back to what is stored
            self.people_list.blockSignals(True)
            item.setCheckState(self._state(item.data(Qt.ItemDataRole.UserRole)))
            self.people_list.blockSignals(False)
            return
        self.error.clear_message()
        self.present = set(ticked)
        self._update_label()
        self.present_did_change.emit(done.value)
