"""Handover: who now holds which role, with the role's brief, behaviours and opening line.

Large enough for a projector. Each new holder confirms with the button on their card (or
the card's number key); the time is stored. The panel is self-contained: give it the
database, the session and the phase whose roles begin (None for the session start) and show
it anywhere (the run screen, ``HandoverDialog``, the projector window). After a full
rotation it invites a short retrospective on the rota, kept as a learning of the session.

Signals:
    handover_did_finish(): every holder has now confirmed (once, on the last confirmation).
    roles_did_change(): the suggested roles were accepted from this panel.
    retrospective_did_finish(): the rota retrospective was saved, or skipped for this rotation.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QEvent, QRect, QSize, Qt, Signal
from PySide6.QtGui import QGuiApplication, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from facilitator import rota
from facilitator.clock import Clock, SystemClock, parse_iso
from facilitator.direction import isolate
from facilitator.errors import FacilitatorError
from facilitator.store.database import Database
from ui import ops, theme
from ui.capture_keys import KIND_KEYS
from ui.models.ledger_model import short_date
from ui.typing_guard import Typing, typed_text


def _first(name: str) -> str:
    return name.split()[0] if name else name


def _local_time(at: str) -> str:
    return parse_iso(at).astimezone().strftime("%H:%M")


class HolderRow(QFrame):
    """One role in the handover list: the role, its holder in large type, a confirm button.

    Signals:
        confirm_requested(): the holder pressed their confirm button.
        selected(): the row was clicked or its button got the focus.
    """

    confirm_requested = Signal()
    selected = Signal()

    def __init__(
        self, number: int, item: rota.HandoverItem, stored: bool, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("holderRow")
        self.item = item
        self.number = number
        self._stored = stored
        self.role_label = QLabel(f"{number} · {item.role.name}")
        self.role_label.setObjectName("rowRole")
        self.role_label.setTextFormat(Qt.TextFormat.PlainText)  # names and titles as typed
        self.holder_label = QLabel(item.holder.name if item.holder else "Nobody can take it")
        self.holder_label.setObjectName("rowHolder")
        self.holder_label.setTextFormat(Qt.TextFormat.PlainText)  # names and titles as typed
        self.holder_label.setWordWrap(True)
        self.shadow_label = QLabel(
            f"with {isolate(item.shadow.name)} shadowing" if item.shadow else ""
        )
        self.shadow_label.setObjectName("rowNote")
        self.shadow_label.setTextFormat(Qt.TextFormat.PlainText)  # names and titles as typed
        self.shadow_label.setVisible(item.shadow is not None)
        self.button = QPushButton()
        self.button.setObjectName("rowConfirm")
        self.button.clicked.connect(self.confirm_requested)
        self.button.installEventFilter(self)
        text = QVBoxLayout()
        text.setSpacing(0)
        text.addWidget(self.role_label)
        text.addWidget(self.holder_label)
        text.addWidget(self.shadow_label)
        layout = QHBoxLayout(self)
        layout.addLayout(text, 1)
        layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignVCenter)
        self.update_state()

    def confirmed_at(self) -> str | None:
        assignment = self.item.assignment
        return assignment.confirmed_at if assignment else None

    def needs_confirming(self) -> bool:
        return self._stored and self.item.assignment is not None and not self.confirmed_at()

    def set_selected(self, on: bool) -> None:
        self.setProperty("selected", on)
        self.style().unpolish(self)
        self.style().polish(self)

    def update_state(self) -> None:
        item = self.item
        if item.holder is None:
            self.button.setText("Unassigned")
            self.button.setEnabled(False)
            self.button.setAccessibleName(f"{item.role.name} has no holder")
        elif not self._stored:
            self.button.setText("Suggested")
            self.button.setEnabled(False)
            self.button.setAccessibleName(f"{item.holder.name} is suggested as {item.role.name}")
        elif self.confirmed_at():
            self.button.setText(f"✓ {_local_time(self.confirmed_at() or '')}")
            self.button.setEnabled(False)
            self.button.setAccessibleName(f"{item.holder.name} confirmed {item.role.name}")
            self.button.setToolTip(
                f"{item.holder.name} confirmed at {_local_time(self.confirmed_at() or '')}"
            )
        else:
            who = isolate(_first(item.holder.name))
            if item.shadow:
                who += f" & {isolate(_first(item.shadow.name))}"
            self.button.setText(f"{who}: I'm ready")
            self.button.setEnabled(True)
            self.button.setAccessibleName(f"Confirm {item.holder.name} as {item.role.name}")
            self.button.setToolTip(
                f"{item.holder.name} confirms the role of {item.role.name} (key {self.number})"
            )
        self.setProperty("confirmed", bool(self.confirmed_at()))
        self.setProperty("empty", item.holder is None)
        self.style().unpolish(self)
        self.style().polish(self)

    def mousePressEvent(self, event: object) -> None:  # noqa: N802
        self.selected.emit()
        super().mousePressEvent(event)  # type: ignore[arg-type]

    def eventFilter(self, watched: object, event: QEvent) -> bool:  # noqa: N802
        if watched is self.button and event.type() == QEvent.Type.FocusIn:
            self.selected.emit()
        return False


class RoleDetail(QFrame):
    """The selected role in large type: holder, brief, behaviours and the opening line."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("roleDetail")
        self.role_label = QLabel()
        self.role_label.setObjectName("detailRole")
        self.role_label.setTextFormat(Qt.TextFormat.PlainText)  # names and titles as typed
        self.holder_label = QLabel()
        self.holder_label.setObjectName("detailHolder")
        self.holder_label.setTextFormat(Qt.TextFormat.PlainText)  # names and titles as typed
        self.holder_label.setWordWrap(True)
        self.brief = QLabel()
        self.brief.setObjectName("detailBody")
        self.brief.setTextFormat(Qt.TextFormat.PlainText)  # names and titles as typed
        self.brief.setWordWrap(True)
        self.behaviours = QLabel()
        self.behaviours.setObjectName("detailBody")
        self.behaviours.setTextFormat(Qt.TextFormat.RichText)
        self.behaviours.setWordWrap(True)
        self.opening = QLabel()
        self.opening.setObjectName("detailOpening")
        self.opening.setTextFormat(Qt.TextFormat.PlainText)  # names and titles as typed
        self.opening.setWordWrap(True)
        self.why = QLabel()
        self.why.setObjectName("detailWhy")
        self.why.setTextFormat(Qt.TextFormat.PlainText)  # names and titles as typed
        self.why.setWordWrap(True)
        layout = QVBoxLayout(self)
        for widget in (
            self.role_label,
            self.holder_label,
            self.brief,
            self.behaviours,
            self.opening,
            self.why,
        ):
            layout.addWidget(widget)
        layout.addStretch(1)

    def show_item(self, item: rota.HandoverItem | None) -> None:
        if item is None:
            for label in (
                self.role_label,
                self.holder_label,
                self.brief,
                self.behaviours,
                self.opening,
                self.why,
            ):
                label.clear()
            return
        role = item.role
        self.role_label.setText(role.name)
        holder = item.holder.name if item.holder else "Nobody can take it"
        if item.shadow:
            holder += f"  ·  with {isolate(item.shadow.name)} shadowing"
        self.holder_label.setText(holder)
        self.brief.setText(role.brief)
        self.brief.setVisible(bool(role.brief))
        bullets = "".join(f"<li>{html.escape(b)}</li>" for b in role.behaviours)
        self.behaviours.setText(f"<ul style='margin-left:-16px'>{bullets}</ul>")
        self.behaviours.setVisible(bool(bullets))
        self.opening.setText(f"Say: “{role.opening_line}”" if role.opening_line else "")
        self.opening.setVisible(bool(role.opening_line))
        a = item.assignment
        # A suggestion accepted earlier says the day it was made (a sync may have brought in
        # sessions since); a facilitator's change reads as the reason they gave.
        reason = (a.reason if a.overridden else rota.stored_reason(a)) if a else item.reason
        self.why.setText(
            f"Why {_first(item.holder.name)}: {reason}" if reason and item.holder else reason
        )
        self.why.setVisible(bool(reason))
        self.setAccessibleName(f"{role.name}: {holder}")


class HandoverPanel(QWidget):
    handover_did_finish = Signal()
    roles_did_change = Signal()
    retrospective_did_finish = Signal()

    def __init__(
        self,
        database: Database,
        session_id: str,
        phase_id: str | None = None,
        clock: Clock | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("handover")
        self.database = database
        self.session_id = session_id
        self.phase_id = phase_id
        self.clock = clock or SystemClock()
        self.handover: rota.Handover | None = None
        self.rows: list[HolderRow] = []
        self.current = 0
        self._done_emitted = False
        self._scale = 0
        self.typing = Typing(self.clock)

        self.title = QLabel()
        self.title.setObjectName("handoverTitle")
        self.title.setTextFormat(Qt.TextFormat.PlainText)  # names and titles as typed
        self.title.setWordWrap(True)
        self.subtitle = QLabel()
        self.subtitle.setObjectName("handoverSubtitle")
        self.subtitle.setTextFormat(Qt.TextFormat.PlainText)  # names and titles as typed
        self.subtitle.setWordWrap(True)
        self.accept_button = QPushButton("Accept these roles")
        self.accept_button.setProperty("role", "primary")
        self.accept_button.setAccessibleName("Accept the suggested roles")
        self.accept_button.clicked.connect(self._on_accept_button_clicked)
        self.progress = QLabel()
        self.progress.setObjectName("handoverProgress")
        header = QHBoxLayout()
        titles = QVBoxLayout()
        titles.addWidget(self.title)
        titles.addWidget(self.subtitle)
        header.addLayout(titles, 1)
        header.addWidget(self.progress)
        header.addWidget(self.accept_button)

        self.list_host = QWidget()
        self.list_host.setObjectName("holderList")
        self.list_layout = QVBoxLayout(self.list_host)
        self.list_layout.setContentsMargins(0, 0, 6, 0)
        self.list_layout.setSpacing(8)
        self.list_scroll = QScrollArea()
        self.list_scroll.setWidgetResizable(True)
        self.list_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.list_scroll.setWidget(self.list_host)
        self.detail = RoleDetail()
        self.detail_scroll = QScrollArea()
        self.detail_scroll.setWidgetResizable(True)
        self.detail_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.detail_scroll.setWidget(self.detail)
        body = QHBoxLayout()
        body.addWidget(self.list_scroll, 4)
        body.addWidget(self.detail_scroll, 5)

        # The rota retrospective, offered once everyone has held a role.
        self.retro = QFrame()
        self.retro.setObjectName("retro")
        self.retro_label = QLabel()
        self.retro_label.setObjectName("retroText")
        self.retro_label.setWordWrap(True)
        self.retro_open = QPushButton("Reflect now…")
        self.retro_open.setAccessibleName("Write a retrospective on the rota")
        self.retro_open.clicked.connect(self._on_retro_open_clicked)
        self.retro_text = QPlainTextEdit()
        self.retro_text.setAccessibleName("Retrospective on the rota")
        self.retro_text.setPlaceholderText(
            "What worked in the rota, what should change? A sentence or two is enough."
        )
        self.retro_text.setFixedHeight(80)
        self.retro_text.hide()
        self.retro_save = QPushButton("Save to learnings (Ctrl+Enter)")
        self.retro_save.setAccessibleName("Save the retrospective")
        self.retro_save.clicked.connect(self._on_retro_save_clicked)
        self.retro_save.hide()
        self.retro_skip = QPushButton("Not this time")
        self.retro_skip.setAccessibleName("Skip the retrospective for this rotation")
        self.retro_skip.clicked.connect(self._on_retro_skip_clicked)
        retro_top = QHBoxLayout()
        retro_top.addWidget(self.retro_label, 1)
        retro_top.addWidget(self.retro_open)
        retro_top.addWidget(self.retro_skip)
        retro_top.addWidget(self.retro_save)
        retro_layout = QVBoxLayout(self.retro)
        retro_layout.addLayout(retro_top)
        retro_layout.addWidget(self.retro_text)
        self.retro.hide()
        self.retro_done = QLabel()
        self.retro_done.setObjectName("rowNote")
        self.retro_done.hide()

        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addLayout(body, 1)
        layout.addWidget(self.retro)
        layout.addWidget(self.retro_done)

        for n in range(1, 10):
            shortcut = QShortcut(QKeySequence(str(n)), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(lambda n=n: self._on_number_key(n))
        for key, step in (("Down", 1), ("Up", -1)):
            move = QShortcut(QKeySequence(key), self.list_host)
            move.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            move.activated.connect(lambda step=step: self.select(self.current + step))
        for key in ("Ctrl+Return", "Ctrl+Enter"):
            save = QShortcut(QKeySequence(key), self.retro_text)
            save.setContext(Qt.ShortcutContext.WidgetShortcut)
            save.activated.connect(self._on_retro_save_clicked)
        self._apply_scale()
        self.refresh()

    # ------------------------------------------------------------ public
    def refresh(self) -> None:
        """Reload the roles in force (and the retrospective prompt) from the store."""
        try:
            self.handover = rota.handover(self.database, self.session_id, self.phase_id)
            prompt = rota.review_due(self.database, self.session_id)
        except FacilitatorError as exc:
            self.title.setText("Cannot show the roles")
            self.subtitle.setText(str(exc))
            return
        hand = self.handover
        where = (
            "for the whole session"
            if hand.sitting.phase_id is None
            else f"for {hand.sitting.title}"
        )
        self.title.setText(f"Who leads now — {where}")
        self.subtitle.setText(
            hand.session.title
            if hand.stored
            else f"{hand.session.title} · suggested roles, not accepted yet"
        )
        self.accept_button.setVisible(not hand.stored)
        self.accept_button.setDefault(not hand.stored)
        self._fill(hand)
        self._update_progress()
        read_only = self.database.read_only
        self.accept_button.setEnabled(not read_only and hand.session.status.value != "finished")
        if prompt and hand.stored and not read_only:
            since = f" since {short_date(prompt.since)}" if prompt.since else ""
            self.retro_label.setText(
                f"<b>Everyone has now held a role{since}</b> — all {prompt.people} in the team. "
                "How is the rota working?"
            )
            self.retro.show()
        else:
            self.retro.hide()

    def is_done(self) -> bool:
        return self.handover is not None and self.handover.all_confirmed()

    def select(self, index: int) -> None:
        """Show role ``index`` (from 0) in the detail pane."""
        if not self.rows:
            self.detail.show_item(None)
            return
        self.current = max(0, min(index, len(self.rows) - 1))
        for i, row in enumerate(self.rows):
            row.set_selected(i == self.current)
        self.detail.show_item(self.rows[self.current].item)
        self.list_scroll.ensureWidgetVisible(self.rows[self.current])

    def _on_number_key(self, number: int) -> None:
        """A holder's number key confirms them, unless it comes among typed letters."""
        if not self.typing.holds_key():  # "Order 3 new pallets": its 3 is typing
            self.confirm(number - 1)

    def confirm(self, index: int) -> bool:
        """Confirm the holder of role ``index`` (from 0); False when there is nothing to do."""
        if not 0 <= index < len(self.rows):
            return False
        row = self.rows[index]
        if not row.needs_confirming():
            return False
        ids = [a.id for a in (row.item.assignment, row.item.shadow_assignment) if a]
        done = ops.run_op(
            self, "Could not confirm", lambda: rota.confirm(self.database, ids, clock=self.clock)
        )
        if done is None:
            return False
        self.refresh()
        # Move on to the next role still waiting for its holder.
        waiting = [i for i, r in enumerate(self.rows) if r.needs_confirming()]
        later = [i for i in waiting if i > index] or waiting
        self.select(later[0] if later else index)
        if later:
            self.rows[later[0]].button.setFocus()
        if self.is_done() and not self._done_emitted:
            self._done_emitted = True
            self.handover_did_finish.emit()
        return True

    # ------------------------------------------------------------ building
    def _fill(self, hand: rota.Handover) -> None:
        while self.list_layout.count():
            child = self.list_layout.takeAt(0)
            widget = child.widget() if child else None
            if widget is not None:
                widget.deleteLater()
        self.rows = []
        for i, item in enumerate(hand.items):
            row = HolderRow(i + 1, item, hand.stored)
            row.confirm_requested.connect(lambda i=i: self.confirm(i))
            row.selected.connect(lambda i=i: self.select(i))
            self.list_layout.addWidget(row)
            self.rows.append(row)
        if not hand.items:
            empty = QLabel("This team has no rotating roles. Add roles to the team to rotate them.")
            empty.setObjectName("rowNote")
            empty.setWordWrap(True)
            self.list_layout.addWidget(empty)
        self.list_layout.addStretch(1)
        waiting = [i for i, r in enumerate(self.rows) if r.needs_confirming()]
        self.select(waiting[0] if waiting else min(self.current, max(0, len(self.rows) - 1)))

    def _update_progress(self) -> None:
        hand = self.handover
        if hand is None or not hand.stored:
            self.progress.setText("")
            return
        held = [r for r in self.rows if r.item.assignment is not None]
        done = sum(1 for r in held if r.confirmed_at())
        self.progress.setText(
            f"{done} of {len(held)} confirmed" if done < len(held) else "Everyone has confirmed ✓"
        )

    def _apply_scale(self) -> None:
        """Text grows with the panel so the back of the room can read it."""
        base = max(11, min(24, round(min(self.width() / 1366, self.height() / 768) * 14)))
        if base == self._scale:
            return
        self._scale = base
        self.setStyleSheet(f"""
            QFrame#holderRow {{ border: 2px solid {theme.css("frame")}; border-radius: 8px;
                                background: palette(base); }}
            QFrame#holderRow[selected="true"] {{ border: 3px solid {theme.css("accent")}; }}
            QFrame#holderRow[confirmed="true"] {{ background: {theme.css("confirmed")}; }}
            QFrame#holderRow[empty="true"] {{ border: 2px dashed {theme.css("warning")}; }}
            QLabel#rowRole {{ font-size: {base}pt; font-weight: bold;
                              color: {theme.css("accent")}; }}
            QLabel#rowHolder {{ font-size: {round(base * 1.6)}pt; font-weight: bold; }}
            QLabel#rowNote {{ font-size: {base}pt; }}
            QPushButton#rowConfirm {{ font-size: {base}pt; font-weight: bold;
                                      padding: 8px 14px; }}
            QFrame#roleDetail {{ border: 2px solid {theme.css("accent")}; border-radius: 10px;
                                 background: palette(base); }}
            QLabel#detailRole {{ font-size: {round(base * 1.3)}pt; font-weight: bold;
                                 color: {theme.css("accent")}; }}
            QLabel#detailHolder {{ font-size: {round(base * 2.0)}pt; font-weight: bold; }}
            QLabel#detailBody {{ font-size: {round(base * 1.1)}pt; }}
            QLabel#detailOpening {{ font-size: {round(base * 1.2)}pt; font-style: italic;
                                    color: {theme.css("opening")}; }}
            QLabel#detailWhy {{ font-size: {max(10, base - 2)}pt;
                                color: palette(placeholder-text); }}
            QLabel#handoverTitle {{ font-size: {round(base * 1.6)}pt; font-weight: bold; }}
            QLabel#handoverSubtitle {{ font-size: {base}pt; }}
            QLabel#handoverProgress {{ font-size: {round(base * 1.15)}pt;
                                       font-weight: bold; padding: 0 12px; }}
            QPlainTextEdit {{ font-size: {base}pt; }}
            QFrame#retro {{ border: 2px solid {theme.css("retro_border")}; border-radius: 8px;
                            background: {theme.css("retro_bg")}; }}
            QLabel#retroText {{ font-size: {base}pt;
                                color: {theme.css("retro_text")}; }}
            QFrame#retro QPushButton {{ font-size: {base}pt; padding: 6px 12px; }}
        """)

    def resizeEvent(self, event: object) -> None:  # noqa: N802
        super().resizeEvent(event)  # type: ignore[arg-type]
        self._apply_scale()

    # ------------------------------------------------------------ slots
    def _on_accept_button_clicked(self) -> None:
        hand = self.handover
        if hand is None or hand.plan is None:
            return
        plan = hand.plan
        done = ops.run_op(
            self,
            "Could not accept the roles",
            lambda: rota.accept(self.database, plan, clock=self.clock),
        )
        if done is None:
            return
        self.refresh()
        self.roles_did_change.emit()
        waiting = [r for r in self.rows if r.needs_confirming()]
        if waiting:
            waiting[0].button.setFocus()

    def _on_retro_open_clicked(self) -> None:
        self.retro_open.hide()
        self.retro_text.show()
        self.retro_save.show()
        self.retro_text.setFocus()

    def _on_retro_save_clicked(self) -> None:
        text = self.retro_text.toPlainText()
        done = ops.run_op(
            self,
            "Could not save the retrospective",
            lambda: rota.record_review(self.database, self.session_id, text, clock=self.clock),
        )
        if done is None:
            return  # the typed text stays in its field
        self.retro.hide()
        self.retro_done.setText(
            f"Saved to this session's learnings, starting with “{rota.REVIEW_PREFIX.strip()}”."
        )
        self.retro_done.show()
        self.retrospective_did_finish.emit()

    def _on_retro_skip_clicked(self) -> None:
        done = ops.run_op(
            self,
            "Could not skip the retrospective",
            lambda: rota.record_review(self.database, self.session_id, None, clock=self.clock),
        )
        if done is None:
            return
        self.retro.hide()
        self.retro_done.setText(
            "No retrospective this time; you will be asked again after the next full rotation."
        )
        self.retro_done.show()
        self.retrospective_did_finish.emit()


WANTED_SIZE = QSize(1280, 760)
FRAME = QSize(16, 48)  # room for a window manager's frame and title bar around the dialog
TYPING = (
    "You are typing in the handover. To write something down, press Ctrl+1 … Ctrl+5: "
    "the handover closes and the round waits."
)
SPACE_HELD = "Space did not {0}: you were typing. Press Space again to {0}."


class HandoverDialog(QDialog):
    """The handover panel in its own window (F11: full screen for the projector), never
    larger than the free part of its screen.

    ``go_on`` (during a run: "start the round", "resume the round") names what closing it
    does: its main button and Space go on (the dialog is accepted), "Close" and Esc leave
    the round waiting (rejected). During a run, Ctrl+1 … Ctrl+5 (capture that kind) are
    the run screen's: ``capture_requested`` passes the key on; and a Space or a digit
    typed among letters is held back (``ui.typing_guard``).

    Signals:
        capture_requested(int): Ctrl and this key (a ``KIND_KEYS`` key) were pressed.
    """

    capture_requested = Signal(int)

    def __init__(
        self,
        database: Database,
        session_id: str,
        phase_id: str | None = None,
        clock: Clock | None = None,
        parent: QWidget | None = None,
        go_on: str = "",
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Handover")
        self.go_on = go_on
        self.panel = HandoverPanel(database, session_id, phase_id, clock, self)
        close = QPushButton(f"{_capital(go_on)}  (Space)" if go_on else "Close")
        close.setAccessibleName(_capital(go_on) if go_on else "Close the handover")
        close.clicked.connect(self.accept)
        if go_on:
            close.setProperty("role", "primary")
        self.panel.handover_did_finish.connect(self._on_panel_handover_did_finish)
        self.close_button = close
        self.back_button = QPushButton("Close  (Esc)")
        self.back_button.setAccessibleName("Close the handover; the round waits")
        self.back_button.clicked.connect(self.reject)
        self.back_button.setVisible(bool(go_on))
        row = QHBoxLayout()
        keys = f" Space: {go_on}. Esc: close." if go_on else ""
        hint = QLabel(f"Each holder presses their button or number key.{keys} F11: full screen.")
        hint.setProperty("role", "hint")
        hint.setWordWrap(True)
        self.hint = hint
        row.addWidget(hint, 1)
        row.addWidget(self.back_button)
        row.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.panel, 1)
        layout.addLayout(row)
        QShortcut(QKeySequence("F11"), self, self._toggle_full_screen)
        if go_on:  # a text field keeps its spaces: it takes the key before the shortcut
            QShortcut(QKeySequence("Space"), self, self._on_space)
        self.fit_within(self.free_area())

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        """During a run: Ctrl+1 … Ctrl+5 go to the run screen; a letter typed here (no text
        field took it) is noted, and the hint says where typing goes."""
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if self.go_on and mods == Qt.KeyboardModifier.ControlModifier and event.key() in KIND_KEYS:
            self.capture_requested.emit(event.key())
            return
        typed = typed_text(event)
        if self.go_on and typed:
            # A digit here is no holder's key (none has it, or the focus is outside the list).
            if not typed.isdigit() or self.panel.typing.holds_key():
                self.panel.typing.letter()
                self._say(TYPING)
            return
        super().keyPressEvent(event)

    def _on_space(self) -> None:
        """Space goes on, unless it comes among typed letters (see ``Typing``)."""
        if self.panel.typing.holds_space():
            self._say(SPACE_HELD.format(self.go_on))
            return
        self.accept()

    def _say(self, words: str) -> None:
        """The hint line, standing out now that it answers a key."""
        self.hint.setText(words)
        if self.hint.property("role") != "banner":
            self.hint.setProperty("role", "banner")
            self.hint.style().polish(self.hint)

    def fit_within(self, area: QRect, wanted: QSize = WANTED_SIZE) -> None:
        """``wanted`` in size, or less so that it fits ``area`` (with its window frame),
        centred there: the Close button never falls below a 768- or 720-pixel screen."""
        size = wanted.boundedTo(area.size() - FRAME).expandedTo(self.minimumSizeHint())
        self.resize(size)
        left = area.x() + max(0, (area.width() - size.width() - FRAME.width()) // 2)
        top = area.y() + max(0, (area.height() - size.height() - FRAME.height()) // 2)
        self.move(left, top)

    def free_area(self) -> QRect:
        """The free part (panels and docks left out) of the screen it opens on."""
        parent = self.parentWidget()
        screen = parent.screen() if parent is not None else QGuiApplication.primaryScreen()
        return screen.availableGeometry()

    def _toggle_full_screen(self) -> None:
        self.setWindowState(self.windowState() ^ Qt.WindowState.WindowFullScreen)

    def _on_panel_handover_did_finish(self) -> None:
        self.close_button.setText(
            f"Done — {self.go_on}  (Space)" if self.go_on else "Done — continue"
        )
        self.close_button.setDefault(True)
        self.close_button.setFocus()


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def open_handover(
    database: Database,
    session_id: str,
    phase_id: str | None = None,
    parent: QWidget | None = None,
    clock: Clock | None = None,
) -> HandoverDialog:
    """Show the handover as a modal window and return it once closed."""
    dialog = HandoverDialog(database, session_id, phase_id, clock, parent)
    if parent is not None:
        dialog.fit_within(dialog.free_area(), parent.window().size())
    dialog.exec()
    return dialog
