"""What the style draws, measured on its pixels, in the light and in the dark scheme.

tests/ui/test_contrast.py checks colours as the palette and the stylesheets name them; the
style then draws some parts in colours of its own: Fusion fills a button lighter than
``Button``. Here each control is rendered to an image and sampled:

- disabled button text against the fill the style gives the button (3:1, the disabled
  minimum docs/accessibility.md states).
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtWidgets import QApplication, QPushButton, QWidget

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
