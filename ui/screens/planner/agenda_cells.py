"""How the planner's agenda shows in its columns: the cells (a step's round read short when
the titles are too long, a frame round the cell F2 edits) and the columns' widths, shared
so the names read whole and nothing scrolls sideways, a width the user drags to kept."""

from __future__ import annotations

import re

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPersistentModelIndex, QSize, Qt
from PySide6.QtGui import QPainter, QPalette, QPen, QResizeEvent
from PySide6.QtWidgets import QHeaderView, QStyleOptionViewItem, QTreeView

from ui.editing import KeepTextDelegate
from ui.models.agenda_model import (
    COL_DURATION,
    COL_MODE,
    COL_PER,
    COL_PROMPT,
    COL_START,
    COL_TITLE,
)

ROUND_SUFFIX = re.compile(r"( \(round (?P<no>\d+) of (?P<of>\d+)\)| · \d+ rounds?)$")
TEXT_MARGIN_PX = 12  # a cell's text margins, both sides, with room to spare
TITLE_MIN_PX = 120  # the title column never narrower than this
MODE_MIN_PX = 80  # the mode column shrinks to this (its names end in "…") for the titles
PROMPT_GLIMPSE_PX = 80  # the prompt column shows when it gets this much, else it hides
FIGURES = (COL_PER, COL_DURATION, COL_START)  # always as wide as their figures


class CurrentCellDelegate(KeepTextDelegate):
    """The agenda's cells, with a frame round the one F2 and Enter edit (the row stays
    selected whole; Left and Right move the frame between a step's cells). When the titles
    are too long for their column, the rounds read short, the same in every row
    ("Clarifying questions (2/3)" for "… (round 2 of 3)"), a title cut before its round if
    need be; a format's "· 3 rounds" always shows whole. A cell's size hint is for its text
    whole, so the columns can tell how wide the titles want to be."""

    compact_rounds = False  # set by AgendaColumns as it sizes the title column
    _measuring = False

    def sizeHint(  # noqa: N802
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        self._measuring = True
        try:
            size = super().sizeHint(option, index)
            if index.column() == COL_TITLE:  # room for the margins initStyleOption keeps
                shown = QStyleOptionViewItem(option)
                self.initStyleOption(shown, index)
                text_px = shown.fontMetrics.horizontalAdvance(shown.text) + TEXT_MARGIN_PX
                size.setWidth(max(size.width(), text_px))
            return size
        finally:
            self._measuring = False

    def initStyleOption(  # noqa: N802
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        super().initStyleOption(option, index)
        found = ROUND_SUFFIX.search(option.text) if index.column() == COL_TITLE else None
        if found is None:
            return
        suffix, title = found.group(), option.text[: found.start()]
        if found.group("no") and self.compact_rounds:
            suffix = f" ({found.group('no')}/{found.group('of')})"
        metrics, room = option.fontMetrics, option.rect.width() - TEXT_MARGIN_PX
        if not self._measuring and metrics.horizontalAdvance(title + suffix) > room:
            room -= metrics.horizontalAdvance(suffix)
            # Too narrow for even an ellipsis alone: the ellipsis still says a title is cut.
            title = metrics.elidedText(title, Qt.TextElideMode.ElideRight, max(room, 0)) or "…"
        option.text = title + suffix

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        super().paint(painter, option, index)
        view = self.parent()
        if isinstance(view, QTreeView) and view.hasFocus() and index == view.currentIndex():
            painter.save()
            pen = QPen(option.palette.color(QPalette.ColorRole.HighlightedText))
            pen.setWidth(2)
            painter.setPen(pen)
            painter.drawRect(option.rect.adjusted(1, 1, -2, -2))
            painter.restore()


class AgendaColumns(QObject):
    """Sizes the agenda tree's columns to its width (``fit``), again as the tree is resized
    or a vertical scroll bar comes or goes. The title column is the one the user can drag;
    the width dragged to is kept through edits until the tree's width changes."""

    def __init__(self, tree: QTreeView) -> None:
        super().__init__(tree)
        self.tree = tree
        self.delegate = CurrentCellDelegate(tree)
        tree.setItemDelegate(self.delegate)
        tree.setTextElideMode(Qt.TextElideMode.ElideRight)
        head = tree.header()
        head.setStretchLastSection(False)
        head.setSectionResizeMode(COL_TITLE, QHeaderView.ResizeMode.Interactive)
        for col in (COL_MODE, COL_PROMPT, *FIGURES):
            head.setSectionResizeMode(col, QHeaderView.ResizeMode.Fixed)
        head.sectionResized.connect(self._on_header_section_resized)
        tree.installEventFilter(self)
        tree.viewport().installEventFilter(self)
        self.user_title_px: int | None = None  # the title column's width, as dragged to
        self._fitting = False

    def wanted_width(self, col: int) -> int:
        """How wide a column wants to be to show its header and every cell whole."""
        return max(self.tree.sizeHintForColumn(col), self.tree.header().sectionSizeHint(col))

    def fit(self) -> None:
        """Share the tree's width so nothing scrolls sideways and the titles read whole.

        In order, as room allows: the figures (time per speaker, duration, start) whole;
        the titles whole with their rounds short ("(2/3)"); the mode whole, else down to
        ``MODE_MIN_PX`` with its names ending in "…"; the rounds in full ("(round 2 of
        3)"); the rest for a glimpse of the prompt, which is shown whole under the tree
        for the selected step, and hidden when less than ``PROMPT_GLIMPSE_PX`` is left.
        A title width the user dragged to is kept (the other columns fit round it)."""
        tree, delegate = self.tree, self.delegate
        widths = {col: self.wanted_width(col) for col in FIGURES}
        left = tree.viewport().width() - sum(widths.values())
        delegate.compact_rounds = False
        full = self.wanted_width(COL_TITLE)
        delegate.compact_rounds = True
        compact = self.wanted_width(COL_TITLE)
        mode_full = self.wanted_width(COL_MODE)
        mode_min = min(mode_full, MODE_MIN_PX)
        user = self.user_title_px
        if user is not None:
            title = user
        elif full + mode_full <= left:
            title = full
        elif compact + mode_full <= left:
            title = compact
        else:
            title = max(TITLE_MIN_PX, min(compact, left - mode_min))
        mode = max(mode_min, min(mode_full, left - title))
        prompt = left - title - mode
        if prompt < PROMPT_GLIMPSE_PX:
            prompt = 0
            if user is None:
                title = max(title, left - mode)  # the titles take what the prompt leaves
            else:  # the last figure fills what the width dragged to leaves
                widths[COL_START] += max(0, left - title - mode)
        delegate.compact_rounds = title < full
        widths.update({COL_TITLE: title, COL_MODE: mode, COL_PROMPT: prompt})
        self._fitting = True
        try:
            tree.setColumnHidden(COL_PROMPT, not prompt)
            for col, width in widths.items():
                if width:
                    tree.setColumnWidth(col, width)
        finally:
            self._fitting = False
        tree.viewport().update()

    def _on_header_section_resized(self, col: int, _old: int, new: int) -> None:
        """The user dragged the title's edge: keep that width, fit the rest round it."""
        if self._fitting or col != COL_TITLE:
            return
        self.user_title_px = new
        self.fit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Resize and isinstance(event, QResizeEvent):
            resized = event.size().width() != event.oldSize().width()
            if watched is self.tree and resized:
                self.user_title_px = None  # a dragged width holds till the tree resizes
            if watched is self.tree.viewport() and resized:  # a scroll bar came or went too
                self.fit()
        return super().eventFilter(watched, event)
