"""Run every benchmark in benchmarks/, print a summary table, and write docs/benchmarks.md.

    python benchmarks/run_all.py [--only NAME ...] [--no-write]

Each ``benchmarks/*.py`` script (except this one, ``archive.py`` and ``_*.py`` helpers)
runs in its own process, one after another so they do not compete for the cores. Its
``@figure`` lines (see ``_bench.figure``) fill the summary table; everything else it prints
is kept verbatim. docs/benchmarks.md is rewritten between its two ``results`` markers; the
prose around them (how to read the figures, why one misses its target) is kept.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _bench import FIGURE_PREFIX, ROOT, child_env, machine  # noqa: E402

HERE = Path(__file__).resolve().parent
NOT_BENCHMARKS = {"run_all.py", "archive.py"}
DOC = ROOT / "docs" / "benchmarks.md"
START, END = "<!-- results:start -->", "<!-- results:end -->"
TIMEOUT_S = 30 * 60


def scripts(only: list[str] | None = None) -> list[Path]:
    found = sorted(
        p for p in HERE.glob("*.py") if p.name not in NOT_BENCHMARKS and not p.name.startswith("_")
    )
    if only:
        found = [p for p in found if p.stem in only or p.name in only]
    return found


def run_script(path: Path) -> dict[str, object]:
    """Run one benchmark; its status, duration, figures and readable output."""
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="facilitator-bench-") as home:
        try:
            proc = subprocess.run(
                [sys.executable, str(path)],
                cwd=ROOT,
                env=child_env(Path(home)),
                capture_output=True,
                text=True,
                timeout=TIMEOUT_S,
                check=False,
            )
            code, out, err = proc.returncode, proc.stdout, proc.stderr
        except subprocess.TimeoutExpired as exc:
            code = -1
            out = exc.stdout if isinstance(exc.stdout, str) else ""
            err = f"timed out after {TIMEOUT_S} s"
    figures, lines = [], []
    for line in out.splitlines():
        if line.startswith(FIGURE_PREFIX):
            try:
                figures.append(json.loads(line[len(FIGURE_PREFIX) :]))
            except json.JSONDecodeError:
                lines.append(line)
        else:
            lines.append(line)
    return {
        "name": path.stem,
        "code": code,
        "seconds": time.perf_counter() - started,
        "figures": figures,
        "output": "\n".join(lines).rstrip(),
        "errors": err.strip(),
    }


def _cell(value: object) -> str:
    return "" if value is None else str(value).replace("|", "\\|")


def _value(fig: dict[str, object]) -> str:
    value = fig.get("value")
    number = f"{value:,.1f}" if isinstance(value, int | float) else _cell(value)
    return f"{number} {fig.get('unit', '')}".strip()


def _ratio(fig: dict[str, object]) -> str:
    ratio = fig.get("ratio")
    if not isinstance(ratio, int | float):
        return ""
    against = fig.get("baseline_name") or "baseline"
    return f"{ratio:.2f}x {against}"


def _verdict(fig: dict[str, object]) -> str:
    ok = fig.get("ok")
    return "" if ok is None else ("met" if ok else "**missed**")


def summary_rows(results: list[dict[str, object]]) -> list[list[str]]:
    rows = []
    for result in results:
        figures = list(result["figures"])  # type: ignore[call-overload]
        if result["code"] != 0 and not figures:
            rows.append(
                [str(result["name"]), "(the script failed: see its output)", "", "", "", ""]
            )
        if not figures and result["code"] == 0:
            rows.append([str(result["name"]), "(figures in its output below)", "", "", "", ""])
        for fig in figures:
            rows.append(
                [
                    str(result["name"]),
                    _cell(fig.get("name")),
                    _value(fig),
                    _ratio(fig),
                    _cell(fig.get("target")),
                    _verdict(fig),
                ]
            )
    return rows


def print_summary(results: list[dict[str, object]]) -> None:
    header = ["benchmark", "figure", "value", "ratio", "target", "verdict"]
    rows = [header] + [[c.replace("**", "") for c in row] for row in summary_rows(results)]
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    print()
    for n, row in enumerate(rows):
        print("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip())
        if n == 0:
            print("  ".join("-" * w for w in widths))
    for result in results:
        status = "ok" if result["code"] == 0 else f"FAILED (exit {result['code']})"
        print(f"{result['name']}: {status} in {float(result['seconds']):.0f} s")  # type: ignore[arg-type]


def render(results: list[dict[str, object]], about: dict[str, str]) -> str:
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    out = [START, "", f"Measured {when} by `make bench` on:", "", "| | |", "|---|---|"]
    out += [f"| {key} | {_cell(value)} |" for key, value in about.items()]
    out += [
        "",
        "### Summary",
        "",
        "| benchmark | figure | value | ratio | target | verdict |",
        "|---|---|---|---|---|---|",
    ]
    out += ["| " + " | ".join(row) + " |" for row in summary_rows(results)]
    for result in results:
        status = "" if result["code"] == 0 else f" (failed, exit {result['code']})"
        out += [
            "",
            f"### {result['name']}{status}",
            "",
            f"`python benchmarks/{result['name']}.py`, {float(result['seconds']):.0f} s.",
            "",
            "```",  # type: ignore[arg-type]
            str(result["output"]) or "(no output)",
            "```",
        ]
        if result["code"] != 0 and result["errors"]:
            out += ["", "Errors:", "", "```", str(result["errors"])[-3000:], "```"]
    out += ["", END]
    return "\n".join(out)


def write_doc(block: str, doc: Path = DOC) -> None:
    """Replace the results block of ``doc``, keeping the prose around it."""
    text = (
        doc.read_text(encoding="utf-8")
        if doc.exists()
        else (f"# Benchmarks\n\nRun them all with `make bench`.\n\n## Results\n\n{START}\n{END}\n")
    )
    if START in text and END in text:
        before = text[: text.index(START)]
        after = text[text.index(END) + len(END) :]
        text = before + block + after
    else:
        text = text.rstrip() + "\n\n## Results\n\n" + block + "\n"
    doc.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", help="run only these benchmarks (by name)")
    parser.add_argument("--no-write", action="store_true", help="do not touch the docs")
    args = parser.parse_args(argv)
    found = scripts(args.only)
    if not found:
        print("run_all: no benchmark scripts found", file=sys.stderr)
        return 2
    about = machine()
    print("Machine: " + "; ".join(f"{k} {v}" for k, v in about.items()))
    results = []
    for path in found:
        print(f"\n=== {path.stem}", flush=True)
        result = run_script(path)
        print(result["output"])
        if result["code"] != 0:
            print(
                f"--- {path.stem} failed (exit {result['code']}):\n{str(result['errors'])[-3000:]}"
            )
        results.append(result)
    print_summary(results)
    if not args.no_write:
        write_doc(render(results, about))
        print(f"\nWrote {DOC.relative_to(ROOT)}")
    return 0 if all(r["code"] == 0 for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
