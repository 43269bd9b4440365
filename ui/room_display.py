"""The room display: what the room sees of a run, readable from the back of the room.

One widget, drawn the same in the projector window on a second screen and in the run
screen's room layout on a single (mirrored) screen, so the two never drift apart. High
contrast (white on black, yellow for emphasis); every state is said in words and shown by
a shape (a symbol, the frame around the time), never by colour alone. It shows the time
left, the phase and its prompt, who speaks and who is next, and the roles; at a handover
the new role holders and their briefs; in a review round the items to review, owners in
turn, the one being reviewed marked "▶ now".
"""

from __future__ import annotations

import html

from PySide6.QtCore import QRect, Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics, QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from facilitator.direction import isolate
from facilitator.durations import countdown
from facilitator.review import ReviewItem, whose_turn
from facilitator.run import RunView
from facilitator.timer import TimerState
from ui.editing import set_role
from ui.elided_label import ElidedLabel

BACKGROUND = "#000000"
FOREGROUND = "#ffffff"
ACCENT = "#ffd400"  # yellow: over time, warnings, the item now reviewed (always with words)
MUTED = "#c8c8c8"

STATE_TEXT = {
    TimerState.NOT_STARTED: "■  Ready to start",
    TimerState.RUNNING: "▶  Running",
    TimerState.PAUSED: "❚❚  Paused",
    TimerState.OVERRUN: "▲  Over time",
    TimerState.FINISHED: "✓  Session finished",
}
REVIEW_FORMAT = "review-round"  # the format whose phases show the review list
REVIEW_TEXT_CHARS = 80  # an item's text is cut to this on the list, to keep one line each
REVIEW_NOW_CHARS = 240  # the item now reviewed is shown whole (this is a runaway's limit)
REVIEW_NOW_LINES = 3  # ... wrapping onto as many lines as it needs, up to these


def slot_text(remaining: float) -> str:
    """A speaker's slot in words: "0:42 left" or, past it, "0:15 over"."""
    if remaining >= 0:
        return f"{countdown(remaining)} left"
    return f"{countdown(-remaining)} over"


def speaker_text(view: RunView) -> str:
    """Who speaks now (and how long their slot has left), or what the floor is."""
    if not view.tracked:
        return view.mode_label
    who = view.speaker or view.held
    if who is None:
        if view.queue:
            return f"Next to speak: {isolate(view.queue[0].name)}"
        return "Open floor" if view.timer.phase.mode.value == "open" else ""
    text = f"Speaking: {isolate(who.name)}"
    if view.slot_remaining_s is not None:
        text += f"  ·  {slot_text(view.slot_remaining_s)}"
    return text


def next_text(view: RunView) -> str:
    """Who speaks after the one speaking now ("" when nobody speaks or nobody is next)."""
    if not view.tracked or not (view.speaker or view.held) or not view.queue:
        return ""
    return f"Next: {isolate(view.queue[0].name)}"


def review_state(item: ReviewItem) -> str:
    """What this session's review said of the item, in a symbol and words."""
    if item.review is None:
        return ""
    return "✓ settled" if item.settled else "↻ still open"


def is_over(state: TimerState, remaining_s: float) -> bool:
    """Past the phase's time: running over, or paused while over."""
    return state is TimerState.OVERRUN or (state is TimerState.PAUSED and remaining_s < 0)


def in_review_round(view: RunView) -> bool:
    """Whether the phase on the clock is a step of a review round."""
    return view.phase.format_key == REVIEW_FORMAT


def _owner(item: ReviewItem) -> str:
    if not item.owner_id:
        return "No owner"
    return item.owner or "(removed participant)"


def _cut(text: str, length: int = REVIEW_TEXT_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


class RoomDisplay(QWidget):
    """The run as the room sees it; it sizes its type to the space it is given."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("roomDisplay")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet(
            f"#roomDisplay {{ background: {BACKGROUND}; }}"
            f"QLabel {{ color: {FOREGROUND}; background: transparent; }}"
            f"QLabel[role='muted'] {{ color: {MUTED}; }}"
            f"QLabel[role='accent'] {{ color: {ACCENT}; }}"
        )
        self.review_items: list[ReviewItem] = []
        self._shown_rows = 0
        self.current_item_id: str | None = None
        self._frame_style = ""
        self._build()
        self._scale_fonts()

    def _label(self, name: str, role: str = "", *, center: bool = True) -> QLabel:
        label = QLabel()
        label.setTextFormat(Qt.TextFormat.PlainText)  # names and prompts as typed
        label.setAccessibleName(name)
        label.setWordWrap(True)
        if role:
            label.setProperty("role", role)
        if center:
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        return label

    def _build(self) -> None:
        self.where = self._label("Where in the agenda", "muted", center=False)
        self.title = self._label("Phase", center=False)
        self.state = self._label("Timer state", center=False)
        self.state.setWordWrap(False)
        self.time = self._label("Time left")
        self.time.setText("--:--")
        self.time.setWordWrap(False)
        # The digits size themselves to the space, so they must never size the window.
        self.time.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.time_frame = QFrame()
        self.time_frame.setObjectName("timeFrame")
        frame_box = QVBoxLayout(self.time_frame)
        frame_box.setContentsMargins(0, 0, 0, 0)
        frame_box.addWidget(self.time)
        self.notice = self._label("Notice", "accent")
        self.notice.hide()
        self.prompt = self._label("Prompt")
        self.speaker = self._label("Speaker")
        self.next = self._label("Next to speak", "muted")
        self.roles = self._label("Roles", "muted")
        # At a handover the room sees who now holds which role, and what each role does.
        self.handover = QLabel()
        self.handover.setObjectName("handover")
        self.handover.setAccessibleName("New role holders")
        self.handover.setWordWrap(True)
        self.handover.setTextFormat(Qt.TextFormat.RichText)
        self.handover.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.handover.hide()
        self.review = QFrame()
        self.review.setObjectName("reviewList")
        self.review.setAccessibleName("Items to review")
        self.review_heading = self._label("Review round", "muted", center=False)
        rows = self.review_space = _Space()
        rows.size_did_change.connect(self._on_review_space_size_did_change)
        self.review_rows = QGridLayout(rows)
        self.review_rows.setContentsMargins(0, 0, 0, 0)
        self.review_rows.setHorizontalSpacing(24)
        self.review_rows.setVerticalSpacing(2)
        self.review_rows.setColumnStretch(2, 1)
        review_box = QVBoxLayout(self.review)
        review_box.setContentsMargins(0, 0, 0, 0)
        review_box.addWidget(self.review_heading)
        review_box.addWidget(rows, 1)
        self.review.hide()

        top = QHBoxLayout()
        top.addWidget(self.where, 1)
        top.addWidget(self.state, 0, Qt.AlignmentFlag.AlignRight)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(40, 20, 40, 20)
        layout.addLayout(top)
        layout.addWidget(self.title)
        layout.addWidget(self.time_frame, 5)
        layout.addWidget(self.notice)
        layout.addWidget(self.prompt, 2)
        layout.addWidget(self.review, 6)
        layout.addWidget(self.speaker)
        layout.addWidget(self.next)
        layout.addWidget(self.roles)
        layout.addWidget(self.handover, 6)
        self.box = layout

    # ------------------------------------------------------------ the run
    def show_view(self, view: RunView, notice: str = "") -> None:
        """The same view the run screen paints, drawn for the room."""
        timer = view.timer
        phase = timer.phase
        group = f"{phase.group_title} · " if phase.group_title else ""
        self.where.setText(f"{group}Phase {timer.index + 1} of {len(timer.phases)}")
        self.title.setText(phase.heading)  # with its round: "Consult (round 2 of 3)"
        self.state.setText(STATE_TEXT[timer.state])
        over = is_over(timer.state, timer.remaining_s)
        text = countdown(timer.remaining_s)
        if len(text) != len(self.time.text()):
            self.time.setText(text)
            self._scale_fonts()
        self.time.setText(text)
        if self.time.property("role") != ("accent" if over else ""):
            set_role(self.time, "accent" if over else "")
        state_words = "over time" if over else STATE_TEXT[timer.state].split("  ")[-1].lower()
        if self.time.accessibleDescription() != f"{text}, {state_words}":
            self.time.setAccessibleDescription(f"{text}, {state_words}")
        # The frame's shape says the state: heavy yellow = over time, dashed = paused (both
        # when paused over time, so a pause never looks like time running on).
        paused = timer.state is TimerState.PAUSED
        if over:
            style = f"#timeFrame {{ border: 10px {'dashed' if paused else 'solid'} {ACCENT}; }}"
        elif paused:
            style = f"#timeFrame {{ border: 6px dashed {FOREGROUND}; }}"
        else:
            style = "#timeFrame { border: 6px solid transparent; }"
        if style != self._frame_style:
            self._frame_style = style
            self.time_frame.setStyleSheet(style)
        self.notice.setText(f"⚠  {notice}" if notice else "")
        self.notice.setVisible(bool(notice))
        self._say(self.prompt, phase.prompt)
        self._say(self.speaker, speaker_text(view))
        self._say(self.next, next_text(view))
        nb = "\u00a0"
        self._say(
            self.roles,
            f"{nb}{nb}·   ".join(
                f"{isolate(h.role)}:{nb}{isolate(h.person)}".replace(" ", nb) for h in view.roles
            ),
        )

    def _say(self, label: QLabel, text: str) -> None:
        """A fact for the room, and for a screen reader as the label's description; an empty
        one takes no room."""
        if label.text() != text:
            label.setText(text)
            label.setAccessibleDescription(text.replace("\u00a0", " "))
            self._arrange()

    # ------------------------------------------------------------ handover
    def show_handover(self, holders: list[tuple[str, str, str]]) -> None:
        """Show (role, holder, brief) for each role in force instead of the timer."""

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
        self.handover.show()
        self._arrange()

    def clear_handover(self) -> None:
        """Back to the timer view."""
        self.handover.hide()
        self._arrange()

    @property
    def showing_handover(self) -> bool:
        return not self.handover.isHidden()

    # ------------------------------------------------------------ review round
    def show_review(self, items: list[ReviewItem], current_item_id: str | None) -> None:
        """The items to review, in the order given (owners in turn), the one now reviewed
        marked; no items clears the list."""
        self.review_items = list(items)
        self.current_item_id = current_item_id
        self._fill_review()
        self._arrange()
        self._scale_fonts()

    @property
    def showing_review(self) -> bool:
        return bool(self.review_items) and not self.showing_handover

    def review_lines(self) -> list[str]:
        """The list's rows as the room reads them (also its accessible description)."""
        return ["  ".join(cell for cell in cells if cell) for _, cells in self._review_cells()]

    def _review_cells(self) -> list[tuple[bool, tuple[str, str, str, str]]]:
        """Each row that fits: whether it is the item now reviewed, and its cells (the mark,
        the owner on their first item, the item's text, what the review said)."""
        rows = []
        owner = None
        for item in self._review_window():
            now = item.item.id == self.current_item_id
            who = item.owner_id or ""
            mark = "▶ now" if now else ""
            rows.append(
                (
                    now,
                    (
                        mark,
                        _owner(item) if who != owner else "",
                        _cut(item.text, REVIEW_NOW_CHARS if now else REVIEW_TEXT_CHARS),
                        review_state(item),
                    ),
                )
            )
            owner = who
        return rows

    def _review_window(self) -> list[ReviewItem]:
        """The rows that fit, keeping the item now reviewed in view."""
        items = self.review_items
        fit = self._review_capacity()
        if len(items) <= fit:
            return items
        ids = [i.item.id for i in items]
        at = ids.index(self.current_item_id) if self.current_item_id in ids else 0
        start = max(0, min(at - 1, len(items) - fit))
        return items[start : start + fit]

    def _review_capacity(self) -> int:
        """How many rows the space left for the list holds: all of them, or as many as fit
        with a last line saying how many more there are."""
        font = QFont(self.font())
        font.setPixelSize(self._review_px())
        row = QFontMetrics(font).height() + self.review_rows.verticalSpacing()
        rows = self.review_space.height() // max(1, row)
        rows -= self._now_lines(font) - 1  # the item now reviewed may take more lines
        return len(self.review_items) if rows >= len(self.review_items) else max(2, rows - 1)

    def _now_lines(self, font: QFont) -> int:
        """The lines the item now reviewed wraps onto in the text column (1 for none)."""
        now = next((i for i in self.review_items if i.item.id == self.current_item_id), None)
        if now is None:
            return 1
        font = QFont(font)
        font.setBold(True)
        column = self.review_rows.cellRect(0, 2).width() if self._shown_rows else 0
        width = max(1, column if column > 0 else self.review_space.width() // 2)
        metrics = QFontMetrics(font)
        text = _cut(now.text, REVIEW_NOW_CHARS)
        flags = int(Qt.TextFlag.TextWordWrap)
        height = metrics.boundingRect(QRect(0, 0, width, 10**6), flags, text).height()
        return max(1, min(REVIEW_NOW_LINES, round(height / metrics.lineSpacing())))

    def _on_review_space_size_did_change(self) -> None:
        if self.review_items and len(self._review_window()) != self._shown_rows:
            self._fill_review()

    def _review_px(self) -> int:
        return max(14, int(max(self.height(), 300) * 0.036))

    def _fill_review(self) -> None:
        while self.review_rows.count():
            child = self.review_rows.takeAt(0)
            widget = child.widget() if child is not None else None
            if widget is not None:
                widget.hide()  # gone at once, not at the next turn of the event loop
                widget.deleteLater()
        rows = self._review_cells()
        self._shown_rows = len(rows)
        px = self._review_px()
        self.review_rows.setColumnMinimumWidth(0, px * 3)  # room for "▶ now": rows never shift
        for row, (now, cells) in enumerate(rows):
            for column, text in enumerate(cells):
                label = _review_cell(text, wraps=now and column == 2, elides=column == 2)
                label.setProperty("role", "accent" if now else ("muted" if column == 3 else ""))
                weight = "bold" if now or column == 1 else "normal"
                label.setStyleSheet(f"font-size: {px}px; font-weight: {weight};")
                self.review_rows.addWidget(label, row, column)
        hidden = len(self.review_items) - len(rows)
        if hidden:
            more = QLabel(f"… and {hidden} more")
            more.setProperty("role", "muted")
            more.setStyleSheet(f"font-size: {px}px;")
            self.review_rows.addWidget(more, len(rows), 2)
        for row in range(self.review_rows.rowCount()):  # an earlier fill's stretch goes
            self.review_rows.setRowStretch(row, 0)
        self.review_rows.setRowStretch(len(rows) + 1, 1)
        reviewed = sum(1 for i in self.review_items if i.review is not None)
        heading = f"To review: {reviewed} of {len(self.review_items)} done"
        turn = whose_turn(self.review_items, self.current_item_id)
        self.review_heading.setText(f"{heading}   ·   now reporting: {turn}" if turn else heading)
        self.review_heading.setStyleSheet(f"font-size: {px}px;")
        self.review.setAccessibleDescription(
            f"{self.review_heading.text()}. " + ". ".join(self.review_lines())
        )

    # ------------------------------------------------------------ layout
    def _arrange(self) -> None:
        """Timer, or handover, or timer with the review list: one of three faces."""
        handover = self.showing_handover
        self.time_frame.setVisible(not handover)
        for label in (self.prompt, self.speaker, self.next, self.roles):
            label.setVisible(not handover and bool(label.text()))
        self.review.setVisible(self.showing_review)
        box = self.box
        box.setStretchFactor(self.time_frame, 1 if self.showing_review else 5)
        box.setStretchFactor(self.prompt, 0 if self.showing_review else 2)

    def _scale_fonts(self) -> None:
        height = max(self.height(), 300)
        width = max(self.width(), 400)
        chars = max(4, len(self.time.text()))
        share = 0.17 if self.showing_review else 0.36
        time_px = int(min(height * share, (width - 140) / (0.66 * chars)))
        self.time.setStyleSheet(f"font-size: {time_px}px; font-weight: bold;")
        self.time.setMinimumHeight(int(time_px * 1.15))  # the digits whole, never cut
        self.title.setStyleSheet(f"font-size: {int(height * 0.06)}px; font-weight: bold;")
        for label, size in (
            (self.where, 0.03),
            (self.state, 0.04),
            (self.notice, 0.045),
            (self.prompt, 0.036 if self.showing_review else 0.042),
            (self.speaker, 0.052),
            (self.next, 0.04),
            (self.roles, 0.036),
        ):
            bold = " font-weight: bold;" if label in (self.state, self.speaker) else ""
            label.setStyleSheet(f"font-size: {max(14, int(height * size))}px;{bold}")
        self.handover.setStyleSheet(f"font-size: {max(14, int(height * 0.032))}px;")

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._scale_fonts()
        if self.review_items:
            self._fill_review()


def _review_cell(text: str, *, wraps: bool, elides: bool) -> QLabel:
    """One cell of the review list: the item now reviewed wraps so the room reads all of
    it, the others' text ends in "…" to keep one line each; a row's cells line up at the
    top of its first line."""
    label: QLabel
    if wraps:
        label = QLabel(text)
        label.setWordWrap(True)
    else:
        label = ElidedLabel(text) if elides else QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    return label


class _Space(QWidget):
    """Room for the review rows: whatever the layout leaves, never asking for more.

    Signals:
        size_did_change(): it was given another size (the rows that fit may differ).
    """

    size_did_change = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        self.size_did_change.emit()


__all__ = [
    "ACCENT",
    "BACKGROUND",
    "FOREGROUND",
    "MUTED",
    "STATE_TEXT",
    "RoomDisplay",
    "in_review_round",
    "is_over",
    "next_text",
    "review_state",
    "slot_text",
    "speaker_text",
]
