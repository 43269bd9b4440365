"""What the style draws, measured on its pixels, in the light and in the dark scheme.

tests/ui/test_contrast.py checks colours as the palette and the stylesheets name them; the
style then draws some parts in colours of its own: Fusion fills a button lighter than
``Button``, frames check boxes in ``Window`` darkened, and its own checked button is only a
shade darker than the others (the app's stylesheet fills it). Here each control is rendered
to an image and sampled:

- disabled button text against the fill the style gives the button (3:1, the disabled
  minimum docs/accessibility.md states);
- a checked button against an unchecked one, alone and on every screen as it is styled
  there: a good part of it (its fill or its frame) differs by 3:1, so the room sees whose
  chip is the speaker's and whether the mini timer is on;
- the frame of an unticked check box, radio button and list check box against what it sits
  on and the box inside (3:1, WCAG's non-text contrast), with the tick still drawn; Fusion
  draws that frame in the window colour darkened (1.05:1 in dark), theme.IndicatorFrames
  draws it again.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QImage, QPalette, QRegion
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QCheckBox,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QStyle,
    QWidget,
)

from tests.ui.test_contrast import SHAPE, ratio, scheme  # noqa: F401  (scheme: a fixture)

Role = QPalette.ColorRole
DISABLED_MINIMUM = 3.0


def drawn(widget: QWidget, qtbot) -> QImage:  # noqa: ANN001
    """``widget`` rendered as it shows, at its size hint."""
    qtbot.addWidget(widget)
    widget.resize(widget.sizeHint())
    widget.ensurePolished()
    return widget.grab().toImage()


def column(image: QImage, x: int, inset: int = 3) -> list[QColor]:
    """The colours down column ``x``, ``inset`` pixels clear of the top and the bottom."""
    return [image.pixelColor(x, y) for y in range(inset, image.height() - inset)]


# ------------------------------------------------------------------ disabled buttons
def test_disabled_button_text_reaches_3_to_1_on_the_drawn_fill(scheme: str, qtbot) -> None:  # noqa: ANN001, F811
    button = QPushButton("No sound on this computer")
    button.setEnabled(False)
    image = drawn(button, qtbot)
    text = QApplication.palette(button).color(QPalette.ColorGroup.Disabled, Role.ButtonText)
    fill = column(image, 4)  # left of the text, inside the frame: the style's gradient
    worst = min(fill, key=lambda c: ratio(text, c))
    assert ratio(text, worst) >= DISABLED_MINIMUM, (
        f"{scheme}: {text.name()} on {worst.name()} = {ratio(text, worst):.2f}"
    )


# ------------------------------------------------------------------ checked buttons
def differing_share(a: QImage, b: QImage, minimum: float = SHAPE) -> float:
    """The share of pixels where ``a`` and ``b`` differ by ``minimum`` or more."""
    assert a.size() == b.size()
    pixels = [(x, y) for x in range(a.width()) for y in range(a.height())]
    far = sum(ratio(a.pixelColor(x, y), b.pixelColor(x, y)) >= minimum for x, y in pixels)
    return far / len(pixels)


def both_states(button: QPushButton) -> tuple[QImage, QImage]:
    """``button`` drawn unchecked and checked (its signals held: nothing is switched on)."""
    was, size = button.isChecked(), button.size()
    blocked = button.blockSignals(True)
    group = button.group()  # an exclusive group would not let its checked button go
    exclusive = group is not None and group.exclusive()
    if group is not None:
        group.setExclusive(False)
    try:
        images = []
        for checked in (False, True):
            button.setChecked(checked)
            button.style().unpolish(button)
            button.style().polish(button)
            image = QImage(size, QImage.Format.Format_RGB32)
            image.fill(QApplication.palette(button).color(Role.Window))
            button.render(image, QPoint(), QRegion(), QWidget.RenderFlag.DrawChildren)
            images.append(image)
    finally:
        button.setChecked(was)
        if group is not None:
            group.setExclusive(exclusive)
        button.blockSignals(blocked)
    return images[0], images[1]


def test_a_checked_button_stands_out_from_an_unchecked_one(scheme: str, qtbot) -> None:  # noqa: ANN001, F811
    """Its fill (or its frame) differs by 3:1 over a good part of it, at the same size."""
    unchecked, checked = QPushButton("Mini timer  (T)"), QPushButton("Mini timer  (T)")
    for button in (unchecked, checked):
        button.setCheckable(True)
        qtbot.addWidget(button)
    checked.setChecked(True)
    unchecked.resize(unchecked.sizeHint())
    assert checked.sizeHint() == unchecked.sizeHint(), "switching it on moves nothing"
    off, on = both_states(unchecked)
    share = differing_share(off, on)
    assert share >= 0.25, f"{scheme}: {share:.0%} of the button differs by 3:1"


def test_every_checkable_button_on_every_screen_shows_when_it_is_on(
    scheme: str,  # noqa: F811
    qtbot,  # noqa: ANN001
    demo_db,  # noqa: ANN001
    fresh_db,  # noqa: ANN001
) -> None:
    """The speaker's chip in a round, the mini timer, the capture kinds, ... each as its
    screen styles it."""
    from tests.ui.test_contrast import navigate_everywhere

    database, sample = demo_db
    walked = navigate_everywhere(qtbot, database, sample)
    walked.append(running_round(qtbot, fresh_db))
    buttons = [b for top in walked for b in top.findChildren(QPushButton) if b.isCheckable()]
    shown = [b for b in buttons if b.isVisible()]
    assert any(b.objectName() == "speakerChip" and b.isChecked() for b in shown)
    assert any("Mini timer" in b.text() for b in shown)
    faint = []
    for button in shown:
        share = differing_share(*both_states(button))
        if share < 0.25:
            faint.append(f"{button.objectName() or button.text()}: {share:.0%}")
    assert not faint, f"{scheme}: " + ", ".join(faint)


def running_round(qtbot, database) -> QWidget:  # noqa: ANN001
    """A run screen in a round robin, started: the first speaker's chip is checked."""
    from facilitator.clock import FakeClock
    from facilitator.model import PhaseMode
    from tests.facilitator.run_fixtures import make_session
    from ui.screens.run import RunScreen
    from ui.sound import CuePlayer

    session_id, _ = make_session(
        database, [300], modes=[PhaseMode.ROUND_ROBIN], present=3, per_speaker=60
    )
    screen = RunScreen(database, session_id, clock=FakeClock(), player=CuePlayer(enabled=False))
    qtbot.addWidget(screen)
    screen.resize(1366, 708)
    screen.show()
    screen.toggle()
    return screen


# ------------------------------------------------------------------ check boxes
def strongest(colours: list[QColor], against: QColor) -> QColor:
    """The colour among ``colours`` that stands out most from ``against``."""
    return max(colours, key=lambda c: ratio(c, against))


@pytest.mark.parametrize("kind", [QCheckBox, QRadioButton])
def test_an_unticked_box_s_frame_reaches_3_to_1_and_the_tick_shows(
    scheme: str,  # noqa: F811
    qtbot,  # noqa: ANN001
    kind: type[QAbstractButton],
) -> None:
    """The frame against the window it sits on and the box inside it; ticked, the mark is
    drawn (3:1 against the box)."""
    unticked, ticked = kind("Decision Owner"), kind("Decision Owner")
    ticked.setChecked(True)
    off, on = drawn(unticked, qtbot), drawn(ticked, qtbot)
    window = QApplication.palette(unticked).color(Role.Window)
    middle = off.height() // 2
    edge = strongest([off.pixelColor(x, middle) for x in range(4)], window)
    inside = off.pixelColor(7, middle)
    found = (edge.name(), inside.name(), window.name())
    assert ratio(edge, window) >= SHAPE, f"{scheme}: frame/window {found}"
    assert ratio(edge, inside) >= SHAPE, f"{scheme}: frame/box {found}"
    box = [(x, y) for x in range(4, 11) for y in range(middle - 3, middle + 4)]
    assert any(ratio(on.pixelColor(x, y), inside) >= SHAPE for x, y in box), "the tick"


def test_a_list_s_check_boxes_show_on_its_rows_and_on_the_selected_row(
    scheme: str,  # noqa: F811
    qtbot,  # noqa: ANN001
) -> None:
    """The Roles tab's boxes: an unticked one's frame 3:1 on the base; on the selected row
    the box (its frame or its inside) 3:1 on the highlight."""
    view = QListWidget()
    qtbot.addWidget(view)
    for name in ("Process Observer", "Decision Owner"):
        item = QListWidgetItem(name, view)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Unchecked)
    view.item(1).setSelected(True)
    view.resize(300, 100)
    image = view.grab().toImage()
    colours = QApplication.palette(view)
    width = view.style().pixelMetric(QStyle.PixelMetric.PM_IndicatorWidth) + 8
    for row, behind in ((0, Role.Base), (1, Role.Highlight)):
        rect = view.visualItemRect(view.item(row)).translated(view.viewport().pos())
        y = rect.center().y()
        line = [image.pixelColor(x, y) for x in range(rect.left(), rect.left() + width)]
        edge = strongest(line, colours.color(behind))
        got = ratio(edge, colours.color(behind))
        assert got >= SHAPE, f"{scheme} row {row}: {edge.name()} on {behind.name} = {got:.2f}"
