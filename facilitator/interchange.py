"""Move a session between laptops (JSON); ``export_text`` also gives CSV and Markdown
(``summaries``).

The JSON format is versioned and documented in docs/json-format.md. Import is all or
nothing: the whole file is read and checked before the first row is written, and the
writing happens in one transaction, so a bad file leaves the database exactly as it was.
Importing the same file again is safe: rows are matched by id. What a file is and how its
values are read is ``session_format``; the rows it becomes, and the database's side of the
checks (ids that belong to another session or team here), are ``store.interchange``.
"""

from __future__ import annotations

import dataclasses
import json
import stat
from collections.abc import Iterable
from datetime import date
from enum import Enum
from pathlib import Path
from typing import Any, BinaryIO

from facilitator import __version__, kinds, planning
from facilitator.changes import Done
from facilitator.clock import utc_now_iso
from facilitator.errors import NotFoundError, ValidationError
from facilitator.model import (
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
    clean_text,
    parse_enum,
)
from facilitator.outfile import write_atomically
from facilitator.record import SessionRecord
from facilitator.record import load as load_record
from facilitator.session_format import (
    CAPTURES,
    FORMAT,
    MAX_BYTES,
    VERSION,
    Bundle,
    Refuse,
    ReviewEntry,
    build,
    parse,
)
from facilitator.store import interchange as import_store
from facilitator.store import reviews as review_store
from facilitator.store import sessions as session_store
from facilitator.store.database import Database
from facilitator.store.rows import from_row
from facilitator.summaries import to_csv, to_markdown

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
OTHER_SESSION_FIELDS = (
    "id",
    "title",
    "planned_date",
    "status",
    "started_at",
    "ended_at",
    "created_at",
    "time_zone",
)
REVIEW_KINDS: dict[str, tuple[type[Any], Any]] = {
    name: (kinds.get(name).cls, kinds.get(name).statuses) for name in kinds.REVIEWED
}


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
    other_ids = sorted(
        (
            {a.session_id for a in record.reviewed_actions}
            | {x.session_id for x in record.reviewed_experiments}
            | {
                a.closed_in_session
                for a in [*record.actions, *record.reviewed_actions]
                if a.closed_in_session
            }
        )
        - {record.session.id}
    )
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
        out.append(
            {
                "id": review.id,
                "session_id": review.session_id,
                "kind": review.kind,
                "item_id": review.item_id,
                "status": review.status,
                "outcome": review.outcome,
                "phase_id": review.phase_id,
                "learning_id": review.learning_id,
                "created_at": review.created_at,
                "updated_at": review.updated_at,
                "before": before,
            }
        )
    return out


def to_json(database: Database, record: SessionRecord) -> str:
    return json.dumps(to_document(database, record), ensure_ascii=False, indent=2) + "\n"


def read_document(data: dict[str, Any]) -> Bundle:
    """Check a parsed file completely (types, ids, references within the file)."""
    team = build(Team, data.get("team"), "the team")
    session = build(Session, data.get("session"), "the session")
    if session.team_id != team.id:
        raise Refuse("the session belongs to a team that is not in the file")
    items: dict[str, list[Any]] = {}
    for key, cls in COLLECTIONS.items():
        raw = data.get(key, [])
        if not isinstance(raw, list):
            raise Refuse(f"{key!r} should be a list")
        items[key] = [build(cls, x, f"{key} item {i + 1}") for i, x in enumerate(raw)]
    reviewed = data.get("reviewed", {})
    if not isinstance(reviewed, dict):
        raise Refuse("'reviewed' should be an object")
    lists = {}
    for key in ("actions", "experiments"):
        raw = reviewed.get(key, [])
        if not isinstance(raw, list):
            raise Refuse(f"'reviewed.{key}' should be a list")
        lists[key] = raw
    raw_others = data.get("other_sessions", [])
    if not isinstance(raw_others, list):
        raise Refuse("'other_sessions' should be a list")
    earlier = []
    for i, x in enumerate(raw_others):
        if not isinstance(x, dict):
            raise Refuse(f"other session {i + 1} should be an object")
        earlier.append(
            build(
                Session,
                {**{k: x[k] for k in x if k in OTHER_SESSION_FIELDS}, "team_id": team.id},
                f"other session {i + 1}",
            )
        )
    r_actions = [
        build(Action, x, f"reviewed action {i + 1}") for i, x in enumerate(lists["actions"])
    ]
    r_experiments = [
        build(Experiment, x, f"reviewed experiment {i + 1}")
        for i, x in enumerate(lists["experiments"])
    ]
    bundle = Bundle(
        team,
        session,
        items,
        earlier,
        r_actions,
        r_experiments,
        _read_reviews(data.get("reviews", [])),
    )
    _check_ids(bundle)
    _check_references(bundle)
    return bundle


def _read_reviews(raw: Any) -> list[tuple[ReviewEntry, Action | Experiment | None]]:
    """The ``reviews`` list: types, kinds, statuses and text checked (references later)."""
    if not isinstance(raw, list):
        raise Refuse("'reviews' should be a list")
    out: list[tuple[ReviewEntry, Action | Experiment | None]] = []
    for i, value in enumerate(raw, 1):
        where = f"reviews item {i}"
        if not isinstance(value, dict):
            raise Refuse(f"{where} should be an object")
        entry = build(ReviewEntry, {k: v for k, v in value.items() if k != "before"}, where)
        if entry.kind not in REVIEW_KINDS:
            raise Refuse(
                f"{where}: 'kind' should be action or experiment, not "
                f"{json.dumps(entry.kind, ensure_ascii=False)[:40]}"
            )
        cls, statuses = REVIEW_KINDS[entry.kind]
        try:
            parse_enum(statuses, entry.status, f"{entry.kind} status")
            clean_text(entry.outcome, "Outcome", required=False)
            entry.outcome.encode("utf-8")
        except ValidationError as exc:
            raise Refuse(f"{where}: {str(exc).rstrip('.')}") from None
        except UnicodeEncodeError:
            raise Refuse(f"{where}: the outcome holds a broken character") from None
        before = value.get("before")
        item = None if before is None else build(cls, before, f"{where}: 'before'")
        if item is not None and item.id != entry.item_id:
            raise Refuse(f"{where}: 'before' describes another item than {entry.item_id}")
        out.append((entry, item))
    return out


def _check_ids(b: Bundle) -> None:
    def unique(ids: Iterable[str], what: str) -> None:
        seen: set[str] = set()
        for i in ids:
            if i in seen:
                raise Refuse(f"the id {i} is used twice ({what})")
            seen.add(i)

    for key in COLLECTIONS:
        if key != "attendance":
            unique((x.id for x in b.items[key]), key)
    unique((a.participant_id for a in b.items["attendance"]), "attendance")
    unique((f"seq {e.seq}" for e in b.items["timer_events"]), "timer event sequence")
    unique(
        [x.id for k in CAPTURES for x in b.items[k]]
        + [x.id for x in b.reviewed_actions]
        + [x.id for x in b.reviewed_experiments],
        "captures",
    )
    unique([b.session.id] + [s.id for s in b.earlier_sessions], "sessions")
    unique((e.id for e, _ in b.reviews), "reviews")
    reviewed_items: set[str] = set()
    for i, (e, _) in enumerate(b.reviews, 1):
        if e.item_id in reviewed_items:
            raise Refuse(
                f"reviews item {i} reviews the item {e.item_id} a second time (one review per item)"
            )
        reviewed_items.add(e.item_id)


def _check_references(b: Bundle) -> None:
    sid, tid = b.session.id, b.team.id
    people = {p.id for p in b.items["participants"]}
    roles = {r.id for r in b.items["roles"]}
    phases = {p.id for p in b.items["phases"]}
    contributions = {c.id for c in b.items["contributions"]}
    experiments = {x.id for x in b.items["experiments"]} | {x.id for x in b.reviewed_experiments}
    sessions = {sid} | {s.id for s in b.earlier_sessions}

    def need(value: str | None, known: set[str], what: str, where: str) -> None:
        if value is not None and value not in known:
            raise Refuse(f"{where} refers to a {what} ({value}) that is not in the file")

    for p in b.items["participants"]:
        if p.team_id != tid:
            raise Refuse(f"participant {p.name!r} belongs to another team")
    for r in b.items["roles"]:
        if r.team_id != tid:
            raise Refuse(f"role {r.name!r} belongs to another team")
    for key in ("attendance", "phases", "timer_events", "assignments", *CAPTURES):
        for i, x in enumerate(b.items[key], 1):
            if x.session_id != sid:
                raise Refuse(f"{key} item {i} belongs to another session")
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
    reviewable = {
        "action": {a.id for a in b.reviewed_actions},
        "experiment": {x.id for x in b.reviewed_experiments},
    }
    learnings = {lr.id for lr in b.items["learnings"]}
    for i, (e, _) in enumerate(b.reviews, 1):
        where = f"reviews item {i}"
        if e.session_id != sid:
            raise Refuse(f"{where} belongs to another session")
        need(e.item_id, reviewable[e.kind], f"reviewed {e.kind}", where)
        need(e.phase_id, phases, "phase", where)
        need(e.learning_id, learnings, "learning", where)
    for i, a in enumerate(b.reviewed_actions, 1):
        need(a.session_id, earlier, "session", f"reviewed action {i}")
        need(a.owner_id, people, "participant", f"reviewed action {i}")
        need(a.closed_in_session, sessions, "session", f"reviewed action {i}")
        if a.closed_in_session != sid and a.id not in review_of:
            raise Refuse(f"reviewed action {i} was not reviewed in this session")
    for i, x in enumerate(b.reviewed_experiments, 1):
        need(x.session_id, earlier, "session", f"reviewed experiment {i}")
        need(x.owner_id, people, "participant", f"reviewed experiment {i}")


# ------------------------------------------------------------------ JSON: import


def check_bytes(raw: bytes, name: str = "the file") -> Bundle:
    """Parse and check a whole export without touching any database (safe off-thread)."""
    try:
        return read_document(parse(raw))
    except Refuse as exc:
        raise ValidationError(f"Cannot import {name}: {exc}; nothing was imported.") from None


@dataclasses.dataclass(frozen=True)
class Imported:
    """What an import brought: the session, and the titles of the sessions it added by title
    and date alone (the earlier or later sessions its items refer to, not here before)."""

    session_id: str
    listed_only: tuple[str, ...] = ()

    @property
    def message(self) -> str:
        """What the screen says once it is written."""
        if not self.listed_only:
            return "Session imported."
        if len(self.listed_only) == 1:
            return (
                f"Session imported. '{self.listed_only[0]}' is listed by title and date only "
                "(its items refer to it); import its own export to bring the rest."
            )
        return (
            f"Session imported. {len(self.listed_only)} sessions its items refer to are listed "
            "by title and date only; import their own exports to bring the rest."
        )


def import_session(database: Database, bundle: Bundle, name: str = "the file") -> Done[Imported]:
    """The user action "Import session…": a checked export written in one transaction (the
    database backed up first); the new session's id and the sessions listed by title only,
    and every topic of it changed."""
    here = {s.id for s in session_store.list_sessions(database, bundle.team.id)}
    listed_only = tuple(s.title for s in bundle.earlier_sessions if s.id not in here)
    session_id = import_bundle(database, bundle, name)
    return Done(Imported(session_id, listed_only), planning.session_added(database, session_id))


def import_bundle(database: Database, bundle: Bundle, name: str = "the file") -> str:
    """Write a checked export in one transaction; return the session id.

    A database file that already holds work is backed up first (import is a risky step).
    """
    import sqlite3

    try:
        import_store.check_fits(database, bundle)  # refused here: no backup is left behind
        _backup_before_import(database)
        return import_store.write_bundle(database, bundle)
    except Refuse as exc:
        raise ValidationError(f"Cannot import {name}: {exc}; nothing was imported.") from None
    except sqlite3.IntegrityError as exc:
        raise ValidationError(
            f"Cannot import {name}: it conflicts with this database ({exc}); nothing was imported."
        ) from None


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
            raise ValidationError(
                f"Cannot import {path.name}: it is not a regular file (a "
                "pipe or a device?); nothing was imported."
            )
        size = st.st_size
        if size > MAX_BYTES:
            raise ValidationError(
                f"Cannot import {path.name}: it is too large for a session export "
                f"({size / 1e6:.1f} MB; at most {MAX_BYTES // (1024 * 1024)} MB); nothing "
                "was imported."
            )
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


# ------------------------------------------------------------------ one entry point


def export_text(
    database: Database, session_id: str, fmt: str, today: date | None = None, csv_sep: str = ","
) -> str:
    """The session in ``fmt`` (json, md or csv, separated by ``csv_sep``) as text."""
    if fmt not in FORMATS:
        raise ValidationError(f"Unknown format {fmt!r}; use json, md or csv.")
    record = load_record(database, session_id)
    if fmt == "json":
        return to_json(database, record)
    if fmt == "md":
        return to_markdown(record, today)
    return to_csv(record, today, csv_sep)


def write_export(
    database: Database,
    session_id: str,
    fmt: str,
    out: Path,
    today: date | None = None,
    csv_sep: str = ",",
) -> Path:
    """Write an export file (temporary file, then rename). CSV starts with a UTF-8 BOM so
    spreadsheet programs read accents correctly."""
    from facilitator.outfile import check_target

    check_target(Path(out), database.path)  # never the database, its files, a device
    text = export_text(database, session_id, fmt, today, csv_sep)
    encoding = "utf-8-sig" if fmt == "csv" else "utf-8"
    data = text.encode(encoding)

    def write(handle: BinaryIO) -> None:
        handle.write(data)

    return write_atomically(Path(out), write, protected=database.path)
