"""Move a session between laptops (JSON), into a spreadsheet (CSV) or a wiki (Markdown).

The JSON format is versioned and documented in docs/json-format.md. Import is all or
nothing: the whole file is read and checked before the first row is written, and the
writing happens in one transaction, so a bad file leaves the database exactly as it was.
Importing the same file again is safe: rows are matched by id.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import math
import re
import stat
import types
from collections.abc import Iterable
from datetime import date, datetime
from enum import Enum
from pathlib import Path
from typing import Any, BinaryIO, Union, get_args, get_origin, get_type_hints

from facilitator import __version__
from facilitator.clock import utc_now_iso
from facilitator.errors import NotFoundError, ValidationError
from facilitator.model import (
    MAX_PHASE_S,
    Action,
    ActionStatus,
    Attendance,
    Contribution,
    Decision,
    Experiment,
    ExperimentStatus,
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
    clean_text,
    label,
    parse_enum,
)
from facilitator.outfile import write_atomically
from facilitator.record import SessionRecord
from facilitator.record import load as load_record
from facilitator.store import reviews as review_store
from facilitator.store import sessions as session_store
from facilitator.store.database import Database
from facilitator.store.rows import from_row, to_row

FORMAT = "facilitator-session"
VERSION = 1
MAX_BYTES = 20 * 1024 * 1024
FORMATS = ("json", "md", "csv")

# The collections of a file, in the order they are written to the database.
COLLECTIONS: dict[str, type[Any]] = {
    "participants": Participant,
    "roles": Role,
    "attendance": Attendance,
    "phases": Phase,
    "timer_events": TimerEvent,
    "turns": SpeakingTurn,
    "assignments": RoleAssignment,
    "contributions": Contribution,
    "decisions": Decision,
    "actions": Action,
    "experiments": Experiment,
    "learnings": Learning,
    "votes": Vote,
}
TABLES = {"participants": "participants", "roles": "roles", "attendance": "attendance",
          "phases": "phases", "timer_events": "timer_events", "turns": "speaking_turns",
          "assignments": "role_assignments", "contributions": "contributions",
          "decisions": "decisions", "actions": "actions", "experiments": "experiments",
          "learnings": "learnings", "votes": "votes"}
CAPTURES = ("contributions", "decisions", "actions", "experiments", "learnings")
OTHER_SESSION_FIELDS = ("id", "title", "planned_date", "status", "started_at", "ended_at",
                           "created_at")
REVIEW_KINDS: dict[str, tuple[type[Any], Any]] = {
    "action": (Action, ActionStatus), "experiment": (Experiment, ExperimentStatus)}


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


# ------------------------------------------------------------------ JSON: export

def _plain(obj: Any) -> dict[str, Any]:
    """A dataclass as JSON-ready values (enums by value, tuples as lists)."""
    out: dict[str, Any] = {}
    for f in dataclasses.fields(obj):
        value = getattr(obj, f.name)
        if isinstance(value, Enum):
            value = value.value
        elif isinstance(value, tuple):
            value = list(value)
        out[f.name] = value
    return out


def to_document(database: Database, record: SessionRecord) -> dict[str, Any]:
    """The session as a JSON-ready dictionary in the current format version."""
    other_ids = sorted(({a.session_id for a in record.reviewed_actions}
                        | {x.session_id for x in record.reviewed_experiments}
                        | {a.closed_in_session for a in [*record.actions,
                                                         *record.reviewed_actions]
                           if a.closed_in_session}) - {record.session.id})
    others = []
    for sid in other_ids:
        try:
            s = session_store.get_session(database, sid)
        except NotFoundError:
            continue
        plain = _plain(s)
        others.append({k: plain[k] for k in OTHER_SESSION_FIELDS})
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": utc_now_iso(),
        "generator": f"Facilitator {__version__}",
        "team": _plain(record.team),
        "participants": [_plain(x) for x in record.participants],
        "roles": [_plain(x) for x in record.roles],
        "session": _plain(record.session),
        "attendance": [_plain(x) for x in record.attendance],
        "phases": [_plain(x) for x in record.phases],
        "timer_events": [_plain(x) for x in record.timer_events],
        "turns": [_plain(x) for x in record.turns],
        "assignments": [_plain(x) for x in record.assignments],
        "contributions": [_plain(x) for x in record.contributions],
        "decisions": [_plain(x) for x in record.decisions],
        "actions": [_plain(x) for x in record.actions],
        "experiments": [_plain(x) for x in record.experiments],
        "learnings": [_plain(x) for x in record.learnings],
        "votes": [_plain(x) for x in record.votes],
        "other_sessions": others,
        "reviewed": {
            "actions": [_plain(x) for x in record.reviewed_actions],
            "experiments": [_plain(x) for x in record.reviewed_experiments],
        },
        "reviews": _reviews_out(database, record),
    }


def _reviews_out(database: Database, record: SessionRecord) -> list[dict[str, Any]]:
    """The review rows of the session, each with the item as it was before the review."""
    stored = {row["id"]: row for row in review_store.for_session(database, record.session.id)}
    out = []
    for review in record.reviews:
        before: dict[str, Any] | None = None
        raw = stored.get(review.id, {}).get("before")
        if raw:
            try:
                before = _plain(from_row(REVIEW_KINDS[review.kind][0], json.loads(raw)))
            except (ValueError, TypeError, KeyError, ValidationError):
                before = None  # unreadable: the importing side falls back to the item
        out.append({"id": review.id, "session_id": review.session_id, "kind": review.kind,
                    "item_id": review.item_id, "status": review.status,
                    "outcome": review.outcome, "phase_id": review.phase_id,
                    "learning_id": review.learning_id, "created_at": review.created_at,
                    "updated_at": review.updated_at, "before": before})
    return out


def to_json(database: Database, record: SessionRecord) -> str:
    return json.dumps(to_document(database, record), ensure_ascii=False, indent=2) + "\n"


# ------------------------------------------------------------------ JSON: reading

class _Refuse(Exception):
    """A problem with the file; becomes one ValidationError line."""


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _Refuse(f"the key {key!r} appears twice in one object")
        result[key] = value
    return result


def _no_constants(name: str) -> Any:
    raise _Refuse(f"it holds {name}, which is not a number JSON allows")


def parse(raw: bytes) -> dict[str, Any]:
    """Bytes of a file to the top-level dictionary, or ``_Refuse`` with the reason."""
    if len(raw) > MAX_BYTES:
        raise _Refuse(f"it is too large for a session export ({len(raw) / 1e6:.1f} MB; "
                      f"at most {MAX_BYTES // (1024 * 1024)} MB)")
    if not raw.strip():
        raise _Refuse("the file is empty")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _Refuse("it is not a text file (not UTF-8), so not a session export") from None
    try:
        data = json.loads(text, object_pairs_hook=_no_duplicate_keys,
                          parse_constant=_no_constants, parse_int=_parse_int,
                          parse_float=_parse_float)
    except json.JSONDecodeError as exc:
        tail = text[exc.pos:].strip()
        if not tail or exc.pos >= len(text.rstrip()):
            raise _Refuse(f"the file ends too early (line {exc.lineno}); it looks truncated") \
                from None
        raise _Refuse(f"it is not valid JSON (line {exc.lineno}, column {exc.colno}: "
                      f"{exc.msg})") from None
    except RecursionError:
        raise _Refuse("it is nested too deeply to be a session export") from None
    if not isinstance(data, dict):
        raise _Refuse("it is JSON but not a Facilitator session export")
    if data.get("format") != FORMAT:
        raise _Refuse("it is JSON but not a Facilitator session export (no "
                      f"\"format\": \"{FORMAT}\")")
    version = data.get("version")
    if isinstance(version, _Unstorable):
        raise _Refuse(f"its format version is {version}")
    if isinstance(version, bool) or not isinstance(version, int):
        raise _Refuse(f"its format version {version!r} is not a whole number")
    if version > VERSION:
        raise _Refuse(f"it was made by a newer Facilitator (format version {version}; this "
                      f"one reads version {VERSION}); update Facilitator to import it")
    if version < 1:
        raise _Refuse(f"its format version {version} is unknown")
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


def _check_value(hint: Any, value: Any) -> bool:
    origin = get_origin(hint)
    if origin in (Union, types.UnionType):
        return any(_check_value(arg, value) for arg in get_args(hint))
    if hint is type(None):
        return value is None
    if origin is tuple:
        return isinstance(value, list) and all(isinstance(v, str) for v in value)
    if isinstance(hint, type) and issubclass(hint, Enum):
        return isinstance(value, str)
    if hint is bool:
        return isinstance(value, bool)
    if hint is int:
        return isinstance(value, int) and not isinstance(value, bool)
    if hint is float:
        return isinstance(value, int | float) and not isinstance(value, bool)
    if hint is str:
        return isinstance(value, str)
    return False


# ------------------------------------------------------------------ JSON: value rules
# Every value of a file passes here before a model object is built from it: numbers fit
# the database and their meaning, timestamps, dates and times of day have the documented
# form, text can be stored. A file that breaks a rule is refused naming the field.

INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1
YEARS = (1900, 9998)                      # timestamps and dates outside these are typos
MAX_POSITION = 1_000_000                  # order of phases and roles
MAX_SEQ = 1_000_000_000                   # timer events of one session
MAX_VOTES = 10_000                        # dots one person gives one contribution
MAX_AVAILABLE_MIN = 24 * 60               # as the planner accepts
MAX_REMAINING_S = 366 * 24 * 60 * 60      # a phase over time (negative) for a year at most
_STAMP = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}"
                    r"(?:\.[0-9]{1,6})?(?:Z|[+-]00:00)")
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
class _Number:
    """A number from ``low`` to ``high`` (null allowed where the type allows it)."""

    low: float
    high: float

    def problem(self, value: Any) -> str | None:
        if value is None or self.low <= value <= self.high:
            return None
        return f"should be from {self.low:,} to {self.high:,}"


_Rule = _Stamp | _Day | _TimeOfDay | _Number
_CAPTURED: dict[str, _Rule] = {"created_at": _Stamp()}
RULES: dict[type[Any], dict[str, _Rule]] = {
    Team: {"created_at": _Stamp()},
    Participant: {"joined_on": _Day()},
    Role: {"position": _Number(0, MAX_POSITION)},
    Session: {"planned_date": _Day(), "planned_start": _TimeOfDay(),
              "available_min": _Number(1, MAX_AVAILABLE_MIN), "started_at": _Stamp(),
              "ended_at": _Stamp(), "created_at": _Stamp()},
    Attendance: {"left_at": _Stamp()},
    Phase: {"position": _Number(0, MAX_POSITION), "started_at": _Stamp(),
            "ended_at": _Stamp()},
    TimerEvent: {"seq": _Number(0, MAX_SEQ), "at_utc": _Stamp(required=True),
                 "deadline_utc": _Stamp(),
                 "remaining_s": _Number(-MAX_REMAINING_S, MAX_REMAINING_S),
                 "amount_s": _Number(0, MAX_PHASE_S)},
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


def _check_field(cls: type[Any], name: str, value: Any, where: str) -> None:
    """Refuse a value that passed the type check but cannot be stored as meant."""
    texts = value if isinstance(value, list) else [value]
    for text in texts:
        if isinstance(text, str):
            if "\x00" in text:
                raise _Refuse(f"{where}: {name!r} contains a NUL character, which cannot "
                              "be stored")
            try:
                text.encode("utf-8")
            except UnicodeEncodeError:
                raise _Refuse(f"{where}: {name!r} holds a broken character (half of an "
                              "emoji or other symbol), which cannot be stored") from None
    if isinstance(value, int) and not isinstance(value, bool) \
            and not INT64_MIN <= value <= INT64_MAX:
        raise _Refuse(f"{where}: {name!r} is {value}, too large to store")
    rule = RULES.get(cls, {}).get(name)
    problem = rule.problem(value) if rule is not None else None
    if problem:
        raise _Refuse(f"{where}: {name!r} {problem}, not {_shown(value)}")


def _build(cls: type[Any], value: Any, where: str) -> Any:
    """A model object from a JSON object, checking every field's type first."""
    if not isinstance(value, dict):
        raise _Refuse(f"{where} should be an object")
    hints = _hints(cls)
    kwargs: dict[str, Any] = {}
    for f in dataclasses.fields(cls):
        if f.name not in value:
            has_default = (f.default is not dataclasses.MISSING
                           or f.default_factory is not dataclasses.MISSING)
            if has_default and f.name != "id":
                continue
            raise _Refuse(f"{where} has no {f.name!r}")
        item = value[f.name]
        if isinstance(item, _Unstorable):
            raise _Refuse(f"{where}: {f.name!r} is {item}")
        if not _check_value(hints[f.name], item):
            raise _Refuse(f"{where}: {f.name!r} should be {_type_name(hints[f.name])}, "
                          f"not {_shown(item)}")
        _check_field(cls, f.name, item, where)
        if get_origin(hints[f.name]) is tuple:
            item = tuple(item)
        elif hints[f.name] is float and isinstance(item, int):
            item = float(item)
        kwargs[f.name] = item
    if not kwargs.get("id", "x"):
        raise _Refuse(f"{where} has an empty id")
    try:
        return cls(**kwargs)
    except ValidationError as exc:
        raise _Refuse(f"{where}: {str(exc).rstrip('.')}") from None


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
        default_factory=list)


def read_document(data: dict[str, Any]) -> Bundle:
    """Check a parsed file completely (types, ids, references within the file)."""
    team = _build(Team, data.get("team"), "the team")
    session = _build(Session, data.get("session"), "the session")
    if session.team_id != team.id:
        raise _Refuse("the session belongs to a team that is not in the file")
    items: dict[str, list[Any]] = {}
    for key, cls in COLLECTIONS.items():
        raw = data.get(key, [])
        if not isinstance(raw, list):
            raise _Refuse(f"{key!r} should be a list")
        items[key] = [_build(cls, x, f"{key} item {i + 1}") for i, x in enumerate(raw)]
    reviewed = data.get("reviewed", {})
    if not isinstance(reviewed, dict):
        raise _Refuse("'reviewed' should be an object")
    lists = {}
    for key in ("actions", "experiments"):
        raw = reviewed.get(key, [])
        if not isinstance(raw, list):
            raise _Refuse(f"'reviewed.{key}' should be a list")
        lists[key] = raw
    raw_others = data.get("other_sessions", [])
    if not isinstance(raw_others, list):
        raise _Refuse("'other_sessions' should be a list")
    earlier = []
    for i, x in enumerate(raw_others):
        if not isinstance(x, dict):
            raise _Refuse(f"other session {i + 1} should be an object")
        earlier.append(_build(Session, {**{k: x[k] for k in x if k in OTHER_SESSION_FIELDS},
                                        "team_id": team.id},
                              f"other session {i + 1}"))
    r_actions = [_build(Action, x, f"reviewed action {i + 1}")
                 for i, x in enumerate(lists["actions"])]
    r_experiments = [_build(Experiment, x, f"reviewed experiment {i + 1}")
                     for i, x in enumerate(lists["experiments"])]
    bundle = Bundle(team, session, items, earlier, r_actions, r_experiments,
                    _read_reviews(data.get("reviews", [])))
    _check_ids(bundle)
    _check_references(bundle)
    return bundle


def _read_reviews(raw: Any) -> list[tuple[ReviewEntry, Action | Experiment | None]]:
    """The ``reviews`` list: types, kinds, statuses and text checked (references later)."""
    if not isinstance(raw, list):
        raise _Refuse("'reviews' should be a list")
    out: list[tuple[ReviewEntry, Action | Experiment | None]] = []
    for i, value in enumerate(raw, 1):
        where = f"reviews item {i}"
        if not isinstance(value, dict):
            raise _Refuse(f"{where} should be an object")
        entry = _build(ReviewEntry, {k: v for k, v in value.items() if k != "before"}, where)
        if entry.kind not in REVIEW_KINDS:
            raise _Refuse(f"{where}: 'kind' should be action or experiment, not "
                          f"{json.dumps(entry.kind, ensure_ascii=False)[:40]}")
        cls, statuses = REVIEW_KINDS[entry.kind]
        try:
            parse_enum(statuses, entry.status, f"{entry.kind} status")
            clean_text(entry.outcome, "Outcome", required=False)
            entry.outcome.encode("utf-8")
        except ValidationError as exc:
            raise _Refuse(f"{where}: {str(exc).rstrip('.')}") from None
        except UnicodeEncodeError:
            raise _Refuse(f"{where}: the outcome holds a broken character") from None
        before = value.get("before")
        item = None if before is None else _build(cls, before, f"{where}: 'before'")
        if item is not None and item.id != entry.item_id:
            raise _Refuse(f"{where}: 'before' describes another item than {entry.item_id}")
        out.append((entry, item))
    return out


def _check_ids(b: Bundle) -> None:
    def unique(ids: Iterable[str], what: str) -> None:
        seen: set[str] = set()
        for i in ids:
            if i in seen:
                raise _Refuse(f"the id {i} is used twice ({what})")
            seen.add(i)

    for key in COLLECTIONS:
        if key != "attendance":
            unique((x.id for x in b.items[key]), key)
    unique((a.participant_id for a in b.items["attendance"]), "attendance")
    unique((f"seq {e.seq}" for e in b.items["timer_events"]), "timer event sequence")
    unique([x.id for k in CAPTURES for x in b.items[k]]
           + [x.id for x in b.reviewed_actions] + [x.id for x in b.reviewed_experiments],
           "captures")
    unique([b.session.id] + [s.id for s in b.earlier_sessions], "sessions")
    unique((e.id for e, _ in b.reviews), "reviews")
    reviewed_items: set[str] = set()
    for i, (e, _) in enumerate(b.reviews, 1):
        if e.item_id in reviewed_items:
            raise _Refuse(f"reviews item {i} reviews the item {e.item_id} a second time "
                          "(one review per item)")
        reviewed_items.add(e.item_id)


def _check_references(b: Bundle) -> None:
    sid, tid = b.session.id, b.team.id
    people = {p.id for p in b.items["participants"]}
    roles = {r.id for r in b.items["roles"]}
    phases = {p.id for p in b.items["phases"]}
    contributions = {c.id for c in b.items["contributions"]}
    experiments = {x.id for x in b.items["experiments"]} | {
        x.id for x in b.reviewed_experiments}
    sessions = {sid} | {s.id for s in b.earlier_sessions}

    def need(value: str | None, known: set[str], what: str, where: str) -> None:
        if value is not None and value not in known:
            raise _Refuse(f"{where} refers to a {what} ({value}) that is not in the file")

    for p in b.items["participants"]:
        if p.team_id != tid:
            raise _Refuse(f"participant {p.name!r} belongs to another team")
    for r in b.items["roles"]:
        if r.team_id != tid:
            raise _Refuse(f"role {r.name!r} belongs to another team")
    for key in ("attendance", "phases", "timer_events", "assignments", *CAPTURES):
        for i, x in enumerate(b.items[key], 1):
            if x.session_id != sid:
                raise _Refuse(f"{key} item {i} belongs to another session")
    for i, a in enumerate(b.items["attendance"], 1):
        need(a.participant_id, people, "participant", f"attendance item {i}")
    for key in ("timer_events", "turns"):
        for i, x in enumerate(b.items[key], 1):
            need(x.phase_id, phases, "phase", f"{key} item {i}")
    for i, t in enumerate(b.items["turns"], 1):
        need(t.participant_id, people, "participant", f"turns item {i}")
    for i, a in enumerate(b.items["assignments"], 1):
        where = f"assignments item {i}"
        need(a.role_id, roles, "role", where)
        need(a.participant_id, people, "participant", where)
        need(a.shadow_of, people, "participant", where)
        need(a.phase_id, phases, "phase", where)
    for key in CAPTURES:
        for i, x in enumerate(b.items[key], 1):
            need(x.phase_id, phases, "phase", f"{key} item {i}")
    for i, c in enumerate(b.items["contributions"], 1):
        need(c.participant_id, people, "participant", f"contributions item {i}")
    for i, d in enumerate(b.items["decisions"], 1):
        for pid in d.consulted:
            need(pid, people, "participant", f"decisions item {i}")
    for i, a in enumerate(b.items["actions"], 1):
        need(a.owner_id, people, "participant", f"actions item {i}")
        need(a.closed_in_session, sessions, "session", f"actions item {i}")
    for i, x in enumerate(b.items["experiments"], 1):
        need(x.owner_id, people, "participant", f"experiments item {i}")
    for i, lr in enumerate(b.items["learnings"], 1):
        need(lr.experiment_id, experiments, "experiment", f"learnings item {i}")
    for i, v in enumerate(b.items["votes"], 1):
        need(v.contribution_id, contributions, "contribution", f"votes item {i}")
        need(v.participant_id, people, "participant", f"votes item {i}")
        need(v.phase_id, phases, "phase", f"votes item {i}")
    earlier = {s.id for s in b.earlier_sessions}
    review_of = {e.item_id: e for e, _ in b.reviews}
    reviewable = {"action": {a.id for a in b.reviewed_actions},
                  "experiment": {x.id for x in b.reviewed_experiments}}
    learnings = {lr.id for lr in b.items["learnings"]}
    for i, (e, _) in enumerate(b.reviews, 1):
        where = f"reviews item {i}"
        if e.session_id != sid:
            raise _Refuse(f"{where} belongs to another session")
        need(e.item_id, reviewable[e.kind], f"reviewed {e.kind}", where)
        need(e.phase_id, phases, "phase", where)
        need(e.learning_id, learnings, "learning", where)
    for i, a in enumerate(b.reviewed_actions, 1):
        need(a.session_id, earlier, "session", f"reviewed action {i}")
        need(a.owner_id, people, "participant", f"reviewed action {i}")
        need(a.closed_in_session, sessions, "session", f"reviewed action {i}")
        if a.closed_in_session != sid and a.id not in review_of:
            raise _Refuse(f"reviewed action {i} was not reviewed in this session")
    for i, x in enumerate(b.reviewed_experiments, 1):
        need(x.session_id, earlier, "session", f"reviewed experiment {i}")
        need(x.owner_id, people, "participant", f"reviewed experiment {i}")


# ------------------------------------------------------------------ JSON: import

def _exists(db: Any, table: str, row_id: str) -> dict[str, Any] | None:
    rows = list(db.query(f"select * from {table} where id = ?", [row_id]))
    return rows[0] if rows else None


def _free_name(db: Any, table: str, name: str, scope: tuple[str, str] | None,
               max_len: int) -> str:
    """``name``, or ``name (imported)`` / ``(imported 2)`` when another row holds it."""
    def taken(candidate: str) -> bool:
        sql = f"select 1 from {table} where lower(name) = lower(?)"
        params: list[Any] = [candidate]
        if scope:
            sql += f" and {scope[0]} = ?"
            params.append(scope[1])
        return bool(list(db.query(sql, params)))

    candidate, n = name, 1
    while taken(candidate):
        suffix = " (imported)" if n == 1 else f" (imported {n})"
        candidate = name[:max_len - len(suffix)] + suffix
        n += 1
    return candidate


def _capture_row(item: Any) -> dict[str, Any]:
    row = to_row(item)
    row["updated_at"] = row.get("created_at") or None
    return row


# Whose a row of each collection is here: its session (turns through their phase, votes
# through their contribution); null for a row whose owner is gone.
_OWNER_SQL = {
    "turns": "select p.session_id as owner from speaking_turns t left join phases p "
             "on p.id = t.phase_id where t.id = ?",
    "votes": "select c.session_id as owner from votes v left join contributions c "
             "on c.id = v.contribution_id where v.id = ?",
}


def _owner(db: Any, key: str, row_id: str) -> tuple[bool, Any]:
    """(whether the row exists here, the session it belongs to)."""
    sql = _OWNER_SQL.get(key, f"select session_id as owner from {TABLES[key]} where id = ?")
    rows = list(db.query(sql, [row_id]))
    return (True, rows[0]["owner"]) if rows else (False, None)


def _check_database(db: Any, b: Bundle) -> None:
    """Refuse a file whose ids belong to another session or team here: writing it would
    move those rows (a speaking turn, a vote, a person) out of where they are. Only reads;
    run before the before-import backup and again inside the import's transaction."""
    sid, tid = b.session.id, b.team.id
    existing = _exists(db, "sessions", sid)
    if existing is not None and existing["team_id"] != tid:
        raise _Refuse("a session with the same id belongs to another team here")
    for key in ("participants", "roles"):
        for item in b.items[key]:
            found = _exists(db, key, item.id)
            if found is not None and found["team_id"] != tid:
                raise _Refuse(f"{key}: the id {item.id} belongs to another team here")
    for i, s in enumerate(b.earlier_sessions, 1):
        found = _exists(db, "sessions", s.id)
        if found is not None and found["team_id"] != tid:
            raise _Refuse(f"other session {i}: the id {s.id} belongs to another team here")
    reviewed: list[tuple[str, str, Action | Experiment]] = [
        *(("actions", f"reviewed action {i}", a) for i, a in enumerate(b.reviewed_actions, 1)),
        *(("experiments", f"reviewed experiment {i}", x)
          for i, x in enumerate(b.reviewed_experiments, 1))]
    for table, where, ref in reviewed:
        found = _exists(db, table, ref.id)
        if found is not None and found["session_id"] != ref.session_id:
            raise _Refuse(f"{where}: the id {ref.id} belongs to another session here")
    for key in ("phases", "timer_events", "turns", "assignments", *CAPTURES, "votes"):
        for item in b.items[key]:
            found_here, owner = _owner(db, key, item.id)
            if found_here and owner != sid:
                raise _Refuse(f"{key}: the id {item.id} belongs to another session here")
    for entry, _ in b.reviews:
        found = _exists(db, "reviews", entry.id)
        if found is not None and found["session_id"] != sid:
            raise _Refuse(f"reviews: the id {entry.id} belongs to another session here")


def write_bundle(database: Database, b: Bundle) -> str:
    """Write a checked bundle in one transaction; return the session id."""
    with database.write() as db:
        _check_database(db, b)
        if _exists(db, "teams", b.team.id) is None:
            team = dataclasses.replace(b.team, name=_free_name(db, "teams", b.team.name,
                                                               None, 120))
            db.table("teams").insert(to_row(team))
        for p in b.items["participants"]:
            if _exists(db, "participants", p.id) is None:
                p = dataclasses.replace(p, name=_free_name(db, "participants", p.name,
                                                           ("team_id", p.team_id), 120))
                db.table("participants").insert(to_row(p))
        for r in b.items["roles"]:
            if _exists(db, "roles", r.id) is None:
                r = dataclasses.replace(r, name=_free_name(db, "roles", r.name,
                                                           ("team_id", r.team_id), 60))
                db.table("roles").insert(to_row(r))
        existing = _exists(db, "sessions", b.session.id)
        session_row = to_row(b.session)
        if existing is None or any(existing.get(k) != v for k, v in session_row.items()):
            db.table("sessions").upsert(session_row, pk="id")
        for s in b.earlier_sessions:
            if _exists(db, "sessions", s.id) is None:
                db.table("sessions").insert(to_row(s))
        reviewed: list[tuple[str, Action | Experiment]] = [
            *(("actions", a) for a in b.reviewed_actions),
            *(("experiments", x) for x in b.reviewed_experiments)]
        for name, ref in reviewed:
            if _exists(db, name, ref.id) is None:
                if ref.phase_id and _exists(db, "phases", ref.phase_id) is None:
                    # The phase belongs to an earlier session that is not here.
                    ref = dataclasses.replace(ref, phase_id=None)
                db.table(name).insert(_capture_row(ref))
        for key in ("attendance", "phases", "timer_events", "turns", "assignments",
                    *CAPTURES, "votes"):
            target = db.table(TABLES[key])
            for item in b.items[key]:
                if key == "attendance":
                    row = to_row(item)
                    same = list(db.query(
                        "select * from attendance where session_id = ? and participant_id = ?",
                        [item.session_id, item.participant_id]))
                    if not (same and all(same[0].get(k) == v for k, v in row.items())):
                        target.upsert(row, pk=("session_id", "participant_id"))
                    continue
                found = _exists(db, TABLES[key], item.id)
                row = _capture_row(item) if key in CAPTURES else to_row(item)
                if found is not None and all(found.get(k) == v for k, v in row.items()):
                    continue  # unchanged: leave the row (and its search index) alone
                target.upsert(row, pk="id")
        _write_reviews(db, b)
    return b.session.id


def _write_reviews(db: Any, b: Bundle) -> None:
    """Review rows, after the items and learnings they refer to. An existing row keeps
    its own ``before`` (this laptop's record of the item before the review)."""
    for i, (entry, before) in enumerate(b.reviews, 1):
        row = dataclasses.asdict(entry)
        found = _exists(db, "reviews", entry.id)
        if found is not None:
            if any(found.get(k) != v for k, v in row.items()):
                db.table("reviews").update(entry.id, row)
            continue
        if list(db.query("select 1 from reviews where session_id = ? and item_id = ?",
                         [entry.session_id, entry.item_id])):
            raise _Refuse(f"reviews item {i}: this session already holds another review "
                          "of that item here")
        if before is not None:
            if before.phase_id and _exists(db, "phases", before.phase_id) is None:
                before = dataclasses.replace(before, phase_id=None)  # as for reviewed items
            earlier = to_row(before)
        else:  # not in the file: the item as it is now is the best record there is
            earlier = _exists(db, review_store.ITEM_TABLES[entry.kind], entry.item_id) or {}
        db.table("reviews").insert({**row, "before": json.dumps(earlier,
                                                               ensure_ascii=False)})


def check_bytes(raw: bytes, name: str = "the file") -> Bundle:
    """Parse and check a whole export without touching any database (safe off-thread)."""
    try:
        return read_document(parse(raw))
    except _Refuse as exc:
        raise ValidationError(f"Cannot import {name}: {exc}; nothing was imported.") from None


def import_bundle(database: Database, bundle: Bundle, name: str = "the file") -> str:
    """Write a checked export in one transaction; return the session id.

    A database file that already holds work is backed up first (import is a risky step).
    """
    import sqlite3

    try:
        _check_database(database, bundle)  # a file refused here leaves no backup behind
        _backup_before_import(database)
        return write_bundle(database, bundle)
    except _Refuse as exc:
        raise ValidationError(f"Cannot import {name}: {exc}; nothing was imported.") from None
    except sqlite3.IntegrityError as exc:
        raise ValidationError(f"Cannot import {name}: it conflicts with this database "
                              f"({exc}); nothing was imported.") from None


def _backup_before_import(database: Database) -> None:
    from facilitator import backup
    from facilitator.store import sessions

    if database.path is None or database.read_only or not sessions.list_sessions(database):
        return
    backup.take_backup(database, "before-import")


def import_bytes(database: Database, raw: bytes, name: str = "the file") -> str:
    """Import a session export; one ValidationError line when the file is refused."""
    return import_bundle(database, check_bytes(raw, name), name)


def read_file(path: Path) -> bytes:
    """The bytes of an export file, refusing a huge or unreadable one with a clear line."""
    path = Path(path)
    try:
        st = path.stat()
        if stat.S_ISDIR(st.st_mode):
            raise IsADirectoryError
        if not stat.S_ISREG(st.st_mode):
            raise ValidationError(f"Cannot import {path.name}: it is not a regular file (a "
                                  "pipe or a device?); nothing was imported.")
        size = st.st_size
        if size > MAX_BYTES:
            raise ValidationError(
                f"Cannot import {path.name}: it is too large for a session export "
                f"({size / 1e6:.1f} MB; at most {MAX_BYTES // (1024 * 1024)} MB); nothing "
                "was imported.")
        with path.open("rb") as fh:
            return fh.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise ValidationError(f"There is no file {path}.") from None
    except IsADirectoryError:
        raise ValidationError(f"{path} is a folder, not an export file.") from None
    except PermissionError:
        raise ValidationError(f"Cannot read {path}: permission denied.") from None


def import_file(database: Database, path: Path) -> str:
    path = Path(path)
    return import_bytes(database, read_file(path), path.name)


# ------------------------------------------------------------------ CSV

CSV_COLUMNS = ["type", "id", "text", "owner", "owner_area", "due_or_review", "status",
               "what_we_try", "limit_time", "limit_money", "limit_risk", "success_signal",
               "stop_signal", "outcome", "session", "session_date", "created_at"]


def _cell(value: str) -> str:
    """Spreadsheet-safe: a cell that would start a formula gets a leading apostrophe."""
    if value and value[0] in "=+-@\t\r":
        return "'" + value
    return value


def to_csv(record: SessionRecord, today: date | None = None) -> str:
    """Actions and experiments of the session as one table (a ``type`` column tells them
    apart), for filtering and sorting in a spreadsheet."""
    from facilitator.report import figures

    day = today or date.today()
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    areas = {p.id: p.area for p in record.participants}
    s = record.session
    common = [s.title, figures.session_day(record)]
    for a in record.actions:
        writer.writerow([_cell(v) for v in [
            "action", a.id, a.text, record.person(a.owner_id), areas.get(a.owner_id or "", ""),
            a.due or "", figures.action_state(a, day), "", "", "", "", "", "", "", *common,
            a.created_at]])
    for x in record.experiments:
        writer.writerow([_cell(v) for v in [
            "experiment", x.id, x.hypothesis, record.person(x.owner_id),
            areas.get(x.owner_id or "", ""), x.review_on or "", x.status.value,
            x.what_we_try, x.limit_time, x.limit_money, x.limit_risk, x.success_signal,
            x.stop_signal, x.outcome, *common, x.created_at]])
    return out.getvalue()


# ------------------------------------------------------------------ Markdown

_MD_SPECIAL = "\\`*_[]<>|#~"


def md_escape(text: str) -> str:
    """User text that renders as typed in Markdown (no accidental emphasis, links, HTML)."""
    from facilitator.report.text import clean

    text = clean(text)
    out = "".join("\\" + ch if ch in _MD_SPECIAL else ch for ch in text)
    lines = []
    for line in out.split("\n"):
        stripped = line.lstrip()
        if stripped[:1] in "-+=" or (stripped[:1].isdigit() and ". " in stripped[:6]):
            line = line.replace(stripped[:1], "\\" + stripped[:1], 1)
        lines.append(line)
    return "  \n".join(lines)


def _md_cell(text: str) -> str:
    return md_escape(" ".join(text.split()))


def to_markdown(record: SessionRecord, today: date | None = None) -> str:
    """A readable summary for a wiki: dilemma, agenda, roles and every capture."""
    from facilitator.report import figures

    day = today or date.today()
    r, s = record, record.session
    e = md_escape
    lines = [f"# {_md_cell(s.title)}", "",
             f"**Team:** {_md_cell(r.team.name)}  ",
             f"**Date:** {figures.long_date(figures.session_day(r)) or '—'}  ",
             f"**Place:** {_md_cell(s.place) or '—'}  ",
             f"**Status:** {s.status.value}  ",
             f"**Took part:** {_md_cell(', '.join(p.name for p in r.present())) or '—'}", ""]
    lines += ["## Dilemma", "", e(s.dilemma) if s.dilemma.strip() else "_None written._", ""]
    lines += ["## Agenda", "", figures.timing_summary(r), ""]
    if r.phases:
        lines += ["| # | Phase | Planned | Actual | +/− |", "|---:|---|---:|---:|---:|"]
        for i, row in enumerate(figures.agenda(r), 1):
            lines.append(f"| {i} | {_md_cell(row.phase.title)} | "
                         f"{figures.duration(row.phase.planned_s)} | "
                         f"{figures.duration(row.actual_s)} | {figures.signed(row.diff_s)} |")
        lines.append("")
    lines += ["## Roles", ""]
    if r.assignments:
        for held in r.assignments:
            during = f" ({_md_cell(r.phase_title(held.phase_id))})" if held.phase_id else ""
            lines.append(f"- **{_md_cell(r.role_name(held.role_id))}**{during}: "
                         f"{_md_cell(r.person(held.participant_id))}")
    else:
        lines.append("_No roles were assigned._")
    lines += ["", "## Decisions", ""]
    if not r.decisions:
        lines.append("_No decisions were recorded._")
    for i, d in enumerate(r.decisions, 1):
        lines += [f"### D{i}. {_md_cell(d.text[:120])}{'…' if len(d.text) > 120 else ''}",
                  "", e(d.text), "", f"- **Method:** {label(d.method)}"]
        if d.rationale:
            lines.append(f"- **Rationale:** {_md_cell(d.rationale)}")
        consulted = ", ".join(r.person(pid) for pid in d.consulted)
        lines.append(f"- **Consulted:** {_md_cell(consulted) or 'nobody recorded'}")
        lines.append(f"- **Objections:** {_md_cell(d.objections) or 'none raised'}")
        lines.append("")
    lines += ["", "## Actions", ""]
    if r.actions:
        lines += ["| Action | Owner | Due | Status |", "|---|---|---|---|"]
        for a in r.actions:
            lines.append(f"| {_md_cell(a.text)} | {_md_cell(r.person(a.owner_id)) or '—'} | "
                         f"{a.due or '—'} | {figures.action_state(a, day)} |")
    else:
        lines.append("_No actions were agreed._")
    lines += ["", "## Experiments", ""]
    if not r.experiments:
        lines.append("_No experiments were designed._")
    for i, x in enumerate(r.experiments, 1):
        lines += [f"### E{i}. {_md_cell(x.hypothesis[:120])}"
                  f"{'…' if len(x.hypothesis) > 120 else ''}", "", e(x.hypothesis), ""]
        for name, value in (("What we try", x.what_we_try), ("Time limit", x.limit_time),
                            ("Money limit", x.limit_money), ("Risk limit", x.limit_risk),
                            ("Works when", x.success_signal), ("Stop when", x.stop_signal),
                            ("Owner", r.person(x.owner_id)), ("Review on", x.review_on or ""),
                            ("Status", x.status.value), ("Outcome", x.outcome)):
            if value:
                lines.append(f"- **{name}:** {_md_cell(value)}")
        lines.append("")
    lines += ["", "## Learnings", ""]
    if r.learnings:
        lines += [f"- {_md_cell(lr.text)}" for lr in r.learnings]
    else:
        lines.append("_No learnings were written down._")
    lines += ["", "## Ideas and contributions", ""]
    votes = r.vote_totals()
    if r.contributions:
        for c in sorted(r.contributions, key=lambda c: -votes.get(c.id, 0)):
            who = r.person(c.participant_id)
            dots = votes.get(c.id, 0)
            lines.append(f"- {_md_cell(c.text)}" + (f" — {_md_cell(who)}" if who else "")
                         + (f" ({dots} dots)" if dots else ""))
    else:
        lines.append("_No contributions were captured._")
    if r.reviewed_actions or r.reviewed_experiments:
        lines += ["", "## Reviewed from earlier sessions", ""]
        reviewed: list[tuple[str, str, str, str]] = [
            *(("action", a.id, a.text, figures.action_state(a, day))
              for a in r.reviewed_actions),
            *(("experiment", x.id, x.hypothesis, x.status.value)
              for x in r.reviewed_experiments)]
        for kind, item_id, text, now in reviewed:
            review = r.review_of(item_id)
            line = f"- {kind.capitalize()}: {_md_cell(text)} — "
            outcome = review.outcome if review else ""
            if review is None:
                line += f"closed here: {now}" if kind == "action" else now
                outcome = next((x.outcome for x in r.reviewed_experiments
                                if x.id == item_id), "")
            else:
                line += "**" + figures.reviewed_as(kind, review.status).lower() + "**"
            lines.append(line)
            if outcome:
                lines.append(f"  - Outcome: {_md_cell(outcome)}")
            if review is not None and review.learning:
                lines.append(f"  - Learning: {_md_cell(review.learning)}")
    lines += ["", "## Participation", ""]
    people = figures.participation(r)
    if people:
        lines += ["| Person | Airtime | Share | Roles held |", "|---|---:|---:|---|"]
        for p in people:
            lines.append(f"| {_md_cell(p.name)} | {figures.duration(p.airtime_s)} | "
                         f"{p.share:.0%} | {_md_cell(', '.join(p.roles)) or '—'} |")
        lines += ["", f"Leadership distribution: "
                      f"{figures.distribution_text(figures.distribution(r))}"]
    else:
        lines.append("_Nobody was marked present._")
    return "\n".join(lines).rstrip() + "\n"


# ------------------------------------------------------------------ one entry point

def export_text(database: Database, session_id: str, fmt: str,
                today: date | None = None) -> str:
    """The session in ``fmt`` (json, md or csv) as text."""
    if fmt not in FORMATS:
        raise ValidationError(f"Unknown format {fmt!r}; use json, md or csv.")
    record = load_record(database, session_id)
    if fmt == "json":
        return to_json(database, record)
    if fmt == "md":
        return to_markdown(record, today)
    return to_csv(record, today)


def write_export(database: Database, session_id: str, fmt: str, out: Path,
                 today: date | None = None) -> Path:
    """Write an export file (temporary file, then rename). CSV starts with a UTF-8 BOM so
    spreadsheet programs read accents correctly."""
    from facilitator.outfile import check_target

    check_target(Path(out))
    text = export_text(database, session_id, fmt, today)
    encoding = "utf-8-sig" if fmt == "csv" else "utf-8"
    data = text.encode(encoding)

    def write(handle: BinaryIO) -> None:
        handle.write(data)

    return write_atomically(Path(out), write)
