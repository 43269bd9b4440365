"""How report pages break: headings stay with what follows, tables continue cleanly.

reportlab's own rules leave a heading alone at a page foot when the card after it does not
fit, and print a table's header a second time mid-page when the rest of a split table is
tried in the space a long row left. Three pieces replace them:

- ``KeepWithStart``: a heading (and the short lines that introduce its section) moves to
  the next page unless the start of what follows fits under it: all of a card or chart,
  or the first rows of a table.
- ``group_keep_with_next``: what the report document does with every keep-with-next
  flowable (``S.h1``, ``S.h2``, the heading rule): groups it that way.
- ``ContinuedTable``: a table whose rest always starts on a new page (one header per page),
  that splits inside a long row rather than leave half a page empty, and whose continued
  row repeats the cells that say whose row it is, marked "(continued)".
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import (
    ActionFlowable,
    CondPageBreak,
    Flowable,
    FrameBreak,
    KeepTogether,
    NullActionFlowable,
    Paragraph,
    Spacer,
    Table,
)
from reportlab.platypus.flowables import _listWrapOn

MIN_START = 18 * mm  # what must follow a heading on its page (or all of it, when shorter)
MAX_GAP = 30 * mm  # a table splits inside a long row rather than leave more empty
LEAD_INS = 3  # short paragraphs and spaces between a heading and its content, at most


def _keeps_with_next(f: Flowable) -> bool:
    return bool(f.getKeepWithNext()) and not isinstance(f, ActionFlowable)


def _lead_in(f: Flowable) -> bool:
    """A short piece that introduces a section: it travels with the heading above it."""
    return type(f) is Spacer or (isinstance(f, Paragraph) and len(f.getPlainText()) < 400)


class KeepWithStart(Flowable):  # type: ignore[misc]
    """Headings and lead-ins that go to the next frame unless the start of the body fits.

    Like ``KeepTogether`` it is never drawn: splitting it hands its content back to the
    document, preceded by a frame break when the body's start would not fit.
    """

    def __init__(self, content: Sequence[Flowable], min_start: float = MIN_START) -> None:
        super().__init__()
        self._content = list(content)
        self._min_start = min_start

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return avail_width, 0xFFFFFF  # always split: the content is placed piece by piece

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        frame = getattr(self, "_frame", None)
        at_top = bool(getattr(frame, "_atTop", False))
        content = self._content
        body = content[-1]
        if isinstance(body, KeepTogether) and frame is not None:
            # A card taller than a whole page can never stay together: it starts here.
            _w, tall = _listWrapOn(body._content, avail_width, self.canv)
            if tall > frame._height:
                inner = body._content
                first = KeepWithStart([*content[:-1], inner[0]], self._min_start)
                return [NullActionFlowable(), first, *inner[1:]]
        if at_top or self._start_fits(avail_width, avail_height):
            return content
        return [FrameBreak(), *content]

    def _start_fits(self, avail_width: float, avail_height: float) -> bool:
        lead = self._content[:-1]
        body = self._content[-1]
        if not lead:
            return True  # a heading that ends the story: nothing to keep it with
        _w, lead_h = _listWrapOn(lead, avail_width, self.canv)
        # The frame adds the spaces around the run too (not at a page top, where this never
        # runs): before the first heading, and between the last lead and the body.
        spaces = lead[0].getSpaceBefore() + max(lead[-1].getSpaceAfter(), body.getSpaceBefore())
        room = avail_height - lead_h - spaces
        if room <= 0:
            return False
        if isinstance(body, KeepTogether):  # its wrap only says "split me"
            _w, body_h = _listWrapOn(body._content, avail_width, self.canv)
        else:
            _w, body_h = body.wrapOn(self.canv, avail_width, room)
        if body_h <= room:
            return True
        if isinstance(body, ContinuedTable):
            return body.start_fits(room, min(self._min_start, body_h))
        parts = body.splitOn(self.canv, avail_width, room)
        if not parts or isinstance(parts[0], ActionFlowable):
            return False
        _w, start_h = parts[0].wrapOn(self.canv, avail_width, room)
        return bool(start_h <= room and start_h >= min(self._min_start, body_h))


def group_keep_with_next(flowables: list[Flowable]) -> None:
    """Replace the keep-with-next run at the front of ``flowables`` by a ``KeepWithStart``.

    The run is every heading (and a sub-heading's own keep, opened), up to ``LEAD_INS``
    short lines between them, and the first real block after them: its body. A
    ``CondPageBreak`` inside the run sets how much of the body must fit instead.
    """
    if not flowables or not _keeps_with_next(flowables[0]):
        return
    i = 0
    lead_ins = 0
    min_start = MIN_START
    while i < len(flowables):
        f = flowables[i]
        if isinstance(f, CondPageBreak):
            # Inside the run, "break unless this much room" becomes "keep this much of the
            # body with the headings": a break here would leave the headings above alone.
            min_start = max(min_start, f.height)
            del flowables[i]
            continue
        if type(f) is KeepTogether and f._content and _keeps_with_next(f._content[0]):
            flowables[i : i + 1] = f._content  # a sub-heading's own keep joins the chain
            continue
        if _keeps_with_next(f):
            i += 1
        elif _lead_in(f) and lead_ins < LEAD_INS:
            lead_ins += 1
            i += 1
        else:
            break
    if i < len(flowables) and not isinstance(flowables[i], ActionFlowable):
        i += 1  # the body
    group = flowables[:i]
    for f in group:
        f.__dict__["keepWithNext"] = 0  # grouped once; placed one by one after
    del flowables[:i]
    flowables.insert(0, KeepWithStart(group, min_start))


def _plain(row: Sequence[Any]) -> bool:
    """A row of text only: reportlab cuts such a row anywhere (a nested table it cannot)."""
    return all(isinstance(c, Paragraph | str) or c is None for c in _cells([row]))


def _empty(cell: Any) -> bool:
    """A cell that shows nothing: no value, or only paragraphs without text."""
    if isinstance(cell, list | tuple):
        return all(_empty(c) for c in cell)
    if isinstance(cell, Paragraph):
        return not cell.getPlainText().strip()
    return cell is None or cell == ""


def wrap_once_per_width(flowable: Any) -> None:
    """Let a Paragraph break its lines once per width instead of at every ``wrap``.

    A table measures every cell each time it is asked to fit (the keep it is in, the
    heading's trial fit, the frame, the split), always at the column's width; the lines
    depend on the width alone. The paragraph keeps the state of its last width, which
    ``split`` and ``draw`` use, so only a repeated width is answered from the last one.
    """
    if not isinstance(flowable, Paragraph):
        return
    state = flowable.__dict__
    state.pop("wrap", None)  # a copy's: it belongs to the original
    state.pop("_wrapped", None)
    real = flowable.wrap

    def wrap(avail_width: float, avail_height: float) -> tuple[float, float]:
        last = state.get("_wrapped")
        if last is not None and last[0] == avail_width and "blPara" in state:
            return last[1]  # type: ignore[no-any-return]
        size = real(avail_width, avail_height)
        state["_wrapped"] = (avail_width, size)
        return size  # type: ignore[no-any-return]

    state["wrap"] = wrap


def _cells(rows: Sequence[Sequence[Any]]) -> Iterator[Any]:
    for row in rows:
        for cell in row:
            yield from cell if isinstance(cell, list | tuple) else (cell,)


def _as_list(cell: Any) -> list[Any]:
    """A copy of a cell's content for a continued row, without an earlier "(continued)"."""
    cells = [copy.copy(c) for c in cell] if isinstance(cell, list | tuple) else [copy.copy(cell)]
    cells = [c for c in cells if not getattr(c, "_continued_note", False)]
    for c in cells:
        wrap_once_per_width(c)
    return cells


class ContinuedTable(Table):  # type: ignore[misc]
    """A table that continues on the next page with its header once and its row named.

    ``identify`` lists the columns that say whose row it is (a name, a role, a label);
    ``continued`` makes the note added under the widest of them on a continued row, given
    the width it has there (a note in a narrow column is shorter, never broken mid-word).
    """

    identify: tuple[int, ...] = (0,)
    continued: Callable[[float], Flowable] | None = None

    def _calc(self, avail_width: float, avail_height: float) -> None:
        """Measure the rows, once per width: a table asked again at the same width (by
        its keep, a heading's trial fit, the frame, the split) has every row measured
        already. reportlab stops measuring below the space available; such a partial
        measure is taken again."""
        done = self.__dict__.get("_measured_at")
        if done == avail_width and self._hmax == len(self._rowHeights):
            return
        super()._calc(avail_width, avail_height)
        self.__dict__["_measured_at"] = avail_width

    def _fitting(self, room: float) -> tuple[int, float]:
        """How many rows fit whole in ``room`` (header included), and their height."""
        used = 0.0
        rows = 0
        for height in self._rowHeights:
            if height is None or used + height > room:
                break
            used += height
            rows += 1
        return rows, used

    def _splits_in_row(self, room: float) -> bool:
        """Whether ``split`` at ``room`` cuts inside the first row that does not fit: only
        a long row, and only when stopping before it would leave more than ``MAX_GAP``
        empty (a short row moves to the next page whole)."""
        rows, used = self._fitting(room)
        if not self.splitInRow or rows >= len(self._rowHeights):
            return False
        tall = (self._rowHeights[rows] or 0) > MAX_GAP
        return bool(tall and room - used > MAX_GAP and _plain(self._cellvalues[rows]))

    def start_fits(self, room: float, wanted: float) -> bool:
        """Whether ``split`` at ``room`` (once measured there) would leave at least
        ``wanted`` of the table here, read from the row heights instead of splitting."""
        header = self.repeatRows if isinstance(self.repeatRows, int) else len(self.repeatRows)
        rows, used = self._fitting(room)
        if rows == len(self._rowHeights):
            return True
        if self._splits_in_row(room):
            used = room  # cut inside the long row, which fills the room
        elif rows <= header:
            return False
        return used >= wanted

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        self._calc(avail_width, avail_height)
        if self._splits_in_row(avail_height):
            parts = self._splitRows(avail_height, doInRowSplit=1)
        else:
            parts = self._splitRows(avail_height, doInRowSplit=0)
            if not parts and self.splitInRow:  # no whole row fits: reportlab's own way
                parts = self._splitRows(avail_height, doInRowSplit=1)
        if len(parts) != 2:
            return list(parts)
        top, rest = parts
        self._name_continued_row(rest)
        # The rest starts on a new page: tried in the space left here, it would print the
        # header again under a sliver of the next row.
        return [top, FrameBreak(), rest]

    def _name_continued_row(self, rest: Table) -> None:
        header = self.repeatRows if isinstance(self.repeatRows, int) else len(self.repeatRows)
        first = header  # the continued row, below the repeated header
        if len(rest._cellvalues) <= first:
            return
        source = len(self._cellvalues) - (len(rest._cellvalues) - header)
        row = rest._cellvalues[first]
        named: list[int] = []
        for col in self.identify:
            if col >= len(row) or not _empty(row[col]):
                continue
            origin = next(
                (
                    self._cellvalues[r][col]
                    for r in range(source, header - 1, -1)
                    if not _empty(self._cellvalues[r][col])
                ),
                None,
            )
            if origin is not None:
                row[col] = _as_list(origin)
                named.append(col)
        if named and self.continued is not None:
            widest = max(named, key=lambda col: self._colWidths[col] or 0)
            style = self._cellStyles[first][widest]
            room = (self._colWidths[widest] or 0) - style.leftPadding - style.rightPadding
            note = self.continued(room)
            note._continued_note = True
            row[widest].append(note)  # under the widest named cell, where it fits
        if named:
            heights = list(rest._argH)
            heights[first] = None  # measure the row again with the cells it now holds
            rest._argH = rest._rowHeights = heights

    @classmethod
    def made(
        cls,
        rows: Sequence[Sequence[Any]],
        identify: Sequence[int],
        continued: Callable[[float], Flowable] | None,
        **kw: Any,
    ) -> ContinuedTable:
        """A table of this kind; its split halves inherit ``identify`` and ``continued``."""
        attrs: dict[str, Any] = {"identify": tuple(identify)}
        if continued is not None:
            attrs["continued"] = staticmethod(continued)
        kind = type("ContinuedTable", (cls,), attrs)
        table: ContinuedTable = kind([list(row) for row in rows], **kw)
        for cell in _cells(table._cellvalues):
            wrap_once_per_width(cell)
        return table
