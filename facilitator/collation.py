"""The order names are listed in: a collation key that folds case and accents, so Álvaro
sorts with the A's, Émile with the E's and Øystein with the O's, as a reader expects.

The key compares the folded letters first and the written name only to break ties, so
"ana" and "Ana" and "Ána" sit together in a stable order. Letters that Unicode does not
decompose (ø, æ, ł, đ, þ, ß...) are folded by hand to the letters an English reader files
them under. The UI sorts with ``QCollator`` for the user's locale; the core, which has no
Qt, sorts with this key (reports, the command line, every list a store read returns).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import TypeVar

T = TypeVar("T")

# Letters with no canonical decomposition, spelled as the letters they are filed under.
_FOLDS = str.maketrans(
    {
        "ø": "o",
        "æ": "ae",
        "œ": "oe",
        "ł": "l",
        "đ": "d",
        "ð": "d",
        "þ": "th",
        "ı": "i",
        "ħ": "h",
        "ŧ": "t",
        "ŋ": "n",
    }
)


@lru_cache(maxsize=4096)
def key(name: str) -> tuple[str, str, str]:
    """The sort key of a name: accents and case folded first, then the name as written."""
    folded = unicodedata.normalize("NFKD", name.casefold())
    base = "".join(c for c in folded if not unicodedata.combining(c)).translate(_FOLDS)
    return (" ".join(base.split()), folded, name)


def folded(name: str) -> str:
    """A name with case and accents folded and its spaces evened ("zoe" for "Zoë"), as names
    are matched when typed."""
    return key(name)[0]


def sort_by_name(items: Iterable[T], name: Callable[[T], str]) -> list[T]:
    """``items`` in name order (``name`` reads each item's name)."""
    return sorted(items, key=lambda item: key(name(item)))
