"""Every colour pair the app draws reaches WCAG AA in the light and in the dark palette.

Three sources, each computed in both schemes:
- the palette's text roles against their backgrounds;
- theme.PAIRS, the named colours where they sit (item models and painted charts);
- every stylesheet the widgets carry once each screen is built on the demo workshop: for
  each widget that shows text, its ``color`` (or its palette's text role) against the
  background of the same rule or else of the nearest ancestor that paints one, frames
  (``border``) against the background inside them, colours inside rich text, and the
  foreground/background an item model gives its cells.

Text needs 4.5:1, large text (18 pt, or 14 pt bold) and shapes 3:1. Attribute selectors such
as ``[confirmed="true"]`` are checked as if the state were on, so a confirmed handover row is
checked whether or not the demo has one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QCheckBox,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QTextEdit,
    QWidget,
)

from facilitator.clock import FakeClock
from ui import theme

SCHEMES = ("light", "dark")
TEXT, LARGE, SHAPE = 4.5, 3.0, 3.0
Role = QPalette.ColorRole


# ------------------------------------------------------------------ WCAG
def luminance(colour: QColor) -> float:
    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in (colour.redF(), colour.greenF(), colour.blueF()))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def ratio(a: QColor, b: QColor) -> float:
    """WCAG's contrast ratio of ``a`` drawn on ``b`` (a translucent ``a`` as it shows)."""
    if a.alpha() < 255:
        a = over(a, b)
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def over(colour: QColor, background: QColor) -> QColor:
    """A translucent colour as it shows on ``background``."""
    alpha = colour.alphaF()
    mixed = QColor()
    mixed.setRgbF(
        *(
            alpha * getattr(colour, c)() + (1 - alpha) * getattr(background, c)()
            for c in ("redF", "greenF", "blueF")
        )
    )
    return mixed


def test_the_ratio_is_wcag_s() -> None:
    assert ratio(QColor("#ffffff"), QColor("#000000")) == pytest.approx(21.0)
    assert ratio(QColor("#767676"), QColor("#ffffff")) == pytest.approx(4.54, abs=0.01)
    assert ratio(QColor("#ffffff"), QColor("#e8f3e9")) == pytest.approx(1.14, abs=0.01)
    half_black = QColor(0, 0, 0, 128)  # a translucent colour counts as it shows
    assert ratio(half_black, QColor("#ffffff")) == pytest.approx(3.98, abs=0.05)


@pytest.fixture(params=SCHEMES)
def scheme(request: pytest.FixtureRequest, qapp: QApplication) -> Iterator[str]:
    """The scheme in force for the test, as theme.apply would put it; undone after."""
    palette, sheet = qapp.palette(), qapp.styleSheet()
    theme.use_scheme(qapp, request.param)
    assert theme.scheme() == request.param
    yield request.param
    qapp.setPalette(palette)
    qapp.setStyleSheet(sheet)


def test_the_scheme_is_the_variable_s_else_the_system_s(
    monkeypatch: pytest.MonkeyPatch, qapp: QApplication
) -> None:
    monkeypatch.setenv(theme.SCHEME_VARIABLE, "dark")
    assert theme.wanted_scheme(qapp) == "dark"
    monkeypatch.setenv(theme.SCHEME_VARIABLE, "Light")
    assert theme.wanted_scheme(qapp) == "light"
    monkeypatch.delenv(theme.SCHEME_VARIABLE)
    hints = qapp.styleHints()
    monkeypatch.setattr(type(hints), "colorScheme", lambda self: Qt.ColorScheme.Dark)
    assert theme.wanted_scheme(qapp) == "dark"
    monkeypatch.setattr(type(hints), "colorScheme", lambda self: Qt.ColorScheme.Unknown)
    assert theme.wanted_scheme(qapp) == theme.scheme(qapp.palette())  # the system palette's
    assert theme.scheme(theme.palette("dark")) == "dark"
    assert theme.scheme(theme.palette("light")) == "light"


# ------------------------------------------------------------------ the palettes
PALETTE_PAIRS = [
    (Role.WindowText, Role.Window, TEXT),
    (Role.Text, Role.Base, TEXT),
    (Role.Text, Role.AlternateBase, TEXT),
    (Role.ButtonText, Role.Button, TEXT),
    (Role.HighlightedText, Role.Highlight, TEXT),
    (Role.PlaceholderText, Role.Base, TEXT),
    (Role.PlaceholderText, Role.Window, TEXT),
    (Role.ToolTipText, Role.ToolTipBase, TEXT),
    (Role.Link, Role.Base, TEXT),
    (Role.LinkVisited, Role.Base, TEXT),
]
DISABLED_PAIRS = [
    (Role.WindowText, Role.Window),
    (Role.Text, Role.Base),
    (Role.ButtonText, Role.Button),  # and on the fill the style draws: test_contrast_drawn.py
    (Role.HighlightedText, Role.Highlight),  # the selected row of a disabled list
]


def test_the_palette_s_text_roles_reach_aa(scheme: str, qapp: QApplication) -> None:
    palette = qapp.palette()
    failed = [
        f"{fg.name}/{bg.name} {ratio(palette.color(fg), palette.color(bg)):.2f}"
        for fg, bg, minimum in PALETTE_PAIRS
        if ratio(palette.color(fg), palette.color(bg)) < minimum
    ]
    # Disabled text: WCAG exempts inactive controls; we still ask 3:1 so a room reads them.
    group = QPalette.ColorGroup.Disabled
    failed += [
        f"disabled {fg.name}/{bg.name} "
        f"{ratio(palette.color(group, fg), palette.color(group, bg)):.2f}"
        for fg, bg in DISABLED_PAIRS
        if ratio(palette.color(group, fg), palette.color(group, bg)) < 3.0
    ]
    assert not failed, f"{scheme}: {failed}"


def test_the_named_colours_reach_aa_where_they_sit(scheme: str, qapp: QApplication) -> None:
    palette = qapp.palette()

    def resolve(name: str) -> QColor:
        if name.startswith("palette:"):
            return palette.color(getattr(Role, name.removeprefix("palette:")))
        return theme.colour(name)

    failed = [
        f"{p.foreground} on {p.background} ({p.where}) "
        f"{ratio(resolve(p.foreground), resolve(p.background)):.2f} < {p.minimum}"
        for p in theme.PAIRS
        if ratio(resolve(p.foreground), resolve(p.background)) < p.minimum
    ]
    assert not failed, f"{scheme}: {failed}"
    used = {p.foreground for p in theme.PAIRS} | {p.background for p in theme.PAIRS}
    assert set(theme.TONES) <= used, "every named colour says where it sits"


# ------------------------------------------------------------------ stylesheets
COLOUR = r"#[0-9a-fA-F]{3,8}\b|palette\([a-z-]+\)|rgba?\([^)]*\)|\b[a-z]+\b"


@dataclass
class Compound:
    """One step of a selector: ``QLabel#name[prop="v"]:checked``."""

    type: str = ""
    exact: bool = False
    ident: str = ""
    attrs: list[tuple[str, str]] = field(default_factory=list)
    pseudos: list[str] = field(default_factory=list)


@dataclass
class Rule:
    chain: list[Compound] | None  # None: the sheet's owner itself (a sheet without braces)
    decls: dict[str, str]
    specificity: tuple[int, int, int]
    order: int

    @property
    def condition(self) -> str:
        """The state the rule waits for ('' for always): an attribute or a pseudo state."""
        if self.chain is None:
            return ""
        parts = [f"[{a}={v}]" for c in self.chain for a, v in c.attrs if v == "true"]
        parts += [f":{p}" for c in self.chain for p in c.pseudos]
        return "".join(parts)


def parse_compound(text: str) -> Compound:
    text = text.split("::")[0]  # a sub-control styles a part of the same widget
    found = Compound()
    head = re.match(r"(\.?)([A-Za-z_*][\w]*)?", text)
    assert head is not None
    found.exact = head.group(1) == "."
    found.type = "" if head.group(2) in (None, "*") else head.group(2)
    rest = text[head.end() :]
    for kind, body in re.findall(r"([#\[:])([^#\[:\]]+)\]?", rest):
        if kind == "#":
            found.ident = body
        elif kind == "[":
            name, _, value = body.partition("=")
            found.attrs.append((name.strip(), value.strip().strip("\"'")))
        else:
            found.pseudos.append(body)
    return found


def parse(sheet: str) -> list[Rule]:
    sheet = re.sub(r"/\*.*?\*/", "", sheet, flags=re.S)
    if "{" not in sheet:
        return [Rule(None, declarations(sheet), (9, 9, 9), 0)]
    rules = []
    for order, (selectors, body) in enumerate(re.findall(r"([^{}]+)\{([^{}]*)\}", sheet)):
        for selector in selectors.split(","):
            chain = [parse_compound(p) for p in selector.replace(">", " ").split()]
            ids = sum(bool(c.ident) for c in chain)
            attrs = sum(len(c.attrs) + len(c.pseudos) for c in chain)
            types = sum(bool(c.type) for c in chain)
            rules.append(Rule(chain, declarations(body), (ids, attrs, types), order))
    return rules


def declarations(body: str) -> dict[str, str]:
    found = {}
    for part in body.split(";"):
        name, colon, value = part.partition(":")
        if colon:
            found[name.strip().lower()] = value.strip()
    return found


def matches(compound: Compound, widget: QWidget) -> bool:
    if compound.type:
        if compound.exact and widget.metaObject().className() != compound.type:
            return False
        if not widget.inherits(compound.type):
            return False
    if compound.ident and widget.objectName() != compound.ident:
        return False
    for name, value in compound.attrs:
        have = widget.property(name)
        if isinstance(have, bool):
            have = "true" if have else "false"
        # A state that may turn on ([confirmed="true"]) counts as on.
        if value == "true" and have is not None:
            continue
        if have is None or str(have) != value:
            return False
    return "checked" not in compound.pseudos or (
        isinstance(widget, QAbstractButton) and widget.isCheckable()
    )


def chain_matches(chain: list[Compound], widget: QWidget) -> bool:
    if not matches(chain[-1], widget):
        return False
    ancestor = widget.parentWidget()
    for compound in reversed(chain[:-1]):
        while ancestor is not None and not matches(compound, ancestor):
            ancestor = ancestor.parentWidget()
        if ancestor is None:
            return False
        ancestor = ancestor.parentWidget()
    return True


def sheets_for(widget: QWidget) -> list[tuple[QWidget | None, list[Rule]]]:
    """The stylesheets that reach ``widget``: the application's, then its ancestors' from
    the top down to its own (a nearer sheet wins over a farther one)."""
    owners = []
    node: QWidget | None = widget
    while node is not None:
        if node.styleSheet():
            owners.append(node)
        node = node.parentWidget()
    found: list[tuple[QWidget | None, list[Rule]]] = [(None, parse(qapp_sheet()))]
    found += [(owner, parse(owner.styleSheet())) for owner in reversed(owners)]
    return found


def qapp_sheet() -> str:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    return app.styleSheet()


def declared(widget: QWidget, condition: str) -> dict[str, str]:
    """What the stylesheets declare for ``widget`` with ``condition`` on, cascaded."""
    found: list[tuple[int, tuple[int, int, int], int, dict[str, str]]] = []
    for depth, (owner, rules) in enumerate(sheets_for(widget)):
        for rule in rules:
            if rule.condition not in ("", condition):
                continue
            if owner is widget if rule.chain is None else chain_matches(rule.chain, widget):
                found.append((depth, rule.specificity, rule.order, rule.decls))
    result: dict[str, str] = {}
    for *_, decls in sorted(found, key=lambda f: f[:3]):
        result.update(decls)
    return result


def conditions(widget: QWidget) -> list[str]:
    """'' and each state a rule waits for on ``widget`` or on one of its ancestors."""
    chain: list[QWidget] = []
    node: QWidget | None = widget
    while node is not None:
        chain.append(node)
        node = node.parentWidget()
    seen = {""}
    for _, rules in sheets_for(widget):
        for rule in rules:
            if rule.condition and rule.chain and any(chain_matches(rule.chain, n) for n in chain):
                seen.add(rule.condition)
    return sorted(seen)


def colour_of(value: str, widget: QWidget) -> QColor | None:
    """A stylesheet colour value on ``widget``: hex, palette(role), rgb(a), a name."""
    value = value.strip()
    if value.startswith("palette("):
        name = value[len("palette(") : -1].replace("-", "")
        role = next(r for r in Role if r.name.lower() == name)
        return QApplication.palette(widget).color(role)
    if value.startswith("rgb"):
        numbers = [float(n) for n in re.findall(r"[\d.]+", value)]
        colour = QColor(*[int(n) for n in numbers[:3]])
        if len(numbers) > 3:
            colour.setAlpha(int(numbers[3]))
        return colour
    if value == "transparent" or value == "none":
        return None
    colour = QColor(value)
    return colour if colour.isValid() else None


def first_colour(value: str, widget: QWidget) -> QColor | None:
    for token in re.findall(COLOUR, value):
        colour = colour_of(token, widget)
        if colour is not None:
            return colour
    return None


OWN_BACKGROUND = (QAbstractItemView, QLineEdit, QTextEdit, QPlainTextEdit, QAbstractSpinBox)


def default_roles(widget: QWidget) -> tuple[QPalette.ColorRole, QPalette.ColorRole | None]:
    """The palette roles a widget draws its text with, and the background it paints itself
    (None: it shows its parent's)."""
    if isinstance(widget, OWN_BACKGROUND):
        return Role.Text, Role.Base
    if isinstance(widget, (QCheckBox, QRadioButton)):
        return Role.WindowText, None
    if isinstance(widget, (QAbstractButton, QComboBox)):
        return Role.ButtonText, Role.Button
    return Role.WindowText, None


def background(widget: QWidget, condition: str) -> QColor:
    """What ``widget`` shows behind its text: its own stylesheet background, or what it
    paints, or its nearest ancestor's."""
    node: QWidget | None = widget
    layers: list[QColor] = []
    while node is not None:
        decls = declared(node, condition)
        value = decls.get("background-color") or decls.get("background")
        colour = colour_of(value, node) if value else None
        if colour is None and value:
            colour = first_colour(value, node)
        if colour is None and node is widget:
            role = default_roles(node)[1]
            colour = QApplication.palette(node).color(role) if role is not None else None
        if colour is None and (node.autoFillBackground() or node.isWindow()):
            colour = QApplication.palette(node).color(node.backgroundRole())
        if colour is not None:
            layers.append(colour)
            if colour.alpha() == 255:
                break
        node = node.parentWidget()
    result = layers.pop() if layers else QApplication.palette().color(Role.Window)
    for layer in reversed(layers):
        result = over(layer, result)
    return result


def is_large(widget: QWidget) -> bool:
    widget.ensurePolished()
    font = widget.font()
    points = font.pointSizeF() if font.pointSizeF() > 0 else font.pixelSize() * 0.75
    return points >= 18 or (points >= 14 and font.bold())


TEXT_WIDGETS = (QLabel, QAbstractButton, QComboBox, QGroupBox, *OWN_BACKGROUND)


def stylesheet_pairs(widget: QWidget) -> Iterator[tuple[str, QColor, QColor, float]]:
    """(what, foreground, background, minimum) for each pair ``widget`` shows."""
    name = f"{widget.metaObject().className()}#{widget.objectName()}"
    for condition in conditions(widget):
        decls = declared(widget, condition)
        behind = background(widget, condition)
        if isinstance(widget, TEXT_WIDGETS):
            fg_role = default_roles(widget)[0]
            value = decls.get("color")
            fg = colour_of(value, widget) if value else None
            fg = fg or QApplication.palette(widget).color(fg_role)
            minimum = LARGE if is_large(widget) else TEXT
            yield f"{name}{condition} text", fg, behind, minimum
        for key in ("border", "border-left", "border-top", "border-color"):
            if key in decls and "none" not in decls[key]:
                colour = first_colour(decls[key], widget)
                if colour is not None and colour.alpha():
                    yield f"{name}{condition} {key}", over(colour, behind), behind, SHAPE
        if isinstance(widget, QLabel) and condition == "":
            for found in re.findall(r"color:\s*(#[0-9a-fA-F]{3,8})", widget.text()):
                yield f"{name} rich text", QColor(found), behind, TEXT


def model_pairs(view: QAbstractItemView) -> Iterator[tuple[str, QColor, QColor, float]]:
    """The colours an item model gives its cells, on the view's base (or their own)."""
    model = view.model()
    if model is None:
        return
    palette = QApplication.palette(view)

    def cells(parent):  # noqa: ANN001, ANN202
        try:
            columns = model.columnCount(parent)
        except TypeError:  # a list widget's model keeps it private: one column
            columns = 1
        for row in range(min(model.rowCount(parent), 60)):
            for column in range(columns):
                index = model.index(row, column, parent)
                yield index
                if column == 0 and model.rowCount(index):
                    yield from cells(index)

    from PySide6.QtCore import QModelIndex

    for index in cells(QModelIndex()):
        fg = model.data(index, Qt.ItemDataRole.ForegroundRole)
        bg = model.data(index, Qt.ItemDataRole.BackgroundRole)
        if fg is None and bg is None:
            continue
        fg_colour = fg.color() if fg is not None else palette.color(Role.Text)
        bases = [bg.color()] if bg is not None else [palette.color(Role.Base)]
        if bg is None and view.alternatingRowColors():
            bases.append(palette.color(Role.AlternateBase))
        for base in bases:
            yield f"{view.objectName() or view.accessibleName()} cell", fg_colour, base, TEXT


def failures(top: QWidget) -> list[str]:
    found = []
    for widget in [top, *top.findChildren(QWidget)]:
        pairs = list(stylesheet_pairs(widget))
        if isinstance(widget, QAbstractItemView):
            pairs += list(model_pairs(widget))
        for what, fg, bg, minimum in pairs:
            if ratio(fg, bg) < minimum:
                found.append(f"{what}: {fg.name()} on {bg.name()} = {ratio(fg, bg):.2f}")
    return sorted(set(found))


def test_the_walk_finds_a_bad_pair(scheme: str, qtbot) -> None:  # noqa: ANN001
    """The checker itself: dark text on a confirmed-like light green in the dark scheme, a
    frame too pale, and rich text in red on red."""
    outer = QWidget()
    qtbot.addWidget(outer)
    outer.setStyleSheet(
        'QWidget#row[confirmed="true"] { background: #e8f3e9; }'
        "QLabel#frame { border: 2px solid #f8f8f8; background: #ffffff; color: #111111; }"
    )
    row = QWidget(outer)
    row.setObjectName("row")
    row.setProperty("confirmed", False)
    QLabel("Aisha Khan", row)
    frame = QLabel("framed", outer)
    frame.setObjectName("frame")
    QLabel("<span style='color:#ff0000'>red</span>", outer).setStyleSheet("background: #ff2020;")
    found = failures(outer)
    assert any("frame" in f and "border" in f for f in found), found
    assert any("rich text" in f for f in found), found
    if scheme == "dark":  # light text on the light green
        assert any("[confirmed=true] text" in f for f in found), found


# ------------------------------------------------------------------ every screen
def navigate_everywhere(qtbot, database, sample: str):  # noqa: ANN001, ANN201
    """The main window taken to each screen on the demo (the handover with a confirmed
    holder, the run started); the windows to walk."""
    from facilitator import planning
    from facilitator.model import SessionStatus
    from ui.main_window import MainWindow

    window = MainWindow(database)
    window.run_clock = FakeClock()
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    planned = next(
        s.id for s in planning.list_sessions(database) if s.status is SessionStatus.PLANNED
    )
    team_id = planning.get_session(database, sample).team_id
    window.show_home()
    window.home.select_session(sample)
    window.show_overview(sample)
    window.open_session(sample)  # its captures
    window.router.show_roster(team_id)
    window.show_ledger()
    window.router.show_followup()
    window.router.show_search()
    window.router.show_backups()
    window.show_review(planned)
    window.open_session(planned)  # the planner
    assert window.run_session(planned)
    screen = window.run_screen
    assert screen is not None
    screen.toggle()
    screen.clock.advance(30)  # type: ignore[attr-defined]
    screen.refresh()
    screen.show_help()
    dialog = screen.handover_dialog
    walked: list[QWidget] = [window]
    if dialog is not None:
        panel = dialog.panel
        for i, row in enumerate(panel.rows):
            if row.button.isEnabled():
                panel.confirm(i)
                break
        walked.append(dialog)
    presenter = screen.open_projector()
    if presenter is not None and presenter.window() is not window:
        walked.append(presenter)
    QApplication.processEvents()
    return walked


def test_every_stylesheet_pair_on_every_screen_reaches_aa(scheme: str, qtbot, demo_db) -> None:  # noqa: ANN001
    database, sample = demo_db
    found = []
    walked = navigate_everywhere(qtbot, database, sample)
    for top in walked:
        found += failures(top)
    assert not found, f"{scheme}: " + "\n".join(found)
    # The walk reached the handover's rows and the room's view (white on black by design).
    widgets = [w for top in walked for w in [top, *top.findChildren(QWidget)]]
    assert any(w.objectName() == "holderRow" for w in widgets)
    assert any("#000000" in w.styleSheet() for w in widgets)
