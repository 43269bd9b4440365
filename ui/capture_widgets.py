"""Small input widgets the capture, review and voting screens share.

``EntryEdit``: multi-line text where Enter submits and Shift+Enter starts a new line.
``PeopleEdit``: a name field completing from the team's roster (one name, or a list).
``DateField``: a date typed as "fri", "+3d" or "2026-12-01", read back as it is typed.
``HtmlDelegate``: draws an item's text as simple HTML (for highlighted search excerpts).
``DraftKeeper``: saves what is typed in a form as a draft once typing pauses, when a field
loses focus and when the form is hidden (its window closing), never on every keystroke.
"""

from __future__ import annotations

import contextlib
import html
from collections.abc import Callable, Iterator
from datetime import date

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QKeyEvent,
    QPainter,
    QPalette,
    QStandardItem,
    QStandardItemModel,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from facilitator.clock import Clock
from facilitator.collation import folded
from facilitator.errors import ValidationError
from facilitator.quickdate import describe, parse_date

ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


DRAFT_DELAY_MS = 700
DRAFT_RESTORED = "Restored what you were typing when Facilitator closed."


class EntryEdit(QPlainTextEdit):
    """Text that grows to a few lines; Enter submits, Shift+Enter adds a line break.

    Signals:
        submitted(): Enter was pressed without Shift.
    """

    submitted = Signal()

    def __init__(
        self, placeholder: str = "", lines: int = 2, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setPlaceholderText(placeholder)
        self.setTabChangesFocus(True)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        metrics = self.fontMetrics()
        self.setFixedHeight(metrics.lineSpacing() * lines + 18)

    def text(self) -> str:
        return self.toPlainText()

    def setText(self, text: str) -> None:  # noqa: N802 - the QLineEdit-like name reads well
        self.setPlainText(text)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() in ENTER_KEYS:
            if event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
                self.insertPlainText("\n")
            else:
                self.submitted.emit()
            event.accept()
            return
        super().keyPressEvent(event)


FOLDED_ROLE = Qt.ItemDataRole.UserRole + 1  # a name with case and accents folded


class PeopleEdit(QLineEdit):
    """A name typed with completion from the roster; with ``several``, a comma list.
    Completion ignores case and accents ("zoe" offers Zoë Marín), as the name is read."""

    def __init__(self, several: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.several = several
        self._names = QStandardItemModel(self)
        self._completer = QCompleter(self._names, self)
        self._completer.setCompletionRole(FOLDED_ROLE)  # matched folded, shown as written
        self._completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self._completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self._completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self._completer.setWidget(self)
        self._completer.activated[QModelIndex].connect(  # type: ignore[index]
            self._on_completer_activated
        )
        self.textEdited.connect(self._on_self_text_edited)

    def set_names(self, names: list[str]) -> None:
        self._names.clear()
        for name in names:
            item = QStandardItem(name)
            item.setData(folded(name), FOLDED_ROLE)
            self._names.appendRow(item)

    def completer_visible(self) -> bool:
        popup = self._completer.popup()
        return popup is not None and popup.isVisible()

    def _hide_popup(self) -> None:
        popup = self._completer.popup()
        if popup is not None:
            popup.hide()

    def _current_part(self) -> str:
        text = self.text()[: self.cursorPosition()]
        if self.several:
            text = text.replace(";", ",").split(",")[-1]
        return text.strip()

    def _on_self_text_edited(self, _text: str) -> None:
        part = self._current_part()
        if not part:
            self._hide_popup()
            return
        self._completer.setCompletionPrefix(folded(part))
        if self._completer.completionCount():
            self._completer.complete()
        else:
            self._hide_popup()

    def _on_completer_activated(self, index: QModelIndex) -> None:
        name = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        if not self.several:
            self.setText(name)
            return
        before = self.text()[: self.cursorPosition()]
        after = self.text()[self.cursorPosition() :]
        cut = max(before.rfind(","), before.rfind(";"))
        head = before[: cut + 1] + (" " if cut >= 0 else "")
        self.setText(head + name + ", " + after.lstrip(", "))
        self.setCursorPosition(len(head + name) + 2)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if self.completer_visible():
            if event.key() == Qt.Key.Key_Escape:
                self._hide_popup()  # keep what was typed, close the list
                event.accept()
                return
            if event.key() in ENTER_KEYS:
                event.ignore()  # the completer's popup takes it
                return
        super().keyPressEvent(event)


class DateField(QWidget):
    """A date typed quickly, with what it means shown beside it as you type."""

    def __init__(self, today: Callable[[], date], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._today = today
        self.edit = QLineEdit()
        self.edit.setPlaceholderText("fri · +3d · 2w")  # no day that could be past
        self.edit.setMaximumWidth(200)
        self.hint = QLabel()
        self.hint.setProperty("role", "hint")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit)
        layout.addWidget(self.hint, 1)
        self.edit.textChanged.connect(self._on_edit_text_changed)
        self.setFocusProxy(self.edit)

    def text(self) -> str:
        return self.edit.text()

    def setText(self, text: str) -> None:  # noqa: N802
        self.edit.setText(text)

    def clear(self) -> None:
        self.edit.setText("")

    def value(self) -> str | None:
        """The date as YYYY-MM-DD, None when empty; ValidationError when not a date."""
        day = parse_date(self.edit.text(), self._today())
        return day.isoformat() if day else None

    def _on_edit_text_changed(self, text: str) -> None:
        today = self._today()
        try:
            day = parse_date(text, today)
        except ValidationError as exc:
            self.hint.setText(str(exc) if len(text.strip()) > 2 else "")
            return
        if day is None:
            self.hint.setText("")
        elif day < today:
            self.hint.setText(f"{describe(day, today)} — in the past")
        else:
            self.hint.setText(describe(day, today))


class HtmlDelegate(QStyledItemDelegate):
    """Paints an item's display text as one line of HTML (matches shown in bold).

    One line, clipped at the column's edge: row heights then never depend on a column
    width that is not known yet when the view lays its rows out.
    """

    def _document(self, option: QStyleOptionViewItem, text: str) -> QTextDocument:
        doc = QTextDocument()
        doc.setDefaultFont(option.font)
        doc.setDocumentMargin(2)
        doc.setHtml(text)
        return doc

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        text = opt.text
        opt.text = ""
        style = opt.widget.style() if opt.widget else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        rect = (
            style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, opt, opt.widget)
            if style is not None
            else opt.rect
        )
        doc = self._document(opt, text)
        painter.save()
        painter.translate(rect.topLeft())
        painter.setClipRect(rect.translated(-rect.topLeft()))
        context = QAbstractTextDocumentLayout.PaintContext()
        group = (
            QPalette.ColorGroup.Active
            if opt.state & QStyle.StateFlag.State_Active
            else QPalette.ColorGroup.Inactive
        )
        role = (
            QPalette.ColorRole.HighlightedText
            if opt.state & QStyle.StateFlag.State_Selected
            else QPalette.ColorRole.Text
        )
        context.palette.setColor(QPalette.ColorRole.Text, opt.palette.color(group, role))
        doc.documentLayout().draw(painter, context)
        painter.restore()

    def sizeHint(
        self,
        option: QStyleOptionViewItem,  # noqa: N802
        index: QModelIndex | QPersistentModelIndex,
    ) -> QSize:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        doc = self._document(opt, opt.text)
        return QSize(int(doc.idealWidth()), int(doc.size().height()) + 4)


def pieces_html(pieces: tuple[tuple[str, bool], ...] | list[tuple[str, bool]]) -> str:
    """Excerpt pieces as HTML with the matched words in bold; all user text escaped."""
    return "".join(
        f"<b>{html.escape(text)}</b>" if hit else html.escape(text) for text, hit in pieces
    )


def local_today(clock: Clock) -> date:
    """Today's date where the laptop is (the clock gives UTC)."""
    return clock.now().astimezone().date()


class DraftKeeper(QObject):
    """Saves a form's draft a moment after typing pauses, on focus-out and when hidden.

    ``save`` stores (or drops) the draft through the core and returns False when that
    failed, so the next pause, focus-out or hide tries again. Changes the screen makes
    itself (loading an item, clearing after a save) go inside ``quietly()``; while
    ``paused`` (editing a stored item) nothing is kept.
    """

    def __init__(
        self, host: QWidget, save: Callable[[], bool], delay_ms: int = DRAFT_DELAY_MS
    ) -> None:
        super().__init__(host)
        self._save = save
        self._quiet = 0
        self.dirty = False
        self.paused = False
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(delay_ms)
        self.timer.timeout.connect(self.flush)
        host.installEventFilter(self)  # its Hide event: a screen left, a window closing

    def watch(self, *widgets: QWidget) -> None:
        """Keep what is typed (or chosen) in these fields."""
        for widget in widgets:
            target = widget.edit if isinstance(widget, DateField) else widget
            if isinstance(target, QComboBox):
                target.currentIndexChanged.connect(self.changed)
            elif isinstance(target, QLineEdit | QPlainTextEdit):
                target.textChanged.connect(self.changed)
            target.installEventFilter(self)

    def changed(self, *_args: object) -> None:
        """Something was typed: save when typing pauses (each change restarts the wait)."""
        if self._quiet or self.paused:
            return
        self.dirty = True
        self.timer.start()

    def flush(self) -> None:
        """Save now if anything changed since the last save."""
        self.timer.stop()
        if not self.dirty or self.paused:
            return
        self.dirty = False
        if not self._save():
            self.dirty = True

    def forget(self) -> None:
        """The text was saved where it belongs (its draft went with it): nothing to keep."""
        self.timer.stop()
        self.dirty = False

    @contextlib.contextmanager
    def quietly(self) -> Iterator[None]:
        """Changes made by the screen itself, not typed: they are not a draft."""
        self._quiet += 1
        try:
            yield
        finally:
            self._quiet -= 1

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() in (QEvent.Type.FocusOut, QEvent.Type.Hide) and self.dirty:
            self.flush()
        return False
