"""What the Roles screen shows of the rota, worked out from the team's record: a row per role
(stored holders with their status and warnings, or the engine's suggestions) and the people
who could take a role, with how often they held it."""

from __future__ import annotations

from dataclasses import dataclass

from facilitator.clock import parse_iso
from facilitator.direction import isolate, ours_first
from facilitator.model import Participant, Role, RoleAssignment, Session
from facilitator.rota import SessionPlan, stored_reason
from facilitator.rota_record import TeamData, present_people
from facilitator.rotation import Tally, build_history, session_day
from ui.models.ledger_model import short_date, times
from ui.models.rota_model import RotaRow


def local_time(at: str) -> str:
    """A stored moment as the local clock showed it (14:05)."""
    return parse_iso(at).astimezone().strftime("%H:%M")


@dataclass(frozen=True)
class Candidate:
    """Someone who could take a role, described for the chooser."""

    participant: Participant
    label: str


def _blocked(data: TeamData, session: Session) -> set[tuple[str, str]]:
    day = session_day(session)
    return {(o.participant_id, o.role_id) for o in data.optouts if o.applies_on(day)}


def rota_rows(
    data: TeamData,
    session: Session,
    plan: SessionPlan,
    stored: list[RoleAssignment],
    sitting_index: int,
) -> list[RotaRow]:
    """The rows of one sitting: the stored roles when there are any, else the suggestions."""
    sitting_plan = plan.sittings[min(max(0, sitting_index), len(plan.sittings) - 1)]
    mine = [a for a in stored if a.phase_id == sitting_plan.sitting.phase_id]
    if not mine:
        return _suggested_rows(data, plan, sitting_index)
    roles = data.rotating() + [
        r for r in data.roles if not r.rotates and any(a.role_id == r.id for a in mine)
    ]
    return [_stored_row(data, session, role, mine) for role in roles]


def _suggested_rows(data: TeamData, plan: SessionPlan, sitting_index: int) -> list[RotaRow]:
    rows = []
    for pick in plan.sittings[sitting_index or 0].suggestion.picks:
        person = data.person(pick.participant_id) if pick.participant_id else None
        shadow_person = data.person(pick.shadow_id) if pick.shadow_id else None
        why = pick.reason + (f"\n{pick.shadow_reason}" if pick.shadow_reason else "")
        rows.append(
            RotaRow(
                pick.role.id,
                pick.role.name,
                pick.participant_id,
                person.name if person else "—",
                shadow_person.name if shadow_person else "",
                why,
                "Suggested" if person else "Unassigned",
            )
        )
    return rows


def _stored_row(
    data: TeamData, session: Session, role: Role, mine: list[RoleAssignment]
) -> RotaRow:
    holder = next((a for a in mine if a.role_id == role.id and not a.shadow_of), None)
    shadow = next((a for a in mine if a.role_id == role.id and a.shadow_of), None)
    if holder is None:
        nobody = f"Nobody holds {role.name} in this session."
        return RotaRow(role.id, role.name, None, "—", "", nobody, "Unassigned")
    person = data.person(holder.participant_id)
    name = person.name if person else "(removed participant)"
    shadow_person = data.person(shadow.participant_id) if shadow else None
    status = "Changed" if holder.overridden else "Accepted"
    if holder.confirmed_at:
        status += f", confirmed {local_time(holder.confirmed_at)}"
    why = stored_reason(holder)
    return RotaRow(
        role.id,
        role.name,
        holder.participant_id,
        name,
        shadow_person.name if shadow_person else "",
        why,
        status,
        holder.overridden,
        _warning(data, session, role, holder, name, mine),
    )


def _warning(
    data: TeamData,
    session: Session,
    role: Role,
    holder: RoleAssignment,
    name: str,
    mine: list[RoleAssignment],
) -> str:
    """Why the facilitator may want to look again at this holder ("" when all is well)."""
    present, _assumed = present_people(data, session)
    also = [
        r.name
        for a in mine
        if a.participant_id == holder.participant_id
        and not a.shadow_of
        and a.role_id != role.id
        and (r := data.role(a.role_id))
    ]
    if holder.participant_id not in {p.id for p in present}:
        return f"{name} is not marked as here."
    if (holder.participant_id, role.id) in _blocked(data, session):
        return f"{name} has opted out of {role.name}."
    holding = {a.participant_id for a in mine if not a.shadow_of}
    if also and any(p.id not in holding for p in present):
        # Someone here holds nothing: the two roles could be shared out. With more roles than
        # people a double is the rota's own answer, and its reason says so.
        return f"{name.split()[0]} also holds {', '.join(also)}."
    return ""


def candidates(
    data: TeamData, session: Session, role_id: str, rows: list[RotaRow]
) -> list[Candidate]:
    """The people here, fewest holdings of this role first, with how often they held it,
    when last, and what they hold now (``rows``: the rota as shown)."""
    tally = Tally(build_history(data.past(session.id)))
    present, _assumed = present_people(data, session)
    blocked = _blocked(data, session)
    now = {r.holder_id: r.role for r in rows if r.holder_id}
    result = []
    for person in present:
        count = tally.count[(person.id, role_id)]
        held = f"has been it {times(count)}" if count else "has never been it"
        label = f"{isolate(person.name)} — {held}"
        if count:
            label += f", last {short_date(tally.last_on[(person.id, role_id)])}"
        if person.id in now:
            label += f" · holds {now[person.id]}"
        if (person.id, role_id) in blocked:
            label += " · opted out"
        result.append(Candidate(person, ours_first(label)))
    result.sort(
        key=lambda c: (tally.count[(c.participant.id, role_id)], c.participant.name.casefold())
    )
    return result
