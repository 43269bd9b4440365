"""The capture panel's keyboard: Ctrl+1…5 choose a kind, Enter saves from any field,
Ctrl+Z undoes, Esc cancels an edit, Enter/F2 and Delete act on the list's item.

``CaptureKeys`` is a mixin of ``CapturePanel`` (ui.screens.capture_panel), the event filter
of its fields and list; ``KindKeys`` takes Ctrl+1…5 on a screen around the panel.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit, QTreeWidget, QWidget

from facilitator import kinds
from ui.capture_widgets import ENTER_KEYS, EntryEdit, PeopleEdit

if TYPE_CHECKING:
    from ui.screens.capture_panel import CapturePanel

# Ctrl+1 idea, Ctrl+2 decision, ... in the kinds' order.
KIND_KEYS = {Qt.Key(Qt.Key.Key_0.value + kind.order): kind.name for kind in kinds.KINDS}


class KindKeys(QObject):
    """Ctrl+1…5 on a screen around the panel: that kind, cursor in the capture text."""

    def __init__(
        self, panel: CapturePanel, host: QWidget, reveal: Callable[[], object] | None = None
    ) -> None:
        """``reveal`` brings the panel back when something took its place (the review
        round beside the timer): Ctrl+1…5 mean "capture this" wherever the keys are."""
        super().__init__(host)
        self.panel = panel
        self.reveal = reveal

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() not in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress):
            return False
        assert isinstance(event, QKeyEvent)
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if (
            mods != Qt.KeyboardModifier.ControlModifier
            or event.key() not in KIND_KEYS
            or not self.panel.isEnabled()
        ):
            return False
        if not self.panel.isVisible():
            if self.reveal is None:
                return False
            if event.type() == QEvent.Type.KeyPress:
                self.reveal()
                if not self.panel.isVisible():
                    return False
        event.accept()
        if event.type() == QEvent.Type.KeyPress:
            self.panel.set_kind(KIND_KEYS[Qt.Key(event.key())])
            self.panel.focus_entry()
            return True
        return False


class CaptureKeys:
    """The panel's keys in its fields and list (a mixin: the panel is ``self``)."""

    if TYPE_CHECKING:  # what the panel holds and does, for the type checker
        entry: EntryEdit
        tree: QTreeWidget
        _editing: Any

        def set_kind(self, kind: str) -> None: ...
        def commit(self) -> None: ...
        def undo(self) -> None: ...
        def cancel_edit(self) -> None: ...
        def edit_selected(self) -> None: ...
        def delete_selected(self) -> None: ...

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        kind = event.type()
        if kind not in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress):
            return False
        assert isinstance(event, QKeyEvent)
        key = event.key()
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        ctrl = mods == Qt.KeyboardModifier.ControlModifier
        claim = False
        if ctrl and key in KIND_KEYS:
            claim = True
            if kind == QEvent.Type.KeyPress:
                self.set_kind(KIND_KEYS[Qt.Key(key)])
                self.entry.setFocus()
        elif event.matches(QKeySequence.StandardKey.Undo) and not self._own_undo(watched):
            claim = True
            if kind == QEvent.Type.KeyPress:
                self.undo()
        elif (
            key == Qt.Key.Key_Escape
            and not mods
            and self._editing is not None
            and not (isinstance(watched, PeopleEdit) and watched.completer_visible())
        ):
            claim = True
            if kind == QEvent.Type.KeyPress:
                self.cancel_edit()
        elif watched is self.tree and not mods:
            if key in (*ENTER_KEYS, Qt.Key.Key_F2):
                claim = True
                if kind == QEvent.Type.KeyPress:
                    self.edit_selected()
            elif key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
                claim = True
                if kind == QEvent.Type.KeyPress:
                    self.delete_selected()
        elif key in ENTER_KEYS and kind == QEvent.Type.KeyPress and watched is not self.entry:
            if isinstance(watched, PeopleEdit) and watched.completer_visible():
                return False
            if isinstance(watched, QComboBox) and watched.view().isVisible():
                return False
            if not mods or mods == Qt.KeyboardModifier.ControlModifier:
                self.commit()
                return True
        elif key in ENTER_KEYS and kind == QEvent.Type.KeyPress and watched is self.entry and ctrl:
            self.commit()
            return True
        elif kind == QEvent.Type.ShortcutOverride and self._types_here(watched, event):
            # A screen around the panel may use single keys (N, S, Space) as shortcuts;
            # while the scribe is in a list or a choice box, those keys are theirs.
            event.accept()
            return False
        if claim:
            event.accept()
            return kind == QEvent.Type.KeyPress
        return False

    @staticmethod
    def _types_here(watched: QObject, event: QKeyEvent) -> bool:
        """Keys a field keeps for itself: letters in a choice box or the list, Esc that
        closes a completion list."""
        mods = event.modifiers() & ~(
            Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.KeypadModifier
        )
        if isinstance(watched, PeopleEdit) and watched.completer_visible():
            return event.key() == Qt.Key.Key_Escape
        if isinstance(watched, QComboBox | QTreeWidget):
            return not mods and bool(event.text()) and event.text().isprintable()
        return False

    @staticmethod
    def _own_undo(widget: QObject) -> bool:
        """Whether a text field has typing of its own to undo (its Ctrl+Z comes first)."""
        if isinstance(widget, QLineEdit):
            return widget.isUndoAvailable()
        if isinstance(widget, QPlainTextEdit):
            return widget.document().isUndoAvailable()
        return False
