"""A team's rota as stored: suggestions for a session, overrides, who is here and who
leaves, handover and the rota retrospective.

Reads the team's record (``rota_record``), asks ``rotation.suggest`` and records what really
happened, each user action as one transaction that returns what it changed (``Done``).
Screens call these functions; they never decide who holds a role, or what an unticked name
means, themselves.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from facilitator import planning
from facilitator.changes import Changes, Done, Topic
from facilitator.clock import Clock, parse_iso, utc_now_iso
from facilitator.errors import NotFoundError, ValidationError
from facilitator.model import (
    AttendanceStatus,
    Learning,
    Participant,
    Phase,
    Role,
    RoleAssignment,
    RotaReview,
    RotationRules,
    Session,
    SessionStatus,
    clean_text,
    new_id,
)
from facilitator.rota_record import TeamData, in_force, load_for, present_people
from facilitator.rotation import (
    History,
    Pick,
    Sitting,
    Suggestion,
    build_history,
    counted,
    display_names,
    session_day,
    sittings_for,
    suggest,
    unrun_phase_ids,
)
from facilitator.store import assignments as store
from facilitator.store import sessions as sessions_store
from facilitator.store.database import Database

REVIEW_PREFIX = "Rota retrospective: "


# ---------------------------------------------------------------- plans


@dataclass(frozen=True)
class SittingPlan:
    sitting: Sitting
    suggestion: Suggestion


@dataclass(frozen=True)
class SessionPlan:
    """The engine's suggestion for every sitting of a session."""

    session: Session
    rules: RotationRules
    present: list[Participant]
    assumed_present: bool
    sittings: list[SittingPlan]
    notes: list[str] = field(default_factory=list)

    def sitting(self, phase_id: str | None) -> SittingPlan:
        for plan in self.sittings:
            if plan.sitting.phase_id == phase_id:
                return plan
        raise NotFoundError("That agenda item has no roles of its own.")


def _current_sittings(data: TeamData, session: Session) -> list[Sitting]:
    return sittings_for(session, data.phases.get(session.id, []), data.rules.per_phase)


def plan_session(data: TeamData, session: Session) -> SessionPlan:
    """Suggestions for each sitting of ``session``, each sitting seeing the ones before."""
    number = data.index(session.id)
    history = build_history(data.past(session.id))
    present, assumed = present_people(data, session)
    day = session_day(session)
    plans: list[SittingPlan] = []
    for sitting in _current_sittings(data, session):
        suggestion = suggest(
            data.rotating(),
            present,
            history,
            optouts=data.optouts,
            on=day,
            rules=data.rules,
            session_number=number,
        )
        plans.append(SittingPlan(sitting, suggestion))
        history = history.then(
            session.id, number, day, [(pid, rid) for rid, pid in suggestion.holders().items()]
        )
    notes: list[str] = []
    if assumed:
        notes.append("No attendance recorded yet: everyone active in the team is assumed present.")
    if data.rules.per_phase and plans and plans[0].sitting.phase_id is None:
        notes.append(
            "Roles change per agenda item, but this session has no agenda yet: "
            "one set of roles for the whole session."
        )
    if not data.rotating():
        notes.append("The team has no rotating roles.")
    return SessionPlan(session, data.rules, present, assumed, plans, notes)


def suggest_for_session(database: Database, session_id: str) -> SessionPlan:
    data, session = load_for(database, session_id)
    return plan_session(data, session)


def _now(at: str | None, clock: Clock | None) -> str:
    return at or utc_now_iso(clock)


def _changed(session: Session, *topics: Topic) -> Changes:
    return Changes.of(*topics, session_id=session.id, team_id=session.team_id)


def _assignments_for(plan: SittingPlan, session_id: str, at: str) -> list[RoleAssignment]:
    result: list[RoleAssignment] = []
    for pick in plan.suggestion.picks:
        result += _pick_rows(pick, session_id, plan.sitting.phase_id, at)
    return result


def _pick_rows(
    pick: Pick,
    session_id: str,
    phase_id: str | None,
    at: str,
    *,
    reason: str | None = None,
    overridden: bool = False,
) -> list[RoleAssignment]:
    if not pick.participant_id:
        return []
    rows = [
        RoleAssignment(
            session_id,
            pick.role.id,
            pick.participant_id,
            phase_id,
            reason=reason if reason is not None else pick.reason,
            overridden=overridden,
            created_at=at,
        )
    ]
    if pick.shadow_id:
        rows.append(
            RoleAssignment(
                session_id,
                pick.role.id,
                pick.shadow_id,
                phase_id,
                reason=pick.shadow_reason,
                shadow_of=pick.participant_id,
                created_at=at,
            )
        )
    return rows


def accept(
    database: Database, plan: SessionPlan, *, at: str | None = None, clock: Clock | None = None
) -> Done[list[RoleAssignment]]:
    """Store the plan's suggestions for every sitting (replacing any roles in force)."""
    at = _now(at, clock)
    current = in_force(store.for_session(database, plan.session.id))
    rows: list[RoleAssignment] = []
    for sitting_plan in plan.sittings:
        rows += _assignments_for(sitting_plan, plan.session.id, at)
    store.apply_changes(database, end=[(a.id, at) for a in current], add=rows)
    return Done(rows, _changed(plan.session, Topic.ROLES))


# ---------------------------------------------------------------- overrides


def _sitting_rows(current: list[RoleAssignment], phase_id: str | None) -> list[RoleAssignment]:
    return [a for a in current if a.phase_id == phase_id]


def _materialised(
    database: Database, data: TeamData, session: Session, phase_id: str | None, at: str
) -> tuple[list[RoleAssignment], list[RoleAssignment]]:
    """The sitting's assignments in force, and the engine's ones to add first when the
    plan was never stored (an override on a fresh suggestion stores the rest as suggested)."""
    current = _sitting_rows(in_force(data.assignments.get(session.id, [])), phase_id)
    if current:
        return current, []
    plan = plan_session(data, session)
    rows = _assignments_for(plan.sitting(phase_id), session.id, at)
    return rows, rows


def stored_reason(assignment: RoleAssignment) -> str:
    """Why someone holds a role, as said when the role was given, dated: an accepted
    suggestion's reason ("has not led X for 3 sessions") was true on the day it was
    accepted, and sessions synced in from other laptops since may have changed the record,
    so it ends with the day it was suggested; a facilitator's change says so."""
    if assignment.overridden:
        return f"Changed by the facilitator: {assignment.reason}"
    if not assignment.reason or not assignment.created_at:
        return assignment.reason
    try:
        day = parse_iso(assignment.created_at).astimezone()
    except ValueError:
        return assignment.reason
    return f"{assignment.reason} (suggested on {day.day} {day.strftime('%b %Y')})"


def _clean_reason(reason: str) -> str:
    text = clean_text(reason, "Reason", max_len=500).strip()
    return " ".join(text.split())


def _holder(rows: list[RoleAssignment], role_id: str) -> RoleAssignment | None:
    return next((a for a in rows if a.role_id == role_id and not a.shadow_of), None)


def _refuse_when_finished(session: Session) -> None:
    if session.status is SessionStatus.FINISHED:
        raise ValidationError("This session has ended; its roles are history now.")


def reassign(
    database: Database,
    session_id: str,
    role_id: str,
    participant_id: str,
    reason: str,
    *,
    phase_id: str | None = None,
    at: str | None = None,
    clock: Clock | None = None,
) -> Done[RoleAssignment]:
    """Give a role to someone else, with the facilitator's reason; the earlier holder's
    assignment ends (it still counts if the session had begun)."""
    text = _clean_reason(reason)
    at = _now(at, clock)
    data, session = load_for(database, session_id)
    _refuse_when_finished(session)
    person = data.person(participant_id)
    if person is None or not person.active:
        raise ValidationError("That person is not an active member of this team.")
    if data.role(role_id) is None:
        raise NotFoundError("That role no longer exists.")
    rows, fresh = _materialised(database, data, session, phase_id, at)
    old = _holder(rows, role_id)
    if old is not None and old.participant_id == participant_id:
        raise ValidationError(f"{person.name} already holds this role.")
    new = RoleAssignment(
        session_id, role_id, participant_id, phase_id, reason=text, overridden=True, created_at=at
    )
    add, end = _replace(rows, fresh, {role_id: new}, at)
    store.apply_changes(database, end=end, add=add)
    return Done(new, _changed(session, Topic.ROLES))


def swap(
    database: Database,
    session_id: str,
    role_a: str,
    role_b: str,
    reason: str,
    *,
    phase_id: str | None = None,
    at: str | None = None,
    clock: Clock | None = None,
) -> Done[tuple[RoleAssignment, RoleAssignment]]:
    """Exchange the holders of two roles, with the facilitator's reason."""
    text = _clean_reason(reason)
    at = _now(at, clock)
    if role_a == role_b:
        raise ValidationError("Choose two different roles to swap.")
    data, session = load_for(database, session_id)
    _refuse_when_finished(session)
    rows, fresh = _materialised(database, data, session, phase_id, at)
    first, second = _holder(rows, role_a), _holder(rows, role_b)
    if first is None or second is None:
        raise ValidationError("Both roles need a holder to swap them.")
    if first.participant_id == second.participant_id:
        raise ValidationError("The same person holds both roles; there is nothing to swap.")
    new_a = RoleAssignment(
        session_id,
        role_a,
        second.participant_id,
        phase_id,
        reason=text,
        overridden=True,
        created_at=at,
    )
    new_b = RoleAssignment(
        session_id,
        role_b,
        first.participant_id,
        phase_id,
        reason=text,
        overridden=True,
        created_at=at,
    )
    add, end = _replace(rows, fresh, {role_a: new_a, role_b: new_b}, at)
    store.apply_changes(database, end=end, add=add)
    return Done((new_a, new_b), _changed(session, Topic.ROLES))


def _replace(
    rows: list[RoleAssignment],
    fresh: list[RoleAssignment],
    changes: dict[str, RoleAssignment],
    at: str,
) -> tuple[list[RoleAssignment], list[tuple[str, str]]]:
    """Rows to add and to end so that ``changes`` (role id -> new holder) take effect.

    Shadows follow the role: they now shadow the new holder, unless they hold it now.
    """
    fresh_ids = {a.id for a in fresh}
    add = [a for a in fresh if a.role_id not in changes]
    end = [(a.id, at) for a in rows if a.role_id in changes and a.id not in fresh_ids]
    for role_id, new in changes.items():
        add.append(new)
        for shadow in (a for a in rows if a.role_id == role_id and a.shadow_of):
            if shadow.participant_id != new.participant_id:
                add.append(
                    replace(
                        shadow,
                        id=new_id(),
                        shadow_of=new.participant_id,
                        created_at=at,
                        confirmed_at=None,
                        ended_at=None,
                    )
                )
    return add, end


def pass_on(
    database: Database,
    session_id: str,
    participant_id: str,
    *,
    at: str | None = None,
    clock: Clock | None = None,
) -> Done[list[RoleAssignment]]:
    """Someone leaves (or turns out not to be here): they are marked so, their roles end
    and pass on by the same fair rules to the people still here. The value: the new
    holders."""
    at = _now(at, clock)
    data, session = load_for(database, session_id)
    _refuse_when_finished(session)
    leaver = data.person(participant_id)
    if leaver is None:
        raise NotFoundError("That participant no longer exists.")
    started = bool(session.started_at)
    present, assumed = present_people(data, session)
    present = [p for p in present if p.id != participant_id]

    current = in_force(data.assignments.get(session_id, []))
    phases = {p.id: p for p in data.phases.get(session_id, [])}
    sittings = _current_sittings(data, session)
    number = data.index(session_id)
    day = session_day(session)
    history = build_history(data.past(session_id))
    names = display_names([leaver])
    end: list[tuple[str, str]] = []
    add: list[RoleAssignment] = []
    for sitting in sittings:
        rows = _sitting_rows(current, sitting.phase_id)
        done = bool(sitting.phase_ids) and all(
            phases[p].ended_at for p in sitting.phase_ids if p in phases
        )
        if sitting.phase_id is None:
            done = False
        if done:
            history = history.then(
                session_id,
                number,
                day,
                [(a.participant_id, a.role_id) for a in rows if not a.shadow_of],
            )
            continue
        mine = [a for a in rows if a.participant_id == participant_id]
        end += [(a.id, at) for a in mine]
        vacated = [data.role(a.role_id) for a in mine if not a.shadow_of]
        roles = [r for r in vacated if r is not None]
        kept = [a for a in rows if a.participant_id != participant_id]
        if roles:
            busy: dict[str, list[str]] = defaultdict(list)
            for a in kept:
                if not a.shadow_of:
                    busy[a.participant_id].append(a.role_id)
            suggestion = suggest(
                roles,
                present,
                history,
                optouts=data.optouts,
                on=day,
                rules=data.rules,
                busy=busy,
                session_number=number,
                role_names={r.id: r.name for r in data.roles},
            )
            when = parse_iso(at).astimezone().strftime("%H:%M")
            gone = f"who left at {when}" if started else "who is not here"
            for pick in suggestion.picks:
                # Shadows of the vacated role end; the engine may pair someone new.
                end += [(a.id, at) for a in kept if a.role_id == pick.role.id and a.shadow_of]
                prefix = f"Takes over from {names[participant_id]}, {gone}: "
                reason = (
                    prefix + pick.reason
                    if pick.participant_id
                    else (f"{names[participant_id]} left and nobody can take it: {pick.reason}")
                )
                add += _pick_rows(pick, session_id, sitting.phase_id, at, reason=reason)
        history = history.then(
            session_id,
            number,
            day,
            [(a.participant_id, a.role_id) for a in rows if not a.shadow_of],
        )
    with database.write():
        store.apply_changes(database, end=end, add=add)
        marked = _mark_gone(database, session, participant_id, [p.id for p in present], at)
    return Done([a for a in add if not a.shadow_of], _changed(session, Topic.ROLES) | marked)


def _mark_gone(
    database: Database, session: Session, participant_id: str, still_here: list[str], at: str
) -> Changes:
    """Record that someone is gone, through planning's rule of attendance: before the start
    they are absent (a planned session's round-robins are re-timed for who is left); once it
    has begun they left early, at ``at``. Everyone still here is recorded present, so an
    assumed attendance becomes a recorded one."""
    marked = planning.set_present(database, session.id, still_here).changes
    if not session.started_at:
        return marked
    left = planning.set_attendance(
        database, session.id, participant_id, AttendanceStatus.LEFT_EARLY, at
    )
    return marked | left.changes


def mark_here(
    database: Database,
    session_id: str,
    participant_id: str,
    here: bool,
    *,
    at: str | None = None,
    clock: Clock | None = None,
) -> Done[list[RoleAssignment] | None]:
    """Someone is ticked, or unticked, in the session's list of who is here.

    Unticking someone who holds a role passes their roles on (``pass_on``; the value is the
    new holders). Otherwise unticking marks them gone (absent before the start, left early
    once it has begun) and ticking marks them present; the value is None. Attendance goes
    through ``planning``, so a planned session's round-robins are re-timed for who is here.
    """
    data, session = load_for(database, session_id)
    _refuse_when_finished(session)
    if data.person(participant_id) is None:
        raise NotFoundError("That participant no longer exists.")
    current = in_force(data.assignments.get(session_id, []))
    if not here and any(a.participant_id == participant_id for a in current):
        passed = pass_on(database, session_id, participant_id, at=at, clock=clock)
        return Done(passed.value, passed.changes)
    present, assumed = present_people(data, session)
    others = [p.id for p in present if p.id != participant_id]
    if not here:
        with database.write():
            gone = _mark_gone(database, session, participant_id, others, _now(at, clock))
        return Done(None, gone)
    if assumed:
        marked = planning.set_present(database, session_id, [*others, participant_id])
    else:
        marked = planning.set_attendance(
            database, session_id, participant_id, AttendanceStatus.PRESENT
        )
    return Done(None, marked.changes)


def confirm(
    database: Database,
    assignment_ids: Sequence[str],
    *,
    at: str | None = None,
    clock: Clock | None = None,
) -> Done[str]:
    """The holders confirm their roles at handover; the value is the time stored."""
    at = _now(at, clock)
    store.confirm(database, assignment_ids, at)
    if not assignment_ids:
        return Done(at, Changes())
    session_id = store.get_assignment(database, assignment_ids[0]).session_id
    return Done(at, _changed(sessions_store.get_session(database, session_id), Topic.ROLES))


# ---------------------------------------------------------------- handover


@dataclass(frozen=True)
class HandoverItem:
    role: Role
    assignment: RoleAssignment | None
    holder: Participant | None
    shadow: Participant | None = None
    shadow_assignment: RoleAssignment | None = None
    reason: str = ""  # why this holder (or why nobody)


@dataclass(frozen=True)
class Handover:
    """Who holds which role now, for a session or one of its agenda items."""

    session: Session
    sitting: Sitting
    items: list[HandoverItem]
    stored: bool  # False: nothing accepted yet, items are suggestions
    plan: SessionPlan | None = None

    def to_confirm(self) -> list[RoleAssignment]:
        rows = [i.assignment for i in self.items] + [i.shadow_assignment for i in self.items]
        return [a for a in rows if a is not None and not a.confirmed_at]

    def all_confirmed(self) -> bool:
        return self.stored and not self.to_confirm()


def _sitting_of(
    sittings: list[Sitting], phase_id: str | None, phases: Sequence[Phase] = ()
) -> Sitting:
    """The sitting in force during ``phase_id``: its agenda item, or during a break the
    item before it."""
    if phase_id is not None:
        for sitting in sittings:
            if phase_id in sitting.phase_ids and sitting.phase_id is not None:
                return sitting
        position = {p.id: p.position for p in phases}
        if phase_id in position:
            before = [
                s
                for s in sittings
                if s.phase_id is not None and position.get(s.phase_id, 10**6) < position[phase_id]
            ]
            if before:
                return before[-1]
    return sittings[0]


def handover(database: Database, session_id: str, phase_id: str | None = None) -> Handover:
    """The roles in force at the start of the session or of the phase ``phase_id``."""
    data, session = load_for(database, session_id)
    sittings = _current_sittings(data, session)
    sitting = _sitting_of(sittings, phase_id, data.phases.get(session_id, []))
    current = in_force(data.assignments.get(session_id, []))
    rows = _sitting_rows(current, sitting.phase_id)
    if not rows and sitting.phase_id is not None:
        rows = _sitting_rows(current, None)  # the team changed rules: whole session
    roles = data.rotating() + [
        r for r in data.roles if not r.rotates and any(a.role_id == r.id for a in rows)
    ]
    if rows:
        items = []
        for role in roles:
            holder = _holder(rows, role.id)
            shadow = next((a for a in rows if a.role_id == role.id and a.shadow_of), None)
            items.append(
                HandoverItem(
                    role,
                    holder,
                    data.person(holder.participant_id) if holder else None,
                    data.person(shadow.participant_id) if shadow else None,
                    shadow,
                    holder.reason if holder else f"Nobody holds {role.name} in this session.",
                )
            )
        return Handover(session, sitting, items, stored=True)
    plan = plan_session(data, session)
    sitting_plan = next(
        (p for p in plan.sittings if p.sitting.phase_id == sitting.phase_id), plan.sittings[0]
    )
    items = [
        HandoverItem(
            p.role,
            None,
            data.person(p.participant_id) if p.participant_id else None,
            data.person(p.shadow_id) if p.shadow_id else None,
            None,
            p.reason,
        )
        for p in sitting_plan.suggestion.picks
    ]
    return Handover(session, sitting_plan.sitting, items, stored=False, plan=plan)


# ---------------------------------------------------------------- rota retrospective


@dataclass(frozen=True)
class ReviewPrompt:
    """Everyone active has held a role since the last look back: time for a retrospective."""

    cycle: int
    since: str  # the day the cycle began (YYYY-MM-DD), "" from the team's start
    people: int


def review_due(database: Database, session_id: str) -> ReviewPrompt | None:
    """A prompt when, counting this session, everyone active has held a role since the
    team last looked back at its rota (and it has not done so in this session), over more
    than one session: a first session whose roles go round everyone has not yet rotated
    anything, so it asks nothing."""
    data, session = load_for(database, session_id)
    reviews = store.rota_reviews(database, data.team.id)
    if any(r.session_id == session_id for r in reviews):
        return None
    active = {p.id for p in data.people if p.active}
    if len(active) < 2:
        return None
    start = 0
    since = ""
    positions = {s.id: i for i, s in enumerate(data.sessions)}
    for review in reviews:
        if review.session_id in positions:
            start = max(start, positions[review.session_id] + 1)
            since = session_day(data.sessions[positions[review.session_id]])
    end = data.index(session_id)
    if start >= end:  # one session is not yet a rotation: the room has only just begun
        return None
    led: set[str] = set()
    for s in data.sessions[start : end + 1]:
        unrun = unrun_phase_ids(s, data.phases.get(s.id, []))
        led |= {a.participant_id for a in data.assignments.get(s.id, []) if counted(a, s, unrun)}
    if not active <= led:
        return None
    return ReviewPrompt(cycle=len(reviews) + 1, since=since, people=len(active))


def record_review(
    database: Database,
    session_id: str,
    text: str | None,
    *,
    at: str | None = None,
    clock: Clock | None = None,
) -> Done[RotaReview]:
    """Keep the team's words on its rota as a learning of this session (``None``: the
    team chose to skip it this time, and is not asked again for this rotation)."""
    at = _now(at, clock)
    prompt = review_due(database, session_id)
    session = sessions_store.get_session(database, session_id)
    cycle = prompt.cycle if prompt else len(store.rota_reviews(database, session.team_id)) + 1
    learning = None
    if text is not None:
        body = clean_text(text, "Retrospective", max_len=5000).strip()
        learning = Learning(session_id, REVIEW_PREFIX + body, created_at=at)
    review = RotaReview(
        session.team_id, session_id, cycle, learning.id if learning else None, created_at=at
    )
    stored = store.add_rota_review(database, review, learning)
    topics = [Topic.REVIEWS] + ([Topic.CAPTURES] if learning else [])
    return Done(stored, _changed(session, *topics))


def history_for(database: Database, session_id: str) -> History:
    """The holdings that count before ``session_id`` (for tests and the ledger)."""
    data, _session = load_for(database, session_id)
    return build_history(data.past(session_id))
