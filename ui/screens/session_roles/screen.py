"""The Roles screen of one session: the engine's suggestions with their reasons, accepted
with Enter, changed with a recorded reason, beside who is here, opt-outs and the team's
rules. Every change is a rota or roster action; the screen reloads when the record changes.

Signals (SessionRolesScreen):
    close_requested(): the user is done (Esc or the Close button).
"""

from __future__ import annotations

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QKeySequence, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from facilitator import planning, roster, rota, rota_record
from facilitator.changes import Changes, Done, Topic
from facilitator.clock import Clock, SystemClock
from facilitator.errors import FacilitatorError
from facilitator.model import RoleAssignment, RoleOptOut, RotationRules, Session, SessionStatus
from facilitator.rotation import Sitting, session_day
from facilitator.store.database import Database
from ui import ops
from ui.elided_label import ElidedLabel
from ui.models.ledger_model import short_date
from ui.models.rota_model import RotaModel, RotaRow
from ui.screens.session_roles.change_dialogs import ReassignDialog, SwapDialog
from ui.screens.session_roles.optout_dialog import OptOutDialog
from ui.screens.session_roles.people import PeopleList
from ui.screens.session_roles.rota_rows import candidates, rota_rows
from ui.screens.session_roles.team_rules import TeamRulesPanel
from ui.wrapped_text import WrappedTextDelegate

FOLLOWED = [
    Topic.ROLES,
    Topic.ATTENDANCE,
    Topic.PEOPLE,
    Topic.ROLE_CATALOGUE,
    Topic.TEAMS,
    Topic.SESSIONS,
    Topic.AGENDA,
]


class SessionRolesScreen(QWidget):
    close_requested = Signal()

    def __init__(
        self,
        database: Database,
        session_id: str,
        clock: Clock | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("session_roles")
        self.database = database
        self.session_id = session_id
        self.clock = clock or SystemClock()
        self.data: rota_record.TeamData | None = None
        self.session: Session | None = None
        self.plan: rota.SessionPlan | None = None
        self.stored: list[RoleAssignment] = []
        self._filling = False

        self.title = ElidedLabel()  # the session's title as typed; a long one ends in "…"
        self.title.setProperty("role", "title")
        self.subtitle = QLabel()
        self.subtitle.setProperty("role", "subtitle")
        self.subtitle.setTextFormat(Qt.TextFormat.PlainText)  # the team's name as typed
        self.subtitle.setWordWrap(True)
        self.notes = QLabel()
        self.notes.setProperty("role", "banner")
        self.notes.setWordWrap(True)
        self.notes.hide()

        splitter = QSplitter()
        splitter.addWidget(self._build_left())
        splitter.addWidget(self._build_right())
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([300, 900])
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.subtitle)
        layout.addWidget(self.notes)
        layout.addWidget(splitter, 1)

        for key, slot in (
            ("F2", self._on_reassign_button_clicked),
            ("F3", self._on_swap_button_clicked),
            ("Ctrl+H", self._on_handover_button_clicked),
            ("Ctrl+O", self._on_optout_button_clicked),
            ("Return", self._on_enter_pressed),
            ("Enter", self._on_enter_pressed),
            ("Esc", self.close_requested.emit),
        ):
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
        self.setTabOrder(self.table, self.accept_button)
        ops.follow(self, FOLLOWED, self._on_changes, own=True)
        self.refresh()

    def _build_left(self) -> QWidget:
        """Who is here, their opt-outs and the team's rules."""
        here_label = QLabel("&Who is here")
        here_label.setProperty("role", "subtitle")
        self.people = PeopleList()
        here_label.setBuddy(self.people)
        self.people.here_requested.connect(self._on_people_here_requested)
        self.optout_button = QPushButton("&Opt-outs…")
        self.optout_button.setToolTip("Roles the selected person does not take (Ctrl+O)")
        self.optout_button.clicked.connect(self._on_optout_button_clicked)
        self.rules = TeamRulesPanel()
        self.rules.rules_requested.connect(self._on_rules_rules_requested)
        left = QWidget()
        layout = QVBoxLayout(left)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(here_label)
        layout.addWidget(self.people, 1)
        layout.addWidget(self.optout_button)
        layout.addWidget(self.rules)
        return left

    def _build_right(self) -> QWidget:
        """The rota of the chosen agenda item, and what can be done with it."""
        self.sitting_label = QLabel("&Agenda item:")
        self.sitting = QComboBox()
        self.sitting.setAccessibleName("Agenda item")
        self.sitting_label.setBuddy(self.sitting)
        self.sitting.currentIndexChanged.connect(self._on_sitting_current_index_changed)
        sitting_row = QHBoxLayout()
        sitting_row.addWidget(self.sitting_label)
        sitting_row.addWidget(self.sitting, 1)
        self.model = RotaModel(self)
        self.table = self._build_table()

        self.accept_button = QPushButton("Accept all  (Enter)")
        self.accept_button.setProperty("role", "primary")
        self.accept_button.setAccessibleName("Accept all suggested roles")
        self.accept_button.clicked.connect(self._on_accept_button_clicked)
        self.reassign_button = QPushButton("&Reassign…  (F2)")
        self.reassign_button.setAccessibleName("Reassign the selected role")
        self.reassign_button.clicked.connect(self._on_reassign_button_clicked)
        self.swap_button = QPushButton("&Swap…  (F3)")
        self.swap_button.setAccessibleName("Swap the selected role with another")
        self.swap_button.clicked.connect(self._on_swap_button_clicked)
        self.again_button = QPushButton("Suggest a&gain")
        self.again_button.setToolTip(
            "Replace the accepted roles with fresh suggestions (before the session starts)"
        )
        self.again_button.clicked.connect(self._on_again_button_clicked)
        self.handover_button = QPushButton("&Hand over…  (Ctrl+H)")
        self.handover_button.setAccessibleName("Show the handover")
        self.handover_button.clicked.connect(self._on_handover_button_clicked)
        close = QPushButton("Close")
        close.setAccessibleName("Close the roles")
        close.clicked.connect(self.close_requested)
        buttons = QHBoxLayout()
        for button in (
            self.accept_button,
            self.reassign_button,
            self.swap_button,
            self.again_button,
            self.handover_button,
        ):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)  # names as typed
        self.status.setAccessibleName("Status")
        right = QWidget()
        layout = QVBoxLayout(right)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(sitting_row)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.status)
        return right

    def _build_table(self) -> QTableView:
        table = QTableView()
        table.setAccessibleName("Roles")
        table.setModel(self.model)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setWordWrap(True)
        table.setTabKeyNavigation(False)  # arrows choose a role, Tab reaches the buttons
        table.verticalHeader().hide()
        table.setStyleSheet("QTableView { font-size: 12pt; }")
        # Why, as tall as its lines are painted (a right-to-left name makes a line taller).
        table.setItemDelegateForColumn(2, WrappedTextDelegate(table))
        header = table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)  # _fit_holders
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        table.doubleClicked.connect(lambda _index: self._on_reassign_button_clicked())
        return table

    # ------------------------------------------------------------ reading the record
    def refresh(self) -> None:
        """Reload everything from the record and show it, keeping the selected role."""
        try:
            session = planning.get_session(self.database, self.session_id)
            data = rota_record.load_team(
                self.database, session.team_id, attendance_of=[self.session_id]
            )
            session = data.session(self.session_id)
            plan = rota.plan_session(data, session)
        except FacilitatorError as exc:  # a read: nothing to refuse, the screen says why
            self.title.setText("Roles")
            self.subtitle.setText(str(exc))
            self.setEnabled(False)
            return
        self.data, self.session, self.plan = data, session, plan
        self.stored = rota_record.in_force(data.assignments.get(session.id, []))
        row = max(0, self.table.currentIndex().row())
        self._filling = True
        try:
            self._show_header()
            self.people.show_people(data, session)
            self.rules.show_rules(data.rules)
            self._show_sittings()
            self._show_rota()
        finally:
            self._filling = False
        if self.model.rowCount():
            self.table.selectRow(min(row, self.model.rowCount() - 1))
        self._update_buttons()

    def _on_changes(self, _changes: Changes) -> None:
        self.refresh()

    def _show_header(self) -> None:
        assert self.data and self.session and self.plan
        session = self.session
        self.title.setText(f"Roles — {session.title}")
        state = "roles accepted" if self.stored else "suggested roles, not accepted yet"
        if session.status is SessionStatus.FINISHED:
            state = "ended: its roles are history"
        elif session.status is SessionStatus.RUNNING:
            state = "running now"
        when = short_date(session_day(session))
        self.subtitle.setText(f"{self.data.team.name} · {when} · {state}")
        notes = list(self.plan.notes)
        for sitting_plan in self.plan.sittings[:1]:
            notes += list(sitting_plan.suggestion.notes)
        if self.database.read_only:
            notes.insert(0, "The database is open read-only: you can look, not change.")
        self.notes.setText("\n".join(dict.fromkeys(notes)))
        self.notes.setVisible(bool(notes))

    def _show_sittings(self) -> None:
        assert self.plan
        previous = self.sitting.currentIndex()
        self.sitting.clear()
        for sitting_plan in self.plan.sittings:
            self.sitting.addItem(sitting_plan.sitting.title)
        self.sitting.setCurrentIndex(max(0, min(previous, self.sitting.count() - 1)))
        many = len(self.plan.sittings) > 1
        self.sitting.setVisible(many)
        self.sitting_label.setVisible(many)

    def current_sitting(self) -> Sitting:
        assert self.plan
        index = max(0, self.sitting.currentIndex())
        return self.plan.sittings[min(index, len(self.plan.sittings) - 1)].sitting

    def _show_rota(self) -> None:
        assert self.data and self.session and self.plan
        index = self.sitting.currentIndex()
        self.model.set_rows(rota_rows(self.data, self.session, self.plan, self.stored, index))
        self._fit_holders()

    def _fit_holders(self) -> None:
        """The Holder column as wide as its names, but never more than a quarter of the
        table: a very long name wraps rather than squeeze Why to a letter a line."""
        table = self.table
        cap = max(160, table.viewport().width() // 4)
        table.horizontalHeader().resizeSection(1, min(table.sizeHintForColumn(1), cap))
        table.resizeRowsToContents()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        # Wrapped reasons need their rows re-measured once the Why column has its width.
        self._fit_holders()

    def _update_buttons(self) -> None:
        assert self.session
        writable = not self.database.read_only
        open_session = self.session.status is not SessionStatus.FINISHED
        started = bool(self.session.started_at)
        stored = bool(self.stored)
        editable = writable and open_session
        self.accept_button.setEnabled(editable and not stored)
        self.accept_button.setDefault(editable and not stored)
        self.accept_button.setText("Accept all  (Enter)" if not stored else "Accepted")
        has_rows = self.model.rowCount() > 0
        self.reassign_button.setEnabled(editable and has_rows)
        self.swap_button.setEnabled(editable and has_rows)
        self.again_button.setEnabled(editable and stored and not started)
        self.handover_button.setEnabled(has_rows)
        self.people.setEnabled(editable)
        self.optout_button.setEnabled(writable)
        self.rules.set_editable(writable, stored)

    def _selected_row(self) -> RotaRow | None:
        index = self.table.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def _name(self, participant_id: str) -> str:
        person = self.data.person(participant_id) if self.data else None
        return person.name if person else "someone"

    # ------------------------------------------------------------ slots
    def _on_enter_pressed(self) -> None:
        focused = self.focusWidget()
        if isinstance(focused, QPushButton) and focused.isEnabled():
            focused.click()  # Enter on a focused button presses that button
            return
        if self.accept_button.isEnabled():
            self._on_accept_button_clicked()
        elif self.handover_button.isEnabled():
            self._on_handover_button_clicked()

    def _on_accept_button_clicked(self) -> None:
        plan = self.plan
        if plan is None or self.stored or not self.accept_button.isEnabled():
            return
        title = "Could not accept the roles"
        if ops.run_op(self, title, lambda: rota.accept(self.database, plan, clock=self.clock)):
            items = len(plan.sittings)
            where = f" for all {items} agenda items" if items > 1 else ""
            self.status.setText(f"Roles accepted{where}. Ctrl+H shows the handover.")

    def _on_reassign_button_clicked(self) -> None:
        row = self._selected_row()
        if row is None or not self.reassign_button.isEnabled() or not self.data:
            return
        role, session = self.data.role(row.role_id), self.session
        if role is None or session is None:
            return
        people = candidates(self.data, session, row.role_id, self.model.rows())
        people = [c for c in people if c.participant.id != row.holder_id]
        if not people:
            QMessageBox.information(
                self, "Nobody else is here", f"Nobody else who is here can take {role.name}."
            )
            return
        phase_id = self.current_sitting().phase_id

        def reassign(participant_id: str, reason: str) -> Done[RoleAssignment]:
            return rota.reassign(
                self.database,
                self.session_id,
                row.role_id,
                participant_id,
                reason,
                phase_id=phase_id,
                clock=self.clock,
            )

        dialog = ReassignDialog(role, row.holder if row.holder_id else "", people, reassign, self)
        if dialog.exec() and dialog.done_value:
            self.status.setText(
                f"{role.name}: {self._name(dialog.done_value.participant_id)} takes over; "
                "the change and its reason are recorded."
            )

    def _on_swap_button_clicked(self) -> None:
        row = self._selected_row()
        if row is None or not self.swap_button.isEnabled() or self.data is None:
            return
        role = self.data.role(row.role_id)
        others = [
            (r.role_id, f"{r.role} — {r.holder}")
            for r in self.model.rows()
            if r.role_id != row.role_id and r.holder_id and r.holder_id != row.holder_id
        ]
        if role is None or not row.holder_id or not others:
            QMessageBox.information(
                self, "Nothing to swap with", "Swapping needs two roles held by different people."
            )
            return
        phase_id = self.current_sitting().phase_id

        def swap(other_id: str, reason: str) -> Done[tuple[RoleAssignment, RoleAssignment]]:
            return rota.swap(
                self.database,
                self.session_id,
                row.role_id,
                other_id,
                reason,
                phase_id=phase_id,
                clock=self.clock,
            )

        dialog = SwapDialog(role, row.holder, others, swap, self)
        if dialog.exec() and dialog.done_value:
            other = self.data.role(dialog.done_value[1].role_id)
            self.status.setText(
                f"{role.name} and {other.name if other else 'the other role'} "
                "swapped holders; the reason is recorded."
            )

    def _on_again_button_clicked(self) -> None:
        data, session = self.data, self.session
        if not self.again_button.isEnabled() or data is None or session is None:
            return
        answer = QMessageBox.question(
            self,
            "Suggest again?",
            "Replace the roles of this session with fresh suggestions? Changes made by hand "
            "are replaced too (they stay on record as replaced).",
        )
        if answer not in (QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.Ok):
            return
        plan = rota.plan_session(data, session)
        if ops.run_op(
            self,
            "Could not suggest again",
            lambda: rota.accept(self.database, plan, clock=self.clock),
        ):
            self.status.setText("Fresh suggestions accepted.")

    def _on_handover_button_clicked(self) -> None:
        if not self.handover_button.isEnabled() or self.plan is None:
            return
        from ui.screens.handover import open_handover

        open_handover(
            self.database,
            self.session_id,
            self.current_sitting().phase_id,
            parent=self,
            clock=self.clock,
        )
        self.refresh()  # holders may have confirmed their roles

    def _on_sitting_current_index_changed(self, _index: int) -> None:
        if self._filling or self.plan is None:
            return
        self._show_rota()
        if self.model.rowCount():
            self.table.selectRow(0)
        self._update_buttons()

    def _on_rules_rules_requested(self, rules: RotationRules) -> None:
        if self.data is None:
            return
        team_id = self.data.team.id
        if ops.run_op(
            self,
            "Could not change the team's rules",
            lambda: roster.set_rotation_rules(self.database, team_id, rules),
        ):
            self.status.setText("Team rules changed; the suggestions follow them.")
        else:
            self.refresh()  # the ticks show the rules as they still are

    def _on_people_here_requested(self, participant_id: str, here: bool) -> None:
        if self.data is None:
            return
        stored = bool(self.stored)
        done = ops.run_op(
            self,
            "Could not change who is here",
            lambda: rota.mark_here(
                self.database, self.session_id, participant_id, here, clock=self.clock
            ),
        )
        if done is None:
            self.refresh()  # the tick shows who is still recorded as here
            return
        name = self._name(participant_id) if self.data.person(participant_id) else "They"
        if done.value is not None:
            taken = ", ".join(
                f"{r.name} to {self._name(a.participant_id)}"
                for a in done.value
                if (r := self.data.role(a.role_id))
            )
            self.status.setText(
                f"{name} left; their roles passed on"
                + (f": {taken}." if taken else ", but nobody here can take them.")
            )
        else:
            follow = "" if stored else " The suggestions follow."
            self.status.setText(f"{name} is {'here' if here else 'not here'}.{follow}")

    def _on_optout_button_clicked(self) -> None:
        if self.data is None or not self.optout_button.isEnabled():
            return
        person_id = self.people.current_person_id()
        person = self.data.person(person_id) if person_id else None
        if person is None:
            return
        current = [o for o in self.data.optouts if o.participant_id == person.id]

        def save(optouts: list[RoleOptOut]) -> Done[list[RoleOptOut]]:
            return roster.replace_optouts(self.database, person.id, optouts)

        roles = self.data.rotating()
        dialog = OptOutDialog(person, roles, current, QDate.currentDate(), save, self)
        if dialog.exec():
            self.status.setText(
                f"Opt-outs for {person.name} saved."
                + ("" if self.stored else " The suggestions follow.")
            )
