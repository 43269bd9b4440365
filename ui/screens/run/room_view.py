"""The run screen's room layout, for one laptop mirrored to a projector: the room display
over the whole screen and, at the bottom, a slim facilitator strip with the keys and a quick
capture line (type, Enter saves it as an idea, a decision, ... through ``facilitator.capture``).

The run keys stay the run screen's (this widget is inside it); Ctrl+1…5 choose what the
quick capture stores and put the cursor there; Esc in the line hands the keys back. The run
screen's notice and questions (the nudge, the end question, a refusal) sit above the strip
while this layout is on.

Signals:
    leave_requested(): the "Leave room view" button was pressed.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from facilitator import capture, kinds
from facilitator.clock import Clock
from facilitator.review import ReviewItem
from facilitator.run import RunView
from facilitator.store.database import Database
from ui import ops
from ui.capture_keys import KIND_KEYS
from ui.room_display import RoomDisplay

KEYS_HINT = "Space start/pause · N B phase · + − minute · S speaker · P leave"
SAVED_CHARS = 30  # how much of a saved line the strip repeats


class RoomView(QWidget):
    """The room display with the facilitator's strip under it."""

    leave_requested = Signal()

    def __init__(
        self, database: Database, session_id: str, clock: Clock, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("roomView")
        self.setAccessibleName("Room view")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.database, self.session_id, self.clock = database, session_id, clock
        self.phase_id: str | None = None
        self.display = RoomDisplay()
        self.bars = QVBoxLayout()  # the run screen's notice and questions, while it is on
        self.bars.setContentsMargins(8, 0, 8, 0)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.display, 1)
        layout.addLayout(self.bars)
        layout.addWidget(self._build_strip())
        self.installEventFilter(_KindKeys(self))

    def _build_strip(self) -> QFrame:
        strip = QFrame()
        strip.setObjectName("facilitatorStrip")
        self.keys = QLabel(KEYS_HINT)
        self.keys.setAccessibleName("Run keys")
        self.keys.setToolTip("Ctrl+1 … Ctrl+5 choose what to capture; F1 lists every key.")
        self.kind = QComboBox()
        self.kind.setAccessibleName("Kind of item to capture")
        self.kind.setToolTip("What Enter stores: Ctrl+1 idea … Ctrl+5 learning")
        self.kind.setFocusPolicy(Qt.FocusPolicy.ClickFocus)  # Space stays the timer's key
        for of_kind in kinds.KINDS:
            self.kind.addItem(of_kind.label, of_kind.name)
        self.entry = QLineEdit()
        self.entry.setObjectName("quickCapture")
        self.entry.setMinimumWidth(220)
        self.entry.setAccessibleName("Quick capture")
        self.entry.setPlaceholderText("Capture: type a line, Enter saves it (Ctrl+1–5)")
        self.entry.returnPressed.connect(self._on_entry_return_pressed)
        self.entry.installEventFilter(self)
        self.message = QLabel()
        self.message.setAccessibleName("Capture message")
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setWordWrap(True)
        self.message.setMaximumWidth(240)
        self.message.hide()  # shown with a refusal; a saved line is said in the empty line's hint
        self.leave = QPushButton("Leave room view  (P)")
        self.leave.setAccessibleName("Leave the room view")
        self.leave.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.leave.clicked.connect(self.leave_requested)
        row = QHBoxLayout(strip)
        row.setContentsMargins(8, 4, 8, 4)
        row.addWidget(self.keys)
        row.addWidget(self.kind)
        row.addWidget(self.entry, 1)
        row.addWidget(self.message)
        row.addWidget(self.leave)
        return strip

    # ------------------------------------------------------------ what the room sees
    def show_view(self, view: RunView) -> None:
        """The run screen's view, for the room; captures go into its phase. (The run's
        notices show in the strip, the facilitator's words and the room's alike.)"""
        self.phase_id = view.phase.id
        self.display.show_view(view)

    def show_review(self, items: list[ReviewItem], current_item_id: str | None) -> None:
        self.display.show_review(items, current_item_id)

    # ------------------------------------------------------------ quick capture
    def set_kind(self, kind: str) -> None:
        """What the next line is stored as (a kind's name), and the cursor in the line; the
        empty line says which kind it takes."""
        self.kind.setCurrentIndex(max(0, self.kind.findData(kind)))
        chosen = kinds.get(str(self.kind.currentData())).label.lower()
        self.entry.setPlaceholderText(f"Type the {chosen}, Enter saves it (Ctrl+1–5 another)")
        self.entry.update()  # Qt repaints an empty field's hint only when it appears
        self.entry.setFocus()

    def capture(self) -> bool:
        """Store the typed line as the chosen kind in the phase on the clock; the line stays
        when it was refused."""
        text = self.entry.text().strip()
        if not text:
            return False
        kind = str(self.kind.currentData())
        done = ops.run_op(
            self,
            "Could not save the item",
            lambda: capture.add(
                self.database,
                kind,
                self.session_id,
                text,
                phase_id=self.phase_id,
                clock=self.clock,
            ),
            inline=self.message,
        )
        if done is None:
            return False  # the refusal is in the strip, the line as typed
        self.message.hide()
        self.entry.clear()
        short = text if len(text) <= SAVED_CHARS else text[: SAVED_CHARS - 1] + "…"
        saved = f"Saved {kinds.get(kind).label.lower()}: “{short}”"
        self.entry.setPlaceholderText(f"{saved} · Ctrl+1–5 for the next")
        self.entry.setAccessibleDescription(saved)
        self.setFocus()  # the run keys work again at once
        return True

    def _on_entry_return_pressed(self) -> None:
        self.capture()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        """Esc in the capture line leaves the line, keeping what is typed (never the room
        view: only P leaves it, so the room is not shown the facilitator's screen)."""
        escape = (
            watched is self.entry
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Escape
        )
        if escape and event.type() == QEvent.Type.ShortcutOverride:
            event.accept()  # ahead of the run screen's Esc
        elif escape and event.type() == QEvent.Type.KeyPress:
            self.setFocus()
            return True
        return False


class _KindKeys(QObject):
    """Ctrl+1…5 in the room view: that kind, cursor in the quick capture line (ahead of the
    window's shortcuts on the same keys)."""

    def __init__(self, room: RoomView) -> None:
        super().__init__(room)
        self.room = room

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() not in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress):
            return False
        assert isinstance(event, QKeyEvent)
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if mods != Qt.KeyboardModifier.ControlModifier or event.key() not in KIND_KEYS:
            return False
        event.accept()
        if event.type() == QEvent.Type.KeyPress:
            self.room.set_kind(KIND_KEYS[Qt.Key(event.key())])
            return True
        return False
