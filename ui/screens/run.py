"""The run screen: the facilitator's laptop view of a session in progress.

Big remaining time, the phase and its prompt, who holds each role, who speaks and who is
next, what comes next and a strip of the whole agenda. Every action has a key and a
button. A ``QTimer`` only repaints: the time itself comes from the core's clock.

Signals:
    phase_did_change(str): the current phase changed (its id).
    session_did_end(str): the session was ended (its id).
    back_requested(): the user wants to leave the run screen (the session keeps its state).
"""

from __future__ import annotations

import html

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QGuiApplication,
    QKeyEvent,
    QKeySequence,
    QPainter,
    QPaintEvent,
    QPen,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from facilitator.clock import Clock, SystemClock
from facilitator.durations import format_clock, format_minutes
from facilitator.errors import FacilitatorError
from facilitator.model import label
from facilitator.run import RunView, SessionRun, load_preferences, save_preferences
from facilitator.store.database import Database
from facilitator.timer import TimerSettings, TimerState
from ui.presenter import STATE_TEXT, PresenterWindow, slot_text
from ui.sound import CuePlayer

REPAINT_MS = 200
NOTICE_S = 12.0

SHORTCUTS = [
    ("Space", "Start, pause or resume the round"),
    ("N", "Next phase"),
    ("B", "Back to the previous phase"),
    ("+", "Extend the phase by 1 minute"),
    ("−", "Shorten the phase by 1 minute"),
    ("S", "Next speaker (round-robin)"),
    ("P", "Projector view on or off"),
    ("M", "Mute or unmute sound"),
    ("Ctrl+E", "End the session"),
    ("F1 or ?", "This list"),
    ("Esc", "Close this list or a question"),
]


def _minutes_label(seconds: float) -> str:
    seconds = round(seconds)
    return f"{seconds // 60} min" if seconds % 60 == 0 else format_clock(seconds)


class AgendaStrip(QWidget):
    """The whole agenda as a bar: each phase a segment as wide as its planned time.

    Done phases are filled, the current one has a heavy outline and a marker, later ones
    are hollow; shape, not colour, tells them apart.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Agenda progress")
        self.setMinimumHeight(30)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._planned: list[int] = []
        self._index = 0
        self._fraction = 0.0
        self._finished = False

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(600, 34)

    def show_progress(self, view: RunView) -> None:
        timer = view.timer
        self._planned = [p.planned_s for p in timer.phases]
        self._index = timer.index
        allotted = max(timer.allotted_s, 1.0)
        self._fraction = min(1.0, max(0.0, 1.0 - timer.remaining_s / allotted))
        self._finished = timer.state is TimerState.FINISHED
        self.setAccessibleDescription(f"Phase {timer.index + 1} of {len(timer.phases)}")
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        if not self._planned:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        ink = palette.windowText().color()
        total = sum(self._planned)
        gap = 3.0
        width = self.width() - gap * (len(self._planned) - 1) - 4
        x = 2.0
        bar_h = self.height() - 12
        for i, planned in enumerate(self._planned):
            w = max(4.0, width * planned / total)
            rect = QRectF(x, 2, w, bar_h)
            done = i < self._index or self._finished
            if done:
                painter.fillRect(rect, ink)
            elif i == self._index:
                painter.fillRect(QRectF(x, 2, w * self._fraction, bar_h), palette.mid())
                painter.setPen(QPen(ink, 3))
                painter.drawRect(rect.adjusted(1.5, 1.5, -1.5, -1.5))
                # A marker under the current phase.
                painter.setBrush(ink)
                cx = x + w / 2
                painter.drawPolygon(
                    [
                        QPointF(cx, bar_h + 4),
                        QPointF(cx - 5, bar_h + 10),
                        QPointF(cx + 5, bar_h + 10),
                    ]
                )
                painter.setBrush(Qt.BrushStyle.NoBrush)
            else:
                painter.setPen(QPen(ink, 1))
                painter.drawRect(rect.adjusted(0.5, 0.5, -0.5, -0.5))
            x += w + gap
        painter.end()


class HelpOverlay(QWidget):
    """The keyboard shortcuts over the run screen; any key or click closes it."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("helpOverlay")
        self.setAccessibleName("Keyboard shortcuts")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet(
            "#helpOverlay { background: rgba(0, 0, 0, 170); }"
            "#helpCard { background: palette(window); border-radius: 8px; }"
        )
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        card = QFrame()
        card.setObjectName("helpCard")
        rows = "".join(
            f"<tr><td align='right'><b>{html.escape(k)}</b></td>"
            f"<td>&nbsp;&nbsp;{html.escape(v)}</td></tr>"
            for k, v in SHORTCUTS
        )
        text = QLabel(
            "<h2>Keyboard shortcuts</h2><table cellpadding='4'>"
            + rows
            + "</table><p>Letter keys work whenever you are not typing in a text "
            "field.<br>Every action is also a button on the screen.</p>"
            "<p><i>Press any key to close.</i></p>"
        )
        text.setStyleSheet("font-size: 13pt;")
        card_layout = QVBoxLayout(card)
        card_layout.setContentsMargins(28, 20, 28, 20)
        card_layout.addWidget(text)
        layout = QGridLayout(self)
        layout.addWidget(card, 0, 0, Qt.AlignmentFlag.AlignCenter)
        self.hide()

    def open(self) -> None:
        parent = self.parentWidget()
        if parent is not None:
            self.setGeometry(parent.rect())
        self.show()
        self.raise_()
        self.setFocus()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        self.close_overlay()

    def mousePressEvent(self, event: object) -> None:  # noqa: N802
        self.close_overlay()

    def close_overlay(self) -> None:
        self.hide()
        parent = self.parentWidget()
        if parent is not None:
            parent.setFocus()


class _Bar(QFrame):
    """An inline question or notice (no modal dialogs in front of a room)."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet(
            f"#{name} {{ background: #fff3c4; border: 2px solid #8a6d00; }}"
            f"#{name} QLabel {{ color: #2b2100; font-weight: bold; }}"
        )
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.layout_ = QHBoxLayout(self)
        self.layout_.addWidget(self.text, 1)
        self.hide()

    def add_button(self, text: str, accessible: str) -> QPushButton:
        button = QPushButton(text)
        button.setAccessibleName(accessible)
        button.setAutoDefault(True)
        self.layout_.addWidget(button)
        return button


class TimerSettingsDialog(QDialog):
    """Warning time, break reminder and the sleep gap, stored for every session."""

    def __init__(self, settings: TimerSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Timer settings")
        form = QFormLayout(self)
        self.warning = QDoubleSpinBox()
        self.warning.setRange(0.25, 30)
        self.warning.setSingleStep(0.5)
        self.warning.setSuffix(" min")
        self.warning.setValue(settings.warnings_s[0] / 60 if settings.warnings_s else 1.0)
        self.warning.setAccessibleName("Warn when this much time is left")
        self.breaks = QSpinBox()
        self.breaks.setRange(15, 480)
        self.breaks.setSingleStep(15)
        self.breaks.setSuffix(" min")
        self.breaks.setValue(round(settings.break_after_s / 60))
        self.breaks.setAccessibleName("Remind about a break after")
        self.gap = QSpinBox()
        self.gap.setRange(3, 600)
        self.gap.setSuffix(" s")
        self.gap.setValue(round(settings.gap_s))
        self.gap.setAccessibleName("Ask after the screen was still for")
        form.addRow("Warn when this much is left:", self.warning)
        form.addRow("Remind about a break after:", self.breaks)
        form.addRow("Ask \u201cwas the laptop asleep?\u201d after:", self.gap)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self._base = settings

    def chosen(self) -> TimerSettings:
        return TimerSettings(
            warnings_s=(self.warning.value() * 60,),
            break_after_s=self.breaks.value() * 60.0,
            gap_s=float(self.gap.value()),
            pause_is_break_s=self._base.pause_is_break_s,
        )


class SpeakersPanel(QFrame):
    """Who speaks now, who is next, and a button per present person to tap who speaks."""

    def __init__(self, screen: RunScreen) -> None:
        super().__init__()
        self.screen = screen
        self.setObjectName("speakers")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        heading = QLabel("Speaking")
        heading.setProperty("role", "cardTitle")
        self.now = QLabel()
        self.now.setObjectName("speakerNow")
        self.now.setWordWrap(True)
        self.now.setAccessibleName("Current speaker")
        self.queue = QLabel()
        self.queue.setWordWrap(True)
        self.queue.setAccessibleName("Speaker queue")
        self.grid_host = QWidget()
        self.grid = QGridLayout(self.grid_host)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setSpacing(6)
        self.buttons: dict[str, QPushButton] = {}
        self.not_heard = QLabel()
        self.not_heard.setWordWrap(True)
        self.not_heard.setAccessibleName("Voices not yet heard")
        self.next_button = QPushButton("Next speaker  (S)")
        self.next_button.setAccessibleName("Next speaker")
        self.next_button.setAutoDefault(True)
        self.next_button.clicked.connect(screen.next_speaker)
        self.away_button = QPushButton("Stepped out…")
        self.away_button.setAccessibleName("Mark someone as stepped out or back")
        self.away_button.setAutoDefault(True)
        self.away_button.clicked.connect(self._on_away_button_clicked)
        row = QHBoxLayout()
        row.addWidget(self.next_button)
        row.addWidget(self.away_button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.now)
        layout.addWidget(self.queue)
        layout.addWidget(self.grid_host)
        layout.addWidget(self.not_heard)
        layout.addLayout(row)
        layout.addStretch(1)
        self._people: tuple[str, ...] = ()

    def show_view(self, view: RunView) -> None:
        ids = tuple(p.id for p in view.present)
        if ids != self._people:
            self._rebuild(view)
        airtime = {p.id: s for p, s in view.airtime}
        speaking = view.speaker.id if view.speaker else None
        away = set(view.stepped_out)
        for person in view.present:
            button = self.buttons[person.id]
            mark = "▶ " if person.id == speaking else ("⤫ " if person.id in away else "")
            status = "stepped out" if person.id in away else "spoken"
            button.setText(
                f"{mark}{person.name}\n{format_clock(airtime.get(person.id, 0))} {status}"
            )
            button.setChecked(person.id == speaking)
            button.setEnabled(
                view.tracked and view.timer.state in (TimerState.RUNNING, TimerState.OVERRUN)
            )
            state = (
                "speaking"
                if person.id == speaking
                else ("stepped out" if person.id in away else "")
            )
            button.setAccessibleDescription(
                f"{state}; spoke {format_clock(airtime.get(person.id, 0))}".strip("; ")
            )
        if not view.tracked:
            self.now.setText(
                f"{html.escape(view.mode_label)}: speakers are not tracked in this phase."
            )
            self.queue.setText("")
            self.not_heard.setText("")
            self.grid_host.setVisible(False)
        else:
            self.grid_host.setVisible(True)
            who = view.speaker or view.held
            if who is not None:
                slot = ""
                if view.slot_remaining_s is not None and view.slot_s:
                    slot = (
                        f" · {slot_text(view.slot_remaining_s)} (slot {format_clock(view.slot_s)})"
                    )
                paused = " (paused)" if view.held and not view.speaker else ""
                self.now.setText(f"<b>{html.escape(who.name)}</b>{paused}{slot}")
            elif view.timer.phase.mode.value == "open":
                self.now.setText("Tap a name when someone speaks.")
            elif view.queue:
                self.now.setText(f"Starts with <b>{html.escape(view.queue[0].name)}</b>.")
            else:
                self.now.setText("Everyone has had their turn.")
            names = ", ".join(p.name for p in view.queue)
            self.queue.setText(f"Next: {html.escape(names)}" if names else "")
            quiet = ", ".join(p.name for p in view.not_heard)
            self.not_heard.setText(
                f"Not yet heard: {html.escape(quiet)}"
                if quiet
                else "Everyone present has spoken in this phase."
            )
        self.next_button.setVisible(view.timer.phase.mode.value == "round_robin")
        self.next_button.setEnabled(view.timer.state in (TimerState.RUNNING, TimerState.OVERRUN))
        self.away_button.setVisible(view.tracked)
        self.away_button.setEnabled(view.timer.state is not TimerState.FINISHED)

    def _rebuild(self, view: RunView) -> None:
        for button in self.buttons.values():
            button.deleteLater()
        self.buttons.clear()
        columns = 3 if len(view.present) > 4 else 2
        for i, person in enumerate(view.present):
            button = QPushButton(person.name)
            button.setCheckable(True)
            button.setAutoDefault(True)
            button.setAccessibleName(f"Mark {person.name} as speaking")
            button.setToolTip(f"Tap when {person.name} speaks; tap again when they stop.")
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            button.clicked.connect(lambda _=False, pid=person.id: self.screen.mark_speaking(pid))
            self.grid.addWidget(button, i // columns, i % columns)
            self.buttons[person.id] = button
        self._people = tuple(p.id for p in view.present)

    def _on_away_button_clicked(self) -> None:
        view = self.screen.last_view
        if view is None:
            return
        menu = QMenu(self)
        away = set(view.stepped_out)
        for person in view.present:
            if person.id in away:
                action = menu.addAction(f"{person.name} is back")
                action.triggered.connect(lambda _=False, pid=person.id: self.screen.come_back(pid))
            else:
                action = menu.addAction(f"{person.name} stepped out")
                action.triggered.connect(lambda _=False, pid=person.id: self.screen.step_out(pid))
        menu.exec(self.away_button.mapToGlobal(self.away_button.rect().bottomLeft()))


class AgendaPanel(QFrame):
    """The side column when no other panel is given: the agenda with planned and actual."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("agendaPanel")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        heading = QLabel("Agenda")
        heading.setProperty("role", "cardTitle")
        self.list = QListWidget()
        self.list.setAccessibleName("Agenda")
        self.list.setSelectionMode(QListWidget.SelectionMode.NoSelection)
        self.list.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.total = QLabel()
        self.total.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.total)
        self._key: tuple[object, ...] = ()

    def show_view(self, view: RunView) -> None:
        timer = view.timer
        key = (
            timer.index,
            timer.state is TimerState.FINISHED,
            tuple((p.id, p.started_at, p.ended_at) for p in timer.phases),
        )
        if key == self._key:
            return
        self._key = key
        self.list.clear()
        for i, phase in enumerate(timer.phases):
            if i < timer.index or (timer.state is TimerState.FINISHED and i == timer.index):
                mark = "✓"
            elif i == timer.index:
                mark = "▶"
            else:
                mark = "  "
            item = QListWidgetItem(f"{mark}  {phase.title}  ·  {_minutes_label(phase.planned_s)}")
            item.setToolTip(
                f"{phase.group_title}: {label(phase.mode)}"
                if phase.group_title
                else label(phase.mode)
            )
            if i == timer.index:
                font = item.font()
                font.setBold(True)
                item.setFont(font)
            self.list.addItem(item)
        self.list.scrollToItem(self.list.item(timer.index))
        total = sum(p.planned_s for p in timer.phases)
        self.total.setText(f"Planned: {_minutes_label(total)} in {len(timer.phases)} phases")


class RunScreen(QWidget):
    phase_did_change = Signal(str)
    session_did_end = Signal(str)
    back_requested = Signal()

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
        self.presenter: PresenterWindow | None = None
        self.last_view: RunView | None = None
        self._last_phase_id = self.run.timer.phase.id
        self._last_speaker: str | None = None
        self._notice = ""
        self._notice_until = 0.0
        self.handover_dialog: QDialog | None = None
        self._handover_key: tuple[tuple[str, str], ...] | None = None
        self._build(side_panel)
        self._build_actions()
        self._handover_key = self._holders_key(self.run.timer.phase.id)
        self.repaint_timer = QTimer(self)
        self.repaint_timer.setInterval(REPAINT_MS)
        self.repaint_timer.timeout.connect(self.refresh)
        self.repaint_timer.start()
        if self.run.timer.resume_note:
            self._show_notice(self.run.timer.resume_note)
        self.refresh()

    # ------------------------------------------------------------ building
    def _build(self, side_panel: QWidget | None) -> None:
        self.setStyleSheet(
            "QLabel[role='cardTitle'] { font-size: 12pt; font-weight: bold; "
            "text-transform: uppercase; color: palette(placeholder-text); }"
            "#phaseTitle { font-size: 24pt; font-weight: bold; }"
            "#prompt { font-size: 14pt; }"
            "#stateBadge { font-size: 15pt; font-weight: bold; padding: 4px 12px; "
            "border: 2px solid palette(window-text); border-radius: 6px; }"
            "#speakerNow { font-size: 15pt; }"
            "#notice { font-size: 13pt; font-weight: bold; padding: 6px 10px; "
            "border: 2px solid palette(window-text); border-left: 10px solid "
            "palette(window-text); }"
            "QPushButton { padding: 6px 12px; }"
            "#speakers QPushButton:checked { font-weight: bold; }"
        )
        back = self.leave_button = QPushButton("← Workshops")
        back.setAccessibleName("Back to workshops")
        back.setToolTip("Back to the list of workshops; the session keeps its state.")
        back.clicked.connect(self.back_requested)
        self.heading = QLabel()
        self.heading.setProperty("role", "subtitle")
        self.projector_button = QToolButton()
        self.projector_button.setText("Projector  (P)")
        self.projector_button.setAccessibleName("Projector view on or off")
        self.projector_button.setCheckable(True)
        self.projector_button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        self.projector_button.clicked.connect(self._on_projector_button_clicked)
        self.screen_menu = QMenu(self.projector_button)
        self.screen_menu.aboutToShow.connect(self._on_screen_menu_about_to_show)
        self.projector_button.setMenu(self.screen_menu)
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
            self.projector_button,
            self.mute_button,
            self.settings_button,
            self.help_button,
        ):
            top.addWidget(widget)

        self.strip = AgendaStrip()
        self.plan = QLabel()
        self.plan.setAccessibleName("Progress against the plan")
        strip_row = QHBoxLayout()
        strip_row.addWidget(self.strip, 1)
        strip_row.addWidget(self.plan)

        # The timer column.
        self.where = QLabel()
        self.where.setProperty("role", "hint")
        self.title = QLabel()
        self.title.setObjectName("phaseTitle")
        self.title.setWordWrap(True)
        self.prompt = QLabel()
        self.prompt.setObjectName("prompt")
        self.prompt.setWordWrap(True)
        self.prompt.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.prompt.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.time = QLabel("--:--")
        self.time.setObjectName("bigTime")
        self.time.setAccessibleName("Time left")
        self.state_badge = QLabel()
        self.state_badge.setObjectName("stateBadge")
        self.state_badge.setAccessibleName("Timer state")
        self.allotted = QLabel()
        self.allotted.setProperty("role", "hint")
        badge_col = QVBoxLayout()
        badge_col.addStretch(1)
        badge_col.addWidget(self.state_badge, 0, Qt.AlignmentFlag.AlignLeft)
        badge_col.addWidget(self.allotted)
        badge_col.addStretch(1)
        time_row = QHBoxLayout()
        time_row.addWidget(self.time)
        time_row.addSpacing(18)
        time_row.addLayout(badge_col)
        time_row.addStretch(1)

        self.back_button = self._button("◀  Back  (B)", "Back to the previous phase", self.back)
        self.start_button = self._button("▶  Start  (Space)", "Start the session", self.toggle)
        self.start_button.setProperty("role", "primary")
        self.next_button = self._button("Next phase  (N)  ▶", "Next phase", self.next_phase)
        self.shorten_button = self._button("−1 min", "Shorten by one minute", self.shorten)
        self.extend_button = self._button("+1 min", "Extend by one minute", self.extend)
        self.end_button = self._button("End session…", "End the session", self.ask_end_session)
        controls = QHBoxLayout()
        for button in (
            self.back_button,
            self.start_button,
            self.next_button,
            self.shorten_button,
            self.extend_button,
        ):
            controls.addWidget(button)
        controls.addStretch(1)
        controls.addWidget(self.end_button)

        self.notice = QLabel()
        self.notice.setObjectName("notice")
        self.notice.setWordWrap(True)
        self.notice.setAccessibleName("Notice")
        self.notice.hide()

        self.gap_bar = _Bar("gapBar")
        self.gap_pause = self.gap_bar.add_button(
            "Pause when it stopped", "Pause the round at the moment it stopped"
        )
        self.gap_pause.clicked.connect(self._on_gap_pause_clicked)
        self.gap_go_on = self.gap_bar.add_button("Go on", "The round went on; keep the time")
        self.gap_go_on.clicked.connect(self._on_gap_go_on_clicked)
        self.end_bar = _Bar("endBar")
        self.end_bar.text.setText(
            "End the session now? The phase ends here and the session is marked finished."
        )
        self.end_confirm = self.end_bar.add_button("End session", "Yes, end the session")
        self.end_confirm.clicked.connect(self.end_session)
        self.end_cancel = self.end_bar.add_button("Keep going", "No, keep going")
        self.end_cancel.clicked.connect(self._close_end_bar)
        self.error_bar = _Bar("errorBar")
        self.error_bar.setStyleSheet(
            "#errorBar { background: #fde2e1; border: 2px solid "
            "#a40000; } #errorBar QLabel { color: #5c0000; "
            "font-weight: bold; }"
        )
        error_ok = self.error_bar.add_button("OK", "Dismiss the message")
        error_ok.clicked.connect(self.error_bar.hide)

        self.speakers = SpeakersPanel(self)
        roles_card = QFrame()
        roles_card.setObjectName("rolesCard")
        roles_card.setFrameShape(QFrame.Shape.StyledPanel)
        roles_title = QLabel("Roles now")
        roles_title.setProperty("role", "cardTitle")
        self.roles = QLabel()
        self.roles.setWordWrap(True)
        self.roles.setAccessibleName("Who holds each role")
        self.roles.setTextFormat(Qt.TextFormat.RichText)
        self.roles.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        roles_layout = QVBoxLayout(roles_card)
        roles_layout.addWidget(roles_title)
        roles_layout.addWidget(self.roles, 1)
        people_row = QHBoxLayout()
        people_row.addWidget(self.speakers, 3)
        people_row.addWidget(roles_card, 2)

        self.next_up = QLabel()
        self.next_up.setAccessibleName("What comes next")
        self.next_up.setWordWrap(True)

        timer_column = QWidget()
        column = QVBoxLayout(timer_column)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.where)
        column.addWidget(self.title)
        column.addWidget(self.prompt)
        column.addLayout(time_row)
        column.addWidget(self.notice)
        column.addWidget(self.gap_bar)
        column.addWidget(self.end_bar)
        column.addWidget(self.error_bar)
        column.addLayout(controls)
        column.addLayout(people_row, 1)
        column.addWidget(self.next_up)

        self.side_panel = side_panel
        self.agenda = AgendaPanel() if side_panel is None else None
        if self.agenda is not None:
            self.agenda.setMinimumWidth(300)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(timer_column)
        splitter.addWidget(side_panel if side_panel is not None else self.agenda)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1 if side_panel is None else 2)
        splitter.setSizes([1000, 340 if side_panel is None else 480])
        self.splitter = splitter

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(strip_row)
        layout.addWidget(splitter, 1)
        self.help_overlay = HelpOverlay(self)
        self._update_mute_button()

    def _button(self, text: str, accessible: str, slot: object) -> QPushButton:
        button = QPushButton(text)
        button.setAccessibleName(accessible)
        button.setAutoDefault(True)
        button.clicked.connect(slot)
        return button

    def _build_actions(self) -> None:
        bindings: list[tuple[list[str], object]] = [
            (["Space"], self.toggle),
            (["N"], self.next_phase),
            (["B"], self.back),
            (["+", "=", "Shift+="], self.extend),
            (["-", "_"], self.shorten),
            (["S"], self.next_speaker),
            (["P"], self.toggle_projector),
            (["M"], self.toggle_mute),
            (["Ctrl+E"], self.ask_end_session),
            (["?", "Shift+/"], self.show_help),
            (["Esc"], self._on_escape),
        ]
        self.shortcut_actions: list[QAction] = []
        for keys, slot in bindings:
            action = QAction(self)
            action.setShortcuts([QKeySequence(k) for k in keys])
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(slot)
            self.addAction(action)
            self.shortcut_actions.append(action)
            if slot == self.ask_end_session:
                self.end_action = action  # off once the session ended: Ctrl+E is free again
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        # F1 arrives here when no window-wide F1 exists (the main window routes its own).
        if event.key() == Qt.Key.Key_F1:
            self.show_help()
            return
        super().keyPressEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        px = max(64, min(260, int(self.height() * 0.18)))
        self.time.setStyleSheet(f"font-size: {px}px; font-weight: bold;")
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
        if self._notice and now > self._notice_until:
            self._notice = ""
            self.notice.hide()
        self._paint(view)
        if self.presenter is not None and self.presenter.isVisible():
            self.presenter.show_view(view, self._notice)
        speaker = view.speaker.id if view.speaker else None
        if speaker and speaker != self._last_speaker:
            self.player.play("speaker")
        self._last_speaker = speaker
        if view.phase.id != self._last_phase_id:
            self._last_phase_id = view.phase.id
            self.phase_did_change.emit(view.phase.id)
            if view.timer.state is not TimerState.FINISHED:
                self.offer_handover(view.phase.id)

    def _paint(self, view: RunView) -> None:
        timer = view.timer
        phase = timer.phase
        self.heading.setText(f"<b>{html.escape(view.session_title)}</b>")
        group = f"{phase.group_title} · " if phase.group_title else ""
        self.where.setText(
            f"{html.escape(group)}Phase {timer.index + 1} of "
            f"{len(timer.phases)} · {html.escape(view.mode_label)}"
        )
        self.title.setText(phase.title)
        self.prompt.setText(phase.prompt)
        self.prompt.setVisible(bool(phase.prompt))
        self.time.setText(format_clock(timer.remaining_s))
        self.time.setAccessibleDescription(
            f"{format_clock(timer.remaining_s)} {'over time' if timer.remaining_s < 0 else 'left'}"
        )
        self.state_badge.setText(STATE_TEXT[timer.state])
        extra = timer.allotted_s - phase.planned_s
        planned = f"of {_minutes_label(timer.allotted_s)}"
        if abs(extra) >= 1:
            sign = "+" if extra > 0 else "−"
            planned += (
                f" (planned {_minutes_label(phase.planned_s)}, {sign}{_minutes_label(abs(extra))})"
            )
        self.allotted.setText(planned)
        self.strip.show_progress(view)
        started = timer.state is not TimerState.NOT_STARTED
        finished = timer.state is TimerState.FINISHED
        if finished:
            self.plan.setText("Session finished")
        elif timer.behind_s is None:
            total = sum(p.planned_s for p in timer.phases)
            self.plan.setText(f"Planned: {_minutes_label(total)}")
        else:
            self.plan.setText(format_minutes(timer.behind_s))
        running = timer.state in (TimerState.RUNNING, TimerState.OVERRUN)
        if finished:
            self.start_button.setText("✓  Finished")
            self.start_button.setAccessibleName("The session has finished")
        elif not started:
            self.start_button.setText("▶  Start  (Space)")
            self.start_button.setAccessibleName("Start the session")
        elif running:
            self.start_button.setText("❚❚  Pause  (Space)")
            self.start_button.setAccessibleName("Pause the round")
        else:
            self.start_button.setText("▶  Resume  (Space)")
            self.start_button.setAccessibleName("Resume the round")
        self.start_button.setEnabled(not finished and not timer.gap_pending)
        self.back_button.setEnabled(not finished and timer.index > 0)
        self.next_button.setEnabled(not finished)
        self.next_button.setText(
            "Next phase  (N)  ▶" if not timer.is_last or not started else "Finish…  (N)"
        )
        self.extend_button.setEnabled(not finished)
        self.shorten_button.setEnabled(not finished and timer.remaining_s > 0)
        self.end_button.setEnabled(started and not finished)
        self.speakers.show_view(view)
        if view.roles:
            self.roles.setText(
                "<br>".join(
                    f"<b>{html.escape(h.role)}</b>: {html.escape(h.person)}" for h in view.roles
                )
            )
        else:
            self.roles.setText("<i>No roles assigned for this session.</i>")
        nxt = timer.next_phase
        if finished:
            self.next_up.setText("<b>The session has finished.</b> Everything is saved.")
        elif nxt is None:
            self.next_up.setText("<b>Next:</b> this is the last phase.")
        else:
            self.next_up.setText(
                f"<b>Next:</b> {html.escape(nxt.title)} · "
                f"{_minutes_label(nxt.planned_s)} · {label(nxt.mode)}"
            )
        if self.agenda is not None:
            self.agenda.show_view(view)

    def _show_notice(self, text: str) -> None:
        self._notice = text
        self._notice_until = self.clock.monotonic() + NOTICE_S
        self.notice.setText(f"⚠  {text}")
        self.notice.show()

    def _show_error(self, exc: FacilitatorError) -> None:
        self.error_bar.text.setText(str(exc))
        self.error_bar.show()

    def _do(self, action: object, *args: object) -> bool:
        """Run one core action; a refusal or failed write is shown, never lost."""
        try:
            action(*args)  # type: ignore[operator]
        except FacilitatorError as exc:
            self._show_error(exc)
            self.refresh()
            return False
        self.error_bar.hide()
        self.refresh()
        return True

    # ------------------------------------------------------------ actions
    def toggle(self) -> None:
        if self.run.timer.pending_gap is not None:
            return
        starting = self.run.timer.state is TimerState.NOT_STARTED
        if self._do(self.run.toggle) and starting:
            self.offer_handover(self.run.timer.phase.id, only_if_changed=False)

    # ------------------------------------------------------------ handover
    def offer_handover(self, phase_id: str | None, *, only_if_changed: bool = True) -> bool:
        """Show who now holds which role (with briefs) when roles change; True if shown.

        At the start of the session it shows whenever a holder has not yet confirmed; at a
        new phase only when the holders differ from the ones last handed over.
        """
        from facilitator import rota

        try:
            hand = rota.handover(self.database, self.session_id, phase_id)
        except FacilitatorError as exc:
            self._show_error(exc)
            return False
        key = self._key_of(hand)
        changed = key != self._handover_key
        self._handover_key = key
        if not any(i.holder for i in hand.items) and hand.stored:
            return False
        if only_if_changed and not changed:
            return False
        if not only_if_changed and hand.all_confirmed():
            return False
        self.show_handover(phase_id)
        return True

    @staticmethod
    def _key_of(hand: object) -> tuple[tuple[str, str], ...]:
        return tuple(
            (i.role.id, i.holder.id if i.holder else "") for i in hand.items if i.role.rotates
        )  # type: ignore[attr-defined]

    def _holders_key(self, phase_id: str | None) -> tuple[tuple[str, str], ...] | None:
        from facilitator import rota

        try:
            return self._key_of(rota.handover(self.database, self.session_id, phase_id))
        except FacilitatorError:
            return None

    def show_handover(self, phase_id: str | None) -> None:
        """The handover window over the run screen, mirrored on the projector."""
        from ui.screens.handover import HandoverDialog

        if self.handover_dialog is not None:
            self.handover_dialog.close()
        dialog = HandoverDialog(self.database, self.session_id, phase_id, self.clock, self)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.resize(self.window().size())
        dialog.finished.connect(self._on_handover_dialog_finished)
        dialog.panel.handover_done.connect(self._mirror_handover)
        dialog.panel.roles_accepted.connect(self._mirror_handover)
        self.handover_dialog = dialog
        self._mirror_handover()
        dialog.show()

    def _mirror_handover(self) -> None:
        dialog = self.handover_dialog
        if dialog is None or self.presenter is None or dialog.panel.handover is None:
            return
        self.presenter.show_handover(
            [
                (i.role.name, i.holder.name if i.holder else "", i.role.brief)
                for i in dialog.panel.handover.items
                if i.holder or i.role.rotates
            ]
        )

    def _on_handover_dialog_finished(self) -> None:
        self.handover_dialog = None
        if self.presenter is not None:
            self.presenter.clear_handover()
        self.run.reload_assignments()
        self.refresh()
        self.setFocus()

    def next_phase(self) -> None:
        timer = self.run.timer
        if (
            timer.state is not TimerState.NOT_STARTED
            and timer.index + 1 >= len(timer.phases)
            and timer.state is not TimerState.FINISHED
        ):
            self.ask_end_session()
            return
        self._do(self.run.next_phase)

    def back(self) -> None:
        self._do(self.run.back)

    def extend(self) -> None:
        self._do(self.run.extend, 60.0)

    def shorten(self) -> None:
        self._do(self.run.shorten, 60.0)

    def next_speaker(self) -> None:
        self._do(self.run.next_speaker)

    def mark_speaking(self, participant_id: str) -> None:
        self._do(self.run.mark_speaking, participant_id)

    def step_out(self, participant_id: str) -> None:
        self._do(self.run.step_out, participant_id)

    def come_back(self, participant_id: str) -> None:
        self._do(self.run.come_back, participant_id)

    def ask_end_session(self) -> None:
        state = self.run.timer.state
        if state in (TimerState.NOT_STARTED, TimerState.FINISHED):
            return
        self.end_bar.show()
        self.end_confirm.setFocus()

    def _close_end_bar(self) -> None:
        self.end_bar.hide()
        self.setFocus()

    def end_session(self) -> None:
        self.end_bar.hide()
        if self._do(self.run.end_session):
            self.end_action.setEnabled(False)
            self.setFocus()
            self.session_did_end.emit(self.session_id)

    def _on_gap_pause_clicked(self) -> None:
        self.gap_bar.hide()
        self._do(self.run.pause_at_gap)
        self.setFocus()

    def _on_gap_go_on_clicked(self) -> None:
        self.gap_bar.hide()
        self._do(self.run.continue_after_gap)  # stored after a restart
        self.setFocus()

    def _on_escape(self) -> None:
        if self.help_overlay.isVisible():
            self.help_overlay.close_overlay()
        elif self.end_bar.isVisible():
            self._close_end_bar()
        elif self.error_bar.isVisible():
            self.error_bar.hide()
        else:
            self.setFocus()

    def show_help(self) -> None:
        if self.help_overlay.isVisible():
            self.help_overlay.close_overlay()
        else:
            self.help_overlay.open()

    # ------------------------------------------------------------ sound
    def toggle_mute(self) -> None:
        muted = not self.player.muted
        try:
            save_preferences(self.database, self.run.settings, muted)
        except FacilitatorError as exc:
            self._show_error(exc)
            self._update_mute_button()
            return
        self.player.set_muted(muted)
        self._update_mute_button()

    def _update_mute_button(self) -> None:
        muted = self.player.muted
        self.mute_button.setChecked(muted)
        self.mute_button.setText("Sound off  (M)" if muted else "Sound on  (M)")
        self.mute_button.setAccessibleName("Unmute sound" if muted else "Mute sound")
        tip = "Cues at warnings, time up and speaker changes."
        if self.player.unavailable_reason:
            tip = f"{self.player.unavailable_reason} Cues are shown on screen."
        self.mute_button.setToolTip(tip)

    def edit_settings(self) -> None:
        dialog = TimerSettingsDialog(self.run.settings, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self.apply_settings(dialog.chosen())

    def apply_settings(self, settings: TimerSettings) -> None:
        try:
            save_preferences(self.database, settings, self.player.muted)
        except FacilitatorError as exc:
            self._show_error(exc)
            return
        self.run.apply_settings(settings)
        self.refresh()

    # ------------------------------------------------------------ projector
    def toggle_projector(self) -> None:
        if self.presenter is not None and self.presenter.isVisible():
            self.close_projector()
        else:
            self.open_projector()

    def open_projector(self, screen: object = None) -> PresenterWindow:
        if self.presenter is None:
            self.presenter = PresenterWindow()
            self.presenter.close_requested.connect(self._on_presenter_close_requested)
            self.presenter.key_forwarded.connect(self._on_presenter_key_forwarded)
        handle = self.window().windowHandle()
        self.presenter.facilitator_screen = (
            handle.screen() if handle else QGuiApplication.primaryScreen()
        )
        if screen is not None:
            self.presenter.chosen_screen = screen  # type: ignore[assignment]
        if self.last_view is not None:
            self.presenter.show_view(self.last_view, self._notice)
        self.presenter.place()
        self.projector_button.setChecked(True)
        return self.presenter

    def close_projector(self) -> None:
        if self.presenter is not None:
            presenter, self.presenter = self.presenter, None
            presenter.close_requested.disconnect(self._on_presenter_close_requested)
            presenter.close()
            presenter.deleteLater()
        self.projector_button.setChecked(False)

    def _on_projector_button_clicked(self) -> None:
        self.toggle_projector()

    def _on_screen_menu_about_to_show(self) -> None:
        self.screen_menu.clear()
        for screen in QGuiApplication.screens():
            size = screen.size()
            action = self.screen_menu.addAction(
                f"Show on {screen.name() or 'screen'} ({size.width()}×{size.height()})"
            )
            action.triggered.connect(lambda _=False, s=screen: self.open_projector(s))

    def _on_presenter_close_requested(self) -> None:
        self.close_projector()

    def _on_presenter_key_forwarded(self, key: int) -> None:
        actions = {
            Qt.Key.Key_Space: self.toggle,
            Qt.Key.Key_N: self.next_phase,
            Qt.Key.Key_B: self.back,
            Qt.Key.Key_Plus: self.extend,
            Qt.Key.Key_Equal: self.extend,
            Qt.Key.Key_Minus: self.shorten,
            Qt.Key.Key_S: self.next_speaker,
            Qt.Key.Key_M: self.toggle_mute,
        }
        action = actions.get(Qt.Key(key))
        if action is not None:
            action()

    def closeEvent(self, event: object) -> None:  # noqa: N802
        self.shutdown()
        super().closeEvent(event)  # type: ignore[arg-type]

    def shutdown(self) -> None:
        """Stop repainting and close the projector (leaving the screen or the app)."""
        self.repaint_timer.stop()
        if self.handover_dialog is not None:
            self.handover_dialog.close()
        self.close_projector()
