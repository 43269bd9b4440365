"""Import a team's roster from the lists people have: a preview first, then all rows at once
or none.

A file (a spreadsheet saved as CSV or text, a Teams attendance report, vCard contacts) or
pasted names are read by ``roster_sources``; their columns are found by ``roster_columns``.
``preview_*`` says which people would be added and which are refused and why (a duplicate
in the file or of someone in the team, regardless of case and accents: Zoë Martin is zoe
martin); ``commit`` adds the accepted ones in one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from facilitator import collation
from facilitator.clock import utc_now_iso
from facilitator.errors import ValidationError
from facilitator.model import NAME_MAX, TITLE_MAX, Participant
from facilitator.roster_columns import (
    MAX_ROWS,
    Column,
    Found,
    ImportFileError,
    Reading,
    check_size,
)
from facilitator.roster_sources import decode, read_bytes, read_pasted, read_text
from facilitator.store import teams
from facilitator.store.database import Database

__all__ = [
    "MAX_BYTES",
    "MAX_ROWS",
    "Column",
    "ImportFileError",
    "ImportRow",
    "Preview",
    "Rejected",
    "commit",
    "decode",
    "name_key",
    "preview_file",
    "preview_pasted",
    "preview_text",
]

MAX_BYTES = 2_000_000


@dataclass(frozen=True, slots=True)
class ImportRow:
    line: int  # line number in the file, as a spreadsheet shows it
    name: str
    area: str


@dataclass(frozen=True, slots=True)
class Rejected:
    line: int
    name: str
    reason: str
    area: str = ""  # as the file gives it, so a refused row reads as the file does


@dataclass(frozen=True, slots=True)
class Preview:
    """Who would be added and who is refused and why; what the file was and which of its
    columns were used (``columns``) and left out (``ignored``)."""

    team_id: str
    to_add: list[ImportRow] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)
    had_header: bool = False
    kind: str = "CSV file"
    columns: tuple[Column, ...] = ()
    ignored: tuple[str, ...] = ()
    order: tuple[int, ...] = ()  # each row's place in the file: to_add first, then rejected
    notes: tuple[str, ...] = ()  # what the reading did that the user should know

    def summary(self) -> str:
        add = len(self.to_add)
        text = f"{add} {'person' if add == 1 else 'people'} to add"
        if self.rejected:
            text += f", {len(self.rejected)} row{'s' if len(self.rejected) != 1 else ''} refused"
        return text + "."

    def outcomes(self) -> list[tuple[int, str, str, str]]:
        """Every row in the file's order: line, name, area and what becomes of it."""
        rows = [(r.line, r.name, r.area, "Will be added") for r in self.to_add]
        rows += [(r.line, r.name, r.area, r.reason) for r in self.rejected]
        places = self.order or tuple(row[0] for row in rows)
        return [row for _place, row in sorted(zip(places, rows, strict=True), key=_first)]


def _first(pair: tuple[int, tuple[int, str, str, str]]) -> int:
    return pair[0]


def name_key(name: str) -> str:
    """A name as compared for duplicates: no case, accents or extra spaces (Zoë = zoe,
    Øystein = oystein), folded as the lists are sorted."""
    return collation.key(name)[0]


def preview_text(database: Database, team_id: str, text: str) -> Preview:
    """Check the people of a file's text against the rules and the team; nothing is written."""
    return _preview(database, team_id, read_text(text))


def preview_pasted(database: Database, team_id: str, text: str) -> Preview:
    """Check names pasted from the clipboard (lines, spreadsheet cells, mail addresses)."""
    return _preview(database, team_id, read_pasted(text))


def preview_file(database: Database, team_id: str, path: str | Path) -> Preview:
    """Read and check a file; a clear ``ImportFileError`` when it cannot be used."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise ImportFileError(
                f"The file is {size / 1_000_000:.1f} MB; a team list is a few kilobytes. "
                "Check that this is the right file."
            )
        data = path.read_bytes()
    except OSError as exc:
        raise ImportFileError(f"Cannot read {path.name}: {exc.strerror or exc}.") from None
    return _preview(database, team_id, read_bytes(data))


def _preview(database: Database, team_id: str, reading: Reading) -> Preview:
    check_size(reading.people)
    existing = {
        name_key(p.name): p
        for p in teams.list_participants(database, team_id, include_inactive=True)
    }
    seen: dict[str, ImportRow] = {}
    to_add: list[ImportRow] = []
    rejected: list[Rejected] = []
    added_at: list[int] = []
    rejected_at: list[int] = []
    for place, found in enumerate(reading.people):
        outcome = _check(team_id, found, seen, existing)
        if isinstance(outcome, Rejected):
            rejected.append(outcome)
            rejected_at.append(place)
        else:
            seen[name_key(outcome.name)] = outcome
            to_add.append(outcome)
            added_at.append(place)
    return Preview(
        team_id,
        to_add,
        rejected,
        reading.had_header,
        reading.kind,
        reading.columns,
        reading.ignored,
        tuple(added_at + rejected_at),
        reading.notes,
    )


def _check(
    team_id: str, found: Found, seen: dict[str, ImportRow], existing: dict[str, Participant]
) -> ImportRow | Rejected:
    shown = " ".join(found.name.split())
    area = " ".join(found.area.split())
    if found.refusal:
        return Rejected(found.line, shown, found.refusal, area)
    if not shown:
        return Rejected(found.line, "", "The name is empty.", area)
    try:
        person = Participant(team_id=team_id, name=found.name, area=found.area)
    except ValidationError as exc:
        reason = str(exc)
        if len(shown) > NAME_MAX:
            reason = f"The name is too long ({len(shown)} characters; at most {NAME_MAX})."
        elif len(found.area.strip()) > TITLE_MAX:
            reason = (
                f"The area is too long ({len(found.area.strip())} characters; at most {TITLE_MAX})."
            )
        return Rejected(found.line, shown, reason, area)
    key = name_key(person.name)
    if key in seen:
        first = seen[key]
        reason = f"Duplicate of {first.name} on line {first.line}."
        return Rejected(found.line, person.name, reason, person.area)
    if key in existing:
        who = existing[key]
        same = who.name.casefold() == person.name.casefold()
        reason = "Already in the team" + ("" if same else f" as {who.name}")
        reason += "." if who.active else " (deactivated; reactivate them in the roster)."
        return Rejected(found.line, person.name, reason, person.area)
    return ImportRow(found.line, person.name, person.area)


def commit(
    database: Database, preview: Preview, joined_on: str = "", source: str = ""
) -> list[Participant]:
    """Add every accepted row in one transaction; if any is refused, none is added. They are
    kept as one batch (from ``source``, the file's name) that the roster can undo."""
    if not preview.to_add:
        raise ValidationError("There is nobody to add.")
    joined_on = joined_on or utc_now_iso()[:10]
    people = [
        Participant(team_id=preview.team_id, name=r.name, area=r.area, joined_on=joined_on)
        for r in preview.to_add
    ]
    teams.add_participants(database, people, source=source)
    return people
