"""The projector window: what the room sees, readable from the back of the room.

High contrast (white on black, yellow for emphasis); every state is said in words and
shown by a shape (a symbol and the frame around the time), never by colour alone. It goes
full screen on the chosen screen and follows projectors being plugged in and out.

Signals:
    close_requested(): Esc (or P) was pressed in the window.
    key_forwarded(int): another key was pressed here; the run screen acts on it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QGuiApplication, QKeyEvent, QResizeEvent, QScreen
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from facilitator.durations import countdown
from facilitator.run import RunView
from facilitator.timer import TimerState

BACKGROUND = "#000000"
FOREGROUND = "#ffffff"
ACCENT = "#ffd400"  # yellow: over time, warnings (always with words and shapes)
MUTED = "#c8c8c8"

STATE_TEXT = {
    TimerState.NOT_STARTED: "■  Ready to start",
    TimerState.RUNNING: "▶  Running",
    TimerState.PAUSED: "❚❚  Paused",
    TimerState.OVERRUN: "▲  Over time",
    TimerState.FINISHED: "✓  Session finished",
}


def pick_screen(
    screens: list[QScreen],
    primary: QScreen | None,
    chosen: QScreen | None,
    facilitator: QScreen | None,
) -> tuple[QScreen | None, bool]:
    """Where the projector view goes, and whether full screen.

    The chosen screen if it is still there (full screen even on the laptop's own screen:
    with a mirrored projector that is what the room sees); else the first screen that is
    not the facilitator's (a projector); else the facilitator's own screen, in a window so
    it does not cover the run screen.
    """
    if chosen is not None and chosen in screens:
        return chosen, True
    others = [s for s in screens if s is not facilitator]
    if others:
        return others[0], True
    return facilitator or primary, False


class PresenterWindow(QWidget):
    close_requested = Signal()
    key_forwarded = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("presenter")
        self.setWindowTitle("Facilitator — projector")
        self.setAccessibleName("Projector view")
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating, True)
        self.setStyleSheet(
            f"#presenter {{ background: {BACKGROUND}; }}"
            f"QLabel {{ color: {FOREGROUND}; background: transparent; }}"
            f"QLabel[role='muted'] {{ color: {MUTED}; }}"
            f"QLabel[role='accent'] {{ color: {ACCENT}; }}"
        )
        self.setAutoFillBackground(True)
        self.chosen_screen: QScreen | None = None
        self.facilitator_screen: QScreen | None = None
        self.full_screen = False

        self.where = QLabel()
        self.where.setProperty("role", "muted")
        self.title = QLabel()
        self.title.setWordWrap(True)
        self.state = QLabel()
        self.state.setAccessibleName("Timer state")
        self.time = QLabel("--:--")
        self.time.setAccessibleName("Time left")
        # The digits size themselves to the window, so they must never size the window.
        self.time.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.time.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.time_frame = QFrame()
        self.time_frame.setObjectName("timeFrame")
        frame_layout = QVBoxLayout(self.time_frame)
        frame_layout.addWidget(self.time)
        self.notice = QLabel()
        self.notice.setProperty("role", "accent")
        self.notice.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.notice.setWordWrap(True)
        self.prompt = QLabel()
        self.prompt.setWordWrap(True)
        self.prompt.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.speaker = QLabel()
        self.speaker.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.speaker.setWordWrap(True)
        self.roles = QLabel()
        self.roles.setProperty("role", "muted")
        self.roles.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.roles.setWordWrap(True)

        top = QHBoxLayout()
        top.addWidget(self.where, 1)
        top.addWidget(self.state, 0, Qt.AlignmentFlag.AlignRight)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 28, 48, 28)
        layout.addLayout(top)
        layout.addWidget(self.title)
        layout.addWidget(self.time_frame, 5)
        layout.addWidget(self.notice)
        layout.addWidget(self.prompt, 2)
        layout.addWidget(self.speaker)
        layout.addWidget(self.roles)
        # At a handover the room sees who now holds which role, and what each role does.
        self.handover = QLabel()
        self.handover.setObjectName("handover")
        self.handover.setAccessibleName("New role holders")
        self.handover.setWordWrap(True)
        self.handover.setTextFormat(Qt.TextFormat.RichText)
        self.handover.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.handover.hide()
        layout.addWidget(self.handover, 6)
        self._frame_style = ""
        self._scale_fonts()

        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):
            app.screenAdded.connect(self._on_app_screen_added)
            app.screenRemoved.connect(self._on_app_screen_removed)

    # ------------------------------------------------------------ showing the run
    def show_view(self, view: RunView, notice: str = "") -> None:
        """Mirror the run screen: the same view, drawn for the room."""
        timer = view.timer
        phase = timer.phase
        group = f"{phase.group_title} · " if phase.group_title else ""
        self.where.setText(f"{group}Phase {timer.index + 1} of {len(timer.phases)}")
        self.title.setText(phase.title)
        self.state.setText(STATE_TEXT[timer.state])
        over = timer.state is TimerState.OVERRUN or (
            timer.state is TimerState.PAUSED and timer.remaining_s < 0
        )
        text = countdown(timer.remaining_s)
        if len(text) != len(self.time.text()):
            self.time.setText(text)
            self._scale_fonts()
        self.time.setText(text)
        self.time.setProperty("role", "accent" if over else "")
        self.time.setAccessibleDescription(
            "over time" if over else STATE_TEXT[timer.state].split("  ")[-1].lower()
        )
        # The frame's shape says the state: solid heavy = over time, dashed = paused.
        if over:
            style = f"#timeFrame {{ border: 10px solid {ACCENT}; }}"
        elif timer.state is TimerState.PAUSED:
            style = f"#timeFrame {{ border: 6px dashed {FOREGROUND}; }}"
        else:
            style = "#timeFrame { border: 6px solid transparent; }"
        if style != self._frame_style:
            self._frame_style = style
            self.time_frame.setStyleSheet(style)
        self.time.style().unpolish(self.time)
        self.time.style().polish(self.time)
        self.notice.setText(f"⚠  {notice}" if notice else "")
        self.notice.setVisible(bool(notice))
        self.prompt.setText(phase.prompt)
        self.speaker.setText(_speaker_line(view))
        nb = "\u00a0"
        self.roles.setText(
            "   ·   ".join(f"{h.role}:{nb}{h.person}".replace(" ", nb) for h in view.roles)
        )

    # ------------------------------------------------------------ handover
    def show_handover(self, holders: list[tuple[str, str, str]]) -> None:
        """Show (role, holder, brief) for each role in force instead of the timer."""
        import html

        def first_sentence(text: str) -> str:
            head, dot, _ = text.partition(". ")
            return head + dot.strip() if dot else text

        rows = "".join(
            f"<p style='margin-bottom:0.6em'><b>{html.escape(role)}: "
            f"<span style='color:{ACCENT}'>{html.escape(holder or 'nobody yet')}"
            f"</span></b><br><span style='color:{MUTED}'>{html.escape(first_sentence(brief))}"
            "</span></p>"
            for role, holder, brief in holders
        )
        self.handover.setText(f"<p><b>New roles — over to you</b></p>{rows}")
        for widget in (self.time_frame, self.prompt, self.speaker, self.roles):
            widget.hide()
        self.handover.show()

    def clear_handover(self) -> None:
        """Back to the timer view."""
        self.handover.hide()
        for widget in (self.time_frame, self.prompt, self.speaker, self.roles):
            widget.show()

    @property
    def showing_handover(self) -> bool:
        return not self.handover.isHidden()

    def _scale_fonts(self) -> None:
        height = max(self.height(), 300)
        width = max(self.width(), 400)
        chars = max(4, len(self.time.text()))
        time_px = int(min(height * 0.30, (width - 140) / (0.66 * chars)))
        self.time.setStyleSheet(f"font-size: {time_px}px; font-weight: bold;")
        self.title.setStyleSheet(f"font-size: {int(height * 0.065)}px; font-weight: bold;")
        for label, share in (
            (self.where, 0.03),
            (self.state, 0.04),
            (self.notice, 0.045),
            (self.prompt, 0.04),
            (self.speaker, 0.05),
            (self.roles, 0.03),
        ):
            label.setStyleSheet(f"font-size: {max(14, int(height * share))}px;")
        self.handover.setStyleSheet(f"font-size: {max(14, int(height * 0.032))}px;")
        self.state.setStyleSheet(self.state.styleSheet() + "font-weight: bold;")
        self.speaker.setStyleSheet(self.speaker.styleSheet() + "font-weight: bold;")

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._scale_fonts()

    # ------------------------------------------------------------ screens
    def place(self) -> None:
        """Show on the right screen: full screen on a projector, a window otherwise."""
        screens = QGuiApplication.screens()
        target, full = pick_screen(
            screens, QGuiApplication.primaryScreen(), self.chosen_screen, self.facilitator_screen
        )
        if target is None:
            self.show()
            return
        if self.windowHandle() is not None:
            self.windowHandle().setScreen(target)
        area = target.availableGeometry()
        self.full_screen = full
        if full:
            self.setGeometry(target.geometry())
            self.showFullScreen()
        else:
            self.showNormal()
            self.resize(int(area.width() * 0.6), int(area.height() * 0.6))
            self.move(area.center() - self.rect().center())
            self.show()

    def _on_app_screen_added(self, screen: QScreen) -> None:
        if self.isVisible() and not self.full_screen:
            self.place()  # a projector was plugged in: go there

    def _on_app_screen_removed(self, screen: QScreen) -> None:
        if screen is self.chosen_screen:
            self.chosen_screen = None
        if self.isVisible():
            self.place()

    # ------------------------------------------------------------ keys
    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() in (Qt.Key.Key_Escape, Qt.Key.Key_P):
            self.close_requested.emit()
            return
        self.key_forwarded.emit(int(event.key()))

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        self.close_requested.emit()
        super().closeEvent(event)


def slot_text(remaining: float) -> str:
    """A speaker's slot in words: "0:42 left" or, past it, "0:15 over"."""
    if remaining >= 0:
        return f"{countdown(remaining)} left"
    return f"{countdown(-remaining)} over"


def _speaker_line(view: RunView) -> str:
    if not view.tracked:
        return view.mode_label
    who = view.speaker or view.held
    if who is None:
        if view.queue:
            return f"Next to speak: {view.queue[0].name}"
        return "Open floor" if view.timer.phase.mode.value == "open" else ""
    text = f"Speaking: {who.name}"
    if view.slot_remaining_s is not None:
        text += f"  ·  {slot_text(view.slot_remaining_s)}"
    if view.queue:
        text += f"   —   next: {view.queue[0].name}"
    return text
