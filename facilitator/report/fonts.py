"""Fonts for reports: the bundled DejaVu family, system fonts for what it cannot draw.

DejaVu Sans (resources/fonts) covers Latin, Greek, Cyrillic, Hebrew, Arabic and many
symbols. For a character it lacks, a system TrueType font that has it is used for that run
(per-run font switching); when no font has it, the character is still written into the PDF
(so copying the text keeps it) and the report lists it as one that could not be drawn.
"""

from __future__ import annotations

import os
import struct
import sys
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from facilitator.assets import resource_path
from facilitator.report.font_index import CoverageIndex, default_cache_file, promising_first

REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"
ITALIC = "DejaVuSans-Oblique"
BOLD_ITALIC = "DejaVuSans-BoldOblique"
FAMILY = "DejaVuSans"
FACES = {
    REGULAR: "DejaVuSans.ttf",
    BOLD: "DejaVuSans-Bold.ttf",
    ITALIC: "DejaVuSans-Oblique.ttf",
    BOLD_ITALIC: "DejaVuSans-BoldOblique.ttf",
}

# Names that make a system font worth trying first for characters DejaVu lacks.
_PREFERRED = (
    "noto",
    "symbol",
    "emoji",
    "cjk",
    "unifont",
    "arialuni",
    "arial unicode",
    "segoe",
    "code2000",
    "freeserif",
    "freesans",
    "droid",
    "han",
    "sans",
)
_MAX_CANDIDATES = 400


class _EveryCode(dict[int, int]):
    """A cmap that admits every code point; missing ones map to glyph 0 (.notdef).

    reportlab writes a character the font lacks as code 0, which loses it from the text
    layer. Admitting it gives it its own code, so the ToUnicode map keeps the character
    and copy-and-paste returns what the user typed even where no font could draw it.
    """

    def __contains__(self, code: object) -> bool:
        return True

    def __missing__(self, code: int) -> int:
        return 0


# A bracket drawn mirrored in a right-to-left run is written as this offset plus its own
# code point: the font draws the mirror glyph for it, and the ToUnicode map gives back the
# bracket the user typed, so copying "(עולם)" does not return ")עולם(".
MIRROR_CODES = 0xF0000


def mirror_code(ch: str) -> str:
    """The character that draws ``ch``'s mirror image and copies back as ``ch``."""
    return chr(MIRROR_CODES + ord(ch))


def copied_text(code: int) -> str:
    """What a drawn code copies back as: mirrored brackets and Arabic joined forms undone.

    Arabic presentation forms (what the shaping step draws) map back to the letters typed,
    a lam-alef ligature to its two letters, so the text layer can be searched and pasted.
    """
    if MIRROR_CODES <= code < MIRROR_CODES + 0x10000:
        return chr(code - MIRROR_CODES)
    ch = chr(code)
    if 0xFB50 <= code <= 0xFDFF or 0xFE70 <= code <= 0xFEFF:
        return unicodedata.normalize("NFKC", ch) or ch
    return ch


def _to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """reportlab's ToUnicode map, with characters beyond U+FFFF as UTF-16 surrogate pairs.

    reportlab formats them as five hex digits, which is not valid PDF; readers then lose
    every emoji and historic script letter from the extracted text. Each code maps to
    ``copied_text`` of it.
    """

    def utf16(code: int) -> str:
        text = copied_text(code)
        return "".join(f"{unit:04X}" for ch in text for unit in _utf16_units(ord(ch)))

    lines = [
        "/CIDInit /ProcSet findresource begin",
        "12 dict begin",
        "begincmap",
        "/CIDSystemInfo",
        f"<< /Registry ({fontname})",
        f"/Ordering ({fontname})",
        "/Supplement 0",
        ">> def",
        f"/CMapName /{fontname} def",
        "/CMapType 2 def",
        "1 begincodespacerange",
        f"<00> <{len(subset) - 1:02X}>",
        "endcodespacerange",
        f"{len(subset)} beginbfchar",
        *(f"<{i:02X}> <{utf16(v)}>" for i, v in enumerate(subset)),
        "endbfchar",
        "endcmap",
        "CMapName currentdict /CMap defineresource pop",
        "end",
        "end",
    ]
    return "\n".join(lines)


def _utf16_units(code: int) -> list[int]:
    if code < 0x10000:
        return [code]
    code -= 0x10000
    return [0xD800 + (code >> 10), 0xDC00 + (code & 0x3FF)]


ttfonts.makeToUnicodeCMap = _to_unicode_cmap


@dataclass
class _Font:
    name: str
    cmap: frozenset[int]


def _register(name: str, path: Path | str, subfont: int = 0) -> frozenset[int]:
    """Register a TrueType font under ``name`` and return the code points it can draw."""
    try:
        font = pdfmetrics.getFont(name)
    except KeyError:
        font = TTFont(name, str(path), subfontIndex=subfont)
        pdfmetrics.registerFont(font)
    face: Any = font.face
    if not isinstance(face.charToGlyph, _EveryCode):
        real = frozenset(face.charToGlyph)
        face._real_cmap = real
        face.charToGlyph = _EveryCode(face.charToGlyph)
    return frozenset(face._real_cmap)


def drawn_mirror(font_name: str, ch: str, mirror: str) -> str:
    """The character to draw for ``ch`` mirrored in ``font_name``: its ``mirror_code``.

    The first call for a font gives it those codes (python-bidi's mirror table is only
    loaded once right-to-left text is drawn); a font without the mirror glyph draws the
    mirror character itself.
    """
    face: Any = pdfmetrics.getFont(font_name).face
    if not getattr(face, "_mirror_codes", False):
        from bidi.mirror import MIRRORED

        for typed, image in MIRRORED.items():
            glyph = face.charToGlyph.get(ord(image))
            if glyph:
                code = ord(mirror_code(typed))
                face.charToGlyph[code] = glyph
                face.charWidths[code] = face.charWidths.get(ord(image), face.defaultWidth)
        face._mirror_codes = True
    drawn = mirror_code(ch)
    return drawn if face.charToGlyph.get(ord(drawn)) is not None else mirror


def register_family() -> dict[str, frozenset[int]]:
    """Register the bundled DejaVu Sans faces (once per process); their coverage by face."""
    from reportlab.lib.fonts import addMapping

    cmaps = {name: _register(name, resource_path(f"fonts/{file}")) for name, file in FACES.items()}
    addMapping(FAMILY, 0, 0, REGULAR)
    addMapping(FAMILY, 1, 0, BOLD)
    addMapping(FAMILY, 0, 1, ITALIC)
    addMapping(FAMILY, 1, 1, BOLD_ITALIC)
    return cmaps


def system_font_dirs() -> list[Path]:
    """The usual font folders of Linux, macOS and Windows that exist on this machine."""
    home = Path.home()
    dirs = [
        Path("/usr/share/fonts"),
        Path("/usr/local/share/fonts"),
        home / ".fonts",
        home / ".local/share/fonts",
        Path("/Library/Fonts"),
        Path("/System/Library/Fonts"),
        home / "Library/Fonts",
    ]
    if sys.platform == "win32":
        windir = os.environ.get("WINDIR", r"C:\Windows")
        dirs.append(Path(windir) / "Fonts")
        local = os.environ.get("LOCALAPPDATA")
        if local:
            dirs.append(Path(local) / "Microsoft/Windows/Fonts")
    return [d for d in dirs if d.is_dir()]


def _candidates(dirs: Iterable[Path]) -> list[Path]:
    found: list[Path] = []
    for folder in dirs:
        for root, _subdirs, files in os.walk(folder):
            for name in files:
                if name.lower().endswith((".ttf", ".ttc", ".otf")):
                    found.append(Path(root) / name)
    bundled = {f.lower() for f in FACES.values()}
    found = [p for p in found if p.name.lower() not in bundled]

    def rank(path: Path) -> tuple[int, str]:
        lower = path.name.lower()
        for i, word in enumerate(_PREFERRED):
            if word in lower:
                return i, lower
        return len(_PREFERRED), lower

    return sorted(found, key=rank)[:_MAX_CANDIDATES]


@dataclass
class FallbackFonts:
    """System fonts, found by their cached coverage; one is registered only when used.

    ``cache_file`` keeps each font's coverage between runs (None: kept for this run only).
    """

    dirs: list[Path] | None = None
    cache_file: Path | None = None
    _pending: list[Path] | None = None
    _index: CoverageIndex | None = None
    _loaded: list[_Font] = field(default_factory=list)
    _failed: set[Path] = field(default_factory=set)
    _answers: dict[int, str | None] = field(default_factory=dict)

    @property
    def index(self) -> CoverageIndex:
        if self._index is None:
            self._index = CoverageIndex(self.cache_file)
        return self._index

    def font_for(self, code: int) -> str | None:
        """The registered name of a font that can draw ``code``, or None."""
        if code in self._answers:
            return self._answers[code]
        found = next((f.name for f in self._loaded if code in f.cmap), None)
        if found is None:
            found = self._search(code)
            self.index.save()
        self._answers[code] = found
        return found

    def _search(self, code: int) -> str | None:
        """Fonts whose names promise the character's script first, then all the others,
        by their coverage; the first that has it and reportlab can embed is registered."""
        if self._pending is None:
            self._pending = _candidates(self.dirs if self.dirs is not None else system_font_dirs())
        index = self.index
        for path in promising_first(self._pending, code):
            if path in self._failed or code not in index.coverage(path):
                continue
            loaded = self._try_load(path)
            if loaded is None:
                self._failed.add(path)
                continue
            self._pending.remove(path)
            self._loaded.append(loaded)
            if code in loaded.cmap:
                return loaded.name
        return None

    def _try_load(self, path: Path) -> _Font | None:
        name = f"Fallback-{len(self._loaded) + 1}-{path.stem}"[:60]
        try:
            cmap = _register(name, path)
        except (TTFError, OSError, ValueError, KeyError, IndexError, TypeError, struct.error):
            return None  # damaged or unreadable after all: not usable
        return _Font(name, cmap)


_shared_fallback: FallbackFonts | None = None


def shared_fallback() -> FallbackFonts:
    """One fallback finder per process: the font folders are read at most once, and the
    fonts' coverage is kept in the user's cache folder for the next run."""
    global _shared_fallback
    if _shared_fallback is None:
        _shared_fallback = FallbackFonts(cache_file=default_cache_file())
    return _shared_fallback


def describe(ch: str) -> str:
    """``U+1F600 GRINNING FACE`` for the list of characters a report could not draw."""
    name = unicodedata.name(ch, "")
    return f"U+{ord(ch):04X}" + (f" {name}" if name else "")
