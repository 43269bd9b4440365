"""Read the team lists people have into the people they hold: spreadsheets saved as CSV or
text (any of the usual encodings and separators), Teams attendance reports, vCard contacts
and names pasted from a spreadsheet or a mail client.

``read_bytes`` takes a file's contents, ``read_pasted`` the clipboard's text; both give a
``Reading`` (roster_columns) or raise ``ImportFileError`` with one sentence saying why not.
"""

from __future__ import annotations

import csv
import io
import re
from email.utils import parseaddr

from facilitator.roster_columns import (
    Column,
    Found,
    ImportFileError,
    Reading,
    from_table,
    header_key,
    is_header,
)

SAVE_AS_CSV = "In your spreadsheet choose 'Save as' → 'CSV UTF-8' and import that file."
CHOOSE_LIST = "Choose a spreadsheet saved as CSV or text, a vCard or a Teams attendance report."
# What a file that is no list of names starts with, what it is and what to do instead.
MAGIC = (
    (b"%PDF", "a PDF document", CHOOSE_LIST),
    (b"PK\x03\x04", "a zipped file, such as an Excel workbook (.xlsx)", SAVE_AS_CSV),
    (b"\xd0\xcf\x11\xe0", "an Office document, such as an Excel workbook (.xls)", SAVE_AS_CSV),
    (b"\x89PNG", "a picture", CHOOSE_LIST),
    (b"\xff\xd8\xff", "a picture", CHOOSE_LIST),
    (b"GIF8", "a picture", CHOOSE_LIST),
    (b"{\\rtf", "a formatted text document (RTF)", SAVE_AS_CSV),
)
SECTION = re.compile(r"^\d{1,2}\.\s+\S")  # "1. Summary", "2. Participants" (any language)
MEETING_SUMMARY = {"meeting summary", "summary", "zusammenfassung", "resume de la reunion"}
TEAMS_COLUMNS = {"user action", "join time", "first join", "in meeting duration"}
ONE_COLUMN = "\x1f"  # the unit separator, never in a team list: every line is one cell
MAILBOX = re.compile(r"<[^<>@\s]+@[^<>\s]+>")
SEPARATOR_HINT = re.compile(r'"?sep=([,;\t|])"?[,;\t|]*', re.IGNORECASE)
VCARD_USED = {"FN", "N", "ORG", "TITLE", "VERSION"}
VCARD_SILENT = {"", "PRODID", "UID", "REV"}  # bookkeeping, not worth naming as ignored
VCARD_PROPERTY = re.compile(r"\s*(?:[\w-]+\.)?([\w-]+)\s*[;:]")


def decode(data: bytes) -> str:
    """The file's text: UTF-8 (with or without a BOM), UTF-16 or else Windows-1252."""
    if not data.strip():
        raise ImportFileError("The file is empty.")
    for magic, what, instead in MAGIC:
        if data.startswith(magic):
            raise ImportFileError(f"This is {what}, not a list of names. {instead}")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = _try(data, "utf-16")
    elif data.startswith(b"\xef\xbb\xbf"):
        text = _try(data, "utf-8-sig")
    elif b"\x00" in data[:4096]:
        text = _utf16_without_bom(data)
    else:
        text = _try(data, "utf-8") or _try(data, "cp1252")
    if text is None or _looks_binary(text):
        raise ImportFileError(f"This is not a text file with a list of names. {CHOOSE_LIST}")
    return text


def _try(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None


def _utf16_without_bom(data: bytes) -> str | None:
    """Text saved as UTF-16 without its mark: one byte of each pair is nearly always 0."""
    sample = data[:4096]
    if sample[1::2].count(0) > len(sample) // 4:
        return _try(data, "utf-16-le")
    if sample[0::2].count(0) > len(sample) // 4:
        return _try(data, "utf-16-be")
    return None


def _looks_binary(text: str) -> bool:
    sample = text[:4096]
    controls = sum(1 for c in sample if ord(c) < 32 and c not in "\t\n\r\f")
    return controls > 5 and controls * 100 > len(sample)


def read_bytes(data: bytes) -> Reading:
    """The people in a file: a vCard, a Teams attendance report or a table."""
    return read_text(decode(data))


def read_text(text: str) -> Reading:
    lines = text.replace("\ufeff", "").splitlines()
    start = next((line.strip() for line in lines if line.strip()), "")
    if start.upper().startswith("BEGIN:VCARD"):
        return read_vcards(text)
    if _is_teams_summary(start):
        return read_teams_report(lines)
    lines, delimiter = _separator_hint(lines)
    rows = table_rows(lines, delimiter)
    if rows and any(header_key(c) in TEAMS_COLUMNS for c in rows[0][1]):
        reading = from_table("Teams attendance report", rows, with_area=False)
        return _one_row_each(reading, rows)
    return from_table("CSV file", rows)


# ------------------------------------------------------------------ tables


def table_rows(lines: list[str], delimiter: str = "") -> list[tuple[int, list[str]]]:
    """The rows of cells with their line numbers, blank rows dropped; the separator is
    found from the text when not given (comma, semicolon, tab or bar)."""
    numbered = [(n, line) for n, line in enumerate(lines, start=1) if line.strip()]
    if not numbered:
        raise ImportFileError("The file is empty.")
    delimiter = delimiter or _separator([line for _, line in numbered[:40]])
    first = numbered[0][1]
    if delimiter not in first and is_header([first]):
        delimiter = ONE_COLUMN  # a header of one column: "Becker, Tom" below it is one name
    rows: list[tuple[int, list[str]]] = []
    # One record may span lines (a quoted cell with a line break): read the text as a whole
    # and map each record back to the line it starts on.
    reader = csv.reader(io.StringIO("\n".join(lines)), delimiter=delimiter, quotechar='"')
    line = 1
    try:
        for cells in reader:
            if any(c.strip() for c in cells):
                rows.append((line, cells))
            line = reader.line_num + 1
    except csv.Error as exc:
        raise ImportFileError(f"The file is not valid CSV (line {line}: {exc}).") from None
    return rows


def _separator_hint(lines: list[str]) -> tuple[list[str], str]:
    """Excel's "sep=;" first line: the separator it names, and the lines without it (kept
    blank, so the line numbers stay as in the file); else the lines and no separator."""
    first = next((i for i, line in enumerate(lines) if line.strip()), 0)
    hint = SEPARATOR_HINT.fullmatch(lines[first].strip()) if lines else None
    if hint is None:
        return lines, ""
    return lines[:first] + [""] + lines[first + 1 :], hint.group(1)


def _separator(lines: list[str]) -> str:
    """The cells' separator of a few non-blank lines; a comma when there is only one column."""
    if all("\t" in line for line in lines):
        return "\t"  # Excel's "Unicode text" and Teams: a tab on every line, nothing to weigh
    import clevercsv  # weighs patterns and types of cells, unlike csv.Sniffer

    found = clevercsv.Detector().detect("\n".join(lines), delimiters=[",", ";", "\t", "|"])
    return found.delimiter if found is not None and found.delimiter else ","


# ------------------------------------------------------------------ Teams


def _is_teams_summary(first_line: str) -> bool:
    return "\t" not in first_line and (
        header_key(first_line) in MEETING_SUMMARY or bool(SECTION.match(first_line))
    )


def read_teams_report(lines: list[str]) -> Reading:
    """A Teams attendance report: the participants' table after the meeting summary.

    The 2023 layout numbers its sections ("1. Summary", "2. Participants", "3. In-Meeting
    Activities"); the 2021 one has a "Meeting Summary" block, a blank line, then the table.
    A meeting role (Organizer, Presenter) is not an area of work, so no area is taken.
    """
    sections = [i for i, line in enumerate(lines) if SECTION.match(line.strip())]
    if len(sections) >= 2:
        start, end = sections[1] + 1, sections[2] if len(sections) > 2 else len(lines)
    else:
        blank = next((i for i, line in enumerate(lines) if i and not line.strip()), len(lines))
        start, end = blank + 1, len(lines)
    while start < end and not lines[start].strip():
        start += 1
    stop = next((i for i in range(start, end) if not lines[i].strip()), end)
    if start >= stop:
        raise ImportFileError(
            "This Teams attendance report has no list of participants; download the "
            "attendance report again from the meeting's Attendance tab."
        )
    table = [""] * start + lines[start:stop]  # keeps the line numbers as in the file
    delimiter = "\t" if "\t" in lines[start] else ""
    rows = table_rows(table, delimiter)
    return _one_row_each(from_table("Teams attendance report", rows, with_area=False), rows)


def _one_row_each(reading: Reading, rows: list[tuple[int, list[str]]]) -> Reading:
    """Someone who joined, left and joined again is one person, on the line first seen; the
    preview says how often they joined."""
    joined = _join_lines(rows)
    joins: dict[str, int] = {}
    people = []
    for person in reading.people:
        key = person.name.casefold()
        if key and key in joins:
            joins[key] += person.line in joined
            continue
        joins[key] = 1
        people.append(person)
    notes = reading.notes + tuple(
        f"{person.name} joined {joins[person.name.casefold()]} times; listed once."
        for person in people
        if joins.get(person.name.casefold(), 1) > 1
    )
    return Reading(
        reading.kind, people, reading.columns, reading.ignored, reading.had_header, notes
    )


def _join_lines(rows: list[tuple[int, list[str]]]) -> set[int]:
    """The lines that are a join: every row of a report with a row per join, the "Joined"
    rows of the 2021 report, whose "User Action" column also lists each leave."""
    header = [header_key(cell) for cell in rows[0][1]] if rows else []
    if "user action" not in header:
        return {line for line, _cells in rows}
    action = header.index("user action")
    return {
        line
        for line, cells in rows[1:]
        if len(cells) > action and header_key(cells[action]).startswith("join")
    }


# ------------------------------------------------------------------ vCard


def read_vcards(text: str) -> Reading:
    """Contacts saved as vCard (2.1, 3.0 or 4.0): the formatted name FN, else the name parts
    N; the department (ORG's second part), else the job title, as the area.

    Only the properties used are handed to vobject, so a damaged photo, note or birthday is
    ignored like any other unused field; a contact whose name or work cannot be read is
    refused on its own and the others still import."""
    people: list[Found] = []
    ignored: set[str] = set()
    for line, card in _vcard_blocks(_unfolded(text)):
        used = [entry for entry in card if _property(entry) in VCARD_USED]
        ignored |= {_property(entry) for entry in card} - VCARD_USED - VCARD_SILENT
        people.append(_vcard_person(line, used))
    if not people:
        raise ImportFileError("The vCard file holds no contacts.")
    columns = (Column("FN (else N)", "name"), Column("ORG department (else TITLE)", "area"))
    return Reading("vCard file", people, columns, tuple(sorted(ignored)), had_header=False)


def _unfolded(text: str) -> list[tuple[int, str]]:
    """The vCard's logical lines with the line each starts on: a folded line (the next one
    starts with a space or tab) and a quoted-printable soft break (vCard 2.1: a line of such
    a property ends in "=") are joined, so a long name is read whole."""
    lines: list[tuple[int, str]] = []
    soft_break = False
    for number, line in enumerate(text.replace("\ufeff", "").splitlines(), start=1):
        if lines and soft_break:
            lines[-1] = (lines[-1][0], lines[-1][1][:-1] + line)
        elif lines and line[:1] in (" ", "\t"):
            lines[-1] = (lines[-1][0], lines[-1][1] + line[1:])
        elif line.strip():
            lines.append((number, line))
        else:
            continue
        entry = lines[-1][1]
        params = entry.split(":", 1)[0].upper()
        soft_break = entry.endswith("=") and "QUOTED-PRINTABLE" in params
    return lines


def _property(entry: str) -> str:
    """A line's property name without its group ("item1.EMAIL;type=pref:…" is EMAIL)."""
    found = VCARD_PROPERTY.match(entry)
    return found.group(1).upper() if found else ""


def _vcard_blocks(lines: list[tuple[int, str]]) -> list[tuple[int, list[str]]]:
    """Each contact's first line and the lines between its BEGIN:VCARD and END:VCARD."""
    blocks: list[tuple[int, list[str]]] = []
    current: list[str] | None = None
    for number, entry in lines:
        mark = entry.strip().upper()
        if mark == "BEGIN:VCARD":
            if current is not None:
                break  # a contact begins before the one above it ended
            current = []
            blocks.append((number, current))
        elif mark == "END:VCARD":
            current = None
        elif current is not None:
            current.append(entry)
    if current is not None:
        raise ImportFileError(
            f"The vCard file cannot be read: the contact on line {blocks[-1][0]} has no "
            "END:VCARD; export the contacts again."
        )
    return blocks


def _vcard_person(line: int, entries: list[str]) -> Found:
    """The contact's name and area, or a refusal when vobject cannot read them."""
    import vobject  # loads when a vCard file is imported

    card = "\r\n".join(["BEGIN:VCARD", *entries, "END:VCARD", ""])
    try:
        contents = vobject.readOne(card).contents
        return Found(line, _vcard_name(contents), _vcard_area(contents))
    except Exception:  # vobject raises what its codecs raise (LookupError, binascii.Error…)
        return Found(
            line,
            "",
            refusal="This contact's name cannot be read; save it again from your contacts app.",
        )


def _vcard_name(contents: dict[str, list[object]]) -> str:
    for item in contents.get("fn", []):
        name = " ".join(str(getattr(item, "value", "")).split())
        if name:
            return name
    for item in contents.get("n", []):
        parts = getattr(item, "value", None)
        words = [getattr(parts, p, "") for p in ("given", "additional", "family")]
        flat = [" ".join(w) if isinstance(w, list) else str(w) for w in words]
        name = " ".join(" ".join(flat).split())
        if name:
            return name
    return ""


def _vcard_area(contents: dict[str, list[object]]) -> str:
    for item in contents.get("org", []):
        value = getattr(item, "value", None)
        if isinstance(value, list) and len(value) > 1 and str(value[1]).strip():
            return str(value[1]).strip()
    for item in contents.get("title", []):
        title = str(getattr(item, "value", "")).strip()
        if title:
            return title
    return ""


# ------------------------------------------------------------------ pasted text


def read_pasted(text: str) -> Reading:
    """Names pasted from the clipboard: one per line, cells copied from a spreadsheet (tab
    between them, maybe with a header row), or addresses from a mail client
    ("Zoë Dubois <zoe@example.org>; Becker, Tom <tom@example.org>")."""
    lines = text.replace("\ufeff", "").splitlines()
    if not any(line.strip() for line in lines):
        raise ImportFileError(
            "The clipboard holds no names; copy them from a spreadsheet, an e-mail or a list."
        )
    if MAILBOX.search(text):
        return _addresses(lines)
    rows = table_rows(lines, "\t")
    reading = from_table("pasted names", rows)
    return reading


def _mailbox(entry: str) -> tuple[str, str]:
    """The name and address of "Name <address>", "address" or a bare name."""
    angled = re.fullmatch(r"(.*?)\s*<([^<>\s]+@[^<>\s]+)>", entry)
    if angled:
        return angled.group(1), angled.group(2)
    name, address = parseaddr(entry)
    return (name, address) if "@" in address else (entry, "")


def _addresses(lines: list[str]) -> Reading:
    people: list[Found] = []
    for number, line in enumerate(lines, start=1):
        for entry in re.split(r"(?<=>)\s*[;,]\s*|;", line):
            if not entry.strip():
                continue
            name, address = _mailbox(entry.strip())
            name = " ".join(name.strip().strip("'\"").split())
            if name.count(",") == 1:  # "Becker, Tom" as a directory lists people
                last, first = (part.strip() for part in name.split(","))
                name = f"{first} {last}".strip()
            if not name:
                refusal = f"Only an e-mail address ({address}), no name."
                people.append(Found(number, address, refusal=refusal))
            else:
                people.append(Found(number, name))
    columns = (Column("the name before each address", "name"),)
    return Reading("pasted addresses", people, columns, ("e-mail addresses",))
