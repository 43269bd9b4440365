"""Text typed where no text field takes it, on a screen whose plain keys act (the run screen,
the handover over it): the keys it holds back, so that a sentence meant for the capture box
never becomes run actions.

A printable key that is no action of the screen ("O", "d") is typing. A key that is one (a
digit, "S", "+", Space) within ``TYPING_PAUSE`` seconds of the last typed key is typing
too: "Order 3 new pallets" neither confirms holder 3 nor moves to the next speaker nor
starts the round. A second Space straight after a held one is meant: it acts.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent

from facilitator.clock import Clock

TYPING_PAUSE = 2.0
PLAIN = (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.ShiftModifier)


def typed_text(event: QKeyEvent) -> str:
    """What the key would type into a text field ("" for none: Ctrl, Alt, F1, the arrows)."""
    mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
    text = event.text()
    if mods not in PLAIN or not text.isprintable() or not text.strip():
        return ""
    return text


class Typing:
    """The typing seen lately on one screen, by ``clock``."""

    def __init__(self, clock: Clock) -> None:
        self.clock = clock
        self._at: float | None = None  # when the last typed key came (monotonic)
        self._space_held = False

    def letter(self) -> None:
        """A printable key no action took."""
        self._at, self._space_held = self.clock.monotonic(), False

    def holds_key(self) -> bool:
        """Whether this press of an action's plain key (not Space) is typing."""
        if not self._on():
            return False
        self.letter()
        return True

    def holds_space(self) -> bool:
        """Whether this Space is typing; not so the second time in a row."""
        if not self._on() or self._space_held:
            self._at, self._space_held = None, False
            return False
        self._at, self._space_held = self.clock.monotonic(), True
        return True

    def _on(self) -> bool:
        return self._at is not None and self.clock.monotonic() - self._at < TYPING_PAUSE
