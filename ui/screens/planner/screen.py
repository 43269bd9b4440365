"""The session planner: the screen that puts the session's details, who is present, the
format library and the timed agenda side by side, and keeps them in step with each other
and with the record. Every edit is stored as it is made; Ctrl+Z undoes agenda changes."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from facilitator import agenda, own_formats, planning, roster
from facilitator.changes import Changes, Topic
from facilitator.clock import Clock, SystemClock
from facilitator.errors import FacilitatorError
from facilitator.formats import Format
from facilitator.model import Phase, PhaseMode, Session
from facilitator.store.database import Database
from ui import ops
from ui.elided_label import ElidedLabel
from ui.screens.new_session import NewSessionDialog
from ui.screens.planner.agenda_editor import AgendaEditor
from ui.screens.planner.attendance import AttendanceList
from ui.screens.planner.details import SessionDetailsForm
from ui.screens.planner.library import FormatLibrary
from ui.screens.planner.own_formats_dialog import OwnFormatsDialog
from ui.screens.planner.save_format import SaveFormatDialog
from ui.screens.planner.templates import SaveTemplateDialog

STATUS_TEXT = {"planned": "Planned", "running": "Running", "finished": "Finished"}
FOLLOWED = [Topic.SESSIONS, Topic.AGENDA, Topic.ATTENDANCE, Topic.TEMPLATES, Topic.PEOPLE]


class PlannerScreen(QWidget):
    """Plans one session; reloads itself when another screen or dialog changes it.

    Signals:
        back_requested(): the user wants to leave (Esc, Alt+Left or the Back button).
        session_created(str): a new session was made from a template (its id).
    """

    back_requested = Signal()
    session_created = Signal(str)

    def __init__(
        self, database: Database, clock: Clock | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("planner")
        self.database = database
        self.clock = clock or SystemClock()
        self.session: Session | None = None
        self.dialog: QDialog | None = None

        self.details = SessionDetailsForm(database, self.clock, self)
        self.details.session_did_change.connect(self._on_details_session_did_change)
        self.attendance = AttendanceList(database, self)
        self.attendance.present_did_change.connect(self._on_attendance_present_did_change)
        self.library = FormatLibrary(database)
        self.library.format_requested.connect(self._on_library_format_requested)
        self.library.own_formats_requested.connect(self.ask_own_formats)
        self.library.break_requested.connect(self._on_library_break_requested)
        self.library.custom_phase_requested.connect(self._on_library_custom_phase_requested)
        self.agenda = AgendaEditor(database, self)
        self.agenda.agenda_did_change.connect(self._on_agenda_agenda_did_change)
        self.agenda.search_requested.connect(self._on_agenda_search_requested)
        self.agenda.save_as_format_requested.connect(self.ask_save_format)
        # Where the keyboard lands (the window and the keyboard walks reach these).
        self.tree = self.agenda.tree
        self.dilemma_edit = self.details.dilemma_edit
        self.attendance_list = self.attendance.people_list
        self.search_edit = self.library.search_edit
        self.format_list = self.library.format_list

        layout = QVBoxLayout(self)
        layout.addLayout(self._header())
        layout.addWidget(self._columns(), 1)
        for keys, slot in (
            ("Esc", self.back_requested.emit),
            ("Alt+Left", self.back_requested.emit),
            ("Ctrl+F", self.library.focus_search),
            ("Ctrl+Z", self.agenda.undo),
            ("Ctrl+B", self.agenda.add_break),
            ("Ctrl+Shift+S", self.ask_save_format),
            ("Ctrl+Shift+F", self.ask_own_formats),
        ):
            self._shortcut(keys, slot)
        ops.follow(self, FOLLOWED, self._on_changes)

    def _header(self) -> QHBoxLayout:
        self.back_button = QPushButton("← Workshops")
        self.back_button.setAccessibleName("Back to workshops")
        self.back_button.setToolTip(
            "Back to the list of workshops (Esc or Alt+Left). Everything is already saved."
        )
        self.back_button.clicked.connect(self.back_requested)
        # A long title ends in "…" rather than widen the window past a laptop's screen; the
        # whole of it is the tooltip and what a screen reader says.
        self.heading = ElidedLabel()
        self.heading.setProperty("role", "title")
        self.status_label = QLabel()
        self.status_label.setProperty("role", "subtitle")
        self.status_label.setAccessibleName("Session status")
        self.save_template_button = QPushButton("Sa&ve as template…")
        self.save_template_button.setToolTip(
            "Keep this agenda so the team can plan the next session from it."
        )
        self.save_template_button.clicked.connect(self.ask_save_template)
        self.from_template_button = QPushButton("New session from template…")
        self.from_template_button.clicked.connect(self.ask_new_from_template)
        header = QHBoxLayout()
        header.addWidget(self.back_button)
        header.addSpacing(12)
        header.addWidget(self.heading, 1)
        header.addWidget(self.status_label)
        header.addSpacing(12)
        header.addWidget(self.save_template_button)
        header.addWidget(self.from_template_button)
        return header

    def _columns(self) -> QSplitter:
        """The session (details, then who is present), the library, the agenda."""
        session_column = QWidget()
        column = QVBoxLayout(session_column)
        column.setContentsMargins(0, 0, 6, 0)
        column.addWidget(self.details, 3)
        column.addWidget(self.attendance, 2)
        splitter = QSplitter()
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(session_column)
        splitter.addWidget(self.library)
        splitter.addWidget(self.agenda)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 3)
        splitter.setStretchFactor(2, 7)
        splitter.setSizes([310, 300, 760])
        self.splitter = splitter
        return splitter

    def _shortcut(self, keys: str, slot: Callable[[], object]) -> None:
        shortcut = QShortcut(QKeySequence(keys), self, slot)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)

    # ------------------------------------------------------------ loading
    def load(self, session_id: str) -> None:
        """Show a session for planning, as stored; raises FacilitatorError when it cannot
        be read."""
        self._show(session_id, keep_refused=False)

    def _show(self, session_id: str, *, keep_refused: bool) -> None:
        session = planning.get_session(self.database, session_id)
        people = roster.list_participants(self.database, session.team_id, include_inactive=True)
        present = set(planning.present_ids(self.database, session_id))
        phases = planning.list_phases(self.database, session_id)
        another = self.session is None or self.session.id != session_id
        keep = keep_refused and not another
        self.session = session
        self._show_heading()
        self.details.show_session(session, keep_refused=keep)
        self.attendance.show_people(session_id, people, present, keep_refused=keep)
        if another:
            self.library.new_search()  # another session's planning starts from the whole list
        self.library.set_present(len(present))
        if not keep:
            self.library.custom_error.clear_message()
        self.agenda.show_agenda(
            session, phases, len(present), another_session=another, keep_refused=keep
        )

    def _show_heading(self) -> None:
        assert self.session is not None
        self.heading.setText(f"Plan: {self.session.title}")
        self.heading.setAccessibleName(self.heading.text())
        self.status_label.setText(f"Status: {STATUS_TEXT.get(self.session.status.value, '')}")

    def _on_changes(self, changes: Changes) -> None:
        """Another screen or dialog changed the record (the Roles dialog marked someone
        absent, the roster renamed someone): show this session as it now is."""
        session = self.session
        if session is None or not self._concerns(session, changes):
            return
        try:
            self._show(session.id, keep_refused=True)
        except FacilitatorError as exc:  # a read: the session may be gone (a restore)
            ops.show_error(self, "Could not show the session", exc)

    @staticmethod
    def _concerns(session: Session, changes: Changes) -> bool:
        if changes.everything:
            return True
        if changes.session_id is not None:
            return changes.session_id == session.id
        return changes.team_id in (None, session.team_id)

    # ------------------------------------------------------------ the parts in step
    def _on_details_session_did_change(self, session: Session) -> None:
        self.session = session
        self._show_heading()
        self.agenda.set_session(session)

    def _on_attendance_present_did_change(self, phases: list[Phase]) -> None:
        present = len(self.attendance.present)
        self.library.set_present(present)
        self.agenda.set_present(present, phases)

    def _on_library_format_requested(self, format_key: str) -> None:
        self.agenda.add_format(format_key)

    def _on_library_break_requested(self) -> None:
        self.agenda.add_break()

    def _on_library_custom_phase_requested(self, title: str, duration: str, mode: str) -> None:
        error = self.library.custom_error
        if self.agenda.add_custom_phase(title, duration, PhaseMode(mode), inline=error):
            self.library.custom_phase_was_added()
        else:
            self.library.custom_phase_was_refused()

    def _on_agenda_agenda_did_change(self, phases: list[Phase]) -> None:
        self.save_template_button.setEnabled(bool(phases))
        session = self.agenda.session
        self.library.set_fit(agenda.fit(session, phases) if session is not None else None)

    def _on_agenda_search_requested(self, text: str) -> None:
        """Typing at the agenda searches the format library, starting with what was typed."""
        self.library.focus_search()
        self.search_edit.insert(text)

    # ------------------------------------------------------------ templates
    def ask_save_template(self) -> None:
        if self.session is None or not self.agenda.phases:
            return
        dialog = SaveTemplateDialog(
            self.database, self.session.team_id, list(self.agenda.phases), self.session.title, self
        )
        dialog.template_did_get_saved.connect(self._on_dialog_template_did_get_saved)
        self._open_dialog(dialog)

    def _on_dialog_template_did_get_saved(self, name: str) -> None:
        self.agenda.say(f"Saved the agenda as the template “{name}”.")

    # ------------------------------------------------------------ your formats
    def ask_save_format(self) -> None:
        """Keep the selected format (or the whole agenda) as a format of your own."""
        if self.session is None or not self.agenda.phases:
            return
        dialog = SaveFormatDialog(
            self.database, self.agenda.selected_block(), list(self.agenda.phases), self
        )
        dialog.format_did_get_saved.connect(self._on_dialog_format_did_get_saved)
        self._open_dialog(dialog)

    def _on_dialog_format_did_get_saved(self, fmt: Format, replaced: Format | None) -> None:
        database = self.database
        what = f"saving “{fmt.name}”" if replaced is None else f"replacing “{replaced.name}”"
        self.agenda.push_undo_action(
            what, lambda: own_formats.take_back_save(database, fmt, replaced)
        )
        done = "Replaced" if replaced is not None else "Saved"
        self.agenda.say(
            f"{done} “{fmt.name}” as a format of yours, listed in the library; Your formats… "
            "(Ctrl+Shift+F) edits it, Ctrl+Z takes it back."
        )

    def ask_own_formats(self) -> None:
        """Your formats: edit, delete (with undo), export, import."""
        self._open_dialog(OwnFormatsDialog(self.database, len(self.attendance.present), self))

    def ask_new_from_template(self) -> None:
        if self.session is None:
            return
        team_templates = planning.list_templates(self.database, self.session.team_id)
        dialog = NewSessionDialog(
            self.database,
            self.session.team_id,
            team_templates[0].id if team_templates else None,
            self.clock,
            self,
        )
        dialog.created.connect(self._on_dialog_created)
        self._open_dialog(dialog)

    def _on_dialog_created(self, session_id: str) -> None:
        self.load(session_id)
        self.session_created.emit(session_id)

    def _open_dialog(self, dialog: QDialog) -> None:
        self.dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(self._on_dialog_finished)
        dialog.open()

    def _on_dialog_finished(self, _result: int) -> None:
        self.dialog = None
