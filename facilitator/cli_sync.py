"""``facilitator sync FOLDER``: share a team between laptops through a folder (the same
core as the app's team folder, ``facilitator.team_folder``)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from facilitator.cli import UserFacingError, _db, cli, db_option, friendly_errors, opened

if TYPE_CHECKING:
    from facilitator.store.database import Database


@cli.command("sync")
@click.argument("folder", type=click.Path(path_type=Path, file_okay=False))
@click.option("--team", "team", default=None, help="The team (its id or name).")
@db_option
@click.pass_context
@friendly_errors
def sync_cmd(ctx: click.Context, folder: Path, team: str | None, db_path: Path | None) -> None:
    """Publish TEAM's sessions, roster and roles into FOLDER and take in what other laptops
    wrote there; print what was added, updated and unchanged. Running it twice changes
    nothing."""
    from facilitator import team_folder
    from facilitator.errors import DatabaseLockedError
    from facilitator.team_folder_files import is_folder

    folder = folder.expanduser()
    if not is_folder(folder):
        raise UserFacingError(team_folder.missing_message(str(folder)), 1)
    try:
        with opened(_db(ctx, db_path), lock=True) as database:
            _sync(database, folder, team)
    except DatabaseLockedError as exc:
        owner = exc.owner
        where = f" ({owner.describe()})" if owner is not None else ""
        raise UserFacingError(
            f"The database is open in Facilitator{where}; sync there with File → Sync now "
            "(F9), which changes the same files. Nothing was changed.",
            1,
        ) from None


def _sync(database: Database, folder: Path, team: str | None) -> None:
    from facilitator import team_folder
    from facilitator.store import teams

    joined: list[str] = []
    team_id = _team(database, folder, team, joined)
    if joined:
        click.echo(f"Joined {teams.get_team(database, team_id).name} from {folder}.")
    else:
        linked = team_folder.folder_for(database, team_id)
        if linked is None or linked != folder.resolve():
            team_folder.link_folder(database, team_id, folder)
            name = teams.get_team(database, team_id).name
            was = f" (it was linked to {linked})" if linked is not None else ""
            click.echo(f"Linked {name} to {folder}{was}.")
    result = team_folder.sync_team(database, team_id).value
    for line in result.lines():
        click.echo(line)
    if result.missing or result.problem:
        raise SystemExit(1)


def _team(database: Database, folder: Path, team: str | None, joined: list[str]) -> str:
    """The team to sync: named, linked to the folder, carried by it (joined here: its id
    goes into ``joined``), or the only one."""
    from facilitator import team_folder
    from facilitator.store import teams

    if team is not None:
        return teams.find_team(database, team).id
    linked = team_folder.team_linked_to(database, folder)
    if linked is not None:
        return linked
    carried = team_folder.folder_team(folder)
    if carried is not None:
        joined.append(team_folder.join_folder(database, folder).value)
        return joined[-1]
    found = teams.list_teams(database)
    if len(found) == 1:
        return found[0].id
    if not found:
        raise UserFacingError(
            f"{folder} carries no team yet and this database has none; nothing was changed.", 2
        )
    raise UserFacingError(
        f"This database has {len(found)} teams; name the one to share with --team.", 2
    )
