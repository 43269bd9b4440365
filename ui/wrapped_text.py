"""A table column of wrapped text whose rows are as tall as its lines really are.

Qt sizes a wrapped cell from the lines of the view's own font, but paints each line as tall
as the tallest font on it: a line holding Arabic or Hebrew (drawn from a fallback font with
a taller line) needs a few pixels more, and over three or four lines the cell's last line
is cut to "…". This delegate lays the text out as it will be painted and asks for that.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSize, Qt
from PySide6.QtGui import QFont, QTextLayout, QTextOption
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem


class WrappedTextDelegate(QStyledItemDelegate):
    """Asks for the height the cell's text takes when wrapped at the cell's width."""

    def sizeHint(  # noqa: N802
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        hint = super().sizeHint(option, index)
        text = index.data(Qt.ItemDataRole.DisplayRole)
        if not isinstance(text, str) or not text:
            return hint
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        widget = opt.widget
        style = widget.style() if widget is not None else None
        margin = (style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, widget) + 1
                  if style is not None else 3)  # fmt: skip
        width = option.rect.width() - 2 * margin
        if width <= 0:
            return hint
        height = lines_height(text, opt.font, width)
        return QSize(hint.width(), max(hint.height(), math.ceil(height) + 2 * margin))


def lines_height(text: str, font: QFont, width: float) -> float:
    """How tall ``text`` is wrapped at ``width``, each line as tall as it is painted (as
    tall as the tallest font on it)."""
    layout = QTextLayout(text, font)
    wrap = QTextOption()
    wrap.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    layout.setTextOption(wrap)
    height = 0.0
    layout.beginLayout()
    while (line := layout.createLine()).isValid():
        line.setLineWidth(width)
        height += line.height()
    layout.endLayout()
    return height
