"""The leadership ledger: who has held which role and when, and how evenly leading is shared.

Signals:
    back_requested(): the user wants to leave (Esc, Alt+Left or the Back button).
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from facilitator import ledger as ledger_core
from facilitator.changes import Changes, Topic
from facilitator.errors import FacilitatorError
from facilitator.ledger import TeamLedger
from facilitator.store.database import Database
from ui import ops, theme
from ui.models.ledger_model import (
    LedgerModel,
    SessionFiguresModel,
    figure_text,
    short_date,
)
from ui.navigation import back_button

# What the ledger counts: who held which role, who was there, the team and its sessions.
FOLLOWED = [Topic.ROLES, Topic.ATTENDANCE, Topic.PEOPLE, Topic.ROLE_CATALOGUE, Topic.SESSIONS]

FORMULA = (
    "Leadership distribution: how evenly everyone who attended shared the role-holdings. "
    "1.00 means as evenly as the number of people allows (with more people than roles, "
    "each role held by someone different); 0 means one person held every role."
)


class _Figure(QFrame):
    """A big number with a caption, readable from the back of the room."""

    def __init__(self, caption: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.value = QLabel("—")
        self.value.setStyleSheet("font-size: 30pt; font-weight: bold;")
        self.caption = QLabel(caption)
        self.caption.setProperty("role", "subtitle")
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.detail.setProperty("role", "hint")
        self.box = QVBoxLayout(self)
        self.box.addWidget(self.caption)
        self.box.addWidget(self.value)
        self.box.addWidget(self.detail)
        self.box.addStretch(1)


class HoldingsChart(QWidget):
    """Role-holdings per person as horizontal bars, with the team's average marked."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Role-holdings per person")
        self.setMinimumHeight(120)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self._bars: list[tuple[str, int, bool]] = []

    def set_bars(self, bars: list[tuple[str, int, bool]]) -> None:
        """(name, holdings, active) per person."""
        self._bars = bars
        self.setAccessibleDescription("; ".join(f"{n}: {c}" for n, c, _ in bars))
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(360, 40 + 28 * max(1, len(self._bars)))

    def paintEvent(self, event: object) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        text = palette.color(QPalette.ColorRole.WindowText)
        if not self._bars:
            painter.setPen(text)
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "Nobody has led yet.")
            return
        metrics = painter.fontMetrics()
        label_w = min(
            self.width() // 3, max(metrics.horizontalAdvance(n) for n, _, _ in self._bars) + 12
        )
        top, row_h = 8.0, max(18.0, min(34.0, (self.height() - 16) / len(self._bars)))
        width = max(10, self.width() - label_w - 20)
        most = max(c for _, c, _ in self._bars) or 1
        for i, (name, count, active) in enumerate(self._bars):
            y = top + i * row_h
            painter.setPen(text if active else theme.colour("former"))
            painter.drawText(
                QRectF(0, y, label_w - 6, row_h),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                metrics.elidedText(name, Qt.TextElideMode.ElideRight, label_w - 6),
            )
            bar = QRectF(label_w, y + row_h * 0.15, width * count / most, row_h * 0.7)
            painter.fillRect(bar, theme.colour("accent" if active else "accent_soft"))
            label = str(count)
            if bar.width() > metrics.horizontalAdvance(label) + 12:
                painter.setPen(theme.colour("on_accent"))
                painter.drawText(
                    bar.adjusted(0, 0, -6, 0),
                    Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                    label,
                )
            else:
                painter.drawText(
                    QRectF(bar.right() + 6, y, 44, row_h),
                    Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                    label,
                )
        mean = sum(c for _, c, _ in self._bars) / len(self._bars)
        x = label_w + width * mean / most
        pen = painter.pen()
        pen.setColor(theme.colour("goal"))
        pen.setStyle(Qt.PenStyle.DashLine)
        pen.setWidth(2)
        painter.setPen(pen)
        painter.drawLine(int(x), int(top), int(x), int(top + row_h * len(self._bars)))


class LedgerScreen(QWidget):
    back_requested = Signal()

    def __init__(self, database: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ledger")
        self.database = database
        self.ledger: TeamLedger | None = None

        back = back_button(self, "Back to workshops", "Back to the list of workshops")
        self.title = QLabel("Leadership ledger")
        self.title.setProperty("role", "title")
        self.subtitle = QLabel()
        self.subtitle.setProperty("role", "subtitle")
        self.subtitle.setTextFormat(Qt.TextFormat.PlainText)  # the team name as typed
        top = QHBoxLayout()
        top.addWidget(back)
        top.addWidget(self.title)
        top.addStretch(1)

        self.distribution = _Figure("Leadership distribution")
        self.distribution.detail.setText(FORMULA)
        self.distribution.setAccessibleName("Leadership distribution")
        self.everyone = _Figure("Everyone has led")
        self.everyone.setAccessibleName("Everyone has led")
        self.progress = QProgressBar()
        self.progress.setAccessibleName("Share of members who have led")
        self.progress.setTextVisible(True)
        self.everyone.box.insertWidget(2, self.progress)
        self.volume = _Figure("Sessions")
        self.volume.setAccessibleName("Sessions counted")
        figures = QHBoxLayout()
        figures.addWidget(self.distribution, 3)
        figures.addWidget(self.everyone, 2)
        figures.addWidget(self.volume, 2)

        self.model = LedgerModel(self)
        self.table = QTableView()
        self.table.setAccessibleName("Who has held which role")
        self.table.setModel(self.model)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.table.setAlternatingRowColors(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.setWordWrap(False)
        self.table.setTabKeyNavigation(False)  # arrows move between cells, Tab moves on

        self.sessions_model = SessionFiguresModel(self)
        self.sessions = QTableView()
        self.sessions.setAccessibleName("Leadership distribution per session")
        self.sessions.setModel(self.sessions_model)
        self.sessions.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.sessions.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.sessions.verticalHeader().hide()
        self.sessions.setTabKeyNavigation(False)
        header = self.sessions.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.chart = HoldingsChart()

        table_label = QLabel("Who has held which role — times held · last time")
        table_label.setProperty("role", "subtitle")
        sessions_label = QLabel("Per session")
        sessions_label.setProperty("role", "subtitle")
        chart_label = QLabel("Roles held per person (dashed: the average)")
        chart_label.setProperty("role", "subtitle")
        lower_left = QWidget()
        left_layout = QVBoxLayout(lower_left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(sessions_label)
        left_layout.addWidget(self.sessions)
        lower_right = QWidget()
        right_layout = QVBoxLayout(lower_right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(chart_label)
        right_layout.addWidget(self.chart, 1)
        lower = QSplitter()
        lower.addWidget(lower_left)
        lower.addWidget(lower_right)
        lower.setStretchFactor(0, 3)
        lower.setStretchFactor(1, 2)
        lower.setSizes([3000, 2000])
        upper = QWidget()
        upper_layout = QVBoxLayout(upper)
        upper_layout.setContentsMargins(0, 0, 0, 0)
        upper_layout.addWidget(table_label)
        upper_layout.addWidget(self.table)
        body = QSplitter(Qt.Orientation.Vertical)
        body.addWidget(upper)
        body.addWidget(lower)
        body.setStretchFactor(0, 3)
        body.setStretchFactor(1, 2)
        body.setSizes([3000, 2000])

        self.empty = QLabel()
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setProperty("role", "subtitle")
        filled = QWidget()
        filled_layout = QVBoxLayout(filled)
        filled_layout.setContentsMargins(0, 0, 0, 0)
        filled_layout.addLayout(figures)
        filled_layout.addWidget(body, 1)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.empty)
        self.pages.addWidget(filled)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.subtitle)
        layout.addWidget(self.pages, 1)
        self._text_pt = 0
        self._scale_text()
        self.setTabOrder(back, self.table)
        self.setTabOrder(self.table, self.sessions)
        ops.follow(self, FOLLOWED, self._on_changes)

    def _scale_text(self) -> None:
        """Larger than the rest of the app, and growing with the window: the ledger is
        shown to the room."""
        size = max(12, min(20, round(self.width() / 105)))
        if size == self._text_pt:
            return
        self._text_pt = size
        self.setStyleSheet(
            f"QTableView {{ font-size: {size}pt; }} "
            f"QHeaderView::section {{ font-size: {size - 1}pt; padding: 4px; }} "
            f"HoldingsChart {{ font-size: {size - 1}pt; }}"
        )

    def resizeEvent(self, event: object) -> None:  # noqa: N802
        super().resizeEvent(event)  # type: ignore[arg-type]
        self._scale_text()

    # ------------------------------------------------------------ public
    def show_team(self, team_id: str) -> bool:
        """Load and show a team's ledger; False (with a message) when it cannot be read."""
        try:
            ledger = ledger_core.load(self.database, team_id)
        except FacilitatorError as exc:  # a read, not an action: shown the one way
            ops.show_error(self, "Cannot show the ledger", exc)
            return False
        self.show_ledger(ledger)
        return True

    def _on_changes(self, changes: Changes) -> None:
        """Reload the team shown when its record changed (roles, people, sessions, ...)."""
        if self.ledger is None or changes.team_id not in (None, self.ledger.team.id):
            return
        self.show_team(self.ledger.team.id)

    def show_ledger(self, ledger: TeamLedger) -> None:
        self.ledger = ledger
        self.title.setText("Leadership ledger")
        counted = len(ledger.sessions)
        self.subtitle.setText(
            f"{ledger.team.name} · {counted} session{'s' if counted != 1 else ''} so far"
        )
        self.model.set_ledger(ledger)
        self.sessions_model.set_figures(ledger.sessions)
        if not ledger.sessions:
            self.empty.setText(
                "No session of this team has taken place yet. The ledger "
                "fills in as people hold roles: plan a session, accept its "
                "roles and run it."
            )
            self.pages.setCurrentIndex(0)
            return
        self.pages.setCurrentIndex(1)
        self.distribution.value.setText(figure_text(ledger.distribution))
        led, active = ledger.everyone_has_led()
        self.everyone.value.setText(f"{led} of {active}")
        self.progress.setRange(0, max(1, active))
        self.progress.setValue(led)
        self.progress.setFormat("%v of %m have led")
        waiting = [p.name for p in ledger.not_yet_led()]
        self.everyone.detail.setText(
            "Everyone active has held a role." if not waiting else "Not yet: " + ", ".join(waiting)
        )
        holdings = sum(f.holdings for f in ledger.sessions)
        self.volume.value.setText(str(counted))
        latest = ledger.sessions[-1]
        self.volume.detail.setText(
            f"{holdings} role-holdings in all. Latest: {latest.title} "
            f"({short_date(latest.on)}), distribution {figure_text(latest.distribution)}."
        )
        self.chart.set_bars(
            [
                (p.name, ledger.totals.get(p.id, 0), p.active)
                for p in ledger.people
                if p.active or ledger.has_led(p.id)
            ]
        )
        self.table.setFocus()
