"""User text made safe for reportlab: escaped, cleaned, in visual order, with font runs.

Every string a user typed reaches the PDF through ``Text.para`` (flowables),
``Text.markup`` (Paragraph markup for short labels) or ``Text.plain`` (for the canvas):
markup characters are escaped so ``<b>`` prints as typed, control characters are dropped
(tabs and line breaks become spaces and breaks), right-to-left text is shaped and put in
visual order (``bidi``; a paragraph that may wrap is a ``BidiParagraph``, which reorders
after wrapping), and characters the bundled font lacks are drawn with a system font that
has them or recorded in ``missing`` for the report to list.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.rl_accel import sameFrag
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Flowable, Paragraph, Table, TableStyle

from facilitator import direction
from facilitator.report import bidi
from facilitator.report.fonts import (
    BOLD,
    BOLD_ITALIC,
    FACES,
    ITALIC,
    REGULAR,
    FallbackFonts,
    drawn_mirror,
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
# Spaces, punctuation and number signs: they take the direction of the text around them.
_NEUTRAL = {"WS", "ON", "ET", "ES", "CS", "S"}
# Characters that are invisible by design; dropped when the font has no glyph for them.
_INVISIBLE = {"Cf"}

# The upright face that draws what an oblique face lacks (DejaVu's obliques have no Arabic).
_UPRIGHT = {ITALIC: REGULAR, BOLD_ITALIC: BOLD}

CHUNK = 1200  # characters per Paragraph when long text is cut into page-friendly pieces


def _face(bold: bool, italic: bool) -> str:
    if bold and italic:
        return BOLD_ITALIC
    if bold:
        return BOLD
    return ITALIC if italic else REGULAR


_CONTROLS = dict.fromkeys([*range(32), *range(0x7F, 0xA0)])
del _CONTROLS[ord("\n")]


@lru_cache(maxsize=16)
def _drawable(cmap: frozenset[int]) -> frozenset[str]:
    return frozenset(map(chr, cmap))


def clean(text: str) -> str:
    """Line breaks unified to ``\\n``; tabs to spaces; other control characters removed."""
    if text.isprintable():
        return text  # no line break, tab or control character: nothing to change
    for old, new in _LINE_BREAKS.items():
        text = text.replace(old, new)
    return text.replace("\t", " ").translate(_CONTROLS)


@dataclass
class Text:
    """Converts user text for one report; collects the characters no font could draw."""

    fallback: FallbackFonts = field(default_factory=shared_fallback)
    missing: dict[str, None] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.cmaps = register_family()
        # The characters each face draws, to pass a whole line at once (see _line).
        self.drawable = {face: _drawable(cmap) for face, cmap in self.cmaps.items()}

    # -------------------------------------------------------------- public
    def markup(self, text: str, *, bold: bool = False, italic: bool = False) -> str:
        """Paragraph markup for user text: escaped, line breaks as ``<br/>``.

        Each line is put in visual order whole, before reportlab wraps it: right for labels
        and lists of names; paragraphs that may wrap go through ``para``.
        """
        face = _face(bold, italic)
        lines = clean(text).split("\n")
        return "<br/>".join(self._line(line, face) for line in lines)

    def plain(self, text: str, *, bold: bool = False) -> str:
        """One line for the canvas (headers): cleaned, visual order; not escaped."""
        face = _face(bold, False)
        cmap = self.cmaps[face]
        kept = []
        for ch, mirror in _drawing_order(" ".join(clean(text).split())):
            if ord(mirror or ch) not in cmap:
                if unicodedata.category(ch) in _INVISIBLE:
                    continue
                self._note_missing(ch)
            kept.append(drawn_mirror(face, ch, mirror) if mirror else ch)
        return "".join(kept)

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
        """A flowable for user text; right-to-left paragraphs wrap first, then reorder."""
        if not direction.has_rtl(text):
            return UserParagraph(self.markup(text, bold=bold, italic=italic), style)
        face = style.fontName if style.fontName in FACES else _face(bold, italic)
        lines = [self._bidi_paragraph(line, style, face) for line in clean(text).split("\n")]
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

    def _bidi_paragraph(self, line: str, style: ParagraphStyle, face: str) -> BidiParagraph:
        """One paragraph shaped and resolved in logical order, its font chosen per character."""
        shaped, resolved, rtl = bidi.resolve(line)
        chars: list[str] = []
        fonts: list[str] = []
        kept_levels: list[int] = []
        for ch, level in zip(shaped, resolved, strict=True):
            font = self._font_for(ch, face)
            if font is None:
                continue
            chars.append(ch)
            fonts.append(font)
            kept_levels.append(level)
        paragraph = BidiParagraph("".join(chars), fonts, kept_levels, rtl, style)
        paragraph.plain = " ".join(bidi.strip_isolates(line).split())
        return paragraph

    # -------------------------------------------------------------- internals
    def _note_missing(self, ch: str) -> None:
        if ch not in self.missing and not ch.isspace():
            self.missing[ch] = None

    def _font_for(self, ch: str, face: str) -> str | None:
        """The font that draws ``ch``: the face, its upright twin, a system font.

        None for an invisible character no font needs to draw. The oblique faces lack
        Arabic; its upright letters are what an Arabic reader expects, so they are used.
        """
        code = ord(ch)
        if code in self.cmaps[face]:
            return face
        if unicodedata.category(ch) in _INVISIBLE:
            return None
        upright = _UPRIGHT.get(face)
        if upright is not None and code in self.cmaps[upright]:
            return upright
        font = self.fallback.font_for(code)
        if font is None:
            self._note_missing(ch)
            return face
        return font

    def _line(self, line: str, face: str) -> str:
        """One line's markup; a left-to-right line the face draws whole is only escaped."""
        if not direction.has_rtl(line) and self.drawable[face].issuperset(line):
            return escape(line, _ESCAPES)
        return self._line_markup(_drawing_order(line), face)

    def _line_markup(self, pairs: list[tuple[str, str | None]], face: str) -> str:
        runs: list[tuple[str, list[str]]] = []
        for ch, mirror in pairs:
            font = self._font_for(mirror or ch, face)
            if font is None:
                continue
            drawn = drawn_mirror(font, ch, mirror) if mirror else ch
            if runs and runs[-1][0] == font:
                runs[-1][1].append(drawn)
            else:
                runs.append((font, [drawn]))
        out = []
        for font, chars in runs:
            body = escape("".join(chars), _ESCAPES)
            out.append(body if font == face else f'<font face="{font}">{body}</font>')
        return "".join(out)


def _drawing_order(line: str) -> list[tuple[str, str | None]]:
    """One line's characters as drawn: (character, its mirror or None), left to right."""
    if not direction.has_rtl(line):
        return [(ch, None) for ch in line]
    return bidi.visual_pairs(line)


class UserParagraph(Paragraph):  # type: ignore[misc]
    """A Paragraph whose same-style fragments are merged after parsing.

    The parser cuts text at every escaped character (``&amp;``, ``&lt;``); joined again,
    a line of user text is one fragment, which wraps faster.
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


class BidiParagraph(Flowable):  # type: ignore[misc]
    """A paragraph holding right-to-left text: wrapped in logical order, drawn line by line.

    The text arrives shaped, with each character's font and resolved bidi level. Lines
    are broken at spaces on widths measured in those fonts; each line is then reordered on
    its own, so a wrapped sentence reads top to bottom whatever fonts it mixes. Glyphs are
    written run by run in logical order, each run placed where the eye sees it, so copying
    the text returns what was typed, numbers included. A right-to-left paragraph aligns
    right; in a table cell it keeps to the column's start and aligns its lines right
    within its own width, so a name sits in the column it belongs to.
    """

    def __init__(
        self,
        text: str,
        fonts: list[str],
        levels: list[int],
        rtl: bool,
        style: ParagraphStyle,
    ) -> None:
        super().__init__()
        self.text = text
        self.fonts = fonts
        self.levels = levels
        self.rtl = rtl
        self.style = style
        self.spaceBefore = style.spaceBefore
        self.spaceAfter = style.spaceAfter
        self.hAlign = "LEFT"
        self.lines: list[tuple[int, int]] = []
        self._widths: list[float] = []
        self._box = 0.0
        self.plain = text  # the text as typed (not shaped), for the PDF's bookmarks

    def getPlainText(self) -> str:  # noqa: N802 - reportlab's name, as on a Paragraph
        """The paragraph's text in logical order, as typed (a heading's bookmark title)."""
        return self.plain

    # -------------------------------------------------------------- platypus
    def wrap(self, avail_width: float, _avail_height: float) -> tuple[float, float]:
        style = self.style
        self._box = max(avail_width - style.leftIndent - style.rightIndent, 1.0)
        if not self._widths and self.text:
            self._widths = [
                pdfmetrics.stringWidth(ch, font, style.fontSize)
                for ch, font in zip(self.text, self.fonts, strict=True)
            ]
        self.lines = self._break(self._box)
        self.width = avail_width
        if self._in_cell():
            widest = max((self._line_width(line) for line in self.lines), default=0.0)
            self.width = min(avail_width, widest + style.leftIndent + style.rightIndent)
            self._box = self.width - style.leftIndent - style.rightIndent
        self.height = style.leading * max(len(self.lines), 1)
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        self.wrap(avail_width, avail_height)
        fit = int((avail_height + 1e-6) // self.style.leading)
        if fit >= len(self.lines):
            return [self]
        if fit <= 0:
            return []
        cut = self.lines[fit][0]
        return [self._part(0, self.lines[fit - 1][1]), self._part(cut, len(self.text))]

    def draw(self) -> None:
        style = self.style
        canvas = self.canv
        canvas.setFillColor(style.textColor)
        y = self.height - style.fontSize
        for start, end in self.lines:
            self._draw_line(start, end, y)
            y -= style.leading

    # -------------------------------------------------------------- internals
    def _in_cell(self) -> bool:
        """A right-to-left paragraph in a left-aligned table cell (the ``cell*`` styles)."""
        return self.rtl and self.style.alignment == TA_LEFT and self.style.name.startswith("cell")

    def _part(self, start: int, end: int) -> BidiParagraph:
        """The lines from ``start`` to ``end``, keeping the levels resolved over the whole."""
        part = BidiParagraph(
            self.text[start:end],
            self.fonts[start:end],
            self.levels[start:end],
            self.rtl,
            self.style,
        )
        part._widths = self._widths[start:end]
        return part

    def _line_width(self, line: tuple[int, int]) -> float:
        return sum(self._widths[line[0] : line[1]])

    def _break(self, box: float) -> list[tuple[int, int]]:
        """Lines as (start, end) positions: greedy at spaces, long words cut where full."""
        text, widths = self.text, self._widths
        lines: list[tuple[int, int]] = []
        start = 0
        n = len(text)
        while start < n:
            width = 0.0
            end = start
            last_space = -1
            while end < n and (width + widths[end] <= box or end == start):
                if text[end] == " " and end > start:
                    last_space = end
                width += widths[end]
                end += 1
            if end < n and text[end] != " " and last_space > start:
                end = last_space
            line_end = end
            while line_end > start and text[line_end - 1] == " ":
                line_end -= 1
            lines.append((start, line_end if line_end > start else end))
            while end < n and text[end] == " ":
                end += 1
            start = end
        return lines or [(0, 0)]

    def _draw_line(self, start: int, end: int, y: float) -> None:
        """One line: its runs written in logical order, each placed at its visual x."""
        text = self.text[start:end]
        order = bidi.line_order(text, self.levels[start:end], self.rtl)
        x_of = [0.0] * len(text)
        x = 0.0
        for at in order:
            x_of[at] = x
            x += self._widths[start + at]
        offset = self._indent(x)
        rank = {at: i for i, at in enumerate(order)}
        size = self.style.fontSize
        out = self.canv.beginText()
        at = 0
        alone = self._written_alone(start, end)
        while at < len(text):
            step = -1 if self.levels[start + at] % 2 else 1
            run = [at]
            while (
                run[-1] + 1 < len(text)
                and not alone[run[-1]]
                and not alone[run[-1] + 1]
                and self.fonts[start + run[-1] + 1] == self.fonts[start + at]
                and self.levels[start + run[-1] + 1] == self.levels[start + at]
                and rank[run[-1] + 1] == rank[run[-1]] + step
            ):
                run.append(run[-1] + 1)
            font = self.fonts[start + at]
            drawn = [self._drawn(start + i, font) for i in run]
            left = min(run, key=lambda i: x_of[i])
            out.setTextOrigin(offset + x_of[left], y)
            out.setFont(font, size)
            out.textOut("".join(drawn[::step]))
            at = run[-1] + 1
        self.canv.drawText(out)

    def _written_alone(self, start: int, end: int) -> list[bool]:
        """Which of a line's characters are written on their own, in their logical place.

        A space or punctuation mark next to a change of direction belongs to neither run
        by its look; written alone, between the runs as typed, it is copied where it was
        typed (a reader that rebuilds the order from the runs would put a run's edge space
        or its "%)" on the wrong side of the number next to it).
        """
        levels = self.levels
        alone = []
        for at in range(start, end):
            changes = (at > start and levels[at - 1] != levels[at]) or (
                at + 1 < end and levels[at + 1] != levels[at]
            )
            alone.append(changes and unicodedata.bidirectional(self.text[at]) in _NEUTRAL)
        return alone

    def _indent(self, width: float) -> float:
        """Where a line of ``width`` starts, after the left indent."""
        style = self.style
        free = self._box - width
        align = style.alignment
        if self.rtl and align in (TA_LEFT, TA_JUSTIFY):
            align = TA_RIGHT
        if align == TA_RIGHT:
            return float(style.leftIndent + free)
        if align == TA_CENTER:
            return float(style.leftIndent + free / 2)
        return float(style.leftIndent)

    def _drawn(self, at: int, font: str) -> str:
        ch = self.text[at]
        mirror = bidi.mirrored(ch, self.levels[at])
        return drawn_mirror(font, ch, mirror) if mirror else ch
