"""Cold start to a painted main window, against a bare PySide6 window, and peak memory.

Every run is a fresh Python process, started the same way for both. Two times are taken
for each: the wall clock, from spawning the process until the child reports the first
paint of its main window (offscreen), and the child's CPU time (user + system, all its
threads) at that paint. The app starts through its real command line
(``facilitator --db PATH``) on an empty database and on a ten-year archive (520 sessions,
100,000 captures; benchmarks/archive.py). The three cases run interleaved, several times
each; the figures are medians, and the ratios are against the bare window of the same run.
CPU time is the steadier figure on a shared machine: other processes stretch the wall
clock, not the work a start does.

Each child also reports its peak resident memory and whether the heavy modules (the
command-line library, sqlite-utils, reportlab, pypdf, hypothesis) or the format library
were loaded by the time the window had painted: they must not be. One more run of each
under ``python -X importtime`` lists what the app imports beyond the bare window.

    python benchmarks/startup.py [--runs 7]

Targets (docs/benchmarks.md, from the design's quality targets): start <= 1.5x the bare
window; the archive opens within +100 ms of an empty database; peak memory <= 100 MiB
with the archive open.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _bench import ROOT, child_env, figure, median, spread  # noqa: E402

START_RATIO_TARGET = 1.5
ARCHIVE_EXTRA_MS_TARGET = 100.0
MEMORY_MIB_TARGET = 100.0
# Modules the start-up path must not import: they load when a command, a write, a report
# or a test needs them.
MUST_BE_LAZY = ("click", "sqlite_utils", "reportlab", "pypdf", "hypothesis")
FORMAT_LIBRARY = "the format library"  # facilitator.formats.library(), read on first use
MARKER = "@painted"
IMPORT_LINE = re.compile(r"import time:\s+(\d+) \|\s+(\d+) \|\s*(\S+)")

# Shared by both children: report the first paint of ``window``, then quit.
PROBE = r"""
import json, resource, sys, time
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication

def _peak_kib():
    # Linux carries the parent's ru_maxrss across fork and exec, so a child spawned by a
    # big parent would report the parent's peak; VmHWM is this process's own peak RSS.
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return float(line.split()[1])
    except OSError:
        pass
    usage = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return usage / 1024 if sys.platform == "darwin" else float(usage)

def _report():
    cpu_ms = time.process_time() * 1000   # CPU since the process began, interpreter included
    print("@painted", flush=True)
    kib = _peak_kib()
    lazy = {name: name in sys.modules for name in LAZY}
    formats = sys.modules.get("facilitator.formats")
    lazy["the format library"] = bool(formats and formats.library.cache_info().currsize)
    print(json.dumps({"maxrss_kib": kib, "cpu_ms": cpu_ms, "imported": lazy,
                      "modules": len(sys.modules)}),
          flush=True)
    QApplication.quit()

class FirstPaint(QObject):
    seen = False
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint and not FirstPaint.seen:
            FirstPaint.seen = True
            QTimer.singleShot(0, _report)   # after this paint (and the children's) is done
        return False
"""

BARE = (
    PROBE
    + r"""
from PySide6.QtWidgets import QMainWindow
app = QApplication(sys.argv)
window = QMainWindow()
window.resize(1280, 800)
probe = FirstPaint()
window.installEventFilter(probe)
window.show()
app.exec()
"""
)

# A window of the home screen's kind made with PySide6 alone, none of the app's code: what
# any real window of this stack costs beyond the bare one. Touching ``Qt`` makes PySide6
# build the Python enums of the whole Qt namespace (some 90); a stylesheet, a menu of
# actions with keys, a list, a table on a model, buttons and a status bar are what the
# home screen shows. Its ratio to the bare window is the floor under the app's.
PLAIN = (
    PROBE
    + r"""
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (QLabel, QListWidget, QMainWindow, QPushButton, QSplitter,
                               QTableView, QVBoxLayout, QWidget)
app = QApplication(sys.argv)
app.setStyleSheet("QWidget { font-size: 11pt; } QPushButton { padding: 6px 14px; } "
                  "QLabel[role=title] { font-size: 20pt; font-weight: bold; }")
window = QMainWindow()
window.resize(1280, 800)
central = QWidget()
column = QVBoxLayout(central)
title = QLabel("Workshops")
title.setProperty("role", "title")
column.addWidget(title)
split = QSplitter()
teams = QListWidget()
teams.addItems(["All teams", "Team"])
split.addWidget(teams)
model = QStandardItemModel(0, 4)
model.setHorizontalHeaderLabels(["Date", "Session", "Team", "Status"])
model.appendRow([QStandardItem("1 Mar 2026"), QStandardItem("Session"),
                 QStandardItem("Team"), QStandardItem("Planned")])
table = QTableView()
table.setModel(model)
table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
split.addWidget(table)
column.addWidget(split)
for text in ("Open", "Plan a session", "Try the demo"):
    column.addWidget(QPushButton(text), alignment=Qt.AlignmentFlag.AlignLeft)
window.setCentralWidget(central)
menu = window.menuBar().addMenu("&File")
for n in range(20):
    action = QAction(f"Action {n}", window)
    action.setShortcut(f"Ctrl+{chr(65 + n)}")
    menu.addAction(action)
window.statusBar().showMessage("Ready")
probe = FirstPaint()
window.installEventFilter(probe)
window.show()
app.exec()
"""
)

# The real start-up path: the CLI parses, ui.app.run() makes the app, opens the database,
# builds the MainWindow and shows it. The probe rides on a subclass of the real window.
APP = (
    PROBE
    + r"""
import ui.main_window as main_window

class ProbedMainWindow(main_window.MainWindow):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._probe = FirstPaint(self)
        self.installEventFilter(self._probe)

main_window.MainWindow = ProbedMainWindow
from ui.launcher import main
sys.argv = ["facilitator", "--db", DB]
main()
"""
)


def run_child(code: str, env: dict[str, str]) -> tuple[float, dict[str, object]]:
    """Spawn one child; (milliseconds to the first paint, what the child reported)."""
    with tempfile.TemporaryFile("w+") as errors:
        started = time.perf_counter()
        proc = subprocess.Popen(
            [sys.executable, "-c", code],
            stdout=subprocess.PIPE,
            stderr=errors,
            text=True,
            env=env,
            cwd=ROOT,
        )
        assert proc.stdout is not None
        elapsed = None
        while line := proc.stdout.readline():
            if line.strip() == MARKER:
                elapsed = (time.perf_counter() - started) * 1000
                break
        rest = proc.stdout.read()
        proc.wait(timeout=120)
        errors.seek(0)
        if elapsed is None or proc.returncode != 0:
            raise RuntimeError(f"child failed ({proc.returncode}): {errors.read()[-2000:]}")
    return elapsed, json.loads(rest.strip().splitlines()[-1])


def import_costs(code: str, env: dict[str, str]) -> dict[str, float]:
    """Milliseconds of import time (self, by module) in one child run with -X importtime."""
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", code],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    costs = {}
    for line in proc.stderr.splitlines():
        match = IMPORT_LINE.match(line)
        if match:
            costs[match.group(3)] = int(match.group(1)) / 1000
    return costs


def extra_imports(bare: dict[str, float], app: dict[str, float]) -> list[tuple[str, float]]:
    """The app's imports beyond the bare window's, summed by top-level package."""
    totals: dict[str, float] = {}
    for module, ms in app.items():
        if module not in bare:
            top = module.split(".")[0]
            totals[top] = totals.get(top, 0.0) + ms
    return sorted(totals.items(), key=lambda item: -item[1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="measured runs per case")
    args = parser.parse_args(argv)

    from archive import build_archive

    from facilitator.store.database import open_database

    with tempfile.TemporaryDirectory(prefix="facilitator-bench-") as tmp:
        home = Path(tmp)
        env = child_env(home)
        empty = home / "empty.db"
        open_database(empty).close()
        stats = build_archive(home / "archive.db")
        print(
            f"Ten-year archive: {stats.rows['sessions']} sessions, {stats.captures:,} "
            f"captures, {stats.megabytes:.0f} MiB on disk (built in {stats.seconds:.1f} s)."
        )
        lazy = repr(MUST_BE_LAZY)
        cases = {
            "bare": f"LAZY = {lazy}\n" + BARE,
            "plain": f"LAZY = {lazy}\n" + PLAIN,
            "empty": f"LAZY = {lazy}\nDB = {str(empty)!r}\n" + APP,
            "archive": f"LAZY = {lazy}\nDB = {str(stats.path)!r}\n" + APP,
        }
        times: dict[str, list[float]] = {name: [] for name in cases}
        reports: dict[str, list[dict[str, object]]] = {name: [] for name in cases}
        for code in cases.values():  # one unmeasured run each fills the disk cache
            run_child(code, env)
        for _ in range(args.runs):  # interleaved, so a busy moment hits every case alike
            for name, code in cases.items():
                ms, report = run_child(code, env)
                times[name].append(ms)
                reports[name].append(report)
        bare_imports = import_costs(cases["bare"], env)
        app_imports = import_costs(cases["archive"], env)

    cpu = {name: [float(r["cpu_ms"]) for r in reports[name]] for name in cases}
    print(f"\nCold start to the first paint, {args.runs} runs each: median (range), in ms")
    print(f"  {'':<24} {'wall clock':>20} {'CPU time':>20}")
    for name, label in (
        ("bare", "bare PySide6 window"),
        ("plain", "plain window, home's kind"),
        ("empty", "app, empty database"),
        ("archive", "app, ten-year archive"),
    ):
        print(
            f"  {label:<24} {median(times[name]):7.0f} ({spread(times[name]):>11}) "
            f"{median(cpu[name]):7.0f} ({spread(cpu[name]):>11})"
        )
    print()
    for measure, sample in (("wall clock", times), ("CPU time", cpu)):
        bare = median(sample["bare"])
        figure(
            f"start {measure}, plain Qt window of the home screen's kind (no app code)",
            median(sample["plain"]),
            "ms",
            baseline=bare,
            baseline_name="bare window",
            note="the floor under the app's ratio",
        )
        for name, label in (("empty", "empty database"), ("archive", "ten-year archive")):
            value = median(sample[name])
            figure(
                f"start {measure}, {label}",
                value,
                "ms",
                baseline=bare,
                baseline_name="bare window",
                target=f"<= {START_RATIO_TARGET}x",
                ok=value <= START_RATIO_TARGET * bare,
            )
        figure(
            f"the app's own {measure} beyond the plain window, empty database",
            median(sample["empty"]) - median(sample["plain"]),
            "ms",
            note="imports, database, window, theme; 1.5x leaves "
            f"{START_RATIO_TARGET * bare - median(sample['plain']):.0f} ms for it",
        )
        extra = median(sample["archive"]) - median(sample["empty"])
        figure(
            f"archive open {measure}, extra over empty",
            extra,
            "ms",
            target=f"<= +{ARCHIVE_EXTRA_MS_TARGET:.0f} ms",
            ok=extra <= ARCHIVE_EXTRA_MS_TARGET,
        )
    memory = {
        name: median([float(r["maxrss_kib"]) / 1024 for r in reports[name]])
        for name in ("bare", "empty", "archive")
    }
    figure("peak memory, bare window", memory["bare"], "MiB")
    figure(
        "peak memory, empty database",
        memory["empty"],
        "MiB",
        baseline=memory["bare"],
        baseline_name="bare window",
        target=f"<= {MEMORY_MIB_TARGET:.0f} MiB",
        ok=memory["empty"] <= MEMORY_MIB_TARGET,
    )
    figure(
        "peak memory, ten-year archive",
        memory["archive"],
        "MiB",
        baseline=memory["bare"],
        baseline_name="bare window",
        target=f"<= {MEMORY_MIB_TARGET:.0f} MiB",
        ok=memory["archive"] <= MEMORY_MIB_TARGET,
    )

    beyond = extra_imports(bare_imports, app_imports)
    print("\nImports beyond the bare window's (one run, python -X importtime, self time):")
    for top, ms in beyond[:10]:
        print(f"  {top:<22} {ms:6.0f} ms")
    print(f"  {'all of them':<22} {sum(ms for _, ms in beyond):6.0f} ms")

    loaded = sorted(
        {
            module
            for name in ("empty", "archive")
            for r in reports[name]
            for module, present in dict(r["imported"]).items()
            if present
        }
    )
    print("\nLoaded when the main window had painted:")
    for module in (*MUST_BE_LAZY, FORMAT_LIBRARY):
        print(f"  {module:<22} {'LOADED' if module in loaded else 'not loaded'}")
    figure(
        "heavy modules loaded at first paint",
        len(loaded),
        "modules",
        target="0 (" + ", ".join((*MUST_BE_LAZY, FORMAT_LIBRARY)) + ")",
        ok=not loaded,
        note=", ".join(loaded) if loaded else "all lazy",
    )
    return 1 if loaded else 0


if __name__ == "__main__":
    sys.exit(main())
