"""``facilitator formats``: the library as text and as JSON, timed for the people given (a
repeated block once, with its rounds for them; variants under their format; the Liberating
Structures credit once), the facilitator's own formats from the database, and a bad
``--people`` refused in one line."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from facilitator import formats, own_formats
from facilitator.cli import cli
from facilitator.store.database import open_database

LS = "Liberating Structures"


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["formats", *args])
    return result.exit_code, result.stdout, result.stderr


def _listed(*args: str) -> list[dict[str, object]]:
    code, out, _err = _run("--json", *args)
    assert code == 0
    listed: list[dict[str, object]] = json.loads(out)
    return listed


def _lines_of(out: str, name: str) -> list[str]:
    """The lines of one format in the text, from its heading to the blank line after it."""
    lines = out.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(f"{name} · "))
    end = lines.index("", start) if "" in lines[start:] else len(lines)
    return lines[start:end]


@pytest.fixture
def own_db(tmp_path: Path) -> Path:
    """A database holding two formats of the facilitator's own: a troika and a check-in."""
    path = tmp_path / "team.db"
    database = open_database(path)
    troika = formats.expand(formats.get_format("troika-consulting"), "s", 0, 6)
    own_formats.save_own(
        database, "Our troika", troika, summary="Troika, our way. Tighter.", purposes=["generate"]
    )
    own_formats.save_own(
        database, "Standup", formats.expand(formats.get_format("check-in"), "s", 0, 6)
    )
    database.close()
    return path


def test_the_text_groups_formats_by_family_with_their_steps() -> None:
    code, out, err = _run()
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[0] == f"{len(formats.library())} formats, timed for 6 people"
    heading = lines.index(LS)
    assert lines[heading + 1] == "=" * len(LS)
    troika = next(i for i, line in enumerate(lines) if line.startswith("Troika Consulting · "))
    assert troika > heading
    fmt = formats.get_format("troika-consulting")
    assert f" · {fmt.people_text} · " in lines[troika]
    assert fmt.people_text == "3 or more people"
    assert "Generate ideas" in lines[troika]
    assert lines[troika + 1].startswith("  In small groups, usually of three")
    block = lines[troika + 1 : lines.index("", troika)]
    steps = [line.strip() for line in block if line.startswith("    ") and " — " in line]
    assert all(len(line) <= 90 for line in block if not line.startswith("    "))  # wrapped
    assert [s.split(" — ")[0] for s in steps] == [s.title for s in fmt.steps]
    # Each family is one block: no family's heading comes twice.
    families = {f.family for f in formats.library()}
    assert sorted(line for line in lines if line in families) == sorted(families)
    assert "Your formats" not in lines  # no database yet: none of the facilitator's own


def test_a_repeated_block_is_listed_once_with_its_rounds_for_the_people_given() -> None:
    troika = _lines_of(_run()[1], "Troika Consulting")
    assert troika[0].startswith("Troika Consulting · 29 min 30 s · ")  # 1 + 3 × 9.5 min
    assert troika[3:9] == [
        "    Prepare — Silent writing, 1 min",
        "    × 3 rounds, a round for each member of each group (2 groups of 3), "
        "9 min 30 s a round:",
        "      Client shares — Small groups of 3, 1 min 30 s",
        "      Clarifying questions — Small groups of 3, 1 min 30 s",
        "      Consult — Small groups of 3, 5 min",
        "      Client reflects — Small groups of 3, 1 min 30 s",
    ]
    assert sum("Consult —" in line for line in troika) == 1  # not once per round
    # Seven people: a trio and a four, so four rounds; the length follows.
    seven = _lines_of(_run("--people", "7")[1], "Troika Consulting")
    assert seven[0].startswith("Troika Consulting · 39 min · ")
    assert (
        "    × 4 rounds, a round for each member of each group (a group of 4 and one of 3), "
        "9 min 30 s a round:"
    ) in seven
    assert "      Consult — Small groups of 3 or 4, 5 min" in seven
    assert not any(line.strip().startswith("Note:") for line in seven)  # every group works
    # A fixed number of rounds says only how many; a round per person follows the group.
    crowd = _lines_of(_run("--people", "3")[1], "25/10 Crowd Sourcing")
    assert "    × 5 rounds (3 min a round):" in crowd
    assert crowd[0].endswith("people (not for 3) · Generate ideas, Decide")


def test_variants_are_listed_under_their_format_with_length_and_note() -> None:
    out = _run("--people", "9")[1]
    troika = _lines_of(out, "Troika Consulting")
    short = formats.get_format("troika-consulting-short")
    variant = [line for line in troika if line.startswith("  Variant: ")]
    assert variant == [
        "  Variant: Troika Consulting (short) · 16 min — About five minutes a client, when the"
    ]
    assert (
        troika[troika.index(variant[0]) + 1]
        == "           session is tight or the challenges are small."
    )
    assert short.variant_note.startswith("About five minutes a client")
    # A variant is not listed as a format of its own.
    assert not any(line.startswith("Troika Consulting (short) · ") for line in out.splitlines())
    for fmt in formats.library():
        lines = _lines_of(out, fmt.name)
        assert sum(line.startswith("  Variant: ") for line in lines) == len(fmt.variants)


def test_the_liberating_structures_credit_is_given_once_under_their_heading() -> None:
    lines = _run()[1].splitlines()
    heading = lines.index(LS)
    credit = lines[heading + 2 : lines.index("", heading)]
    attribution = formats.get_format("triz").attribution
    assert attribution and " ".join(credit) == attribution
    assert all(len(line) <= 88 for line in credit)
    assert sum("Lipmanowicz" in line for line in lines) == 1
    other = lines.index("Sociocracy")
    assert lines[other + 2] == ""  # a family without a credit goes straight to its formats


def test_the_json_lists_every_format_with_family_purpose_minutes_and_steps() -> None:
    listed = _listed()
    assert [f["name"] for f in listed] == [f.name for f in formats.library()]
    by_key = {f["key"]: f for f in listed}
    triz = by_key["triz"]
    assert triz["family"] == LS
    assert by_key["consent-decision"]["family"] == "Sociocracy"
    assert triz["purpose"] == ["generate", "understand"]
    steps = triz["steps"]
    assert isinstance(steps, list) and steps
    assert {"title", "mode", "seconds"} <= set(steps[0])
    assert triz["seconds"] == sum(s["seconds"] for s in steps)
    assert triz["minutes"] == round(triz["seconds"] / 60, 1)  # type: ignore[operator]
    assert triz["attribution"] == formats.get_format("triz").attribution
    assert by_key["consent-decision"]["attribution"] is None
    assert triz["repeat"] is None and triz["rounds"] is None and triz["variants"] == []


def test_the_json_expands_a_repeated_block_per_round() -> None:
    by_key = {f["key"]: f for f in _listed("--people", "9")}
    troika = by_key["troika-consulting"]
    assert troika["repeat"] == "member:3" and troika["rounds"] == 3
    assert troika["repeat_text"] == "a round for each member of each group (3 groups of 3)"
    assert troika["groups"] == [3, 3, 3] and troika["groups_warning"] is None
    assert troika["people"] == {"min": 3, "max": None}  # "3 or more people"
    assert by_key["check-in"]["people"] == {"min": 2, "max": 16}
    steps = troika["steps"]
    assert isinstance(steps, list)
    assert len(steps) == 1 + 3 * 4
    assert steps[0]["round"] is None and steps[0]["rounds"] is None
    assert [s["round"] for s in steps[1:]] == [1] * 4 + [2] * 4 + [3] * 4
    assert {s["rounds"] for s in steps[1:]} == {3}
    assert {s["group_of"] for s in steps[1:]} == {3}
    assert steps[7]["heading"] == "Consult (round 2 of 3)"
    assert troika["seconds"] == 60 + 3 * 570 == sum(s["seconds"] for s in steps)
    wise = by_key["wise-crowds"]  # nine people: a five and a four, five rounds
    assert wise["rounds"] == 5 and wise["repeat"] == "member:4"
    assert wise["groups"] == [5, 4]
    assert {s["group_of"] for s in wise["steps"] if s["round"]} == {5}  # the largest group
    crowd = by_key["twenty-five-ten-crowd-sourcing"]
    assert crowd["rounds"] == 5 and crowd["repeat_text"] == "5 rounds"
    assert "groups" not in crowd  # a fixed number of rounds keeps everyone together
    assert crowd["suits"] is True and by_key["fishbowl"]["suits"] is True


def test_the_rounds_line_says_the_groups_used_and_a_group_too_small() -> None:
    """Six in Wise Crowds are two groups of 3, not of four; five in Troika Consulting
    would leave a pair, which cannot run it, so they are one group of 5, and the listing
    says so under the rounds."""
    wise = _lines_of(_run("--people", "6")[1], "Wise Crowds")
    assert any(
        line.startswith("    × 3 rounds, a round for each member of each group (2 groups of 3), ")
        for line in wise
    )
    assert "      Client presents — Small groups of 3, 2 min" in wise
    assert not any("Small groups of 4" in line for line in wise)
    troika = _lines_of(_run("--people", "5")[1], "Troika Consulting")
    rounds_at = next(i for i, line in enumerate(troika) if line.startswith("    × 5 rounds"))
    assert "(one group of 5)" in troika[rounds_at]
    note = " ".join(line.strip() for line in troika[rounds_at + 1 : rounds_at + 3])
    assert note == (
        "Note: 5 present: planned as one group of 5, as 2 groups would leave a pair — "
        "Troika Consulting needs three; plan for 6 for groups of 3"
    )
    assert all(len(line) <= 90 for line in troika[rounds_at + 1 : rounds_at + 3])
    listed = {f["key"]: f for f in _listed("--people", "5")}
    assert listed["troika-consulting"]["groups"] == [5]
    assert listed["troika-consulting"]["groups_warning"] == note.removeprefix("Note: ")


def test_the_json_gives_each_variant_its_key_name_minutes_and_steps() -> None:
    by_key = {f["key"]: f for f in _listed()}
    variants = by_key["troika-consulting"]["variants"]
    assert isinstance(variants, list) and len(variants) == 1
    short = variants[0]
    assert short["key"] == "troika-consulting-short"
    assert short["name"] == "Troika Consulting (short)"
    assert short["minutes"] == 16.0 and short["seconds"] == 960
    assert short["variant"] == "Short" and short["variant_of"] == "troika-consulting"
    assert str(short["note"]).startswith("About five minutes")
    assert short["seconds"] == sum(s["seconds"] for s in short["steps"])
    assert "troika-consulting-short" not in by_key  # under its format, not beside it


@pytest.mark.parametrize("people", ["1", "3", "6", "9", "40", "99"])
def test_every_json_total_is_the_sum_of_its_steps(people: str) -> None:
    for fmt in _listed("--people", people):
        for each in (fmt, *fmt["variants"]):  # type: ignore[misc]
            steps = each["steps"]
            assert each["seconds"] == sum(s["seconds"] for s in steps), each["key"]
            assert each["seconds"] == formats.get_format(each["key"]).planned_s(int(people))
            rounds = each["rounds"]
            if rounds is None:
                assert all(s["round"] is None for s in steps)
            else:
                assert max(s["round"] or 0 for s in steps) == rounds


def test_people_changes_the_round_robin_totals_and_nothing_else() -> None:
    three = {f["key"]: f for f in _listed("--people", "3")}
    nine = {f["key"]: f for f in _listed("--people", "9")}
    check_in = formats.get_format("check-in")  # 45 s alone, then 60 s each in turn
    assert three["check-in"]["seconds"] == 45 + 3 * 60
    assert nine["check-in"]["seconds"] == 45 + 9 * 60
    assert [s["seconds"] for s in nine["check-in"]["steps"]] == [  # type: ignore[union-attr]
        s.planned_s(9) for s in check_in.steps
    ]
    assert three["triz"]["seconds"] == nine["triz"]["seconds"]  # no round-robin in TRIZ
    code, out, _err = _run("--people", "9")
    assert code == 0 and out.startswith(f"{len(formats.library())} formats, timed for 9 people")
    assert "Check in — Round-robin, 9 min (1:00 each)" in out


def test_your_own_formats_are_listed_after_the_library(own_db: Path) -> None:
    before = hashlib.sha256(own_db.read_bytes()).hexdigest()
    code, out, err = _run("--db", str(own_db))
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[0] == f"{len(formats.library())} formats and 2 of your own, timed for 6 people"
    # Each of yours carries its own credit (the troika's, from the library's), under it.
    mine = lines.index("Your formats")
    assert lines[mine + 1] == "=" * len("Your formats") and lines[mine + 2] == ""
    assert all(line not in {f.family for f in formats.library()} for line in lines[mine:])
    troika = _lines_of(out, "Our troika")
    assert troika[0] == "Our troika · 29 min 30 s · 2–40 people · Generate ideas"
    assert troika[1] == "  Troika, our way."
    assert (
        "    × 3 rounds, a round for each member of each group (2 groups of 3), 9 min 30 s a round:"
    ) in troika
    credit = next(i for i, line in enumerate(troika) if line.startswith("  Credit: "))
    assert troika[credit].startswith("  Credit: Adapted from Troika Consulting. Liberating ")
    assert troika[-1].endswith("our own adaptation.")  # the credit, wrapped, ends the format
    assert not any(line.startswith("  Credit:") for line in _lines_of(out, "Standup"))
    assert _lines_of(out, "Standup")[0] == "Standup · 6 min 45 s · 2–40 people"  # no purposes
    assert lines.index("Our troika · 29 min 30 s · 2–40 people · Generate ideas") > mine
    # The group's --db works as well, and the JSON lists them last.
    result = CliRunner().invoke(cli, ["--db", str(own_db), "formats", "--json", "--people", "9"])
    listed = json.loads(result.stdout)
    assert [f["name"] for f in listed[-2:]] == ["Our troika", "Standup"]
    ours = listed[-2]
    assert ours["family"] == "Your formats" and str(ours["key"]).startswith("own-")
    assert ours["rounds"] == 3 and ours["variants"] == []
    assert ours["attribution"].startswith("Adapted from Troika Consulting. Liberating")
    assert listed[-1]["attribution"] is None  # the standup's steps ask for no credit
    assert ours["seconds"] == sum(s["seconds"] for s in ours["steps"]) == 60 + 3 * 570
    assert hashlib.sha256(own_db.read_bytes()).hexdigest() == before  # only read


def test_a_round_for_each_person_follows_the_head_count(tmp_path: Path) -> None:
    path = tmp_path / "team.db"
    database = open_database(path)
    standup = formats.expand(formats.get_format("check-in"), "s", 0, 6)
    key = own_formats.save_own(database, "Hot seat", standup).value.key
    steps = [
        {"title": "Settle", "mode": "silent", "duration_s": 60},
        {
            "repeat": "person",
            "steps": [
                {"title": "In the seat", "mode": "open", "duration_s": 120},
                {
                    "title": "Say thanks",
                    "mode": "round_robin",
                    "duration_s": 300,
                    "per_speaker_s": 10,
                },
            ],
        },
    ]
    own_formats.edit_own(
        database,
        key,
        name="Hot seat",
        summary="",
        purposes=[],
        min_people=1,
        max_people=40,
        steps=steps,
    )
    database.close()
    four = _lines_of(_run("--db", str(path), "--people", "4")[1], "Hot seat")
    assert four == [
        "Hot seat · 11 min 40 s · 1–40 people",  # 1 min + 4 × (2 min + 4 × 10 s)
        "    Settle — Silent writing, 1 min",
        "    × 4 rounds, a round for each person present (2 min 40 s a round):",
        "      In the seat — Open discussion, 2 min",
        "      Say thanks — Round-robin, 40 s (0:10 each)",
    ]
    code, out, _err = _run("--db", str(path), "--people", "1")
    assert out.startswith(f"{len(formats.library())} formats and 1 of your own, timed for 1 person")
    assert "    × 1 round, a round for each person present (2 min 10 s a round):" in out
    listed = _listed("--db", str(path), "--people", "4")[-1]
    assert listed["repeat"] == "person" and listed["rounds"] == 4
    assert [s["round"] for s in listed["steps"]] == [None, 1, 1, 2, 2, 3, 3, 4, 4]


def test_browsing_without_a_database_creates_none(tmp_path: Path) -> None:
    missing = tmp_path / "none.db"
    code, out, _err = _run("--db", str(missing))
    assert code == 0 and "Troika Consulting · " in out
    assert not missing.exists()
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "bad", ["0", "100", "-3", "six", "2.5", "", " ", "1e3", "99999999999999999999999"]
)
def test_a_bad_people_count_is_refused_in_one_line(bad: str, own_db: Path) -> None:
    code, out, err = _run("--people", bad, "--db", str(own_db))
    assert code == 2 and out == ""
    assert err == f"facilitator: --people must be a whole number from 1 to 99, not {bad!r}.\n"
    code, out, err = _run("--json", "--people", bad)
    assert code == 2 and out == "" and err.count("\n") == 1


def test_a_database_that_is_not_ours_is_refused_in_one_line(tmp_path: Path) -> None:
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not a database at all, just some bytes" * 200)
    code, out, err = _run("--db", str(junk))
    assert code == 1 and out == ""
    assert err.startswith("facilitator: ") and err.count("\n") == 1
