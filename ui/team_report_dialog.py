"""The team report's options: which period it covers, and whether it lists every item.

A period preset (all sessions, the last 12 months, this year) fills a From/To date pair;
editing a date makes the period custom. The choice is remembered for the next report.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from PySide6.QtCore import QDate, QSettings
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

PERIOD_KEY = "export/team_period"
EVERY_KEY = "export/team_every"
ALL, YEAR, THIS_YEAR, CUSTOM = "all", "12m", "this_year", "custom"
PERIODS = {
    ALL: "All sessions",
    YEAR: "The last 12 months",
    THIS_YEAR: "This year",
    CUSTOM: "Dates I choose",
}


@dataclass(frozen=True)
class TeamReportChoice:
    """The period (None: open-ended) and whether every item is listed."""

    start: date | None
    end: date | None
    every: bool


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _day(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


class TeamReportDialog(QDialog):
    """Asks for the team report's period and length; ``choice()`` once accepted."""

    def __init__(
        self,
        team_name: str,
        sessions: tuple[date, date] | None,
        today: date,
        parent: QWidget | None = None,
    ) -> None:
        """``sessions``: the days of the team's first and last sessions (None: none yet)."""
        super().__init__(parent)
        self.setWindowTitle("Team report")
        self.today = today
        self.first_day, self.last_day = sessions or (today, today)
        self.settings = QSettings()
        intro = QLabel(f"Report on {team_name}: which sessions should it cover?")
        intro.setWordWrap(True)
        self.period = QComboBox()
        for key, label in PERIODS.items():
            self.period.addItem(label, key)
        self.period.setAccessibleName("Period")
        self.start = self._date_edit("From", "The first day the report covers")
        self.end = self._date_edit("To", "The last day the report covers")
        dates = QHBoxLayout()
        dates.addWidget(self.start)
        to_label = QLabel("&to")
        to_label.setBuddy(self.end)
        dates.addWidget(to_label)
        dates.addWidget(self.end)
        dates.addStretch(1)
        self.every = QCheckBox("&List every item (a long report)")
        self.every.setAccessibleName("List every item")
        self.every.setToolTip(
            "Every session, decision, action, experiment and learning, not only the latest "
            "of each year"
        )
        form = QFormLayout()
        form.addRow("&Period:", self.period)
        form.addRow("&From:", dates)
        from_label = form.labelForField(dates)
        if isinstance(from_label, QLabel):
            from_label.setBuddy(self.start)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("&Choose file…")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.every)
        layout.addWidget(buttons)
        self.period.currentIndexChanged.connect(self._on_period_current_index_changed)
        self.start.dateChanged.connect(self._on_start_date_changed)
        self.end.dateChanged.connect(self._on_end_date_changed)
        saved = self.settings.value(PERIOD_KEY, ALL, str)
        self._select(saved if saved in PERIODS and saved != CUSTOM else ALL)
        self.every.setChecked(bool(self.settings.value(EVERY_KEY, False, bool)))
        self.period.setFocus()

    def _date_edit(self, name: str, description: str) -> QDateEdit:
        edit = QDateEdit()
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("d MMM yyyy")
        edit.setAccessibleName(name)
        edit.setAccessibleDescription(description)
        return edit

    # ------------------------------------------------------------ periods
    def _select(self, key: str) -> None:
        self.period.setCurrentIndex(self.period.findData(key))
        self._fill(key)

    def _fill(self, key: str) -> None:
        """Put the preset's days in the date pair, without making the period custom."""
        spans = {
            ALL: (min(self.first_day, self.today), max(self.last_day, self.today)),
            YEAR: (self.today - timedelta(days=364), self.today),
            THIS_YEAR: (date(self.today.year, 1, 1), self.today),
        }
        if key not in spans:
            return
        first, last = spans[key]
        for edit, day in ((self.start, first), (self.end, last)):
            edit.blockSignals(True)
            edit.setDate(_qdate(day))
            edit.blockSignals(False)

    def _on_period_current_index_changed(self, _index: int) -> None:
        self._fill(str(self.period.currentData()))

    def _on_start_date_changed(self, value: QDate) -> None:
        self._make_custom()
        if self.end.date() < value:
            self.end.setDate(value)

    def _on_end_date_changed(self, value: QDate) -> None:
        self._make_custom()
        if self.start.date() > value:
            self.start.setDate(value)

    def _make_custom(self) -> None:
        self.period.blockSignals(True)
        self.period.setCurrentIndex(self.period.findData(CUSTOM))
        self.period.blockSignals(False)

    # ------------------------------------------------------------ the answer
    def choice(self) -> TeamReportChoice:
        key = str(self.period.currentData())
        every = self.every.isChecked()
        if key == ALL:
            return TeamReportChoice(None, None, every)
        return TeamReportChoice(_day(self.start.date()), _day(self.end.date()), every)

    def accept(self) -> None:
        self.settings.setValue(PERIOD_KEY, str(self.period.currentData()))
        self.settings.setValue(EVERY_KEY, self.every.isChecked())
        super().accept()
