"""The JSON session format read back: bytes to checked values, and the rules values obey.

Its name and version live here too. Nothing here touches a database: ``interchange``
builds the bundle from these pieces, checks it against the database and writes it in one
transaction.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import math
import re
import types
from collections.abc import Callable
from datetime import date, datetime
from enum import Enum
from typing import Any, Union, get_args, get_origin, get_type_hints

from facilitator import session_time
from facilitator.errors import ValidationError
from facilitator.model import (
    MAX_PHASE_S,
    Action,
    Attendance,
    Contribution,
    Decision,
    Experiment,
    Learning,
    Participant,
    Phase,
    Role,
    RoleAssignment,
    Session,
    SpeakingTurn,
    Team,
    TimerEvent,
    Vote,
)

FORMAT = "facilitator-session"
VERSION = 1
MAX_BYTES = 20 * 1024 * 1024


@dataclasses.dataclass(frozen=True)
class ReviewEntry:
    """One ``reviews[]`` object of a file: what this session's review round recorded for
    an earlier item (``before``, the item as it was, is read separately)."""

    id: str
    session_id: str
    kind: str
    item_id: str
    status: str
    outcome: str = ""
    phase_id: str | None = None
    learning_id: str | None = None
    created_at: str = ""
    updated_at: str = ""


# The collections of a file that hold captures (``facilitator.kinds``), in file order.
CAPTURES = ("contributions", "decisions", "actions", "experiments", "learnings")


@dataclasses.dataclass
class Bundle:
    """A checked file: model objects ready to write."""

    team: Team
    session: Session
    items: dict[str, list[Any]]
    earlier_sessions: list[Session]
    reviewed_actions: list[Action]
    reviewed_experiments: list[Experiment]
    # Review rows, each with the item as it was before the review (None: not in the file).
    reviews: list[tuple[ReviewEntry, Action | Experiment | None]] = dataclasses.field(
        default_factory=list
    )


# ------------------------------------------------------------------ JSON: reading


class Refuse(Exception):
    """A problem with the file; becomes one ValidationError line."""


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise Refuse(f"the key {key!r} appears twice in one object")
        result[key] = value
    return result


def _no_constants(name: str) -> Any:
    raise Refuse(f"it holds {name}, which is not a number JSON allows")


def parse(raw: bytes) -> dict[str, Any]:
    """Bytes of a file to the top-level dictionary, or ``Refuse`` with the reason."""
    if len(raw) > MAX_BYTES:
        raise Refuse(
            f"it is too large for a session export ({len(raw) / 1e6:.1f} MB; "
            f"at most {MAX_BYTES // (1024 * 1024)} MB)"
        )
    if not raw.strip():
        raise Refuse("the file is empty")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise Refuse("it is not a text file (not UTF-8), so not a session export") from None
    try:
        data = json.loads(
            text,
            object_pairs_hook=_no_duplicate_keys,
            parse_constant=_no_constants,
            parse_int=_parse_int,
            parse_float=_parse_float,
        )
    except json.JSONDecodeError as exc:
        tail = text[exc.pos :].strip()
        if not tail or exc.pos >= len(text.rstrip()):
            raise Refuse(
                f"the file ends too early (line {exc.lineno}); it looks truncated"
            ) from None
        raise Refuse(
            f"it is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
        ) from None
    except RecursionError:
        raise Refuse("it is nested too deeply to be a session export") from None
    if not isinstance(data, dict):
        raise Refuse("it is JSON but not a Facilitator session export")
    if data.get("format") != FORMAT:
        raise Refuse(f'it is JSON but not a Facilitator session export (no "format": "{FORMAT}")')
    version = data.get("version")
    if isinstance(version, _Unstorable):
        raise Refuse(f"its format version is {version}")
    if isinstance(version, bool) or not isinstance(version, int):
        raise Refuse(f"its format version {version!r} is not a whole number")
    if version > VERSION:
        raise Refuse(
            f"it was made by a newer Facilitator (format version {version}; this "
            f"one reads version {VERSION}); update Facilitator to import it"
        )
    if version < 1:
        raise Refuse(f"its format version {version} is unknown")
    return data


_HINTS: dict[type[Any], dict[str, Any]] = {}


def _hints(cls: type[Any]) -> dict[str, Any]:
    if cls not in _HINTS:
        _HINTS[cls] = get_type_hints(cls)
    return _HINTS[cls]


def _type_name(hint: Any) -> str:
    if isinstance(hint, type) and issubclass(hint, Enum):
        return "one of " + ", ".join(m.value for m in hint)
    names = {str: "text", int: "a whole number", float: "a number", bool: "true or false"}
    if hint in names:
        return names[hint]
    if get_origin(hint) is tuple:
        return "a list of text"
    args = [a for a in get_args(hint) if a is not type(None)]
    if args:
        return _type_name(args[0]) + " or null"
    return str(hint)


@functools.cache
def _checker(hint: Any) -> Callable[[Any], bool]:
    """The type check of one field's hint, worked out once (a sync reads many rows)."""
    origin = get_origin(hint)
    if origin in (Union, types.UnionType):
        parts = tuple(_checker(arg) for arg in get_args(hint))
        return lambda value: any(part(value) for part in parts)
    if hint is type(None):
        return lambda value: value is None
    if origin is tuple:
        return lambda value: isinstance(value, list) and all(isinstance(v, str) for v in value)
    if isinstance(hint, type) and issubclass(hint, Enum):
        return lambda value: isinstance(value, str)
    if hint is bool:
        return lambda value: isinstance(value, bool)
    if hint is int:
        return lambda value: isinstance(value, int) and not isinstance(value, bool)
    if hint is float:
        return lambda value: isinstance(value, int | float) and not isinstance(value, bool)
    if hint is str:
        return lambda value: isinstance(value, str)
    return lambda _value: False


# ------------------------------------------------------------------ JSON: value rules
# Every value of a file passes here before a model object is built from it: numbers fit
# the database and their meaning, timestamps, dates and times of day have the documented
# form, text can be stored. A file that breaks a rule is refused naming the field.

INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1
YEARS = (1900, 9998)  # timestamps and dates outside these are typos
MAX_POSITION = 1_000_000  # order of phases and roles
MAX_SEQ = 1_000_000_000  # timer events of one session
MAX_VOTES = 10_000  # dots one person gives one contribution
MAX_AVAILABLE_MIN = 24 * 60  # as the planner accepts
MAX_REMAINING_S = 366 * 24 * 60 * 60  # a phase over time (negative) for a year at most
_STAMP = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}"
    r"(?:\.[0-9]{1,6})?(?:Z|[+-]00:00)"
)
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_CLOCK = re.compile(r"(?:[01][0-9]|2[0-3]):[0-5][0-9]")


class _Unstorable:
    """A number of the file that nothing can hold; kept (not raised) while parsing so the
    refusal can name the field it is in."""

    def __init__(self, why: str) -> None:
        self.why = why

    def __str__(self) -> str:
        return self.why

    __repr__ = __str__


def _parse_int(text: str) -> int | _Unstorable:
    digits = len(text.lstrip("-"))
    if digits > 19:  # checked before int(): Python refuses to read very long numbers at all
        return _Unstorable(f"a {digits}-digit number, too large to store")
    value = int(text)
    if not INT64_MIN <= value <= INT64_MAX:
        return _Unstorable(f"{text}, too large to store")
    return value


def _parse_float(text: str) -> float | _Unstorable:
    value = float(text)
    if not math.isfinite(value):  # 1e999 reads as infinity
        return _Unstorable(f"{text[:24]}, too large to store")
    return value


@dataclasses.dataclass(frozen=True)
class _Stamp:
    """A UTC timestamp (``""`` or null: not known, unless ``required``)."""

    required: bool = False

    def problem(self, value: Any) -> str | None:
        if value is None or (value == "" and not self.required):
            return None
        if isinstance(value, str) and _STAMP.fullmatch(value):
            try:
                if YEARS[0] <= datetime.fromisoformat(value).year <= YEARS[1]:
                    return None
            except ValueError:
                pass
        return "should be a UTC timestamp like 2026-03-02T09:30:00.000+00:00"


@dataclasses.dataclass(frozen=True)
class _Day:
    """A date ``YYYY-MM-DD`` (``""`` or null: none)."""

    def problem(self, value: Any) -> str | None:
        if value is None or value == "":
            return None
        if isinstance(value, str) and _DATE.fullmatch(value):
            try:
                if YEARS[0] <= date.fromisoformat(value).year <= YEARS[1]:
                    return None
            except ValueError:
                pass
        return "should be a date like 2026-03-02"


@dataclasses.dataclass(frozen=True)
class _TimeOfDay:
    """A time of day ``HH:MM`` (``""``: none)."""

    def problem(self, value: Any) -> str | None:
        if value == "" or (isinstance(value, str) and _CLOCK.fullmatch(value)):
            return None
        return "should be a time of day like 09:30"


@dataclasses.dataclass(frozen=True)
class _Zone:
    """An IANA time zone name (``Europe/London``) or UTC offset text (``UTC+05:30``); null:
    not known (files written before zones were kept)."""

    def problem(self, value: Any) -> str | None:
        if value is None or (isinstance(value, str) and session_time.zone(value) is not None):
            return None
        return "should be a time zone like Europe/London"


@dataclasses.dataclass(frozen=True)
class _Number:
    """A number from ``low`` to ``high`` (null allowed where the type allows it)."""

    low: float
    high: float

    def problem(self, value: Any) -> str | None:
        if value is None or self.low <= value <= self.high:
            return None
        return f"should be from {self.low:,} to {self.high:,}"


_Rule = _Stamp | _Day | _TimeOfDay | _Zone | _Number
_CAPTURED: dict[str, _Rule] = {"created_at": _Stamp()}
RULES: dict[type[Any], dict[str, _Rule]] = {
    Team: {"created_at": _Stamp()},
    Participant: {"joined_on": _Day()},
    Role: {"position": _Number(0, MAX_POSITION)},
    Session: {
        "planned_date": _Day(),
        "planned_start": _TimeOfDay(),
        "available_min": _Number(1, MAX_AVAILABLE_MIN),
        "started_at": _Stamp(),
        "ended_at": _Stamp(),
        "created_at": _Stamp(),
        "time_zone": _Zone(),
    },
    Attendance: {"left_at": _Stamp()},
    Phase: {"position": _Number(0, MAX_POSITION), "started_at": _Stamp(), "ended_at": _Stamp()},
    TimerEvent: {
        "seq": _Number(0, MAX_SEQ),
        "at_utc": _Stamp(required=True),
        "deadline_utc": _Stamp(),
        "remaining_s": _Number(-MAX_REMAINING_S, MAX_REMAINING_S),
        "amount_s": _Number(0, MAX_PHASE_S),
    },
    SpeakingTurn: {"started_at": _Stamp(required=True), "ended_at": _Stamp()},
    RoleAssignment: {"confirmed_at": _Stamp(), "ended_at": _Stamp(), "created_at": _Stamp()},
    Contribution: _CAPTURED,
    Decision: _CAPTURED,
    Action: {**_CAPTURED, "due": _Day()},
    Experiment: {**_CAPTURED, "review_on": _Day(), "started_on": _Day()},
    Learning: _CAPTURED,
    Vote: {"count": _Number(0, MAX_VOTES)},
    ReviewEntry: {"created_at": _Stamp(), "updated_at": _Stamp()},
}


def _shown(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)[:40]


def _check_stored(f: _Field, value: Any, where: str) -> None:
    """Refuse a value that passed the type check but cannot be stored as meant."""
    name = f.name
    if isinstance(value, str):
        _check_text(name, value, where)
    elif isinstance(value, list):
        for text in value:
            if isinstance(text, str):
                _check_text(name, text, where)
    elif (
        isinstance(value, int)
        and not isinstance(value, bool)
        and not INT64_MIN <= value <= INT64_MAX
    ):
        raise Refuse(f"{where}: {name!r} is {value}, too large to store")
    problem = f.rule.problem(value) if f.rule is not None else None
    if problem:
        raise Refuse(f"{where}: {name!r} {problem}, not {_shown(value)}")


def _check_text(name: str, text: str, where: str) -> None:
    if "\x00" in text:
        raise Refuse(f"{where}: {name!r} contains a NUL character, which cannot be stored")
    if not text.isascii():
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            raise Refuse(
                f"{where}: {name!r} holds a broken character (half of an "
                "emoji or other symbol), which cannot be stored"
            ) from None


@dataclasses.dataclass(frozen=True)
class _Field:
    """One field of a model class as ``build`` checks it, worked out once a class."""

    name: str
    hint: Any
    check: Callable[[Any], bool]
    required: bool  # no default, or the id
    as_tuple: bool
    as_float: bool
    rule: Any  # the field's value rule (RULES), or None


_PLANS: dict[type[Any], tuple[_Field, ...]] = {}


def _plan(cls: type[Any]) -> tuple[_Field, ...]:
    if cls not in _PLANS:
        _PLANS[cls] = _fields(cls)
    return _PLANS[cls]


def _fields(cls: type[Any]) -> tuple[_Field, ...]:
    hints = _hints(cls)
    return tuple(
        _Field(
            f.name,
            hints[f.name],
            _checker(hints[f.name]),
            (f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING)
            or f.name == "id",
            get_origin(hints[f.name]) is tuple,
            hints[f.name] is float,
            RULES.get(cls, {}).get(f.name),
        )
        for f in dataclasses.fields(cls)
    )


def build(cls: type[Any], value: Any, where: str) -> Any:
    """A model object from a JSON object, checking every field's type first."""
    if not isinstance(value, dict):
        raise Refuse(f"{where} should be an object")
    kwargs: dict[str, Any] = {}
    for f in _plan(cls):
        if f.name not in value:
            if not f.required:
                continue
            raise Refuse(f"{where} has no {f.name!r}")
        item = value[f.name]
        if isinstance(item, _Unstorable):
            raise Refuse(f"{where}: {f.name!r} is {item}")
        if not f.check(item):
            raise Refuse(f"{where}: {f.name!r} should be {_type_name(f.hint)}, not {_shown(item)}")
        _check_stored(f, item, where)
        if f.as_tuple:
            item = tuple(item)
        elif f.as_float and isinstance(item, int):
            item = float(item)
        kwargs[f.name] = item
    if not kwargs.get("id", "x"):
        raise Refuse(f"{where} has an empty id")
    try:
        return cls(**kwargs)
    except ValidationError as exc:
        raise Refuse(f"{where}: {str(exc).rstrip('.')}") from None
