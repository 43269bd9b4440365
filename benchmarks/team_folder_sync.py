"""A team folder sync of a long history, against writing the same rows with the bare stack.

    python benchmarks/team_folder_sync.py [--sessions 500]

One team with 500 weekly sessions and 100,000 captures (benchmarks/archive.py). Laptop A
links a new folder and syncs (its first sync writes a file per session), then syncs again
with nothing changed; laptop B, an empty database, joins the team from the folder and
syncs (it takes in every session and writes its own files), then again; A syncs once more
(it reads B's files for the first time) and once again. Each figure is the CPU time of one
sync in this process. The baseline, in the same run, is the bare stack writing the same
rows out: a plain ``sqlite3`` select of every shared table, its rows grouped by session,
``json.dumps``, and a file a session written beside its target and renamed into place.

Targets (the design's scale targets): a first sync under 30 s, an unchanged re-sync under
1 s; the sync never blocks the run screen (its folder work runs off the main thread).
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from _bench import figure  # noqa: E402
from archive import build_archive  # noqa: E402

from facilitator import team_folder  # noqa: E402
from facilitator.store import open_database, teams  # noqa: E402
from facilitator.store.migrations_team_folder import SYNCED_TABLES  # noqa: E402
from facilitator.team_folder_merge import SESSION_TABLES  # noqa: E402

FIRST_TARGET_S = 30.0
AGAIN_TARGET_S = 1.0


def bare_publish(path: Path, out: Path) -> float:
    """CPU seconds to write every session's rows as one JSON file each, the bare way: one
    plain ``sqlite3`` select a table, rows grouped by session, ``json.dumps``, a file
    written beside its target and renamed into place."""
    started = time.process_time()
    conn = sqlite3.connect(path)
    conn.row_factory = sqlite3.Row
    out.mkdir(parents=True, exist_ok=True)
    docs: dict[str, dict[str, list[dict[str, object]]]] = {}
    for table in SESSION_TABLES:
        _key, scope = SYNCED_TABLES[table]
        for r in conn.execute(f"select r.*, {scope} as _scope from {table} r"):
            row = dict(r)
            docs.setdefault(str(row.pop("_scope")), {}).setdefault(table, []).append(row)
    for session_id, doc in docs.items():
        part = out / f".{session_id}.tmp"
        part.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
        os.replace(part, out / f"{session_id}.json")
    conn.close()
    return time.process_time() - started


def timed_sync(database: object, team_id: str) -> tuple[float, team_folder.SyncResult]:
    started = time.process_time()
    result = team_folder.sync_team(database, team_id).value  # type: ignore[arg-type]
    return time.process_time() - started, result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=500)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="facilitator-sync-") as tmp:
        root = Path(tmp)
        stats = build_archive(root / "a.db", sessions=args.sessions, teams=1)
        print(f"archive: {stats.rows['sessions']} sessions, {stats.captures:,} captures")
        baseline = bare_publish(root / "a.db", root / "bare")
        folder = root / "Team folder"
        folder.mkdir()
        a = open_database(root / "a.db")
        (team,) = teams.list_teams(a)
        team_folder.set_laptop_name(a, "Laptop A")
        team_folder.link_folder(a, team.id, folder)
        first_a, got = timed_sync(a, team.id)
        print(f"A's first sync wrote {got.published} files")
        again_a, _ = timed_sync(a, team.id)
        b = open_database(root / "b.db")
        team_folder.set_laptop_name(b, "Laptop B")
        started = time.process_time()
        team_folder.join_folder(b, folder)
        join = time.process_time() - started
        first_b, got = timed_sync(b, team.id)
        first_b += join
        print(f"B's first sync took in {len(got.added)} sessions, wrote {got.published} files")
        again_b, _ = timed_sync(b, team.id)
        meets_b, _ = timed_sync(a, team.id)
        again_ab, _ = timed_sync(a, team.id)
        a.close()
        b.close()
    bare = "bare sqlite3 + json"
    first = f"< {FIRST_TARGET_S:.0f} s"
    again = f"< {AGAIN_TARGET_S:.0f} s"
    figure("team folder: bare publish of every session", baseline, "s")
    figure(
        "team folder: A's first sync (publishes)",
        first_a,
        "s",
        baseline=baseline,
        baseline_name=bare,
        target=first,
        ok=first_a < FIRST_TARGET_S,
    )
    figure("team folder: A's unchanged re-sync", again_a, "s", target=again, ok=again_a < 1)
    figure(
        "team folder: B joins, first sync (takes in, publishes)",
        first_b,
        "s",
        baseline=baseline,
        baseline_name=bare,
        target=first,
        ok=first_b < FIRST_TARGET_S,
    )
    figure("team folder: B's unchanged re-sync", again_b, "s", target=again, ok=again_b < 1)
    figure("team folder: A reads B's files the first time", meets_b, "s")
    figure(
        "team folder: A's unchanged re-sync, two laptops",
        again_ab,
        "s",
        target=again,
        ok=again_ab < 1,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
