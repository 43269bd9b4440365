"""The file's integrity verdict (unchecked, ok, damaged), which writes wait for.

The app opens a database with its integrity check deferred, so that its window paints
first; the check then runs on a worker thread and settles the gate, while a write on the
GUI thread may be waiting for it (``Database.write``).
"""

from __future__ import annotations

import threading
from enum import Enum

from facilitator.errors import DatabaseCorruptError


class Integrity(Enum):
    """What is known of the file's health: checked at open, or after the app's first paint."""

    UNCHECKED = "unchecked"
    OK = "ok"
    DAMAGED = "damaged"


class IntegrityGate:
    """The file's integrity verdict, which writes wait for while it is unchecked.

    Thread-safe: the deferred check settles it from a worker thread while a write on the
    GUI thread may be waiting for it.
    """

    def __init__(self, state: Integrity) -> None:
        self._state = state
        self._damage: DatabaseCorruptError | None = None
        self._changed = threading.Condition()
        self._waiting = 0

    @property
    def state(self) -> Integrity:
        return self._state

    @property
    def damage(self) -> DatabaseCorruptError | None:
        """What the check found, when the file is damaged."""
        return self._damage

    def settle(self, damage: DatabaseCorruptError | None) -> None:
        """The check's verdict: ``damage`` found, or None when the file is healthy."""
        with self._changed:
            self._state = Integrity.OK if damage is None else Integrity.DAMAGED
            self._damage = damage
            self._changed.notify_all()

    def wait(self, timeout_s: float) -> Integrity:
        """The verdict, waiting up to ``timeout_s`` for it while unchecked."""
        with self._changed:
            self._waiting += 1
            self._changed.notify_all()
            try:
                self._changed.wait_for(lambda: self._state is not Integrity.UNCHECKED, timeout_s)
            finally:
                self._waiting -= 1
            return self._state

    def wait_for_a_waiting_write(self, timeout_s: float) -> bool:
        """Whether a write is (or comes to be) waiting within ``timeout_s``: for whoever
        settles the check and wants to know a write is held."""
        with self._changed:
            return self._changed.wait_for(lambda: self._waiting > 0, timeout_s)
