"""The ``facilitator`` command: the core's command line, with the desktop app behind it.

Without a command it opens the window; with one it runs headless. Qt is imported only when
the window is wanted, so scripted commands start fast.
"""

from __future__ import annotations

from pathlib import Path


def open_app(db_path: Path) -> int:
    """Open the main window on ``db_path``; the app's exit status."""
    from ui.app import run

    return run(db_path)


def main() -> None:
    from facilitator.cli import main as cli_main

    cli_main(open_app=open_app)


if __name__ == "__main__":
    main()
