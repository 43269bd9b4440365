"""The run screen's keys, in one table: each entry the keys, the action they trigger and the
help text. The shortcuts, the ?/F1 help overlay and the keys the projector window passes on
all come from it; a test holds docs/keyboard.md's run-screen section to it.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QVBoxLayout, QWidget

from facilitator import kinds
from ui import theme
from ui.typing_guard import Typing
from ui.window_actions import ACTIONS


@dataclass(frozen=True)
class RunKey:
    """One line of the table.

    ``names`` are the keys as people read them (the cheat sheet); ``label`` how the help
    writes them when not just the names; ``bound`` the sequences that trigger ``action``
    (empty means ``names``). ``each``: every key is its own action, given its place (1 for
    the first, 10 for the tenth). ``projector``: pressed in the projector window, the key
    acts here too.
    """

    names: tuple[str, ...]
    action: str
    help: str
    bound: tuple[str, ...] = ()
    projector: bool = False
    label: str = ""
    each: bool = False

    @property
    def sequences(self) -> tuple[str, ...]:
        return self.bound or self.names

    def action_names(self) -> tuple[str, ...]:
        """The names of its actions: ``action``, or ``action_1`` … for a key each."""
        if not self.each:
            return (self.action,)
        return tuple(f"{self.action}_{n}" for n in range(1, len(self.sequences) + 1))


# The keys bound for "+" and "?". A platform keymap (X11, Wayland, Windows, macOS) offers a
# press both as typed ("+") and as the key with its modifiers ("Shift+=" on a US keyboard),
# so binding both makes one press match twice: "Ambiguous shortcut overload", and nothing
# happens. Bound: "+" (any layout, and the keypad's + once Qt drops the keypad modifier),
# "=" (the same key unshifted on a US keyboard) and "Shift++" (Qt's own keymap, which keeps
# the Shift of a typed "+"). Likewise "?" and "Shift+?". No press matches two of them.
SPEAKER_NUMBERS = ("1", "2", "3", "4", "5", "6", "7", "8", "9", "0")
OPEN_DISCUSSION = frozenset({"speak_number", "speaker_before", "speaker_after"})

RUN_KEYS: tuple[RunKey, ...] = (
    RunKey(("Space",), "toggle", "Start, pause or resume the round", projector=True),
    RunKey(("N",), "next_phase", "Next phase", projector=True),
    RunKey(("B",), "back", "Back to the previous phase", projector=True),
    RunKey(
        ("+", "="),
        "extend",
        "Extend the phase by 1 minute",
        ("+", "Shift++", "="),
        projector=True,
    ),
    RunKey(("-",), "shorten", "Shorten the phase by 1 minute", ("-", "_"), projector=True),
    RunKey(("S",), "next_speaker", "Next speaker (round-robin)", projector=True),
    RunKey(
        SPEAKER_NUMBERS,
        "speak_number",
        "Open discussion: that person speaks (again: stops)",
        label="1 … 9, 0",
        each=True,
    ),
    RunKey(("X",), "stepped_out", "Someone stepped out (⤫), or is back: a list of who is here"),
    RunKey(("Left",), "speaker_before", "Open discussion: the person before speaks"),
    RunKey(("Right",), "speaker_after", "Open discussion: the person after speaks"),
    # Ctrl+H too: the Roles window's key for the handover works here as well.
    RunKey(
        ("H",),
        "hand_over",
        "Hand the roles over (the round pauses meanwhile)",
        ("H", "Ctrl+H"),
        label="H or Ctrl+H",
    ),
    RunKey(("R",), "open_review", "Review round: earlier items beside the timer"),
    RunKey(("P",), "toggle_projector", "Projector view on or off"),
    RunKey(("M",), "toggle_mute", "Mute or unmute sound", projector=True),
    RunKey(("T",), "toggle_mini_timer", "Mini timer on or off", projector=True),
    RunKey(("Ctrl+E",), "ask_end_session", "End the session"),
    # F1 is the window's key for help; the window (or keyPressEvent) passes it on here.
    RunKey(("F1", "?"), "show_help", "This list", ("?", "Shift+?")),
    RunKey(("Esc",), "escape", "Close this list or a question"),
)


def install_keys(
    widget: QWidget,
    slots: Mapping[str, Callable[..., object]],
    typing: Typing | None = None,
    held: Callable[[bool], object] | None = None,
) -> dict[str, QAction]:
    """One action per table entry (per key, for a key each) on ``widget``, active while it or
    a child has the focus; the actions by name. With ``typing``, a plain key (a letter, a
    digit, "+", Space) pressed among typed text does nothing but call ``held`` (True for
    Space): see ``ui.typing_guard``."""
    actions: dict[str, QAction] = {}
    for key in RUN_KEYS:
        slot = slots[key.action]
        if typing is not None and plain(key):
            slot = _unless_typing(slot, typing, held, space=key.names == ("Space",))
        if key.each:
            for place, (name, sequence) in enumerate(
                zip(key.action_names(), key.sequences, strict=True), start=1
            ):
                actions[name] = _action(
                    widget, [sequence], lambda _=False, n=place, call=slot: call(n)
                )
        else:
            actions[key.action] = _action(widget, key.sequences, lambda _=False, call=slot: call())
    return actions


def plain(key: RunKey) -> bool:
    """Whether the key would type something into a text field (a letter, a digit, Space)."""
    return any(len(sequence) == 1 or sequence == "Space" for sequence in key.sequences)


def _unless_typing(
    slot: Callable[..., object],
    typing: Typing,
    held: Callable[[bool], object] | None,
    *,
    space: bool,
) -> Callable[..., object]:
    def act(*args: object) -> object:
        if typing.holds_space() if space else typing.holds_key():
            if held is not None:
                held(space)
            return None
        return slot(*args)

    return act


def _action(widget: QWidget, sequences: Sequence[str], call: Callable[..., object]) -> QAction:
    action = QAction(widget)
    action.setShortcuts([QKeySequence(k) for k in sequences])
    action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    action.triggered.connect(call)
    widget.addAction(action)
    return action


def enable_open_discussion_keys(actions: Mapping[str, QAction], on: bool) -> None:
    """The number and arrow keys act in open discussion only; elsewhere they are the
    focused widget's (the arrows move between buttons)."""
    for key in RUN_KEYS:
        if key.action in OPEN_DISCUSSION:
            for name in key.action_names():
                actions[name].setEnabled(on)


def projector_action(key: int) -> str | None:
    """The action of a key pressed in the projector window, if it acts on the run."""
    for entry in RUN_KEYS:
        if entry.projector and any(QKeySequence(k) == QKeySequence(key) for k in entry.sequences):
            return entry.action
    return None


SHOWN = {"-": "−", "Left": "←", "Right": "→"}  # a minus sign reads better than a hyphen


def _shown(name: str) -> str:
    return SHOWN.get(name, name)


def help_rows() -> list[tuple[str, str]]:
    """The help overlay's lines: the keys, and what they do."""
    return [(key.label or " or ".join(_shown(n) for n in key.names), key.help) for key in RUN_KEYS]


def also_line() -> str:
    """The help's line for the keys the run screen borrows: the capture panel's kinds (in
    their Ctrl+number order) and the window's Roles entry."""
    labels = [kind.label for kind in sorted(kinds.KINDS, key=lambda k: k.order)]
    roles = next(row for row in ACTIONS if row.name == "roles")
    return (
        f"Also: Ctrl+1 … Ctrl+{len(labels)} capture ({', '.join(labels)}) · "
        f"{roles.key} {roles.plain.rstrip('…').lower()}"
    )


class HelpOverlay(QWidget):
    """The keyboard shortcuts over the run screen; any key or click closes it."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("helpOverlay")
        self.setAccessibleName("Keyboard shortcuts")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet(
            f"#helpOverlay {{ background: {theme.SCRIM}; }}"
            "#helpCard { background: palette(window); border-radius: 8px; }"
        )
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        card = QFrame()
        card.setObjectName("helpCard")
        # Two keys to a line, so that the list fits a 720-pixel screen.
        cells = [
            f"<td align='right'><b>{html.escape(k)}</b></td>"
            f"<td>&nbsp;&nbsp;{html.escape(v)}&nbsp;&nbsp;&nbsp;&nbsp;</td>"
            for k, v in help_rows()
        ]
        half = (len(cells) + 1) // 2
        right = cells[half:] + [""] * (2 * half - len(cells))
        rows = "".join(f"<tr>{a}{b}</tr>" for a, b in zip(cells[:half], right, strict=True))
        self.text = QLabel(
            "<h2>Keyboard shortcuts</h2><table cellpadding='4'>"
            + rows
            + f"</table><p>{html.escape(also_line())}</p>"
            "<p>Letter keys work whenever you are not typing in a text "
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
