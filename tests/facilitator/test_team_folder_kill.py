"""A SIGKILL during a sync loses nothing: killed while taking in (inside the transaction)
the database is as it was before the sync; killed while writing the folder, every file
there is whole (a half-written temporary file is ignored, then removed). The next sync
completes the work."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from facilitator import team_folder
from facilitator.store import open_database, sessions
from tests.facilitator.team_folder_world import make_laptops

# Syncs the database's linked team, killing itself (SIGKILL) at the Nth row written
# ("db": inside the one transaction) or the Nth file written ("files": half of it on disk
# under its temporary name, as an interrupted write leaves it).
CHILD = r"""
import os, signal, sys
from pathlib import Path
from facilitator import team_folder
from facilitator import team_folder_files as files
from facilitator.store import open_database
from facilitator.store import team_folder as store

mode, path, limit = sys.argv[1], sys.argv[2], int(sys.argv[3])
count = [0]
if mode == "db":
    real_row = store.write_row
    def write_row(*args, **kwargs):
        count[0] += 1
        if count[0] >= limit:
            os.kill(os.getpid(), signal.SIGKILL)
        return real_row(*args, **kwargs)
    store.write_row = write_row
else:
    real_file = files.write_whole
    def write_whole(target, data):
        count[0] += 1
        if count[0] >= limit:
            tmp = Path(target).with_name(f".{Path(target).name}.dead.tmp")
            tmp.write_bytes(data[: len(data) // 2])
            os.kill(os.getpid(), signal.SIGKILL)
        return real_file(target, data)
    files.write_whole = write_whole
database = open_database(path)
team_id = database.query("select team_id from team_folders")[0]["team_id"]
team_folder.sync_team(database, team_id)
print("finished", flush=True)
"""


def _killed_sync(mode: str, db: Path, limit: int) -> None:
    child = subprocess.run(
        [sys.executable, "-c", CHILD, mode, str(db), str(limit)],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
        timeout=120,
    )
    assert child.returncode == -signal.SIGKILL, child.stderr
    assert "finished" not in child.stdout


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_a_kill_while_taking_in_leaves_the_database_as_it_was(tmp_path: Path) -> None:
    w = make_laptops(tmp_path)
    ids = [w.run_session(w.a, f"2026-03-{d:02d}") for d in (2, 9, 16)]
    w.sync(w.a)
    team_folder.join_folder(w.b, w.folder)
    triggers = "select name, sql from sqlite_master where type = 'trigger' order by name"
    before = w.b.query(triggers)
    w.b.close()
    _killed_sync("db", tmp_path / "b.db", 12)  # partway through the roster and sessions
    b = open_database(tmp_path / "b.db")
    assert b.quick_check() == "ok"
    assert b.query(triggers) == before  # the search index's, set aside in the sync, too
    assert sessions.list_sessions(b, w.team_id) == []
    assert b.query("select count(*) as n from participants")[0]["n"] == 0
    assert b.query("select count(*) as n from sync_items")[0]["n"] == 0
    got = team_folder.sync_team(b, w.team_id, now=w.clock.now()).value
    assert len(got.added) == 3 and got.skipped == []
    for sid in ids:
        assert sessions.get_session(b, sid).status == "finished"
    count = "select count(*) as n from role_assignments"
    assert b.query(count) == w.a.query(count)


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_a_kill_while_writing_the_folder_leaves_every_file_whole(tmp_path: Path) -> None:
    w = make_laptops(tmp_path)
    w.run_session(w.a, "2026-03-02")
    w.sync(w.a)
    team_folder.join_folder(w.b, w.folder)
    w.sync(w.b)
    new = w.run_session(w.b, "2026-03-09")
    w.b.close()
    _killed_sync("files", tmp_path / "b.db", 1)  # the first file B writes
    b = open_database(tmp_path / "b.db")
    assert b.quick_check() == "ok"
    assert sessions.get_session(b, new).title == "Session 2026-03-09"  # the DB is untouched
    own = w.folder / team_folder.laptop_id(b)
    leftovers = [p for p in own.rglob(".*.tmp")]
    assert leftovers  # the interrupted write, under its temporary name
    for path in w.folder.rglob("*.json"):
        if not path.name.startswith("."):
            json.loads(path.read_text(encoding="utf-8"))  # every file a reader sees is whole
    on_a = w.sync(w.a)
    assert on_a.skipped == [] and on_a.added == []  # B's new file was not written yet
    w.b = b
    again = w.sync(b)
    assert again.published >= 1 and not list(own.rglob(".*.tmp"))
    assert w.sync(w.a).added == ["Session 2026-03-09"]
