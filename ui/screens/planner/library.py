"""The planner's format library: search and filter the dialogue formats (the library's and
your own), read a format's steps timed for the people present (a repeated block once, with
its rounds), choose a variant where it has them, and ask for it (or a break, or a phase
of your own) to be added to the agenda; "Your formats…" opens the dialog that manages yours."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from facilitator import agenda, formats, own_formats
from facilitator.changes import Changes, Topic
from facilitator.formats import Format
from facilitator.model import PhaseMode, label
from facilitator.store.database import Database
from ui import ops
from ui.editing import ErrorLabel, UndoPassesOn
from ui.screens.planner import format_text
from ui.scrolling import VerticalScroll

CUSTOM_MINUTES = "10"  # what an own phase lasts unless the user types otherwise
DETAILS_MIN_PX = 72  # a format's description shows at least four lines, then scrolls
LIST_ROWS_MIN, LIST_ROWS_MAX = 3, 30  # the list's height follows its matches in between
CUSTOM_PER_SPEAKER = "1"  # the same for an own round-robin, per speaker


class FormatLibrary(QWidget):
    """The formats to choose from, and the form for a phase of your own.

    Signals:
        format_requested(str): add this format (its key, the variant chosen) to the agenda,
            after the selected step's format or before a closing Check-out.
        own_formats_requested(): open Your formats (edit, delete, export, import).
        break_requested(): add a break after the step selected in the agenda (Ctrl+B).
        custom_phase_requested(str, str, str): add an own phase where a format would go:
            its title, its duration as typed (per speaker for a round-robin) and its
            speaking mode's value.
    """

    format_requested = Signal(str)
    own_formats_requested = Signal()
    break_requested = Signal()
    custom_phase_requested = Signal(str, str, str)

    def __init__(self, database: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.database = database
        self.present = 0
        self.fit: agenda.Fit | None = None  # the agenda against the time available
        self.shown: dict[str, Format] = {}  # the formats listed, by key, variants too
        self._chosen_line: QListWidgetItem | None = None  # the line giving its variant's length
        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText("Search formats (Ctrl+F)")
        self.search_edit.setAccessibleName("Search formats")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.textChanged.connect(self._on_search_edit_text_changed)
        # Type, then Enter adds the highlighted match; Down walks the matches in the list.
        self.search_edit.returnPressed.connect(self.add_current_format)
        self.search_undo = UndoPassesOn(self.search_edit)  # Ctrl+Z after Enter: the agenda's
        self.purpose_combo = QComboBox()
        self.purpose_combo.setAccessibleName("Filter by purpose")
        self.purpose_combo.addItem("Every purpose", "")
        for key, text in formats.purposes().items():
            self.purpose_combo.addItem(text, key)
        self.purpose_combo.currentIndexChanged.connect(self._on_purpose_combo_changed)
        shrinkable(self.purpose_combo)
        self.format_list = QListWidget()
        self.format_list.setAccessibleName("Format library")
        self.format_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # A name too long for the column wraps (whole, never cut short).
        self.format_list.setWordWrap(True)
        self.format_list.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.format_list.setResizeMode(QListView.ResizeMode.Adjust)
        self.format_list.currentItemChanged.connect(self._on_format_list_current_changed)
        self.format_list.itemActivated.connect(self._on_format_list_item_activated)
        self.variant_combo = QComboBox()
        self.variant_combo.setAccessibleName("Variant of the format")
        self.variant_combo.setToolTip(
            "The standard form, or a variant (shorter, longer, in other groups)"
        )
        self.variant_combo.currentIndexChanged.connect(self._on_variant_combo_changed)
        shrinkable(self.variant_combo)
        # No Alt letter is left for it in the planner: Tab from the list reaches it.
        self.variant_label = QLabel("Variant:")
        self.variant_label.setBuddy(self.variant_combo)
        self.format_details = QLabel()
        self.format_details.setAccessibleName("About the chosen format")
        self.format_details.setWordWrap(True)
        self.format_details.setTextFormat(Qt.TextFormat.RichText)
        self.format_details.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.add_format_button = QPushButton("Add to agenda")
        self.add_format_button.setProperty("role", "primary")
        self.add_format_button.setToolTip(
            "Add the chosen format's steps after the format selected in the agenda, or before"
            " its closing Check-out (Enter in the list)"
        )
        self.add_format_button.clicked.connect(self.add_current_format)
        self.add_break_button = QPushButton("Add a &break")
        self.add_break_button.setAccessibleName("Add a break")
        self.add_break_button.setToolTip(
            "A 10-minute break after the format selected in the agenda, or before its closing"
            " Check-out (Ctrl+B)"
        )
        self.add_break_button.clicked.connect(self.break_requested)
        self.own_button = QPushButton("Your formats…")
        self.own_button.setAccessibleName("Your formats")
        self.own_button.setToolTip(
            "Edit, delete, export or import your own formats (Ctrl+Shift+F); save one from "
            "the agenda with Save as format…"
        )
        self.own_button.clicked.connect(self.own_formats_requested)
        down = QShortcut(QKeySequence("Down"), self.search_edit, self.format_list.setFocus)
        down.setContext(Qt.ShortcutContext.WidgetShortcut)

        title = QLabel("Format librar&y")
        title.setBuddy(self.format_list)
        title.setProperty("role", "subtitle")
        title_row = QHBoxLayout()
        title_row.addWidget(title, 1)
        title_row.addWidget(self.own_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 0, 6, 0)
        layout.addLayout(title_row)
        layout.addWidget(self.search_edit)
        layout.addWidget(self.purpose_combo)
        layout.addWidget(self.format_list, 2)
        variant_row = QHBoxLayout()
        variant_row.addWidget(self.variant_label)
        variant_row.addWidget(self.variant_combo, 1)
        layout.addLayout(variant_row)
        # A long description scrolls when the column is short (it never makes the
        # window taller than a laptop's screen).
        self._details_key: str | None = None  # the format the details show
        self.details_scroll = VerticalScroll(self.format_details, min_height=DETAILS_MIN_PX)
        layout.addWidget(self.details_scroll, 3)
        add_row = QHBoxLayout()
        add_row.addWidget(self.add_format_button, 1)
        add_row.addWidget(self.add_break_button)
        layout.addLayout(add_row)
        layout.addWidget(self._custom_box())
        ops.follow(self, [Topic.FORMATS], self._on_formats_changed)
        self._fill()

    def _custom_box(self) -> QGroupBox:
        self.custom_title = QLineEdit()
        self.custom_title.setPlaceholderText("e.g. Walk through the new dashboard")
        self.custom_title.setAccessibleName("Custom phase title")
        self.custom_mode = QComboBox()
        self.custom_mode.setAccessibleName("Custom phase speaking mode")
        for mode in PhaseMode:
            self.custom_mode.addItem(label(mode), mode.value)
        self.custom_mode.setCurrentIndex(self.custom_mode.findData(PhaseMode.OPEN.value))
        self.custom_mode.currentIndexChanged.connect(self._on_custom_mode_changed)
        shrinkable(self.custom_mode)
        self.custom_duration = QLineEdit(CUSTOM_MINUTES)
        digits = self.custom_duration.fontMetrics().horizontalAdvance("00:00 ")
        self.custom_duration.setMinimumWidth(digits + 12)  # "12:30" whole beside Add
        self.custom_duration.setAccessibleName("Custom phase duration")
        self.custom_duration.setToolTip("Minutes (10), minutes and seconds (2:30) or 90s")
        self.custom_duration_label = QLabel("&Minutes:")
        self.custom_duration_label.setBuddy(self.custom_duration)
        self.custom_add = QPushButton("Add")  # Enter in its title or minutes adds it too
        self.custom_add.setAccessibleName("Add custom phase")
        self.custom_add.setToolTip(
            "Add this phase after the format selected in the agenda, or before its closing "
            "Check-out (Enter in its title or minutes)"
        )
        self.custom_add.clicked.connect(self.add_custom_phase)
        self.custom_title.returnPressed.connect(self.add_custom_phase)
        self.custom_undo = UndoPassesOn(self.custom_title)
        self.custom_duration.returnPressed.connect(self.add_custom_phase)
        self.custom_error = ErrorLabel()
        box = QGroupBox("Your own phase")
        form = QFormLayout(box)
        form.addRow("T&itle:", self.custom_title)
        form.addRow("Spea&king:", self.custom_mode)
        # The duration and Add share a row: three rows leave the format's details room.
        add_row = QHBoxLayout()
        add_row.addWidget(self.custom_duration, 1)
        add_row.addWidget(self.custom_add)
        form.addRow(self.custom_duration_label, add_row)
        form.addRow(self.custom_error)
        return box

    # ------------------------------------------------------------ what is shown
    def set_present(self, present: int) -> None:
        """Time the formats for this many people."""
        self.present = present
        self._fill()

    def set_fit(self, fit: agenda.Fit | None) -> None:
        """How the agenda stands against the time available: the details say whether the
        chosen format fits the time left."""
        if fit != self.fit:
            self.fit = fit
            self._show_details()

    def new_search(self) -> None:
        """The whole library again: the last session's search is of no use to the next."""
        self.search_edit.clear()

    def focus_search(self) -> None:
        self.search_edit.setFocus()
        self.search_edit.selectAll()

    def _fill(self, *, best_first: bool = False) -> None:
        """List the matches; the selection stays where it was, or (``best_first``, the
        search just changed) goes to the best match, the one Enter adds."""
        current = self.format_list.currentItem()
        keep = current.data(Qt.ItemDataRole.UserRole) if current and not best_first else None
        found = formats.search(
            self.search_edit.text(),
            self.purpose_combo.currentData() or None,
            extra=own_formats.list_own(self.database),
        )
        self.shown = {each.key: each for fmt in found for each in (fmt, *fmt.variants)}
        self.format_list.blockSignals(True)
        self.format_list.clear()
        self._chosen_line = None  # the lines are made anew, each in its standard form
        for fmt in found:
            item = QListWidgetItem(format_text.list_line(fmt, self.present))
            item.setData(Qt.ItemDataRole.UserRole, fmt.key)
            item.setToolTip(fmt.summary)
            self.format_list.addItem(item)
            if fmt.key == keep:
                self.format_list.setCurrentItem(item)
        if self.format_list.currentItem() is None and self.format_list.count():
            self.format_list.setCurrentRow(0)
        self.format_list.blockSignals(False)
        self._fit_list_to_matches()
        if not found:
            self.format_details.setText(
                "<i>No format matches. Clear the search or choose another purpose.</i>"
            )
        self._show_variants()
        self.add_format_button.setEnabled(bool(found))

    def _fit_list_to_matches(self) -> None:
        """A short list of matches (a search) takes only the rows it needs, so the chosen
        format's details get the room; a long one shares the column with them."""
        rows = self.format_list
        line = rows.fontMetrics().height() + 4
        heights = [rows.sizeHintForRow(r) for r in range(min(rows.count(), LIST_ROWS_MAX))]
        needed = sum(heights) + line * max(0, LIST_ROWS_MIN - len(heights))
        rows.setMaximumHeight(needed + 2 * rows.frameWidth() + 2)

    def listed(self) -> Format | None:
        """The format selected in the list, in its standard form."""
        item = self.format_list.currentItem()
        return self.shown.get(str(item.data(Qt.ItemDataRole.UserRole))) if item else None

    def chosen(self) -> Format | None:
        """The format that Add adds: the one selected, in the variant chosen."""
        key = self.variant_combo.currentData()
        return self.shown.get(str(key)) if key else self.listed()

    def _show_variants(self) -> None:
        """The variant choice for the format selected (shown only when it has variants),
        keeping the variant chosen while the same format stays selected."""
        fmt = self.listed()
        keep = self.variant_combo.currentData()
        self.variant_combo.blockSignals(True)
        self.variant_combo.clear()
        for each in (fmt, *fmt.variants) if fmt and fmt.variants else ():
            self.variant_combo.addItem(format_text.choice_text(each, self.present), each.key)
        found = self.variant_combo.findData(keep)
        self.variant_combo.setCurrentIndex(max(0, found))
        self.variant_combo.blockSignals(False)
        has = self.variant_combo.count() > 0
        self.variant_combo.setVisible(has)
        self.variant_label.setVisible(has)
        self._show_details()

    def _show_details(self) -> None:
        self._show_chosen_length()
        fmt = self.chosen()
        if fmt is not None:
            self.format_details.setText(format_text.details_html(fmt, self.present, self.fit))
            if fmt.key != self._details_key:  # another format: read from its name
                self.details_scroll.verticalScrollBar().setValue(0)
            self._details_key = fmt.key

    def _show_chosen_length(self) -> None:
        """The selected format's line says the length Add adds (its variant chosen); the
        line that said so before goes back to its standard form's."""
        current = self.format_list.currentItem()
        for item in {id(i): i for i in (self._chosen_line, current) if i is not None}.values():
            fmt = self.shown.get(str(item.data(Qt.ItemDataRole.UserRole)))
            if fmt is not None:
                chosen = self.chosen() if item is current else None
                text = format_text.list_line(fmt, self.present, chosen)
                if item.text() != text:
                    item.setText(text)
        self._chosen_line = current

    def _on_variant_combo_changed(self, _index: int) -> None:
        self._show_details()

    def _on_formats_changed(self, _changes: Changes) -> None:
        self._fill()

    def _on_search_edit_text_changed(self, text: str) -> None:
        self._fill(best_first=bool(text.strip()))

    def _on_purpose_combo_changed(self, _index: int) -> None:
        self._fill()

    def _on_format_list_current_changed(self, *_args: object) -> None:
        self._show_variants()

    def _on_format_list_item_activated(self, _item: QListWidgetItem) -> None:
        self.add_current_format()

    # ------------------------------------------------------------ asking to add
    def add_current_format(self) -> None:
        fmt = self.chosen()
        if fmt is not None:
            self.format_requested.emit(fmt.key)
            self.search_undo.forget_typing()  # the next Ctrl+Z takes the format out again

    def add_custom_phase(self) -> None:
        self.custom_phase_requested.emit(
            self.custom_title.text(), self.custom_duration.text(), self.custom_mode.currentData()
        )

    def custom_phase_was_added(self) -> None:
        """The own phase is on the agenda: the form is ready for the next one."""
        self.custom_error.clear_message()
        self.custom_undo.forget_typing("")  # the next Ctrl+Z takes the phase out again

    def custom_phase_was_refused(self) -> None:
        """Keep what was typed and put the cursor where the refusal points."""
        about_title = "title" in self.custom_error.text().lower()
        (self.custom_title if about_title else self.custom_duration).setFocus()

    def _on_custom_mode_changed(self, _index: int) -> None:
        round_robin = self.custom_mode.currentData() == PhaseMode.ROUND_ROBIN.value
        self.custom_duration_label.setText("Per &speaker:" if round_robin else "&Minutes:")
        if round_robin and self.custom_duration.text() == CUSTOM_MINUTES:
            self.custom_duration.setText(CUSTOM_PER_SPEAKER)


def shrinkable(combo: QComboBox) -> None:
    """A choice that may be narrower than its longest item (the open list shows it whole),
    so the library column fits a laptop screen."""
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(10)
