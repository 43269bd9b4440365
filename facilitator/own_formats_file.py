"""The formats file: your formats (or the library's, to copy) written to a JSON file and
read back on another laptop (the file: docs/formats.md).

Writing goes through ``outfile`` (a temporary file, then a rename; never over the
database). Reading checks the whole file before anything is stored, and a refusal is one
line naming the format and step at fault; the formats read are added by
``own_formats.add_specs``, all or none.
"""

from __future__ import annotations

import dataclasses
import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any, BinaryIO

from facilitator import __version__, outfile, own_formats
from facilitator.changes import NOTHING, Done
from facilitator.clock import Clock, utc_now_iso
from facilitator.errors import ValidationError
from facilitator.formats import Format
from facilitator.model import NAME_MAX, clean_text
from facilitator.store.database import Database

FILE_TAG = "facilitator_formats"  # the key that says a file is ours, holding its version
FILE_VERSION = 1
MAX_FILE_BYTES = 1024 * 1024  # 1 MiB: far more than any team's formats need
MAX_FILE_FORMATS = 200


EXPORT_STEM = "formats"  # the file several formats are exported to, unless named otherwise


def export_file_name(database: Database, keys: Sequence[str]) -> str:
    """The file name an export suggests: one format's own name ("Pre-mortem.json"), or
    "formats.json" for several."""
    chosen = list(dict.fromkeys(keys))
    if len(chosen) == 1:
        return (
            outfile.safe_stem(own_formats.find_format(database, chosen[0]).name, EXPORT_STEM)
            + ".json"
        )
    return EXPORT_STEM + ".json"


def export_own(
    database: Database,
    keys: Sequence[str],
    path: str | os.PathLike[str],
    *,
    clock: Clock | None = None,
) -> Done[Path]:
    """Write these formats (yours, or the library's to copy) to a formats file at
    ``path``, all at once (a temporary file, then a rename; never over the database)."""
    if not keys:
        raise ValidationError("Choose at least one format to export.")
    chosen = [own_formats.find_format(database, key) for key in dict.fromkeys(keys)]
    document = {
        FILE_TAG: FILE_VERSION,
        "exported_at": utc_now_iso(clock),
        "app_version": __version__,
        "formats": [_file_entry(fmt) for fmt in chosen],
    }
    data = (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    if len(data) > MAX_FILE_BYTES:
        raise ValidationError(
            "These formats make a file over 1 MiB, too large to import; export fewer at once."
        )

    def write(handle: BinaryIO) -> None:
        handle.write(data)

    target = outfile.write_atomically(path, write, protected=database.path, clock=clock)
    return Done(target, NOTHING)


def read_format_file(path: str | os.PathLike[str]) -> list[own_formats.FormatSpec]:
    """The formats of a formats file, every one checked; a ``ValidationError`` of one
    line says why the file is refused as a whole."""
    path = Path(path)
    raw = _read(path)
    try:
        return _parse_file(raw)
    except ValidationError as exc:
        raise ValidationError(f"Nothing imported from {path.name}: {exc}") from None


def import_own(database: Database, path: str | os.PathLike[str]) -> Done[own_formats.Imported]:
    """Add the formats of a formats file to yours, all of them or (when the file is
    refused) none. A format the same in every way as one of yours is skipped; one whose
    name you already use for a different format is added as "Name (2)"."""
    return own_formats.add_specs(database, read_format_file(path))


# ------------------------------------------------------------------ the file


def _file_entry(fmt: Format) -> dict[str, Any]:
    return {
        "name": fmt.title,
        "summary": fmt.summary,
        "purposes": list(fmt.purposes),
        "group_size": {"min": fmt.min_people, "max": fmt.max_people},
        "steps": own_formats.step_specs(fmt.steps),
        **({"credit": fmt.attribution} if fmt.attribution else {}),
    }


def _read(path: Path) -> bytes:
    """The file's bytes, at most one more than the limit; one line when it cannot be read."""
    where = f"Nothing imported from {path.name}"
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise ValidationError(f"{where}: it is not a file.")
        if size > MAX_FILE_BYTES:
            raise ValidationError(
                f"{where}: it is too large for a formats file ({size / 1024 / 1024:.1f} MiB; "
                "at most 1 MiB)."
            )
        with path.open("rb") as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise ValidationError(f"{where}: there is no such file.") from None
    except OSError as exc:
        raise ValidationError(f"{where}: it cannot be read ({exc.strerror or exc}).") from None
    if len(raw) > MAX_FILE_BYTES:
        raise ValidationError(f"{where}: it is too large for a formats file (at most 1 MiB).")
    return raw


def _parse_file(raw: bytes) -> list[own_formats.FormatSpec]:
    if not raw.strip():
        raise ValidationError("the file is empty.")
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise ValidationError("it is not a text file, so not a formats file.") from None
    except json.JSONDecodeError as exc:
        raise ValidationError(
            f"it is not JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})."
        ) from None
    except RecursionError:
        raise ValidationError("it is nested too deeply to be a formats file.") from None
    if not isinstance(data, dict) or FILE_TAG not in data:
        raise ValidationError(f'it is not a Facilitator formats file (no "{FILE_TAG}").')
    version = data[FILE_TAG]
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise ValidationError(f"its formats file version {version!r} is unknown.")
    if version > FILE_VERSION:
        raise ValidationError(
            f"it was made by a newer Facilitator (formats file version {version}; this one "
            f"reads version {FILE_VERSION}); update to import it."
        )
    entries = data.get("formats")
    if not isinstance(entries, list):
        raise ValidationError('it has no list of "formats".')
    if not entries:
        raise ValidationError("it holds no formats.")
    if len(entries) > MAX_FILE_FORMATS:
        raise ValidationError(
            f"it holds {len(entries)} formats; a file holds at most {MAX_FILE_FORMATS}."
        )
    return [_file_spec(entry, i) for i, entry in enumerate(entries, 1)]


def _file_spec(entry: object, number: int) -> own_formats.FormatSpec:
    where = f"format {number}"
    if not isinstance(entry, dict):
        raise ValidationError(f"{where} is not an object.")
    name = entry.get("name")
    if isinstance(name, str) and name.strip():
        where = f"{where} ({' '.join(name.split())[:NAME_MAX]})"
    size = entry.get("group_size", {"min": 2, "max": 40})
    if not isinstance(size, dict):
        raise ValidationError(f"{where}: group_size must be an object with a min and a max.")
    steps = entry.get("steps")
    if not isinstance(steps, list):
        raise ValidationError(f'{where}: "steps" is missing or not a list.')
    try:
        spec = own_formats.checked_spec(
            name,
            entry.get("summary", ""),
            entry.get("purposes", []),
            size.get("min"),
            size.get("max"),
            steps,
            where,
        )
        credit = clean_text(
            entry.get("credit", ""),
            f"{where}: credit",
            required=False,
            max_len=own_formats.CREDIT_MAX,
        )
        return dataclasses.replace(spec, credit=credit)
    except ValidationError as exc:
        message = str(exc)
        if message.startswith(where):
            raise
        raise ValidationError(f"{where}: {message}") from None
