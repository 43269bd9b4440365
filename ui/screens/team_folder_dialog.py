"""File → Team folder…: share a team between laptops through a folder.

Link the chosen team to a folder (OneDrive, Google Drive, Dropbox, Nextcloud, Syncthing, a
USB stick), join a team another laptop put in a folder, unlink, sync now; rename this
laptop as the others see it. It shows the folder, when this laptop last synced with it,
what the last sync did, and the items changed on two laptops (``SyncConflictsDialog``).

Every change is one core action (``facilitator.team_folder``) through ``ops.run_op``, its
refusal said in one line under the buttons; the sync itself is the window's ``SyncFlow``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from facilitator import roster, team_folder
from facilitator.errors import FacilitatorError
from facilitator.store.database import Database
from facilitator.team_folder_files import is_folder
from ui import file_dialogs, ops
from ui.sync_flow import MISSING, SYNCED, SyncFlow, clock_text, missing_line

PURPOSE = "team_folder"  # the folder dialogs start where the last one was chosen
INTRO = (
    "A folder your team already shares (OneDrive, Google Drive, Dropbox, Nextcloud, "
    "Syncthing, or a USB stick) carries the team to the other facilitators' laptops: its "
    "roster, roles and every session. Each laptop writes only its own files there."
)
NOT_LINKED = "Not shared: this team's sessions stay on this laptop."
REPORT_LINES = 12  # what the last sync did grows to this many lines, then it scrolls


def _plain_label(text: str = "", name: str = "") -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    if name:
        label.setAccessibleName(name)
    return label


class _Report(QScrollArea):
    """What the last sync did (``label``): as tall as its lines, up to ``REPORT_LINES`` of
    them, then it scrolls (and takes the focus, for the arrow keys).

    Signals:
        height_did_change(): it was fitted to another height (its window may grow).
    """

    height_did_change = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.label = _plain_label(name="What the last sync did")
        self.label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.setWidget(self.label)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setAccessibleName("What the last sync did")
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._fitted_width = -1

    def fit(self) -> None:
        """The height its text needs at its width now, within the cap."""
        self._fitted_width = self.width()
        width = self.width() - 2 * self.frameWidth()
        need = self.label.heightForWidth(max(width, 1))
        cap = REPORT_LINES * self.label.fontMetrics().lineSpacing()
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus if need > cap else Qt.FocusPolicy.NoFocus)
        height = min(need, cap) + 2 * self.frameWidth()
        if height != self.height():
            self.setFixedHeight(height)
            self.height_did_change.emit()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        if self.width() != self._fitted_width:  # narrower or wider: its lines wrap anew
            self.fit()


class TeamFolderDialog(QDialog):
    """Link, join, unlink and sync a team folder; ``ask_folder`` chooses a folder (a test
    passes its own). ``join_first``: ready to join, the folder picker open once shown (the
    home screen's way in for a new laptop)."""

    def __init__(
        self,
        database: Database,
        flow: SyncFlow,
        team_id: str | None = None,
        *,
        ask_folder: Callable[[str], str] | None = None,
        join_first: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Team folder")
        self.database, self.flow = database, flow
        self.ask_folder = ask_folder or self._ask_folder
        writable = not database.read_only

        intro = _plain_label(INTRO)
        self.laptop = QLineEdit(team_folder.laptop_name(database))
        self.laptop.setAccessibleName("This laptop's name")
        self.laptop.setToolTip("How the other laptops name this one in what a sync reports")
        self.laptop.setMaxLength(80)
        self.rename_button = QPushButton("&Rename")
        self.rename_button.setAccessibleName("Rename this laptop")
        self.rename_button.clicked.connect(self.rename_laptop)
        self.laptop.returnPressed.connect(self.rename_laptop)
        laptop_row = QHBoxLayout()
        laptop_row.addWidget(self.laptop, 1)
        laptop_row.addWidget(self.rename_button)
        self.laptop_note = _plain_label(name="Laptop name saved")
        self.laptop_note.hide()
        self.laptop.textEdited.connect(self._on_laptop_text_edited)
        laptop_box = QVBoxLayout()
        laptop_box.setContentsMargins(0, 0, 0, 0)
        laptop_box.addLayout(laptop_row)
        laptop_box.addWidget(self.laptop_note)

        self.team = QComboBox()
        self.team.setAccessibleName("Team")
        self.folder = _plain_label(name="Folder")
        self.folder.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.last = _plain_label(name="Last sync")
        self.report = _Report()
        # Fitted again once the window has its width (shown, or resized): the window grows
        # to show it, after the layout has taken the new height in.
        self.report.height_did_change.connect(lambda: QTimer.singleShot(0, self, self._grow))
        self.status = self.report.label
        form = QFormLayout()
        form.addRow("This &laptop:", laptop_box)
        laptop_label = form.labelForField(laptop_box)
        if isinstance(laptop_label, QLabel):
            laptop_label.setBuddy(self.laptop)
        form.addRow("&Team:", self.team)
        form.addRow("Folder:", self.folder)
        form.addRow("Last sync:", self.last)
        form.addRow("", self.report)

        self.link_button = QPushButton("Lin&k to a folder…")
        self.link_button.setAccessibleName("Link the team to a folder")
        self.link_button.setToolTip("Share this team through a folder (it must exist)")
        self.sync_button = QPushButton("&Sync now")
        self.sync_button.setAccessibleName("Sync now")
        self.conflicts_button = QPushButton("Changed on t&wo laptops…")
        self.conflicts_button.setAccessibleName("Changed on two laptops")
        self.unlink_button = QPushButton("&Unlink")
        self.unlink_button.setAccessibleName("Unlink the team from the folder")
        self.unlink_button.setToolTip(
            "Stop sharing this team; the folder and its files are left as they are"
        )
        self.join_button = QPushButton("&Join a team from a folder…")
        self.join_button.setAccessibleName("Join a team from a folder")
        self.join_button.setToolTip("Take onto this laptop the team another laptop shares")
        self.link_button.clicked.connect(self.link)
        self.sync_button.clicked.connect(self.sync_now)
        self.conflicts_button.clicked.connect(self.show_conflicts)
        self.unlink_button.clicked.connect(self.unlink)
        self.join_button.clicked.connect(self.join)
        for button in (
            self.rename_button,
            self.link_button,
            self.sync_button,
            self.unlink_button,
            self.join_button,
        ):
            button.setEnabled(writable)
        team_row = QHBoxLayout()
        for button in (
            self.link_button,
            self.sync_button,
            self.conflicts_button,
            self.unlink_button,
        ):
            team_row.addWidget(button)
        team_row.addStretch(1)

        self.message = _plain_label(name="Message")
        self.message.setProperty("role", "error")
        self.message.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setAccessibleName("Close")
        bottom = QHBoxLayout()
        bottom.addWidget(self.join_button)
        bottom.addStretch(1)
        bottom.addWidget(buttons)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addLayout(team_row)
        layout.addWidget(self.message)
        layout.addStretch(1)
        layout.addLayout(bottom)
        self.setMinimumWidth(640)

        self._fill_teams(team_id)
        self.team.currentIndexChanged.connect(self._on_team_current_index_changed)
        # Its own actions refresh it; a sync says so (the window is modal: nothing else
        # changes the teams meanwhile).
        flow.status_did_change.connect(self._on_flow_status_did_change)
        self.refresh()
        self.team.setFocus()
        self._join_first = join_first and writable
        if self._join_first:
            self.join_button.setFocus()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        if self._join_first:
            self._join_first = False
            QTimer.singleShot(0, self, self.join)  # over the window, once it is painted

    # ------------------------------------------------------------ what is shown
    def team_id(self) -> str | None:
        data = self.team.currentData()
        return str(data) if data else None

    def _fill_teams(self, chosen: str | None) -> None:
        chosen = chosen or self.team_id()
        self.team.blockSignals(True)
        self.team.clear()
        for team in roster.list_teams(self.database):
            linked = team_folder.folder_for(self.database, team.id) is not None
            self.team.addItem(f"{team.name} (shared)" if linked else team.name, team.id)
        index = self.team.findData(chosen) if chosen else -1
        self.team.setCurrentIndex(max(index, 0) if self.team.count() else -1)
        self.team.blockSignals(False)

    def refresh(self) -> None:
        """The chosen team's folder, last sync, what the last sync did, and which buttons
        mean something for it."""
        team_id = self.team_id()
        folder = team_folder.folder_for(self.database, team_id) if team_id else None
        writable = not self.database.read_only
        self.team.setEnabled(team_id is not None)
        if team_id is None:
            self.folder.setText("No team yet: make one (Team & roles…) or join one from a folder.")
        else:
            self.folder.setText(str(folder) if folder is not None else NOT_LINKED)
        self.last.setText(self._last_text(team_id) if folder is not None else "—")
        self._show_report(self._status_text(team_id))
        linked = folder is not None
        moved = folder is not None and not is_folder(folder)  # unplugged, or moved elsewhere
        self.link_button.setText("Lin&k to its new place…" if moved else "Lin&k to a folder…")
        self.link_button.setAccessibleName(
            "Link the team to the folder's new place" if moved else "Link the team to a folder"
        )
        self.link_button.setVisible(not linked or moved)
        self.link_button.setEnabled(writable and team_id is not None)
        self.sync_button.setVisible(linked)
        self.unlink_button.setVisible(linked)
        count = len(team_folder.list_conflicts(self.database, team_id)) if team_id else 0
        self.conflicts_button.setText(f"Changed on t&wo laptops ({count})…")
        self.conflicts_button.setVisible(linked or count > 0)
        self.conflicts_button.setEnabled(count > 0)

    def _show_report(self, text: str) -> None:
        """What the last sync did, every line of it: the window grows to show a longer
        report than it was opened with (never past the screen; the report scrolls first)."""
        self.status.setText(text)
        self.report.setVisible(bool(text))
        if not text:
            return
        self.report.fit()
        self._grow()

    def _grow(self) -> None:
        """As tall as what it shows needs (a longer report, a line under the laptop's
        name), never past the screen."""
        layout = self.layout()
        if layout is None:
            return
        layout.activate()
        need = (
            self.heightForWidth(self.width())
            if layout.hasHeightForWidth()
            else layout.totalSizeHint().height()
        )
        room = self.screen().availableGeometry().height() - (
            self.frameGeometry().height() - self.height()
        )
        if self.height() < need:
            self.resize(self.width(), min(need, room))

    def _last_text(self, team_id: str | None) -> str:
        stamp = team_folder.last_sync(self.database, team_id) if team_id else None
        if not stamp:
            return "Not yet"
        try:
            return clock_text(datetime.fromisoformat(stamp), self.flow.clock.now())
        except ValueError:
            return stamp

    def _status_text(self, team_id: str | None) -> str:
        status = self.flow.statuses.get(team_id or "")
        if status is None:
            return ""
        if status.result is not None and status.state == SYNCED:
            return "\n".join(status.result.lines())
        if status.state == MISSING:  # this window is where its new place is linked
            name = next((t.name for t in roster.list_teams(self.database) if t.id == team_id), "")
            return missing_line(name, "with the button below")
        return status.line

    def _on_team_current_index_changed(self, _index: int) -> None:
        self.message.hide()
        self.refresh()

    def _on_flow_status_did_change(self) -> None:
        try:
            self._fill_teams(None)  # a take-in may have renamed the team
            self.refresh()
        except FacilitatorError as exc:  # a read for the window: said in its line
            self.message.setText(str(exc))
            self.message.show()

    # ------------------------------------------------------------ actions
    def _ask_folder(self, caption: str) -> str:
        start = file_dialogs.start_folder(PURPOSE, self.database.path)
        chosen = file_dialogs.get_existing_folder(self, caption, str(start))
        if chosen:  # the next one starts beside it, not inside one team's folder
            file_dialogs.remember_folder(PURPOSE, Path(chosen).parent)
        return chosen

    def rename_laptop(self) -> None:
        """Store the name typed; once stored, say so under it (a refusal is the line under
        the buttons, and what was typed stays)."""
        name = self.laptop.text()
        self.laptop_note.hide()
        if ops.run_op(
            self,
            "Could not rename this laptop",
            lambda: team_folder.set_laptop_name(self.database, name),
            inline=self.message,
        ):
            stored = team_folder.laptop_name(self.database)
            self.laptop.setText(stored)
            self.message.hide()
            self.laptop_note.setText(f"Saved: this laptop is now called {stored}.")
            self.laptop_note.show()
            self._grow()

    def _on_laptop_text_edited(self, _text: str) -> None:
        self.laptop_note.hide()  # what it says now is not saved yet

    def link(self) -> None:
        if self.team_id() is None:
            return
        chosen = self.ask_folder(f"The folder to share {self.team.currentText()} through")
        if chosen:
            self.link_to(chosen)

    def link_to(self, folder: str | Path) -> bool:
        """Link the chosen team to ``folder`` and sync it; False when refused (said)."""
        team_id = self.team_id()
        if team_id is None:
            return False
        done = ops.run_op(
            self,
            "Could not link the folder",
            lambda: team_folder.link_folder(self.database, team_id, folder),
            inline=self.message,
        )
        if done is None:
            return False
        self.message.hide()
        self._fill_teams(team_id)
        self.flow.sync_team(team_id)
        self.refresh()
        self._offer_name()
        return True

    def join(self) -> None:
        chosen = self.ask_folder("The team folder to join")
        if chosen:
            self.join_from(chosen)

    def join_from(self, folder: str | Path) -> bool:
        """Take the team ``folder`` carries onto this laptop, link it and sync it."""
        done = ops.run_op(
            self,
            "Could not join the team",
            lambda: team_folder.join_folder(self.database, folder),
            inline=self.message,
        )
        if done is None:
            return False
        self.message.hide()
        self._fill_teams(done.value)
        self.flow.sync_team(done.value)
        self.refresh()
        self._offer_name()
        return True

    def _offer_name(self) -> None:
        """Once a team is shared from here, the other laptops will name this one in what
        their syncs report: say how, and put the cursor in the name to change it."""
        name = team_folder.laptop_name(self.database)
        self.laptop.setText(name)  # it may have become "name (2)" beside a laptop alike
        self.laptop_note.setText(
            f"Other laptops see this one as “{name}”: type a name they will know "
            "(Ann's laptop) and press Enter."
        )
        self.laptop_note.show()
        self.laptop.setFocus()
        self.laptop.selectAll()
        self._grow()

    def unlink(self) -> None:
        team_id = self.team_id()
        if team_id is None:
            return
        done = ops.run_op(
            self,
            "Could not unlink the folder",
            lambda: team_folder.unlink_folder(self.database, team_id),
            inline=self.message,
        )
        if done is not None:
            self.message.hide()
            self.flow.statuses.pop(team_id, None)
            self._fill_teams(team_id)
            self.refresh()
            self.link_button.setFocus()

    def sync_now(self) -> None:
        team_id = self.team_id()
        if team_id is not None:
            self.flow.sync_team(team_id)
            self.refresh()

    def show_conflicts(self) -> None:
        from ui.screens.sync_conflicts import SyncConflictsDialog

        team_id = self.team_id()
        if team_id is None:
            return
        SyncConflictsDialog(self.database, team_id, clock=self.flow.clock, parent=self).exec()
        self.refresh()
        self.conflicts_button.setFocus()
