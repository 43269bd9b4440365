"""Right-to-left text in visual order, so Hebrew and Arabic read correctly on paper.

PDF draws glyphs left to right; a line holding right-to-left letters must be given in the
order the eye sees them. This is a compact form of the Unicode bidirectional algorithm for
one line of plain text (no embeddings): resolve each character's level, then reverse runs
from the highest level down (rules W1-W7, N1-N2, I1-I2, L2). Text extractors such as pypdf
read right-to-left runs back into logical order, so the words survive a copy and paste.

Known limits, said plainly: a right-to-left run that wraps onto a second line is reordered
before the line is broken, and Arabic letters are drawn in their isolated forms.
"""

from __future__ import annotations

import unicodedata

_STRONG_R = {"R", "AL"}
_NUMBER = {"EN", "AN"}
_BIDI_CONTROLS = {"LRE", "RLE", "LRO", "RLO", "PDF", "LRI", "RLI", "FSI", "PDI"}


def has_rtl(text: str) -> bool:
    """True when the text holds a right-to-left letter (cheap pre-check)."""
    return any(ord(ch) >= 0x590 and unicodedata.bidirectional(ch) in _STRONG_R for ch in text)


def _types(text: str) -> list[str]:
    types: list[str] = []
    prev = "ON"
    for ch in text:
        kind = unicodedata.bidirectional(ch) or "L"
        if kind == "NSM":  # W1: a mark takes the type of what it marks
            kind = prev
        types.append(kind)
        prev = kind
    return types


def levels(text: str) -> tuple[int, list[int]]:
    """The paragraph level (0 left-to-right, 1 right-to-left) and each character's level."""
    types = _types(text)
    base = 0
    for kind in types:  # P2/P3: the first strong character decides
        if kind == "L":
            break
        if kind in _STRONG_R:
            base = 1
            break
    # W2-W7: numbers after Arabic letters are Arabic numbers; after L they become L.
    last_strong = "R" if base else "L"
    resolved: list[str] = []
    for kind in types:
        if kind in ("L", "R", "AL"):
            last_strong = kind
            resolved.append("R" if kind == "AL" else kind)
        elif kind == "EN":
            resolved.append("AN" if last_strong == "AL" else ("L" if last_strong == "L" else "EN"))
        elif kind == "AN":
            resolved.append("AN")
        else:
            resolved.append("N")
    # N1/N2: neutrals between two equal directions take it; otherwise the base direction.
    n = len(resolved)
    i = 0
    while i < n:
        if resolved[i] != "N":
            i += 1
            continue
        j = i
        while j < n and resolved[j] == "N":
            j += 1
        before = _direction(resolved[i - 1]) if i > 0 else ("R" if base else "L")
        after = _direction(resolved[j]) if j < n else ("R" if base else "L")
        fill = before if before == after else ("R" if base else "L")
        for k in range(i, j):
            resolved[k] = fill
        i = j
    # I1/I2: implicit levels.
    result: list[int] = []
    for kind in resolved:
        if base == 0:
            result.append(0 if kind == "L" else (1 if kind == "R" else 2))
        else:
            result.append(1 if kind == "R" else 2)
    return base, result


def _direction(kind: str) -> str:
    return "L" if kind == "L" else "R"  # numbers count as R for neutrals (N1)


def visual(text: str) -> str:
    """One line of text in visual (left-to-right drawing) order; unchanged without RTL."""
    if not has_rtl(text):
        return text
    text = "".join(ch for ch in text if unicodedata.bidirectional(ch) not in _BIDI_CONTROLS)
    _, lv = levels(text)
    chars = list(text)
    top = max(lv, default=0)
    lowest_odd = 1
    for level in range(top, lowest_odd - 1, -1):  # L2: reverse from the highest level down
        i = 0
        n = len(chars)
        while i < n:
            if lv[i] >= level:
                j = i
                while j < n and lv[j] >= level:
                    j += 1
                chars[i:j] = reversed(chars[i:j])
                lv[i:j] = reversed(lv[i:j])
                i = j
            else:
                i += 1
    return "".join(chars)
