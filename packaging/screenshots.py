"""Screenshots for the docs and the README, made from the demo workshop so they stay current.

    python packaging/screenshots.py [--out docs/images] [--size 1366x768] [NAME ...]

The demo goes into a temporary database; the real main window is driven offscreen to each
screen in ``SCREENS`` and grabbed to ``<out>/<name>.png``. To add a screen, add a
``(name, function)`` entry: the function gets the window and the ``Demo`` and leaves the
window showing that screen.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QStandardPaths  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from facilitator.clock import FakeClock  # noqa: E402
from facilitator.demo import add_demo  # noqa: E402
from facilitator.store.database import Database, open_database  # noqa: E402
from ui.app import create_app  # noqa: E402
from ui.main_window import MainWindow  # noqa: E402

# A fixed day for the demo's dates, so the pictures change only when the screens do.
DEMO_DAY = date(2026, 3, 2)


@dataclass
class Demo:
    """The demo data the screens are navigated to."""

    database: Database
    sample_session_id: str
    planned_session_id: str = ""


def plan_next_session(database: Database) -> str:
    """The demo team's next session, planned by the demo itself; its id."""
    from facilitator import planning
    from facilitator.model import SessionStatus

    planned = [s for s in planning.list_sessions(database) if s.status is SessionStatus.PLANNED]
    return planned[0].id


def home(window: MainWindow, demo: Demo) -> None:
    window.show_home()
    window.home.select_session(demo.sample_session_id)


def session_overview(window: MainWindow, demo: Demo) -> None:
    window.show_overview(demo.sample_session_id)


def captures(window: MainWindow, demo: Demo) -> None:
    window.open_session(demo.sample_session_id)  # a finished session opens its captures


def planner(window: MainWindow, demo: Demo) -> None:
    window.open_session(demo.planned_session_id)  # a planned session opens in the planner


def run(window: MainWindow, demo: Demo) -> None:
    window.run_session(demo.planned_session_id)


def projector(window: MainWindow, demo: Demo) -> QWidget:
    """The room's view of the running session, in its own window; grabbed on its own."""
    window.run_session(demo.planned_session_id)
    screen = window.run_screen
    assert screen is not None
    if screen.run.timer.state.value == "not_started":
        screen.toggle()  # the first phase starts
        if screen.handover_dialog is not None:  # the roles were handed over already
            screen.handover_dialog.accept()
        screen.clock.advance(17)  # a little into the round
        screen.refresh()
    presenter = screen.open_projector()
    presenter.resize(window.size())
    screen.refresh()
    return presenter


def room_view(window: MainWindow, demo: Demo) -> None:
    """One screen mirrored to the projector: P turns the run screen into the room layout,
    with the facilitator's strip for the keys and quick capture at its foot."""
    window.run_session(demo.planned_session_id)
    screen = window.run_screen
    assert screen is not None
    if screen.run.timer.state.value == "not_started":
        screen.toggle()
        if screen.handover_dialog is not None:
            screen.handover_dialog.accept()
    for _ in range(17):  # a little into the round, repainted as the app does (no sleep gap)
        screen.clock.advance(1)
        screen.refresh()
    if not screen.projector.room_on:
        screen.projector.open_room()
    screen.refresh()


SCREENS: list[tuple[str, Callable[[MainWindow, Demo], QWidget | None]]] = [
    ("home", home),
    ("session-overview", session_overview),
    ("captures", captures),
    ("planner", planner),
    ("run", run),
    ("projector", projector),
    ("room-view", room_view),
]


def settle(app: QApplication) -> None:
    """Let layouts, deferred updates and paints finish before a grab."""
    for _ in range(5):
        app.processEvents()


def take(out: Path, width: int, height: int, names: list[str] | None = None) -> list[Path]:
    """Grab every screen (or the named ones) into ``out``; the files written."""
    wanted = [s for s in SCREENS if not names or s[0] in names]
    unknown = set(names or []) - {name for name, _ in SCREENS}
    if unknown:
        raise SystemExit(
            f"screenshots: unknown screen(s): {', '.join(sorted(unknown))}; "
            f"known: {', '.join(name for name, _ in SCREENS)}"
        )
    out.mkdir(parents=True, exist_ok=True)
    QStandardPaths.setTestModeEnabled(True)  # never touch the real settings
    app = create_app(sys.argv[:1])
    written = []
    with tempfile.TemporaryDirectory(prefix="facilitator-screens-") as tmp:
        database = open_database(Path(tmp) / "demo.db")
        try:
            demo = Demo(database, add_demo(database, today=DEMO_DAY))
            demo.planned_session_id = plan_next_session(database)
            window = MainWindow(database)
            window.run_clock = FakeClock(datetime(2026, 3, 9, 9, 30, tzinfo=UTC))
            window.resize(width, height)
            window.show()
            settle(app)  # the start-up check for a session left running: nothing is yet
            for name, navigate in wanted:
                shown = navigate(window, demo) or window
                window.statusBar().clearMessage()  # it names a temporary file
                settle(app)
                target = out / f"{name}.png"
                if not shown.grab().save(str(target)):
                    raise SystemExit(f"screenshots: could not write {target}")
                written.append(target)
            window.close()
        finally:
            database.close()
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="only these screens")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "images")
    parser.add_argument("--size", default="1366x768", help="window size, WIDTHxHEIGHT")
    args = parser.parse_args(argv)
    width, _, height = args.size.partition("x")
    for path in take(args.out, int(width), int(height), args.names):
        print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
