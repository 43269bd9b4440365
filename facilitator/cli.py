"""The command line: ``facilitator`` opens the app; subcommands script the same core.

Errors are one line on stderr: exit 2 for bad usage or bad input, 1 for anything else.
"""

from __future__ import annotations

import contextlib
import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

from facilitator import __version__, session_time
from facilitator.errors import (
    FacilitatorError,
    NotFoundError,
    UpgradeNeededError,
    ValidationError,
)
from facilitator.paths import ENV_DB, resolve_db_path
from facilitator.store.database import Database, open_database

F = TypeVar("F", bound=Callable[..., Any])

db_option = click.option(
    "--db",
    "db_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help=f"Database file (default: ${ENV_DB}, else the user data folder).",
)


class UserFacingError(click.ClickException):
    """A one-line message and an exit status; never a traceback."""

    def __init__(self, message: str, exit_code: int) -> None:
        super().__init__(message)
        self.exit_code = exit_code  # type: ignore[misc]  # click reads it per instance

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
        except Exception as exc:
            if _stopped_by:  # a library caught our SIGTERM exit and raised its own error
                raise SystemExit(128 + _stopped_by) from exc
            raise _friendly(exc) from exc

    return wrapper  # type: ignore[return-value]


def _friendly(exc: Exception) -> UserFacingError:
    if isinstance(exc, ValidationError | NotFoundError):
        return UserFacingError(str(exc), 2)
    if isinstance(exc, FacilitatorError):
        return UserFacingError(str(exc), 1)
    if isinstance(exc, OSError):
        return UserFacingError(f"{exc.strerror or exc}: {exc.filename or ''}".strip(": "), 1)
    return UserFacingError(f"unexpected error: {type(exc).__name__}: {exc}", 1)  # a bug


@contextmanager
def opened(
    db_path: Path | None, *, read_only: bool = False, lock: bool = False
) -> Iterator[Database]:
    """Open the database; writing commands pass ``lock=True`` to refuse a second writer.

    Commands that only read pass ``read_only=True``: a read-only connection never becomes
    the "last connection" that checkpoints and deletes a running app's ``-wal``. A file
    made by an earlier version is upgraded first, under the lock, when nobody has it open.
    """
    path = resolve_db_path(db_path)
    if read_only and not path.exists():
        # A command that only reads never makes a database (nor its folder): a path typed
        # wrong would otherwise look like every session lost.
        raise UserFacingError(f"There is no database at {path}. {_try_demo(db_path, path)}", 2)
    with contextlib.ExitStack() as stack:
        if lock and not read_only:
            stack.enter_context(_writer_lock(path))
        try:
            database = open_database(path, read_only=read_only)
        except UpgradeNeededError:
            with _writer_lock(path):
                open_database(path).close()
            database = open_database(path, read_only=True)
        try:
            yield database
        finally:
            database.close()


@contextmanager
def _writer_lock(path: Path) -> Iterator[None]:
    """The database's lock, or a refusal: without one a second writer could not be stopped."""
    from facilitator.errors import StoreError
    from facilitator.lock import DatabaseLock

    with DatabaseLock(path) as held:
        if not held.held:
            why = held.unavailable.why if held.unavailable else "the folder cannot be written"
            raise StoreError(
                f"No lock file could be made beside {path} ({why}); nothing was changed."
            )
        yield


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="facilitator")
@db_option
@click.pass_context
def cli(ctx: click.Context, db_path: Path | None) -> None:
    """Run distributed-leadership workshops. Without a command, open the app."""
    ctx.ensure_object(dict)
    ctx.obj["db_path"] = db_path
    if ctx.invoked_subcommand is not None:
        _stop_cleanly_on_sigterm()
        _end_quietly_when_the_reader_stops()
    if ctx.invoked_subcommand is None:
        open_app = ctx.obj.get("open_app")
        if open_app is None:
            raise UserFacingError(
                "the desktop app is not available here; give a command (see facilitator --help).", 2
            )
        sys.exit(open_app(resolve_db_path(db_path)))


_stopped_by = 0  # the signal that ended the command, once one has


def _stop_cleanly_on_sigterm() -> None:
    """``timeout``, ``kill`` or a logout end a command as an exception, not abruptly, so
    that a half-made report, export or backup removes its temporary file on the way out."""
    import signal

    from facilitator import outfile

    def stop(signum: int, frame: object) -> None:
        global _stopped_by
        _stopped_by = signum  # kept: a library may catch the exit and raise its own error
        raise SystemExit(128 + signum)

    with contextlib.suppress(ValueError, OSError):  # not the main thread: leave it be
        signal.signal(signal.SIGTERM, stop)
        outfile.stop_requested = lambda: bool(_stopped_by)


def _end_quietly_when_the_reader_stops() -> None:
    """A reader that stops early (``facilitator sessions | head -1``) ends a command
    quietly by SIGPIPE, exit 141 as other Unix tools, not with a "Broken pipe" error. Only
    for commands: the desktop app keeps Python's own handling."""
    import signal

    if hasattr(signal, "SIGPIPE"):  # not on Windows
        with contextlib.suppress(ValueError, OSError):  # not the main thread: leave it be
            signal.signal(signal.SIGPIPE, signal.SIG_DFL)


def _try_demo(db_path: Path | None, path: Path) -> str:
    """The hint for a database that is not there yet."""
    return f"Try: facilitator demo --db {path}" if db_path else "Try: facilitator demo"


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

    with opened(_db(ctx, db_path), lock=True) as database:
        click.echo(add_demo(database))


@cli.command("sessions")
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@click.pass_context
@friendly_errors
def sessions_cmd(ctx: click.Context, db_path: Path | None, as_json: bool) -> None:
    """List sessions: id, date, title, status."""
    from facilitator.store import sessions, teams

    given = _db(ctx, db_path)
    path = resolve_db_path(given)
    if not path.exists():  # nothing to list, and nothing made
        if as_json:
            click.echo("[]")
        else:
            click.echo(f"No sessions yet: there is no database at {path}. {_try_demo(given, path)}")
        return
    with opened(path, read_only=True) as database:
        names = {t.id: t.name for t in teams.list_teams(database)}
        rows = [
            {
                "id": s.id,
                "date": session_time.session_day_text(s),
                "title": s.title,
                "status": s.status.value,
                "team": names.get(s.team_id, ""),
            }
            for s in sessions.list_sessions(database)
        ]
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
    """Check the database's integrity; exit 0 when healthy, else suggest a good backup."""
    from facilitator.errors import DatabaseCorruptError

    path = resolve_db_path(_db(ctx, db_path))
    if not path.exists():
        raise UserFacingError(f"There is no database at {path}.", 2)
    try:
        database = open_database(path, read_only=True, migrate=False)
    except DatabaseCorruptError as exc:
        raise UserFacingError(f"{exc} {_suggest_backup(path)}", 1) from exc
    with database:
        result = database.integrity_check()
        fk = database.query("select count(*) as n from pragma_foreign_key_check")
        counts = {
            t: database.db.table(t).count
            for t in ("teams", "sessions", "decisions", "actions", "experiments", "learnings")
        }
    bad_fk = int(fk[0]["n"])
    if result != "ok" or bad_fk:
        raise UserFacingError(
            f"{path} is damaged (integrity check: {result[:200]}; {bad_fk} broken "
            f"references). {_suggest_backup(path)}",
            1,
        )
    summary = ", ".join(f"{n} {t if n != 1 else t[:-1]}" for t, n in counts.items())
    click.echo(f"{path}: healthy ({summary}).")
    click.echo(_backups_summary(path))


# ------------------------------------------------------------------ backups


def _suggest_backup(path: Path) -> str:
    """One sentence pointing at the newest backup that passes its integrity check."""
    from facilitator.backup import backups_dir, newest_good_backup

    good = newest_good_backup(path)
    if good is None:
        return f"No good backup was found in {backups_dir(path)}."
    return (
        f"Newest good backup: {good.path}, {good.describe()}; restore it with: "
        f'facilitator restore "{good.path}" --db "{path}"'
    )


def _backups_summary(path: Path) -> str:
    from facilitator.backup import backups_dir, list_backups

    found = list_backups(path)
    if not found:
        return f"No backups yet in {backups_dir(path)}."
    newest = found[0]
    return (
        f"{len(found)} backup{'s' if len(found) != 1 else ''} in {backups_dir(path)}; "
        f"newest {newest.taken_at.astimezone():%Y-%m-%d %H:%M} ({newest.why})."
    )


@cli.command("backup")
@db_option
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    default=None,
    help="Write the backup to this new file instead of the backups folder.",
)
@click.pass_context
@friendly_errors
def backup_cmd(ctx: click.Context, db_path: Path | None, out: Path | None) -> None:
    """Back the database up with SQLite's backup API; print the backup's path."""
    from facilitator.backup import take_backup
    from facilitator.outfile import check_target
    from facilitator.store.backup import inspect

    path = resolve_db_path(_db(ctx, db_path))
    if not path.exists():
        raise UserFacingError(f"There is no database at {path}.", 2)
    if out is not None:
        check_target(out, protected=path)  # never the database, its files, a device
    if out is not None and out.exists():
        raise UserFacingError(f"{out} already exists; choose a new file name.", 2)
    contents = inspect(path)
    if not (contents.healthy or contents.newer):
        raise UserFacingError(
            f"{path} cannot be backed up: it is {contents.health}. {_suggest_backup(path)}", 1
        )
    click.echo(str(take_backup(path, "manual", out=out)))


@cli.command("backups")
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@click.pass_context
@friendly_errors
def backups_cmd(ctx: click.Context, db_path: Path | None, as_json: bool) -> None:
    """List the database's backups: date, why, size, sessions inside, health."""
    from facilitator.backup import backups_dir, list_backups

    path = resolve_db_path(_db(ctx, db_path))
    found = list_backups(path, inspect=True)
    rows = [
        {
            "path": str(b.path),
            "taken_at": b.taken_at.isoformat(),
            "why": b.why,
            "size": b.size,
            "health": b.contents.health if b.contents else "",
            "sessions": [
                {"title": s.title, "date": s.date, "status": s.status, "team": s.team}
                for s in (b.contents.sessions if b.contents else [])
            ],
        }
        for b in found
    ]
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if not found:
        click.echo(f"No backups yet in {backups_dir(path)}. Make one with: facilitator backup")
        return
    for b in found:
        inside = len(b.contents.sessions) if b.contents else 0
        health = (
            "ok"
            if b.healthy
            else f"NEWER VERSION: {b.contents.health}"
            if b.newer and b.contents
            else f"DAMAGED: {b.contents.health if b.contents else ''}"
        )
        click.echo(
            f"{b.taken_at.astimezone():%Y-%m-%d %H:%M}  {b.why:<18}  "
            f"{b.size / 1024:>8.0f} KiB  {inside:>3} sessions  {health}  {b.path}"
        )


@cli.command("restore")
@click.argument("backup_file")
@db_option
@click.pass_context
@friendly_errors
def restore_cmd(ctx: click.Context, backup_file: str, db_path: Path | None) -> None:
    """Restore BACKUP_FILE (or `latest`: the newest good backup) into the database.

    The current content is backed up first; a damaged database is kept under a new name.
    """
    from facilitator import backup
    from facilitator.errors import DatabaseCorruptError

    path = resolve_db_path(_db(ctx, db_path))
    if backup_file == "latest":
        good = backup.newest_good_backup(path)
        if good is None:
            raise UserFacingError(f"No good backup was found in {backup.backups_dir(path)}.", 2)
        source = good.path
    else:
        source = Path(backup_file).expanduser()
        if not source.is_file():
            raise UserFacingError(f"There is no backup file at {source}.", 2)
    with _writer_lock(path):
        if not path.exists():
            backup.restore_to_new_file(source, path)
            click.echo(f"Restored {source} as {path}.")
            return
        try:
            database = open_database(path)
        except DatabaseCorruptError:
            aside = backup.replace_damaged(path, source)
            click.echo(f"Restored {source} into {path}; the damaged file was kept as {aside}.")
            return
        with database:
            safety = backup.restore_backup(database, source)
        click.echo(f"Restored {source} into {path}; what it held before is in {safety}.")


# ------------------------------------------------------------------ reports and interchange

paper_option = click.option(
    "--paper",
    type=click.Choice(["a4", "letter"], case_sensitive=False),
    default="a4",
    show_default=True,
    help="Paper size.",
)


def _session_id(database: Database, ref: str) -> str:
    from facilitator.store.sessions import resolve_session_id

    return resolve_session_id(database, ref)


def _default_out(database: Database, session_id: str, suffix: str) -> Path:
    from facilitator.report import default_file_name
    from facilitator.store.sessions import get_session

    s = get_session(database, session_id)
    return Path.cwd() / default_file_name(s.title, session_time.session_day_text(s), suffix)


@cli.command()
@click.argument("session")
@click.option(
    "--out",
    "out",
    type=click.Path(path_type=Path),
    default=None,
    help="PDF file to write (default: date and title, in this folder).",
)
@paper_option
@db_option
@click.pass_context
@friendly_errors
def report(
    ctx: click.Context, session: str, out: Path | None, paper: str, db_path: Path | None
) -> None:
    """Write the PDF report of SESSION (an id, a unique id prefix, or latest)."""
    from facilitator.outfile import check_target
    from facilitator.report import session_report

    db = resolve_db_path(_db(ctx, db_path))
    if out is not None:
        check_target(out, protected=db)  # never the database, its files, a device
    with opened(db, read_only=True) as database:
        session_id = _session_id(database, session)
        target = out or check_target(_default_out(database, session_id, ".pdf"), db)
        written = session_report(database, session_id, target, paper=paper.lower())
    click.echo(str(written))


@cli.command("team-report")
@click.argument("team")
@click.option(
    "--out",
    "out",
    type=click.Path(path_type=Path),
    default=None,
    help="PDF file to write (default: the team's name, in this folder).",
)
@click.option(
    "--from",
    "start",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Only sessions on or after this day (YYYY-MM-DD); default: the first session.",
)
@click.option(
    "--to",
    "end",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Only sessions on or before this day (YYYY-MM-DD); default: the latest session.",
)
@click.option(
    "--all",
    "every",
    is_flag=True,
    help="List every session, decision, action, experiment and learning, not only the "
    "latest of each year.",
)
@paper_option
@db_option
@click.pass_context
@friendly_errors
def team_report_cmd(
    ctx: click.Context,
    team: str,
    out: Path | None,
    start: Any,  # a datetime (click.DateTime) or None
    end: Any,
    every: bool,
    paper: str,
    db_path: Path | None,
) -> None:
    """Write the PDF report of TEAM (its id or name): trends, then the year-by-year story."""
    from datetime import date

    from facilitator.outfile import check_target, write_atomically
    from facilitator.report import default_file_name, render_team, team_data
    from facilitator.report.team_summary import narrowed
    from facilitator.store.teams import find_team

    db = resolve_db_path(_db(ctx, db_path))
    if out is not None:
        check_target(out, protected=db)  # never the database, its files, a device
    with opened(db, read_only=True) as database:
        found = find_team(database, team)
        data = narrowed(
            team_data(database, found.id),
            start.date() if start else None,
            end.date() if end else None,
            every=every,
        )
        target = out or check_target(
            Path.cwd() / default_file_name(f"{found.name} team report", date.today().isoformat()),
            db,
        )
        written = write_atomically(
            target, lambda fh: render_team(data, fh, paper=paper.lower()), protected=db
        )
    click.echo(str(written))


@cli.command("export")
@click.argument("session")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "md", "csv"]),
    required=True,
    help="json: the whole session, to import elsewhere; md: a summary for a "
    "wiki; csv: actions, experiments and decisions for a spreadsheet.",
)
@click.option(
    "--out",
    "out",
    type=click.Path(path_type=Path),
    default=None,
    help="File to write (default: standard output).",
)
@click.option(
    "--csv-sep",
    "csv_sep",
    type=click.Choice([",", ";"]),
    default=",",
    show_default=True,
    help="The CSV's separator: ';' for spreadsheets whose decimal mark is a comma "
    "(German, French, Polish Excel), else they open it in one column.",
)
@db_option
@click.pass_context
@friendly_errors
def export_cmd(
    ctx: click.Context,
    session: str,
    fmt: str,
    out: Path | None,
    csv_sep: str,
    db_path: Path | None,
) -> None:
    """Export SESSION as JSON, Markdown or CSV."""
    from facilitator import interchange
    from facilitator.outfile import check_target

    db = resolve_db_path(_db(ctx, db_path))
    if out is not None:
        check_target(out, protected=db)  # never the database, its files, a device
    with opened(db, read_only=True) as database:
        session_id = _session_id(database, session)
        if out is None:
            click.echo(
                interchange.export_text(database, session_id, fmt, csv_sep=csv_sep), nl=False
            )
            return
        written = interchange.write_export(database, session_id, fmt, out, csv_sep=csv_sep)
    click.echo(str(written), err=True)


@cli.command("import")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@db_option
@click.pass_context
@friendly_errors
def import_cmd(ctx: click.Context, file: Path, db_path: Path | None) -> None:
    """Import a session exported as JSON (all or nothing); print its id."""
    from facilitator import interchange

    with opened(_db(ctx, db_path), lock=True) as database:
        click.echo(interchange.import_file(database, file))


def main(open_app: Callable[[Path], int] | None = None) -> None:
    """Run the command line; ``open_app(db_path)`` opens the window when no command is given.

    The core knows nothing of the desktop app: ``ui.launcher`` passes the opener in.
    """
    cli.main(prog_name="facilitator", obj={"open_app": open_app})


# Each of these modules registers its commands on `cli` when imported.
from facilitator import cli_agenda, cli_formats, cli_roster, cli_sync  # noqa: E402

COMMAND_MODULES = (
    cli_agenda,
    cli_formats,
    cli_roster,
    cli_sync,
)  # `agenda`, `formats`, `roster`, `sync`

if __name__ == "__main__":
    main()
