"""A wrapped cell holding right-to-left text is as tall as its lines are painted, with room
to spare (the Roles window's Why column). Qt's own estimate left the text exactly the height
its lines add up to, and the window then drew the last of three or four lines as "…"."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QHeaderView, QStyle, QStyleOptionViewItem, QTableView

from facilitator.direction import isolate
from ui.wrapped_text import WrappedTextDelegate, lines_height

L = isolate("ليلى")
WHY = (
    f"{L} has been Challenger once, as often as everyone else present; last 5 sessions ago. "
    f"Of those, {L} held it longest ago. Ana held it last time, so it passes on. {L} also "
    "holds Voice Keeper: more roles than people who can take them."
)
SPARE = 2  # pixels: with none, the Roles window cut the last line


def text_rect_height(table: QTableView, row: int, column: int) -> int:
    """The height the style gives the cell's text when it paints it."""
    index = table.model().index(row, column)
    option = QStyleOptionViewItem()
    table.initViewItemOption(option)
    option.rect = table.visualRect(index)
    table.itemDelegateForIndex(index).initStyleOption(option, index)
    element = QStyle.SubElement.SE_ItemViewItemText
    return table.style().subElementRect(element, option, table).height()


@pytest.mark.usefixtures("as_the_app_looks")
@pytest.mark.parametrize("width", [830, 1000])
def test_each_row_has_room_for_its_painted_lines(qtbot, width: int) -> None:
    model = QStandardItemModel(2, 4)
    for row, why in enumerate((WHY, WHY.replace(L, "Priya"))):
        for column, text in enumerate(("Challenger", "ليلى حداد", why, "Suggested")):
            model.setItem(row, column, QStandardItem(text))
    table = QTableView()
    qtbot.addWidget(table)
    table.setStyleSheet("QTableView { font-size: 12pt; }")  # the Roles window's table
    table.setModel(model)
    table.setWordWrap(True)
    table.setItemDelegateForColumn(2, WrappedTextDelegate(table))
    header = table.horizontalHeader()
    for column, mode in enumerate(
        ("ResizeToContents", "Interactive", "Stretch", "ResizeToContents")
    ):
        header.setSectionResizeMode(column, getattr(QHeaderView.ResizeMode, mode))
    table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.resize(width, 600)
    table.show()
    qtbot.waitExposed(table)
    table.resizeRowsToContents()
    for row in range(2):
        # Laid out as painted (the delegate asks for this much; the check is the style's
        # own text rect, which the painting keeps to).
        needed = lines_height(model.index(row, 2).data(), table.font(), table.columnWidth(2) - 6)
        assert text_rect_height(table, row, 2) >= needed + SPARE, row
