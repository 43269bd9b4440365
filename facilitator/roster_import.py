"""Import a team's roster from a CSV file: a preview first, then all rows at once or none.

The file has a name column and an optional area column (area of work / expertise), with or
without a header row. ``preview`` says which rows would be added and which are refused and
why; ``commit`` adds the accepted rows in one transaction.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from facilitator.clock import utc_now_iso
from facilitator.errors import FacilitatorError, ValidationError
from facilitator.model import NAME_MAX, TITLE_MAX, Participant
from facilitator.store import teams
from facilitator.store.database import Database

MAX_ROWS = 500  # a roster, not a directory: more is almost surely a wrong file
MAX_BYTES = 2_000_000
NAME_HEADERS = {
    "name",
    "names",
    "full name",
    "fullname",
    "participant",
    "person",
    "member",
    "team member",
}
AREA_HEADERS = {
    "area",
    "area of work",
    "area of expertise",
    "expertise",
    "role",
    "function",
    "department",
    "team",
    "focus",
}
# Words that show a first row is a header even though it has no column we can use.
OTHER_HEADERS = {
    "email",
    "e-mail",
    "mail",
    "phone",
    "telephone",
    "mobile",
    "first name",
    "firstname",
    "given name",
    "last name",
    "lastname",
    "surname",
    "family name",
    "id",
    "title",
    "position",
    "company",
    "note",
    "notes",
    "comment",
    "address",
}


class ImportFileError(FacilitatorError):
    """The file as a whole cannot be imported (encoding, columns, size); nothing was added."""


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


@dataclass(frozen=True, slots=True)
class Preview:
    team_id: str
    to_add: list[ImportRow] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)
    had_header: bool = False

    def summary(self) -> str:
        add = len(self.to_add)
        text = f"{add} {'person' if add == 1 else 'people'} to add"
        if self.rejected:
            text += f", {len(self.rejected)} row{'s' if len(self.rejected) != 1 else ''} refused"
        return text + "."


def decode(data: bytes) -> str:
    """The file's text: UTF-8 (with or without a BOM) or UTF-16 with a BOM; else a message."""
    if not data.strip():
        raise ImportFileError("The file is empty.")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    elif b"\x00" in data[:4096]:
        raise ImportFileError(
            "This is not a text file. Choose a CSV file with a name column and an area column."
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ImportFileError(
            f"The file is not UTF-8 text (unreadable byte 0x{data[exc.start]:02X} on line "
            f"{line}). In your spreadsheet choose 'Save as' → 'CSV UTF-8' and import that "
            "file."
        ) from None


def _dialect(text: str) -> type[csv.Dialect] | csv.Dialect:
    sample = text[:4096]
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        return csv.excel


def parse(text: str) -> tuple[list[tuple[int, str, str]], bool]:
    """Rows as (line, name, area) and whether the file had a header row."""
    reader = csv.reader(io.StringIO(text, newline=""), _dialect(text))
    rows: list[tuple[int, list[str]]] = []
    try:
        for cells in reader:
            if len(rows) > MAX_ROWS + 1:
                break
            if any(c.strip() for c in cells):
                rows.append((reader.line_num, cells))
    except csv.Error as exc:
        raise ImportFileError(
            f"The file is not valid CSV (line {reader.line_num}: {exc})."
        ) from None
    if not rows:
        raise ImportFileError("The file has no rows.")

    first = [c.strip().casefold() for c in rows[0][1]]
    name_col, area_col = 0, 1
    header = False
    if any(c in NAME_HEADERS or c in AREA_HEADERS or c in OTHER_HEADERS for c in first):
        header = True
        if not any(c in NAME_HEADERS for c in first):
            raise ImportFileError(
                f"The file's columns are {_columns(rows[0][1])}; there is no 'name' column. "
                "The file needs a column 'name' and may have a column 'area'."
            )
        name_col = next(i for i, c in enumerate(first) if c in NAME_HEADERS)
        area_col = next((i for i, c in enumerate(first) if c in AREA_HEADERS), -1)
        extra = [rows[0][1][i] for i, c in enumerate(first) if i not in (name_col, area_col) and c]
        if extra:
            raise ImportFileError(
                f"The file has columns Facilitator does not know: {_columns(extra)}. "
                "Keep only 'name' and 'area' (area of work)."
            )
        rows = rows[1:]
        if not rows:
            raise ImportFileError("The file has a header row but no people below it.")
    else:
        # Trailing empty cells ("Ann,Ops,") are harmless; a third filled column is not.
        widest = max(
            max((i + 1 for i, c in enumerate(cells) if c.strip()), default=0) for _, cells in rows
        )
        if widest > 2:
            raise ImportFileError(
                f"The file has {widest} columns; Facilitator expects two: name and area "
                "(area of work), optionally with a header row 'name,area'."
            )
    if len(rows) > MAX_ROWS:
        raise ImportFileError(
            f"The file has more than {MAX_ROWS:,} rows; a team roster holds far fewer people. "
            "Check that this is the right file, or split it."
        )
    result = []
    for line, cells in rows:
        name = cells[name_col] if name_col < len(cells) else ""
        area = cells[area_col] if 0 <= area_col < len(cells) else ""
        result.append((line, name, area))
    return result, header


def _columns(cells: list[str]) -> str:
    return ", ".join(repr(c.strip()) for c in cells if c.strip()) or "empty"


def preview_text(database: Database, team_id: str, text: str) -> Preview:
    """Check every row against the rules and the team's roster; nothing is written."""
    rows, header = parse(text)
    existing = {
        p.name.casefold(): p
        for p in teams.list_participants(database, team_id, include_inactive=True)
    }
    seen: dict[str, int] = {}
    to_add: list[ImportRow] = []
    rejected: list[Rejected] = []
    for line, raw_name, raw_area in rows:
        shown = " ".join(raw_name.split())
        if not shown:
            rejected.append(Rejected(line, "", "The name is empty."))
            continue
        try:
            person = Participant(team_id=team_id, name=raw_name, area=raw_area)
        except ValidationError as exc:
            reason = str(exc)
            if len(shown) > NAME_MAX:
                reason = f"The name is too long ({len(shown)} characters; at most {NAME_MAX})."
            elif len(raw_area.strip()) > TITLE_MAX:
                reason = (
                    f"The area is too long ({len(raw_area.strip())} characters; at most "
                    f"{TITLE_MAX})."
                )
            rejected.append(Rejected(line, shown[:NAME_MAX], reason))
            continue
        key = person.name.casefold()
        if key in seen:
            rejected.append(
                Rejected(line, person.name, f"Duplicate: already on line {seen[key]} of this file.")
            )
            continue
        if key in existing:
            who = existing[key]
            rejected.append(
                Rejected(
                    line,
                    person.name,
                    "Already in the team"
                    + ("." if who.active else " (deactivated; reactivate them in the roster)."),
                )
            )
            continue
        seen[key] = line
        to_add.append(ImportRow(line, person.name, person.area))
    return Preview(team_id, to_add, rejected, header)


def preview_file(database: Database, team_id: str, path: str | Path) -> Preview:
    """Read, decode and check a CSV file; a clear ``ImportFileError`` when it cannot be used."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise ImportFileError(
                f"The file is {size / 1_000_000:.1f} MB; a roster CSV is a few kilobytes. "
                "Check that this is the right file."
            )
        data = path.read_bytes()
    except OSError as exc:
        raise ImportFileError(f"Cannot read {path.name}: {exc.strerror or exc}.") from None
    return preview_text(database, team_id, decode(data))


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
