"""A title too long for its place ends in "…": the whole of it is still its accessible
name, and its tooltip while it is cut (not when it shows whole: a screen reader would read
the same words twice, as name and as description)."""

from __future__ import annotations

from PySide6.QtGui import QAccessible

from ui.elided_label import ElidedLabel

LONG = "Leeds second shift: first month review and what we change for Bradford"


def test_the_tooltip_holds_the_title_only_while_it_is_cut(qtbot) -> None:
    label = ElidedLabel(LONG)
    qtbot.addWidget(label)
    label.resize(label.fontMetrics().horizontalAdvance(LONG) + 20, 30)
    label.show()
    assert not label.is_cut() and label.toolTip() == ""
    interface = QAccessible.queryAccessibleInterface(label)
    assert interface.text(QAccessible.Text.Name) == LONG
    assert interface.text(QAccessible.Text.Description) == ""
    label.resize(120, 30)
    assert label.is_cut() and label.toolTip() == LONG
    assert interface.text(QAccessible.Text.Name) == LONG  # the whole title, cut or not
    label.setText("Short")
    assert label.toolTip() == ""
