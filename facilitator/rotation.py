"""The role-rotation engine: who should hold each role next, and why, in plain words.

Pure functions over plain data (no database, no Qt, no clock); ``facilitator.rota`` loads a
team's history from the store, calls ``suggest`` and records what really happened.

The fair policy, in order of importance (docs/rotation.md explains it for users):

1. only people who are present and have not opted out of the role;
2. one role per person while someone present who can take it is still free;
3. not the same person in the same role twice in a row, when someone else can take it;
4. the person who has held this role least often;
5. then the one who held it longest ago (never counts as longest);
6. then the one who has held the fewest roles overall;
7. then name order, then id: the same history always gives the same answer.

Rules 2-7 are weighed for all roles at once (an optimal assignment), so giving one role its
best person never leaves another role without anyone. With everyone present and R <= N
roles this reproduces a full rotation: after N sessions everyone has held every role once.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from facilitator import session_time
from facilitator.clock import parse_iso
from facilitator.direction import isolate
from facilitator.model import (
    Participant,
    Phase,
    Role,
    RoleAssignment,
    RoleOptOut,
    RotationRules,
    Session,
)
from facilitator.phrases import and_list

NEWCOMER_DAYS = 60  # someone who joined an existing rota this recently is a newcomer

# Positions in a person's claim on a role (``_Context.key``): lower values win.
REPEAT, WAIT, COUNT, LAST, TOTAL, RANK = range(6)


# ---------------------------------------------------------------- history


@dataclass(frozen=True, slots=True)
class Holding:
    """One real role-holding in the team's past."""

    participant_id: str
    role_id: str
    session_id: str
    session_number: int  # position of its session in the team's sequence, from 0
    sitting: int  # position of its sitting (a session or agenda item), from 0
    on: str = ""  # YYYY-MM-DD
    shadow: bool = False  # watched an experienced holder rather than holding the role


@dataclass(frozen=True)
class History:
    """The holdings that count, oldest first, and how many sessions and sittings they span."""

    holdings: tuple[Holding, ...] = ()
    sessions: int = 0  # the next session gets this number
    sittings: int = 0  # the next sitting gets this number

    def then(
        self,
        session_id: str,
        session_number: int,
        on: str,
        held: Iterable[tuple[str, str]],
        shadowed: Iterable[tuple[str, str]] = (),
    ) -> History:
        """The history after one more sitting in which ``held`` (participant, role) happened
        and ``shadowed`` people watched a holder."""
        sitting = self.sittings
        more = tuple(
            Holding(pid, rid, session_id, session_number, sitting, on) for pid, rid in held
        )
        more += tuple(
            Holding(pid, rid, session_id, session_number, sitting, on, shadow=True)
            for pid, rid in shadowed
        )
        return History(self.holdings + more, max(self.sessions, session_number + 1), sitting + 1)


@dataclass(frozen=True)
class PastSession:
    """One session as the store has it, for ``build_history``."""

    session: Session
    assignments: Sequence[RoleAssignment]
    phases: Sequence[Phase] = ()


@dataclass(frozen=True, slots=True)
class Sitting:
    """One turn of roles: a whole session, or one agenda item when roles change per phase."""

    session_id: str
    phase_id: str | None  # the agenda item's first phase; None: the whole session
    title: str
    phase_ids: tuple[str, ...] = ()


def session_day(session: Session) -> str:
    """The session's date as YYYY-MM-DD: the day it ran (``session_time.session_day``)."""
    return session_time.session_day_text(session)


def session_order_key(session: Session) -> tuple[str, str, str]:
    """Sessions in the order they happen(ed): by day, then start or creation time."""
    day = session_time.session_day_text(session)
    return (day, session.started_at or session.created_at or "", session.id)


def agenda_items(phases: Sequence[Phase]) -> list[Sitting]:
    """The agenda as items that get their own roles: the steps of one format stay together,
    breaks get no roles."""
    items: list[Sitting] = []
    ordered = sorted(phases, key=lambda p: p.position)
    group: list[Phase] = []

    def close() -> None:
        if group:
            first = group[0]
            items.append(
                Sitting(
                    first.session_id,
                    first.id,
                    first.group_title or first.title,
                    tuple(p.id for p in group),
                )
            )
            group.clear()

    for phase in ordered:
        if phase.is_break:
            close()
            continue
        if group and (phase.group_id is None or phase.group_id != group[0].group_id):
            close()
        group.append(phase)
    close()
    return items


def item_phase_id(phases: Sequence[Phase], phase_id: str | None) -> str | None:
    """The first phase of the agenda item that ``phase_id`` belongs to (the phase per-item
    roles are stored under); during a break, the item before it; None when there is none."""
    if phase_id is None:
        return None
    items = agenda_items(phases)
    for item in items:
        if phase_id in item.phase_ids:
            return item.phase_id
    position = {p.id: p.position for p in phases}
    if phase_id in position:
        before = [
            i
            for i in items
            if i.phase_id is not None and position.get(i.phase_id, 10**6) < position[phase_id]
        ]
        if before:
            return before[-1].phase_id
    return phase_id


def sittings_for(session: Session, phases: Sequence[Phase], per_phase: bool) -> list[Sitting]:
    """The sittings of a session under the team's rule (per phase needs an agenda)."""
    if per_phase:
        items = agenda_items(phases)
        if items:
            return items
    return [Sitting(session.id, None, "Whole session", tuple(p.id for p in phases))]


def unrun_phase_ids(session: Session, phases: Sequence[Phase]) -> set[str]:
    """In a finished session, the phases whose agenda item never ran (skipped)."""
    from facilitator.model import SessionStatus

    if session.status is not SessionStatus.FINISHED:
        return set()
    unrun: set[str] = set()
    for item in agenda_items(phases):
        members = [p for p in phases if p.id in item.phase_ids]
        if not any(p.started_at for p in members):
            unrun.update(item.phase_ids)
    return unrun


def counted(assignment: RoleAssignment, session: Session, unrun: Collection[str] = ()) -> bool:
    """Whether an assignment is a real role-holding: what happened, not what was planned.

    A role is held from its confirmation (or the session's start) to its end. Shadows do not
    count; an assignment replaced before its session began (or before it was confirmed)
    never happened; one ended during the session did (both the leaver and the successor
    held the role); an agenda item that was skipped was not held.
    """
    if assignment.shadow_of:
        return False
    if assignment.ended_at:
        if not session.started_at:
            return False
        began = parse_iso(session.started_at)
        if assignment.confirmed_at:
            began = max(began, parse_iso(assignment.confirmed_at))
        if parse_iso(assignment.ended_at) <= began:
            return False
    return not (assignment.phase_id and assignment.phase_id in unrun)


def build_history(past: Sequence[PastSession]) -> History:
    """The holdings that count, from sessions given in the order they happened."""
    history = History()
    for number, entry in enumerate(past):
        session = entry.session
        unrun = unrun_phase_ids(session, entry.phases)
        position = {p.id: p.position for p in entry.phases}
        real = [a for a in entry.assignments if counted(a, session, unrun)]
        watched = [
            a
            for a in entry.assignments
            if a.shadow_of and counted(replace(a, shadow_of=None), session, unrun)
        ]
        keys = sorted(
            {a.phase_id for a in real + watched},
            key=lambda k: -1 if k is None else position.get(k, 10**6),
        )
        day = session_day(session)
        for key in keys:
            held = sorted((a for a in real if a.phase_id == key), key=lambda a: a.created_at)
            history = history.then(
                session.id,
                number,
                day,
                [(a.participant_id, a.role_id) for a in held],
                [(a.participant_id, a.role_id) for a in watched if a.phase_id == key],
            )
        history = History(history.holdings, number + 1, history.sittings)
    return history


class Tally:
    """Counts drawn from a history: per person and role, per person, and the last holder."""

    def __init__(self, history: History) -> None:
        self.count: Counter[tuple[str, str]] = Counter()
        self.total: Counter[str] = Counter()
        self.last_sitting: dict[tuple[str, str], int] = {}
        self.last_session: dict[tuple[str, str], int] = {}
        self.last_on: dict[tuple[str, str], str] = {}
        self.last_holder: dict[str, str] = {}
        self.shadowed: Counter[tuple[str, str]] = Counter()
        self.first_on = min((h.on for h in history.holdings if h.on), default="")
        for h in history.holdings:
            key = (h.participant_id, h.role_id)
            if h.shadow:
                self.shadowed[key] += 1
                continue
            self.count[key] += 1
            self.total[h.participant_id] += 1
            self.last_sitting[key] = h.sitting
            self.last_session[key] = h.session_number
            self.last_on[key] = h.on
            self.last_holder[h.role_id] = h.participant_id


# ---------------------------------------------------------------- suggestions


@dataclass(frozen=True, slots=True)
class Pick:
    """Who should hold one role, and why; ``participant_id`` None: nobody can."""

    role: Role
    participant_id: str | None
    reason: str
    shadow_id: str | None = None
    shadow_reason: str = ""


@dataclass(frozen=True)
class Suggestion:
    picks: tuple[Pick, ...]
    notes: tuple[str, ...] = ()

    def for_role(self, role_id: str) -> Pick:
        for pick in self.picks:
            if pick.role.id == role_id:
                return pick
        raise KeyError(role_id)

    def holders(self) -> dict[str, str]:
        """Role id -> participant id, for the roles someone holds."""
        return {p.role.id: p.participant_id for p in self.picks if p.participant_id}


def _person_key(person: Participant) -> tuple[str, str, str]:
    return (person.name.casefold(), person.name, person.id)


def _role_key(role: Role) -> tuple[int, str, str]:
    return (role.position, role.name.casefold(), role.id)


def display_names(people: Iterable[Participant]) -> dict[str, str]:
    """First names, or full names where two people present share a first name."""
    people = list(people)
    firsts = Counter(p.name.split()[0].casefold() for p in people)
    return {
        p.id: p.name.split()[0] if firsts[p.name.split()[0].casefold()] == 1 else p.name
        for p in people
    }


def _times(n: int) -> str:
    return {0: "never", 1: "once", 2: "twice"}.get(n, f"{n} times")


def _ago(current: int, last: int) -> str:
    gap = current - last
    if gap <= 0:
        return "last earlier in this session"
    if gap == 1:
        return "last in the previous session"
    return f"last {gap} sessions ago"


def _hungarian(cost: list[list[int]]) -> list[int]:
    """Minimum-cost assignment of every row to a distinct column (rows <= columns)."""
    n, m = len(cost), len(cost[0])
    u = [0] * (n + 1)
    v = [0] * (m + 1)
    match = [0] * (m + 1)
    way = [0] * (m + 1)
    for i in range(1, n + 1):
        match[0] = i
        j0 = 0
        minv: list[float] = [math.inf] * (m + 1)
        used = [False] * (m + 1)
        while True:
            used[j0] = True
            i0 = match[j0]
            delta: float = math.inf
            j1 = 0
            row = cost[i0 - 1]
            for j in range(1, m + 1):
                if not used[j]:
                    current = row[j - 1] - u[i0] - v[j]
                    if current < minv[j]:
                        minv[j] = current
                        way[j] = j0
                    if minv[j] < delta:
                        delta = minv[j]
                        j1 = j
            step = int(delta)
            for j in range(m + 1):
                if used[j]:
                    u[match[j]] += step
                    v[j] -= step
                else:
                    minv[j] -= step
            j0 = j1
            if match[j0] == 0:
                break
        while True:
            j1 = way[j0]
            match[j0] = match[j1]
            j0 = j1
            if j0 == 0:
                break
    result = [-1] * n
    for j in range(1, m + 1):
        if match[j]:
            result[match[j] - 1] = j - 1
    return result


@dataclass
class _Context:
    people: list[Participant]
    rank: dict[str, int]
    tally: Tally
    blocked: dict[tuple[str, str], RoleOptOut]
    busy: dict[str, tuple[str, ...]]
    number: int
    on: str
    names: dict[str, str]
    role_names: dict[str, str] = field(default_factory=dict)
    waiting: set[tuple[str, str]] = field(default_factory=set)  # newcomers shadowing first

    def key(self, role_id: str, pid: str) -> tuple[int, int, int, int, int, int]:
        """How well a person suits a role on its own (lower is better): rules 3-7, with a
        newcomer who has not yet watched the role waiting behind the others."""
        t = self.tally
        return (
            int(t.last_holder.get(role_id) == pid),
            int((pid, role_id) in self.waiting),
            t.count[(pid, role_id)],
            t.last_sitting.get((pid, role_id), -1) + 1,
            t.total[pid],
            self.rank[pid],
        )


def suggest(
    roles: Sequence[Role],
    present: Sequence[Participant],
    history: History | None = None,
    *,
    optouts: Sequence[RoleOptOut] = (),
    on: str = "",
    rules: RotationRules | None = None,
    busy: Mapping[str, Sequence[str]] | None = None,
    session_number: int | None = None,
    role_names: Mapping[str, str] | None = None,
) -> Suggestion:
    """Suggest a holder for each role among the people present, with a reason for each.

    ``busy`` maps people who already hold roles in this sitting to those role ids (used
    when someone leaves and only their roles pass on; ``role_names`` then names the roles
    they hold, for the reasons). ``on`` is the day (YYYY-MM-DD) that
    decides which opt-outs apply. ``session_number`` is the number of the session being
    planned (default: the one after the history).
    """
    history = history or History()
    rules = rules or RotationRules()
    people = sorted({p.id: p for p in present}.values(), key=_person_key)
    role_list = sorted({r.id: r for r in roles}.values(), key=_role_key)
    ctx = _Context(
        people=people,
        rank={p.id: i for i, p in enumerate(people)},
        tally=Tally(history),
        blocked={(o.participant_id, o.role_id): o for o in optouts if o.applies_on(on)},
        busy={pid: tuple(rids) for pid, rids in (busy or {}).items() if rids},
        number=history.sessions if session_number is None else session_number,
        on=on,
        # Isolated, as they go into the reasons' sentences: a right-to-left name reads in
        # place there, on screen and in the report ("like ليلى حداد, everyone else present").
        names={pid: isolate(name) for pid, name in display_names(people).items()},
    )
    ctx.role_names = {rid: isolate(name) for rid, name in (role_names or {}).items()}
    ctx.role_names |= {r.id: isolate(r.name) for r in role_list}
    eligible = {r.id: [p.id for p in people if (p.id, r.id) not in ctx.blocked] for r in role_list}
    fill = [r for r in role_list if eligible[r.id]]
    if rules.shadow_newcomers:
        ctx.waiting = _newcomers_waiting(fill, eligible, ctx)
    chosen = _match(fill, eligible, ctx)

    holds: dict[str, list[str]] = {pid: list(rids) for pid, rids in ctx.busy.items()}
    for role in fill:
        holds.setdefault(chosen[role.id], []).append(role.id)

    picks: list[Pick] = []
    for role in role_list:
        if role.id in chosen:
            pid = chosen[role.id]
            picks.append(Pick(role, pid, _reason(role, pid, eligible[role.id], holds, ctx)))
        else:
            picks.append(Pick(role, None, _unassigned_reason(role, ctx)))
    if rules.shadow_newcomers:
        picks = _pair_shadows(picks, fill, holds, ctx)
    return Suggestion(tuple(picks), tuple(_notes(fill, chosen, ctx)))


def _match(fill: list[Role], eligible: dict[str, list[str]], ctx: _Context) -> dict[str, str]:
    """Roles -> people: the assignment that best follows rules 2-7 for all roles together."""
    if not fill:
        return {}
    n = len(fill)
    slots = [(p.id, len(ctx.busy.get(p.id, ())) + s) for p in ctx.people for s in range(n)]
    tiers: list[list[tuple[int, ...] | None]] = []
    for role in fill:
        allowed = set(eligible[role.id])
        row: list[tuple[int, ...] | None] = []
        for pid, k in slots:
            if pid not in allowed:
                row.append(None)
                continue
            # An extra role is worse than anything else; spread extra roles evenly.
            row.append((int(k >= 1), k, *ctx.key(role.id, pid)))
        tiers.append(row)
    width = len(next(t for row in tiers for t in row if t is not None))
    maxima = [max(t[i] for row in tiers for t in row if t is not None) for i in range(width)]
    # Pack the tiers into one integer whose sum over all roles still compares tier by tier.
    bases = [n * m + 1 for m in maxima]

    def pack(t: tuple[int, ...]) -> int:
        value = 0
        for i, part in enumerate(t):
            value = value * bases[i] + part
        return value

    packed = [[pack(t) if t is not None else -1 for t in row] for row in tiers]
    biggest = max(v for row in packed for v in row)
    forbidden = n * biggest + 1
    cost = [[v if v >= 0 else forbidden for v in row] for row in packed]
    columns = _hungarian(cost)
    return {role.id: slots[col][0] for role, col in zip(fill, columns, strict=True)}


def _reason(
    role: Role, pid: str, candidates: list[str], holds: dict[str, list[str]], ctx: _Context
) -> str:
    """Why this person holds this role, in one or two plain sentences."""
    t = ctx.tally
    name = ctx.names[pid]
    count = t.count[(pid, role.id)]
    head = (
        f"{name} has never been {role.name}"
        if count == 0
        else f"{name} has been {role.name} {_times(count)}"
    )
    ago = f"; {_ago(ctx.number, t.last_session[(pid, role.id)])}" if count else ""
    others = [q for q in candidates if q != pid]
    last = t.last_holder.get(role.id)
    extra: list[str] = []
    if (pid, role.id) not in ctx.waiting:
        new = [q for q in others if (q, role.id) in ctx.waiting]
        if new:
            verb = "is" if len(new) == 1 else "are"
            extra.append(
                f"{and_list([ctx.names[q] for q in new])} {verb} new to the team "
                f"and {'watches' if len(new) == 1 else 'watch'} before holding it."
            )
            others = [q for q in others if q not in new]
    if last and last != pid and last in others and t.count[(last, role.id)] <= count:
        extra.append(f"{ctx.names[last]} held it last time, so it passes on.")
        others = [q for q in others if q != last]
    # Someone with a better claim (not merely earlier in name order) who is needed elsewhere.
    better = sorted(
        (q for q in others if ctx.key(role.id, q)[:RANK] < ctx.key(role.id, pid)[:RANK]),
        key=lambda q: ctx.key(role.id, q),
    )

    if not candidates or candidates == [pid]:
        if len(ctx.people) == 1:
            first = f"{head}, and is the only one here{ago}."
        else:
            first = f"{head}, and is the only one present who has not opted out of it{ago}."
    elif better:
        b = better[0]
        elsewhere = _named_roles([r for r in holds.get(b, []) if r != role.id], ctx)
        theirs, mine_key = ctx.key(role.id, b), ctx.key(role.id, pid)
        if theirs[COUNT] < mine_key[COUNT]:
            what = "has been it fewer times"
        elif theirs[LAST] < mine_key[LAST]:
            what = "held it longer ago"
        else:
            what = "has held fewer roles overall"
        takes = f"takes {and_list(elsewhere)}" if elsewhere else "is needed elsewhere"
        first = f"{head}{ago}. {ctx.names[b]} {what} but {takes} this time."
    elif not others:
        first = f"{head}{ago}."
    else:
        fewest_other = min(t.count[(q, role.id)] for q in others)
        tied = [q for q in others if t.count[(q, role.id)] == count]
        if count < fewest_other:
            standing = "unlike everyone else present" if count == 0 else "least of those present"
            first = f"{head}, {standing}{ago}."
        else:
            everyone = len(tied) == len(others)
            who = (
                "everyone else present"
                if everyone
                else f"{len(tied)} other{'s' if len(tied) != 1 else ''} present"
            )
            standing = f"like {who}" if count == 0 else f"as often as {who}"
            first = f"{head}, {standing}{ago}."
            mine_full = ctx.key(role.id, pid)
            if tied and all(ctx.key(role.id, q) > mine_full for q in tied):
                first += " " + _decider(role.id, pid, tied, ctx)
            else:
                # Rivals with an earlier name took other roles; settle it among the rest.
                free_rivals = [q for q in tied if not [r for r in holds.get(q, []) if r != role.id]]
                if free_rivals:
                    first += " " + _decider(role.id, pid, free_rivals, ctx, "Of those still free")
    mine = _named_roles([r for r in holds.get(pid, []) if r != role.id], ctx)
    if mine:
        extra.append(
            f"{name} also holds {and_list(mine)}: more roles than people who can take them."
        )
    if last == pid and len(ctx.people) > 1:
        extra.append(f"{name} held it last time too; nobody else free could take it.")
    return " ".join([first, *extra]).strip()


def _named_roles(role_ids: list[str], ctx: _Context) -> list[str]:
    """The roles' names for a sentence; any the engine was not told the name of are counted
    ("another role", "2 other roles") rather than named the same twice."""
    named = [ctx.role_names[r] for r in role_ids if r in ctx.role_names]
    unnamed = len(role_ids) - len(named)
    if unnamed:
        named.append("another role" if unnamed == 1 else f"{unnamed} other roles")
    return named


def _decider(
    role_id: str, pid: str, tied: list[str], ctx: _Context, scope: str = "Of those"
) -> str:
    """Which rule settled a tie on how often the role was held (the chosen one ranks first)."""
    mine = ctx.key(role_id, pid)

    def first_difference(rival: str) -> int:
        other = ctx.key(role_id, rival)
        return next((i for i in range(LAST, RANK) if other[i] != mine[i]), RANK)

    decisive = max((first_difference(q) for q in tied), default=RANK)
    name = ctx.names[pid]
    if decisive == LAST:
        return f"{scope}, {name} held it longest ago."
    if decisive == TOTAL:
        total = ctx.tally.total[pid]
        roles = "none yet" if total == 0 else f"{total} role{'s' if total != 1 else ''}"
        return f"{scope}, {name} has held the fewest roles overall ({roles})."
    return f"{scope}, {name} comes first in name order."


def _unassigned_reason(role: Role, ctx: _Context) -> str:
    if not ctx.people:
        return f"Nobody is here to be {role.name}."
    if len(ctx.people) == 1:
        return (
            f"{ctx.names[ctx.people[0].id]} has opted out of {role.name}, so it stays unassigned."
        )
    return f"Everyone present has opted out of {role.name}, so it stays unassigned."


def _notes(fill: list[Role], chosen: dict[str, str], ctx: _Context) -> list[str]:
    notes: list[str] = []
    if not ctx.people:
        notes.append("Nobody is marked present, so no roles are suggested.")
        return notes
    holders = set(chosen.values())
    if len(ctx.people) == 1 and len(fill) > 1:
        name = ctx.names[ctx.people[0].id]
        notes.append(f"Only {name} is here, so {name} holds every role.")
    elif len(fill) > len(holders) and chosen:
        notes.append(
            f"{len(fill)} roles and {len(holders)} people who can take them: "
            "some people hold more than one role."
        )
    return notes


def _joined(person: Participant) -> int:
    try:
        return date.fromisoformat(person.joined_on[:10]).toordinal()
    except ValueError:
        return 0


def _day(text: str) -> int:
    try:
        return date.fromisoformat(text[:10]).toordinal() if text else 0
    except ValueError:
        return 0


def _newcomers_waiting(
    fill: list[Role], eligible: dict[str, list[str]], ctx: _Context
) -> set[tuple[str, str]]:
    """(person, role) pairs where a newcomer watches an experienced holder before holding.

    A newcomer joined an existing rota (the team held roles before they joined) within
    ``NEWCOMER_DAYS``; they wait for a role they have neither held nor shadowed while
    someone present who has held it could take it.
    """
    t = ctx.tally
    today = _day(ctx.on)
    first = _day(t.first_on)
    if not today or not first:
        return set()
    newcomers = [
        p.id for p in ctx.people if _joined(p) > first and 0 <= today - _joined(p) <= NEWCOMER_DAYS
    ]
    waiting: set[tuple[str, str]] = set()
    for role in fill:
        experienced = [q for q in eligible[role.id] if q not in newcomers and t.count[(q, role.id)]]
        if not experienced:
            continue
        for pid in newcomers:
            if (
                pid in eligible[role.id]
                and not t.count[(pid, role.id)]
                and not t.shadowed[(pid, role.id)]
            ):
                waiting.add((pid, role.id))
    return waiting


def _pair_shadows(
    picks: list[Pick], fill: list[Role], holds: dict[str, list[str]], ctx: _Context
) -> list[Pick]:
    """Pair each free newcomer with an experienced holder of a role they are waiting for."""
    t = ctx.tally
    free = [p for p in ctx.people if not holds.get(p.id)]
    by_role = {p.role.id: i for i, p in enumerate(picks)}
    taken: set[str] = set()
    for person in free:
        for role in fill:
            index = by_role[role.id]
            pick = picks[index]
            holder = pick.participant_id
            if (
                holder is None
                or role.id in taken
                or (person.id, role.id) not in ctx.waiting
                or not t.count[(holder, role.id)]
            ):
                continue
            joined = person.joined_on[:10]
            why = (
                f"{ctx.names[person.id]} joined on {joined} and shadows "
                f"{ctx.names[holder]}, who has been {role.name} "
                f"{_times(t.count[(holder, role.id)])}, before holding it."
            )
            picks[index] = Pick(pick.role, holder, pick.reason, person.id, why)
            taken.add(role.id)
            break
    return picks
