"""The speakers card of the run screen: who speaks now, who is next, who has not yet been
heard, and a chip per person present to tap who speaks.

The card is made to be read whole without scrolling on a laptop: its buttons sit on its
title's row, and when its height is short the chips take one line each ("▶ 1 Amara Okafor ·
0:14") instead of two."""

from __future__ import annotations

import html
import math
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from facilitator.direction import isolate, ours_first
from facilitator.durations import clock_mm_ss, stopwatch
from facilitator.errors import FacilitatorError, ValidationError
from facilitator.model import PhaseMode
from facilitator.run import RunView
from facilitator.timer import TimerState
from ui.presenter import slot_text
from ui.screens.run.spoken import say, spoken_length


class SpeakersPanel(QFrame):
    """Who speaks now, who is next, and a button per present person to tap who speaks.

    Signals:
        next_speaker_requested(): the round-robin should move on.
        speaking_requested(str): tapped: this person (id) speaks now, or stops.
        step_out_requested(str): this person stepped out.
        come_back_requested(str): this person is back.
    """

    next_speaker_requested = Signal()
    speaking_requested = Signal(str)
    step_out_requested = Signal(str)
    come_back_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._view: RunView | None = None
        self.setObjectName("speakers")
        # Chips narrower than the screen's buttons, so that two names fit a row whole; the
        # speaker's chip is marked ▶ and pressed, not bold (a bold name would not fit).
        self.setStyleSheet(
            "QPushButton#speakerChip { padding: 4px 6px; }"
            "QPushButton#speakerChip:checked { font-weight: normal; }"
            "QPushButton#speakersAction { padding: 3px 10px; }"
        )
        self.setFrameShape(QFrame.Shape.StyledPanel)
        heading = QLabel("Speaking")
        heading.setProperty("role", "cardTitle")
        self.now = QLabel()
        self.now.setObjectName("speakerNow")
        self.now.setWordWrap(True)
        self.now.setTextFormat(Qt.TextFormat.RichText)  # the name in bold, escaped below
        self.queue = QLabel()
        self.queue.setWordWrap(True)
        self.queue.setTextFormat(Qt.TextFormat.PlainText)  # names as typed
        self.grid_host = QWidget()
        self.grid = QGridLayout(self.grid_host)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setHorizontalSpacing(6)
        self.grid.setVerticalSpacing(4)
        self.buttons: dict[str, QPushButton] = {}
        self.not_heard = QLabel()
        self.not_heard.setWordWrap(True)
        self.not_heard.setTextFormat(Qt.TextFormat.PlainText)  # names as typed
        self.next_button = QPushButton("Next speaker  (S)")
        self.next_button.setAccessibleName("Next speaker")
        self.next_button.setObjectName("speakersAction")
        self.next_button.setAutoDefault(True)
        self.next_button.clicked.connect(self.next_speaker_requested)
        self.away_button = QPushButton("Stepped out…")
        self.away_button.setAccessibleName("Mark someone as stepped out or back")
        self.away_button.setObjectName("speakersAction")
        self.away_button.setAutoDefault(True)
        self.away_button.clicked.connect(self._on_away_button_clicked)
        title_row = QHBoxLayout()  # the buttons on the title's row: a line less to the card
        title_row.addWidget(heading)
        title_row.addStretch(1)
        title_row.addWidget(self.next_button)
        title_row.addWidget(self.away_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.setSpacing(4)
        layout.addLayout(title_row)
        layout.addWidget(self.now)
        layout.addWidget(self.queue)
        layout.addWidget(self.grid_host)
        layout.addWidget(self.not_heard)
        layout.addStretch(1)
        self._people: tuple[str, ...] = ()
        self._columns = 0  # chips to a row, as laid out now
        self._compact = False  # the chips on one line each: the card's height is short
        self._watched: QWidget | None = None  # the scroll area's viewport, whose height it fits

    def show_view(self, view: RunView) -> None:
        self._view = view
        ids = tuple(p.id for p in view.present)
        if ids != self._people:
            self._rebuild(view)
        self._label_chips(view)
        if not view.tracked:
            self.now.setText(html.escape(untracked_text(view)))
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
                        f" · {slot_text(view.slot_remaining_s)} (slot {clock_mm_ss(view.slot_s)})"
                    )
                paused = " (paused)" if view.held and not view.speaker else ""
                name = html.escape(isolate(who.name))
                self.now.setText(ours_first(f"<b>{name}</b>{paused}{slot}"))
            elif view.timer.phase.mode.value == "open":
                self.now.setText("Press a name's number (or tap it) when someone speaks.")
            elif view.queue:
                first = html.escape(isolate(view.queue[0].name))
                self.now.setText(f"Starts with <b>{first}</b>.")
            else:
                self.now.setText("Everyone has had their turn.")
            names = ", ".join(isolate(p.name) for p in view.queue)
            self.queue.setText(f"Next: {names}" if names else "")
            quiet = ", ".join(isolate(p.name) for p in view.not_heard)
            self.not_heard.setText(
                f"Not yet heard: {quiet}" if quiet else "Everyone present has spoken in this phase."
            )
        self.next_button.setVisible(view.timer.phase.mode.value == "round_robin")
        self.next_button.setEnabled(view.timer.state in (TimerState.RUNNING, TimerState.OVERRUN))
        self.away_button.setVisible(view.tracked)
        self.away_button.setEnabled(view.timer.state is not TimerState.FINISHED)
        self._arrange()  # a number or a mark may have widened a chip
        self._say(view)

    def _label_chips(self, view: RunView) -> None:
        """Each chip's text (mark, key, name and time spoken; on one line when compact), its
        state and what a screen reader hears of it."""
        airtime = {p.id: s for p, s in view.airtime}
        speaking = view.speaker.id if view.speaker else None
        away = set(view.stepped_out)
        numbered = open_floor(view)
        live = view.tracked and view.timer.state in (TimerState.RUNNING, TimerState.OVERRUN)
        for place, person in enumerate(view.present, start=1):
            button = self.buttons[person.id]
            state = (
                "speaking"
                if person.id == speaking
                else ("stepped out" if person.id in away else "")
            )
            mark = {"speaking": "▶ ", "stepped out": "⤫ "}.get(state, "")
            key = f"{place % 10}" if numbered and place <= 10 else ""
            spoken = stopwatch(airtime.get(person.id, 0))  # with the slot's countdown: its sum
            number = f"{key} " if key else ""
            name = ours_first(f"{mark}{number}{isolate(mnemonic_free(person.name))}")
            if self._compact:
                button.setText(f"{name} · {'out' if person.id in away else spoken}")
            else:
                status = "stepped out" if person.id in away else "spoken"
                button.setText(f"{name}\n{spoken} {status}")
            button.setChecked(person.id == speaking)
            button.setEnabled(live)
            press = f"press {key}" if key else ""
            minutes = int(airtime.get(person.id, 0) // 60)  # said anew once a minute at most
            spoke = f"spoke {spoken_length(minutes * 60)}" if minutes else "spoke under a minute"
            say(
                button,
                f"{person.name}, {state}" if state else person.name,
                "; ".join(part for part in (press, spoke) if part),
            )

    def _say(self, view: RunView) -> None:
        """The card and its lines for a screen reader, as plain sentences that change only
        when what they say does (each change is an event a screen reader may read out)."""
        speaker, queue, quiet = speaker_sentence(view), queue_sentence(view), quiet_sentence(view)
        say(self, f"Speakers. {speaker}", " ".join(part for part in (queue, quiet) if part))
        say(self.now, speaker)
        say(self.queue, queue or "No queue in this phase.")
        say(self.not_heard, quiet or "Speakers are not tracked in this phase.")

    def _rebuild(self, view: RunView) -> None:
        for button in self.buttons.values():
            self.grid.removeWidget(button)
            button.deleteLater()
        self.buttons.clear()
        for person in view.present:
            button = QPushButton(mnemonic_free(person.name))
            button.setObjectName("speakerChip")
            button.setCheckable(True)
            button.setAutoDefault(True)
            button.setToolTip(f"Tap when {person.name} speaks; tap again when they stop.")
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            button.clicked.connect(lambda _=False, pid=person.id: self.speaking_requested.emit(pid))
            self.buttons[person.id] = button
        self._people = tuple(p.id for p in view.present)
        self._columns = 0
        self._arrange()

    def _arrange(self) -> None:
        """As many chips to a row as fit the card's width whole (at most three; two for up to
        four people), so that no name is cut at the card's edge."""
        buttons = list(self.buttons.values())
        if not buttons:
            return
        spacing = self.grid.horizontalSpacing()
        widest = max(_widest(b) for b in buttons)
        most = 3 if len(buttons) > 4 else 2
        columns = max(1, min(most, (self._room() + spacing) // (widest + spacing)))
        if columns != self._columns:
            self._columns = columns
            for button in buttons:
                self.grid.removeWidget(button)
            for i, button in enumerate(buttons):
                self.grid.addWidget(button, i // columns, i % columns)
        self._fit_height()

    def _fit_height(self) -> None:
        """Chips on one line each when the card with two-line chips is taller than the room
        it is shown in, on two lines again once they fit (a second line shows the time
        spoken apart from the name)."""
        room = self._room_height()
        if self._view is None or room <= 0 or not self.buttons:
            return
        layout = self.layout()
        need = layout.totalHeightForWidth(self.width()) if layout is not None else -1
        if need < 0:
            return
        rows = math.ceil(len(self.buttons) / max(1, self._columns))
        second_lines = rows * next(iter(self.buttons.values())).fontMetrics().lineSpacing()
        compact = need + (second_lines if self._compact else 0) > room
        if compact == self._compact:
            return
        self._compact = compact
        self._label_chips(self._view)
        self._columns = 0  # a one-line chip is wider: the columns again
        self._arrange()

    def _room_height(self) -> int:
        """The height the card is seen in: the scroll area's it sits in, or its own."""
        parent = self.parentWidget()
        if parent is not None and parent.objectName() == "qt_scrollarea_viewport":
            return parent.height()
        return self.height()

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ParentChange:  # into a scroll area: follow its height
            if self._watched is not None:
                self._watched.removeEventFilter(self)
            self._watched = self.parentWidget()
            if self._watched is not None:
                self._watched.installEventFilter(self)
        return super().event(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self._watched and event.type() == QEvent.Type.Resize:
            self._fit_height()
        return super().eventFilter(watched, event)

    def _room(self) -> int:
        """The width the chips may take: the card's, or the scroll area's it sits in."""
        parent = self.parentWidget()
        width = self.width()
        if parent is not None and parent.objectName() == "qt_scrollarea_viewport":
            width = parent.width()
        layout = self.layout()
        edges = [self.contentsMargins()] + ([layout.contentsMargins()] if layout else [])
        return width - sum(m.left() + m.right() for m in edges)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._arrange()

    def open_away_menu(self, refuse: Callable[[FacilitatorError], object]) -> None:
        """X: the list of who is here to mark stepped out or back, where speakers are
        followed; elsewhere ``refuse`` says why not."""
        if self._view is None or not self.away_button.isVisible():
            refuse(ValidationError("Stepping out is marked in round-robin and open discussion."))
        elif not self.away_button.isEnabled():
            refuse(ValidationError("The session has ended."))
        else:
            self._on_away_button_clicked()

    def _on_away_button_clicked(self) -> None:
        view = self._view
        if view is None:
            return
        menu = QMenu(self)
        away = set(view.stepped_out)
        for person in view.present:
            if person.id in away:
                action = menu.addAction(f"{mnemonic_free(person.name)} is back")
                action.triggered.connect(
                    lambda _=False, pid=person.id: self.come_back_requested.emit(pid)
                )
            else:
                action = menu.addAction(f"{mnemonic_free(person.name)} stepped out")
                action.triggered.connect(
                    lambda _=False, pid=person.id: self.step_out_requested.emit(pid)
                )
        menu.exec(self.away_button.mapToGlobal(self.away_button.rect().bottomLeft()))


def _widest(chip: QPushButton) -> int:
    """A chip's width as it becomes for its speaker: with the speaker's mark."""
    lines = chip.text().replace("&&", "&").split("\n")
    marked = [lines[0] if lines[0].startswith("▶") else f"▶ {lines[0]}", *lines[1:]]
    metrics = chip.fontMetrics()
    text = max(metrics.horizontalAdvance(line) for line in lines)
    return chip.sizeHint().width() - text + max(metrics.horizontalAdvance(m) for m in marked)


def mnemonic_free(name: str) -> str:
    """A name for a button's text: its ampersands shown as typed, not taken as shortcuts."""
    return name.replace("&", "&&")


def untracked_text(view: RunView) -> str:
    """What the card says in a phase whose speakers are not tracked: a break says only
    when to be back (``Break — back at 10:40``)."""
    if view.phase.mode is PhaseMode.BREAK:
        return view.mode_label
    return f"{view.mode_label}: speakers are not tracked in this phase."


def speaker_sentence(view: RunView) -> str:
    """Who speaks, in words: ``Aisha Khan speaking, under a minute left of a 1 minute
    slot``; the time left in whole minutes, so that it is not said anew every second."""
    if not view.tracked:
        return untracked_text(view)
    who = view.speaker or view.held
    if who is None:
        if view.phase.mode is PhaseMode.OPEN:
            return "Nobody is speaking; press a person's number when someone does."
        if view.queue:
            return f"Nobody is speaking yet; {isolate(view.queue[0].name)} starts."
        return "Everyone has had their turn."
    name = isolate(who.name)
    text = f"{name} speaking" if view.speaker else f"{name} has the floor, paused"
    if view.slot_s and view.slot_remaining_s is not None:
        slot, left = spoken_length(round(view.slot_s)), view.slot_remaining_s
        if left <= 0:
            return f"{text}, over their {slot} slot"
        minutes = "under a minute" if left < 60 else spoken_length(60 * math.ceil(left / 60))
        return f"{text}, {minutes} left of a {slot} slot"
    return text


def queue_sentence(view: RunView) -> str:
    """``Next: Benoît, Chen.`` in a round-robin; empty where there is no queue."""
    if view.phase.mode is not PhaseMode.ROUND_ROBIN or not view.tracked:
        return ""
    names = ", ".join(isolate(p.name) for p in view.queue)
    return f"Next: {names}." if names else "Nobody is waiting to speak."


def quiet_sentence(view: RunView) -> str:
    """``Not yet heard: Benoît, Chen.``; empty where speakers are not tracked."""
    if not view.tracked:
        return ""
    quiet = ", ".join(isolate(p.name) for p in view.not_heard)
    return f"Not yet heard: {quiet}." if quiet else "Everyone present has spoken in this phase."


def open_floor(view: RunView) -> bool:
    """Whether the speaker is chosen by number and arrow keys now: an open discussion,
    its session not ended."""
    return (
        view.tracked
        and view.phase.mode is PhaseMode.OPEN
        and view.timer.state is not TimerState.FINISHED
    )
