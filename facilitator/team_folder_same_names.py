"""People of the same name added on two laptops: said once, never merged by the sync.

Two facilitators may each add "Sam Lee" while their laptops were apart. The people have
different ids, so the team folder keeps them as two people (they may be two people; only
the facilitator knows). One laptop never holds two people whose names are alike (case and
accents folded, as the lists compare them: ``teams`` refuses it), so a pair of alike names
that appears in a sync came from different laptops; the sync's report says so once, the
sync that brings them together, and Merge into… (``roster.merge_participants``) is the
facilitator's to choose.
"""

from __future__ import annotations

from facilitator import collation
from facilitator.store.database import Database

_COUNTS = {2: "Two", 3: "Three", 4: "Four"}


def groups(database: Database, team_id: str) -> dict[frozenset[str], list[str]]:
    """The team's people whose names are alike, two or more: their ids -> their names as
    typed, in the order they were added."""
    alike: dict[str, list[tuple[str, str]]] = {}
    for row in database.query(
        "select id, name from participants where team_id = ? order by rowid", [team_id]
    ):
        alike.setdefault(collation.key(row["name"])[0], []).append((row["id"], row["name"]))
    return {
        frozenset(i for i, _ in people): [n for _, n in people]
        for people in alike.values()
        if len(people) > 1
    }


def new_lines(
    before: dict[frozenset[str], list[str]], after: dict[frozenset[str], list[str]]
) -> list[str]:
    """One line for each group of alike names the sync brought together (not one that was
    there before it, so each is said once)."""
    out = []
    for ids, names in after.items():
        if ids in before:
            continue
        count = _COUNTS.get(len(names), str(len(names)))
        called = " and ".join(f"'{n}'" for n in dict.fromkeys(names))
        out.append(
            f"{count} people called {called} were added on different laptops; they are kept "
            "as different people. If they are one person, use Merge into… in Team & roles."
        )
    return out
