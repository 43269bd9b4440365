"""What a sync writes: only the files of what changed since they were last written. An
unchanged re-sync builds no session file; a changed capture rebuilds its own session's
file alone; a file gone from the folder, a team linked to another folder, or a change
made by another path (a person merged into another) is written again; a change made while
the files were being written is not taken as written."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from facilitator import capture, roster, team_folder
from facilitator.store import sessions, teams
from tests.facilitator.team_folder_world import Laptops, make_laptops


@pytest.fixture
def laptops(tmp_path: Path) -> Laptops:
    return make_laptops(tmp_path)


def _built(w: Laptops) -> list[str]:
    """The files the next sync of laptop A would write, by name."""
    return [name for name, _doc in team_folder.documents(w.a, w.team_id).docs]


def _publish(w: Laptops) -> team_folder.Publication:
    publication = team_folder.documents(w.a, w.team_id, now=w.clock.now())
    team_folder.write_documents(w.folder, team_folder.laptop_id(w.a), publication.docs)
    team_folder.mark_published(w.a, w.team_id, publication)
    return publication


def test_an_unchanged_re_sync_builds_no_session_file_and_a_change_its_own(
    laptops: Laptops,
) -> None:
    w = laptops
    first = w.run_session(w.a, "2026-03-02")
    second = w.run_session(w.a, "2026-03-09")
    assert w.sync(w.a).published == 4  # two sessions, the team, the manifest
    assert _built(w) == ["team.json", "laptop.json"]  # nothing of the sessions again
    assert w.sync(w.a).published == 0
    # A capture in the second session: its file alone is built and written.
    capture.add(w.a, "action", second, "Order pallets", clock=w.clock)
    assert _built(w) == [f"sessions/{second}.json", "team.json", "laptop.json"]
    assert w.sync(w.a).published == 1
    # A person's area: the team's file, no session's.
    person = next(iter(w.people.values()))
    found = teams.get_participant(w.a, person)
    teams.update_participant(w.a, replace(found, area="Night shift"))
    got = w.sync(w.a)
    assert got.published == 1 and _built(w) == ["team.json", "laptop.json"]
    mine = w.folder / team_folder.laptop_id(w.a)
    # A file gone from the folder (deleted by hand, lost by a sync client) comes back.
    (mine / "sessions" / f"{first}.json").unlink()
    assert _built(w) == [f"sessions/{first}.json", "team.json", "laptop.json"]
    assert w.sync(w.a).published == 1
    assert json.loads((mine / "sessions" / f"{first}.json").read_text("utf-8"))
    # One cut short (a sync app's half copy) is written whole again too.
    path = mine / "sessions" / f"{second}.json"
    path.write_bytes(path.read_bytes()[:100])
    assert _built(w) == [f"sessions/{second}.json", "team.json", "laptop.json"]
    assert w.sync(w.a).published == 1
    assert json.loads(path.read_text("utf-8"))["session"]["id"] == second
    assert _built(w) == ["team.json", "laptop.json"]


def test_a_team_linked_to_another_folder_gets_every_file_there(
    laptops: Laptops, tmp_path: Path
) -> None:
    w = laptops
    w.run_session(w.a, "2026-03-02")
    w.sync(w.a)
    other = tmp_path / "USB stick"
    other.mkdir()
    team_folder.link_folder(w.a, w.team_id, other)
    got = team_folder.sync_team(w.a, w.team_id).value
    assert got.published == 3
    assert len(list((other / team_folder.laptop_id(w.a) / "sessions").iterdir())) == 1


def test_a_change_that_keeps_a_capture_s_stamps_is_still_written(laptops: Laptops) -> None:
    """Merging two people moves an action's owner without a new edit stamp: the session's
    file is written again all the same."""
    w = laptops
    sid = sessions.create_session(w.a, w.team_id, "Retro", planned_date="2026-03-03").id
    a, b = list(w.people.values())[:2]
    action = capture.add(w.a, "action", sid, "Order pallets", clock=w.clock).value
    capture.change(w.a, action, clock=w.clock, owner_id=b)
    w.sync(w.a)
    roster.merge_participants(w.a, a, b)
    assert f"sessions/{sid}.json" in _built(w)


def test_a_change_made_while_the_files_were_written_is_written_next_time(
    laptops: Laptops,
) -> None:
    w = laptops
    sid = w.run_session(w.a, "2026-03-02")
    publication = team_folder.documents(w.a, w.team_id, now=w.clock.now())
    capture.add(w.a, "decision", sid, "Go in April", clock=w.clock)  # during the write
    team_folder.write_documents(w.folder, team_folder.laptop_id(w.a), publication.docs)
    team_folder.mark_published(w.a, w.team_id, publication)
    assert f"sessions/{sid}.json" in _built(w)
    _publish(w)
    assert _built(w) == ["team.json", "laptop.json"]


def test_with_no_shared_row_written_since_no_row_is_read_for_fingerprints(
    laptops: Laptops, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The change triggers count every write to a shared row: when the count is as it was
    at the last sync, the sessions' fingerprints are not computed (a long history reads
    nothing); one write and they are."""
    from facilitator.store import team_folder as folder_store

    w = laptops
    sid = w.run_session(w.a, "2026-03-02")
    w.sync(w.a)
    computed: list[str] = []
    real = folder_store.fingerprints

    def counted(*args, **kwargs):
        computed.append("yes")
        return real(*args, **kwargs)

    monkeypatch.setattr(folder_store, "fingerprints", counted)
    before = folder_store.write_count(w.a)
    assert _built(w) == ["team.json", "laptop.json"] and computed == []
    capture.add(w.a, "learning", sid, "Shadow mode first", clock=w.clock)
    assert folder_store.write_count(w.a) > before
    assert _built(w) == [f"sessions/{sid}.json", "team.json", "laptop.json"]
    assert computed == ["yes"]
