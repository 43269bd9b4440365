"""A session whose every free-text field holds text that breaks naive PDF code."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from facilitator import planning
from facilitator.clock import iso
from facilitator.model import (
    Action,
    Contribution,
    Decision,
    DecisionMethod,
    Experiment,
    Learning,
    Phase,
    RoleAssignment,
    SpeakingTurn,
)
from facilitator.store import assignments, captures, sessions, teams
from facilitator.store.database import Database
from facilitator.store.rows import to_row

# Right-to-left words stand between left-to-right ones: pypdf puts a right-to-left run that
# spans font subsets back together word by word, so each word is checked on its own.
PIECES = [
    '< > & "',
    "<b>",
    "<img src=x>",
    "Łukasz",
    "שלום",
    "Zoë",
    "Ψυχή",
    "مرحبا",
    "Дмитрий",
    "😀🎉",
    "a\x01b\x07c\x1bd\x7fe",
]
HOSTILE = " | ".join(PIECES)


def long_text(n: int = 100_000) -> str:
    """``n`` characters of numbered words mixed with the hostile pieces."""
    words = []
    i = 0
    while sum(len(w) + 1 for w in words) < n:
        words.append(f"w{i:05d}")
        words.append(PIECES[i % (len(PIECES) - 1)].replace(" ", "_"))
        i += 1
    return " ".join(words)[:n]


def hostile_session(database: Database) -> tuple[str, dict[str, str]]:
    """A finished session with hostile text everywhere; returns (id, field -> text)."""
    fields: dict[str, str] = {}

    def tagged(name: str, one_line: bool = False) -> str:
        text = f"[{name}] {HOSTILE}"
        if one_line:
            text = " ".join(
                text.replace("\x01", "")
                .replace("\x07", "")
                .replace("\x1b", "")
                .replace("\x7f", "")
                .split()
            )
        fields[name] = text
        return text

    team = teams.create_team(database, tagged("team", True)[:120])
    fields["team"] = team.name
    people = [
        teams.add_participant(
            database, team.id, f"Łukasz <b> {i} Дмитрий & Zoë", area=tagged(f"area{i}", True)[:200]
        )
        for i in range(3)
    ]
    for i in range(3):
        fields[f"area{i}"] = people[i].area
        fields[f"person{i}"] = people[i].name
    role = teams.add_role(database, team.id, "Ψυχή <i>")
    fields["role"] = role.name
    start = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
    session = sessions.create_session(
        database,
        team.id,
        tagged("title", True)[:200],
        dilemma=tagged("dilemma"),
        place=tagged("place"),
        planned_date="2026-03-02",
        planned_start="09:30",
    )
    fields["title"] = session.title
    planning.set_present(database, session.id, [p.id for p in people])
    phase = Phase(
        session.id,
        0,
        tagged("phase", True)[:200],
        300,
        prompt=tagged("prompt"),
        started_at=iso(start),
        ended_at=iso(start + timedelta(seconds=320)),
    )
    fields["phase"] = phase.title
    sessions.add_phases(database, [phase])
    assignments.add_assignments(
        database,
        [
            RoleAssignment(
                session.id, role.id, people[0].id, reason=tagged("reason"), created_at=iso(start)
            )
        ],
    )
    with database.write() as db:
        db.table("speaking_turns").insert(
            to_row(
                SpeakingTurn(phase.id, people[1].id, iso(start), iso(start + timedelta(seconds=60)))
            )
        )
    captures.add(
        database,
        Decision(
            session.id,
            long_text(),
            DecisionMethod.ADVICE,
            rationale=tagged("rationale"),
            objections=tagged("objections"),
            consulted=(people[2].id,),
            phase_id=phase.id,
        ),
    )
    fields["decision"] = long_text()
    captures.add(database, Decision(session.id, tagged("decision2")))
    captures.add(
        database, Action(session.id, tagged("action"), owner_id=people[1].id, due="2026-03-20")
    )
    exp = captures.add(
        database,
        Experiment(
            session.id,
            tagged("hypothesis"),
            what_we_try=tagged("try"),
            limit_time=tagged("ltime"),
            limit_money=tagged("lmoney"),
            limit_risk=tagged("lrisk"),
            success_signal=tagged("success"),
            stop_signal=tagged("stop"),
            outcome=tagged("outcome"),
            owner_id=people[0].id,
            review_on="2026-04-01",
        ),
    )
    captures.add(database, Learning(session.id, tagged("learning"), experiment_id=exp.id))
    captures.add(
        database, Contribution(session.id, tagged("contribution"), participant_id=people[2].id)
    )
    return session.id, fields
