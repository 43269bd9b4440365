"""Regenerate docs/sample-report.pdf and docs/images/report-page-1.png from the demo.

    python docs/make_sample_report.py

The demo is built for a fixed day and reportlab runs in invariant mode, so the PDF is the
same on every run and every machine. The PNG needs pdftoppm (poppler-utils).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from datetime import UTC, date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
TODAY = date(2026, 3, 4)


def main() -> None:
    from reportlab import rl_config

    rl_config.invariant = 1  # fixed creation date and document id: a stable file

    from facilitator.demo import add_demo
    from facilitator.report import session_report
    from facilitator.store import memory

    database = memory()
    sample = add_demo(database, today=TODAY)
    pdf = session_report(database, sample, ROOT / "docs" / "sample-report.pdf", today=TODAY, tz=UTC)
    print(pdf)
    if shutil.which("pdftoppm"):
        with tempfile.TemporaryDirectory() as tmp:
            subprocess.run(
                ["pdftoppm", "-png", "-r", "70", "-f", "1", "-l", "1", str(pdf), f"{tmp}/page"],
                check=True,
            )
            png = next(Path(tmp).glob("page*.png"))
            target = ROOT / "docs" / "images" / "report-page-1.png"
            shutil.copyfile(png, target)
            print(target)


if __name__ == "__main__":
    main()
