"""The run screen's keys, in one table: each entry the keys, the action they trigger and the
help text. The shortcuts, the ?/F1 help overlay and the keys the projector window passes on
all come from it; a test holds docs/keyboard.md's run-screen section to it.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QVBoxLayout, QWidget


@dataclass(frozen=True)
class RunKey:
    """One line of the table.

    ``names`` are the keys as people read them (the help, the cheat sheet); ``bound`` the
    sequences that trigger ``action`` (the same keys on other keyboard layouts; empty means
    ``names``). ``projector``: pressed in the projector window, the key acts here too.
    """

    names: tuple[str, ...]
    action: str
    help: str
    bound: tuple[str, ...] = ()
    projector: bool = False

    @property
    def sequences(self) -> tuple[str, ...]:
        return self.bound or self.names


RUN_KEYS: tuple[RunKey, ...] = (
    RunKey(("Space",), "toggle", "Start, pause or resume the round", projector=True),
    RunKey(("N",), "next_phase", "Next phase", projector=True),
    RunKey(("B",), "back", "Back to the previous phase", projector=True),
    RunKey(("+",), "extend", "Extend the phase by 1 minute", ("+", "=", "Shift+="), projector=True),
    RunKey(("-",), "shorten", "Shorten the phase by 1 minute", ("-", "_"), projector=True),
    RunKey(("S",), "next_speaker", "Next speaker (round-robin)", projector=True),
    RunKey(("P",), "toggle_projector", "Projector view on or off"),
    RunKey(("M",), "toggle_mute", "Mute or unmute sound", projector=True),
    RunKey(("Ctrl+E",), "ask_end_session", "End the session"),
    # F1 is the window's key for help; the window (or keyPressEvent) passes it on here.
    RunKey(("F1", "?"), "show_help", "This list", ("?", "Shift+/")),
    RunKey(("Esc",), "escape", "Close this list or a question"),
)


def install_keys(widget: QWidget, slots: Mapping[str, Callable[[], object]]) -> dict[str, QAction]:
    """One action per table entry on ``widget`` (active while it or a child has the focus);
    the actions by name."""
    actions: dict[str, QAction] = {}
    for key in RUN_KEYS:
        action = QAction(widget)
        action.setShortcuts([QKeySequence(k) for k in key.sequences])
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(slots[key.action])
        widget.addAction(action)
        actions[key.action] = action
    return actions


def projector_action(key: int) -> str | None:
    """The action of a key pressed in the projector window, if it acts on the run."""
    for entry in RUN_KEYS:
        if entry.projector and any(QKeySequence(k) == QKeySequence(key) for k in entry.sequences):
            return entry.action
    return None


def _shown(name: str) -> str:
    return "−" if name == "-" else name  # a minus sign reads better than a hyphen


def help_rows() -> list[tuple[str, str]]:
    """The help overlay's lines: the keys, and what they do."""
    return [(" or ".join(_shown(n) for n in key.names), key.help) for key in RUN_KEYS]


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
            for k, v in help_rows()
        )
        self.text = QLabel(
            "<h2>Keyboard shortcuts</h2><table cellpadding='4'>"
            + rows
            + "</table><p>Letter keys work whenever you are not typing in a text "
            "field.<br>Every action is also a button on the screen.</p>"
            "<p><i>Press any key to close.</i></p>"
        )
        self.text.setStyleSheet("font-size: 13pt;")
        card_layout = QVBoxLayout(card)
        card_layout.setContentsMargins(28, 20, 28, 20)
        card_layout.addWidget(self.text)
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
