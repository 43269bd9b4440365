"""The team folder on disk: its layout, writing a file whole, and reading what is there.

Layout (docs/json-format.md, "The team folder")::

    FOLDER/
      <laptop-id>/              one folder per laptop; only that laptop writes in it
        laptop.json             the manifest: format, version, laptop name, team, written_at
        team.json               the team, its roster, role catalogue and role opt-outs
        sessions/<session-id>.json   one file per session (the session export format)

Every file is written to a temporary file in the same folder, flushed to disk and renamed
over the old one (``os.replace``), so a sync tool, another laptop or a SIGKILL only ever
sees a whole old file or a whole new one. A temporary file left by a kill starts with a
dot and is ignored by readers (and removed by its writer's next sync).

Reading never touches a database (safe on a worker thread) and never stops at a bad file:
a foreign, damaged or unreadable file becomes a note and the others are read; a file from
a newer Facilitator is left alone with a message asking to update.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

FOLDER_FORMAT = "facilitator-team-folder"
FOLDER_VERSION = 1
TEAM_FORMAT = "facilitator-team"
TEAM_VERSION = 1
MANIFEST = "laptop.json"
TEAM_FILE = "team.json"
SESSIONS = "sessions"
MAX_FILE_BYTES = 20 * 1024 * 1024
# Files that operating systems and sync clients put in any folder: not worth a note.
_JUNK = {"desktop.ini", "thumbs.db", "icon\r"}


@dataclass
class LaptopFiles:
    """What one other laptop wrote: its manifest, its team file and its session files."""

    laptop_id: str
    name: str
    team_id: str
    team_name: str
    written_at: str
    team: bytes | None = None
    # (the file's name inside the team folder, "<laptop-id>/sessions/x.json"; its bytes)
    sessions: list[tuple[str, bytes]] = field(default_factory=list)

    def shown(self, name: str) -> str:
        """A file of this laptop as a note names it (``shown_file``)."""
        return shown_file(self.name, self.laptop_id, name)


def shown_file(laptop_name: str, laptop_id: str, name: str) -> str:
    """A laptop's file as a note names it: by the laptop's name (from its manifest) where
    that is known, with its place in the folder (``<laptop-id>/...``) to find it by:
    ``Ann's laptop's file 1a2b…/sessions/x.json``; the place alone otherwise."""
    if not laptop_name or laptop_name == laptop_id:
        return name
    return f"{laptop_name}'s file {name}"


@dataclass
class FolderContents:
    """Everything readable in the folder, and a note for everything that was not."""

    laptops: list[LaptopFiles] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # "<name>: <why>"
    newer: list[str] = field(default_factory=list)  # names left alone: made by a newer app
    # What this laptop's own folder holds besides its own files ("sessions/<name>" or
    # "<name>"), by name only: a sync app's copy, a file someone put there.
    own_extra: list[str] = field(default_factory=list)


# A file beside a laptop's team.json and laptop.json that is not one of them.
COPY_NOTE = (
    "a copy of a Facilitator file (its name is not one of theirs), perhaps made by the "
    "sync app; left alone"
)


class FolderMissing(Exception):
    """The folder is not there or cannot be read (a USB stick unplugged, no sync client)."""


def is_folder(path: Path) -> bool:
    try:
        return Path(path).is_dir()
    except OSError:
        return False


def _hidden(name: str) -> bool:
    return name.startswith(".") or name.startswith("~") or name.lower() in _JUNK


def version_of(raw: bytes) -> tuple[Any, Any] | None:
    """(format, version) of a JSON file, or None when it is not a JSON object."""
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return None
    if not isinstance(data, dict):
        return None
    return data.get("format"), data.get("version")


def is_newer(raw: bytes, fmt: str, known: int) -> bool:
    """Whether the file is of ``fmt`` but a version this Facilitator does not know yet."""
    found = version_of(raw)
    if found is None or found[0] != fmt:
        return False
    version = found[1]
    return isinstance(version, int) and not isinstance(version, bool) and version > known


def _read(path: Path) -> bytes:
    st = path.stat()
    if not stat.S_ISREG(st.st_mode):
        raise ValueError("not a regular file")
    if st.st_size > MAX_FILE_BYTES:
        raise ValueError(f"too large ({st.st_size / 1e6:.1f} MB)")
    with path.open("rb") as handle:
        return handle.read(MAX_FILE_BYTES + 1)


def read_manifest(raw: bytes) -> dict[str, str]:
    """The manifest's fields, or ValueError with the reason it cannot be used."""
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise ValueError("not a Facilitator file (damaged or not JSON)") from None
    if not isinstance(data, dict) or data.get("format") != FOLDER_FORMAT:
        raise ValueError("not a Facilitator file")
    version = data.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise ValueError("its format version is unknown")
    out = {}
    for key in ("laptop_id", "laptop_name", "team_id", "team_name", "written_at"):
        value = data.get(key, "")
        if not isinstance(value, str):
            raise ValueError(f"{key!r} should be text")
        out[key] = value
    if not out["laptop_id"] or not out["team_id"]:
        raise ValueError("it names no laptop or no team")
    return out


def read_folder(
    folder: Path, own_laptop_id: str, *, team_files: bool = True, session_files: bool = True
) -> FolderContents:
    """Every other laptop's files in ``folder``; ``FolderMissing`` when it is not there.
    Without ``team_files`` or ``session_files`` those are not read (who is there, for which
    team, is in each laptop's ``laptop.json``, always read)."""
    folder = Path(folder)
    if not is_folder(folder):
        raise FolderMissing(str(folder))
    contents = FolderContents()
    try:
        entries = sorted(folder.iterdir(), key=lambda p: p.name)
    except OSError as exc:
        raise FolderMissing(f"{folder}: {exc.strerror or exc}") from None
    for entry in entries:
        if entry.name == own_laptop_id and session_files and is_folder(entry):
            contents.own_extra = _own_extra(entry)
        if _hidden(entry.name) or entry.name == own_laptop_id:
            continue
        if not is_folder(entry):
            contents.skipped.append(f"{entry.name}: not a Facilitator file")
            continue
        _read_laptop(entry, contents, team_files, session_files)
    return contents


def _own_extra(path: Path) -> list[str]:
    """The names in this laptop's folder it did not write: anything but its manifest, team
    file and session files (``<id>.json``; which ids are its sessions the database says)."""
    out: list[str] = []
    try:
        for item in sorted(path.iterdir(), key=lambda p: p.name):
            if item.name not in (MANIFEST, TEAM_FILE, SESSIONS) and not _hidden(item.name):
                out.append(item.name)
        if is_folder(path / SESSIONS):
            for item in sorted((path / SESSIONS).iterdir(), key=lambda p: p.name):
                if not _hidden(item.name):
                    out.append(f"{SESSIONS}/{item.name}")
    except OSError:
        pass  # listed again at the next sync; the writing says if the folder is unusable
    return out


def _read_laptop(
    path: Path, contents: FolderContents, team_files: bool, session_files: bool
) -> None:
    shown = path.name
    # Unread, the manifest cannot name its laptop: said as "a laptop's file", with what
    # happens to that laptop's sessions (its next sync writes the file whole again).
    unread = f"A laptop's file {shown}/{MANIFEST}"
    waits = "; that laptop's sessions are left out until it syncs again"
    try:
        raw = _read(path / MANIFEST)
    except FileNotFoundError:
        contents.skipped.append(f"{shown}: not a Facilitator laptop folder (no {MANIFEST})")
        return
    except (OSError, ValueError) as exc:
        contents.skipped.append(f"{unread}: cannot be read ({_why(exc)}){waits}")
        return
    if is_newer(raw, FOLDER_FORMAT, FOLDER_VERSION):
        contents.newer.append(f"{shown}/{MANIFEST}")
        return
    try:
        manifest = read_manifest(raw)
    except ValueError as exc:
        contents.skipped.append(f"{unread}: {exc}{waits}")
        return
    if manifest["laptop_id"] != path.name:
        contents.skipped.append(f"{unread}: it describes another laptop folder{waits}")
        return
    laptop = LaptopFiles(
        manifest["laptop_id"],
        manifest["laptop_name"] or manifest["laptop_id"],
        manifest["team_id"],
        manifest["team_name"],
        manifest["written_at"],
    )
    contents.laptops.append(laptop)
    note = laptop.shown  # the laptop's name is known from here on
    if team_files:
        try:
            laptop.team = _read(path / TEAM_FILE)
        except FileNotFoundError:
            pass
        except (OSError, ValueError) as exc:
            where = note(f"{shown}/{TEAM_FILE}")
            contents.skipped.append(f"{where}: cannot be read ({_why(exc)})")
    if not session_files:
        return
    sessions = path / SESSIONS
    for other in sorted(path.iterdir(), key=lambda p: p.name):
        if other.name not in (MANIFEST, TEAM_FILE, SESSIONS) and not _hidden(other.name):
            why = COPY_NOTE if other.name.endswith(".json") else "not a Facilitator file"
            contents.skipped.append(f"{note(f'{shown}/{other.name}')}: {why}")
    if is_folder(sessions):
        for item in sorted(sessions.iterdir(), key=lambda p: p.name):
            name = f"{shown}/{SESSIONS}/{item.name}"
            if _hidden(item.name):
                continue
            if not item.name.endswith(".json"):
                contents.skipped.append(f"{note(name)}: not a Facilitator file")
                continue
            try:
                laptop.sessions.append((name, _read(item)))
            except (OSError, ValueError) as exc:
                contents.skipped.append(f"{note(name)}: cannot be read ({_why(exc)})")


def _why(exc: Exception) -> str:
    if isinstance(exc, OSError):
        return str(exc.strerror or exc)
    return str(exc)


# ------------------------------------------------------------------ writing


def encode(document: dict[str, Any]) -> bytes:
    """A file's bytes: one line of JSON, which Python's C encoder writes (an indented file
    goes through its pure-Python one, some five times slower; a joining laptop writes a
    file for every session of the history)."""
    return (json.dumps(document, ensure_ascii=False) + "\n").encode("utf-8")


def write_whole(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder, flushed to
    disk, then renamed over ``path``: readers see the old file or the new one, whole."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    try:
        with tmp.open("wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    _sync_folder(path.parent)


def _sync_folder(folder: Path) -> None:
    """Make the rename durable where the platform allows it (not on Windows)."""
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def same_content(path: Path, document: dict[str, Any], ignore: tuple[str, ...]) -> bool:
    """Whether ``path`` already holds ``document`` (the ``ignore`` keys aside)."""
    try:
        old = json.loads(_read(path).decode("utf-8"))
    except (OSError, ValueError, UnicodeDecodeError, RecursionError):
        return False
    if not isinstance(old, dict):
        return False
    strip = {k: v for k, v in document.items() if k not in ignore}
    kept = {k: v for k, v in old.items() if k not in ignore}
    return bool(kept == json.loads(json.dumps(strip, ensure_ascii=False)))


def write_if_changed(path: Path, document: dict[str, Any], ignore: tuple[str, ...]) -> bool:
    """Write ``document`` unless the file already holds it; True when it was written."""
    if same_content(path, document, ignore):
        return False
    write_whole(path, encode(document))
    return True


def remove_leftovers(folder: Path) -> None:
    """Temporary files a kill left in this laptop's own folders."""
    for sub in (folder, folder / SESSIONS):
        if not is_folder(sub):
            continue
        for item in sub.iterdir():
            if item.name.startswith(".") and item.name.endswith(".tmp"):
                with contextlib.suppress(OSError):
                    item.unlink()
