"""Right-to-left text for the page: Arabic joined, bidi levels resolved, each line reordered.

PDF draws glyphs left to right, so a paragraph holding Hebrew or Arabic is prepared in steps:
Arabic letters take their joined forms (arabic-reshaper), every character's embedding level
is resolved over the whole paragraph by the current Unicode Bidirectional Algorithm
(python-bidi's compiled module, the ``unicode-bidi`` crate: bracket pairs resolved together
by rule N0, isolates X5a-X5c, numbers such as "1,500", "09:30", "3.14" and "25%" kept in
order), the paragraph is broken into lines in logical order by the caller, and only then is
each line reordered for drawing (UAX #9 rules L1 and L2), with brackets in right-to-left
runs mirrored (L4). Resolving over the paragraph and reordering per line is what keeps a
wrapped right-to-left sentence reading top to bottom, and a full stop at a line break at the
end of its own run.

Text we put around what a user typed (a bullet, a date, a role, a list's commas) keeps its
place when the user's part is an isolate (``facilitator.direction.isolate``, which the
screens use too): inside it the user's text takes its own direction, outside it counts as
one neutral character.

Both libraries are imported only when a text holds a right-to-left letter.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from typing import Any

from facilitator.direction import has_rtl

_STRONG_R = {"R", "AL"}
_STRONG = {"L", "R", "AL"}
# Explicit embeddings and isolates: they take part in resolving levels, then are dropped
# (they draw nothing).
_BIDI_CONTROLS = {"LRE", "RLE", "LRO", "RLO", "PDF", "LRI", "RLI", "FSI", "PDI"}
_ISOLATE_OPENERS = {"LRI", "RLI", "FSI"}
# One level in the compiled module's debug dump of its BidiInfo (one per UTF-8 byte).
_LEVEL = re.compile(r"Level\(\s*(\d+),\s*\)")
_ARABIC_BLOCKS = ((0x0600, 0x06FF), (0x0750, 0x077F), (0x08A0, 0x08FF))


def strip_isolates(text: str) -> str:
    """The text without explicit embedding, override and isolate controls (all invisible)."""
    return "".join(ch for ch in text if unicodedata.bidirectional(ch) not in _BIDI_CONTROLS)


def is_rtl(text: str) -> bool:
    """The paragraph direction (rules P2, P3): right-to-left when the first strong letter
    outside any isolate is."""
    depth = 0
    for ch in text:
        kind = unicodedata.bidirectional(ch)
        if kind in _ISOLATE_OPENERS:
            depth += 1
        elif kind == "PDI":
            depth = max(0, depth - 1)
        elif depth == 0 and kind in _STRONG:
            return kind in _STRONG_R
    return False


def shape(text: str) -> str:
    """Arabic letters in their joined (initial, medial, final) presentation forms.

    Characters stay in logical order; a lam-alef pair becomes one ligature, so the result
    can be one character shorter per pair. Text without Arabic is returned unchanged.
    """
    if not any(lo <= ord(ch) <= hi for ch in text for lo, hi in _ARABIC_BLOCKS):
        return text
    return str(_reshaper().reshape(text))


@cache
def _reshaper() -> Any:
    """A reshaper that keeps vowel marks and makes only the letter ligatures fonts carry.

    Word ligatures such as the one for "Allah" (U+FDF2) are missing from most fonts,
    DejaVu included; the lam-alef ligatures are in every Arabic font.
    """
    from arabic_reshaper import ArabicReshaper
    from arabic_reshaper.ligatures import SENTENCES_LIGATURES, WORDS_LIGATURES

    config: dict[str, Any] = {"delete_harakat": False, "support_ligatures": True}
    for name, _forms in (*SENTENCES_LIGATURES, *WORDS_LIGATURES):
        config[name] = False
    return ArabicReshaper(configuration=config)


def levels(text: str, rtl: bool) -> list[int]:
    """Each character's resolved embedding level in a paragraph of the given direction.

    Resolved by python-bidi's compiled module (the ``unicode-bidi`` crate), which follows
    the current algorithm, bracket pairs and isolates included; its pure-Python module
    follows an older version with neither. The compiled ``get_display`` returns a whole
    string reordered as one line, so the levels are read from its debug dump instead (one
    per UTF-8 byte; a character takes its first byte's), and lines broken after resolving
    are reordered here (``line_order``).
    """
    if not text:
        return []  # a blank line between paragraphs
    import bidi as uba

    dump = str(uba.get_display(text, base_dir="R" if rtl else "L", debug=True))
    start = dump.index("\n    levels: [")  # the text itself is printed escaped, on one line
    per_byte = [int(level) for level in _LEVEL.findall(dump, start, dump.index("\n    ]", start))]
    result: list[int] = []
    at = 0
    for ch in text:
        result.append(per_byte[at])
        at += len(ch.encode())
    return result


def resolve(text: str) -> tuple[str, list[int], bool]:
    """A paragraph shaped and resolved: (its drawn characters, their levels, right-to-left).

    Explicit controls and isolates take part in resolving, then are dropped: they are
    invisible, and keeping them would only put stray characters into copied text.
    """
    shaped = shape(text)
    rtl = is_rtl(shaped)
    resolved = levels(shaped, rtl)
    kept = [
        at for at, ch in enumerate(shaped) if unicodedata.bidirectional(ch) not in _BIDI_CONTROLS
    ]
    return "".join(shaped[at] for at in kept), [resolved[at] for at in kept], rtl


def line_order(text: str, line_levels: list[int], rtl: bool) -> list[int]:
    """The positions of one line's characters from left to right (rules L1, L2).

    Spaces at the end of the line take the paragraph level; runs are reversed from the
    highest level down to the lowest odd one; a combining mark stays drawn after its base.
    """
    lv = list(line_levels)
    base = 1 if rtl else 0
    end = len(text)
    while end > 0 and unicodedata.bidirectional(text[end - 1]) in ("WS", "BN"):
        end -= 1
        lv[end] = base
    order = list(range(len(text)))
    odd = [level for level in lv if level % 2]
    if not odd:
        return order
    for level in range(max(lv), min(odd) - 1, -1):
        i = 0
        while i < len(order):
            if lv[order[i]] < level:
                i += 1
                continue
            j = i
            while j < len(order) and lv[order[j]] >= level:
                j += 1
            order[i:j] = reversed(order[i:j])
            i = j
    return _marks_after_bases(text, order)


def _marks_after_bases(text: str, order: list[int]) -> list[int]:
    """Combining marks put back after the letter they sit on, in reversed runs (rule L3)."""
    out: list[int] = []
    i = 0
    while i < len(order):
        j = i
        while j < len(order) and unicodedata.combining(text[order[j]]):
            j += 1
        if j > i and j < len(order) and order[j] < order[i]:
            out.append(order[j])
            out.extend(order[i:j][::-1])
            i = j + 1
        else:
            out.append(order[i])
            i += 1
    return out


def mirrored(ch: str, level: int) -> str | None:
    """The mirror image of a bracket drawn in a right-to-left run (rule L4), else None."""
    if level % 2 == 0 or not unicodedata.mirrored(ch):
        return None
    from bidi.mirror import MIRRORED

    mirror: str | None = MIRRORED.get(ch)
    return mirror


def visual_pairs(text: str) -> list[tuple[str, str | None]]:
    """One line, shaped and in drawing order: (logical character, its mirror or None)."""
    text, lv, rtl = resolve(text)
    return [(text[at], mirrored(text[at], lv[at])) for at in line_order(text, lv, rtl)]


def visual(text: str) -> str:
    """One line of text in visual (left-to-right drawing) order; unchanged without RTL."""
    if not has_rtl(text):
        return text
    return "".join(mirror or ch for ch, mirror in visual_pairs(text))
