"""Right-to-left names and titles inside our own left-to-right sentences.

A name typed in Arabic or Hebrew ("ليلى حداد") put in a line of ours ("Speaking: … · 0:59
left") would take the neutral characters and the numbers next to it into its own
right-to-left run, and a line that begins with it would read right to left as a whole: the
screen would show "Speaking: 0:59 · ليلى حداد left". Wrapped in a first-strong isolate
(FSI … PDI, Unicode's Bidirectional Algorithm, rules X5a-X5c, which Qt and the report's
layout both follow), the name keeps its own direction and counts as one neutral character
outside: the line reads as written. The marks draw nothing; the text itself is unchanged.
"""

from __future__ import annotations

import unicodedata

FSI, PDI, LRM = "\u2068", "\u2069", "\u200e"
_STRONG_R = {"R", "AL"}


def has_rtl(text: str) -> bool:
    """True when the text holds a right-to-left letter (cheap pre-check)."""
    if not text or max(text) < "\u0590":
        return False  # every character comes before the Hebrew block
    return any(ord(ch) >= 0x590 and unicodedata.bidirectional(ch) in _STRONG_R for ch in text)


def isolate(text: str) -> str:
    """User text as one first-strong isolate (FSI ... PDI): its direction stays its own and
    it never mixes with the text around it. Text without a right-to-left letter is returned
    unchanged (left-to-right text needs no isolate in a line written left to right)."""
    return f"{FSI}{text}{PDI}" if has_rtl(text) else text


def ours_first(line: str) -> str:
    """A line of ours that may have nothing but a name to set its direction ("5 ليلى حداد"):
    begun with a left-to-right mark so that it reads left to right, its number first, like
    the lines beside it. Unchanged without a right-to-left letter."""
    return f"{LRM}{line}" if has_rtl(line) else line
