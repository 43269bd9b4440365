"""Items changed on two laptops while offline (found by a team folder sync): the version
kept and the other one, listed for the facilitator until dismissed (and back on undo)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from facilitator.changes import Changes, Topic
from facilitator.clock import iso, utc_now_iso
from facilitator.errors import NotFoundError
from facilitator.store import team_folder as store
from facilitator.store.database import Database
from facilitator.team_folder_merge import DELETED, shown


@dataclass(frozen=True)
class Conflict:
    """An item changed on two laptops: the version kept and the other one, to be shown."""

    id: str
    team_id: str
    session_id: str | None
    table: str
    item_id: str
    kept: dict[str, Any] | None  # None: the item is deleted
    kept_from: str
    kept_changed_at: str
    other: dict[str, Any] | None
    other_from: str
    other_changed_at: str
    found_at: str
    dismissed_at: str | None

    @property
    def what(self) -> str:
        return shown(self.table, self.kept or self.other)

    def describe(self) -> str:
        """One line: what was changed on both laptops and which change was kept."""
        kept = "its deletion" if self.kept is None else "the later change"
        other = "a deletion" if self.other is None else "the other change"
        were = "were" if self.table == "rotation_rules" else "was"
        return (
            f"{self.what[:1].upper()}{self.what[1:]} {were} changed on {self.kept_from} and on "
            f"{self.other_from}: kept {kept} (from {self.kept_from}); {other} "
            f"(from {self.other_from}) is kept for review."
        )


def _conflict(row: dict[str, Any]) -> Conflict:
    def value(text: str) -> dict[str, Any] | None:
        return None if text == DELETED else json.loads(text)

    return Conflict(
        row["id"],
        row["team_id"],
        row["session_id"],
        row["tbl"],
        row["item_id"],
        value(row["kept"]),
        row["kept_from"] or "",
        row["kept_changed_at"] or "",
        value(row["other"]),
        row["other_from"] or "",
        row["other_changed_at"] or "",
        row["found_at"],
        row["dismissed_at"],
    )


def list_conflicts(database: Database, team_id: str, *, dismissed: bool = False) -> list[Conflict]:
    """Items changed on two laptops, oldest first; the dismissed ones too when asked."""
    return [_conflict(r) for r in store.conflicts(database, team_id, dismissed=dismissed)]


def dismiss_conflict(
    database: Database, conflict_id: str, *, now: datetime | None = None
) -> Changes:
    """The facilitator has seen a conflict: it is no longer listed."""
    team_id = store.dismiss(database, conflict_id, iso(now) if now is not None else utc_now_iso())
    if team_id is None:
        raise NotFoundError("That conflict is no longer there; nothing was changed.")
    return Changes.of(Topic.TEAMS, team_id=team_id)


def undismiss_conflict(database: Database, conflict_id: str) -> Changes:
    """Undo a dismissal: the conflict is listed again, the other version with it."""
    team_id = store.undismiss(database, conflict_id)
    if team_id is None:
        raise NotFoundError("That conflict is no longer there; nothing was changed.")
    return Changes.of(Topic.TEAMS, team_id=team_id)
