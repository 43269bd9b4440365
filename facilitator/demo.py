"""A demo team with a history of sessions, so every screen and report has something real.

``add_demo(database)`` adds the team, four earlier sessions and a finished sample session
(planned from the format library, run with timer events and speaking turns, with roles,
every capture kind, votes and a review of earlier items) and returns the sample's id; the
team's next session is planned too (agenda, attendance, rota), ready to run. Every capture
is stamped in the phase it was made in, or near its session's end, never at the moment
the demo was made.
Its rota comes from the rotation engine, session by session, so the ledger, the reasons
and the distribution figure agree: two people miss a session each, one swap is made with
a stated reason, and the team looks back at its rota once everyone has led.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

from facilitator import agenda, formats, planning, rota, session_time
from facilitator.changes import Done
from facilitator.clock import FakeClock, iso, parse_iso
from facilitator.kinds import Capture
from facilitator.model import (
    Action,
    ActionStatus,
    Contribution,
    Decision,
    DecisionMethod,
    Experiment,
    ExperimentStatus,
    Learning,
    Participant,
    Phase,
    PhaseMode,
    SessionStatus,
    SpeakingTurn,
    TimerEvent,
    TimerEventKind,
)
from facilitator.store import assignments, captures, roster_cleanup, sessions, teams
from facilitator.store.database import Database
from facilitator.store.rows import to_row
from facilitator.turns import rotation_offset

TEAM_NAME = "Northside Fulfilment — operations team"

PEOPLE = [
    ("Priya Nair", "Customer service"),
    ("Tomasz Kowalski", "Warehouse operations"),
    ("Amara Okafor", "Finance"),
    ("Jonas Berg", "IT systems"),
    ("Zoë Marín", "Transport planning"),
    ("Kenji Watanabe", "Quality and safety"),
]

ROTATING = ["facilitator", "timekeeper", "scribe", "challenger", "voice-keeper"]

DILEMMA = (
    "Since the new warehouse management system went live at the Leeds site, on-time "
    "dispatch has fallen from 96% to 88%. Head office wants the same system at the Bristol "
    "site next quarter. Do we pause the second rollout until Leeds recovers, or push on and "
    "fix the problems as we go, knowing the peak season starts in ten weeks?"
)

EARLIER = [
    ("Why are Leeds dispatches late?", ["check-in", "triz", "check-out"], {"Kenji Watanabe"}),
    ("Picking errors after go-live", ["check-in", "one-two-four-all", "check-out"], set()),
    (
        "What customers tell us",
        ["check-in", "what-so-what-now-what", "check-out"],
        {"Amara Okafor"},
    ),
    (
        "Options for the Bristol timeline",
        ["check-in", "fifteen-percent-solutions", "check-out"],
        set(),
    ),
]
# The rota's own story: one swap with a reason, and a look back once everyone had led.
OVERRIDE_AT = 3
REVIEW_AT = 1
REVIEW = (
    "The one-minute warning made timekeeping easy. Scribes want each decision read "
    "back before we move on, and first-time facilitators would like the prompt cards "
    "the day before."
)
NEXT_TITLE = "Go or no-go for Bristol"
NEXT_DILEMMA = (
    "Leeds is back at 95% on-time dispatch. Do we start the Bristol rollout in April as "
    "planned, or wait until after the peak season?"
)
# Troika Consulting gives each of the trio a round as the client: the next session has two
# hours, the time a consult for everyone and a consent decision take.
NEXT_MINUTES = 120
NEXT_AGENDA = ["check-in", "review-round", "troika-consulting", "consent-decision", "check-out"]
SAMPLE_AGENDA = [
    "check-in",
    "review-round",
    "one-two-four-all",
    "experiment-design",
    "consent-decision",
    "check-out",
]

# The demo team meets in Leeds: its sessions ran at 09:30 on the room's clock, whatever
# the zone of the computer that shows or prints them.
ROOM = "Europe/London"


def _unique_team_name(database: Database) -> str:
    existing = {t.name for t in teams.list_teams(database)}
    name, n = TEAM_NAME, 2
    while name in existing:
        name, n = f"{TEAM_NAME} ({n})", n + 1
    return name


def add(database: Database, today: date | None = None) -> Done[str]:
    """The user action "Try the demo workshop": the demo added; its finished sample session."""
    session_id = add_demo(database, today)
    return Done(session_id, planning.session_added(database, session_id))


def add_demo(database: Database, today: date | None = None) -> str:
    """Add the demo team and its sessions; return the finished sample session's id."""
    today = today or datetime.now(UTC).date()
    team = teams.create_team(database, _unique_team_name(database))
    people = [
        teams.add_participant(
            database, team.id, name, area, joined_on=(today - timedelta(days=120)).isoformat()
        )
        for name, area in PEOPLE
    ]
    by_name = {p.name: p for p in people}
    roles = teams.list_roles(database, team.id)
    for role in roles:
        if role.builtin_key not in ROTATING and role.rotates:
            teams.update_role(database, replace(role, rotates=False))

    earlier_ids = []
    for index, (title, format_keys, absent) in enumerate(EARLIER):
        day = today - timedelta(days=7 * (len(EARLIER) - index) + 2)
        present = [p for p in people if p.name not in absent]
        sid = _run_session(
            database,
            team.id,
            title,
            day,
            format_keys,
            present,
            shift=index,
            dilemma=DILEMMA,
            override=index == OVERRIDE_AT,
            review=REVIEW if index == REVIEW_AT else "",
        )
        earlier_ids.append(sid)
    _earlier_captures(database, earlier_ids, by_name, today)

    sample_day = today - timedelta(days=2)
    sample = _run_session(
        database,
        team.id,
        "Pause or push on: the Bristol rollout",
        sample_day,
        SAMPLE_AGENDA,
        people,
        shift=len(EARLIER),
        dilemma=DILEMMA,
        place="Leeds site, meeting room 2",
    )
    _sample_captures(database, sample, earlier_ids, by_name, today)
    _plan_next(database, team.id, today + timedelta(days=7), agreed=_moment(database, sample))
    roster_cleanup.mark_demo(database, team.id)  # so that the demo can be deleted whole
    return sample


def _plan_next(database: Database, team_id: str, day: date, *, agreed: datetime) -> str:
    """The team's next session: everyone present, its agenda from the format library and
    the rota the team agreed at the end of the sample session; its id."""
    session = planning.create_session(
        database,
        team_id,
        NEXT_TITLE,
        planned_date=day.isoformat(),
        planned_start="09:30",
        place="Leeds site, meeting room 2",
        available_min=NEXT_MINUTES,
        dilemma=NEXT_DILEMMA,
    ).value
    present = len(planning.present_ids(database, session.id))
    phases: list[Phase] = []
    for key in NEXT_AGENDA:
        phases = agenda.insert_format(phases, formats.get_format(key), session.id, present)
    planning.save_agenda(database, session.id, phases)
    rota.accept(database, rota.suggest_for_session(database, session.id), at=iso(agreed))
    return session.id


def _moment(
    database: Database, session_id: str, phase_id: str | None = None, share: float = 2 / 3
) -> datetime:
    """When something was captured: ``share`` of the way into its phase, or, when it belongs
    to no phase, two minutes before its session ended (the scribe's last notes)."""
    if phase_id is not None:
        phase = sessions.get_phase(database, phase_id)
        if phase.started_at and phase.ended_at:
            began, ended = parse_iso(phase.started_at), parse_iso(phase.ended_at)
            return began + (ended - began) * share
    ended_at = sessions.get_session(database, session_id).ended_at
    assert ended_at, "captures are stamped after their session has run"
    return parse_iso(ended_at) - timedelta(minutes=2)


def _capture(database: Database, item: Capture) -> Capture:
    """Store a capture stamped with the moment the room made it."""
    return captures.add(database, item, at=iso(_moment(database, item.session_id, item.phase_id)))


def _run_session(
    database: Database,
    team_id: str,
    title: str,
    day: date,
    format_keys: list[str],
    present: list[Participant],
    *,
    shift: int,
    dilemma: str,
    place: str = "Leeds site, meeting room 2",
    override: bool = False,
    review: str = "",
) -> str:
    start = datetime(day.year, day.month, day.day, 9, 30, tzinfo=session_time.zone(ROOM) or UTC)
    session = sessions.create_session(
        database,
        team_id,
        title,
        dilemma=dilemma,
        place=place,
        planned_date=day.isoformat(),
        planned_start="09:30",
        available_min=90,
    )
    planning.set_present(database, session.id, [p.id for p in present])
    phases: list[Phase] = []
    for key in format_keys:
        phases += formats.expand(formats.get_format(key), session.id, len(phases), len(present))
    sessions.add_phases(database, phases)

    # Roles: the rotation engine suggests from the team's history and the rota is accepted
    # a quarter of an hour before the start; holders confirm at the handover.
    ordered = sorted(present, key=lambda p: p.name)
    _rotate_roles(database, session.id, start, override=override)
    if review:
        rota.record_review(database, session.id, review, at=iso(start + timedelta(minutes=2)))

    # The run: each phase takes its planned time give or take, with events and turns.
    now = start
    seq = 1
    stored: list[Phase] = []
    events: list[TimerEvent] = []
    turns: list[SpeakingTurn] = []
    drift = [0, 40, -30, 75, -20, 10]
    before = sessions.sessions_before(database, session.id)
    for i, phase in enumerate(phases):
        actual = max(30, phase.planned_s + drift[i % len(drift)])
        began = now
        events.append(
            TimerEvent(
                session.id,
                phase.id,
                seq,
                TimerEventKind.START,
                iso(began),
                deadline_utc=iso(began + timedelta(seconds=phase.planned_s)),
                remaining_s=float(phase.planned_s),
            )
        )
        seq += 1
        if drift[i % len(drift)] > 60:
            at = began + timedelta(seconds=phase.planned_s - 20)
            events.append(
                TimerEvent(
                    session.id,
                    phase.id,
                    seq,
                    TimerEventKind.EXTEND,
                    iso(at),
                    deadline_utc=iso(began + timedelta(seconds=phase.planned_s + 60)),
                    remaining_s=80.0,
                    amount_s=60.0,
                )
            )
            seq += 1
        now = began + timedelta(seconds=actual)
        events.append(
            TimerEvent(
                session.id,
                phase.id,
                seq,
                TimerEventKind.END,
                iso(now),
                remaining_s=float(phase.planned_s - actual),
            )
        )
        seq += 1
        stored.append(replace(phase, started_at=iso(began), ended_at=iso(now)))
        if phase.mode is PhaseMode.ROUND_ROBIN:  # who starts, as the app would have it
            turns += _turns(phase, ordered, began, actual, rotation_offset(phases, phase, before))
        elif phase.mode is PhaseMode.OPEN:
            turns += _turns(phase, ordered, began, actual, shift + i)
    with database.write() as db:
        for phase in stored:
            db.table("phases").update(
                phase.id, {"started_at": phase.started_at, "ended_at": phase.ended_at}
            )
        db.table("timer_events").insert_all([to_row(e) for e in events])
        db.table("speaking_turns").insert_all([to_row(t) for t in turns])
        db.table("sessions").update(
            session.id,
            {
                "status": SessionStatus.FINISHED.value,
                "started_at": iso(start),
                "ended_at": iso(now),
                "time_zone": ROOM if session_time.zone(ROOM) else None,
            },
        )
    return session.id


def _rotate_roles(database: Database, session_id: str, start: datetime, *, override: bool) -> None:
    """Accept the engine's rota; optionally swap two roles for a stated reason."""
    planned = start - timedelta(minutes=15)
    rota.accept(database, rota.suggest_for_session(database, session_id), at=iso(planned))
    if override:
        held = {
            a.role_id: a.participant_id
            for a in assignments.for_session(database, session_id)
            if not a.ended_at and not a.shadow_of
        }
        roles = {
            r.builtin_key: r
            for r in teams.list_roles(database, sessions.get_session(database, session_id).team_id)
        }
        facilitator = roles["facilitator"]
        timekeeper = roles["timekeeper"]
        first = teams.get_participant(database, held[facilitator.id]).name.split()[0]
        other = teams.get_participant(database, held[timekeeper.id]).name.split()[0]
        rota.swap(
            database,
            session_id,
            facilitator.id,
            timekeeper.id,
            f"{first} presents the vendor's options today and wants to argue for them "
            f"freely, so {other} facilitates and {first} keeps time.",
            at=iso(planned + timedelta(minutes=5)),
        )
    current = [a.id for a in assignments.for_session(database, session_id) if not a.ended_at]
    rota.confirm(database, current, at=iso(start))


def _turns(
    phase: Phase, people: list[Participant], began: datetime, seconds: int, offset: int
) -> list[SpeakingTurn]:
    """Speaking turns: equal slots in a round-robin, uneven airtime in open discussion."""
    n = len(people)
    if phase.mode is PhaseMode.ROUND_ROBIN:
        slot = seconds / n
        shares = [slot] * n
    else:
        weights = [5, 3, 4, 1, 2, 3]
        shares = [
            seconds * weights[(i + offset) % len(weights)] / (sum(weights[:n]) or 1)
            for i in range(n)
        ]
    result, at = [], began
    for i in range(n):
        person = people[(i + offset) % n]
        end = at + timedelta(seconds=shares[i])
        result.append(SpeakingTurn(phase.id, person.id, iso(at), iso(end)))
        at = end
    return result


def _phase(database: Database, session_id: str, format_key: str, index: int = 0) -> str | None:
    matches = [p for p in sessions.list_phases(database, session_id) if p.format_key == format_key]
    return matches[min(index, len(matches) - 1)].id if matches else None


def _earlier_captures(
    database: Database, ids: list[str], who: dict[str, Participant], today: date
) -> None:
    first, second, third, fourth = ids
    _capture(
        database,
        Decision(
            first,
            "Measure dispatch lateness by cause for two weeks before changing anything.",
            DecisionMethod.CONSENT,
            rationale="We argue from anecdotes; we need numbers first.",
            consulted=(who["Tomasz Kowalski"].id, who["Jonas Berg"].id),
            phase_id=_phase(database, first, "triz", 3),
        ),
    )
    _capture(
        database,
        Action(
            first,
            "Tag every late dispatch with a cause code in the WMS.",
            owner_id=who["Tomasz Kowalski"].id,
            due=(today - timedelta(days=20)).isoformat(),
            status=ActionStatus.DONE,
            closed_in_session=second,
        ),
    )
    _capture(
        database,
        Action(
            second,
            "Ask the WMS vendor for the pick-path optimisation patch and its release date.",
            owner_id=who["Jonas Berg"].id,
            due=(today - timedelta(days=5)).isoformat(),
        ),
    )
    _capture(
        database,
        Action(
            third,
            "Call the five customers with the most late orders and log what they say.",
            owner_id=who["Priya Nair"].id,
            due=(today - timedelta(days=6)).isoformat(),
        ),
    )
    _capture(
        database,
        Learning(
            third,
            "Customers mind late notice more than late delivery: a call before 10:00 "
            "defuses most complaints.",
            phase_id=_phase(database, third, "what-so-what-now-what", 3),
        ),
    )
    _capture(
        database,
        Experiment(
            fourth,
            "If pickers batch small orders by zone, late dispatches in zone C fall by half.",
            what_we_try="Zone batching on the early shift only, zone C only.",
            limit_time="Two weeks",
            limit_money="No spend; overtime within the current budget",
            limit_risk="Stop at once if mis-picks rise above 1%",
            success_signal="Zone C late dispatches under 6% for five working days",
            stop_signal="Mis-picks above 1% on any day, or pickers report unsafe congestion",
            owner_id=who["Tomasz Kowalski"].id,
            review_on=(today - timedelta(days=3)).isoformat(),
            status=ExperimentStatus.RUNNING,
            started_on=(today - timedelta(days=16)).isoformat(),
            phase_id=_phase(database, fourth, "fifteen-percent-solutions", 2),
        ),
    )
    for text, person in [
        ("Ask Bristol which of our Leeds problems they already see in testing.", "Zoë Marín"),
        ("Keep the old label printers until the new ones are proven.", "Kenji Watanabe"),
    ]:
        _capture(database, Contribution(fourth, text, participant_id=who[person].id))


def _sample_captures(
    database: Database, sample: str, earlier: list[str], who: dict[str, Participant], today: date
) -> None:
    review = _phase(database, sample, "review-round", 1)
    # The room goes through the items one by one from a third of the way into the round.
    reviewed = FakeClock(_moment(database, sample, review, share=1 / 3))
    # The review round closes or carries over what earlier sessions promised.
    from facilitator import review as review_round

    open_actions = [
        a
        for sid in earlier
        for a in captures.list_for_session(database, Action, sid)
        if a.status is ActionStatus.OPEN
    ]
    for action in open_actions:
        if "vendor" in action.text:
            review_round.record(
                database,
                sample,
                "action",
                action.id,
                "done",
                outcome="The patch ships on the 14th; Jonas has the release notes.",
                phase_id=review,
                clock=reviewed,
            )
        else:
            review_round.record(
                database,
                sample,
                "action",
                action.id,
                "open",
                outcome="Three of the five called; the other two by Friday.",
                phase_id=review,
                clock=reviewed,
            )
        reviewed.advance(90)  # a minute and a half per item
    experiments = [
        e for sid in earlier for e in captures.list_for_session(database, Experiment, sid)
    ]
    for exp in experiments:
        review_round.record(
            database,
            sample,
            "experiment",
            exp.id,
            ExperimentStatus.SUCCEEDED.value,
            outcome="Zone C late dispatches fell from 14% to 5% in eight working days; "
            "mis-picks stayed at 0.4%.",
            learning="Batching by zone works when one person owns the wave plan; it failed on "
            "the day nobody did.",
            phase_id=review,
            clock=reviewed,
        )
        reviewed.advance(90)

    ideas = _phase(database, sample, "one-two-four-all", 3)
    contributions = []
    for text, person in [
        (
            "Run Bristol in shadow mode for four weeks: new system live, old one still "
            "authoritative.",
            "Jonas Berg",
        ),
        ("Fix the Leeds pick paths first; Bristol inherits the fix.", "Tomasz Kowalski"),
        ("Go live in Bristol only for the next-day service, not same-day.", "Zoë Marín"),
        ("Hire two temporary super-users from the vendor for peak season.", "Amara Okafor"),
        ("Tell our top 20 customers now what we are changing and why.", "Priya Nair"),
    ]:
        contributions.append(
            _capture(
                database, Contribution(sample, text, participant_id=who[person].id, phase_id=ideas)
            )
        )
    dots = {
        0: [3, 2, 1, 2, 0, 3],
        1: [1, 2, 2, 1, 3, 0],
        2: [0, 1, 1, 0, 2, 1],
        3: [1, 0, 1, 1, 0, 1],
        4: [1, 1, 0, 2, 1, 1],
    }
    people = sorted(who.values(), key=lambda p: p.name)
    from facilitator import voting

    voting.set_budget(database, sample, ideas, 6)  # six dots each in the "All" round
    for index, counts in dots.items():
        for voter, count in zip(people, counts, strict=True):
            if count:
                captures.set_votes(database, contributions[index].id, voter.id, count, ideas)

    decide = _phase(database, sample, "consent-decision", 5)
    _capture(
        database,
        Decision(
            sample,
            "Bristol goes live in shadow mode for four weeks from the 1st; the full switch "
            "waits until Leeds dispatches on time 94% of days for three weeks running.",
            DecisionMethod.CONSENT,
            rationale="Shadow mode lets Bristol learn the system without putting customers at "
            "risk, and ties the switch to evidence rather than a date.",
            consulted=(who["Jonas Berg"].id, who["Tomasz Kowalski"].id, who["Priya Nair"].id),
            objections="Amara: shadow mode doubles data entry for a month. Addressed: the vendor's "
            "super-users take the double entry for the first two weeks.",
            phase_id=decide,
        ),
    )
    _capture(
        database,
        Decision(
            sample,
            "Priya tells the top 20 customers about the change this week.",
            DecisionMethod.DELEGATED,
            rationale="Priya owns the customer relationships.",
            consulted=(who["Priya Nair"].id,),
            phase_id=decide,
        ),
    )
    _capture(
        database,
        Action(
            sample,
            "Agree the shadow-mode plan and dates with the Bristol site lead.",
            owner_id=who["Jonas Berg"].id,
            due=(today + timedelta(days=7)).isoformat(),
            phase_id=decide,
        ),
    )
    _capture(
        database,
        Action(
            sample,
            "Write to the top 20 customers: what changes, when, and whom to call.",
            owner_id=who["Priya Nair"].id,
            due=(today + timedelta(days=4)).isoformat(),
            phase_id=decide,
        ),
    )
    _capture(
        database,
        Action(
            sample,
            "Cost two vendor super-users for six weeks and bring the figure to the next session.",
            owner_id=who["Amara Okafor"].id,
            due=(today + timedelta(days=10)).isoformat(),
            phase_id=decide,
        ),
    )
    design = _phase(database, sample, "experiment-design", 3)
    _capture(
        database,
        Experiment(
            sample,
            "If Leeds pickers follow the vendor's new pick paths, on-time dispatch "
            "reaches 94% within three weeks.",
            what_we_try="Switch zones A and B to the new pick paths; zones C and D keep "
            "batching as the comparison.",
            limit_time="Three weeks",
            limit_money="Up to £2,000 of vendor support",
            limit_risk="Revert a zone the same day if its mis-picks pass 1%",
            success_signal="Zones A and B dispatch on time on 94% of days",
            stop_signal="Mis-picks above 1%, or pickers walk further than before",
            owner_id=who["Tomasz Kowalski"].id,
            review_on=(today + timedelta(days=19)).isoformat(),
            status=ExperimentStatus.PLANNED,
            phase_id=design,
        ),
    )
    _capture(
        database,
        Learning(
            sample,
            "Linking the Bristol switch to a Leeds result turned a yes-or-no argument into "
            "a shared test.",
            phase_id=_phase(database, sample, "check-out", 1),
        ),
    )
