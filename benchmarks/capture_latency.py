"""One durable capture against a raw sqlite3 insert on the same database file.

Both sides write to the same Facilitator file (WAL, synchronous=FULL, foreign keys on),
into the same table with its indexes and search-index triggers, each insert its own
committed transaction, turn and turn about so disk and CPU noise hit both alike.
Facilitator's side is the call a scribe's Enter makes (``capture.add``: validation, the
team and phase checks, the stamped row). A third figure, a raw insert into a bare table
without the search index, shows what the index itself costs. docs/quality.md's target is <= 2x.

    python benchmarks/capture_latency.py            # 400 captures each (a few seconds)
    python benchmarks/capture_latency.py -n 3000    # steadier figures
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from facilitator import capture  # noqa: E402
from facilitator.store import open_database, sessions, teams  # noqa: E402

BARE_SCHEMA = """
create table contributions (id text primary key, session_id text not null, phase_id text,
  text text not null, participant_id text, created_at text, updated_at text, deleted_at text)
"""
INSERT = (
    "insert into contributions (id, session_id, phase_id, text, participant_id, "
    "created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?)"
)


def raw_connection(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("PRAGMA foreign_keys=ON")
    return conn


def raw_insert(conn: sqlite3.Connection, session_id: str, person_id: str | None, i: int) -> float:
    now = "2026-03-02T09:00:00.000+00:00"
    start = time.perf_counter()
    conn.execute("begin")
    conn.execute(
        INSERT,
        [
            str(uuid.uuid4()),
            session_id,
            None,
            f"idea number {i} about pallets",
            person_id,
            now,
            now,
        ],
    )
    conn.execute("commit")
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("-n", type=int, default=400, help="captures per side (default 400)")
    parser.add_argument(
        "--dir", type=Path, default=None, help="folder for the files (default: a temporary folder)"
    )
    args = parser.parse_args()
    ours: list[float] = []
    raw: list[float] = []
    bare: list[float] = []
    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        folder = Path(tmp)
        database = open_database(folder / "facilitator.db")
        team = teams.create_team(database, "Bench")
        person = teams.add_participant(database, team.id, "Ann")
        session = sessions.create_session(database, team.id, "Bench")
        same_file = raw_connection(folder / "facilitator.db")
        bare_file = raw_connection(folder / "bare.db")
        bare_file.execute(BARE_SCHEMA)
        for i in range(args.n):
            start = time.perf_counter()
            capture.add(
                database,
                "contribution",
                session.id,
                f"idea number {i} about pallets",
                participant_id=person.id,
            )
            ours.append(time.perf_counter() - start)
            raw.append(raw_insert(same_file, session.id, person.id, i))
            bare.append(raw_insert(bare_file, session.id, None, i))
        same_file.close()
        bare_file.close()
        database.close()
    ours_ms, raw_ms, bare_ms = (statistics.median(x) * 1000 for x in (ours, raw, bare))
    print(f"raw sqlite3 insert, same file and table : median {raw_ms:7.3f} ms")
    print(f"facilitator capture.add                 : median {ours_ms:7.3f} ms ({args.n} captures)")
    print(f"ratio (target <= 2x)                    : {ours_ms / raw_ms:5.2f}x")
    print(
        f"raw insert into a bare table, no index  : median {bare_ms:7.3f} ms "
        f"(capture is {ours_ms / bare_ms:.2f}x this; the search index is part of it)"
    )
    print("user-visible target                     : < 16 ms")


if __name__ == "__main__":
    main()
