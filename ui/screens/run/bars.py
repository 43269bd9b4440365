"""Inline questions and notices on the run screen (no modal dialogs in front of a room), and
the timer settings dialog."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QWidget,
)

from facilitator.timer import TimerSettings
from ui import theme


class InlineBar(QFrame):
    """An inline question or notice: a line of text and its buttons. Given ``in_place_of``,
    it stands in for that widget while it shows (a question in place of the buttons it
    answers for), so opening it does not make the screen taller."""

    def __init__(
        self, name: str, parent: QWidget | None = None, *, in_place_of: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._in_place_of: QWidget | None = None
        self.setObjectName(name)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet(
            f"#{name} {{ background: {theme.css('notice_bg')}; "
            f"border: 2px solid {theme.css('notice_border')}; }}"
            f"#{name} QLabel {{ color: {theme.css('notice_text')}; font-weight: bold; }}"
        )
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.layout_ = QHBoxLayout(self)
        self.layout_.addWidget(self.text, 1)
        self.hide()
        self._in_place_of = in_place_of

    def setVisible(self, visible: bool) -> None:  # noqa: N802
        changed = self.isHidden() == visible  # hiding a hidden bar brings nothing back
        super().setVisible(visible)
        if changed and self._in_place_of is not None:
            self._in_place_of.setVisible(not visible)

    def add_button(self, text: str, accessible: str) -> QPushButton:
        button = QPushButton(text)
        button.setAccessibleName(accessible)
        button.setAutoDefault(True)
        self.layout_.addWidget(button)
        return button


class ErrorBar(InlineBar):
    """Where a refused action says why, until dismissed or the next action succeeds."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("errorBar", parent)
        self.setStyleSheet(
            f"#errorBar {{ background: {theme.css('error_bg')}; border: 2px solid "
            f"{theme.css('error_border')}; }} #errorBar QLabel {{ color: "
            f"{theme.css('error_text')}; font-weight: bold; }}"
        )
        ok = self.add_button("OK", "Dismiss the message")
        ok.clicked.connect(self.hide)


class MinutesBox(QDoubleSpinBox):
    """Minutes as people write them: ``1 min``, ``1.5 min``, ``0.25 min`` (never ``1.00``)."""

    def textFromValue(self, value: float) -> str:  # noqa: N802
        return f"{value:g}"


class TimerSettingsDialog(QDialog):
    """Warning time, break reminder and the sleep gap, stored for every session."""

    def __init__(self, settings: TimerSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Timer settings")
        form = QFormLayout(self)
        self.warning = MinutesBox()
        self.warning.setRange(0.25, 30)
        self.warning.setSingleStep(0.5)
        self.warning.setSuffix(" min")
        self.warning.setValue(settings.warnings_s[0] / 60 if settings.warnings_s else 1.0)
        self.warning.setAccessibleName("Warn when this much time is left")
        self.breaks = QSpinBox()
        self.breaks.setRange(15, 480)
        self.breaks.setSingleStep(15)
        self.breaks.setSuffix(" min")
        self.breaks.setValue(round(settings.break_after_s / 60))
        self.breaks.setAccessibleName("Remind about a break after")
        self.gap = QSpinBox()
        self.gap.setRange(3, 600)
        self.gap.setSuffix(" s")
        self.gap.setValue(round(settings.gap_s))
        self.gap.setAccessibleName("Ask after the screen was still for")
        form.addRow("Warn when this much is left:", self.warning)
        form.addRow("Remind about a break after:", self.breaks)
        form.addRow("Ask \u201cwas the laptop asleep?\u201d after:", self.gap)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self._base = settings

    def chosen(self) -> TimerSettings:
        return TimerSettings(
            warnings_s=(self.warning.value() * 60,),
            break_after_s=self.breaks.value() * 60.0,
            gap_s=float(self.gap.value()),
            pause_is_break_s=self._base.pause_is_break_s,
        )
