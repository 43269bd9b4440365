"""Turn model dataclasses into table rows and back; the one place that knows the mapping.

Tuples are stored as JSON text, booleans as 0/1, enums by value. Columns that the dataclass
does not have (``deleted_at``, ``updated_at``) are ignored when reading.
"""

from __future__ import annotations

import dataclasses
import json
from enum import Enum
from typing import Any, TypeVar, get_type_hints

T = TypeVar("T")

_HINTS: dict[type, dict[str, Any]] = {}


def _hints(cls: type) -> dict[str, Any]:
    if cls not in _HINTS:
        _HINTS[cls] = get_type_hints(cls)
    return _HINTS[cls]


# Text fields stored as NULL by older versions of the schema, read back as "".
_EMPTY_WHEN_NULL = frozenset(
    (
        "area",
        "note",
        "brief",
        "opening_line",
        "prompt",
        "group_title",
        "dilemma",
        "place",
        "planned_date",
        "planned_start",
        "rationale",
        "objections",
        "reason",
        "outcome",
        "what_we_try",
        "limit_time",
        "limit_money",
        "limit_risk",
        "success_signal",
        "stop_signal",
        "created_at",
        "joined_on",
    )
)
_PLAIN, _TUPLE, _BOOL, _TEXT = range(4)  # how a column is read back into its field
_READS: dict[type, tuple[tuple[str, int], ...]] = {}
_NAMES: dict[type, tuple[str, ...]] = {}


def _reads(cls: type) -> tuple[tuple[str, int], ...]:
    """Each field of ``cls`` and how its column is read, worked out once a class (a report
    or a sync reads a hundred thousand rows)."""
    if cls not in _READS:
        hints = _hints(cls)

        def how(name: str) -> int:
            if str(hints.get(name, "")).startswith("tuple"):
                return _TUPLE
            if hints.get(name) is bool:
                return _BOOL
            return _TEXT if name in _EMPTY_WHEN_NULL else _PLAIN

        _READS[cls] = tuple((f.name, how(f.name)) for f in dataclasses.fields(cls))
    return _READS[cls]


def to_row(obj: Any) -> dict[str, Any]:
    cls = type(obj)
    if cls not in _NAMES:
        _NAMES[cls] = tuple(f.name for f in dataclasses.fields(obj))
    row: dict[str, Any] = {}
    for name in _NAMES[cls]:
        value = getattr(obj, name)
        if isinstance(value, Enum):
            value = value.value
        elif isinstance(value, bool):
            value = int(value)
        elif isinstance(value, tuple):
            value = json.dumps(list(value), ensure_ascii=False)
        row[name] = value
    return row


def from_row(cls: type[T], row: dict[str, Any]) -> T:
    kwargs: dict[str, Any] = {}
    for name, how in _reads(cls):
        if name not in row:
            continue
        value = row[name]
        if value is None:
            if how == _TEXT:
                value = ""
        elif how == _TUPLE:
            value = tuple(json.loads(value)) if value else ()
        elif how == _BOOL:
            value = bool(value)
        kwargs[name] = value
    return cls(**kwargs)
