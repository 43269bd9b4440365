"""Right-to-left text for the page: Arabic joined, bidi levels resolved, each line reordered.

PDF draws glyphs left to right, so a paragraph holding Hebrew or Arabic is prepared in steps:
Arabic letters take their joined forms (arabic-reshaper), every character's embedding level
is resolved over the whole paragraph (python-bidi: numbers such as "1,500", "09:30", "3.14"
and "25%" keep their order), the paragraph is broken into lines in logical order by the
caller, and only then is each line reordered for drawing (UAX #9 rules L1 and L2), with
brackets in right-to-left runs mirrored (L4). Resolving over the paragraph and reordering per
line is what keeps a wrapped right-to-left sentence reading top to bottom, and a full stop at
a line break at the end of its own run.

Both libraries are imported only when a text holds a right-to-left letter.
"""

from __future__ import annotations

import unicodedata
from functools import cache
from typing import Any

_STRONG_R = {"R", "AL"}
_STRONG = {"L", "R", "AL"}
# Explicit embeddings and isolates: python-bidi's Python rules predate isolates, and the
# report never needs them (each paragraph is resolved on its own).
_BIDI_CONTROLS = {"LRE", "RLE", "LRO", "RLO", "PDF", "LRI", "RLI", "FSI", "PDI"}
_ARABIC_BLOCKS = ((0x0600, 0x06FF), (0x0750, 0x077F), (0x08A0, 0x08FF))


def has_rtl(text: str) -> bool:
    """True when the text holds a right-to-left letter (cheap pre-check)."""
    if not text or max(text) < "\u0590":
        return False  # every character comes before the Hebrew block
    return any(ord(ch) >= 0x590 and unicodedata.bidirectional(ch) in _STRONG_R for ch in text)


def is_rtl(text: str) -> bool:
    """The paragraph direction (rules P2, P3): right-to-left when the first strong letter is."""
    for ch in text:
        kind = unicodedata.bidirectional(ch)
        if kind in _STRONG:
            return kind in _STRONG_R
    return False


def strip_controls(text: str) -> str:
    """The text without explicit embedding, override and isolate controls (all invisible)."""
    return "".join(ch for ch in text if unicodedata.bidirectional(ch) not in _BIDI_CONTROLS)


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

    Uses python-bidi's rule-by-rule implementation (X1-X9, W1-W7, N1-N2, I1-I2), which is
    the one that exposes levels; its compiled ``get_display`` only returns a whole string
    and cannot reorder lines broken after resolution. Characters the rules remove (X9)
    take the level of the character before them.
    """
    from bidi import algorithm as uba

    storage = uba.get_empty_storage()
    storage["base_level"] = 1 if rtl else 0
    storage["base_dir"] = "R" if rtl else "L"
    uba.get_embedding_levels(text, storage)
    for at, char in enumerate(storage["chars"]):
        char["at"] = at
    uba.explicit_embed_and_overrides(storage)
    uba.resolve_weak_types(storage)
    uba.resolve_neutral_types(storage, False)
    uba.resolve_implicit_levels(storage, False)
    result = [-1] * len(text)
    for char in storage["chars"]:
        result[char["at"]] = char["level"]
    previous = storage["base_level"]
    for at, level in enumerate(result):
        if level < 0:
            result[at] = previous
        previous = result[at]
    return result


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
    text = shape(strip_controls(text))
    rtl = is_rtl(text)
    lv = levels(text, rtl)
    return [(text[at], mirrored(text[at], lv[at])) for at in line_order(text, lv, rtl)]


def visual(text: str) -> str:
    """One line of text in visual (left-to-right drawing) order; unchanged without RTL."""
    if not has_rtl(text):
        return text
    return "".join(mirror or ch for ch, mirror in visual_pairs(text))
