"""``facilitator formats``: the method library from the command line, grouped by family as a
facilitator browses it, each format timed for the people who will be there (or as JSON),
then the facilitator's own formats from the database."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING

import click

from facilitator import rounds
from facilitator.cli import UserFacingError, _db, cli, db_option, friendly_errors, opened

if TYPE_CHECKING:
    from facilitator.formats import Format, PlannedStep

DEFAULT_PEOPLE = 6  # a typical team, as the planner times formats before anyone is present
MAX_PEOPLE = 99
WIDTH = 88  # summaries wrap to a terminal's width
STEP = "    "  # a step's indent; a step of a repeated block is indented once more


@cli.command("formats")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
@click.option(
    "--people",
    "people_text",
    default=str(DEFAULT_PEOPLE),
    metavar="N",
    help=f"Time the formats for N people, 1 to {MAX_PEOPLE} (default {DEFAULT_PEOPLE}).",
)
@db_option
@click.pass_context
@friendly_errors
def formats_cmd(ctx: click.Context, as_json: bool, people_text: str, db_path: Path | None) -> None:
    """List the dialogue formats: family, purposes, minutes, group size, steps and rounds."""
    from facilitator import formats

    people = _people(people_text)
    library = formats.library()
    own = _own_formats(_db(ctx, db_path))
    if as_json:
        listed = [_as_json(fmt, people) for fmt in (*library, *own)]
        click.echo(json.dumps(listed, ensure_ascii=False, indent=2))
        return
    for line in _browse(library, own, people):
        click.echo(line)


def _people(text: str) -> int:
    """The number of people to time for; anything but a whole 1..99 is refused in one line."""
    try:
        people = int(text.strip())
    except ValueError:
        people = 0
    if not 1 <= people <= MAX_PEOPLE:
        raise UserFacingError(
            f"--people must be a whole number from 1 to {MAX_PEOPLE}, not {text!r}.", 2
        )
    return people


def _own_formats(db_path: Path | None) -> list[Format]:
    """The facilitator's own formats, read from the database without changing it; none
    when there is no database yet (browsing the library never creates one)."""
    from facilitator import own_formats
    from facilitator.paths import resolve_db_path

    path = resolve_db_path(db_path)
    if not path.exists():
        return []
    with opened(path, read_only=True) as database:
        return own_formats.list_own(database)


# ------------------------------------------------------------------ JSON


def _as_json(fmt: Format, people: int) -> dict[str, object]:
    """One format as a script reads it: seconds and minutes for ``people``, every step as
    it runs (a repeated block once per round), and its variants the same way."""
    from facilitator.formats import ANY_SIZE

    total = fmt.planned_s(people)
    found: dict[str, object] = {
        "key": fmt.key,
        "name": fmt.title,
        "family": fmt.family,
        "purpose": list(fmt.purposes),
        "summary": fmt.summary,
        "attribution": fmt.attribution or None,
        # No upper limit worth saying ("3 or more people") is null, not the 99 it is stored as.
        "people": {
            "min": fmt.min_people,
            "max": None if fmt.max_people >= ANY_SIZE else fmt.max_people,
        },
        "suits": fmt.suits(people),
        "minutes": _minutes(total),
        "seconds": total,
        "repeat": fmt.repeat,
        "repeat_text": _describe(fmt.repeat, people),
        "rounds": fmt.rounds(people),
        "steps": [_step_json(planned, people) for planned in fmt.plan(people)],
    }
    if fmt.repeat and rounds.parse(fmt.repeat).kind == rounds.MEMBER:
        found["groups"] = list(rounds.groups(fmt.repeat, people))
        found["groups_warning"] = rounds.warning(fmt.repeat, people, fmt.name)
    if fmt.variant_of:
        found |= {"variant": fmt.variant, "note": fmt.variant_note, "variant_of": fmt.variant_of}
    else:
        found["variants"] = [_as_json(variant, people) for variant in fmt.variants]
    return found


def _step_json(planned: PlannedStep, people: int) -> dict[str, object]:
    step = planned.step
    return {
        "title": step.title,
        "heading": planned.heading,
        "mode": step.mode.value,
        "seconds": planned.seconds,
        "per_speaker_seconds": step.per_speaker_s,
        "group_of": _group_of(planned, people),
        "round": planned.round_no,
        "rounds": planned.rounds,
        "prompt": step.prompt,
    }


def _minutes(seconds: int) -> float:
    return round(seconds / 60, 1)


def _describe(repeat: str | None, people: int) -> str | None:
    return rounds.describe(repeat, people) if repeat else None


def _group_of(planned: PlannedStep, people: int) -> int | None:
    """The size of the step's small groups for ``people``: a step of a group-of-N block
    meets in the largest group planned (the rounds), any other as it says."""
    step = planned.step
    if step.group_of is None:
        return None
    sizes = rounds.step_group_text(step.group_of, step.repeat, people)
    return int(sizes.split()[-1])


# ------------------------------------------------------------------ text


def _browse(library: tuple[Format, ...], own: list[Format], people: int) -> list[str]:
    """The library as text: each family in turn (its attribution once, under its heading),
    then its formats with their steps and variants; the facilitator's own formats last,
    each with the credit of the formats it was made from."""
    from facilitator.own_formats import FAMILY

    whom = f"{people} {'person' if people == 1 else 'people'}"
    yours = f" and {len(own)} of your own" if own else ""
    lines = [f"{len(library)} formats{yours}, timed for {whom}"]
    families = list(dict.fromkeys(fmt.family for fmt in library))
    groups = [(family, [f for f in library if f.family == family]) for family in families]
    if own:
        groups.append((FAMILY, own))
    for family, members in groups:
        lines += ["", family, "=" * len(family)]
        if family != FAMILY:  # a library family's credit once; each of yours says its own
            attribution = next((f.attribution for f in members if f.attribution), "")
            lines += textwrap.wrap(attribution, WIDTH)
        for fmt in members:
            lines += ["", *_format_lines(fmt, people)]
            if family == FAMILY and fmt.attribution:
                lines += _wrapped(f"Credit: {fmt.attribution}", "  ")
    return lines


def _format_lines(fmt: Format, people: int) -> list[str]:
    """A format's heading (length for ``people``, group size, purposes), what it does in one
    sentence, its steps, and a line for each variant."""
    from facilitator import durations, formats

    labels = formats.purposes()
    purposes = ", ".join(labels.get(p, p) for p in fmt.purposes)
    unsuited = "" if fmt.suits(people) else f" (not for {people})"
    heading = [
        fmt.name,
        durations.length_text(fmt.planned_s(people)),
        f"{fmt.people_text}{unsuited}",
    ]
    lines = [" · ".join([*heading, purposes] if purposes else heading)]
    lines += _wrapped(_first_sentence(fmt.summary), "  ")
    lines += _step_lines(fmt, people)
    for variant in fmt.variants:
        length = durations.length_text(variant.planned_s(people))
        note = f" — {variant.variant_note}" if variant.variant_note else ""
        lines += _wrapped(f"Variant: {variant.title} · {length}{note}", "  ", " " * 11)
    return lines


def _step_lines(fmt: Format, people: int) -> list[str]:
    """Each step once: a repeated block's steps under one line that says how many rounds
    it has for ``people``, why, and how long a round takes."""
    from facilitator import formats

    planned = fmt.plan(people)
    first_round = [p for p in planned if p.round_no == 1]
    lines = []
    for each in planned:
        if each.round_no is None:
            lines.append(f"{STEP}{each.step.title} — {formats.step_line(each, people)}")
        elif each.round_no == 1:
            if each is first_round[0]:
                lines.append(STEP + formats.block_line(fmt, people))
                note = rounds.warning(fmt.repeat or "", people, fmt.name)
                lines += _wrapped(f"Note: {note}", STEP + "  ") if note else []
            lines.append(f"{STEP}  {each.step.title} — {formats.step_line(each, people)}")
    return lines


def _wrapped(text: str, indent: str, subsequent: str | None = None) -> list[str]:
    return textwrap.wrap(
        text,
        WIDTH,
        initial_indent=indent,
        subsequent_indent=indent if subsequent is None else subsequent,
    )


def _first_sentence(text: str) -> str:
    """The summary's first sentence: what the format does (the rest says when to use it)."""
    head, dot, _rest = text.partition(". ")
    return head + dot.strip()
