"""The command line: ``facilitator`` opens the app; subcommands script the same core.

Errors are one line on stderr: exit 2 for bad usage or bad input, 1 for anything else.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

from facilitator import __version__
from facilitator.errors import FacilitatorError, NotFoundError, ValidationError
from facilitator.paths import ENV_DB, resolve_db_path
from facilitator.store.database import Database, open_database

F = TypeVar("F", bound=Callable[..., Any])

db_option = click.option(
    "--db", "db_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
    help=f"Database file (default: ${ENV_DB}, else the user data folder).")


class UserFacingError(click.ClickException):
    """A one-line message and an exit status; never a traceback."""

    def __init__(self, message: str, exit_code: int) -> None:
        super().__init__(message)
        self.exit_code = exit_code

    def show(self, file: Any = None) -> None:
        click.echo(f"facilitator: {self.format_message()}", err=True)


def friendly_errors(func: F) -> F:
    """Turn expected errors into one clear line (2: bad input, 1: anything else)."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except (ValidationError, NotFoundError) as exc:
            raise UserFacingError(str(exc), 2) from exc
        except FacilitatorError as exc:
            raise UserFacingError(str(exc), 1) from exc
        except OSError as exc:
            raise UserFacingError(f"{exc.strerror or exc}: {exc.filename or ''}".strip(": "),
                                  1) from exc
        except Exception as exc:  # a bug: still one line, never a traceback
            raise UserFacingError(f"unexpected error: {type(exc).__name__}: {exc}", 1) \
                from exc

    return wrapper  # type: ignore[return-value]


@contextmanager
def opened(db_path: Path | None, *, read_only: bool = False) -> Iterator[Database]:
    database = open_database(resolve_db_path(db_path), read_only=read_only)
    try:
        yield database
    finally:
        database.close()


@click.group(invoke_without_command=True,
             context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="facilitator")
@db_option
@click.pass_context
def cli(ctx: click.Context, db_path: Path | None) -> None:
    """Run distributed-leadership workshops. Without a command, open the app."""
    ctx.ensure_object(dict)
    ctx.obj["db_path"] = db_path
    if ctx.invoked_subcommand is None:
        from ui.app import run  # Qt loads only when the window is wanted

        sys.exit(run(resolve_db_path(db_path)))


def _db(ctx: click.Context, db_path: Path | None) -> Path | None:
    """A subcommand's --db, else the group's --db."""
    parent = ctx.find_root().obj or {}
    return db_path or parent.get("db_path")


@cli.command()
@db_option
@click.pass_context
@friendly_errors
def demo(ctx: click.Context, db_path: Path | None) -> None:
    """Add a demo team and a finished sample session; print its id."""
    from facilitator.demo import add_demo

    with opened(_db(ctx, db_path)) as database:
        click.echo(add_demo(database))


@cli.command("sessions")
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@click.pass_context
@friendly_errors
def sessions_cmd(ctx: click.Context, db_path: Path | None, as_json: bool) -> None:
    """List sessions: id, date, title, status."""
    from facilitator.store import sessions, teams

    with opened(_db(ctx, db_path), read_only=False) as database:
        names = {t.id: t.name for t in teams.list_teams(database)}
        rows = [{"id": s.id, "date": s.planned_date or s.created_at[:10], "title": s.title,
                 "status": s.status.value, "team": names.get(s.team_id, "")}
                for s in sessions.list_sessions(database)]
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if not rows:
        click.echo("No sessions yet. Try: facilitator demo")
        return
    for row in rows:
        click.echo(f"{row['id']}  {row['date']:<10}  {row['status']:<8}  {row['title']}")


@cli.command()
@db_option
@click.pass_context
@friendly_errors
def check(ctx: click.Context, db_path: Path | None) -> None:
    """Check the database's integrity; exit 0 when healthy."""
    path = resolve_db_path(_db(ctx, db_path))
    if not path.exists():
        raise UserFacingError(f"There is no database at {path}.", 2)
    with opened(path, read_only=True) as database:
        result = database.integrity_check()
        fk = database.query("select count(*) as n from pragma_foreign_key_check")
        counts = {t: database.db.table(t).count for t in ("teams", "sessions", "decisions",
                                                            "actions", "experiments",
                                                            "learnings")}
    bad_fk = int(fk[0]["n"])
    if result != "ok" or bad_fk:
        raise UserFacingError(
            f"{path} is damaged (integrity check: {result[:200]}; {bad_fk} broken "
            "references). Restore a backup.", 1)
    summary = ", ".join(f"{n} {t}" for t, n in counts.items())
    click.echo(f"{path}: healthy ({summary}).")


# ------------------------------------------------------------------ reports and interchange

paper_option = click.option("--paper", type=click.Choice(["a4", "letter"],
                                                         case_sensitive=False),
                            default="a4", show_default=True, help="Paper size.")


def _session_id(database: Database, ref: str) -> str:
    from facilitator.store.sessions import resolve_session_id

    return resolve_session_id(database, ref)


def _default_out(database: Database, session_id: str, suffix: str) -> Path:
    from facilitator.report import default_file_name
    from facilitator.store.sessions import get_session

    s = get_session(database, session_id)
    return Path.cwd() / default_file_name(s.title, s.planned_date or s.created_at[:10],
                                          suffix)


@cli.command()
@click.argument("session")
@click.option("--out", "out", type=click.Path(path_type=Path), default=None,
              help="PDF file to write (default: date and title, in this folder).")
@paper_option
@db_option
@click.pass_context
@friendly_errors
def report(ctx: click.Context, session: str, out: Path | None, paper: str,
           db_path: Path | None) -> None:
    """Write the PDF report of SESSION (an id, a unique id prefix, or latest)."""
    from facilitator.report import session_report

    with opened(_db(ctx, db_path)) as database:
        session_id = _session_id(database, session)
        target = out or _default_out(database, session_id, ".pdf")
        written = session_report(database, session_id, target, paper=paper.lower())
    click.echo(str(written))


@cli.command("team-report")
@click.argument("team")
@click.option("--out", "out", type=click.Path(path_type=Path), default=None,
              help="PDF file to write (default: the team's name, in this folder).")
@paper_option
@db_option
@click.pass_context
@friendly_errors
def team_report_cmd(ctx: click.Context, team: str, out: Path | None, paper: str,
                    db_path: Path | None) -> None:
    """Write the PDF report of TEAM (its id or name) across all its sessions."""
    from datetime import date

    from facilitator.report import default_file_name, team_report
    from facilitator.store.teams import find_team

    with opened(_db(ctx, db_path)) as database:
        found = find_team(database, team)
        target = out or Path.cwd() / default_file_name(f"{found.name} team report",
                                                       date.today().isoformat())
        written = team_report(database, found.id, target, paper=paper.lower())
    click.echo(str(written))


@cli.command("export")
@click.argument("session")
@click.option("--format", "fmt", type=click.Choice(["json", "md", "csv"]), required=True,
              help="json: the whole session, to import elsewhere; md: a summary for a "
                   "wiki; csv: actions and experiments for a spreadsheet.")
@click.option("--out", "out", type=click.Path(path_type=Path), default=None,
              help="File to write (default: standard output).")
@db_option
@click.pass_context
@friendly_errors
def export_cmd(ctx: click.Context, session: str, fmt: str, out: Path | None,
               db_path: Path | None) -> None:
    """Export SESSION as JSON, Markdown or CSV."""
    from facilitator import interchange

    with opened(_db(ctx, db_path)) as database:
        session_id = _session_id(database, session)
        if out is None:
            click.echo(interchange.export_text(database, session_id, fmt), nl=False)
            return
        written = interchange.write_export(database, session_id, fmt, out)
    click.echo(str(written), err=True)


@cli.command("import")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@db_option
@click.pass_context
@friendly_errors
def import_cmd(ctx: click.Context, file: Path, db_path: Path | None) -> None:
    """Import a session exported as JSON (all or nothing); print its id."""
    from facilitator import interchange

    with opened(_db(ctx, db_path)) as database:
        click.echo(interchange.import_file(database, file))


def main() -> None:
    """Console entry point."""
    cli.main(prog_name="facilitator")


if __name__ == "__main__":
    main()
