"""Agenda templates: a team saves a session's agenda under a name and plans from it later.

A template keeps each phase's title, mode, times, prompt and format grouping, never ids or
run times; a session made from it gets fresh phases.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from facilitator.clock import utc_now_iso
from facilitator.errors import NotFoundError, ValidationError
from facilitator.model import Phase, PhaseMode, clean_name, new_id
from facilitator.store.database import Database

TEMPLATE_VERSION = 1


@dataclass(frozen=True, slots=True)
class AgendaTemplate:
    team_id: str
    name: str
    steps: tuple[dict[str, Any], ...]
    created_at: str = ""
    id: str = ""

    @property
    def planned_s(self) -> int:
        return sum(int(s["planned_s"]) for s in self.steps)


def _step(phase: Phase, groups: dict[str, int]) -> dict[str, Any]:
    group = groups.setdefault(phase.group_id, len(groups)) if phase.group_id else None
    return {
        "title": phase.title,
        "mode": phase.mode.value,
        "planned_s": phase.planned_s,
        "per_speaker_s": phase.per_speaker_s,
        "prompt": phase.prompt,
        "format_key": phase.format_key,
        "group": group,
        "group_title": phase.group_title,
        "is_break": phase.is_break,
    }


def _from_row(row: dict[str, Any]) -> AgendaTemplate:
    data = json.loads(row["phases"])
    steps = data["steps"] if isinstance(data, dict) else data
    return AgendaTemplate(
        team_id=row["team_id"],
        name=row["name"],
        steps=tuple(steps),
        created_at=row.get("created_at") or "",
        id=row["id"],
    )


def save_template(
    database: Database, team_id: str, name: str, phases: Sequence[Phase], *, replace: bool = False
) -> AgendaTemplate:
    """Store the agenda under ``name`` for the team; an existing name needs ``replace``."""
    name = clean_name(name, "Template name")
    if not phases:
        raise ValidationError("The agenda is empty; add a format before saving it as a template.")
    groups: dict[str, int] = {}
    steps = tuple(_step(p, groups) for p in phases)
    payload = json.dumps({"version": TEMPLATE_VERSION, "steps": list(steps)}, ensure_ascii=False)
    existing = database.query(
        "select id from agenda_templates where team_id = ? and lower(name) = lower(?)",
        [team_id, name],
    )
    if existing and not replace:
        raise ValidationError(
            f"There is already a template called {name!r}; choose another name or replace it."
        )
    template = AgendaTemplate(
        team_id, name, steps, utc_now_iso(), existing[0]["id"] if existing else new_id()
    )
    with database.write() as db:
        if existing:
            db.table("agenda_templates").update(
                template.id, {"name": name, "phases": payload, "created_at": template.created_at}
            )
        else:
            db.table("agenda_templates").insert(
                {
                    "id": template.id,
                    "team_id": team_id,
                    "name": name,
                    "phases": payload,
                    "created_at": template.created_at,
                }
            )
    return template


def list_templates(database: Database, team_id: str) -> list[AgendaTemplate]:
    return [
        _from_row(r)
        for r in database.query(
            "select * from agenda_templates where team_id = ? order by name collate nocase",
            [team_id],
        )
    ]


def get_template(database: Database, template_id: str) -> AgendaTemplate:
    rows = database.query("select * from agenda_templates where id = ?", [template_id])
    if not rows:
        raise NotFoundError("That template no longer exists.")
    return _from_row(rows[0])


def delete_template(database: Database, template_id: str) -> None:
    with database.write() as db:
        db.execute("delete from agenda_templates where id = ?", [template_id])


def phases_from(template: AgendaTemplate, session_id: str) -> list[Phase]:
    """The template's steps as fresh phases of a session, grouped as they were saved."""
    groups: dict[int, str] = {}
    phases = []
    for i, step in enumerate(template.steps):
        group = step.get("group")
        phases.append(
            Phase(
                session_id=session_id,
                position=i,
                title=step["title"],
                planned_s=int(step["planned_s"]),
                mode=PhaseMode(step["mode"]),
                prompt=step.get("prompt") or "",
                format_key=step.get("format_key"),
                group_id=groups.setdefault(group, new_id()) if group is not None else None,
                group_title=step.get("group_title") or "",
                per_speaker_s=step.get("per_speaker_s"),
                is_break=bool(step.get("is_break")),
            )
        )
    return phases
