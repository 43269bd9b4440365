"""make screenshots keeps working: every listed screen is reached and grabbed at its size."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

from PySide6.QtGui import QImage

from facilitator.clock import FakeClock

SCRIPT = Path(__file__).resolve().parents[2] / "packaging" / "screenshots.py"


def load_script():  # noqa: ANN201
    spec = importlib.util.spec_from_file_location("facilitator_screenshots", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_every_screen_is_grabbed_at_the_asked_size(qapp, tmp_path: Path) -> None:
    screenshots = load_script()
    written = screenshots.take(tmp_path, 1366, 768)
    assert [p.stem for p in written] == [name for name, _ in screenshots.SCREENS]
    for path in written:
        image = QImage(str(path))
        assert (image.width(), image.height()) == (1366, 768), path.name
        # Not a blank grab: the screen drew text and lines in more than a few colours.
        colours = {image.pixel(x, y) for x in range(0, 1366, 7) for y in range(0, 768, 7)}
        assert len(colours) > 20, path.name


def test_each_entry_navigates_to_its_screen(qtbot, demo_db) -> None:
    from ui.main_window import MainWindow

    screenshots = load_script()
    database, sample = demo_db
    window = MainWindow(database)
    qtbot.addWidget(window)
    window.run_clock = FakeClock()
    demo = screenshots.Demo(database, sample, screenshots.plan_next_session(database))
    expected = {
        "home": lambda: window.home,
        "session-overview": lambda: window.overview,
        "captures": lambda: window.capture_view,
        "planner": lambda: window.planner,
        "run": lambda: window.run_screen,
    }
    for name, navigate in screenshots.SCREENS:
        navigate(window, demo)
        if name in expected:
            assert window.stack.currentWidget() is expected[name](), name
    screenshots.session_overview(window, demo)
    assert window.overview.record is not None
    assert window.overview.record.session.id == sample
    screenshots.home(window, demo)
    assert window.home.current_session_id() == sample
