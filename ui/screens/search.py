"""Search every session: type, see matches grouped by session, Enter opens one.

Typing searches as you go (a short pause after the last key); Enter in the field searches at
once and moves to the first result; Enter on a result opens its session at that item.
Any text is a valid query. The results follow changes made elsewhere (an item edited in a
session, a team renamed): the screen searches again when it is next shown.

Signals:
    open_requested(str, str, str): open a session at an item (session id, kind, item id).
    back_requested(): the user wants to leave (Esc or the Back button).
"""

from __future__ import annotations

import html

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from facilitator import kinds, roster, search
from facilitator.changes import Changes, Topic
from facilitator.errors import FacilitatorError
from facilitator.store.database import Database
from ui import ops
from ui.capture_widgets import ENTER_KEYS, HtmlDelegate, pieces_html
from ui.navigation import back_button

ROLE_HIT = Qt.ItemDataRole.UserRole
SAID = Qt.ItemDataRole.AccessibleTextRole  # what a screen reader reads: plain text, no markup
SAID_MORE = Qt.ItemDataRole.AccessibleDescriptionRole
TYPING_PAUSE_MS = 150
SHOWN = (Topic.CAPTURES, Topic.SESSIONS, Topic.TEAMS)  # items, their sessions, team names


class SearchScreen(QWidget):
    open_requested = Signal(str, str, str)
    back_requested = Signal()

    def __init__(self, database: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("search")
        self.database = database
        self.result: search.SearchResult | None = None

        back = back_button(self, "Back", "Back")
        title = QLabel("Search")
        title.setProperty("role", "title")
        self.field = QLineEdit()
        self.field.setAccessibleName("Search text")
        self.field.setPlaceholderText(
            "Search ideas, decisions, actions, experiments and learnings in every session…"
        )
        self.field.setClearButtonEnabled(True)
        self.field.setMinimumHeight(36)
        self.team = QComboBox()
        self.team.setAccessibleName("Team to search")
        self.team.currentIndexChanged.connect(self._on_team_current_index_changed)
        row = QHBoxLayout()
        row.addWidget(back)
        row.addWidget(title)
        row.addWidget(self.field, 1)
        row.addWidget(self.team)

        self.summary = QLabel()
        self.summary.setProperty("role", "hint")
        self.summary.setAccessibleName("Search summary")
        self.tree = QTreeWidget()
        self.tree.setAccessibleName("Search results")
        self.tree.setHeaderHidden(True)
        self.tree.setColumnCount(1)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setItemDelegate(HtmlDelegate(self.tree))
        self.tree.setUniformRowHeights(True)
        self.tree.itemActivated.connect(self._on_tree_item_activated)
        hint = QLabel(
            "Type to search · ↓ to the results · Enter opens the session at the "
            "item · Esc goes back"
        )
        hint.setProperty("role", "hint")

        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.summary)
        layout.addWidget(self.tree, 1)
        layout.addWidget(hint)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(TYPING_PAUSE_MS)
        self._timer.timeout.connect(self.run_search)
        self.field.textChanged.connect(self._on_field_text_changed)
        self.field.installEventFilter(self)
        ops.follow(self, SHOWN, self._on_changes)

    # ------------------------------------------------------------ public
    def start(self, text: str | None = None) -> None:
        """Show the screen ready to type (teams refreshed, the field selected)."""
        self._fill_teams()
        if text is not None:
            self.field.setText(text)
        self.field.setFocus()
        self.field.selectAll()
        self.run_search()

    def run_search(self) -> None:
        self._timer.stop()
        text = self.field.text()
        try:
            result = search.search(self.database, text, team_id=self.team.currentData() or None)
        except FacilitatorError as exc:  # a read, not an action: nothing to run through ops
            ops.show_error(self, "Could not search", exc)
            return
        self.result = result
        self._show(result)

    def hits(self) -> list[search.Hit]:
        return [hit for group in (self.result.groups if self.result else []) for hit in group.hits]

    # ------------------------------------------------------------ showing
    def _show(self, result: search.SearchResult) -> None:
        """The results, highlighted on screen; each row also carries its words as plain text
        for screen readers, which would otherwise read the highlighting's markup aloud."""
        self.tree.clear()
        for group in result.groups:
            matches = f"{len(group.hits)} match{'es' if len(group.hits) != 1 else ''}"
            top = QTreeWidgetItem(
                [
                    f"<b>{html.escape(group.title)}</b> — {html.escape(group.day)} · "
                    f"{html.escape(group.team)} · {matches}"
                ]
            )
            top.setData(0, SAID, f"{group.title} — {group.day} · {group.team} · {matches}")
            top.setData(0, ROLE_HIT, None)
            self.tree.addTopLevelItem(top)
            for hit in group.hits:
                label = kinds.get(hit.kind).label
                child = QTreeWidgetItem([f"<i>{label}</i> · {pieces_html(hit.snippet)}"])
                child.setData(0, SAID, f"{label}: {''.join(text for text, _ in hit.snippet)}")
                child.setData(0, SAID_MORE, f"In “{group.title}”, {group.day}")
                child.setData(0, ROLE_HIT, (hit.session_id, hit.kind, hit.item_id))
                child.setToolTip(0, hit.title[:2000])
                top.addChild(child)
            top.setExpanded(True)
        if result.hint:
            self.summary.setText(result.hint)
        elif not result.query.strip():
            self.summary.setText("Type a word; every session's captures are searched.")
        elif not result.count:
            self.summary.setText(f"Nothing found for “{result.query.strip()}”.")
        else:
            sessions = len(result.groups)
            text = (
                f"{result.count} match{'es' if result.count != 1 else ''} in {sessions} "
                f"session{'s' if sessions != 1 else ''}"
            )
            if result.more:
                text += " — the newest are shown; add a word to narrow the search"
            self.summary.setText(text + ".")

    def _fill_teams(self) -> None:
        current = self.team.currentData()
        self.team.blockSignals(True)
        self.team.clear()
        self.team.addItem("All teams", "")
        for team in roster.list_teams(self.database):
            self.team.addItem(team.name, team.id)
        self.team.setCurrentIndex(max(0, self.team.findData(current)) if current else 0)
        self.team.blockSignals(False)

    def _first_hit_row(self) -> QTreeWidgetItem | None:
        for i in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(i)
            if top is not None and top.childCount():
                return top.child(0)
        return None

    # ------------------------------------------------------------ slots
    def _on_changes(self, _changes: Changes) -> None:
        self._fill_teams()
        self.run_search()

    def _on_field_text_changed(self, _text: str) -> None:
        self._timer.start()

    def _on_team_current_index_changed(self, _index: int) -> None:
        self.run_search()

    def _on_tree_item_activated(self, row: QTreeWidgetItem, _column: int) -> None:
        data = row.data(0, ROLE_HIT)
        if data:
            self.open_requested.emit(*data)
        elif row.childCount() and (child := row.child(0)) is not None:
            self.open_requested.emit(*child.data(0, ROLE_HIT))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self.field and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() in ENTER_KEYS or event.key() == Qt.Key.Key_Down:
                if self._timer.isActive() or event.key() in ENTER_KEYS:
                    self.run_search()
                first = self._first_hit_row()
                if first is not None:
                    self.tree.setCurrentItem(first)
                    self.tree.setFocus()
                return True
        return False
