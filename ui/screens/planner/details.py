"""The planner's session details: title, date and planned start, time available, place and
the dilemma, each stored as soon as it is edited. A refused edit keeps what was typed, with
the reason under the field."""

from __future__ import annotations

from datetime import time
from typing import Any

from PySide6.QtCore import QDate, QTime, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from facilitator import planning
from facilitator.clock import Clock
from facilitator.model import Session
from facilitator.store.database import Database
from ui import ops
from ui.editing import CommitTextEdit, ErrorLabel
from ui.time_field import TimeField

DEFAULT_START = QTime(9, 0)
TITLE_CHARS = 30  # a typical title: shown whole beside its label, else labels go above fields
FIELD_FRAME = 12  # a line edit's frame and margins around its text


class SessionDetailsForm(QWidget):
    """The details of the session being planned, stored field by field.

    Signals:
        session_did_change(object): the ``Session`` as stored after one of its details was.
    """

    session_did_change = Signal(object)

    def __init__(
        self, database: Database, clock: Clock, owner: QWidget, parent: QWidget | None = None
    ) -> None:
        """``owner`` is the screen whose actions these edits are (it already shows them)."""
        super().__init__(parent)
        self.database, self.clock, self.owner = database, clock, owner
        self.session: Session | None = None

        self.title_edit = QLineEdit()
        self.title_edit.setAccessibleName("Session title")
        self.title_edit.editingFinished.connect(self._on_title_edit_editing_finished)
        self.title_error = ErrorLabel()
        self.dilemma_edit = CommitTextEdit()
        self.dilemma_edit.setAccessibleName("Dilemma statement")
        self.dilemma_edit.setPlaceholderText(
            "The business dilemma the team works on: what is happening, what is at stake, "
            "and which two goods pull against each other."
        )
        self.dilemma_edit.editing_finished.connect(self._on_dilemma_edit_editing_finished)
        self.dilemma_error = ErrorLabel()
        self.date_edit = QDateEdit()
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("ddd d MMM yyyy")
        # The longest day whole beside the calendar button ("Wed 30 Sep 2026"), in any font.
        widest = self.date_edit.fontMetrics().horizontalAdvance("Wed 30 Sep 2026")
        self.date_edit.setMinimumWidth(max(150, widest + 44))
        self.date_edit.setAccessibleName("Date")
        self.date_edit.dateChanged.connect(self._on_date_edit_date_changed)
        self.start_edit = TimeField("Planned start")  # typed as 14:30, 1430, 2pm or 9
        self.start_edit.time_did_change.connect(self._on_start_edit_time_did_change)
        self.start_edit.time_was_refused.connect(self._on_start_edit_time_was_refused)
        self.available_spin = QSpinBox()
        self.available_spin.setRange(0, 24 * 60)
        self.available_spin.setSingleStep(15)
        self.available_spin.setSuffix(" min")
        self.available_spin.setSpecialValueText("No limit")
        self.available_spin.setAccessibleName("Time available in minutes")
        self.available_spin.valueChanged.connect(self._on_available_spin_value_changed)
        self.place_edit = QLineEdit()
        self.place_edit.setAccessibleName("Place")
        self.place_edit.setPlaceholderText("Meeting room, site or call")
        self.place_edit.editingFinished.connect(self._on_place_edit_editing_finished)
        self.details_error = ErrorLabel()

        when = QHBoxLayout()
        when.addWidget(self.date_edit, 1)
        when.addWidget(QLabel("at"))
        when.addWidget(self.start_edit)
        self.form = form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)  # narrow: label above
        form.addRow("&Title:", self.title_edit)
        form.addRow(self.title_error)
        form.addRow("&When:", when)
        form.addRow("Time avai&lable:", self.available_spin)
        form.addRow("&Place:", self.place_edit)
        when_label = form.labelForField(when)
        if isinstance(when_label, QLabel):
            when_label.setBuddy(self.date_edit)
        dilemma_label = QLabel("&Dilemma:")
        dilemma_label.setBuddy(self.dilemma_edit)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addWidget(dilemma_label)
        layout.addWidget(self.dilemma_edit, 1)
        layout.addWidget(self.dilemma_error)
        layout.addWidget(self.details_error)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._place_labels(event.size().width())

    def _place_labels(self, width: int) -> None:
        """Labels beside their fields when a typical title still shows whole there (a wide
        screen); else above them, so the fields get the column's whole width (1280 px)."""
        role = QFormLayout.ItemRole.LabelRole
        labels = (self.form.itemAt(row, role) for row in range(self.form.rowCount()))
        beside = max((item.sizeHint().width() for item in labels if item is not None), default=0)
        title = self.title_edit.fontMetrics().averageCharWidth() * TITLE_CHARS
        needed = beside + self.form.horizontalSpacing() + title + FIELD_FRAME
        wrap = QFormLayout.RowWrapPolicy
        policy = wrap.WrapAllRows if width < needed else wrap.WrapLongRows
        if self.form.rowWrapPolicy() != policy:
            self.form.setRowWrapPolicy(policy)

    def show_session(self, session: Session, *, keep_refused: bool = False) -> None:
        """Show the session's stored details. With ``keep_refused`` a field whose last edit
        was refused keeps what the user typed, and its reason stays."""
        self.session = session
        if not keep_refused:
            for error in (self.title_error, self.dilemma_error, self.details_error):
                error.clear_message()
        if not self.title_error.text():
            self.title_edit.setText(session.title)
            self.title_edit.setCursorPosition(0)
        if not self.dilemma_error.text():
            self.dilemma_edit.set_text(session.dilemma)
        if not self.details_error.text():
            self.place_edit.setText(session.place)
        when = (self.date_edit, self.start_edit, self.available_spin)
        for widget in when:
            widget.blockSignals(True)
        day = QDate.fromString(session.planned_date, "yyyy-MM-dd")
        if not day.isValid():
            today = self.clock.now().astimezone().date()
            day = QDate(today.year, today.month, today.day)
        self.date_edit.setDate(day)
        start = QTime.fromString(session.planned_start, "HH:mm")
        start = start if start.isValid() else DEFAULT_START
        if not self.details_error.text():  # a refused time stays as typed
            self.start_edit.set_time(time(start.hour(), start.minute()))
        self.available_spin.setValue(session.available_min or 0)
        for widget in when:
            widget.blockSignals(False)

    def _edit(self, error: ErrorLabel, **fields: Any) -> bool:
        """Store changed details; False when refused (the reason is shown under the field)."""
        session = self.session
        if session is None:
            return False
        done = ops.run_op(
            self.owner,
            "Could not change the session",
            lambda: planning.edit_session(self.database, session.id, **fields),
            inline=error,
        )
        if done is None:
            return False
        error.clear_message()
        self.session = done.value
        self.session_did_change.emit(done.value)
        return True

    def _on_title_edit_editing_finished(self) -> None:
        text = self.title_edit.text()
        if self.session and text != self.session.title and self._edit(self.title_error, title=text):
            assert self.session is not None
            self.title_edit.setText(self.session.title)  # as stored: spaces tidied

    def _on_dilemma_edit_editing_finished(self) -> None:
        text = self.dilemma_edit.toPlainText()
        if (
            self.session
            and text != self.session.dilemma
            and not self._edit(self.dilemma_error, dilemma=text)
        ):
            self.dilemma_edit.mark_unsaved()

    def _on_place_edit_editing_finished(self) -> None:
        if self.session and self.place_edit.text() != self.session.place:
            self._edit(self.details_error, place=self.place_edit.text())

    def _on_date_edit_date_changed(self, day: QDate) -> None:
        self._edit(self.details_error, planned_date=day.toString("yyyy-MM-dd"))

    def _on_start_edit_time_did_change(self, start: str) -> None:
        self._edit(self.details_error, planned_start=start)

    def _on_start_edit_time_was_refused(self, reason: str) -> None:
        self.details_error.show_message(reason)

    def _on_available_spin_value_changed(self, minutes: int) -> None:
        self._edit(self.details_error, available_min=minutes or None)
