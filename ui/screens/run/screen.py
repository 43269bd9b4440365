"""The run screen: the facilitator's laptop view of a session in progress.

Big remaining time, the phase and its prompt, who holds each role, who speaks and who is
next, what comes next and a strip of the whole agenda. Every action has a key (the table in
``keys``) and a button, and goes to the core through ``ui.ops.run_op``; a refusal shows in
the error bar under the time. A ``QTimer`` only repaints: the time comes from the core's
clock. Roles, attendance and agenda changed elsewhere (the Roles dialog, the handover) show
at once.
"""

from __future__ import annotations

import html
from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QResizeEvent
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QStackedLayout,
    QVBoxLayout,
    QWidget,
)

from facilitator.changes import Changes, Topic
from facilitator.clock import Clock, SystemClock
from facilitator.direction import isolate
from facilitator.errors import FacilitatorError
from facilitator.run import RunView, SessionRun, load_preferences, nudge, save_preferences
from facilitator.store.database import Database
from facilitator.timer import TimerSettings, TimerState
from ui import ops
from ui.elided_label import ElidedLabel
from ui.presenter import PresenterWindow
from ui.room_display import REVIEW_FORMAT
from ui.screens.handover import HandoverDialog
from ui.screens.run.bars import ErrorBar, InlineBar, TimerSettingsDialog
from ui.screens.run.ended import EndPanel
from ui.screens.run.handover_flow import RESUME, START, RunHandover
from ui.screens.run.keys import HelpOverlay, enable_open_discussion_keys, install_keys
from ui.screens.run.mini_timer import MiniTimer
from ui.screens.run.projector import RunProjector
from ui.screens.run.review_side import RunReview
from ui.screens.run.room_view import RoomView
from ui.screens.run.speakers import SpeakersPanel, open_floor
from ui.screens.run.spoken import next_name, roles_name, say
from ui.screens.run.timer_view import (
    AgendaPanel,
    AgendaStrip,
    TimerControls,
    TimerPanel,
    next_up_text,
    plan_text,
)
from ui.scrolling import VerticalScroll
from ui.sound import CuePlayer
from ui.typing_guard import Typing, typed_text

REPAINT_MS = 200
KEYS_AFTER_THE_END = frozenset({"toggle_projector", "toggle_mute", "show_help", "escape"})
NOTICE_S = 12.0
TYPING = "Typing? Letters here are the run's keys. To write something down, press Ctrl+1 … Ctrl+5."
MINI_IN_ROOM = "The room view shows the time; the mini timer comes with T once you leave it (P)."
SPACE_HELD = "Space did nothing: you were typing. Press Space again to start or pause the round."

STYLE = (
    "QLabel[role='cardTitle'] { font-size: 12pt; font-weight: bold; "
    "text-transform: uppercase; color: palette(placeholder-text); }"
    "#phaseTitle { font-size: 24pt; font-weight: bold; }"
    "#prompt { font-size: 14pt; }"
    "#stateBadge { font-size: 15pt; font-weight: bold; padding: 4px 12px; "
    "border: 2px solid palette(window-text); border-radius: 6px; }"
    "#speakerNow { font-size: 15pt; }"
    "#rolesCard QLabel { font-size: 10pt; }"  # a short list beside the time, no taller
    "#notice { font-size: 12pt; font-weight: bold; padding: 4px 8px; "
    "border: 2px solid palette(window-text); border-left: 10px solid "
    "palette(window-text); }"
    "#notice[calm='true'] { font-size: 10pt; font-weight: normal; border: none; "
    "border-left: 3px solid palette(mid); }"
    "QPushButton { padding: 6px 12px; }"
    "#speakers QPushButton:checked { font-weight: bold; }"
)


class RunScreen(QWidget):
    """One session's run, from the first Space to the end.

    Signals:
        phase_did_change(str): the current phase changed (its id).
        session_did_end(str): the session was ended (its id).
        back_requested(): the user wants to leave the run screen (the session keeps its state).
        room_layout_did_change(bool): the room layout was turned on (True) or off; the
            window hides its menu and status bars while the room reads the screen.
    """

    phase_did_change = Signal(str)
    session_did_end = Signal(str)
    back_requested = Signal()
    room_layout_did_change = Signal(bool)

    def __init__(
        self,
        database: Database,
        session_id: str,
        *,
        clock: Clock | None = None,
        side_panel: QWidget | None = None,
        player: CuePlayer | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("run")
        self.database = database
        self.clock = clock or SystemClock()
        settings, muted = load_preferences(database)
        self.run = SessionRun(database, session_id, self.clock, settings)  # may raise
        self.session_id = session_id
        self.player = player or CuePlayer(self)
        self.player.set_muted(muted)
        self.last_view: RunView | None = None
        self._last_phase_id = self.run.timer.phase.id
        self._last_speaker: str | None = None
        self._notice = ""
        self._notice_until = 0.0
        self._nudged: str | None = None  # the phase whose voices not yet heard N named
        self.room_view = RoomView(database, session_id, self.clock)
        self.projector = RunProjector(
            self,
            database,
            session_id,
            lambda: (self.last_view, self._notice),
            self.room_view,
            self._show_room_layout,
        )
        self.mini_timer = MiniTimer(self, lambda: self.last_view)
        self.projector.action_requested.connect(self._on_projector_action_requested)
        self.handover = RunHandover(
            self, database, self.run, self.clock, lambda: self.projector.window, self._refused
        )
        self.handover.handover_did_close.connect(self._on_handover_handover_did_close)
        self.handover.go_on_requested.connect(self._on_handover_go_on_requested)
        self.handover.open_requested.connect(self.hand_over)
        self._build(side_panel)
        self.review_side = RunReview(self)  # the review round in place of the side panel
        self.typing = Typing(self.clock)  # text typed here by mistake is no run action
        self.key_actions = install_keys(self, self._key_slots(), self.typing, self._on_key_held)
        self.end_action = self.key_actions["ask_end_session"]  # off once ended: Ctrl+E is free
        self.end_panel = EndPanel(database, session_id, keys_on=self, parent=self)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        ops.follow(
            self, [Topic.ROLES, Topic.ATTENDANCE, Topic.AGENDA, Topic.SESSIONS], self._on_changes
        )
        self.repaint_timer = QTimer(self)
        self.repaint_timer.setInterval(REPAINT_MS)
        self.repaint_timer.timeout.connect(self.refresh)
        self.repaint_timer.start()
        if self.run.timer.resume_note:
            self._show_notice(self.run.timer.resume_note)
        self.refresh()
        if self.run.timer.state is TimerState.FINISHED:
            self._show_ended()  # opened again after the end: never a greyed clock

    @property
    def presenter(self) -> PresenterWindow | None:
        return self.projector.window

    @property
    def handover_dialog(self) -> HandoverDialog | None:
        return self.handover.dialog

    # ------------------------------------------------------------ building
    def _build(self, side_panel: QWidget | None) -> None:
        self.setStyleSheet(STYLE)
        back = self.leave_button = QPushButton("← Workshops")
        back.setAccessibleName("Back to workshops")
        back.setToolTip("Back to the list of workshops; the session keeps its state.")
        back.clicked.connect(self.back_requested)
        self.heading = ElidedLabel()  # a long title ends in "…" rather than widen the window
        self.heading.setProperty("role", "subtitle")
        bold = self.heading.font()
        bold.setBold(True)
        self.heading.setFont(bold)
        self.mute_button = QPushButton()
        self.mute_button.setCheckable(True)
        self.mute_button.clicked.connect(self.toggle_mute)
        self.settings_button = QPushButton("Timer settings…")
        self.settings_button.setAccessibleName("Timer settings")
        self.settings_button.clicked.connect(self.edit_settings)
        self.help_button = QPushButton("?")
        self.help_button.setAccessibleName("Keyboard shortcuts")
        self.help_button.setToolTip("Keyboard shortcuts (F1 or ?)")
        self.help_button.clicked.connect(self.show_help)
        top = QHBoxLayout()
        top.addWidget(back)
        top.addWidget(self.heading, 1)
        for widget in (
            self.projector.button,
            self.mini_timer.button,
            self.mute_button,
            self.settings_button,
            self.help_button,
        ):
            top.addWidget(widget)

        self.strip = AgendaStrip()
        self.plan = QLabel()
        self.plan.setAccessibleDescription("Progress against the plan")
        strip_row = QHBoxLayout()
        strip_row.addWidget(self.strip, 1)
        strip_row.addWidget(self.plan)

        self.timer_panel = TimerPanel()
        self.time, self.title = self.timer_panel.time, self.timer_panel.title
        self.state_badge = self.timer_panel.state_badge
        self.controls = TimerControls()
        self.controls.back_requested.connect(self.back)
        self.controls.toggle_requested.connect(self.toggle)
        self.controls.next_phase_requested.connect(self.next_phase)
        self.controls.shorten_requested.connect(self.shorten)
        self.controls.extend_requested.connect(self.extend)
        self.controls.end_requested.connect(self.ask_end_session)
        self.start_button, self.end_button = self.controls.start_button, self.controls.end_button
        self.extend_button = self.controls.extend_button
        top.addSpacing(12)
        top.addWidget(self.end_button)  # in the top bar: the timer's row fits 1280 pixels

        self.notice = QLabel()
        self.notice.setObjectName("notice")
        self.notice.setWordWrap(True)
        self.notice.setAccessibleName("Notice")
        self.notice.hide()
        self._build_bars()

        self.speakers = SpeakersPanel()
        self.speakers.next_speaker_requested.connect(self.next_speaker)
        self.speakers.speaking_requested.connect(self.mark_speaking)
        self.speakers.step_out_requested.connect(self.step_out)
        self.speakers.come_back_requested.connect(self.come_back)
        # The speakers card has the column's width (a row of chips, "Next:" on one line);
        # on a short screen it scrolls, never squeezes. Who holds each role and a notice
        # sit in the room beside the time, so neither takes the card's height.
        self.speakers_area = VerticalScroll(self.speakers)
        self.roles_area = self._build_roles_card()  # as tall as its list: the row grows
        self.beside_time = QWidget()
        self.beside_column = QVBoxLayout(self.beside_time)
        self.beside_column.setContentsMargins(12, 0, 0, 0)
        self.beside_column.addWidget(self.roles_area)
        self.beside_column.addWidget(self.notice)
        self.timer_panel.add_beside_time(self.beside_time)

        self.next_up = QLabel()
        self.next_up.setAccessibleDescription("What comes next")
        self.next_up.setWordWrap(True)

        timer_column = QWidget()
        column = QVBoxLayout(timer_column)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.timer_panel)
        parts = (self.handover.bar, self.gap_bar, self.end_bar, self.error_bar)
        for part in (*parts, self.controls):
            column.addWidget(part)
        column.addWidget(self.speakers_area, 1)
        column.addWidget(self.next_up)

        self.side_panel = side_panel
        self.agenda: AgendaPanel | None = None
        if side_panel is None:
            side_panel = self.agenda = AgendaPanel()
            self.agenda.setMinimumWidth(300)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(timer_column)
        splitter.addWidget(side_panel)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1 if self.agenda is not None else 2)
        splitter.setSizes([1000, 340 if self.agenda is not None else 480])
        self.splitter = splitter

        self.normal_page = QWidget()  # the facilitator's layout (the room layout instead)
        layout = QVBoxLayout(self.normal_page)
        layout.addLayout(top)
        layout.addLayout(strip_row)
        layout.addWidget(splitter, 1)
        self.pages = QStackedLayout(self)
        self.pages.setContentsMargins(0, 0, 0, 0)
        self.pages.addWidget(self.normal_page)
        self.pages.addWidget(self.room_view)
        self.help_overlay = HelpOverlay(self)
        self._update_mute_button()

    def _build_bars(self) -> None:
        self.gap_bar = InlineBar("gapBar")
        self.gap_pause = self.gap_bar.add_button(
            "Pause when it stopped", "Pause the round at the moment it stopped"
        )
        self.gap_pause.clicked.connect(self._on_gap_pause_clicked)
        self.gap_go_on = self.gap_bar.add_button("Go on", "The round went on; keep the time")
        self.gap_go_on.clicked.connect(self._on_gap_go_on_clicked)
        self.end_bar = InlineBar("endBar", in_place_of=self.controls)  # it asks for them
        self.end_bar.text.setText(
            "End the session now? The phase ends here and the session is marked finished."
        )
        self.end_confirm = self.end_bar.add_button("End session", "Yes, end the session")
        self.end_confirm.clicked.connect(self.end_session)
        self.end_cancel = self.end_bar.add_button("Keep going", "No, keep going")
        self.end_cancel.clicked.connect(self._close_end_bar)
        self.error_bar = ErrorBar()

    def _build_roles_card(self) -> QFrame:
        card = QFrame()  # beside the time: a short list, with no frame and no margins
        card.setObjectName("rolesCard")
        title = QLabel("Roles now")
        title.setProperty("role", "cardTitle")
        self.roles = QLabel()
        self.roles.setWordWrap(True)
        self.roles.setAccessibleDescription("Who holds each role")
        self.roles.setTextFormat(Qt.TextFormat.RichText)
        self.roles.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        layout = QVBoxLayout(card)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(title)
        layout.addWidget(self.roles, 1)
        return card

    def _key_slots(self) -> dict[str, Callable[..., object]]:
        """The run screen's methods by the action names of the key table."""
        return {
            "toggle": self.toggle,
            "next_phase": self.next_phase,
            "back": self.back,
            "extend": self.extend,
            "shorten": self.shorten,
            "next_speaker": self.next_speaker,
            "speak_number": self.speak_by_number,
            "speaker_before": self.speak_before,
            "speaker_after": self.speak_after,
            "stepped_out": self.stepped_out_key,
            "hand_over": self.hand_over,
            "open_review": self.review_key,
            "toggle_projector": self.toggle_projector,
            "toggle_mute": self.toggle_mute,
            "ask_end_session": self.ask_end_session,
            "show_help": self.show_help,
            "escape": self._on_escape,
            "toggle_mini_timer": self.toggle_mini_timer,
        }

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        # F1 arrives here when no window-wide F1 exists (the main window routes its own).
        if event.key() == Qt.Key.Key_F1:
            self.show_help()
            return
        typed = typed_text(event)  # no action's key, no text field's: typed by mistake?
        if typed and not typed.isdigit():  # a digit alone: a speaker's number out of turn
            self.typing.letter()
            self._show_notice(TYPING, room=False)
            return
        if typed and self.typing.holds_key():
            return
        super().keyPressEvent(event)

    def _on_key_held(self, space: bool) -> None:
        """A run key pressed among typed text did nothing; say so, and how to go on."""
        self._show_notice(SPACE_HELD if space else TYPING, room=False)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        self.timer_panel.set_time_size(self.height())
        if self.help_overlay.isVisible():
            self.help_overlay.setGeometry(self.rect())

    # ------------------------------------------------------------ painting
    def refresh(self) -> None:
        """Repaint from the clock: check for a sleep gap, announce cues, show the state."""
        now = self.clock.monotonic()
        gap = self.run.check_gap(now)
        if gap is not None and not self.gap_bar.isVisible():
            self.gap_bar.text.setText(gap.question)  # a sleep, or a clock that moved
            self.gap_bar.show()
            self.gap_pause.setFocus()
        for cue in self.run.due_cues(now):
            self.player.play(cue.kind)
            self._show_notice(cue.message)
        view = self.run.view(now)
        self.last_view = view
        if now > self._notice_until and not self.notice.isHidden():
            self._notice = ""
            self.notice.hide()
            self.roles_area.show()
        self._paint(view)
        self.projector.show_view(view, self._notice)
        if self.mini_timer.isVisible():
            self.mini_timer.show_view(view)
        speaker = view.speaker.id if view.speaker else None
        if speaker and speaker != self._last_speaker:
            self.player.play("speaker")
        self._last_speaker = speaker
        if view.phase.id != self._last_phase_id:
            self._last_phase_id = view.phase.id
            self.phase_did_change.emit(view.phase.id)
            self.handover.offer()

    def _paint(self, view: RunView) -> None:
        if self.heading.text() != view.session_title:
            self.heading.setText(view.session_title)
            self.heading.setAccessibleName(f"Session: {view.session_title}")
        self.timer_panel.show_view(view)
        self.controls.show_timer(view.timer)
        self.strip.show_progress(view)
        self.plan.setText(plan_text(view.timer))
        say(self.plan, plan_text(view.timer))
        self.speakers.show_view(view)
        enable_open_discussion_keys(self.key_actions, open_floor(view))
        self.handover.show_state(view)
        if view.roles:
            self.roles.setText(
                "<br>".join(
                    f"<b>{html.escape(isolate(h.role))}</b>: {html.escape(isolate(h.person))}"
                    for h in view.roles
                )
            )
        else:
            self.roles.setText("<i>No roles assigned for this session.</i>")
        self.next_up.setText(next_up_text(view.timer))
        say(self.next_up, next_name(view.timer))
        say(self.roles, roles_name(view))
        if self.agenda is not None:
            self.agenda.show_view(view)

    def show_notice(self, text: str) -> None:
        """A calm word for the facilitator from elsewhere in the window (a team folder's
        sync that waits for the session's end, a folder not found): beside the time for a
        while, in the room layout too (where the status bar is hidden), never on the
        projector and never a dialog in front of the room. It goes under the roles, never
        in their place: the facilitator still sees who holds each role."""
        self._nudged = None  # the next N names the voices not yet heard again
        self._show_notice(text, room=False, sign="", calm=True)

    def _show_notice(
        self, text: str, *, room: bool = True, sign: str = "⚠", calm: bool = False
    ) -> None:
        """A notice beside the time for a while, in place of the roles; ``room``: the
        projector shows it too (a word for the facilitator alone does not); ``sign``
        goes before it (none for a calm word); ``calm``: a quiet line under the roles,
        which stay in view."""
        self._notice = text if room else ""
        self._notice_until = self.clock.monotonic() + NOTICE_S
        self.notice.setText(f"{sign}  {text}" if sign else text)
        say(self.notice, description=text)  # read out by a screen reader as it changes
        if self.notice.property("calm") != calm:
            self.notice.setProperty("calm", calm)
            self.notice.style().unpolish(self.notice)
            self.notice.style().polish(self.notice)
        self.notice.show()
        beside = self.notice.parentWidget() is self.beside_time
        self.roles_area.setHidden(beside and not calm)

    def stepped_out_key(self) -> None:
        """X: who is here, to mark stepped out (⤫) or back (where speakers are followed)."""
        self.speakers.open_away_menu(self._refused)

    def _refused(self, error: FacilitatorError) -> None:
        """Why something could not be done, in the error bar (no dialog in front of a room)."""
        self.error_bar.text.setText(str(error))
        self.error_bar.show()

    def _on_changes(self, changes: Changes) -> None:
        """Roles, attendance, agenda or details changed elsewhere; new holders while the
        round runs are offered a handover (the bar), as at a new phase."""
        self.run.reload(changes)
        self.refresh()
        live = self.run.timer.state not in (TimerState.NOT_STARTED, TimerState.FINISHED)
        if live and changes.touches(Topic.ROLES, Topic.ATTENDANCE) and not self.handover.is_open():
            self.handover.offer()

    # ------------------------------------------------------------ actions
    def _act(self, title: str, action: Callable[[], Changes]) -> bool:
        """Run one core action; a refusal shows in the error bar, which a success clears."""
        done = ops.run_op(self, title, action, inline=self.error_bar.text) is not None
        self.error_bar.setVisible(not done)
        self.refresh()
        return done

    def toggle(self) -> None:
        """Space: start, pause or resume; the first Space hands the roles over first, if
        due (the round starts as that closes); Space while the handover shows closes it to
        go on."""
        if self.run.timer.pending_gap is not None:
            return
        if self.handover.is_open():
            self.handover.go_on()
            return
        if self.run.timer.state is TimerState.NOT_STARTED and self.handover.offer(starting=True):
            return
        self._act("Could not start or pause the round", self.run.toggle)

    def next_phase(self) -> None:
        if self._nudge_first():
            return
        timer = self.run.timer
        if (
            timer.state is not TimerState.NOT_STARTED
            and timer.index + 1 >= len(timer.phases)
            and timer.state is not TimerState.FINISHED
        ):
            self.ask_end_session()
            return
        self._act("Could not move to the next phase", self.run.next_phase)

    def _nudge_first(self) -> bool:
        """N while voices are not yet heard: the first press names them (see
        ``facilitator.run.nudge``) and stays; a second one while that notice shows moves on."""
        now = self.clock.monotonic()
        phase_id = self.run.timer.phase.id
        if self._nudged == phase_id and now <= self._notice_until:
            self._nudged = None
            self._notice_until = 0.0  # said and heard: the next repaint takes it away
            return False
        words = nudge(self.run.view(now), seen_by_the_room=self.projector.room_on)
        if words is None:
            return False
        self._nudged = phase_id
        self._show_notice(words, room=False)
        return True

    def back(self) -> None:
        self._act("Could not go back a phase", self.run.back)

    def extend(self) -> None:
        self._act("Could not extend the phase", lambda: self.run.extend(60.0))

    def shorten(self) -> None:
        self._act("Could not shorten the phase", lambda: self.run.shorten(60.0))

    def next_speaker(self) -> None:
        self._act("Could not move to the next speaker", self.run.next_speaker)

    def mark_speaking(self, participant_id: str) -> None:
        self._act("Could not mark who speaks", lambda: self.run.mark_speaking(participant_id))

    def speak_by_number(self, place: int) -> None:
        self._act("Could not give the floor", lambda: self.run.speak_by_number(place))

    def speak_before(self) -> None:
        self._act("Could not pass the floor", lambda: self.run.speak_beside(-1))

    def speak_after(self) -> None:
        self._act("Could not pass the floor", lambda: self.run.speak_beside(1))

    def step_out(self, participant_id: str) -> None:
        self._act("Could not mark them stepped out", lambda: self.run.step_out(participant_id))

    def come_back(self, participant_id: str) -> None:
        self._act("Could not mark them back", lambda: self.run.come_back(participant_id))

    def ask_end_session(self) -> None:
        if self.run.timer.state in (TimerState.NOT_STARTED, TimerState.FINISHED):
            return
        self.end_bar.show()
        self.end_confirm.setFocus()

    def _close_end_bar(self) -> None:
        self.end_bar.hide()
        self.setFocus()

    def end_session(self) -> None:
        self.end_bar.hide()
        if self._act("Could not end the session", self.run.end_session):
            self._show_ended()
            self.session_did_end.emit(self.session_id)

    def _show_ended(self) -> None:
        """In place of the live parts (the clock, its buttons, the speakers and what comes
        next), what the session came to and its next steps; only the keys that still mean
        something stay on (Ctrl+E is the window's export now)."""
        for name, action in self.key_actions.items():
            action.setEnabled(name in KEYS_AFTER_THE_END)
        live = (self.timer_panel, self.controls, self.notice, self.next_up)
        cards = (self.speakers_area, self.roles_area)  # the speakers with their scroll area
        for part in (*live, *cards, self.gap_bar, self.end_bar):
            part.hide()
        timer_column = self.timer_panel.parentWidget()
        column = timer_column.layout() if timer_column is not None else None
        if isinstance(column, QVBoxLayout) and column.indexOf(self.end_panel) < 0:
            column.insertWidget(0, self.end_panel, 1)  # where the clock was
        self.end_panel.open()

    def _on_gap_pause_clicked(self) -> None:
        self.gap_bar.hide()
        self._act("Could not pause the round", self.run.pause_at_gap)
        self.setFocus()

    def _on_gap_go_on_clicked(self) -> None:
        self.gap_bar.hide()
        self._act("Could not go on", self.run.continue_after_gap)  # stored after a restart
        self.setFocus()

    def _on_escape(self) -> None:
        if self.help_overlay.isVisible():
            self.help_overlay.close_overlay()
        elif self.end_bar.isVisible():
            self._close_end_bar()
        elif self.error_bar.isVisible():
            self.error_bar.hide()
        elif self.review_side.is_open():
            self.review_side.close()
        else:
            self.setFocus()

    def review_key(self) -> None:
        """R: the review round beside the timer, in a review round's phases (elsewhere a
        word on when it opens, in the error bar)."""
        if self.run.timer.phase.format_key != REVIEW_FORMAT:
            self.error_bar.text.setText(
                "The review of earlier items opens during a review round's phases (R)."
            )
            self.error_bar.show()
            return
        try:
            self.open_review()
        except FacilitatorError as exc:  # a read: nothing was done that could be refused
            self._refused(exc)

    def open_review(self, phase_id: str | None = None) -> None:
        """The review round beside the timer, in place of the side panel (the time, the
        controls and the run keys stay); stamped with ``phase_id``, else the phase on now."""
        self.review_side.open(phase_id or self.run.timer.phase.id)

    def show_help(self) -> None:
        if self.help_overlay.isVisible():
            self.help_overlay.close_overlay()
        else:
            self.help_overlay.open()

    def _on_handover_handover_did_close(self) -> None:
        self.refresh()
        self.setFocus()

    def _on_handover_go_on_requested(self) -> None:
        self._act("Could not start or resume the round", self.run.resume)

    def hand_over(self) -> None:
        """H: the roles of this phase handed over now; a running round pauses while the
        handover shows (its Space resumes it)."""
        state = self.run.timer.state
        if state is TimerState.FINISHED:
            return
        if not self._act("Could not pause the round", self.run.pause):
            return
        go_on = START if state is TimerState.NOT_STARTED else RESUME
        self.handover.show(self.run.timer.phase.id, go_on)

    # ------------------------------------------------------------ sound and settings
    def toggle_mute(self) -> None:
        muted = not self.player.muted
        if self._act(
            "Could not change the sound",
            lambda: save_preferences(self.database, self.run.settings, muted),
        ):
            self.player.set_muted(muted)
        self._update_mute_button()

    def _update_mute_button(self) -> None:
        state = self.player.state()
        self.mute_button.setEnabled(state.usable)
        self.mute_button.setChecked(state.muted)
        self.mute_button.setText(state.text)
        self.mute_button.setAccessibleName(state.accessible_name)
        self.mute_button.setAccessibleDescription(state.tooltip)
        self.mute_button.setToolTip(state.tooltip)

    def edit_settings(self) -> None:
        dialog = TimerSettingsDialog(self.run.settings, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self.apply_settings(dialog.chosen())

    def apply_settings(self, settings: TimerSettings) -> None:
        if self._act(
            "Could not save the timer settings",
            lambda: save_preferences(self.database, settings, self.player.muted),
        ):
            self.run.apply_settings(settings)
            self.refresh()

    # ------------------------------------------------------------ projector
    def toggle_projector(self) -> None:
        self.projector.toggle()

    def toggle_mini_timer(self) -> None:
        """T: the mini timer; not over the room layout, which shows the time to the room."""
        if self.mini_timer.room_layout:
            self._show_notice(MINI_IN_ROOM, room=False)
        else:
            self.mini_timer.toggle()

    def open_projector(self, screen: object = None) -> PresenterWindow:
        return self.projector.open(screen)  # type: ignore[arg-type]

    def close_projector(self) -> None:
        self.projector.close()

    def _show_room_layout(self, on: bool) -> None:
        """With one screen, the room layout in place of this one (P or Esc comes back); the
        run's notice, questions and refusals move into it while it is on."""
        holder = self.controls.parentWidget()  # the timer column
        column = holder.layout() if holder is not None else None
        for bar in (self.notice, self.handover.bar, self.gap_bar, self.end_bar, self.error_bar):
            if on:
                self.room_view.bars.addWidget(bar)
            elif bar is self.notice:
                self.beside_column.addWidget(bar)
            elif isinstance(column, QVBoxLayout):
                column.insertWidget(column.indexOf(self.controls), bar)
        if on and self._nudged is not None and not self.notice.isHidden():
            # The nudge said names for the facilitator's eyes; the room now reads the strip.
            said = nudge(self.run.view(self.clock.monotonic()), seen_by_the_room=True)
            self.notice.setText(f"⚠  {said}" if said else "")
            self.notice.setVisible(bool(said))
        self.pages.setCurrentWidget(self.room_view if on else self.normal_page)
        self.mini_timer.set_room_layout(on)
        if on:
            self.setFocusProxy(self.room_view)  # focus given to the run screen goes there
        else:
            self.setFocusProxy(None)  # type: ignore[arg-type]  # None: no proxy (the stubs)
        (self.room_view if on else self).setFocus()
        self.room_layout_did_change.emit(on)

    def _on_projector_action_requested(self, action: str) -> None:
        self._key_slots()[action]()

    def closeEvent(self, event: object) -> None:  # noqa: N802
        self.shutdown()
        super().closeEvent(event)  # type: ignore[arg-type]

    def shutdown(self) -> None:
        """Stop repainting and close the projector (leaving the screen or the app)."""
        self.repaint_timer.stop()
        self.handover.close()
        self.projector.close()
        self.mini_timer.close()
