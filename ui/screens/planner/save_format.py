"""Saving agenda steps as a format of your own: the dialog that asks for its name (and a
summary), and whether to keep the format selected on the agenda or the whole agenda. A name
one of your formats already has is refused in one line; the format then shows in the
library beside the library's, marked "Your format"."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from facilitator import agenda, durations, own_formats
from facilitator.errors import FacilitatorError
from facilitator.formats import Format
from facilitator.model import Phase
from facilitator.store.database import Database
from ui import ops
from ui.editing import ErrorLabel

DEFAULT_SIZE = (2, 40)  # the group size a format gets when its steps do not say one


def what_text(phases: list[Phase]) -> str:
    """ "12 steps, 28 min": a repeated block's rounds counted as they stand."""
    steps = f"{len(phases)} step" + ("" if len(phases) == 1 else "s")
    return f"{steps}, {durations.length_text(agenda.total_s(phases))}"


class SaveFormatDialog(QDialog):
    """Asks for a name; saves the selected format's steps or the whole agenda.

    Signals:
        format_did_get_saved(object, object): the ``Format`` saved, after it was stored,
            and the one of yours it replaced as it was before (None when it is new).
    """

    format_did_get_saved = Signal(object, object)

    def __init__(
        self,
        database: Database,
        selected: list[Phase],
        everything: list[Phase],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("save_format_dialog")
        self.setWindowTitle("Save as a format of yours")
        self.database, self.selected, self.everything = database, selected, everything
        self.name_edit = QLineEdit(self._suggestion())
        self.name_edit.setAccessibleName("Format name")
        self.name_edit.selectAll()
        sources = self._sources(selected)
        self.summary_edit = QLineEdit(
            own_formats.suggest_summary(sources[0]) if len(sources) == 1 else ""
        )
        self.summary_edit.setCursorPosition(0)
        self.summary_edit.setAccessibleName("Summary")
        self.summary_edit.setPlaceholderText("What it is for, in a sentence (optional)")
        first = selected[0] if selected else None
        selected_name = (first.group_title or first.title) if first else ""
        self.selected_radio = QRadioButton(
            f"The selected {'format' if first and first.group_id else 'step'}: "
            f"{selected_name} ({what_text(selected)})"
        )
        self.selected_radio.setAccessibleName("Save the selected format")
        self.selected_radio.setEnabled(bool(selected))
        self.all_radio = QRadioButton(f"The whole agenda ({what_text(everything)})")
        self.all_radio.setAccessibleName("Save the whole agenda")
        self.what = QButtonGroup(self)
        for radio in (self.selected_radio, self.all_radio):
            self.what.addButton(radio)
        (self.selected_radio if selected else self.all_radio).setChecked(True)
        info = QLabel(
            "A repeated block is kept as one round; it repeats again for the people "
            "present wherever you add the format. Your formats… in the library edits it."
        )
        info.setProperty("role", "hint")
        info.setWordWrap(True)
        # The credit its sources ask for travels with it, apart from the summary.
        self.credit_label = QLabel()
        self.credit_label.setProperty("role", "hint")
        self.credit_label.setWordWrap(True)
        self.credit_label.setAccessibleName("Credit kept with the format")
        self.what.buttonToggled.connect(self._show_credit)
        self._show_credit()
        self.error = ErrorLabel()
        self.error.setAccessibleName("Why the format was not saved")
        self.replace = QCheckBox("&Replace my format of this name")
        self.replace.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.save_button = buttons.addButton("Save format", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow("&Name:", self.name_edit)
        form.addRow("S&ummary:", self.summary_edit)
        keep = QLabel("Keep:")
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(keep)
        layout.addWidget(self.selected_radio)
        layout.addWidget(self.all_radio)
        layout.addWidget(info)
        layout.addWidget(self.credit_label)
        layout.addWidget(self.error)
        layout.addWidget(self.replace)
        layout.addWidget(buttons)
        self.save_button.setDefault(True)  # once in the dialog, so Enter saves
        self.resize(520, self.sizeHint().height())

    def _show_credit(self, *_args: object) -> None:
        sources = [f for f in self._sources(self.phases()) if f.attribution]
        names = ", ".join(f.title for f in sources)
        self.credit_label.setText(
            f"It keeps the credit {names} {'asks' if len(sources) == 1 else 'ask'} for, "
            "shown with its details."
            if sources
            else ""
        )
        self.credit_label.setVisible(bool(sources))

    def _suggestion(self) -> str:
        """The selected format's name, made its own if the library (or you) has it."""
        first = self.selected[0] if self.selected else None
        name = (first.group_title or first.title) if first else ""
        return own_formats.suggest_name(self.database, name) if name.strip() else name

    def phases(self) -> list[Phase]:
        """The phases the choice keeps."""
        return self.selected if self.selected_radio.isChecked() else self.everything

    def _sources(self, phases: list[Phase]) -> list[Format]:
        """The formats the phases came from (those still to be found)."""
        found = []
        for key in dict.fromkeys(p.format_key for p in phases if p.format_key):
            try:
                found.append(own_formats.find_format(self.database, key))
            except FacilitatorError:
                continue
        return found

    def save(self) -> None:
        """Store the format through the core; a refusal (a taken name, an empty one) shows
        in one line under the form, and what was typed stays."""
        phases = self.phases()
        sources = self._sources(phases)
        purposes = list(dict.fromkeys(p for f in sources for p in f.purposes))
        low = max((f.min_people for f in sources), default=DEFAULT_SIZE[0])
        high = min((f.max_people for f in sources), default=DEFAULT_SIZE[1])
        if low > min(high, own_formats.MAX_GROUP):
            low, high = DEFAULT_SIZE
        name, summary = self.name_edit.text(), self.summary_edit.text()
        replaced = own_formats.own_named(self.database, name) if self.replace.isChecked() else None
        done = ops.run_op(
            self,
            "Could not save the format",
            lambda: own_formats.save_own(
                self.database,
                name,
                phases,
                summary=summary,
                purposes=purposes,
                min_people=low,
                max_people=min(high, own_formats.MAX_GROUP),
                replace=self.replace.isChecked(),
            ),
            inline=self.error,
        )
        if done is None:
            if own_formats.name_taken(self.database, name):
                self.replace.show()
            # Room for the reason (and the Replace box) without squeezing the fields.
            self.resize(self.width(), max(self.height(), self.sizeHint().height()))
            self.name_edit.setFocus()
            return
        self.format_did_get_saved.emit(done.value, replaced)
        self.accept()
