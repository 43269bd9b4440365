"""Agenda templates: a team saves a session's agenda under a name and plans from it later.

A template keeps each phase's title, mode, times, prompt, format grouping and round (a step
of a block that repeats for the group: how it repeats, its round, how many rounds), and
the time the team had for the agenda (its "time available"), never ids or run times; a
session made from it gets fresh phases, the rounds then planned for the people present.
Templates saved before version 2 kept no time available, before version 3 no rounds.
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

TEMPLATE_VERSION = 3  # 2: the time available (``available_min``) is kept; 3: rounds


@dataclass(frozen=True, slots=True)
class AgendaTemplate:
    team_id: str
    name: str
    steps: tuple[dict[str, Any], ...]
    created_at: str = ""
    id: str = ""
    available_min: int | None = None  # the time the team had for this agenda, in minutes

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
        "repeat": phase.repeat,
        "round_no": phase.round_no,
        "rounds": phase.rounds,
    }


def _from_row(row: dict[str, Any]) -> AgendaTemplate:
    data = json.loads(row["phases"])
    steps = data["steps"] if isinstance(data, dict) else data
    available = data.get("available_min") if isinstance(data, dict) else None
    return AgendaTemplate(
        team_id=row["team_id"],
        name=row["name"],
        steps=tuple(steps),
        created_at=row.get("created_at") or "",
        id=row["id"],
        available_min=_minutes(available),
    )


def _minutes(value: object) -> int | None:
    """A kept time available: a positive whole number of minutes, else none kept."""
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        return None
    return value


def save_template(
    database: Database,
    team_id: str,
    name: str,
    phases: Sequence[Phase],
    *,
    replace: bool = False,
    available_min: int | None = None,
) -> AgendaTemplate:
    """Store the agenda (and the time available for it, when known) under ``name`` for the
    team; an existing name needs ``replace``."""
    name = clean_name(name, "Template name")
    if not phases:
        raise ValidationError("The agenda is empty; add a format before saving it as a template.")
    groups: dict[str, int] = {}
    steps = tuple(_step(p, groups) for p in phases)
    kept = _minutes(available_min)
    payload = json.dumps(
        {"version": TEMPLATE_VERSION, "available_min": kept, "steps": list(steps)},
        ensure_ascii=False,
    )
    existing = database.query(
        "select id from agenda_templates where team_id = ? and lower(name) = lower(?)",
        [team_id, name],
    )
    if existing and not replace:
        raise ValidationError(
            f"There is already a template called {name!r}; choose another name or replace it."
        )
    template = AgendaTemplate(
        team_id,
        name,
        steps,
        utc_now_iso(),
        existing[0]["id"] if existing else new_id(),
        available_min=kept,
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
    """The template's steps as fresh phases of a session, grouped as they were saved, each
    step of a repeated block in its round (``agenda.recompute`` then plans the rounds for
    the people present)."""
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
                repeat=step.get("repeat"),
                round_no=step.get("round_no"),
                rounds=step.get("rounds"),
            )
        )
    return phases
