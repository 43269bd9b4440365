"""``facilitator formats``: the library as text and as JSON, timed for the people given, and a
bad ``--people`` refused in one line."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from facilitator import formats
from facilitator.cli import cli


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["formats", *args])
    return result.exit_code, result.stdout, result.stderr


def _listed(*args: str) -> list[dict[str, object]]:
    code, out, _err = _run("--json", *args)
    assert code == 0
    listed: list[dict[str, object]] = json.loads(out)
    return listed


def test_the_text_groups_formats_by_family_with_their_steps() -> None:
    code, out, err = _run()
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[0] == f"{len(formats.library())} formats, timed for 6 people"
    heading = lines.index("Liberating Structures")
    assert lines[heading + 1] == "=" * len("Liberating Structures")
    troika = next(i for i, line in enumerate(lines) if line.startswith("Troika Consulting · "))
    assert troika > heading
    fmt = formats.get_format("troika-consulting")
    assert f"{fmt.min_people}–{fmt.max_people} people" in lines[troika]
    assert "Generate ideas" in lines[troika]
    assert lines[troika + 1].startswith("  In groups of three")
    block = lines[troika + 1 : lines.index("", troika)]
    steps = [line.strip() for line in block if line.startswith("    ")]
    assert all(len(line) <= 90 for line in block if not line.startswith("    "))  # wrapped
    assert [s.split(" — ")[0] for s in steps] == [s.title for s in fmt.steps]
    # Each family is one block: no family's heading comes twice.
    families = {f.family for f in formats.library()}
    assert sorted(line for line in lines if line in families) == sorted(families)


def test_the_json_lists_every_format_with_family_purpose_minutes_and_steps() -> None:
    listed = _listed()
    assert [f["name"] for f in listed] == [f.name for f in formats.library()]
    by_key = {f["key"]: f for f in listed}
    triz = by_key["triz"]
    assert triz["family"] == "Liberating Structures"
    assert by_key["consent-decision"]["family"] == "Sociocracy"
    assert triz["purpose"] == ["generate", "understand"]
    steps = triz["steps"]
    assert isinstance(steps, list) and steps
    assert {"title", "mode", "seconds"} <= set(steps[0])
    assert triz["seconds"] == sum(s["seconds"] for s in steps)
    assert triz["minutes"] == round(triz["seconds"] / 60, 1)  # type: ignore[operator]


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


@pytest.mark.parametrize("bad", ["0", "100", "-3", "six", "2.5", ""])
def test_a_bad_people_count_is_refused_in_one_line(bad: str) -> None:
    code, out, err = _run("--people", bad)
    assert code == 2 and out == ""
    assert err == f"facilitator: --people must be a whole number from 1 to 99, not {bad!r}.\n"
