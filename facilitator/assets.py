"""The one way to reach shipped resources (fonts, icons, sounds, the format library).

Resources live in the top-level ``resources`` package so they are inside the wheel and the
bundle; ``importlib.resources`` finds them in both and in a source checkout.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable


def resource(relative: str) -> Traversable:
    """A shipped file, e.g. ``resource("fonts/DejaVuSans.ttf")``."""
    node = resources.files("resources")
    for part in relative.split("/"):
        node = node.joinpath(part)
    return node


def resource_path(relative: str) -> Path:
    """A real filesystem path to a shipped file (reportlab and Qt want paths)."""
    return Path(str(resource(relative)))


@cache
def load_json(relative: str) -> Any:
    """Parse a shipped JSON file once per process."""
    import json  # the format library's reader: not needed to paint the window

    return json.loads(resource(relative).read_text(encoding="utf-8"))
