"""Fonts and sizes that read well on a laptop and on a projector."""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from facilitator.assets import resource_path

_FONTS = (
    "DejaVuSans.ttf",
    "DejaVuSans-Bold.ttf",
    "DejaVuSans-Oblique.ttf",
    "DejaVuSans-BoldOblique.ttf",
)

STYLE = """
QWidget { font-size: 11pt; }
QLabel[role="title"] { font-size: 20pt; font-weight: bold; }
QLabel[role="subtitle"] { font-size: 13pt; color: palette(placeholder-text); }
QLabel[role="hint"] { color: palette(placeholder-text); }
QLabel[role="banner"] { background: #fff3c4; color: #3d3000; padding: 6px 10px;
                        border: 1px solid #c9a400; font-weight: bold; }
QLabel[role="error"] { color: #a40000; font-weight: bold; }
QPushButton[role="primary"] { font-weight: bold; padding: 6px 14px; }
"""


def apply(app: QApplication) -> None:
    """Register the bundled font so every letter shows the same on every laptop."""
    family = None
    for name in _FONTS:
        font_id = QFontDatabase.addApplicationFont(str(resource_path(f"fonts/{name}")))
        if font_id >= 0 and family is None:
            families = QFontDatabase.applicationFontFamilies(font_id)
            family = families[0] if families else None
    if family:
        app.setFont(QFont(family, 11))
    app.setStyleSheet(STYLE)
