"""Tidying the roster screen's team list: delete a person (Del, confirmed, with Undo),
merge one person into another, undo an import, archive or delete the team.

Each action goes through ``ui.ops.run_op`` to a ``facilitator.roster`` action; what it did
is said in one line in the notice under the list, with Undo when it can be taken back.

Signals:
    roster_did_change(str): people or teams changed here; the team to show now ("" for the
        first one), so that the screen reloads.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMenu,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from facilitator import roster
from facilitator.model import Participant, Team
from facilitator.store.database import Database
from ui import ops
from ui.collation import sort_by_name


def confirm(parent: QWidget, title: str, text: str, detail: str, yes: str) -> bool:
    """Ask before a change; the button that goes ahead says what it does, Cancel is the
    default so that Enter never deletes by accident."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=parent)
    box.setInformativeText(detail)
    go = box.addButton(yes, QMessageBox.ButtonRole.DestructiveRole)
    cancel = box.addButton("Cancel", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(cancel)
    box.exec()
    return box.clickedButton() is go


class KeeperPicker(QDialog):
    """Whom to merge a person into: the likely duplicate is proposed (selected); when nobody
    is alike, nobody is, and Merge waits until the user chooses."""

    def __init__(self, name: str, labels: list[str], proposed: int, parent: QWidget) -> None:
        super().__init__(parent)
        self.setWindowTitle("Merge into…")
        label = QLabel(f"Merge {name} into:")
        self.people = QListWidget()
        self.people.setAccessibleName("Person to keep")
        label.setBuddy(self.people)
        self.people.addItems(labels)
        if proposed >= 0:
            self.people.setCurrentRow(proposed)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText("Merge…")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.people.itemSelectionChanged.connect(self._on_people_item_selection_changed)
        self.people.itemActivated.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.people)
        layout.addWidget(self.buttons)
        self._on_people_item_selection_changed()

    def chosen(self) -> int:
        """The row chosen; -1 when none is."""
        rows = [index.row() for index in self.people.selectedIndexes()]
        return rows[0] if rows else -1

    def _on_people_item_selection_changed(self) -> None:
        self.ok.setEnabled(self.chosen() >= 0)


class RosterTidy(QWidget):
    """The people tab's Delete, Merge into… and Undo import… buttons with the notice line,
    and the team's Archive / Delete actions (``team_menu``, for the team row)."""

    roster_did_change = Signal(str)

    def __init__(
        self,
        database: Database,
        team: Callable[[], Team | None],
        person: Callable[[], Participant | None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.database = database
        self._team, self._person = team, person
        # The screen acts: its own reload follows ``roster_did_change``, not the broadcast.
        self.owner: QWidget = parent or self
        self._undo: Callable[[], None] | None = None

        self.delete_button = QPushButton("De&lete…")
        self.delete_button.setAccessibleName("Delete person")
        self.delete_button.setToolTip(
            "Delete the selected person (Del); only someone with no history can be deleted."
        )
        self.delete_button.clicked.connect(self.delete_person)
        self.merge_button = QPushButton("&Merge into…")
        self.merge_button.setAccessibleName("Merge person into another")
        self.merge_button.setToolTip(
            "The same person recorded twice: move everything of the selected person onto "
            "another and remove the duplicate."
        )
        self.merge_button.clicked.connect(self.merge_person)
        self.imports_button = QPushButton("Undo import…")
        self.imports_button.setAccessibleName("Undo an import")
        self.imports_button.setToolTip("Take back one of this team's recent imports.")
        self.imports_menu = QMenu(self)
        self.imports_menu.aboutToShow.connect(self._on_imports_menu_about_to_show)
        self.imports_button.setMenu(self.imports_menu)

        self.notice = QLabel()
        self.notice.setProperty("role", "hint")
        self.notice.setWordWrap(True)
        self.notice.setAccessibleName("What was just done")
        self.undo_button = QPushButton("&Undo")
        self.undo_button.setAccessibleName("Undo")
        self.undo_button.clicked.connect(self.undo)
        self.notice_row = QWidget()
        row = QHBoxLayout(self.notice_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.notice, 1)
        row.addWidget(self.undo_button)
        self.notice_row.hide()

        buttons = QHBoxLayout(self)
        buttons.setContentsMargins(0, 0, 0, 0)
        for button in (self.delete_button, self.merge_button, self.imports_button):
            buttons.addWidget(button)

        self.delete_action = QAction("Delete person", self)
        self.delete_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        self.delete_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.delete_action.triggered.connect(self.delete_person)

        self.archive_action = QAction("&Archive this team", self)
        self.archive_action.triggered.connect(self.toggle_archived)
        self.delete_team_action = QAction("&Delete this team…", self)
        self.delete_team_action.triggered.connect(self.delete_team)
        self.team_menu = QMenu(self)
        self.team_menu.addAction(self.archive_action)
        self.team_menu.addAction(self.delete_team_action)
        self.team_menu.aboutToShow.connect(self.update_actions)

    # ------------------------------------------------------------ state
    def update_actions(self) -> None:
        """Enable what applies to the team and person now selected."""
        team, person = self._team(), self._person()
        for button in (self.delete_button, self.merge_button):
            button.setEnabled(person is not None)
        self.delete_action.setEnabled(person is not None)
        self.imports_button.setEnabled(team is not None)
        archived = team is not None and roster.is_archived(self.database, team.id)
        self.archive_action.setText(
            "Bring back from the &archive" if archived else "&Archive this team"
        )
        self.archive_action.setEnabled(team is not None)
        demo_only = team is not None and roster.can_delete_team(self.database, team.id)
        self.delete_team_action.setEnabled(demo_only)
        self.delete_team_action.setToolTip(
            "" if demo_only else "Only a team with no sessions (or only the demo's) can go."
        )

    def say(self, text: str, undo: Callable[[], None] | None = None) -> None:
        """Show what was done, with Undo when ``undo`` can take it back."""
        self.notice.setText(text)
        self._undo = undo
        self.undo_button.setVisible(undo is not None)
        self.notice_row.show()

    def clear_notice(self) -> None:
        """Forget what was said (another team is shown): the notice and its Undo go."""
        self._undo = None
        self.notice.clear()
        self.notice_row.hide()

    def undo(self) -> None:
        action, self._undo = self._undo, None
        self.notice_row.hide()
        if action is not None:
            action()

    # ------------------------------------------------------------ people
    def delete_person(self) -> None:
        team, person = self._team(), self._person()
        if team is None or person is None:
            return
        refusal = roster.why_not_deletable(self.database, person.id)
        if refusal:
            self._offer_merge_or_deactivate(person, refusal)
            return
        if not confirm(
            self,
            "Delete person",
            f"Delete {person.name} from {team.name}?",
            "Their opt-outs and places in planned sessions go too. You can undo this.",
            "Delete",
        ):
            return
        done = ops.run_op(
            self.owner,
            f"Could not delete {person.name}",
            lambda: roster.delete_participant(self.database, person.id),
        )
        if done is None:
            return
        deleted = done.value

        def restore() -> None:
            back = ops.run_op(
                self.owner,
                f"Could not bring back {person.name}",
                lambda: roster.restore_participant(self.database, deleted),
            )
            if back is not None:
                self.say(f"{person.name} is back.")
                self.roster_did_change.emit(team.id)

        self.say(f"{person.name} deleted.", restore)
        self.roster_did_change.emit(team.id)

    def _offer_merge_or_deactivate(self, person: Participant, refusal: str) -> None:
        """A person with history cannot be deleted: the refusal offers its two ways out as
        buttons, Cancel the default."""
        box = QMessageBox(
            QMessageBox.Icon.Information, f"Could not delete {person.name}", refusal, parent=self
        )
        merge = box.addButton("&Merge into…", QMessageBox.ButtonRole.ActionRole)
        deactivate = box.addButton("&Deactivate", QMessageBox.ButtonRole.ActionRole)
        cancel = box.addButton("Cancel", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(cancel)
        box.setEscapeButton(cancel)
        deactivate.setEnabled(person.active)
        box.exec()
        if box.clickedButton() is merge:
            self.merge_person()
        elif box.clickedButton() is deactivate:
            self.deactivate(person)

    def deactivate(self, person: Participant) -> None:
        """Take a person off the attendance lists; their history stays."""
        changes = ops.run_op(
            self.owner,
            f"Could not deactivate {person.name}",
            lambda: roster.set_participant_active(self.database, person.id, False),
        )
        if changes is not None:
            self.say(
                f"{person.name} deactivated: off the attendance lists, their history kept.",
                lambda: self._reactivate(person),
            )
            self.roster_did_change.emit(person.team_id)

    def _reactivate(self, person: Participant) -> None:
        """Undo of a deactivation."""
        changes = ops.run_op(
            self.owner,
            f"Could not reactivate {person.name}",
            lambda: roster.set_participant_active(self.database, person.id, True),
        )
        if changes is not None:
            self.say(f"{person.name} is active again.")
            self.roster_did_change.emit(person.team_id)

    def merge_person(self) -> None:
        team, person = self._team(), self._person()
        if team is None or person is None:
            return
        others = sort_by_name(
            (
                p
                for p in roster.list_participants(self.database, team.id, include_inactive=True)
                if p.id != person.id
            ),
            lambda p: p.name,
        )
        if not others:
            self.say(f"There is nobody else in {team.name} to merge {person.name} into.")
            return
        labels = [p.name + ("" if p.active else " (deactivated)") for p in others]
        likely = roster.likely_same_person(person, others)
        picker = KeeperPicker(person.name, labels, others.index(likely) if likely else -1, self)
        if picker.exec() != QDialog.DialogCode.Accepted or picker.chosen() < 0:
            return
        keep = others[picker.chosen()]
        if not confirm(
            self,
            "Merge people",
            f"Merge {person.name} into {keep.name}?",
            f"Everything that names {person.name} (attendance, roles, turns, captures, votes) "
            f"will name {keep.name}, and {person.name} leaves the list. This cannot be undone; "
            f"{_BACKUP_FIRST}",
            "Merge",
        ):
            return
        done = ops.run_op(
            self.owner,
            f"Could not merge {person.name}",
            lambda: roster.merge_participants(self.database, keep.id, person.id),
        )
        if done is not None:
            self.say(f"{person.name} merged into {keep.name}; their history is kept.")
            self.roster_did_change.emit(team.id)

    # ------------------------------------------------------------ imports
    def _on_imports_menu_about_to_show(self) -> None:
        self.imports_menu.clear()
        team = self._team()
        batches = [
            b
            for b in (roster.list_imports(self.database, team.id) if team else [])
            if not b.undone_at and b.people  # nobody left of it: nothing to undo
        ][:10]
        if not batches:
            nothing = self.imports_menu.addAction("No import to undo")
            nothing.setEnabled(False)
        for batch in batches:
            count = len(batch.people)
            text = (
                f"From {batch.source or 'a file'} · {_local(batch.imported_at)} · "
                f"{count} {'person' if count == 1 else 'people'}"
            )
            action = self.imports_menu.addAction(text)
            action.triggered.connect(lambda _on=False, i=batch.id: self.undo_import(i))

    def offer_undo_import(self, count: int) -> None:
        """Right after an import: say so, with Undo taking the import back."""
        team = self._team()
        batches = roster.list_imports(self.database, team.id) if team else []
        text = f"{count} {'person' if count == 1 else 'people'} imported."
        if batches and not batches[0].undone_at:
            latest = batches[0].id
            self.say(text, lambda: self.undo_import(latest))
        else:
            self.say(text)

    def undo_import(self, import_id: str) -> None:
        team = self._team()
        done = ops.run_op(
            self.owner,
            "Could not undo the import",
            lambda: roster.undo_import(self.database, import_id),
        )
        if done is not None:
            self.say(done.value.message())
            self.roster_did_change.emit(team.id if team else "")

    # ------------------------------------------------------------ the team
    def toggle_archived(self) -> None:
        team = self._team()
        if team is None:
            return
        if roster.is_archived(self.database, team.id):
            changes = ops.run_op(
                self.owner,
                "Could not bring the team back",
                lambda: roster.unarchive_team(self.database, team.id),
            )
            text = f"{team.name} is back in the lists."
        else:
            changes = ops.run_op(
                self.owner,
                "Could not archive the team",
                lambda: roster.archive_team(self.database, team.id),
            )
            text = (
                f"{team.name} archived: hidden from the workshop list and pickers, kept in "
                "reports and its ledger."
            )
        if changes is not None:
            self.say(text)
            self.roster_did_change.emit(team.id)

    def delete_team(self) -> None:
        team = self._team()
        if team is None:
            return
        demo = roster.demo_session_count(self.database, team.id)
        sessions = f" and the demo's {demo} session{'s' if demo != 1 else ''}" if demo else ""
        detail = (
            f"Its people, roles, templates{sessions} go with it. This cannot be undone; "
            f"{_BACKUP_FIRST}"
        )
        if not confirm(self, "Delete team", f"Delete the team {team.name}?", detail, "Delete"):
            return
        changes = ops.run_op(
            self.owner,
            f"Could not delete {team.name}",
            lambda: roster.delete_team(self.database, team.id),
        )
        if changes is not None:
            self.say(f"{team.name} deleted.")
            self.roster_did_change.emit("")


# What the confirm of a step that cannot be undone says about the core's backup first.
_BACKUP_FIRST = "a backup is taken first, which File → Backups… can bring back."


def _local(stamp: str) -> str:
    """A stored UTC time as this computer's date and time ("2 Dec 09:41")."""
    moment = datetime.fromisoformat(stamp).astimezone()
    return f"{moment.day} {moment:%b %H:%M}"
