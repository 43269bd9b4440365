"""How an item changed on two laptops reads beside its other version (the list of them,
ui/screens/sync_conflicts.py): what of the team it belongs to when it is no session's
(its roster and roles, its rotation rules, an agenda template), and each version's fields
in plain words: an agenda template's steps one line each (title, how people speak, how
long), the rotation rules as the Roles screen says them, yes or no. What the user typed
(a name, a step's title, a prompt) is kept exactly as typed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from facilitator import durations
from facilitator.formats import timing_text
from facilitator.model import label, round_heading

# Fields that say where an item belongs and when it was stored, not what it says.
BOOKKEEPING = frozenset(
    {"id", "created_at", "updated_at", "changed_at", "position", "sort_order", "version"}
)
# The rotation rules, as the Roles screen's "Team rules" ticks say them.
RULE_LABELS = {
    "shadow_newcomers": "Newcomers shadow before holding a role",
    "rotate_per_phase": "Change roles at every agenda item",
}
_PLAN_TABLES = ("rotation_rules", "agenda_templates")  # the team's plans: "Plans of Ops"
EMPTY = "(empty)"


@dataclass(frozen=True, slots=True)
class Field:
    """One field of a version: its label and what it holds, one entry for a single value,
    a template's steps one entry each (a step with a prompt is two lines)."""

    key: str
    label: str
    entries: tuple[str, ...]
    typed: bool = False  # a single value the user typed: copied alone, exactly
    listed: bool = False  # shown as a list under its label, one entry a line

    @property
    def value(self) -> str:
        return "\n".join(self.entries)


def place_text(table: str, team_name: str) -> str:
    """What of the team an item that belongs to no session is part of: ``Plans of Ops``
    for an agenda template or the rotation rules (the item's own line names which), else
    ``Team roster and roles of Ops`` (the team's name unknown: without it)."""
    what = "Plans" if table in _PLAN_TABLES else "Team roster and roles"
    return f"{what} of {team_name}" if team_name else what


def fields(table: str, row: dict[str, Any]) -> list[Field]:
    """A version's fields in the order they are shown, bookkeeping left out."""
    if table == "agenda_templates":
        return _template_fields(row)
    out = []
    for key, value in row.items():
        if key in BOOKKEEPING or key.endswith("_id"):
            continue
        if key in RULE_LABELS:
            out.append(Field(key, RULE_LABELS[key], (_yes_no(value),)))
            continue
        shown = EMPTY if value in (None, "") else str(value)
        out.append(Field(key, key.replace("_", " ").capitalize(), (shown,), isinstance(value, str)))
    return out


def _yes_no(value: Any) -> str:
    if value in (None, ""):
        return EMPTY
    return "yes" if value else "no"


def _template_fields(row: dict[str, Any]) -> list[Field]:
    name = row.get("name")
    out = [Field("name", "Name", (EMPTY if not name else str(name),), isinstance(name, str))]
    phases = row.get("phases")
    steps = phases.get("steps") if isinstance(phases, dict) else phases
    if isinstance(phases, dict):
        available = phases.get("available_min")
        kept = isinstance(available, int) and not isinstance(available, bool) and available > 0
        shown = durations.length_text(int(available or 0) * 60) if kept else "not kept"
        out.append(Field("available_min", "Time available", (shown,)))
    if isinstance(steps, list) and all(isinstance(s, dict) for s in steps):
        total = sum(_seconds(s) for s in steps)
        count = "1 step" if len(steps) == 1 else f"{len(steps)} steps"
        title = f"Steps ({count}, {durations.length_text(total)})"
        out.append(Field("steps", title, tuple(step_text(s) for s in steps), listed=True))
    else:  # a damaged template, shown as it came
        out.append(Field("steps", "Steps", (EMPTY if phases in (None, "") else str(phases),)))
    return out


def _seconds(step: dict[str, Any]) -> int:
    planned = step.get("planned_s")
    return planned if isinstance(planned, int) and not isinstance(planned, bool) else 0


def step_text(step: dict[str, Any]) -> str:
    """A template's step as the planner says one: ``Consult (round 2 of 3) — Small groups,
    4 min``; its format first when it came from one (``Troika Consulting · Consult``), a
    round-robin's slot for each speaker (``(1:00 each)``), and its prompt, as typed, on
    the next line."""
    title = str(step.get("title") or "")
    rounds = step.get("rounds")
    round_no = step.get("round_no")
    head = round_heading(
        title,
        round_no if isinstance(round_no, int) else None,
        rounds if isinstance(rounds, int) else None,
    )
    group = step.get("group_title")
    if isinstance(group, str) and group:
        head = f"{group} · {head}"
    per = step.get("per_speaker_s")
    per_speaker = per if isinstance(per, int) and not isinstance(per, bool) else None
    timing = timing_text(label(str(step.get("mode") or "")), _seconds(step), per_speaker)
    line = f"{head} — {timing}"
    prompt = step.get("prompt")
    if isinstance(prompt, str) and prompt:
        line += f"\nPrompt: {prompt}"
    return line
