"""``facilitator roster``: a team's people from the command line, listed or imported from the
team lists people have (the same reading and checks as the roster screen's import)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import click

from facilitator.cli import UserFacingError, _db, cli, db_option, friendly_errors, opened

if TYPE_CHECKING:
    from facilitator.roster_import import Preview


@cli.group("roster")
def roster_group() -> None:
    """A team's people: list them, or import them from a file."""


@roster_group.command("import")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--team", "team", required=True, help="The team (its id or name).")
@click.option("--dry-run", is_flag=True, help="Show what would be added; change nothing.")
@db_option
@click.pass_context
@friendly_errors
def import_cmd(
    ctx: click.Context, file: Path, team: str, dry_run: bool, db_path: Path | None
) -> None:
    """Add the people in FILE to TEAM, all at once or nobody; print who is added and who is
    refused and why."""
    from facilitator import roster, roster_import

    with opened(_db(ctx, db_path), read_only=dry_run, lock=not dry_run) as database:
        found = roster.find_team(database, team)
        try:
            preview = roster_import.preview_file(database, found.id, file)
        except roster_import.ImportFileError as exc:
            raise UserFacingError(f"{file.name}: {exc} Nothing was changed.", 2) from None
        count = len(preview.to_add)
        people = f"{count} {'person' if count == 1 else 'people'}"
        if count and not dry_run:
            # Before the report: a refused write (a read-only file) is said alone, with no
            # "added" lines above it for people who were not added.
            roster.import_people(database, preview, source=file.name)
        for line in _report(preview):
            click.echo(line)
        if not count:
            raise UserFacingError(f"Nobody to add to {found.name}; nothing was changed.", 1)
        if dry_run:
            click.echo(f"{people} would be added to {found.name} (dry run: nothing was changed).")
            return
        click.echo(f"{people} added to {found.name}.")


def _report(preview: Preview) -> list[str]:
    """What the file is, the columns used and ignored, then each row's outcome."""
    used = ", ".join(f"{c.header} → {c.use}" for c in preview.columns)
    ignored = f"; ignored: {', '.join(preview.ignored)}" if preview.ignored else ""
    lines = [f"{preview.kind}: {used}{ignored}", *(f"  {note}" for note in preview.notes)]
    for line, name, area, outcome in preview.outcomes():
        who = name + (f" ({area})" if area else "")
        if outcome == "Will be added":
            lines.append(f"  added    line {line}: {who}")
        else:
            lines.append(f"  refused  line {line}: {who or '(no name)'}: {outcome}")
    return lines


@roster_group.command("list")
@click.argument("team")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@db_option
@click.pass_context
@friendly_errors
def list_cmd(ctx: click.Context, team: str, as_json: bool, db_path: Path | None) -> None:
    """List the people of TEAM (its id or name), deactivated ones too, in name order."""
    from facilitator import collation, roster

    with opened(_db(ctx, db_path), read_only=True) as database:
        found = roster.find_team(database, team)
        people = collation.sort_by_name(
            roster.list_participants(database, found.id, include_inactive=True),
            lambda p: p.name,
        )
    if as_json:
        rows = [
            {
                "id": p.id,
                "name": p.name,
                "area": p.area,
                "active": p.active,
                "joined_on": p.joined_on,
                "note": p.note,
            }
            for p in people
        ]
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if not people:
        click.echo(f"{found.name} has nobody yet.", err=True)
        return
    width = max(len(p.name) for p in people)
    for p in people:
        state = "" if p.active else "  (deactivated)"
        click.echo(f"{p.id}  {p.name.ljust(width)}  {p.area}{state}".rstrip())
