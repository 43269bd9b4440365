"""Bad input in a team folder: foreign, damaged and newer-version files are skipped (or left
alone) with a note and never stop the others; files are only ever replaced whole."""

from __future__ import annotations

import json
from pathlib import Path

from facilitator import team_folder
from facilitator.store import sessions
from facilitator.team_folder_files import FolderMissing, read_folder, write_whole
from tests.facilitator.team_folder_world import make_laptops


def test_bad_files_are_skipped_with_a_note_and_the_others_are_taken_in(tmp_path: Path) -> None:
    w = make_laptops(tmp_path)
    good = w.run_session(w.a, "2026-03-02")
    hurt = w.run_session(w.a, "2026-03-09")
    w.sync(w.a)
    mine = w.folder / team_folder.laptop_id(w.a)
    raw = (mine / "sessions" / f"{hurt}.json").read_bytes()
    (mine / "sessions" / f"{hurt}.json").write_bytes(raw[: len(raw) // 2])  # damaged
    (mine / "sessions" / "notes.txt").write_text("agenda ideas", encoding="utf-8")
    (mine / "sessions" / "foreign.json").write_text('{"hello": 1}', encoding="utf-8")
    newer = json.loads((mine / "sessions" / f"{good}.json").read_text(encoding="utf-8"))
    newer["version"] = 99
    (mine / "sessions" / "from-the-future.json").write_text(json.dumps(newer), encoding="utf-8")
    (mine / "sessions" / f".{good}.json.1a2b.tmp").write_bytes(raw[:100])  # a kill's leftover
    (w.folder / "README.txt").write_text("Our team folder", encoding="utf-8")
    (w.folder / "stray").mkdir()
    future = w.folder / "0000-future-laptop"
    future.mkdir()
    (future / "laptop.json").write_text(
        json.dumps({"format": "facilitator-team-folder", "version": 2}), encoding="utf-8"
    )
    (w.folder / ".stfolder").mkdir()  # Syncthing's marker: not worth a note
    team_folder.join_folder(w.b, w.folder)
    got = w.sync(w.b)
    assert got.added == ["Session 2026-03-02"]
    assert sessions.get_session(w.b, good).title == "Session 2026-03-02"
    notes = "\n".join(got.skipped)
    (damaged,) = [n for n in got.skipped if f"sessions/{hurt}.json: " in n]
    assert damaged.startswith(f"Laptop A's file {mine.name}/sessions/{hurt}.json: ")
    assert f"Laptop A's file {mine.name}/sessions/notes.txt: not a" in notes
    assert "not valid JSON" in damaged or "ends too early" in damaged
    assert "sessions/notes.txt: not a Facilitator file" in notes
    assert "sessions/foreign.json: not a Facilitator file" in notes
    assert "README.txt: not a Facilitator file" in notes
    assert "stray: not a Facilitator laptop folder" in notes
    assert ".stfolder" not in notes and ".tmp" not in notes
    assert len(got.skipped) == 5
    assert sorted(got.newer) == sorted(
        [
            "0000-future-laptop/laptop.json",  # its manifest unread: named by its folder
            f"Laptop A's file {mine.name}/sessions/from-the-future.json",
        ]
    )
    lines = got.lines()
    assert lines[0] == "Added 1 session, updated 0, unchanged 0."
    assert sum(line.startswith("Skipped ") for line in lines) == 5
    assert any("newer Facilitator; update Facilitator" in line for line in lines)
    # Repaired on laptop A (its next write replaces the file whole): B takes it in.
    (mine / "sessions" / f"{hurt}.json").unlink()
    w.sync(w.a)
    assert w.sync(w.b).added == ["Session 2026-03-09"]


def test_a_session_of_another_team_is_not_taken_in(tmp_path: Path) -> None:
    w = make_laptops(tmp_path)
    w.run_session(w.a, "2026-03-02")
    w.sync(w.a)
    team_folder.join_folder(w.b, w.folder)
    mine = w.folder / team_folder.laptop_id(w.a)
    (path,) = (mine / "sessions").iterdir()
    doc = json.loads(path.read_text(encoding="utf-8"))
    other = dict(doc["team"], id="another-team")
    doc["team"], doc["session"]["team_id"] = other, "another-team"
    for p in doc["participants"]:
        p["team_id"] = "another-team"
    for r in doc["roles"]:
        r["team_id"] = "another-team"
    path.write_text(json.dumps(doc), encoding="utf-8")
    got = w.sync(w.b)
    assert got.added == []
    (note,) = [n for n in got.skipped if "belongs to another team" in n]
    assert note == f"Laptop A's file {mine.name}/sessions/{path.name}: it belongs to another team"


def test_a_note_names_the_laptop_where_its_manifest_says_and_the_folder_otherwise(
    tmp_path: Path,
) -> None:
    w = make_laptops(tmp_path)
    w.run_session(w.a, "2026-03-02")
    w.sync(w.a)
    mine = w.folder / team_folder.laptop_id(w.a)
    (mine / "sessions" / "agenda.txt").write_text("ideas", encoding="utf-8")
    (mine / "team.json").write_text("{damaged", encoding="utf-8")
    nameless = w.folder / "1111-no-name"
    (nameless / "sessions").mkdir(parents=True)
    manifest = json.loads((mine / "laptop.json").read_text(encoding="utf-8"))
    manifest.update(laptop_id=nameless.name, laptop_name="")
    (nameless / "laptop.json").write_text(json.dumps(manifest), encoding="utf-8")
    (nameless / "sessions" / "x.txt").write_text("?", encoding="utf-8")
    broken = w.folder / "2222-broken"
    broken.mkdir()
    (broken / "laptop.json").write_text("{not json", encoding="utf-8")
    team_folder.join_folder(w.b, w.folder)
    got = w.sync(w.b)
    assert sorted(got.skipped) == sorted(
        [
            "1111-no-name/sessions/x.txt: not a Facilitator file",
            "A laptop's file 2222-broken/laptop.json: not a Facilitator file (damaged or not"
            " JSON); that laptop's sessions are left out until it syncs again",
            f"Laptop A's file {mine.name}/sessions/agenda.txt: not a Facilitator file",
            f"Laptop A's file {mine.name}/team.json: not a Facilitator file (damaged or not JSON)",
        ]
    )
    assert got.added == ["Session 2026-03-02"]


def test_reading_a_missing_folder_says_so(tmp_path: Path) -> None:
    try:
        read_folder(tmp_path / "unplugged", "x")
    except FolderMissing:
        pass
    else:
        raise AssertionError("a missing folder was read")


def test_a_file_is_replaced_whole_and_no_temporary_file_stays(tmp_path: Path) -> None:
    target = tmp_path / "team.json"
    write_whole(target, b'{"a": 1}\n')
    write_whole(target, b'{"a": 2}\n')
    assert target.read_bytes() == b'{"a": 2}\n'
    assert [p.name for p in tmp_path.iterdir()] == ["team.json"]


def test_a_sync_app_s_conflicted_copy_of_a_session_file_is_skipped_with_a_note(
    tmp_path: Path,
) -> None:
    w = make_laptops(tmp_path)
    sid = w.run_session(w.a, "2026-03-02")
    w.sync(w.a)
    sessions_dir = w.folder / team_folder.laptop_id(w.a) / "sessions"
    copy = sessions_dir / f"{sid} (vm's conflicted copy 2026-12-03).json"
    data = json.loads((sessions_dir / f"{sid}.json").read_text(encoding="utf-8"))
    data["session"]["title"] = "Renamed in the copy"
    copy.write_text(json.dumps(data), encoding="utf-8")
    team_folder.join_folder(w.b, w.folder)
    got = w.sync(w.b)
    (note,) = [x for x in got.skipped if "conflicted copy" in x]
    assert note.endswith(
        "a copy of a session file (its name is not the session's), perhaps "
        "made by the sync app; left alone"
    )
    assert got.added == ["Session 2026-03-02"]
    (session,) = sessions.list_sessions(w.b)
    assert session.title == "Session 2026-03-02"


def test_a_laptop_is_told_of_files_in_its_own_folder_it_did_not_write(tmp_path: Path) -> None:
    # The other laptops note them; so does the laptop whose folder holds them (it is the
    # one whose sync app made the copy). Its own files are not noted; nothing is removed.
    w = make_laptops(tmp_path)
    sid = w.run_session(w.a, "2026-03-02")
    w.sync(w.a)
    own = team_folder.laptop_id(w.a)
    mine = w.folder / own
    copy = mine / "sessions" / f"{sid} (vm's conflicted copy 2026-12-03).json"
    copy.write_bytes((mine / "sessions" / f"{sid}.json").read_bytes())
    (mine / "notes.txt").write_text("agenda ideas", encoding="utf-8")
    team_copy = mine / "team (vm's conflicted copy 2026-12-03).json"
    team_copy.write_bytes((mine / "team.json").read_bytes())
    got = w.sync(w.a)
    ours = f"Laptop A's file {own}"
    copied = "perhaps made by the sync app; left alone"
    assert got.skipped == [
        f"{ours}/notes.txt (this laptop's): not a Facilitator file",
        f"{ours}/{team_copy.name} (this laptop's): a copy of a Facilitator file (its name "
        f"is not one of theirs), {copied}",
        f"{ours}/sessions/{copy.name} (this laptop's): a copy of a session file (its name "
        f"is not the session's), {copied}",
    ]
    team_folder.join_folder(w.b, w.folder)
    on_b = w.sync(w.b).skipped  # the other laptops say the same of them
    assert f"Laptop A's file {own}/{team_copy.name}: a copy of a Facilitator file" in "\n".join(
        on_b
    )
    assert copy.exists() and (mine / "notes.txt").exists() and team_copy.exists()
    for extra in (copy, mine / "notes.txt", team_copy):
        extra.unlink()
    assert w.sync(w.a).skipped == []
