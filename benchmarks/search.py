"""Search over a ten-year archive: 520 weekly sessions holding 100,000 captures.

Builds the archive in a temporary file (every capture kind, realistic sentences drawn from
a workshop vocabulary, indexed by the same triggers the app uses), then times
``search.search`` — quoting, FTS5 match, ranking, snippets and grouping by session — for a
mix of queries: common and rare words, word starts, two-word queries, accents, hostile
text. Prints the median and the 90th percentile; docs/quality.md's target is a median <= 10 ms.

    python benchmarks/search.py            # quick: 20,000 captures over 104 sessions
    python benchmarks/search.py --full     # the target size: 100,000 over 520 sessions
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from facilitator import search  # noqa: E402
from facilitator.store import open_database, sessions, teams  # noqa: E402

_VOCABULARY = (
    "pallet dispatch picker wave zone batching vendor rollout shadow mode customer "
    "label printer late early shift overtime budget risk signal stop success "
    "hypothesis consent advice objection rationale owner review learning experiment "
    "Bristol Leeds warehouse system patch release peak season forecast training "
    "handover roster rota quality safety incident audit supplier invoice margin cost "
    "Zoë Łukasz Дмитрий café naïve façade coördinate"
)
WORDS = _VOCABULARY.split()
QUERIES = [
    "pallet",
    "vendor rollout",
    "shadow",
    "zoe",
    "Łukasz",
    "cafe",
    "bat",
    "pe",
    "peak season forecast",
    "incident audit",
    '"AND (',
    "*",
    "nothingmatches",
    "handover",
    "дмитр",
    "objection",
    "stop signal",
    "q",
    "late dispatch zone",
    "benoit",  # a person: what they own, said or were consulted on
    "priya nair",
    "tom",
]
# The team: their items are owned, said or consulted on by them (a name finds those).
PEOPLE = ("Amara Okafor", "Benoît Lefèvre", "Chen Wei", "Dmitri Ivanov", "Priya Nair", "Tom Becker")
KINDS = ("contributions", "decisions", "actions", "experiments", "learnings")


def sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(6, 18))]
    # A long tail of rarer words, like the names and numbers real notes hold.
    words.append(f"item{rng.randint(0, 50_000)}")
    return " ".join(words).capitalize() + "."


def build(path: Path, n_sessions: int, n_captures: int, seed: int) -> None:
    rng = random.Random(seed)
    database = open_database(path)
    team = teams.create_team(database, "Archive")
    people = [teams.add_participant(database, team.id, name).id for name in PEOPLE]
    session_ids = [
        sessions.create_session(
            database, team.id, f"Week {i}", planned_date=f"{2016 + i // 52}-01-01"
        ).id
        for i in range(n_sessions)
    ]
    per_session = n_captures // n_sessions
    stamp = "2026-03-02T09:00:00.000+00:00"
    rows: dict[str, list[dict[str, object]]] = {kind: [] for kind in KINDS}
    for sid in session_ids:
        for j in range(per_session):
            kind = KINDS[j % len(KINDS)]
            row: dict[str, object] = {
                "id": str(uuid.uuid4()),
                "session_id": sid,
                "created_at": stamp,
                "updated_at": stamp,
            }
            if kind == "experiments":
                row |= {
                    "hypothesis": sentence(rng),
                    "status": "planned",
                    "stop_signal": sentence(rng),
                    "owner_id": rng.choice(people),
                }
            elif kind == "decisions":
                row |= {"text": sentence(rng), "method": "consent", "rationale": sentence(rng)}
                if rng.random() < 0.3:
                    row["consulted"] = json.dumps(rng.sample(people, 2))
            elif kind == "actions":
                row |= {"text": sentence(rng), "status": "open", "owner_id": rng.choice(people)}
            else:
                row |= {"text": sentence(rng)}
                if kind == "contributions" and rng.random() < 0.5:
                    row["participant_id"] = rng.choice(people)
            rows[kind].append(row)
    with database.write() as db:
        for kind, batch in rows.items():
            db.table(kind).insert_all(batch, batch_size=500)
    database.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument(
        "--full",
        action="store_true",
        help="100,000 captures over 520 sessions (the size docs/quality.md sets)",
    )
    parser.add_argument("--repeat", type=int, default=15, help="runs of each query")
    parser.add_argument("--seed", type=int, default=520)
    args = parser.parse_args()
    n_sessions, n_captures = (520, 100_000) if args.full else (104, 20_000)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "archive.db"
        began = time.perf_counter()
        build(path, n_sessions, n_captures, args.seed)
        print(
            f"built {n_captures:,} captures over {n_sessions} sessions in "
            f"{time.perf_counter() - began:.1f} s"
        )
        database = open_database(path)
        for query in QUERIES:  # warm the page cache, as a running app has it
            search.search(database, query)
        times: list[float] = []
        per_query: dict[str, list[float]] = {q: [] for q in QUERIES}
        hits: dict[str, int] = {}
        for _ in range(args.repeat):
            for query in QUERIES:
                start = time.perf_counter()
                result = search.search(database, query)
                elapsed = time.perf_counter() - start
                times.append(elapsed)
                per_query[query].append(elapsed)
                hits[query] = result.count
        database.close()
    for query in QUERIES:
        print(
            f"  {query!r:24} {statistics.median(per_query[query]) * 1000:7.2f} ms  "
            f"{hits[query]:>4} hits shown"
        )
    times.sort()
    p90 = times[int(len(times) * 0.9)]
    print(
        f"median {statistics.median(times) * 1000:.2f} ms, 90th percentile "
        f"{p90 * 1000:.2f} ms over {len(times)} searches (target: median <= 10 ms)"
    )


if __name__ == "__main__":
    main()
