"""Build a ten-year archive fast: 520 sessions and 100,000 captures in one transaction.

The benchmarks open, search and report on it. The database is created through
``open_database`` (so it has every migration, triggers included) and filled with direct
sqlite-utils inserts in a single ``Database.write()``: seconds, not minutes.

    python benchmarks/archive.py OUT.db [--sessions 520] [--captures 100000]

From another benchmark::

    from archive import build_archive          # benchmarks/ is on sys.path when run
    stats = build_archive(tmp / "archive.db")
"""

from __future__ import annotations

import argparse
import random
import sys
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from facilitator.store.database import open_database  # noqa: E402

SESSIONS = 520
CAPTURES = 100_000
TEAMS = 4
PEOPLE_PER_TEAM = 9
PHASES_PER_SESSION = 6
# Shares of the captures by kind; contributions dominate, as in a real room.
KIND_SHARES = {
    "contributions": 0.70,
    "actions": 0.12,
    "decisions": 0.08,
    "learnings": 0.06,
    "experiments": 0.04,
}
ROTATING = ["facilitator", "timekeeper", "scribe", "challenger", "voice-keeper"]
PHASES = [
    ("Check-in", "round_robin", 600),
    ("Review of open items", "open", 900),
    ("1-2-4-All", "small_groups", 1200),
    ("Experiment design", "small_groups", 1200),
    ("Consent decision", "round_robin", 900),
    ("Check-out", "round_robin", 300),
]
# Words that appear in the archive with known rarity, for search benchmarks.
RARE_WORDS = ("forklift", "tachograph", "reconciliation", "ergonomics", "backorder")
COMMON_WORDS = (
    "we",
    "the",
    "team",
    "customer",
    "dispatch",
    "warehouse",
    "picking",
    "late",
    "orders",
    "shift",
    "rota",
    "system",
    "training",
    "safety",
    "peak",
    "season",
    "cost",
    "budget",
    "trial",
    "pilot",
    "week",
    "site",
    "Leeds",
    "Bristol",
    "driver",
    "route",
    "stock",
    "label",
    "scanner",
    "error",
    "rate",
    "target",
    "weekend",
    "overtime",
    "supplier",
    "invoice",
    "complaint",
    "returns",
    "packaging",
    "quality",
    "check",
    "meeting",
    "owner",
    "handover",
    "night",
    "morning",
    "van",
    "pallet",
    "bay",
    "dock",
    "queue",
    "review",
    "improve",
    "reduce",
    "agree",
    "try",
    "measure",
    "ask",
    "share",
    "learn",
    "stop",
    "start",
    "keep",
    "before",
    "after",
    "because",
    "so",
    "and",
    "but",
    "if",
    "for",
    "with",
    "to",
    "of",
    "on",
    "in",
    "a",
    "is",
    "are",
    "was",
    "not",
    "more",
    "less",
    "every",
    "Zoë",
    "Łukasz",
    "Дмитрий",
    "Ψ",
    "café",
    "naïve",
)


@dataclass
class ArchiveStats:
    """What was built and how long it took."""

    path: Path
    seconds: float
    rows: dict[str, int] = field(default_factory=dict)

    @property
    def captures(self) -> int:
        return sum(self.rows.get(kind, 0) for kind in KIND_SHARES)

    @property
    def megabytes(self) -> float:
        return self.path.stat().st_size / 2**20


class _Maker:
    """Deterministic ids, timestamps and sentences from one seeded generator."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)

    def id(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def sentence(self, low: int = 6, high: int = 24) -> str:
        words = self.rng.choices(COMMON_WORDS, k=self.rng.randint(low, high))
        if self.rng.random() < 0.02:
            words.insert(self.rng.randrange(len(words)), self.rng.choice(RARE_WORDS))
        text = " ".join(words)
        return text[0].upper() + text[1:] + "."


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="milliseconds")


def build_archive(
    path: str | Path,
    *,
    sessions: int = SESSIONS,
    captures: int = CAPTURES,
    teams: int = TEAMS,
    seed: int = 2026,
    today: date | None = None,
) -> ArchiveStats:
    """Create ``path`` (which must not exist) holding ``sessions`` weekly sessions over the
    past years and ``captures`` captures spread over them; return what was written."""
    path = Path(path)
    if path.exists():
        raise FileExistsError(f"{path} exists; the archive is built into a new file")
    started = time.perf_counter()
    make = _Maker(seed)
    today = today or datetime.now(UTC).date()
    rows: dict[str, list[dict[str, object]]] = {
        name: []
        for name in (
            "teams",
            "participants",
            "roles",
            "sessions",
            "attendance",
            "phases",
            "role_assignments",
            "timer_events",
            "speaking_turns",
            *KIND_SHARES,
            "votes",
        )
    }

    team_people: list[list[str]] = []
    team_roles: list[dict[str, str]] = []
    first_day = today - timedelta(weeks=sessions + 1)
    for t in range(teams):
        team_id = make.id()
        rows["teams"].append(
            {
                "id": team_id,
                "name": f"Archive team {t + 1}",
                "created_at": _iso(
                    datetime(first_day.year, first_day.month, first_day.day, tzinfo=UTC)
                ),
                "rotate_per_phase": 0,
            }
        )
        people = []
        for p in range(PEOPLE_PER_TEAM):
            pid = make.id()
            people.append(pid)
            rows["participants"].append(
                {
                    "id": pid,
                    "team_id": team_id,
                    "name": f"Person {t + 1}.{p + 1}",
                    "area": make.rng.choice(
                        ["Finance", "Warehouse", "Transport", "IT", "Customer service", "Quality"]
                    ),
                    "note": "",
                    "active": 1,
                    "joined_on": first_day.isoformat(),
                }
            )
        team_people.append(people)
        roles = {}
        for position, key in enumerate(ROTATING):
            rid = make.id()
            roles[key] = rid
            rows["roles"].append(
                {
                    "id": rid,
                    "team_id": team_id,
                    "name": key.capitalize(),
                    "brief": make.sentence(),
                    "behaviours": "[]",
                    "opening_line": "",
                    "rotates": 1,
                    "builtin_key": key,
                    "position": position,
                }
            )
        team_roles.append(roles)

    kinds = list(KIND_SHARES)
    per_kind = {kind: round(captures * share) for kind, share in KIND_SHARES.items()}
    per_kind["contributions"] += captures - sum(per_kind.values())
    # Spread each kind evenly over the sessions, remainder to the earliest ones.
    session_ids: list[str] = []
    phase_ids: list[list[str]] = []
    session_team: list[int] = []
    for s in range(sessions):
        t = s % teams
        day = today - timedelta(weeks=sessions - s)
        start = datetime(day.year, day.month, day.day, 9, 0, tzinfo=UTC)
        sid = make.id()
        session_ids.append(sid)
        session_team.append(t)
        rows["sessions"].append(
            {
                "id": sid,
                "team_id": rows["teams"][t]["id"],
                "title": f"Week {s + 1}: " + make.sentence(3, 7).rstrip("."),
                "dilemma": make.sentence(20, 60),
                "place": "Meeting room 2",
                "planned_date": day.isoformat(),
                "planned_start": "09:00",
                "available_min": 90,
                "status": "finished",
                "started_at": _iso(start),
                "ended_at": _iso(start + timedelta(minutes=90)),
                "created_at": _iso(start),
            }
        )
        people = team_people[t]
        for pid in people:
            rows["attendance"].append(
                {
                    "session_id": sid,
                    "participant_id": pid,
                    "status": "present" if make.rng.random() < 0.9 else "absent",
                    "left_at": None,
                }
            )
        phases = []
        at = start
        for position, (title, mode, planned) in enumerate(PHASES):
            ph = make.id()
            phases.append(ph)
            actual = planned + make.rng.randint(-120, 180)
            rows["phases"].append(
                {
                    "id": ph,
                    "session_id": sid,
                    "position": position,
                    "title": title,
                    "planned_s": planned,
                    "mode": mode,
                    "prompt": make.sentence(),
                    "format_key": None,
                    "group_id": None,
                    "group_title": title,
                    "per_speaker_s": None,
                    "is_break": 0,
                    "started_at": _iso(at),
                    "ended_at": _iso(at + timedelta(seconds=actual)),
                }
            )
            for seq, kind in ((2 * position, "start"), (2 * position + 1, "end")):
                moment = at if kind == "start" else at + timedelta(seconds=actual)
                rows["timer_events"].append(
                    {
                        "id": make.id(),
                        "session_id": sid,
                        "phase_id": ph,
                        "seq": seq,
                        "kind": kind,
                        "at_utc": _iso(moment),
                        "at_monotonic": None,
                        "deadline_utc": _iso(at + timedelta(seconds=planned)),
                        "remaining_s": None,
                        "amount_s": None,
                    }
                )
            rows["speaking_turns"].append(
                {
                    "id": make.id(),
                    "phase_id": ph,
                    "participant_id": make.rng.choice(people),
                    "started_at": _iso(at),
                    "ended_at": _iso(at + timedelta(seconds=60)),
                }
            )
            at += timedelta(seconds=actual)
        phase_ids.append(phases)
        for offset, key in enumerate(ROTATING):
            rows["role_assignments"].append(
                {
                    "id": make.id(),
                    "session_id": sid,
                    "role_id": team_roles[t][key],
                    "participant_id": people[(s + offset) % len(people)],
                    "phase_id": None,
                    "reason": "Longest since this role",
                    "overridden": 0,
                    "shadow_of": None,
                    "confirmed_at": _iso(start),
                    "ended_at": None,
                    "created_at": _iso(start),
                }
            )

    for kind in kinds:
        for n in range(per_kind[kind]):
            s = n % sessions
            sid, t = session_ids[s], session_team[s]
            people = team_people[t]
            base = datetime.fromisoformat(str(rows["sessions"][s]["started_at"]))
            created = _iso(base + timedelta(seconds=make.rng.randint(0, 5400)))
            row: dict[str, object] = {
                "id": make.id(),
                "session_id": sid,
                "phase_id": make.rng.choice(phase_ids[s]),
                "created_at": created,
                "updated_at": created,
                "deleted_at": None,
            }
            if kind == "contributions":
                row.update(text=make.sentence(), participant_id=make.rng.choice(people))
            elif kind == "decisions":
                row.update(
                    text=make.sentence(),
                    method=make.rng.choice(["consent", "consensus", "advice", "vote", "delegated"]),
                    rationale=make.sentence(),
                    consulted="[]",
                    objections="",
                )
            elif kind == "actions":
                due = date.fromisoformat(str(rows["sessions"][s]["planned_date"])) + timedelta(
                    days=14
                )
                row.update(
                    text=make.sentence(),
                    owner_id=make.rng.choice(people),
                    due=due.isoformat(),
                    status=make.rng.choice(["done", "done", "done", "dropped", "open"]),
                    closed_in_session=None,
                )
            elif kind == "experiments":
                row.update(
                    hypothesis=make.sentence(),
                    what_we_try=make.sentence(),
                    limit_time="two weeks",
                    limit_money="under £500",
                    limit_risk="one shift only",
                    success_signal=make.sentence(4, 10),
                    stop_signal=make.sentence(4, 10),
                    owner_id=make.rng.choice(people),
                    review_on=None,
                    status=make.rng.choice(["succeeded", "stopped", "inconclusive"]),
                    outcome=make.sentence(),
                    started_on=None,
                )
            else:
                row.update(text=make.sentence(), experiment_id=None)
            rows[kind].append(row)
    # Dot votes on a tenth of the contributions.
    for contribution in rows["contributions"][: captures // 10]:
        rows["votes"].append(
            {
                "id": make.id(),
                "contribution_id": contribution["id"],
                "participant_id": contribution["participant_id"],
                "count": make.rng.randint(1, 3),
                "phase_id": None,
            }
        )

    database = open_database(path)
    try:
        with database.write() as db:
            for table, table_rows in rows.items():
                if table_rows:
                    db.table(table).insert_all(table_rows, batch_size=1000)
    finally:
        database.close()
    return ArchiveStats(
        path,
        time.perf_counter() - started,
        {table: len(table_rows) for table, table_rows in rows.items()},
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="new database file")
    parser.add_argument("--sessions", type=int, default=SESSIONS)
    parser.add_argument("--captures", type=int, default=CAPTURES)
    parser.add_argument("--teams", type=int, default=TEAMS)
    args = parser.parse_args(argv)
    stats = build_archive(
        args.out, sessions=args.sessions, captures=args.captures, teams=args.teams
    )
    print(
        f"{stats.path}: {stats.rows['sessions']} sessions, {stats.captures:,} captures, "
        f"{stats.megabytes:.1f} MiB, built in {stats.seconds:.1f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
