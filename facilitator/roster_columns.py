"""Which columns of a team list hold the names and the areas of work, found by their headers.

A header row is recognised in the usual spellings (Name, Full name, Display name; First and
Last name, Given name and Surname, Vorname and Nachname…; Area, Department, Team, Role…);
every other column is ignored and named as ignored, so the preview can say what was left out.
A list without a header is read as name, then area.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

from facilitator.errors import FacilitatorError

MAX_ROWS = 500  # a roster, not a directory: more is almost surely a wrong file
TITLE_ROWS = 4  # rows of one cell (a title, a date) looked past for the header row

FULL_NAME = {
    "name",
    "names",
    "full name",
    "fullname",
    "display name",
    "displayname",
    "formatted name",
    "participant",
    "participant name",
    "attendee",
    "attendee name",
    "person",
    "member",
    "team member",
    "contact",
    "contact name",
    "employee",
    "employee name",
    "your name",
    "your full name",
    "vollstandiger name",
    "anzeigename",
    "teilnehmer",
    "teilnehmername",
    "mitarbeiter",
    "nom complet",
    "nom et prenom",
    "prenom et nom",
    "nombre completo",
    "nombre y apellidos",
    "naam",
    "volledige naam",
    "nome completo",
}
FIRST_NAME = {
    "first name",
    "firstname",
    "first",
    "given name",
    "givenname",
    "forename",
    "vorname",
    "prenom",
    "nombre",
    "voornaam",
    "nome",
}
MIDDLE_NAME = {"middle name", "middlename", "middle", "additional name"}
LAST_NAME = {
    "last name",
    "lastname",
    "last",
    "surname",
    "family name",
    "familyname",
    "nachname",
    "familienname",
    "nom",
    "nom de famille",
    "apellido",
    "apellidos",
    "achternaam",
    "cognome",
}
# Best first: a file with both "Department" and "Job Title" gives the department.
AREA = (
    "area",
    "area of work",
    "area of expertise",
    "expertise",
    "department",
    "dept",
    "team",
    "division",
    "unit",
    "function",
    "focus",
    "role",
    "job title",
    "abteilung",
    "bereich",
    "fachbereich",
    "funktion",
    "rolle",
    "service",
    "departement",
    "equipe",
    "departamento",
)
# Words that show a first row is a header even though none of its columns is used.
OTHER = {
    "id",
    "title",
    "suffix",
    "nickname",
    "position",
    "company",
    "organization",
    "organisation",
    "note",
    "notes",
    "comment",
    "comments",
    "timestamp",
    "zeitstempel",
    "horodateur",
    "marca temporal",
    "user action",
    "join time",
    "leave time",
    "first join",
    "last leave",
    "duration",
    "in meeting duration",
    "username",
    "user name",
    "birthday",
}
OTHER_WORDS = ("mail", "phone", "address", "upn", "telefon")
# A header with one of these words holds something else than a person's whole name.
NOT_NAME_WORDS = {
    "first",
    "last",
    "middle",
    "given",
    "family",
    "user",
    "nick",
    "company",
    "file",
    "team",
    "group",
    "project",
    "meeting",
    "organization",
    "account",
    "host",
}
NAME_WORDS = {"name", "naam", "nom", "nombre", "nome"}


# What Teams and Outlook add after a name ("Bob Smith (External)"), in the usual languages;
# only these exact tags, in brackets at the end, are taken off.
ACCOUNT_TAG = re.compile(
    r"\s*[(\[](?:guest|external|unverified|gast|extern|nicht überprüft|invité|invitée|"
    r"externe|non vérifié|invitado|externo|ospite|esterno)[)\]]\s*$",
    re.IGNORECASE,
)


class ImportFileError(FacilitatorError):
    """The file as a whole cannot be imported (encoding, columns, size); nothing was added."""


@dataclass(frozen=True, slots=True)
class Column:
    """A column the import uses: its header as the file spells it and what it holds."""

    header: str
    use: str  # "name", "first name", "middle name", "last name" or "area"


@dataclass(frozen=True, slots=True)
class Found:
    """Someone found in the file, before the rules and the team are checked."""

    line: int  # line number in the file, as a spreadsheet or text editor shows it
    name: str
    area: str = ""
    refusal: str = ""  # why the entry cannot be used, seen while reading it


@dataclass(frozen=True, slots=True)
class Reading:
    """What a file or pasted text holds: its kind, the people, the columns used and ignored."""

    kind: str
    people: list[Found] = field(default_factory=list)
    columns: tuple[Column, ...] = ()
    ignored: tuple[str, ...] = ()
    had_header: bool = False
    notes: tuple[str, ...] = ()  # what the reading did that the user should know, in words


def header_key(text: str) -> str:
    """A header as compared: no case, accents, punctuation or extra spaces."""
    plain = unicodedata.normalize("NFKD", text.replace("\ufeff", "").casefold())
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^\w]+", " ", plain).replace("_", " ").split())


def is_header(cells: Sequence[str]) -> bool:
    """Whether a first row names its columns rather than holding a person."""
    keys = [header_key(c) for c in cells]
    return any(_use(k) or k in OTHER or any(w in k for w in OTHER_WORDS) for k in keys if k)


def _use(key: str) -> str:
    if key in FULL_NAME:
        return "name"
    if key in FIRST_NAME:
        return "first name"
    if key in MIDDLE_NAME:
        return "middle name"
    if key in LAST_NAME:
        return "last name"
    if key in AREA:
        return "area"
    words = set(key.split())
    if words & NAME_WORDS and not words & NOT_NAME_WORDS:
        return "name"  # "Your name", "Name (first and last)", "What is your name?"
    return ""


def choose_columns(header: Sequence[str]) -> dict[str, int]:
    """Which column holds what: the whole name, else its parts (first, middle, last)."""
    found: dict[str, int] = {}
    for i, cell in enumerate(header):
        use = _use(header_key(cell))
        if use and use != "area" and use not in found:
            found[use] = i
    if "name" in found:
        for part in ("first name", "middle name", "last name"):
            found.pop(part, None)
    elif "first name" not in found and "last name" not in found:
        found.pop("middle name", None)
    return found


def area_columns(header: Sequence[str]) -> list[int]:
    """The columns that may hold the area of work, best first: a person's area is the first
    of them they filled in (Outlook: the department, else the job title)."""
    areas = [i for i, c in enumerate(header) if header_key(c) in AREA]
    return sorted(areas, key=lambda i: AREA.index(header_key(header[i])))


def from_table(kind: str, rows: list[tuple[int, list[str]]], *, with_area: bool = True) -> Reading:
    """The people of a table (rows of cells with their line numbers; blank rows dropped)."""
    if not rows:
        raise ImportFileError("The file has no rows.")
    skipped = _rows_above_header(rows)
    rows = rows[skipped:]
    header_line, header = rows[0]
    if not is_header(header):
        return _without_header(kind, rows)
    used = choose_columns(header)
    areas = area_columns(header) if with_area else []
    if not used:
        raise ImportFileError(
            f"The file's columns are {_listed(header)}; there is no 'name' column. Add a "
            "column 'Name' (or 'First name' and 'Last name') and import it again."
        )
    body = rows[1:]
    if not body:
        raise ImportFileError("The file has a header row but no people below it.")
    people = [_person(line, cells, used, areas) for line, cells in body]
    uses = {i: use for use, i in used.items()} | {i: "area" for i in areas}
    columns = tuple(Column(header[i].strip(), use) for i, use in sorted(uses.items()))
    ignored = tuple(c.strip() for i, c in enumerate(header) if i not in uses and c.strip())
    notes = (f"The header is on line {header_line}; the lines above it were skipped.",)
    return Reading(kind, people, columns, ignored, had_header=True, notes=notes if skipped else ())


def _rows_above_header(rows: list[tuple[int, list[str]]]) -> int:
    """How many rows stand above the header: a title ("Teamliste Q4 2026") or a note of one
    cell each, within the first few rows, over a row with a name column spelt as usual
    (not "What is your name?": a person's name could read like that); else 0."""
    for i, (_line, cells) in enumerate(rows[: TITLE_ROWS + 1]):
        if i and any(header_key(c) in FULL_NAME | FIRST_NAME | LAST_NAME for c in cells):
            return i
        if sum(1 for c in cells if c.strip()) > 1:
            return 0
    return 0


def _without_header(kind: str, rows: list[tuple[int, list[str]]]) -> Reading:
    # Trailing empty cells ("Ann,Ops,") are harmless; a third filled column is not.
    widest = max(
        max((i + 1 for i, c in enumerate(cells) if c.strip()), default=0) for _, cells in rows
    )
    if widest > 2:
        raise ImportFileError(
            f"The file has {widest} columns and no header row, so Facilitator cannot tell "
            "which holds the names; add a header row such as 'Name' and 'Area' above them."
        )
    people = [Found(line, plain_name(_cell(cells, 0)), _cell(cells, 1)) for line, cells in rows]
    columns = (Column("the first column", "name"),) + (
        (Column("the second column", "area"),) if widest == 2 else ()
    )
    return Reading(kind, people, columns)


def _person(line: int, cells: list[str], used: dict[str, int], areas: list[int]) -> Found:
    if "name" in used:
        name = _cell(cells, used["name"])
    else:
        parts = ("first name", "middle name", "last name")
        name = " ".join(_cell(cells, used[p]) for p in parts if p in used)
    area = next((_cell(cells, i) for i in areas if _cell(cells, i)), "")
    return Found(line, plain_name(name), area)


def plain_name(name: str) -> str:
    """A name without extra spaces and the account tag Teams adds ("Bob Smith (Guest)")."""
    return " ".join(ACCOUNT_TAG.sub("", name).split())


def _cell(cells: list[str], i: int) -> str:
    return cells[i].strip() if 0 <= i < len(cells) else ""


def check_size(people: Sequence[Found]) -> None:
    """Refuse more people than a team holds: the file is almost surely the wrong one. Counted
    once each (a Teams report lists someone for every time they joined)."""
    if len(people) > MAX_ROWS:
        raise ImportFileError(
            f"The file has more than {MAX_ROWS:,} rows; a team roster holds far fewer people. "
            "Check that this is the right file, or split it."
        )


def _listed(cells: Sequence[str]) -> str:
    return ", ".join(repr(c.strip()) for c in cells if c.strip()) or "empty"
