"""People (or agenda templates) of the same name added on two laptops: said once, never
merged by the sync.

Two facilitators may each add "Sam Lee" while their laptops were apart. The people have
different ids, so the team folder keeps them as two people (they may be two people; only
the facilitator knows). One laptop never holds two people whose names are alike (case and
accents folded, as the lists compare them: ``teams`` refuses it), so a pair of alike names
that appears in a sync came from different laptops; the sync's report says so once, the
sync that brings them together, and Merge into… (``roster.merge_participants``) is the
facilitator's to choose. Two agenda templates saved under one name on two laptops are
kept too (the lists tell them apart by the day each was saved), said once the same way.
"""

from __future__ import annotations

from facilitator import collation
from facilitator.store.database import Database

_COUNTS = {2: "Two", 3: "Three", 4: "Four"}


def groups(
    database: Database, team_id: str, table: str = "participants"
) -> dict[frozenset[str], list[str]]:
    """The team's people (or, ``table`` "agenda_templates", its templates) whose names are
    alike, two or more: their ids -> their names as typed, in the order they were added."""
    assert table in ("participants", "agenda_templates")
    alike: dict[str, list[tuple[str, str]]] = {}
    for row in database.query(
        f"select id, name from {table} where team_id = ? order by rowid",  # noqa: S608
        [team_id],
    ):
        alike.setdefault(collation.key(row["name"])[0], []).append((row["id"], row["name"]))
    return {
        frozenset(i for i, _ in people): [n for _, n in people]
        for people in alike.values()
        if len(people) > 1
    }


def new_lines(
    before: dict[frozenset[str], list[str]],
    after: dict[frozenset[str], list[str]],
    table: str = "participants",
) -> list[str]:
    """One line for each group of alike names the sync brought together (not one that was
    there before it, so each is said once)."""
    out = []
    for ids, names in after.items():
        if ids in before:
            continue
        count = _COUNTS.get(len(names), str(len(names)))
        called = " and ".join(f"'{n}'" for n in dict.fromkeys(names))
        if table == "agenda_templates":
            out.append(
                f"{count} agenda templates called {called} were saved on different laptops; "
                "each is kept, and New session tells them apart by the day it was saved."
            )
            continue
        out.append(
            f"{count} people called {called} were added on different laptops; they are kept "
            "as different people. If they are one person, use Merge into… in Team & roles."
        )
    return out
