"""Assign the roles of one session: the engine's suggestions with their reasons, accepted
with Enter, changed with a recorded reason, with who is here and who opted out.

Signals (SessionRolesScreen):
    roles_changed(str): the session's stored rota or attendance changed (the session id).
    close_requested(): the user is done (Esc or the Close button).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from facilitator import planning, rota, rota_record
from facilitator.clock import Clock, SystemClock, parse_iso, utc_now_iso
from facilitator.errors import FacilitatorError
from facilitator.model import (
    AttendanceStatus,
    Participant,
    Role,
    RoleAssignment,
    RoleOptOut,
    RotationRules,
    Session,
    SessionStatus,
)
from facilitator.rotation import NEWCOMER_DAYS, Sitting, Tally, build_history, session_day
from facilitator.store import sessions as sessions_store
from facilitator.store import teams as teams_store
from facilitator.store.database import Database
from ui.models.ledger_model import short_date, times
from ui.models.rota_model import RotaModel, RotaRow


def _local_time(at: str) -> str:
    return parse_iso(at).astimezone().strftime("%H:%M")


@dataclass(frozen=True)
class Candidate:
    """Someone who could take a role, described for the chooser."""

    participant: Participant
    label: str


class _ReasonDialog(QDialog):
    """Pick one option and say why; a refused change shows its message and keeps the text."""

    def __init__(
        self,
        title: str,
        intro: str,
        choice_label: str,
        choice_name: str,
        options: list[tuple[str, str]],
        ok_text: str,
        example: str,
        submit: object,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self._submit = submit
        self.choice = QComboBox()
        self.choice.setAccessibleName(choice_name)
        for text, value in options:
            self.choice.addItem(text, value)
        self.reason = QLineEdit()
        self.reason.setAccessibleName(f"Reason for the {ok_text.lower()}")
        self.reason.setPlaceholderText(example)
        self.error = QLabel()
        self.error.setProperty("role", "error")
        self.error.setWordWrap(True)
        self.error.hide()
        form = QFormLayout()
        form.addRow(QLabel(intro))
        form.addRow(choice_label, self.choice)
        form.addRow("&Reason:", self.reason)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
        buttons.accepted.connect(self._on_buttons_accepted)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.resize(620, 220)

    def _on_buttons_accepted(self) -> None:
        try:
            self._submit(self.choice.currentData(), self.reason.text())  # type: ignore[operator]
        except FacilitatorError as exc:
            self.error.setText(str(exc))  # the typed reason stays in its field
            self.error.show()
            return
        self.accept()


class ReassignDialog(_ReasonDialog):
    """Choose who takes a role and say why; the reason is stored with the change."""

    def __init__(
        self,
        role: Role,
        holder: str,
        candidates: list[Candidate],
        submit: object,
        parent: QWidget | None = None,
    ) -> None:
        intro = (
            f"{role.name} is now held by <b>{holder}</b>."
            if holder
            else f"Nobody holds {role.name} now."
        )
        super().__init__(
            f"Reassign {role.name}",
            intro,
            "&Who takes it:",
            f"Who takes {role.name}",
            [(c.label, c.participant.id) for c in candidates],
            "Reassign",
            "e.g. Ann presents the figures today",
            submit,
            parent,
        )
        self.who = self.choice


class SwapDialog(_ReasonDialog):
    """Exchange the holders of two roles, with a reason."""

    def __init__(
        self,
        role: Role,
        holder: str,
        others: list[tuple[str, str]],
        submit: object,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            f"Swap {role.name}",
            f"<b>{holder}</b> holds {role.name}.",
            "Swap &with:",
            "Swap with which role",
            [(text, role_id) for role_id, text in others],
            "Swap",
            "e.g. they asked to trade",
            submit,
            parent,
        )
        self.other = self.choice


class OptOutDialog(QDialog):
    """Which roles a person does not take, until when, and why."""

    def __init__(
        self,
        person: Participant,
        roles: list[Role],
        current: list[RoleOptOut],
        today: QDate,
        submit: object,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Opt-outs for {person.name}")
        self._submit = submit
        self._person = person
        mine = {o.role_id: o for o in current}
        self.boxes: dict[str, QCheckBox] = {}
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"Roles <b>{person.name}</b> does not take:"))
        for role in roles:
            box = QCheckBox(role.name)
            box.setChecked(role.id in mine)
            self.boxes[role.id] = box
            layout.addWidget(box)
        ends = sorted(o.until for o in current if o.until)
        self.forever = QCheckBox("Until we change it (no end date)")
        self.forever.setChecked(not ends)
        self.until = QDateEdit()
        self.until.setAccessibleName("Last day of the opt-out")
        self.until.setCalendarPopup(True)
        self.until.setDisplayFormat("d MMM yyyy")
        self.until.setDate(QDate.fromString(ends[-1], "yyyy-MM-dd") if ends else today.addMonths(3))
        self.until.setEnabled(bool(ends))
        self.forever.toggled.connect(lambda on: self.until.setEnabled(not on))
        self.note = QLineEdit(next((o.note for o in current if o.note), ""))
        self.note.setAccessibleName("Note")
        self.note.setPlaceholderText("e.g. not Timekeeper this quarter")
        form = QFormLayout()
        form.addRow(self.forever)
        form.addRow("&Last day:", self.until)
        form.addRow("&Note:", self.note)
        layout.addLayout(form)
        self.error = QLabel()
        self.error.setProperty("role", "error")
        self.error.hide()
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._on_buttons_accepted)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def optouts(self) -> list[RoleOptOut]:
        until = "" if self.forever.isChecked() else self.until.date().toString("yyyy-MM-dd")
        return [
            RoleOptOut(
                self._person.id,
                role_id,
                until=until,
                note=self.note.text(),
                created_at=utc_now_iso(),
            )
            for role_id, box in self.boxes.items()
            if box.isChecked()
        ]

    def _on_buttons_accepted(self) -> None:
        try:
            self._submit(self.optouts())  # type: ignore[operator]
        except FacilitatorError as exc:
            self.error.setText(str(exc))
            self.error.show()
            return
        self.accept()


class SessionRolesScreen(QWidget):
    roles_changed = Signal(str)
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

        self.title = QLabel()
        self.title.setProperty("role", "title")
        self.subtitle = QLabel()
        self.subtitle.setProperty("role", "subtitle")
        self.subtitle.setWordWrap(True)
        self.notes = QLabel()
        self.notes.setProperty("role", "banner")
        self.notes.setWordWrap(True)
        self.notes.hide()

        # Left: who is here, opt-outs and the team's rules.
        here_label = QLabel("&Who is here")
        here_label.setProperty("role", "subtitle")
        self.people = QListWidget()
        self.people.setAccessibleName("Who is here")
        self.people.setSpacing(2)
        self.people.setStyleSheet("QListWidget { font-size: 12pt; }")
        self.people.setToolTip(
            "Space ticks or unticks the selected person. Unticking someone "
            "who holds a role passes it on."
        )
        here_label.setBuddy(self.people)
        self.people.itemChanged.connect(self._on_people_item_changed)
        self.optout_button = QPushButton("&Opt-outs…")
        self.optout_button.setToolTip("Roles the selected person does not take (Ctrl+O)")
        self.optout_button.clicked.connect(self._on_optout_button_clicked)
        self.per_phase = QCheckBox("Change roles at every agenda &item")
        self.per_phase.setToolTip(
            "Off: one set of roles for the whole session. On: each "
            "agenda item (a format's steps together) gets its own."
        )
        self.per_phase.toggled.connect(self._on_rules_toggled)
        self.shadow = QCheckBox("&Newcomers shadow before holding a role")
        self.shadow.setToolTip(
            f"Someone who joined the team in the last {NEWCOMER_DAYS} "
            "days watches an experienced holder once before holding it."
        )
        self.shadow.toggled.connect(self._on_rules_toggled)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(here_label)
        left_layout.addWidget(self.people, 1)
        left_layout.addWidget(self.optout_button)
        rules = QLabel("Team rules")
        rules.setProperty("role", "subtitle")
        left_layout.addWidget(rules)
        left_layout.addWidget(self.per_phase)
        left_layout.addWidget(self.shadow)

        # Right: the rota.
        self.sitting_label = QLabel("&Agenda item:")
        self.sitting = QComboBox()
        self.sitting.setAccessibleName("Agenda item")
        self.sitting_label.setBuddy(self.sitting)
        self.sitting.currentIndexChanged.connect(self._on_sitting_current_index_changed)
        sitting_row = QHBoxLayout()
        sitting_row.addWidget(self.sitting_label)
        sitting_row.addWidget(self.sitting, 1)
        self.model = RotaModel(self)
        self.table = QTableView()
        self.table.setAccessibleName("Roles")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.setTabKeyNavigation(False)  # arrows choose a role, Tab reaches the buttons
        self.table.verticalHeader().hide()
        self.table.setStyleSheet("QTableView { font-size: 12pt; }")
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.doubleClicked.connect(lambda _index: self._on_reassign_button_clicked())

        self.accept_button = QPushButton("Accept all  (Enter)")
        self.accept_button.setProperty("role", "primary")
        self.accept_button.setAccessibleName("Accept all suggested roles")
        self.accept_button.clicked.connect(self._on_accept_button_clicked)
        self.reassign_button = QPushButton("&Reassign…  (F2)")
        self.reassign_button.setAccessibleName("Reassign the selected role")
        self.reassign_button.clicked.connect(self._on_reassign_button_clicked)
        self.swap_button = QPushButton("S&wap…  (F3)")
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
        self.status.setAccessibleName("Status")
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addLayout(sitting_row)
        right_layout.addWidget(self.table, 1)
        right_layout.addLayout(buttons)
        right_layout.addWidget(self.status)

        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
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
        self.refresh()

    # ------------------------------------------------------------ reading the store
    def refresh(self, keep_row: int | None = None) -> None:
        """Reload everything from the store and show it."""
        try:
            session = sessions_store.get_session(self.database, self.session_id)
            data = rota_record.load_team(
                self.database, session.team_id, attendance_of=[self.session_id]
            )
            session = data.session(self.session_id)
            plan = rota.plan_session(data, session)
        except FacilitatorError as exc:
            self.title.setText("Roles")
            self.subtitle.setText(str(exc))
            self.setEnabled(False)
            return
        self.data, self.session, self.plan = data, session, plan
        self.stored = rota_record.in_force(data.assignments.get(session.id, []))
        row = keep_row if keep_row is not None else max(0, self.table.currentIndex().row())
        self._filling = True
        try:
            self._show_header()
            self._show_people()
            self._show_rules()
            self._show_sittings()
            self._show_rota()
        finally:
            self._filling = False
        if self.model.rowCount():
            self.table.selectRow(min(row, self.model.rowCount() - 1))
        self._update_buttons()

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

    def _show_people(self) -> None:
        assert self.data and self.session
        present, assumed = rota_record.present_people(self.data, self.session)
        here = {p.id for p in present}
        marks = {a.participant_id: a for a in self.data.attendance.get(self.session.id, [])}
        day = session_day(self.session)
        current = self.people.currentRow()
        self.people.clear()
        for person in (p for p in self.data.people if p.active):
            lines = [person.name]
            mark = marks.get(person.id)
            if mark and mark.status is AttendanceStatus.LEFT_EARLY and mark.left_at:
                lines.append(f"   left at {_local_time(mark.left_at)}")
            outs = [
                o for o in self.data.optouts if o.participant_id == person.id and o.applies_on(day)
            ]
            if outs:
                names = [r.name for o in outs if (r := self.data.role(o.role_id))]
                until = {o.until for o in outs}
                end = (
                    f" until {short_date(next(iter(until)))}"
                    if len(until) == 1 and next(iter(until))
                    else ""
                )
                lines.append(f"   not {', '.join(names)}{end}")
            item = QListWidgetItem("\n".join(lines))
            item.setData(Qt.ItemDataRole.UserRole, person.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(
                Qt.CheckState.Checked if person.id in here else Qt.CheckState.Unchecked
            )
            item.setToolTip(
                f"{person.name}: {'here' if person.id in here else 'not here'}"
                + (" (assumed: no attendance recorded yet)" if assumed else "")
            )
            self.people.addItem(item)
        self.people.setCurrentRow(max(0, min(current, self.people.count() - 1)))

    def _show_rules(self) -> None:
        assert self.data
        self.per_phase.setChecked(self.data.rules.per_phase)
        self.shadow.setChecked(self.data.rules.shadow_newcomers)

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
        sitting = self.current_sitting()
        mine = [a for a in self.stored if a.phase_id == sitting.phase_id]
        rows: list[RotaRow] = []
        present, _assumed = rota_record.present_people(self.data, self.session)
        here = {p.id for p in present}
        day = session_day(self.session)
        blocked = {(o.participant_id, o.role_id) for o in self.data.optouts if o.applies_on(day)}
        if mine:
            roles = self.data.rotating() + [
                r for r in self.data.roles if not r.rotates and any(a.role_id == r.id for a in mine)
            ]
            for role in roles:
                holder = next((a for a in mine if a.role_id == role.id and not a.shadow_of), None)
                shadow = next((a for a in mine if a.role_id == role.id and a.shadow_of), None)
                if holder is None:
                    rows.append(
                        RotaRow(
                            role.id,
                            role.name,
                            None,
                            "—",
                            "",
                            f"Nobody holds {role.name} in this session.",
                            "Unassigned",
                        )
                    )
                    continue
                person = self.data.person(holder.participant_id)
                name = person.name if person else "(removed participant)"
                shadow_person = self.data.person(shadow.participant_id) if shadow else None
                status = "Changed" if holder.overridden else "Accepted"
                if holder.confirmed_at:
                    status += f", confirmed {_local_time(holder.confirmed_at)}"
                why = (
                    f"Changed by the facilitator: {holder.reason}"
                    if holder.overridden
                    else holder.reason
                )
                warning = ""
                also = [
                    r.name
                    for a in mine
                    if a.participant_id == holder.participant_id
                    and not a.shadow_of
                    and a.role_id != role.id
                    and (r := self.data.role(a.role_id))
                ]
                if holder.participant_id not in here:
                    warning = f"{name} is not marked as here."
                elif (holder.participant_id, role.id) in blocked:
                    warning = f"{name} has opted out of {role.name}."
                elif also:
                    warning = f"{name.split()[0]} also holds {', '.join(also)}."
                rows.append(
                    RotaRow(
                        role.id,
                        role.name,
                        holder.participant_id,
                        name,
                        shadow_person.name if shadow_person else "",
                        why,
                        status,
                        holder.overridden,
                        warning,
                    )
                )
        else:
            suggestion = self.plan.sittings[self.sitting.currentIndex() or 0].suggestion
            for pick in suggestion.picks:
                person = self.data.person(pick.participant_id) if pick.participant_id else None
                shadow_person = self.data.person(pick.shadow_id) if pick.shadow_id else None
                why = pick.reason + (f"\n{pick.shadow_reason}" if pick.shadow_reason else "")
                rows.append(
                    RotaRow(
                        pick.role.id,
                        pick.role.name,
                        pick.participant_id,
                        person.name if person else "—",
                        shadow_person.name if shadow_person else "",
                        why,
                        "Suggested" if person else "Unassigned",
                    )
                )
        self.model.set_rows(rows)
        self.table.resizeRowsToContents()

    def resizeEvent(self, event: object) -> None:  # noqa: N802
        super().resizeEvent(event)  # type: ignore[arg-type]
        # Wrapped reasons need their rows re-measured once the Why column has its width.
        self.table.resizeRowsToContents()

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
        self.per_phase.setEnabled(writable and not stored)
        self.shadow.setEnabled(writable)

    # ------------------------------------------------------------ helpers
    def _selected_row(self) -> RotaRow | None:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        return self.model.row_at(index.row())

    def _report(self, title: str, exc: FacilitatorError) -> None:
        QMessageBox.warning(self, title, str(exc))

    def _changed(self, message: str) -> None:
        self.status.setText(message)
        self.roles_changed.emit(self.session_id)

    def _candidates(self, role_id: str) -> list[Candidate]:
        """The people here, with how often they held this role and what they hold now."""
        assert self.data and self.session
        tally = Tally(build_history(self.data.past(self.session_id)))
        present, _assumed = rota_record.present_people(self.data, self.session)
        day = session_day(self.session)
        blocked = {(o.participant_id, o.role_id) for o in self.data.optouts if o.applies_on(day)}
        now = {r.holder_id: r.role for r in self.model.rows() if r.holder_id}
        result = []
        for person in present:
            count = tally.count[(person.id, role_id)]
            label = f"{person.name} — has been it {times(count)}"
            if count:
                label += f", last {short_date(tally.last_on[(person.id, role_id)])}"
            if person.id in now:
                label += f" · holds {now[person.id]}"
            if (person.id, role_id) in blocked:
                label += " · opted out"
            result.append(Candidate(person, label))
        result.sort(
            key=lambda c: (tally.count[(c.participant.id, role_id)], c.participant.name.casefold())
        )
        return result

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
        if self.plan is None or self.stored or not self.accept_button.isEnabled():
            return
        try:
            rota.accept(self.database, self.plan, clock=self.clock)
        except FacilitatorError as exc:
            self._report("Could not accept the roles", exc)
            return
        self.refresh()
        items = len(self.plan.sittings)
        where = f" for all {items} agenda items" if items > 1 else ""
        self._changed(f"Roles accepted{where}. Ctrl+H shows the handover.")

    def _on_reassign_button_clicked(self) -> None:
        row = self._selected_row()
        if row is None or not self.reassign_button.isEnabled() or self.data is None:
            return
        role = self.data.role(row.role_id)
        if role is None:
            return
        candidates = [c for c in self._candidates(row.role_id) if c.participant.id != row.holder_id]
        if not candidates:
            QMessageBox.information(
                self, "Nobody else is here", f"Nobody else who is here can take {role.name}."
            )
            return
        sitting = self.current_sitting()
        chosen: list[str] = []

        def submit(participant_id: str, reason: str) -> None:
            rota.reassign(
                self.database,
                self.session_id,
                row.role_id,
                participant_id,
                reason,
                phase_id=sitting.phase_id,
                clock=self.clock,
            )
            chosen.append(participant_id)

        dialog = ReassignDialog(role, row.holder if row.holder_id else "", candidates, submit, self)
        if dialog.exec() and chosen:
            person = self.data.person(chosen[0])
            current = self.table.currentIndex().row()
            self.refresh(keep_row=current)
            self._changed(
                f"{role.name}: {person.name if person else 'someone'} takes over; "
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
        sitting = self.current_sitting()
        done: list[str] = []

        def submit(other_id: str, reason: str) -> None:
            rota.swap(
                self.database,
                self.session_id,
                row.role_id,
                other_id,
                reason,
                phase_id=sitting.phase_id,
                clock=self.clock,
            )
            done.append(other_id)

        dialog = SwapDialog(role, row.holder, others, submit, self)
        if dialog.exec() and done:
            other = self.data.role(done[0])
            current = self.table.currentIndex().row()
            self.refresh(keep_row=current)
            self._changed(
                f"{role.name} and {other.name if other else 'the other role'} "
                "swapped holders; the reason is recorded."
            )

    def _on_again_button_clicked(self) -> None:
        if not self.again_button.isEnabled() or self.data is None or self.session is None:
            return
        answer = QMessageBox.question(
            self,
            "Suggest again?",
            "Replace the roles of this session with fresh suggestions? Changes made by hand "
            "are replaced too (they stay on record as replaced).",
        )
        if answer not in (QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.Ok):
            return
        try:
            plan = rota.plan_session(self.data, self.session)
            rota.accept(self.database, plan, clock=self.clock)
        except FacilitatorError as exc:
            self._report("Could not suggest again", exc)
            return
        self.refresh()
        self._changed("Fresh suggestions accepted.")

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
        self.refresh()
        self.roles_changed.emit(self.session_id)

    def _on_sitting_current_index_changed(self, _index: int) -> None:
        if self._filling or self.plan is None:
            return
        self._show_rota()
        if self.model.rowCount():
            self.table.selectRow(0)
        self._update_buttons()

    def _on_rules_toggled(self, _checked: bool) -> None:
        if self._filling or self.data is None:
            return
        rules = RotationRules(
            per_phase=self.per_phase.isChecked(), shadow_newcomers=self.shadow.isChecked()
        )
        try:
            teams_store.set_rotation_rules(self.database, self.data.team.id, rules)
        except FacilitatorError as exc:
            self._report("Could not change the team's rules", exc)
            self.refresh()
            return
        self.refresh()
        self._changed("Team rules changed; the suggestions follow them.")

    def _on_people_item_changed(self, item: QListWidgetItem) -> None:
        if self._filling or self.data is None or self.session is None:
            return
        pid = str(item.data(Qt.ItemDataRole.UserRole))
        person = self.data.person(pid)
        here = item.checkState() == Qt.CheckState.Checked
        holds = [a for a in self.stored if a.participant_id == pid]
        try:
            if not here and holds:
                new = rota.pass_on(self.database, self.session_id, pid, clock=self.clock).value
                taken = ", ".join(
                    f"{r.name} to {p.name}"
                    for a in new
                    if (r := self.data.role(a.role_id))
                    and (p := self.data.person(a.participant_id))
                )
                message = f"{person.name if person else 'They'} left; their roles passed on" + (
                    f": {taken}." if taken else ", but nobody here can take them."
                )
            else:
                checked = [
                    str(self.people.item(i).data(Qt.ItemDataRole.UserRole))
                    for i in range(self.people.count())
                    if self.people.item(i).checkState() == Qt.CheckState.Checked
                ]
                if not here and self.session.started_at:
                    planning.set_attendance(
                        self.database,
                        self.session_id,
                        pid,
                        AttendanceStatus.LEFT_EARLY,
                        utc_now_iso(self.clock),
                    )
                elif rota_record.present_people(self.data, self.session)[1] or not here:
                    planning.set_present(self.database, self.session_id, checked)
                else:
                    planning.set_attendance(
                        self.database, self.session_id, pid, AttendanceStatus.PRESENT
                    )
                name = person.name if person else "They"
                message = f"{name} is {'here' if here else 'not here'}."
                if not self.stored:
                    message += " The suggestions follow."
        except FacilitatorError as exc:
            self._report("Could not change who is here", exc)
            self.refresh()
            return
        row = self.people.currentRow()
        self.refresh()
        self.people.setCurrentRow(row)
        self._changed(message)

    def _on_optout_button_clicked(self) -> None:
        if self.data is None or not self.optout_button.isEnabled():
            return
        item = self.people.currentItem()
        if item is None:
            return
        person = self.data.person(str(item.data(Qt.ItemDataRole.UserRole)))
        if person is None:
            return
        current = [o for o in self.data.optouts if o.participant_id == person.id]
        today = QDate.currentDate()

        def submit(optouts: list[RoleOptOut]) -> None:
            teams_store.replace_optouts(self.database, person.id, optouts)

        dialog = OptOutDialog(person, self.data.rotating(), current, today, submit, self)
        if dialog.exec():
            self.refresh()
            self._changed(
                f"Opt-outs for {person.name} saved."
                + ("" if self.stored else " The suggestions follow.")
            )


class SessionRolesDialog(QDialog):
    """The roles screen in its own window, for the main window and the planner."""

    def __init__(
        self,
        database: Database,
        session_id: str,
        clock: Clock | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Roles")
        self.roles = SessionRolesScreen(database, session_id, clock, self)
        self.roles.close_requested.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.roles)
        self.resize(1200, 720)
        self.roles.table.setFocus()
