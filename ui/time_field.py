"""A start-time field that takes a time however it is typed (``14:30``, ``1430``, ``2pm``,
``9``), wherever the cursor is, with what it means shown beside it as you type.

A spin-box time editor changes only the section under the cursor, so typing "14:30" into it
did nothing unless the hour was selected. This is a plain line edit instead: the first key
typed into a time not yet edited replaces it whole, wherever the cursor is (focus selects
it too); the core's ``parse_time_of_day`` reads what was typed. The hint beside it says the
time it will store ("= 14:30") or, once there is enough to judge, that it is not a time;
the sentence saying why is its accessible description, and is given to the owner to show
under the form when the field is left.

Signals:
    time_did_change(str): a new time was entered (Enter or leaving the field), as ``HH:MM``.
    time_was_refused(str): what was entered is not a time; the sentence saying why.
"""

from __future__ import annotations

from datetime import time

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QWidget

from facilitator.errors import ValidationError
from facilitator.time_of_day import EXAMPLES, parse_time_of_day, time_text


class _ReplacingLineEdit(QLineEdit):
    """A line edit where a stored value (``fresh``: shown, not yet edited) is replaced by
    the first character typed, wherever the cursor is; focus selects it all as well."""

    def __init__(self) -> None:
        super().__init__()
        self.fresh = False
        self.textEdited.connect(self._on_self_text_edited)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        typed = event.text()
        if self.fresh and typed and typed.isprintable():
            self.selectAll()
        super().keyPressEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802
        super().focusInEvent(event)
        # After the click that brought the focus has placed the cursor.
        QTimer.singleShot(0, self.selectAll)

    def _on_self_text_edited(self, _text: str) -> None:
        self.fresh = False


class TimeField(QWidget):
    """A time of day typed freely, read as it is typed; stored when entered."""

    time_did_change = Signal(str)
    time_was_refused = Signal(str)

    def __init__(self, accessible_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit = _ReplacingLineEdit()
        self.edit.setAccessibleName(accessible_name)
        self.edit.setPlaceholderText("e.g. 14:30")
        self.edit.setToolTip(f"Type a time: {EXAMPLES}.")
        self.edit.setMaxLength(12)
        self.edit.setMinimumWidth(70)
        self.edit.setMaximumWidth(110)
        self.hint = QLabel()
        self.hint.setProperty("role", "hint")
        self.hint.setTextFormat(Qt.TextFormat.PlainText)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit)
        layout.addWidget(self.hint, 1)
        self.setFocusProxy(self.edit)
        self._shown = ""  # the time last set or entered, HH:MM
        self._refused = False  # the last time entered was not one
        self.edit.textEdited.connect(self._on_edit_text_edited)
        self.edit.editingFinished.connect(self._on_edit_editing_finished)

    def set_time(self, moment: time) -> None:
        """Show a stored time (no signal)."""
        self._shown, self._refused = time_text(moment), False
        if self.edit.text() != self._shown:
            self.edit.setText(self._shown)
        self.edit.fresh = True
        self.hint.clear()
        self.edit.setAccessibleDescription("")

    def text(self) -> str:
        return self.edit.text()

    def value(self) -> time:
        """The time typed; ValidationError (its sentence) when it is not one."""
        return parse_time_of_day(self.edit.text())

    def _on_edit_text_edited(self, text: str) -> None:
        try:
            meant = time_text(parse_time_of_day(text))
        except ValidationError as exc:
            # Said from the second key on: the first may be on its way to a time.
            judged = len(text.strip()) >= 2
            self.hint.setText("not a time" if judged else "")
            self.edit.setAccessibleDescription(str(exc) if judged else "")
            return
        self.hint.setText("" if meant == text.strip() else f"= {meant}")
        self.edit.setAccessibleDescription(self.hint.text())

    def _on_edit_editing_finished(self) -> None:
        try:
            meant = time_text(self.value())
        except ValidationError as exc:
            self.hint.setText("not a time")
            self.edit.setAccessibleDescription(str(exc))
            self._refused = True
            self.time_was_refused.emit(str(exc))
            return
        self.edit.setText(meant)
        self.edit.fresh = True
        self.hint.clear()
        self.edit.setAccessibleDescription("")
        if meant != self._shown or self._refused:  # after a refusal, even the same time
            self._shown, self._refused = meant, False
            self.time_did_change.emit(meant)
