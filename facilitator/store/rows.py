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


def to_row(obj: Any) -> dict[str, Any]:
    row: dict[str, Any] = {}
    for f in dataclasses.fields(obj):
        value = getattr(obj, f.name)
        if isinstance(value, Enum):
            value = value.value
        elif isinstance(value, bool):
            value = int(value)
        elif isinstance(value, tuple):
            value = json.dumps(list(value), ensure_ascii=False)
        row[f.name] = value
    return row


def from_row(cls: type[T], row: dict[str, Any]) -> T:
    hints = _hints(cls)
    kwargs: dict[str, Any] = {}
    for f in dataclasses.fields(cls):  # type: ignore[arg-type]
        if f.name not in row:
            continue
        value = row[f.name]
        hint = str(hints.get(f.name, ""))
        if value is not None and hint.startswith("tuple"):
            value = tuple(json.loads(value)) if value else ()
        elif value is not None and hints.get(f.name) is bool:
            value = bool(value)
        elif value is None and f.name in (
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
        ):
            value = ""
        kwargs[f.name] = value
    return cls(**kwargs)
