"""What a team folder's sync did not keep: items changed on two laptops between syncs.

The later change is kept on every laptop; the other version is listed here, beside the
one kept, so the facilitator can copy anything back (the item is edited as usual), then
dismiss it (``team_folder.dismiss_conflict``). Nothing leaves the list by itself.

Each item says which session it belongs to (its title and day), or that it is the team's
roster and roles, and each version which laptop it came from and when it was changed there,
to the second, on this computer's clock.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from facilitator import planning, roster, session_time, team_folder
from facilitator.clock import Clock, SystemClock
from facilitator.errors import FacilitatorError
from facilitator.store.database import Database
from facilitator.team_folder import Conflict
from ui import ops

INTRO = (
    "The same item was changed on two laptops between syncs. The later change is kept on "
    "every laptop; the other version is here, so you can copy anything back. Dismiss it "
    "once you have looked."
)
NONE_LEFT = "Nothing to look at: every change made on two laptops has been seen."
# Fields that say where an item belongs and when it was stored, not what it says.
_BOOKKEEPING = {"id", "created_at", "updated_at", "changed_at", "position", "sort_order"}


def moment_text(moment: datetime, today: datetime) -> str:
    """``Tue 1 Dec, 14:03:12``: when a version was changed, to the second, on this
    computer's clock; the year is added when it is not this year's."""
    here, now = moment.astimezone(), today.astimezone()
    day = f"{here.strftime('%a')} {here.day} {here.strftime('%b')}"
    if here.year != now.year:
        day += f" {here.year}"
    return f"{day}, {here.strftime('%H:%M:%S')}"


def where_text(database: Database, conflict: Conflict) -> str:
    """Which meeting the item belongs to: ``Session “Retro” of 2026-12-01``; the team's
    roster and roles say so (``Team roster and roles of Ops``)."""
    if conflict.session_id is None:
        try:
            team = roster.get_team(database, conflict.team_id).name
        except FacilitatorError:
            return "Team roster and roles"
        return f"Team roster and roles of {team}"
    try:
        session = planning.get_session(database, conflict.session_id)
    except FacilitatorError:
        return "A session no longer on this laptop"
    day = session_time.session_day_text(session)
    return f"Session “{session.title}” of {day}" if day else f"Session “{session.title}”"


def _shown_fields(row: dict[str, Any] | None, other: dict[str, Any] | None) -> list[str]:
    """The fields worth showing: those the two versions differ in, else every one that is
    not bookkeeping."""

    def useful(key: str) -> bool:
        return key not in _BOOKKEEPING and not key.endswith("_id")

    keys = [k for k in {**(other or {}), **(row or {})} if useful(k)]
    if row is not None and other is not None:
        differ = [k for k in keys if row.get(k) != other.get(k)]
        if differ:
            return differ
    return keys


def version_text(row: dict[str, Any] | None, fields: list[str]) -> str:
    """One version as plain lines: 'text: Call the supplier'; a deletion says so."""
    if row is None:
        return "Deleted."
    lines = []
    for key in fields:
        value = row.get(key)
        shown = "(empty)" if value in (None, "") else str(value)
        lines.append(f"{key.replace('_', ' ').capitalize()}: {shown}")
    return "\n".join(lines)


def copy_text(row: dict[str, Any] | None, fields: list[str]) -> str:
    """What "Copy the other version" puts on the clipboard: the value alone when one field
    differs (an action's text), else every line."""
    if row is None:
        return ""
    if len(fields) == 1:
        value = row.get(fields[0])
        return "" if value is None else str(value)
    return version_text(row, fields)


class SyncConflictsDialog(QDialog):
    """The team's items changed on two laptops: each one's kept and other version."""

    def __init__(
        self,
        database: Database,
        team_id: str,
        *,
        clock: Clock | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Changed on two laptops")
        self.database, self.team_id = database, team_id
        self.clock = clock or SystemClock()
        self.conflicts: list[Conflict] = []
        self.here = ""  # this laptop's name, as its versions are named

        intro = QLabel(INTRO)
        intro.setWordWrap(True)
        self.list = QListWidget()
        self.list.setAccessibleName("Items changed on two laptops")
        self.list.setWordWrap(True)
        self.list.setSpacing(4)  # each item's lines read as one, apart from the next
        self.list.setAlternatingRowColors(True)
        self.list.currentRowChanged.connect(self._on_list_current_row_changed)
        list_label = QLabel("&Items:")
        list_label.setBuddy(self.list)

        self.where = QLabel()
        self.where.setTextFormat(Qt.TextFormat.PlainText)
        self.where.setWordWrap(True)
        self.where.setAccessibleName("Which session")
        bold = self.where.font()
        bold.setBold(True)
        self.where.setFont(bold)
        self.summary = QLabel()
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName("What happened")
        self.kept_label = QLabel()
        self.kept_label.setTextFormat(Qt.TextFormat.PlainText)
        self.kept = self._version_box("The version kept")
        self.other_label = QLabel()
        self.other_label.setTextFormat(Qt.TextFormat.PlainText)
        self.other = self._version_box("The other version")
        self.kept_label.setBuddy(self.kept)
        self.other_label.setBuddy(self.other)
        versions = QGridLayout()
        versions.addWidget(self.kept_label, 0, 0)
        versions.addWidget(self.other_label, 0, 1)
        versions.addWidget(self.kept, 1, 0)
        versions.addWidget(self.other, 1, 1)
        versions.setColumnStretch(0, 1)
        versions.setColumnStretch(1, 1)
        for label in (self.kept_label, self.other_label):
            label.setWordWrap(True)

        self.copy_button = QPushButton("C&opy the other version")
        self.copy_button.setAccessibleName("Copy the other version")
        self.copy_button.setToolTip("Put it on the clipboard, to paste into the item")
        self.copy_button.clicked.connect(self.copy_other)
        self.dismiss_button = QPushButton("&Dismiss")
        self.dismiss_button.setAccessibleName("Dismiss")
        self.dismiss_button.setToolTip("You have looked at it: it is no longer listed")
        self.dismiss_button.clicked.connect(self.dismiss)
        self.dismiss_button.setEnabled(not database.read_only)
        self.note = QLabel()
        self.note.setTextFormat(Qt.TextFormat.PlainText)
        self.note.setAccessibleName("Note")
        row = QHBoxLayout()
        row.addWidget(self.copy_button)
        row.addWidget(self.dismiss_button)
        row.addWidget(self.note, 1)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        self.close_button = buttons.button(QDialogButtonBox.StandardButton.Close)
        self.close_button.setAccessibleName("Close")

        detail = QVBoxLayout()
        detail.addWidget(self.where)
        detail.addWidget(self.summary)
        detail.addLayout(versions, 1)
        detail.addLayout(row)
        left = QVBoxLayout()
        left.addWidget(list_label)
        left.addWidget(self.list, 1)
        body = QHBoxLayout()
        body.addLayout(left, 2)
        body.addLayout(detail, 3)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(body, 1)
        layout.addWidget(buttons)
        self.resize(960, 520)
        self.reload()
        self.list.setFocus()

    @staticmethod
    def _version_box(name: str) -> QPlainTextEdit:
        box = QPlainTextEdit()
        box.setReadOnly(True)
        box.setAccessibleName(name)
        box.setTabChangesFocus(True)
        return box

    # ------------------------------------------------------------ what is shown
    def reload(self, select: int = 0) -> None:
        self.conflicts = team_folder.list_conflicts(self.database, self.team_id)
        self.here = team_folder.laptop_name(self.database)
        self.list.blockSignals(True)
        self.list.clear()
        for conflict in self.conflicts:
            what = conflict.what[:1].upper() + conflict.what[1:]
            item = QListWidgetItem(
                f"{what}\n{where_text(self.database, conflict)}\n"
                f"Changed on {conflict.kept_from} and {conflict.other_from}"
            )
            item.setData(Qt.ItemDataRole.UserRole, conflict.id)
            self.list.addItem(item)
        self.list.blockSignals(False)
        if self.conflicts:
            self.list.setCurrentRow(min(select, len(self.conflicts) - 1))
            self._show(self.list.currentRow())
        else:
            self._show(-1)

    def current(self) -> Conflict | None:
        row = self.list.currentRow()
        return self.conflicts[row] if 0 <= row < len(self.conflicts) else None

    def _from(self, laptop: str, stamp: str) -> str:
        """``changed on Laptop B, Tue 1 Dec, 14:03:12``; this laptop is named as such."""
        name = f"{laptop} (this laptop)" if laptop and laptop == self.here else laptop
        text = f"changed on {name or 'another laptop'}"
        if stamp:
            try:
                when = moment_text(datetime.fromisoformat(stamp), self.clock.now())
            except ValueError:
                when = stamp
            text += f", {when}"
        return text

    def _show(self, row: int) -> None:
        conflict = self.conflicts[row] if 0 <= row < len(self.conflicts) else None
        self.copy_button.setEnabled(conflict is not None and conflict.other is not None)
        self.dismiss_button.setEnabled(conflict is not None and not self.database.read_only)
        if conflict is None:
            self.where.setText("")
            self.where.hide()
            self.summary.setText(NONE_LEFT)
            for label, box in ((self.kept_label, self.kept), (self.other_label, self.other)):
                label.setText("")
                box.clear()
            return
        self.where.setText(where_text(self.database, conflict))
        self.where.show()
        self.summary.setText(conflict.describe())
        fields = _shown_fields(conflict.kept, conflict.other)
        self.kept_label.setText(
            f"&Kept: {self._from(conflict.kept_from, conflict.kept_changed_at)}"
        )
        self.other_label.setText(
            f"The other &version: {self._from(conflict.other_from, conflict.other_changed_at)}"
        )
        self.kept.setPlainText(version_text(conflict.kept, fields))
        self.other.setPlainText(version_text(conflict.other, fields))

    def _on_list_current_row_changed(self, row: int) -> None:
        self.note.clear()
        self._show(row)

    # ------------------------------------------------------------ actions
    def copy_other(self) -> None:
        conflict = self.current()
        if conflict is None or conflict.other is None:
            return
        text = copy_text(conflict.other, _shown_fields(conflict.kept, conflict.other))
        QGuiApplication.clipboard().setText(text)
        self.note.setText("Copied: paste it into the item to use it.")

    def dismiss(self) -> None:
        conflict = self.current()
        if conflict is None:
            return
        row = self.list.currentRow()
        done = ops.run_op(
            self,
            "Could not dismiss it",
            lambda: team_folder.dismiss_conflict(self.database, conflict.id, now=self.clock.now()),
        )
        self.reload(row)
        if done is not None:
            self.note.setText("Dismissed.")
        (self.list if self.conflicts else self.close_button).setFocus()
