"""The timer part of the run screen: the phase and its prompt, the big remaining time, the
buttons that drive the timer, and the agenda (as a strip, and as a list beside the timer)."""

from __future__ import annotations

import html

from PySide6.QtCore import QPointF, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QFontMetrics, QPainter, QPaintEvent, QPen, QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from facilitator.durations import countdown, plan_difference, short_length
from facilitator.model import Phase, label, round_heading
from facilitator.run import RunView
from facilitator.timer import TimerState, TimerView
from ui.presenter import STATE_TEXT
from ui.screens.run.spoken import BADGE_WORDS, say, time_key, time_name, title_name

TIME_MIN_PX, TIME_MAX_PX = 56, 260  # the big time's font size, from a small laptop to a 4K
HEADING_LINES = 2  # the phase's heading wraps to this many lines at most


def fitted_heading(metrics: QFontMetrics, phase: Phase, width: int, lines: int) -> str:
    """The phase's heading as it fits ``lines`` wrapped lines of ``width`` pixels: whole
    when it fits, else its title cut with "…" before the round, "Consult: the
    consultants… (round 2 of 3)", so the round is never what is lost."""
    heading = phase.heading
    room = lines * metrics.lineSpacing()

    def fits(text: str) -> bool:
        flags = int(Qt.TextFlag.TextWordWrap)
        return metrics.boundingRect(QRect(0, 0, width, 100_000), flags, text).height() <= room

    if width <= 0 or fits(heading):
        return heading
    suffix = round_heading("", phase.round_no, phase.rounds)
    low, high = 0, len(phase.title)  # the longest cut that fits, by halving
    while low < high:
        mid = (low + high + 1) // 2
        if fits(phase.title[:mid].rstrip() + "…" + suffix):
            low = mid
        else:
            high = mid - 1
    return phase.title[:low].rstrip() + "…" + suffix


class PhaseHeading(QLabel):
    """The phase on the clock in large type: its heading on at most ``HEADING_LINES``
    lines, a longer title cut with "…" and keeping its round (``fitted_heading``); the
    whole heading in its tooltip. Plain text, as typed."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("phaseTitle")
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(True)
        self.phase: Phase | None = None
        self._fitted: tuple[object, ...] = ()  # what the shown text was fitted to

    def show_phase(self, phase: Phase) -> None:
        self.phase = phase
        self._fit()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        phase = self.phase
        if phase is None:
            return
        width = self.contentsRect().width()
        key = (phase.heading, phase.round_no, width, self.font().key())
        if key == self._fitted:  # repainted five times a second: fit only on a change
            return
        self._fitted = key
        shown = fitted_heading(self.fontMetrics(), phase, width, HEADING_LINES)
        self.setText(shown)
        self.setToolTip(phase.heading if shown != phase.heading else "")


class TimerPanel(QWidget):
    """Where the session is, the phase's title and prompt, and the time left in large type."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.where = QLabel()
        self.where.setProperty("role", "hint")
        self.title = PhaseHeading()
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
        self._time_key: tuple[object, ...] = ()  # what the time's accessible name last said
        self.allotted = QLabel()
        self.allotted.setProperty("role", "hint")
        badge_col = QVBoxLayout()
        badge_col.addStretch(1)
        badge_col.addWidget(self.state_badge, 0, Qt.AlignmentFlag.AlignLeft)
        badge_col.addWidget(self.allotted)
        badge_col.addStretch(1)
        time_row = self._time_row = QHBoxLayout()
        time_row.addWidget(self.time)
        time_row.addSpacing(18)
        time_row.addLayout(badge_col)
        time_row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.where)
        layout.addWidget(self.title)
        layout.addWidget(self.prompt)
        layout.addLayout(time_row)

    def add_beside_time(self, widget: QWidget) -> None:
        """``widget`` in the free width right of the time and its state, top-aligned."""
        self._time_row.takeAt(self._time_row.count() - 1)  # the stretch it takes the place of
        self._time_row.addWidget(widget, 1, Qt.AlignmentFlag.AlignTop)

    def set_time_size(self, height: int) -> None:
        """The time grows with the run screen (``height``): about a seventh of it, but no
        more than an eighth of the screen it is on. The screen bounds it because the run
        screen grows with the time: sized by the run screen alone, a window forced taller
        than the screen (a bar opening) made the time bigger, and so the window taller."""
        screen = self.screen()
        room = screen.availableGeometry().height() if screen is not None else height
        px = max(TIME_MIN_PX, min(TIME_MAX_PX, int(height * 0.14), int(room * 0.125)))
        self.time.setStyleSheet(f"font-size: {px}px; font-weight: bold;")

    def show_view(self, view: RunView) -> None:
        timer = view.timer
        phase = timer.phase
        group = f"{phase.group_title} · " if phase.group_title else ""
        self.where.setText(
            f"{html.escape(group)}Phase {timer.index + 1} of "
            f"{len(timer.phases)} · {html.escape(view.mode_label)}"
        )
        self.title.show_phase(phase)  # with its round: "Consult (round 2 of 3)"
        self.prompt.setText(phase.prompt)
        self.prompt.setVisible(bool(phase.prompt))
        self.time.setText(countdown(timer.remaining_s))
        if time_key(timer) != self._time_key:  # the whole minute or the state, not each second
            self._time_key = time_key(timer)
            say(self.time, time_name(timer))
        self.state_badge.setText(STATE_TEXT[timer.state])
        say(self.state_badge, BADGE_WORDS[timer.state])
        say(self.title, title_name(timer), view.mode_label)
        say(self.prompt, f"Prompt: {phase.prompt}")
        extra = timer.allotted_s - phase.planned_s
        changed = ""
        if abs(extra) >= 1:
            sign = "+" if extra > 0 else "−"
            changed = (
                f" (planned {short_length(phase.planned_s)}, {sign}{short_length(abs(extra))})"
            )
        self.allotted.setText(f"of {short_length(timer.allotted_s)}{changed}")
        say(self.time, description=f"{short_length(timer.allotted_s)} in all{changed}")


class TimerControls(QWidget):
    """The buttons that drive the timer; each names its key. The end button is not in
    their row: the screen puts it apart, where it is not pressed instead of Next.

    Signals:
        back_requested(): back to the previous phase.
        toggle_requested(): start, pause or resume.
        next_phase_requested(): on to the next phase (on the last: finish).
        shorten_requested(): one minute less.
        extend_requested(): one minute more.
        end_requested(): end the session (asks first).
    """

    back_requested = Signal()
    toggle_requested = Signal()
    next_phase_requested = Signal()
    shorten_requested = Signal()
    extend_requested = Signal()
    end_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.back_button = self._button("◀  Back  (B)", "Back to the previous phase")
        self.back_button.clicked.connect(self.back_requested)
        self.start_button = self._button("▶  Start  (Space)", "Start the session")
        self.start_button.setProperty("role", "primary")
        self.start_button.clicked.connect(self.toggle_requested)
        self.next_button = self._button("Next phase  (N)  ▶", "Next phase")
        self.next_button.clicked.connect(self.next_phase_requested)
        self.shorten_button = self._button("−1 min", "Shorten by one minute")
        self.shorten_button.clicked.connect(self.shorten_requested)
        self.extend_button = self._button("+1 min", "Extend by one minute")
        self.extend_button.clicked.connect(self.extend_requested)
        self.end_button = self._button("End session…", "End the session")
        self.end_button.clicked.connect(self.end_requested)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for button in (
            self.back_button,
            self.start_button,
            self.next_button,
            self.shorten_button,
            self.extend_button,
        ):
            layout.addWidget(button)
        layout.addStretch(1)  # end_button is the screen's to place, away from these

    @staticmethod
    def _button(text: str, accessible: str) -> QPushButton:
        button = QPushButton(text)
        button.setAccessibleName(accessible)
        button.setAutoDefault(True)
        return button

    def show_timer(self, timer: TimerView) -> None:
        started = timer.state is not TimerState.NOT_STARTED
        finished = timer.state is TimerState.FINISHED
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


def plan_text(timer: TimerView) -> str:
    """Progress against the plan: ahead or behind, the planned total before the start."""
    if timer.state is TimerState.FINISHED:
        return "Session finished"
    if timer.behind_s is None:
        return f"Planned: {short_length(sum(p.planned_s for p in timer.phases))}"
    return plan_difference(timer.behind_s).capitalize()


def next_up_text(timer: TimerView) -> str:
    """What comes after this phase."""
    nxt = timer.next_phase
    if timer.state is TimerState.FINISHED:
        return "<b>The session has finished.</b> Everything is saved."
    if nxt is None:
        return "<b>Next:</b> this is the last phase."
    return (
        f"<b>Next:</b> {html.escape(nxt.heading)} · {short_length(nxt.planned_s)} · "
        f"{label(nxt.mode)}"
    )


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
        say(self, None, f"Phase {timer.index + 1} of {len(timer.phases)}: {timer.phase.heading}")
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
            item = QListWidgetItem(f"{mark}  {phase.heading}  ·  {short_length(phase.planned_s)}")
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
        self.total.setText(f"Planned: {short_length(total)} in {len(timer.phases)} phases")
