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
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.rl_accel import sameFrag
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Paragraph, Table, TableStyle

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
_LINE_BREAKS = {
    "\r\n": "\n",
    "\r": "\n",
    "\u2028": "\n",
    "\u2029": "\n",
    "\x0b": "\n",
    "\x0c": "\n",
    "\x85": "\n",
}
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
    return "".join(ch for ch in text if ch == "\n" or not (ord(ch) < 32 or 0x7F <= ord(ch) <= 0x9F))


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

    def para(
        self, text: str, style: ParagraphStyle, *, bold: bool = False, italic: bool = False
    ) -> Flowable:
        """A flowable for user text; right-to-left lines are reordered after wrapping."""
        if not bidi.has_rtl(text):
            return UserParagraph(self.markup(text, bold=bold, italic=italic), style)
        face = _face(bold, italic)
        lines = [self._bidi_line(line, style, face) for line in clean(text).split("\n")]
        if len(lines) == 1:
            return lines[0]
        stack = Table([[line] for line in lines], colWidths=[None], hAlign="LEFT")
        stack.setStyle(
            TableStyle(
                [
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                    ("TOPPADDING", (0, 0), (-1, -1), 0),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
                ]
            )
        )
        return stack

    def _bidi_line(self, line: str, style: ParagraphStyle, face: str) -> Flowable:
        base, _ = bidi.levels(line)
        if base == 1:
            style = ParagraphStyle(f"{style.name}-rtl", parent=style, alignment=TA_RIGHT)
        logical = self._line_markup(line, face)
        if "<font" in logical:
            # Mixed fonts make several fragments per line; order the line before wrapping.
            return UserParagraph(self._line_markup(bidi.visual(line), face), style)
        return BidiParagraph(logical, style)

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


class UserParagraph(Paragraph):  # type: ignore[misc]
    """A Paragraph whose same-style fragments are merged after parsing.

    The parser cuts text at every escaped character (``&amp;``, ``&lt;``); joined again,
    a line of user text is one fragment, which wraps faster and can be drawn in visual
    order by ``BidiParagraph``.
    """

    def __init__(self, text: str, style: ParagraphStyle, **kwargs: Any) -> None:
        super().__init__(text, style, **kwargs)
        merged: list[Any] = []
        for frag in getattr(self, "frags"):  # noqa: B009 - set by reportlab
            if (
                merged
                and hasattr(frag, "text")
                and hasattr(merged[-1], "text")
                and sameFrag(merged[-1], frag)
            ):
                merged[-1] = merged[-1].clone(text=merged[-1].text + frag.text)
            else:
                merged.append(frag)
        self.frags = merged


class BidiParagraph(UserParagraph):
    """A Paragraph wrapped in logical order and drawn in visual order, line by line.

    Wrapping first keeps a right-to-left sentence that spans two lines in reading order;
    reordering only while drawing keeps reportlab's split pieces in logical order.
    """

    def drawPara(self, debug: int = 0) -> Any:  # noqa: N802 - reportlab's name
        lines_holder = self.blPara
        if getattr(lines_holder, "kind", 1) != 0:
            return super().drawPara(debug)
        original = lines_holder.lines
        lines_holder.lines = [
            (extra, bidi.visual(" ".join(words)).split(" ")) for extra, words in original
        ]
        try:
            return super().drawPara(debug)
        finally:
            lines_holder.lines = original
