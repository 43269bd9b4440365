"""What a team folder's sync did not keep: items changed on two laptops between syncs.

The later change is kept on every laptop; the other version is listed here, beside the
one kept, so the facilitator can copy anything back (the item is edited as usual), then
dismiss it (``team_folder.dismiss_conflict``). Nothing leaves the list by itself.

Each item says which session it belongs to (its title and day), or what of the team it is
(its roster and roles, an agenda template, its rotation rules), and each version which
laptop it came from and when it was changed there, to the second, on this computer's clock.
Each version's fields read in plain words (``conflict_text``): for other items those that
differ; for a template or the rules every field, what differs in bold and named above.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import (
    QFont,
    QGuiApplication,
    QKeySequence,
    QShortcut,
    QTextCharFormat,
    QTextCursor,
)
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

from facilitator import conflict_text, planning, roster, session_time, team_folder
from facilitator.clock import Clock, SystemClock
from facilitator.conflict_text import Field
from facilitator.errors import FacilitatorError
from facilitator.phrases import and_list
from facilitator.store.database import Database
from facilitator.team_folder import Conflict
from ui import ops

INTRO = (
    "The same item was changed on two laptops between syncs. The later change is kept on "
    "every laptop; the other version is here, so you can copy anything back. Dismiss it "
    "once you have looked."
)
NONE_LEFT = "Nothing to look at: every change made on two laptops has been seen."
# The team's plans: every field of both versions is shown, what differs in bold.
_WHOLE = frozenset({"rotation_rules", "agenda_templates"})
_INDENT = "    "


def moment_text(moment: datetime, today: datetime) -> str:
    """``Tue 1 Dec, 14:03:12``: when a version was changed, to the second, on this
    computer's clock; the year is added when it is not this year's."""
    here, now = moment.astimezone(), today.astimezone()
    day = f"{here.strftime('%a')} {here.day} {here.strftime('%b')}"
    if here.year != now.year:
        day += f" {here.year}"
    return f"{day}, {here.strftime('%H:%M:%S')}"


def where_text(database: Database, conflict: Conflict) -> str:
    """Which meeting the item belongs to: ``Session “Retro” of 2026-12-01``; an item of the
    team says what of it (``Team roster and roles of Ops``, ``Plans of Ops`` for a template
    or the rotation rules)."""
    if conflict.session_id is None:
        try:
            team = roster.get_team(database, conflict.team_id).name
        except FacilitatorError:
            team = ""
        return conflict_text.place_text(conflict.table, team)
    try:
        session = planning.get_session(database, conflict.session_id)
    except FacilitatorError:
        return "A session no longer on this laptop"
    day = session_time.session_day_text(session)
    return f"Session “{session.title}” of {day}" if day else f"Session “{session.title}”"


@dataclass(frozen=True)
class Versions:
    """The two versions of an item as shown: the fields of each, which of them differ."""

    table: str
    kept: list[Field] | None  # None: deleted
    other: list[Field] | None
    differ: list[str]  # the keys of the fields that differ

    @property
    def shown(self) -> list[str]:
        """The fields shown: every one for the team's plans; for other items those that
        differ, else every one."""
        keys = list(dict.fromkeys(f.key for f in (self.other or []) + (self.kept or [])))
        if self.table in _WHOLE or not self.differ:
            return keys
        return [k for k in keys if k in self.differ]

    def labels(self) -> list[str]:
        """The labels of the fields that differ, as the line under the summary says them."""
        by_key = {f.key: f.label for f in (self.other or []) + (self.kept or [])}
        return [by_key[k].split(" (")[0] for k in self.differ if k in by_key]


def versions(conflict: Conflict) -> Versions:
    def of(row: dict[str, Any] | None) -> list[Field] | None:
        return None if row is None else conflict_text.fields(conflict.table, row)

    kept, other = of(conflict.kept), of(conflict.other)
    differ: list[str] = []
    if kept is not None and other is not None:
        a, b = {f.key: f for f in kept}, {f.key: f for f in other}
        for key in dict.fromkeys([*b, *a]):
            x, y = a.get(key), b.get(key)
            if x is None or y is None or (x.label, x.entries) != (y.label, y.entries):
                differ.append(key)
    return Versions(conflict.table, kept, other, differ)


def version_lines(seen: Versions, which: str) -> list[tuple[str, bool]]:
    """One version as lines, each with whether it stands out (in bold): ``Text: Call the
    supplier``; a template's steps one a line under ``Steps (3 steps, 25 min):``, each that
    the other version does not have in bold. A deletion says so."""
    mine, theirs = (seen.kept, seen.other) if which == "kept" else (seen.other, seen.kept)
    if mine is None:
        return [("Deleted.", False)]
    others = {f.key: f for f in theirs or []}
    # Mark what differs only where some of what is shown does not (the team's plans).
    mark = theirs is not None and seen.table in _WHOLE
    out: list[tuple[str, bool]] = []
    for field in (f for f in mine if f.key in seen.shown):
        differs = mark and field.key in seen.differ
        if not field.listed:
            out.append((f"{field.label}: {field.value}", differs))
            continue
        other = others.get(field.key)
        out.append((f"{field.label}:", differs and (other is None or other.label != field.label)))
        for entry in field.entries:
            new = differs and (other is None or entry not in other.entries)
            first, *rest = entry.split("\n")
            out.append((_INDENT + first, new))
            out.extend((_INDENT * 2 + line, new) for line in rest)
    return out


def version_text(seen: Versions, which: str) -> str:
    return "\n".join(line for line, _ in version_lines(seen, which))


def copy_text(seen: Versions) -> str:
    """What "Copy the other version" puts on the clipboard: the value alone when one field
    the user typed is shown (an action's text), else every line."""
    if seen.other is None:
        return ""
    shown = [f for f in seen.other if f.key in seen.shown]
    if len(shown) == 1 and shown[0].typed and not shown[0].listed:
        row_value = shown[0].value
        return "" if row_value == conflict_text.EMPTY else row_value
    return version_text(seen, "other")


def differ_text(seen: Versions) -> str:
    """``They differ in: Name and Steps (in bold).``; nothing when one is a deletion."""
    names = seen.labels()
    if not names or seen.kept is None or seen.other is None:
        return ""
    return f"They differ in: {and_list(names)}" + (" (in bold)." if seen.table in _WHOLE else ".")


def _fill(box: QPlainTextEdit, lines: list[tuple[str, bool]]) -> None:
    """The lines as typed (never read as markup), those that stand out in bold."""
    box.clear()
    cursor = QTextCursor(box.document())
    plain, bold = QTextCharFormat(), QTextCharFormat()
    bold.setFontWeight(QFont.Weight.Bold)
    for i, (line, stands_out) in enumerate(lines):
        if i:
            cursor.insertBlock()
        cursor.insertText(line, bold if stands_out else plain)
    box.moveCursor(QTextCursor.MoveOperation.Start)


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
        self.differ = QLabel()
        self.differ.setTextFormat(Qt.TextFormat.PlainText)
        self.differ.setWordWrap(True)
        self.differ.setAccessibleName("What differs")
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
        self.dismiss_button.setToolTip(
            "You have looked at it: it is no longer listed (Ctrl+Z brings it back)"
        )
        self.dismiss_button.clicked.connect(self.dismiss)
        self.dismiss_button.setEnabled(not database.read_only)
        self.dismissed: list[tuple[str, int]] = []  # this window's dismissals, for Ctrl+Z
        undo = QShortcut(QKeySequence.StandardKey.Undo, self, self.undo_dismiss)
        undo.setContext(Qt.ShortcutContext.WindowShortcut)
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
        detail.addWidget(self.differ)
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
            self.differ.hide()
            for label, box in ((self.kept_label, self.kept), (self.other_label, self.other)):
                label.setText("")
                box.clear()
            return
        self.where.setText(where_text(self.database, conflict))
        self.where.show()
        self.summary.setText(conflict.describe())
        seen = versions(conflict)
        said = differ_text(seen)
        self.differ.setText(said)
        self.differ.setVisible(bool(said))
        self.kept_label.setText(
            f"&Kept: {self._from(conflict.kept_from, conflict.kept_changed_at)}"
        )
        self.other_label.setText(
            f"The other &version: {self._from(conflict.other_from, conflict.other_changed_at)}"
        )
        _fill(self.kept, version_lines(seen, "kept"))
        _fill(self.other, version_lines(seen, "other"))

    def _on_list_current_row_changed(self, row: int) -> None:
        self.note.clear()
        self._show(row)

    # ------------------------------------------------------------ actions
    def copy_other(self) -> None:
        conflict = self.current()
        if conflict is None or conflict.other is None:
            return
        text = copy_text(versions(conflict))
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
            self.dismissed.append((conflict.id, row))
            self.note.setText("Dismissed. Ctrl+Z brings it back.")
        (self.list if self.conflicts else self.close_button).setFocus()

    def undo_dismiss(self) -> None:
        """Bring back the last conflict dismissed in this window (Ctrl+Z)."""
        if not self.dismissed:
            self.note.setText("Nothing to bring back.")
            return
        conflict_id, row = self.dismissed.pop()
        done = ops.run_op(
            self,
            "Could not bring it back",
            lambda: team_folder.undismiss_conflict(self.database, conflict_id),
        )
        self.reload(row)
        if done is not None:
            self.note.setText("Back in the list.")
            self.list.setFocus()
