"""Your own formats: saved from an agenda (a repeated block kept as one round), edited,
deleted and put back, exported to a formats file and imported on another laptop, found
and searched like the library's; every bad file refused with one line, nothing imported."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from facilitator import agenda, formats, own_formats, own_formats_file, planning
from facilitator.changes import Topic
from facilitator.errors import NotFoundError, ValidationError
from facilitator.formats import Step
from facilitator.model import PhaseMode
from facilitator.store import teams
from facilitator.store.database import memory


@pytest.fixture
def session(fresh_db):
    """A planned session with six people present and Troika Consulting on its agenda."""
    team = teams.create_team(fresh_db, "Ops")
    for name in ("Ann", "Bo", "Cy", "Di", "Ed", "Flo"):
        teams.add_participant(fresh_db, team.id, name)
    made = planning.create_session(fresh_db, team.id, "Weekly").value
    planning.add_format(fresh_db, made.id, "troika-consulting")
    planning.add_format(fresh_db, made.id, "check-out")
    return made


def _troika(database, session_id):
    return [
        p for p in planning.list_phases(database, session_id) if p.format_key == "troika-consulting"
    ]


def _content(fmt):
    return (fmt.name, fmt.summary, fmt.purposes, fmt.min_people, fmt.max_people, fmt.steps)


def _write(path: Path, data) -> Path:
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return path


def test_a_troika_block_saved_keeps_one_round_with_its_repeat(fresh_db, session) -> None:
    phases = _troika(fresh_db, session.id)
    assert len(phases) == 1 + 4 * 3  # prepare, then four steps in each of three rounds
    done = own_formats.save_own(fresh_db, "Our troika", phases, purposes=["generate"])
    fmt = done.value
    assert done.changes.touches(Topic.FORMATS)
    assert fmt.family == own_formats.FAMILY and fmt.key.startswith("own-")
    assert fmt.repeat == "member:3"
    assert fmt.steps == formats.get_format("troika-consulting").steps  # group_of kept too
    assert fmt.rounds(7) == 4 and fmt.planned_s(6) == formats.get_format(
        "troika-consulting"
    ).planned_s(6)
    assert own_formats.list_own(fresh_db) == [fmt]
    assert own_formats.find_format(fresh_db, fmt.key) == fmt


def test_an_own_format_added_to_an_agenda_gets_its_rounds(fresh_db, session) -> None:
    fmt = own_formats.save_own(fresh_db, "Our troika", _troika(fresh_db, session.id)).value
    agenda = planning.add_format(fresh_db, session.id, fmt.key).value
    added = [p for p in agenda if p.format_key == fmt.key]
    assert [p.heading for p in added][:3] == [
        "Prepare",
        "Client shares (round 1 of 3)",
        "Clarifying questions (round 1 of 3)",
    ]
    assert len(added) == 13 and {p.group_title for p in added} == {"Our troika"}
    # Four present make one group of four: the block follows the room, four rounds.
    ids = planning.present_ids(fresh_db, session.id)
    planning.set_present(fresh_db, session.id, ids[:4])
    again = [p for p in planning.list_phases(fresh_db, session.id) if p.format_key == fmt.key]
    assert {p.rounds for p in again if p.repeat} == {4}


def test_a_round_robin_keeps_its_time_per_speaker(fresh_db, session) -> None:
    checkout = [
        p for p in planning.list_phases(fresh_db, session.id) if p.format_key == "check-out"
    ]
    fmt = own_formats.save_own(fresh_db, "Closing", checkout).value
    library = formats.get_format("check-out")
    spoken = next(i for i, s in enumerate(library.steps) if s.mode is PhaseMode.ROUND_ROBIN)
    assert fmt.steps[spoken].mode is PhaseMode.ROUND_ROBIN
    assert fmt.steps[spoken].per_speaker_s == library.steps[spoken].per_speaker_s
    assert fmt.steps[spoken].duration_s == 10 * library.steps[spoken].per_speaker_s  # ten, unmarked
    assert fmt.planned_s(6) == library.planned_s(6) and fmt.planned_s(9) == library.planned_s(9)


def test_a_name_taken_needs_replace_which_keeps_the_key(fresh_db, session) -> None:
    phases = _troika(fresh_db, session.id)
    first = own_formats.save_own(fresh_db, "Our troika", phases).value
    with pytest.raises(ValidationError, match="already have a format called 'Our troika'"):
        own_formats.save_own(fresh_db, "  our   TROIKA ", phases[:1])
    assert own_formats.name_taken(fresh_db, "OUR troika")
    replaced = own_formats.save_own(fresh_db, "Our troika", phases[:1], replace=True).value
    assert replaced.key == first.key and len(replaced.steps) == 1
    assert own_formats.list_own(fresh_db) == [replaced]


def test_a_save_taken_back_removes_a_new_format_and_restores_a_replaced_one(
    fresh_db, session
) -> None:
    phases = _troika(fresh_db, session.id)
    first = own_formats.save_own(fresh_db, "Our troika", phases).value
    before = own_formats.own_named(fresh_db, " OUR troika ")
    assert before == first
    replaced = own_formats.save_own(fresh_db, "Our troika", phases[:1], replace=True).value
    undone = own_formats.take_back_save(fresh_db, replaced, before)
    assert undone.changes.touches(Topic.FORMATS)
    assert own_formats.list_own(fresh_db) == [first]
    assert own_formats.take_back_save(fresh_db, first, None).changes.touches(Topic.FORMATS)
    assert own_formats.list_own(fresh_db) == [] and own_formats.own_named(fresh_db, "x") is None
    assert not own_formats.take_back_save(fresh_db, first, None).changes  # gone already


def test_two_repeated_blocks_are_refused(fresh_db, session) -> None:
    planning.add_format(fresh_db, session.id, "troika-consulting")
    every = [p for p in planning.list_phases(fresh_db, session.id) if p.repeat]
    with pytest.raises(ValidationError, match="more than one repeated block"):
        own_formats.save_own(fresh_db, "Twice", every)
    with pytest.raises(ValidationError, match="at least one phase"):
        own_formats.save_own(fresh_db, "None", [])
    assert own_formats.list_own(fresh_db) == []


def test_edit_changes_what_it_says_and_refuses_bad_steps(fresh_db, session) -> None:
    fmt = own_formats.save_own(fresh_db, "Our troika", _troika(fresh_db, session.id)).value
    other = own_formats.save_own(fresh_db, "Other", _troika(fresh_db, session.id)[:1]).value
    steps = list(fmt.steps)
    steps[3] = dataclasses.replace(steps[3], title="Advise", duration_s=240)
    done = own_formats.edit_own(
        fresh_db,
        fmt.key,
        name="Troika, shorter",
        summary="Help in threes.",
        purposes=["generate", "understand"],
        min_people=3,
        max_people=24,
        steps=steps,
    )
    assert done.changes.touches(Topic.FORMATS)
    stored = own_formats.find_format(fresh_db, fmt.key)
    assert stored == done.value
    assert (stored.name, stored.summary, stored.purposes) == (
        "Troika, shorter",
        "Help in threes.",
        ("generate", "understand"),
    )
    assert stored.steps[3].title == "Advise" and stored.steps[3].repeat == "member:3"
    fields = dict(name="x", summary="", purposes=[], min_people=2, max_people=4)
    with pytest.raises(ValidationError, match="another format called 'Other'"):
        own_formats.edit_own(fresh_db, fmt.key, **{**fields, "name": "other"}, steps=steps)
    with pytest.raises(ValidationError, match="unknown purpose 'fun'"):
        own_formats.edit_own(fresh_db, fmt.key, **{**fields, "purposes": ["fun"]}, steps=steps)
    with pytest.raises(ValidationError, match="group size"):
        own_formats.edit_own(fresh_db, fmt.key, **{**fields, "min_people": 5}, steps=steps)
    gap = [*steps[:2], dataclasses.replace(steps[2], repeat=None), *steps[3:]]
    with pytest.raises(ValidationError, match="step 3 lies inside the repeated block"):
        own_formats.edit_own(fresh_db, fmt.key, **fields, steps=gap)
    with pytest.raises(ValidationError, match=r"x, step 1: duration must be more than zero"):
        own_formats.edit_own(
            fresh_db,
            fmt.key,
            **fields,
            steps=[{"title": "T", "mode": "open", "duration_s": 0}],
        )
    assert own_formats.find_format(fresh_db, fmt.key) == stored
    assert own_formats.find_format(fresh_db, other.key) == other
    with pytest.raises(NotFoundError, match="library's stay as they are"):
        own_formats.edit_own(fresh_db, "triz", **fields, steps=steps)


def test_typed_steps_read_times_as_typed(fresh_db) -> None:
    rows = [
        own_formats.TypedStep("Think", "silent", "2:30"),
        own_formats.TypedStep("Share", "round_robin", "90s", repeats=True),
        own_formats.TypedStep("Talk", "open", "10", "Go on.", repeats=True),
    ]
    steps = own_formats.typed_steps(rows, "times:2")
    assert [s.duration_s for s in steps] == [150, 900, 600]
    assert steps[1].per_speaker_s == 90 and [s.repeat for s in steps] == [
        None,
        "times:2",
        "times:2",
    ]
    assert [own_formats.step_time_text(s) for s in steps] == ["2:30", "1:30", "10"]
    with pytest.raises(ValidationError, match="Step 2: time per speaker"):
        own_formats.typed_steps([rows[0], dataclasses.replace(rows[1], time="soon")], None)
    with pytest.raises(ValidationError, match="Step 2 repeats; say how"):
        own_formats.typed_steps(rows, None)


def test_delete_and_undo_bring_it_back_under_its_key(fresh_db, session) -> None:
    fmt = own_formats.save_own(fresh_db, "Our troika", _troika(fresh_db, session.id)).value
    deleted = own_formats.delete_own(fresh_db, fmt.key)
    assert deleted.changes.touches(Topic.FORMATS)
    assert own_formats.list_own(fresh_db) == []
    with pytest.raises(NotFoundError, match="no longer exists"):
        own_formats.find_format(fresh_db, fmt.key)
    back = own_formats.restore_own(fresh_db, deleted.value).value
    assert back == fmt and own_formats.list_own(fresh_db) == [fmt]
    # Undone after the name was taken again: it comes back beside the new one.
    deleted = own_formats.delete_own(fresh_db, fmt.key)
    own_formats.save_own(fresh_db, "Our troika", _troika(fresh_db, session.id)[:1])
    back = own_formats.restore_own(fresh_db, deleted.value).value
    assert back.name == "Our troika (2)" and back.key == fmt.key


def test_search_finds_own_formats_with_the_library(fresh_db, session) -> None:
    fmt = own_formats.save_own(
        fresh_db, "Troika for leads", _troika(fresh_db, session.id), purposes=["generate"]
    ).value
    mine = own_formats.list_own(fresh_db)
    found = formats.search("troika", extra=mine)
    assert [f.key for f in found] == ["troika-consulting", fmt.key]
    assert fmt in formats.search("", "generate", extra=mine)
    assert fmt not in formats.search("", "decide", extra=mine)
    assert formats.search("leads", extra=mine) == [fmt]


def test_export_then_import_elsewhere_gives_equal_formats(fresh_db, session, tmp_path) -> None:
    mine = own_formats.save_own(
        fresh_db, "Our troika", _troika(fresh_db, session.id), summary="Zoë's “help” round"
    ).value
    target = tmp_path / "formats.json"
    own_formats_file.export_own(fresh_db, [mine.key, "one-two-four-all"], target)
    data = json.loads(target.read_text(encoding="utf-8"))
    assert data["facilitator_formats"] == 1 and len(data["formats"]) == 2
    assert target.stat().st_mode & 0o777 == 0o600
    other = memory()
    try:
        done = own_formats_file.import_own(other, target)
        assert done.changes.touches(Topic.FORMATS)
        imported = {f.name: f for f in own_formats.list_own(other)}
        assert _content(imported["Our troika"]) == _content(mine)
        library = formats.get_format("one-two-four-all")
        assert imported["1-2-4-All"].steps == library.steps
        assert imported["Our troika"].key != mine.key
        again = own_formats_file.import_own(other, target)
        assert again.value.added == () and set(again.value.skipped) == {"Our troika", "1-2-4-All"}
        assert not again.changes
    finally:
        other.close()


def test_an_export_suggests_the_format_s_own_name_safe_for_any_file_system(
    fresh_db, session
) -> None:
    mine = own_formats.save_own(fresh_db, "Ask / answer: v2?", _troika(fresh_db, session.id))
    key = mine.value.key
    suggested = own_formats_file.export_file_name
    assert suggested(fresh_db, [key]) == "Ask answer v2.json"
    assert suggested(fresh_db, [key, key]) == "Ask answer v2.json"
    assert suggested(fresh_db, ["troika-consulting"]) == "Troika Consulting.json"
    assert suggested(fresh_db, [key, "troika-consulting"]) == "formats.json"
    named = own_formats.save_own(fresh_db, "...", _troika(fresh_db, session.id)).value
    assert suggested(fresh_db, [named.key]) == "formats.json"


def test_a_different_format_of_a_name_already_used_is_added_as_name_2(
    fresh_db, session, tmp_path
) -> None:
    fmt = own_formats.save_own(fresh_db, "Our troika", _troika(fresh_db, session.id)).value
    target = tmp_path / "f.json"
    own_formats_file.export_own(fresh_db, [fmt.key], target)
    own_formats.edit_own(
        fresh_db,
        fmt.key,
        name="Our troika",
        summary="changed here",
        purposes=[],
        min_people=2,
        max_people=40,
        steps=list(fmt.steps),
    )
    added = own_formats_file.import_own(fresh_db, target).value.added
    assert [f.name for f in added] == ["Our troika (2)"]
    assert [f.name for f in own_formats.list_own(fresh_db)] == ["Our troika", "Our troika (2)"]


def _good_file() -> dict:
    return {
        "facilitator_formats": 1,
        "formats": [
            {
                "name": "Pairs walk",
                "steps": [{"title": "Walk", "mode": "pairs", "duration_s": 600}],
            },
            {
                "name": "Quiet start",
                "steps": [{"title": "Write", "mode": "silent", "duration_s": 120}],
            },
        ],
    }


def _bad_step() -> dict:
    data = _good_file()
    data["formats"][1]["steps"].append({"title": "Share", "mode": "open", "duration_s": -5})
    return data


def _no_time_per_speaker() -> dict:
    data = _good_file()
    data["formats"][1]["steps"].append({"title": "Round", "mode": "round_robin", "duration_s": 60})
    return data


def _no_duration() -> dict:
    data = _good_file()
    del data["formats"][0]["steps"][0]["duration_s"]
    return data


def _unknown_mode() -> dict:
    data = _good_file()
    data["formats"][0]["steps"][0]["mode"] = "shouting"
    return data


BAD_FILES = {
    "empty": ("", "the file is empty"),
    "blank": ("  \n", "the file is empty"),
    "not JSON": ("{formats: [", "it is not JSON (line 1, column 2"),
    "not ours": ({"version": 2, "formats": []}, 'not a Facilitator formats file (no "facil'),
    "a list": ([1, 2], "not a Facilitator formats file"),
    "newer": (
        {**_good_file(), "facilitator_formats": 2},
        "made by a newer Facilitator (formats file version 2; this one reads version 1); "
        "update to import it",
    ),
    "no formats": ({"facilitator_formats": 1, "formats": []}, "it holds no formats"),
    "a bad step": (_bad_step(), "format 2 (Quiet start), step 2: duration must be more"),
    "no time per speaker": (
        _no_time_per_speaker(),
        "format 2 (Quiet start), step 2: time per speaker is missing ('per_speaker_s', in sec",
    ),
    "no duration": (
        _no_duration(),
        "format 1 (Pairs walk), step 1: duration is missing ('duration_s', in seconds)",
    ),
    "a bad mode": (_unknown_mode(), "format 1 (Pairs walk), step 1: speaking mode"),
    "two blocks": (
        {
            "facilitator_formats": 1,
            "formats": [
                {
                    "name": "Twice",
                    "steps": [
                        {
                            "repeat": "person",
                            "steps": [{"title": "A", "mode": "open", "duration_s": 6}],
                        },
                        {
                            "repeat": "person",
                            "steps": [{"title": "B", "mode": "open", "duration_s": 6}],
                        },
                    ],
                }
            ],
        },
        "format 1 (Twice), step 2: a format repeats one block of steps at most",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_a_bad_file_is_refused_in_one_line_and_nothing_is_imported(
    fresh_db, session, tmp_path, case
) -> None:
    mine = own_formats.save_own(fresh_db, "Quiet start", _troika(fresh_db, session.id)).value
    content, reason = BAD_FILES[case]
    path = _write(tmp_path / "bad.json", content)
    with pytest.raises(ValidationError) as refused:
        own_formats_file.import_own(fresh_db, path)
    message = str(refused.value)
    assert message.startswith("Nothing imported from bad.json: ")
    assert reason in message and "\n" not in message
    assert own_formats.list_own(fresh_db) == [mine]


def test_a_file_too_large_or_missing_or_not_text_is_refused(fresh_db, tmp_path) -> None:
    big = tmp_path / "big.json"
    big.write_bytes(b" " * (own_formats_file.MAX_FILE_BYTES + 1))
    with pytest.raises(ValidationError, match=r"too large for a formats file .*at most 1 MiB"):
        own_formats_file.import_own(fresh_db, big)
    with pytest.raises(ValidationError, match="there is no such file"):
        own_formats_file.import_own(fresh_db, tmp_path / "gone.json")
    binary = tmp_path / "photo.json"
    binary.write_bytes(b"\xff\xd8\xff\xe0 not text")
    with pytest.raises(ValidationError, match="not a text file"):
        own_formats_file.import_own(fresh_db, binary)
    assert own_formats.list_own(fresh_db) == []


def test_a_good_file_is_read_into_checked_specs(tmp_path) -> None:
    specs = own_formats_file.read_format_file(_write(tmp_path / "ok.json", _good_file()))
    assert [s.name for s in specs] == ["Pairs walk", "Quiet start"]
    assert specs[0].steps == (Step("Walk", "", PhaseMode.PAIRS, 600),)
    assert (specs[0].min_people, specs[0].max_people) == (2, 40)


def test_export_needs_a_format_and_never_writes_over_the_database(tmp_path) -> None:
    from facilitator.store.database import open_database

    database = open_database(tmp_path / "team.db")
    try:
        with pytest.raises(ValidationError, match="at least one format"):
            own_formats_file.export_own(database, [], tmp_path / "x.json")
        with pytest.raises(ValidationError, match="it is the database"):
            own_formats_file.export_own(database, ["triz"], tmp_path / "team.db")
        with pytest.raises(NotFoundError, match="no longer exists"):
            own_formats_file.export_own(database, ["own-0123"], tmp_path / "x.json")
        assert not (tmp_path / "x.json").exists()
    finally:
        database.close()


def test_a_name_suggested_for_a_saved_format_is_never_one_already_listed() -> None:
    database = memory()
    assert own_formats.suggest_name(database, "Our standup") == "Our standup"
    assert own_formats.suggest_name(database, "troika consulting") == "troika consulting (ours)"
    short = formats.get_format("one-two-four-all-short")  # a variant's name counts too
    assert own_formats.suggest_name(database, short.name) == f"{short.name} (ours)"
    phases = agenda.insert_format([], formats.get_format("troika-consulting"), "s", 6)
    own_formats.save_own(database, "Troika Consulting (ours)", phases)
    assert own_formats.suggest_name(database, "Troika Consulting") == (
        "Troika Consulting (ours) (2)"
    )
    troika = formats.get_format("troika-consulting")
    assert own_formats.suggest_summary(troika) == troika.summary  # its credit kept apart


def test_a_saved_format_carries_its_sources_credit_apart_from_its_summary(
    fresh_db, session, tmp_path
) -> None:
    troika = formats.get_format("troika-consulting")
    mine = own_formats.save_own(
        fresh_db, "Our troika", _troika(fresh_db, session.id), summary="Ours"
    ).value
    assert mine.summary == "Ours"
    assert mine.attribution == f"Adapted from Troika Consulting. {troika.attribution}"
    assert own_formats.list_own(fresh_db) == [mine]  # as stored
    # Editing its summary keeps the credit.
    edited = own_formats.edit_own(
        fresh_db,
        mine.key,
        name="Our troika",
        summary="Ours, edited",
        purposes=[],
        min_people=3,
        max_people=9,
        steps=list(mine.steps),
    ).value
    assert edited.attribution == mine.attribution
    # Two sources: both named, the shared credit once; no credit asked, none given.
    planning.add_format(fresh_db, session.id, "one-two-four-all")
    phases = planning.list_phases(fresh_db, session.id)
    both = [p for p in phases if p.format_key in ("troika-consulting", "one-two-four-all")]
    credit = own_formats.credit_for(fresh_db, both)
    assert credit.count(troika.attribution) == 1
    assert credit.startswith("Adapted from ")
    assert "Troika Consulting" in credit and "1-2-4-All" in credit
    checkin = [p for p in phases if p.format_key == "check-out"]
    assert checkin and own_formats.credit_for(fresh_db, checkin) == ""
    # It travels in the file, and back.
    target = tmp_path / "ours.json"
    own_formats_file.export_own(fresh_db, [edited.key], target)
    assert json.loads(target.read_text(encoding="utf-8"))["formats"][0]["credit"] == (
        mine.attribution
    )
    other = memory()
    try:
        own_formats_file.import_own(other, target)
        (imported,) = own_formats.list_own(other)
        assert imported.attribution == mine.attribution
    finally:
        other.close()
