"""Which characters each system font covers: read from its 'cmap' table alone, cached.

Finding a font for a character DejaVu lacks (a Chinese name, an emoji) used to parse
system fonts whole with reportlab, one by one, until one had it: minutes of CPU on a
machine with a few hundred fonts. A font's coverage is its character map, a few kilobytes
read directly; fonts whose names promise the character's script are read first, and what
was read is kept per file (path, size, modification time) in the user's cache folder, so
later reports read no font at all until the one chosen is registered.
"""

from __future__ import annotations

import bisect
import json
import os
import struct
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

CACHE_VERSION = 1
CACHE_NAME = "font-coverage.json"

_CJK = ("cjk", "droidsansfallback", "wqy", "wenquanyi", "sourcehan", "ukai", "uming", "han")
# Words in font file names that promise a script, by the first word of a character's name.
_SCRIPT_FONTS: dict[str, tuple[str, ...]] = {
    "CJK": _CJK,
    "IDEOGRAPHIC": _CJK,
    "HIRAGANA": (*_CJK, "takao", "ipag", "ipam", "vlgothic"),
    "KATAKANA": (*_CJK, "takao", "ipag", "ipam", "vlgothic"),
    "BOPOMOFO": _CJK,
    "FULLWIDTH": _CJK,
    "HALFWIDTH": _CJK,
    "KANGXI": _CJK,
    "HANGUL": ("cjk", "nanum", "unbatang", "undotum", "droidsansfallback", "sourcehan"),
    "ARABIC": ("arabic", "naskh", "kufi", "amiri", "scheherazade"),
    "HEBREW": ("hebrew",),
}


@dataclass(frozen=True)
class Coverage:
    """The code points a font maps to a glyph, as sorted inclusive ranges.

    ``usable`` is False for a font reportlab cannot embed (PostScript outlines, no
    'glyf' table) or one that could not be read: it covers nothing here.
    """

    ranges: tuple[int, ...]  # start, end, start, end, ...
    usable: bool = True

    def __contains__(self, code: object) -> bool:
        if not self.usable or not isinstance(code, int):
            return False
        at = bisect.bisect_right(self.ranges, code)
        return at % 2 == 1 or (at > 0 and self.ranges[at - 1] == code)


UNUSABLE = Coverage((), usable=False)


def _ranges(codes: Iterable[int]) -> tuple[int, ...]:
    flat: list[int] = []
    for code in sorted(set(codes)):
        if flat and flat[-1] == code - 1:
            flat[-1] = code
        else:
            flat += [code, code]
    return tuple(flat)


def _u16(data: bytes, at: int) -> int:
    return int.from_bytes(data[at : at + 2], "big")


def _format4(data: bytes) -> list[int]:
    segs = _u16(data, 6) // 2
    ends = struct.unpack_from(f">{segs}H", data, 14)
    starts = struct.unpack_from(f">{segs}H", data, 16 + 2 * segs)
    deltas = struct.unpack_from(f">{segs}h", data, 16 + 4 * segs)
    offsets_at = 16 + 6 * segs
    offsets = struct.unpack_from(f">{segs}H", data, offsets_at)
    codes: list[int] = []
    for i, (start, end, delta, offset) in enumerate(
        zip(starts, ends, deltas, offsets, strict=True)
    ):
        if start > end or start == 0xFFFF:
            continue
        if offset == 0:
            codes += (c for c in range(start, end + 1) if (c + delta) & 0xFFFF)
            continue
        for c in range(start, end + 1):
            at = offsets_at + 2 * i + offset + 2 * (c - start)
            if at + 2 <= len(data) and _u16(data, at):
                codes.append(c)
    return codes


def _format12(data: bytes) -> list[int]:
    groups = int.from_bytes(data[12:16], "big")
    codes: list[int] = []
    for start, end, glyph in struct.iter_unpack(">III", data[16 : 16 + 12 * groups]):
        first = start + 1 if glyph == 0 else start
        codes += range(first, min(end, 0x10FFFF) + 1)
    return codes


def _table(f: BinaryIO, subfont: int) -> tuple[dict[bytes, tuple[int, int]], bytes]:
    """The table directory of an sfnt (or of one font in a collection), and its kind."""
    head = f.read(12)
    start = 0
    if head[:4] == b"ttcf":
        count = int.from_bytes(head[8:12], "big")
        if subfont >= count:
            raise ValueError("no such font in the collection")
        f.seek(12 + 4 * subfont)
        start = int.from_bytes(f.read(4), "big")
        f.seek(start)
        head = f.read(12)
    kind = head[:4]
    tables = _u16(head, 4)
    directory = f.read(16 * tables)
    found: dict[bytes, tuple[int, int]] = {}
    for i in range(tables):
        tag, _sum, offset, length = struct.unpack_from(">4sIII", directory, 16 * i)
        found[tag] = (offset, length)
    return found, kind


# Unicode subtables first (full repertoire, then the Basic Multilingual Plane).
_PREFERENCE = ((3, 10, 12), (0, 6, 12), (0, 4, 12), (3, 1, 4), (0, 3, 4), (0, 1, 4), (0, 0, 4))


def read_coverage(path: Path | str, subfont: int = 0) -> Coverage:
    """The code points ``path`` can draw, from its 'cmap' table only."""
    try:
        with open(path, "rb") as f:
            tables, kind = _table(f, subfont)
            if b"cmap" not in tables or b"glyf" not in tables or kind == b"OTTO":
                return UNUSABLE  # PostScript outlines: reportlab cannot embed them
            base, length = tables[b"cmap"]
            f.seek(base)
            cmap = f.read(length)
        subtables: dict[tuple[int, int, int], int] = {}
        for i in range(_u16(cmap, 2)):
            platform, encoding, offset = struct.unpack_from(">HHI", cmap, 4 + 8 * i)
            subtables[(platform, encoding, _u16(cmap, offset))] = offset
        for key in _PREFERENCE:
            if key in subtables:
                data = cmap[subtables[key] :]
                codes = _format12(data) if key[2] == 12 else _format4(data)
                return Coverage(_ranges(codes))
    except (OSError, ValueError, struct.error, IndexError):
        pass
    return UNUSABLE


def script_words(code: int) -> tuple[str, ...]:
    """Words in font file names that promise to cover ``code``'s script."""
    ch = chr(code)
    name = unicodedata.name(ch, "")
    first = name.split(" ", 1)[0]
    if first in _SCRIPT_FONTS:
        return _SCRIPT_FONTS[first]
    if unicodedata.category(ch).startswith("S"):
        return ("emoji", "symbol") if code >= 0x1F000 else ("symbol", "math")
    return (first.lower(),) if len(first) > 3 else ()  # THAI → NotoSansThai-Regular.ttf


def promising_first(paths: Sequence[Path], code: int) -> list[Path]:
    """``paths`` with the fonts whose names promise ``code``'s script moved to the front
    (in the order of those words), the others after in their own order."""
    words = script_words(code)

    def rank(path: Path) -> int:
        lower = path.name.lower().replace(" ", "").replace("-", "").replace("_", "")
        return next((i for i, word in enumerate(words) if word in lower), len(words))

    return sorted(paths, key=rank)  # stable: the general ranking within each group


class CoverageIndex:
    """Each font file's coverage, read once per version of the file and kept on disk.

    A cache file that cannot be read or does not hold what this version writes is
    ignored (and replaced on the next save); a font changed since (size or time) is read
    again.
    """

    def __init__(self, cache_file: Path | None) -> None:
        self.cache_file = cache_file
        self.reads = 0  # fonts read this run, not answered from the cache
        self._entries: dict[str, tuple[int, int, Coverage]] = self._load()
        self._dirty = False

    def _load(self) -> dict[str, tuple[int, int, Coverage]]:
        if self.cache_file is None:
            return {}
        try:
            saved = json.loads(self.cache_file.read_text(encoding="utf-8"))
            if saved.get("version") != CACHE_VERSION:
                return {}
            entries: dict[str, tuple[int, int, Coverage]] = {}
            for path, (size, mtime, usable, flat) in saved["fonts"].items():
                ranges = tuple(int(n) for n in flat)
                if len(ranges) % 2 or list(ranges) != sorted(ranges):
                    continue  # damaged entry: read that font again
                entries[str(path)] = (int(size), int(mtime), Coverage(ranges, bool(usable)))
            return entries
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            return {}  # missing or damaged: start afresh

    def coverage(self, path: Path) -> Coverage:
        try:
            stat = path.stat()
        except OSError:
            return UNUSABLE
        key = str(path)
        known = self._entries.get(key)
        if known is not None and known[:2] == (stat.st_size, stat.st_mtime_ns):
            return known[2]
        self.reads += 1
        found = read_coverage(path)
        self._entries[key] = (stat.st_size, stat.st_mtime_ns, found)
        self._dirty = True
        return found

    def save(self) -> None:
        """Write what was read to the cache file (atomically); a failure only costs speed."""
        if not self._dirty or self.cache_file is None:
            return
        fonts = {
            path: [size, mtime, cov.usable, list(cov.ranges)]
            for path, (size, mtime, cov) in self._entries.items()
        }
        text = json.dumps({"version": CACHE_VERSION, "fonts": fonts}, separators=(",", ":"))
        temp = self.cache_file.with_suffix(f".{os.getpid()}.tmp")
        try:
            self.cache_file.parent.mkdir(parents=True, exist_ok=True)
            temp.write_text(text, encoding="utf-8")
            os.replace(temp, self.cache_file)
            self._dirty = False
        except OSError:
            temp.unlink(missing_ok=True)


def default_cache_file() -> Path:
    """The coverage cache in the user's cache folder."""
    from facilitator.paths import cache_dir

    return cache_dir() / CACHE_NAME
