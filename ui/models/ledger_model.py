"""Table models for the leadership ledger: people x roles, and the per-session figures."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QFont

from facilitator.ledger import SessionFigure, TeamLedger
from ui import theme


def short_date(text: str) -> str:
    """'2026-02-23' -> '23 Feb 2026' (text that is not a date is shown as it is)."""
    try:
        day = date.fromisoformat(text[:10])
    except ValueError:
        return text
    return f"{day.day} {day.strftime('%b')} {day.year}"


def times(n: int) -> str:
    return {0: "never", 1: "once", 2: "twice"}.get(n, f"{n} times")


def figure_text(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"


class LedgerModel(QAbstractTableModel):
    """Rows: people (active first); columns: roles, then totals and sessions attended."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.ledger: TeamLedger | None = None

    def set_ledger(self, ledger: TeamLedger) -> None:
        self.beginResetModel()
        self.ledger = ledger
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() or self.ledger is None else len(self.ledger.people)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() or self.ledger is None else len(self.ledger.roles) + 2

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid() or self.ledger is None:
            return None
        ledger = self.ledger
        person = ledger.people[index.row()]
        col = index.column()
        n_roles = len(ledger.roles)
        if col < n_roles:
            held = ledger.roles[col]
            cell = ledger.cell(person.id, held.id)
            if role in (Qt.ItemDataRole.DisplayRole,):
                if cell.count:
                    return f"{cell.count} · {short_date(cell.last_on)}"
                return "watched" if cell.shadowed else "—"
            if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
                first = person.name.split()[0]
                if cell.count:
                    text = (
                        f"{first} has been {held.name} {times(cell.count)}; last on "
                        f"{short_date(cell.last_on)}."
                    )
                else:
                    text = f"{first} has not been {held.name} yet."
                if cell.shadowed:
                    text += f" Shadowed it {times(cell.shadowed)}."
                return text
            if role == Qt.ItemDataRole.BackgroundRole and not cell.count and person.active:
                return QBrush(theme.colour("gap"))  # a role not held yet
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return int(Qt.AlignmentFlag.AlignCenter)
        else:
            value = (
                ledger.totals.get(person.id, 0)
                if col == n_roles
                else ledger.attended.get(person.id, 0)
            )
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
                return str(value)
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return int(Qt.AlignmentFlag.AlignCenter)
            if role == Qt.ItemDataRole.FontRole and col == n_roles:
                font = QFont()
                font.setBold(True)
                return font
        if role == Qt.ItemDataRole.ForegroundRole and not person.active:
            return QBrush(theme.colour("former"))
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if self.ledger is None or role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
        ):
            return None
        ledger = self.ledger
        if orientation == Qt.Orientation.Horizontal:
            if section < len(ledger.roles):
                name = ledger.roles[section].name
                # A word to a line: "Voice Keeper" in a narrow column reads whole, not
                # "oice Keepe" (the tooltip keeps it on one line).
                return name if role == Qt.ItemDataRole.ToolTipRole else "\n".join(name.split())
            if role == Qt.ItemDataRole.ToolTipRole:
                return (
                    "Role-holdings in all sessions"
                    if section == len(ledger.roles)
                    else "Sessions attended"
                )
            return "Roles held" if section == len(ledger.roles) else "Sessions"
        person = ledger.people[section]
        return person.name if person.active else f"{person.name} (former member)"


class SessionFiguresModel(QAbstractTableModel):
    """One row per session that took place: how many led, and the distribution figure."""

    COLUMNS = ("Date", "Session", "Present", "Roles held", "Holders", "Distribution")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[SessionFigure] = []

    def set_figures(self, figures: list[SessionFigure]) -> None:
        self.beginResetModel()
        self._rows = list(reversed(figures))  # newest first
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.COLUMNS)

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid():
            return None
        figure = self._rows[index.row()]
        col = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return (
                short_date(figure.on),
                figure.title,
                str(figure.attendees),
                str(figure.holdings),
                str(figure.holders),
                figure_text(figure.distribution),
            )[col]
        if role == Qt.ItemDataRole.TextAlignmentRole and col >= 2:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            return (
                f"{figure.title} ({short_date(figure.on)}): {figure.holders} of "
                f"{figure.attendees} present held {figure.holdings} roles; distribution "
                f"{figure_text(figure.distribution)}."
            )
        if role == Qt.ItemDataRole.UserRole:
            return figure.session_id
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.COLUMNS[section]
        return None
