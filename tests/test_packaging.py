"""The wheel built from the tree carries the resources (fonts, format library, roles)."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_wheel_contains_resources(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(ROOT)],
        check=True,
        capture_output=True,
    )
    wheel = next(tmp_path.glob("facilitator-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in (
        "resources/formats.json",
        "resources/roles.json",
        "resources/fonts/DejaVuSans.ttf",
        "resources/fonts/LICENSE-DejaVu.txt",
        "resources/sounds/warning.wav",
        "resources/sounds/time_up.wav",
        "facilitator/cli.py",
        "ui/app.py",
    ):
        assert needed in names, needed
