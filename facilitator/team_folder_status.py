"""What the window says about a team's folder before anything is synced: the folder a team
is linked to, when it was last synced, how many items changed on two laptops wait to be
looked at.

Reads of this laptop's database alone, kept apart from the sync itself
(``facilitator.team_folder``, with the folder's files and the merge), so that the home
screen's status lines cost no more than their queries on the first paint.
"""

from __future__ import annotations

from pathlib import Path

from facilitator.store import team_folder as store
from facilitator.store.database import Database


def folder_for(database: Database, team_id: str) -> Path | None:
    """The folder the team is linked to on this laptop, if any."""
    row = store.folder_row(database, team_id)
    return Path(row["path"]) if row else None


def last_sync(database: Database, team_id: str) -> str | None:
    """When this laptop last synced the team (an ISO time), None before the first sync."""
    row = store.folder_row(database, team_id)
    return row["last_sync_at"] if row else None


def conflict_count(database: Database, team_id: str) -> int:
    """How many items changed on two laptops are still to be looked at."""
    return len(store.conflicts(database, team_id))


def before_restore(database: Database) -> str:
    """What to say before a backup replaces the database, for the teams it shares through a
    team folder: the folder keeps what was synced, and a sync brings it back."""
    from facilitator import roster

    shared = [t.name for t in roster.list_teams(database) if folder_for(database, t.id)]
    if not shared:
        return ""
    names = ", ".join(shared)
    return (
        f"{names} {'is' if len(shared) == 1 else 'are'} shared through a team folder, which "
        "keeps what was synced: the next sync brings it back, what this restore takes away "
        "included. A backup from before the folder was linked leaves the team unshared "
        "until it is linked again (File → Team folder…)."
    )
