"""Small helpers shared by the benchmark scripts: figures, medians, the machine, children.

A benchmark prints its figures for people and, through ``figure()``, one ``@figure`` JSON
line each for ``run_all.py``, which gathers them into the summary table of
docs/benchmarks.md. Scripts that print only prose still run; their output is kept verbatim.
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import sys
from collections.abc import Sequence
from importlib import metadata
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
FIGURE_PREFIX = "@figure "


def figure(
    name: str,
    value: float,
    unit: str,
    *,
    baseline: float | None = None,
    baseline_name: str = "",
    target: str = "",
    ok: bool | None = None,
    ratio: float | None = None,
    note: str = "",
) -> dict[str, Any]:
    """Print one figure: a readable line, then a machine line for run_all.py.

    ``ratio`` defaults to value / baseline; ``ok`` says whether the target is met (None:
    no target).
    """
    if ratio is None and baseline:
        ratio = value / baseline
    record = {
        "name": name,
        "value": round(value, 3),
        "unit": unit,
        "baseline": None if baseline is None else round(baseline, 3),
        "baseline_name": baseline_name,
        "ratio": None if ratio is None else round(ratio, 3),
        "target": target,
        "ok": ok,
        "note": note,
    }
    text = f"{name}: {value:,.1f} {unit}"
    if ratio is not None:
        text += f" = {ratio:.2f}x {baseline_name or 'baseline'}"
    if target:
        verdict = "" if ok is None else (" met" if ok else " MISSED")
        text += f" (target {target}{verdict})"
    if note:
        text += f" — {note}"
    print(text)
    print(FIGURE_PREFIX + json.dumps(record, ensure_ascii=False), flush=True)
    return record


def median(values: Sequence[float]) -> float:
    return float(statistics.median(values))


def spread(values: Sequence[float]) -> str:
    """min–max of a sample, for the reader to judge the noise."""
    return f"{min(values):,.0f}–{max(values):,.0f}"


def _version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "not installed"


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.lower().startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    if sys.platform == "darwin":
        import subprocess

        out = subprocess.run(
            ["sysctl", "-n", "machdep.cpu.brand_string"],
            capture_output=True,
            text=True,
            check=False,
        )
        if out.stdout.strip():
            return out.stdout.strip()
    return platform.processor() or platform.machine()


def _memory_gib() -> float | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) / 2**20
    except OSError:
        pass
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    except (ValueError, OSError, AttributeError):
        return None


def machine() -> dict[str, str]:
    """The machine and software stack the figures were measured on."""
    import sqlite3

    memory = _memory_gib()
    qt = "not installed"
    try:
        import PySide6
        from PySide6 import QtCore

        qt = f"{PySide6.__version__} (Qt {QtCore.qVersion()})"
    except ImportError:
        pass
    return {
        "CPU": _cpu_model(),
        "cores": str(os.cpu_count()),
        "memory": f"{memory:.1f} GiB" if memory else "unknown",
        "OS": platform.platform(),
        "Python": platform.python_version(),
        "PySide6": qt,
        "SQLite": sqlite3.sqlite_version,
        "sqlite-utils": _version("sqlite-utils"),
        "reportlab": _version("reportlab"),
        "pypdf": _version("pypdf"),
    }


def child_env(home: Path) -> dict[str, str]:
    """The environment for a measured child: offscreen, the tree on the path, and user
    folders under ``home`` so no benchmark writes the real settings or logs.

    Bytecode is cached (under ``home``, never in the tree), as an installed app or a bundle
    has it: a start that compiles every module is not the start a user sees.
    """
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(home / "pycache")
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    for var, sub in (
        ("XDG_DATA_HOME", "data"),
        ("XDG_CONFIG_HOME", "config"),
        ("XDG_STATE_HOME", "state"),
        ("XDG_CACHE_HOME", "cache"),
    ):
        env[var] = str(home / sub)
    env.pop("FACILITATOR_DB", None)
    env.pop("FACILITATOR_QUIT_AFTER_PAINT", None)
    return env
