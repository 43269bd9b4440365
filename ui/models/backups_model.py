"""A table model of a database's backups: when, why, size, sessions inside, health."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush

from facilitator.backup import BackupInfo
from ui import theme
from ui.models.rows_model import RowsModel

COLUMNS = ("Taken", "Why", "Size", "Sessions inside", "Health")


def human_size(size: int) -> str:
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} KB"
    return f"{size / (1024 * 1024):.1f} MB"


def sessions_text(info: BackupInfo) -> str:
    """``5 sessions, newest: Weekly review (2026-03-02)``."""
    if info.contents is None:
        return "…"
    if not info.contents.healthy:
        return "—"
    found = info.contents.sessions
    if not found:
        return "No sessions"
    text = f"{len(found)} session{'s' if len(found) != 1 else ''}"
    return f"{text}, newest: {found[0].title} ({found[0].date})"


def health_text(info: BackupInfo) -> str:
    if info.contents is None:
        return "Checking…"
    if info.contents.newer:
        return "Needs a newer Facilitator"
    return "Good" if info.contents.healthy else f"Damaged: {info.contents.health}"


class BackupsModel(RowsModel[BackupInfo]):
    columns = COLUMNS

    def set_backups(self, backups: list[BackupInfo]) -> None:
        self.set_rows(backups)

    def backup_at(self, row: int) -> BackupInfo:
        return self.row_at(row)

    def cell(self, info: BackupInfo, col: int, role: int) -> Any:
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return (
                f"{info.taken_at.astimezone():%a %d %b %Y, %H:%M}",
                info.why,
                human_size(info.size),
                sessions_text(info),
                health_text(info),
            )[col]
        if role == Qt.ItemDataRole.UserRole:
            return str(info.path)
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == 3 and info.contents is not None and info.contents.sessions:
                return "\n".join(
                    f"{s.date}  {s.title} — {s.team}" for s in info.contents.sessions[:40]
                )
            return str(info.path)
        if (
            role == Qt.ItemDataRole.ForegroundRole
            and col == 4
            and info.contents is not None
            and not info.contents.healthy
        ):
            return QBrush(theme.colour("error"))
        if role == Qt.ItemDataRole.TextAlignmentRole and col == 2:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None
