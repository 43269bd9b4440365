"""The planner's agenda: formats with their steps as a tree, edited in place (titles, modes,
times, prompts), reordered by keyboard or drag, removed, and undone with Ctrl+Z. Every edit
is a planning action, stored as it is made; the running total, end time and any overrun
show under the tree. A cell is edited only on purpose (F2, Enter or a double click): letters
typed at the agenda go to the format search instead of renaming a step."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from facilitator import agenda, durations, own_formats, planning
from facilitator.changes import Done
from facilitator.errors import FacilitatorError
from facilitator.model import Phase, PhaseMode, Session
from facilitator.planning import PhaseField
from facilitator.store.database import Database
from ui import ops
from ui.editing import CommitTextEdit, ErrorLabel, reopen_editor
from ui.models.agenda_model import AgendaModel
from ui.screens.planner.agenda_cells import AgendaColumns

UNDO_DEPTH = 50
FAILED = "Could not change the agenda"


class AgendaEditor(QWidget):
    """The agenda of the session being planned, with its undo history.

    Signals:
        agenda_did_change(object): the agenda now shown (``list[Phase]``).
        search_requested(str): letters were typed at the agenda (they start a format search).
        save_as_format_requested(): keep the selected format, or the agenda, as your own.
    """

    agenda_did_change = Signal(object)
    search_requested = Signal(str)
    save_as_format_requested = Signal()

    def __init__(self, database: Database, owner: QWidget, parent: QWidget | None = None) -> None:
        """``owner`` is the screen whose actions these edits are (it already shows them)."""
        super().__init__(parent)
        self.database, self.owner = database, owner
        self.session: Session | None = None
        self.phases: list[Phase] = []
        self.present = 0
        # What each undo brings back: the agenda before a change, or an action of its own
        # (taking back a format saved from the agenda).
        self._undo: list[tuple[str, list[Phase] | Callable[[], Done[None]]]] = []

        self.model = AgendaModel(self)
        self.model.on_edit = self._edit_phase
        self.model.edit_did_fail.connect(self._on_model_edit_did_fail)
        self.model.move_block_requested.connect(self._on_model_move_block_requested)
        self.model.move_step_requested.connect(self._on_model_move_step_requested)
        self.tree = self._make_tree()

        self.up_button = QPushButton("Move &up")
        self.up_button.setToolTip(
            "Move the selected step or format up (Ctrl+Up; Ctrl+Shift+Up moves the whole format)"
        )
        self.up_button.clicked.connect(lambda: self.nudge(-1))
        self.down_button = QPushButton("Move dow&n")
        self.down_button.setToolTip(
            "Move the selected step or format down (Ctrl+Down; "
            "Ctrl+Shift+Down moves the whole format)"
        )
        self.down_button.clicked.connect(lambda: self.nudge(+1))
        self.remove_button = QPushButton("Remove (Del)")
        self.remove_button.setToolTip(
            "Remove the selected step, or the whole format when its "
            "name is selected (Delete). Ctrl+Z brings it back."
        )
        self.remove_button.clicked.connect(self.remove_selected)
        self.undo_button = QPushButton("Undo")
        self.undo_button.setToolTip("Undo the last agenda change (Ctrl+Z)")
        self.undo_button.clicked.connect(self.undo)
        self.save_format_button = QPushButton("Save as format…")
        self.save_format_button.setToolTip(
            "Keep the selected format, or the whole agenda, as a format of your own; "
            "it shows in the library (Ctrl+Shift+S)"
        )
        self.save_format_button.clicked.connect(self.save_as_format_requested)
        tools = QHBoxLayout()
        title = QLabel("&Agenda")
        title.setBuddy(self.tree)
        title.setProperty("role", "subtitle")
        tools.addWidget(title)
        tools.addStretch(1)
        for button in (
            self.up_button,
            self.down_button,
            self.remove_button,
            self.undo_button,
            self.save_format_button,
        ):
            tools.addWidget(button)

        self.summary_label = QLabel()
        self.summary_label.setAccessibleName("Agenda total and end time")
        self.summary_label.setStyleSheet("font-size: 13pt; font-weight: bold;")
        self.summary_label.setWordWrap(True)
        self.warning_label = QLabel()
        self.warning_label.setProperty("role", "banner")
        self.warning_label.setWordWrap(True)
        self.warning_label.setAccessibleName("Overrun warning")
        self.warning_label.hide()
        self.error = ErrorLabel()
        self.info_label = QLabel()
        self.info_label.setProperty("role", "hint")
        self.info_label.setWordWrap(True)
        self.info_label.hide()
        self.prompt_label = QLabel("Pr&ompt shown to the room")
        self.prompt_label.setWordWrap(True)
        self.prompt_edit = CommitTextEdit()
        self.prompt_edit.setAccessibleName("Prompt for the selected step")
        self.prompt_edit.setMaximumHeight(96)
        self.prompt_edit.editing_finished.connect(self._on_prompt_edit_editing_finished)
        self.prompt_label.setBuddy(self.prompt_edit)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 0, 0, 0)
        layout.addLayout(tools)
        layout.addWidget(self.tree, 1)
        for widget in (self.summary_label, self.warning_label, self.error, self.info_label):
            layout.addWidget(widget)
        layout.addWidget(self.prompt_label)
        layout.addWidget(self.prompt_edit)

        for keys, slot in (
            ("Ctrl+Up", lambda: self.nudge(-1)),
            ("Ctrl+Down", lambda: self.nudge(+1)),
            ("Ctrl+Shift+Up", lambda: self.nudge(-1, whole_format=True)),
            ("Ctrl+Shift+Down", lambda: self.nudge(+1, whole_format=True)),
            ("Delete", self.remove_selected),
            ("Return", self.edit_current),
            ("Enter", self.edit_current),
        ):
            shortcut = QShortcut(QKeySequence(keys), self.tree, slot)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
        self.tree.installEventFilter(self)

    def _make_tree(self) -> QTreeView:
        tree = QTreeView()
        tree.setAccessibleName("Agenda")
        tree.setModel(self.model)
        tree.setAlternatingRowColors(True)
        tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        # Never AnyKeyPressed: a stray keystroke must not rename a step (Enter edits too).
        tree.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        tree.setDragEnabled(True)
        tree.setAcceptDrops(True)
        tree.setDropIndicatorShown(True)
        tree.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        tree.setDefaultDropAction(Qt.DropAction.MoveAction)
        tree.setUniformRowHeights(True)
        # Sized by AgendaColumns: the figures whole, the titles whole where they fit, the
        # mode and a glimpse of the prompt in what is left; the title's width can be dragged.
        self.columns = AgendaColumns(tree)
        tree.selectionModel().currentChanged.connect(self._on_tree_current_changed)
        return tree

    # ------------------------------------------------------------ what is shown
    def show_agenda(
        self,
        session: Session,
        phases: list[Phase],
        present: int,
        *,
        another_session: bool,
        keep_refused: bool,
    ) -> None:
        """Show the session's agenda as stored. For ``another_session`` the undo history
        and the last note go; unless ``keep_refused``, so does a refusal's reason."""
        if another_session:
            self._undo.clear()
            self.say("")
        if not keep_refused:
            self.error.clear_message()
        self.session, self.phases, self.present = session, phases, present
        current = self.selected_phase_id()
        self._refresh()
        if current:
            self._select(self.model.index_of(current))

    def set_session(self, session: Session) -> None:
        """The session's details changed (its start, its time available): re-time the view."""
        self.session = session
        self._show_values()

    def set_present(self, present: int, phases: list[Phase]) -> None:
        """Attendance changed: the agenda as re-timed for ``present`` people."""
        self.present, self.phases = present, phases
        self._refresh()

    def say(self, text: str) -> None:
        """A short note under the agenda about what just happened (and how to undo it)."""
        self.info_label.setText(text)
        self.info_label.setVisible(bool(text))

    def _starts(self) -> dict[str, datetime | None]:
        if self.session is None:
            return {}
        return {slot.phase.id: slot.start for slot in agenda.timeline(self.session, self.phases)}

    def _refresh(self) -> None:
        """Show the agenda anew (rows may have come or gone), with its figures."""
        self.model.set_agenda(self.phases, self._starts())
        self.tree.expandAll()
        self.columns.fit()
        self._show_figures()

    def _show_values(self) -> None:
        """Show changed values in the same rows (an open cell editor stays open)."""
        self.model.set_agenda(self.phases, self._starts())
        self.columns.fit()  # a title or a figure may be longer now
        self._show_figures()

    def _show_figures(self) -> None:
        self._show_summary()
        self._update_prompt_editor()
        self._update_buttons()
        self.agenda_did_change.emit(self.phases)

    def _show_summary(self) -> None:
        if self.session is None:
            return
        fit = agenda.fit(self.session, self.phases)
        people = "person" if self.present == 1 else "people"
        self.summary_label.setText(f"{fit.summary()} · {self.present} {people} present")
        warning = fit.warning()
        self.warning_label.setText(f"⚠ {warning}" if warning else "")
        self.warning_label.setVisible(bool(warning))

    def _update_buttons(self) -> None:
        has = self.tree.currentIndex().isValid()
        for button in (self.up_button, self.down_button, self.remove_button):
            button.setEnabled(has)
        self.undo_button.setEnabled(bool(self._undo))
        self.save_format_button.setEnabled(bool(self.phases))
        self.undo_button.setToolTip(
            f"Undo {self._undo[-1][0]} (Ctrl+Z)" if self._undo else "Nothing to undo"
        )

    def _select(self, index: QModelIndex) -> None:
        if index.isValid():
            self.tree.setCurrentIndex(index)
            self.tree.scrollTo(index)

    def selected_block(self) -> list[Phase]:
        """The phases of the format selected (a step selects its format), or the lone
        phase selected; empty when nothing is."""
        index = self.tree.currentIndex()
        if not index.isValid():
            return []
        return list(agenda.blocks(self.phases)[self.model.block_of(index)])

    def selected_phase_id(self) -> str | None:
        index = self.tree.currentIndex()
        if not index.isValid():
            return None
        value = self.model.data(index.siblingAtColumn(0), Qt.ItemDataRole.UserRole)
        return str(value) if value else None

    # ------------------------------------------------------------ agenda actions
    def _change(
        self,
        what: str,
        action: Callable[[], Done[list[Phase]]],
        *,
        inline: ErrorLabel | None = None,
    ) -> bool:
        """Run one agenda action; when it changed the agenda, keep the one before for undo
        and show the new one. False when refused (the reason is shown) or nothing moved."""
        before = self.phases
        done = ops.run_op(self.owner, FAILED, action, inline=inline or self.error)
        if done is None or not done.changes:
            return False
        self.error.clear_message()
        self._push_undo(what, before)
        self.phases = done.value
        self._refresh()
        return True

    def _push_undo(self, what: str, before: list[Phase] | Callable[[], Done[None]]) -> None:
        self._undo.append((what, before))
        del self._undo[:-UNDO_DEPTH]
        self._update_buttons()

    def push_undo_action(self, what: str, action: Callable[[], Done[None]]) -> None:
        """Let Ctrl+Z here take back something done from the agenda that is not an agenda
        change (a format saved from it): ``action`` is the core's undo of it."""
        self._push_undo(what, action)

    def chosen_phase_id(self) -> str | None:
        """The phase of the row selected in the agenda, where an added format or break
        goes after; None when no row is selected (a row the keyboard merely rests on,
        not highlighted, does not count)."""
        index = self.tree.currentIndex()
        if not index.isValid() or not self.tree.selectionModel().isRowSelected(
            index.row(), index.parent()
        ):
            return None
        return self.selected_phase_id()

    def add_format(self, format_key: str) -> None:
        """Add a format (the library's, a variant, or one of your own) after the selected
        item's format, else before a closing Check-out round, else at the end (the core's
        rule); the added format is selected, so the next one follows it."""
        session = self.session
        if session is None:
            return
        after, known = self.chosen_phase_id(), {p.id for p in self.phases}
        name = format_key
        with contextlib.suppress(FacilitatorError):  # the action itself says why it cannot
            name = own_formats.find_format(self.database, format_key).title
        if self._change(
            f"adding {name}",
            lambda: planning.add_format(self.database, session.id, format_key, after),
        ):
            added = [p for p in self.phases if p.id not in known]
            steps = f"{len(added)} step" + ("" if len(added) == 1 else "s")
            length = durations.length_text(agenda.total_s(added))
            self.say(f"Added {name} ({steps}, {length}). Ctrl+Z takes it out again.")
            index = self.model.index_of(added[0].id)
            self._select(index.parent() if index.parent().isValid() else index)

    def add_break(self) -> None:
        """Add a break after the selected step's format (before a closing Check-out when
        nothing is selected); the break is selected, ready to have its length changed."""
        session = self.session
        if session is None:
            return
        after, known = self.chosen_phase_id(), {p.id for p in self.phases}
        if self._change(
            "adding a break", lambda: planning.add_break(self.database, session.id, after)
        ):
            added = next(p for p in self.phases if p.id not in known)
            self.say(
                f"Added a {durations.length_text(added.planned_s)} break."
                " Ctrl+Z takes it out again."
            )
            self._select(self.model.index_of(added.id))

    def add_custom_phase(
        self, title: str, duration: str, mode: PhaseMode, *, inline: ErrorLabel
    ) -> bool:
        """Add an own phase where a format would go (after the selected step's format, else
        before a closing Check-out); False when refused (the reason under ``inline``)."""
        session = self.session
        if session is None:
            return False
        after, known = self.chosen_phase_id(), {p.id for p in self.phases}
        if not self._change(
            f"adding {' '.join(title.split()) or 'a phase'}",
            lambda: planning.add_custom_phase(
                self.database, session.id, title, duration, mode, after
            ),
            inline=inline,
        ):
            return False
        added = next(p for p in self.phases if p.id not in known)
        self.say(f"Added {added.title}. Ctrl+Z takes it out again.")
        self._select(self.model.index_of(added.id))
        return True

    def nudge(self, delta: int, whole_format: bool = False) -> None:
        """Move the selection one place: a step inside its format, a format as a whole."""
        index = self.tree.currentIndex()
        phase_id = self.selected_phase_id()
        if phase_id is None or self.session is None:
            return
        session_id = self.session.id
        whole = whole_format or self.model.phase_at(index) is None  # a format's name row
        if self._change(
            "the move",
            lambda: planning.nudge(self.database, session_id, phase_id, delta, whole_format=whole),
        ):
            target = self.model.index_of(phase_id)
            if whole and target.parent().isValid():
                target = target.parent()
            self._select(target.siblingAtColumn(index.column()))

    def _on_model_move_block_requested(self, source: int, to: int) -> None:
        if self.session is None:
            return
        session_id = self.session.id
        first = agenda.blocks(self.phases)[source][0]
        if self._change(
            "the move", lambda: planning.move_block(self.database, session_id, source, to)
        ):
            target = self.model.index_of(first.id)
            self._select(target.parent() if target.parent().isValid() else target)

    def _on_model_move_step_requested(self, phase_id: str, to: int) -> None:
        if self.session is None:
            return
        session_id = self.session.id
        if self._change(
            "the move", lambda: planning.move_step(self.database, session_id, phase_id, to)
        ):
            self._select(self.model.index_of(phase_id))

    def remove_selected(self) -> None:
        """Remove the selected step, or the whole format when its name row is selected.
        After a step, the next step of its format is selected (the one before when it was
        the last), so pressing Delete again never takes the whole format."""
        index = self.tree.currentIndex()
        phase_id = self.selected_phase_id()
        if phase_id is None or self.session is None:
            return
        session_id = self.session.id
        phase = self.model.phase_at(index)
        block = self.model.block_of(index)
        steps = agenda.blocks(self.phases)[block]
        next_step: str | None = None  # a step's removal selects its format's next one
        if phase is not None and len(steps) > 1:
            at = next(i for i, p in enumerate(steps) if p.id == phase.id)
            rest = steps[:at] + steps[at + 1 :]
            next_step = rest[min(at, len(rest) - 1)].id
        if phase is None:
            name = steps[0].group_title or "the format"
            removed = self._change(
                f"removing {name}",
                lambda: planning.remove_format(self.database, session_id, phase_id),
            )
            note = f"Removed {name} ({len(steps)} steps)."
        else:
            name = phase.title
            removed = self._change(
                f"removing {name}",
                lambda: planning.remove_phase(self.database, session_id, phase_id),
            )
            note = f"Removed {name}."
        if removed:
            self.say(f"{note} Press Ctrl+Z to bring it back.")
            target = self.model.index_of(next_step) if next_step else QModelIndex()
            if target.isValid():  # the next step, in the same cell: Delete again takes it
                self._select(target.siblingAtColumn(index.column()))
            elif count := self.model.block_count():
                self._select(self.model.block_index(min(block, count - 1)))

    def undo(self) -> None:
        """Bring back the agenda as it was before the last change (timed for who is here)."""
        if not self._undo or self.session is None:
            self.say("Nothing to undo.")
            return
        session_id = self.session.id
        what, before = self._undo[-1]
        if callable(before):
            if ops.run_op(self.owner, f"Could not undo {what}", before, inline=self.error):
                self._undo.pop()
                self.error.clear_message()
                self.say(f"Undid {what}.")
                self._update_buttons()
            return
        agenda_before = before
        done = ops.run_op(
            self.owner,
            FAILED,
            lambda: planning.restore_agenda(self.database, session_id, agenda_before),
            inline=self.error,
        )
        if done is None:
            return
        self._undo.pop()
        self.error.clear_message()
        self.say(f"Undid {what}.")
        current = self.selected_phase_id()
        self.phases = done.value
        self._refresh()
        if current:
            self._select(self.model.index_of(current))
        if not self.tree.currentIndex().isValid() and self.model.block_count():
            self._select(self.model.block_index(0))

    # ------------------------------------------------------------ edits in place
    def edit_current(self) -> None:
        """Open the selected cell's editor (Enter; F2 and a double click do it too)."""
        index = self.tree.currentIndex()
        if index.isValid() and index.flags() & Qt.ItemFlag.ItemIsEditable:
            self.tree.edit(index)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        """Letters and digits typed at the agenda (not in a cell's editor) start a format
        search rather than jumping between rows or editing."""
        if watched is self.tree and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if self._move_to_cell(event):
                return True
            text = event.text()
            plain = not event.modifiers() & ~(
                Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.KeypadModifier
            )
            if plain and text.isprintable() and text.strip():
                self.search_requested.emit(text)
                return True
        return super().eventFilter(watched, event)

    def _move_to_cell(self, event: QKeyEvent) -> bool:
        """Left and Right on a step choose the cell F2 and Enter edit (its title, mode, time
        per speaker, duration or prompt), so every field is editable without a mouse; from
        the step's first editable cell Left does what the tree does there."""
        step = event.key() in (Qt.Key.Key_Left, Qt.Key.Key_Right)
        index = self.tree.currentIndex()
        if not step or event.modifiers() or not index.isValid() or not index.parent().isValid():
            return False
        editable = [
            col
            for col in range(self.model.columnCount(index.parent()))
            if index.siblingAtColumn(col).flags() & Qt.ItemFlag.ItemIsEditable
            and not self.tree.isColumnHidden(col)  # the prompt, edited under the tree
        ]
        before = [c for c in editable if c < index.column()]
        after = [c for c in editable if c > index.column()]
        if event.key() == Qt.Key.Key_Left and not before:
            return False
        column = before[-1] if event.key() == Qt.Key.Key_Left else (after or [index.column()])[0]
        self.tree.setCurrentIndex(index.siblingAtColumn(column))
        self.tree.scrollTo(self.tree.currentIndex())
        return True

    def _edit_phase(self, phase: Phase, what: PhaseField, value: str) -> bool:
        """Store one edit of a phase as typed; False when refused (the reason is shown)."""
        before = self.phases
        done = ops.run_op(
            self.owner,
            FAILED,
            lambda: planning.change_phase(self.database, phase.id, what, value),
            inline=self.error,
        )
        if done is None:
            return False
        self.error.clear_message()
        if done.changes:
            self._push_undo(f"the change to {phase.title}", before)
            self.phases = agenda.replace_one(self.phases, done.value)
            self._show_values()
        return True

    def _on_model_edit_did_fail(self, index: QModelIndex) -> None:
        reopen_editor(self.tree, index)

    def _on_tree_current_changed(self, *_args: object) -> None:
        self._update_prompt_editor()
        self._update_buttons()

    def _update_prompt_editor(self) -> None:
        phase = self.model.phase_at(self.tree.currentIndex())
        if phase is None:
            self.prompt_edit.set_text("")
            self.prompt_edit.setEnabled(False)
            self.prompt_label.setText("Pr&ompt shown to the room (choose a step)")
            return
        self.prompt_edit.setEnabled(True)
        self.prompt_label.setText(f"Pr&ompt shown to the room during “{phase.title}”")
        if not self.prompt_edit.hasFocus():
            self.prompt_edit.set_text(phase.prompt)

    def _on_prompt_edit_editing_finished(self) -> None:
        phase = self.model.phase_at(self.tree.currentIndex())
        if phase is None:
            return
        if not self._edit_phase(phase, PhaseField.PROMPT, self.prompt_edit.toPlainText()):
            self.prompt_edit.mark_unsaved()
