"""What a team report summarises: the period, per-year figures and the trend sentences.

Pure figures from session records, no drawing library: the team report (facilitator/report/
team.py) lays them out. A long history is told year by year, so a ten-year team reads in a
few dozen pages; the full lists stay available (``every``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import TypeVar

from facilitator.errors import ValidationError
from facilitator.model import (
    Action,
    ActionStatus,
    Experiment,
    ExperimentStatus,
    Participant,
    Role,
    SessionStatus,
    Team,
)
from facilitator.record import SessionRecord
from facilitator.report import figures

T = TypeVar("T")
NO_DATE = "No date"
# How many items each list shows by default: per year for the logs, in all for the rest.
PER_YEAR = 6
PER_OWNER = 8
RECENT_SESSIONS = 24
CHART_POINTS = 23  # the most the trend chart labels one by one
CONCLUDED = (ExperimentStatus.SUCCEEDED, ExperimentStatus.STOPPED, ExperimentStatus.INCONCLUSIVE)
METHODS = {
    "consent": "consent",
    "consensus": "consensus",
    "advice": "advice process",
    "vote": "vote",
    "delegated": "delegated",
    "leader_after_consultation": "leader after consultation",
}


@dataclass
class TeamReportData:
    """A team, its people and roles, and the sessions the report covers (oldest first).

    ``start``/``end`` bound the period (None: open-ended); ``earlier`` holds the sessions
    before it, whose still-open actions the report lists too; ``every`` lists every item
    rather than the recent ones per year.
    """

    team: Team
    participants: list[Participant]
    roles: list[Role]
    records: list[SessionRecord]  # oldest first
    start: date | None = None
    end: date | None = None
    every: bool = False
    earlier: list[SessionRecord] = field(default_factory=list)
    outside: int = 0  # sessions of the team left out by the period (before or after it)


def day_of(record: SessionRecord) -> date | None:
    text = figures.session_day(record)
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def narrowed(
    data: TeamReportData,
    start: date | None = None,
    end: date | None = None,
    *,
    every: bool = False,
) -> TeamReportData:
    """The report of ``data`` over the sessions from ``start`` to ``end`` (both included).

    Sessions without a date are kept only when the period is open on both ends.
    """
    if start and end and start > end:
        raise ValidationError(
            f"The report cannot start on {figures.short_date(start.isoformat())}: "
            f"that is after its end, {figures.short_date(end.isoformat())}."
        )
    kept: list[SessionRecord] = []
    earlier: list[SessionRecord] = []
    for record in data.records:
        day = day_of(record)
        if day is None:
            if start is None and end is None:
                kept.append(record)
        elif start and day < start:
            earlier.append(record)
        elif end is None or day <= end:
            kept.append(record)
    return replace(
        data,
        records=kept,
        start=start,
        end=end,
        every=every,
        earlier=earlier,
        outside=len(data.records) - len(kept),
    )


def year_of(record: SessionRecord) -> str:
    day = day_of(record)
    return str(day.year) if day else NO_DATE


def by_year(
    items: Iterable[tuple[SessionRecord, T]],
) -> list[tuple[str, list[tuple[SessionRecord, T]]]]:
    """Items grouped by the year of their session, newest year first (undated last)."""
    groups: dict[str, list[tuple[SessionRecord, T]]] = {}
    for record, item in items:
        groups.setdefault(year_of(record), []).append((record, item))
    return sorted(groups.items(), key=lambda kv: (kv[0] != NO_DATE, kv[0]), reverse=True)


def newest_first(items: Sequence[T], cap: int | None) -> tuple[list[T], int]:
    """The last ``cap`` items (all when None), newest first, and how many were left out."""
    chosen = list(items)[::-1]
    if cap is None or len(chosen) <= cap:
        return chosen, 0
    return chosen[:cap], len(chosen) - cap


def period_text(data: TeamReportData) -> str:
    """``2 Mar 2017 to 4 Nov 2026`` from the option or the sessions themselves."""
    days = [d for d in (day_of(r) for r in data.records) if d]
    first = data.start or (days[0] if days else None)
    last = data.end or (days[-1] if days else None)
    if first and last:
        return f"{_day(first)} to {_day(last)}"
    if first:
        return f"From {_day(first)}"
    if last:
        return f"Up to {_day(last)}"
    return "No sessions yet" if not data.records else "Sessions without a date"


def _day(day: date) -> str:
    return figures.short_date(day.isoformat())


def percent(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)}%" if whole else "—"


def plural(count: int, noun: str) -> str:
    """``1 action``, ``2 actions``, ``1,204 decisions``."""
    return f"{count:,} {noun}{'' if count == 1 else 's'}"


def was_held(record: SessionRecord) -> bool:
    """Whether the session has run (ended, or at least started): a planned one has not."""
    s = record.session
    return bool(s.started_at or s.ended_at) or s.status is not SessionStatus.PLANNED


def held(records: Sequence[SessionRecord]) -> list[SessionRecord]:
    """The sessions that have run: only these count for attendance and leadership."""
    return [r for r in records if was_held(r)]


def sessions_text(records: Sequence[SessionRecord], *, named: bool = False) -> str:
    """``5 held, 1 planned`` (``5 held`` when none is planned); ``named``: ``5 sessions
    held, 1 planned``, for a line that does not say what is counted."""
    ran = len(held(records))
    planned = len(records) - ran
    noun = f" {plural(ran, 'session').split(' ', 1)[1]}" if named else ""
    return f"{ran:,}{noun} held" + (f", {planned:,} planned" if planned else "")


# ------------------------------------------------------------------ year by year


@dataclass(frozen=True)
class Year:
    """One row of the year-by-year table."""

    year: str
    sessions: int
    decisions: int
    actions: int
    done: int
    dropped: int
    experiments: int
    concluded: int  # experiments that succeeded, stopped or were inconclusive
    succeeded: int
    leading: float | None  # mean leadership distribution of its sessions


def years(records: Sequence[SessionRecord]) -> list[Year]:
    """Per-year figures, oldest year first (sessions without a date last).

    Sessions and Leading count the sessions held; a planned one is not counted yet.
    """
    out: list[Year] = []
    groups = sorted(by_year((r, r) for r in records), key=lambda kv: (kv[0] == NO_DATE, kv[0]))
    for year, rows in groups:
        recs = [r for r, _ in rows]
        actions = [a for r in recs for a in r.actions]
        experiments = [x for r in recs for x in r.experiments]
        values = [v for v in (figures.distribution(r) for r in held(recs)) if v is not None]
        out.append(
            Year(
                year,
                len(held(recs)),
                sum(len(r.decisions) for r in recs),
                len(actions),
                sum(a.status is ActionStatus.DONE for a in actions),
                sum(a.status is ActionStatus.DROPPED for a in actions),
                len(experiments),
                sum(x.status in CONCLUDED for x in experiments),
                sum(x.status is ExperimentStatus.SUCCEEDED for x in experiments),
                sum(values) / len(values) if values else None,
            )
        )
    return out


# ------------------------------------------------------------------ trends in words


def leadership_trend(rows: Sequence[Year]) -> str:
    known = [y for y in rows if y.leading is not None]
    if not known:
        return "No session had role assignments, so there is no leadership figure to follow."
    first, last = known[0], known[-1]
    if first is last:
        return f"Roles were shared {figures.distribution_text(first.leading)} in {first.year}."
    assert first.leading is not None and last.leading is not None
    change = last.leading - first.leading
    if abs(change) < 0.05:
        how = "about as evenly as"
    else:
        how = "more evenly than" if change > 0 else "less evenly than"
    best = max(known, key=lambda y: y.leading or 0.0)
    return (
        f"Roles were shared {how} at the start: {first.leading:.2f} on average in "
        f"{first.year}, {last.leading:.2f} in {last.year} (best year {best.year}, "
        f"{best.leading:.2f})."
    )


def follow_through_trend(rows: Sequence[Year], counts: dict[str, int]) -> str:
    total = sum(counts.values())
    if not total:
        return "No actions were agreed in this period."
    text = (
        f"Of {plural(total, 'action')}, {percent(counts['done'], total)} are done, "
        f"{percent(counts['dropped'], total)} dropped and "
        f"{counts['open'] + counts['overdue']:,} still open"
        f" ({counts['overdue']:,} overdue)."
    )
    rated = [y for y in rows if y.actions]
    if len(rated) > 1:
        first, last = rated[0], rated[-1]
        text += (
            f" Done within the year: {percent(first.done, first.actions)} in {first.year}, "
            f"{percent(last.done, last.actions)} in {last.year}."
        )
    return text


def experiment_trend(records: Sequence[SessionRecord]) -> str:
    experiments = [x for r in records for x in r.experiments]
    if not experiments:
        return "No experiments were designed in this period."
    by_status = Counter(x.status for x in experiments)
    ran = sum(by_status[s] for s in CONCLUDED)
    pending = len(experiments) - ran
    worked = (
        f"Of those concluded, {percent(by_status[ExperimentStatus.SUCCEEDED], ran)} worked."
        if ran
        else "None has concluded yet."
    )
    return (
        f"{plural(len(experiments), 'experiment')}: "
        f"{by_status[ExperimentStatus.SUCCEEDED]:,} succeeded, "
        f"{by_status[ExperimentStatus.STOPPED]:,} stopped, "
        f"{by_status[ExperimentStatus.INCONCLUSIVE]:,} inconclusive and {pending:,} "
        f"planned or running. {worked}"
    )


def decision_trend(records: Sequence[SessionRecord]) -> str:
    decisions = [d for r in records for d in r.decisions]
    if not decisions:
        return "No decisions were recorded in this period."
    methods = Counter(d.method.value for d in decisions).most_common()
    parts = ", ".join(f"{METHODS.get(m, m)} {n:,}" for m, n in methods)
    return f"{plural(len(decisions), 'decision')}, by {parts}."


def lessons(records: Sequence[SessionRecord], count: int = 3) -> list[tuple[SessionRecord, str]]:
    """The latest things the team learned: concluded experiments' outcomes, else learnings."""
    found: list[tuple[SessionRecord, str]] = []
    for record in reversed(records):
        for x in reversed(record.experiments):
            if x.status in CONCLUDED and x.outcome:
                found.append((record, f"{x.status.value.capitalize()}: {x.outcome}"))
        found += [(record, lr.text) for lr in reversed(record.learnings)]
        if len(found) >= count:
            break
    return found[:count]


# ------------------------------------------------------------------ open items


def open_by_owner(
    records: Sequence[SessionRecord], names: dict[str, str], today: date
) -> list[tuple[str, list[tuple[SessionRecord, Action]]]]:
    """Open actions grouped by owner (most overdue first), owners by how much they hold."""
    groups: dict[str, list[tuple[SessionRecord, Action]]] = {}
    for record in records:
        for action in record.actions:
            if figures.action_state(action, today) in ("open", "overdue"):
                owner = names.get(action.owner_id or "", "") or "No owner"
                groups.setdefault(owner, []).append((record, action))
    for items in groups.values():
        items.sort(key=lambda ra: (ra[1].due or "9999-99-99", figures.session_day(ra[0])))
    return sorted(groups.items(), key=lambda kv: (kv[0] == "No owner", -len(kv[1]), kv[0]))


# ------------------------------------------------------------------ trend chart


def chart_points(records: Sequence[SessionRecord]) -> tuple[list[tuple[str, float | None]], str]:
    """The leadership figure over time, and what one point is.

    Up to CHART_POINTS sessions are drawn one by one; a longer history is averaged per
    quarter, half-year or year so the chart stays readable. Labels always carry the year.
    """
    records = held(records)
    dated = [(d, r) for d, r in ((day_of(r), r) for r in records) if d]
    if len(records) <= CHART_POINTS or not dated:
        points = [
            (figures.short_date(figures.session_day(r)) or f"S{i}", figures.distribution(r))
            for i, r in enumerate(records, 1)
        ]
        return _thin(points), "one session"
    for name, key in (
        ("quarter", lambda d: (d.year, (d.month - 1) // 3)),
        ("half-year", lambda d: (d.year, (d.month - 1) // 6)),
        ("year", lambda d: (d.year, 0)),
    ):
        first, last = key(dated[0][0]), key(dated[-1][0])
        per = {"quarter": 4, "half-year": 2, "year": 1}[name]
        span = (last[0] - first[0]) * per + last[1] - first[1] + 1
        if span <= CHART_POINTS or name == "year":
            break
    buckets: dict[tuple[int, int], list[float]] = {}
    for day, record in dated:
        value = figures.distribution(record)
        bucket = buckets.setdefault(key(day), [])
        if value is not None:
            bucket.append(value)
    points = []
    year, part = first
    while (year, part) <= last:
        values = buckets.get((year, part), [])
        label = {
            "quarter": f"Q{part + 1} {year}",
            "half-year": f"H{part + 1} {year}",
            "year": str(year),
        }[name]
        points.append((label, sum(values) / len(values) if values else None))
        part += 1
        if part == per:
            year, part = year + 1, 0
    return _thin(points), f"the average of a {name}'s sessions"


def _thin(points: list[tuple[str, float | None]]) -> list[tuple[str, float | None]]:
    """Blank all but about eight labels so dates with years never overlap."""
    step = max(1, -(-len(points) // 8))
    return [(label if i % step == 0 else "", v) for i, (label, v) in enumerate(points)]


# ------------------------------------------------------------------ coming up


@dataclass(frozen=True)
class ComingUp:
    """What happens next: the next session, what falls due by then (or within 30 days),
    and the open actions already overdue, which are the first to chase."""

    next_session: SessionRecord | None
    until: date
    reviews: list[tuple[SessionRecord, Experiment]]  # not concluded, review due by ``until``
    actions: list[tuple[SessionRecord, Action]]  # open, due from today to ``until``
    overdue: list[tuple[SessionRecord, Action]] = field(default_factory=list)  # latest first


def coming_up(records: Sequence[SessionRecord], today: date) -> ComingUp:
    planned = [
        (d, r)
        for d, r in ((day_of(r), r) for r in records)
        if d and d >= today and r.session.status is SessionStatus.PLANNED
    ]
    nxt = min(planned, key=lambda dr: dr[0])[1] if planned else None
    until = (day_of(nxt) if nxt else None) or today + timedelta(days=30)
    reviews = [
        (r, x)
        for r in records
        for x in r.experiments
        if x.status not in CONCLUDED and x.review_on and x.review_on <= until.isoformat()
    ]
    actions = [
        (r, a)
        for r in records
        for a in r.actions
        if figures.action_state(a, today) == "open" and a.due and a.due <= until.isoformat()
    ]
    overdue = [
        (r, a) for r in records for a in r.actions if figures.action_state(a, today) == "overdue"
    ]
    reviews.sort(key=lambda rx: rx[1].review_on or "")
    actions.sort(key=lambda ra: ra[1].due or "")
    overdue.sort(key=lambda ra: ra[1].due or "", reverse=True)
    return ComingUp(nxt, until, reviews, actions, overdue)
