"""Thousands of repaints do not exhaust Python's singletons (ui/compat.py)."""

from __future__ import annotations

import sys

import pytest
from PySide6.QtWidgets import QLabel

from ui.compat import pin_singletons


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="singletons are immortal there")
def test_singletons_are_pinned_when_ui_is_imported() -> None:
    import ui  # noqa: F401

    assert sys.getrefcount(None) > 1 << 40
    assert pin_singletons() is True  # idempotent


def test_a_long_session_of_repaints_does_not_abort(qtbot) -> None:
    label = QLabel()
    qtbot.addWidget(label)
    for i in range(200_000):  # about eleven hours of 5 Hz text updates
        label.setText("x" if i % 2 else "y")
    assert label.text() == "x"
