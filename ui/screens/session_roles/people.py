"""Who is here in a session: the team's active people, each ticked when present, with when
they left and which roles they opt out of. A tick or an untick is a request; the Roles
screen turns it into the rota's action.

Signals (PeopleList):
    here_requested(str, bool): a person was ticked (True) or unticked (False) by the user.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QWidget

from facilitator.model import AttendanceStatus, Participant, Session
from facilitator.rota_record import TeamData, present_people
from facilitator.rotation import session_day
from ui.models.ledger_model import short_date
from ui.screens.session_roles.rota_rows import local_time


class PeopleList(QListWidget):
    """The "Who is here" list; Space ticks or unticks the selected person."""

    here_requested = Signal(str, bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Who is here")
        self.setSpacing(2)
        self.setStyleSheet("QListWidget { font-size: 12pt; }")
        self.setToolTip(
            "Space ticks or unticks the selected person. Unticking someone "
            "who holds a role passes it on."
        )
        self._filling = False
        self.itemChanged.connect(self._on_self_item_changed)

    def show_people(self, data: TeamData, session: Session) -> None:
        """Show the active people, ticked when here, keeping the selected row."""
        present, assumed = present_people(data, session)
        here = {p.id for p in present}
        current = self.currentRow()
        self._filling = True
        try:
            self.clear()
            for person in (p for p in data.people if p.active):
                self.addItem(_item(data, session, person, person.id in here, assumed))
        finally:
            self._filling = False
        self.setCurrentRow(max(0, min(current, self.count() - 1)))

    def current_person_id(self) -> str | None:
        item = self.currentItem()
        return None if item is None else str(item.data(Qt.ItemDataRole.UserRole))

    def _on_self_item_changed(self, item: QListWidgetItem) -> None:
        if self._filling:
            return
        here = item.checkState() == Qt.CheckState.Checked
        self.here_requested.emit(str(item.data(Qt.ItemDataRole.UserRole)), here)


def _item(
    data: TeamData, session: Session, person: Participant, here: bool, assumed: bool
) -> QListWidgetItem:
    item = QListWidgetItem("\n".join([person.name, *_notes(data, session, person)]))
    item.setData(Qt.ItemDataRole.UserRole, person.id)
    item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
    item.setCheckState(Qt.CheckState.Checked if here else Qt.CheckState.Unchecked)
    item.setToolTip(
        f"{person.name}: {'here' if here else 'not here'}"
        + (" (assumed: no attendance recorded yet)" if assumed else "")
    )
    return item


def _notes(data: TeamData, session: Session, person: Participant) -> list[str]:
    """The lines under a name: when they left, and the roles they do not take today."""
    lines = []
    marks = {a.participant_id: a for a in data.attendance.get(session.id, [])}
    mark = marks.get(person.id)
    if mark and mark.status is AttendanceStatus.LEFT_EARLY and mark.left_at:
        lines.append(f"   left at {local_time(mark.left_at)}")
    day = session_day(session)
    outs = [o for o in data.optouts if o.participant_id == person.id and o.applies_on(day)]
    if outs:
        names = [r.name for o in outs if (r := data.role(o.role_id))]
        until = {o.until for o in outs}
        only = next(iter(until))
        end = f" until {short_date(only)}" if len(until) == 1 and only else ""
        lines.append(f"   not {', '.join(names)}{end}")
    return lines
