"""The review round: what earlier sessions promised comes back until the room settles it.

For a session, ``agenda`` lists the open actions and the open or due experiments from the
team's earlier sessions, plus what this session has already reviewed. For each item the
room records a status, an outcome and a learning (``record``). An action settled here gets
``closed_in_session``; an experiment's outcome is stored on it and its learning is linked
to it. An item left open, or not reviewed at all, is listed again next time: nothing falls
through.

In the room the owners report in turn (``in_turn``): all of one person's items together,
people in the order the round-robin takes them (``speaking_order``), items nobody owns
last. An item not yet reviewed is proposed at its current status (``proposed_status``): an
open action stays open until the room chooses to close it.

``record`` and ``clear`` are the room's actions: each commits one transaction and returns
the item as it now stands with what changed (``Done``). The notes typed for an item but not
yet recorded are kept as its draft (``keep_notes``, ``notes_waiting``, ``take_notes``), so
a crash loses none of them; recording the item drops them in the same transaction.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import Enum
from typing import Any

from facilitator import drafts, kinds, session_time, turns
from facilitator.capture import check_storable
from facilitator.changes import Changes, Done, Topic
from facilitator.clock import Clock, SystemClock, iso
from facilitator.direction import isolate, ours_first
from facilitator.drafts import FormDraft
from facilitator.errors import FacilitatorError, NotFoundError, ValidationError
from facilitator.model import (
    Action,
    ActionStatus,
    Experiment,
    ExperimentStatus,
    Learning,
    PhaseMode,
    Session,
    clean_text,
    new_id,
    parse_enum,
)
from facilitator.store import captures, sessions, teams
from facilitator.store import reviews as store
from facilitator.store.database import Database
from facilitator.store.rows import from_row, to_row

OPEN_EXPERIMENT = (ExperimentStatus.PLANNED, ExperimentStatus.RUNNING)
DRAFT_PREFIX = "review:"  # one draft per reviewed item: "review:<item id>"
log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Review:
    """What one session recorded for one earlier item."""

    id: str
    session_id: str
    kind: str
    item_id: str
    status: str
    outcome: str
    learning_id: str | None
    learning: str
    created_at: str
    phase_id: str | None = None  # the review-round phase it was recorded in
    updated_at: str = ""


@dataclass(frozen=True, slots=True)
class ReviewItem:
    """An action or experiment on a session's review list."""

    kind: str  # "action" or "experiment"
    item: Action | Experiment
    from_session: str  # title of the session it was promised in
    from_day: str  # that session's date, YYYY-MM-DD
    owner: str  # owner's name, or "" for nobody
    due: str | None  # an action's due date, an experiment's review date
    due_now: bool  # due on or before this session's day (or no date)
    times_carried: int  # earlier review rounds that left it open
    review: Review | None  # what this session recorded, if anything

    @property
    def text(self) -> str:
        return self.item.hypothesis if isinstance(self.item, Experiment) else self.item.text

    @property
    def owner_id(self) -> str | None:
        return self.item.owner_id

    @property
    def settled(self) -> bool:
        """Reviewed here and closed (an action done or dropped, an experiment finished)."""
        return self.review is not None and self.review.status not in ("open", "planned", "running")


@dataclass(frozen=True, slots=True)
class ReviewAgenda:
    session: Session
    day: date
    items: list[ReviewItem]

    @property
    def reviewed(self) -> int:
        return sum(1 for i in self.items if i.review is not None)

    @property
    def to_review(self) -> list[ReviewItem]:
        return [i for i in self.items if i.review is None]


def session_day(session: Session) -> date:
    """The day a session happens (``session_time.session_day``); refused when it has none."""
    day = session_time.session_day(session)
    if day is None:
        raise ValidationError(f"The session {session.title!r} has no date.")
    return day


def review_from_row(row: dict[str, Any]) -> Review:
    """A stored review row (with its learning's text joined in) as a ``Review``."""
    return Review(
        id=row["id"],
        session_id=row["session_id"],
        kind=row["kind"],
        item_id=row["item_id"],
        status=row["status"],
        outcome=row["outcome"] or "",
        learning_id=row["learning_id"],
        learning=row.get("learning_text") or "",
        created_at=row["created_at"] or "",
        phase_id=row.get("phase_id"),
        updated_at=row.get("updated_at") or "",
    )


def agenda(database: Database, session_id: str) -> ReviewAgenda:
    """Everything this session's review round has to look at, most pressing first."""
    session = sessions.get_session(database, session_id)
    day = session_day(session)
    team_sessions = {s.id: s for s in sessions.list_sessions(database, session.team_id)}
    my_key = session_time.session_order(session)

    def earlier(sid: str) -> bool:
        other = team_sessions.get(sid)
        return (
            sid != session_id and other is not None and session_time.session_order(other) < my_key
        )

    here = {r["item_id"]: review_from_row(r) for r in store.for_session(database, session_id)}
    names = {
        p.id: p.name
        for p in teams.list_participants(database, session.team_id, include_inactive=True)
    }
    candidates: list[tuple[str, Action | Experiment]] = []
    for action in captures.team_actions(database, session.team_id):
        if earlier(action.session_id) and (
            action.status is ActionStatus.OPEN
            or action.id in here
            or action.closed_in_session == session_id
        ):
            candidates.append(("action", action))
    experiments = captures.team_experiments(database, session.team_id)
    learned = {
        lr.experiment_id
        for lr in captures.team_learnings(database, session.team_id)
        if lr.experiment_id
    }
    reviewed_anywhere = {
        r["item_id"] for r in store.for_items(database, [e.id for e in experiments])
    }
    for exp in experiments:
        if not earlier(exp.session_id):
            continue
        due = exp.review_on is None or exp.review_on <= day.isoformat()
        unlearned = due and exp.id not in learned and exp.id not in reviewed_anywhere
        if exp.status in OPEN_EXPERIMENT or exp.id in here or unlearned:
            candidates.append(("experiment", exp))

    history = store.for_items(database, [item.id for _, item in candidates])
    carried: dict[str, int] = {}
    for row in history:
        if row["session_id"] != session_id and row["status"] in ("open", "planned", "running"):
            carried[row["item_id"]] = carried.get(row["item_id"], 0) + 1

    items: list[ReviewItem] = []
    for kind, item in candidates:
        when = item.due if isinstance(item, Action) else item.review_on
        items.append(
            ReviewItem(
                kind=kind,
                item=item,
                from_session=team_sessions[item.session_id].title,
                from_day=session_time.session_day_text(team_sessions[item.session_id]),
                owner=names.get(item.owner_id or "", ""),
                due=when,
                due_now=when is None or when <= day.isoformat(),
                times_carried=carried.get(item.id, 0),
                review=here.get(item.id),
            )
        )
    items.sort(
        key=lambda i: (
            not i.due_now,
            i.kind != "action",
            i.due or "9999",
            i.from_day,
            i.item.created_at,
        )
    )
    return ReviewAgenda(session=session, day=day, items=items)


def speaking_order(database: Database, session_id: str, phase_id: str | None) -> list[str]:
    """Who is present, in the order the round-robin of ``phase_id`` takes them (each earlier
    session of the team, and each round-robin before it, moves the start one place on); with
    no phase, as the session's first round. A phase of a format with a round-robin among its
    steps (the review round's Report) takes that round's order, so every step of it, and the
    room, list the owners alike."""
    present = sessions.present_ids(database, session_id)
    before = sessions.sessions_before(database, session_id)
    phases = sessions.list_phases(database, session_id)
    phase = next((p for p in phases if p.id == phase_id), None)
    if phase is None:
        return turns.rotated(present, before)
    if phase.mode is not PhaseMode.ROUND_ROBIN and phase.group_id:
        steps = [p for p in phases if p.group_id == phase.group_id]
        phase = next((p for p in steps if p.mode is PhaseMode.ROUND_ROBIN), phase)
    return turns.rotated(present, turns.rotation_offset(phases, phase, before))


def in_turn(agenda: ReviewAgenda, speakers: Sequence[str] = ()) -> list[ReviewItem]:
    """The items as the owners report them: each owner's items together (most pressing
    first), owners in the order of ``speakers`` (participant ids, the round-robin's order),
    then owners not among them in the order of their most pressing item, then the items
    nobody owns."""
    groups: dict[str, list[ReviewItem]] = {}
    unowned: list[ReviewItem] = []
    for item in agenda.items:  # most pressing first: the order within a group
        if item.owner_id:
            groups.setdefault(item.owner_id, []).append(item)
        else:
            unowned.append(item)
    place = {pid: n for n, pid in enumerate(dict.fromkeys(speakers))}
    pressing = {owner: n for n, owner in enumerate(groups)}
    owners = sorted(groups, key=lambda o: (o not in place, place.get(o, 0), pressing[o]))
    return [item for owner in owners for item in groups[owner]] + unowned


def whose_turn(items: Sequence[ReviewItem], item_id: str | None) -> str:
    """Who reports the item ``item_id`` and how many items are theirs, for the room:
    "Sam O'Neill — 2 items", "No owner — 1 item"; "" when the item is not listed."""
    item = next((i for i in items if i.item.id == item_id), None)
    if item is None:
        return ""
    count = sum(1 for i in items if i.owner_id == item.owner_id)
    name = isolate(item.owner or "(removed participant)") if item.owner_id else "No owner"
    return ours_first(f"{name} — {count} item{'s' if count != 1 else ''}")


def proposed_status(item: ReviewItem) -> str:
    """The status a review starts from: what this session recorded, else the item's current
    status (an open action stays open, a running experiment running): the room chooses to
    close it, nothing is closed for want of a choice."""
    if item.review is not None:
        return item.review.status
    return item.item.status.value


def draft_key(item_id: str) -> str:
    """The key the notes typed for an item are kept under, as a draft of this session."""
    return DRAFT_PREFIX + item_id


def record(
    database: Database,
    session_id: str,
    kind: str,
    item_id: str,
    status: str,
    *,
    outcome: str = "",
    learning: str = "",
    phase_id: str | None = None,
    clock: Clock | None = None,
) -> Done[ReviewItem]:
    """Record the room's review of one earlier item; recording again replaces it.

    Actions: ``status`` is open, done or dropped; done or dropped closes the action in this
    session. Experiments: planned, running, succeeded, stopped or inconclusive; the outcome
    is stored on the experiment and the learning is linked to it. The notes kept as the
    item's draft go in the same transaction; when the review is refused they stay.
    """
    drafts.entered(
        database,
        session_id,
        draft_key(item_id),
        lambda: _store_review(
            database, session_id, kind, item_id, status, outcome, learning, phase_id, clock
        ),
    )
    return _done(database, session_id, item_id)


def _store_review(
    database: Database,
    session_id: str,
    kind: str,
    item_id: str,
    status: str,
    outcome: str,
    learning: str,
    phase_id: str | None,
    clock: Clock | None,
) -> None:
    """Check one review as a whole and store it (item, learning, review row) at once."""
    if kind not in kinds.REVIEWED:
        raise ValidationError("Only actions and experiments are reviewed.")
    outcome = clean_text(outcome, "Outcome", required=False)
    learning = clean_text(learning, "Learning", required=False)
    check_storable(outcome, "Outcome")
    check_storable(learning, "Learning")
    session = sessions.get_session(database, session_id)
    if phase_id is not None and sessions.get_phase(database, phase_id).session_id != session_id:
        raise ValidationError("That phase belongs to another session.")
    current = store.item_row(database, kind, item_id)
    if current is None or current.get("deleted_at"):
        raise NotFoundError("That item no longer exists.")
    if current["session_id"] == session_id:
        raise ValidationError("Items from this session are reviewed at the next session.")
    origin = sessions.get_session(database, current["session_id"])
    if origin.team_id != session.team_id:
        raise ValidationError("That item belongs to another team.")

    stamp = iso((clock or SystemClock()).now())
    existing = next(
        (r for r in store.for_session(database, session_id) if r["item_id"] == item_id), None
    )
    before: dict[str, Any] = json.loads(existing["before"]) if existing else current
    values: dict[str, Any] = {"updated_at": stamp}
    if kind == "action":
        action_status = parse_enum(ActionStatus, status, "action status")
        values["status"] = action_status.value
        values["closed_in_session"] = None if action_status is ActionStatus.OPEN else session_id
    else:
        exp_status = parse_enum(ExperimentStatus, status, "experiment status")
        values["status"] = exp_status.value
        values["outcome"] = outcome if outcome.strip() else (before.get("outcome") or "")
        if exp_status is not ExperimentStatus.PLANNED and not before.get("started_on"):
            # It ran by the time it was reviewed: count its learning time from its start.
            values["started_on"] = (before.get("created_at") or stamp)[:10]
        else:
            values["started_on"] = before.get("started_on")
    # Validate the result as a whole item before anything is written.
    cls = Action if kind == "action" else Experiment
    from_row(cls, {**current, **values})

    learning_id = existing["learning_id"] if existing else None
    insert = update = None
    delete = None
    if learning.strip():
        # A learning deleted since (it then joins as empty text) is written anew.
        if learning_id and existing and existing["learning_text"]:
            update = {"id": learning_id, "text": learning, "updated_at": stamp}
        else:
            item = Learning(
                session_id=session_id,
                text=learning,
                experiment_id=item_id if kind == "experiment" else None,
                phase_id=phase_id,
                created_at=stamp,
            )
            insert = {**to_row(item), "updated_at": stamp}
            learning_id = item.id
    elif learning_id:
        delete, learning_id = learning_id, None
    row = {
        "id": existing["id"] if existing else new_id(),
        "session_id": session_id,
        "phase_id": phase_id
        if phase_id is not None
        else (existing["phase_id"] if existing else None),
        "kind": kind,
        "item_id": item_id,
        "status": values["status"],
        "outcome": outcome,
        "learning_id": learning_id,
        "before": json.dumps(before, ensure_ascii=False),
        "created_at": existing["created_at"] if existing else stamp,
        "updated_at": stamp,
    }
    store.save(
        database,
        review=row,
        item_values=values,
        learning_insert=insert,
        learning_update=update,
        learning_delete=delete,
    )


def clear(
    database: Database, session_id: str, item_id: str, *, clock: Clock | None = None
) -> Done[ReviewItem]:
    """Take back this session's review of an item: it is as before and to be reviewed again."""
    existing = next(
        (r for r in store.for_session(database, session_id) if r["item_id"] == item_id), None
    )
    if existing is None:
        raise NotFoundError("This item has not been reviewed in this session.")
    later = [
        r
        for r in store.for_items(database, [item_id])
        if r["session_id"] != session_id and r["created_at"] > existing["created_at"]
    ]
    if later:
        raise ValidationError("A later session has reviewed this item since; change it there.")
    store.clear(database, existing, iso((clock or SystemClock()).now()))
    return _done(database, session_id, item_id)


def _done(database: Database, session_id: str, item_id: str) -> Done[ReviewItem]:
    """The item as it now stands on the review list, and what its review changed: two
    sessions of one team (the item where it was promised; this session's review and
    learning), so the changes name the team, not one session."""
    round_ = agenda(database, session_id)
    item = next((i for i in round_.items if i.item.id == item_id), None)
    if item is None:
        raise NotFoundError("That item is not on this session's review list.")
    team_id = round_.session.team_id
    here = Changes.of(Topic.REVIEWS, Topic.CAPTURES, session_id=session_id, team_id=team_id)
    there = Changes.of(Topic.CAPTURES, session_id=item.item.session_id, team_id=team_id)
    return Done(item, here | there)


# ------------------------------------------------------------------ notes being typed
# A draft is never worth stopping the room for: these log a failure and carry on.


class Kept(Enum):
    """What became of the notes typed for an item (``keep_notes``)."""

    KEPT = "kept"  # stored as the item's draft
    NOTHING = "nothing"  # nothing typed beyond what is recorded (or read-only): no draft
    FAILED = "failed"  # could not be stored (logged): try again at the next pause


def keep_notes(
    database: Database,
    session_id: str,
    item_id: str,
    status: str,
    outcome: str,
    learning: str,
    *,
    clock: Clock | None = None,
) -> Kept:
    """Keep the notes typed for an item as its draft, so a crash loses none of them. Notes
    that are what this session has already recorded for the item are no draft."""
    key = draft_key(item_id)
    try:
        recorded = next(
            (r for r in store.for_session(database, session_id) if r["item_id"] == item_id), None
        )
        if recorded is not None:
            stored = (recorded["outcome"] or "", recorded["learning_text"] or "")
        else:
            stored = ("", "")
        if (outcome, learning) == stored:
            drafts.clear_draft(database, session_id, key)
            return Kept.NOTHING
        values = {"outcome": outcome, "learning": learning}
        kept = drafts.save_form(database, session_id, key, values, {"status": status}, clock=clock)
    except FacilitatorError as exc:
        log.warning("Could not keep the draft of a review: %s", exc)
        return Kept.FAILED
    return Kept.KEPT if kept else Kept.NOTHING


def notes_waiting(database: Database, session_id: str) -> dict[str, FormDraft]:
    """The notes kept from before (a crash, say) for this session's items, by item id."""
    try:
        kept = drafts.take_forms(database, session_id, DRAFT_PREFIX)
    except FacilitatorError as exc:
        log.warning("Could not read the review round's drafts: %s", exc)
        return {}
    return {key.removeprefix(DRAFT_PREFIX): form for key, form in kept.items()}


def take_notes(database: Database, session_id: str, item_id: str) -> FormDraft | None:
    """The notes kept for one item, to put back into the fields; None when there are none."""
    try:
        return drafts.take_form(database, session_id, draft_key(item_id))
    except FacilitatorError as exc:
        log.warning("Could not read the draft of a review: %s", exc)
        return None


def under_way(database: Database, session_id: str, phase_id: str) -> bool:
    """Whether the review of ``phase_id`` was under way: an item reviewed in it, or notes
    typed for one and kept. A run opened again (after a crash, say) in that phase puts the
    review back beside the timer."""
    if notes_waiting(database, session_id):
        return True
    return any(
        i.review is not None and i.review.phase_id == phase_id
        for i in agenda(database, session_id).items
    )
