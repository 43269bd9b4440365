"""Capturing what the room says: add, edit and delete items, with an undo per session.

Every call is one committed transaction; it returns the item as stored, so a screen shows
nothing the database does not hold. Items are stamped with the phase they were entered in
and the time from a ``Clock``. Owners, contributors and the people consulted must belong to
the session's team; names are matched as a scribe types them (``resolve_person``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from typing import Any

from facilitator.clock import Clock, SystemClock, iso
from facilitator.errors import ValidationError
from facilitator.model import (
    Action,
    Contribution,
    Decision,
    Experiment,
    Learning,
    Participant,
    clean_text,
)
from facilitator.store import capture_history, captures
from facilitator.store.capture_history import UndoEntry
from facilitator.store.database import Database
from facilitator.store.rows import to_row

Capture = Contribution | Decision | Action | Experiment | Learning

KINDS: tuple[str, ...] = ("contribution", "decision", "action", "experiment", "learning")
KIND_CLASSES: dict[str, type[Any]] = {
    "contribution": Contribution,
    "decision": Decision,
    "action": Action,
    "experiment": Experiment,
    "learning": Learning,
}
KIND_LABELS = {
    "contribution": "Idea",
    "decision": "Decision",
    "action": "Action",
    "experiment": "Experiment",
    "learning": "Learning",
}
KIND_PLURALS = {
    "contribution": "Ideas and contributions",
    "decision": "Decisions",
    "action": "Actions",
    "experiment": "Experiments",
    "learning": "Learnings",
}


def kind_of(item: Capture) -> str:
    """ "decision" for a Decision, and so on."""
    for kind, cls in KIND_CLASSES.items():
        if isinstance(item, cls):
            return kind
    raise TypeError(f"not a capture: {type(item).__name__}")


def main_text(item: Capture) -> str:
    """The text that names the item: an experiment's hypothesis, everyone else's text."""
    return item.hypothesis if isinstance(item, Experiment) else item.text


def kind_class(kind: str) -> type[Any]:
    try:
        return KIND_CLASSES[kind]
    except KeyError:
        raise ValidationError(
            f"Unknown kind of item {kind!r}; expected one of: {', '.join(KINDS)}."
        ) from None


# ------------------------------------------------------------------ people


def resolve_person(
    people: Sequence[Participant], text: str | None, what: str = "Owner"
) -> Participant | None:
    """The team member meant by what was typed: a full name, a first name or a unique start.

    Empty text means nobody. A name that matches nobody in the team, or several people, is
    refused with a message saying so.
    """
    typed = " ".join((text or "").split())
    if not typed:
        return None
    folded = typed.casefold()
    exact = [p for p in people if p.name.casefold() == folded]
    if len(exact) == 1:
        return exact[0]
    starts = [
        p
        for p in people
        if p.name.casefold().startswith(folded)
        or any(part.casefold().startswith(folded) for part in p.name.split())
    ]
    if len(starts) == 1:
        return starts[0]
    if len(starts) > 1:
        names = ", ".join(p.name for p in starts[:5])
        raise ValidationError(f"{what}: {typed!r} could be {names}; type more of the name.")
    raise ValidationError(
        f"{what}: nobody called {typed!r} is in this team. Choose someone "
        "from the team, or add them to the team first."
    )


def resolve_people(
    people: Sequence[Participant], text: str | None, what: str = "Consulted"
) -> tuple[str, ...]:
    """Participant ids for a comma- or semicolon-separated list of names, in typed order."""
    ids: list[str] = []
    for part in (text or "").replace(";", ",").split(","):
        person = resolve_person(people, part, what)
        if person is not None and person.id not in ids:
            ids.append(person.id)
    return tuple(ids)


# ------------------------------------------------------------------ checks


def _check_references(database: Database, item: Capture) -> None:
    """Refuse links to people, phases or experiments outside the session's team."""
    people: list[tuple[str, str | None]] = []
    if isinstance(item, Contribution):
        people.append(("The contributor", item.participant_id))
    elif isinstance(item, Action | Experiment):
        people.append(("The owner", item.owner_id))
    elif isinstance(item, Decision):
        people += [("Someone consulted", pid) for pid in item.consulted]
    experiment_id = item.experiment_id if isinstance(item, Learning) else None
    found = capture_history.links(
        database, item.session_id, [pid for _, pid in people if pid], item.phase_id, experiment_id
    )
    for what, pid in people:
        if pid and pid not in found["members"]:
            raise ValidationError(f"{what} is not in this team.")
    if item.phase_id and found["phase_session"] != item.session_id:
        raise ValidationError("That phase belongs to another session.")
    if experiment_id:
        if not found["experiment_exists"]:
            raise ValidationError("The linked experiment no longer exists.")
        if found["experiment_team"] != found["team_id"]:
            raise ValidationError("The linked experiment belongs to another team.")


# ------------------------------------------------------------------ add, edit, delete


def check_storable(value: str, what: str) -> None:
    """Refuse text that UTF-8 cannot hold (a lone surrogate from a broken paste)."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValidationError(
            f"{what} contains a broken character that cannot be stored; "
            "retype it or paste it again."
        ) from None


def _check_storable_fields(item: Capture) -> None:
    for f in dataclasses.fields(item):
        value = getattr(item, f.name)
        if isinstance(value, str):
            check_storable(value, f.name.replace("_", " ").capitalize())


def build(kind: str, session_id: str, text: str, **fields: Any) -> Capture:
    """A validated, not yet stored item of ``kind`` whose main text is ``text``."""
    cls = kind_class(kind)
    main = "hypothesis" if cls is Experiment else "text"
    item: Capture = cls(session_id=session_id, **{main: text}, **fields)
    _check_storable_fields(item)
    return item


def add(
    database: Database,
    kind: str,
    session_id: str,
    text: str,
    *,
    phase_id: str | None = None,
    clock: Clock | None = None,
    **fields: Any,
) -> Capture:
    """Store a new item at once, stamped with the phase and the time; returns it as stored."""
    stamp = iso((clock or SystemClock()).now())
    item = build(kind, session_id, text, phase_id=phase_id, created_at=stamp, **fields)
    _check_references(database, item)
    row = to_row(item)
    row["updated_at"] = stamp
    capture_history.insert(database, kind, row)
    return item


def get(database: Database, kind: str, item_id: str) -> Capture:
    item: Capture = captures.get(database, kind_class(kind), item_id)
    return item


def edit(database: Database, item: Capture, *, clock: Clock | None = None) -> Capture:
    """Store changed fields of an existing item; the old version can be brought back."""
    item = dataclasses.replace(item)  # re-validates
    _check_storable_fields(item)
    _check_references(database, item)
    stamp = iso((clock or SystemClock()).now())
    values = to_row(item)
    values.pop("id")
    values["updated_at"] = stamp
    capture_history.change(
        database,
        kind=kind_of(item),
        item_id=item.id,
        op="edit",
        values=values,
        summary=main_text(item),
        at=stamp,
    )
    return get(database, kind_of(item), item.id)


def change(
    database: Database, item: Capture, *, clock: Clock | None = None, **changes: Any
) -> Capture:
    """``edit`` with some fields replaced (validated like a new item)."""
    return edit(database, dataclasses.replace(item, **changes), clock=clock)


def delete(database: Database, kind: str, item_id: str, *, clock: Clock | None = None) -> UndoEntry:
    """Soft-delete an item (it leaves lists and search) so that undo can restore it exactly."""
    item = get(database, kind, item_id)
    stamp = iso((clock or SystemClock()).now())
    return capture_history.change(
        database,
        kind=kind,
        item_id=item_id,
        op="delete",
        values={"deleted_at": stamp},
        summary=main_text(item),
        at=stamp,
    )


def undo(database: Database, session_id: str, since: str = "") -> UndoEntry | None:
    """Take back the session's newest edit or delete; ``None`` when there is nothing."""
    return capture_history.undo(database, session_id, since)


def next_undo(database: Database, session_id: str, since: str = "") -> UndoEntry | None:
    """What ``undo`` would take back now (for an "Undo delete of ..." label)."""
    return capture_history.latest(database, session_id, since)


def describe_undo(entry: UndoEntry) -> str:
    """ "Undo delete of decision “Ship it”" — for a button, a menu or a status line."""
    summary = " ".join(entry.summary.split())
    if len(summary) > 40:
        summary = summary[:39] + "…"
    verb = "delete" if entry.op == "delete" else "edit"
    return f"Undo {verb} of {KIND_LABELS[entry.kind].lower()} “{summary}”"


def for_session(database: Database, session_id: str, kinds: Iterable[str] = KINDS) -> list[Capture]:
    """The session's live items of the given kinds, in the order they were entered."""
    items: list[Capture] = []
    for kind in kinds:
        items += captures.list_for_session(database, kind_class(kind), session_id)
    kind_rank = {k: i for i, k in enumerate(KINDS)}
    items.sort(key=lambda it: (it.created_at, kind_rank[kind_of(it)]))
    return items


def check_text(text: str, what: str = "Text") -> str:
    """The rule every main text follows (not empty, no NUL, at most 200,000 characters)."""
    return clean_text(text, what)
