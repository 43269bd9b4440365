"""The capture panel's form: the fields of each kind, read into an item's fields, filled
from a stored item, snapshot and restored by stable names, and kept as the session's draft.

``CaptureForm`` is a mixin of ``CapturePanel`` (ui.screens.capture_panel): it builds the
field widgets on the panel and reads the panel's roster (``_people``, ``_names``), clock,
session and edit state.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from facilitator import capture, drafts, kinds
from facilitator.clock import Clock
from facilitator.errors import FacilitatorError, ValidationError
from facilitator.model import (
    Action,
    ActionStatus,
    Contribution,
    Decision,
    DecisionMethod,
    Experiment,
    ExperimentStatus,
    Learning,
    Participant,
    label,
)
from ui.capture_widgets import (
    DRAFT_RESTORED,
    DateField,
    DraftKeeper,
    EntryEdit,
    PeopleEdit,
    local_today,
)

DRAFT_KEY = "capture"  # the new-item form's draft, one per session
FIELDS_MIN_PX = 100  # a short panel still shows about three rows of a form's fields
DRAFT_AGAIN = "Brought back what you had typed for this session."
log = logging.getLogger(__name__)


class FieldError(ValidationError):
    """A bad field value, with the widget to put the cursor back in."""

    def __init__(self, message: str, widget: QWidget) -> None:
        super().__init__(message)
        self.widget = widget


class CaptureForm:
    """The form half of the capture panel (a mixin: the panel is ``self``)."""

    if TYPE_CHECKING:  # what the panel holds and does, for the type checker
        database: Any
        clock: Clock
        kind: str
        session_id: str | None
        entry: EntryEdit
        draft_keeper: DraftKeeper
        _people: list[Participant]
        _names: dict[str, str]
        _editing: Any
        _kept_here: set[str]

        def set_kind(self, kind: str) -> None: ...
        def height(self) -> int: ...
        def _set_message(self, text: str, *, error: bool = False) -> None: ...

    # ------------------------------------------------------------ building
    def _build_fields(self) -> None:
        """The fields per kind, on pages (one shown at a time) in a scroll area."""
        today = lambda: local_today(self.clock)  # noqa: E731 - read when used
        self.by = PeopleEdit()
        self.by.setPlaceholderText("who said it (optional)")
        self.method = QComboBox()
        for method in DecisionMethod:
            self.method.addItem(label(method), method.value)
        self.rationale = QLineEdit()
        self.rationale.setPlaceholderText("why this decision")
        self.consulted = PeopleEdit(several=True)
        self.consulted.setPlaceholderText("names, separated by commas")
        self.objections = QLineEdit()
        self.objections.setPlaceholderText("objections raised and how they were addressed")
        self.owner = PeopleEdit()
        self.owner.setPlaceholderText("who owns it")
        self.due = DateField(today)
        self.action_status = QComboBox()
        for status in ActionStatus:
            self.action_status.addItem(status.value.capitalize(), status.value)
        self.what_we_try = QLineEdit()
        self.limit_time = QLineEdit()
        self.limit_time.setPlaceholderText("e.g. two weeks")
        self.limit_money = QLineEdit()
        self.limit_money.setPlaceholderText("e.g. no spend")
        self.limit_risk = QLineEdit()
        self.limit_risk.setPlaceholderText("what must not happen")
        self.success_signal = QLineEdit()
        self.stop_signal = QLineEdit()
        self.exp_owner = PeopleEdit()
        self.exp_owner.setPlaceholderText("who owns it")
        self.review_on = DateField(today)
        self.exp_status = QComboBox()
        for exp_status in ExperimentStatus:
            self.exp_status.addItem(exp_status.value.capitalize(), exp_status.value)
        self.outcome = QLineEdit()
        self.outcome.setPlaceholderText("what happened (when known)")
        self.experiment_link = QComboBox()
        self.experiment_link.setAccessibleName("Learned from experiment")
        # As narrow as the panel: a long experiment shows whole in the open list.
        self.experiment_link.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.experiment_link.setMinimumContentsLength(16)

        self.pages = QWidget()
        pages_layout = QVBoxLayout(self.pages)
        pages_layout.setContentsMargins(0, 0, 0, 0)
        self._page_fields: dict[str, list[tuple[str, QWidget]]] = {
            "contribution": [("By", self.by)],
            "decision": [
                ("Method", self.method),
                ("Rationale", self.rationale),
                ("Consulted", self.consulted),
                ("Objections", self.objections),
            ],
            "action": [("Owner", self.owner), ("Due", self.due), ("Status", self.action_status)],
            "experiment": [
                ("We try", self.what_we_try),
                ("Time limit", self.limit_time),
                ("Money limit", self.limit_money),
                ("Risk limit", self.limit_risk),
                ("Works if", self.success_signal),
                ("Stop if", self.stop_signal),
                ("Owner", self.exp_owner),
                ("Review on", self.review_on),
                ("Status", self.exp_status),
                ("Outcome", self.outcome),
            ],
            "learning": [("From experiment", self.experiment_link)],
        }
        self._page_widgets: dict[str, QWidget] = {}
        for kind in kinds.NAMES:
            page = QWidget()
            form = QFormLayout(page)
            form.setContentsMargins(0, 0, 0, 0)
            form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
            for text, widget in self._page_fields[kind]:
                # No Alt+letter here: Tab walks the fields, and a screen around the panel
                # has its own Alt keys (menus, tabs, buttons) that must stay unambiguous.
                caption = QLabel(text)
                caption.setBuddy(widget)
                widget.setAccessibleName(text)
                form.addRow(caption, widget)
            pages_layout.addWidget(page)
            page.hide()
            self._page_widgets[kind] = page
        scroll = QScrollArea()
        scroll.setWidget(self.pages)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes straight to the fields
        # The fields take the panel's width; only a form taller than the room scrolls.
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self._scroll = scroll

    def _name_fields(self) -> None:
        # Every field of the form by a stable name (the draft's keys).
        self._texts: dict[str, EntryEdit | QLineEdit | DateField] = {"entry": self.entry}
        self._choices: dict[str, QComboBox] = {}
        for name in (
            "by",
            "method",
            "rationale",
            "consulted",
            "objections",
            "owner",
            "due",
            "action_status",
            "what_we_try",
            "limit_time",
            "limit_money",
            "limit_risk",
            "success_signal",
            "stop_signal",
            "exp_owner",
            "review_on",
            "exp_status",
            "outcome",
            "experiment_link",
        ):
            widget = getattr(self, name)
            if isinstance(widget, QComboBox):
                self._choices[name] = widget
            else:
                self._texts[name] = widget

    def _fit_fields(self) -> None:
        """Show the kind's fields whole when there is room; scroll them when the panel is short."""
        page = self._page_widgets[self.kind]
        form = page.layout()
        if form is not None:
            form.invalidate()  # the page was hidden: its size hint is stale until now
            form.activate()
        natural = page.sizeHint().height() + 4
        # At least three rows; more as the panel grows, leaving the list its share.
        room = max(FIELDS_MIN_PX, int(self.height() * 0.3))
        self._scroll.setMaximumHeight(natural)
        self._scroll.setMinimumHeight(min(natural, room))

    # ------------------------------------------------------------ reading and filling
    def _fields(self, kind: str) -> dict[str, Any]:
        """The kind's extra fields from the form; names and dates resolved and checked."""
        if kind == "contribution":
            return {"participant_id": self._person(self.by, "By")}
        if kind == "decision":
            try:
                consulted = capture.resolve_people(self._people, self.consulted.text())
            except ValidationError as exc:
                raise FieldError(str(exc), self.consulted) from None
            return {
                "method": self.method.currentData(),
                "rationale": self.rationale.text(),
                "consulted": consulted,
                "objections": self.objections.text(),
            }
        if kind == "action":
            return {
                "owner_id": self._person(self.owner, "Owner"),
                "due": self._date(self.due, "Due date"),
                "status": self.action_status.currentData(),
            }
        if kind == "experiment":
            return {
                "what_we_try": self.what_we_try.text(),
                "limit_time": self.limit_time.text(),
                "limit_money": self.limit_money.text(),
                "limit_risk": self.limit_risk.text(),
                "success_signal": self.success_signal.text(),
                "stop_signal": self.stop_signal.text(),
                "owner_id": self._person(self.exp_owner, "Owner"),
                "review_on": self._date(self.review_on, "Review date"),
                "status": self.exp_status.currentData(),
                "outcome": self.outcome.text(),
            }
        return {"experiment_id": self.experiment_link.currentData() or None}

    def _person(self, edit: PeopleEdit, what: str) -> str | None:
        try:
            person = capture.resolve_person(self._people, edit.text(), what)
        except ValidationError as exc:
            raise FieldError(str(exc), edit) from None
        return person.id if person else None

    def _date(self, field: DateField, what: str) -> str | None:
        try:
            return field.value()
        except ValidationError as exc:
            raise FieldError(f"{what}: {exc}", field.edit) from None

    def _load(self, item: Any) -> None:
        self.entry.setText(kinds.main_text(item))
        name = self._names.get
        if isinstance(item, Contribution):
            self.by.setText(name(item.participant_id or "", ""))
        elif isinstance(item, Decision):
            self.method.setCurrentIndex(self.method.findData(item.method.value))
            self.rationale.setText(item.rationale)
            self.consulted.setText(", ".join(name(pid, "") for pid in item.consulted))
            self.objections.setText(item.objections)
        elif isinstance(item, Action):
            self.owner.setText(name(item.owner_id or "", ""))
            self.due.setText(item.due or "")
            self.action_status.setCurrentIndex(self.action_status.findData(item.status.value))
        elif isinstance(item, Experiment):
            for attr in (
                "what_we_try",
                "limit_time",
                "limit_money",
                "limit_risk",
                "success_signal",
                "stop_signal",
                "outcome",
            ):
                getattr(self, attr).setText(getattr(item, attr))
            self.exp_owner.setText(name(item.owner_id or "", ""))
            self.review_on.setText(item.review_on or "")
            self.exp_status.setCurrentIndex(self.exp_status.findData(item.status.value))
        elif isinstance(item, Learning):
            index = self.experiment_link.findData(item.experiment_id or "")
            self.experiment_link.setCurrentIndex(max(0, index))

    def _snapshot(self) -> tuple[dict[str, str], dict[str, str]]:
        """Everything typed in the form (by field name) and the choices made beside it."""
        values = {name: widget.text() for name, widget in self._texts.items()}
        choices = {"kind": self.kind}
        for name, box in self._choices.items():
            choices[name] = str(box.currentData() or "")
        return values, choices

    def _restore(self, values: dict[str, str], choices: dict[str, str]) -> None:
        """Put a snapshot (or a draft) back into the form, its kind chosen."""
        kind = choices.get("kind", self.kind)
        self.set_kind(kind if kind in kinds.NAMES else self.kind)
        for name, widget in self._texts.items():
            widget.setText(values.get(name, ""))
        for name, box in self._choices.items():
            index = box.findData(choices[name]) if name in choices else -1
            if index >= 0:
                box.setCurrentIndex(index)

    def _form_empty(self) -> bool:
        return not any(widget.text() for widget in self._texts.values())

    # ------------------------------------------------------------ drafts
    def _keep_draft(self) -> bool:
        """Store the new-item form as the session's draft (DraftKeeper calls this)."""
        if self.session_id is None or self._editing is not None:
            return True
        values, choices = self._snapshot()
        try:
            kept = drafts.save_form(
                self.database, self.session_id, DRAFT_KEY, values, choices, clock=self.clock
            )
        except FacilitatorError as exc:
            log.warning("Could not keep the draft of the capture form: %s", exc)
            return False
        if kept:
            self._kept_here.add(self.session_id)
        return True

    def _offer_draft(self) -> None:
        """Put the session's draft back into an empty form, and say so calmly."""
        if self.session_id is None or self._editing is not None or not self._form_empty():
            return
        try:
            form = drafts.take_form(self.database, self.session_id, DRAFT_KEY)
        except FacilitatorError as exc:
            log.warning("Could not read the draft of the capture form: %s", exc)
            return
        if form is None:
            return
        with self.draft_keeper.quietly():
            self._restore(form.values, form.choices)
        if not self.database.read_only:
            self._set_message(DRAFT_AGAIN if self.session_id in self._kept_here else DRAFT_RESTORED)

    def _clear_form(self, kind: str) -> None:
        self.entry.clear()
        for _, widget in self._page_fields[kind]:
            if isinstance(widget, QComboBox):
                widget.setCurrentIndex(0)
            elif isinstance(widget, QLineEdit | DateField):
                widget.setText("")  # unlike clear(), leaves no typing of its own to undo
