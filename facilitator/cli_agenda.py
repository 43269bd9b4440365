"""``facilitator agenda``: the printable agenda sheet of a session, before it runs."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from facilitator import session_time
from facilitator.cli import (
    _db,
    _default_out,
    _session_id,
    cli,
    db_option,
    friendly_errors,
    opened,
    paper_option,
)
from facilitator.errors import NotFoundError
from facilitator.model import SessionStatus
from facilitator.paths import resolve_db_path
from facilitator.store.database import Database


def next_session_id(database: Database, today: date) -> str:
    """The session still to run that comes first from ``today`` on; else the planned one
    dated latest (its day has passed, but it is still to run)."""
    from facilitator import planning

    planned = [s for s in planning.list_sessions(database) if s.status is SessionStatus.PLANNED]
    if not planned:
        raise NotFoundError("There is no session still to run; plan one first.")
    ahead = [s for s in planned if s.planned_date >= today.isoformat()]
    if ahead:
        return min(ahead, key=lambda s: (s.planned_date, s.planned_start, s.created_at)).id
    return max(planned, key=session_time.session_order).id


def agenda_session_id(database: Database, ref: str, today: date) -> str:
    """A session from what the user typed: ``next``, or as every command takes it."""
    if ref == "next":
        return next_session_id(database, today)
    return _session_id(database, ref)


@cli.command("agenda")
@click.argument("session")
@click.option(
    "--out",
    "out",
    type=click.Path(path_type=Path),
    default=None,
    help="PDF file to write (default: date, title and 'agenda', in this folder).",
)
@paper_option
@db_option
@click.pass_context
@friendly_errors
def agenda_cmd(
    ctx: click.Context, session: str, out: Path | None, paper: str, db_path: Path | None
) -> None:
    """Write the printable agenda of SESSION (an id, a unique id prefix, latest or next)."""
    from facilitator.outfile import check_target
    from facilitator.report.agenda_sheet import agenda_sheet

    db = resolve_db_path(_db(ctx, db_path))
    if out is not None:
        check_target(out, protected=db)  # never the database, its files, a device
    with opened(db, read_only=True) as database:
        session_id = agenda_session_id(database, session, date.today())
        target = out or check_target(_default_out(database, session_id, " agenda.pdf"), db)
        written = agenda_sheet(database, session_id, target, paper=paper.lower())
    click.echo(str(written))
