"""The five kinds of capture, written down once: each kind's name, dataclass, table, labels
and place in lists. Every module that maps a kind to its class or its table reads it here.

A kind's ``order`` is its place wherever kinds are listed (the capture panel's groups, a
session's items entered at the same moment) and its Ctrl+number in the capture panel.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from facilitator.errors import ValidationError
from facilitator.model import (
    Action,
    ActionStatus,
    Contribution,
    Decision,
    Experiment,
    ExperimentStatus,
    Learning,
)

Capture = Contribution | Decision | Action | Experiment | Learning


@dataclass(frozen=True, slots=True)
class Kind:
    """One kind of capture: how it is named, stored and shown."""

    name: str  # "decision": in the database (undo history, reviews, search) and files
    cls: type[Any]  # its dataclass in facilitator.model
    table: str  # its table
    label: str  # "Decision": one item, as a button or a column says it
    plural: str  # "Decisions": a heading over several
    order: int  # 1 to 5: its place in lists, its Ctrl+number
    main_field: str = "text"  # the field that names the item
    statuses: type[StrEnum] | None = None  # what a review round may set it to, if reviewed

    def main_text(self, item: Capture) -> str:
        """The text that names the item: an experiment's hypothesis, everyone else's text."""
        return str(getattr(item, self.main_field))


KINDS: tuple[Kind, ...] = (
    Kind("contribution", Contribution, "contributions", "Idea", "Ideas and contributions", 1),
    Kind("decision", Decision, "decisions", "Decision", "Decisions", 2),
    Kind("action", Action, "actions", "Action", "Actions", 3, statuses=ActionStatus),
    Kind(
        "experiment",
        Experiment,
        "experiments",
        "Experiment",
        "Experiments",
        4,
        main_field="hypothesis",
        statuses=ExperimentStatus,
    ),
    Kind("learning", Learning, "learnings", "Learning", "Learnings", 5),
)
NAMES: tuple[str, ...] = tuple(k.name for k in KINDS)
REVIEWED: tuple[str, ...] = tuple(k.name for k in KINDS if k.statuses is not None)

_BY_NAME = {k.name: k for k in KINDS}
_BY_CLASS = {k.cls: k for k in KINDS}


def get(name: str) -> Kind:
    """The kind called ``name``; a clear refusal for any other word."""
    try:
        return _BY_NAME[name]
    except (KeyError, TypeError):
        raise ValidationError(
            f"Unknown kind of item {name!r}; expected one of: {', '.join(NAMES)}."
        ) from None


def of(item: object) -> Kind:
    """The kind of a stored or new item (a Decision is a "decision")."""
    return of_class(type(item))


def of_class(cls: type[Any]) -> Kind:
    """The kind whose dataclass is ``cls``."""
    try:
        return _BY_CLASS[cls]
    except KeyError:
        raise TypeError(f"not a capture: {cls.__name__}") from None


def main_text(item: Capture) -> str:
    """The text that names the item: an experiment's hypothesis, everyone else's text."""
    return of(item).main_text(item)
