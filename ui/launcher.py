"""The ``facilitator`` command: the core's command line, with the desktop app behind it.

Without a command it opens the window; with one it runs headless. The window's command
line (nothing, or only ``--db PATH``) is read here, so that opening the app never loads the
command-line library; anything else is the CLI's to parse. Qt is imported only when the
window is wanted, so scripted commands start fast.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path


def open_app(db_path: Path | None) -> int:
    """Open the main window on ``db_path`` (None: the database open last time, else the
    default one); the app's exit status."""
    from ui.app import run

    return run(db_path)


def window_db(args: list[str]) -> str | None:
    """The ``--db`` of a command line that only opens the window ("" when none is given);
    None when it holds anything else (a command, ``--help``, ``--version``, a value the CLI
    refuses), which the CLI parses as ever."""
    if not args:
        return ""
    if len(args) == 2 and args[0] == "--db":
        value = args[1]
    elif len(args) == 1 and args[0].startswith("--db="):
        value = args[0].removeprefix("--db=")
    else:
        return None
    if not value or value.startswith("-") or os.path.isdir(value):
        return None
    return value


def main() -> None:
    db = window_db(sys.argv[1:])
    if db is not None:
        from facilitator.paths import chosen_db_path

        sys.exit(open_app(chosen_db_path(db or None)))
    from facilitator.cli import main as cli_main

    cli_main(open_app=open_app)


if __name__ == "__main__":
    main()
