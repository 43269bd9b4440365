"""The team's rotation rules and agenda templates in the team folder.

They travel in each laptop's ``team.json`` beside the roster (docs/json-format.md, "The
team folder"), as two optional lists, and are merged by ``team_folder_merge`` like the
roster: matched by key, the later change kept, the other one kept as a conflict, a deleted
template deleted elsewhere. A file written before they travelled has neither list and is
read as it always was.

- ``rotation_rules``: at most one item, the team's ``{team_id, shadow_newcomers}`` (its key
  is the team's id; whether people rotate per agenda item is the team's own
  ``rotate_per_phase``, which travels with the team). A team that never changed its rules
  has none, and the defaults apply.
- ``agenda_templates``: ``{id, team_id, name, phases, created_at}``, ``phases`` being the
  template as the app keeps it (an object with its ``version``, ``available_min`` and
  ``steps``; a list of steps for the oldest templates).

This module knows the shape of these items only: checking them as read from a file, and
turning them into rows and back, and listing this laptop's for its ``team.json``.
"""

from __future__ import annotations

import json
from typing import Any

from facilitator.model import PhaseMode
from facilitator.store import team_folder as store
from facilitator.store.database import Database

PLAN_TABLES = ("rotation_rules", "agenda_templates")
_MODES = frozenset(m.value for m in PhaseMode)


def _text(value: Any, where: str, *, empty: bool = True) -> str:
    if value is None and empty:
        return ""
    if not isinstance(value, str) or (not empty and not value.strip()):
        raise ValueError(f"{where} should be {'text' if empty else 'a non-empty text'}")
    return value


def _steps(phases: Any, where: str) -> None:
    steps = phases.get("steps") if isinstance(phases, dict) else phases
    if not isinstance(steps, list) or not steps:
        raise ValueError(f"{where}: 'phases' should hold a list of steps")
    for i, step in enumerate(steps, 1):
        if not isinstance(step, dict):
            raise ValueError(f"{where}: step {i} should be an object")
        _text(step.get("title"), f"{where}: step {i}'s 'title'", empty=False)
        planned = step.get("planned_s")
        if not isinstance(planned, int) or isinstance(planned, bool) or planned < 0:
            raise ValueError(f"{where}: step {i}'s 'planned_s' should be a whole number")
        if step.get("mode") not in _MODES:
            raise ValueError(f"{where}: step {i}'s 'mode' {step.get('mode')!r} is unknown")


def read_items(data: dict[str, Any], team_id: str) -> dict[str, list[dict[str, Any]]]:
    """The rotation rules and templates of a ``team.json`` (``data``), checked, in the shape
    files carry; ``ValueError`` with the note to show when one cannot be used. Missing
    lists (a file written before they travelled) are empty."""
    out: dict[str, list[dict[str, Any]]] = {t: [] for t in PLAN_TABLES}
    for table in PLAN_TABLES:
        value = data.get(table)
        if value is None:
            continue
        if not isinstance(value, list):
            raise ValueError(f"{table!r} should be a list")
        for i, raw in enumerate(value, 1):
            where = f"{table} item {i}"
            if not isinstance(raw, dict):
                raise ValueError(f"{where} should be an object")
            if raw.get("team_id") != team_id:
                raise ValueError(f"{table}: an item belongs to another team")
            out[table].append(_checked(table, raw, where))
    if len(out["rotation_rules"]) > 1:
        raise ValueError("'rotation_rules' should hold at most one item")
    return out


def _checked(table: str, raw: dict[str, Any], where: str) -> dict[str, Any]:
    if table == "rotation_rules":
        shadow = raw.get("shadow_newcomers")
        if shadow not in (0, 1) or not isinstance(shadow, int):
            raise ValueError(f"{where}: 'shadow_newcomers' should be true or false")
        return {"team_id": raw["team_id"], "shadow_newcomers": int(shadow)}
    phases = raw.get("phases")
    _steps(phases, where)
    return {
        "id": _text(raw.get("id"), f"{where}: 'id'", empty=False),
        "team_id": raw["team_id"],
        "name": _text(raw.get("name"), f"{where}: 'name'", empty=False),
        "phases": phases,
        "created_at": _text(raw.get("created_at"), f"{where}: 'created_at'"),
    }


def key_of(table: str, item: dict[str, Any]) -> str:
    return str(item["team_id"] if table == "rotation_rules" else item["id"])


def file_item(table: str, raw: dict[str, Any]) -> dict[str, Any]:
    """A stored row in the shape ``team.json`` carries (what is compared and hashed)."""
    if table == "rotation_rules":
        return {"team_id": raw["team_id"], "shadow_newcomers": int(bool(raw["shadow_newcomers"]))}
    try:
        phases: Any = json.loads(raw["phases"])
    except (TypeError, ValueError):
        phases = raw["phases"]  # damaged here: compared as it is, never parsed again
    return {
        "id": raw["id"],
        "team_id": raw["team_id"],
        "name": raw["name"],
        "phases": phases,
        "created_at": raw.get("created_at") or "",
    }


def stored_row(table: str, item: dict[str, Any]) -> dict[str, Any]:
    """An item of a file as the row to write here."""
    if table == "rotation_rules":
        return dict(item)
    return {**item, "phases": json.dumps(item["phases"], ensure_ascii=False)}


def file_lists(database: Database, team_id: str) -> dict[str, list[dict[str, Any]]]:
    """The team's rotation rules and templates as this laptop's ``team.json`` lists them."""
    out = {}
    for table in PLAN_TABLES:
        rows = store.rows_in_scopes(database, table, [team_id])
        out[table] = [file_item(table, rows[key]) for key in sorted(rows)]
    return out
