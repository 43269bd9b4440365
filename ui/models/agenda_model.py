"""A tree model of a session's agenda: formats as parents with their steps, custom phases
as single rows. Edits, drops and moves are passed to the screen, which stores them and
hands back the new agenda; the model itself changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QByteArray,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont

from facilitator import agenda, durations
from facilitator.model import Phase, PhaseMode, label
from facilitator.planning import PhaseField

COLUMNS = ("Phase", "Mode", "Each", "Duration", "Starts", "Prompt")
# What each column holds, as its header's tooltip and what a screen reader says of it.
COLUMN_HELP = (
    "The format, or the step and its round",
    "How people speak",
    "Time per speaker, for a round-robin",
    "How long the phase lasts",
    "When it starts",
    "The prompt shown to the room (whole under the agenda for the selected step)",
)
COL_TITLE, COL_MODE, COL_PER, COL_DURATION, COL_START, COL_PROMPT = range(6)
MIME = "application/x-facilitator-agenda-item"
TOP = 0xFFFFFFFF

FIELDS = {
    COL_TITLE: PhaseField.TITLE,
    COL_MODE: PhaseField.MODE,
    COL_PER: PhaseField.PER_SPEAKER,
    COL_DURATION: PhaseField.DURATION,
    COL_PROMPT: PhaseField.PROMPT,
}

Index = QModelIndex | QPersistentModelIndex
# Stores one edit of a phase, as typed; False when it was refused (the refusal is shown).
EditHandler = Callable[[Phase, PhaseField, str], bool]


class AgendaModel(QAbstractItemModel):
    """The agenda as blocks (a format's steps under its name, or one custom phase).

    Signals:
        edit_did_fail(QModelIndex): an edit was refused; the cell keeps what was typed.
        move_block_requested(int, int): drag asked to move block (from, to).
        move_step_requested(str, int): drag asked to move a step (phase id) to a place in its
            format.
    """

    edit_did_fail = Signal(QModelIndex)
    move_block_requested = Signal(int, int)
    move_step_requested = Signal(str, int)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._blocks: list[list[Phase]] = []
        self._starts: dict[str, datetime | None] = {}
        self._rejected: dict[tuple[str, int], str] = {}
        self.on_edit: EditHandler | None = None

    # ------------------------------------------------------------ content
    def set_agenda(self, phases: list[Phase], starts: dict[str, datetime | None]) -> None:
        """Show a new agenda; keeps rows (and open editors) when only values changed."""
        new_blocks = agenda.blocks(phases)
        shape = [[p.id for p in b] for b in new_blocks]
        old_shape = [[p.id for p in b] for b in self._blocks]
        self._starts = dict(starts)
        if shape == old_shape:
            self._blocks = new_blocks
            if self._blocks:
                last = self.index(len(self._blocks) - 1, len(COLUMNS) - 1)
                self.dataChanged.emit(self.index(0, 0), last)
                for row, block in enumerate(self._blocks):
                    if self._is_group(block):
                        parent = self.index(row, 0)
                        self.dataChanged.emit(
                            self.index(0, 0, parent),
                            self.index(len(block) - 1, len(COLUMNS) - 1, parent),
                        )
            return
        self.beginResetModel()
        self._blocks = new_blocks
        self.endResetModel()

    def phases(self) -> list[Phase]:
        return [p for b in self._blocks for p in b]

    def block_count(self) -> int:
        return len(self._blocks)

    @staticmethod
    def _is_group(block: list[Phase]) -> bool:
        return bool(block[0].group_id)

    def phase_at(self, index: Index) -> Phase | None:
        """The phase of a row; None for a format's header row."""
        if not index.isValid():
            return None
        if index.internalId() == TOP:
            block = self._blocks[index.row()]
            return None if self._is_group(block) else block[0]
        return self._blocks[index.internalId()][index.row()]

    def block_of(self, index: Index) -> int:
        return index.row() if index.internalId() == TOP else int(index.internalId())

    def index_of(self, phase_id: str) -> QModelIndex:
        for b, block in enumerate(self._blocks):
            for s, phase in enumerate(block):
                if phase.id == phase_id:
                    if not self._is_group(block):
                        return self.index(b, 0)
                    return self.index(s, 0, self.index(b, 0))
        return QModelIndex()

    def block_index(self, block: int) -> QModelIndex:
        return self.index(block, 0) if 0 <= block < len(self._blocks) else QModelIndex()

    # ------------------------------------------------------------ structure
    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, TOP)
        return self.createIndex(row, column, parent.row())

    def parent(self, index: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]
        if not index.isValid() or index.internalId() == TOP:
            return QModelIndex()
        return self.createIndex(int(index.internalId()), 0, TOP)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802
        if not parent.isValid():
            return len(self._blocks)
        if parent.internalId() == TOP and parent.column() == 0:
            block = self._blocks[parent.row()]
            return len(block) if self._is_group(block) else 0
        return 0

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802
        return len(COLUMNS)

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,  # noqa: N802
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            return COLUMN_HELP[section]
        return None

    # ------------------------------------------------------------ data
    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        phase = self.phase_at(index)
        col = index.column()
        if phase is None:
            return self._header_data(self._blocks[index.row()], col, role)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._display(phase, col)
        if role == Qt.ItemDataRole.EditRole:
            if col == COL_TITLE:
                return phase.title
            if col == COL_MODE:
                return phase.mode.value
            if col == COL_PER:
                return durations.clock_mm_ss(phase.per_speaker_s or 0)
            if col == COL_DURATION:
                return durations.clock_mm_ss(phase.planned_s)
            if col == COL_PROMPT:
                return phase.prompt
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == COL_DURATION and phase.mode is PhaseMode.ROUND_ROBIN:
                return (
                    "A round-robin's length is the time per speaker times the people "
                    "present; change the time per speaker."
                )
            if col == COL_PROMPT and phase.prompt:
                return phase.prompt
            if col == COL_TITLE:
                return phase.heading  # whole, where the column shortens it
            if col == COL_MODE:
                return label(phase.mode)  # whole, where the column is narrow
            if col in (COL_DURATION, COL_PER):
                return "Type minutes (5), minutes and seconds (2:30) or 90s."
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (COL_PER, COL_DURATION, COL_START):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.UserRole:
            return phase.id
        return None

    def _display(self, phase: Phase, col: int) -> str:
        if col == COL_TITLE:
            return phase.heading  # "Consult (round 2 of 3)" in a repeated block
        if col == COL_MODE:
            return label(phase.mode)
        if col == COL_PER:
            if phase.mode is PhaseMode.ROUND_ROBIN and phase.per_speaker_s:
                return durations.clock_mm_ss(phase.per_speaker_s)
            return ""
        if col == COL_DURATION:
            return durations.clock_mm_ss(phase.planned_s)
        if col == COL_START:
            start = self._starts.get(phase.id)
            return f"{start:%H:%M}" if start else ""
        if col == COL_PROMPT:
            return " ".join(phase.prompt.split())
        return ""

    def _header_data(self, block: list[Phase], col: int, role: int) -> Any:
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if col == COL_TITLE:
                return block_title(block)
            if col == COL_MODE:
                return f"{len(block)} step{'s' if len(block) != 1 else ''}"
            if col == COL_DURATION:
                return durations.clock_mm_ss(agenda.total_s(block))
            if col == COL_START:
                start = self._starts.get(block[0].id)
                return f"{start:%H:%M}" if start else ""
            return ""
        if role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (COL_DURATION, COL_START):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and col == COL_TITLE:
            return (
                "The steps of this format move together. Drag the name, or press "
                "Ctrl+Up / Ctrl+Down."
            )
        if role == Qt.ItemDataRole.UserRole:
            return block[0].id
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled
        base = (
            Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled
        )
        phase = self.phase_at(index)
        if phase is None:
            return base | Qt.ItemFlag.ItemIsDropEnabled
        col = index.column()
        editable = col in (COL_TITLE, COL_MODE, COL_PROMPT)
        if col == COL_PER:
            editable = phase.mode is PhaseMode.ROUND_ROBIN
        if col == COL_DURATION:
            editable = phase.mode is not PhaseMode.ROUND_ROBIN or not phase.per_speaker_s
        return base | Qt.ItemFlag.ItemIsEditable if editable else base

    def choices(self, index: Index) -> list[tuple[str, str]] | None:
        if index.column() == COL_MODE:
            return [(m.value, label(m)) for m in PhaseMode]
        return None

    def setData(
        self,
        index: Index,
        value: Any,  # noqa: N802
        role: int = Qt.ItemDataRole.EditRole,
    ) -> bool:
        phase = self.phase_at(index)
        field = FIELDS.get(index.column())
        if role != Qt.ItemDataRole.EditRole or phase is None or field is None:
            return False
        if self.on_edit is None or self.data(index, Qt.ItemDataRole.EditRole) == value:
            return False
        if not self.on_edit(phase, field, str(value)):
            self._rejected[(phase.id, index.column())] = str(value)
            self.edit_did_fail.emit(self.index(index.row(), index.column(), index.parent()))
            return False
        return True

    def take_rejected(self, index: Index) -> str | None:
        phase = self.phase_at(index)
        if phase is None:
            return None
        return self._rejected.pop((phase.id, index.column()), None)

    # ------------------------------------------------------------ drag and drop
    def supportedDropActions(self) -> Qt.DropAction:  # noqa: N802
        return Qt.DropAction.MoveAction

    def supportedDragActions(self) -> Qt.DropAction:  # noqa: N802
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:  # noqa: N802
        return [MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:  # noqa: N802
        data = QMimeData()
        index = next((i for i in indexes if i.isValid()), None)
        if index is None:
            return data
        if index.internalId() == TOP:
            payload = f"block:{index.row()}"
        else:
            phase = self.phase_at(index)
            payload = f"step:{phase.id if phase else ''}"
        data.setData(MIME, QByteArray(payload.encode()))
        return data

    def _target(self, data: QMimeData, row: int, parent: Index) -> tuple[str, Any, int] | None:
        """What a drop would do: ("block", from, to) or ("step", phase id, to); None if not
        allowed (a step can only move inside its own format)."""
        if not data.hasFormat(MIME):
            return None
        kind, _, value = bytes(data.data(MIME).data()).decode().partition(":")
        if kind == "block":
            source = int(value)
            if parent.isValid():
                if parent.internalId() != TOP:
                    return None
                # Dropped onto a row: place the block there.
                row = parent.row()
            if row < 0:
                row = len(self._blocks)
            to = row - 1 if row > source else row
            return ("block", source, to)
        if kind == "step":
            target = self.index_of(value)
            if not target.isValid():
                return None
            if target.internalId() == TOP:  # a lone custom phase moves as a block
                source = target.row()
                if parent.isValid():
                    if parent.internalId() != TOP:
                        return None
                    row = parent.row()
                if row < 0:
                    row = len(self._blocks)
                return ("block", source, row - 1 if row > source else row)
            block = int(target.internalId())
            if not parent.isValid() or parent.internalId() != TOP or parent.row() != block:
                return None
            source = target.row()
            if row < 0:
                row = len(self._blocks[block])
            return ("step", value, row - 1 if row > source else row)
        return None

    def canDropMimeData(
        self,
        data: QMimeData,
        action: Qt.DropAction,
        row: int,  # noqa: N802
        column: int,
        parent: Index,
    ) -> bool:
        return action == Qt.DropAction.MoveAction and self._target(data, row, parent) is not None

    def dropMimeData(
        self,
        data: QMimeData,
        action: Qt.DropAction,
        row: int,  # noqa: N802
        column: int,
        parent: Index,
    ) -> bool:
        """Ask the screen to store the move; False so the view never removes rows itself."""
        if action != Qt.DropAction.MoveAction:
            return False
        target = self._target(data, row, parent)
        if target is None:
            return False
        kind, what, to = target
        if kind == "block":
            self.move_block_requested.emit(int(what), int(to))
        else:
            self.move_step_requested.emit(str(what), int(to))
        return False


def block_title(block: list[Phase]) -> str:
    """A format's name on the agenda, with its rounds when it repeats a block of steps:
    "Troika Consulting · 3 rounds"."""
    name = block[0].group_title or "Format"
    count = max((p.rounds or 0 for p in block if p.repeat), default=0)
    if not count:
        return name
    return f"{name} · {count} round" + ("" if count == 1 else "s")
