"""``facilitator formats``: the method library from the command line, grouped by family as a
facilitator browses it, each format timed for the people who will be there (or as JSON)."""

from __future__ import annotations

import json
import textwrap
from typing import TYPE_CHECKING

import click

from facilitator.cli import UserFacingError, cli, friendly_errors

if TYPE_CHECKING:
    from facilitator.formats import Format

DEFAULT_PEOPLE = 6  # a typical team, as the planner times formats before anyone is present
MAX_PEOPLE = 99
WIDTH = 88  # summaries wrap to a terminal's width


@cli.command("formats")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
@click.option(
    "--people",
    "people_text",
    default=str(DEFAULT_PEOPLE),
    metavar="N",
    help=f"Time the formats for N people, 1 to {MAX_PEOPLE} (default {DEFAULT_PEOPLE}).",
)
@friendly_errors
def formats_cmd(as_json: bool, people_text: str) -> None:
    """List the dialogue formats: family, purposes, minutes, group size and steps."""
    from facilitator import formats

    people = _people(people_text)
    library = formats.library()
    if as_json:
        click.echo(json.dumps([_as_json(fmt, people) for fmt in library], indent=2))
        return
    for line in _browse(library, people):
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


def _as_json(fmt: Format, people: int) -> dict[str, object]:
    """One format as a script reads it: seconds and minutes for ``people``."""
    total = fmt.planned_s(people)
    return {
        "key": fmt.key,
        "name": fmt.name,
        "family": fmt.family,
        "purpose": list(fmt.purposes),
        "summary": fmt.summary,
        "people": {"min": fmt.min_people, "max": fmt.max_people},
        "minutes": round(total / 60, 1),
        "seconds": total,
        "steps": [
            {
                "title": step.title,
                "mode": step.mode.value,
                "seconds": step.planned_s(people),
                "per_speaker_seconds": step.per_speaker_s,
                "prompt": step.prompt,
            }
            for step in fmt.steps
        ],
    }


def _browse(library: tuple[Format, ...], people: int) -> list[str]:
    """The library as text: each family in turn, then its formats with their steps."""
    from facilitator import durations, formats
    from facilitator.model import label

    labels = formats.purposes()
    families = list(dict.fromkeys(fmt.family for fmt in library))
    lines = [f"{len(library)} formats, timed for {people} {'person' if people == 1 else 'people'}"]
    for family in families:
        lines += ["", family, "=" * len(family)]
        for fmt in (f for f in library if f.family == family):
            purposes = ", ".join(labels.get(p, p) for p in fmt.purposes)
            size = f"{fmt.min_people}–{fmt.max_people} people"
            unsuited = "" if fmt.suits(people) else f" (not for {people})"
            lines += [
                "",
                f"{fmt.name} · {durations.length_text(fmt.planned_s(people))} · "
                f"{size}{unsuited} · {purposes}",
            ]
            lines += textwrap.wrap(
                _first_sentence(fmt.summary), WIDTH, initial_indent="  ", subsequent_indent="  "
            )
            for step in fmt.steps:
                each = (
                    f" ({durations.clock_mm_ss(step.per_speaker_s)} each)"
                    if step.per_speaker_s
                    else ""
                )
                lines.append(
                    f"    {step.title} — {label(step.mode)}, "
                    f"{durations.length_text(step.planned_s(people))}{each}"
                )
    return lines


def _first_sentence(text: str) -> str:
    """The summary's first sentence: what the format does (the rest says when to use it)."""
    head, dot, _rest = text.partition(". ")
    return head + dot.strip()
