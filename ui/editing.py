"""Small editing helpers shared by the planning screens.

``CommitTextEdit`` is a multi-line field that reports when the user is done with it (focus
leaves, or Ctrl+Enter), so text is stored as it is edited without a Save button.
``ErrorLabel`` is the inline message under a field. ``KeepTextDelegate`` puts a refused edit
back into the re-opened cell editor so the user's typing is never lost. ``UndoPassesOn``
lets Ctrl+Z in a line edit reach the screen's undo once the field has nothing to undo.

Signals (CommitTextEdit):
    editing_finished(): the text was changed and the user left the field.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)


class CommitTextEdit(QPlainTextEdit):
    editing_finished = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTabChangesFocus(True)
        self._dirty = False
        self.textChanged.connect(self._on_self_text_changed)

    def set_text(self, text: str) -> None:
        """Show stored text without counting it as an edit."""
        if text != self.toPlainText():
            self.blockSignals(True)
            self.setPlainText(text)
            self.blockSignals(False)
        self._dirty = False

    def _on_self_text_changed(self) -> None:
        self._dirty = True

    def finish(self) -> None:
        if self._dirty:
            self._dirty = False
            self.editing_finished.emit()

    def mark_unsaved(self) -> None:
        """The store refused the text: keep it and try again when the user leaves next."""
        self._dirty = True

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802
        self.finish()
        super().focusOutEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if (
            event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and event.modifiers() & Qt.KeyboardModifier.ControlModifier
        ):
            self.finish()
            return
        super().keyPressEvent(event)


class UndoPassesOn(QObject):
    """A line edit claims Ctrl+Z even with nothing to undo; with this filter, once it has
    nothing of its own to undo (``forget_typing`` after the field's text was used, e.g.
    Enter added the format searched for) Ctrl+Z goes to the screen's shortcut instead."""

    def __init__(self, edit: QLineEdit) -> None:
        super().__init__(edit)
        self.edit = edit
        edit.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if (
            watched is self.edit
            and event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and event.matches(QKeySequence.StandardKey.Undo)
            and not self.edit.isUndoAvailable()
        ):
            event.ignore()
            return True  # not the field's: the shortcut map has it
        return False

    def forget_typing(self, text: str | None = None) -> None:
        """Keep ``text`` (or what is there) but no history of typing it: the next Ctrl+Z
        undoes what the text was used for."""
        self.edit.setText(self.edit.text() if text is None else text)


def set_role(widget: QWidget, role: str | None) -> None:
    """Give ``widget`` the stylesheet role ``role`` (``QLabel[role='error']`` and the like;
    None for none) and restyle it: Qt reads a property selector only when it polishes."""
    widget.setProperty("role", role)
    widget.style().unpolish(widget)
    widget.style().polish(widget)


class ErrorLabel(QLabel):
    """An inline message; hidden while there is nothing to say."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "error")
        self.setWordWrap(True)
        self.hide()

    def show_message(self, text: str) -> None:
        self.setText(text)
        self.setVisible(bool(text))
        if text:
            self.setAccessibleDescription(text)

    def clear_message(self) -> None:
        self.show_message("")


class KeepTextDelegate(QStyledItemDelegate):
    """A cell editor that starts from the refused text after a failed edit.

    The model offers ``rejected_text(index) -> str | None``; a combo box is used for cells
    whose model returns choices from ``choices(index) -> list[tuple[str, str]] | None``.
    """

    def createEditor(
        self,
        parent: QWidget,
        option: QStyleOptionViewItem,  # noqa: N802
        index: QModelIndex | QPersistentModelIndex,
    ) -> QWidget:
        choices = getattr(index.model(), "choices", lambda _i: None)(index)
        if choices:
            combo = QComboBox(parent)
            for value, text in choices:
                combo.addItem(text, value)
            combo.setAccessibleName(
                str(index.model().headerData(index.column(), Qt.Orientation.Horizontal))
            )
            return combo
        editor = super().createEditor(parent, option, index)
        return editor

    def setEditorData(
        self,
        editor: QWidget,  # noqa: N802
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        model: Any = index.model()
        rejected = model.take_rejected(index) if hasattr(model, "take_rejected") else None
        if isinstance(editor, QComboBox):
            value = index.data(Qt.ItemDataRole.EditRole)
            at = editor.findData(value)
            editor.setCurrentIndex(max(0, at))
            return
        if rejected is not None and isinstance(editor, QLineEdit):
            editor.setText(rejected)
            return
        super().setEditorData(editor, index)

    def setModelData(
        self,
        editor: QWidget,
        model: Any,  # noqa: N802
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)
            return
        super().setModelData(editor, model, index)


def reopen_editor(view: QAbstractItemView, index: QModelIndex) -> None:
    """Open the cell editor again (after the current one has closed) on the same cell."""
    keep = QPersistentModelIndex(index)

    def again() -> None:
        if keep.isValid():
            target = view.model().index(keep.row(), keep.column(), keep.parent())
            view.setCurrentIndex(target)
            view.edit(target)

    QTimer.singleShot(0, again)
