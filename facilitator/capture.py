"""Capturing what the room says, the user actions: add, edit, change and delete items, undo
the session's last change; and the reads the capture screens show.

Every action is one committed transaction and returns the item as stored with what changed
(``Done``), so a screen shows nothing the database does not hold. Items are stamped with the
phase they were entered in and the time from a ``Clock``. Owners, contributors and the
people consulted must belong to the session's team; names are matched as a scribe types
them (``resolve_person``). The kinds themselves are listed once, in ``facilitator.kinds``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from typing import Any

from facilitator import kinds
from facilitator.changes import NOTHING, Changes, Done, Topic
from facilitator.clock import Clock, SystemClock, iso
from facilitator.errors import ValidationError
from facilitator.kinds import Capture
from facilitator.model import (
    Action,
    Contribution,
    Decision,
    Experiment,
    Learning,
    Participant,
)
from facilitator.store import captures
from facilitator.store.captures import UndoEntry
from facilitator.store.database import Database
from facilitator.store.rows import to_row

# ------------------------------------------------------------------ people


def resolve_person(
    people: Sequence[Participant], text: str | None, what: str = "Owner"
) -> Participant | None:
    """The team member meant by what was typed: a full name, a first name or a unique start.

    Empty text means nobody. A name that matches nobody in the team, or several people, is
    refused with a message saying so.
    """
    from facilitator.collation import folded as fold  # loaded when a name is first typed

    typed = " ".join((text or "").split())
    if not typed:
        return None
    folded = fold(typed)  # case and accents aside: "zoe" is Zoë, as search has it
    exact = [p for p in people if fold(p.name) == folded]
    if len(exact) == 1:
        return exact[0]
    starts = [
        p
        for p in people
        if fold(p.name).startswith(folded)
        or any(part.startswith(folded) for part in fold(p.name).split())
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
    found = captures.links(
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


def _build(kind: str, session_id: str, text: str, **fields: Any) -> Capture:
    """A validated, not yet stored item of ``kind`` whose main text is ``text``."""
    of_kind = kinds.get(kind)
    item: Capture = of_kind.cls(session_id=session_id, **{of_kind.main_field: text}, **fields)
    _check_storable_fields(item)
    return item


def _changed(session_id: str) -> Changes:
    return Changes.of(Topic.CAPTURES, session_id=session_id)


def add(
    database: Database,
    kind: str,
    session_id: str,
    text: str,
    *,
    phase_id: str | None = None,
    clock: Clock | None = None,
    **fields: Any,
) -> Done[Capture]:
    """Store a new item at once, stamped with the phase and the time; it as stored."""
    stamp = iso((clock or SystemClock()).now())
    item = _build(kind, session_id, text, phase_id=phase_id, created_at=stamp, **fields)
    _check_references(database, item)
    return Done(captures.add(database, item, at=stamp), _changed(session_id))


def edit(database: Database, item: Capture, *, clock: Clock | None = None) -> Done[Capture]:
    """Store changed fields of an existing item; the old version can be brought back."""
    item = dataclasses.replace(item)  # re-validates
    _check_storable_fields(item)
    _check_references(database, item)
    stamp = iso((clock or SystemClock()).now())
    values = to_row(item)
    values.pop("id")
    values["updated_at"] = stamp
    of_kind = kinds.of(item)
    captures.change(
        database,
        kind=of_kind.name,
        item_id=item.id,
        op="edit",
        values=values,
        summary=of_kind.main_text(item),
        at=stamp,
    )
    return Done(get(database, of_kind.name, item.id), _changed(item.session_id))


def change(
    database: Database, item: Capture, *, clock: Clock | None = None, **changes: Any
) -> Done[Capture]:
    """``edit`` with some fields replaced (validated like a new item)."""
    return edit(database, dataclasses.replace(item, **changes), clock=clock)


def delete(
    database: Database, kind: str, item_id: str, *, clock: Clock | None = None
) -> Done[UndoEntry]:
    """Soft-delete an item (it leaves lists and search) so that undo can restore it exactly;
    the undo entry that brings it back."""
    item = get(database, kind, item_id)
    stamp = iso((clock or SystemClock()).now())
    entry = captures.change(
        database,
        kind=kind,
        item_id=item_id,
        op="delete",
        values={"deleted_at": stamp},
        summary=kinds.main_text(item),
        at=stamp,
    )
    return Done(entry, _changed(item.session_id))


def undo(database: Database, session_id: str, since: str = "") -> Done[UndoEntry | None]:
    """Take back the session's newest edit or delete (made at ``since`` or later); the
    entry taken back, ``None`` (and nothing changed) when there was nothing to undo."""
    entry, applied = captures.undo(database, session_id, since)
    if entry is not None and not applied:
        raise ValidationError(
            f"“{entry.summary}” was changed on another laptop since (a sync took it in); "
            "undo would replace that change, so nothing was undone."
        )
    return Done(entry, _changed(session_id) if entry is not None else NOTHING)


# ------------------------------------------------------------------ reads


def get(database: Database, kind: str, item_id: str) -> Capture:
    """The item of ``kind`` with this id (deleted or not)."""
    item: Capture = captures.get(database, kinds.get(kind).cls, item_id)
    return item


def for_session(
    database: Database, session_id: str, of_kinds: Iterable[str] = kinds.NAMES
) -> list[Capture]:
    """The session's live items of the given kinds, in the order they were entered."""
    items: list[Capture] = []
    for kind in of_kinds:
        items += captures.list_for_session(database, kinds.get(kind).cls, session_id)
    items.sort(key=lambda it: (it.created_at, kinds.of(it).order))
    return items


def dots(database: Database, session_id: str) -> dict[str, int]:
    """The dots each of the session's ideas got, over every voting round (by its id)."""
    totals: dict[str, int] = {}
    for vote in captures.list_votes(database, session_id):
        totals[vote.contribution_id] = totals.get(vote.contribution_id, 0) + vote.count
    return totals


def team_experiments(database: Database, team_id: str) -> list[Experiment]:
    """Every live experiment of the team, oldest session first (what a learning may cite)."""
    return captures.team_experiments(database, team_id)


def next_undo(database: Database, session_id: str, since: str = "") -> UndoEntry | None:
    """What ``undo`` would take back now (for an "Undo delete of ..." label)."""
    return captures.latest_change(database, session_id, since)


def describe_undo(entry: UndoEntry) -> str:
    """ "Undo delete of decision “Ship it”" — for a button, a menu or a status line."""
    summary = " ".join(entry.summary.split())
    if len(summary) > 40:
        summary = summary[:39] + "…"
    verb = "delete" if entry.op == "delete" else "edit"
    return f"Undo {verb} of {kinds.get(entry.kind).label.lower()} “{summary}”"
