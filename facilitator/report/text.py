"""User text made safe for reportlab: escaped, cleaned, in visual order, with font runs.

Every string a user typed reaches the PDF through ``Text.markup`` (for Paragraphs) or
``Text.plain`` (for the canvas): markup characters are escaped so ``<b>`` prints as typed,
control characters are dropped (tabs and line breaks become spaces and breaks),
right-to-left runs are put in visual order, and characters the bundled font lacks are drawn
with a system font that has them or recorded in ``missing`` for the report to list.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

from facilitator.report import bidi
from facilitator.report.fonts import (
    BOLD,
    BOLD_ITALIC,
    ITALIC,
    REGULAR,
    FallbackFonts,
    register_family,
    shared_fallback,
)

_ESCAPES = {'"': "&quot;", "'": "&#39;"}
_LINE_BREAKS = {"\r\n": "\n", "\r": "\n", "\u2028": "\n", "\u2029": "\n", "\x0b": "\n",
                "\x0c": "\n", "\x85": "\n"}
# Characters that are invisible by design; dropped when the font has no glyph for them.
_INVISIBLE = {"Cf"}

CHUNK = 1200  # characters per Paragraph when long text is cut into page-friendly pieces


def _face(bold: bool, italic: bool) -> str:
    if bold and italic:
        return BOLD_ITALIC
    if bold:
        return BOLD
    return ITALIC if italic else REGULAR


def clean(text: str) -> str:
    """Line breaks unified to ``\\n``; tabs to spaces; other control characters removed."""
    for old, new in _LINE_BREAKS.items():
        text = text.replace(old, new)
    text = text.replace("\t", " ")
    return "".join(ch for ch in text
                   if ch == "\n" or not (ord(ch) < 32 or 0x7F <= ord(ch) <= 0x9F))


@dataclass
class Text:
    """Converts user text for one report; collects the characters no font could draw."""

    fallback: FallbackFonts = field(default_factory=shared_fallback)
    missing: dict[str, None] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.cmaps = register_family()

    # -------------------------------------------------------------- public
    def markup(self, text: str, *, bold: bool = False, italic: bool = False) -> str:
        """Paragraph markup for user text: escaped, line breaks as ``<br/>``."""
        face = _face(bold, italic)
        lines = clean(text).split("\n")
        return "<br/>".join(self._line_markup(bidi.visual(line), face) for line in lines)

    def plain(self, text: str, *, bold: bool = False) -> str:
        """One line for the canvas (headers): cleaned, visual order; not escaped."""
        face = _face(bold, False)
        line = " ".join(clean(text).split())
        cmap = self.cmaps[face]
        kept = []
        for ch in line:
            if ord(ch) not in cmap:
                if unicodedata.category(ch) in _INVISIBLE:
                    continue
                self._note_missing(ch)
            kept.append(ch)
        return bidi.visual("".join(kept))

    def chunks(self, text: str, size: int = CHUNK) -> list[str]:
        """Long text cut into pieces of about ``size`` characters for separate Paragraphs.

        Cuts fall on blank lines, then line breaks, sentence ends and spaces, so a
        100,000-character note flows across pages (and table rows) at reportlab's speed.
        """
        text = clean(text)
        if len(text) <= size:
            return [text]
        pieces: list[str] = []
        start = 0
        n = len(text)
        while start < n:
            end = min(start + size, n)
            if end < n:
                window = text[start:end]
                floor = len(window) // 3
                cut = -1
                for sep in ("\n\n", "\n", ". ", " "):
                    at = window.rfind(sep, floor)
                    if at >= 0:
                        cut = at + len(sep)
                        break
                if cut > 0:
                    end = start + cut
            piece = text[start:end]
            if pieces and not piece.strip():
                pieces[-1] += piece
            else:
                pieces.append(piece)
            start = end
        return pieces

    # -------------------------------------------------------------- internals
    def _note_missing(self, ch: str) -> None:
        if ch not in self.missing and not ch.isspace():
            self.missing[ch] = None

    def _line_markup(self, line: str, face: str) -> str:
        cmap = self.cmaps[face]
        runs: list[tuple[str | None, list[str]]] = []
        for ch in line:
            font: str | None = None
            if ord(ch) not in cmap:
                if unicodedata.category(ch) in _INVISIBLE:
                    continue
                font = self.fallback.font_for(ord(ch))
                if font is None:
                    self._note_missing(ch)
            if runs and runs[-1][0] == font:
                runs[-1][1].append(ch)
            else:
                runs.append((font, [ch]))
        out = []
        for font, chars in runs:
            body = escape("".join(chars), _ESCAPES)
            out.append(f'<font face="{font}">{body}</font>' if font else body)
        return "".join(out)
