"""The review round's list and form: earlier actions and experiments, one reviewed at a time.

The list holds what this session has to look at: most pressing first, or, in the room
(``in_turn``), each owner's items together in the order the round-robin takes them, with
whose turn it is named above the form. For the selected item the room picks a status
(proposed at the item's current status: nothing is closed for want of a choice), writes
the outcome and what it learned, and presses Ctrl+Enter: the review is stored and the next
item still to review is selected. Items left open, or not reviewed at all, come back at
the next session. An outcome or learning typed but not yet recorded is kept as a draft of
that item (``facilitator.drafts``): it comes back when the item is selected again, and
after a crash when the review round is opened again. Recording and taking back go through
``ui.ops``; the list reloads itself when an action elsewhere changes the team's items or
reviews. The full review screen (``ui.screens.review``) and the run screen's review side
(``ui.screens.run.review_side``) are this panel with a way back.

Signals:
    review_did_move(object, str): what the room should see changed: the items in the
        order listed (a list of ``ReviewItem``) and the one selected ("" for none).
"""

from __future__ import annotations

import html

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QBrush, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from facilitator import review
from facilitator.changes import Changes, Topic
from facilitator.clock import Clock, SystemClock
from facilitator.errors import FacilitatorError
from facilitator.model import ActionStatus, Experiment, ExperimentStatus
from facilitator.quickdate import short_date
from facilitator.store.database import Database
from ui import ops, theme
from ui.capture_widgets import DRAFT_RESTORED, ENTER_KEYS, DraftKeeper
from ui.editing import set_role
from ui.elided_label import ElidedLabel

ROLE_ITEM = Qt.ItemDataRole.UserRole
STATUSES = {
    "action": [s.value for s in ActionStatus],
    "experiment": [s.value for s in ExperimentStatus],
}
DRAFT_AGAIN = "Brought back what you had typed for this item."
# What the list shows: the team's items and their reviews, owners' names and their order
# (who is here), session titles.
SHOWN = (Topic.CAPTURES, Topic.REVIEWS, Topic.PEOPLE, Topic.ATTENDANCE, Topic.SESSIONS)
COLUMNS = ["", "Item", "Owner", "Due", "From", "Reviewed"]
FROM_COLUMN, REVIEWED_COLUMN = 4, 5
LIST_ROWS = 8  # the most items the list beside the run shows before it scrolls


class ReviewPanel(QWidget):
    review_did_move = Signal(object, str)

    def __init__(
        self,
        database: Database,
        parent: QWidget | None = None,
        *,
        clock: Clock | None = None,
        in_turn: bool = False,
    ) -> None:
        """``in_turn``: the room's order (owners in turn, whose turn named) in a narrow
        column beside the run; else most pressing first, across a whole screen."""
        super().__init__(parent)
        self.setObjectName("review_panel")
        self.database = database
        self.clock: Clock = clock or SystemClock()
        self.in_turn = in_turn
        self.session_id: str | None = None
        self.phase_id: str | None = None
        self.agenda: review.ReviewAgenda | None = None
        self.listed: list[review.ReviewItem] = []  # the agenda's items in the order shown
        self._filling = False  # the list is being rebuilt: no moves to tell the room

        self.title = ElidedLabel("Review round")  # a long session title ends in "…"
        self.title.setProperty("role", "subtitle" if in_turn else "title")
        self.progress = QLabel()
        self.progress.setProperty("role", "subtitle" if not in_turn else "hint")
        self.header = QHBoxLayout()
        self.header.addWidget(self.title, 1)
        self.header.addWidget(self.progress)

        self.tree = self._build_tree()
        form_box = self._build_form()

        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.tree)
        splitter.addWidget(form_box)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2 if not in_turn else 1)
        self.empty = QLabel()  # one calm line where the list would be
        self.empty.setWordWrap(True)
        self.empty.setTextFormat(Qt.TextFormat.PlainText)
        self.empty.setAccessibleName("Review round")
        self.empty.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.empty.hide()
        self.hint = QLabel(
            "↑↓ choose an item · Tab to the status, outcome and learning · "
            "Ctrl+Enter records and moves on · items left open come back next time"
        )
        self.hint.setProperty("role", "hint")
        self.hint.setWordWrap(True)

        layout = QVBoxLayout(self)
        if in_turn:
            layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(self.header)
        layout.addWidget(self.hint)
        layout.addWidget(self.empty)
        layout.addWidget(splitter, 1)
        layout.addStretch(0)  # takes the room the list leaves when there is nothing to review
        self._splitter = splitter
        for key in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(key), self, self.record)
        for widget in (self.status, self.outcome, self.learning):
            widget.installEventFilter(self)
        self._draft_item: str | None = None  # the item whose notes the fields hold
        self._kept_here: set[str] = set()  # items whose notes this panel kept itself
        self.draft_keeper = DraftKeeper(self, self._keep_draft)
        self.draft_keeper.watch(self.status, self.outcome, self.learning)
        ops.follow(self, SHOWN, self._on_changes)

    def _build_tree(self) -> QTreeWidget:
        tree = QTreeWidget()
        tree.setAccessibleName("Items to review")
        tree.setHeaderLabels(COLUMNS)
        tree.setRootIsDecorated(False)
        tree.setAlternatingRowColors(True)
        tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        tree.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        tree.setTextElideMode(Qt.TextElideMode.ElideRight)
        header = tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for col in (2, 3, 4, 5):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
        widths = (115, 95, 0, 0) if self.in_turn else (150, 190, 190, 110)
        for col, width in zip((2, 3, 4, 5), widths, strict=True):
            header.resizeSection(col, width)
        # Beside the run the column is narrow: where an item comes from is said below it.
        tree.setColumnHidden(FROM_COLUMN, self.in_turn)
        tree.setColumnHidden(REVIEWED_COLUMN, self.in_turn)  # its mark says it: ✓ or ↻
        tree.currentItemChanged.connect(self._on_tree_current_changed)
        tree.installEventFilter(self)
        return tree

    def _build_form(self) -> QWidget:
        self.turn = QLabel()
        self.turn.setAccessibleName("Whose turn")
        self.turn.setTextFormat(Qt.TextFormat.PlainText)  # names as typed
        self.turn.setStyleSheet("font-size: 13pt; font-weight: bold;")
        self.turn.setVisible(self.in_turn)
        self.item_text = QLabel()
        self.item_text.setWordWrap(True)
        self.item_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.item_text.setAccessibleName("The item under review")
        self.item_text.setTextFormat(Qt.TextFormat.RichText)  # its kind in bold, escaped below
        self.item_meta = QLabel()
        self.item_meta.setProperty("role", "hint")
        self.item_meta.setWordWrap(True)
        self.item_meta.setTextFormat(Qt.TextFormat.PlainText)  # names and signals as typed
        self.status = QComboBox()
        self.status.setAccessibleName("Status")
        self.outcome = QPlainTextEdit()
        self.outcome.setAccessibleName("Outcome")
        self.outcome.setPlaceholderText("What happened?")
        self.outcome.setTabChangesFocus(True)
        self.learning = QPlainTextEdit()
        self.learning.setAccessibleName("Learning")
        self.learning.setPlaceholderText("What did we learn? (stored in this session's learnings)")
        self.learning.setTabChangesFocus(True)
        if self.in_turn:
            for edit in (self.outcome, self.learning):
                edit.setMinimumHeight(48)
        self.record_button = QPushButton("Record review  (Ctrl+Enter)")
        self.record_button.setProperty("role", "primary")
        self.record_button.setAccessibleName("Record the review")
        self.record_button.clicked.connect(self.record)
        self.clear_button = QPushButton("Take back" if self.in_turn else "Take back this review")
        self.clear_button.setAccessibleName("Take back this review")
        self.clear_button.setToolTip("Take back this review: the item is as it was before")
        self.clear_button.clicked.connect(self.clear_review)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Review status")

        form_box = QWidget()
        form = QFormLayout(form_box)
        form.setContentsMargins(0, 4, 0, 0)
        status_label = QLabel("&Status")
        status_label.setBuddy(self.status)
        outcome_label = QLabel("&Outcome")
        outcome_label.setBuddy(self.outcome)
        learning_label = QLabel("&Learning")
        learning_label.setBuddy(self.learning)
        form.addRow(self.turn)
        form.addRow(self.item_text)
        form.addRow(self.item_meta)
        form.addRow(status_label, self.status)
        form.addRow(outcome_label, self.outcome)
        form.addRow(learning_label, self.learning)
        buttons = QHBoxLayout()
        buttons.addWidget(self.clear_button)
        buttons.addStretch(1)
        buttons.addWidget(self.record_button)
        form.addRow(buttons)
        form.addRow(self.message)
        return form_box

    # ------------------------------------------------------------ public
    def set_session(self, session_id: str, phase_id: str | None = None) -> None:
        """Review for this session; learnings are stamped with ``phase_id`` when given.

        An item with a note kept from before (a crash, say) is selected first, its note back.
        """
        self.draft_keeper.flush()  # a note being typed goes with its own session
        self._draft_item = None
        self.tree.clear()  # nothing of another session stays selected
        self.session_id = session_id
        self.phase_id = phase_id
        self.message.setText("")
        self.refresh()
        first = self._first_with_draft() or self._first_to_review() or self.tree.topLevelItem(0)
        if first is not None:
            self.tree.setCurrentItem(first)
        self.tree.setFocus()

    def refresh(self) -> None:
        current = self._current_id()
        self._filling = True
        try:
            self._fill()
            if current:
                self._select(current)
        finally:
            self._filling = False
        self.tell_the_room()

    def _fill(self) -> None:
        self.tree.clear()
        if self.session_id is None:
            return
        self.agenda = agenda = review.agenda(self.database, self.session_id)
        if self.in_turn:
            speakers = review.speaking_order(self.database, self.session_id, self.phase_id)
            self.listed = review.in_turn(agenda, speakers)
        else:
            self.listed = list(agenda.items)
            self.title.setText(f"Review round — {agenda.session.title}")
        for entry in self.listed:
            row = self._row(entry, agenda)
            if self.in_turn:  # a narrow column: the date, with overdue or due in red and said
                row.setText(3, entry.due or "—")  # in its tooltip and under the item
                if entry.review is not None and not entry.settled:
                    row.setText(0, "↻")  # reviewed and left open (the room display's sign)
            self.tree.addTopLevelItem(row)
        if self.in_turn:
            self._fit_list()
        total = len(agenda.items)
        left = total - agenda.reviewed
        if total:
            self.progress.setText(
                f"{agenda.reviewed} of {total} reviewed"
                + (f" · {left} to go" if left else " · all reviewed")
            )
        else:
            self.progress.setText("")
        self.empty.setText(
            "Nothing to review: no open actions or experiments "
            f"from sessions before {short_date(agenda.day)}."
        )
        for part in (self.hint, self._splitter):
            part.setVisible(total > 0)
        self.empty.setVisible(total == 0)

    def _fit_list(self) -> None:
        """Beside the run the list is as tall as its items (up to LIST_ROWS, then it
        scrolls): the form below keeps the room for the outcome and the learning."""
        rows = max(1, min(self.tree.topLevelItemCount(), LIST_ROWS))
        row_px = self.tree.sizeHintForRow(0) if self.tree.topLevelItemCount() else 0
        row_px = max(row_px, self.tree.fontMetrics().height() + 4)
        frame = 2 * self.tree.frameWidth() + 4
        self.tree.setMaximumHeight(self.tree.header().sizeHint().height() + rows * row_px + frame)

    @staticmethod
    def _row(entry: review.ReviewItem, agenda: review.ReviewAgenda) -> QTreeWidgetItem:
        mark = "✓" if entry.review is not None else ("!" if entry.due_now else "·")
        due = entry.due or "—"
        if entry.due and entry.due_now and entry.review is None:
            due += (
                " due"
                if entry.kind == "experiment"
                else " overdue"
                if entry.due < agenda.day.isoformat()
                else " due today"
            )
        carried = f" · carried over {entry.times_carried}×" if entry.times_carried else ""
        if entry.review is None:
            done = ""
        elif entry.settled:
            done = entry.review.status.capitalize()
        else:
            done = "Left open"
        row = QTreeWidgetItem(
            [
                mark,
                f"{entry.kind.capitalize()}: {entry.text}",
                entry.owner or "no owner",
                due,
                f"{entry.from_session}{carried}",
                done,
            ]
        )
        row.setData(0, ROLE_ITEM, entry.item.id)
        if mark == "!":
            row.setForeground(0, QBrush(theme.colour("error")))
            row.setForeground(3, QBrush(theme.colour("error")))
        row.setToolTip(1, entry.text[:2000])
        row.setToolTip(3, due)
        row.setToolTip(4, f"{entry.from_session} ({entry.from_day}){carried}")
        if entry.review is not None and not entry.settled:
            row.setToolTip(5, "Reviewed and left open: it comes back at the next session")
        if entry.review is None:
            row.setToolTip(0, "due for review" if entry.due_now else "not due yet")
        else:
            row.setToolTip(0, f"reviewed: {done}" if entry.settled else row.toolTip(5))
        return row

    def current(self) -> review.ReviewItem | None:
        item_id = self._current_id()
        if item_id is None:
            return None
        return next((i for i in self.listed if i.item.id == item_id), None)

    def select_owner(self, participant_id: str) -> bool:
        """Select the first of this person's items still to review (their turn to report);
        False when they have none, and the selection stays."""
        entry = next(
            (i for i in self.listed if i.owner_id == participant_id and i.review is None), None
        )
        if entry is None:
            return False
        if entry.item.id != self._current_id():
            self._select(entry.item.id)
        return True

    # ------------------------------------------------------------ actions
    def record(self) -> None:
        entry = self.current()
        if entry is None or self.session_id is None:
            return
        session_id, status = self.session_id, self.status.currentData()
        outcome, learning = self.outcome.toPlainText(), self.learning.toPlainText()
        done = ops.run_op(
            self,
            "Could not record the review",
            lambda: review.record(
                self.database,
                session_id,
                entry.kind,
                entry.item.id,
                status,
                outcome=outcome,
                learning=learning,
                phase_id=self.phase_id,
                clock=self.clock,
            ),
            inline=self.message,
        )
        if done is None:
            self._mark(error=True)  # what was typed stays in the fields
            return
        self.draft_keeper.forget()  # its draft went with the review
        stored = done.value
        fate = "settled" if stored.settled else "stays open and comes back next time"
        self._say(f"Recorded: {stored.kind} {fate}.")
        self.refresh()
        following = self._first_to_review(after=entry.item.id)
        if following is not None:
            # The list has the cursor, as before the first item: Up and Down choose an item
            # and Enter goes to its status; nothing typed next can record it unseen.
            self.tree.setCurrentItem(following)
            self.tree.setFocus()
        else:
            self._select(entry.item.id)
            self._say("Recorded. Every item has been reviewed.")

    def clear_review(self) -> None:
        entry = self.current()
        if entry is None or entry.review is None or self.session_id is None:
            return
        session_id = self.session_id
        done = ops.run_op(
            self,
            "Could not take back the review",
            lambda: review.clear(self.database, session_id, entry.item.id, clock=self.clock),
            inline=self.message,
        )
        if done is None:
            self._mark(error=True)
            return
        self._say("Review taken back: the item is as it was before this session.")
        self.refresh()
        self._select(entry.item.id)

    def tell_the_room(self) -> None:
        """Say what the room should see: the items in the order listed, the one selected."""
        if not self._filling:
            self.review_did_move.emit(list(self.listed), self._current_id() or "")

    # ------------------------------------------------------------ helpers

    def _current_id(self) -> str | None:
        row = self.tree.currentItem()
        return str(row.data(0, ROLE_ITEM)) if row is not None else None

    def _select(self, item_id: str) -> None:
        for i in range(self.tree.topLevelItemCount()):
            row = self.tree.topLevelItem(i)
            if row is not None and row.data(0, ROLE_ITEM) == item_id:
                self.tree.setCurrentItem(row)
                return

    def _first_with_draft(self) -> QTreeWidgetItem | None:
        if self.session_id is None:
            return None
        kept = review.notes_waiting(self.database, self.session_id)
        for i in range(self.tree.topLevelItemCount()):
            row = self.tree.topLevelItem(i)
            if row is not None and row.data(0, ROLE_ITEM) in kept:
                return row
        return None

    def _keep_draft(self) -> bool:
        """Keep the notes typed for the current item as its draft (DraftKeeper calls this);
        False when they could not be kept, so the keeper tries again."""
        if self.session_id is None or self._draft_item is None:
            return True
        kept = review.keep_notes(
            self.database,
            self.session_id,
            self._draft_item,
            str(self.status.currentData() or ""),
            self.outcome.toPlainText(),
            self.learning.toPlainText(),
            clock=self.clock,
        )
        if kept is review.Kept.KEPT:
            self._kept_here.add(self._draft_item)
        return kept is not review.Kept.FAILED

    def _offer_draft(self, item_id: str) -> None:
        """Put the item's kept notes back into the fields, and say so calmly."""
        if self.session_id is None:
            return
        notes = review.take_notes(self.database, self.session_id, item_id)
        if notes is None:
            return
        index = self.status.findData(notes.choices.get("status", ""))
        if index >= 0:
            self.status.setCurrentIndex(index)
        self.outcome.setPlainText(notes.values.get("outcome", ""))
        self.learning.setPlainText(notes.values.get("learning", ""))
        self._say(DRAFT_AGAIN if item_id in self._kept_here else DRAFT_RESTORED)

    def _first_to_review(self, after: str | None = None) -> QTreeWidgetItem | None:
        """The first item not reviewed yet; with ``after`` (the item just recorded), the
        first such item below it, going round to the top only when none is left below: the
        list moves on down as the owners report, and one skipped waits for its turn."""
        waiting = {i.item.id for i in self.listed if i.review is None}
        rows = [self.tree.topLevelItem(i) for i in range(self.tree.topLevelItemCount())]
        ids = [row.data(0, ROLE_ITEM) if row is not None else None for row in rows]
        start = ids.index(after) + 1 if after in ids else 0
        for i in [*range(start, len(rows)), *range(start)]:
            if rows[i] is not None and ids[i] in waiting:
                return rows[i]
        return None

    def _say(self, text: str, *, error: bool = False) -> None:
        self.message.setText(text)
        self._mark(error=error)

    def _mark(self, *, error: bool) -> None:
        """Show the message as a refusal or as a calm hint."""
        set_role(self.message, "error" if error else "hint")

    def _on_changes(self, changes: Changes) -> None:
        """An action elsewhere changed what the list shows: reload it, keeping the item."""
        if self.session_id is None or self.agenda is None:
            return
        if changes.team_id not in (None, self.agenda.session.team_id):
            return  # another team's items
        try:
            self.refresh()
        except FacilitatorError as exc:  # a read, not an action: nothing to run through ops
            ops.show_error(self, "Could not reload the review round", exc)

    def _on_tree_current_changed(self, current: QTreeWidgetItem | None, _prev: object) -> None:
        self.draft_keeper.flush()  # the notes typed for the item we leave are kept first
        self._draft_item = None
        entry = self.current() if current is not None else None
        enabled = entry is not None
        for widget in (self.status, self.outcome, self.learning, self.record_button):
            widget.setEnabled(enabled)
        self.turn.setText(review.whose_turn(self.listed, entry.item.id) if entry else "")
        if entry is None:
            self.item_text.setText("")
            self.item_meta.setText("")
            self.tell_the_room()
            return
        self.item_text.setText(
            f"<b>{entry.kind.capitalize()}</b>: {html.escape(entry.text[:3000])}"
        )
        self.item_meta.setText(" · ".join(self._facts(entry)))
        with self.draft_keeper.quietly():
            self._load(entry)
            self._offer_draft(entry.item.id)
        self._draft_item = entry.item.id
        self.tell_the_room()

    def _facts(self, entry: review.ReviewItem) -> list[str]:
        """The line under the item: where it comes from, its owner, dates and signals."""
        meta = [
            f"from “{entry.from_session}” ({entry.from_day})",
            f"owner {entry.owner or 'nobody'}",
        ]
        if entry.due:
            today = self.agenda.day.isoformat() if self.agenda is not None else ""
            late = (  # beside the run the list has no room to say it
                self.in_turn
                and entry.kind == "action"
                and entry.review is None
                and entry.due < today
            )
            meta.append(
                ("review on " if entry.kind == "experiment" else "due ")
                + entry.due
                + (" (overdue)" if late else "")
            )
        if entry.times_carried:
            meta.append(f"carried over {entry.times_carried}×")
        exp = entry.item
        if isinstance(exp, Experiment):
            limits = "; ".join(v for v in (exp.limit_time, exp.limit_money, exp.limit_risk) if v)
            for name, value in (
                ("limits", limits),
                ("works if", exp.success_signal),
                ("stop if", exp.stop_signal),
            ):
                if value:
                    meta.append(f"{name}: {value}")
        return meta

    def _load(self, entry: review.ReviewItem) -> None:
        """The item's stored review in the fields, or its current status when not reviewed:
        the room chooses to close it."""
        self.status.clear()
        for value in STATUSES[entry.kind]:
            self.status.addItem(value.capitalize(), value)
        self.status.setCurrentIndex(max(0, self.status.findData(review.proposed_status(entry))))
        self.outcome.setPlainText(entry.review.outcome if entry.review else "")
        self.learning.setPlainText(entry.review.learning if entry.review else "")
        self.clear_button.setEnabled(entry.review is not None)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.ShortcutOverride and watched is self.status:
            assert isinstance(event, QKeyEvent)
            if self._chooses_status(event):
                event.accept()  # S for Stopped, P for Planned: the run's keys do not take it
            return False
        if event.type() != QEvent.Type.KeyPress:
            return False
        assert isinstance(event, QKeyEvent)
        if watched is self.tree and event.key() in ENTER_KEYS and not event.modifiers():
            self.status.setFocus()
            return True
        if (
            watched is self.status
            and event.key() in ENTER_KEYS
            and not event.modifiers()
            and not self.status.view().isVisible()
        ):
            self.outcome.setFocus()  # on to the outcome; only Ctrl+Enter records
            return True
        return False

    def _chooses_status(self, event: QKeyEvent) -> bool:
        """Whether a key typed in the status box is the first letter of one of its choices
        (the other keys, N and Space among them, are left to a screen around the panel)."""
        mods = event.modifiers() & ~(
            Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.KeypadModifier
        )
        letter = event.text().lower()
        if mods or len(letter) != 1 or not letter.isalpha():
            return False
        return any(
            self.status.itemText(i).lower().startswith(letter) for i in range(self.status.count())
        )
