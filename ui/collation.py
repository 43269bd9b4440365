"""Names in the order of the user's locale (QCollator: Álvaro with the A's, Øystein with
the O's); where the system has no locale (the "C" locale), English order, never code
points, so an accented name never drops to the end of a list."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

from PySide6.QtCore import QCollator, QLocale, Qt

T = TypeVar("T")


def collator() -> QCollator:
    """A case-insensitive collator for the user's locale (English when there is none)."""
    locale = QLocale()
    if locale.language() == QLocale.Language.C:
        locale = QLocale(QLocale.Language.English)
    result = QCollator(locale)
    result.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    result.setNumericMode(True)  # "Group 2" before "Group 10"
    return result


def sort_by_name(items: Iterable[T], name: Callable[[T], str]) -> list[T]:
    """``items`` in the locale's order of their names; equal names keep their order."""
    order = collator()
    return sorted(items, key=lambda item: order.sortKey(name(item)))
