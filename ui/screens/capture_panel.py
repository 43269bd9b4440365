"""The scribe's capture panel: type, press Enter, and the item is stored at once.

Kinds are chosen by keyboard (Ctrl+1 idea, Ctrl+2 decision, Ctrl+3 action, Ctrl+4
experiment, Ctrl+5 learning); Tab walks through the kind's fields (owner and dates complete
from the roster and from words like "fri" or "+3d"); Enter anywhere stores the item stamped
with the current phase and time. The list below holds this session's items: Enter or F2
edits one in the form, Delete removes it, Ctrl+Z brings back what was deleted or changed.
A failed write leaves every typed word in place and says why. What is typed but not yet
saved is kept as the session's draft (``facilitator.drafts``) a moment after typing pauses,
and comes back in the form when the panel shows that session again, after a crash too.

Every save, delete and undo goes through ``ui.ops`` (a refusal is said under the form); the
panel reloads itself when items, votes, reviews, the roster or the agenda change elsewhere.

Signals:
    item_did_capture(str, str): a new item was stored (kind, item id).
    review_requested(str, str): open the review round (session id, phase id or "").
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, tzinfo
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QResizeEvent, QTextCursor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSizePolicy,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from facilitator import capture, drafts, kinds, planning, roster, session_time
from facilitator.changes import Changes, Topic
from facilitator.clock import Clock, SystemClock, iso
from facilitator.errors import FacilitatorError
from facilitator.kinds import Capture
from facilitator.model import (
    Action,
    ActionStatus,
    Contribution,
    Decision,
    Experiment,
    Learning,
    Participant,
    SessionStatus,
    label,
)
from ui import ops
from ui.capture_keys import CaptureKeys, KindKeys
from ui.capture_widgets import DRAFT_RESTORED, DateField, DraftKeeper, EntryEdit, local_today
from ui.editing import set_role
from ui.elided_label import ElidedLabel
from ui.screens.capture_form import DRAFT_AGAIN, DRAFT_KEY, CaptureForm, FieldError

PLACEHOLDERS = {
    "contribution": "Type an idea or contribution and press Enter…",
    "decision": "Type the decision and press Enter…",
    "action": "Type the action and press Enter…",
    "experiment": "Type the hypothesis (if we…, then…) and press Enter…",
    "learning": "Type what we learned and press Enter…",
}
ROLE_ITEM = Qt.ItemDataRole.UserRole
SHOWN = (Topic.CAPTURES, Topic.VOTES, Topic.REVIEWS, Topic.PEOPLE, Topic.AGENDA)


def _short(text: str, length: int = 60) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= length else flat[: length - 1] + "…"


READ_ONLY_HINT = "Read-only: this copy can show the record but not add to it."


class CapturePanel(CaptureKeys, CaptureForm, QWidget):
    item_did_capture = Signal(str, str)
    review_requested = Signal(str, str)

    def __init__(
        self,
        database: Any,
        parent: QWidget | None = None,
        *,
        clock: Clock | None = None,
        group_by_kind: bool = False,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("capture_panel")
        self.database = database
        self.clock: Clock = clock or SystemClock()
        self.group_by_kind = group_by_kind
        self.session_id: str | None = None
        self._team_id = ""
        self._zone: tzinfo | None = None
        self.phase_id: str | None = None
        self.kind = "contribution"
        self._people: list[Participant] = []
        self._names: dict[str, str] = {}
        self._phases: dict[str, str] = {}
        self._review_phases: set[str] = set()
        self._since = ""
        self._editing: Any = None
        self._said: tuple[str, Capture] | None = None  # the item the message line quotes
        self._refusal = False  # the message line says why a save was refused
        # The new-item form, held aside while a stored item is being edited.
        self._held: tuple[dict[str, str], dict[str, str]] | None = None
        self._kept_here: set[str] = set()  # sessions whose draft this panel saved

        # -------------------------------------------------- kind bar
        self.kind_group = QButtonGroup(self)
        self.kind_group.setExclusive(True)
        self.kind_buttons: dict[str, QPushButton] = {}
        kinds_row = QHBoxLayout()
        kinds_row.setSpacing(4)
        for of_kind in kinds.KINDS:
            button = QPushButton(f"{of_kind.label} {of_kind.order}")
            button.setCheckable(True)
            button.setToolTip(f"{of_kind.label} (Ctrl+{of_kind.order})")
            button.setAccessibleName(f"Capture a {of_kind.label.lower()}")
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.clicked.connect(lambda _=False, k=of_kind.name: self.set_kind(k))
            self.kind_group.addButton(button)
            self.kind_buttons[of_kind.name] = button
            kinds_row.addWidget(button)
        kinds_row.addStretch(1)

        self.heading = QLabel()
        self.heading.setProperty("role", "subtitle")
        self.phase_label = ElidedLabel()  # a long phase title ends in "…", never widens
        self.phase_label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        self.phase_label.setMinimumWidth(1)  # whole when there is room, else cut
        self.phase_label.setProperty("role", "hint")
        heading_row = QHBoxLayout()
        heading_row.addWidget(self.heading)
        heading_row.addStretch(1)
        heading_row.addWidget(self.phase_label)

        self.entry = EntryEdit(lines=3)
        self.entry.setAccessibleName("Capture text")
        self.entry.submitted.connect(self.commit)
        self.entry.textChanged.connect(self._on_entry_text_changed)

        # -------------------------------------------------- fields per kind
        self._build_fields()

        self.save_button = QPushButton("Save  (Enter)")
        self.save_button.setProperty("role", "primary")
        self.save_button.setAccessibleName("Save the item")
        self.save_button.clicked.connect(self.commit)
        self.cancel_button = QPushButton("Cancel edit  (Esc)")
        self.cancel_button.clicked.connect(self.cancel_edit)
        self.cancel_button.hide()
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Capture status")
        buttons = QHBoxLayout()
        buttons.addWidget(self.message, 1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.save_button)

        # -------------------------------------------------- this session's items
        self.list_title = QLabel()
        self.list_title.setProperty("role", "subtitle")
        self.undo_button = QPushButton("Undo")
        self.undo_button.setToolTip("Bring back what was last deleted or changed (Ctrl+Z)")
        self.undo_button.setAccessibleName("Undo")
        self.undo_button.clicked.connect(self.undo)
        self.review_button = QPushButton("Review earlier items…")
        self.review_button.setToolTip(
            "The review round: open actions and experiments from earlier sessions"
        )
        self.review_button.setAccessibleName("Review earlier items")
        self.review_button.setAutoDefault(True)  # Enter: beside the timer Space is the clock's
        self.review_button.clicked.connect(self._on_review_button_clicked)
        self.review_button.setVisible(False)
        list_head = QHBoxLayout()
        list_head.addWidget(self.list_title)
        list_head.addStretch(1)
        list_head.addWidget(self.review_button)
        list_head.addWidget(self.undo_button)
        self.tree = QTreeWidget()
        self.tree.setAccessibleName("This session's captured items")
        self.tree.setColumnCount(4)
        self.tree.setHeaderLabels(["Kind", "Text", "Details", "Phase and time"])
        self.tree.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.tree.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.tree.setRootIsDecorated(group_by_kind)
        self.tree.setAlternatingRowColors(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.tree.header()
        header.setSectionResizeMode(
            0,
            QHeaderView.ResizeMode.Fixed
            if group_by_kind
            else QHeaderView.ResizeMode.ResizeToContents,
        )
        if group_by_kind:
            self.tree.setHeaderLabels(["", "Text", "Details", "Phase and time"])
            header.resizeSection(0, 28)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(False)
        header.resizeSection(2, 220 if group_by_kind else 150)
        # Beside the run screen the panel is narrow: the phase and time go to the tooltip.
        self.tree.setColumnHidden(3, not group_by_kind)
        self.tree.itemActivated.connect(self._on_tree_item_activated)
        hint = QLabel(
            "Enter saves · Shift+Enter new line · Ctrl+1–5 kind · in the list: "
            "Enter edits, Delete removes · Ctrl+Z undo"
        )
        hint.setProperty("role", "hint")
        hint.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(kinds_row)
        layout.addLayout(heading_row)
        layout.addWidget(self.entry)
        layout.addWidget(self._scroll)
        layout.addLayout(buttons)
        layout.addWidget(hint)
        layout.addLayout(list_head)
        layout.addWidget(self.tree, 1)

        self._name_fields()
        self.draft_keeper = DraftKeeper(self, self._keep_draft)
        self.draft_keeper.watch(*self._texts.values(), *self._choices.values())

        self._inputs: list[QWidget] = [self.entry, self.tree]
        for fields in self._page_fields.values():
            for _, widget in fields:
                self._inputs.append(widget.edit if isinstance(widget, DateField) else widget)
        for widget in self._inputs:
            widget.installEventFilter(self)
        # The chosen kind is a checked button, filled by the app's stylesheet (ui/theme.py).
        self.set_kind("contribution")
        self.setEnabled(False)
        ops.follow(self, SHOWN, self._on_changes)

    # ------------------------------------------------------------ public
    def set_context(self, session_id: str, phase_id: str | None, *, reload: bool = False) -> None:
        """Capture into this session, stamping new items with this phase (None: no phase).

        ``reload`` reads the roster and agenda again even for the same session.
        """
        if session_id != self.session_id or reload:
            session = planning.get_session(self.database, session_id)
            self.draft_keeper.flush()  # what was typed goes with the session it was typed for
            self.cancel_edit()
            if session_id != self.session_id and self.session_id is not None:
                with self.draft_keeper.quietly():
                    for kind in kinds.NAMES:
                        self._clear_form(kind)
            self.session_id, self._team_id = session_id, session.team_id
            self._zone = session_time.session_zone(session)  # times on the room's clock
            self._load_roster()
            self._load_phases()
            # A finished session's history is over; undo covers this visit only.
            self._since = iso(self.clock.now()) if session.status is SessionStatus.FINISHED else ""
            with self.draft_keeper.quietly():
                self._fill_experiment_links()
            self._set_message("")
            if self.database.read_only:
                self._set_message(
                    "The database is open read-only: nothing can be saved.", error=True
                )
                # Nothing typed here could be kept: the box takes no typing at all.
                self.entry.setReadOnly(True)
                self.save_button.setEnabled(False)
            self._offer_draft()
            self.setEnabled(True)
        if phase_id != self.phase_id:
            self.drop_refusal()  # a refusal in the last phase says nothing of this one
        self.phase_id = phase_id
        self._show_phase()
        self.refresh()

    def _load_roster(self) -> None:
        """The team's people: names for the list, completion for the people fields."""
        self._people = roster.list_participants(self.database, self._team_id, include_inactive=True)
        self._names = {p.id: p.name for p in self._people}
        active = [p.name for p in self._people if p.active]
        for edit in (self.by, self.consulted, self.owner, self.exp_owner):
            edit.set_names(active)

    def _load_phases(self) -> None:
        phases = planning.list_phases(self.database, self.session_id or "")
        self._phases = {p.id: p.heading for p in phases}
        self._review_phases = {p.id for p in phases if p.format_key == "review-round"}

    def _show_phase(self) -> None:
        phase_id = self.phase_id
        self.phase_label.setText(f"Phase: {self._phases.get(phase_id, '')}" if phase_id else "")
        # During a review-round phase of a live session, the review list is one click away.
        self.review_button.setVisible(
            not self.group_by_kind and phase_id is not None and phase_id in self._review_phases
        )

    def _on_changes(self, changes: Changes) -> None:
        """Something this panel shows changed elsewhere (a review round's learnings, votes,
        a renamed person, an edited agenda): show it as it now stands."""
        if self.session_id is None:
            return
        if changes.touches(Topic.PEOPLE):
            self._load_roster()
        if changes.touches(Topic.AGENDA):
            self._load_phases()
            self._show_phase()
        if changes.touches(Topic.CAPTURES, Topic.REVIEWS):
            with self.draft_keeper.quietly():
                self._fill_experiment_links()
            self._forget_said_if_changed()
        self.refresh()

    def _forget_said_if_changed(self) -> None:
        """A line saying what was saved goes once that item reads otherwise (a sync brought
        another laptop's later change, say): it would quote text no longer there."""
        if self._said is None:
            return
        kind, said = self._said
        try:
            now = capture.get(self.database, kind, said.id)
        except FacilitatorError:
            now = None
        if now is None or kinds.main_text(now) != kinds.main_text(said):
            self._said = None
            self._set_message("")

    def take_kind_keys(self, host: QWidget, reveal: Callable[[], object] | None = None) -> None:
        """Let Ctrl+1…5 anywhere in ``host`` (the run screen) choose a kind and go to the
        capture text, ahead of window shortcuts on the same keys; ``reveal`` brings this
        panel back first when something has taken its place."""
        host.installEventFilter(KindKeys(self, host, reveal))

    def set_kind(self, kind: str) -> None:
        """Switch the form to another kind (not while editing an item)."""
        if self._editing is not None and kind != self.kind:
            return
        self.kind = kind
        self.kind_buttons[kind].setChecked(True)
        for other, page in self._page_widgets.items():
            page.setVisible(other == kind)
        self._fit_fields()
        self.entry.setPlaceholderText(
            READ_ONLY_HINT if self.database.read_only else PLACEHOLDERS[kind]
        )
        # Qt repaints an empty field's hint only as it appears or goes: without this the empty field
        # kept inviting the kind before ("Type an idea…" on a decision).
        self.entry.viewport().update()
        self._update_heading()
        if self.session_id is not None:
            self.draft_keeper.changed()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._fit_fields()

    def focus_entry(self) -> None:
        self.entry.setFocus()

    def refresh(self) -> None:
        """Show the session's items as stored, keeping the selection where it was."""
        selected = self.selected()
        self.tree.clear()
        if self.session_id is None:
            return
        items = capture.for_session(self.database, self.session_id)
        dots = capture.dots(self.database, self.session_id)
        today = local_today(self.clock)
        if self.group_by_kind:
            for kind in kinds.KINDS:
                of_kind = [i for i in items if kinds.of(i) is kind]
                group = QTreeWidgetItem([f"{kind.plural} ({len(of_kind)})"])
                font = group.font(0)
                font.setBold(True)
                group.setFont(0, font)
                group.setFlags(Qt.ItemFlag.ItemIsEnabled)
                self.tree.addTopLevelItem(group)
                group.setFirstColumnSpanned(True)  # works once the row is in the tree
                for item in of_kind:
                    group.addChild(self._row(item, dots, today))
                group.setExpanded(True)
        else:
            for item in reversed(items):  # newest on top, where the eye is
                self.tree.addTopLevelItem(self._row(item, dots, today))
        self.list_title.setText(f"This session ({len(items)})")
        if selected:
            self.select_item(*selected)
        self._update_undo()

    def select_item(self, kind: str, item_id: str) -> bool:
        """Select an item in the list (for search results and after edits)."""
        for row in self._rows():
            if row.data(0, ROLE_ITEM) == (kind, item_id):
                self.tree.setCurrentItem(row)
                self.tree.scrollToItem(row)
                return True
        return False

    def selected(self) -> tuple[str, str] | None:
        row = self.tree.currentItem()
        data = row.data(0, ROLE_ITEM) if row is not None else None
        return (str(data[0]), str(data[1])) if data else None

    # ------------------------------------------------------------ saving
    def commit(self) -> None:
        """Store what is in the form: a new item, or the changes to the one being edited."""
        if self.session_id is None:
            return
        kind, text, editing = self.kind, self.entry.text(), self._editing
        try:
            fields = self._fields(kind)
        except FieldError as exc:  # a name or a date the form could not read
            self._refused(str(exc), exc.widget)
            return
        if editing is not None:
            main = kinds.get(kind).main_field
            done = ops.run_op(
                self,
                "Could not save the changes",
                lambda: capture.change(
                    self.database, editing, clock=self.clock, **{main: text}, **fields
                ),
                inline=self.message,
            )
        else:
            session_id, phase_id = self.session_id, self.phase_id
            done = ops.run_op(
                self,
                "Could not save the item",
                lambda: drafts.entered(  # the item stored and its draft dropped, together
                    self.database,
                    session_id,
                    DRAFT_KEY,
                    lambda: capture.add(
                        self.database,
                        kind,
                        session_id,
                        text,
                        phase_id=phase_id,
                        clock=self.clock,
                        **fields,
                    ),
                ),
                inline=self.message,
            )
        if done is None:
            self._refused(None, self.entry)  # nothing was stored: every typed word stays
            return
        stored = done.value
        if editing is None:
            self.draft_keeper.forget()
        self._saved(kind, stored, text, was_editing=editing is not None)

    def _saved(self, kind: str, stored: Capture, text: str, *, was_editing: bool) -> None:
        """Say what was stored, clear the form for the next item and show it in the list."""
        when = session_time.clock_in(stored.created_at, self._zone)
        self._set_message(
            f"{'Changed' if was_editing else 'Saved'} "
            f"{kinds.get(kind).label.lower()}"
            f"{'' if was_editing else ' at ' + when}: “{_short(text, 50)}”"
        )
        self._said = (kind, stored)  # the line speaks of it while it reads so
        self._editing = None
        with self.draft_keeper.quietly():
            self._clear_form(kind)
        if was_editing:
            self._leave_edit_mode()
        elif not self._form_empty():
            self.draft_keeper.changed()  # another kind's fields still hold typing: keep that
        self.refresh()
        self.select_item(kind, stored.id)
        if kind == "experiment":
            with self.draft_keeper.quietly():
                self._fill_experiment_links()
        self.entry.setFocus()
        if not was_editing:
            self.item_did_capture.emit(kind, stored.id)

    def _refused(self, text: str | None, widget: QWidget) -> None:
        """A refusal under the form (``text``, or what ``ops`` put there already), and the
        cursor back in the field it is about."""
        self._set_message(self.message.text() if text is None else text, error=True)
        self._refusal = True
        widget.setFocus()

    def _on_entry_text_changed(self) -> None:
        self.drop_refusal()  # the text is being put right: the refusal has been read
        if self.message.text() in (DRAFT_RESTORED, DRAFT_AGAIN) and self._form_empty():
            self._set_message("")  # what was brought back has gone: nothing to say of it

    def drop_refusal(self) -> None:
        """A refusal shown under the form has had its say (the text is put right, another
        phase began, the session ended): the line is cleared."""
        if self._refusal:
            self._set_message("")

    def edit_selected(self) -> None:
        """Load the selected item into the form; Enter saves the changes, Esc cancels."""
        selected = self.selected()
        if selected is None:
            return
        kind, item_id = selected
        try:
            item = capture.get(self.database, kind, item_id)
        except FacilitatorError as exc:  # a read, not an action
            ops.show_error(self, "Could not open the item", exc)
            self.refresh()
            return
        if self._editing is None:
            self.draft_keeper.flush()
            self._held = self._snapshot()
        self.draft_keeper.paused = True  # an edit of a stored item is not the new-item draft
        self.set_kind(kind)
        self._editing = item
        self._load(item)
        for button in self.kind_buttons.values():
            button.setEnabled(False)
        self.cancel_button.show()
        self._update_heading()
        self._set_message("Editing: change the text or the fields, then press Enter.")
        self.entry.setFocus()
        self.entry.moveCursor(QTextCursor.MoveOperation.End)

    def cancel_edit(self) -> None:
        if self._editing is None:
            return
        self._editing = None
        with self.draft_keeper.quietly():
            self._clear_form(self.kind)
        self._leave_edit_mode()
        self._set_message("")
        self.tree.setFocus()

    def delete_selected(self) -> None:
        selected = self.selected()
        if selected is None:
            return
        kind, item_id = selected
        if self._editing is not None and self._editing.id == item_id:
            self.cancel_edit()
        row = self.tree.currentItem()
        below = (self.tree.itemBelow(row) or self.tree.itemAbove(row)) if row else None
        next_data = below.data(0, ROLE_ITEM) if below is not None else None
        done = ops.run_op(
            self,
            "Could not delete the item",
            lambda: capture.delete(self.database, kind, item_id, clock=self.clock),
            inline=self.message,
        )
        if done is None:
            self._refused(None, self.tree)
            return
        self._set_message(
            f"Deleted {kinds.get(kind).label.lower()} "
            f"“{_short(done.value.summary, 50)}”. Ctrl+Z brings it back."
        )
        self.refresh()
        if next_data:
            self.select_item(*next_data)
        self.tree.setFocus()

    def undo(self) -> None:
        """Bring back the last deleted or changed item of this session."""
        if self.session_id is None:
            return
        session_id = self.session_id
        done = ops.run_op(
            self,
            "Could not undo",
            lambda: capture.undo(self.database, session_id, self._since),
            inline=self.message,
        )
        if done is None:
            self._refused(None, self.entry)
            return
        entry = done.value
        if entry is None:
            self._set_message("Nothing to undo.")
            return
        if self._editing is not None and self._editing.id == entry.item_id:
            self.cancel_edit()
        verb = "Brought back" if entry.op == "delete" else "Undid the change to"
        self._set_message(
            f"{verb} {kinds.get(entry.kind).label.lower()} “{_short(entry.summary, 50)}”."
        )
        self.refresh()
        self.select_item(entry.kind, entry.item_id)

    def _leave_edit_mode(self) -> None:
        for button in self.kind_buttons.values():
            button.setEnabled(True)
        self.cancel_button.hide()
        with self.draft_keeper.quietly():
            if self._held is not None:
                values, choices = self._held
                self._held = None
                self._restore(values, choices)
        self.draft_keeper.paused = False
        self._update_heading()

    def _update_heading(self) -> None:
        name = kinds.get(self.kind).label.lower()
        if self._editing is not None:
            self.heading.setText(f"Editing {name}")
            self.save_button.setText("Save changes  (Enter)")
        else:
            self.heading.setText(f"New {name}")
            self.save_button.setText("Save  (Enter)")

    def _fill_experiment_links(self) -> None:
        """The team's experiments a learning may come from, newest first."""
        current = self.experiment_link.currentData()
        self.experiment_link.clear()
        self.experiment_link.addItem("— none —", "")
        for exp in reversed(capture.team_experiments(self.database, self._team_id)):
            self.experiment_link.addItem(
                f"{_short(exp.hypothesis, 70)} [{exp.status.value.capitalize()}]", exp.id
            )
        index = self.experiment_link.findData(current) if current else 0
        self.experiment_link.setCurrentIndex(max(0, index))

    def _set_message(self, text: str, *, error: bool = False) -> None:
        self._said = None  # another line: of no item
        self._refusal = False
        self.message.setText(text)
        set_role(self.message, "error" if error else "hint")

    def _update_undo(self) -> None:
        entry = (
            capture.next_undo(self.database, self.session_id, self._since)
            if self.session_id
            else None
        )
        self.undo_button.setEnabled(entry is not None)
        self.undo_button.setText(capture.describe_undo(entry) if entry else "Undo")

    # ------------------------------------------------------------ list rows
    def _rows(self) -> list[QTreeWidgetItem]:
        rows: list[QTreeWidgetItem] = []
        for i in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(i)
            if top is None:
                continue
            rows.append(top)
            rows += [child for j in range(top.childCount()) if (child := top.child(j)) is not None]
        return rows

    def _row(self, item: Capture, dots: dict[str, int], today: date) -> QTreeWidgetItem:
        kind = kinds.of(item)
        name = self._names.get
        details: list[str] = []
        if isinstance(item, Contribution):
            if item.participant_id:
                details.append(name(item.participant_id, "?"))
            if dots.get(item.id):
                details.append(f"{dots[item.id]} dots")
        elif isinstance(item, Decision):
            details.append(label(item.method))
            if item.consulted:
                details.append("consulted " + ", ".join(name(p, "?") for p in item.consulted))
        elif isinstance(item, Action):
            details.append(name(item.owner_id or "", "") or "no owner")
            if item.due:
                overdue = item.status is ActionStatus.OPEN and item.due < today.isoformat()
                details.append(f"due {item.due}{' — overdue' if overdue else ''}")
            if item.status is not ActionStatus.OPEN:
                details.append(item.status.value.capitalize())
        elif isinstance(item, Experiment):
            details.append(item.status.value.capitalize())
            if item.owner_id:
                details.append(name(item.owner_id, "?"))
            if item.review_on:
                details.append(f"review {item.review_on}")
        elif isinstance(item, Learning) and item.experiment_id:
            details.append("from an experiment")
        when = session_time.clock_in(item.created_at, self._zone)
        phase = self._phases.get(item.phase_id or "", "")
        # Grouped by kind, the group says the kind; the first column is left to the tree.
        shown_kind = "" if self.group_by_kind else kind.label
        row = QTreeWidgetItem(
            [
                shown_kind,
                _short(kind.main_text(item), 300),
                " · ".join(details),
                f"{phase} {when}".strip(),
            ]
        )
        row.setData(0, ROLE_ITEM, (kind.name, item.id))
        row.setToolTip(1, kind.main_text(item)[:2000])
        row.setToolTip(2, " · ".join(details))
        if not self.group_by_kind and (phase or when):
            row.setToolTip(0, f"{phase} {when}".strip())
        return row

    def _on_review_button_clicked(self) -> None:
        if self.session_id:
            self.review_requested.emit(self.session_id, self.phase_id or "")

    def _on_tree_item_activated(self, row: QTreeWidgetItem, _column: int) -> None:
        if row.data(0, ROLE_ITEM):
            self.edit_selected()
