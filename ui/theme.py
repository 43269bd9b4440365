"""The look of the app in one place: fonts, the light and the dark palette, and the few named
colours (errors, notices, role names, ...) each in a light and a dark value.

The scheme is chosen once at start: ``FACILITATOR_THEME=light`` or ``dark`` when set, else
the system's colour scheme (``QStyleHints.colorScheme()``, from the platform theme or the
desktop portal), else whether the system palette is dark. Every colour pair the app draws
reaches WCAG AA in both schemes (4.5:1 for text, 3:1 for large text and for shapes such as
frames); ``PAIRS`` lists where each named colour sits, and tests/ui/test_contrast.py checks
them together with every stylesheet the screens carry, tests/ui/test_contrast_drawn.py
what the style draws. Fusion's check box frames are drawn again here (``IndicatorFrames``)
and checked buttons filled (``app_style``). The projector window is white and yellow on
black in both schemes (ui/presenter.py).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Literal

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontDatabase, QGuiApplication, QPainter, QPalette, QPen
from PySide6.QtWidgets import QApplication, QProxyStyle, QStyle, QStyleOption, QWidget

from facilitator.assets import resource_path

Scheme = Literal["light", "dark"]
SCHEME_VARIABLE = "FACILITATOR_THEME"

_FONTS = (
    "DejaVuSans.ttf",
    "DejaVuSans-Bold.ttf",
    "DejaVuSans-Oblique.ttf",
    "DejaVuSans-BoldOblique.ttf",
)

Role = QPalette.ColorRole

# The palettes, role by role: (light, dark). Text roles reach 4.5:1 on their backgrounds.
PALETTE: dict[QPalette.ColorRole, tuple[str, str]] = {
    Role.Window: ("#efefef", "#2b2b2b"),
    Role.WindowText: ("#111111", "#f0f0f0"),
    Role.Base: ("#ffffff", "#1e1e1e"),
    Role.AlternateBase: ("#f5f5f5", "#262626"),
    Role.Text: ("#111111", "#f0f0f0"),
    Role.PlaceholderText: ("#5f5f5f", "#a6a6a6"),
    Role.Button: ("#efefef", "#353535"),
    Role.ButtonText: ("#111111", "#f0f0f0"),
    Role.BrightText: ("#ffffff", "#ffffff"),
    Role.Highlight: ("#1f5f99", "#2f65a8"),
    Role.HighlightedText: ("#ffffff", "#ffffff"),
    Role.Accent: ("#1f5f99", "#2f65a8"),
    Role.ToolTipBase: ("#ffffdc", "#3a3a3a"),
    Role.ToolTipText: ("#111111", "#f0f0f0"),
    Role.Link: ("#0b57a4", "#8cc4ff"),
    Role.LinkVisited: ("#6a1b9a", "#d0a8ff"),
    Role.Light: ("#ffffff", "#4a4a4a"),
    Role.Midlight: ("#e3e3e3", "#3c3c3c"),
    Role.Mid: ("#858585", "#7a7a7a"),  # frames drawn with palette(mid): 3:1
    Role.Dark: ("#9f9f9f", "#1a1a1a"),
    Role.Shadow: ("#767676", "#000000"),
}
# Disabled text, role by role: 3:1 at least (WCAG exempts inactive controls; a projected room
# still has to read them) on the window, the base and a button as the style fills it (Fusion
# fills buttons lighter than Button: about #4a4a4a in dark), and a disabled list's selected
# row on Highlight, which stays as it is so the room still sees which row is chosen.
DISABLED: dict[QPalette.ColorRole, tuple[str, str]] = {
    Role.WindowText: ("#767676", "#a6a6a6"),
    Role.Text: ("#767676", "#a6a6a6"),
    Role.ButtonText: ("#767676", "#a6a6a6"),
    Role.PlaceholderText: ("#767676", "#a6a6a6"),
    Role.HighlightedText: ("#d6d6d6", "#e3e3e3"),
}


@dataclass(frozen=True)
class Tone:
    """One named colour: its value in the light and in the dark scheme."""

    light: str
    dark: str

    def value(self, scheme: Scheme) -> str:
        return self.light if scheme == "light" else self.dark


TONES: dict[str, Tone] = {
    # Errors said in red: labels, a damaged backup, overdue items, refused import lines.
    "error": Tone("#a40000", "#ff8a80"),
    # A role without a holder, or with a warning (the rota table, an empty handover row).
    "warning": Tone("#8a1c00", "#ffab91"),
    # Someone who has left the team (the ledger).
    "former": Tone("#6b6b6b", "#a8a8a8"),
    # A ledger cell for a role this person has not held yet.
    "gap": Tone("#fff4d6", "#4a3b12"),
    # Notices: the banner and the run screen's question bars.
    "notice_bg": Tone("#fff3c4", "#3d3300"),
    "notice_text": Tone("#2b2100", "#ffe680"),
    "notice_border": Tone("#8a6d00", "#c9a400"),
    # The run screen's error bar.
    "error_bg": Tone("#fde2e1", "#4a1412"),
    "error_text": Tone("#5c0000", "#ffd6d3"),
    "error_border": Tone("#a40000", "#ff8a80"),
    # Role names and the chosen role's frame (handover), the ledger's bars.
    "accent": Tone("#2f6f9f", "#8cc4ff"),
    "on_accent": Tone("#ffffff", "#10263d"),
    "accent_soft": Tone("#6f8aa3", "#5f7f9c"),
    # The frame around each holder on the handover.
    "frame": Tone("#6f849b", "#7d8fa3"),
    # A holder who has confirmed their role (the handover, shown on the projector).
    "confirmed": Tone("#e8f3e9", "#1f3d26"),
    # A role's opening line (the handover).
    "opening": Tone("#1d3557", "#b3d4ff"),
    # The retrospective after a full rotation (the handover).
    "retro_bg": Tone("#fff4d6", "#4a3b12"),
    "retro_text": Tone("#3d2a00", "#ffe0b0"),
    "retro_border": Tone("#b35c00", "#e0a060"),
    # The team's mean in the ledger's chart.
    "goal": Tone("#b35c00", "#ffb066"),
    # The frame of the list or table the keyboard is in, and of the check box it is on.
    "focus": Tone("#1f5f99", "#6ea8ff"),
    # A checked button (the speaker's chip, the mini timer when on, the chosen kind): its fill
    # and its text, and the ring it shows with the keyboard's focus.
    "pressed": Tone("#1f5f99", "#8cc4ff"),
    "on_pressed": Tone("#ffffff", "#10263d"),
}
# Behind the keyboard help on the run screen: a dimming veil, no text on it.
SCRIM = "rgba(0, 0, 0, 170)"


@dataclass(frozen=True)
class Pair:
    """A foreground drawn on a background, and the contrast WCAG asks of it.

    Each side is a tone's name or ``palette:<Role>``; ``minimum`` is 4.5 for text, 3.0 for
    large text and shapes."""

    foreground: str
    background: str
    minimum: float
    where: str


PAIRS: tuple[Pair, ...] = (
    Pair("error", "palette:Window", 4.5, "error labels, damaged backup note"),
    Pair("error", "palette:Base", 4.5, "overdue items, damaged backups, refused import lines"),
    Pair("error", "palette:AlternateBase", 4.5, "the same on alternate rows"),
    Pair("warning", "palette:Base", 4.5, "rota: a role without a holder"),
    Pair("warning", "palette:AlternateBase", 4.5, "rota, alternate rows"),
    Pair("warning", "palette:Base", 3.0, "handover: the dashed frame of an empty row"),
    Pair("former", "palette:Base", 4.5, "ledger: someone who has left"),
    Pair("former", "palette:Window", 4.5, "ledger chart: their name"),
    Pair("palette:Text", "gap", 4.5, "ledger: a role not held yet"),
    Pair("notice_text", "notice_bg", 4.5, "banner and question bars"),
    Pair("notice_border", "notice_bg", 3.0, "their frame"),
    Pair("error_text", "error_bg", 4.5, "run screen error bar"),
    Pair("error_border", "error_bg", 3.0, "its frame"),
    Pair("accent", "palette:Base", 4.5, "handover: role names"),
    Pair("accent", "confirmed", 4.5, "handover: role names of confirmed rows"),
    Pair("palette:WindowText", "confirmed", 4.5, "handover: holders of confirmed rows"),
    Pair("palette:Text", "confirmed", 4.5, "handover: the same, as item text"),
    Pair("accent", "palette:Window", 3.0, "ledger chart: a present person's bar"),
    Pair("accent_soft", "palette:Window", 3.0, "ledger chart: a former person's bar"),
    Pair("on_accent", "accent", 4.5, "ledger chart: the count inside a bar"),
    Pair("frame", "palette:Base", 3.0, "handover: the frame of a holder's row"),
    Pair("frame", "palette:Window", 3.0, "the same, against the screen"),
    Pair("opening", "palette:Base", 4.5, "handover: a role's opening line"),
    Pair("retro_text", "retro_bg", 4.5, "handover: the retrospective"),
    Pair("retro_border", "retro_bg", 3.0, "its frame"),
    Pair("goal", "palette:Window", 3.0, "ledger chart: the team's mean"),
    Pair("focus", "palette:Window", 3.0, "the frame of the list or table with the keyboard"),
    Pair("focus", "palette:Base", 3.0, "the same, against the list"),
    Pair("on_pressed", "pressed", 4.5, "a checked button's text, and its focus ring"),
    Pair("pressed", "palette:Button", 3.0, "a checked button beside an unchecked one"),
    Pair("pressed", "palette:Window", 3.0, "a checked button against the screen"),
)


# ------------------------------------------------------------------ the scheme in force
def scheme(palette: QPalette | None = None) -> Scheme:
    """The scheme of ``palette`` (the application's when not given): dark when its window
    is darker than its text."""
    palette = palette if palette is not None else QGuiApplication.palette()
    window = palette.color(Role.Window).lightnessF()
    text = palette.color(Role.WindowText).lightnessF()
    return "dark" if window < text else "light"


def css(name: str) -> str:
    """A named colour for a stylesheet, in the scheme in force: ``#rrggbb``."""
    return TONES[name].value(scheme())


def colour(name: str) -> QColor:
    """A named colour for painting or an item model, in the scheme in force."""
    return QColor(css(name))


def palette(chosen: Scheme) -> QPalette:
    """The app's palette for ``chosen``: every role from ``PALETTE``, disabled text from
    ``DISABLED``."""
    index = 0 if chosen == "light" else 1
    result = QPalette()
    for role, values in PALETTE.items():
        result.setColor(role, QColor(values[index]))
    for role, values in DISABLED.items():
        result.setColor(QPalette.ColorGroup.Disabled, role, QColor(values[index]))
    return result


def wanted_scheme(app: QGuiApplication) -> Scheme:
    """The scheme to use: the variable when set, else the system's."""
    asked = os.environ.get(SCHEME_VARIABLE, "").strip().lower()
    if asked in ("light", "dark"):
        return "dark" if asked == "dark" else "light"
    system = app.styleHints().colorScheme()
    if system == Qt.ColorScheme.Dark:
        return "dark"
    if system == Qt.ColorScheme.Light:
        return "light"
    return scheme(app.palette())


def app_style() -> str:
    """The application's stylesheet, its colours in the scheme in force.

    A checked button is filled (Fusion's own checked button is a shade darker than the rest,
    1.1:1): the fill of a button that is on differs from one that is off by 3:1 or more, its
    size stays that of an unchecked one (a 1 px frame and Fusion's margins), and the
    keyboard's focus on it is a 2 px ring in its text colour."""
    return f"""
QWidget {{ font-size: 11pt; }}
QLabel[role="title"] {{ font-size: 20pt; font-weight: bold; }}
QLabel[role="subtitle"] {{ font-size: 13pt; color: palette(placeholder-text); }}
QLabel[role="hint"] {{ color: palette(placeholder-text); }}
QLabel[role="banner"] {{ background: {css("notice_bg")}; color: {css("notice_text")};
                        padding: 6px 10px; border: 1px solid {css("notice_border")};
                        font-weight: bold; }}
QLabel[role="error"] {{ color: {css("error")}; font-weight: bold; }}
QPushButton[role="primary"] {{ font-weight: bold; padding: 6px 14px; }}
QListView, QTableView, QTreeView {{ border: 1px solid palette(mid); padding: 1px; }}
QListView:focus, QTableView:focus, QTreeView:focus {{ border: 2px solid {css("focus")};
                                                     padding: 0px; }}
QPushButton:checked {{ background: {css("pressed")}; color: {css("on_pressed")};
                      border: 1px solid transparent; border-radius: 3px; padding: 3px 6px; }}
QPushButton:checked:focus {{ background: {css("pressed")}; color: {css("on_pressed")};
                            border: 2px solid {css("on_pressed")}; padding: 2px 5px; }}
"""


# ------------------------------------------------------------------ the style
PE = QStyle.PrimitiveElement
State = QStyle.StateFlag


class IndicatorFrames(QProxyStyle):
    """Fusion, with check box and radio button frames the room can see.

    Fusion draws the frame of a check box (in a list's rows too) and of a radio button in
    the window colour darkened: 1.05:1 on the window in dark, 1.9:1 in light, so an unticked
    box is not there at all. This draws it again over Fusion's, in ``Mid`` (3:1 on the
    window and on the base), in the highlighted text colour on a selected row and in the
    focus colour while the keyboard is on it. The tick and the dot are Fusion's."""

    def __init__(self) -> None:
        super().__init__("Fusion")

    def drawPrimitive(  # noqa: N802 (Qt's name)
        self,
        element: QStyle.PrimitiveElement,
        option: QStyleOption,
        painter: QPainter,
        widget: QWidget | None = None,
    ) -> None:
        super().drawPrimitive(element, option, painter, widget)
        if element in (PE.PE_IndicatorCheckBox, PE.PE_IndicatorRadioButton):
            draw_indicator_frame(element == PE.PE_IndicatorRadioButton, option, painter)


def draw_indicator_frame(round_: bool, option: QStyleOption, painter: QPainter) -> None:
    """The frame of the check box in ``option.rect``: 1 px, or for a radio button
    (``round_``) a 2 px ring."""
    state, colours = option.state, option.palette
    if state & State.State_HasFocus and state & State.State_KeyboardFocusChange:
        pen = QColor(TONES["focus"].value(scheme(colours)))
    elif state & State.State_Selected:
        pen = colours.color(Role.HighlightedText)
    else:
        pen = colours.color(Role.Mid)
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    if round_:  # a curve's pixels are part covered: a wider pen keeps its colour
        painter.setPen(QPen(pen, 2))
        painter.drawEllipse(QRectF(option.rect).adjusted(1, 1, -1, -1))
    else:
        painter.setPen(QPen(pen, 1))
        painter.drawRect(QRectF(option.rect).adjusted(0.5, 0.5, -0.5, -0.5))
    painter.restore()


def use_scheme(app: QApplication, chosen: Scheme) -> None:
    """Put ``chosen``'s palette and the stylesheet in force (before any screen is built:
    screens take their named colours when they are made).

    Dark is drawn by Fusion (native styles on Windows and macOS draw their own light), light
    by the system's style; Fusion in either comes with ``IndicatorFrames``."""
    app.setStyleSheet("")  # so that app.style() is the style itself, not the sheet's wrapper
    current = app.style()
    if not isinstance(current, IndicatorFrames) and (
        chosen == "dark" or current.name().lower() == "fusion"
    ):
        app.setStyle(IndicatorFrames())
    app.setPalette(palette(chosen))
    app.setStyleSheet(app_style())


def apply(app: QApplication) -> None:
    """Register the bundled font so every letter shows the same on every laptop, and put
    the light or the dark scheme in force."""
    family = None
    for name in _FONTS:
        font_id = QFontDatabase.addApplicationFont(str(resource_path(f"fonts/{name}")))
        if font_id >= 0 and family is None:
            families = QFontDatabase.applicationFontFamilies(font_id)
            family = families[0] if families else None
    if family:
        app.setFont(QFont(family, 11))
    use_scheme(app, wanted_scheme(app))
